//! Configuring a check: `claimcheck.toml` found beside or above the draft
//! (severities, aliases, globs, sources folders, and what a broken file
//! does), and suppression comments in the draft.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Output, claimcheck, scratch};

/// A project: a sources folder with a report and a memo, and a draft one
/// folder down. Its second line contradicts the report; its third is
/// supported only by the memo.
fn project(name: &str) -> PathBuf {
    let dir = scratch(name);
    let files = [
        (
            "sources/report.txt",
            "Clinic review\n\nAccording to a report by The Harbor Gazette, the Westbay clinic treated 1,200 patients in 2023.\n\n\
             The clinic hired 35 nurses in 2022.\n",
        ),
        ("sources/notes/memo.txt", "The Westbay clinic opened a second ward in 2021.\n"),
        (
            "stories/draft.md",
            "# Westbay\n\nAccording to the Gazette, the Westbay clinic treated 1,200 patients in 2023.\n\
             The clinic hired 53 nurses in 2022.\nThe Westbay clinic opened a second ward in 2021.\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn check_json(draft: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["check", draft.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = claimcheck(&args);
    let report = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    (out, report)
}

fn codes(report: &Value) -> Vec<(String, String)> {
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["severity"].as_str().unwrap().to_owned()))
        .collect()
}

fn pair(code: &str, severity: &str) -> (String, String) {
    (code.to_owned(), severity.to_owned())
}

#[test]
fn the_nearest_configuration_sets_sources_severities_and_aliases() {
    let dir = project("config-found");
    let draft = dir.join("stories/draft.md");
    // Without a configuration the draft's folder has no `sources`: only `--sources` works.
    let (out, report) = check_json(&draft, &["--sources", dir.join("sources").to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert_eq!(codes(&report), [pair("contradicted-claim", "error"), pair("contradicted-number", "error")]);

    std::fs::write(
        dir.join("claimcheck.toml"),
        "# Found from stories/, one folder up.\nsources = [\"sources\"]\n\n[rules]\ncontradicted-number = \"warning\"\n\n\
         [aliases]\n\"the Gazette\" = \"The Harbor Gazette\"\n",
    )
    .unwrap();
    let (out, report) = check_json(&draft, &[]);
    assert_eq!(out.code, Some(0), "a warning does not fail: {}", out.stderr);
    assert_eq!(codes(&report), [pair("contradicted-number", "warning")], "the alias names the report's outlet");
    assert_eq!(report["summary"]["sources"], 2);

    let (_, report) = check_json(&draft, &["--no-config", "--sources", dir.join("sources").to_str().unwrap()]);
    assert_eq!(codes(&report)[1], pair("contradicted-number", "error"), "--no-config reads no file");
}

#[test]
fn globs_choose_the_sources_and_flags_override() {
    let dir = project("config-globs");
    let draft = dir.join("stories/draft.md");
    let config = dir.join("team.toml");
    std::fs::write(&config, "sources = [\"sources\"]\nexclude = [\"notes/**\"]\n\n[rules]\ncontradicted-claim = \"off\"\n").unwrap();
    let (_, report) = check_json(&draft, &["--config", config.to_str().unwrap()]);
    assert_eq!(report["summary"]["sources"], 1, "the memo is excluded");
    let verdicts: Vec<&str> = report["files"][0]["claims"].as_array().unwrap().iter().map(|c| c["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts.last(), Some(&"unsupported"), "only the memo supports the last claim");
    assert_eq!(codes(&report), [pair("contradicted-number", "error"), pair("unsupported-claim", "warning")]);

    // `--sources` replaces the configured folders; the globs still apply.
    let (_, report) = check_json(&draft, &["--config", config.to_str().unwrap(), "--sources", dir.join("sources/notes").to_str().unwrap()]);
    assert_eq!(report["summary"]["sources"], 1);
    assert_eq!(report["files"][0]["claims"][2]["verdict"], "supported");
}

#[test]
fn a_broken_configuration_exits_2_naming_the_key_and_line() {
    let dir = project("config-broken");
    let config = dir.join("claimcheck.toml");
    std::fs::write(&config, "sources = [\"sources\"]\n\n[rules]\nmisquote = \"warning\"\nmisquotes = \"off\"\n").unwrap();
    let out = claimcheck(&["check", dir.join("stories/draft.md").to_str().unwrap()]);
    assert_eq!(out.code, Some(2));
    // The file is named as found, relative to the working folder when inside it.
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(out.stderr.contains("config-broken/claimcheck.toml:5: unknown rule `misquotes` in [rules]"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    std::fs::write(&config, "sources = [\"sources\"]\nsource = \"sources\"\n").unwrap();
    let out = claimcheck(&["check", dir.join("stories/draft.md").to_str().unwrap()]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("claimcheck.toml:2: unknown key `source`"), "{}", out.stderr);

    let out = claimcheck(&["check", "--config", dir.join("missing.toml").to_str().unwrap(), dir.join("stories").to_str().unwrap()]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);
}

#[test]
fn suppression_comments_silence_findings_and_unknown_codes_warn() {
    let dir = project("config-suppressed");
    let draft = dir.join("stories/draft.md");
    let sources = dir.join("sources");
    std::fs::write(
        &draft,
        "# Westbay\n\nAccording to the Gazette, the Westbay clinic treated 1,200 patients in 2023.\n\
         <!-- claimcheck-disable-next-line contradicted-number, contradicted-numbers -->\n\
         The clinic hired 53 nurses in 2022.\nThe Westbay clinic opened a second ward in 2021.\n",
    )
    .unwrap();
    let (out, report) = check_json(&draft, &["--sources", sources.to_str().unwrap()]);
    assert_eq!(codes(&report), [pair("contradicted-claim", "error")], "the nurses' number is silenced");
    assert_eq!(report["files"][0]["claims"][1]["verdict"], "contradicted", "the verdict stays");
    let warning = format!("warning: {}:4: unknown rule `contradicted-numbers` in a suppression comment", draft.display());
    assert!(out.stderr.contains(&warning), "{}", out.stderr);

    let out = claimcheck(&["check", draft.to_str().unwrap(), "--sources", sources.to_str().unwrap(), "--format", "sarif"]);
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    let results: Vec<(&str, bool)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["suppressions"][0]["kind"] == "inSource"))
        .collect();
    assert_eq!(results, [("contradicted-claim", false), ("contradicted-number", true)], "SARIF records the silenced finding");
}
