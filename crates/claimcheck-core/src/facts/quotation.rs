//! Quotations and their speakers.

use crate::Span;
use crate::facts::Quotation;
use crate::token::Token;

/// Where a pair of quotation marks stands in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuoteRange {
    /// From the opening mark to the closing mark, inclusive.
    pub(crate) outer: Span,
    /// Between the marks.
    pub(crate) inner: Span,
    pub(crate) closed: bool,
}

/// Pairs the double quotation marks of a block (straight or typographic).
pub(crate) fn quote_ranges(text: &str) -> Vec<QuoteRange> {
    let _ = text;
    Vec::new()
}

/// Finds the quotations of one sentence, with the speaker the sentence names.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Quotation> {
    let _ = (text, tokens);
    Vec::new()
}
