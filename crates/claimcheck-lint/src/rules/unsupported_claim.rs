use crate::diagnostic::Diagnostic;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// A check-worthy claim — one that holds a number, a date, a quotation, an
    /// attribution, or a named party doing something — that no source passage
    /// supports, and that no passage contradicts either.
    ///
    /// ## Why it matters
    /// A claim with nothing behind it in the reporting folder is either
    /// sourced somewhere the folder does not hold, or not sourced at all.
    /// Either way an editor will ask.
    ///
    /// ## Example
    /// With sources that never mention such meetings:
    /// ```markdown
    /// The two chief executives met 12 times in 2014.
    /// ```
    ///
    /// ## Fix
    /// None automatic: add the source to the folder, or cut the claim.
    /// The hover shows the closest passages found.
    code: "unsupported-claim",
    severity: Warning,
    summary: "A check-worthy claim that no source supports",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let assessment = context.assessment;
    if !assessment.support.is_empty() || assessment.conflict.is_some() {
        return None;
    }
    let message = match assessment.nearest.first() {
        Some(nearest) => format!("No source supports this claim (closest passage: {})", nearest.location()),
        None => "No source supports this claim".to_owned(),
    };
    Some(Diagnostic {
        rule: super::Rule::UnsupportedClaim,
        severity: METADATA.default_severity,
        message,
        span: context.claim.sentence.span,
        evidence: assessment.nearest.iter().map(|m| m.evidence()).collect(),
        fix: None,
        related: Vec::new(),
    })
}
