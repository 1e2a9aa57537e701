//! Sources: loading a folder of documents, splitting them into passages,
//! and retrieving the passages that bear on a claim.
//!
//! [`Corpus::load`] walks a folder (`load.rs`), reads each file by its format
//! (`formats.rs`: text, Markdown, HTML, email, PDF), extracts every document with
//! the core, cuts it into passages (`passage.rs`: a sentence with its
//! neighbours as context, located by line or, in a PDF, by page), reads each
//! source's identity (`identity.rs`: the outlets it credits, its byline, its
//! subjects), and indexes the passages (`index.rs`, tantivy), each stored
//! whole. Reading and extracting run on every core (`prepare.rs`) and stream
//! into the index: a source's text and extraction are dropped once its
//! passages are indexed, so only the sources' names and identities stay in
//! memory.
//! [`Corpus::load_indexed`] does the same through the persistent index
//! (`store.rs`), reading again only the files that changed, and then reads
//! passages from disk as queries retrieve them.
//! [`Corpus::from_documents`] does the same from texts in memory.
//! Files that cannot be read are reported as [`LoadProblem`]s, never fatal.

mod formats;
mod identity;
mod index;
mod index_folder;
mod load;
mod named;
mod passage;
pub mod path_bytes;
mod prepare;
mod ranking;
mod store;
mod stored;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use claimcheck_core::{AliasTable, DocumentKind, ExtractOptions, Sentence};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

pub use index::IndexError;
pub use load::{BinaryFile, DecodedText, InvalidGlob, SourceFilter, decode_text};
pub use named::{NamedIdentity, Names};
pub use passage::{Excerpt, Passage, PassageId};
pub use store::{FORMAT_VERSION, IndexUpdate};

use crate::index::{Fields, PassageIndex, PassageWriter};
use crate::load::FoundFile;
use crate::prepare::Extracted;

/// A source, named by a hash of its folder and path: the same file has the
/// same id in every run, so that an index on disk can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceId(pub u64);

impl SourceId {
    fn of(root: &Path, relative: &Path) -> SourceId {
        let mut named = root.as_os_str().as_encoded_bytes().to_vec();
        named.push(0);
        named.extend_from_slice(relative.as_os_str().as_encoded_bytes());
        SourceId(prepare::content_hash(&named))
    }
}

/// One source document: what a check needs to know of it besides its
/// passages.
///
/// A corpus holds one for each of its files, tens of thousands of them, so a
/// source keeps little: its folder is shared, its path made when asked for,
/// and its identity kept as positions in a shared table of names until read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: SourceId,
    /// The sources folder as given, shared by its sources; empty for a
    /// document given by its path.
    folder: Arc<Path>,
    /// Relative to the sources folder.
    pub relative: PathBuf,
    pub kind: DocumentKind,
    identity: Identity,
}

impl Source {
    /// A source whose identity is known (read from its file, or kept).
    pub fn new(id: SourceId, folder: Arc<Path>, relative: PathBuf, kind: DocumentKind, identity: SourceIdentity) -> Source {
        Source { id, folder, relative, kind, identity: Identity::known(identity) }
    }

    /// A source whose identity is `identity`'s positions in `names`.
    pub fn listed(id: SourceId, folder: Arc<Path>, relative: PathBuf, kind: DocumentKind, identity: NamedIdentity, names: Arc<[Arc<str>]>) -> Source {
        Source { id, folder, relative, kind, identity: Identity::listed(identity, names) }
    }

    /// As on disk: the sources folder as given joined with `relative`, or
    /// the path a document was given by.
    pub fn path(&self) -> PathBuf {
        self.folder.join(&self.relative)
    }

    /// The sources folder as given.
    pub fn folder(&self) -> &Arc<Path> {
        &self.folder
    }

    /// Who the source speaks for and what it is about.
    pub fn identity(&self) -> &SourceIdentity {
        self.identity.get()
    }
}

