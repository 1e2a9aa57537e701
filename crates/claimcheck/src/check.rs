//! `claimcheck check`: verdicts on drafts against a sources folder.
//!
//! Renders human, JSON and GitHub output here; SARIF in `check/sarif.rs`.

mod sarif;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anyhow::Context as _;
use claimcheck_config::Config;
use claimcheck_core::{DocumentKind, Extraction, LineIndex, Span};
use claimcheck_corpus::{Corpus, ProblemSeverity};
use claimcheck_lint::{Diagnostic, Linter, Report, Severity, Verdict};
use serde_json::{Value, json};

use crate::extract::position;
use crate::{FailOn, Format, input};

pub(crate) struct CheckArgs {
    pub(crate) paths: Vec<PathBuf>,
    /// `--sources`: empty when not given.
    pub(crate) sources: Vec<PathBuf>,
    pub(crate) config: ConfigChoice,
    pub(crate) format: Format,
    pub(crate) fail_on: FailOn,
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


/// A draft read and checked.
struct Checked {
    path: PathBuf,
    text: String,
    index: LineIndex,
    extraction: Extraction,
    report: Report,
}

pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let config = project_config(args)?;
    // Command-line folders override the configuration's.
    let sources = if args.sources.is_empty() { &config.sources } else { &args.sources };
    let extract_options = config.extract_options();
    let corpus = Corpus::load_folders(sources, &config.load_options()).with_context(|| {
        let folders: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
        format!("cannot load the sources folder {}", folders.join(", "))
    })?;
    let mut stderr = std::io::stderr().lock();
    for problem in corpus.problems() {
        let level = match problem.severity {
            ProblemSeverity::Warning => "warning",
            ProblemSeverity::Skipped => "note",
        };
        writeln!(stderr, "{level}: {}: {}", problem.path.display(), problem.message)?;
    }
    let paths = drafts(&args.paths, sources)?;
    if paths.is_empty() {
        anyhow::bail!("no drafts to check; name Markdown or text files, e.g. `claimcheck check draft.md --sources sources`");
    }
    let linter = Linter::new(&corpus);
    let mut checked = Vec::with_capacity(paths.len());
    for path in &paths {
        let input = input::read_text(path)?;
        if let Some(warning) = &input.warning {
            writeln!(stderr, "warning: {warning}")?;
        }
        let extraction = claimcheck_core::extract(&input.text, DocumentKind::from_path(path), &extract_options);
        let report = linter.check(&input.text, &extraction, &config.rules);
        let index = LineIndex::new(&input.text);
        for note in &report.notes {
            let (line, _) = position(&index, note.span.start);
            writeln!(stderr, "warning: {}:{line}: {}", path.display(), note.message)?;
        }
        checked.push(Checked { path: path.clone(), text: input.text, index, extraction, report });
    }
    let output = match args.format {
        Format::Human => human(&checked, &corpus),
        Format::Json => json_report(&checked, &corpus)?,
        Format::Github => github(&checked),
        Format::Sarif => sarif::log(&checked, &corpus)?,
    };
    std::io::stdout().lock().write_all(output.as_bytes())?;
    let threshold = args.fail_on.severity();
    let failed = checked.iter().flat_map(|c| &c.report.diagnostics).any(|d| threshold.is_some_and(|t| d.severity >= t));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The configuration `--config`, `--no-config` or discovery chose; the
/// default when there is none.
fn project_config(args: &CheckArgs) -> anyhow::Result<Config> {
    let path = match &args.config {
        ConfigChoice::File(path) => Some(path.clone()),
        ConfigChoice::None => None,
        ConfigChoice::Discover => {
            let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
            let folder = if first.is_dir() { first } else { first.parent().unwrap_or(Path::new(".")) };
            // A bare file name's parent is "", which names the current folder.
            let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
            claimcheck_config::discover(&folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf()))
        }
    };
    match path {
        Some(path) => Ok(Config::load(&path)?),
        None => Ok(Config::default()),
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP,
    }
}

fn human(checked: &[Checked], corpus: &Corpus) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for draft in checked {
        let path = draft.path.display().to_string();
        for diagnostic in &draft.report.diagnostics {
            let notes: Vec<String> = diagnostic
                .evidence
                .iter()
                .map(|e| {
                    let source = corpus.source(e.source);
                    let (line, _) = position(&source.line_index, e.span.start);
                    format!("{}:{line}: {}", source.path.display(), e.text)
                })
                .collect();
            let help = diagnostic.fix.as_ref().map(|fix| format!("replace with {:?}", fix.replacement));
            let mut group = level(diagnostic.severity)
                .primary_title(diagnostic.message.as_str())
                .id(diagnostic.rule.code())
                .element(
                    Snippet::source(draft.text.as_str())
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(diagnostic.span.start..diagnostic.span.end)),
                );
            for note in &notes {
                group = group.element(Level::NOTE.message(note.as_str()));
            }
            if let Some(help) = &help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            let report: [Group<'_>; 1] = [group];
            out += &renderer.render(&report);
            out.push_str("\n\n");
        }
    }
    out += &summary_line(checked);
    out.push('\n');
    out
}

