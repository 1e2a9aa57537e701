//! Core extraction on arbitrary bytes, read as Markdown and as plain text:
//! no panic, and every span on char boundaries inside the text, every
//! fact inside its sentence.
#![no_main]

use claimcheck_core::{DocumentKind, ExtractOptions, Span, extract};
use libfuzzer_sys::fuzz_target;

fn assert_span(text: &str, span: Span, within: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside the text");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} splits a character");
    assert!(within.start <= span.start && span.end <= within.end, "{span:?} outside {within:?}");
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    for kind in [DocumentKind::Markdown, DocumentKind::PlainText] {
        let extraction = extract(&text, kind, &ExtractOptions::default());
        let whole = Span::new(0, text.len());
        for sentence in &extraction.sentences {
            assert_span(&text, sentence.span, whole);
            let facts = &sentence.facts;
            let spans = facts.quantities.iter().map(|f| f.span)
                .chain(facts.dates.iter().map(|f| f.span))
                .chain(facts.quotations.iter().map(|f| f.span))
                .chain(facts.entities.iter().map(|f| f.span))
                .chain(facts.attributions.iter().map(|f| f.span));
            for span in spans {
                assert_span(&text, span, sentence.span);
            }
            for citation in &sentence.citations {
                assert_span(&text, citation.span, whole);
            }
        }
    }
});
