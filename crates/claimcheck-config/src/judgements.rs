//! The judgements kept beside the persistent index (`judgements.json` in
//! `.claimcheck/`), so that checking a draft again judges only the claims
//! that changed since: a warm check of an unchanged draft searches nothing,
//! and the language server's first diagnostics need no search either. The
//! linter holds them to the corpus and the claimcheck that made them
//! ([`Recollection`]); this module only reads and writes the file. Each
//! source and passage the judgements refer to is written there once
//! (`claimcheck-lint/src/kept.rs`): at every reference, they made the file
//! about 40 KB a claim, and reading it as long as the rest of a warm check.
//! It is a cache: a file that is missing, damaged, of an older layout or
//! cannot be written costs time, never a result.

use std::io::{BufWriter, Write as _};
use std::path::Path;

use claimcheck_lint::Recollection;

const FILE: &str = "judgements.json";

/// What was kept beside the index in `index`: `Ok(None)` when nothing was,
/// an error naming the file and why when it cannot be used.
pub fn read(index: &Path) -> Result<Option<Recollection>, String> {
    let path = index.join(FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: cannot be read ({error})", path.display())),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|error| format!("{}: damaged ({error})", path.display()))
}

/// Replaces the file with `recollection`, through a temporary file renamed
/// over it: a reader sees the old file or the new one, never a part.
pub fn write(index: &Path, recollection: &Recollection) -> std::io::Result<()> {
    let mut temporary = tempfile::Builder::new().prefix(".judgements-").tempfile_in(index)?;
    {
        let mut writer = BufWriter::new(temporary.as_file_mut());
        serde_json::to_writer(&mut writer, recollection)?;
        writer.flush()?;
    }
    temporary.persist(index.join(FILE)).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_kept_is_no_error_and_a_damaged_file_is_named() {
        let folder = tempfile::tempdir().expect("a folder");
        assert!(matches!(read(folder.path()), Ok(None)));
        std::fs::write(folder.path().join(FILE), "{ not json").expect("write");
        let error = read(folder.path()).expect_err("damaged");
        assert!(error.contains("judgements.json: damaged"), "{error}");
    }
}
