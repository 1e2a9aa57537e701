//! Quotations and their speakers.
//!
//! Marks are paired in one pass over a paragraph: straight, typographic and
//! angle double quotes, and single quotes when they are shaped like quotes
//! rather than apostrophes (`it's`, `users’ data`, `’90s` are apostrophes).

use crate::Span;
use crate::facts::phrase;
use crate::facts::{Quotation, Speaker};
use crate::token::{Token, TokenKind};

/// Where a pair of quotation marks stands in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuoteRange {
    /// From the opening mark to the closing mark, inclusive.
    pub(crate) outer: Span,
    /// Between the marks.
    pub(crate) inner: Span,
    pub(crate) closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Straight,
    Curly,
    Angle,
    Single,
}

impl Mark {
    fn is_double(self) -> bool {
        self != Mark::Single
    }
}

/// Pairs the quotation marks of a block; returns the outermost quotations.
pub(crate) fn quote_ranges(text: &str) -> Vec<QuoteRange> {
    let mut ranges = Vec::new();
    let mut open: Vec<(Mark, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    // Only quote marks matter: jump from one byte that may start one to the next.
    while let Some(offset) = crate::bytes::find_any(&bytes[from..], [b'"', b'\'', 0xC2, 0xE2]) {
        let at = from + offset;
        let Some(c) = text[at..].chars().next() else { break };
        from = at + c.len_utf8();
        if !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»') {
            continue;
        }
        let previous = text[..at].chars().next_back();
        let next = text[from..].chars().next();
        let letter_before = previous.is_some_and(char::is_alphanumeric);
        let letter_after = next.is_some_and(char::is_alphanumeric);
        let opens_shape = !letter_before && next.is_some_and(|n| !n.is_whitespace());
        let closing = match c {
            '“' => {
                open.push((Mark::Curly, at));
                None
            }
            '«' => {
                open.push((Mark::Angle, at));
                None
            }
            '”' => open.iter().rposition(|(m, _)| matches!(m, Mark::Curly | Mark::Straight)),
            '»' => open.iter().rposition(|(m, _)| *m == Mark::Angle),
            '"' => match open.iter().rposition(|(m, _)| matches!(m, Mark::Straight | Mark::Curly)) {
                Some(index) if !opens_shape || open[index].0 == Mark::Straight => Some(index),
                _ => {
                    open.push((Mark::Straight, at));
                    None
                }
            },
            '‘' => {
                open.push((Mark::Single, at));
                None
            }
            '’' | '\'' => {
                let single_open = open.iter().rposition(|(m, _)| *m == Mark::Single);
                if letter_before && letter_after {
                    None // an apostrophe inside a word
                } else if let Some(index) = single_open.filter(|_| !letter_after) {
                    Some(index)
                } else {
                    if c == '\'' && opens_shape && letter_after && !letter_before {
                        open.push((Mark::Single, at));
                    }
                    None
                }
            }
            _ => None,
        };
        if let Some(index) = closing {
            let (mark, start) = open[index];
            open.truncate(index);
            let end = at + c.len_utf8();
            let outermost_double = mark.is_double() && !open.iter().any(|(m, _)| m.is_double());
            let top_level_single = mark == Mark::Single && open.is_empty();
            if outermost_double || top_level_single {
                let inner = Span::new(start + text[start..].chars().next().map_or(1, char::len_utf8), at);
                ranges.push(QuoteRange { outer: Span::new(start, end), inner, closed: true });
            }
        }
    }
    // An unclosed double quote runs to the end of the block.
    if let Some(&(_, start)) = open.iter().find(|(m, _)| m.is_double()) {
        let inner = Span::new(start + text[start..].chars().next().map_or(1, char::len_utf8), text.len());
        ranges.push(QuoteRange { outer: Span::new(start, text.len()), inner, closed: false });
    }
    ranges.sort_by_key(|r| r.outer.start);
    // Keep only outermost ranges.
    let mut outermost: Vec<QuoteRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        if !outermost.last().is_some_and(|last| last.outer.contains(range.outer)) {
            outermost.push(range);
        }
    }
    outermost
}

crate::lexicon::word_set! {
    /// Verbs that introduce words someone said or wrote.
    static SPEECH_VERBS = [
        "said", "says", "say", "added", "adds", "told", "tells", "wrote", "writes", "noted", "notes", "stated",
        "states", "explained", "explains", "argued", "argues", "claimed", "claims", "insisted", "insists", "asked",
        "asks", "replied", "replies", "warned", "warns", "acknowledged", "admitted", "confirmed", "described",
        "describes", "called", "calls", "recalled", "declared", "announced", "remarked", "commented", "continued",
    ];
}

/// How far before a quotation its speech verb may stand (`X said the approach was “…”`).
const VERB_REACH: usize = 8;

/// Finds the quotations of one sentence, with the speaker the sentence names.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Quotation> {
    // Every quotation opens with a mark that stands alone as a token (an
    // apostrophe inside a word never opens one), and most sentences hold none:
    // a look at their tokens is cheaper than pairing marks byte by byte.
    let opens_quotation = |t: &Token| t.kind == TokenKind::Punct && matches!(t.text(text), "\"" | "“" | "«" | "‘" | "'");
    if !tokens.iter().any(opens_quotation) {
        return Vec::new();
    }
    quote_ranges(text)
        .into_iter()
        .filter(|range| !range.inner.slice(text).trim().is_empty())
        .map(|range| {
            let speaker = speaker(text, tokens, range).map(|(name, span)| Speaker { name, span: Some(span), entity: None });
            Quotation { span: range.outer, inner: range.inner, text: range.inner.slice(text).to_owned(), speaker, closed: range.closed }
        })
        .collect()
}

