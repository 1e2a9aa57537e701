//! The passages each query retrieves, remembered from one check to the next.
//!
//! Searching is nearly all of a check's work on a large corpus, and an edit
//! changes one sentence of a draft: the queries of every other claim are the
//! same as in the last check, and so are their answers, since a linter
//! belongs to one corpus. What a check asked is kept until the next check
//! ends, so memory holds one draft's worth of passages, not a history.

use std::sync::{Arc, Mutex, PoisonError};

use claimcheck_corpus::{Corpus, Passage, Query};
use rustc_hash::FxHashMap;

/// A query as remembered: its fields written out (numbers to the bit), and the limit.
type Key = (String, usize);

#[derive(Debug, Default)]
struct Remembered {
    /// Asked in the check under way.
    current: FxHashMap<Key, Arc<[Arc<Passage>]>>,
    /// Asked in the check before, not yet in this one.
    previous: FxHashMap<Key, Arc<[Arc<Passage>]>>,
}

/// Retrieval through the corpus, remembering answers across checks.
#[derive(Debug, Default)]
pub(crate) struct Retrieval {
    remembered: Mutex<Remembered>,
}

impl Retrieval {
    /// A new check begins: what the last one asked is kept for it, what the
    /// one before asked and the last did not is forgotten.
    pub(crate) fn begin_check(&self) {
        let mut remembered = self.remembered.lock().unwrap_or_else(PoisonError::into_inner);
        remembered.previous = std::mem::take(&mut remembered.current);
    }

    /// The passages the corpus retrieves for `query`, best first.
    pub(crate) fn retrieve(&self, corpus: &Corpus, query: &Query<'_>, limit: usize) -> Arc<[Arc<Passage>]> {
        let key = (format!("{:?} {:?} {:?} {:?} {:?}", query.text, query.entities, query.numbers.iter().map(|n| n.to_bits()).collect::<Vec<_>>(), query.years, query.within), limit);
        {
            let mut remembered = self.remembered.lock().unwrap_or_else(PoisonError::into_inner);
            let known = remembered.current.get(&key).cloned().or_else(|| remembered.previous.remove(&key));
            if let Some(passages) = known {
                remembered.current.insert(key, passages.clone());
                return passages;
            }
        }
        let passages: Arc<[Arc<Passage>]> = corpus.retrieve(query, limit).into_iter().map(|hit| Arc::new(hit.passage)).collect();
        self.remembered.lock().unwrap_or_else(PoisonError::into_inner).current.insert(key, passages.clone());
        passages
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
