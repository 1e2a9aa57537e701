//! Contested facts: the sources disagree among themselves on a fact the
//! draft states, and one of them backs the draft.
//!
//! A passage of another source states the same fact otherwise in one of two
//! ways. Either it matches the claim as closely as a contradicting passage
//! must (see `verify`), or, for a quantity, it counts the same things as the
//! supporting passage does: `4,000 documents` and `400 to 4,000 pages of
//! documents` are other versions of `4,000 pages of leaked documents`, found
//! by searching with the supporting passage rather than the draft's shorter
//! sentence.

use std::sync::Arc;

use claimcheck_core::Quantity;
use claimcheck_corpus::{Corpus, Excerpt, Passage, Query, Source, SourceId};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::compare::{self, Agreement};
use crate::diagnostic::Quoted;
use crate::remember::Retrieval;
use crate::terms::{self, content_terms};
use crate::verify::{ClaimView, ConflictKind, Match};

/// How many passages like the supporting one are examined for other versions.
const CANDIDATES: usize = 12;
/// The share of what the claim says besides its count that a passage
/// counting only one of the same things must hold.
const ABOUT_SHARE: f32 = 0.3;
/// How far apart two versions of one count may be.
const MAGNITUDE: f64 = 10.0;
/// How many words after a number say what it counts (`pages of leaked documents`).
const COUNTED_WORDS: usize = 4;

/// What one other source says of the fact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Version {
    #[serde(with = "crate::kept")]
    pub(crate) passage: Arc<Passage>,
    #[serde(with = "crate::kept")]
    pub(crate) source: Arc<Source>,
    /// How the source states it, for messages: `"4,000 documents"`, `the opposite`.
    pub(crate) statement: String,
}

impl Version {
    pub(crate) fn location(&self) -> String {
        self.passage.location.cite(&self.source.relative)
    }

    pub(crate) fn evidence(&self) -> crate::diagnostic::Evidence {
        crate::diagnostic::Evidence::of(&self.passage, &self.source)
    }
}

/// Other sources' versions of the fact that `support` (best first) backs,
/// one per source. `conflicts` are the retrieved passages that state the
/// claim's fact with another value.
pub(crate) fn other_versions(
    claim: &ClaimView<'_>,
    support: &[Match],
    conflicts: impl Iterator<Item = (Arc<Passage>, Arc<Source>, ConflictKind)>,
    corpus: &Corpus,
    retrieval: &Retrieval,
) -> Vec<Version> {
    let Some(best) = support.first() else {
        return Vec::new();
    };
    let supporting: FxHashSet<SourceId> = support.iter().map(|m| m.source.id).collect();
    let mut versions: Vec<Version> = Vec::new();
    let mut add = |version: Version| {
        if !supporting.contains(&version.source.id) && !versions.iter().any(|v| v.source.id == version.source.id) {
            versions.push(version);
        }
    };
    for (passage, source, kind) in conflicts {
        let statement = statement(&kind, &passage.excerpt);
        add(Version { passage, source, statement });
    }
    // Passages like the supporting one, searched for once, when a count is to be compared.
    let mut like_support: Option<Arc<[Arc<Passage>]>> = None;
    for (claimed, backing) in best.agreeing_quantities() {
        let counted = counted_terms(backing, best.passage.excerpt.from(backing.span.end));
        if counted.is_empty() {
            continue;
        }
        // What else the claim says, beyond what it counts: `leaked files` in
        // `the leaked files run to 4,000 pages`.
        let claim_counted = counted_terms(claimed, claim.text.get(claimed.span.end..).unwrap_or(""));
        let about: Vec<&String> = claim.terms().filter(|t| !claim_counted.contains(*t)).collect();
        let passages = like_support.get_or_insert_with(|| {
            let query = Query::from_sentence(best.passage.sentence());
            retrieval.retrieve(corpus, &query, CANDIDATES)
        });
        for passage in passages.iter() {
            let Some(source) = corpus.source(passage.source()) else {
                continue;
            };
            if supporting.contains(&source.id) {
                continue;
            }
            let excerpt = &passage.excerpt;
            let context = content_terms(passage.context_text(), &[]);
            let about_shared = about.iter().filter(|t| context.contains(**t)).count();
            let shares_claim = about_shared > 0 && about_shared as f32 >= about.len() as f32 * ABOUT_SHARE;
            let other = passage.sentence().facts.quantities.iter().find(|q| {
                let shared = counted.intersection(&counted_terms(q, excerpt.from(q.span.end))).count();
                compare::quantities(claimed, q) != Agreement::Unrelated
                    && !same_statement(backing, q)
                    && same_magnitude(backing, q)
                    && (shared >= 2 || (shared == 1 && shares_claim))
            });
            if let Some(other) = other {
                let statement = Quoted(excerpt.slice(other.span)).to_string();
                add(Version { passage: passage.clone(), source: Arc::clone(source), statement });
            }
        }
    }
    versions
}

