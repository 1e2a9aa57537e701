//! The serialised form of a [`Recollection`]: each source and each passage
//! its judgements refer to is written once, in tables before the
//! judgements, and the judgements refer to them by position; so is each name
//! the sources' identities hold. Passages are written in the layout the
//! index stores them in, as base64: read as JSON, they took half of a warm
//! check's CPU at 1 GB.
//!
//! A judgement holds the passages it was judged on and their sources, and the
//! same ones recur across its support, nearest passages, rivals and conflict
//! and across judgements; written in full at every reference, a warm check
//! spent as long reading them as on the rest of its work. Read back, each
//! table entry is one `Arc` that every judgement referring to it shares.
//!
//! The positions are resolved through tables in a thread-local scope that
//! lasts for one (de)serialisation of a recollection: the fields marked
//! `#[serde(with = "crate::kept")]` take their table from it, and are an
//! error outside it. A position past its table's end is an error that says
//! the recollection is damaged.

use std::cell::RefCell;
use std::fmt;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use claimcheck_core::DocumentKind;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use claimcheck_corpus::{FORMAT_VERSION, NamedIdentity, Names, Passage, PassageId, Source, SourceId};
use rustc_hash::FxHashMap;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeTuple, Serializer};

use crate::{Judgement, Recollection};

/// The sources and passages of a recollection, each once.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    sources: Table<Source>,
    passages: Table<Passage>,
}

/// Shared items in the order first referred to, and (when writing) the
/// position of each by key.
#[derive(Debug)]
pub(crate) struct Table<T: Kept> {
    items: Vec<Arc<T>>,
    positions: FxHashMap<T::Key, u32>,
}

impl<T: Kept> Default for Table<T> {
    fn default() -> Self {
        Table { items: Vec::new(), positions: FxHashMap::default() }
    }
}

/// What a table keeps.
pub(crate) trait Kept: Sized {
    /// What tells two items apart. Judgements are held to one corpus
    /// ([`Recollection`]), in which an id names one source or passage: those
    /// recalled from an earlier run and those judged in this one share entries.
    type Key: Hash + Eq + Copy + fmt::Debug;
    const NAME: &'static str;
    fn key(&self) -> Self::Key;
    fn table(tables: &Tables) -> &Table<Self>;
}

impl Kept for Source {
    type Key = SourceId;
    const NAME: &'static str = "source";
    fn key(&self) -> SourceId {
        self.id
    }
    fn table(tables: &Tables) -> &Table<Source> {
        &tables.sources
    }
}

impl Kept for Passage {
    type Key = PassageId;
    const NAME: &'static str = "passage";
    fn key(&self) -> PassageId {
        self.id
    }
    fn table(tables: &Tables) -> &Table<Passage> {
        &tables.passages
    }
}

impl<T: Kept> Table<T> {
    fn keep(&mut self, item: &Arc<T>) {
        let next = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.positions.entry(item.key()).or_insert_with(|| {
            self.items.push(item.clone());
            next
        });
    }
}

impl Tables {
    /// Every source and passage that `judgements` refer to.
    fn of<'a>(judgements: impl IntoIterator<Item = &'a Judgement>) -> Tables {
        let mut tables = Tables::default();
        for judgement in judgements {
            let assessment = &judgement.assessment;
            let matches = assessment.support.iter().chain(assessment.conflict.as_ref().map(|c| &c.matched)).chain(&assessment.nearest);
            let referred = matches.map(|m| (&m.passage, &m.source)).chain(assessment.rivals.iter().map(|v| (&v.passage, &v.source)));
            for (passage, source) in referred {
                tables.passages.keep(passage);
                tables.sources.keep(source);
            }
            if let Some(misquote) = &judgement.misquote {
                tables.passages.keep(&misquote.passage);
            }
        }
        tables
    }
}

/// A source as its table keeps it: the names of its identity as positions
/// in the names written before the sources, each once. The sources of a
/// corpus name the same few people and organisations (some 40 in each
/// source of the generated 1 GB corpus): written out, they were most of a
/// source's bytes.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct NamedSource {
    id: SourceId,
    /// The sources folder as given.
    #[serde(with = "claimcheck_corpus::path_bytes::text_or_bytes")]
    folder: PathBuf,
    #[serde(with = "claimcheck_corpus::path_bytes::text_or_bytes")]
    relative: PathBuf,
    kind: DocumentKind,
    identity: NamedIdentity,
}

