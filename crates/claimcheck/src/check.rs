//! `claimcheck check`: verdicts on drafts against a sources folder.
//!
//! Loads the configuration and the sources (through the persistent index
//! when `claimcheck index` made one), checks each draft, and hands the
//! reports to one module per output format.

mod github;
mod human;
mod json;
mod sarif;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use claimcheck_config::{Config, judgements};
use claimcheck_core::{DocumentKind, Extraction, LineIndex};
use claimcheck_corpus::{Corpus, ProblemSeverity};
use claimcheck_lint::{Draft, Linter, Report, Severity, Verdict};
use indicatif::{ProgressBar, ProgressStyle};

use crate::extract::position;
use crate::{FailOn, Format, fix, input};

pub(crate) struct CheckArgs {
    pub(crate) paths: Vec<PathBuf>,
    /// `--sources`: empty when not given.
    pub(crate) sources: Vec<PathBuf>,
    pub(crate) config: ConfigChoice,
    pub(crate) format: Format,
    pub(crate) fail_on: FailOn,
    /// `--fix`: write the safe fixes into the drafts.
    pub(crate) fix: bool,
}

/// Which `claimcheck.toml` to read.
pub(crate) enum ConfigChoice {
    /// The nearest one in the first draft's folder or above.
    Discover,
    /// `--config PATH`.
    File(PathBuf),
    /// `--no-config`.
    None,
}

impl ConfigChoice {
    /// From `--config PATH` and `--no-config` (which clap keeps apart).
    pub(crate) fn from_flags(config: Option<PathBuf>, no_config: bool) -> ConfigChoice {
        match (config, no_config) {
            (Some(path), _) => ConfigChoice::File(path),
            (None, true) => ConfigChoice::None,
            (None, false) => ConfigChoice::Discover,
        }
    }
}


/// A draft read and checked.
struct Checked {
    path: PathBuf,
    text: String,
    index: LineIndex,
    extraction: Extraction,
    report: Report,
}

/// A bar of the `claims` of the draft at `path` that are judged afresh (a
/// first check at a gigabyte of sources takes seconds): indicatif draws it
/// only on a terminal, so on a pipe or in CI it stays silent.
fn judging_bar(path: &Path, claims: usize) -> ProgressBar {
    let bar = ProgressBar::new(claims as u64);
    if let Ok(style) = ProgressStyle::with_template("{spinner} judging the claims of {msg} [{bar:30}] {pos}/{len}, ETA {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(path.display().to_string());
    bar
}

pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let (config, config_path) = project_config(&args.config, first)?;
    // Command-line folders override the configuration's.
    let sources = if args.sources.is_empty() { &config.sources } else { &args.sources };
    let extract_options = config.extract_options();
    // `claimcheck index` made the index; from then on it is used and kept up to date.
    let index = config.index_folder(config_path.as_deref(), Path::new("."));
    let indexed = index.is_dir();
    // The kept judgements are read while the index loads: each is a good
    // share of a warm check at 1 GB, and both are mostly waiting and parsing.
    let (corpus, earlier) = std::thread::scope(|scope| {
        let earlier = indexed.then(|| scope.spawn(|| judgements::read(&index)));
        let corpus = if indexed {
            crate::index::load(sources, &config, &index).map(|(corpus, _)| corpus)
        } else {
            Corpus::load_folders(sources, &config.load_options()).with_context(|| {
                let folders: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
                format!("cannot load the sources folder {}", folders.join(", "))
            })
        };
        (corpus, earlier.map(|reading| reading.join().unwrap_or_else(|_| Err("reading the kept judgements failed".to_owned()))))
    });
    let corpus = corpus?;
    report_problems(&corpus)?;
    // Not locked for the run: the judging bar draws from the threads that judge.
    let mut stderr = std::io::stderr();
    let paths = drafts(&args.paths, sources)?;
    if paths.is_empty() {
        anyhow::bail!("no drafts to check; name Markdown or text files, e.g. `claimcheck check draft.md --sources sources`");
    }
    let linter = Linter::for_run(&corpus);
    match earlier {
        Some(Ok(Some(earlier))) => linter.recall(earlier),
        Some(Err(message)) => writeln!(stderr, "note: {message}; every claim is judged again")?,
        Some(Ok(None)) | None => {}
    }
    let check_text = |path: &Path, text: String| {
        let extraction = claimcheck_core::extract(&text, DocumentKind::from_path(path), &extract_options);
        let draft = Draft { text: &text, kind: DocumentKind::from_path(path), extraction: &extraction, dir: path.parent() };
        // Made at the first claim judged: a check that judges none draws nothing.
        let bar = std::sync::OnceLock::new();
        let report = linter.check_reporting(&draft, &config.rules, &|judged| bar.get_or_init(|| judging_bar(path, judged.of)).inc(1));
        if let Some(bar) = bar.get() {
            bar.finish_and_clear();
        }
        Checked { path: path.to_path_buf(), index: LineIndex::new(&text), text, extraction, report }
    };
    let mut checked = Vec::with_capacity(paths.len());
    for path in &paths {
        let input = input::read_text(path)?;
        if let Some(warning) = &input.warning {
            writeln!(stderr, "warning: {warning}")?;
        }
        let mut draft = check_text(path, input.text);
        if args.fix {
            if input.warning.is_some() {
                // Writing back text read with replacement characters would destroy the unreadable bytes.
                writeln!(stderr, "warning: {}: not fixed, because it is not valid UTF-8", path.display())?;
            } else if let Some((fixed, applied)) = draft.report.fixed_text(&draft.text) {
                fix::write_atomically(path, &fixed)?;
                writeln!(stderr, "fixed {applied} finding{} in {}", if applied == 1 { "" } else { "s" }, path.display())?;
                draft = check_text(path, fixed);
            }
        }
        for note in &draft.report.notes {
            let (line, _) = position(&draft.index, note.span.start);
            writeln!(stderr, "warning: {}:{line}: {}", path.display(), note.message)?;
        }
        checked.push(draft);
    }
    // Only a corpus loaded through the index has judgements to keep beside it.
    if let Some(recollection) = linter.recollection()
        && let Err(error) = judgements::write(&index, &recollection)
    {
        writeln!(stderr, "warning: {}: cannot keep this run's judgements ({error:#})", index.display())?;
    }
    let output = match args.format {
        Format::Human => human::render(&checked, &corpus),
        Format::Json => json::report(&checked, &corpus)?,
        Format::Github => github::commands(&checked),
        Format::Sarif => sarif::log(&checked, &corpus)?,
    };
    std::io::stdout().lock().write_all(output.as_bytes())?;
    let threshold = args.fail_on.severity();
    let failed = checked.iter().flat_map(|c| &c.report.diagnostics).any(|d| threshold.is_some_and(|t| d.severity >= t));
    // The process ends here: freeing the corpus's tens of thousands of
    // sources and every judgement one allocation at a time took 40 ms of a
    // 0.32 s warm check at 1 GB, and the system takes the memory back at once.
    std::mem::forget(linter);
    std::mem::forget(corpus);
    std::mem::forget(checked);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Sources that could not be read cleanly, on standard error.
pub(crate) fn report_problems(corpus: &Corpus) -> anyhow::Result<()> {
    let mut stderr = std::io::stderr().lock();
    for problem in corpus.problems() {
        let level = match problem.severity {
            ProblemSeverity::Warning => "warning",
            ProblemSeverity::Skipped => "note",
        };
        writeln!(stderr, "{level}: {}: {}", problem.path.display(), problem.message)?;
    }
    Ok(())
}

/// The configuration `--config`, `--no-config` or discovery from `first`
/// (a draft or folder) chose, and its file; the default when there is none.
pub(crate) fn project_config(choice: &ConfigChoice, first: &Path) -> anyhow::Result<(Config, Option<PathBuf>)> {
    let path = match choice {
        ConfigChoice::File(path) => Some(path.clone()),
        ConfigChoice::None => None,
        ConfigChoice::Discover => {
            let folder = if first.is_dir() { first } else { first.parent().unwrap_or(Path::new(".")) };
            // A bare file name's parent is "", which names the current folder.
            let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
            // Walk up from the absolute folder, so that a file above the
            // working folder is found too.
            let found = claimcheck_config::discover(&folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf()));
            // Inside the working folder, keep paths relative (the sources'
            // paths in the output derive from the file's) as the user would write them.
            let working = std::env::current_dir().ok();
            found.map(|path| working.and_then(|w| path.strip_prefix(w).ok().map(Path::to_path_buf)).unwrap_or(path))
        }
    };
    match path {
        Some(path) => Ok((Config::load(&path)?, Some(path))),
        None => Ok((Config::default(), None)),
    }
}

