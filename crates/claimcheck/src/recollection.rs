//! The judgements `check` keeps beside the persistent index
//! (`judgements.json` in `.claimcheck/`), so that checking a draft again
//! judges only the claims that changed since: a warm check of an unchanged
//! draft searches nothing. The linter holds them to the corpus and the
//! claimcheck that made them ([`Recollection`]); this module only reads and
//! writes the file. It is a cache: a file that is missing, damaged or
//! cannot be written costs time, never a result.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use claimcheck_lint::Recollection;

const FILE: &str = "judgements.json";

/// What an earlier run over the index in `index` judged; `None`, with a note
/// on standard error when the file is there but cannot be used.
pub(crate) fn read(index: &Path, stderr: &mut impl std::io::Write) -> Option<Recollection> {
    let path = index.join(FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            let _ = writeln!(stderr, "note: {}: cannot be read ({error}); every claim is judged again", path.display());
            return None;
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(recollection) => Some(recollection),
        Err(error) => {
            let _ = writeln!(stderr, "note: {}: damaged ({error}); every claim is judged again", path.display());
            None
        }
    }
}

/// Replaces the file with `recollection`, through a temporary file renamed
/// over it: a reader sees the old file or the new one, never a part.
pub(crate) fn write(index: &Path, recollection: &Recollection) -> anyhow::Result<()> {
    let path: PathBuf = index.join(FILE);
    let mut temporary = tempfile::Builder::new().prefix(".judgements-").tempfile_in(index)?;
    {
        let mut writer = BufWriter::new(temporary.as_file_mut());
        serde_json::to_writer(&mut writer, recollection)?;
        writer.flush()?;
    }
    temporary.persist(&path)?;
    Ok(())
}
