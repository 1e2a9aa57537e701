//! Finding a workspace's sources folder.

use std::path::{Path, PathBuf};

/// The folder of sources for a workspace, canonical, or `Ok(None)` when there
/// is none; an error names a configured folder that does not exist.
///
/// In order: the `sources` setting (relative to the first workspace root,
/// else to the draft's folder), a `sources/` folder in a workspace root, a
/// `sources/` folder beside the draft. The `claimcheck.toml` configuration
/// file takes first place here when it lands.
pub(crate) fn find_sources(setting: Option<&Path>, roots: &[PathBuf], draft: Option<&Path>) -> Result<Option<PathBuf>, String> {
    let draft_dir = draft.and_then(Path::parent);
    if let Some(setting) = setting {
        let base = roots.first().map(PathBuf::as_path).or(draft_dir);
        let folder = base.map_or_else(|| setting.to_path_buf(), |base| base.join(setting));
        return match folder.canonicalize() {
            Ok(folder) if folder.is_dir() => Ok(Some(folder)),
            _ => Err(format!("the `sources` setting names {}, which is not a folder", folder.display())),
        };
    }
    let candidates = roots.iter().map(PathBuf::as_path).chain(draft_dir).map(|dir| dir.join("sources"));
    Ok(candidates.filter(|folder| folder.is_dir()).find_map(|folder| folder.canonicalize().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_then_workspace_then_beside_the_draft() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
        let example = root.join("examples/facebook-leaks");
        let draft = example.join("draft.md");
        let sources = example.join("sources");
        let setting = Path::new("examples/facebook-leaks/sources");
        assert_eq!(find_sources(Some(setting), std::slice::from_ref(&root), None), Ok(Some(sources.clone())));
        assert_eq!(find_sources(None, std::slice::from_ref(&example), None), Ok(Some(sources.clone())));
        assert_eq!(find_sources(None, std::slice::from_ref(&root), Some(&draft)), Ok(Some(sources)));
        assert_eq!(find_sources(None, std::slice::from_ref(&root), None), Ok(None));
        let missing = find_sources(Some(Path::new("no-such-folder")), &[root], None).unwrap_err();
        assert!(missing.contains("no-such-folder"), "{missing}");
    }
}
