//! The persistent index (`.claimcheck/` in the workspace): every source's
//! passages, indexed on disk, so that a warm check reads only the passages
//! its queries retrieve and reads again only the files whose content changed.
//!
//! `passages/` is a tantivy index of every passage, each stored whole
//! (`index.rs`). The manifest lists each source file's folder, relative
//! path, size, modification time, content hash and identity; it is written
//! to a file of its own (`manifest-HASH.bin`, named by its content, in
//! postcard's compact binary layout: at 75,000 sources, parsing it as JSON
//! was a third of a warm check), and
//! each commit of the index names its manifest in its payload. An update
//! removes the passages of changed and deleted files, adds those of changed
//! and new files, writes the new manifest, and then commits passages and the
//! manifest's name together, so a crash or `kill -9` at any point leaves the
//! last commit and the manifest it names, never a half-written index that is
//! read (tantivy writes new files and switches `meta.json` atomically). The
//! manifest is kept out of `meta.json` because tantivy parses that file
//! several times as it opens an index: at 75,000 sources the manifest is
//! tens of megabytes. An index that cannot be opened, a manifest that is
//! missing, does not parse, or is of another format version or from other
//! settings is set aside with a message and everything is read again.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use claimcheck_core::{DocumentKind, ExtractOptions};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::index::PassageIndex;
use crate::load::FoundFile;
use crate::named::{NamedIdentity, Names};
use crate::{IndexedFile, LoadError, LoadOptions, LoadProblem, ProblemSeverity, Progress, Source, SourceId, index_files, prepare};

/// Raised whenever what is stored changes shape or what extraction produces
/// changes, so that an index written by another claimcheck is rebuilt.
pub const FORMAT_VERSION: u32 = 7;

const PASSAGES: &str = "passages";
/// How the manifest files' names begin: `manifest-` and the hash of their content.
const MANIFEST_PREFIX: &str = "manifest-";
const MANIFEST_SUFFIX: &str = ".bin";
/// What format 1 kept (a manifest and one JSON record per file), removed
/// when a newer claimcheck takes the folder over.
const FORMAT_1_FILES: [&str; 2] = ["manifest.json", "records"];
/// Memory for the index writer's buffers while indexing a folder.
const WRITER_HEAP: usize = 96_000_000;

/// What the manifest file holds; written from references to its entries
/// (`F` = `&ManifestEntry`), read into entries.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest<F = ManifestEntry> {
    /// First, so that it can be read alone: a manifest of another format
    /// says so instead of failing to parse.
    version: u32,
    /// What extraction depended on besides the text: the claimcheck version
    /// and the extraction settings (aliases).
    settings: u64,
    /// When the update that wrote it began, before any file was stamped.
    written_nanos: u128,
    /// Every name the files' identities use, once: a large corpus names the
    /// same few dozen people and organisations in most of its files.
    names: Vec<Arc<str>>,
    /// The sources folders, canonical, each once.
    #[serde(with = "crate::path_bytes::list")]
    roots: Vec<PathBuf>,
    files: Vec<F>,
}

/// What the manifest lists.
#[derive(Debug, Default)]
struct Indexed {
    entries: Vec<ManifestEntry>,
    roots: Vec<PathBuf>,
    written_nanos: u128,
    names: Names,
}

/// A file modified this close before the index was written may have
/// changed again within the file system's timestamp granularity (Linux's
/// are a few milliseconds coarse), after it was read; as git does with
/// "racy" files, its content is compared instead of its stamp.
const RACY_NANOS: u128 = 2_000_000_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestEntry {
    /// The sources folder: a position in the manifest's roots.
    root: u32,
    #[serde(with = "crate::path_bytes")]
    relative: PathBuf,
    size: u64,
    modified_nanos: u128,
    content_hash: u64,
    identity: NamedIdentity,
}

