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
    let passage = &misquote.passage;
    let source = context.corpus.source(passage.source())?;
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
            .map(|span| Fix::replace(span, &with_first_letter_of(span.slice(context.claim.text), &misquote.source_words))),
        related: Vec::new(),
    })
}

/// The source's words with the draft's case of the first letter: a quote
/// that opens the draft's sentence keeps its capital, one inside it its
/// small letter.
fn with_first_letter_of(draft_words: &str, source_words: &str) -> String {
    let mut source = source_words.chars();
    match (draft_words.chars().next(), source.next()) {
        (Some(draft_first), Some(source_first)) if draft_first.to_lowercase().eq(source_first.to_lowercase()) => {
            std::iter::once(draft_first).chain(source).collect()
        }
        _ => source_words.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_keeps_the_drafts_first_letter() {
        assert_eq!(with_first_letter_of("compete with us", "Compete with them"), "compete with them");
        assert_eq!(with_first_letter_of("Élan was", "élan is"), "Élan is");
        assert_eq!(with_first_letter_of("a way", "the way"), "the way");
    }
}
