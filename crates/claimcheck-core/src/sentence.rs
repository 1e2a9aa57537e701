//! Sentence boundaries in a prose block.
//!
//! No maintained Rust splitter handles news prose (`Unicode` sentence rules
//! split after `Dr.` and inside `U.S. officials`), so this one is ours: a
//! boundary is terminal punctuation, then any closing quotes or brackets, then
//! white space, then something that can start a sentence — unless the word
//! before the period is an abbreviation or an initial, or the boundary falls
//! inside a quotation.

use crate::Span;
use crate::facts::quotation::QuoteRange;
use crate::lexicon::ascii_lowercase;

/// Titles and other abbreviations that never end a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "capt", "sgt", "st", "rev", "hon",
    "pres", "supt", "fig", "figs", "no", "nos", "vs", "v", "cf", "approx", "ca", "vol", "pp", "p", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave", "e.g", "i.e", "viz", "al",
];

/// Abbreviations that often stand at the end of a sentence too: they end one
/// only when a word that typically opens a sentence follows.
const MAYBE_FINAL: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "jr", "sr", "etc", "bros", "dept", "univ", "assn", "u.s", "u.k", "u.n",
    "e.u", "a.m", "p.m", "d.c", "f.t.c", "n.y", "l.a",
];

/// No word in [`NEVER_FINAL`] or [`MAYBE_FINAL`] is longer.
const LONGEST_ABBREVIATION: usize = 8;

/// Words that usually open a sentence; after `Inc.` or `U.S.` they mark a boundary.
const SENTENCE_OPENERS: &[&str] = &[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there", "in",
    "on", "at", "but", "and", "so", "yet", "however", "meanwhile", "its", "his", "her", "their", "our", "after",
    "before", "when", "while", "since", "according", "as", "for", "if", "some", "many", "one", "both", "last",
];

/// Quotations longer than this may be split: past it, an unmatched mark is
/// more likely than a quotation of many sentences.
const MAX_QUOTE_SPAN: usize = 1200;

/// The sentences of `text`, trimmed of surrounding white space.
pub(crate) fn split(text: &str, quotes: &[QuoteRange]) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Only `.`, `!`, `?` and `…` (whose first byte is 0xE2) end sentences: jump from one such byte to the next.
    while let Some(offset) = crate::bytes::find_any(&bytes[i..], [b'.', b'!', b'?', 0xE2]) {
        i += offset;
        let terminator_len = terminator_at(text, i);
        if terminator_len == 0 {
            i += 1;
            continue;
        }
        let run_end = terminator_run_end(text, i);
        if let Some(next_start) = boundary_after(text, i, run_end, quotes) {
            push_trimmed(&mut sentences, text, Span::new(start, run_end));
            start = next_start;
            i = next_start;
        } else {
            i = run_end.max(i + terminator_len);
        }
    }
    push_trimmed(&mut sentences, text, Span::new(start, text.len()));
    sentences
}

fn push_trimmed(sentences: &mut Vec<Span>, text: &str, span: Span) {
    let slice = span.slice(text);
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let start = span.start + leading;
        sentences.push(Span::new(start, start + trimmed.len()));
    }
}

/// The byte length of a sentence-ending mark at `i`, or 0.
fn terminator_at(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b'.' | b'!' | b'?' => 1,
        0xE2 if text[i..].starts_with('…') => '…'.len_utf8(),
        _ => 0,
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_')
}