/// The sources, and the names their identities hold, each once.
fn named(sources: &[Arc<Source>]) -> (Vec<Arc<str>>, Vec<NamedSource>) {
    let mut names = Names::default();
    // Taken apart, every public field named: a field added to a source fails to compile here rather than go unkept.
    let sources = sources
        .iter()
        .map(|source| {
            let Source { id, relative, kind, .. } = &**source;
            let folder = source.folder().to_path_buf();
            NamedSource { id: *id, folder, relative: relative.clone(), kind: *kind, identity: names.named(source.identity()) }
        })
        .collect();
    (names.into_names(), sources)
}

/// The sources, their identities positions in `names`; sources of one
/// folder share it.
fn listed(sources: Vec<NamedSource>, names: Vec<Arc<str>>) -> Result<Vec<Arc<Source>>, String> {
    let names: Arc<[Arc<str>]> = names.into();
    let mut folders: Vec<Arc<Path>> = Vec::new();
    sources
        .into_iter()
        .map(|NamedSource { id, folder, relative, kind, identity }| {
            if !identity.fits(&names) {
                return Err(format!("damaged: a name past the {} kept referred to", names.len()));
            }
            let folder = folders.iter().find(|known| ***known == *folder).cloned().unwrap_or_else(|| {
                let folder: Arc<Path> = folder.into();
                folders.push(folder.clone());
                folder
            });
            Ok(Arc::new(Source::listed(id, folder, relative, kind, identity, names.clone())))
        })
        .collect()
}

thread_local! {
    static SCOPE: RefCell<Option<Rc<Tables>>> = const { RefCell::new(None) };
}

/// The tables of the recollection being (de)serialised on this thread, until dropped.
struct Scope {
    outer: Option<Rc<Tables>>,
}

impl Scope {
    fn enter(tables: Rc<Tables>) -> Scope {
        Scope { outer: SCOPE.replace(Some(tables)) }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        SCOPE.set(self.outer.take());
    }
}

fn in_scope<R>(use_tables: impl FnOnce(&Tables) -> Result<R, String>) -> Result<R, String> {
    SCOPE.with_borrow(|tables| match tables {
        Some(tables) => use_tables(tables),
        None => Err("a shared source or passage is only (de)serialised within a recollection".to_owned()),
    })
}

/// Writes a shared item as its position in its table.
pub(crate) fn serialize<T: Kept, S: Serializer>(item: &Arc<T>, serializer: S) -> Result<S::Ok, S::Error> {
    let position = in_scope(|tables| {
        T::table(tables).positions.get(&item.key()).copied().ok_or_else(|| format!("{} {:?} is not in the tables", T::NAME, item.key()))
    })
    .map_err(ser::Error::custom)?;
    serializer.serialize_u32(position)
}

/// Reads a position in a table as the shared item there.
pub(crate) fn deserialize<'de, T: Kept, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<T>, D::Error> {
    let position = u32::deserialize(deserializer)?;
    in_scope(|tables| {
        let items = &T::table(tables).items;
        items.get(position as usize).cloned().ok_or_else(|| format!("damaged: {} {position} of {} referred to", T::NAME, items.len()))
    })
    .map_err(de::Error::custom)
}

/// The layout's number, first in the serialised form: a recollection of
/// another layout is set aside. Layout 1 was a map of the claimcheck, corpus
/// and judgements, with sources and passages written at every reference;
/// layout 2 wrote each source's names in full; layout 3 its outlets,
/// authors and subjects as three lists of positions; layout 4 its passages
/// as JSON; layout 5 each source's path rather than its folder.
const LAYOUT: u32 = 6;

/// The layout, the index format its passages are stored in, claimcheck,
/// corpus, tables (names, sources, passages) and judgements, in that order:
/// a table must be read before what refers to it.
const FIELDS: usize = 8;

/// The passages of a table, each in its stored layout, in base64.
struct StoredPassages<'a>(&'a [Arc<Passage>]);

impl Serialize for StoredPassages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|passage| BASE64.encode(passage.to_stored())))
    }
}

/// A passage read back from its stored layout in base64.
struct StoredPassage(Arc<Passage>);

impl<'de> Deserialize<'de> for StoredPassage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StoredPassageVisitor)
    }
}

struct StoredPassageVisitor;

impl Visitor<'_> for StoredPassageVisitor {
    type Value = StoredPassage;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a passage in its stored layout, in base64")
    }

    fn visit_str<E: de::Error>(self, base64: &str) -> Result<StoredPassage, E> {
        let stored = BASE64.decode(base64).map_err(|error| E::custom(format!("damaged: a passage is not base64 ({error})")))?;
        let passage = Passage::from_stored(&stored).map_err(|damaged| E::custom(format!("damaged: a passage ({damaged})")))?;
        Ok(StoredPassage(Arc::new(passage)))
    }
}

