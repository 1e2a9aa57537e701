//! The one place where byte offsets meet LSP positions.
//!
//! Inside the server every range is a byte range into a text. Positions come
//! in and go out here, counted in the encoding negotiated at `initialize`:
//! UTF-8 when the client offers it, else UTF-16 (the LSP default).
//!
//! A draft's positions go through its rope, whose B-tree counts lines,
//! chars and UTF-16 code units, so each conversion is logarithmic; a source's
//! go through the excerpt their evidence carries (`Excerpt::line_column`). Both end lines at `\n` only
//! (ropey is built without its Unicode and lone-CR line breaks, see the
//! workspace Cargo.toml), so a draft and a source agree on where lines are;
//! a `\r` before `\n` belongs to the line ending, not to the line.

use claimcheck_core::Span;
use claimcheck_corpus::Excerpt;
use ropey::Rope;
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// The unit in which a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Encoding {
    Utf8,
    /// The LSP default, until the client offers UTF-8.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else UTF-16,
    /// which every client supports.
    pub(crate) fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
        let offered = capabilities.general.as_ref().and_then(|general| general.position_encodings.as_ref());
        if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn core(self) -> claimcheck_core::PositionEncoding {
        match self {
            Encoding::Utf8 => claimcheck_core::PositionEncoding::Utf8,
            Encoding::Utf16 => claimcheck_core::PositionEncoding::Utf16,
        }
    }
}

/// The byte offset of `position` in `rope`, or `None` when its line does not
/// exist. A column past the end of its line means the end of the line, as
/// the LSP specification says; a column inside a character means its start.
pub(crate) fn offset(rope: &Rope, position: Position, encoding: Encoding) -> Option<usize> {
    let line = usize::try_from(position.line).ok()?;
    if line >= rope.len_lines() {
        return None;
    }
    let start = rope.line_to_byte(line);
    let end = line_end(rope, line);
    let column = usize::try_from(position.character).unwrap_or(usize::MAX);
    let byte = match encoding {
        Encoding::Utf8 => start.saturating_add(column).min(end),
        Encoding::Utf16 => {
            let units = rope.char_to_utf16_cu(rope.byte_to_char(start)).saturating_add(column);
            let end_units = rope.char_to_utf16_cu(rope.byte_to_char(end));
            rope.char_to_byte(rope.utf16_cu_to_char(units.min(end_units)))
        }
    };
    // Snap to the start of the character that holds the byte.
    Some(rope.char_to_byte(rope.byte_to_char(byte)))
}

/// The byte offset where `line` ends, before its `\n` or `\r\n`.
fn line_end(rope: &Rope, line: usize) -> usize {
    if line + 1 >= rope.len_lines() {
        return rope.len_bytes();
    }
    let newline = rope.line_to_byte(line + 1) - 1;
    let carriage_return = newline > 0 && rope.byte(newline - 1) == b'\r';
    if carriage_return { newline - 1 } else { newline }
}

/// The position of byte `offset` in `rope` (clamped to the text).
pub(crate) fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let column = match encoding {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => rope.char_to_utf16_cu(rope.byte_to_char(offset)) - rope.char_to_utf16_cu(rope.byte_to_char(start)),
    };
    Position::new(saturate(line), saturate(column))
}

pub(crate) fn range(rope: &Rope, span: Span, encoding: Encoding) -> Range {
    Range::new(position(rope, span.start, encoding), position(rope, span.end, encoding))
}

/// A span of a source file (not open in the editor) as a range, through
/// the excerpt of the source that holds it.
pub(crate) fn source_range(excerpt: &Excerpt, span: Span, encoding: Encoding) -> Range {
    let point = |offset| {
        let at = excerpt.line_column(offset, encoding.core());
        Position::new(at.line, at.column)
    };
    Range::new(point(span.start), point(span.end))
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Quote” — a\r\n😀 b\u{2028}c\rd\n\nlast";

    #[test]
    fn rope_and_line_index_agree_in_both_encodings() {
        let rope = Rope::from_str(TEXT);
        let excerpt = Excerpt { start: 0, first_line: 0, text: TEXT.to_owned() };
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, _) in TEXT.char_indices().chain([(TEXT.len(), ' ')]) {
                let span = Span::new(offset, offset);
                let from_rope = range(&rope, span, encoding);
                assert_eq!(from_rope, source_range(&excerpt, span, encoding), "{encoding:?} at {offset}");
                // Between `\r` and `\n` is inside the line ending, which no position names.
                if !TEXT[..offset].ends_with('\r') || !TEXT[offset..].starts_with('\n') {
                    assert_eq!(self::offset(&rope, from_rope.start, encoding), Some(offset), "{encoding:?} at {offset}");
                }
            }
        }
    }

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        let rope = Rope::from_str(TEXT);
        let b = TEXT.find('b').unwrap();
        assert_eq!(position(&rope, b, Encoding::Utf8), Position::new(1, 5));
        assert_eq!(position(&rope, b, Encoding::Utf16), Position::new(1, 3));
        let a = TEXT.find('a').unwrap();
        assert_eq!(position(&rope, a, Encoding::Utf16), Position::new(0, 10));
        assert_eq!(position(&rope, a, Encoding::Utf8), Position::new(0, 16));
    }

    #[test]
    fn past_the_line_end_clamps_inside_a_character_snaps_and_no_line_is_none() {
        let rope = Rope::from_str(TEXT);
        let line_one_end = TEXT.find('\r').unwrap();
        assert_eq!(offset(&rope, Position::new(0, 999), Encoding::Utf16), Some(line_one_end), "before the CRLF");
        assert_eq!(offset(&rope, Position::new(1, 1), Encoding::Utf16), Some(line_one_end + 2), "inside the emoji's surrogate pair");
        assert_eq!(offset(&rope, Position::new(0, 1), Encoding::Utf8), Some(0), "inside the curly quote's bytes");
        assert_eq!(offset(&rope, Position::new(3, 4), Encoding::Utf8), Some(TEXT.len()));
        assert_eq!(offset(&rope, Position::new(4, 0), Encoding::Utf8), None);
        assert_eq!(offset(&rope, Position::new(u32::MAX, u32::MAX), Encoding::Utf16), None);
    }
}