/// What an update of the persistent index did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexUpdate {
    /// Files read and extracted (new or changed), by path.
    pub read: Vec<PathBuf>,
    /// Files taken from the index as they were.
    pub reused: usize,
    /// Files that left the sources and dropped out of the index.
    pub removed: Vec<PathBuf>,
    /// Bytes of the files read.
    pub bytes_read: u64,
    /// Why part or all of the index was read again: another format
    /// version, an index that cannot be read.
    pub messages: Vec<String>,
}

/// A file's size and modification time: when both are as indexed, the file
/// is taken as unchanged without reading it.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((metadata.len(), modified))
}

/// How many files one thread stamps at least: fewer are not worth a thread.
const STAMPS_PER_THREAD: usize = 4096;

/// Every file's stamp, in order, taken on every core: at tens of thousands
/// of files, one `stat` after another is a good share of a warm check.
fn stamps(files: &[FoundFile]) -> Vec<Option<(u64, u128)>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(files.len().div_ceil(STAMPS_PER_THREAD)).max(1);
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let stamping: Vec<_> = files.chunks(chunk).map(|chunk| scope.spawn(move || chunk.iter().map(|f| stamp(&f.path)).collect::<Vec<_>>())).collect();
        stamping.into_iter().flat_map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// `entry` with the file's current stamp when the file's content is as
/// indexed: by its size and modification time when those are as indexed and
/// not racy, else by reading and hashing it (a file touched but not changed).
fn unchanged(entry: ManifestEntry, stamp: Option<(u64, u128)>, path: &Path, written_nanos: u128) -> Option<ManifestEntry> {
    let (size, modified_nanos) = stamp?;
    let trusted = (size, modified_nanos) == (entry.size, entry.modified_nanos) && modified_nanos + RACY_NANOS < written_nanos;
    if !trusted && (size != entry.size || std::fs::read(path).ok().map(|bytes| prepare::content_hash(&bytes)) != Some(entry.content_hash)) {
        return None;
    }
    Some(ManifestEntry { size, modified_nanos, ..entry })
}

/// Identifies the settings extraction ran with; a change rebuilds the index.
fn settings_hash(options: &ExtractOptions) -> u64 {
    let described = format!("{} {options:?}", env!("CARGO_PKG_VERSION"));
    prepare::content_hash(described.as_bytes())
}

/// What the manifest keeps of a file read and indexed.
struct Named {
    identity: NamedIdentity,
    warning: Option<String>,
    content_hash: u64,
    size: u64,
}

/// What [`update`] gives back.
pub(crate) struct Updated {
    pub(crate) index: PassageIndex,
    /// Every file's source with what to warn of it, or why it could not be read, in the files' order.
    pub(crate) files: Vec<Result<(Source, Option<String>), LoadProblem>>,
    pub(crate) update: IndexUpdate,
    /// What the index now holds, as one number ([`fingerprint`]).
    pub(crate) fingerprint: u64,
}

/// The index in a folder, opened (created if missing), with the manifest its
/// last commit names: what [`update`] starts from.
pub(crate) struct Opened {
    dir: PathBuf,
    index: PassageIndex,
    old: Indexed,
    /// The index must be built again from nothing.
    rebuild: bool,
    settings: u64,
    /// Before any file is stamped.
    started_nanos: u128,
    update: IndexUpdate,
}

