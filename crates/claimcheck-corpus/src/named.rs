//! Identities as positions in a table of names, each name kept once: the
//! sources of a corpus name the same few dozen people and organisations,
//! and written out in full at every source they were most of what the
//! index's manifest and the kept judgements hold.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::SourceIdentity;

/// Names, each once, in the order first met, and where each stands.
#[derive(Debug, Default)]
pub struct Names {
    names: Vec<Arc<str>>,
    positions: FxHashMap<Arc<str>, u32>,
}

/// A source's identity as positions in [`Names`]: its outlets, then its
/// authors, then its subjects, in one list (one allocation, not three).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedIdentity {
    positions: Box<[u32]>,
    outlets: u32,
    authors: u32,
}

impl Names {
    /// A table of `names`, as read back from where they were kept.
    pub fn new(names: Vec<Arc<str>>) -> Names {
        let positions = names.iter().zip(0..).map(|(name, position)| (name.clone(), position)).collect();
        Names { names, positions }
    }

    /// `identity` as positions, its names added to the table as needed.
    pub fn named(&mut self, identity: &SourceIdentity) -> NamedIdentity {
        let all = identity.outlets.iter().chain(&identity.authors).chain(&identity.subjects);
        let positions = all
            .map(|name| {
                let next = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                *self.positions.entry(name.clone()).or_insert_with(|| {
                    self.names.push(name.clone());
                    next
                })
            })
            .collect();
        let count = |names: &[Arc<str>]| u32::try_from(names.len()).unwrap_or(u32::MAX);
        NamedIdentity { positions, outlets: count(&identity.outlets), authors: count(&identity.authors) }
    }

    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    pub fn into_names(self) -> Vec<Arc<str>> {
        self.names
    }
}

impl NamedIdentity {
    /// Whether every position is one of `names`'.
    pub fn fits(&self, names: &[Arc<str>]) -> bool {
        self.positions.iter().all(|&p| (p as usize) < names.len())
    }

    /// The identity this stands for in `names`; `None` when a position is
    /// past their end (what was kept is damaged).
    pub fn identity(&self, names: &[Arc<str>]) -> Option<SourceIdentity> {
        let named = |positions: &[u32]| positions.iter().map(|&p| names.get(p as usize).cloned()).collect::<Option<Vec<_>>>();
        let (outlets, rest) = self.positions.split_at((self.outlets as usize).min(self.positions.len()));
        let (authors, subjects) = rest.split_at((self.authors as usize).min(rest.len()));
        Some(SourceIdentity { outlets: named(outlets)?, authors: named(authors)?, subjects: named(subjects)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(outlets: &[&str], subjects: &[&str]) -> SourceIdentity {
        let names = |list: &[&str]| list.iter().map(|&n| Arc::from(n)).collect();
        SourceIdentity { outlets: names(outlets), authors: Vec::new(), subjects: names(subjects) }
    }

    #[test]
    fn identities_keep_each_name_once_and_come_back_whole() {
        let mut names = Names::default();
        let first = identity(&["Reuters"], &["Acme Corp", "Reuters"]);
        let second = identity(&["NBC News"], &["Acme Corp"]);
        let (named_first, named_second) = (names.named(&first), names.named(&second));
        assert_eq!(names.names(), ["Reuters".into(), "Acme Corp".into(), "NBC News".into()]);
        let read_back = Names::new(names.into_names());
        assert_eq!((named_first.identity(read_back.names()), named_second.identity(read_back.names())), (Some(first), Some(second.clone())));
        assert!(named_second.fits(read_back.names()));
        assert!(!named_second.fits(&read_back.names()[..2]), "NBC News is the third name");
        assert_eq!(named_second.identity(&read_back.names()[..2]), None);
    }
}
