//! `claimcheck index`: builds or updates the persistent index of the
//! sources in `.claimcheck/` in the workspace root (the folder holding
//! `claimcheck.toml`, else the working folder) or in the configured `index`
//! folder, and the indexed loading that
//! `check` shares with it: a progress bar with an ETA on a terminal, nothing
//! when standard error is not one (CI).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use claimcheck_config::Config;
use claimcheck_corpus::{Corpus, IndexUpdate, Progress};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{ConfigChoice, project_config, report_problems};

pub(crate) struct IndexArgs {
    /// `--sources`: empty when not given.
    pub(crate) sources: Vec<PathBuf>,
    pub(crate) config: ConfigChoice,
}

pub(crate) fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let (config, config_path) = project_config(&args.config, Path::new("."))?;
    let sources = if args.sources.is_empty() { &config.sources } else { &args.sources };
    let folder = config.index_folder(config_path.as_deref(), Path::new("."));
    let started = Instant::now();
    let (corpus, update) = load(sources, &config, &folder)?;
    report_problems(&corpus)?;
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = update.bytes_read as f64 / 1e6;
    writeln!(
        std::io::stderr().lock(),
        "indexed {} sources in {}: {} read ({megabytes:.1} MB in {seconds:.1} s, {:.1} MB/s), {} unchanged, {} removed",
        corpus.sources().len(),
        folder.display(),
        update.read.len(),
        megabytes / seconds.max(1e-3),
        update.reused,
        update.removed.len(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Loads `sources` through the index in `folder`, bringing it up to date,
/// with a progress bar; says why any of it was read again.
pub(crate) fn load(sources: &[PathBuf], config: &Config, folder: &Path) -> anyhow::Result<(Corpus, IndexUpdate)> {
    let bar = ProgressBar::new(0);
    let template = "{spinner} indexing {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}, ETA {eta}";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    let progress = Bar(bar);
    let loaded = Corpus::load_indexed(sources, &config.load_options(), folder, &progress).with_context(|| {
        let folders: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
        format!("cannot load the sources folder {}", folders.join(", "))
    });
    progress.0.finish_and_clear();
    let (corpus, update) = loaded?;
    let mut stderr = std::io::stderr().lock();
    for message in &update.messages {
        writeln!(stderr, "note: {message}")?;
    }
    Ok((corpus, update))
}

/// indicatif draws only on a terminal: on a pipe or in CI it stays silent.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, files: usize, bytes: u64) {
        self.0.set_length(bytes);
        self.0.set_message(format!("{files} files"));
    }

    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
}
