//! `claimcheck.toml`: a project's sources folders, which source files are
//! read, how loud each rule is, the names its entities go by, and what
//! pandoc citation keys cite.
//!
//! [`Config::parse`] is pure: TOML text in, a [`Config`] or a [`ConfigError`]
//! naming the key and the 1-based line out. [`discover`] walks up from a
//! folder to the nearest `claimcheck.toml`, and [`Config::load`] reads one
//! and resolves its relative paths against the file's folder. Nothing here
//! knows about command lines or editors: the CLI and the LSP server both
//! build their options from a [`Config`], and keep judgements beside the
//! project's index through [`judgements`].
//!
//! ```toml
//! sources = ["sources", "../interviews"]
//! include = ["*.txt", "*.md"]
//! exclude = ["drafts/**"]
//! missing-citation = false
//!
//! [rules]
//! unsupported-claim = "info"
//! misattribution = "off"
//!
//! [aliases]
//! "the Courier" = "New Haven Journal-Courier"
//!
//! [citations]
//! nbc = "sources/nbc-report.txt"
//! ```

pub mod judgements;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use claimcheck_core::{AliasTable, ExtractOptions, LineIndex, PositionEncoding};
use claimcheck_corpus::{LoadOptions, SourceFilter};
use claimcheck_lint::{Rule, Severity};
use serde::Deserialize;
use toml::Spanned;

/// The name of the configuration file.
pub const FILE_NAME: &str = "claimcheck.toml";

/// The sources folder when the configuration names none.
pub const DEFAULT_SOURCES: &str = "sources";

/// A project's settings. `Config::default()` is what claimcheck does without
/// a configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folders of source documents ([`DEFAULT_SOURCES`] when the file
    /// names none), relative to the configuration file's folder once
    /// [`Config::load`]ed.
    pub sources: Vec<PathBuf>,
    /// Which files of the sources folders are read (`include`, `exclude`).
    pub filter: SourceFilter,
    /// Rule severities from `[rules]`; rules not listed keep their default.
    pub rules: claimcheck_lint::Config,
    /// `[aliases]`: (another name, canonical name), for drafts and sources.
    pub aliases: Vec<(String, String)>,
    /// `index`: where the persistent index lives, when not in `.claimcheck/`
    /// beside the file (a cache folder, a faster disk).
    pub index: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sources: vec![PathBuf::from(DEFAULT_SOURCES)],
            filter: SourceFilter::default(),
            rules: claimcheck_lint::Config::default(),
            aliases: Vec::new(),
            index: None,
        }
    }
}

/// What is wrong in a configuration's text, and on which line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ConfigError {
    /// 1-based.
    pub line: u32,
    /// Names the key: "unknown rule `misquotes` in `[rules]`; …".
    pub message: String,
}

/// A configuration file that could not be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum LoadConfigError {
    #[error("cannot read {path}: {source}", path = path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}", path = path.display(), line = error.line, message = error.message)]
    Invalid { path: PathBuf, error: ConfigError },
}

/// The file as written, before its values are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
    #[serde(default)]
    citations: BTreeMap<String, String>,
    missing_citation: Option<bool>,
    index: Option<String>,
}

/// The value of a `[rules]` entry that turns the rule off.
const OFF: &str = "off";

/// The persistent index's folder name in the workspace root.
const INDEX_FOLDER: &str = ".claimcheck";

impl Config {
    /// Where the persistent index of a workspace lives: the configuration's
    /// `index`, else beside its `claimcheck.toml` (`config_file`), else in
    /// `workspace`.
    pub fn index_folder(&self, config_file: Option<&Path>, workspace: &Path) -> PathBuf {
        if let Some(folder) = &self.index {
            return folder.clone();
        }
        let root = config_file.and_then(Path::parent).filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(workspace);
        root.join(INDEX_FOLDER)
    }

