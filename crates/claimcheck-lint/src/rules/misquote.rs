use crate::diagnostic::{Diagnostic, Evidence, Fix, Quoted};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// Words in quotation marks that appear in no source, when a source holds
    /// a close version of them: a word changed, added or left out.
    /// Straight and curly quotation marks and apostrophes, white space and
    /// case are normalised first, and a quoted fragment of a longer source
    /// quote is fine. Quotations of fewer than three words are terms in
    /// scare quotes more often than quotes, and are not checked.
    ///
    /// ## Why it matters
    /// A quotation promises the reader the speaker's exact words. A changed
    /// word is the misquote a subject complains about, or sues over.
    ///
    /// ## Example
    /// With a source quoting "a strategy to publicly frame these moves":
    /// ```markdown
    /// The company planned "a strategy to frame these moves".
    /// ```
    ///
    /// ## Fix
    /// Replaces the quoted words with the source's words.
    code: "misquote",
    severity: Error,
    summary: "Quoted words that differ from what the source says",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let misquote = context.misquote?;
    let corpus = context.corpus;
    let passage = corpus.passage(misquote.passage);
    let source = corpus.source(passage.source);
    let mut differs = Vec::new();
    if !misquote.changed.is_empty() {
        differs.push(format!("the quote has {}", Quoted(&misquote.changed.join(" "))));
    }
    if !misquote.missing.is_empty() {
        differs.push(format!("the source has {}", Quoted(&misquote.missing.join(" "))));
    }
    Some(Diagnostic {
        rule: super::Rule::Misquote,
        severity: METADATA.default_severity,
        message: format!(
            "No source has these words; {} says {} ({})",
            passage.location.cite(&source.relative),
            Quoted(&misquote.source_words),
            differs.join("; ")
        ),
        span: misquote.quotation.span,
        evidence: vec![Evidence::of(passage, source)],
        fix: crate::quotes::words_span(context.claim.text, &misquote.quotation)
            .map(|span| Fix { span, replacement: misquote.source_words.clone() }),
        related: Vec::new(),
    })
}
