//! `check --format json`: the versioned report.
//!
//! Written straight from these structures, whose fields are declared in
//! the order of their names (the order of version 1's first reports, which
//! went through `serde_json::Value` maps): building and dropping a map per
//! object took most of the rendering of a report of thousands of claims.

use claimcheck_core::{LineIndex, PositionEncoding, Span};
use claimcheck_corpus::{Corpus, Excerpt, Location};
use claimcheck_lint::{Diagnostic, Severity, Verdict};
use serde::Serialize;

use super::{Checked, Totals};
use crate::extract::position;

/// The versioned JSON report (`"version": 1`); its shape is a contract.
#[derive(Serialize)]
struct Report<'a> {
    files: Vec<File<'a>>,
    summary: Summary,
    version: u32,
}

#[derive(Serialize)]
struct File<'a> {
    claims: Vec<Claim<'a>>,
    diagnostics: Vec<Finding<'a>>,
    path: String,
    sentences: usize,
}

#[derive(Serialize)]
struct Claim<'a> {
    evidence: Vec<Evidence<'a>>,
    range: Range,
    span: SpanJson,
    text: &'a str,
    verdict: Verdict,
}

#[derive(Serialize)]
struct Evidence<'a> {
    /// A PDF's lines are those of its extracted text; the page is what a reader looks up.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    range: Range,
    source: String,
    span: SpanJson,
    text: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'static str,
    evidence: Vec<Evidence<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<Fix<'a>>,
    message: &'a str,
    range: Range,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
    severity: &'static str,
    span: SpanJson,
}

/// `span` and `replacement` are the first edit, as in version 1's first reports.
#[derive(Serialize)]
struct Fix<'a> {
    edits: Vec<Edit<'a>>,
    replacement: Option<&'a str>,
    span: Option<SpanJson>,
    title: &'a str,
}

#[derive(Serialize)]
struct Edit<'a> {
    replacement: &'a str,
    span: SpanJson,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    range: Range,
    span: SpanJson,
}

/// `{"start": {"line", "column"}, "end": …}`: 1-based, columns in characters.
#[derive(Serialize)]
struct Range {
    end: Point,
    start: Point,
}

#[derive(Serialize)]
struct Point {
    column: u32,
    line: u32,
}

/// Byte offsets.
#[derive(Serialize)]
struct SpanJson {
    end: usize,
    start: usize,
}

#[derive(Serialize)]
struct Summary {
    claims: usize,
    contested: usize,
    contradicted: usize,
    errors: usize,
    files: usize,
    hints: usize,
    infos: usize,
    misattribution: usize,
    misquote: usize,
    sources: usize,
    supported: usize,
    unsupported: usize,
    warnings: usize,
}

impl From<Span> for SpanJson {
    fn from(span: Span) -> SpanJson {
        SpanJson { end: span.end, start: span.start }
    }
}

impl Range {
    fn new((start_line, start_column): (u32, u32), (end_line, end_column): (u32, u32)) -> Range {
        Range { end: Point { column: end_column, line: end_line }, start: Point { column: start_column, line: start_line } }
    }

    /// A span of the draft.
    fn of(index: &LineIndex, span: Span) -> Range {
        Range::new(position(index, span.start), position(index, span.end))
    }

    /// A span of a source, through the excerpt that holds it.
    fn in_source(excerpt: &Excerpt, span: Span) -> Range {
        let at = |offset| {
            let at = excerpt.line_column(offset, PositionEncoding::Utf32);
            (at.line + 1, at.column + 1)
        };
        Range::new(at(span.start), at(span.end))
    }
}

fn evidence<'a>(corpus: &Corpus, evidence: &'a [claimcheck_lint::Evidence]) -> Vec<Evidence<'a>> {
    evidence
        .iter()
        .filter_map(|e| {
            let source = corpus.source(e.source)?;
            let page = match e.location {
                Location::Page(page) => Some(page),
                Location::Line(_) => None,
            };
            Some(Evidence { page, range: Range::in_source(&e.excerpt, e.span), source: source.path().display().to_string(), span: e.span.into(), text: &e.text })
        })
        .collect()
}

fn finding<'a>(draft: &Checked, corpus: &Corpus, diagnostic: &'a Diagnostic) -> Finding<'a> {
    let fix = diagnostic.fix.as_ref().map(|fix| {
        let first = fix.edits.first();
        Fix {
            edits: fix.edits.iter().map(|e| Edit { replacement: &e.replacement, span: e.span.into() }).collect(),
            replacement: first.map(|e| e.replacement.as_str()),
            span: first.map(|e| e.span.into()),
            title: &fix.title,
        }
    });
    Finding {
        code: diagnostic.rule.code(),
        evidence: evidence(corpus, &diagnostic.evidence),
        fix,
        message: &diagnostic.message,
        range: Range::of(&draft.index, diagnostic.span),
        related: diagnostic.related.iter().map(|r| Related { message: &r.message, range: Range::of(&draft.index, r.span), span: r.span.into() }).collect(),
        severity: diagnostic.severity.as_str(),
        span: diagnostic.span.into(),
    }
}

pub(super) fn report(checked: &[Checked], corpus: &Corpus) -> anyhow::Result<String> {
    let files = checked
        .iter()
        .map(|draft| File {
            claims: draft
                .report
                .claims
                .iter()
                .map(|claim| Claim {
                    evidence: evidence(corpus, &claim.evidence),
                    range: Range::of(&draft.index, claim.span),
                    span: claim.span.into(),
                    text: &claim.text,
                    verdict: claim.verdict,
                })
                .collect(),
            diagnostics: draft.report.diagnostics.iter().map(|d| finding(draft, corpus, d)).collect(),
            path: draft.path.display().to_string(),
            sentences: draft.extraction.sentences.len(),
        })
        .collect();
    let totals = Totals(checked);
    let summary = Summary {
        claims: totals.claims(),
        contested: totals.verdict(Verdict::Contested),
        contradicted: totals.verdict(Verdict::Contradicted),
        errors: totals.severity(Severity::Error),
        files: checked.len(),
        hints: totals.severity(Severity::Hint),
        infos: totals.severity(Severity::Info),
        misattribution: totals.verdict(Verdict::Misattribution),
        misquote: totals.verdict(Verdict::Misquote),
        sources: corpus.sources().len(),
        supported: totals.verdict(Verdict::Supported),
        unsupported: totals.verdict(Verdict::Unsupported),
        warnings: totals.severity(Severity::Warning),
    };
    let mut out = serde_json::to_string_pretty(&Report { files, summary, version: 1 })?;
    out.push('\n');
    Ok(out)
}
