use claimcheck_core::Span;

use crate::citations;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it flags
    /// A claim the sources support that neither its sentence nor its
    /// paragraph attributes or cites: no `according to`, no `X said`, no
    /// footnote, link or `[@key]`. The message names the source that
    /// supports it, ready to cite. Turn it off with `missing-citation =
    /// false` in `claimcheck.toml` when a story style does not cite.
    ///
    /// ## Why it matters
    /// An editor, a fact-checker or a reader asked "says who?" should find
    /// the answer next to the claim, not in the reporter's memory.
    ///
    /// ## Example
    /// With the figure in a source, and nothing in the paragraph citing it:
    /// ```markdown
    /// A bug exposed the private photos of about 6.8 million users.
    /// ```
    ///
    /// ## Fix
    /// In Markdown, adds a footnote citing the supporting source: the
    /// draft's own footnote for that source if it has one, else a new one
    /// whose definition goes at the end of the draft.
    code: "missing-citation",
    severity: Hint,
    summary: "A supported claim with no attribution or citation in its paragraph",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let best = context.assessment.support.first()?;
    let draft = context.draft;
    let paragraph = paragraph_around(draft.text, context.claim.sentence.span);
    let sourced = draft
        .extraction
        .sentences
        .iter()
        .filter(|s| paragraph.contains(s.span))
        .any(|s| !s.citations.is_empty() || !s.facts.attributions.is_empty());
    if sourced {
        return None;
    }
    Some(Diagnostic {
        rule: super::Rule::MissingCitation,
        severity: METADATA.default_severity,
        message: format!("Nothing in this paragraph says where this comes from; {} supports it", best.location()),
        span: context.claim.sentence.span,
        evidence: vec![best.evidence()],
        fix: citations::add_footnote(citation_point(draft.text, context.claim.sentence.span), &best.source, draft, context.corpus),
        related: Vec::new(),
    })
}

/// Where a footnote marker goes: after the sentence's closing punctuation
/// and quotation marks, before the white space that follows.
fn citation_point(text: &str, sentence: Span) -> usize {
    sentence.start + sentence.slice(text).trim_end().len()
}

/// The paragraph holding `span`: from after the blank line before it to
/// the blank line after it.
fn paragraph_around(text: &str, span: Span) -> Span {
    let blank = |from: usize, to: usize| text[from..to].trim().is_empty();
    let mut start = 0;
    let mut later = None;
    for (newline, _) in text[..span.start].rmatch_indices('\n') {
        if let Some(later) = later.filter(|&l| blank(newline + 1, l)) {
            start = later + 1;
            break;
        }
        later = Some(newline);
    }
    let mut end = text.len();
    let mut earlier = None;
    for (offset, _) in text[span.end..].match_indices('\n') {
        let newline = span.end + offset;
        if let Some(earlier) = earlier.filter(|&e| blank(e + 1, newline)) {
            end = earlier + 1;
            break;
        }
        earlier = Some(newline);
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_runs_between_blank_lines() {
        let text = "Title\n\nOne. Two\nthree.\n  \nFour.\n";
        let two = text.find("Two").unwrap();
        assert_eq!(paragraph_around(text, Span::new(two, two + 3)).slice(text), "One. Two\nthree.\n");
        let four = text.find("Four").unwrap();
        assert_eq!(paragraph_around(text, Span::new(four, four + 5)).slice(text), "Four.\n");
        assert_eq!(paragraph_around(text, Span::new(0, 5)).slice(text), "Title\n");
    }
}
