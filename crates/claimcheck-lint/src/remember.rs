//! What a linter remembers from one check to the next.
//!
//! An edit changes one sentence of a draft; the claims around it ask the
//! same questions of the same corpus as in the last check (a linter belongs
//! to one corpus), so their answers are kept: the passages each query
//! retrieved, and each claim's judgement (`lib.rs`). What a check asked is
//! kept until the next check ends, so memory holds one draft's worth of
//! answers, not a history.

use std::sync::{Arc, Mutex, PoisonError};

use claimcheck_corpus::{Corpus, Passage, Query};
use rustc_hash::FxHashMap;

#[derive(Debug)]
struct Generations<V> {
    /// Asked in the check under way.
    current: FxHashMap<String, V>,
    /// Asked in the check before, not yet in this one.
    previous: FxHashMap<String, V>,
}

/// Answers by key, kept for the check under way and the one before.
#[derive(Debug)]
pub(crate) struct Remembered<V> {
    generations: Mutex<Generations<V>>,
}

impl<V> Default for Remembered<V> {
    fn default() -> Self {
        Remembered { generations: Mutex::new(Generations { current: FxHashMap::default(), previous: FxHashMap::default() }) }
    }
}

impl<V: Clone> Remembered<V> {
    /// A new check begins: what the last one asked is kept for it, what the
    /// one before asked and the last did not is forgotten.
    pub(crate) fn begin_check(&self) {
        let mut generations = self.generations.lock().unwrap_or_else(PoisonError::into_inner);
        generations.previous = std::mem::take(&mut generations.current);
    }

    /// The answer remembered under `key`, else `answer()`, remembered.
    pub(crate) fn get_or_insert_with(&self, key: String, answer: impl FnOnce() -> V) -> V {
        {
            let mut generations = self.generations.lock().unwrap_or_else(PoisonError::into_inner);
            let known = generations.current.get(&key).cloned().or_else(|| generations.previous.remove(&key));
            if let Some(value) = known {
                generations.current.insert(key, value.clone());
                return value;
            }
        }
        // Computed without the lock: an answer may itself ask other questions.
        let value = answer();
        self.generations.lock().unwrap_or_else(PoisonError::into_inner).current.insert(key, value.clone());
        value
    }
}

/// Retrieval through the corpus, remembering answers across checks.
pub(crate) type Retrieval = Remembered<Arc<[Arc<Passage>]>>;

impl Retrieval {
    /// The passages the corpus retrieves for `query`, best first.
    pub(crate) fn retrieve(&self, corpus: &Corpus, query: &Query<'_>, limit: usize) -> Arc<[Arc<Passage>]> {
        let numbers: Vec<u64> = query.numbers.iter().map(|n| n.to_bits()).collect();
        let key = format!("{limit} {:?} {:?} {numbers:?} {:?} {:?}", query.text, query.entities, query.years, query.within);
        self.get_or_insert_with(key, || corpus.retrieve(query, limit).into_iter().map(|hit| Arc::new(hit.passage)).collect())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use claimcheck_corpus::{Hit, IndexError, LoadOptions, Retriever};

    use super::*;

    /// Counts the searches that reach it.
    #[derive(Debug, Default)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl Retriever for Counting {
        fn search(&self, _: &Query<'_>, _: usize) -> Result<Vec<Hit>, IndexError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Vec::new())
        }
        fn passages(&self) -> u64 {
            0
        }
    }

    #[test]
    fn a_query_asked_again_is_answered_from_memory_until_a_check_skips_it() {
        let counting = Arc::new(Counting::default());
        let documents = vec![(PathBuf::from("a.txt"), "Acme paid 4,000 workers.\n".to_owned())];
        let corpus = Corpus::from_documents(documents, &LoadOptions::default()).expect("index").with_retriever(counting.clone());
        let searches = || counting.0.load(std::sync::atomic::Ordering::SeqCst);
        let retrieval = Retrieval::default();
        let (acme, bolt) = (Query { text: "Acme paid", ..Query::default() }, Query { text: "Bolt sold", ..Query::default() });

        retrieval.begin_check();
        retrieval.retrieve(&corpus, &acme, 5);
        retrieval.retrieve(&corpus, &acme, 5);
        retrieval.retrieve(&corpus, &Query { numbers: vec![4000.0], ..acme.clone() }, 5);
        retrieval.retrieve(&corpus, &acme, 6);
        assert_eq!(searches(), 3, "the same query and limit are searched once");

        retrieval.begin_check();
        retrieval.retrieve(&corpus, &acme, 5);
        retrieval.retrieve(&corpus, &bolt, 5);
        assert_eq!(searches(), 4, "the last check's answers carry over");

        retrieval.begin_check();
        retrieval.begin_check();
        retrieval.retrieve(&corpus, &acme, 5);
        assert_eq!(searches(), 5, "a check that did not ask forgets");
    }
}
