//! The LSP edit path: random sequences of incremental changes, each given
//! as LSP positions computed from a plain model of the text. After every
//! step the server's copy must equal the model; a change with positions
//! outside the text must be refused and leave the copy as it was.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Step {
    start: u16,
    length: u8,
    text: String,
    /// Positions past the end of the document, to be refused.
    out_of_range: bool,
}

#[derive(Debug, Arbitrary)]
struct Session {
    initial: String,
    utf8: bool,
    steps: Vec<Step>,
}

/// The (line, character) of byte `offset` of `text`: lines end at `\n`,
/// characters count UTF-8 bytes or UTF-16 units.
fn position(text: &str, offset: usize, utf8: bool) -> (u32, u32) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = if utf8 { offset - line_start } else { before[line_start..].encode_utf16().count() };
    (before.matches('\n').count() as u32, column as u32)
}

/// The char boundary at or before `offset`, and never between the `\r`
/// and `\n` of a CRLF: the protocol has no position there (a column past
/// a line's end means the end of the line, before its terminator).
fn boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
        offset -= 1;
    }
    offset
}

fuzz_target!(|session: Session| {
    let mut model = session.initial;
    for step in session.steps.into_iter().take(64) {
        if step.out_of_range {
            let lines = model.matches('\n').count() as u32;
            let refused = claimcheck_lsp::apply_change_for_fuzzing(&model, (lines + 1, 0), (lines + 1, 0), &step.text, session.utf8);
            assert!(refused.is_err(), "a change past the last line was applied");
            continue;
        }
        let start = boundary(&model, step.start as usize);
        let end = boundary(&model, start + step.length as usize);
        let served = claimcheck_lsp::apply_change_for_fuzzing(&model, position(&model, start, session.utf8), position(&model, end, session.utf8), &step.text, session.utf8)
            .expect("positions inside the text are accepted");
        model.replace_range(start..end, &step.text);
        assert_eq!(served, model);
    }
});