impl Serialize for Recollection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tables = Rc::new(Tables::of(self.judgements.iter().map(|(_, _, judgement)| &**judgement)));
        let mut tuple = serializer.serialize_tuple(FIELDS)?;
        tuple.serialize_element(&LAYOUT)?;
        tuple.serialize_element(&FORMAT_VERSION)?;
        tuple.serialize_element(&self.claimcheck)?;
        tuple.serialize_element(&self.corpus)?;
        let (names, sources) = named(&tables.sources.items);
        tuple.serialize_element(&names)?;
        tuple.serialize_element(&sources)?;
        tuple.serialize_element(&StoredPassages(&tables.passages.items))?;
        let _scope = Scope::enter(tables);
        tuple.serialize_element(&self.judgements)?;
        tuple.end()
    }
}

impl<'de> Deserialize<'de> for Recollection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Any, not a tuple: a map is a recollection of the layout before tables, to be set aside.
        deserializer.deserialize_any(RecollectionVisitor)
    }
}

struct RecollectionVisitor;

impl<'de> Visitor<'de> for RecollectionVisitor {
    type Value = Recollection;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a recollection: layout, index format, claimcheck, corpus, names, sources, passages and judgements")
    }

    /// The layout before tables: set aside.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Recollection, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Recollection::set_aside())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Recollection, A::Error> {
        let missing = |field: usize| <A::Error as de::Error>::invalid_length(field, &self);
        // The passages' layout is the index format's: one of another is not read.
        for (field, expected) in [LAYOUT, FORMAT_VERSION].into_iter().enumerate() {
            if seq.next_element::<u32>()?.ok_or_else(|| missing(field))? != expected {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(Recollection::set_aside());
            }
        }
        let claimcheck = seq.next_element()?.ok_or_else(|| missing(2))?;
        let corpus = seq.next_element()?.ok_or_else(|| missing(3))?;
        let names: Vec<Arc<str>> = seq.next_element()?.ok_or_else(|| missing(4))?;
        let sources: Vec<NamedSource> = seq.next_element()?.ok_or_else(|| missing(5))?;
        let sources = listed(sources, names).map_err(de::Error::custom)?;
        let passages: Vec<StoredPassage> = seq.next_element()?.ok_or_else(|| missing(6))?;
        let passages = passages.into_iter().map(|StoredPassage(passage)| passage).collect();
        let tables = Tables { sources: Table { items: sources, ..Table::default() }, passages: Table { items: passages, ..Table::default() } };
        let _scope = Scope::enter(Rc::new(tables));
        let judgements = seq.next_element()?.ok_or_else(|| missing(7))?;
        Ok(Recollection { claimcheck, corpus, judgements })
    }
}

