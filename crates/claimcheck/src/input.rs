//! Reading drafts from disk: what can go wrong is named, with the file.

use std::path::Path;

use anyhow::{Context, bail};

/// A document's text and what was not quite right about it.
pub(crate) struct Input {
    pub(crate) text: String,
    pub(crate) warnings: Vec<String>,
}

/// Reads a text file. Invalid UTF-8 is replaced (with a warning); a binary
/// file is an error.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<Input> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if looks_binary(&bytes) {
        bail!("{} looks like a binary file, not a text draft; pass a .md or .txt file", path.display());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { text, warnings: Vec::new() }),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let warning = format!(
                "{} is not valid UTF-8 (first bad byte at offset {at}); unreadable bytes were replaced with U+FFFD",
                path.display()
            );
            Ok(Input { text, warnings: vec![warning] })
        }
    }
}

/// A NUL byte in the first 8 KiB: the heuristic git and ripgrep use.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}
