//! The persistent index (`.claimcheck/` in the workspace): every source's
//! passages, indexed on disk, so that a warm check reads only the passages
//! its queries retrieve and reads again only the files whose content changed.
//!
//! `passages/` is a tantivy index of every passage, each stored whole
//! (`index.rs`). Its commits carry the manifest as their payload: each
//! source file's folder, relative path, size, modification time, content
//! hash and identity. An update removes the passages of changed and deleted
//! files, adds those of changed and new files, and commits passages and
//! manifest together, so a crash or `kill -9` at any point leaves the last
//! commit, never a half-written index that is read (tantivy writes new files
//! and switches `meta.json` atomically). An index that cannot be opened, a
//! manifest that does not parse or one of another format version or from
//! other settings is set aside with a message and everything is read again.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use claimcheck_core::{DocumentKind, ExtractOptions};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::index::PassageIndex;
use crate::load::FoundFile;
use crate::{LoadError, LoadOptions, Loaded, Progress, Source, SourceId, SourceIdentity, index_files, prepare};

/// Raised whenever what is stored changes shape or what extraction produces
/// changes, so that an index written by another claimcheck is rebuilt.
pub const FORMAT_VERSION: u32 = 3;

const PASSAGES: &str = "passages";
/// What format 1 kept (a manifest and one JSON record per file), removed
/// when a newer claimcheck takes the folder over.
const FORMAT_1_FILES: [&str; 2] = ["manifest.json", "records"];
/// Memory for the index writer's buffers while indexing a folder.
const WRITER_HEAP: usize = 96_000_000;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    /// What extraction depended on besides the text: the claimcheck version
    /// and the extraction settings (aliases).
    settings: u64,
    /// When the update that wrote it began, before any file was stamped.
    written_nanos: u128,
    files: Vec<ManifestEntry>,
}

/// What the manifest lists.
#[derive(Debug, Default)]
struct Indexed {
    entries: Vec<ManifestEntry>,
    written_nanos: u128,
}