/// A source's identity, named when first read: a corpus loaded through the
/// persistent index lists tens of thousands of sources, and a check reads
/// the identities of the few whose passages its claims match. It compares
/// and prints as the [`SourceIdentity`] it names.
#[derive(Clone)]
struct Identity {
    /// Boxed: most sources' identities are never read, and an empty cell
    /// the size of an identity cost each source 64 bytes.
    named: OnceLock<Box<SourceIdentity>>,
    /// Until named: the identity as positions in the index manifest's names.
    listed: Option<(NamedIdentity, Arc<[Arc<str>]>)>,
}

impl Identity {
    fn known(identity: SourceIdentity) -> Identity {
        Identity { named: OnceLock::from(Box::new(identity)), listed: None }
    }

    fn listed(identity: NamedIdentity, names: Arc<[Arc<str>]>) -> Identity {
        Identity { named: OnceLock::new(), listed: Some((identity, names)) }
    }

    fn get(&self) -> &SourceIdentity {
        self.named.get_or_init(|| Box::new(self.listed.as_ref().and_then(|(identity, names)| identity.identity(names)).unwrap_or_default()))
    }
}

impl PartialEq for Identity {
    fn eq(&self, other: &Identity) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Identity {}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Who a source speaks for and what it is about: canonical names. Shared
/// (`Arc<str>`): a large corpus names the same few people and organisations
/// in tens of thousands of sources, and the persistent index keeps each
/// name once (`store.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceIdentity {
    /// Outlets the source names as the origin of its reporting.
    pub outlets: Vec<Arc<str>>,
    pub authors: Vec<Arc<str>>,
    /// Names the source mentions so often that they are its subject,
    /// present in every passage though a sentence may not repeat them.
    pub subjects: Vec<Arc<str>>,
}

/// The start offsets of a paged document's pages in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages {
    starts: Vec<usize>,
}

impl Pages {
    /// `starts` are the byte offsets where pages 1, 2, … begin, in order.
    pub fn new(starts: Vec<usize>) -> Pages {
        Pages { starts }
    }

    /// The 1-based page that holds `offset`.
    pub fn page_of(&self, offset: usize) -> u32 {
        let page = self.starts.partition_point(|&start| start <= offset).max(1);
        u32::try_from(page).unwrap_or(u32::MAX)
    }
}

/// Where a place in a source is, as a reader would look it up: a line of a
/// text file, a page of a PDF (whose extracted lines mean nothing to a reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// 1-based.
    Line(u32),
    /// 1-based.
    Page(u32),
}

