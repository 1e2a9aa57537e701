//! Fixed word lists, looked up in constant time.
//!
//! Extraction checks most words of every sentence against several lists, so
//! a linear scan of a slice would dominate its cost; these sets hash once,
//! and only the words that pass a cheaper test first.

use rustc_hash::{FxHashMap, FxHashSet};

/// The longest word the lists hold; longer words are in none of them.
const LONGEST_WORD: usize = 32;

/// Which lengths the words of a list have for each first and each last byte
/// (either case): two table lookups that turn away most words of a text
/// before any hashing.
#[derive(Debug)]
struct Shapes {
    /// Bit `n` of entry `b`: some word `n` bytes long starts with byte `b`.
    lengths_by_first_byte: [u64; 256],
    /// Bit `n` of entry `b`: some word `n` bytes long ends with byte `b`.
    lengths_by_last_byte: [u64; 256],
}

impl Shapes {
    fn new(words: &[&'static str]) -> Self {
        let mut shapes = Shapes { lengths_by_first_byte: [0; 256], lengths_by_last_byte: [0; 256] };
        for word in words {
            debug_assert!(word.len() <= LONGEST_WORD, "{word} is longer than the lists allow");
            let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last()) else { continue };
            let length = 1 << word.len();
            for b in [first.to_ascii_lowercase(), first.to_ascii_uppercase()] {
                shapes.lengths_by_first_byte[usize::from(b)] |= length;
            }
            for b in [last.to_ascii_lowercase(), last.to_ascii_uppercase()] {
                shapes.lengths_by_last_byte[usize::from(b)] |= length;
            }
        }
        shapes
    }

    fn may_contain(&self, word: &str) -> bool {
        let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last()) else { return false };
        word.len() <= LONGEST_WORD
            && self.lengths_by_first_byte[usize::from(first)] & self.lengths_by_last_byte[usize::from(last)] & (1 << word.len()) != 0
    }
}

/// A set of words.
#[derive(Debug)]
pub(crate) struct WordSet {
    /// As bytes, so that a word lowercased in a buffer needs no UTF-8 check.
    words: FxHashSet<&'static [u8]>,
    shapes: Shapes,
}

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> Self {
        WordSet { words: words.iter().map(|w| w.as_bytes()).collect(), shapes: Shapes::new(words) }
    }

    /// Exact lookup: the word as written.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.shapes.may_contain(word) && self.words.contains(word.as_bytes())
    }

    /// Lookup ignoring ASCII case; the set's words are lowercase.
    pub(crate) fn contains_ignore_case(&self, word: &str) -> bool {
        let mut buffer = [0u8; LONGEST_WORD];
        self.shapes.may_contain(word) && ascii_lowercase(word, &mut buffer).is_some_and(|lower| self.words.contains(lower))
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
    /// A capitalised word (`Facebook`, `iPhone`): a shape rather than a list,
    /// set by the tokenizer, since the names passes test every word for it.
    pub(crate) const CAPITALISED: u32 = 1 << 8;
    /// A word other than a number word that can open a quantity: `between`, `a dozen`, `hundreds of`.
    pub(crate) const QUANTITY_OPENER: u32 = 1 << 9;
    /// `not`, `no`: a negation with the words around it (`did not`, `no longer`).
    pub(crate) const NEGATION_OPENER: u32 = 1 << 10;
    /// `according` (to), `reported` (by), `published` (by).
    pub(crate) const ATTRIBUTION_OPENER: u32 = 1 << 11;
}

/// Every classified word with its classes.
static CLASSES: std::sync::LazyLock<WordClasses> = std::sync::LazyLock::new(|| {
    use crate::claim::{FACTUAL_VERBS, OPINION_MARKERS};
    use crate::facts::attribution::{ATTRIBUTION_OPENERS, REPORT_NOUNS, REPORTING_VERBS};
    use crate::facts::number::NUMBER_WORDS;
    use crate::facts::polarity::{HEDGE_OPENERS, HEDGE_WORDS, NEGATING_WORDS, NEGATION_OPENERS};
    use crate::facts::quantity::QUANTITY_OPENERS;
    let lists: [(&[&'static str], u32); 11] = [
        (HEDGE_OPENERS, class::HEDGE_OPENER),
        (NUMBER_WORDS, class::NUMBER_WORD),
        (NEGATING_WORDS, class::NEGATION),
        (HEDGE_WORDS, class::HEDGE),
        (REPORTING_VERBS, class::REPORTING_VERB),
        (REPORT_NOUNS, class::REPORT_NOUN),
        (FACTUAL_VERBS, class::FACTUAL_VERB),
        (OPINION_MARKERS, class::OPINION),
        (QUANTITY_OPENERS, class::QUANTITY_OPENER),
        (NEGATION_OPENERS, class::NEGATION_OPENER),
        (ATTRIBUTION_OPENERS, class::ATTRIBUTION_OPENER),
    ];
    let mut words: Vec<&'static str> = Vec::new();
    let mut classes = FxHashMap::default();
    for (list, bit) in lists {
        for &word in list {
            *classes.entry(word.as_bytes()).or_insert(0) |= bit;
            words.push(word);
        }
    }
    WordClasses { shapes: Shapes::new(&words), classes }
});

struct WordClasses {
    shapes: Shapes,
    classes: FxHashMap<&'static [u8], u32>,
}

/// The classes of a word, ignoring ASCII case; typographic apostrophes count as straight.
///
/// `hyphenated` says whether the word holds a `-`: the tokenizer knows it
/// from walking the word, and most words have none, so they skip the search.
pub(crate) fn classes(word: &str, hyphenated: bool) -> u32 {
    let lexicon = &*CLASSES;
    // Only a word with a non-ASCII byte can hold a `’`; most words skip the
    // search, which runs byte by byte for a three-byte pattern.
    if !word.is_ascii() && word.contains('’') {
        return classes(&word.replace('’', "'"), hyphenated);
    }
    let found = if lexicon.shapes.may_contain(word) {
        let mut buffer = [0u8; LONGEST_WORD];
        ascii_lowercase(word, &mut buffer).and_then(|lower| lexicon.classes.get(lower)).copied().unwrap_or(0)
    } else {
        0
    };
    if found == 0 && hyphenated { hyphenated_number(word) } else { found }
}

/// `twenty-three`: a hyphenated word is a number word when all its parts are.
fn hyphenated_number(word: &str) -> u32 {
    let number = word.split('-').all(|part| classes(part, false) & class::NUMBER_WORD != 0);
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
