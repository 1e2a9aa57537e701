//! The verdict engine: for one claim, the passages that support it and the
//! passages that state the same fact otherwise.
//!
//! "Same fact" is the crux. A passage speaks of the same fact as a claim when
//! it shares most of the claim's content terms (stems, values left out) and
//! its named entities; only then does a differing value count as a
//! contradiction. A number that merely differs from some unrelated number in
//! the sources is not one.

use std::sync::Arc;

use claimcheck_core::{DateFact, Entity, Quantity, QuantityKind, Sentence, Span};
use claimcheck_corpus::{Corpus, Excerpt, Passage, Query, Source, SourceId};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::compare::{self, Agreement};
use crate::contest::{self, Version};
use crate::remember::Retrieval;
use crate::terms::{self, content_terms, coverage};

/// How many retrieved passages are examined per claim.
const CANDIDATES: usize = 12;
/// How many passages of each cited source are examined besides.
const CITED_CANDIDATES: usize = 4;
/// Share of a claim's content terms a passage (with its neighbours) must hold to support it.
const SUPPORT_COVERAGE: f32 = 0.6;
/// Share of a claim's content terms a passage must hold to state the same fact.
const SAME_FACT_COVERAGE: f32 = 0.5;
/// How much closer to the claim a contradicting passage must be than a supporting one to prevail.
const CLOSER: f32 = 0.1;
/// How many words after a negation it governs (`did not need to notify`).
const NEGATION_SCOPE: usize = 4;

/// A draft claim read for verification.
pub(crate) struct ClaimView<'a> {
    pub(crate) sentence: &'a Sentence,
    /// The draft's text.
    pub(crate) text: &'a str,
    terms: FxHashSet<String>,
    entities: FxHashSet<&'a str>,
    /// Who the claim is credited to and its citation markers, relative to its start.
    excluded: Vec<Span>,
}

/// What a claim denies, and its own words: what a passage's denials are
/// weighed against. Only judging a claim needs them, so they are worked out
/// then, not for every claim at every check.
struct Polarity {
    negated: FxHashSet<String>,
    /// Content terms outside quotation marks: the claim's own words, whose
    /// polarity the sources can deny (quoted words are the quote checker's).
    unquoted: FxHashSet<String>,
}

impl<'a> ClaimView<'a> {
    pub(crate) fn new(sentence: &'a Sentence, text: &'a str) -> Self {
        let slice = sentence.span.slice(text);
        // Who the claim is credited to, and its citation markers, are not what it says.
        // A quotation's speaker is what the claim is about, not a credit.
        let speakers: Vec<Span> = sentence.facts.quotations.iter().filter_map(|q| q.speaker.as_ref()?.span).collect();
        let excluded: Vec<Span> = sentence
            .facts
            .attributions
            .iter()
            .map(|a| a.source_span)
            .filter(|span| !speakers.iter().any(|s| s.intersects(*span)))
            .chain(sentence.citations.iter().map(|c| c.span))
            .map(|span| relative(span, sentence.span))
            .collect();
        let attributed: FxHashSet<&str> = sentence.facts.attributions.iter().filter_map(|a| a.entity.as_deref()).collect();
        let entities = sentence
            .facts
            .entities
            .iter()
            .filter(|e| !excluded.iter().any(|x| x.contains(relative(e.span, sentence.span))))
            .map(|e| e.canonical.as_str())
            .filter(|name| !attributed.contains(name))
            .collect();
        ClaimView { sentence, text, terms: content_terms(slice, &excluded), entities, excluded }
    }

    fn polarity(&self) -> Polarity {
        let sentence = self.sentence;
        let slice = sentence.span.slice(self.text);
        let quoted: Vec<Span> = sentence.facts.quotations.iter().map(|q| relative(q.span, sentence.span)).collect();
        Polarity {
            negated: negated_terms(slice, sentence.span.start, &sentence.facts.negations),
            unquoted: content_terms(slice, &[self.excluded.as_slice(), &quoted].concat()),
        }
    }
}

impl<'a> ClaimView<'a> {
    /// The claim's content terms (stems, values and function words left out).
    pub(crate) fn terms(&self) -> impl Iterator<Item = &String> {
        self.terms.iter()
    }

    /// The canonical names the claim is about (not who it is credited to).
    pub(crate) fn entities(&self) -> &FxHashSet<&'a str> {
        &self.entities
    }
}

