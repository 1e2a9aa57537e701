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