impl Location {
    /// `report.txt:12` or `leak.pdf, page 3`.
    pub fn cite(self, path: &Path) -> String {
        match self {
            Location::Line(line) => format!("{}:{line}", path.display()),
            Location::Page(page) => format!("{}, page {page}", path.display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemSeverity {
    /// Read, with a caveat.
    Warning,
    /// Not read.
    Skipped,
}

/// A file that could not be read cleanly.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub severity: ProblemSeverity,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot open the sources folder ({source}); pass an existing folder with --sources", path = path.display())]
    Root { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a folder; --sources takes the folder that holds the source documents", path = path.display())]
    NotAFolder { path: PathBuf },
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("these sources were given in memory, not loaded from a folder, so there is nothing to reload")]
    InMemory,
    #[error("{path}: cannot write the index ({source}); check the folder's permissions, or delete it to start afresh", path = path.display())]
    Store { path: PathBuf, source: std::io::Error },
}

/// Told how reading the sources advances, so that a front end can draw a
/// progress bar. Called from several threads at once.
pub trait Progress: Sync {
    /// `files` files of `bytes` bytes in all are to be read.
    fn start(&self, files: usize, bytes: u64);
    /// One more file, of `bytes` bytes, was read.
    fn advance(&self, bytes: u64);
}

/// Nothing to show.
impl Progress for () {
    fn start(&self, _: usize, _: u64) {}
    fn advance(&self, _: u64) {}
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub extract: ExtractOptions,
    /// Which files of the sources folders are read.
    pub filter: SourceFilter,
}

/// What to look for: a claim's text and facts.
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    pub text: &'a str,
    /// Canonical entity names.
    pub entities: Vec<&'a str>,
    pub numbers: Vec<f64>,
    pub years: Vec<i32>,
    /// Only passages of this source (a cited source is checked first).
    pub within: Option<SourceId>,
}

impl<'a> Query<'a> {
    pub fn from_sentence(sentence: &'a Sentence) -> Self {
        let facts = &sentence.facts;
        Query {
            text: &sentence.text,
            entities: facts.entities.iter().map(|e| e.canonical.as_str()).collect(),
            numbers: facts.quantities.iter().flat_map(|q| std::iter::once(q.value).chain(q.upper)).collect(),
            years: facts.dates.iter().flat_map(|d| std::iter::once(d.start.year).chain(d.end.map(|e| e.year))).flatten().collect(),
            within: None,
        }
    }
}

/// A retrieved passage and its score (higher is better).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub passage: Passage,
    pub score: f32,
}

/// Finds the passages that bear on a query, best first. The embedded
/// tantivy index (`index.rs`) is the default; docs/distributed-search.md
/// designs one on a newsroom's search cluster.
pub trait Retriever: std::fmt::Debug + Send + Sync {
    fn search(&self, query: &Query<'_>, limit: usize) -> Result<Vec<Hit>, IndexError>;
    /// How many passages there are to find.
    fn passages(&self) -> u64;
}

/// A loaded, indexed sources folder.
#[derive(Debug)]
pub struct Corpus {
    /// The folders the sources were loaded from; citations resolve against them.
    roots: Vec<PathBuf>,
    /// Shared: a judgement holds the source of each passage it was judged on.
    sources: Vec<Arc<Source>>,
    /// Where each source is in `sources`.
    positions: FxHashMap<SourceId, usize>,
    problems: Vec<LoadProblem>,
    /// The embedded index, which holds every passage.
    index: Arc<PassageIndex>,
    retriever: Arc<dyn Retriever>,
    /// The persistent index's folder, when the corpus was loaded through one.
    store: Option<PathBuf>,
    /// What the persistent index held when the corpus was loaded from it.
    fingerprint: Option<u64>,
}

/// Memory for the index writer's buffers: a large folder just flushes more segments.
const WRITER_HEAP: usize = 64_000_000;

impl Corpus {
    /// Loads and indexes every source under `root`.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Corpus, LoadError> {
        Corpus::load_folders(&[root.to_path_buf()], options)
    }

    /// Loads and indexes every source under each of `roots`, as one corpus,
    /// in memory. A source's `relative` path is relative to its own folder.
    pub fn load_folders(roots: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
        let (found, problems) = walk(roots, options)?;
        let index = PassageIndex::for_run(larger_than(&found, index::IN_MEMORY_MAX_BYTES))?;
        let writer = index.writer(WRITER_HEAP)?;
        let read = index_files(&found, &writer, index.fields(), options, &(), |indexed| indexed)?;
        writer.commit(None)?;
        index.refresh()?;
        index.built();
        let mut corpus = Corpus::new(roots.to_vec(), index, problems, None);
        for (file, read) in found.into_iter().zip(read) {
            corpus.add(file, read.map(|indexed| (indexed.source, indexed.warning)));
        }
        Ok(corpus.completed())
    }

