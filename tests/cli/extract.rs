use serde_json::Value;

use crate::support::{claimcheck, scratch};

const EXAMPLE: &str = "examples/facebook-leaks/draft.md";

#[test]
fn human_output_on_the_example() {
    let out = claimcheck(&["extract", EXAMPLE]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    expect_test::expect_file!["snapshots/extract_example.txt"].assert_eq(&out.stdout);
}

#[test]
fn json_output_has_spans_and_matching_ranges() {
    let out = claimcheck(&["extract", EXAMPLE, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(report["version"], 1);
    let text = std::fs::read_to_string(crate::support::root().join(EXAMPLE)).unwrap();
    let sentences = report["sentences"].as_array().unwrap();
    assert!(sentences.len() > 10);
    for sentence in sentences {
        let start = sentence["span"]["start"].as_u64().unwrap() as usize;
        let end = sentence["span"]["end"].as_u64().unwrap() as usize;
        let slice = &text[start..end];
        let prose = sentence["text"].as_str().unwrap();
        assert!(slice.starts_with(&prose[..prose.find(' ').unwrap_or(prose.len())]), "{slice:?} vs {prose:?}");
        // The range agrees with the span: 1-based line, column in characters.
        let line = sentence["range"]["start"]["line"].as_u64().unwrap() as usize;
        let column = sentence["range"]["start"]["column"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
        assert_eq!(text[line_start..start].chars().count() + 1, column);
    }
    let footnote = &report["footnotes"][0];
    assert_eq!(footnote["label"], "nbc");
    assert_eq!(footnote["target"], "sources/nbc-report.txt");
}

#[test]
fn all_lists_non_claims_with_reasons() {
    let out = claimcheck(&["extract", EXAMPLE, "--all"]);
    assert!(out.stdout.contains("not a claim (heading)"), "{}", out.stdout);
    assert!(out.stdout.contains("not a claim (opinion)"), "{}", out.stdout);
    let plain = claimcheck(&["extract", EXAMPLE]);
    assert!(!plain.stdout.contains("not a claim"));
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let out = claimcheck(&["extract", "no/such/draft.md"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no/such/draft.md"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn binary_file_is_refused() {
    let dir = scratch("binary-draft");
    let path = dir.join("draft.txt");
    std::fs::write(&path, b"PK\x03\x04\x00\x00binary").unwrap();
    let out = claimcheck(&["extract", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("binary"), "{}", out.stderr);
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let dir = scratch("latin1-draft");
    let path = dir.join("draft.txt");
    std::fs::write(&path, b"Acme Corp paid \xA340 million in 2019.\n").unwrap();
    let out = claimcheck(&["extract", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("not valid UTF-8"), "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(claimcheck(&["extract"]).code, Some(2));
    assert_eq!(claimcheck(&["extract", EXAMPLE, "--format", "yaml"]).code, Some(2));
    assert_eq!(claimcheck(&["extract", EXAMPLE, "--format", "sarif"]).code, Some(2), "SARIF is for findings");
}
