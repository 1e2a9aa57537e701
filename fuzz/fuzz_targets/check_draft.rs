//! The linter on an arbitrary draft against a small corpus of our own:
//! no panic, every finding's span and fix on char boundaries in the draft,
//! and applying the fixes yields text.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use claimcheck_corpus::{Corpus, LoadOptions};
use claimcheck_lint::{Config, Draft, Linter};
use libfuzzer_sys::fuzz_target;

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let documents = vec![
        (PathBuf::from("sources/ledger.txt"), "Acme paid $40 million to Bolt Ltd in 2015.\n\nJane Okafor said: “Partners don't get to ignore privacy settings.”\n\nThe 4,000 pages of leaked Acme files span 2011 to 2015.\n".to_owned()),
        (PathBuf::from("sources/wire.md"), "# The Wire\n\nA report cites 4,000 leaked documents from Acme, according to NBC News.\n\nAcme did not notify the Federal Trade Commission.\n".to_owned()),
    ];
    Corpus::from_documents(documents, &LoadOptions::default()).expect("index")
});

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let extraction = extract(&text, DocumentKind::Markdown, &ExtractOptions::default());
    let report = Linter::new(&CORPUS).check(&Draft { text: &text, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &Config::default());
    for diagnostic in report.diagnostics.iter().chain(&report.suppressed) {
        let spans = std::iter::once(diagnostic.span).chain(diagnostic.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span))).chain(diagnostic.related.iter().map(|r| r.span));
        for span in spans {
            assert!(text.get(span.start..span.end).is_some(), "{span:?} is not a slice of the draft");
        }
    }
    if let Some((fixed, _)) = report.fixed_text(&text) {
        assert!(!fixed.is_empty() || text.is_empty());
    }
});
