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
mod kept;
mod keys;
mod quotes;
mod remember;
mod rules;
mod suppression;
mod terms;
mod verify;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use claimcheck_core::{DocumentKind, Extraction, LineIndex};
use claimcheck_corpus::{Corpus, SourceId};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use diagnostic::{ClaimReport, Diagnostic, Edit, Evidence, Fix, Related, Report, Severity, Verdict};
pub use rules::{Rule, RuleMetadata};
pub use suppression::SuppressionNote;

use crate::rules::RuleContext;
use crate::verify::{Assessment, ClaimView, assess};

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
/// retrieves and nothing else of the sources, and remembers from one check
/// to the next what each query retrieved and how each claim was judged
/// (`remember.rs`): checking a draft again after an edit judges only the
/// claims the edit changed.
#[derive(Debug)]
pub struct Linter<'c> {
    corpus: &'c Corpus,
    retrieval: remember::Retrieval,
    judgements: remember::Remembered<(usize, Arc<Judgement>)>,
    keys: keys::Keys,
    /// How many threads judge the claims a check does not remember.
    judging_threads: usize,
}

/// Claims a judging thread takes at least: fewer are judged by fewer threads.
const JUDGED_PER_THREAD: usize = 4;

/// How far a check is in judging the claims its linter did not remember.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Judged {
    pub done: usize,
    pub of: usize,
}

/// What the sources say of one claim, before the rules turn it into findings.
#[derive(Debug, Serialize, Deserialize)]
struct Judgement {
    assessment: Assessment,
    misquote: Option<quotes::Misquote>,
}

/// The judgements of one run, to start the next run over the same corpus
/// from: the CLI keeps them beside the persistent index, so that checking a
/// draft again judges only the claims that changed since. They hold for the
/// corpus and the claimcheck that made them, and are not used with others.
/// Serialised, each source and passage they refer to is written once (`kept.rs`).
#[derive(Debug)]
pub struct Recollection {
    claimcheck: String,
    /// [`Corpus::fingerprint`].
    corpus: u64,
    /// Each claim's judgement by its key (`keys.rs`), with where the claim started.
    judgements: Vec<(String, usize, Arc<Judgement>)>,
}

/// Which claimcheck judged: its version and a fingerprint of the code that
/// judges (`build.rs`). Builds between two releases share a version but may
/// judge otherwise, and a judgement kept by one is not used by another.
const JUDGED_BY: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("CLAIMCHECK_JUDGING_CODE"));

/// How many judgements a recollection keeps: those of this run, then those
/// of earlier runs that this one did not ask for, up to this many. A claim's
/// judgement holds the passages it was judged on: about 27 KB of JSON each
/// for the 10,000-word bench draft (40 KB before the sources and passages
/// they share were kept once), so a few drafts' worth at most.
const RECOLLECTION_LIMIT: usize = 4_096;

