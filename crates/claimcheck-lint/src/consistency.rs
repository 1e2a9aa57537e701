//! The draft against itself: the same fact stated with different values in
//! two places (`6.8 million` in the lede, `68 million` further down).
//!
//! Two claims state the same fact when they share most of what they say
//! (content terms other than names: at least two, and half of the shorter
//! claim's), name the same
//! parties (one claim's names all among the other's), count the same thing,
//! and are not credited to different outlets or people: a draft may well
//! report that NBC News and the Times gave different figures. Counts of
//! different years are different facts (`hired 40 in 2015`, `hired 60 in
//! 2017`).

use claimcheck_core::Span;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::compare::{self, Agreement};
use crate::terms;
use crate::verify::ClaimView;

/// Share of what the shorter claim says that the other must say too (more than).
const SAME_FACT_COVERAGE: f32 = 0.5;
/// Terms two claims that name no one in common must share.
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
    // Every pair of claims with values is compared, so each claim's words are
    // numbered once and compared as sorted numbers rather than hashed as strings per pair.
    let mut words = Words::default();
    let credited: Vec<Vec<u32>> = claims.iter().map(|claim| words.numbered(credited_to(claim))).collect();
    let entities: Vec<Vec<u32>> = claims.iter().map(|claim| words.numbered(claim.entities().iter().copied())).collect();
    // Most pairs name different parties: a bit per name (modulo 64) tells most of them apart at once.
    let named: Vec<u64> = entities.iter().map(|numbers| numbers.iter().fold(0, |bits, n| bits | 1 << (n % 64))).collect();
    let terms: Vec<Vec<u32>> = claims.iter().map(|claim| words.numbered(what_is_said(claim).into_iter().map(String::as_str))).collect();
    let with_values: Vec<usize> =
        (0..claims.len()).filter(|&i| !claims[i].sentence.facts.quantities.is_empty() || !claims[i].sentence.facts.dates.is_empty()).collect();
    let mut found = vec![None; claims.len()];
    for (n, &i) in with_values.iter().enumerate() {
        for &j in &with_values[n + 1..] {
            let subset = |a: usize, b: usize| named[a] & !named[b] == 0 && is_subset(&entities[a], &entities[b]);
            if !(subset(i, j) || subset(j, i)) {
                continue;
            }
            let differently_credited = !credited[i].is_empty() && !credited[j].is_empty() && shared(&credited[i], &credited[j]) == 0;
            let named_alike = shared(&entities[i], &entities[j]) > 0;
            if differently_credited || !same_fact(&terms[i], &terms[j], named_alike) {
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

/// Numbers for the words of one check's claims.
#[derive(Default)]
struct Words<'a>(FxHashMap<&'a str, u32>);

impl<'a> Words<'a> {
    /// A set of words as their numbers, sorted, each once.
    fn numbered(&mut self, set: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        let mut numbers: Vec<u32> = set
            .into_iter()
            .map(|word| {
                let next = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
                *self.0.entry(word).or_insert(next)
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

/// How many numbers two sorted sets share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Whether every number of the sorted set `a` is in the sorted set `b`.
fn is_subset(a: &[u32], b: &[u32]) -> bool {
    a.len() <= b.len() && shared(a, b) == a.len()
}

fn credited_to<'a>(claim: &ClaimView<'a>) -> impl Iterator<Item = &'a str> {
    claim.sentence.facts.attributions.iter().filter_map(|a| a.entity.as_deref())
}

/// The claim's content terms less the words of the names in it and of its
/// attributions: two sentences about one company share its name whatever
/// they say of it, and `the Guardian found that` says nothing of the fact.
fn what_is_said<'v>(claim: &'v ClaimView<'_>) -> Vec<&'v String> {
    let facts = &claim.sentence.facts;
    let names = facts.entities.iter().map(|e| e.text.as_str());
    let credits = facts.attributions.iter().filter_map(|a| claim.text.get(a.span.start..a.span.end));
    let said_by: FxHashSet<String> = names.chain(credits).flat_map(|words| terms::content_terms(words, &[])).collect();
    claim.terms().filter(|t| !said_by.contains(*t)).collect()
}

/// Whether two claims say the same of their subject. One shared term will
/// do for short claims about the same named party (`Bolt sued Acme in 2015`,
/// `when Bolt sued Acme in 2016, …`).
fn same_fact(a: &[u32], b: &[u32], named_alike: bool) -> bool {
    let shared = shared(a, b);
    let shorter = a.len().min(b.len());
    let enough = if named_alike { 1 } else { MIN_SHARED_TERMS };
    shared >= enough && shared as f32 > shorter as f32 * SAME_FACT_COVERAGE
}

/// The first value of `a` that `b` states otherwise: `b` gives the same
/// kind of value (the same counted thing, or a date) only in a way that
/// cannot be true with it. A value `b` also agrees with is not in question
/// (`hired 40 lawyers in 2019` and `hired 40 in 2019 and 12 more in 2020`).
fn differing_value(a: &ClaimView<'_>, b: &ClaimView<'_>) -> Option<(Span, Span)> {
    let (a_facts, b_facts) = (&a.sentence.facts, &b.sentence.facts);
    let other_times = a_facts.dates.iter().any(|x| b_facts.dates.iter().any(|y| compare::dates(x, y) == Agreement::Conflicts));
    if other_things_counted(a, b) {
        return None;
    }
    let quantities = a_facts.quantities.iter().filter(|_| !other_times).find_map(|x| {
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

/// Each claim counts something the other does not (`$59 million for 49
/// documents`, `$14 million for 6 servers`): two deals, not one.
fn other_things_counted(a: &ClaimView<'_>, b: &ClaimView<'_>) -> bool {
    let units =
        |claim: &ClaimView<'_>| -> FxHashSet<String> { claim.sentence.facts.quantities.iter().filter_map(|q| terms::stem(q.unit.as_deref()?)).collect() };
    let (a_units, b_units) = (units(a), units(b));
    !a_units.is_subset(&b_units) && !b_units.is_subset(&a_units)
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
        inconsistencies(&claims).into_iter().flatten().map(|i| (i.value.slice(draft).to_owned(), i.other.slice(draft).to_owned())).collect()
    }

    #[test]
    fn the_same_fact_with_two_values_points_both_ways() {
        let draft = "A bug exposed the photos of 6.8 million Acme users.\n\nLater, we learnt the bug exposed the photos of 68 million Acme users.\n";
        assert_eq!(
            pairs(draft),
            [("6.8 million Acme users".into(), "68 million Acme users".into()), ("68 million Acme users".into(), "6.8 million Acme users".into())]
        );
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
    fn other_parties_and_other_years_are_other_facts() {
        let draft = "Acme paid $25 million to Bolt Ltd.\n\nOrbix Ltd paid $40 million to Acme.\n\n                     Acme hired 40 engineers in 2015.\n\nAcme hired 60 engineers in 2017.\n\n                     Cobalt Ltd paid $59 million for 49 documents.\n\nCobalt Ltd paid $14 million for 6 servers.\n";
        assert_eq!(pairs(draft), Vec::<(String, String)>::new());
    }

    #[test]
    fn numbered_words_compare_as_sets() {
        let mut words = Words::default();
        let (a, b) = (words.numbered(["Acme", "Bolt", "Acme"]), words.numbered(["Cobalt", "Bolt", "Acme"]));
        assert_eq!((a.len(), shared(&a, &b)), (2, 2));
        assert!(is_subset(&a, &b) && !is_subset(&b, &a) && is_subset(&[], &a));
        assert_eq!(shared(&a, &words.numbered(["Orbix"])), 0);
    }

    #[test]
    fn figures_credited_to_different_outlets_may_differ() {
        let draft = "The leak ran to 4,000 pages, according to NBC News.\n\nThe leak ran to 400 pages, according to the Times.\n";
        assert_eq!(pairs(draft), Vec::<(String, String)>::new());
    }
}