/// One workflow command per finding; GitHub shows them on the pull request's diff.
fn github(checked: &[Checked]) -> String {
    let mut out = String::new();
    for draft in checked {
        for d in &draft.report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let (line, column) = position(&draft.index, d.span.start);
            let (end_line, end_column) = position(&draft.index, d.span.end);
            let file = escape_property(&draft.path.display().to_string());
            let title = escape_property(d.rule.code());
            let message = escape_data(&d.message);
            out += &format!(
                "::{command} file={file},line={line},col={column},endLine={end_line},endColumn={end_column},title={title}::{message}\n"
            );
        }
    }
    out += &summary_line(checked);
    out.push('\n');
    out
}

/// Workflow command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Workflow command properties also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
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
        "{} errors, {} warnings in {} drafts; {} claims: {} supported, {} contradicted, {} misquoted, {} misattributed, {} unsupported",
        totals.severity(Severity::Error),
        totals.severity(Severity::Warning),
        checked.len(),
        totals.claims(),
        totals.verdict(Verdict::Supported),
        totals.verdict(Verdict::Contradicted),
        totals.verdict(Verdict::Misquote),
        totals.verdict(Verdict::Misattribution),
        totals.verdict(Verdict::Unsupported),
    )
}

/// `{"start": {"line", "column"}, "end": …}`: 1-based, columns in characters.
fn range(index: &LineIndex, span: Span) -> Value {
    let point = |offset| {
        let (line, column) = position(index, offset);
        json!({"line": line, "column": column})
    };
    json!({"start": point(span.start), "end": point(span.end)})
}

fn span_json(span: Span) -> Value {
    json!({"start": span.start, "end": span.end})
}

fn evidence_json(corpus: &Corpus, evidence: &[claimcheck_lint::Evidence]) -> Vec<Value> {
    evidence
        .iter()
        .map(|e| {
            let source = corpus.source(e.source);
            json!({
                "source": source.path.display().to_string(),
                "span": span_json(e.span),
                "range": range(&source.line_index, e.span),
                "text": e.text,
            })
        })
        .collect()
}

fn diagnostic_json(draft: &Checked, corpus: &Corpus, diagnostic: &Diagnostic) -> Value {
    let mut value = json!({
        "code": diagnostic.rule.code(),
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
        "span": span_json(diagnostic.span),
        "range": range(&draft.index, diagnostic.span),
        "evidence": evidence_json(corpus, &diagnostic.evidence),
    });
    if let Some(fix) = &diagnostic.fix {
        value["fix"] = json!({"span": span_json(fix.span), "replacement": fix.replacement});
    }
    value
}

/// The versioned JSON report (`"version": 1`); its shape is a contract.
fn json_report(checked: &[Checked], corpus: &Corpus) -> anyhow::Result<String> {
    let files: Vec<Value> = checked
        .iter()
        .map(|draft| {
            let claims: Vec<Value> = draft
                .report
                .claims
                .iter()
                .map(|claim| {
                    json!({
                        "span": span_json(claim.span),
                        "range": range(&draft.index, claim.span),
                        "text": claim.text,
                        "verdict": claim.verdict,
                        "evidence": evidence_json(corpus, &claim.evidence),
                    })
                })
                .collect();
            json!({
                "path": draft.path.display().to_string(),
                "diagnostics": draft.report.diagnostics.iter().map(|d| diagnostic_json(draft, corpus, d)).collect::<Vec<_>>(),
                "claims": claims,
                "sentences": draft.extraction.sentences.len(),
            })
        })
        .collect();
    let totals = Totals(checked);
    let value = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": checked.len(),
            "sources": corpus.sources().len(),
            "claims": totals.claims(),
            "supported": totals.verdict(Verdict::Supported),
            "contradicted": totals.verdict(Verdict::Contradicted),
            "misquote": totals.verdict(Verdict::Misquote),
            "misattribution": totals.verdict(Verdict::Misattribution),
            "unsupported": totals.verdict(Verdict::Unsupported),
            "errors": totals.severity(Severity::Error),
            "warnings": totals.severity(Severity::Warning),
            "infos": totals.severity(Severity::Info),
            "hints": totals.severity(Severity::Hint),
        },
    });
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
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
