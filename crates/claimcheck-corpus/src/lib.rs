//! Sources: loading a folder of documents, splitting them into passages,
//! and retrieving the passages that bear on a claim.
//!
//! [`Corpus::load`] walks a folder (`load.rs`), reads each file by its format
//! (`formats.rs`: text, Markdown, HTML, email, PDF), extracts every document with
//! the core, cuts it into passages — a sentence with its neighbours as
//! context, located by line or, in a PDF, by page — reads each source's identity (`identity.rs`: the outlets it
//! credits, its byline), and indexes the passages (`index.rs`, tantivy).
//! Reading and extracting run on every core (`prepare.rs`).
//! [`Corpus::load_indexed`] does the same through the persistent index
//! (`store.rs`), reading again only the files that changed.
//! [`Corpus::from_documents`] does the same from texts in memory.
//! Files that cannot be read are reported as [`LoadProblem`]s, never fatal.

mod formats;
mod identity;
mod index;
mod load;
mod prepare;
mod store;

use std::path::{Path, PathBuf};

use claimcheck_core::{DocumentKind, ExtractOptions, Extraction, LineIndex, Sentence, SentenceContext, Span};
use rustc_hash::FxHashMap;

pub use index::IndexError;
pub use load::{BinaryFile, DecodedText, InvalidGlob, SourceFilter, decode_text};
pub use store::{FORMAT_VERSION, IndexUpdate};

use crate::index::{IndexedPassage, PassageIndex};
use crate::load::FoundFile;
use crate::prepare::Extracted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId(pub u32);

/// One source document.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: SourceId,
    /// As on disk (the root joined with `relative`), or as given.
    pub path: PathBuf,
    /// Relative to the sources folder.
    pub relative: PathBuf,
    pub kind: DocumentKind,
    /// The text that was read (HTML, email and PDF already turned into text).
    pub text: String,
    /// Where each page starts in `text`, for a PDF.
    pub pages: Option<Pages>,
    pub extraction: Extraction,
    pub line_index: LineIndex,
    pub identity: SourceIdentity,
}

impl Source {
    /// The line, or in a PDF the page, that holds `offset` of the text.
    pub fn location(&self, offset: usize) -> Location {
        match &self.pages {
            Some(pages) => Location::Page(pages.page_of(offset)),
            None => Location::Line(self.line_index.line_column(offset, claimcheck_core::PositionEncoding::Utf8).line + 1),
        }
    }
}

/// Who a source speaks for: canonical names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceIdentity {
    /// Outlets the source names as the origin of its reporting.
    pub outlets: Vec<String>,
    pub authors: Vec<String>,
}

/// A sentence of a source with its neighbours.
#[derive(Debug, Clone)]
pub struct Passage {
    pub id: PassageId,
    pub source: SourceId,
    /// Index into the source's `extraction.sentences`.
    pub sentence: usize,
    /// The sentence.
    pub span: Span,
    /// The sentence with the one before and the one after in its paragraph.
    pub context: Span,
    /// Where the sentence starts, as a reader finds it.
    pub location: Location,
}

/// The start offsets of a paged document's pages in its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// Where a place in a source is, as a reader would look it up: a line of a
/// text file, a page of a PDF (whose extracted lines mean nothing to a reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub passage: PassageId,
    pub score: f32,
}

/// Finds the passages that bear on a query, best first. The embedded
/// tantivy index (`index.rs`) is the default; docs/distributed-search.md
/// designs one on a newsroom's search cluster.
pub trait Retriever: std::fmt::Debug + Send + Sync {
    fn search(&self, query: &Query<'_>, limit: usize) -> Result<Vec<Hit>, IndexError>;
}

/// A loaded, indexed sources folder.
#[derive(Debug)]
pub struct Corpus {
    /// The folders the sources were loaded from; citations resolve against them.
    roots: Vec<PathBuf>,
    sources: Vec<Source>,
    passages: Vec<Passage>,
    problems: Vec<LoadProblem>,
    retriever: Box<dyn Retriever>,
}

impl Corpus {
    /// Loads and indexes every source under `root`.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Corpus, LoadError> {
        Corpus::load_folders(&[root.to_path_buf()], options)
    }

