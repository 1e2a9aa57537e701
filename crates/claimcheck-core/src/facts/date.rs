//! Dates: years, full dates, month-years, ranges, `since 2015`.

use crate::facts::DateFact;
use crate::token::Token;

/// Finds the dates in one sentence.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<DateFact> {
    let _ = (text, tokens);
    Vec::new()
}
