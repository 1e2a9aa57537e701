//! Fixed word lists, looked up in constant time.
//!
//! Extraction checks most words of every sentence against several lists, so
//! a linear scan of a slice would dominate its cost; these sets hash once.

use rustc_hash::FxHashSet;

/// A set of lowercase words.
#[derive(Debug)]
pub(crate) struct WordSet(FxHashSet<&'static str>);

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> Self {
        WordSet(words.iter().copied().collect())
    }

    /// Exact lookup: the word as written.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// Lookup ignoring ASCII case, without allocating for words of up to 32 bytes.
    pub(crate) fn contains_ignore_case(&self, word: &str) -> bool {
        let mut buffer = [0u8; 32];
        let Some(slot) = buffer.get_mut(..word.len()) else {
            return self.0.contains(word.to_ascii_lowercase().as_str());
        };
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_lowercase();
        // Lowercasing ASCII bytes keeps UTF-8 valid.
        std::str::from_utf8(slot).is_ok_and(|lower| self.0.contains(lower))
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
