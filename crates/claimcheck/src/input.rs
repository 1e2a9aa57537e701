//! Reading drafts from disk: what can go wrong is named, with the file.

use std::path::Path;

use anyhow::Context;
use claimcheck_corpus::{DecodedText, decode_text};

/// Reads a draft. Invalid UTF-8 is replaced (with a warning naming the
/// file); a binary file is an error.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<DecodedText> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut decoded = decode_text(bytes)
        .with_context(|| format!("{} is not a text draft; pass a .md or .txt file", path.display()))?;
    decoded.warning = decoded.warning.map(|warning| format!("{}: {warning}", path.display()));
    Ok(decoded)
}
