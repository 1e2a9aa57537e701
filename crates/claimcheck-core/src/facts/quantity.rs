//! Quantities: `4,000 pages`, `about 6.8 million users`, `20%`, `$40 million`, `400 to 4,000`.

use crate::facts::Quantity;
use crate::token::Token;

/// Finds the quantities in one sentence. Years are dates, never quantities.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let _ = (text, tokens);
    Vec::new()
}
