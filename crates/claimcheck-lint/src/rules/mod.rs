//! The rules: one file each, with a stable code, documentation and tests.
//!
//! Adding a rule means one new file (its metadata, written as a doc comment,
//! and its `check`), one line in `rules!` below, and its tests. Everything
//! else — `claimcheck explain`, the rules reference, the JSON codes — is
//! derived from the table.

use claimcheck_core::{LineIndex, Span};
use claimcheck_corpus::Corpus;

use crate::Draft;
use crate::citations::CitedSource;
use crate::consistency::Inconsistency;
use crate::diagnostic::{Diagnostic, Severity};
use crate::quotes::Misquote;
use crate::verify::{Assessment, ClaimView};

/// What a rule is, for `explain`, docs, SARIF and editors.
#[derive(Debug)]
pub struct RuleMetadata {
    /// The stable code: `contradicted-number`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The rule's doc comment, as written (one leading space per line).
    documentation: &'static str,
}

impl RuleMetadata {
    /// The rule's documentation as Markdown.
    pub fn documentation(&self) -> String {
        self.documentation.lines().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n")
    }
}

/// What a rule looks at: one claim and what the sources say about it.
pub(crate) struct RuleContext<'a, 'c> {
    pub(crate) draft: &'a Draft<'a>,
    pub(crate) claim: &'a ClaimView<'a>,
    /// What the sources say of the claim, judged when it started at `judged_at`.
    pub(crate) assessment: &'a Assessment,
    /// Where the claim started when it was judged: the assessment's draft
    /// spans are there, not where the claim now stands (see `RuleContext::moved`).
    pub(crate) judged_at: usize,
    pub(crate) corpus: &'c Corpus,
    /// The claim's first quotation that no source holds, if any.
    pub(crate) misquote: Option<&'a Misquote>,
    /// Where the claim's citations lead.
    pub(crate) cited: &'a [CitedSource<'a>],
    /// A value of the claim that the draft states otherwise elsewhere.
    pub(crate) inconsistency: Option<&'a Inconsistency>,
    /// The draft's lines, to name the line of another place in it.
    pub(crate) lines: &'a LineIndex,
}

impl RuleContext<'_, '_> {
    /// A draft span of the assessment, moved to where the claim now stands.
    pub(crate) fn moved(&self, span: Span) -> Span {
        crate::verify::moved_span(span, self.judged_at, self.claim.sentence.span.start)
    }
}

/// Declares a rule's metadata from its doc comment.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        severity: $severity:ident,
        summary: $summary:literal $(,)?
    ) => {
        $(#[doc = $doc])*
        pub(crate) static METADATA: $crate::rules::RuleMetadata = $crate::rules::RuleMetadata {
            code: $code,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            documentation: concat!($($doc, "\n"),*),
        };
    };
}

macro_rules! rules {
    ($($module:ident => $rule:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in the order they are documented.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($rule),*
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$rule),*];

            pub fn metadata(self) -> &'static RuleMetadata {
                match self {
                    $(Rule::$rule => &$module::METADATA),*
                }
            }

            pub(crate) fn check(self, context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
                match self {
                    $(Rule::$rule => $module::check(context)),*
                }
            }
        }
    };
}

rules! {
    unsupported_claim => UnsupportedClaim,
    contradicted_number => ContradictedNumber,
    contradicted_date => ContradictedDate,
    contradicted_claim => ContradictedClaim,
    misquote => Misquote,
    misattribution => Misattribution,
    broken_citation => BrokenCitation,
    contested_fact => ContestedFact,
    internal_inconsistency => InternalInconsistency,
    missing_citation => MissingCitation,
}

impl Rule {
    pub fn code(self) -> &'static str {
        self.metadata().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            let code = rule.code();
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{code}");
            assert_eq!(Rule::from_code(code), Some(*rule));
            let docs = rule.metadata().documentation();
            for section in ["## What it flags", "## Why it matters", "## Example", "## Fix"] {
                assert!(docs.contains(section), "{code} lacks {section}");
            }
        }
    }
}