    /// Loads and indexes every source under each of `roots`, as one corpus.
    /// A source's `relative` path is relative to its own folder.
    pub fn load_folders(roots: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
        let (found, mut problems) = walk(roots, options)?;
        let read = prepare::read_all(&found, &options.extract, &());
        let mut documents = Vec::with_capacity(found.len());
        for (file, read) in found.into_iter().zip(read) {
            match read.outcome {
                Ok(extracted) => documents.push((file, extracted)),
                Err(message) => problems.push(LoadProblem { path: file.path, severity: ProblemSeverity::Skipped, message }),
            }
        }
        Corpus::build(roots.to_vec(), documents, problems, options)
    }

    /// Loads every source under each of `roots` through the persistent index
    /// in `index_dir` (created if missing): files whose size and modification
    /// time are as indexed are taken from it, the others read and extracted
    /// again, and the index is brought up to date.
    pub fn load_indexed(
        roots: &[PathBuf],
        options: &LoadOptions,
        index_dir: &Path,
        progress: &dyn Progress,
    ) -> Result<(Corpus, IndexUpdate), LoadError> {
        let (found, mut problems) = walk(roots, options)?;
        let updated = store::update(index_dir, found, &options.extract, progress)?;
        problems.extend(updated.problems);
        Ok((Corpus::build(roots.to_vec(), updated.documents, problems, options)?, updated.update))
    }

    /// Indexes documents given in memory: (path, text). No IO.
    pub fn from_documents(documents: Vec<(PathBuf, String)>, options: &LoadOptions) -> Result<Corpus, LoadError> {
        let documents = documents
            .into_iter()
            .map(|(path, text)| {
                let extracted = Extracted::of_text(text, None, None, DocumentKind::from_path(&path), &options.extract);
                (FoundFile { root: PathBuf::new(), relative: path.clone(), path }, extracted)
            })
            .collect();
        Corpus::build(Vec::new(), documents, Vec::new(), options)
    }

    /// The corpus again after files in its folders changed on disk.
    ///
    /// The folders are walked again, so created and deleted files,
    /// `.gitignore` rules and the filter count, but only the files in
    /// `changed` and files new to the corpus are read and extracted; every
    /// other source is kept as it was. The passage index is rebuilt.
    pub fn reload(&self, changed: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
        if self.roots.is_empty() {
            return Err(LoadError::InMemory);
        }
        let unchanged = |source: &&Source| !changed.contains(&source.path);
        let kept: FxHashMap<&Path, &Source> = self.sources.iter().filter(unchanged).map(|s| (s.path.as_path(), s)).collect();
        let (found, mut problems) = walk(&self.roots, options)?;
        problems.extend(self.problems.iter().filter(|p| kept.contains_key(p.path.as_path())).cloned());
        let to_read: Vec<FoundFile> = found.iter().filter(|f| !kept.contains_key(f.path.as_path())).cloned().collect();
        let mut read: FxHashMap<PathBuf, prepare::ReadFile> =
            to_read.iter().map(|f| f.path.clone()).zip(prepare::read_all(&to_read, &options.extract, &())).collect();
        // Sources keep the order a fresh load gives them: the walk's.
        let mut documents = Vec::with_capacity(found.len());
        for file in found {
            if let Some(source) = kept.get(file.path.as_path()) {
                let extracted = Extracted { text: source.text.clone(), pages: source.pages.clone(), warning: None, extraction: source.extraction.clone() };
                documents.push((file, extracted));
            } else if let Some(read) = read.remove(&file.path) {
                match read.outcome {
                    Ok(extracted) => documents.push((file, extracted)),
                    Err(message) => problems.push(LoadProblem { path: file.path, severity: ProblemSeverity::Skipped, message }),
                }
            }
        }
        Corpus::build(self.roots.clone(), documents, problems, options)
    }