/// `span` as an offset into `within`, which starts at its start.
pub(crate) fn relative(span: Span, within: Span) -> Span {
    Span::new(span.start.saturating_sub(within.start), span.end.saturating_sub(within.start))
}

/// A passage compared with a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Match {
    #[serde(with = "crate::kept")]
    pub(crate) passage: Arc<Passage>,
    #[serde(with = "crate::kept")]
    pub(crate) source: Arc<Source>,
    /// Share of the claim's content terms in the passage and its neighbours.
    pub(crate) coverage: f32,
    shared_terms: usize,
    /// Every claim entity is named in the passage, its neighbours, or as the source's subject.
    entities_present: bool,
    /// Canonical names in the passage and its neighbours, quotation speakers included.
    pub(crate) named: FxHashSet<String>,
    /// Who speaks the quotations of the passage and its neighbours.
    pub(crate) speakers: Vec<String>,
    quantities: Vec<(Quantity, Agreement, Option<Quantity>)>,
    dates: Vec<(DateFact, Agreement, Option<DateFact>)>,
    negation_differs: bool,
    substitution: Option<(String, String)>,
    /// The passage holds every quotation of the claim (three words or more) word for word.
    quotes_verbatim: bool,
}

/// Why a passage contradicts a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum ConflictKind {
    Number {
        claim: Quantity,
        source: Quantity,
    },
    Date {
        claim: DateFact,
        source: DateFact,
    },
    /// The passage negates what the claim affirms, or the other way round.
    Negation,
    /// The passage names another party in the claim's place.
    Party {
        claim: String,
        source: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Conflict {
    pub(crate) matched: Match,
    pub(crate) kind: ConflictKind,
}

/// What the sources say about one claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Assessment {
    /// Passages that support the claim, best first.
    pub(crate) support: Vec<Match>,
    /// The passage that best states the same fact otherwise, if any.
    pub(crate) conflict: Option<Conflict>,
    /// The closest passages, for an unsupported claim's hover.
    pub(crate) nearest: Vec<Match>,
    /// Sources with a passage that says much of the claim and nothing against
    /// it, though not enough to support it: a cited source among them is not
    /// cited wrongly.
    pub(crate) echoed_by: Vec<SourceId>,
    /// When the claim is supported: other sources that state its fact otherwise.
    pub(crate) rivals: Vec<Version>,
}

/// Judges a claim against the passages retrieved for it, and against the
/// best passages of each source it cites (a cited source is read even where
/// other sources outrank it).
pub(crate) fn assess(claim: &ClaimView<'_>, corpus: &Corpus, retrieval: &Retrieval, cited: &[SourceId]) -> Assessment {
    let query = Query::from_sentence(claim.sentence);
    let mut hits: Vec<Arc<Passage>> = retrieval.retrieve(corpus, &query, CANDIDATES).to_vec();
    for &source in cited {
        hits.extend(retrieval.retrieve(corpus, &Query { within: Some(source), ..query.clone() }, CITED_CANDIDATES).iter().cloned());
    }
    let mut seen = FxHashSet::default();
    hits.retain(|passage| seen.insert(passage.id));
    let polarity = claim.polarity();
    let mut matches: Vec<Match> = hits.into_iter().filter_map(|passage| compare_passage(claim, &polarity, corpus, passage)).collect();
    matches.sort_by(|a, b| b.coverage.total_cmp(&a.coverage));
    let mut support: Vec<Match> = matches.iter().filter(|m| supports(claim, m)).cloned().collect();
    // The source the draft cites is the evidence it will be read against.
    support.sort_by_key(|m| !cited.contains(&m.source.id));
    let conflict = matches.iter().find_map(|m| conflict_in(claim, m));
    // The passage that states the same fact is the one closest to the claim:
    // a looser paraphrase elsewhere does not outweigh a closer denial.
    let closer_conflict = conflict.as_ref().is_some_and(|c| support.first().is_none_or(|s| c.matched.coverage > s.coverage + CLOSER));
    if closer_conflict {
        support.clear();
    }
    let conflict = if support.is_empty() { conflict } else { None };
    // A rival must match the claim as closely as support does; a party swapped
    // in a list is too weak a sign of the same fact across sources.
    let conflicts = matches
        .iter()
        .filter(|m| m.coverage >= SUPPORT_COVERAGE)
        .filter_map(|m| conflict_in(claim, m))
        .filter(|c| !matches!(c.kind, ConflictKind::Party { .. }))
        .map(|c| (c.matched.passage, c.matched.source, c.kind));
    let rivals = contest::other_versions(claim, &support, conflicts, corpus, retrieval);
    let echoed_by = matches.iter().filter(|m| echoes(claim, m)).map(|m| m.source.id).collect();
    let nearest = matches.into_iter().filter(|m| m.coverage >= 0.3).take(2).collect();
    Assessment { support, conflict, nearest, echoed_by, rivals }
}

