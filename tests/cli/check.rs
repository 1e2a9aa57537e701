use serde_json::Value;

use crate::support::{claimcheck, root, scratch};

const DRAFT: &str = "examples/facebook-leaks/draft.md";
const SOURCES: &str = "examples/facebook-leaks/sources";

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    1 + text[..text.find(needle).expect("in the draft")].matches('\n').count()
}

#[test]
fn human_output_on_the_example() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES]);
    assert_eq!(out.code, Some(1), "errors in the example make the exit status 1: {}", out.stderr);
    expect_test::expect_file!["snapshots/check_example.txt"].assert_eq(&out.stdout);
}

#[test]
fn every_rule_fires_on_the_example_and_most_claims_are_supported() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let codes: Vec<&str> = report["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    let rules = claimcheck(&["explain"]).stdout;
    let every_rule: Vec<&str> = rules.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(every_rule.len(), 10, "{rules}");
    for code in every_rule {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let summary = &report["summary"];
    assert!(summary["supported"].as_u64().unwrap() * 2 > summary["claims"].as_u64().unwrap(), "{summary}");
}

#[test]
fn json_schema_spans_ranges_and_evidence() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let text = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["path"], DRAFT);
    let number = file["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "contradicted-number").unwrap();
    assert_eq!(number["severity"], "error");
    let (start, end) = (number["span"]["start"].as_u64().unwrap() as usize, number["span"]["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "as many as 5 million accounts");
    assert_eq!(number["range"]["start"]["line"], line_of(&text, "as many as 5 million accounts"));
    let evidence = &number["evidence"][0];
    let source_path = evidence["source"].as_str().unwrap();
    assert!(source_path.ends_with("times-summary.txt"), "{source_path}");
    let source = std::fs::read_to_string(root().join(source_path)).unwrap();
    let (s, e) = (evidence["span"]["start"].as_u64().unwrap() as usize, evidence["span"]["end"].as_u64().unwrap() as usize);
    assert!(source[s..e].contains("50 million"));
    assert_eq!(number["fix"]["replacement"], "50 million");
    let claims = file["claims"].as_array().unwrap();
    let verdicts = ["supported", "unsupported", "contradicted", "misquote", "misattribution", "contested"];
    assert!(claims.iter().all(|c| verdicts.contains(&c["verdict"].as_str().unwrap())));
    let inconsistent: Vec<&Value> = file["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "internal-inconsistency").collect();
    assert_eq!(inconsistent.len(), 2, "both places are reported");
    for (here, there) in [(inconsistent[0], inconsistent[1]), (inconsistent[1], inconsistent[0])] {
        assert_eq!(here["related"][0]["span"], there["span"], "each points at the other");
        assert_eq!(here["related"][0]["range"], there["range"]);
    }
    assert!(claims.iter().filter(|c| c["verdict"] == "supported").all(|c| !c["evidence"].as_array().unwrap().is_empty()));
}

#[test]
fn fail_on_sets_the_exit_status() {
    assert_eq!(claimcheck(&["check", DRAFT, "--sources", SOURCES, "--fail-on", "never"]).code, Some(0));
    let dir = scratch("clean-draft");
    std::fs::write(dir.join("draft.md"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    let draft = dir.join("draft.md");
    let sources = dir.join("sources");
    let out = claimcheck(&["check", draft.to_str().unwrap(), "--sources", sources.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("1 supported"), "{}", out.stdout);
}

#[test]
fn a_folder_of_drafts_leaves_the_sources_out() {
    let out = claimcheck(&["check", "examples/facebook-leaks", "--sources", SOURCES, "--format", "json", "--fail-on", "never"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let paths: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["examples/facebook-leaks/draft.md"]);
}

#[test]
fn bad_sources_are_reported_and_skipped() {
    let dir = scratch("bad-sources");
    let sources = dir.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(sources.join("good.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    std::fs::write(sources.join("binary.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(sources.join("latin1.txt"), b"Bolt paid \xA330 in 2014.\n").unwrap();
    std::fs::write(sources.join("image.png"), b"not read").unwrap();
    std::fs::write(dir.join("draft.md"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    let out = claimcheck(&["check", dir.join("draft.md").to_str().unwrap(), "--sources", sources.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("binary.txt") && out.stderr.contains("binary"), "{}", out.stderr);
    assert!(out.stderr.contains("latin1.txt") && out.stderr.contains("UTF-8"), "{}", out.stderr);
    assert!(out.stderr.contains("image.png"), "{}", out.stderr);
}

#[test]
fn missing_sources_folder_is_an_error() {
    let out = claimcheck(&["check", DRAFT, "--sources", "no/such/folder"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no/such/folder"), "{}", out.stderr);
}

#[test]
fn explain_prints_a_rules_documentation() {
    let out = claimcheck(&["explain", "contradicted-number"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.starts_with("# contradicted-number"), "{}", out.stdout);
    assert!(out.stdout.contains("## Example"));
    let list = claimcheck(&["explain"]);
    for code in ["unsupported-claim", "contradicted-number", "contradicted-date", "contradicted-claim", "misquote", "misattribution"] {
        assert!(list.stdout.lines().any(|l| l.starts_with(code)), "{code} not listed: {}", list.stdout);
    }
    let unknown = claimcheck(&["explain", "no-such-rule"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stderr.contains("unsupported-claim"), "{}", unknown.stderr);
}

#[test]
fn json_output_on_the_example() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "json"]);
    expect_test::expect_file!["snapshots/check_example.json"].assert_eq(&out.stdout);
}

#[test]
fn github_output_on_the_example() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "github"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    expect_test::expect_file!["snapshots/check_example.github"].assert_eq(&out.stdout);
}

#[test]
fn github_workflow_commands() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "github"]);
    assert_eq!(out.code, Some(1));
    let number = out.stdout.lines().find(|l| l.contains("title=contradicted-number")).expect("a contradicted-number line");
    let text = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    let line = line_of(&text, "as many as 5 million accounts");
    assert!(number.starts_with(&format!("::error file=examples/facebook-leaks/draft.md,line={line},col=")), "{number}");
    assert!(number.contains("::sources/times-summary.txt") || number.contains("::times-summary.txt"), "{number}");
    assert!(out.stdout.lines().any(|l| l.starts_with("::warning ") && l.contains("title=unsupported-claim")));
    assert!(out.stdout.lines().all(|l| !l.starts_with("::") || !l[2..].contains('\n')));
}

#[test]
fn sarif_output_on_the_example() {
    let out = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "sarif"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    expect_test::expect_file!["snapshots/check_example.sarif"].assert_eq(&out.stdout);
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema_path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    let schema_text = std::fs::read_to_string(&schema_path).unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    let schema: Value = serde_json::from_str(&schema_text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    // A draft with a space and a non-ASCII letter in its absolute path, a fix and a silenced finding.
    let dir = scratch("sarif draft é");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    std::fs::write(
        dir.join("draft.md"),
        "“Acme” paid 45 suppliers in 2015.\n<!-- claimcheck-disable-next-line -->\nBolt sold 9 vans in 2014.\n",
    )
    .unwrap();
    let scratch_run = claimcheck(&[
        "check",
        dir.join("draft.md").to_str().unwrap(),
        "--sources",
        dir.join("sources").to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    let scratch_log: Value = serde_json::from_str(&scratch_run.stdout).expect("valid JSON");
    assert_eq!(scratch_log["runs"][0]["results"][1]["suppressions"][0]["kind"], "inSource", "{}", scratch_run.stdout);
    let example_run = claimcheck(&["check", DRAFT, "--sources", SOURCES, "--format", "sarif"]);
    for out in [scratch_run, example_run] {
        let log: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(results.iter().any(|r| r["fixes"].is_array()), "a fix is carried: {}", out.stdout);
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = Value::from("loud");
        assert!(!validator.is_valid(&broken), "the validator enforces the schema");
    }
}

/// A copy of the example in a scratch folder, with the draft's line ends made CRLF.
fn example_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    for entry in std::fs::read_dir(root().join(SOURCES)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("sources").join(entry.file_name())).unwrap();
    }
    let draft = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    std::fs::write(dir.join("draft.md"), draft.replace('\n', "\r\n")).unwrap();
    dir
}

#[test]
fn check_never_writes_a_draft_without_fix() {
    let dir = example_copy("no-fix");
    let before = std::fs::read(dir.join("draft.md")).unwrap();
    let out = claimcheck(&["check", dir.join("draft.md").to_str().unwrap(), "--sources", dir.join("sources").to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert_eq!(std::fs::read(dir.join("draft.md")).unwrap(), before);
}

#[test]
fn fix_applies_the_safe_fixes_keeps_line_ends_and_reports_what_remains() {
    let dir = example_copy("fix");
    let (draft, sources) = (dir.join("draft.md"), dir.join("sources"));
    let args = ["check", draft.to_str().unwrap(), "--sources", sources.to_str().unwrap(), "--format", "json", "--fix"];
    let out = claimcheck(&args);
    assert!(out.stderr.contains("fixed 6 findings in"), "{}", out.stderr);
    let fixed = std::fs::read_to_string(&draft).unwrap();
    for now in ["as many as 50 million accounts", "user data in 2015.", "\"as a way of protecting user privacy.\"", "meeting summaries.[^nbc]", "interviewed about the documents.[^borda]"] {
        assert!(fixed.contains(now), "{now} missing from {fixed}");
    }
    assert_eq!(fixed.matches("\r\n").count(), fixed.matches('\n').count(), "every line still ends in CRLF");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<&str> = report["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"contradicted-number") && !codes.contains(&"misquote"), "{codes:?}");
    assert!(codes.contains(&"broken-citation"), "findings without a fix remain: {codes:?}");
    assert_eq!(out.code, Some(1));
    let again = claimcheck(&args);
    assert!(!again.stderr.contains("fixed"), "nothing left to fix: {}", again.stderr);
}

#[test]
fn a_citation_outside_the_sources_is_broken_not_read() {
    let dir = scratch("confined-citation");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/ledger.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    std::fs::write(dir.join("secret.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    let draft = "Acme paid 40 suppliers in 2015.[^a] Acme paid 40 suppliers in 2015.[^b]\n\n[^a]: ../../../../../../etc/passwd\n[^b]: ../secret.txt\n";
    std::fs::write(dir.join("draft.md"), draft).unwrap();
    let out = claimcheck(&["check", dir.join("draft.md").to_str().unwrap(), "--sources", dir.join("sources").to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let broken: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-citation")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].contains("etc/passwd") && broken[1].contains("secret.txt"), "{broken:?}");
    assert!(!out.stdout.contains("root:"), "nothing of /etc/passwd is shown");
}

/// On a terminal (`script`, from util-linux, gives the check one), a check
/// draws a bar of the claims it judges, from the threads that judge them,
/// and still finishes: those threads once waited forever for standard
/// error, which the check held locked. A check that judges nothing (every
/// judgement kept beside the index) draws nothing.
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_a_check_shows_the_claims_it_judges_and_finishes() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let dir = scratch("check-terminal");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    let draft: String = (1..=40).map(|n| format!("Orbix paid {n} million euros in {}.\n\n", 1980 + n)).collect();
    std::fs::write(dir.join("draft.md"), draft).unwrap();
    assert_eq!(crate::support::claimcheck_in(&dir, &["index", "--sources", "sources"]).code, Some(0));
    let on_a_terminal = || {
        let command = format!("'{}' check draft.md --sources sources --format json --fail-on never > report.json", env!("CARGO_BIN_EXE_claimcheck"));
        let mut terminal = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("`script` (util-linux) runs the check on a terminal");
        let deadline = Instant::now() + Duration::from_secs(60);
        while terminal.try_wait().expect("wait for the check").is_none() {
            if Instant::now() > deadline {
                terminal.kill().unwrap();
                panic!("the check on a terminal did not finish in a minute");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let output = terminal.wait_with_output().unwrap();
        assert!(output.status.success(), "{:?}", output.status);
        let report: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).expect("the report, whole");
        assert_eq!(report["files"][0]["claims"].as_array().map(Vec::len), Some(40));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = on_a_terminal();
    assert!(first.contains("judging the claims of draft.md") && first.contains("/40"), "{first}");
    assert_eq!(on_a_terminal(), "", "every judgement was kept: no bar");
}
