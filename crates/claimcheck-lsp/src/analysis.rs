//! A draft as it was linted: the text, the report and the corpus behind it.
//!
//! Every answer about a draft (diagnostics, and the requests built on them)
//! is computed from one `Analysis`, so positions, findings and evidence
//! always belong to the same version of the text and of the sources.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

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
    /// Names this analysis among every one the server makes: the `resultId`
    /// of its diagnostics, by which a client that pulls them again learns
    /// that they have not changed.
    id: u64,
}

impl Analysis {
    pub(crate) fn new(rope: Rope, kind: DocumentKind, report: Report, corpus: Arc<Corpus>) -> Analysis {
        static MADE: AtomicU64 = AtomicU64::new(0);
        Analysis { rope, kind, report, corpus, id: MADE.fetch_add(1, Ordering::Relaxed) }
    }

    /// Unique across servers too: a client may keep a result id through a
    /// restart of the server, whose analyses are numbered from 0 again.
    pub(crate) fn result_id(&self) -> String {
        static STARTED: LazyLock<u128> = LazyLock::new(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        format!("{:x}-{}-{}", *STARTED, std::process::id(), self.id)
    }

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
