//! A draft as it was linted: the text, the report and the corpus behind it.
//!
//! Every answer about a draft (diagnostics, and the requests built on them)
//! is computed from one `Analysis`, so positions, findings and evidence
//! always belong to the same version of the text and of the sources.

use std::sync::Arc;

use claimcheck_corpus::Corpus;
use claimcheck_lint::Report;
use ropey::Rope;

#[derive(Debug)]
pub(crate) struct Analysis {
    /// The draft's text at the linted version, for converting the report's spans.
    pub(crate) rope: Rope,
    pub(crate) report: Report,
    pub(crate) corpus: Arc<Corpus>,
}

/// The newest lint of a draft: `analysis` is `None` when linting `version` failed.
#[derive(Debug, Clone)]
pub(crate) struct Linted {
    pub(crate) version: i32,
    pub(crate) analysis: Option<Arc<Analysis>>,
}