/// Opens the index in `dir`, creating it if missing, and reads its manifest;
/// an index or manifest that cannot be used is set aside with a message.
pub(crate) fn open(dir: &Path, options: &LoadOptions) -> Result<Opened, LoadError> {
    let store_error = |source: std::io::Error| LoadError::Store { path: dir.to_path_buf(), source };
    let passages = dir.join(PASSAGES);
    std::fs::create_dir_all(&passages).map_err(store_error)?;
    // The index is a cache of the sources: git must never see it.
    write_atomically(&dir.join(".gitignore"), b"*\n").map_err(store_error)?;
    for old in FORMAT_1_FILES {
        let path = dir.join(old);
        let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
    }
    let settings = settings_hash(&options.extract);
    let started_nanos = now_nanos();
    let mut update = IndexUpdate::default();
    let index = match PassageIndex::open_or_create(&passages) {
        Ok(index) => index,
        Err(error) => {
            update.messages.push(format!("{}: cannot be read ({error}); rebuilding the index", passages.display()));
            std::fs::remove_dir_all(&passages).and_then(|()| std::fs::create_dir_all(&passages)).map_err(store_error)?;
            PassageIndex::open_or_create(&passages)?
        }
    };
    let (old, mut rebuild) = match index.payload().map_err(|e| e.to_string()).and_then(|payload| read_manifest(dir, payload.as_deref(), settings)) {
        Ok(old) => (old, false),
        Err(message) => {
            update.messages.push(format!("{}: {message}; rebuilding the index", passages.display()));
            (Indexed::default(), true)
        }
    };
    // Passages no manifest accounts for (an update that crashed before its first commit wrote none, but be sure).
    rebuild |= old.entries.is_empty() && index.len() > 0;
    Ok(Opened { dir: dir.to_path_buf(), index, old, rebuild, settings, started_nanos, update })
}

/// Brings the opened index up to date with `files`.
pub(crate) fn update(opened: Opened, files: Vec<FoundFile>, options: &LoadOptions, progress: &dyn Progress) -> Result<Updated, LoadError> {
    let Opened { dir, index, old, rebuild, settings, started_nanos, mut update } = opened;
    let dir = dir.as_path();
    let store_error = |source: std::io::Error| LoadError::Store { path: dir.to_path_buf(), source };
    let Indexed { entries: old_entries, roots: old_roots, written_nanos: old_written_nanos, mut names } = old;

    // Take what is unchanged from the index; list what must be read. The
    // entries move from the old manifest to the new one, uncopied: at tens
    // of thousands of sources, copying them was a tenth of a warm check.
    let mut indexed: FxHashMap<SourceId, ManifestEntry> = old_entries
        .into_iter()
        .filter_map(|e| Some((SourceId::of(old_roots.get(e.root as usize)?, &e.relative), e)))
        .collect();
    let mut roots: Vec<PathBuf> = Vec::new();
    let root_positions: Vec<u32> = files.iter().map(|file| position_in(&mut roots, &file.root)).collect();
    let mut kept: Vec<Option<ManifestEntry>> = Vec::with_capacity(files.len());
    let mut ids = Vec::with_capacity(files.len());
    let mut to_read = Vec::new();
    // Files indexed before and read again: their old passages go.
    let mut changed = Vec::new();
    // Stamped before reading: a file that changes while it is read then
    // differs from its stamp next time, and is read again.
    let stamps = stamps(&files);
    for (i, file) in files.iter().enumerate() {
        let id = SourceId::of(&file.root, &file.relative);
        ids.push(id);
        let entry = indexed.remove(&id);
        let was_indexed = entry.is_some();
        let unchanged = entry.and_then(|entry| unchanged(entry, stamps[i], &file.path, old_written_nanos));
        let unchanged = unchanged.map(|entry| ManifestEntry { root: root_positions[i], ..entry });
        if unchanged.is_none() {
            to_read.push(i);
            if was_indexed {
                changed.push(id);
            }
        }
        kept.push(unchanged);
    }
    update.reused = files.len() - to_read.len();
    // What is left of the old manifest left the sources.
    let removed: Vec<SourceId> = indexed.keys().copied().collect();
    update.removed = indexed.into_values().filter_map(|e| Some(old_roots.get(e.root as usize)?.join(&e.relative))).collect();
    update.removed.sort();

    // Of each file read: what to warn of, or why it could not be read.
    let mut read: Vec<Option<Result<Option<String>, String>>> = files.iter().map(|_| None).collect();
    if rebuild || !to_read.is_empty() || !removed.is_empty() {
        let writer = index.writer(WRITER_HEAP)?;
        if rebuild {
            writer.remove_all()?;
        }
        // The old passages of removed and changed files go before any new one comes.
        for &id in removed.iter().chain(&changed) {
            writer.remove_source(id);
        }
        let reading: Vec<FoundFile> = to_read.iter().map(|&i| files[i].clone()).collect();
        // Each identity is named as its file is indexed, and the file's source
        // dropped: holding every source read until the end held every
        // identity, about a kilobyte per file.
        let named = |indexed: IndexedFile| Named {
            identity: names.named(indexed.source.identity()),
            warning: indexed.warning,
            content_hash: indexed.content_hash,
            size: indexed.size,
        };
        let outcomes = index_files(&reading, &writer, index.fields(), options, progress, named)?;
        for (&i, outcome) in to_read.iter().zip(outcomes) {
            let file = &files[i];
            read[i] = Some(outcome.map(|indexed| {
                update.read.push(file.path.clone());
                update.bytes_read += indexed.size;
                let (size, modified_nanos) = stamps[i].unwrap_or((indexed.size, 0));
                kept[i] = Some(ManifestEntry {
                    root: root_positions[i],
                    relative: file.relative.clone(),
                    size,
                    modified_nanos,
                    content_hash: indexed.content_hash,
                    identity: indexed.identity,
                });
                indexed.warning
            }));
        }
        let files = kept.iter().flatten().collect();
        let manifest = Manifest { version: FORMAT_VERSION, settings, written_nanos: started_nanos, names: names.names().to_vec(), roots: roots.clone(), files };
        let bytes = postcard::to_stdvec(&manifest).map_err(|e| store_error(std::io::Error::other(e)))?;
        let name = format!("{MANIFEST_PREFIX}{:016x}{MANIFEST_SUFFIX}", prepare::content_hash(&bytes));
        write_atomically(&dir.join(&name), &bytes).map_err(store_error)?;
        writer.commit(Some(&name))?;
        index.refresh()?;
        remove_manifests_but(dir, &name);
    }

    let fingerprint = fingerprint(settings, &roots, kept.iter().flatten());
    // Sources taken from the index name their identities when first asked:
    // naming every one was a fifth of a warm check at 75,000 sources.
    let names: Arc<[Arc<str>]> = names.into_names().into();
    let mut loaded = Vec::with_capacity(files.len());
    for (((file, id), entry), read) in files.into_iter().zip(ids).zip(kept).zip(read) {
        let warning = match read {
            Some(Err(message)) => {
                loaded.push(Err(LoadProblem { path: file.path, severity: ProblemSeverity::Skipped, message }));
                continue;
            }
            Some(Ok(warning)) => warning,
            None => None,
        };
        let Some(entry) = entry else { continue };
        let kind = DocumentKind::from_path(&file.path);
        loaded.push(Ok((Source::listed(id, file.folder, entry.relative, kind, entry.identity, names.clone()), warning)));
    }
    Ok(Updated { index, files: loaded, update, fingerprint })
}

