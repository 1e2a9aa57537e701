//! `check --format json`: the versioned report.

use claimcheck_core::{LineIndex, PositionEncoding, Span};
use claimcheck_corpus::{Corpus, Excerpt, Location};
use claimcheck_lint::{Diagnostic, Severity, Verdict};
use serde_json::{Value, json};

use super::{Checked, Totals};
use crate::extract::position;

/// `{"start": {"line", "column"}, "end": …}` of a span of the draft: 1-based, columns in characters.
fn range(index: &LineIndex, span: Span) -> Value {
    points(position(index, span.start), position(index, span.end))
}

/// The same of a span of a source, through the excerpt that holds it.
fn source_range(excerpt: &Excerpt, span: Span) -> Value {
    let at = |offset| {
        let at = excerpt.line_column(offset, PositionEncoding::Utf32);
        (at.line + 1, at.column + 1)
    };
    points(at(span.start), at(span.end))
}

fn points((start_line, start_column): (u32, u32), (end_line, end_column): (u32, u32)) -> Value {
    json!({"start": {"line": start_line, "column": start_column}, "end": {"line": end_line, "column": end_column}})
}

fn span_json(span: Span) -> Value {
    json!({"start": span.start, "end": span.end})
}

fn evidence_json(corpus: &Corpus, evidence: &[claimcheck_lint::Evidence]) -> Vec<Value> {
    evidence
        .iter()
        .filter_map(|e| {
            let source = corpus.source(e.source)?;
            let mut value = json!({
                "source": source.path.display().to_string(),
                "span": span_json(e.span),
                "range": source_range(&e.excerpt, e.span),
                "text": e.text,
            });
            // A PDF's lines are those of its extracted text; the page is what a reader looks up.
            if let Location::Page(page) = e.location {
                value["page"] = json!(page);
            }
            Some(value)
        })
        .collect()
}

fn diagnostic_json(draft: &Checked, corpus: &Corpus, diagnostic: &Diagnostic) -> Value {
    let mut value = json!({
        "code": diagnostic.rule.code(),
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
        "span": span_json(diagnostic.span),
        "range": range(&draft.index, diagnostic.span),
        "evidence": evidence_json(corpus, &diagnostic.evidence),
    });
    if let Some(fix) = &diagnostic.fix {
        // `span` and `replacement` are the first edit, as in version 1's first reports.
        let edits: Vec<Value> = fix.edits.iter().map(|e| json!({"span": span_json(e.span), "replacement": e.replacement})).collect();
        value["fix"] = json!({"title": fix.title, "span": edits[0]["span"], "replacement": edits[0]["replacement"], "edits": edits});
    }
    if !diagnostic.related.is_empty() {
        value["related"] =
            diagnostic.related.iter().map(|r| json!({"span": span_json(r.span), "range": range(&draft.index, r.span), "message": r.message})).collect();
    }
    value
}

/// The versioned JSON report (`"version": 1`); its shape is a contract.
pub(super) fn report(checked: &[Checked], corpus: &Corpus) -> anyhow::Result<String> {
    let files: Vec<Value> = checked
        .iter()
        .map(|draft| {
            let claims: Vec<Value> = draft
                .report
                .claims
                .iter()
                .map(|claim| {
                    json!({
                        "span": span_json(claim.span),
                        "range": range(&draft.index, claim.span),
                        "text": claim.text,
                        "verdict": claim.verdict,
                        "evidence": evidence_json(corpus, &claim.evidence),
                    })
                })
                .collect();
            json!({
                "path": draft.path.display().to_string(),
                "diagnostics": draft.report.diagnostics.iter().map(|d| diagnostic_json(draft, corpus, d)).collect::<Vec<_>>(),
                "claims": claims,
                "sentences": draft.extraction.sentences.len(),
            })
        })
        .collect();
    let totals = Totals(checked);
    let value = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": checked.len(),
            "sources": corpus.sources().len(),
            "claims": totals.claims(),
            "supported": totals.verdict(Verdict::Supported),
            "contested": totals.verdict(Verdict::Contested),
            "contradicted": totals.verdict(Verdict::Contradicted),
            "misquote": totals.verdict(Verdict::Misquote),
            "misattribution": totals.verdict(Verdict::Misattribution),
            "unsupported": totals.verdict(Verdict::Unsupported),
            "errors": totals.severity(Severity::Error),
            "warnings": totals.severity(Severity::Warning),
            "infos": totals.severity(Severity::Info),
            "hints": totals.severity(Severity::Hint),
        },
    });
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}
