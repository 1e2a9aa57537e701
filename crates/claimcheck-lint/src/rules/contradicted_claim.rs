use crate::diagnostic::{Diagnostic, Quoted};
use crate::rules::RuleContext;
use crate::verify::ConflictKind;

declare_rule! {
    /// ## What it flags
    /// A claim that a source states otherwise without a differing number or
    /// date: another named party in the claim's place (`Yahoo` where the
    /// source lists the Royal Bank of Canada), or the negation (`did notify`
    /// where the source says the company did not).
    ///
    /// ## Why it matters
    /// Naming the wrong company, or turning a denial into an admission, is
    /// the error that brings a lawyer's letter.
    ///
    /// ## Example
    /// With a source saying the company felt it did not need to notify the regulator:
    /// ```markdown
    /// The company notified the Federal Trade Commission about the deals.
    /// ```
    ///
    /// ## Fix
    /// None automatic: the evidence shows what the source says.
    code: "contradicted-claim",
    severity: Error,
    summary: "A claim that a source states otherwise: another party, or the negation",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let conflict = context.assessment.conflict.as_ref()?;
    let message = match &conflict.kind {
        ConflictKind::Party { claim, source } => {
            format!("{} names {source}, not {claim}", conflict.matched.location())
        }
        ConflictKind::Negation => {
            format!("{} says the opposite: {}", conflict.matched.location(), Quoted(&conflict.matched.evidence().text))
        }
        ConflictKind::Number { .. } | ConflictKind::Date { .. } => return None,
    };
    Some(Diagnostic {
        rule: super::Rule::ContradictedClaim,
        severity: METADATA.default_severity,
        message,
        span: context.claim.sentence.span,
        evidence: vec![conflict.matched.evidence()],
        fix: None,
        related: Vec::new(),
    })
}
