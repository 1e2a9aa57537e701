use crate::diagnostic::Diagnostic;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// A claim that a source supports while another source gives the same
    /// fact another value: another number, date or party, the negation, or
    /// the same number counting something else. The message lists each
    /// source's version, the supporting one first.
    ///
    /// ## Why it matters
    /// When the sources disagree, the draft has picked a side, maybe without
    /// knowing it. An editor wants to see the other versions before the
    /// story runs, and the story may need to say that accounts differ.
    ///
    /// ## Example
    /// With one report giving 4,000 pages, a second 4,000 documents, and a
    /// third 400 to 4,000 pages:
    /// ```markdown
    /// The leaked files run to 4,000 pages.
    /// ```
    ///
    /// ## Fix
    /// None automatic: weigh the sources, or say that they differ.
    code: "contested-fact",
    severity: Warning,
    summary: "A supported claim that another source gives otherwise",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let assessment = context.assessment;
    let best = assessment.support.first()?;
    if assessment.rivals.is_empty() {
        return None;
    }
    let versions: Vec<String> =
        assessment.rivals.iter().map(|v| format!("{} says {}", v.location(), v.statement)).collect();
    Some(Diagnostic {
        rule: super::Rule::ContestedFact,
        severity: METADATA.default_severity,
        message: format!("Sources disagree: {} backs this, but {}", best.location(), versions.join("; ")),
        span: context.claim.sentence.span,
        evidence: std::iter::once(best.evidence()).chain(assessment.rivals.iter().map(|v| v.evidence())).collect(),
        fix: None,
        related: Vec::new(),
    })
}
