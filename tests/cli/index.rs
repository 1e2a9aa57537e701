//! `claimcheck index` and the index `check` then uses and keeps up to date.

use crate::support::{claimcheck_in, scratch};

#[test]
fn check_uses_the_index_and_brings_it_up_to_date() {
    let dir = scratch("index-project");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("claimcheck.toml"), "sources = [\"sources\"]\n").unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    std::fs::write(dir.join("sources/b.txt"), "Velto closed 12 depots in 2020.\n").unwrap();
    std::fs::write(dir.join("draft.md"), "Orbix paid 4 million euros in 2019. Velto closed 12 depots in 2020.\n").unwrap();
    let check = || claimcheck_in(&dir, &["check", "draft.md", "--format", "json"]);
    let without_index = check();
    assert_eq!(without_index.code, Some(0), "{}", without_index.stderr);
    assert!(!dir.join(".claimcheck").exists(), "check alone makes no index");

    let index = claimcheck_in(&dir, &["index"]);
    assert_eq!(index.code, Some(0), "{}", index.stderr);
    assert!(index.stderr.contains("indexed 2 sources") && index.stderr.contains("2 read"), "{}", index.stderr);
    assert_eq!(std::fs::read_to_string(dir.join(".claimcheck/.gitignore")).unwrap(), "*\n", "the index is git-ignored");
    assert!(!index.stderr.contains("ETA"), "no progress bar when standard error is not a terminal: {}", index.stderr);

    let with_index = check();
    assert_eq!(with_index.stdout, without_index.stdout, "the index changes nothing in the verdicts");

    std::fs::write(dir.join("sources/b.txt"), "Velto closed 9 depots in 2020.\n").unwrap();
    let changed = check();
    assert_eq!(changed.code, Some(1), "the changed source is read again: {}", changed.stdout);
    assert!(changed.stdout.contains("contradicted-number"), "{}", changed.stdout);
    let again = claimcheck_in(&dir, &["index"]);
    assert!(again.stderr.contains("0 read") && again.stderr.contains("2 unchanged"), "check brought the index up to date: {}", again.stderr);
}

#[test]
fn the_configured_index_folder_is_used() {
    let dir = scratch("index-configured");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("claimcheck.toml"), "index = \"cache/claimcheck\"\n").unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    let index = claimcheck_in(&dir, &["index"]);
    assert_eq!(index.code, Some(0), "{}", index.stderr);
    assert!(dir.join("cache/claimcheck/passages/meta.json").is_file(), "{}", index.stderr);
    assert!(!dir.join(".claimcheck").exists());
}

#[test]
fn check_keeps_its_judgements_beside_the_index_for_the_next_run() {
    let dir = scratch("index-judgements");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/a.txt"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    std::fs::write(dir.join("draft.md"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    let check = || claimcheck_in(&dir, &["check", "draft.md", "--sources", "sources", "--format", "json"]);
    let verdicts = |out: &crate::support::Output| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        report["files"][0]["claims"].as_array().expect("claims").iter().map(|c| c["verdict"].as_str().expect("a verdict").to_owned()).collect()
    };
    let file = dir.join(".claimcheck/judgements.json");
    let without_index = check();
    assert!(!file.exists(), "without an index there is nothing to keep them beside");

    assert_eq!(claimcheck_in(&dir, &["index", "--sources", "sources"]).code, Some(0));
    let first = check();
    assert_eq!(first.stdout, without_index.stdout);
    assert_eq!(verdicts(&first), ["supported"]);
    let kept = std::fs::read_to_string(&file).expect("the judgements are kept");
    assert_eq!(check().stdout, first.stdout, "a run from kept judgements reports what a fresh one does");

    // The next run takes its judgements from the file: one whose support is
    // taken out there is what it reports. The file holds the layout, index
    // format, claimcheck, corpus, names, sources, passages and judgements, in that order.
    let mut recollection: serde_json::Value = serde_json::from_str(&kept).expect("JSON");
    for judgement in recollection[7].as_array_mut().expect("judgements") {
        judgement[2]["assessment"]["support"] = serde_json::json!([]);
    }
    let tampered = serde_json::to_string(&recollection).unwrap();
    std::fs::write(&file, &tampered).unwrap();
    assert_eq!(verdicts(&check()), ["unsupported"], "the kept judgement is used");

    // Judgements made by another claimcheck, or against other sources, are not:
    // nor by another build of this version, which may judge otherwise.
    assert!(recollection[2].as_str().unwrap().starts_with(concat!(env!("CARGO_PKG_VERSION"), "+")), "{}", recollection[2]);
    for other in ["0.0.0-other", env!("CARGO_PKG_VERSION")] {
        recollection[2] = serde_json::json!(other);
        std::fs::write(&file, serde_json::to_string(&recollection).unwrap()).unwrap();
        assert_eq!(verdicts(&check()), ["supported"], "made by {other}");
    }
    std::fs::write(&file, &tampered).unwrap();
    std::fs::write(dir.join("sources/b.txt"), "Velto closed 12 depots in 2020.\n").unwrap();
    let grown = check();
    assert_eq!(verdicts(&grown), ["supported"], "another source, another corpus: {}", grown.stdout);

    std::fs::write(&file, "{ not json").unwrap();
    let damaged = check();
    assert_eq!(damaged.stdout, grown.stdout);
    assert!(damaged.stderr.contains("judgements.json: damaged") && damaged.stderr.contains("judged again"), "{}", damaged.stderr);
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("[6,"), "a damaged file is replaced");
}

#[cfg(unix)]
#[test]
fn a_source_whose_name_is_not_utf8_is_indexed_and_its_judgements_kept() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = scratch("index-latin1-name");
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    // "café.txt" in Latin-1, as old archives name files.
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.join("sources").join(latin1), "Orbix paid 4 million euros in 2019.\n").unwrap();
    std::fs::write(dir.join("draft.md"), "Orbix paid 4 million euros in 2019.\n").unwrap();
    let index = claimcheck_in(&dir, &["index", "--sources", "sources"]);
    assert_eq!(index.code, Some(0), "{}", index.stderr);
    let check = || claimcheck_in(&dir, &["check", "draft.md", "--sources", "sources", "--format", "json"]);
    let first = check();
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(first.stdout.contains("\"verdict\": \"supported\""), "{}", first.stdout);
    assert!(first.stderr.is_empty(), "the judgements are kept without a warning: {}", first.stderr);
    assert!(dir.join(".claimcheck/judgements.json").is_file());
    assert_eq!(check().stdout, first.stdout, "and used again");
}
