//! Byte offsets to lines and columns, computed once per text.
//!
//! The only place where byte offsets become line/column positions. Built on
//! rust-analyzer's `line-index`, which precomputes line starts and the
//! positions of non-ASCII characters so each conversion is a binary search.

use line_index::{TextSize, WideEncoding, WideLineCol};

/// The unit in which columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (`char`s), as the CLI reports columns.
    Utf32,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Line starts of one text, for converting between offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    inner: line_index::LineIndex,
    text_len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex { inner: line_index::LineIndex::new(text), text_len: text.len() }
    }

    /// The position of byte `offset`, clamped to the text.
    ///
    /// An offset inside a multi-byte character counts as the start of that
    /// character.
    pub fn line_column(&self, offset: usize, encoding: PositionEncoding) -> LineColumn {
        let offset = TextSize::new(u32::try_from(offset.min(self.text_len)).unwrap_or(u32::MAX));
        let utf8 = self.inner.line_col(offset);
        let wide = match encoding {
            PositionEncoding::Utf8 => return LineColumn { line: utf8.line, column: utf8.col },
            PositionEncoding::Utf16 => WideEncoding::Utf16,
            PositionEncoding::Utf32 => WideEncoding::Utf32,
        };
        // `to_wide` only fails for a line that does not exist, which `line_col` never returns.
        let column = self.inner.to_wide(wide, utf8).map_or(utf8.col, |w| w.col);
        LineColumn { line: utf8.line, column }
    }

    /// The byte offset of a position, or `None` when the line does not exist
    /// or the column lies past its end.
    pub fn offset(&self, position: LineColumn, encoding: PositionEncoding) -> Option<usize> {
        let utf8 = match encoding {
            PositionEncoding::Utf8 => line_index::LineCol { line: position.line, col: position.column },
            PositionEncoding::Utf16 | PositionEncoding::Utf32 => {
                let wide = if encoding == PositionEncoding::Utf16 { WideEncoding::Utf16 } else { WideEncoding::Utf32 };
                self.inner.to_utf8(wide, WideLineCol { line: position.line, col: position.column })?
            }
        };
        let offset = usize::from(self.inner.offset(utf8)?);
        let line_end = self.line_end(position.line)?;
        (offset <= line_end).then_some(offset)
    }

    /// The byte offset where `line` ends (before its line terminator).
    fn line_end(&self, line: u32) -> Option<usize> {
        let next = self.inner.line(line + 1).map(|r| usize::from(r.start()));
        let end = match next {
            Some(start) => start - 1,
            None if self.inner.line(line).is_some() || line == 0 => self.text_len,
            None => return None,
        };
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        // “ is 3 bytes, 1 UTF-16 unit, 1 char; 😀 is 4 bytes, 2 units, 1 char.
        let text = "a\n“😀” b\r\nc";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(index.line_column(b, PositionEncoding::Utf8), LineColumn { line: 1, column: 11 });
        assert_eq!(index.line_column(b, PositionEncoding::Utf16), LineColumn { line: 1, column: 5 });
        assert_eq!(index.line_column(b, PositionEncoding::Utf32), LineColumn { line: 1, column: 4 });
        let c = text.find('c').unwrap();
        assert_eq!(index.line_column(c, PositionEncoding::Utf16), LineColumn { line: 2, column: 0 });
        for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            assert_eq!(index.offset(index.line_column(b, encoding), encoding), Some(b));
        }
    }

    #[test]
    fn out_of_range_positions_are_none_or_clamped() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.offset(LineColumn { line: 5, column: 0 }, PositionEncoding::Utf16), None);
        assert_eq!(index.offset(LineColumn { line: 0, column: 9 }, PositionEncoding::Utf8), None);
        assert_eq!(index.line_column(99, PositionEncoding::Utf32), LineColumn { line: 1, column: 2 });
    }
}
