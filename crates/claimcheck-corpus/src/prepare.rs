//! Reading and extracting sources on every core: each worker takes the next
//! file, reads it in its format, extracts it with the core and prepares what
//! the caller keeps of it; the caller takes the results one by one, so the
//! sources are never all in memory at once.

use std::hash::Hasher as _;
use std::sync::Mutex;

use claimcheck_core::{DocumentKind, ExtractOptions, Extraction};

use crate::load::{FoundFile, format_of};
use crate::{Pages, Progress, formats};

/// What reading and extracting one file produced.
#[derive(Debug)]
pub(crate) struct Extracted {
    pub(crate) text: String,
    pub(crate) pages: Option<Pages>,
    /// Read, with a caveat (invalid UTF-8 replaced).
    pub(crate) warning: Option<String>,
    pub(crate) extraction: Extraction,
}

impl Extracted {
    pub(crate) fn of_text(text: String, pages: Option<Pages>, warning: Option<String>, kind: DocumentKind, options: &ExtractOptions) -> Extracted {
        let extraction = claimcheck_core::extract(&text, kind, options);
        Extracted { text, pages, warning, extraction }
    }
}

/// One file read: its content's hash and size, and its text and extraction
/// or why it could not be read.
#[derive(Debug)]
pub(crate) struct ReadFile {
    pub(crate) content_hash: Option<u64>,
    pub(crate) size: u64,
    pub(crate) outcome: Result<Extracted, String>,
}

/// The hash that tells whether a file's content changed since it was indexed.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// Reads and extracts `files` on every core, in their order.
/// Reads and extracts `files` on every core and hands each result, turned
/// into `T` by `prepare` on the worker that read it, to `consume` on the
/// calling thread as it comes (not in the files' order) with its file's
/// index. At most a few results wait at a time, so memory does not grow
/// with the number of files.
pub(crate) fn read_each<T: Send>(
    files: &[FoundFile],
    options: &ExtractOptions,
    progress: &dyn Progress,
    prepare: impl Fn(&FoundFile, ReadFile) -> T + Sync,
    mut consume: impl FnMut(usize, T),
) {
    let sizes: Vec<u64> = files.iter().map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len())).collect();
    progress.start(files.len(), sizes.iter().sum());
    let next = Mutex::new(0..files.len());
    let workers = std::thread::available_parallelism().map_or(1, usize::from).min(files.len().max(1));
    let (send, receive) = std::sync::mpsc::sync_channel(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, sizes, prepare) = (&next, &sizes, &prepare);
            scope.spawn(move || {
                while let Some(i) = next.lock().map_or(None, |mut queue| queue.next()) {
                    let read = read_one(&files[i], options);
                    progress.advance(sizes[i]);
                    if send.send((i, prepare(&files[i], read))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        for (i, prepared) in receive {
            consume(i, prepared);
        }
    });
}

fn read_one(file: &FoundFile, options: &ExtractOptions) -> ReadFile {
    let format = match format_of(&file.path) {
        Ok(format) => format,
        Err(message) => {
            return ReadFile { content_hash: None, size: 0, outcome: Err(message) };
        }
    };
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(error) => return ReadFile { content_hash: None, size: 0, outcome: Err(unreadable(&error)) },
    };
    let content_hash = Some(content_hash(&bytes));
    let size = bytes.len() as u64;
    let outcome =
        formats::read(format, bytes).map(|read| Extracted::of_text(read.text, read.pages, read.warning, DocumentKind::from_path(&file.path), options));
    ReadFile { content_hash, size, outcome }
}

/// Why a listed file could not be read. A file that was listed and is now
/// gone was deleted or moved during the loading, which the OS error alone
/// ("No such file or directory") does not tell.
fn unreadable(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "cannot be read: it was deleted or moved while the sources were being loaded".to_owned(),
        _ => format!("cannot be read: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::walk_folder;

    #[test]
    fn a_file_deleted_after_the_walk_is_reported_and_the_others_are_read() {
        let root = std::env::temp_dir().join(format!("claimcheck-prepare-deleted-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the folder");
        std::fs::write(root.join("gone.txt"), "Orbix hired 40 engineers.\n").expect("write a source");
        std::fs::write(root.join("kept.txt"), "Velto sold 12 vans.\n").expect("write a source");
        let (files, problems) = walk_folder(&root, &crate::SourceFilter::default()).expect("the folder walks");
        assert!(problems.is_empty(), "{problems:?}");
        std::fs::remove_file(root.join("gone.txt")).expect("delete a listed source");

        let mut read: Vec<Option<Result<String, String>>> = files.iter().map(|_| None).collect();
        read_each(&files, &ExtractOptions::default(), &(), |_, read| read.outcome.map(|e| e.text), |i, outcome| read[i] = Some(outcome));
        let _ = std::fs::remove_dir_all(&root);
        let outcomes: Vec<(String, Result<&str, &str>)> = files
            .iter()
            .zip(&read)
            .map(|(file, read)| (file.relative.display().to_string(), read.as_ref().expect("every file is read").as_deref().map_err(String::as_str)))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("gone.txt".to_owned(), Err("cannot be read: it was deleted or moved while the sources were being loaded")),
                ("kept.txt".to_owned(), Ok("Velto sold 12 vans.\n")),
            ]
        );
    }
}
