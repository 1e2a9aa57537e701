//! Hover on a claim: its verdict, what differs, and the evidence passages
//! quoted with links to their place in the source files.
//!
//! Draft and source text is escaped before it enters the Markdown, so a
//! source cannot smuggle in a link, a `command:` URI, HTML or formatting.

use std::collections::HashSet;
use std::fmt::Write as _;

use claimcheck_lint::{Evidence, Verdict};
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::analysis::Analysis;
use crate::position::{self, Encoding};
use crate::to_proto::evidence_location;

pub(crate) fn hover(analysis: &Analysis, offset: usize, encoding: Encoding) -> Option<Hover> {
    let claim = analysis.claim_at(offset)?;
    let mut markdown = format!("**claimcheck: {}**\n", verdict_label(claim.verdict));
    let findings = analysis.report.diagnostics.iter().filter(|d| claim.span.contains(d.span));
    let mut evidence: Vec<&Evidence> = claim.evidence.iter().collect();
    for finding in findings {
        let _ = write!(markdown, "\n`{}`: {}\n", finding.rule.code(), escape_markdown(&finding.message));
        evidence.extend(&finding.evidence);
    }
    let mut seen = HashSet::new();
    evidence.retain(|e| seen.insert(e.passage));
    if evidence.is_empty() {
        markdown.push_str("\nNo source passage bears on this claim.\n");
    }
    for passage in evidence {
        let Some(source) = analysis.corpus.source(passage.source) else { continue };
        let line = passage.excerpt.line_column(passage.span.start, claimcheck_core::PositionEncoding::Utf8).line + 1;
        let place = escape_markdown(&format!("{}:{line}", source.relative.display()));
        let _ = write!(markdown, "\n> {}\n>\n> — ", escape_markdown(&passage.text));
        match evidence_location(&analysis.corpus, passage, encoding) {
            // The destination in angle brackets, so that parentheses in a path cannot end it;
            // a URI has `<` and `>` percent-encoded.
            Some(location) => {
                let _ = writeln!(markdown, "[{place}](<{}#L{line}>)", location.uri.as_str());
            }
            None => {
                let _ = writeln!(markdown, "{place}");
            }
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(position::range(&analysis.rope, claim.span, encoding)),
    })
}

pub(crate) fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Supported => "supported",
        Verdict::Contested => "contested",
        Verdict::Unsupported => "unsupported",
        Verdict::Contradicted => "contradicted",
        Verdict::Misquote => "misquote",
        Verdict::Misattribution => "misattribution",
    }
}

/// Text as Markdown that renders as that same text: every ASCII punctuation
/// character is backslash-escaped (CommonMark allows it for all of them),
/// which rules out links, autolinks, HTML, code and emphasis; line breaks
/// become spaces, so a line cannot start a heading or a list.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' => escaped.push(' '),
            c if c.is_ascii_punctuation() => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_holds_no_markup() {
        let hostile = "**bold** [click](command:workbench.action.quit) <https://x.example> `code` # h\n- item <b>&amp;</b> 4_000";
        let escaped = escape_markdown(hostile);
        assert_eq!(
            escaped,
            r"\*\*bold\*\* \[click\]\(command\:workbench\.action\.quit\) \<https\:\/\/x\.example\> \`code\` \# h \- item \<b\>\&amp\;\<\/b\> 4\_000"
        );
        assert_eq!(escape_markdown("“Quote” — 😀 é"), "“Quote” — 😀 é");
    }
}
