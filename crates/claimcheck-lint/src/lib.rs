//! Verdicts: whether the sources support, contradict or never mention each
//! claim of a draft.
//!
//! [`Linter::check`] takes a [`Draft`] (its text, extraction and folder), checks it against a
//! loaded [`Corpus`], and returns plain data: a verdict with evidence for
//! every claim, and diagnostics from the rules in `rules/` (one file per
//! rule). No IO, no terminal or editor types: the CLI and the LSP server
//! render these.

mod citations;
mod compare;
mod consistency;
mod contest;
mod diagnostic;
mod quotes;
mod retrieval;
mod rules;
mod suppression;
mod terms;
mod verify;

use std::path::{Path, PathBuf};

use claimcheck_core::{DocumentKind, Extraction};
use claimcheck_corpus::Corpus;
use rustc_hash::FxHashMap;

pub use diagnostic::{ClaimReport, Diagnostic, Edit, Evidence, Fix, Related, Report, Severity, Verdict};
pub use rules::{Rule, RuleMetadata};
pub use suppression::SuppressionNote;

use crate::rules::RuleContext;
use crate::verify::{ClaimView, assess};

/// Which rules run, and how loud they are.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Per-rule severity; `None` turns the rule off. Rules not listed keep
    /// their default severity.
    pub severities: FxHashMap<Rule, Option<Severity>>,
    /// Pandoc citation keys mapped to source paths (`[@nbc]` → `sources/nbc-report.txt`);
    /// a key not listed names a source by its file stem.
    pub citation_keys: FxHashMap<String, PathBuf>,
}

impl Config {
    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severities.get(&rule).copied().unwrap_or(Some(rule.metadata().default_severity))
    }
}

/// A draft to check.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    pub text: &'a str,
    /// Markdown drafts can take footnotes; plain text cannot.
    pub kind: DocumentKind,
    /// What the core read in `text`.
    pub extraction: &'a Extraction,
    /// The draft's folder, against which its citations' paths resolve first.
    pub dir: Option<&'a Path>,
}

/// Checks drafts against one corpus. It reads the passages each claim
/// retrieves and nothing else of the sources, and remembers them from one
/// check to the next (`retrieval.rs`): checking a draft again after an edit
/// searches only for what the edit changed.
#[derive(Debug)]
pub struct Linter<'c> {
    corpus: &'c Corpus,
    retrieval: retrieval::Retrieval,
}

impl<'c> Linter<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        Linter { corpus, retrieval: retrieval::Retrieval::default() }
    }

    /// Checks every claim of a draft against the corpus. Findings that a
    /// suppression comment silences are set apart; the claims keep their verdicts.
    pub fn check(&self, draft: &Draft<'_>, config: &Config) -> Report {
        let corpus = self.corpus;
        self.retrieval.begin_check();
        let mut report = Report::default();
        let claims: Vec<ClaimView<'_>> = draft.extraction.claims().map(|sentence| ClaimView::new(sentence, draft.text)).collect();
        let inconsistencies = consistency::inconsistencies(&claims);
        for (claim, inconsistency) in claims.iter().zip(&inconsistencies) {
            let sentence = claim.sentence;
            let cited = citations::resolve(&sentence.citations, corpus, draft.dir, &config.citation_keys);
            let cited_sources: Vec<_> = cited
                .iter()
                .filter_map(|c| match c.target {
                    citations::Target::Source(id) => Some(id),
                    _ => None,
                })
                .collect();
            let assessment = assess(claim, corpus, &self.retrieval, &cited_sources);
            let (mut verdict, evidence) = if let Some(best) = assessment.support.first() {
                (Verdict::Supported, vec![best.evidence()])
            } else if let Some(conflict) = &assessment.conflict {
                (Verdict::Contradicted, vec![conflict.matched.evidence()])
            } else {
                (Verdict::Unsupported, assessment.nearest.iter().map(|m| m.evidence()).collect())
            };
            let misquote = quotes::misquote(corpus, &self.retrieval, &sentence.facts.quotations);
            let context = RuleContext {
                draft,
                claim,
                assessment: &assessment,
                corpus,
                misquote: misquote.as_ref(),
                cited: &cited,
                inconsistency: inconsistency.as_ref(),
            };
            for &rule in Rule::ALL {
                let Some(severity) = config.severity(rule) else {
                    continue;
                };
                if let Some(diagnostic) = rule.check(&context) {
                    match rule {
                        Rule::Misquote => verdict = Verdict::Misquote,
                        Rule::Misattribution if verdict == Verdict::Supported => verdict = Verdict::Misattribution,
                        Rule::ContestedFact if verdict == Verdict::Supported => verdict = Verdict::Contested,
                        _ => {}
                    }
                    report.diagnostics.push(Diagnostic { severity, ..diagnostic });
                }
            }
            report.claims.push(ClaimReport { span: sentence.span, text: sentence.text.clone(), verdict, evidence });
        }
        let suppressions = suppression::Suppressions::parse(draft.text);
        (report.suppressed, report.diagnostics) = report.diagnostics.into_iter().partition(|diagnostic| suppressions.silences(diagnostic));
        report.notes = suppressions.notes;
        report
    }
}
