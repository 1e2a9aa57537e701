//! What a linter remembers from one check to the next.
//!
//! An edit changes one sentence of a draft; the claims around it ask the
//! same questions of the same corpus as in the last check (a linter belongs
//! to one corpus), so their answers are kept: the passages each query
//! retrieved, and each claim's judgement (`lib.rs`). In the server, what a
//! check asked is kept until the next check ends, so memory holds one
//! draft's worth of answers, not a history. A run of the CLI keeps every
//! answer of the run, and can start from the answers an earlier run over the
//! same corpus gave (recalled).

use std::sync::{Arc, Mutex, PoisonError};

use claimcheck_corpus::{Corpus, Passage, Query};
use rustc_hash::FxHashMap;

#[derive(Debug)]
struct Generations<V> {
    /// Asked in the check under way.
    current: FxHashMap<String, V>,
    /// Asked in the check before, not yet in this one.
    previous: FxHashMap<String, V>,
    /// Answers of an earlier run, not yet asked for in this one.
    recalled: FxHashMap<String, V>,
    /// Whether any answer had to be worked out rather than remembered.
    worked_out: bool,
}

/// When answers are forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forgetting {
    /// What neither the check under way nor the one before asked: an editor's
    /// drafts change for as long as the server runs.
    AfterTwoChecks,
    /// Nothing, for as long as the memory lives: one run of the CLI.
    Never,
}

/// Answers by key, kept as [`Forgetting`] says.
#[derive(Debug)]
pub(crate) struct Remembered<V> {
    generations: Mutex<Generations<V>>,
    forgetting: Forgetting,
}

impl<V> Default for Remembered<V> {
    fn default() -> Self {
        Remembered::new(Forgetting::AfterTwoChecks)
    }
}

impl<V> Remembered<V> {
    pub(crate) fn new(forgetting: Forgetting) -> Self {
        let generations =
            Generations { current: FxHashMap::default(), previous: FxHashMap::default(), recalled: FxHashMap::default(), worked_out: false };
        Remembered { generations: Mutex::new(generations), forgetting }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<V>> {
        self.generations.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<V: Clone> Remembered<V> {
    /// A new check begins: what the last one asked is kept for it, what the
    /// one before asked and the last did not is forgotten (unless nothing is).
    pub(crate) fn begin_check(&self) {
        let mut generations = self.lock();
        let last = std::mem::take(&mut generations.current);
        match self.forgetting {
            Forgetting::AfterTwoChecks => generations.previous = last,
            Forgetting::Never => generations.previous.extend(last),
        }
    }

    /// The positions of the `keys` that no answer is remembered or recalled
    /// under, found under one lock.
    pub(crate) fn unremembered(&self, keys: &[String]) -> Vec<usize> {
        let generations = self.lock();
        let remembers = |key: &String| generations.current.contains_key(key) || generations.previous.contains_key(key) || generations.recalled.contains_key(key);
        (0..keys.len()).filter(|&i| !remembers(&keys[i])).collect()
    }

    /// The answer remembered under `key`, else `answer()`, remembered.
    pub(crate) fn get_or_insert_with(&self, key: String, answer: impl FnOnce() -> V) -> V {
        {
            let mut generations = self.lock();
            let known = generations.current.get(&key).cloned().or_else(|| generations.previous.remove(&key)).or_else(|| generations.recalled.remove(&key));
            if let Some(value) = known {
                generations.current.insert(key, value.clone());
                return value;
            }
        }
        // Computed without the lock: an answer may itself ask other questions.
        let value = answer();
        let mut generations = self.lock();
        generations.worked_out = true;
        generations.current.insert(key, value.clone());
        value
    }

    /// Takes answers an earlier run gave, to be used when asked for.
    pub(crate) fn recall(&self, answers: impl IntoIterator<Item = (String, V)>) {
        self.lock().recalled.extend(answers);
    }

    /// Whether any answer was worked out rather than remembered or recalled
    /// since this was last asked.
    pub(crate) fn take_worked_out(&self) -> bool {
        std::mem::take(&mut self.lock().worked_out)
    }

    /// Every answer remembered: those asked for first (this check's, then the
    /// last's), then recalled ones not asked for.
    pub(crate) fn answers(&self) -> Vec<(String, V)> {
        let generations = self.lock();
        [&generations.current, &generations.previous, &generations.recalled]
            .into_iter()
            .flat_map(|answers| answers.iter().map(|(key, value)| (key.clone(), value.clone())))
            .collect()
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

    #[test]
    fn a_run_forgets_nothing_and_starts_from_what_it_recalls() {
        let run: Remembered<u32> = Remembered::new(Forgetting::Never);
        run.recall([("recalled".to_owned(), 1), ("unasked".to_owned(), 2)]);
        run.begin_check();
        assert_eq!(run.get_or_insert_with("recalled".to_owned(), || 10), 1, "a recalled answer is not worked out again");
        assert!(!run.take_worked_out());
        assert_eq!(run.get_or_insert_with("new".to_owned(), || 3), 3);
        assert!(run.take_worked_out());
        assert!(!run.take_worked_out(), "asked once");
        for _ in 0..3 {
            run.begin_check();
        }
        assert_eq!(run.get_or_insert_with("new".to_owned(), || 30), 3, "checks long past are remembered");
        let mut answers = run.answers();
        assert_eq!(answers.pop(), Some(("unasked".to_owned(), 2)), "what was recalled and not asked for comes last");
        answers.sort();
        assert_eq!(answers, [("new".to_owned(), 3), ("recalled".to_owned(), 1)]);
    }
}
