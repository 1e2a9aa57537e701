//! Negations (`did not`, `never`) and hedges (`reportedly`, `allegedly`).

use crate::Span;
use crate::lexicon::class;
use crate::facts::Cue;
use crate::token::Token;

pub(crate) const NEGATING_WORDS: &[&str] = &[
        "never", "denied", "denies", "deny", "denying", "neither", "nor", "none", "didn't", "doesn't", "don't",
        "wasn't", "weren't", "isn't", "aren't", "hasn't", "haven't", "hadn't", "won't", "can't", "cannot",
        "couldn't", "wouldn't", "shouldn't",
    ];

crate::lexicon::word_set! {
    static AUXILIARIES = [
        "did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "will", "would", "could", "can",
        "should", "may", "might", "must",
    ];
}

/// Words that negate with what stands around them (`did not`, `no longer`),
/// unlike [`NEGATING_WORDS`], which negate alone.
pub(crate) const NEGATION_OPENERS: &[&str] = &["not", "no"];

/// Words that can open a hedge phrase.
pub(crate) const HEDGE_OPENERS: &[&str] = &["is", "are", "was", "were", "according", "may", "might", "could"];

pub(crate) const HEDGE_WORDS: &[&str] = &["reportedly", "allegedly", "purportedly", "supposedly", "apparently", "ostensibly"];

fn cue(text: &str, tokens: &[Token], first: usize, last: usize) -> Cue {
    let span = Span::new(tokens[first].span.start, tokens[last].span.end);
    let mut text = span.slice(text).to_lowercase();
    if text.contains('’') {
        text = text.replace('’', "'");
    }
    Cue { span, text }
}

fn is(text: &str, tokens: &[Token], i: usize, word: &str) -> bool {
    tokens.get(i).is_some_and(|t| t.text(text).eq_ignore_ascii_case(word))
}

pub(crate) fn negations(text: &str, tokens: &[Token]) -> Vec<Cue> {
    let mut cues = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        // The word classes say at once whether a word can negate, so most
        // words are passed over without comparing their text.
        if !token.is(class::NEGATION | class::NEGATION_OPENER) {
            continue;
        }
        if is(text, tokens, i, "not") {
            if is(text, tokens, i + 1, "only") {
                continue;
            }
            let aux = i.checked_sub(1).filter(|&j| AUXILIARIES.contains_ignore_case(tokens[j].text(text)));
            cues.push(cue(text, tokens, aux.unwrap_or(i), i));
        } else if is(text, tokens, i, "no") && is(text, tokens, i + 1, "longer") {
            cues.push(cue(text, tokens, i, i + 1));
        } else if token.is(class::NEGATION) {
            cues.push(cue(text, tokens, i, i));
        }
    }
    cues
}

pub(crate) fn hedges(text: &str, tokens: &[Token]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let is = |i: usize, word: &str| is(text, tokens, i, word);
    for i in 0..tokens.len() {
        if !tokens[i].is(class::HEDGE | class::HEDGE_OPENER) {
            continue;
        }
        if tokens[i].is(class::HEDGE) {
            cues.push(cue(text, tokens, i, i));
        } else if (["is", "are", "was", "were"].iter().any(|w| is(i, w)) && is(i + 1, "said") && is(i + 2, "to"))
            || (is(i, "according") && is(i + 1, "to") && is(i + 2, "reports"))
        {
            cues.push(cue(text, tokens, i, i + 2));
        } else if ["may", "might", "could"].iter().any(|w| is(i, w)) && is(i + 1, "have") {
            cues.push(cue(text, tokens, i, i + 1));
        }
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn texts(cues: Vec<Cue>) -> Vec<String> {
        cues.into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn negations_with_their_auxiliaries() {
        let text = "It did not pay, didn’t notify and never asked; it no longer denies it. Not only that.";
        assert_eq!(texts(negations(text, &tokenize(text))), ["did not", "didn't", "never", "no longer", "denies"]);
    }

    #[test]
    fn hedges() {
        let text = "It reportedly paid and is said to regret it; it could have leaked, according to reports.";
        assert_eq!(texts(super::hedges(text, &tokenize(text))), ["reportedly", "is said to", "could have", "according to reports"]);
    }
}