fn statement(kind: &ConflictKind, excerpt: &Excerpt) -> String {
    match kind {
        ConflictKind::Number { source: value, .. } => Quoted(excerpt.slice(value.span)).to_string(),
        ConflictKind::Date { source: value, .. } => Quoted(excerpt.slice(value.span)).to_string(),
        ConflictKind::Negation => "the opposite".to_owned(),
        ConflictKind::Party { source: name, .. } => format!("{} instead", Quoted(name)),
    }
}

/// The stems of what a quantity counts: its unit and the words that follow
/// it (`after`) up to a break (`pages of leaked Facebook documents`).
fn counted_terms(quantity: &Quantity, after: &str) -> FxHashSet<String> {
    let mut counted: FxHashSet<String> = quantity.unit.iter().filter_map(|unit| terms::stem(unit)).collect();
    let phrase_end = after.find(|c: char| ",;:.!?()—–\"“”".contains(c) || c == '\n').unwrap_or(after.len());
    counted.extend(terms::words(&after[..phrase_end]).take(COUNTED_WORDS).filter(|(_, w)| !starts_upper(w)).filter_map(|(_, w)| terms::stem(w)));
    counted
}

/// A capitalised word names who, not what is counted.
fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Counts of one thing that sources give differ by at most a factor of ten
/// (`5 million` against `50 million`); further apart, they count different
/// things (`hundreds of pages` of one file against `4,000 pages` of another).
fn same_magnitude(a: &Quantity, b: &Quantity) -> bool {
    let ends = |q: &Quantity| [q.value, q.upper.unwrap_or(q.value)];
    ends(a).iter().any(|x| ends(b).iter().any(|y| x.max(*y) <= x.min(*y) * MAGNITUDE))
}

/// Whether two quantities are the same statement: the same values and unit.
fn same_statement(a: &Quantity, b: &Quantity) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= x.abs().max(y.abs()) * 0.005;
    close(a.value, b.value)
        && close(a.upper.unwrap_or(a.value), b.upper.unwrap_or(b.value))
        && a.unit.as_deref().and_then(terms::stem) == b.unit.as_deref().and_then(terms::stem)
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions, extract};

    use super::*;

    fn first_quantity(text: &str) -> Quantity {
        let extraction = extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        extraction.sentences[0].facts.quantities[0].clone()
    }

    #[test]
    fn what_a_number_counts_runs_to_the_next_break() {
        let text = "The 4,000 pages of leaked Acme documents — emails and chats — came out.";
        let quantity = first_quantity(text);
        let mut counted: Vec<String> = counted_terms(&quantity, &text[quantity.span.end..]).into_iter().collect();
        counted.sort();
        assert_eq!(counted, ["document", "leak", "page"]);
    }

    #[test]
    fn the_same_statement_needs_the_same_values_and_unit() {
        let pages = first_quantity("It ran to 4,000 pages.");
        assert!(same_statement(&pages, &first_quantity("Some 4,000 pages leaked.")));
        assert!(!same_statement(&pages, &first_quantity("It ran to 4,000 documents.")));
        assert!(!same_statement(&pages, &first_quantity("It ran to 400 to 4,000 pages.")));
    }

    #[test]
    fn versions_of_a_count_are_within_a_factor_of_ten() {
        let pages = first_quantity("It ran to 4,000 pages.");
        assert!(same_magnitude(&pages, &first_quantity("It ran to 400 to 4,000 pages.")));
        assert!(same_magnitude(&pages, &first_quantity("It ran to 40,000 pages.")));
        assert!(!same_magnitude(&pages, &first_quantity("It ran to 300 pages.")));
    }
}