/// Whether the passage says the claim: it holds enough of its content
/// (less when it holds the claim's quoted words verbatim: they are the
/// strongest sign of where a claim comes from), names its entities, agrees
/// on every value and denies nothing.
fn supports(claim: &ClaimView<'_>, m: &Match) -> bool {
    let coverage = if m.quotes_verbatim { m.coverage.max(SUPPORT_COVERAGE) } else { m.coverage };
    coverage >= SUPPORT_COVERAGE && m.entities_present && says_the_same(claim, m) && !(claim.terms.is_empty() && claim.entities.is_empty())
}

/// Whether the passage says much of the claim in other words, the names
/// aside (a report of Zuckerberg's team may say only "the company"): a cited
/// source that echoes a claim is not cited wrongly.
fn echoes(claim: &ClaimView<'_>, m: &Match) -> bool {
    m.coverage >= SAME_FACT_COVERAGE && says_the_same(claim, m)
}

/// Every value of the claim agrees with the passage, and nothing is denied
/// or swapped. A passage may leave out a lone `one` (`one engineer said`):
/// that is how a sentence names someone, not a count to confirm.
fn says_the_same(claim: &ClaimView<'_>, m: &Match) -> bool {
    let incidental = |q: &Quantity| {
        q.value == 1.0
            && q.upper.is_none()
            && q.kind == QuantityKind::Count
            && claim.text.get(q.span.start..q.span.end).is_some_and(|t| t.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("one")))
    };
    m.quantities.iter().all(|(q, agreement, _)| *agreement == Agreement::Agrees || (*agreement == Agreement::Unrelated && incidental(q)))
        && m.dates.iter().all(|(_, agreement, _)| *agreement == Agreement::Agrees)
        && !m.negation_differs
        && m.substitution.is_none()
}

fn conflict_in(claim: &ClaimView<'_>, m: &Match) -> Option<Conflict> {
    let same_fact = m.coverage >= SAME_FACT_COVERAGE && m.shared_terms >= claim.terms.len().min(2);
    if !same_fact {
        return None;
    }
    let conflict = |kind| Some(Conflict { matched: m.clone(), kind });
    if let Some((claim_q, _, Some(source_q))) = m.quantities.iter().find(|(_, a, _)| *a == Agreement::Conflicts) {
        return conflict(ConflictKind::Number { claim: claim_q.clone(), source: source_q.clone() });
    }
    if let Some((claim_d, _, Some(source_d))) = m.dates.iter().find(|(_, a, _)| *a == Agreement::Conflicts) {
        return conflict(ConflictKind::Date { claim: claim_d.clone(), source: source_d.clone() });
    }
    if !m.entities_present && m.substitution.is_none() {
        return None;
    }
    if let Some((claim_name, source_name)) = &m.substitution {
        return conflict(ConflictKind::Party { claim: claim_name.clone(), source: source_name.clone() });
    }
    if m.negation_differs {
        return conflict(ConflictKind::Negation);
    }
    None
}

