//! A draft as it was linted: the text, the report and the corpus behind it.
//!
//! Every answer about a draft (diagnostics, and the requests built on them)
//! is computed from one `Analysis`, so positions, findings and evidence
//! always belong to the same version of the text and of the sources.

use std::sync::Arc;

use claimcheck_corpus::Corpus;
use claimcheck_core::DocumentKind;
use claimcheck_lint::{ClaimReport, Report};
use ropey::Rope;

#[derive(Debug)]
pub(crate) struct Analysis {
    /// The draft's text at the linted version, for converting the report's spans.
    pub(crate) rope: Rope,
    pub(crate) kind: DocumentKind,
    pub(crate) report: Report,
    pub(crate) corpus: Arc<Corpus>,
}

impl Analysis {
    /// The narrowest claim whose span holds `offset` (its end included, so
    /// that a cursor just after a claim's last character still finds it).
    pub(crate) fn claim_at(&self, offset: usize) -> Option<&ClaimReport> {
        self.report.claims.iter().filter(|c| c.span.start <= offset && offset <= c.span.end).min_by_key(|c| c.span.len())
    }
}

/// The newest lint of a draft: `analysis` is `None` when linting `version` failed.
#[derive(Debug, Clone)]
pub(crate) struct Linted {
    pub(crate) version: i32,
    pub(crate) analysis: Option<Arc<Analysis>>,
}
