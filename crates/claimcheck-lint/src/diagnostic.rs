//! What the linter reports, as plain data: no terminal, editor or JSON here.

use std::sync::Arc;

use claimcheck_core::Span;
use claimcheck_corpus::{Excerpt, Location, PassageId, SourceId};
use serde::Serialize;

use crate::rules::Rule;
use crate::suppression::SuppressionNote;

/// How serious a finding is. Ordered: `Hint < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        Some(match name {
            "hint" => Severity::Hint,
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// Text quoted in a message: in double quotes, its white space (line
/// breaks, no-break spaces) collapsed to single spaces, nothing escaped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"")?;
        for (i, word) in self.0.split_whitespace().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(word)?;
        }
        f.write_str("\"")
    }
}

/// A problem with one claim of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// Where in the draft.
    pub span: Span,
    /// The source passages behind the finding, best first.
    pub evidence: Vec<Evidence>,
    /// A replacement that is safe to apply.
    pub fix: Option<Fix>,
    /// Other places in the same draft that bear on the finding.
    pub related: Vec<Related>,
}

/// A place in the draft itself that bears on a finding: where the draft
/// states the same fact otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// A source passage that bears on a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub passage: PassageId,
    pub source: SourceId,
    /// The passage's sentence, as a byte range into the source's text.
    pub span: Span,
    /// The sentence's text.
    pub text: String,
    /// Where the sentence is, as a reader finds it: a line, or a PDF's page.
    pub location: Location,
    /// The source's lines that hold the passage, for positions and snippets.
    pub excerpt: Arc<Excerpt>,
}

impl Evidence {
    /// A passage's sentence as evidence, white space collapsed for display.
    pub(crate) fn of(passage: &claimcheck_corpus::Passage, source: &claimcheck_corpus::Source) -> Evidence {
        Evidence {
            passage: passage.id,
            source: source.id,
            span: passage.span,
            text: collapsed(passage.excerpt.slice(passage.span)),
            location: passage.location,
            excerpt: passage.excerpt.clone(),
        }
    }
}

/// `text` with its white space collapsed to single spaces, trimmed.
fn collapsed(text: &str) -> String {
    // Most sentences are collapsed already: copying them whole spares splitting them word by word at every check.
    let mut previous = ' ';
    let single_spaced = text.chars().all(|c| {
        let fine = !c.is_whitespace() || (c == ' ' && previous != ' ');
        previous = c;
        fine
    });
    if single_spaced && previous != ' ' {
        return text.to_owned();
    }
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// A change to the draft that is safe to make: one or more edits, made
/// together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What it does, for menus and messages: `Replace with "50 million"`.
    pub title: String,
    /// In draft order, none overlapping; never empty.
    pub edits: Vec<Edit>,
}

/// Replace `span` of the draft with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Fix {
    /// Puts the source's words in place of `span`, its white space
    /// collapsed: a line break in the source must not change the draft's
    /// line endings.
    pub(crate) fn replace(span: Span, words: &str) -> Fix {
        let replacement = words.split_whitespace().collect::<Vec<_>>().join(" ");
        Fix { title: format!("Replace with {}", Quoted(&replacement)), edits: vec![Edit { span, replacement }] }
    }
}

/// What the linter concluded about one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Supported,
    Unsupported,
    Contradicted,
    /// Its quoted words differ from the source's.
    Misquote,
    /// Supported, but credited to someone the supporting sources do not speak for.
    Misattribution,
    /// Supported by one source, given otherwise by another.
    Contested,
}

/// One claim of the draft with its verdict and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimReport {
    pub span: Span,
    pub text: String,
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
}

/// Everything the linter found in one draft.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Findings, less those a suppression comment silences.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings a suppression comment silences: not reported as problems,
    /// but kept for formats that record them (SARIF's `suppressions`).
    pub suppressed: Vec<Diagnostic>,
    pub claims: Vec<ClaimReport>,
    /// Suppression comments that name no rule or no directive.
    pub notes: Vec<SuppressionNote>,
}

impl Report {
    /// The draft with every fix applied, and how many were applied; `None`
    /// when nothing is to be fixed. A fix with an edit that overlaps one
    /// already taken waits for the next run, whole.
    pub fn fixed_text(&self, text: &str) -> Option<(String, usize)> {
        let mut taken: Vec<&Edit> = Vec::new();
        let mut applied = 0;
        for fix in self.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            let fits = fix.edits.iter().all(|edit| {
                text.get(edit.span.start..edit.span.end).is_some()
                    && !taken.iter().any(|t| t.span.start < edit.span.end.max(edit.span.start + 1) && edit.span.start < t.span.end.max(t.span.start + 1))
            });
            if fits {
                taken.extend(&fix.edits);
                applied += 1;
            }
        }
        if applied == 0 {
            return None;
        }
        taken.sort_by_key(|edit| (edit.span.start, edit.span.end));
        let mut fixed = String::with_capacity(text.len());
        let mut copied = 0;
        for edit in taken {
            fixed.push_str(&text[copied..edit.span.start]);
            fixed.push_str(&edit.replacement);
            copied = edit.span.end;
        }
        fixed.push_str(&text[copied..]);
        Some((fixed, applied))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic_with_fix(span: Span, replacement: &str) -> Diagnostic {
        Diagnostic {
            rule: Rule::ContradictedNumber,
            severity: Severity::Error,
            message: String::new(),
            span,
            evidence: Vec::new(),
            fix: Some(Fix::replace(span, replacement)),
            related: Vec::new(),
        }
    }

    #[test]
    fn evidence_text_has_its_white_space_collapsed() {
        assert_eq!(collapsed("  The filing\r\n runs to\u{a0}4,000 pages. "), "The filing runs to 4,000 pages.");
        assert_eq!(collapsed(" \n "), "");
        for text in ["", "One space each.", " Leading.", "Trailing. ", "Two  spaces.", "A\u{2009}thin space."] {
            assert_eq!(collapsed(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_wait() {
        let text = "It paid 40 in 2014.\r\nIt said \"a way of shielding\".\r\n";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let report = Report {
            diagnostics: vec![
                diagnostic_with_fix(at("a way of shielding"), "a way of\nprotecting"),
                diagnostic_with_fix(at("40"), "50"),
                diagnostic_with_fix(at("40 in"), "overlapping"),
                diagnostic_with_fix(at("2014"), "2015"),
            ],
            ..Report::default()
        };
        let (fixed, applied) = report.fixed_text(text).expect("fixes");
        assert_eq!(fixed, "It paid 50 in 2015.\r\nIt said \"a way of protecting\".\r\n");
        assert_eq!(applied, 3);
        assert_eq!(Report::default().fixed_text(text), None);
    }

    #[test]
    fn quoted_text_is_collapsed_not_escaped() {
        assert_eq!(Quoted("since\u{a0}2015,\n  “it’s” here").to_string(), "\"since 2015, “it’s” here\"");
    }
}