/// Compares a passage with the claim; `None` for a passage of a source the
/// corpus does not hold.
fn compare_passage(claim: &ClaimView<'_>, polarity: &Polarity, corpus: &Corpus, passage: Arc<Passage>) -> Option<Match> {
    let source = corpus.source(passage.source())?;
    let sentence = passage.sentence();
    // The context is the sentence and at most one neighbour on each side.
    let neighbours = &passage.sentences;
    let subjects = &source.identity().subjects;
    let excerpt = &passage.excerpt;

    let speakers: Vec<String> = neighbours
        .iter()
        .flat_map(|s| &s.facts.quotations)
        .filter_map(|q| q.speaker.as_ref())
        .map(|s| s.entity.clone().unwrap_or_else(|| s.name.clone()))
        .collect();
    let context_text = passage.context_text();
    let context_terms = content_terms(context_text, &[]);
    let mut passage_terms = context_terms.clone();
    for name in subjects.iter().map(|s| &**s).chain(speakers.iter().map(String::as_str)) {
        passage_terms.extend(content_terms(name, &[]));
    }
    let shared_terms = claim.terms.iter().filter(|t| passage_terms.contains(*t)).count();
    let passage_entities: FxHashSet<String> =
        neighbours.iter().flat_map(|s| &s.facts.entities).map(|e| e.canonical.as_str()).chain(subjects.iter().map(|s| &**s)).chain(speakers.iter().map(String::as_str)).map(str::to_owned).collect();
    // A name written in the passage counts even where the reader did not take it
    // for one (a capitalised word opening a sentence).
    let entities_present = claim.entities.iter().all(|e| passage_entities.contains(*e) || contains_word(context_text, e));

    let quantities = claim
        .sentence
        .facts
        .quantities
        .iter()
        .map(|q| {
            let (agreement, other) = best_agreement(neighbours.iter().flat_map(|s| &s.facts.quantities), |p| {
                if units_compatible(q, p, excerpt) { compare::quantities(q, p) } else { Agreement::Unrelated }
            });
            (q.clone(), agreement, other.cloned())
        })
        .collect();
    let dates = claim
        .sentence
        .facts
        .dates
        .iter()
        .map(|d| {
            let (agreement, other) = best_agreement(neighbours.iter().flat_map(|s| &s.facts.dates), |p| compare::dates(d, p));
            (d.clone(), agreement, other.cloned())
        })
        .collect();

    // A negation anywhere in the passage's context counts: the sentence that
    // matches best may be the neighbour of the one that denies. But a word
    // the passage's own sentence says without denying it is not denied by a
    // neighbour: that denial is of something else (`It did not tell Bolt
    // about the audit.` beside `Acme shares its audit data with Bolt.`).
    let own_text = excerpt.slice(sentence.span);
    let own_terms = content_terms(own_text, &[]);
    let mut passage_negated = negated_terms(own_text, sentence.span.start, &sentence.facts.negations);
    for (at, neighbour) in neighbours.iter().enumerate() {
        if at != passage.focus {
            let denied = negated_terms(excerpt.slice(neighbour.span), neighbour.span.start, &neighbour.facts.negations);
            passage_negated.extend(denied.into_iter().filter(|term| !own_terms.contains(term)));
        }
    }
    // Both deny something they share: the same denial, whatever the scope of
    // each (`could not ignore people's privacy settings`, `don't get to
    // ignore people's privacy`).
    let Polarity { negated, unquoted } = polarity;
    let same_denial = negated.iter().any(|t| passage_negated.contains(t));
    let negation_differs = !same_denial
        && (negated.iter().any(|t| context_terms.contains(t) && !passage_negated.contains(t))
            || passage_negated.iter().any(|t| unquoted.contains(t) && !negated.contains(t)));

    let substitution = substitution(claim, &sentence.facts.entities, excerpt);
    let quotes_verbatim = quotes_verbatim(claim, context_text);
    Some(Match {
        passage,
        source: Arc::clone(source),
        coverage: coverage(&claim.terms, &passage_terms),
        shared_terms,
        entities_present,
        named: passage_entities,
        speakers,
        quantities,
        dates,
        negation_differs,
        substitution,
        quotes_verbatim,
    })
}

/// Whether `context` holds each of the claim's quotations word for word
/// (quotation marks, apostrophes and case aside); false for a claim that
/// quotes nothing, or only a word or two.
fn quotes_verbatim(claim: &ClaimView<'_>, context: &str) -> bool {
    let quotations = &claim.sentence.facts.quotations;
    if quotations.is_empty() {
        return false;
    }
    let held = crate::quotes::Words::of(context);
    quotations.iter().all(|q| {
        let quoted = crate::quotes::normalised_words(&q.text);
        quoted.len() >= crate::quotes::MIN_WORDS && held.hold(&quoted)
    })
}