    /// Reads a configuration from its TOML text. Paths stay as written.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let error_at = |span: Range<usize>, message: String| ConfigError {
            line: lines.line_column(span.start, PositionEncoding::Utf8).line + 1,
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|error| error_at(error.span().unwrap_or(0..0), describe(&error)))?;

        let mut rules = claimcheck_lint::Config::default();
        for (code, severity) in &raw.rules {
            let Some(rule) = Rule::from_code(code.get_ref()) else {
                let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
                let message = format!("unknown rule `{}` in [rules]; the rules are: {}", code.get_ref(), codes.join(", "));
                return Err(error_at(code.span(), message));
            };
            let level = match severity.get_ref().as_str() {
                OFF => None,
                name => Some(Severity::parse(name).ok_or_else(|| {
                    let message = format!(
                        "`{}` in [rules] is {:?}; a rule's level is \"error\", \"warning\", \"info\", \"hint\" or \"off\"",
                        code.get_ref(),
                        name
                    );
                    error_at(severity.span(), message)
                })?),
            };
            rules.severities.insert(rule, level);
        }
        // `missing-citation = false` is the newsroom's switch for the rule; a
        // level under [rules] is more specific and wins.
        if raw.missing_citation == Some(false) {
            rules.severities.entry(Rule::MissingCitation).or_insert(None);
        }

        let filter = SourceFilter::new(&patterns(&raw.include), &patterns(&raw.exclude)).map_err(|invalid| {
            let (key, span) = [("include", &raw.include), ("exclude", &raw.exclude)]
                .into_iter()
                .find_map(|(key, globs)| globs.iter().find(|g| *g.get_ref() == invalid.pattern).map(|g| (key, g.span())))
                .unwrap_or(("include", 0..0));
            error_at(span, format!("`{key}`: {invalid}"))
        })?;

        rules.citation_keys = raw.citations.into_iter().map(|(key, path)| (key, PathBuf::from(path))).collect();
        let mut sources: Vec<PathBuf> = raw.sources.into_iter().map(PathBuf::from).collect();
        if sources.is_empty() {
            sources.push(PathBuf::from(DEFAULT_SOURCES));
        }
        Ok(Config {
            sources,
            filter,
            rules,
            aliases: raw.aliases.into_iter().collect(),
            index: raw.index.map(PathBuf::from),
        })
    }

    /// Reads the configuration file at `path`; its relative `sources`,
    /// `index` and `[citations]` paths are taken relative to the file's folder.
    pub fn load(path: &Path) -> Result<Config, LoadConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadConfigError::Read { path: path.to_path_buf(), source })?;
        let mut config = Config::parse(&text).map_err(|error| LoadConfigError::Invalid { path: path.to_path_buf(), error })?;
        let folder = path.parent().unwrap_or(Path::new(""));
        for path in config.sources.iter_mut().chain(&mut config.index).chain(config.rules.citation_keys.values_mut()) {
            *path = folder.join(&*path);
        }
        Ok(config)
    }

    /// Extraction settings: the built-in aliases and the configured ones.
    pub fn extract_options(&self) -> ExtractOptions {
        let mut aliases = AliasTable::default();
        for (alias, canonical) in &self.aliases {
            aliases.insert(alias, canonical);
        }
        ExtractOptions { aliases, ..ExtractOptions::default() }
    }

    /// Settings for loading the sources: the same aliases, and the filter.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions { extract: self.extract_options(), filter: self.filter.clone() }
    }
}

fn patterns(globs: &[Spanned<String>]) -> Vec<&str> {
    globs.iter().map(|glob| glob.get_ref().as_str()).collect()
}

/// toml's message, in the file's terms (keys, not fields), with the key it
/// is about. toml names that key only in its `Display` without the input
/// (a last line "in `rules.misquote`").
fn describe(error: &toml::de::Error) -> String {
    let message = error.message().replacen("unknown field", "unknown key", 1);
    let mut bare = error.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    let key = shown.lines().last().and_then(|l| l.strip_prefix("in `")).and_then(|l| l.strip_suffix('`'));
    match key {
        Some(key) => format!("`{key}`: {message}"),
        None => message,
    }
}