    /// Indexes documents already read and extracted; warnings from reading
    /// join `problems`.
    fn build(
        roots: Vec<PathBuf>,
        documents: Vec<(FoundFile, Extracted)>,
        mut problems: Vec<LoadProblem>,
        options: &LoadOptions,
    ) -> Result<Corpus, LoadError> {
        let mut sources = Vec::with_capacity(documents.len());
        let mut passages = Vec::new();
        for (FoundFile { path, relative, .. }, Extracted { text, pages, warning, extraction }) in documents {
            if let Some(message) = warning {
                problems.push(LoadProblem { path: path.clone(), severity: ProblemSeverity::Warning, message });
            }
            let id = SourceId(u32::try_from(sources.len()).unwrap_or(u32::MAX));
            let kind = DocumentKind::from_path(&path);
            let line_index = LineIndex::new(&text);
            let identity = identity::identify(&text, &extraction, &options.extract.aliases);
            let source = Source { id, path, relative, kind, text, pages, extraction, line_index, identity };
            passages_of(&source, &mut passages);
            sources.push(source);
        }
        let index = PassageIndex::build(passages.iter().map(|p| {
            let source = &sources[p.source.0 as usize];
            IndexedPassage { id: p.id, source: p.source, text: p.span.slice(&source.text), sentence: &source.extraction.sentences[p.sentence] }
        }))?;
        // In path order, as the folder was walked, whatever the stage that found the problem.
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Corpus { roots, sources, passages, problems, retriever: Box::new(index) })
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    pub fn passage(&self, id: PassageId) -> &Passage {
        &self.passages[id.0 as usize]
    }

    pub fn sentence(&self, id: PassageId) -> &Sentence {
        let passage = self.passage(id);
        &self.source(passage.source).extraction.sentences[passage.sentence]
    }

    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// The passages most likely to bear on `query`, best first. A failure of
    /// the index yields no passages rather than an error: a claim then reads
    /// as unsupported, which the reporter sees.
    pub fn retrieve(&self, query: &Query<'_>, limit: usize) -> Vec<Hit> {
        self.retriever.search(query, limit).unwrap_or_default()
    }

    /// The same corpus retrieving through `retriever` instead of its
    /// embedded index; its hits must name this corpus's passages.
    pub fn with_retriever(self, retriever: Box<dyn Retriever>) -> Corpus {
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
        let candidates: Vec<PathBuf> = draft_dir
            .into_iter()
            .chain(self.roots.iter().map(PathBuf::as_path))
            .filter_map(|folder| absolute(&folder.join(wanted)))
            .collect();
        self.sources
            .iter()
            .find(|s| {
                s.relative == wanted
                    || s.path == wanted
                    || absolute(&s.path).is_some_and(|p| candidates.contains(&p))
            })
            .or_else(|| self.sources.iter().find(|s| s.path.file_stem().is_some_and(|stem| stem == wanted.as_os_str())))
            .map(|s| s.id)
    }
}

/// The files of every folder of `roots`, and what could not be walked.
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

