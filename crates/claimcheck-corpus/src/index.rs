//! Passage retrieval with tantivy: BM25 over stemmed text, with boosts for
//! the entities, numbers and years a claim shares with a passage.
//!
//! Numbers and years are indexed by value (`4000` for `four thousand`,
//! `4k` and `4,000`), and entities by canonical name (`the Times` and
//! `NYT` both as `the new york times`), so paraphrases meet.
//!
//! Each document stores its whole [`Passage`] (sentences, facts, excerpt;
//! in the compact layout of `stored.rs`), so a search hands back what the linter reads, and an index on disk is all
//! a check needs of the sources: nothing else is loaded.
//! Entities, numbers and years are indexed without frequencies: a query that
//! mixes them with words is then scored by tantivy's plain union of postings,
//! which measured faster here than block-max WAND over a claim's many terms
//! (a warm check of the 10 MB benchmark: 1.9 s against 5.6–6.0 s; docs/performance.md).

use std::path::Path;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Language, LowerCaser, RawTokenizer, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

use crate::index_folder::IndexFolder;
use crate::passage::PassageView;
use crate::ranking::{self, BestPassages, Probed};
use crate::{Hit, Passage, Query, Retriever, SourceId};

const ANALYZER: &str = "claimcheck_english";
const VALUE_TOKENIZER: &str = "claimcheck_value";
const ENTITY_BOOST: f32 = 2.0;
const VALUE_BOOST: f32 = 1.5;
/// A term in more than this share of passages, and in more than
/// [`COMMON_MIN`] of them, only adds to the scores of passages that rarer
/// terms found (see [`ranked_query`]).
const COMMON_SHARE: f64 = 0.02;
/// Below this many passages a term costs too little to leave out of the
/// search: small corpora are searched exhaustively.
const COMMON_MIN: u64 = 5_000;
/// A common term in this many times more passages than the candidates is
/// probed instead of joining the union (see [`ranked_query`]). On the
/// generated corpora (docs/performance.md), 4 was the fastest of 0, 2, 4
/// and 16 at 100 MB, and at 10 MB as fast as leaving every term in the union.
const PROBED_ABOVE_CANDIDATES: u64 = 4;
/// Memory for each writer thread: tantivy's minimum. Its arena grows page by
/// page, so a few files cost little; a large folder just flushes more segments.
const WRITER_HEAP_MIN: usize = 15_000_000;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the passage index failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the passage index cannot be opened: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("a stored passage is damaged: {0}")]
    Stored(&'static str),
}

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    text: Field,
    entity: Field,
    number: Field,
    year: Field,
    source: Field,
    passage: Field,
    /// Where a passage stands among passages of the same score ([`tie_order`]).
    order: Field,
}

/// The field that breaks ties between passages of the same score.
const ORDER: &str = "order";

/// Where a passage stands among passages of the same score: a hash of its
/// file's path within its sources folder and of its sentence's place there.
/// Without it, ties would go to whichever passage was indexed first, and the
/// reading threads hand files to the index in whatever order they finish:
/// the same sources indexed twice gave other verdicts. Paths within the
/// folder, not the folder itself, so that a fresh clone of a project (CI)
/// breaks ties as every other does.
///
/// The hash's upper 32 bits: tantivy packs the column to the bits its values
/// use, and a search that meets many ties reads the column where they lie
/// (at 1 GB, 13.4 million passages: 54 MB instead of 107 MB). Two tied
/// passages that also tie here, one pair in four billion, go by their
/// place in the index.
pub(crate) fn tie_order(relative: &Path, sentence: u32) -> u64 {
    let mut described = relative.as_os_str().as_encoded_bytes().to_vec();
    described.extend_from_slice(&sentence.to_le_bytes());
    crate::prepare::content_hash(&described) >> 32
}