    /// Loads every source under each of `roots` through the persistent index
    /// in `index_dir` (created if missing): files whose size and modification
    /// time are as indexed are not read again, the others are read, extracted
    /// and indexed again, and the index is brought up to date. Passages are
    /// then read from disk as queries retrieve them.
    pub fn load_indexed(roots: &[PathBuf], options: &LoadOptions, index_dir: &Path, progress: &dyn Progress) -> Result<(Corpus, IndexUpdate), LoadError> {
        // An index already there is opened, and its manifest read, while the
        // folders are walked: at tens of thousands of files each is a good
        // share of a warm check. A new one is made only once the sources are found.
        let ((found, problems), opened) = if index_dir.is_dir() {
            let (walked, opened) = std::thread::scope(|scope| {
                let opening = scope.spawn(|| store::open(index_dir, options));
                (walk(roots, options), opening.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            (walked?, opened?)
        } else {
            let walked = walk(roots, options)?;
            (walked, store::open(index_dir, options)?)
        };
        let updated = store::update(opened, found, options, progress)?;
        let mut corpus = Corpus::new(roots.to_vec(), updated.index, problems, Some(index_dir.to_path_buf()));
        corpus.fingerprint = Some(updated.fingerprint);
        for read in updated.files {
            match read {
                Ok((source, warning)) => corpus.add_source(source, warning),
                Err(problem) => corpus.problems.push(problem),
            }
        }
        Ok((corpus.completed(), updated.update))
    }

    /// Indexes documents given in memory: (path, text). No IO.
    pub fn from_documents(documents: Vec<(PathBuf, String)>, options: &LoadOptions) -> Result<Corpus, LoadError> {
        let index = PassageIndex::in_ram()?;
        let writer = index.writer(WRITER_HEAP)?;
        let mut prepared = Vec::with_capacity(documents.len());
        for (path, text) in documents {
            let file = FoundFile { root: Arc::from(Path::new("")), folder: Arc::from(Path::new("")), relative: path.clone(), path };
            let extracted = Extracted::of_text(text, None, None, DocumentKind::from_path(&file.path), &options.extract);
            let indexed = prepare_source(&file, extracted, &options.extract.aliases, index.fields());
            add_source(&writer, indexed.documents)?;
            prepared.push((file, Ok((indexed.source, indexed.warning))));
        }
        writer.commit(None)?;
        index.refresh()?;
        let mut corpus = Corpus::new(Vec::new(), index, Vec::new(), None);
        for (file, read) in prepared {
            corpus.add(file, read);
        }
        Ok(corpus.completed())
    }

    /// The corpus again after files in its folders changed on disk.
    ///
    /// The folders are walked again, so created and deleted files,
    /// `.gitignore` rules and the filter count, but only the files in
    /// `changed` and files new to the corpus are read and extracted; every
    /// other source's passages are taken from this corpus's index as they
    /// were (a corpus loaded through the persistent index updates it).
    pub fn reload(&self, changed: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
        if self.roots.is_empty() {
            return Err(LoadError::InMemory);
        }
        if let Some(store) = &self.store {
            return Corpus::load_indexed(&self.roots, options, store, &()).map(|(corpus, _)| corpus);
        }
        let (found, problems) = walk(&self.roots, options)?;
        let kept: FxHashMap<SourceId, &Arc<Source>> =
            self.sources.iter().filter(|source| !changed.contains(&source.path())).map(|source| (source.id, source)).collect();
        let found_ids: FxHashSet<SourceId> = found.iter().map(|f| SourceId::of(&f.root, &f.relative)).collect();
        let index = PassageIndex::for_run(larger_than(&found, index::IN_MEMORY_MAX_BYTES))?;
        let writer = index.writer(WRITER_HEAP)?;
        self.index.for_each_passage(|passage| {
            let source = passage.source();
            match kept.get(&source) {
                Some(kept) if found_ids.contains(&source) => writer.add_passage(&passage, &kept.relative),
                _ => Ok(()),
            }
        })?;
        let is_kept = |file: &FoundFile| kept.contains_key(&SourceId::of(&file.root, &file.relative));
        let to_read: Vec<FoundFile> = found.iter().filter(|f| !is_kept(f)).cloned().collect();
        let mut read = to_read.iter().map(|f| f.path.clone()).zip(index_files(&to_read, &writer, index.fields(), options, &(), |indexed| indexed)?).collect::<FxHashMap<_, _>>();
        writer.commit(None)?;
        index.refresh()?;
        index.built();
        let mut corpus = Corpus::new(self.roots.clone(), index, problems, None);
        // Sources keep the order a fresh load gives them: the walk's.
        for file in found {
            let outcome = match kept.get(&SourceId::of(&file.root, &file.relative)) {
                Some(&source) => {
                    corpus.problems.extend(self.problems.iter().filter(|p| p.path == file.path).cloned());
                    Ok((Source::clone(source), None))
                }
                None => read.remove(&file.path).unwrap_or_else(|| Err(String::new())).map(|indexed| (indexed.source, indexed.warning)),
            };
            corpus.add(file, outcome);
        }
        Ok(corpus.completed())
    }

    fn new(roots: Vec<PathBuf>, index: PassageIndex, problems: Vec<LoadProblem>, store: Option<PathBuf>) -> Corpus {
        let index = Arc::new(index);
        let retriever: Arc<dyn Retriever> = index.clone();
        Corpus { roots, sources: Vec::new(), positions: FxHashMap::default(), problems, index, retriever, store, fingerprint: None }
    }

    /// Takes a file's source, or reports why it could not be read.
    fn add(&mut self, file: FoundFile, read: Loaded) {
        match read {
            Ok((source, warning)) => self.add_source(source, warning),
            Err(message) => self.problems.push(LoadProblem { path: file.path, severity: ProblemSeverity::Skipped, message }),
        }
    }

    /// Takes a source, and what to warn of as it was read.
    fn add_source(&mut self, source: Source, warning: Option<String>) {
        if let Some(message) = warning {
            self.problems.push(LoadProblem { path: source.path(), severity: ProblemSeverity::Warning, message });
        }
        self.sources.push(Arc::new(source));
    }

    /// The corpus once every source is added: each source found by its id,
    /// problems in path order whatever the stage that found them (sources
    /// stay in the order the folders were walked).
    fn completed(mut self) -> Corpus {
        self.positions = self.sources.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        self.problems.sort_by(|a, b| a.path.cmp(&b.path));
        self
    }

    pub fn sources(&self) -> &[Arc<Source>] {
        &self.sources
    }

    /// What the corpus holds, as one number, for a corpus loaded through the
    /// persistent index: the same in every run while no source changes, so
    /// that what was judged against it can be kept beside it. `None` for a
    /// corpus read into memory.
    pub fn fingerprint(&self) -> Option<u64> {
        self.fingerprint
    }

    /// The persistent index's folder, for a corpus loaded through one.
    pub fn index_folder(&self) -> Option<&Path> {
        self.store.as_deref()
    }

    /// The source of that id; `None` for a source this corpus does not hold.
    pub fn source(&self, id: SourceId) -> Option<&Arc<Source>> {
        self.positions.get(&id).map(|&i| &self.sources[i])
    }

    /// The passages of a source, in order (from the embedded index).
    pub fn passages_of(&self, source: SourceId) -> Result<Vec<Passage>, IndexError> {
        self.index.passages_of(source)
    }

    /// How many passages the sources were cut into.
    pub fn passage_count(&self) -> u64 {
        self.retriever.passages()
    }

    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// The passages most likely to bear on `query`, best first. A failure of
    /// the index yields no passages rather than an error: a claim then reads
    /// as unsupported, which the reporter sees.
    pub fn retrieve(&self, query: &Query<'_>, limit: usize) -> Vec<Hit> {
        let mut hits = self.retriever.search(query, limit).unwrap_or_default();
        // A retriever may know passages of files this corpus no longer holds.
        hits.retain(|hit| self.positions.contains_key(&hit.passage.source()));
        hits
    }

    /// The same corpus retrieving through `retriever` instead of its
    /// embedded index; its hits must be this corpus's passages.
    pub fn with_retriever(self, retriever: Arc<dyn Retriever>) -> Corpus {
        Corpus { retriever, ..self }
    }

    /// Resolves a citation target — a footnote's text, a link, a pandoc key —
    /// to a source: a path relative to the draft's folder or to a sources
    /// folder, or a file stem (`nbc-report` for `nbc-report.txt`).
    pub fn find_source(&self, reference: &str, draft_dir: Option<&Path>) -> Option<SourceId> {
        let reference = percent_decode(reference.trim());
        let reference = reference.trim_start_matches("./");
        let wanted = Path::new(reference);
        let absolute = |path: &Path| path.canonicalize().ok();
        let candidates: Vec<PathBuf> =
            draft_dir.into_iter().chain(self.roots.iter().map(PathBuf::as_path)).filter_map(|folder| absolute(&folder.join(wanted))).collect();
        self.sources
            .iter()
            .find(|s| s.relative == wanted || s.path() == wanted || absolute(&s.path()).is_some_and(|p| candidates.contains(&p)))
            .or_else(|| self.sources.iter().find(|s| s.relative.file_stem().is_some_and(|stem| stem == wanted.as_os_str())))
            .map(|s| s.id)
    }
}

/// What became of a file: its source with what to warn of, or why it could not be read.
type Loaded = Result<(Source, Option<String>), String>;

/// A file read, extracted and cut into passages, ready to index.
struct PreparedSource {
    source: Source,
    documents: Vec<tantivy::TantivyDocument>,
    /// Read, with a caveat.
    warning: Option<String>,
}

/// Cuts an extracted file into passages and reads its identity; the text
/// and extraction are dropped here, once the passages hold what a check reads.
fn prepare_source(file: &FoundFile, extracted: Extracted, aliases: &AliasTable, fields: Fields) -> PreparedSource {
    let Extracted { text, pages, warning, extraction } = extracted;
    let id = SourceId::of(&file.root, &file.relative);
    let passages = passage::views_of(id, &text, &extraction, pages.as_ref());
    let documents = passages.iter().map(|p| fields.document(p, &file.relative)).collect();
    let identity = identity::identify(&text, &extraction, aliases);
    let source = Source::new(id, file.folder.clone(), file.relative.clone(), DocumentKind::from_path(&file.path), identity);
    PreparedSource { source, documents, warning }
}

/// Adds a source's passages to an index that holds none of them.
fn add_source(writer: &PassageWriter, documents: Vec<tantivy::TantivyDocument>) -> Result<(), IndexError> {
    for document in documents {
        writer.add(document)?;
    }
    Ok(())
}

/// What became of a file given to [`index_files`].
struct IndexedFile {
    source: Source,
    warning: Option<String>,
    /// Of the file's bytes as read.
    content_hash: u64,
    size: u64,
}

/// Reads, extracts and indexes `files` through `writer` on every core, into
/// an index that holds none of their passages; what `keep` keeps of each
/// file as it is indexed, in the files' order (a message for a file that
/// could not be read).
fn index_files<T>(
    files: &[FoundFile],
    writer: &PassageWriter,
    fields: Fields,
    options: &LoadOptions,
    progress: &dyn Progress,
    mut keep: impl FnMut(IndexedFile) -> T,
) -> Result<Vec<Result<T, String>>, IndexError> {
    let mut results: Vec<Result<T, String>> = files.iter().map(|_| Err(String::new())).collect();
    let mut failure = None;
    let aliases = &options.extract.aliases;
    prepare::read_each(
        files,
        &options.extract,
        progress,
        |file, read| {
            let (content_hash, size) = (read.content_hash.unwrap_or_default(), read.size);
            let prepared = prepare_source(file, read.outcome?, aliases, fields);
            Ok((prepared, content_hash, size))
        },
        |i, prepared: Result<(PreparedSource, u64, u64), String>| {
            results[i] = match prepared {
                Ok((prepared, content_hash, size)) => match add_source(writer, prepared.documents) {
                    Ok(()) => Ok(keep(IndexedFile { source: prepared.source, warning: prepared.warning, content_hash, size })),
                    Err(error) => {
                        failure.get_or_insert(error);
                        Err(String::new())
                    }
                },
                Err(message) => Err(message),
            };
        },
    );
    match failure {
        Some(error) => Err(error),
        None => Ok(results),
    }
}

/// The files of every folder of `roots`, and what could not be walked.
/// Whether `found` adds up to more than `bytes`, counting only as far as it takes.
/// A file that cannot be measured counts as empty: reading it will say what is wrong.
fn larger_than(found: &[FoundFile], bytes: u64) -> bool {
    let mut total = 0;
    found.iter().any(|file| {
        total += std::fs::metadata(&file.path).map_or(0, |metadata| metadata.len());
        total > bytes
    })
}

fn walk(roots: &[PathBuf], options: &LoadOptions) -> Result<(Vec<FoundFile>, Vec<LoadProblem>), LoadError> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let (files, folder_problems) = load::walk_folder(root, &options.filter)?;
        found.extend(files);
        problems.extend(folder_problems);
    }
    Ok((found, problems))
}

/// `b%20report.txt` → `b report.txt`. Malformed escapes stay as written;
/// bytes that do not form UTF-8 are replaced.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%').then(|| text.get(i + 1..i + 3)).flatten().and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(documents: &[(&str, &str)]) -> Corpus {
        let documents = documents.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect();
        Corpus::from_documents(documents, &LoadOptions::default()).expect("index builds")
    }

