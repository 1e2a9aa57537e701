//! Checking quoted words against the sources' words.
//!
//! Quoted words must stand in some source exactly, after normalising
//! quotation marks and apostrophes, white space and case. A quoted fragment
//! of a longer source quote is fine. The passages retrieved for the quoted
//! words are where they are looked for: a passage that holds them all ranks
//! at the top, so the sources are never scanned whole. When the words stand
//! nowhere, the closest wording among the best of those passages is the
//! source's version, and the words that differ are named.

use claimcheck_core::{Quotation, Span};
use std::sync::Arc;

use claimcheck_corpus::{Corpus, Passage, Query};
use serde::{Deserialize, Serialize};

use crate::remember::Retrieval;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::terms::words;

/// Quotations shorter than this are terms in scare quotes more often than quotes.
pub(crate) const MIN_WORDS: usize = 3;
/// How alike the closest source wording must be to count as the quote's source.
const MIN_SIMILARITY: f32 = 0.6;
/// Longer quotations are compared only for exact presence: finding the
/// closest wording grows with the square of their length.
const MAX_WORDS: usize = 80;
/// How many passages are searched for the quoted words as written.
const VERBATIM_CANDIDATES: usize = 32;
/// How many of them are searched for the closest wording.
const CANDIDATES: usize = 8;

/// Quoted words that no source holds, with the closest source wording.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Misquote {
    pub(crate) quotation: Quotation,
    #[serde(with = "crate::kept")]
    pub(crate) passage: Arc<Passage>,
    /// The source's words as written there.
    pub(crate) source_words: String,
    /// Quoted words the source does not have, and source words the quote left out.
    pub(crate) changed: Vec<String>,
    pub(crate) missing: Vec<String>,
}

impl Misquote {
    /// The same misquote in the same sentence standing elsewhere in the
    /// draft: the quotation's spans moved from the sentence's old start to its new one.
    pub(crate) fn moved(&self, from: usize, to: usize) -> Misquote {
        let shift = |span| crate::verify::moved_span(span, from, to);
        let mut quotation = self.quotation.clone();
        quotation.span = shift(quotation.span);
        quotation.inner = shift(quotation.inner);
        if let Some(speaker) = &mut quotation.speaker {
            speaker.span = speaker.span.map(shift);
        }
        Misquote { quotation, ..self.clone() }
    }
}

fn normalise(word: &str) -> String {
    word.replace('’', "'").to_lowercase()
}

pub(crate) fn normalised_words(text: &str) -> Vec<String> {
    words(text).map(|(_, w)| normalise(w)).collect()
}

/// The first quotation of `quotations` that no source holds, if a source
/// holds something close enough to be its origin.
pub(crate) fn misquote(corpus: &Corpus, retrieval: &Retrieval, quotations: &[Quotation]) -> Option<Misquote> {
    quotations.iter().filter(|q| q.closed).find_map(|q| check(corpus, retrieval, q))
}

/// A text's normalised words, for finding quoted words in a row.
pub(crate) struct Words(String);

impl Words {
    pub(crate) fn of(text: &str) -> Words {
        // Padded with spaces, so that only whole words match.
        Words(format!(" {} ", normalised_words(text).join(" ")))
    }

    /// Whether the text holds the normalised words `quoted` in a row.
    pub(crate) fn hold(&self, quoted: &[String]) -> bool {
        self.0.contains(&format!(" {} ", quoted.join(" ")))
    }
}

fn check(corpus: &Corpus, retrieval: &Retrieval, quotation: &Quotation) -> Option<Misquote> {
    let quoted = normalised_words(&quotation.text);
    if quoted.len() < MIN_WORDS || quoted.len() > MAX_WORDS {
        return None;
    }
    let query = Query { text: &quotation.text, ..Query::default() };
    let hits = retrieval.retrieve(corpus, &query, VERBATIM_CANDIDATES);
    if hits.iter().any(|passage| Words::of(passage.context_text()).hold(&quoted)) {
        return None;
    }
    let mut best: Option<(f32, Misquote)> = None;
    for passage in hits.iter().take(CANDIDATES) {
        let context = passage.context_text();
        let located: Vec<(usize, &str)> = words(context).collect();
        let candidate: Vec<String> = located.iter().map(|(_, w)| normalise(w)).collect();
        // Aligning windows is quadratic: first make sure enough of the words are there at all.
        // A window of half the quote's length reaches MIN_SIMILARITY with 3/4 of that share.
        let present = quoted.iter().filter(|w| candidate.contains(w)).count();
        if (present as f32) < 0.75 * MIN_SIMILARITY * quoted.len() as f32 {
            continue;
        }
        let Some((similarity, window)) = closest_window(&quoted, &candidate) else {
            continue;
        };
        let window = with_counterparts(&quoted, &candidate, window);
        if best.as_ref().is_some_and(|(b, _)| *b >= similarity) || similarity < MIN_SIMILARITY {
            continue;
        }
        let (first, last) = (located[window.start].0, located[window.end - 1]);
        let source_words = context[first..last.0 + last.1.len()].to_owned();
        let (changed, missing) = differences(&quoted, &candidate[window.start..window.end]);
        let misquote = Misquote { quotation: quotation.clone(), passage: Arc::clone(passage), source_words, changed, missing };
        best = Some((similarity, misquote));
    }
    best.map(|(_, m)| m)
}