/// Where the run of terminators and closing marks starting at `i` ends.
fn terminator_run_end(text: &str, i: usize) -> usize {
    let mut end = i;
    for c in text[i..].chars() {
        if matches!(c, '.' | '!' | '?' | '…') || is_closing(c) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// If a sentence ends with the run `terminator..run_end`, where the next one starts.
fn boundary_after(text: &str, terminator: usize, run_end: usize, quotes: &[QuoteRange]) -> Option<usize> {
    let rest = &text[run_end..];
    let next_start = run_end + (rest.len() - rest.trim_start().len());
    if next_start == text.len() {
        return Some(next_start);
    }
    if next_start == run_end {
        // `6.8`, `U.S.A`, `a.m.,`: no space, no boundary.
        return None;
    }
    let next = text[next_start..].chars().next()?;
    if !(next.is_uppercase() || next.is_ascii_digit() || "\"“‘'([*_#".contains(next)) {
        return None;
    }
    if inside_quotation(run_end, quotes) {
        return None;
    }
    let run = &text[terminator..run_end];
    if run.starts_with('.') && !run.starts_with("..") && !abbreviation_may_end(text, terminator, next_start) {
        return None;
    }
    Some(next_start)
}

fn inside_quotation(offset: usize, quotes: &[QuoteRange]) -> bool {
    quotes
        .iter()
        .any(|q| q.closed && q.outer.len() <= MAX_QUOTE_SPAN && q.outer.start < offset && offset < q.outer.end)
}

/// Whether the period at `period` can end a sentence, given the word before it
/// and the word after.
fn abbreviation_may_end(text: &str, period: usize, next_start: usize) -> bool {
    let before = &text[..period];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(period, |(i, _)| i);
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let single_letter = letters.next().is_some() && letters.next().is_none() && !word.contains('.');
    if single_letter && word.chars().all(char::is_uppercase) {
        // An initial: `Mark E. Zuckerberg`.
        return false;
    }
    // Nearly every sentence ends here: lowercase an ASCII word in a buffer
    // rather than allocate (a word longer than the buffer is in neither
    // list). Other words need Unicode's lowercasing.
    let mut buffer = [0u8; LONGEST_ABBREVIATION];
    let unicode_lower;
    let lower = if word.is_ascii() {
        ascii_lowercase(word, &mut buffer)
    } else {
        unicode_lower = word.to_lowercase();
        Some(unicode_lower.as_bytes())
    };
    let listed = |list: &[&str]| lower.is_some_and(|lower| list.iter().any(|w| w.as_bytes() == lower));
    if listed(NEVER_FINAL) {
        return false;
    }
    let dotted = word.contains('.');
    if dotted || listed(MAYBE_FINAL) {
        return next_word_opens_sentence(&text[next_start..]);
    }
    true
}

fn next_word_opens_sentence(rest: &str) -> bool {
    let word: String = rest
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    SENTENCE_OPENERS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::quotation::quote_ranges;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, &quote_ranges(text)).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        assert_eq!(
            sentences("Dr. Ada E. Byron met U.S. officials and the F.T.C. at 9 a.m. on Monday. Sales rose 6.8 percent at Acme Inc. in May. No. 4 was next, e.g. later."),
            [
                "Dr. Ada E. Byron met U.S. officials and the F.T.C. at 9 a.m. on Monday.",
                "Sales rose 6.8 percent at Acme Inc. in May.",
                "No. 4 was next, e.g. later.",
            ]
        );
    }

    #[test]
    fn abbreviations_fit_the_lowercasing_buffer() {
        assert!(NEVER_FINAL.iter().chain(MAYBE_FINAL).all(|word| word.len() <= LONGEST_ABBREVIATION));
    }

    #[test]
    fn abbreviation_at_the_end_of_a_sentence() {
        assert_eq!(sentences("The firm moved to the U.S. The move cost $4 million."), ["The firm moved to the U.S.", "The move cost $4 million."]);
        assert_eq!(sentences("He joined Acme Inc. It grew."), ["He joined Acme Inc.", "It grew."]);
    }

    #[test]
    fn punctuation_inside_closing_quotes() {
        assert_eq!(
            sentences("She said, “We will stop.” Then she left. “Is it true?” he asked. 'Yes.' It was."),
            ["She said, “We will stop.”", "Then she left.", "“Is it true?” he asked.", "'Yes.'", "It was."]
        );
    }

    #[test]
    fn ellipses_and_exclamations() {
        assert_eq!(
            sentences("The files ran on… and on. Then… Nothing! Really?! Yes..."),
            ["The files ran on… and on.", "Then…", "Nothing!", "Really?!", "Yes..."]
        );
    }

    #[test]
    fn soft_line_breaks_are_spaces() {
        assert_eq!(sentences("The cache covers\nfour years. It was\nleaked."), ["The cache covers\nfour years.", "It was\nleaked."]);
    }

    #[test]
    fn no_terminal_punctuation_and_empty_input() {
        assert_eq!(sentences("A line without an end"), ["A line without an end"]);
        assert!(sentences("   ").is_empty());
        assert_eq!(sentences("..."), ["..."]);
    }
}
