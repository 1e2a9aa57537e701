//! Verdicts: whether the sources support, contradict or never mention each
//! claim of a draft.
//!
//! [`Linter::check`] takes a draft's text and extraction, checks it against a
//! loaded [`Corpus`], and returns plain data: a verdict with evidence for
//! every claim, and diagnostics from the rules in `rules/` (one file per
//! rule). No IO, no terminal or editor types: the CLI and the LSP server
//! render these.

mod compare;
mod diagnostic;
mod quotes;
mod rules;
mod suppression;
mod terms;
mod verify;

use claimcheck_core::Extraction;
use claimcheck_corpus::Corpus;
use rustc_hash::FxHashMap;

pub use diagnostic::{ClaimReport, Diagnostic, Evidence, Fix, Report, Severity, Verdict};
pub use rules::{Rule, RuleMetadata};
pub use suppression::SuppressionNote;

use crate::rules::RuleContext;
use crate::verify::{ClaimView, SourceFacts, assess};

/// Which rules run, and how loud they are.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Per-rule severity; `None` turns the rule off. Rules not listed keep
    /// their default severity.
    pub severities: FxHashMap<Rule, Option<Severity>>,
}

impl Config {
    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severities.get(&rule).copied().unwrap_or(Some(rule.metadata().default_severity))
    }
}

/// Checks drafts against one corpus. Built once per corpus: it holds what
/// every draft's check shares (the sources' words for quotation search, each
/// source's subjects).
#[derive(Debug)]
pub struct Linter<'c> {
    corpus: &'c Corpus,
    quotes: quotes::QuoteIndex,
    sources: SourceFacts<'c>,
}

impl<'c> Linter<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        Linter { corpus, quotes: quotes::QuoteIndex::new(corpus), sources: SourceFacts::new(corpus) }
    }

    /// Checks every claim of a draft against the corpus. Findings that a
    /// suppression comment silences are set apart; the claims keep their verdicts.
    pub fn check(&self, text: &str, extraction: &Extraction, config: &Config) -> Report {
        let corpus = self.corpus;
        let mut report = Report::default();
        for sentence in extraction.claims() {
            let claim = ClaimView::new(sentence, text);
            let assessment = assess(&claim, corpus, &self.sources);
            let (mut verdict, evidence) = if let Some(best) = assessment.support.first() {
                (Verdict::Supported, vec![best.evidence()])
            } else if let Some(conflict) = &assessment.conflict {
                (Verdict::Contradicted, vec![conflict.matched.evidence()])
            } else {
                (Verdict::Unsupported, assessment.nearest.iter().map(|m| m.evidence()).collect())
            };
            let misquote = self.quotes.misquote(corpus, &sentence.facts.quotations);
            let context = RuleContext { claim: &claim, assessment: &assessment, corpus, misquote: misquote.as_ref() };
            for &rule in Rule::ALL {
                let Some(severity) = config.severity(rule) else { continue };
                if let Some(diagnostic) = rule.check(&context) {
                    match rule {
                        Rule::Misquote => verdict = Verdict::Misquote,
                        Rule::Misattribution if verdict == Verdict::Supported => verdict = Verdict::Misattribution,
                        _ => {}
                    }
                    report.diagnostics.push(Diagnostic { severity, ..diagnostic });
                }
            }
            report.claims.push(ClaimReport { span: sentence.span, text: sentence.text.clone(), verdict, evidence });
        }
        let suppressions = suppression::Suppressions::parse(text);
        (report.suppressed, report.diagnostics) =
            report.diagnostics.into_iter().partition(|diagnostic| suppressions.silences(diagnostic));
        report.notes = suppressions.notes;
        report
    }
}
