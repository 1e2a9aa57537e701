//! The persistent index's folder as tantivy sees it: memory-mapped, as
//! tantivy's own `MmapDirectory` maps it, except for the document stores,
//! which are read block by block with positioned reads.
//!
//! A search maps the posting lists, fast fields and norms it reads, and
//! their pages count in the process's resident memory for as long as the
//! index is open. That suits what a search reads over and over. The stores
//! are read once per retrieved passage, a compressed block here and there
//! across the largest files of the index: mapped, a fresh check at 1 GB kept
//! 469 MB of them resident. Read into a buffer, a block is memory only until
//! its passage is decoded (tantivy keeps a few decompressed blocks cached).
//! A merge reads a store whole, to copy its blocks: that still goes through
//! the mapping, or it would take the file's size in memory.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle, WritePtr};

/// The extension of a segment's document store.
const STORE: &str = "store";

#[derive(Debug, Clone)]
pub(crate) struct IndexFolder {
    mapped: MmapDirectory,
    path: PathBuf,
}

impl IndexFolder {
    pub(crate) fn open(path: &Path) -> tantivy::Result<IndexFolder> {
        Ok(IndexFolder { mapped: MmapDirectory::open(path)?, path: path.to_path_buf() })
    }
}

impl Directory for IndexFolder {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if path.extension().is_none_or(|extension| extension != STORE) {
            return self.mapped.get_file_handle(path);
        }
        let mapped = self.mapped.get_file_handle(path)?;
        let file = File::open(self.path.join(path)).map_err(|error| OpenReadError::wrap_io_error(error, path.to_path_buf()))?;
        Ok(Arc::new(StoreFile { file, mapped }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mapped.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mapped.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mapped.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mapped.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mapped.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mapped.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mapped.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mapped.watch(callback)
    }
}

/// A store, its blocks read at the positions asked for. Tantivy never
/// changes a segment's files once written, and deletes them only when no
/// reader holds them.
#[derive(Debug)]
struct StoreFile {
    file: File,
    mapped: Arc<dyn FileHandle>,
}

/// Reads up to this long are blocks (tantivy compresses 16 KB of documents
/// into each); longer ones are a merge copying the store.
const BLOCK_READ_MAX: usize = 1 << 20;

impl FileHandle for StoreFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.len() > BLOCK_READ_MAX {
            return self.mapped.read_bytes(range);
        }
        if range.end > self.len() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("bytes {range:?} of a file of {}", self.len())));
        }
        let mut buffer = vec![0; range.len()];
        read_exact_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl HasLen for StoreFile {
    fn len(&self) -> usize {
        self.mapped.len()
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(read) => {
                buffer = &mut buffer[read..];
                offset += read as u64;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_read_the_same_bytes_at_positions_as_other_files_do_mapped() {
        let folder = tempfile::tempdir().expect("a folder");
        let bytes: Vec<u8> = (0..3 * BLOCK_READ_MAX).map(|i| (i % 251) as u8).collect();
        for name in ["segment.store", "segment.idx"] {
            std::fs::write(folder.path().join(name), &bytes).expect("written");
        }
        let index_folder = IndexFolder::open(folder.path()).expect("opened");
        let store = index_folder.get_file_handle(Path::new("segment.store")).expect("a handle");
        let index = index_folder.get_file_handle(Path::new("segment.idx")).expect("a handle");
        assert_eq!(store.len(), bytes.len());
        // A block, an empty read, and a merge's read of the whole file.
        for range in [10..14, 7..7, 0..bytes.len()] {
            assert_eq!(store.read_bytes(range.clone()).expect("read").as_slice(), &bytes[range.clone()]);
            assert_eq!(index.read_bytes(range.clone()).expect("read").as_slice(), &bytes[range]);
        }
        assert!(store.read_bytes(bytes.len() - 2..bytes.len() + 2).is_err(), "a read past the end fails, it does not panic");
        assert!(matches!(index_folder.get_file_handle(Path::new("gone.store")), Err(OpenReadError::FileDoesNotExist(_))));
    }
}