    fn best(corpus: &Corpus, text: &str) -> String {
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        let query = Query::from_sentence(&extraction.sentences[0]);
        let hit = corpus.retrieve(&query, 3).swap_remove(0);
        hit.passage.excerpt.slice(hit.passage.span).to_owned()
    }

    fn id(corpus: &Corpus, path: &str) -> SourceId {
        corpus.sources().iter().find(|s| s.relative == Path::new(path)).expect("a source").id
    }

    #[test]
    fn sources_are_weighed_against_a_limit_and_a_file_gone_weighs_nothing() {
        let folder = tempfile::tempdir().expect("a folder");
        for (name, bytes) in [("a.txt", 10), ("b.txt", 20)] {
            std::fs::write(folder.path().join(name), "x".repeat(bytes)).expect("written");
        }
        let (found, _) = walk(&[folder.path().to_path_buf()], &LoadOptions::default()).expect("walked");
        assert!(larger_than(&found, 29));
        assert!(!larger_than(&found, 30));
        std::fs::remove_file(folder.path().join("b.txt")).expect("removed");
        assert!(!larger_than(&found, 10), "a file gone counts as empty");
    }

    #[test]
    fn pages_locate_offsets() {
        let pages = Pages::new(vec![0, 10, 25]);
        let located: Vec<u32> = [0, 9, 10, 24, 25, 1000].into_iter().map(|offset| pages.page_of(offset)).collect();
        assert_eq!(located, [1, 1, 2, 2, 3, 3]);
        assert_eq!(Location::Page(2).cite(Path::new("leak.pdf")), "leak.pdf, page 2");
        assert_eq!(Location::Line(7).cite(Path::new("a.txt")), "a.txt:7");
    }