/// One passage per sentence that holds something a claim could match.
fn passages_of(source: &Source, out: &mut Vec<Passage>) {
    let text = &source.text;
    let sentences = &source.extraction.sentences;
    for (i, sentence) in sentences.iter().enumerate() {
        if sentence.context == SentenceContext::Heading && sentence.facts.is_empty() {
            continue;
        }
        let same_paragraph = |other: &Sentence, a: Span, b: Span| {
            let gap = Span::new(a.end.min(b.start), b.start.max(a.end)).slice(text);
            other.context == sentence.context && !gap.contains("\n\n") && !gap.contains("\n\r\n")
        };
        let before = i.checked_sub(1).map(|j| &sentences[j]).filter(|p| same_paragraph(p, p.span, sentence.span));
        let after = sentences.get(i + 1).filter(|n| same_paragraph(n, sentence.span, n.span));
        let context = Span::new(before.map_or(sentence.span.start, |p| p.span.start), after.map_or(sentence.span.end, |n| n.span.end));
        let id = PassageId(u32::try_from(out.len()).unwrap_or(u32::MAX));
        out.push(Passage { id, source: source.id, sentence: i, span: sentence.span, context, location: source.location(sentence.span.start) });
    }
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
        let hit = corpus.retrieve(&query, 3)[0];
        let passage = corpus.passage(hit.passage);
        passage.span.slice(&corpus.source(passage.source).text).to_owned()
    }

    #[test]
    fn passages_with_context_and_lines() {
        let corpus = corpus(&[("a.txt", "Title Line\n\nAcme paid $4 million. It sued Bolt in 2015.\nBolt lost.\n\nA new paragraph here.\n")]);
        let shown: Vec<(Location, &str, &str)> = corpus
            .passages()
            .iter()
            .map(|p| {
                let text = &corpus.sources()[0].text;
                (p.location, p.span.slice(text), p.context.slice(text))
            })
            .collect();
        let sued = shown.iter().find(|p| p.1 == "It sued Bolt in 2015.").expect("a passage per sentence");
        assert_eq!(*sued, (Location::Line(3), "It sued Bolt in 2015.", "Acme paid $4 million. It sued Bolt in 2015.\nBolt lost."));
        assert_eq!(shown.last().map(|p| p.2), Some("A new paragraph here."));
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
    }

    #[test]
    fn retrieval_within_one_source() {
        let corpus = corpus(&[
            ("a.txt", "Acme paid 4,000 workers in 2015.\n"),
            ("b.txt", "Acme paid workers.\n\nThe weather was mild.\n"),
        ]);
        let claim = Query { text: "Acme paid 4,000 workers", numbers: vec![4000.0], ..Query::default() };
        let source_of = |hit: &Hit| corpus.passage(hit.passage).source;
        assert_eq!(corpus.retrieve(&claim, 5).first().map(source_of), Some(SourceId(0)), "the closer passage wins across sources");
        let in_b = corpus.retrieve(&Query { within: Some(SourceId(1)), ..claim }, 5);
        assert_eq!(in_b.iter().map(source_of).collect::<Vec<_>>(), [SourceId(1)], "only b's matching passage");
    }

    #[test]
    fn retrieval_goes_through_the_retriever_the_corpus_holds() {
        /// Answers every query with one passage, as a remote search would answer with its own ranking.
        #[derive(Debug)]
        struct Fixed(PassageId);
        impl Retriever for Fixed {
            fn search(&self, _: &Query<'_>, _: usize) -> Result<Vec<Hit>, IndexError> {
                Ok(vec![Hit { passage: self.0, score: 1.0 }])
            }
        }
        let corpus = corpus(&[("a.txt", "Acme paid 4,000 workers.\n\nThe weather was mild.\n")]);
        assert_eq!(best(&corpus, "Acme paid 4,000 workers."), "Acme paid 4,000 workers.");
        let corpus = corpus.with_retriever(Box::new(Fixed(PassageId(1))));
        assert_eq!(best(&corpus, "Acme paid 4,000 workers."), "The weather was mild.");
    }

    #[test]
    fn citations_resolve_by_path_and_stem() {
        let corpus = corpus(&[("nbc-report.txt", "Acme paid.\n"), ("dir/times.md", "Bolt paid.\n")]);
        assert_eq!(corpus.find_source("nbc-report.txt", None), Some(SourceId(0)));
        assert_eq!(corpus.find_source("./dir/times.md", None), Some(SourceId(1)));
        assert_eq!(corpus.find_source("times", None), Some(SourceId(1)));
        assert_eq!(corpus.find_source("missing.txt", None), None);
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("b%20report%2Etxt"), "b report.txt");
        assert_eq!(percent_decode("caf%C3%A9 100%"), "café 100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
