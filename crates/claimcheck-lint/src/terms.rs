//! Content terms: the stemmed words that say what a sentence is about.
//!
//! Two sentences state the same fact when they share most content terms,
//! whatever their values; so values (numbers, number words, months) and
//! function words are left out, and words are stemmed so that `shared`,
//! `shares` and `sharing` meet.

use std::cell::RefCell;
use std::sync::LazyLock;

use claimcheck_core::Span;
use frostem::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::new(Algorithm::English));

/// Words that carry no content of their own, and value words.
static IGNORED: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    [
        // function words
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "as",
        "into",
        "onto",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "he",
        "she",
        "they",
        "them",
        "their",
        "theirs",
        "his",
        "her",
        "hers",
        "him",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "also",
        "even",
        "just",
        "only",
        "very",
        "more",
        "most",
        "some",
        "any",
        "all",
        "both",
        "each",
        "every",
        "other",
        "another",
        "such",
        "own",
        "same",
        "not",
        "no",
        "never",
        "if",
        "because",
        "while",
        "after",
        "before",
        "since",
        "until",
        "between",
        "during",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "per",
        "via",
        "s",
        "t",
        "re",
        "ve",
        "ll",
        "d",
        "m",
        "one",
        "ones",
        "much",
        "many",
        "said",
        "says",
        "say",
        "according",
        "reportedly",
        "allegedly",
        "reported",
        "report",
        "reports",
        "noted",
        "notes",
        "told",
        "added",
        "stated",
        "claimed",
        "wrote",
        // value words
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "dozen",
        "dozens",
        "percent",
        "cent",
        "k",
        "m",
        "bn",
        "mn",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "year",
        "years",
    ]
    .into_iter()
    .collect()
});

/// Words a thread remembers the stems of before it starts again: more than
/// a draft and the passages of a few hundred claims use.
const REMEMBERED_STEMS: usize = 50_000;

thread_local! {
    /// Stems by word as written. Every check stems each claim's words again,
    /// and the passages of a corpus use few words many times; Snowball
    /// stemming costs more than a look-up.
    static STEMS: RefCell<FxHashMap<String, Option<String>>> = RefCell::default();
}

/// The stem of one word, or `None` for a function word, a value or a number.
pub(crate) fn stem(word: &str) -> Option<String> {
    STEMS.with_borrow_mut(|stems| {
        if let Some(stem) = stems.get(word) {
            return stem.clone();
        }
        if stems.len() >= REMEMBERED_STEMS {
            stems.clear();
        }
        let stem = stem_afresh(word);
        stems.insert(word.to_owned(), stem.clone());
        stem
    })
}

fn stem_afresh(word: &str) -> Option<String> {
    let lower = word.to_lowercase().replace('’', "'");
    let lower = lower.strip_suffix("'s").or_else(|| lower.strip_suffix('\'')).unwrap_or(&lower);
    if lower.is_empty() || IGNORED.contains(lower) || lower.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(STEMMER.stem(lower).into_owned())
}

/// Words of `text`: runs of letters and digits, with inner apostrophes and hyphens.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            let joins = c.is_alphanumeric() || (matches!(c, '\'' | '’' | '-') && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric));
            if !joins {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        let end = end.max(start + text[start..].chars().next().map_or(1, char::len_utf8));
        Some((start, &text[start..end]))
    })
}

/// The content terms of `text`, leaving out words inside `excluded` (byte
/// ranges relative to `text`).
pub(crate) fn content_terms(text: &str, excluded: &[Span]) -> FxHashSet<String> {
    words(text).filter(|(at, word)| !excluded.iter().any(|span| span.start <= *at && *at + word.len() <= span.end)).filter_map(|(_, word)| stem(word)).collect()
}

/// The share of `claim` terms found in `passage`, 0 when `claim` has none.
pub(crate) fn coverage(claim: &FxHashSet<String>, passage: &FxHashSet<String>) -> f32 {
    if claim.is_empty() {
        return 0.0;
    }
    let shared = claim.iter().filter(|t| passage.contains(*t)).count();
    shared as f32 / claim.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(terms: FxHashSet<String>) -> Vec<String> {
        let mut terms: Vec<_> = terms.into_iter().collect();
        terms.sort();
        terms
    }

    #[test]
    fn values_and_function_words_are_left_out() {
        assert_eq!(sorted(content_terms("Facebook’s partners shared 4,000 pages in April 2015, it said.", &[])), ["facebook", "page", "partner", "share"]);
    }

    #[test]
    fn a_remembered_stem_is_the_stem() {
        for word in ["Sharing", "Facebook’s", "the", "2015", "companies", "Sharing", "companies"] {
            assert_eq!(stem(word), stem_afresh(word), "{word}");
        }
        assert_eq!(stem("Sharing").as_deref(), Some("share"));
    }

    #[test]
    fn stems_meet_across_forms() {
        let claim = content_terms("The company shares data", &[]);
        let passage = content_terms("the companies were sharing their data", &[]);
        assert_eq!(coverage(&claim, &passage), 1.0);
    }

    #[test]
    fn excluded_spans_do_not_count() {
        let text = "Amazon got access, according to NBC News.[^1]";
        let nbc = text.find("NBC").unwrap();
        let excluded = [Span::new(nbc, text.len())];
        assert_eq!(sorted(content_terms(text, &excluded)), ["access", "amazon", "got"]);
    }
}
