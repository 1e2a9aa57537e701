//! Judgement keys: what a claim's judgement depends on, wherever the claim
//! stands in the draft, as the text a judgement is found by.
//!
//! A key is made by formatting the claim's words, its facts and citations
//! relative to its start, and the sources it cites. Formatting every claim's
//! facts at every check was a tenth of an edit's work on a long draft, so
//! the keys of the last check are kept by what they were made of: a claim
//! the edit left as it was, wherever it moved, gets its key back by
//! comparing its parts, not by formatting them again.

use std::sync::{Mutex, PoisonError};

use claimcheck_core::{Citation, Facts, Sentence};
use claimcheck_corpus::SourceId;
use rustc_hash::FxHashMap;

use crate::verify::relative;

/// The keys of the last check, by the claims' words.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    last: Mutex<FxHashMap<String, Vec<Keyed>>>,
}

/// A claim's parts, relative to its start, and the key they made.
#[derive(Debug)]
struct Keyed {
    facts: Facts,
    citations: Vec<Citation>,
    cited: Vec<SourceId>,
    key: String,
}

impl Keys {
    /// The key of each claim (its sentence in `text`, and the sources it
    /// cites); those of this check are kept for the next, and those of the
    /// last are let go.
    pub(crate) fn of<'s>(&self, claims: impl Iterator<Item = (&'s Sentence, &'s [SourceId])>, text: &str) -> Vec<String> {
        let mut last = std::mem::take(&mut *self.last.lock().unwrap_or_else(PoisonError::into_inner));
        let mut now: FxHashMap<String, Vec<Keyed>> = FxHashMap::default();
        let keys = claims
            .map(|(sentence, cited)| {
                let words = sentence.span.slice(text);
                let (facts, citations) = relative_parts(sentence);
                let same = |keyed: &Keyed| keyed.facts == facts && keyed.citations == citations && keyed.cited == cited;
                let kept = last.get_mut(words).and_then(|keyed| Some(keyed.swap_remove(keyed.iter().position(same)?)));
                let keyed = kept.unwrap_or_else(|| {
                    let key = judgement_key(words, &facts, &citations, cited);
                    Keyed { facts, citations, cited: cited.to_vec(), key }
                });
                let key = keyed.key.clone();
                now.entry(words.to_owned()).or_default().push(keyed);
                key
            })
            .collect();
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = now;
        keys
    }
}

/// The sentence's facts and citations, their spans made relative to its start.
fn relative_parts(sentence: &Sentence) -> (Facts, Vec<Citation>) {
    let to_sentence = |span| relative(span, sentence.span);
    let mut facts = sentence.facts.clone();
    facts.map_spans(to_sentence);
    let citations = sentence.citations.iter().map(|c| Citation { span: to_sentence(c.span), ..c.clone() }).collect();
    (facts, citations)
}

/// What a claim's judgement depends on, wherever the claim stands in the
/// draft: its words as written, its facts and citations relative to its
/// start, and the sources it cites.
fn judgement_key(words: &str, facts: &Facts, citations: &[Citation], cited: &[SourceId]) -> String {
    format!("{words:?}\n{facts:?}\n{citations:?}\n{cited:?}")
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions, extract};

    use super::*;

    fn keys(keys: &Keys, text: &str) -> Vec<String> {
        let extraction = extract(text, DocumentKind::Markdown, &ExtractOptions::default());
        keys.of(extraction.claims().map(|sentence| (sentence, &[][..])), text)
    }

    #[test]
    fn a_kept_key_is_the_key_made_afresh() {
        let first = "Acme paid $40 million in 2015.\n\nBolt sold 12 servers to Acme in 2016.\n";
        let edited = "Acme paid $41 million in 2015, it said.\n\nBolt sold 12 servers to Acme in 2016.\n\nAcme paid $40 million in 2015.\n";
        let kept = Keys::default();
        let made = keys(&kept, first);
        assert_eq!(made.len(), 2);
        assert_eq!(made, keys(&Keys::default(), first));
        let again = keys(&kept, edited);
        assert_eq!(again, keys(&Keys::default(), edited), "moved, edited and new claims alike");
        assert_eq!(again[1], made[1], "a claim moved keeps its key");
        assert_eq!(again[2], made[0], "the same words and facts elsewhere: the same key");
        assert_ne!(again[0], made[0]);
    }

    #[test]
    fn a_claim_citing_other_sources_has_another_key() {
        let text = "Acme paid $40 million in 2015.\n";
        let extraction = extract(text, DocumentKind::Markdown, &ExtractOptions::default());
        let sentence = extraction.claims().next().expect("a claim");
        let kept = Keys::default();
        let uncited = kept.of(std::iter::once((sentence, &[][..])), text);
        let cited = kept.of(std::iter::once((sentence, &[SourceId(7)][..])), text);
        assert_ne!(uncited, cited);
        assert_eq!(cited, Keys::default().of(std::iter::once((sentence, &[SourceId(7)][..])), text));
    }
}
