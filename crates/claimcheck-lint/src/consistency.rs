//! The draft against itself: the same fact stated with different values in
//! two places (`6.8 million` in the lede, `68 million` further down).
//!
//! Two claims state the same fact when they share most of their content
//! terms (at least two, and half of the shorter claim's), count the same
//! thing, and are not credited to different outlets or people: a draft may
//! well report that NBC News and the Times gave different figures.

use claimcheck_core::Span;
use rustc_hash::FxHashSet;

use crate::compare::{self, Agreement};
use crate::terms;
use crate::verify::ClaimView;

/// Share of the shorter claim's content terms the other must hold.
const SAME_FACT_COVERAGE: f32 = 0.5;
const MIN_SHARED_TERMS: usize = 2;

/// A value of one claim that another claim of the draft states otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inconsistency {
    /// This claim's value.
    pub(crate) value: Span,
    /// The other claim's value, in the same draft.
    pub(crate) other: Span,
}

/// For each claim (in the order given), the first other claim that states
/// one of its values otherwise.
pub(crate) fn inconsistencies(claims: &[ClaimView<'_>]) -> Vec<Option<Inconsistency>> {
    let credited: Vec<FxHashSet<&str>> = claims.iter().map(credited_to).collect();
    let terms: Vec<FxHashSet<&String>> = claims.iter().map(|c| c.terms().collect()).collect();
    let with_values: Vec<usize> = (0..claims.len()).filter(|&i| !claims[i].sentence.facts.quantities.is_empty() || !claims[i].sentence.facts.dates.is_empty()).collect();
    let mut found = vec![None; claims.len()];
    for (n, &i) in with_values.iter().enumerate() {
        for &j in &with_values[n + 1..] {
            let differently_credited = !credited[i].is_empty() && !credited[j].is_empty() && credited[i].is_disjoint(&credited[j]);
            if differently_credited || !same_fact(&terms[i], &terms[j]) {
                continue;
            }
            if let Some((a, b)) = differing_value(&claims[i], &claims[j]) {
                found[i].get_or_insert(Inconsistency { value: a, other: b });
                found[j].get_or_insert(Inconsistency { value: b, other: a });
            }
        }
    }
    found
}

fn credited_to<'a>(claim: &ClaimView<'a>) -> FxHashSet<&'a str> {
    claim.sentence.facts.attributions.iter().filter_map(|a| a.entity.as_deref()).collect()
}

fn same_fact(a: &FxHashSet<&String>, b: &FxHashSet<&String>) -> bool {
    let shared = a.intersection(b).count();
    let shorter = a.len().min(b.len());
    shared >= MIN_SHARED_TERMS && shared as f32 >= shorter as f32 * SAME_FACT_COVERAGE
}

/// The first value of `a` that `b` states otherwise: `b` gives the same
/// kind of value (the same counted thing, or a date) only in a way that
/// cannot be true with it. A value `b` also agrees with is not in question
/// (`hired 40 lawyers in 2019` and `hired 40 in 2019 and 12 more in 2020`).
fn differing_value(a: &ClaimView<'_>, b: &ClaimView<'_>) -> Option<(Span, Span)> {
    let (a_facts, b_facts) = (&a.sentence.facts, &b.sentence.facts);
    let quantities = a_facts.quantities.iter().find_map(|x| {
        let counted = |y: &&claimcheck_core::Quantity| x.unit.as_deref().map(terms::stem) == y.unit.as_deref().map(terms::stem);
        first_conflict(b_facts.quantities.iter().filter(counted).map(|y| (compare::quantities(x, y), y.span))).map(|y| (x.span, y))
    });
    // A span of years and a single year are different facts in one draft
    // (`the files span 2011 to 2015`, `the start-up sued in 2015`).
    let dates = || {
        a_facts.dates.iter().find_map(|x| {
            let alike = b_facts.dates.iter().filter(|y| y.end.is_some() == x.end.is_some());
            first_conflict(alike.map(|y| (compare::dates(x, y), y.span))).map(|y| (x.span, y))
        })
    };
    quantities.or_else(dates)
}

/// The span of the first conflicting value, unless some value agrees.
fn first_conflict(comparisons: impl Iterator<Item = (Agreement, Span)>) -> Option<Span> {
    let mut conflict = None;
    for (agreement, span) in comparisons {
        match agreement {
            Agreement::Agrees => return None,
            Agreement::Conflicts => {
                conflict.get_or_insert(span);
            }
            Agreement::Unrelated => {}
        }
    }
    conflict
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions, extract};

    use super::*;

    /// The pairs found, as (this value, the other value) text.
    fn pairs(draft: &str) -> Vec<(String, String)> {
        let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
        let claims: Vec<ClaimView<'_>> = extraction.claims().map(|s| ClaimView::new(s, draft)).collect();
        inconsistencies(&claims)
            .into_iter()
            .flatten()
            .map(|i| (i.value.slice(draft).to_owned(), i.other.slice(draft).to_owned()))
            .collect()
    }

    #[test]
    fn the_same_fact_with_two_values_points_both_ways() {
        let draft = "A bug exposed the photos of 6.8 million Acme users.\n\nLater, we learnt the bug exposed the photos of 68 million Acme users.\n";
        assert_eq!(pairs(draft), [("6.8 million Acme users".into(), "68 million Acme users".into()), ("68 million Acme users".into(), "6.8 million Acme users".into())]);
    }

    #[test]
    fn dates_of_the_same_event_must_agree() {
        let draft = "Bolt Ltd sued Acme in 2015.\n\nWhen Bolt Ltd sued Acme in 2016, shares fell.\n";
        assert_eq!(pairs(draft).len(), 2);
    }

    #[test]
    fn other_facts_other_units_and_agreeing_values_pass() {
        let draft = "Acme paid 40 suppliers late in 2015.\n\nAcme hired 40 lawyers in 2019.\n\nAcme hired 40 lawyers in 2019, and 12 more in 2020.\n\n\
                     The bug exposed about 6.8 million Acme users.\n\nThe bug exposed 6.8 million Acme users.\n\n\
                     Acme sold 4,000 pages of files.\n\nAcme sold 300 files.\n";
        assert_eq!(pairs(draft), Vec::<(String, String)>::new());
    }

    #[test]
    fn figures_credited_to_different_outlets_may_differ() {
        let draft = "The leak ran to 4,000 pages, according to NBC News.\n\nThe leak ran to 400 pages, according to the Times.\n";
        assert_eq!(pairs(draft), Vec::<(String, String)>::new());
    }
}
