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

    fn may_contain(&self, word: &str) -> bool {
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
