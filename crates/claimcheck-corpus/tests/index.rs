//! The persistent index: incremental updates, and damaged or outdated
//! indexes rebuilt with a message, never read.

use std::path::{Path, PathBuf};

use claimcheck_corpus::{Corpus, IndexUpdate, LoadOptions};

/// A fresh project under the target's temp dir: `sources/` filled with
/// `files`, and the index folder beside it.
fn project(name: &str, files: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let project = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&project);
    let sources = project.join("sources");
    for (path, text) in files {
        write(&sources.join(path), text);
    }
    (sources, project.join(".claimcheck"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

fn load(sources: &Path, index: &Path) -> (Corpus, IndexUpdate) {
    Corpus::load_indexed(&[sources.to_path_buf()], &LoadOptions::default(), index, &()).expect("the index loads")
}

/// What a check reads of a corpus: each source's identity and passages (text, facts, place).
fn contents(corpus: &Corpus) -> Vec<String> {
    let mut contents = Vec::new();
    for source in corpus.sources() {
        contents.push(format!("{} {:?} {:?}", source.relative.display(), source.id, source.identity()));
        contents.extend(corpus.passages_of(source.id).expect("the index reads").iter().map(|p| format!("{p:?}")));
    }
    contents
}

/// The tantivy commit file, which names the manifest.
fn meta(index: &Path) -> PathBuf {
    index.join("passages").join("meta.json")
}

/// The manifest files in the index's folder.
fn manifests(index: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(index)
        .expect("the index folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("manifest-")))
        .collect();
    found.sort();
    found
}

/// The one manifest file, named by the last commit.
fn manifest(index: &Path) -> PathBuf {
    let found = manifests(index);
    assert_eq!(found.len(), 1, "earlier manifests are removed: {found:?}");
    let name = found[0].file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
    let meta = std::fs::read_to_string(meta(index)).expect("a commit");
    assert!(meta.contains(&format!("\"{name}\"")), "the commit names its manifest: {meta}");
    found[0].clone()
}

fn names(paths: &[PathBuf], root: &Path) -> Vec<String> {
    paths.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect()
}

#[test]
fn only_changed_added_and_deleted_files_are_read_again() {
    let (sources, index) = project(
        "index-incremental",
        &[
            ("a.txt", "Orbix paid 4 million euros in 2019.\n"),
            ("b.md", "# Depots\n\nVelto closed 12 depots in 2020.\n"),
            ("c.txt", "Kestrel Freight hired 40 drivers.\n"),
        ],
    );
    let (cold, first) = load(&sources, &index);
    assert_eq!(names(&first.read, &sources), ["a.txt", "b.md", "c.txt"]);
    assert_eq!((first.reused, first.messages.len()), (0, 0));
    assert_eq!(std::fs::read_to_string(index.join(".gitignore")).expect("the index ignores itself"), "*\n");

    let (warm, second) = load(&sources, &index);
    assert_eq!((second.read.len(), second.reused, second.removed.len()), (0, 3, 0), "nothing changed");
    assert_eq!(contents(&warm), contents(&cold), "the index gives back what reading gave");

    // Same size, different content: the stamp alone cannot tell.
    write(&sources.join("a.txt"), "Orbix paid 5 million euros in 2019.\n");
    std::fs::remove_file(sources.join("b.md")).expect("delete");
    write(&sources.join("d.txt"), "Velto opened 3 depots in 2021.\n");
    let (updated, third) = load(&sources, &index);
    assert_eq!(names(&third.read, &sources), ["a.txt", "d.txt"]);
    assert_eq!(names(&third.removed, &sources.canonicalize().expect("exists")), ["b.md"]);
    assert_eq!(third.reused, 1);
    let fresh = Corpus::load(&sources, &LoadOptions::default()).expect("loads");
    assert_eq!(contents(&updated), contents(&fresh), "an updated index equals a fresh build");
    assert_eq!(updated.passage_count(), 3, "the passages of b.md and the old a.txt are gone");
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_message() {
    let (sources, index) = project("index-damaged", &[("a.txt", "Orbix paid 4 million euros in 2019.\n"), ("b.txt", "Velto closed 12 depots.\n")]);
    let (cold, _) = load(&sources, &index);

    let meta = meta(&index);
    let bytes = std::fs::read(&meta).expect("a commit");
    std::fs::write(&meta, &bytes[..bytes.len() / 2]).expect("truncate");
    let (rebuilt, update) = load(&sources, &index);
    assert_eq!(update.read.len(), 2, "everything is read again");
    assert!(update.messages.iter().any(|m| m.contains("cannot be read") && m.contains("rebuilding")), "{:?}", update.messages);
    assert_eq!(contents(&rebuilt), contents(&cold));

    let manifest_file = manifest(&index);
    let bytes = std::fs::read(&manifest_file).expect("a manifest");
    std::fs::write(&manifest_file, &bytes[..bytes.len() / 2]).expect("damage the manifest");
    let (repaired, update) = load(&sources, &index);
    assert_eq!(update.read.len(), 2, "everything is read again");
    assert!(update.messages.iter().any(|m| m.contains("manifest is damaged") && m.contains("rebuilding")), "{:?}", update.messages);
    assert_eq!(contents(&repaired), contents(&cold));
    assert_eq!(repaired.passage_count(), 2, "no passage is indexed twice");

    std::fs::remove_file(manifest(&index)).expect("delete the manifest");
    let (restored, update) = load(&sources, &index);
    assert_eq!(update.read.len(), 2, "everything is read again");
    assert!(update.messages.iter().any(|m| m.contains("cannot be read") && m.contains("rebuilding")), "{:?}", update.messages);
    assert_eq!(contents(&restored), contents(&cold));
    assert_eq!(restored.passage_count(), 2, "no passage is indexed twice");
}

#[test]
fn each_commit_names_a_manifest_of_its_own_and_earlier_ones_go() {
    let (sources, index) = project("index-manifests", &[("a.txt", "Orbix paid 4 million euros in 2019.\n")]);
    let (first, _) = load(&sources, &index);
    let before = manifest(&index);
    let (unchanged, _) = load(&sources, &index);
    assert_eq!(manifest(&index), before, "an update that changes nothing commits nothing");
    assert_eq!(unchanged.fingerprint(), first.fingerprint(), "nor does what the corpus holds change");

    write(&sources.join("b.txt"), "Velto closed 12 depots.\n");
    // What a crash while writing a manifest leaves.
    let half_written = index.join("manifest-00000000000000ab.bin.4242.tmp");
    write(&half_written, "\u{6}");
    // What a claimcheck of an earlier format left.
    let earlier_format = index.join("manifest-00000000000000cd.json");
    write(&earlier_format, "{\"version\":5}");
    let (grown, _) = load(&sources, &index);
    assert_ne!(manifest(&index), before, "the new commit names a new manifest, and the old one is gone");
    assert!(!half_written.exists() && !earlier_format.exists(), "a half-written manifest goes too, and one of an earlier format");
    assert_ne!(grown.fingerprint(), first.fingerprint(), "another source, another fingerprint");
    assert!(first.fingerprint().is_some());
    assert_eq!(Corpus::load(&sources, &LoadOptions::default()).expect("loads").fingerprint(), None, "a corpus in memory has none");
}

#[test]
fn an_index_of_another_format_version_is_rebuilt_with_a_message() {
    let (sources, index) = project("index-version", &[("a.txt", "Orbix paid 4 million euros in 2019.\n")]);
    load(&sources, &index);
    let manifest = manifest(&index);
    let mut bytes = std::fs::read(&manifest).expect("a manifest");
    // The version comes first, as a variable-length integer: one byte below 128.
    assert_eq!(u32::from(bytes[0]), claimcheck_corpus::FORMAT_VERSION);
    bytes[0] = 99;
    std::fs::write(&manifest, bytes).expect("rewrite");
    let (_, update) = load(&sources, &index);
    assert_eq!(update.read.len(), 1);
    assert!(update.messages.iter().any(|m| m.contains("format 99,") && m.contains("rebuilding")), "{:?}", update.messages);
    let (_, again) = load(&sources, &index);
    assert_eq!((again.read.len(), again.messages.len()), (0, 0), "the rebuilt index is current");
}

#[test]
fn an_index_with_other_fields_is_rebuilt_with_a_message() {
    let (sources, index) = project("index-schema", &[("a.txt", "Orbix paid 4 million euros in 2019.\n")]);
    let (fresh, _) = load(&sources, &index);
    let expected = contents(&fresh);
    drop(fresh);
    // As an older claimcheck left it: a tantivy index whose fields are not today's.
    let passages = index.join("passages");
    std::fs::remove_dir_all(&passages).expect("remove the index");
    std::fs::create_dir_all(&passages).expect("a folder");
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("text", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&passages, schema.build()).expect("an index of other fields");
    let (rebuilt, update) = load(&sources, &index);
    assert_eq!(update.read.len(), 1, "everything is read again");
    assert!(update.messages.iter().any(|m| m.contains("cannot be read") && m.contains("rebuilding")), "{:?}", update.messages);
    assert_eq!(contents(&rebuilt), expected);
}

#[cfg(unix)]
#[test]
fn a_file_whose_name_is_not_utf8_is_indexed_and_kept() {
    use std::os::unix::ffi::OsStrExt as _;
    let (sources, index) = project("index-latin1-name", &[("a.txt", "Orbix paid 4 million euros in 2019.\n")]);
    // "café.txt" in Latin-1, as old archives name files.
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    write(&sources.join(latin1), "Velto closed 12 depots in 2020.\n");
    let (cold, first) = load(&sources, &index);
    assert_eq!((first.read.len(), first.messages.len()), (2, 0), "{:?}", first.messages);
    let (warm, second) = load(&sources, &index);
    assert_eq!((second.read.len(), second.reused), (0, 2), "both are taken from the index");
    assert!(warm.sources().iter().any(|s| s.relative.as_os_str() == latin1), "the name comes back byte for byte");
    assert_eq!(contents(&warm), contents(&cold));
}
