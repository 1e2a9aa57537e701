//! Properties that hold for any input: extraction never panics, and every
//! span it returns is exact.

use claimcheck_core::{DocumentKind, ExtractOptions, Extraction, Span, extract};
use proptest::prelude::*;

/// Checks the span invariants of one extraction and returns how many spans it saw.
fn check_spans(text: &str, extraction: &Extraction) -> usize {
    let valid = |span: Span, what: &str| {
        assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside text of {} bytes", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} splits a char");
    };
    let mut seen = 0;
    for sentence in &extraction.sentences {
        valid(sentence.span, "sentence");
        let inside = |span: Span, what: &str| {
            valid(span, what);
            assert!(sentence.span.contains(span), "{what} {span:?} outside its sentence {:?}", sentence.span);
        };
        let facts = &sentence.facts;
        facts.quantities.iter().for_each(|q| inside(q.span, "quantity"));
        facts.dates.iter().for_each(|d| inside(d.span, "date"));
        for quotation in &facts.quotations {
            inside(quotation.span, "quotation");
            inside(quotation.inner, "quotation words");
            if let Some(span) = quotation.speaker.as_ref().and_then(|s| s.span) {
                inside(span, "speaker");
            }
        }
        facts.entities.iter().for_each(|e| inside(e.span, "entity"));
        for attribution in &facts.attributions {
            inside(attribution.span, "attribution");
            inside(attribution.source_span, "attribution source");
        }
        facts.negations.iter().chain(&facts.hedges).for_each(|c| inside(c.span, "cue"));
        sentence.citations.iter().for_each(|c| inside(c.span, "citation"));
        seen += 1;
    }
    extraction.notes.iter().for_each(|n| valid(n.span, "note"));
    extraction.footnotes.iter().for_each(|f| valid(f.span, "footnote"));
    seen
}

fn check_both_kinds(text: &str) {
    for kind in [DocumentKind::Markdown, DocumentKind::PlainText] {
        check_spans(text, &extract(text, kind, &ExtractOptions::default()));
    }
}

/// Text made of the pieces that stress the extractors: quotes, numbers,
/// markup, abbreviations, non-ASCII punctuation.
fn prose_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The ".to_owned()),
        Just("Facebook ".to_owned()),
        Just("U.S. ".to_owned()),
        Just("4,000 pages ".to_owned()),
        Just("about 6.8 million users ".to_owned()),
        Just("in 2015 ".to_owned()),
        Just("between 2011 and 2015 ".to_owned()),
        Just("April 11, 2018 ".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("\"".to_owned()),
        Just("’".to_owned()),
        Just("'".to_owned()),
        Just("said ".to_owned()),
        Just("according to the Times, ".to_owned()),
        Just("did not ".to_owned()),
        Just(". ".to_owned()),
        Just("…".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("[^1]".to_owned()),
        Just("[^1]: sources/a.txt\n".to_owned()),
        Just("[link](a.txt)".to_owned()),
        Just("[@key]".to_owned()),
        Just("`code`".to_owned()),
        Just("> ".to_owned()),
        Just("# ".to_owned()),
        Just("- ".to_owned()),
        Just("| a | b |\n|---|---|\n".to_owned()),
        Just("*".to_owned()),
        Just("<!-- x -->".to_owned()),
        Just("&amp;".to_owned()),
        Just("😀".to_owned()),
        Just("\r\n".to_owned()),
        "[a-zA-Z0-9 ,.$%]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn prose_like_text_gives_exact_spans(text in prose_like()) {
        check_both_kinds(&text);
    }

    #[test]
    fn random_unicode_never_panics(text in "\\PC{0,400}") {
        check_both_kinds(&text);
    }

    #[test]
    fn lossily_decoded_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_both_kinds(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn a_one_megabyte_line() {
    let sentence = "Acme paid $40 million to “the Times” in 2015, about 6.8 million users said. ";
    let line = sentence.repeat(1_000_000 / sentence.len() + 1);
    let extraction = extract(&line, DocumentKind::PlainText, &ExtractOptions::default());
    assert!(check_spans(&line, &extraction) > 10_000);
    let no_spaces = "x".repeat(1_000_000);
    check_both_kinds(&no_spaces);
}

#[test]
fn deeply_nested_markdown() {
    for unit in [">", "- ", "*", "[", "“", "(", "> - "] {
        let text = format!("{}Acme paid $4 million in 2015.", unit.repeat(5_000));
        check_both_kinds(&text);
    }
}

#[test]
fn unbalanced_quotes() {
    for text in ["He said “it never closes. Then 2015.", "”Backwards“ quotes in 2015.", "\"\"\"\"\"", "'''’’’‘‘‘", "“a ‘b “c” d’"] {
        check_both_kinds(text);
    }
}