impl Fields {
    /// The schema of a passage index; [`Fields::of`] finds its fields by name.
    fn schema() -> Schema {
        let mut schema = Schema::builder();
        // Frequencies for BM25; no positions, since no query asks for a phrase.
        let words = TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqs);
        let value = || {
            TextOptions::default()
                .set_indexing_options(TextFieldIndexing::default().set_tokenizer(VALUE_TOKENIZER).set_index_option(IndexRecordOption::Basic))
        };
        schema.add_text_field("text", TextOptions::default().set_indexing_options(words));
        schema.add_text_field("entity", value());
        schema.add_text_field("number", value());
        schema.add_text_field("year", value());
        schema.add_u64_field("source", INDEXED);
        schema.add_bytes_field("passage", STORED);
        schema.add_u64_field(ORDER, FAST);
        schema.build()
    }

    fn of(schema: &Schema) -> Result<Fields, IndexError> {
        let field = |name: &str| schema.get_field(name).map_err(IndexError::from);
        Ok(Fields {
            text: field("text")?,
            entity: field("entity")?,
            number: field("number")?,
            year: field("year")?,
            source: field("source")?,
            passage: field("passage")?,
            order: field(ORDER)?,
        })
    }

    /// A passage as a document to index. Pure, so that the threads that
    /// read and extract sources can build their documents too.
    /// The document of a passage of the file at `relative` in its sources folder.
    pub(crate) fn document(self, passage: &PassageView<'_>, relative: &Path) -> TantivyDocument {
        let stored = crate::stored::encode(passage);
        let mut document = doc!(
            self.text => passage.slice(passage.span),
            self.source => passage.id.source.0,
            self.passage => stored,
            self.order => tie_order(relative, passage.id.sentence),
        );
        let facts = &passage.sentence().facts;
        for entity in &facts.entities {
            document.add_text(self.entity, entity.canonical.to_lowercase());
        }
        for quantity in &facts.quantities {
            for value in std::iter::once(quantity.value).chain(quantity.upper) {
                document.add_text(self.number, number_term(value));
            }
        }
        for date in &facts.dates {
            for year in std::iter::once(date.start.year).chain(date.end.map(|e| e.year)).flatten() {
                document.add_text(self.year, year.to_string());
            }
        }
        document
    }
}

/// The passages of a corpus, indexed in memory or in a folder.
pub(crate) struct PassageIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The temporary folder of an index made for one run: removed once the
    /// index is built ([`PassageIndex::built`]), or else when it is dropped;
    /// declared last, so that it goes after the files it holds are closed.
    scratch: Option<tempfile::TempDir>,
}

/// The temporary folders of indexes made for one run are named this, then
/// the process's id, a dash and a random suffix.
const SCRATCH_PREFIX: &str = "claimcheck-index-";

/// A run's temporary folder untouched this long, by a process that is gone,
/// was left by a run killed while indexing. Indexing writes a new segment
/// every few seconds.
const SCRATCH_ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary folders of indexes that runs killed while indexing
/// left in `temporary`: those of processes that are gone, untouched for
/// [`SCRATCH_ABANDONED_AFTER`]. Only where the system lists its processes in
/// `/proc`; elsewhere they are left to the system's cleaning.
fn remove_abandoned_scratch(temporary: &Path) {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temporary) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(process) = name.to_str().and_then(|name| name.strip_prefix(SCRATCH_PREFIX)?.split('-').next()) else { continue };
        let untouched = entry.metadata().and_then(|metadata| metadata.modified()).ok().and_then(|modified| modified.elapsed().ok());
        if process.parse::<u32>().is_ok() && !processes.join(process).exists() && untouched.is_some_and(|untouched| untouched >= SCRATCH_ABANDONED_AFTER) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Sources past this many bytes, loaded without a persistent index, are
/// indexed in a temporary folder rather than in memory. An index takes about
/// twice its sources' bytes: in memory, 1 GB of sources took 2.4 GB.
pub(crate) const IN_MEMORY_MAX_BYTES: u64 = 32_000_000;

impl std::fmt::Debug for PassageIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassageIndex").field("passages", &self.len()).field("scratch_folder", &self.scratch_folder()).finish_non_exhaustive()
    }
}

