//! The invariants the fuzz targets share, so that each target is only its
//! input and the call it drives.

use claimcheck_core::{Extraction, Span};

/// Every span of `extraction` is a slice of `text` on char boundaries, and
/// every fact lies inside its sentence.
pub fn assert_extraction_spans(text: &str, extraction: &Extraction) {
    let whole = Span::new(0, text.len());
    for sentence in &extraction.sentences {
        assert_span(text, sentence.span, whole);
        let facts = &sentence.facts;
        let spans = facts
            .quantities
            .iter()
            .map(|f| f.span)
            .chain(facts.dates.iter().map(|f| f.span))
            .chain(facts.quotations.iter().map(|f| f.span))
            .chain(facts.entities.iter().map(|f| f.span))
            .chain(facts.attributions.iter().map(|f| f.span));
        for span in spans {
            assert_span(text, span, sentence.span);
        }
        for citation in &sentence.citations {
            assert_span(text, citation.span, whole);
        }
    }
    for footnote in &extraction.footnotes {
        assert_span(text, footnote.span, whole);
    }
    for note in &extraction.notes {
        assert_span(text, note.span, whole);
    }
}

fn assert_span(text: &str, span: Span, within: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside the text");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} splits a character");
    assert!(within.start <= span.start && span.end <= within.end, "{span:?} outside {within:?}");
}

/// Reads `bytes` as the sources loader reads a file named `file_name`: the
/// result is text whose page starts (a PDF's) begin at 0, increase and fall
/// on char boundaries, or a problem message that says the file was skipped
/// and why. Returns the text, for a target's own checks.
pub fn assert_source_reads(file_name: &str, bytes: &[u8]) -> Option<String> {
    match claimcheck_corpus::DecodedText::read_source_for_fuzzing(file_name, bytes.to_vec()) {
        Ok((decoded, pages)) => {
            let text = decoded.text;
            if let Some(starts) = pages {
                assert!(file_name.ends_with(".pdf"), "{file_name} was read with pages");
                assert!(starts.first().is_none_or(|&first| first == 0), "the first page starts at {starts:?}");
                assert!(starts.windows(2).all(|pair| pair[0] < pair[1]), "page starts {starts:?} do not increase");
                assert!(starts.iter().all(|&start| start <= text.len() && text.is_char_boundary(start)), "page starts {starts:?} split the text");
            }
            Some(text)
        }
        Err(message) => {
            let reason = message.strip_prefix("skipped: ").unwrap_or_else(|| panic!("unclear problem message {message:?}"));
            assert!(reason.len() > 10, "unclear problem message {message:?}");
            None
        }
    }
}

/// Puts back the default panic hook in place of libfuzzer-sys's, which
/// aborts on every panic, even one the code under test catches on purpose
/// (the PDF reader catches pdf-extract's, the HTML reader html2text's, for
/// pages and emails alike). A panic that escapes the target still aborts:
/// libfuzzer-sys catches it at the boundary and aborts there.
pub fn let_caught_panics_unwind() {
    drop(std::panic::take_hook());
}