/// The nearest `claimcheck.toml` in `start` or one of the folders above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|folder| folder.join(FILE_NAME)).find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> ConfigError {
        Config::parse(text).expect_err("the configuration is invalid")
    }

    #[test]
    fn a_full_configuration() {
        let config = Config::parse(
            r#"
sources = ["sources", "../interviews"]
include = ["*.txt"]
exclude = ["drafts/**"]
missing-citation = false

[rules]
unsupported-claim = "info"
misattribution = "off"

[aliases]
"the Courier" = "New Haven Journal-Courier"

[citations]
nbc = "sources/nbc-report.txt"
"#,
        )
        .expect("valid");
        assert_eq!(config.rules.citation_keys.get("nbc"), Some(&PathBuf::from("sources/nbc-report.txt")));
        assert_eq!(config.sources, [PathBuf::from("sources"), PathBuf::from("../interviews")]);
        assert!(config.filter.admits(Path::new("a/b.txt")));
        assert!(!config.filter.admits(Path::new("drafts/b.txt")) && !config.filter.admits(Path::new("b.md")));
        assert_eq!(config.rules.severity(Rule::UnsupportedClaim), Some(Severity::Info));
        assert_eq!(config.rules.severity(Rule::Misattribution), None);
        assert_eq!(config.rules.severity(Rule::Misquote), Some(Severity::Error), "unlisted rules keep their default");
        assert_eq!(config.rules.severity(Rule::MissingCitation), None, "missing-citation = false turns the rule off");
        let options = config.extract_options();
        assert_eq!(options.aliases.canonical("Courier"), Some("New Haven Journal-Courier"));
        assert_eq!(options.aliases.canonical("NYT"), Some("The New York Times"), "built-in aliases stay");
    }

    #[test]
    fn missing_citation_switches_the_rule_and_rules_levels_win() {
        let level = |text: &str| Config::parse(text).expect("valid").rules.severity(Rule::MissingCitation);
        let default = Rule::MissingCitation.metadata().default_severity;
        assert_eq!(level("missing-citation = true\n"), Some(default));
        assert_eq!(level("missing-citation = false\n"), None);
        assert_eq!(level("missing-citation = false\n[rules]\nmissing-citation = \"warning\"\n"), Some(Severity::Warning));
    }

    #[test]
    fn an_empty_file_is_the_default() {
        let config = Config::parse("# nothing set\n").expect("valid");
        assert_eq!(config.sources, [PathBuf::from("sources")]);
        assert!(config.aliases.is_empty());
        assert!(config.rules.severities.is_empty());
        assert!(config.filter.admits(Path::new("any/file.txt")));
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let found = error("sources = [\"s\"]\n\nsoruces = [\"t\"]\n");
        assert_eq!(found.line, 3);
        assert!(found.message.starts_with("unknown key `soruces`, expected one of `sources`"), "{}", found.message);
        let found = error("[rules]\nmisquote = \"warning\"\nmisquotes = \"off\"\n");
        assert_eq!(found.line, 3);
        assert!(found.message.starts_with("unknown rule `misquotes` in [rules]; the rules are: unsupported-claim"), "{}", found.message);
    }

    #[test]
    fn wrong_types_and_values_name_the_key() {
        let found = error("\n\nsources = \"one\"\n");
        assert_eq!((found.line, found.message.as_str()), (3, "`sources`: invalid type: string \"one\", expected a sequence"));
        let found = error("missing-citation = \"yes\"\n");
        assert_eq!((found.line, found.message.as_str()), (1, "`missing-citation`: invalid type: string \"yes\", expected a boolean"));
        let found = error("[aliases]\n\"the Courier\" = 4\n");
        assert_eq!((found.line, found.message.as_str()), (2, "`aliases.the Courier`: invalid type: integer `4`, expected a string"));
        let found = error("[rules]\n\nmisquote = \"loud\"\n");
        assert_eq!(found.line, 3);
        assert!(found.message.starts_with("`misquote` in [rules] is \"loud\"; a rule's level is \"error\""), "{}", found.message);
    }

    #[test]
    fn bad_globs_and_bad_toml_have_lines() {
        let found = error("include = [\"*.txt\"]\nexclude = [\"*.md\",\n  \"notes/[z-a]\"]\n");
        assert_eq!(found.line, 3);
        assert!(found.message.starts_with("`exclude`: invalid glob \"notes/[z-a]\""), "{}", found.message);
        let found = error("sources = [\"s\"]\n[rules\n");
        assert_eq!(found.line, 2);
        assert!(found.message.contains("unclosed table"), "{}", found.message);
    }

    /// A fresh folder under the system's temp dir (unit tests have no
    /// `CARGO_TARGET_TMPDIR`).
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("claimcheck-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create folder");
        dir
    }

    #[test]
    fn discovery_walks_up_and_load_resolves_against_the_file() {
        let project = scratch("discover");
        let deep = project.join("stories/2026");
        std::fs::create_dir_all(&deep).expect("create folders");
        let above = discover(project.parent().expect("a temp folder has a parent"));
        assert_eq!(discover(&deep), above, "no file of ours yet");
        std::fs::write(
            project.join(FILE_NAME),
            "sources = [\"sources\", \"/elsewhere\"]\nindex = \"cache/claimcheck\"\n[citations]\nnbc = \"sources/nbc.txt\"\n",
        )
        .expect("write");
        assert_eq!(discover(&deep), Some(project.join(FILE_NAME)));
        let config = Config::load(&project.join(FILE_NAME)).expect("loads");
        assert_eq!(config.sources, [project.join("sources"), PathBuf::from("/elsewhere")]);
        assert_eq!(config.index, Some(project.join("cache/claimcheck")), "the index folder resolves like sources");
        assert_eq!(config.rules.citation_keys["nbc"], project.join("sources/nbc.txt"), "citation paths resolve like sources");

        std::fs::write(project.join("stories").join(FILE_NAME), "").expect("write");
        let config = Config::load(&discover(&deep).expect("found")).expect("loads");
        assert_eq!(config.sources, [project.join("stories/sources")], "the default folder sits beside the file");

        std::fs::write(deep.join(FILE_NAME), "[rules]\nnope = \"off\"\n").expect("write");
        assert_eq!(discover(&deep), Some(deep.join(FILE_NAME)), "the nearest file wins");
        let shown = Config::load(&deep.join(FILE_NAME)).expect_err("invalid").to_string();
        assert!(shown.starts_with(&format!("{}:2: unknown rule `nope`", deep.join(FILE_NAME).display())), "{shown}");
        let _ = std::fs::remove_dir_all(&project);
    }
}
