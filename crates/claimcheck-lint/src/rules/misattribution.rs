use claimcheck_core::EntityKind;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// A claim credited to an outlet or a person (`according to NBC News`,
    /// `the Times reported`, `Jane Doe said`) that the sources support, but
    /// only sources that neither speak for that outlet or person nor name
    /// them beside the claim. The message names the sources that do say it
    /// and who they speak for.
    ///
    /// ## Why it matters
    /// Crediting a scoop to the wrong outlet, or words to the wrong person,
    /// is an error the wronged party notices first.
    ///
    /// ## Example
    /// With the claim found only in a summary of The New York Times' reporting:
    /// ```markdown
    /// According to NBC News, Bing could see the names of users' friends.
    /// ```
    ///
    /// ## Fix
    /// None automatic: credit the outlet the evidence shows.
    code: "misattribution",
    severity: Error,
    summary: "A claim credited to an outlet or person that the supporting sources do not speak for",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let support = &context.assessment.support;
    if support.is_empty() {
        return None;
    }
    let sentence = context.claim.sentence;
    let credited = sentence.facts.attributions.iter().find_map(|attribution| {
        let name = attribution.entity.as_deref()?;
        let entity = sentence.facts.entities.iter().find(|e| e.canonical == name)?;
        matches!(entity.kind, EntityKind::Organization | EntityKind::Person).then_some((attribution, name))
    })?;
    let (attribution, name) = credited;
    let speaks_for = |m: &crate::verify::Match<'_>| {
        let identity = &m.source.identity;
        identity.outlets.iter().chain(&identity.authors).any(|o| o == name) || m.named.contains(name)
    };
    if support.iter().any(speaks_for) {
        return None;
    }
    let best = &support[0];
    let who = best.source.identity.outlets.first().map(|o| format!(" (reporting of {o})")).unwrap_or_default();
    Some(Diagnostic {
        rule: super::Rule::Misattribution,
        severity: METADATA.default_severity,
        message: format!("Credited to {name}, but only {}{who} says this, and it does not speak for {name}", best.location()),
        span: attribution.span,
        evidence: support.iter().take(2).map(|m| m.evidence()).collect(),
        fix: None,
    })
}