impl<'c> Linter<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        let judging_threads = std::thread::available_parallelism().map_or(1, usize::from);
        Linter { corpus, retrieval: remember::Retrieval::default(), judgements: remember::Remembered::default(), keys: keys::Keys::default(), judging_threads }
    }

    /// A linter for one run over several drafts (the CLI), which forgets
    /// nothing it judged.
    pub fn for_run(corpus: &'c Corpus) -> Self {
        Linter { judgements: remember::Remembered::new(remember::Forgetting::Never), ..Linter::new(corpus) }
    }

    /// Takes what an earlier run judged, to be used as claims ask for it, if
    /// it was judged against this corpus by this claimcheck; else it is set aside.
    pub fn recall(&self, earlier: Recollection) {
        if earlier.claimcheck == JUDGED_BY && Some(earlier.corpus) == self.corpus.fingerprint() {
            self.judgements.recall(earlier.judgements.into_iter().map(|(key, start, judgement)| (key, (start, judgement))));
        }
    }

    /// What this linter judged, and what it recalled and did not need, for a
    /// later run; `None` when there is nothing new to keep (no judgement was
    /// made since the last recollection: all were recalled or remembered) or
    /// the corpus has no fingerprint to hold them to.
    pub fn recollection(&self) -> Option<Recollection> {
        let corpus = self.corpus.fingerprint()?;
        if !self.judgements.take_worked_out() {
            return None;
        }
        let mut judgements: Vec<(String, usize, Arc<Judgement>)> =
            self.judgements.answers().into_iter().map(|(key, (start, judgement))| (key, start, judgement)).collect();
        judgements.truncate(RECOLLECTION_LIMIT);
        Some(Recollection { claimcheck: JUDGED_BY.to_owned(), corpus, judgements })
    }

    /// What the sources say of `claim`, which cites `cited`, with where it starts.
    fn judge(&self, claim: &ClaimView<'_>, cited: &[SourceId]) -> (usize, Arc<Judgement>) {
        let assessment = assess(claim, self.corpus, &self.retrieval, cited);
        let misquote = quotes::misquote(self.corpus, &self.retrieval, &claim.sentence.facts.quotations);
        (claim.sentence.span.start, Arc::new(Judgement { assessment, misquote }))
    }

    /// Judges, on every core, the claims this linter does not remember, for
    /// the check to find, telling `judged` as each is: a draft checked for
    /// the first time is nearly all searches, and one search keeps the cores
    /// busy only while it ranks the largest segments.
    fn judge_unremembered(&self, claims: &[ClaimView<'_>], cited: &[Vec<SourceId>], keys: &[String], judged: &(dyn Fn(Judged) + Sync)) {
        let unremembered = self.judgements.unremembered(keys);
        let of = unremembered.len();
        let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let judge_next = || {
            while let Some(&i) = unremembered.get(next.fetch_add(1, AtomicOrdering::Relaxed)) {
                self.judgements.get_or_insert_with(keys[i].clone(), || self.judge(&claims[i], &cited[i]));
                judged(Judged { done: done.fetch_add(1, AtomicOrdering::Relaxed) + 1, of });
            }
        };
        let helpers = self.judging_threads.min(of / JUDGED_PER_THREAD).saturating_sub(1);
        std::thread::scope(|scope| {
            // A thread that cannot be started leaves its share to the others.
            for _ in 0..helpers {
                let _ = std::thread::Builder::new().name("claimcheck-judge".to_owned()).spawn_scoped(scope, judge_next);
            }
            judge_next();
        });
    }

    /// Checks every claim of a draft against the corpus. Findings that a
    /// suppression comment silences are set apart; the claims keep their verdicts.
    pub fn check(&self, draft: &Draft<'_>, config: &Config) -> Report {
        self.check_reporting(draft, config, &|_| {})
    }

    /// [`Linter::check`], telling `judged` how many of the claims it did not
    /// remember it has judged, as it judges them (on several threads, so
    /// that a count may arrive after a higher one).
    pub fn check_reporting(&self, draft: &Draft<'_>, config: &Config, judged: &(dyn Fn(Judged) + Sync)) -> Report {
        let corpus = self.corpus;
        self.retrieval.begin_check();
        self.judgements.begin_check();
        let mut report = Report::default();
        let claims: Vec<ClaimView<'_>> = draft.extraction.claims().map(|sentence| ClaimView::new(sentence, draft.text)).collect();
        let inconsistencies = consistency::inconsistencies(&claims);
        // Once for the draft: counting the lines before each place cost a pass over the text per finding.
        let lines = LineIndex::new(draft.text);
        let cited: Vec<Vec<citations::CitedSource<'_>>> =
            claims.iter().map(|claim| citations::resolve(&claim.sentence.citations, corpus, draft.dir, &config.citation_keys)).collect();
        let cited_sources: Vec<Vec<SourceId>> = cited.iter().map(|cited| citations::sources(cited)).collect();
        let keys = self.keys.of(claims.iter().zip(&cited_sources).map(|(claim, sources)| (claim.sentence, sources.as_slice())), draft.text);
        self.judge_unremembered(&claims, &cited_sources, &keys, judged);
        for ((((claim, inconsistency), cited), cited_sources), key) in claims.iter().zip(&inconsistencies).zip(&cited).zip(&cited_sources).zip(keys) {
            let sentence = claim.sentence;
            let start = sentence.span.start;
            let (judged_at, judgement) = self.judgements.get_or_insert_with(key, || self.judge(claim, cited_sources));
            // The assessment stays where it was judged (rules move the few spans they report):
            // copying it for every claim an edit shifted would cost more than the rules.
            let assessment = &judgement.assessment;
            let misquote = if judged_at == start { judgement.misquote.clone() } else { judgement.misquote.as_ref().map(|m| m.moved(judged_at, start)) };
            let (mut verdict, evidence) = if let Some(best) = assessment.support.first() {
                (Verdict::Supported, vec![best.evidence()])
            } else if let Some(conflict) = &assessment.conflict {
                (Verdict::Contradicted, vec![conflict.matched.evidence()])
            } else {
                (Verdict::Unsupported, assessment.nearest.iter().map(|m| m.evidence()).collect())
            };
            let context = RuleContext {
                draft,
                claim,
                assessment,
                judged_at,
                corpus,
                misquote: misquote.as_ref(),
                cited,
                inconsistency: inconsistency.as_ref(),
                lines: &lines,
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use claimcheck_core::{ExtractOptions, extract};
    use claimcheck_corpus::LoadOptions;

    use super::*;

    #[test]
    fn claims_judged_side_by_side_report_what_one_thread_reports() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/facebook-leaks");
        let corpus = Corpus::load(&example.join("sources"), &LoadOptions::default()).expect("the example's sources load");
        let text = std::fs::read_to_string(example.join("draft.md")).expect("the example's draft");
        let extraction = extract(&text, DocumentKind::Markdown, &ExtractOptions::default());
        assert!(extraction.claims().count() >= 4 * JUDGED_PER_THREAD, "enough claims for four threads");
        let draft = Draft { text: &text, kind: DocumentKind::Markdown, extraction: &extraction, dir: None };
        let with_threads = |judging_threads| Linter { judging_threads, ..Linter::new(&corpus) }.check(&draft, &Config::default());
        let alone = with_threads(1);
        assert!(alone.diagnostics.len() > 1);
        assert_eq!(with_threads(4), alone);

        let linter = Linter { judging_threads: 4, ..Linter::new(&corpus) };
        let counts = std::sync::Mutex::new(Vec::new());
        let record = |judged: Judged| counts.lock().expect("counts").push(judged);
        assert_eq!(linter.check_reporting(&draft, &Config::default(), &record), alone);
        let mut counts = counts.into_inner().expect("counts");
        counts.sort_by_key(|judged| judged.done);
        let claims = extraction.claims().count();
        assert_eq!(counts.iter().map(|judged| judged.done).collect::<Vec<_>>(), (1..=claims).collect::<Vec<_>>(), "each claim judged once");
        assert!(counts.iter().all(|judged| judged.of == claims));
        let again = std::sync::Mutex::new(Vec::new());
        linter.check_reporting(&draft, &Config::default(), &|judged| again.lock().expect("counts").push(judged));
        assert!(again.into_inner().expect("counts").is_empty(), "a check that remembers every claim judges none");
    }
}
