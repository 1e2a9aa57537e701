//! Helpers shared by the corpus crate's integration tests.

use std::path::{Path, PathBuf};

/// A fresh folder under the target's temp dir, filled with `files`.
pub(crate) fn folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("create folder");
    for (path, bytes) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("files sit in a folder")).expect("create folder");
        std::fs::write(path, bytes).expect("write file");
    }
    root
}

/// What the index holds of the source at `relative`: each passage's sentence
/// as written in the source, in order.
pub(crate) fn sentences_of(corpus: &claimcheck_corpus::Corpus, relative: &str) -> Vec<String> {
    let source = corpus.sources().iter().find(|s| s.relative == Path::new(relative)).unwrap_or_else(|| panic!("{relative} was read"));
    let passages = corpus.passages_of(source.id).expect("the index reads");
    passages.iter().map(|p| p.excerpt.slice(p.span).to_owned()).collect()
}
