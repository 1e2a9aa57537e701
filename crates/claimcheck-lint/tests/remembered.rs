//! A linter that checks a draft again after an edit remembers how it judged
//! the claims the edit left alone; what it reports must be exactly what a
//! fresh linter reports, wherever the edit moved those claims.

use std::path::Path;

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use claimcheck_corpus::{Corpus, LoadOptions};
use claimcheck_lint::{Config, Draft, Linter, Report};

fn check(linter: &Linter<'_>, text: &str) -> Report {
    let extraction = extract(text, DocumentKind::Markdown, &ExtractOptions::default());
    linter.check(&Draft { text, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &Config::default())
}

#[test]
fn a_recheck_after_edits_reports_what_a_fresh_check_reports() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/facebook-leaks");
    let corpus = Corpus::load(&example.join("sources"), &LoadOptions::default()).expect("the example's sources load");
    let draft = std::fs::read_to_string(example.join("draft.md")).expect("the example's draft");
    let remembering = Linter::new(&corpus);
    let first = check(&remembering, &draft);
    assert!(first.diagnostics.iter().any(|d| d.fix.is_some()), "findings with fixes, whose spans must move");

    // A paragraph added on top moves every claim; a claim edited in the
    // middle is judged afresh; one deleted from the end leaves.
    let middle = draft.len() / 2 + draft[draft.len() / 2..].find('\n').expect("a line end") + 1;
    let end = draft.trim_end().rfind('\n').expect("a last line");
    let edits = [
        format!("A line the reporter added on top.\n\n{draft}"),
        format!("{}Acme sold 12 vans in 2019.\n{}", &draft[..middle], &draft[middle..]),
        draft[..end].to_owned(),
        draft.replacen("Facebook", "The company Facebook", 1),
    ];
    for edited in &edits {
        let recheck = check(&remembering, edited);
        assert_eq!(recheck, check(&Linter::new(&corpus), edited), "after the edit:\n{edited}");
    }
    assert_eq!(check(&remembering, &draft), first, "and back again");
}
