//! Noun phrases around a cue: who said or reported something.
//!
//! No parser: a phrase is a capitalised name (`Steve Satterfield`, `the
//! Royal Bank of Canada`), a determiner with up to three words (`another
//! engineer`, `a Facebook spokesperson`, `the report`), or a pronoun.

use crate::Span;
use crate::token::{Token, TokenKind};

crate::lexicon::word_set! {
    static PRONOUNS = ["he", "she", "they", "it", "we", "i", "you"];
}

crate::lexicon::word_set! {
    static DETERMINERS = [
        "a", "an", "the", "another", "one", "his", "her", "its", "their", "our", "this", "that", "some", "several",
        "two", "three", "many",
    ];
}

crate::lexicon::word_set! {
    /// Words that end a phrase when met while walking.
    static BREAKS = [
        "and", "or", "but", "that", "which", "who", "when", "while", "if", "because", "said", "says", "told", "was",
        "were", "is", "are", "has", "have", "had", "to", "in", "on", "at", "for", "with", "as", "from", "by",
        "according",
    ];
}

/// A phrase: its text and span relative to the text.
pub(crate) type Phrase = (String, Span);

fn is_word(token: &Token) -> bool {
    token.kind == TokenKind::Word
}

fn capitalised(text: &str, token: &Token) -> bool {
    is_word(token) && token.text(text).starts_with(|c: char| c.is_uppercase())
}

fn phrase(text: &str, tokens: &[Token], first: usize, last: usize) -> Phrase {
    let span = Span::new(tokens[first].span.start, tokens[last].span.end);
    let surface = span.slice(text);
    let name = surface.strip_suffix("'s").or_else(|| surface.strip_suffix("’s")).unwrap_or(surface);
    (name.to_owned(), Span::new(span.start, span.start + name.len()))
}

/// The phrase that ends at token `last`, walking back; an apposition set
/// off by commas just before (`Jane Doe, the firm's director, said`) is skipped.
pub(crate) fn ending_at(text: &str, tokens: &[Token], last: usize) -> Option<Phrase> {
    let mut last = last;
    if tokens.get(last)?.text(text) == "," {
        // Between two commas stands either the name (`Its chief, Dana Whitfield, said`)
        // or a description of the name before (`Dana Whitfield, its chief, said`).
        let open = (last.saturating_sub(14)..last).rev().find(|&j| tokens[j].text(text) == ",")?;
        let between = last.checked_sub(1).filter(|&j| j > open).and_then(|j| ending_at(text, tokens, j));
        if let Some(name) = between.filter(|(name, _)| name.starts_with(|c: char| c.is_uppercase())) {
            return Some(name);
        }
        last = open.checked_sub(1)?;
    }
    let token = tokens.get(last)?;
    if !is_word(token) {
        return None;
    }
    if PRONOUNS.contains_ignore_case(token.text(text)) {
        return Some(phrase(text, tokens, last, last));
    }
    let mut first = last;
    if capitalised(text, token) {
        while first > 0 {
            let previous = &tokens[first - 1];
            let connector = matches!(previous.text(text), "of" | "the") && first >= 2 && capitalised(text, &tokens[first - 2]);
            if capitalised(text, previous) || connector {
                first -= 1;
            } else {
                break;
            }
        }
        if first > 0 && tokens[first - 1].text(text) == "the" {
            first -= 1;
        }
        return Some(phrase(text, tokens, first, last));
    }
    // A common noun: walk back to a determiner, three words at most.
    while first > 0 && last - first < 3 {
        let previous = &tokens[first - 1];
        if !is_word(previous) || BREAKS.contains_ignore_case(previous.text(text)) {
            return None;
        }
        first -= 1;
        if DETERMINERS.contains_ignore_case(previous.text(text)) {
            return Some(phrase(text, tokens, first, last));
        }
    }
    None
}

/// The phrase that starts at token `first`, walking forward.
pub(crate) fn starting_at(text: &str, tokens: &[Token], first: usize) -> Option<Phrase> {
    let token = tokens.get(first)?;
    if !is_word(token) {
        return None;
    }
    if PRONOUNS.contains_ignore_case(token.text(text)) {
        return Some(phrase(text, tokens, first, first));
    }
    let name_start = if token.text(text).eq_ignore_ascii_case("the") && tokens.get(first + 1).is_some_and(|t| capitalised(text, t)) {
        first + 1
    } else {
        first
    };
    if capitalised(text, &tokens[name_start]) {
        let mut last = name_start;
        while let Some(next) = tokens.get(last + 1) {
            let connector = matches!(next.text(text), "of" | "the") && tokens.get(last + 2).is_some_and(|t| capitalised(text, t));
            if capitalised(text, next) || connector {
                last += 1;
            } else {
                break;
            }
        }
        return Some(phrase(text, tokens, first, last));
    }
    if !DETERMINERS.contains_ignore_case(token.text(text)) {
        return None;
    }
    let mut last = first;
    while let Some(next) = tokens.get(last + 1) {
        if !is_word(next) || BREAKS.contains_ignore_case(next.text(text)) || last - first >= 3 {
            break;
        }
        last += 1;
    }
    (last > first).then(|| phrase(text, tokens, first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn before(text: &str, word: &str) -> Option<String> {
        let tokens = tokenize(text);
        let at = tokens.iter().position(|t| t.text(text) == word)?;
        ending_at(text, &tokens, at - 1).map(|p| p.0)
    }

    fn after(text: &str, word: &str) -> Option<String> {
        let tokens = tokenize(text);
        let at = tokens.iter().position(|t| t.text(text) == word)?;
        starting_at(text, &tokens, at + 1).map(|p| p.0)
    }

    #[test]
    fn phrases_before_a_verb() {
        assert_eq!(before("Later, Jane Okafor said so.", "said").as_deref(), Some("Jane Okafor"));
        assert_eq!(before("Then another engineer said so.", "said").as_deref(), Some("another engineer"));
        assert_eq!(before("It was odd, a third said.", "said").as_deref(), Some("a third"));
        assert_eq!(before("Jane Okafor, the firm's chief, said it.", "said").as_deref(), Some("Jane Okafor"));
        assert_eq!(before("and the Times noted", "noted").as_deref(), Some("the Times"));
        assert_eq!(before("so he said", "said").as_deref(), Some("he"));
        assert_eq!(before("data was said", "said"), None);
    }

    #[test]
    fn phrases_after_a_cue() {
        assert_eq!(after("according to the Royal Bank of Canada, it", "to").as_deref(), Some("the Royal Bank of Canada"));
        assert_eq!(after("said the report", "said").as_deref(), Some("the report"));
        assert_eq!(after("said Mark Zuckerberg.", "said").as_deref(), Some("Mark Zuckerberg"));
    }
}