/// How many findings of one severity, and claims of one verdict, all drafts hold.
struct Totals<'a>(&'a [Checked]);

impl Totals<'_> {
    fn severity(&self, severity: Severity) -> usize {
        self.0.iter().flat_map(|c| &c.report.diagnostics).filter(|d| d.severity == severity).count()
    }

    fn verdict(&self, verdict: Verdict) -> usize {
        self.0.iter().flat_map(|c| &c.report.claims).filter(|c| c.verdict == verdict).count()
    }

    fn claims(&self) -> usize {
        self.0.iter().map(|c| c.report.claims.len()).sum()
    }
}

fn summary_line(checked: &[Checked]) -> String {
    let totals = Totals(checked);
    format!(
        "{} errors, {} warnings in {} drafts; {} claims: {} supported, {} contested, {} contradicted, {} misquoted, {} misattributed, {} unsupported",
        totals.severity(Severity::Error),
        totals.severity(Severity::Warning),
        checked.len(),
        totals.claims(),
        totals.verdict(Verdict::Supported),
        totals.verdict(Verdict::Contested),
        totals.verdict(Verdict::Contradicted),
        totals.verdict(Verdict::Misquote),
        totals.verdict(Verdict::Misattribution),
        totals.verdict(Verdict::Unsupported),
    )
}

/// The drafts named by `paths`: files as given; folders walked for Markdown
/// and text files (respecting .gitignore), leaving out the sources folders.
pub(crate) fn drafts(paths: &[PathBuf], sources: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let sources: Vec<PathBuf> = sources.iter().filter_map(|s| s.canonicalize().ok()).collect();
    let mut drafts = Vec::new();
    for path in paths {
        if !path.is_dir() {
            drafts.push(path.clone());
            continue;
        }
        for entry in ignore::WalkBuilder::new(path).require_git(false).sort_by_file_path(Path::cmp).build() {
            let entry = entry.with_context(|| format!("cannot walk {}", path.display()))?;
            let file = entry.path();
            let in_sources = file.canonicalize().is_ok_and(|f| sources.iter().any(|s| f.starts_with(s)));
            let is_draft = matches!(file.extension().and_then(|e| e.to_str()), Some("md" | "markdown" | "txt"));
            if entry.file_type().is_some_and(|t| t.is_file()) && is_draft && !in_sources {
                drafts.push(file.to_path_buf());
            }
        }
    }
    Ok(drafts)
}
