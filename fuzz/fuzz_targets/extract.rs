//! Core extraction on arbitrary bytes, read as Markdown and as plain text:
//! no panic, and every span on char boundaries inside the text, every
//! fact inside its sentence.
#![no_main]

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    for kind in [DocumentKind::Markdown, DocumentKind::PlainText] {
        let extraction = extract(&text, kind, &ExtractOptions::default());
        claimcheck_fuzz::assert_extraction_spans(&text, &extraction);
    }
});
