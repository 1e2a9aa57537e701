//! The `claimcheck` command line: definitions and glue over the libraries.
//!
//! Exit status: 0 when all went well, 1 when findings reach `--fail-on`,
//! 2 on a usage or IO error.

mod check;
mod explain;
mod extract;
mod fix;
mod index;
mod input;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about = "Checks a draft article's claims against its source documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check drafts against a folder of sources: what they support, contradict or never mention.
    Check {
        /// Drafts to check, or folders to search for .md and .txt drafts.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with status 1 when a finding is at least this severe.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Apply the safe fixes (the source's number, date or words; a
        /// re-pointed citation) to the drafts, then report what remains.
        #[arg(long)]
        fix: bool,
    },
    /// Build or update the persistent index of the sources in `.claimcheck/`
    /// (beside claimcheck.toml, else in the working folder); `check` then
    /// uses it and keeps it up to date, reading only the files that changed.
    Index {
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Print the documentation of a rule, or list the rules.
    Explain {
        /// A rule code, such as `contradicted-number`; without it, every rule is listed.
        code: Option<String>,
    },
    /// Print the claims and facts claimcheck reads in a draft.
    Extract {
        /// The draft to read (Markdown for .md, plain text otherwise).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also list sentences that are not claims, with the reason.
        #[arg(long)]
        all: bool,
    },
    /// Serve the language server protocol on standard input and output, for editors.
    Lsp,
}

/// Where the sources are and which configuration to read: shared by `check` and `index`.
#[derive(Debug, Args)]
struct ProjectArgs {
    /// A folder of source documents; repeat for several. Overrides the
    /// configuration's `sources` [default: sources].
    #[arg(long)]
    sources: Vec<PathBuf>,
    /// The configuration file; by default the nearest claimcheck.toml in the
    /// first draft's folder (for `index`, the working folder) or above.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    /// Never fail on findings (errors reading files still exit 2).
    Never,
}

impl FailOn {
    fn severity(self) -> Option<claimcheck_lint::Severity> {
        use claimcheck_lint::Severity;
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…`): findings inline on a pull request.
    Github,
    /// SARIF 2.1.0, for code scanning (`check` only).
    Sarif,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, project: ProjectArgs { sources, config, no_config }, format, fail_on, fix } => {
            let config = check::ConfigChoice::from_flags(config, no_config);
            check::run(&check::CheckArgs { paths, sources, config, format, fail_on, fix })
        }
        Command::Index { project: ProjectArgs { sources, config, no_config } } => {
            index::run(&index::IndexArgs { sources, config: check::ConfigChoice::from_flags(config, no_config) })
        }
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Extract { file, format, all } => extract::run(&file, format, all),
        Command::Lsp => claimcheck_lsp::run_stdio().map(|()| ExitCode::SUCCESS).map_err(anyhow::Error::from),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Output cut short by a closed pipe (`claimcheck extract x | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