fn analyzer() -> TextAnalyzer {
    let mut builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).dynamic();
    if let Some(stop_words) = StopWordFilter::new(Language::English) {
        builder = builder.filter_dynamic(stop_words);
    }
    builder.filter_dynamic(RememberingStemmer).build()
}

/// Words whose stems one analyzer remembers: a few megabytes at most, more
/// than the vocabulary most corpora repeat.
const STEMS_REMEMBERED: usize = 100_000;

/// English stemming as tantivy's `Stemmer` does it (the same frostem
/// algorithm), remembering each word's stem: sources repeat a small
/// vocabulary, and stemming every occurrence was a tenth of indexing's CPU.
/// Each clone of the analyzer (each indexing thread's segment, each search)
/// remembers on its own.
#[derive(Debug, Clone, Copy)]
struct RememberingStemmer;

impl TokenFilter for RememberingStemmer {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T> {
        RememberingStemmerFilter { inner: tokenizer, stems: FxHashMap::default() }
    }
}

#[derive(Debug, Clone)]
struct RememberingStemmerFilter<T> {
    inner: T,
    stems: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for RememberingStemmerFilter<T> {
    type TokenStream<'a> = RememberingStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStemmerStream { tail: self.inner.token_stream(text), stems: &mut self.stems, stemmer: frostem::Stemmer::new(frostem::Algorithm::English) }
    }
}