/// Whether `name` stands in `text` as whole words.
fn contains_word(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The most telling comparison among a passage's values: agreement beats
/// conflict, which beats silence.
fn best_agreement<'v, T: 'v>(values: impl Iterator<Item = &'v T>, compare: impl Fn(&T) -> Agreement) -> (Agreement, Option<&'v T>) {
    let mut best = (Agreement::Unrelated, None);
    for value in values {
        match compare(value) {
            Agreement::Agrees => return (Agreement::Agrees, Some(value)),
            Agreement::Conflicts if best.0 == Agreement::Unrelated => best = (Agreement::Conflicts, Some(value)),
            _ => {}
        }
    }
    best
}

/// Whether two quantities count the same thing: the same unit, or no unit
/// on either side, or a percentage or sum of money on both.
///
/// The source's noun phrase may go on past its unit: `50 million users'
/// accounts` counts accounts too.
fn units_compatible(claim: &Quantity, source: &Quantity, excerpt: &Excerpt) -> bool {
    match (&claim.kind, &claim.unit, &source.unit) {
        (QuantityKind::Percent | QuantityKind::Money(_), ..) => true,
        (_, Some(a), Some(b)) => {
            let unit = terms::stem(a);
            unit == terms::stem(b) || {
                let after = excerpt.from(source.span.end);
                terms::words(after).take(2).any(|(_, word)| terms::stem(word) == unit)
            }
        }
        (_, None, None) => true,
        _ => false,
    }
}

/// Stems of the words a negation governs: `did not need to notify` → `need`, `notifi`.
fn negated_terms(sentence_text: &str, sentence_start: usize, negations: &[claimcheck_core::Cue]) -> FxHashSet<String> {
    let mut negated = FxHashSet::default();
    for cue in negations {
        let after = cue.span.end.saturating_sub(sentence_start);
        let Some(rest) = sentence_text.get(after..) else {
            continue;
        };
        negated.extend(terms::words(rest).take(NEGATION_SCOPE).filter_map(|(_, w)| terms::stem(w)));
    }
    negated
}

/// Entities joined in one list: `Spotify, Netflix and the Royal Bank of Canada`.
fn coordinated_lists<'e, 't>(entities: &'e [Entity], slice: impl Fn(Span) -> Option<&'t str>) -> Vec<Vec<&'e Entity>> {
    let mut lists: Vec<Vec<&Entity>> = Vec::new();
    for entity in entities {
        let joined = lists.last().and_then(|list| list.last()).is_some_and(|previous| {
            slice(Span::new(previous.span.end, entity.span.start))
                .is_some_and(|gap| gap.split(|c: char| c == ',' || c.is_whitespace()).all(|w| matches!(w, "" | "and" | "or" | "&" | "the")))
        });
        match lists.last_mut() {
            Some(list) if joined => list.push(entity),
            _ => lists.push(vec![entity]),
        }
    }
    lists.retain(|list| list.len() >= 2);
    lists
}

/// A party swapped in a list the claim and the passage share:
/// `Spotify, Netflix and Yahoo` against `Spotify, Netflix and the Royal Bank of Canada`.
fn substitution(claim: &ClaimView<'_>, passage_entities: &[Entity], excerpt: &Excerpt) -> Option<(String, String)> {
    let claim_lists = coordinated_lists(&claim.sentence.facts.entities, |span| claim.text.get(span.start..span.end));
    let passage_lists = coordinated_lists(passage_entities, |span| excerpt.get(span));
    for claim_list in &claim_lists {
        for passage_list in &passage_lists {
            let in_passage = |e: &Entity| passage_list.iter().any(|p| p.canonical == e.canonical);
            let in_claim = |p: &Entity| claim_list.iter().any(|e| e.canonical == p.canonical);
            let shared = claim_list.iter().filter(|e| in_passage(e)).count();
            let missing = claim_list.iter().find(|e| !in_passage(e));
            let extra = passage_list.iter().find(|p| !in_claim(p));
            if let (true, Some(missing), Some(extra)) = (shared >= 1, missing, extra) {
                return Some((missing.text.clone(), extra.text.clone()));
            }
        }
    }
    None
}

/// A span of a claim that started at `from`, for the claim starting at `to`.
pub(crate) fn moved_span(span: Span, from: usize, to: usize) -> Span {
    Span::new(span.start.saturating_sub(from) + to, span.end.saturating_sub(from) + to)
}

impl Match {
    /// The claim's quantities this passage agrees with, each with the passage's.
    pub(crate) fn agreeing_quantities(&self) -> impl Iterator<Item = (&Quantity, &Quantity)> {
        self.quantities.iter().filter(|(_, agreement, _)| *agreement == Agreement::Agrees).filter_map(|(claim, _, source)| Some((claim, source.as_ref()?)))
    }

    /// `sources/report.txt:12` or `leak.pdf, page 3`, for messages.
    pub(crate) fn location(&self) -> String {
        self.passage.location.cite(&self.source.relative)
    }

    pub(crate) fn evidence(&self) -> crate::diagnostic::Evidence {
        crate::diagnostic::Evidence::of(&self.passage, &self.source)
    }
}