    #[test]
    fn source_ids_name_folder_and_path() {
        let id = SourceId::of(Path::new("/news"), Path::new("a.txt"));
        assert_eq!(id, SourceId::of(Path::new("/news"), Path::new("a.txt")), "the same in every run");
        assert_ne!(id, SourceId::of(Path::new("/leaks"), Path::new("a.txt")));
        assert_ne!(id, SourceId::of(Path::new("/news"), Path::new("b.txt")));
        assert_ne!(SourceId::of(Path::new("/a"), Path::new("bc")), SourceId::of(Path::new("/ab"), Path::new("c")));
    }

    #[test]
    fn retrieval_prefers_shared_entities_values_and_stems() {
        let corpus = corpus(&[
            ("a.txt", "Acme shares 20% of its data with partners.\n\nThe weather was mild in spring.\n"),
            ("b.txt", "Bolt Ltd paid four thousand workers in 2015.\n\nBolt Ltd sold shoes.\n"),
        ]);
        assert_eq!(best(&corpus, "Acme shared a fifth of the data."), "Acme shares 20% of its data with partners.");
        assert_eq!(best(&corpus, "Bolt paid 4,000 people."), "Bolt Ltd paid four thousand workers in 2015.");
        assert!(corpus.retrieve(&Query::default(), 5).is_empty());
        let acme = Query { text: "Acme data", ..Query::default() };
        assert!(corpus.retrieve(&acme, 0).is_empty());
        assert_eq!(corpus.retrieve(&acme, usize::MAX).len(), 1, "only passages that match come back");
        assert_eq!(corpus.passage_count(), 4);
    }

