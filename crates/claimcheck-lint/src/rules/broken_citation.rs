use claimcheck_core::CitationKind;

use crate::citations::Target;
use crate::diagnostic::{Diagnostic, Quoted};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// A footnote, link or pandoc citation (`[@key]`) that names a file no
    /// source folder holds, or a footnote reference without a definition.
    /// Links to web pages, and footnotes whose text names no file
    /// (`[^1]: Interview with the author, May 2019.`), cite something outside
    /// the sources and are not flagged.
    ///
    /// ## Why it matters
    /// A citation that leads nowhere cannot be checked, and an editor who
    /// follows it finds nothing: the claim it carries is as good as
    /// unsourced.
    ///
    /// ## Example
    /// With no `sources/nbc-report.txt` in the sources folder:
    /// ```markdown
    /// Amazon was given extended access to user data.[^nbc]
    ///
    /// [^nbc]: sources/nbc-report.txt
    /// ```
    ///
    /// ## Fix
    /// None automatic: correct the path, add the file to the sources, or
    /// define the footnote.
    code: "broken-citation",
    severity: Error,
    summary: "A citation that names no existing source",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    // One diagnostic per claim: the first broken citation; the others show once it is fixed.
    let (cited, message) = context.cited.iter().find_map(|cited| {
        let marker = match cited.citation.kind {
            CitationKind::Link => "The link",
            CitationKind::Footnote { .. } | CitationKind::Pandoc { .. } => cited.citation.span.slice(context.draft.text),
        };
        let message = match &cited.target {
            Target::Missing { reference } => format!("{marker} cites {}, which is not among the sources", Quoted(reference)),
            Target::Undefined => format!("{marker} has no footnote definition"),
            Target::Source(_) | Target::Outside => return None,
        };
        Some((cited, message))
    })?;
    Some(Diagnostic {
        rule: super::Rule::BrokenCitation,
        severity: METADATA.default_severity,
        message,
        span: cited.citation.span,
        evidence: Vec::new(),
        fix: None,
        related: Vec::new(),
    })
}