/// Where `root` is in `roots`, added at the end if missing (a corpus has a
/// folder or a few).
fn position_in(roots: &mut Vec<PathBuf>, root: &Path) -> u32 {
    let position = roots.iter().position(|r| r == root).unwrap_or_else(|| {
        roots.push(root.to_path_buf());
        roots.len() - 1
    });
    u32::try_from(position).unwrap_or(u32::MAX)
}

/// The index's format and settings and each file's folder, path and content
/// hash, hashed: the same in every run while no source changes, and another
/// number as soon as one does.
fn fingerprint<'a>(settings: u64, roots: &[PathBuf], entries: impl Iterator<Item = &'a ManifestEntry>) -> u64 {
    let mut described = [u64::from(FORMAT_VERSION), settings].map(u64::to_le_bytes).concat();
    for entry in entries {
        let root = roots.get(entry.root as usize).map_or(Path::new(""), PathBuf::as_path);
        for path in [root, &entry.relative] {
            described.extend_from_slice(path.as_os_str().as_encoded_bytes());
            described.push(0);
        }
        described.extend_from_slice(&entry.content_hash.to_le_bytes());
    }
    prepare::content_hash(&described)
}

/// Whether `name` is what a commit's payload names a manifest file by (a
/// file in the index's folder, never a path elsewhere).
fn is_manifest_name(name: &str) -> bool {
    name.strip_prefix(MANIFEST_PREFIX)
        .and_then(|rest| rest.strip_suffix(MANIFEST_SUFFIX))
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes the manifests of earlier commits and earlier formats, of updates
/// that crashed before they committed, and the temporary files of manifests
/// a crash left half written (only the process holding the index's writer,
/// this one, writes manifests). One that cannot be removed is left for the
/// next update: it is never read.
fn remove_manifests_but(dir: &Path, current: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(|name| name != current && name.starts_with(MANIFEST_PREFIX)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The entries of the manifest that the last commit names, or why it is set aside.
fn read_manifest(dir: &Path, payload: Option<&str>, settings: u64) -> Result<Indexed, String> {
    // No index yet: nothing to say.
    let Some(name) = payload else {
        return Ok(Indexed::default());
    };
    if !is_manifest_name(name) {
        // Format 2 kept the manifest itself in the commit.
        return Err("written in an older index format".to_owned());
    }
    let bytes = std::fs::read(dir.join(name)).map_err(|error| format!("its manifest {name} cannot be read ({error})"))?;
    let damaged = |error: postcard::Error| format!("its manifest is damaged ({error})");
    let (version, _) = postcard::take_from_bytes::<u32>(&bytes).map_err(damaged)?;
    if version != FORMAT_VERSION {
        return Err(format!("written in index format {version}, this claimcheck reads format {FORMAT_VERSION}"));
    }
    let manifest: Manifest = postcard::from_bytes(&bytes).map_err(damaged)?;
    if manifest.settings != settings {
        return Err("built with other settings (aliases or claimcheck version)".to_owned());
    }
    if manifest.files.iter().any(|file| !file.identity.fits(&manifest.names)) {
        return Err("its manifest is damaged (an identity names a name it does not list)".to_owned());
    }
    if manifest.files.iter().any(|file| file.root as usize >= manifest.roots.len()) {
        return Err("its manifest is damaged (a file is in a folder it does not list)".to_owned());
    }
    Ok(Indexed { entries: manifest.files, roots: manifest.roots, written_nanos: manifest.written_nanos, names: Names::new(manifest.names) })
}

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`: a reader sees the old file or the new one, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    // On disk before a commit names it: a power cut must not leave a named manifest empty.
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceIdentity;

    #[test]
    fn a_manifest_naming_a_name_or_folder_it_does_not_list_is_damaged() {
        let dir = std::env::temp_dir().join(format!("claimcheck-store-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let settings = settings_hash(&ExtractOptions::default());
        let both: Vec<Arc<str>> = vec!["Reuters".into(), "Acme Corp".into()];
        let write = |root: u32, listed: &[Arc<str>]| {
            let identity = Names::default().named(&SourceIdentity { outlets: both.clone(), ..SourceIdentity::default() });
            let entry = ManifestEntry { root, relative: PathBuf::from("a.txt"), size: 1, modified_nanos: 1, content_hash: 1, identity };
            let roots = vec![PathBuf::from("/sources")];
            let manifest = Manifest { version: FORMAT_VERSION, settings, written_nanos: 0, names: listed.to_vec(), roots, files: vec![entry] };
            let name = format!("{MANIFEST_PREFIX}{:016x}{MANIFEST_SUFFIX}", 7);
            std::fs::write(dir.join(&name), postcard::to_stdvec(&manifest).expect("encodes")).expect("write");
            read_manifest(&dir, Some(&name), settings)
        };
        let read = write(0, &both).expect("a sound manifest reads");
        assert_eq!(read.entries[0].identity.identity(read.names.names()).map(|identity| identity.outlets), Some(both.clone()));
        assert_eq!(read.roots, [PathBuf::from("/sources")]);
        for (root, listed) in [(0, &both[..1]), (1, &both[..])] {
            let error = write(root, listed).expect_err("damaged");
            assert!(error.contains("damaged"), "{error}");
        }
        assert!(read_manifest(&dir, Some("../elsewhere.bin"), settings).is_err(), "a payload names a manifest file, never a path");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