/// A file modified this close before the index was written may have
/// changed again within the file system's timestamp granularity (Linux's
/// are a few milliseconds coarse), after it was read; as git does with
/// "racy" files, its content is compared instead of its stamp.
const RACY_NANOS: u128 = 2_000_000_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestEntry {
    /// The sources folder, canonical.
    root: PathBuf,
    relative: PathBuf,
    size: u64,
    modified_nanos: u128,
    content_hash: u64,
    identity: SourceIdentity,
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

fn now_nanos() -> u128 {
    std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// `entry` with the file's current stamp when the file's content is as
/// indexed: by its size and modification time when those are as indexed and
/// not racy, else by reading and hashing it (a file touched but not changed).
fn unchanged(entry: &ManifestEntry, path: &Path, written_nanos: u128) -> Option<ManifestEntry> {
    let (size, modified_nanos) = stamp(path)?;
    let trusted = (size, modified_nanos) == (entry.size, entry.modified_nanos) && modified_nanos + RACY_NANOS < written_nanos;
    if !trusted && (size != entry.size || std::fs::read(path).ok().map(|bytes| prepare::content_hash(&bytes)) != Some(entry.content_hash)) {
        return None;
    }
    Some(ManifestEntry { size, modified_nanos, ..entry.clone() })
}

/// Identifies the settings extraction ran with; a change rebuilds the index.
fn settings_hash(options: &ExtractOptions) -> u64 {
    let described = format!("{} {options:?}", env!("CARGO_PKG_VERSION"));
    prepare::content_hash(described.as_bytes())
}

/// What [`update`] gives back.
pub(crate) struct Updated {
    pub(crate) index: PassageIndex,
    /// Every file with its source, or why it could not be read, in the files' order.
    pub(crate) files: Vec<(FoundFile, Loaded)>,
    pub(crate) update: IndexUpdate,
}

/// Brings the index in `dir` up to date with `files`.
pub(crate) fn update(dir: &Path, files: Vec<FoundFile>, options: &LoadOptions, progress: &dyn Progress) -> Result<Updated, LoadError> {
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
    let (old, mut rebuild) = match index.payload().map_err(|e| e.to_string()).and_then(|payload| read_manifest(payload.as_deref(), settings)) {
        Ok(old) => (old, false),
        Err(message) => {
            update.messages.push(format!("{}: {message}; rebuilding the index", passages.display()));
            (Indexed::default(), true)
        }
    };
    // Passages no manifest accounts for (an update that crashed before its first commit wrote none, but be sure).
    rebuild |= old.entries.is_empty() && index.len() > 0;

    // Take what is unchanged from the index; list what must be read.
    let indexed: FxHashMap<(&Path, &Path), &ManifestEntry> = old.entries.iter().map(|e| ((e.root.as_path(), e.relative.as_path()), e)).collect();
    let mut kept: Vec<Option<ManifestEntry>> = Vec::with_capacity(files.len());
    let mut to_read = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let entry = indexed.get(&(file.root.as_path(), file.relative.as_path()));
        let unchanged = entry.and_then(|entry| unchanged(entry, &file.path, old.written_nanos));
        if unchanged.is_none() {
            to_read.push(i);
        }
        kept.push(unchanged);
    }
    update.reused = files.len() - to_read.len();
    let found: FxHashSet<(&Path, &Path)> = files.iter().map(|f| (f.root.as_path(), f.relative.as_path())).collect();
    let removed: Vec<&ManifestEntry> = old.entries.iter().filter(|e| !found.contains(&(e.root.as_path(), e.relative.as_path()))).collect();
    update.removed = removed.iter().map(|e| e.root.join(&e.relative)).collect();

    let mut read: Vec<Option<Loaded>> = files.iter().map(|_| None).collect();
    if rebuild || !to_read.is_empty() || !removed.is_empty() {
        let writer = index.writer(WRITER_HEAP)?;
        if rebuild {
            writer.remove_all()?;
        }
        // The old passages of removed and changed files go before any new one comes.
        let changed = to_read.iter().map(|&i| &files[i]).filter(|f| indexed.contains_key(&(f.root.as_path(), f.relative.as_path())));
        for (root, relative) in removed.iter().map(|e| (&e.root, &e.relative)).chain(changed.map(|f| (&f.root, &f.relative))) {
            writer.remove_source(SourceId::of(root, relative));
        }
        // Stamped before reading: a file that changes while it is read then
        // differs from its stamp next time, and is read again.
        let stamps: Vec<Option<(u64, u128)>> = to_read.iter().map(|&i| stamp(&files[i].path)).collect();
        let reading: Vec<FoundFile> = to_read.iter().map(|&i| files[i].clone()).collect();
        let outcomes = index_files(&reading, &writer, index.fields(), options, progress)?;
        for ((&i, outcome), stamp) in to_read.iter().zip(outcomes).zip(stamps) {
            let file = &files[i];
            read[i] = Some(outcome.map(|indexed| {
                update.read.push(file.path.clone());
                update.bytes_read += indexed.size;
                let (size, modified_nanos) = stamp.unwrap_or((indexed.size, 0));
                let identity = indexed.source.identity.clone();
                kept[i] = Some(ManifestEntry {
                    root: file.root.clone(),
                    relative: file.relative.clone(),
                    size,
                    modified_nanos,
                    content_hash: indexed.content_hash,
                    identity,
                });
                (indexed.source, indexed.warning)
            }));
        }
        let manifest = Manifest { version: FORMAT_VERSION, settings, written_nanos: started_nanos, files: kept.iter().flatten().cloned().collect() };
        let payload = serde_json::to_string(&manifest).map_err(|e| store_error(e.into()))?;
        writer.commit(Some(&payload))?;
        index.refresh()?;
    }

    let files = files
        .into_iter()
        .zip(kept)
        .zip(read)
        .filter_map(|((file, entry), read)| {
            let read = match read {
                Some(read) => read,
                None => {
                    let entry = entry?;
                    let source = Source {
                        id: SourceId::of(&entry.root, &entry.relative),
                        path: file.path.clone(),
                        relative: entry.relative,
                        kind: DocumentKind::from_path(&file.path),
                        identity: entry.identity,
                    };
                    Ok((source, None))
                }
            };
            Some((file, read))
        })
        .collect();
    Ok(Updated { index, files, update })
}

/// The manifest's entries, or why it is set aside.
fn read_manifest(payload: Option<&str>, settings: u64) -> Result<Indexed, String> {
    // No index yet: nothing to say.
    let Some(payload) = payload else {
        return Ok(Indexed::default());
    };
    let manifest: Manifest = serde_json::from_str(payload).map_err(|error| format!("its manifest is damaged ({error})"))?;
    if manifest.version != FORMAT_VERSION {
        return Err(format!("written in index format {}, this claimcheck reads format {FORMAT_VERSION}", manifest.version));
    }
    if manifest.settings != settings {
        return Err("built with other settings (aliases or claimcheck version)".to_owned());
    }
    Ok(Indexed { entries: manifest.files, written_nanos: manifest.written_nanos })
}

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`: a reader sees the old file or the new one, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(&temporary, path)
}