    #[test]
    fn retrieved_passages_carry_their_facts_and_neighbours() {
        let corpus = corpus(&[("a.txt", "Intro line.\n\nAcme paid 4,000 workers in 2015. Bolt did not.\n")]);
        let hit = corpus.retrieve(&Query { text: "Acme paid workers", ..Query::default() }, 1).swap_remove(0);
        let passage = hit.passage;
        assert_eq!(passage.sentence().facts.quantities[0].value, 4000.0);
        assert_eq!(passage.sentences.len(), 2, "with the sentence after it");
        assert_eq!(passage.context_text(), "Acme paid 4,000 workers in 2015. Bolt did not.");
        assert_eq!(passage.location, Location::Line(3));
        assert_eq!(corpus.source(passage.source()).map(|s| s.relative.clone()), Some(PathBuf::from("a.txt")));
    }

    #[test]
    fn retrieval_within_one_source() {
        let corpus = corpus(&[("a.txt", "Acme paid 4,000 workers in 2015.\n"), ("b.txt", "Acme paid workers.\n\nThe weather was mild.\n")]);
        let claim = Query { text: "Acme paid 4,000 workers", numbers: vec![4000.0], ..Query::default() };
        let source_of = |hit: &Hit| hit.passage.source();
        let (a, b) = (id(&corpus, "a.txt"), id(&corpus, "b.txt"));
        assert_eq!(corpus.retrieve(&claim, 5).first().map(source_of), Some(a), "the closer passage wins across sources");
        let in_b = corpus.retrieve(&Query { within: Some(b), ..claim }, 5);
        assert_eq!(in_b.iter().map(source_of).collect::<Vec<_>>(), [b], "only b's matching passage");
    }

