//! A small word tokenizer shared by the fact extractors.
//!
//! Tokens borrow nothing: each is a kind and a byte span into the text it was
//! made from, so extractors can look at neighbours and adjacency (`4k` is the
//! number `4` directly followed by the word `k`) without allocating.

use crate::Span;
use crate::lexicon::class;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters (and digits after the first letter), with inner apostrophes
    /// and hyphens: `it's`, `start-up`, `Six4Three`.
    Word,
    /// Digits with thousands separators or a decimal point: `4,000`, `6.8`.
    Number,
    /// Any other single character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
    /// The word's [`crate::lexicon::class`] bits, looked up once here.
    classes: u32,
}

impl Token {
    /// Whether the word belongs to a [`crate::lexicon::class`].
    pub(crate) fn is(self, class: u32) -> bool {
        self.classes & class != 0
    }

    pub(crate) fn text(self, text: &str) -> &str {
        self.span.slice(text)
    }

    /// Whether `next` starts exactly where this token ends (no space between).
    pub(crate) fn touches(self, next: Token) -> bool {
        self.span.end == next.span.start
    }
}

/// A word's lexicon classes, and whether it is capitalised.
fn word_classes(word: &str, hyphenated: bool) -> u32 {
    let capitalised = if is_capitalised(word) { class::CAPITALISED } else { 0 };
    crate::lexicon::classes(word, hyphenated) | capitalised
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    // `iPhone`, `eBay`: a lowercase letter then an uppercase one.
    first.is_uppercase() || (first.is_lowercase() && chars.next().is_some_and(char::is_uppercase))
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text` into words, numbers and punctuation; white space is dropped.
#[cfg(test)]
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut tokens);
    tokens
}

/// [`tokenize`], appending to `tokens`: a document's sentences share one buffer.
pub(crate) fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let (c, len) = char_at(text, start);
        let (kind, end, classes) = if c.is_whitespace() {
            start += len;
            continue;
        } else if c.is_ascii_digit() {
            (TokenKind::Number, number_end(bytes, start + 1), 0)
        } else if c.is_alphanumeric() {
            let (end, hyphenated) = word_end(text, start + len);
            (TokenKind::Word, end, word_classes(&text[start..end], hyphenated))
        } else {
            (TokenKind::Punct, start + len, 0)
        };
        tokens.push(Token { kind, span: Span::new(start, end), classes });
        start = end;
    }
}

/// The character at byte `i` (a char boundary) and its length, with a fast path for ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let byte = text.as_bytes()[i];
    if byte.is_ascii() {
        return (char::from(byte), 1);
    }
    let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8())
}

/// Where a number that started before `i` ends: digits, `,` before exactly
/// three digits (`4,000`; `2,3` is a list), `.` before a digit (`6.8`).
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    let digit_at = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    loop {
        match bytes.get(i) {
            Some(b) if b.is_ascii_digit() => i += 1,
            Some(b'.') if digit_at(i + 1) => i += 2,
            Some(b',') if digit_at(i + 1) && digit_at(i + 2) && digit_at(i + 3) && !digit_at(i + 4) => i += 4,
            _ => return i,
        }
    }
}

/// Where a word that started before `i` ends: letters and digits, joined
/// across an apostrophe or hyphen that has a letter or digit after it; and
/// whether it holds an ASCII `-`, which is how a number word is spelt (`twenty-three`).
fn word_end(text: &str, mut i: usize) -> (usize, bool) {
    let mut hyphenated = false;
    while i < text.len() {
        let (c, len) = char_at(text, i);
        if !c.is_alphanumeric() {
            let joins = (is_apostrophe(c) || is_hyphen(c))
                && i + len < text.len()
                && char_at(text, i + len).0.is_alphanumeric();
            if !joins {
                break;
            }
            hyphenated |= c == '-';
        }
        i += len;
    }
    (i, hyphenated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| format!("{:?}:{}", t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn words_numbers_and_marks() {
        assert_eq!(
            show("It's 4,000 pages, 6.8m users' start-up “Six4Three”."),
            [
                "Word:It's", "Number:4,000", "Word:pages", "Punct:,", "Number:6.8", "Word:m", "Word:users",
                "Punct:'", "Word:start-up", "Punct:“", "Word:Six4Three", "Punct:”", "Punct:."
            ]
        );
    }

    #[test]
    fn number_separators_need_digits_after() {
        assert_eq!(show("In 2015, 1,2 and 3."), ["Word:In", "Number:2015", "Punct:,", "Number:1", "Punct:,", "Number:2", "Word:and", "Number:3", "Punct:."]);
    }
}
