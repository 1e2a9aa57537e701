use claimcheck_core::{Citation, EntityKind};
use claimcheck_corpus::SourceId;

use crate::citations::{self, Target};

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
    /// Also a claim whose footnote, link or `[@key]` cites a source that does
    /// not say it, not even in other words, while another source does.
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
    /// For a citation, points it at the source that says it: the footnote
    /// that already cites that source, the link's path, or the pandoc key.
    /// For an outlet or person, none automatic: credit the one the evidence
    /// shows.
    code: "misattribution",
    severity: Error,
    summary: "A claim credited to an outlet or person that the supporting sources do not speak for",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    credited_elsewhere(context).or_else(|| cited_elsewhere(context))
}

/// Credited to an outlet or person that no supporting source speaks for.
fn credited_elsewhere(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
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
    let speaks_for = |m: &crate::verify::Match| {
        let identity = m.source.identity();
        identity.outlets.iter().chain(&identity.authors).any(|o| **o == *name) || m.named.contains(name)
    };
    if support.iter().any(speaks_for) {
        return None;
    }
    let best = &support[0];
    let message = match best.speakers.first() {
        Some(speaker) if !sentence.facts.quotations.is_empty() => {
            format!("Credited to {name}, but {} has these words from {speaker}", best.location())
        }
        _ => {
            let who = best.source.identity().outlets.first().map(|o| format!(" (reporting of {o})")).unwrap_or_default();
            format!("Credited to {name}, but only {}{who} says this, and it does not speak for {name}", best.location())
        }
    };
    Some(Diagnostic {
        rule: super::Rule::Misattribution,
        severity: METADATA.default_severity,
        message,
        span: attribution.span,
        evidence: support.iter().take(2).map(|m| m.evidence()).collect(),
        fix: None,
        related: Vec::new(),
    })
}

/// Cited to a source that does not say it, while another source does.
fn cited_elsewhere(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let cited: Vec<(&Citation, SourceId)> = context
        .cited
        .iter()
        .filter_map(|c| match c.target {
            Target::Source(id) => Some((c.citation, id)),
            _ => None,
        })
        .collect();
    let support = &context.assessment.support;
    let best = support.first()?;
    let (citation, cited_id) = *cited.first()?;
    let says_it = |id: SourceId| support.iter().any(|m| m.source.id == id) || context.assessment.echoed_by.contains(&id);
    if cited.iter().any(|(_, id)| says_it(*id)) {
        return None;
    }
    let draft = context.draft;
    let cited_source = context.corpus.source(cited_id)?;
    Some(Diagnostic {
        rule: super::Rule::Misattribution,
        severity: METADATA.default_severity,
        message: format!(
            "Cites {}, which does not say this; {} does",
            cited_source.relative.display(),
            best.location()
        ),
        span: citation.span,
        evidence: support.iter().take(2).map(|m| m.evidence()).collect(),
        fix: citations::repoint(citation, &best.source, draft, context.corpus),
        related: Vec::new(),
    })
}
