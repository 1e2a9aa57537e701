//! The linter never panics on any draft, and every span it reports lies on
//! character boundaries inside the text it points into.

use std::path::PathBuf;
use std::sync::LazyLock;

use claimcheck_core::{DocumentKind, ExtractOptions, Span, extract};
use claimcheck_corpus::{Corpus, LoadOptions};
use claimcheck_lint::{Config, Draft, Linter};
use proptest::prelude::*;

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let sources = [
        ("sources/a.txt", "Acme paid $40 million to Bolt Ltd in 2015, the Times reported.\n\n“We shared nothing,” said Jane Okafor.\n"),
        ("sources/b.md", "# Notes\n\nBetween 2011 and 2015, about 4,000 pages leaked. Acme did not notify the regulator.\n"),
    ];
    let documents = sources.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect();
    Corpus::from_documents(documents, &LoadOptions::default()).expect("index")
});

fn draft_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Acme ".to_owned()),
        Just("paid ".to_owned()),
        Just("$4 million ".to_owned()),
        Just("in 2016 ".to_owned()),
        Just("“We shared everything,” ".to_owned()),
        Just("said Jane Okafor. ".to_owned()),
        Just("According to NBC News, ".to_owned()),
        Just("did not ".to_owned()),
        Just("between 2012 and 2015 ".to_owned()),
        Just("[^1] ".to_owned()),
        Just("\n\n[^1]: sources/a.txt\n".to_owned()),
        Just("\"".to_owned()),
        Just(". ".to_owned()),
        Just("\n".to_owned()),
        Just("<!-- claimcheck-disable-next-line misquote -->\n".to_owned()),
        Just("<!-- claimcheck-disable ".to_owned()),
        Just("<!-".to_owned()),
        Just("-->".to_owned()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn valid(text: &str, span: Span) -> bool {
    span.start <= span.end && span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_draft_gives_valid_findings(draft in draft_like()) {
        let extraction = extract(&draft, DocumentKind::Markdown, &ExtractOptions::default());
        let report = Linter::new(&CORPUS).check(&Draft { text: &draft, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &Config::default());
        for diagnostic in &report.diagnostics {
            prop_assert!(valid(&draft, diagnostic.span), "{diagnostic:?}");
            for edit in diagnostic.fix.iter().flat_map(|fix| &fix.edits) {
                prop_assert!(valid(&draft, edit.span), "{edit:?}");
            }
            for evidence in &diagnostic.evidence {
                prop_assert!(CORPUS.source(evidence.source).is_some(), "{evidence:?}");
                prop_assert!(evidence.excerpt.get(evidence.span).is_some(), "{evidence:?}");
            }
        }
        for note in &report.notes {
            prop_assert!(valid(&draft, note.span), "{note:?}");
        }
        prop_assert_eq!(report.claims.len(), extraction.claims().count());
    }
}

/// Found by the property above: a Markdown line break inside a quotation made
/// the misquote fix end inside a character.
#[test]
fn misquote_fix_across_a_markdown_line_break() {
    let draft = "\"said Jane Okafor. \nὝ\"";
    let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
    let report = Linter::new(&CORPUS).check(&Draft { text: draft, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &Config::default());
    for edit in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()).flat_map(|fix| &fix.edits) {
        assert!(valid(draft, edit.span), "{edit:?}");
    }
}
