//! An open draft: its text as a rope, kept in step with the editor's.
//!
//! Edits arrive as incremental changes with positions in the negotiated
//! encoding. They are applied here synchronously, in the order the
//! notifications arrive, before the handler awaits anything: tower-lsp runs
//! notification handlers concurrently, and an await before the edit would
//! let a later edit overtake it.

use std::path::PathBuf;

use claimcheck_core::DocumentKind;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use crate::position::{self, Encoding};

#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) rope: Rope,
    pub(crate) version: i32,
    pub(crate) kind: DocumentKind,
    /// The file on disk, for `file:` URIs.
    pub(crate) path: Option<PathBuf>,
}

/// Why a change was not applied; the document is left as it was.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum EditError {
    /// The client's version is not newer than the server's: an edit arrived
    /// out of order or twice.
    StaleVersion { current: i32, received: i32 },
    /// A change names a line the document does not have.
    OutOfRange { position: Position },
    /// A change's range ends before it starts.
    Inverted { start: Position, end: Position },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::StaleVersion { current, received } => {
                write!(f, "version {received} is not newer than version {current}; the change was ignored")
            }
            EditError::OutOfRange { position } => {
                write!(f, "line {} does not exist in the document; the change was ignored", position.line)
            }
            EditError::Inverted { start, end } => write!(
                f,
                "the range {}:{}–{}:{} ends before it starts; the change was ignored",
                start.line, start.character, end.line, end.character
            ),
        }
    }
}

impl Document {
    pub(crate) fn new(text: &str, version: i32, kind: DocumentKind, path: Option<PathBuf>) -> Document {
        Document { rope: Rope::from_str(text), version, kind, path }
    }

    /// Applies one `didChange` notification's changes, in order, all or none.
    pub(crate) fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Result<(), EditError> {
        if version <= self.version {
            return Err(EditError::StaleVersion { current: self.version, received: version });
        }
        // Cloning a rope shares its nodes; a failed change leaves `self` untouched.
        let mut rope = self.rope.clone();
        for change in changes {
            apply_change(&mut rope, change, encoding)?;
        }
        self.rope = rope;
        self.version = version;
        Ok(())
    }
}

fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, encoding: Encoding) -> Result<(), EditError> {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return Ok(());
    };
    let offset = |position| position::offset(rope, position, encoding).ok_or(EditError::OutOfRange { position });
    let (start, end) = (offset(range.start)?, offset(range.end)?);
    if end < start {
        return Err(EditError::Inverted { start: range.start, end: range.end });
    }
    let start = rope.byte_to_char(start);
    rope.remove(start..rope.byte_to_char(end));
    rope.insert(start, &change.text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::Range;

    use super::*;

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        let range = Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1));
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.to_owned() }
    }

    #[test]
    fn incremental_changes_in_each_encoding() {
        let mut document = Document::new("“A” — 😀 b\r\nc", 1, DocumentKind::Markdown, None);
        // Replace the emoji: UTF-16 columns 6..8.
        document.apply(2, &[change((0, 6), (0, 8), "é")], Encoding::Utf16).unwrap();
        assert_eq!(document.rope.to_string(), "“A” — é b\r\nc");
        // Join the lines, then type at the end.
        document.apply(3, &[change((0, 9), (1, 0), " "), change((0, 10), (0, 11), "🦀!")], Encoding::Utf16).unwrap();
        assert_eq!(document.rope.to_string(), "“A” — é b 🦀!");
        // UTF-8: the em dash is bytes 8..11.
        document.apply(4, &[change((0, 8), (0, 11), "-")], Encoding::Utf8).unwrap();
        assert_eq!(document.rope.to_string(), "“A” - é b 🦀!");
        assert_eq!(document.version, 4);
    }

    #[test]
    fn bad_changes_leave_the_document_as_it_was() {
        let mut document = Document::new("ab\ncd", 5, DocumentKind::PlainText, None);
        let stale = document.apply(5, &[change((0, 0), (0, 0), "x")], Encoding::Utf16);
        assert_eq!(stale, Err(EditError::StaleVersion { current: 5, received: 5 }));
        let outside = document.apply(6, &[change((0, 0), (0, 1), ""), change((7, 0), (7, 0), "x")], Encoding::Utf16);
        assert_eq!(outside, Err(EditError::OutOfRange { position: Position::new(7, 0) }));
        let inverted = document.apply(6, &[change((1, 1), (0, 1), "x")], Encoding::Utf16);
        assert!(matches!(inverted, Err(EditError::Inverted { .. })));
        assert_eq!((document.rope.to_string().as_str(), document.version), ("ab\ncd", 5));
    }
}
