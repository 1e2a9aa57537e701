//! Attributions: `according to X`, `X reported`, `X's report`.

use crate::facts::Attribution;
use crate::token::Token;

/// Finds who one sentence credits for its claim.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Attribution> {
    let _ = (text, tokens);
    Vec::new()
}
