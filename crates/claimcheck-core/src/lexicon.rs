//! Fixed word lists, looked up in constant time.
//!
//! Extraction checks most words of every sentence against several lists, so
//! a linear scan of a slice would dominate its cost; these sets hash once.

use rustc_hash::FxHashSet;

/// A set of lowercase words.
#[derive(Debug)]
pub(crate) struct WordSet {
    words: FxHashSet<&'static str>,
    /// Which lowercase first bytes any word has: most lookups end here.
    first_bytes: [bool; 256],
    longest: usize,
}

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> Self {
        let mut first_bytes = [false; 256];
        for word in words {
            if let Some(&b) = word.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
                first_bytes[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        WordSet { words: words.iter().copied().collect(), first_bytes, longest }
    }

    pub(crate) fn may_contain(&self, word: &str) -> bool {
        word.len() <= self.longest && word.as_bytes().first().is_some_and(|&b| self.first_bytes[usize::from(b)])
    }

    /// Exact lookup: the word as written.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.may_contain(word) && self.words.contains(word)
    }

    /// Lookup ignoring ASCII case, without allocating for words of up to 32 bytes.
    pub(crate) fn contains_ignore_case(&self, word: &str) -> bool {
        if !self.may_contain(word) {
            return false;
        }
        let mut buffer = [0u8; 32];
        let Some(slot) = buffer.get_mut(..word.len()) else {
            return self.words.contains(word.to_ascii_lowercase().as_str());
        };
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_lowercase();
        // Lowercasing ASCII bytes keeps UTF-8 valid.
        std::str::from_utf8(slot).is_ok_and(|lower| self.words.contains(lower))
    }
}

/// `word` with its ASCII letters lowercased in `buffer`, to match against
/// lowercase literals without allocating a `String` for every word read.
///
/// `None` when the word is longer than the buffer, and so longer than any
/// literal the caller compares it with.
pub(crate) fn ascii_lowercase<'b>(word: &str, buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    let lower = buffer.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    Some(lower)
}

/// Word classes the extractors test on every word, looked up once per word by
/// the tokenizer (see [`crate::token::Token::is`]) instead of once per extractor.
pub(crate) mod class {
    pub(crate) const NUMBER_WORD: u32 = 1;
    pub(crate) const NEGATION: u32 = 1 << 1;
    pub(crate) const HEDGE: u32 = 1 << 2;
    pub(crate) const REPORTING_VERB: u32 = 1 << 3;
    pub(crate) const REPORT_NOUN: u32 = 1 << 4;
    pub(crate) const FACTUAL_VERB: u32 = 1 << 5;
    pub(crate) const OPINION: u32 = 1 << 6;
    /// The first word of a hedge phrase: `is said to`, `according to reports`, `may have`.
    pub(crate) const HEDGE_OPENER: u32 = 1 << 7;
}

/// Every classified word with its classes.
static CLASSES: std::sync::LazyLock<WordClasses> = std::sync::LazyLock::new(|| {
    use crate::claim::{FACTUAL_VERBS, OPINION_MARKERS};
    use crate::facts::attribution::{REPORT_NOUNS, REPORTING_VERBS};
    use crate::facts::number::NUMBER_WORDS;
    use crate::facts::polarity::{HEDGE_OPENERS, HEDGE_WORDS, NEGATING_WORDS};
    let lists: [(&[&'static str], u32); 8] = [
        (HEDGE_OPENERS, class::HEDGE_OPENER),
        (NUMBER_WORDS, class::NUMBER_WORD),
        (NEGATING_WORDS, class::NEGATION),
        (HEDGE_WORDS, class::HEDGE),
        (REPORTING_VERBS, class::REPORTING_VERB),
        (REPORT_NOUNS, class::REPORT_NOUN),
        (FACTUAL_VERBS, class::FACTUAL_VERB),
        (OPINION_MARKERS, class::OPINION),
    ];
    let mut words: Vec<&'static str> = Vec::new();
    let mut classes = rustc_hash::FxHashMap::default();
    for (list, bit) in lists {
        for &word in list {
            *classes.entry(word).or_insert(0) |= bit;
            words.push(word);
        }
    }
    WordClasses { filter: WordSet::new(&words), classes }
});

struct WordClasses {
    /// The same words, for the cheap length and first-byte test.
    filter: WordSet,
    classes: rustc_hash::FxHashMap<&'static str, u32>,
}

/// The classes of a word, ignoring ASCII case; typographic apostrophes count as straight.
pub(crate) fn classes(word: &str) -> u32 {
    let lexicon = &*CLASSES;
    if word.contains('’') {
        return classes(&word.replace('’', "'"));
    }
    if !lexicon.filter.may_contain(word) {
        // `twenty-three`: a hyphenated word is a number word when all its parts are.
        return hyphenated_number(word);
    }
    let mut buffer = [0u8; 32];
    let Some(slot) = buffer.get_mut(..word.len()) else { return 0 };
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    let found = std::str::from_utf8(slot).ok().and_then(|lower| lexicon.classes.get(lower)).copied().unwrap_or(0);
    if found == 0 { hyphenated_number(word) } else { found }
}

fn hyphenated_number(word: &str) -> u32 {
    let number = word.contains('-') && word.split('-').all(|part| !part.contains('-') && classes(part) & class::NUMBER_WORD != 0);
    if number { class::NUMBER_WORD } else { 0 }
}

/// Declares a lazily built [`WordSet`].
macro_rules! word_set {
    ($(#[$meta:meta])* $vis:vis static $name:ident = [$($word:expr),* $(,)?];) => {
        $(#[$meta])*
        $vis static $name: std::sync::LazyLock<$crate::lexicon::WordSet> =
            std::sync::LazyLock::new(|| $crate::lexicon::WordSet::new(&[$($word),*]));
    };
}
pub(crate) use word_set;

#[cfg(test)]
mod tests {


    word_set! {
        static COLOURS = ["red", "green"];
    }

    #[test]
    fn lookups() {
        assert!(COLOURS.contains("red"));
        assert!(!COLOURS.contains("Red"));
        assert!(COLOURS.contains_ignore_case("GREEN"));
        assert!(!COLOURS.contains_ignore_case("greenish-and-a-very-long-word-indeed-over-32"));
        assert!(!COLOURS.contains_ignore_case("grün"));
    }
}