impl Recollection {
    /// One that holds nothing and that no linter recalls: what a recollection
    /// of another layout is read as.
    fn set_aside() -> Recollection {
        Recollection { claimcheck: String::new(), corpus: 0, judgements: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use claimcheck_core::{DocumentKind, ExtractOptions, extract};
    use claimcheck_corpus::{Corpus, LoadOptions};
    use rustc_hash::FxHashSet;
    use serde_json::json;

    use super::*;
    use crate::{Config, Draft, Linter};

    /// The judgements of the example draft, whose claims refer to the same
    /// sources and passages.
    fn example() -> Recollection {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/facebook-leaks");
        let corpus = Corpus::load(&example.join("sources"), &LoadOptions::default()).expect("the example's sources load");
        let text = std::fs::read_to_string(example.join("draft.md")).expect("the example's draft");
        let extraction = extract(&text, DocumentKind::Markdown, &ExtractOptions::default());
        let linter = Linter::for_run(&corpus);
        linter.check(&Draft { text: &text, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &Config::default());
        let judgements = linter.judgements.answers().into_iter().map(|(key, (start, judgement))| (key, start, judgement)).collect();
        Recollection { claimcheck: crate::JUDGED_BY.to_owned(), corpus: 1, judgements }
    }

    /// Every source and passage `recollection` refers to, in order, with repeats.
    fn referred(recollection: &Recollection) -> (Vec<Arc<Source>>, Vec<Arc<Passage>>) {
        let (mut sources, mut passages) = (Vec::new(), Vec::new());
        for (_, _, judgement) in &recollection.judgements {
            let assessment = &judgement.assessment;
            let matches = assessment.support.iter().chain(assessment.conflict.as_ref().map(|c| &c.matched)).chain(&assessment.nearest);
            for (passage, source) in matches.map(|m| (&m.passage, &m.source)).chain(assessment.rivals.iter().map(|v| (&v.passage, &v.source))) {
                sources.push(source.clone());
                passages.push(passage.clone());
            }
            passages.extend(judgement.misquote.as_ref().map(|m| m.passage.clone()));
        }
        (sources, passages)
    }

    #[test]
    fn each_source_and_passage_is_written_once_and_read_back_as_one_shared_arc() {
        let written = example();
        let (sources, passages) = referred(&written);
        let json = serde_json::to_value(&written).expect("serialised");
        let (source_table, passage_table) = (json[5].as_array().expect("sources"), json[6].as_array().expect("passages"));
        let distinct = |ids: Vec<u128>| ids.into_iter().collect::<FxHashSet<_>>().len();
        let source_ids = || sources.iter().map(|s| u128::from(s.id.0)).collect();
        let passage_ids = || passages.iter().map(|p| u128::from(p.id.source.0) << 32 | u128::from(p.id.sentence)).collect();
        assert_eq!((source_table.len(), passage_table.len()), (distinct(source_ids()), distinct(passage_ids())));
        assert!(source_table.len() < sources.len() && passage_table.len() < passages.len(), "the example's judgements share sources and passages");
        let names: FxHashSet<&str> = sources.iter().flat_map(|s| [&s.identity().outlets, &s.identity().authors, &s.identity().subjects]).flatten().map(|n| &**n).collect();
        assert_eq!(json[4].as_array().map(Vec::len), Some(names.len()), "each name once");

        let read: Recollection = serde_json::from_value(json.clone()).expect("read back");
        let again = serde_json::to_value(&read).expect("serialised again");
        assert_eq!(again.as_array().map(|a| &a[..7]), json.as_array().map(|a| &a[..7]), "the same tables");
        assert_eq!(again[7].as_array().map(Vec::len), json[7].as_array().map(Vec::len), "the same judgements");
        let (read_sources, read_passages) = referred(&read);
        let pointers = |arcs: Vec<usize>| distinct(arcs.into_iter().map(|p| p as u128).collect());
        assert_eq!(pointers(read_sources.iter().map(|s| Arc::as_ptr(s) as usize).collect()), distinct(source_ids()), "one Arc for each source");
        assert_eq!(pointers(read_passages.iter().map(|p| Arc::as_ptr(p) as usize).collect()), distinct(passage_ids()), "one Arc for each passage");
        let (first, again) = read_sources
            .iter()
            .enumerate()
            .find_map(|(i, first)| Some((first, read_sources[i + 1..].iter().find(|again| again.id == first.id)?)))
            .expect("a source referred to twice");
        assert!(Arc::ptr_eq(first, again));
        let as_read = |passages: &[Arc<Passage>]| passages.iter().map(|p| (**p).clone()).collect::<Vec<_>>();
        assert_eq!(as_read(&read_passages), as_read(&passages));
        assert_eq!(read_sources, sources, "sources read back as they were, names and all");
    }

    #[test]
    fn a_reference_past_its_table_or_a_damaged_passage_is_damaged() {
        let json = serde_json::to_value(example()).expect("serialised");
        let mut past_passages = json.clone();
        let judgement = past_passages[7].as_array_mut().and_then(|j| j.iter_mut().find(|j| j[2]["assessment"]["nearest"].as_array().is_some_and(|n| !n.is_empty())));
        judgement.expect("a judgement with nearest passages")[2]["assessment"]["nearest"][0]["passage"] = json!(1_000_000);
        let mut past_names = json.clone();
        past_names[5][0]["identity"]["positions"] = json!([1_000_000]);
        let mut not_a_passage = json;
        not_a_passage[6][0] = json!("AAEC");
        for (damaged, said) in [(past_passages, "damaged: passage 1000000 of"), (past_names, "damaged: a name past the"), (not_a_passage, "damaged: a passage (")] {
            let error = serde_json::from_value::<Recollection>(damaged).expect_err("damaged").to_string();
            assert!(error.contains(said), "{error}");
        }
    }

    #[test]
    fn a_recollection_of_another_layout_is_set_aside() {
        let before_tables = json!({ "claimcheck": crate::JUDGED_BY, "corpus": 1, "judgements": [["key", 0, { "assessment": {} }]] });
        let mut later = serde_json::to_value(example()).expect("serialised");
        later[0] = json!(LAYOUT + 1);
        let mut other_index_format = serde_json::to_value(example()).expect("serialised");
        other_index_format[1] = json!(FORMAT_VERSION + 1);
        for other in [before_tables, later, other_index_format] {
            let read: Recollection = serde_json::from_value(other).expect("not an error");
            assert!(read.judgements.is_empty() && read.claimcheck != crate::JUDGED_BY, "set aside");
        }
    }
}