fn is_speech_verb(text: &str, token: Option<&Token>) -> bool {
    token.is_some_and(|t| t.kind == TokenKind::Word && SPEECH_VERBS.contains_ignore_case(t.text(text)))
}

/// The speaker named around a quotation.
fn speaker(text: &str, tokens: &[Token], range: QuoteRange) -> Option<phrase::Phrase> {
    let first_inside = tokens.iter().position(|t| t.span.start >= range.outer.start)?;
    let after = tokens.iter().position(|t| t.span.start >= range.outer.end).unwrap_or(tokens.len());
    // After: `"…," she said` or `"…," said Jane Doe`.
    let mut j = after;
    while tokens.get(j).is_some_and(|t| t.kind == TokenKind::Punct && t.text(text) == ",") {
        j += 1;
    }
    if is_speech_verb(text, tokens.get(j))
        && let Some(found) = phrase::starting_at(text, tokens, j + 1) {
            return Some(found);
        }
    if let Some((name, span)) = phrase::starting_at(text, tokens, j) {
        let phrase_end = tokens.iter().position(|t| t.span.start >= span.end).unwrap_or(tokens.len());
        if is_speech_verb(text, tokens.get(phrase_end)) {
            return Some((name, span));
        }
    }
    // Before: `Jane Doe said: "…"`, `according to X, "…"`, `X: "…"`.
    let reach_start = first_inside.saturating_sub(VERB_REACH);
    for verb in (reach_start..first_inside).rev() {
        if is_speech_verb(text, tokens.get(verb)) {
            return verb.checked_sub(1).and_then(|last| phrase::ending_at(text, tokens, last));
        }
        if tokens[verb].text(text).eq_ignore_ascii_case("according") && tokens.get(verb + 1).is_some_and(|t| t.text(text) == "to") {
            return phrase::starting_at(text, tokens, verb + 2);
        }
    }
    if first_inside >= 2 && tokens[first_inside - 1].text(text) == ":" {
        return phrase::ending_at(text, tokens, first_inside - 2);
    }
    None
}

/// A line that credits the quotation before it: `— Jane Doe, Director of Policy`.
pub(crate) fn dash_attribution(text: &str) -> Option<(String, Span)> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    let rest = ["—", "–", "--", "-"].iter().find_map(|dash| trimmed.strip_prefix(dash))?;
    let name_start = offset + (trimmed.len() - rest.len()) + (rest.len() - rest.trim_start().len());
    let name: String = text[name_start..].chars().take_while(|c| !matches!(c, ',' | '(' | '\n' | '.')).collect();
    let name = name.trim_end();
    let words = name.split_whitespace().count();
    let is_name = (1..=5).contains(&words) && name.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase()));
    is_name.then(|| (name.to_owned(), Span::new(name_start, name_start + name.len())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn ranges(text: &str) -> Vec<(&str, bool)> {
        quote_ranges(text).into_iter().map(|r| (r.inner.slice(text), r.closed)).collect()
    }

    fn quotes(text: &str) -> Vec<(String, Option<String>)> {
        find(text, &tokenize(text)).into_iter().map(|q| (q.text, q.speaker.map(|s| s.name))).collect()
    }

    #[test]
    fn marks_pair_and_apostrophes_do_not() {
        assert_eq!(ranges("It's the users' data, “not ours,” she said; \"fine\"."), [("not ours,", true), ("fine", true)]);
        assert_eq!(ranges("He asked, “So, ‘if you’re in, don’t stay’?” and left."), [("So, ‘if you’re in, don’t stay’?", true)]);
        assert_eq!(ranges("Called 'Favourites,' big spenders in the ’90s."), [("Favourites,", true)]);
        assert_eq!(ranges("A quote “across a\nline” here."), [("across a\nline", true)]);
        assert_eq!(ranges("A third said, “more than that, it’s odd."), [("more than that, it’s odd.", false)]);
    }

    #[test]
    fn speakers_before_and_after() {
        assert_eq!(quotes("Jane Okafor said: \"We shared nothing.\""), [("We shared nothing.".to_owned(), Some("Jane Okafor".to_owned()))]);
        assert_eq!(quotes("“We shared nothing,” said the company."), [("We shared nothing,".to_owned(), Some("the company".to_owned()))]);
        assert_eq!(quotes("“We shared nothing,” she added."), [("We shared nothing,".to_owned(), Some("she".to_owned()))]);
        assert_eq!(
            quotes("Another engineer said the approach was “more than complicated.”"),
            [("more than complicated.".to_owned(), Some("Another engineer".to_owned()))]
        );
        assert_eq!(quotes("The firm weighed “different routes.”"), [("different routes.".to_owned(), None)]);
        assert_eq!(quotes("According to Lee Park, “it is done.”"), [("it is done.".to_owned(), Some("Lee Park".to_owned()))]);
    }

    #[test]
    fn dash_lines_name_the_speaker() {
        assert_eq!(dash_attribution("— Lee Park, a spokesperson").map(|d| d.0).as_deref(), Some("Lee Park"));
        assert_eq!(dash_attribution("-- Jane Okafor").map(|d| d.0).as_deref(), Some("Jane Okafor"));
        assert_eq!(dash_attribution("— and then nothing"), None);
        assert_eq!(dash_attribution("No dash here"), None);
    }
}
