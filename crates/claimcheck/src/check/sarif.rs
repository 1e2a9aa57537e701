//! `check --format sarif`: a SARIF 2.1.0 log for code-scanning services.
//!
//! One run: the tool with every rule's metadata (its documentation as help,
//! a link to the rules reference), and one result per finding, located in
//! the draft, with the evidence passages (and other places in the draft that
//! bear on it) as related locations, and the fix as a replacement. Findings
//! a comment in the draft silences are results too, marked as suppressed in
//! source. Paths the user gave relative stay relative to the working folder
//! (`uriBaseId` `%SRCROOT%`); columns are counted in UTF-16 code units,
//! SARIF's default. The shape is checked against the SARIF 2.1.0 JSON schema
//! by the end-to-end tests.

use std::path::Path;

use claimcheck_core::{LineColumn, LineIndex, PositionEncoding, Span};
use claimcheck_corpus::{Corpus, Location};
use claimcheck_lint::{Diagnostic, Rule, Severity};
use serde_json::{Value, json};

use super::Checked;

/// Where each rule's documentation is published: `docs/rules.md` has one
/// heading per rule code.
const RULES_REFERENCE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// The schema the log declares, as the SARIF standard publishes it.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative paths are resolved against: the folder
/// claimcheck ran in, normally the repository's root.
const SOURCE_ROOT: &str = "%SRCROOT%";

pub(super) fn log(checked: &[Checked], corpus: &Corpus) -> anyhow::Result<String> {
    let mut results = Vec::new();
    for draft in checked {
        results.extend(draft.report.diagnostics.iter().map(|d| result(draft, corpus, d)));
        // Silenced in the draft: recorded as suppressed, which code scanning does not raise.
        results.extend(draft.report.suppressed.iter().map(|d| {
            let mut silenced = result(draft, corpus, d);
            silenced["suppressions"] = json!([{"kind": "inSource"}]);
            silenced
        }));
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "claimcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": Rule::ALL.iter().map(|&rule| rule_descriptor(rule)).collect::<Vec<_>>(),
                },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}

fn rule_descriptor(rule: Rule) -> Value {
    let metadata = rule.metadata();
    let documentation = metadata.documentation();
    json!({
        "id": metadata.code,
        "shortDescription": {"text": metadata.summary},
        "fullDescription": {"text": section(&documentation, "What it flags")},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": format!("{RULES_REFERENCE}#{}", metadata.code),
        "defaultConfiguration": {"level": level(metadata.default_severity)},
    })
}

/// The text under a `## heading` of a rule's documentation, lines joined.
fn section(documentation: &str, heading: &str) -> String {
    let body = documentation.split(&format!("## {heading}\n")).nth(1).unwrap_or(documentation);
    let body = body.split("\n## ").next().unwrap_or(body);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SARIF has three levels of finding; info and hint are both notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn result(draft: &Checked, corpus: &Corpus, diagnostic: &Diagnostic) -> Value {
    let draft_location = artifact_location(&draft.path);
    // The evidence in the sources, then the places in the draft itself.
    let evidence = diagnostic.evidence.iter().filter_map(|evidence| {
        let source = corpus.source(evidence.source)?;
        let mut physical = json!({"artifactLocation": artifact_location(&source.path())});
        let at = |offset| evidence.excerpt.line_column(offset, PositionEncoding::Utf16);
        Some(match evidence.location {
            Location::Line(_) => {
                let mut region = region(at(evidence.span.start), at(evidence.span.end));
                region["snippet"] = json!({"text": evidence.excerpt.slice(evidence.span)});
                physical["region"] = region;
                json!({"message": {"text": evidence.text}, "physicalLocation": physical})
            }
            // SARIF regions are lines of a text file or bytes of a binary
            // one; a PDF page is neither, so the page goes in the message
            // and in the location's properties.
            Location::Page(page) => json!({
                "message": {"text": format!("page {page}: {}", evidence.text)},
                "physicalLocation": physical,
                "properties": {"page": page},
            }),
        })
    });
    let in_draft = diagnostic.related.iter().map(|related| {
        let mut region = draft_region(&draft.index, related.span);
        region["snippet"] = json!({"text": related.span.slice(&draft.text)});
        json!({"message": {"text": related.message}, "physicalLocation": {"artifactLocation": draft_location.clone(), "region": region}})
    });
    let related: Vec<Value> = evidence
        .chain(in_draft)
        .enumerate()
        .map(|(id, mut location)| {
            location["id"] = json!(id);
            location
        })
        .collect();
    let mut result = json!({
        "ruleId": diagnostic.rule.code(),
        "ruleIndex": Rule::ALL.iter().position(|&r| r == diagnostic.rule),
        "level": level(diagnostic.severity),
        "message": {"text": diagnostic.message},
        "locations": [{
            "physicalLocation": {"artifactLocation": draft_location, "region": draft_region(&draft.index, diagnostic.span)},
        }],
        "relatedLocations": related,
    });
    if let Some(fix) = &diagnostic.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| json!({"deletedRegion": draft_region(&draft.index, edit.span), "insertedContent": {"text": edit.replacement}}))
            .collect();
        result["fixes"] = json!([{
            "description": {"text": fix.title},
            "artifactChanges": [{"artifactLocation": artifact_location(&draft.path), "replacements": replacements}],
        }]);
    }
    result
}

/// A span of the draft as a region.
fn draft_region(index: &LineIndex, span: Span) -> Value {
    region(index.line_column(span.start, PositionEncoding::Utf16), index.line_column(span.end, PositionEncoding::Utf16))
}

/// 1-based lines and columns; the end column is the one after the region.
fn region(start: LineColumn, end: LineColumn) -> Value {
    json!({
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    })
}

/// A relative path stays relative to [`SOURCE_ROOT`]; an absolute one
/// becomes a `file` URI.
fn artifact_location(path: &Path) -> Value {
    let slashed = path.to_string_lossy().replace('\\', "/");
    if path.is_absolute() {
        let rooted = if slashed.starts_with('/') { slashed } else { format!("/{slashed}") };
        json!({"uri": format!("file://{}", percent_encode(&rooted))})
    } else {
        json!({"uri": percent_encode(&slashed), "uriBaseId": SOURCE_ROOT})
    }
}

/// Escapes every byte a URI path may not hold as written (RFC 3986).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_location(Path::new("drafts/my story #2.md")), json!({"uri": "drafts/my%20story%20%232.md", "uriBaseId": "%SRCROOT%"}));
        assert_eq!(artifact_location(Path::new("/tmp/café.md")), json!({"uri": "file:///tmp/caf%C3%A9.md"}));
    }

    #[test]
    fn regions_count_utf16_units_and_end_after_the_last() {
        let text = "a\n“😀” b\n";
        let b = text.find('b').unwrap();
        assert_eq!(draft_region(&LineIndex::new(text), Span::new(b, b + 1)), json!({"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 7}));
    }

    #[test]
    fn full_descriptions_are_the_what_it_flags_section() {
        let doc = "## What it flags\nA number that\ndiffers.\n\n## Why it matters\nTrust.";
        assert_eq!(section(doc, "What it flags"), "A number that differs.");
    }
}
