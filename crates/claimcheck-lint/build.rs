//! Fingerprints the code that judges claims: the sources of this crate, of
//! the core (which reads the facts) and of the corpus crate (which finds the
//! passages). Judgements kept by one build are used by that build only
//! (`Recollection`): between two releases the version does not tell builds
//! apart, and judgements made by older code would be taken for new ones.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let crates = manifest.parent().expect("the crates folder");
    let mut files = Vec::new();
    for name in ["claimcheck-lint", "claimcheck-core", "claimcheck-corpus"] {
        let sources = crates.join(name).join("src");
        println!("cargo::rerun-if-changed={}", sources.display());
        collect(&sources, &mut files);
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.strip_prefix(crates).unwrap_or(file).hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo::rustc-env=CLAIMCHECK_JUDGING_CODE={:016x}", hasher.finish());
}

/// Every file under `folder`; none where it cannot be read (a crate packaged alone).
fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
