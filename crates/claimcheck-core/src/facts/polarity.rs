//! Negations (`did not`, `never`) and hedges (`reportedly`, `allegedly`).

use crate::facts::Cue;
use crate::token::Token;

pub(crate) fn negations(text: &str, tokens: &[Token]) -> Vec<Cue> {
    let _ = (text, tokens);
    Vec::new()
}

pub(crate) fn hedges(text: &str, tokens: &[Token]) -> Vec<Cue> {
    let _ = (text, tokens);
    Vec::new()
}