    #[test]
    fn retrieval_goes_through_the_retriever_the_corpus_holds() {
        /// Answers every query with one passage, as a remote search would answer with its own ranking.
        #[derive(Debug)]
        struct Fixed(Passage);
        impl Retriever for Fixed {
            fn search(&self, _: &Query<'_>, _: usize) -> Result<Vec<Hit>, IndexError> {
                Ok(vec![Hit { passage: self.0.clone(), score: 1.0 }])
            }
            fn passages(&self) -> u64 {
                1
            }
        }
        let corpus = corpus(&[("a.txt", "Acme paid 4,000 workers.\n\nThe weather was mild.\n")]);
        assert_eq!(best(&corpus, "Acme paid 4,000 workers."), "Acme paid 4,000 workers.");
        let weather = corpus.retrieve(&Query { text: "weather", ..Query::default() }, 1).swap_remove(0).passage;
        let corpus = corpus.with_retriever(Arc::new(Fixed(weather)));
        assert_eq!(best(&corpus, "Acme paid 4,000 workers."), "The weather was mild.");
        assert_eq!(corpus.passage_count(), 1);
    }

    #[test]
    fn citations_resolve_by_path_and_stem() {
        let corpus = corpus(&[("nbc-report.txt", "Acme paid.\n"), ("dir/times.md", "Bolt paid.\n")]);
        let (nbc, times) = (id(&corpus, "nbc-report.txt"), id(&corpus, "dir/times.md"));
        assert_eq!(corpus.find_source("nbc-report.txt", None), Some(nbc));
        assert_eq!(corpus.find_source("./dir/times.md", None), Some(times));
        assert_eq!(corpus.find_source("times", None), Some(times));
        assert_eq!(corpus.find_source("missing.txt", None), None);
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("b%20report%2Etxt"), "b report.txt");
        assert_eq!(percent_decode("caf%C3%A9 100%"), "café 100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
