//! The persistent index (`.claimcheck/` in the workspace): what reading and
//! extracting each source produced, kept on disk so that a warm check reads
//! again only the files whose content changed.
//!
//! `manifest.json` lists each source file — its folder, relative path, size,
//! modification time and content hash — with the record that holds its text
//! and extraction (`records/<key>.json`, the key a hash of the content and the
//! settings it was extracted with). An update writes new records first, each
//! to a temporary file renamed into place, then replaces the manifest the same
//! way, then removes the records the manifest no longer names. A crash at any
//! point leaves the old manifest with its records or the new one with its
//! records, never a half-written index that is read. A manifest of another
//! format version or from other settings, or one that does not parse, is
//! set aside with a message and everything is read again; a record that does
//! not parse makes its file be read again.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use claimcheck_core::ExtractOptions;
use serde::{Deserialize, Serialize};

use crate::load::FoundFile;
use crate::prepare::{self, Extracted};
use crate::{LoadError, LoadProblem, ProblemSeverity, Progress};

/// Raised whenever what is stored changes shape or what extraction produces
/// changes, so that an index written by another claimcheck is rebuilt.
pub const FORMAT_VERSION: u32 = 1;

const MANIFEST: &str = "manifest.json";
const RECORDS: &str = "records";

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

/// What the manifest on disk lists.
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
    record: String,
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
    /// version, a file that does not parse.
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
    /// Every readable file with its extraction, in the files' order.
    pub(crate) documents: Vec<(FoundFile, Extracted)>,
    /// The files that cannot be read.
    pub(crate) problems: Vec<LoadProblem>,
    pub(crate) update: IndexUpdate,
}

/// Brings the index in `dir` up to date with `files` and returns every
/// file's extraction.
pub(crate) fn update(dir: &Path, files: Vec<FoundFile>, options: &ExtractOptions, progress: &dyn Progress) -> Result<Updated, LoadError> {
    let store_error = |source: std::io::Error| LoadError::Store { path: dir.to_path_buf(), source };
    let records = dir.join(RECORDS);
    std::fs::create_dir_all(&records).map_err(store_error)?;
    // The index is a cache of the sources: git must never see it.
    write_atomically(&dir.join(".gitignore"), b"*\n", Durability::Unsynced).map_err(store_error)?;
    let settings = settings_hash(options);
    let started_nanos = now_nanos();
    let mut update = IndexUpdate::default();
    let old = read_manifest(&dir.join(MANIFEST), settings).unwrap_or_else(|message| {
        update.messages.push(message);
        Indexed::default()
    });

    // Take what is unchanged from the index; list what must be read.
    let mut kept: Vec<Option<(ManifestEntry, Extracted)>> = Vec::with_capacity(files.len());
    let mut to_read = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let indexed = old.entries.iter().find(|e| e.root == file.root && e.relative == file.relative);
        let unchanged = indexed.and_then(|entry| unchanged(entry, &file.path, old.written_nanos));
        match unchanged.map(|entry| (read_record(&records.join(&entry.record)), entry)) {
            Some((Ok(extracted), entry)) => kept.push(Some((entry, extracted))),
            Some((Err(message), _)) => {
                update.messages.push(format!("{}: {message}; reading it again", file.path.display()));
                kept.push(None);
                to_read.push(i);
            }
            None => {
                kept.push(None);
                to_read.push(i);
            }
        }
    }
    update.reused = files.len() - to_read.len();

    // Stamped before reading: a file that changes while it is read then
    // differs from its stamp next time, and is read again.
    let stamps: Vec<Option<(u64, u128)>> = to_read.iter().map(|&i| stamp(&files[i].path)).collect();
    let found: Vec<FoundFile> = to_read.iter().map(|&i| files[i].clone()).collect();
    let mut problems = Vec::new();
    for ((&i, read), stamp) in to_read.iter().zip(prepare::read_all(&found, options, progress)).zip(stamps) {
        let file = &files[i];
        let (Some(content_hash), Ok(extracted)) = (read.content_hash, read.outcome.as_ref()) else {
            let message = read.outcome.err().unwrap_or_default();
            problems.push(LoadProblem { path: file.path.clone(), severity: ProblemSeverity::Skipped, message });
            continue;
        };
        update.read.push(file.path.clone());
        update.bytes_read += read.size;
        let record = format!("{content_hash:016x}-{settings:016x}.json");
        let bytes = serde_json::to_vec(extracted).map_err(|e| store_error(e.into()))?;
        write_atomically(&records.join(&record), &bytes, Durability::Unsynced).map_err(store_error)?;
        let (size, modified_nanos) = stamp.unwrap_or((read.size, 0));
        let entry = ManifestEntry { root: file.root.clone(), relative: file.relative.clone(), size, modified_nanos, content_hash, record };
        kept[i] = read.outcome.ok().map(|extracted| (entry, extracted));
    }

    let entries: Vec<ManifestEntry> = kept.iter().flatten().map(|(entry, _)| entry.clone()).collect();
    update.removed = old
        .entries
        .iter()
        .filter(|e| !files.iter().any(|f| e.root == f.root && e.relative == f.relative))
        .map(|e| e.root.join(&e.relative))
        .collect();
    let manifest = Manifest { version: FORMAT_VERSION, settings, written_nanos: started_nanos, files: entries };
    let bytes = serde_json::to_vec(&manifest).map_err(|e| store_error(e.into()))?;
    write_atomically(&dir.join(MANIFEST), &bytes, Durability::Synced).map_err(store_error)?;
    remove_unlisted_records(&records, &manifest);

    let documents = files.into_iter().zip(kept).filter_map(|(file, kept)| Some((file, kept?.1))).collect();
    Ok(Updated { documents, problems, update })
}

/// The manifest's entries, or why it is set aside.
fn read_manifest(path: &Path, settings: u64) -> Result<Indexed, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        // No index yet: nothing to say.
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Indexed::default()),
        Err(error) => return Err(format!("{}: cannot be read ({error}); rebuilding the index", path.display())),
    };
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|error| format!("{}: damaged ({error}); rebuilding the index", path.display()))?;
    if manifest.version != FORMAT_VERSION {
        return Err(format!(
            "{}: written in index format {}, this claimcheck reads format {FORMAT_VERSION}; rebuilding the index",
            path.display(),
            manifest.version
        ));
    }
    if manifest.settings != settings {
        return Err(format!("{}: built with other settings (aliases or claimcheck version); rebuilding the index", path.display()));
    }
    Ok(Indexed { entries: manifest.files, written_nanos: manifest.written_nanos })
}

fn read_record(path: &Path) -> Result<Extracted, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("its index record cannot be read ({error})"))?;
    serde_json::from_slice(&bytes).map_err(|error| format!("its index record is damaged ({error})"))
}

/// Records no manifest names: left by a file that changed or left, or by an
/// update that crashed before its manifest was written. Failing to remove
/// one only wastes space.
fn remove_unlisted_records(records: &Path, manifest: &Manifest) {
    let Ok(entries) = std::fs::read_dir(records) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !manifest.files.iter().any(|f| name == f.record.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a write waits for the disk before it is renamed into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// The manifest: after a power cut it must name records that exist.
    Synced,
    /// Records and the `.gitignore`: a record a power cut left empty fails to
    /// parse and its file is read again, so waiting for each would only slow
    /// indexing (thousands of files).
    Unsynced,
}

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`: a reader sees the old file or the new one, never a part.
fn write_atomically(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    if durability == Durability::Synced {
        file.sync_all()?;
    }
    drop(file);
    std::fs::rename(&temporary, path)
}