struct RememberingStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut FxHashMap<String, String>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for RememberingStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        if self.stems.len() < STEMS_REMEMBERED {
            self.stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        } else {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A number as indexed: its value without trailing zeros after the point.
pub(crate) fn number_term(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 { format!("{value:.0}") } else { format!("{value}") }
}

/// BM25 over `terms` (each with its boost), for the passages that hold at
/// least one of the rarer ones; `None` when no passage holds any term.
///
/// Scoring every passage that holds any term costs as much as the postings
/// of the commonest words (`said`, the corpus's subject), which grow with the
/// corpus. Passages that hold only such words rank low anyway, so the rarer
/// terms choose the candidates and the common ones only add to their scores:
/// every candidate scores as the plain sum would score it.
///
/// How a common term adds its score depends on how common it is. Tantivy
/// reads a union of terms window by window (4,096 documents) around each
/// candidate, every posting of every term in the window: a common term far
/// more frequent than the candidates costs most of its postings that way, so
/// it is *probed* instead, skipping through its postings to the candidates
/// that may still rank (`ranking.rs`). The others share one union, which
/// reads them faster than that many skips would.
fn ranked_query(searcher: &tantivy::Searcher, terms: Vec<(Term, f32)>, common_share: f64) -> Result<Option<RankedQuery>, IndexError> {
    let common_above = ((searcher.num_docs() as f64 * common_share) as u64).max(COMMON_MIN);
    let mut rated = Vec::with_capacity(terms.len());
    for (term, boost) in terms {
        let frequency = searcher.doc_freq(&term)?;
        if frequency > 0 {
            rated.push((frequency, term, boost));
        }
    }
    rated.sort_by_key(|(frequency, ..)| *frequency);
    let rare = rated.iter().take_while(|(frequency, ..)| *frequency <= common_above).count().max(1);
    let clause = |(_, term, boost): (u64, Term, f32)| (Occur::Should, ranking::term_score(term, boost));
    let candidates_at_most: u64 = rated.iter().take(rare).map(|(frequency, ..)| frequency).sum();
    let mut rated = rated.into_iter();
    let candidates: Vec<_> = rated.by_ref().take(rare).map(clause).collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let (probed, unioned): (Vec<_>, Vec<_>) = rated.partition(|(frequency, ..)| *frequency >= candidates_at_most.saturating_mul(PROBED_ABOVE_CANDIDATES));
    let candidates: Box<dyn TantivyQuery> = Box::new(BooleanQuery::new(candidates));
    let scored: Box<dyn TantivyQuery> = if unioned.is_empty() {
        candidates
    } else {
        Box::new(BooleanQuery::new([(Occur::Must, candidates)].into_iter().chain(unioned.into_iter().map(clause)).collect()))
    };
    Ok(Some(RankedQuery { scored, probed: probed.into_iter().map(|(_, term, boost)| (term, boost)).collect() }))
}

/// The passages `scored` finds, to which the `probed` terms add their scores.
struct RankedQuery {
    scored: Box<dyn TantivyQuery>,
    probed: Vec<(Term, f32)>,
}

/// A filter to the passages of one source, contributing no score.
fn query_source(field: Field, within: Option<SourceId>) -> Option<Box<dyn TantivyQuery>> {
    let term = TermQuery::new(Term::from_field_u64(field, within?.0), IndexRecordOption::Basic);
    Some(Box::new(BoostQuery::new(Box::new(term), 0.0)))
}

impl PassageIndex {
    pub(crate) fn in_ram() -> Result<PassageIndex, IndexError> {
        PassageIndex::ready(Index::create_in_ram(Fields::schema()))
    }

    /// An index for one run over sources of which `large` says whether they
    /// are past [`IN_MEMORY_MAX_BYTES`]: in memory if not, else in a temporary
    /// folder (under `TMPDIR`), so that memory stays bounded. Once built, call
    /// [`PassageIndex::built`].
    pub(crate) fn for_run(large: bool) -> Result<PassageIndex, IndexError> {
        if !large {
            return PassageIndex::in_ram();
        }
        let temporary = std::env::temp_dir();
        remove_abandoned_scratch(&temporary);
        let prefix = format!("{SCRATCH_PREFIX}{}-", std::process::id());
        // Where no temporary folder can be made, memory is the place left.
        let Ok(scratch) = tempfile::Builder::new().prefix(&prefix).tempdir_in(&temporary) else { return PassageIndex::in_ram() };
        let index = PassageIndex::open_or_create(scratch.path())?;
        Ok(PassageIndex { scratch: Some(scratch), ..index })
    }

    /// Says that an index made for one run is built and its passages seen
    /// ([`PassageIndex::refresh`]): its temporary folder is removed now, while
    /// its files are open, so that nothing is left behind however the run
    /// ends (the CLI does not free its corpus at exit). The files stay
    /// readable until closed; where open files cannot be removed, the folder
    /// goes when the index is dropped.
    pub(crate) fn built(&self) {
        if let Some(scratch) = &self.scratch {
            let _ = std::fs::remove_dir_all(scratch.path());
        }
    }

    /// The temporary folder of an index made for one run, if it has one.
    pub(crate) fn scratch_folder(&self) -> Option<&Path> {
        self.scratch.as_ref().map(tempfile::TempDir::path)
    }

    /// The index in `dir`, created there when the folder holds none. Fails
    /// on an index that cannot be read or has other fields.
    pub(crate) fn open_or_create(dir: &Path) -> Result<PassageIndex, IndexError> {
        let mut index = Index::open_or_create(IndexFolder::open(dir)?, Fields::schema())?;
        // Segments are searched side by side: one search is what an edit
        // waits for. Where the threads cannot be started, the index keeps
        // searching on the caller's thread, as it does by default.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if threads > 1 {
            let _ = index.set_multithread_executor(threads);
        }
        PassageIndex::ready(index)
    }

    fn ready(index: Index) -> Result<PassageIndex, IndexError> {
        index.tokenizers().register(ANALYZER, analyzer());
        index.tokenizers().register(VALUE_TOKENIZER, TextAnalyzer::from(RawTokenizer::default()));
        let fields = Fields::of(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(PassageIndex { index, reader, fields, scratch: None })
    }

    pub(crate) fn fields(&self) -> Fields {
        self.fields
    }

    /// The number of passages.
    pub(crate) fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// What the last commit left with the index (the persistent index keeps
    /// its manifest there, so the two are switched together).
    pub(crate) fn payload(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// A writer with `heap_bytes` of memory for its buffers in all.
    pub(crate) fn writer(&self, heap_bytes: usize) -> Result<PassageWriter, IndexError> {
        // Two threads at most: reading and extracting the sources needs the other cores.
        let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 2);
        let per_thread = (heap_bytes / threads).max(WRITER_HEAP_MIN);
        let writer = self.index.writer_with_num_threads::<TantivyDocument>(threads, per_thread * threads)?;
        Ok(PassageWriter { writer, fields: self.fields })
    }

    /// Sees what the last commit wrote.
    pub(crate) fn refresh(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// Every stored passage, in no particular order.
    pub(crate) fn for_each_passage(&self, mut visit: impl FnMut(Passage) -> Result<(), IndexError>) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1).map_err(tantivy::TantivyError::from)?;
            for document in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                visit(self.passage_of(&document?)?)?;
            }
        }
        Ok(())
    }

    /// The passages of one source, in the source's order.
    pub(crate) fn passages_of(&self, source: SourceId) -> Result<Vec<Passage>, IndexError> {
        let searcher = self.reader.searcher();
        let term = TermQuery::new(Term::from_field_u64(self.fields.source, source.0), IndexRecordOption::Basic);
        let addresses = searcher.search(&term, &tantivy::collector::DocSetCollector)?;
        let mut passages = addresses.into_iter().map(|address| self.passage_of(&searcher.doc(address)?)).collect::<Result<Vec<_>, _>>()?;
        passages.sort_by_key(|p| p.id);
        Ok(passages)
    }

    /// What `query` searches for: its text's stems, then its entities,
    /// numbers and years, each with its boost.
    fn terms(&self, query: &Query<'_>) -> Result<Vec<(Term, f32)>, IndexError> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut stream = analyzer.token_stream(query.text);
        let mut seen = Vec::new();
        stream.process(&mut |token| {
            if !seen.contains(&token.text) {
                seen.push(token.text.clone());
            }
        });
        let mut terms: Vec<(Term, f32)> = Vec::new();
        terms.extend(seen.iter().map(|text| (Term::from_field_text(self.fields.text, text), 1.0)));
        terms.extend(query.entities.iter().map(|entity| (Term::from_field_text(self.fields.entity, &entity.to_lowercase()), ENTITY_BOOST)));
        terms.extend(query.numbers.iter().map(|number| (Term::from_field_text(self.fields.number, &number_term(*number)), VALUE_BOOST)));
        terms.extend(query.years.iter().map(|year| (Term::from_field_text(self.fields.year, &year.to_string()), VALUE_BOOST)));
        Ok(terms)
    }

    fn passage_of(&self, document: &TantivyDocument) -> Result<Passage, IndexError> {
        let bytes = document.get_first(self.fields.passage).and_then(|v| v.as_bytes()).unwrap_or_default();
        crate::stored::decode(bytes).map_err(IndexError::Stored)
    }
}

