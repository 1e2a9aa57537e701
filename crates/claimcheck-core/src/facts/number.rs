//! Reading numbers written in digits or words, with scales (`6.8 million`, `4k`, `1.2bn`).

use std::sync::LazyLock;

use text2num::lang::English;
use text2num::text2digits;

use crate::lexicon::{ascii_lowercase, class};
use crate::token::{Token, TokenKind};

static ENGLISH: LazyLock<English> = LazyLock::new(English::new);

/// Words that can be part of a number written out (`twenty-three thousand`).
pub(crate) const NUMBER_WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion", "and",
    ];

/// The multiplier of a scale word or suffix: `million`, `m`, `bn`, `k`.
/// Single-letter suffixes count only written against the digits (`4k`, `$40m`).
pub(crate) fn scale(word: &str, attached: bool) -> Option<f64> {
    // Scale words are short: the buffer holds `trillion`, and longer words are never scales.
    let mut buffer = [0u8; "trillion".len()];
    Some(match ascii_lowercase(word, &mut buffer)? {
        b"hundred" => 1e2,
        b"thousand" => 1e3,
        b"million" | b"mn" | b"mln" => 1e6,
        b"billion" | b"bn" => 1e9,
        b"trillion" | b"tn" => 1e12,
        b"k" if attached => 1e3,
        b"m" if attached => 1e6,
        b"b" if attached => 1e9,
        _ => return None,
    })
}

/// A number read from tokens: its value and the tokens it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ReadNumber {
    pub(crate) value: f64,
    /// Index of the first token of the number.
    pub(crate) first: usize,
    /// Index one past the last token (scale word included).
    pub(crate) end: usize,
    /// Written in words (`fifty million`) rather than digits.
    pub(crate) in_words: bool,
}

/// Reads the number whose first token is `tokens[i]`, with a scale after it.
pub(crate) fn read(text: &str, tokens: &[Token], i: usize) -> Option<ReadNumber> {
    let token = *tokens.get(i)?;
    let (value, mut end, in_words) = match token.kind {
        TokenKind::Number => (parse_digits(token.text(text))?, i + 1, false),
        TokenKind::Word => {
            let (value, end) = read_words(text, tokens, i)?;
            (value, end, true)
        }
        TokenKind::Punct => return None,
    };
    let mut value = value;
    if let Some(next) = tokens.get(end)
        && next.kind == TokenKind::Word
    {
        let attached = tokens[end - 1].touches(*next);
        let already_scaled = in_words && tokens[i..end].iter().any(|t| scale(t.text(text), false).is_some());
        if let Some(factor) = scale(next.text(text), attached).filter(|_| !already_scaled || attached) {
            value *= factor;
            end += 1;
        }
    }
    Some(ReadNumber { value, first: i, end, in_words })
}

/// The value of a digit token; copies only when it has thousands separators.
fn parse_digits(digits: &str) -> Option<f64> {
    if digits.contains(',') {
        digits.replace(',', "").parse().ok()
    } else {
        digits.parse().ok()
    }
}

/// Reads a run of number words (`twenty-three thousand`) starting at `i`.
fn read_words(text: &str, tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let is_number_word = |t: &Token| t.is(class::NUMBER_WORD);
    let first = tokens.get(i)?;
    if !is_number_word(first) || first.text(text).eq_ignore_ascii_case("and") {
        return None;
    }
    let mut end = i + 1;
    while tokens.get(end).is_some_and(is_number_word) {
        end += 1;
    }
    // A trailing `and` belongs to the sentence, not the number.
    while end > i + 1 && tokens[end - 1].text(text).eq_ignore_ascii_case("and") {
        end -= 1;
    }
    // Try the longest run text2num accepts.
    while end > i {
        let phrase: String = tokens[i..end]
            .iter()
            .map(|t| t.text(text).to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        if let Ok(digits) = text2digits(&phrase, &*ENGLISH)
            && let Ok(value) = digits.parse::<f64>()
        {
            return Some((value, end));
        }
        end -= 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn value(text: &str) -> Option<f64> {
        read(text, &tokenize(text), 0).map(|n| n.value)
    }

    #[test]
    fn digits_words_and_scales() {
        assert_eq!(value("4,000 pages"), Some(4000.0));
        assert_eq!(value("4000"), Some(4000.0));
        assert_eq!(value("4k users"), Some(4000.0));
        assert_eq!(value("6.8 million"), Some(6_800_000.0));
        assert_eq!(value("1.2bn"), Some(1.2e9));
        assert_eq!(value("four thousand"), Some(4000.0));
        assert_eq!(value("Fifty million users"), Some(50_000_000.0));
        assert_eq!(value("twenty-three"), Some(23.0));
        assert_eq!(value("4 m away"), Some(4.0));
        assert_eq!(value("pages"), None);
    }

    #[test]
    fn more_scales_and_non_numbers() {
        // Reading starts at the digits: the currency sign is the caller's.
        assert_eq!(value("$40m"), None);
        assert_eq!(value("87m users"), Some(87e6));
        assert_eq!(value("5bn"), Some(5e9));
        assert_eq!(value("6.8 mn"), Some(6.8e6));
        assert_eq!(value("two hundred"), Some(200.0));
        assert_eq!(value("and"), None);
    }
}
