use claimcheck_core::{DateFact, Span};

use crate::diagnostic::{Diagnostic, Fix, Quoted};
use crate::rules::RuleContext;
use crate::verify::ConflictKind;

declare_rule! {
    /// ## What it flags
    /// A date or year that differs from the one a source gives for the same
    /// fact. Dates compare at the precision both sides give (`April 2018`
    /// agrees with `April 11, 2018`); a year inside a range the source gives
    /// agrees with it; two ranges must match.
    ///
    /// ## Why it matters
    /// A wrong year moves an event into another story: who knew what, and when.
    ///
    /// ## Example
    /// With a source that dates the change to 2015:
    /// ```markdown
    /// The company cut off broad access to user data in 2017.
    /// ```
    ///
    /// ## Fix
    /// Replaces each year that differs with the source's.
    code: "contradicted-date",
    severity: Error,
    summary: "A date that a source gives otherwise for the same fact",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let conflict = context.assessment.conflict.as_ref()?;
    let ConflictKind::Date { claim, source } = &conflict.kind else { return None };
    let span = context.moved(claim.span);
    let claim_text = span.slice(context.claim.text);
    let source_text = conflict.matched.passage.excerpt.slice(source.span);
    Some(Diagnostic {
        rule: super::Rule::ContradictedDate,
        severity: METADATA.default_severity,
        message: format!("{} says {}, not {}", conflict.matched.location(), Quoted(source_text), Quoted(claim_text)),
        span,
        evidence: vec![conflict.matched.evidence()],
        fix: year_fix(span, claim, claim_text, source),
        related: Vec::new(),
    })
}

/// Rewrites the years of the claim's date (at `span` in the draft) that differ from the source's.
fn year_fix(span: Span, claim: &DateFact, claim_text: &str, source: &DateFact) -> Option<Fix> {
    let pairs = [(claim.start.year, source.start.year), (claim.end.and_then(|d| d.year), source.end.and_then(|d| d.year))];
    let mut replacement = claim_text.to_owned();
    let mut changed = false;
    for (ours, theirs) in pairs {
        if let (Some(ours), Some(theirs)) = (ours, theirs)
            && ours != theirs {
                let ours = ours.to_string();
                let at = replacement.find(&ours)?;
                replacement.replace_range(at..at + ours.len(), &theirs.to_string());
                changed = true;
            }
    }
    changed.then(|| Fix::replace(span, &replacement))
}
