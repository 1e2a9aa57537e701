//! `check --format json`: the versioned report.

use claimcheck_core::{LineIndex, Span};
use claimcheck_corpus::{Corpus, Location};
use claimcheck_lint::{Diagnostic, Severity, Verdict};
use serde_json::{Value, json};

use super::{Checked, Totals};
use crate::extract::position;

/// `{"start": {"line", "column"}, "end": …}`: 1-based, columns in characters.
fn range(index: &LineIndex, span: Span) -> Value {
    let point = |offset| {
        let (line, column) = position(index, offset);
        json!({"line": line, "column": column})
    };
    json!({"start": point(span.start), "end": point(span.end)})
}

fn span_json(span: Span) -> Value {
    json!({"start": span.start, "end": span.end})
}

fn evidence_json(corpus: &Corpus, evidence: &[claimcheck_lint::Evidence]) -> Vec<Value> {
    evidence
        .iter()
        .map(|e| {
            let source = corpus.source(e.source);
            let mut value = json!({
                "source": source.path.display().to_string(),
                "span": span_json(e.span),
                "range": range(&source.line_index, e.span),
                "text": e.text,
            });
            // A PDF's lines are those of its extracted text; the page is what a reader looks up.
            if let Location::Page(page) = source.location(e.span.start) {
                value["page"] = json!(page);
            }
            value
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
        value["related"] = diagnostic
            .related
            .iter()
            .map(|r| json!({"span": span_json(r.span), "range": range(&draft.index, r.span), "message": r.message}))
            .collect();
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
