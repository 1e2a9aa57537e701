use claimcheck_core::PositionEncoding;

use crate::diagnostic::{Diagnostic, Quoted, Related};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// The draft states the same fact with different values in two places:
    /// two sentences that share most of their content and count the same
    /// thing, with numbers or dates that cannot both be true. Both places
    /// are reported, each pointing at the other. Figures credited to
    /// different outlets or people (`4,000 pages, according to NBC News` and
    /// `400 pages, according to the Times`) may differ and are not flagged.
    ///
    /// ## Why it matters
    /// Readers notice a story that disagrees with itself, and whichever
    /// value is wrong, the story is wrong once.
    ///
    /// ## Example
    /// ```markdown
    /// A bug exposed the private photos of 6.8 million users.
    ///
    /// The bug, which exposed the private photos of 68 million users, was fixed in September.
    /// ```
    ///
    /// ## Fix
    /// None automatic: check which value the sources give.
    code: "internal-inconsistency",
    severity: Warning,
    summary: "The draft states the same fact with another value elsewhere",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let inconsistency = context.inconsistency?;
    let text = context.draft.text;
    let line = 1 + context.lines.line_column(inconsistency.other.start, PositionEncoding::Utf8).line;
    let (here, there) = (Quoted(inconsistency.value.slice(text)), Quoted(inconsistency.other.slice(text)));
    Some(Diagnostic {
        rule: super::Rule::InternalInconsistency,
        severity: METADATA.default_severity,
        message: format!("The draft says {there} for this on line {line}, and {here} here"),
        span: inconsistency.value,
        evidence: Vec::new(),
        fix: None,
        related: vec![Related { span: inconsistency.other, message: format!("the same fact stated as {there}") }],
    })
}
