//! Writing fixed drafts: atomically, and keeping the file's permissions.
//!
//! The new text goes to a temporary file in the draft's own folder, which
//! is flushed to disk and then renamed over the draft: a crash at any point
//! leaves either the old draft or the new one, never half of each.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

pub(crate) fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.permissions();
    let mut temporary = tempfile::Builder::new()
        .prefix(".claimcheck-fix-")
        .tempfile_in(folder)
        .with_context(|| format!("cannot write beside {}", path.display()))?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.as_file().set_permissions(permissions)?;
    temporary.persist(path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replaces_the_text_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let folder = tempfile::tempdir().expect("temp folder");
        let draft = folder.path().join("draft.md");
        std::fs::write(&draft, "old\r\n").expect("write");
        std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&draft, "new\r\n").expect("written");
        assert_eq!(std::fs::read_to_string(&draft).expect("read"), "new\r\n");
        assert_eq!(std::fs::metadata(&draft).expect("stat").permissions().mode() & 0o777, 0o640);
        let left: Vec<_> = std::fs::read_dir(folder.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(left, ["draft.md"], "no temporary file is left behind");
    }
}