/// The window of `candidate` most like `quoted`, and how alike (0 to 1).
fn closest_window(quoted: &[String], candidate: &[String]) -> Option<(f32, Span)> {
    let mut best: Option<(f32, Span)> = None;
    // A misquote may drop or add up to half the words.
    for length in (quoted.len() - quoted.len() / 2).max(1)..=quoted.len() + quoted.len() / 2 + 2 {
        for start in 0..=candidate.len().saturating_sub(length) {
            let end = (start + length).min(candidate.len());
            let similarity = similarity(quoted, &candidate[start..end]);
            if best.is_none_or(|(b, _)| similarity > b) {
                best = Some((similarity, Span::new(start, end)));
            }
        }
    }
    best
}

/// Widens a window over the source words beside it that stand where the
/// quote's unmatched first or last words stand: the closest window for
/// `thousands of pages` is `of pages`, but the source's version is
/// `hundreds of pages`.
fn with_counterparts(quoted: &[String], candidate: &[String], window: Span) -> Span {
    let ops = capture_diff_slices(Algorithm::Myers, quoted, &candidate[window.start..window.end]);
    let unmatched = |op: Option<&DiffOp>| match op {
        Some(DiffOp::Delete { old_len, .. }) => *old_len,
        _ => 0,
    };
    let before = unmatched(ops.first()).min(window.start);
    let after = unmatched(ops.last().filter(|_| ops.len() > 1)).min(candidate.len() - window.end);
    Span::new(window.start - before, window.end + after)
}

fn similarity(a: &[String], b: &[String]) -> f32 {
    let same: usize = capture_diff_slices(Algorithm::Myers, a, b).iter().map(|op| if let DiffOp::Equal { len, .. } = op { *len } else { 0 }).sum();
    (2 * same) as f32 / (a.len() + b.len()).max(1) as f32
}

/// The quoted words in the draft, without the punctuation around them.
///
/// Read from the draft itself: the quotation's prose text can differ from
/// the draft's bytes where Markdown turned a line break into a space.
pub(crate) fn words_span(draft: &str, quotation: &Quotation) -> Option<Span> {
    let inner = quotation.inner;
    let located: Vec<(usize, &str)> = words(inner.slice(draft)).collect();
    let (first, last) = (located.first()?, located.last()?);
    Some(Span::new(inner.start + first.0, inner.start + last.0 + last.1.len()))
}

/// Words the quote has that the source does not, and the other way round.
fn differences(quoted: &[String], source: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut changed, mut missing) = (Vec::new(), Vec::new());
    for op in capture_diff_slices(Algorithm::Myers, quoted, source) {
        match op {
            DiffOp::Delete { old_index, old_len, .. } => changed.extend_from_slice(&quoted[old_index..old_index + old_len]),
            DiffOp::Insert { new_index, new_len, .. } => missing.extend_from_slice(&source[new_index..new_index + new_len]),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                changed.extend_from_slice(&quoted[old_index..old_index + old_len]);
                missing.extend_from_slice(&source[new_index..new_index + new_len]);
            }
            DiffOp::Equal { .. } => {}
        }
    }
    (changed, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        normalised_words(text)
    }

    #[test]
    fn closest_window_and_differences() {
        let source = w("the plan was to publicly frame these moves as a way of protecting privacy, they said");
        let quoted = w("to frame these moves as protecting privacy");
        let (similarity, window) = closest_window(&quoted, &source).unwrap();
        assert!(similarity > 0.7, "{similarity}");
        let (changed, missing) = differences(&quoted, &source[window.start..window.end]);
        assert!(changed.is_empty(), "{changed:?}");
        assert_eq!(missing, ["publicly", "a", "way", "of"]);
    }

    #[test]
    fn a_changed_first_or_last_word_is_matched_with_the_sources() {
        let source = w("according to hundreds of pages of documents obtained by the paper");
        for (quote, version) in
            [("thousands of pages of documents", "hundreds of pages of documents"), ("pages of documents seen by", "pages of documents obtained by")]
        {
            let quoted = w(quote);
            let (_, window) = closest_window(&quoted, &source).unwrap();
            let window = with_counterparts(&quoted, &source, window);
            assert_eq!(source[window.start..window.end].join(" "), version);
        }
    }

    #[test]
    fn apostrophes_and_case_normalise() {
        assert_eq!(w("Partners don’t IGNORE it"), ["partners", "don't", "ignore", "it"]);
    }
}