/// Adds and removes passages; nothing is seen before [`PassageWriter::commit`].
pub(crate) struct PassageWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
}

impl PassageWriter {
    pub(crate) fn add(&self, document: TantivyDocument) -> Result<(), IndexError> {
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Adds a passage of the file at `relative` in its sources folder.
    pub(crate) fn add_passage(&self, passage: &Passage, relative: &Path) -> Result<(), IndexError> {
        self.add(self.fields.document(&passage.view(), relative))
    }

    /// Removes every passage of `source` added before this call.
    pub(crate) fn remove_source(&self, source: SourceId) {
        self.writer.delete_term(Term::from_field_u64(self.fields.source, source.0));
    }

    pub(crate) fn remove_all(&self) -> Result<(), IndexError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes every change visible at once, with `payload` kept beside them;
    /// then lets pending merges finish, so that no thread outlives the writer.
    pub(crate) fn commit(mut self, payload: Option<&str>) -> Result<(), IndexError> {
        let mut prepared = self.writer.prepare_commit()?;
        if let Some(payload) = payload {
            prepared.set_payload(payload);
        }
        prepared.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

impl Retriever for PassageIndex {
    fn search(&self, query: &Query<'_>, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let terms = self.terms(query)?;
        let searcher = self.reader.searcher();
        // Within one source, the source's few passages are the candidates: every term may choose them.
        let common_share = if query.within.is_some() { 1.0 } else { COMMON_SHARE };
        let Some(RankedQuery { mut scored, probed }) = ranked_query(&searcher, terms, common_share)? else { return Ok(Vec::new()) };
        if let Some(source) = query_source(self.fields.source, query.within) {
            // The filter scores nothing, so ranking inside the source is the same as across the corpus.
            scored = Box::new(BooleanQuery::new(vec![(Occur::Must, scored), (Occur::Must, source)]));
        }
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        if limit == 0 {
            return Ok(Vec::new());
        }
        let probed = probed.into_iter().map(|(term, boost)| Probed::new(&searcher, term, boost)).collect::<Result<_, _>>()?;
        let best = searcher.search(&*scored, &BestPassages::new(limit, probed, ORDER))?;
        let mut hits = Vec::with_capacity(best.len());
        for ranked in best {
            let document: TantivyDocument = searcher.doc(ranked.address)?;
            hits.push(Hit { passage: self.passage_of(&document)?, score: ranked.score });
        }
        Ok(hits)
    }

    fn passages(&self) -> u64 {
        self.len()
    }
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions};
    use tantivy::Order;
    use tantivy::collector::TopDocs;
    use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};

    use super::*;
    use crate::passage::{PassageId, passages_of};

    /// Thousands of passages that share every word but their number.
    fn crowded_index() -> PassageIndex {
        index_of(&(1..=6_000).map(|n| format!("Acme sold {n} crates.\n\n")).collect::<String>())
    }

    fn index_of(text: &str) -> PassageIndex {
        filled(PassageIndex::in_ram().expect("an index"), text)
    }

    fn filled(index: PassageIndex, text: &str) -> PassageIndex {
        let writer = index.writer(WRITER_HEAP_MIN).expect("a writer");
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        for passage in passages_of(SourceId(1), text, &extraction, None) {
            writer.add_passage(&passage, Path::new("acme.txt")).expect("added");
        }
        writer.commit(None).expect("committed");
        index.refresh().expect("refreshed");
        index
    }

    #[test]
    fn an_index_for_a_run_over_large_sources_is_read_from_a_folder_removed_once_built() {
        let text = "Acme sold 40 crates in 2015.\n\nBolt bought 12 crates.\n\nNobody else did.\n";
        let in_memory = filled(PassageIndex::for_run(false).expect("an index"), text);
        assert_eq!(in_memory.scratch_folder(), None);
        let on_disk = filled(PassageIndex::for_run(true).expect("an index"), text);
        let folder = on_disk.scratch_folder().expect("a temporary folder").to_path_buf();
        assert!(folder.join("meta.json").is_file(), "committed to the folder");
        on_disk.built();
        assert!(!folder.exists(), "removed once built");
        let query = Query { text: "Who sold crates?", ..Query::default() };
        let found = |index: &PassageIndex| index.search(&query, 5).expect("a search").into_iter().map(|hit| hit.passage.id.sentence).collect::<Vec<_>>();
        assert_eq!(found(&in_memory), [0, 1]);
        assert_eq!(found(&on_disk), found(&in_memory), "the open files are still read");
        assert_eq!(on_disk.passages_of(SourceId(1)).expect("stored passages").len(), 3);
    }

    #[test]
    fn only_folders_that_runs_abandoned_are_removed() {
        let temporary = tempfile::tempdir().expect("a folder");
        let folder = |name: &str| {
            let path = temporary.path().join(name);
            std::fs::create_dir(&path).expect("made");
            std::fs::write(path.join("segment"), "bytes").expect("written");
            path
        };
        // No process has the largest id there is; this one lives.
        let abandoned = folder(&format!("{SCRATCH_PREFIX}{}-x1", u32::MAX));
        let alive = folder(&format!("{SCRATCH_PREFIX}{}-x2", std::process::id()));
        let other = folder(&format!("other-{}-x3", u32::MAX));
        let long_ago = std::time::SystemTime::now() - 2 * SCRATCH_ABANDONED_AFTER;
        for path in [&abandoned, &alive, &other] {
            std::fs::File::open(path).and_then(|folder| folder.set_modified(long_ago)).expect("dated");
        }
        let recent = folder(&format!("{SCRATCH_PREFIX}{}-x4", u32::MAX));
        remove_abandoned_scratch(temporary.path());
        let left = |path: &Path| path.exists();
        if Path::new("/proc/self").exists() {
            assert!(!left(&abandoned));
        }
        assert!(left(&alive) && left(&other) && left(&recent), "a live run's, another program's, and one touched lately stay");
    }

    #[test]
    fn the_tie_order_takes_four_bytes_a_passage_and_tells_passages_apart() {
        let orders: Vec<u64> = (0..1_000).map(|n| tie_order(Path::new(&format!("leak/{}.eml", n % 7)), n)).collect();
        assert!(orders.iter().all(|&order| order <= u64::from(u32::MAX)), "tantivy packs the column to the bits the values use");
        let mut distinct = orders.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), orders.len());
        // The same in every run (no hasher seeded at random): a fresh clone breaks ties as the reporter's index did.
        assert_eq!(tie_order(Path::new("a.txt"), 3), 1_148_574_578);
    }

    #[test]
    fn remembered_stems_are_tantivys_stems() {
        let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::new(Language::English).expect("English stop words"))
            .filter(tantivy::tokenizer::Stemmer::new(Language::English))
            .build();
        let mut ours = analyzer();
        let tokens = |analyzer: &mut TextAnalyzer, text: &str| {
            let mut tokens = Vec::new();
            analyzer.token_stream(text).process(&mut |token| tokens.push((token.text.clone(), token.position, token.offset_from)));
            tokens
        };
        let text = "Acme's regulators were investigating the payments; investigators paid, paying Ärzte and naïve generously.";
        // The second time round, every stem comes from memory.
        for _ in 0..2 {
            assert_eq!(tokens(&mut ours, text), tokens(&mut reference, text));
        }
        assert!(tokens(&mut ours, text).iter().any(|(stem, ..)| stem == "investig"), "words are stemmed");
    }

    #[test]
    fn common_terms_score_the_candidates_rarer_terms_find() {
        let index = crowded_index();
        let searcher = index.reader.searcher();
        let query = Query { text: "Acme sold crates", numbers: vec![4321.0], ..Query::default() };
        let hits = index.search(&query, 3).expect("a search");
        assert_eq!(hits.len(), 1, "only the passage with the rare number is a candidate");
        assert_eq!(hits[0].passage.sentence().text, "Acme sold 4321 crates.");
        let fields = index.fields;
        let terms = |share| {
            let terms = ["acm", "sold", "crate"].map(|t| (Term::from_field_text(fields.text, t), 1.0));
            let terms = terms.into_iter().chain([(Term::from_field_text(fields.number, "4321"), VALUE_BOOST)]).collect();
            ranked_query(&searcher, terms, share).expect("a query").expect("terms that occur").scored
        };
        let exhaustive = searcher.search(&*terms(1.0), &TopDocs::with_limit(1).order_by_score()).expect("a search");
        assert!((exhaustive[0].0 - hits[0].score).abs() < 1e-4, "the candidate scores as the plain sum of its terms");
        assert_eq!(index.search(&Query { text: "Acme sold crates", ..Query::default() }, 3).expect("a search").len(), 3, "common terms alone still find passages");
    }

    /// The passages and scores of scoring every passage that holds a term
    /// of `query`, in full, ranked as a search ranks them.
    fn ranked_in_full(index: &PassageIndex, query: &Query<'_>, limit: usize) -> Vec<(f32, PassageId)> {
        let searcher = index.reader.searcher();
        let terms = index.terms(query).expect("terms");
        let plain = BooleanQuery::new(terms.into_iter().map(|(term, boost)| (Occur::Should, ranking::term_score(term, boost))).collect());
        let ranking = (SortBySimilarityScore, (SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc));
        let best = searcher.search(&plain, &TopDocs::with_limit(limit).order_by(ranking)).expect("a search");
        best.into_iter().map(|((score, _), address)| (score, index.passage_of(&searcher.doc(address).expect("stored")).expect("a passage").id)).collect()
    }

    #[test]
    fn candidates_rank_as_scoring_every_passage_in_full_would_rank_them() {
        // `lisbon` is in a third of the passages: the common words are in
        // fewer than four times as many and share its union. The number is
        // in one passage and `madrid` in forty that tie: the common words,
        // in none of those forty, are probed, and the ties are broken as a
        // full ranking breaks them whichever was found first.
        let lisbon: String = (1..=6_000).map(|n| format!("Acme sold {n} crates{}.\n\n", if n % 3 == 0 { " in Lisbon" } else { "" })).collect();
        let madrid: String = (1..=40).map(|n| format!("Madrid depot {n}.\n\n")).collect();
        let index = index_of(&(lisbon + &madrid));
        let queries = [
            (Query { text: "Acme sold crates in Lisbon", ..Query::default() }, 2_000),
            (Query { text: "Acme sold crates", numbers: vec![4321.0], ..Query::default() }, 1),
            (Query { text: "Acme sold crates in Madrid", ..Query::default() }, 40),
        ];
        for (query, candidates) in &queries {
            let found: Vec<(f32, PassageId)> = index.search(query, 5).expect("a search").iter().map(|hit| (hit.score, hit.passage.id)).collect();
            assert_eq!(found.len(), (*candidates).min(5), "{}", query.text);
            // Beyond the candidates, a full ranking goes on to passages with common words only.
            let in_full = &ranked_in_full(&index, query, 5)[..found.len()];
            assert_eq!(found.iter().map(|(_, id)| id).collect::<Vec<_>>(), in_full.iter().map(|(_, id)| id).collect::<Vec<_>>(), "{}", query.text);
            for ((found, _), (in_full, _)) in found.iter().zip(in_full) {
                assert!((found - in_full).abs() < 1e-4, "{}: scored {found}, in full {in_full}", query.text);
            }
        }
    }

    #[test]
    fn ties_break_the_same_whatever_order_the_files_were_indexed_in() {
        // Two files that say the same thing, sentence for sentence: every
        // passage of one ties with its twin in the other.
        let text: String = (1..=40).map(|n| format!("Acme sold crates in depot {n}.\n\n")).collect();
        let extraction = claimcheck_core::extract(&text, DocumentKind::PlainText, &ExtractOptions::default());
        let files = [(SourceId(1), "north/report.txt"), (SourceId(2), "south/report.txt")];
        // Committed one by one, each file has a segment of its own, and the
        // ties meet only when the segments' best are merged.
        let indexed = |order: &[usize], commits: &[&[usize]]| {
            let index = PassageIndex::in_ram().expect("an index");
            for commit in commits {
                let writer = index.writer(WRITER_HEAP_MIN).expect("a writer");
                for &i in commit.iter().map(|&nth| &order[nth]) {
                    let (id, relative) = files[i];
                    for passage in passages_of(id, &text, &extraction, None) {
                        writer.add_passage(&passage, Path::new(relative)).expect("added");
                    }
                }
                writer.commit(None).expect("committed");
            }
            index.refresh().expect("refreshed");
            assert!(index.reader.searcher().segment_readers().len() >= commits.len());
            let hits = index.search(&Query { text: "Acme sold crates depot", ..Query::default() }, 7).expect("a search");
            hits.iter().map(|hit| hit.passage.id).collect::<Vec<_>>()
        };
        let forward = indexed(&[0, 1], &[&[0, 1]]);
        assert_eq!(forward.len(), 7);
        assert_eq!(forward, indexed(&[1, 0], &[&[0, 1]]));
        assert_eq!(forward, indexed(&[0, 1], &[&[0], &[1]]));
        assert_eq!(forward, indexed(&[1, 0], &[&[0], &[1]]));
    }
}
