//! Finding a workspace's project: its `claimcheck.toml` and sources folders.

use std::path::{Path, PathBuf};

use claimcheck_config::Config;

/// What the drafts of a workspace are checked against.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    /// The sources folders, canonical.
    pub(crate) folders: Vec<PathBuf>,
    /// The `claimcheck.toml` that applies, or the defaults: file filter,
    /// rule levels, aliases, citation keys.
    pub(crate) config: Config,
    /// Where that file is, if there is one.
    pub(crate) config_file: Option<PathBuf>,
    /// The persistent index (`claimcheck index`), when the workspace has one:
    /// the sources are loaded through it and it is kept up to date.
    pub(crate) index: Option<PathBuf>,
}

impl Project {
    /// Whether `path` lies in one of the sources folders.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        self.folders.iter().any(|folder| path.starts_with(folder))
    }
}

/// The project for a workspace, or `Ok(None)` when no sources folder is
/// found; an error names a configuration file that cannot be read, or a
/// folder that does not exist.
///
/// The `claimcheck.toml` is the nearest one above the first workspace root,
/// else above the draft. The sources folders are, in order: the editor's
/// `sources` setting (relative to the first workspace root, else to the
/// draft's folder; it overrides the file's, as `--sources` does), the
/// file's `sources`, a `sources/` folder in a workspace root, a `sources/`
/// folder beside the draft.
pub(crate) fn find_project(setting: Option<&Path>, roots: &[PathBuf], draft: Option<&Path>) -> Result<Option<Project>, String> {
    let draft_dir = draft.and_then(Path::parent);
    let file = roots.first().map(PathBuf::as_path).or(draft_dir).and_then(claimcheck_config::discover);
    let config = match &file {
        Some(file) => Config::load(file).map_err(|error| format!("{}: {error}", file.display()))?,
        None => Config::default(),
    };
    let folder = |path: &Path| match path.canonicalize() {
        Ok(folder) if folder.is_dir() => Ok(folder),
        _ => Err(format!("the sources folder {} does not exist", path.display())),
    };
    let folders = if let Some(setting) = setting {
        let base = roots.first().map(PathBuf::as_path).or(draft_dir);
        vec![folder(&base.map_or_else(|| setting.to_path_buf(), |base| base.join(setting)))?]
    } else if file.is_some() {
        config.sources.iter().map(|path| folder(path)).collect::<Result<_, _>>()?
    } else {
        let candidates = roots.iter().map(PathBuf::as_path).chain(draft_dir).map(|dir| dir.join("sources"));
        match candidates.filter(|path| path.is_dir()).find_map(|path| path.canonicalize().ok()) {
            Some(found) => vec![found],
            None => return Ok(None),
        }
    };
    let workspace = roots.first().map(PathBuf::as_path).or(draft_dir).unwrap_or(Path::new("."));
    let index = Some(config.index_folder(file.as_deref(), workspace)).filter(|folder| folder.is_dir());
    Ok(Some(Project { folders, config, config_file: file, index }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(found: Result<Option<Project>, String>) -> Result<Option<Vec<PathBuf>>, String> {
        found.map(|project| project.map(|p| p.folders))
    }

    #[test]
    fn setting_then_configuration_then_workspace_then_beside_the_draft() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
        let example = root.join("examples/facebook-leaks");
        let draft = example.join("draft.md");
        let sources = example.join("sources");
        let setting = Path::new("examples/facebook-leaks/sources");
        assert_eq!(folders(find_project(Some(setting), std::slice::from_ref(&root), None)), Ok(Some(vec![sources.clone()])));
        assert_eq!(folders(find_project(None, std::slice::from_ref(&example), None)), Ok(Some(vec![sources.clone()])));
        assert_eq!(folders(find_project(None, std::slice::from_ref(&root), Some(&draft))), Ok(Some(vec![sources])));
        assert_eq!(folders(find_project(None, std::slice::from_ref(&root), None)), Ok(None));
        let missing = find_project(Some(Path::new("no-such-folder")), &[root], None).unwrap_err();
        assert!(missing.contains("no-such-folder"), "{missing}");
    }
}
