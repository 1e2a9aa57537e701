//! Code actions on a draft's findings: the rules' own fixes (the source's
//! number, date or words; a citation re-pointed at the source that says
//! it), and turning a rule off for one line with a suppression comment.

use std::collections::HashMap;

use claimcheck_core::{DocumentKind, Span};
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use crate::analysis::Analysis;
use crate::position::{self, Encoding};
use crate::to_proto;

/// The actions for the findings that touch `span` of the draft at `uri`.
pub(crate) fn code_actions(analysis: &Analysis, uri: &Uri, span: Span, encoding: Encoding) -> Vec<CodeActionOrCommand> {
    let touches = |finding: Span| finding.intersects(span) || finding.contains(span) || span.contains(finding);
    let mut actions = Vec::new();
    for finding in analysis.report.diagnostics.iter().filter(|d| touches(d.span)) {
        let diagnostic = to_proto::diagnostic(analysis, uri, finding, encoding);
        let action = |title: String, edits: Vec<TextEdit>, is_preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }),
                is_preferred: Some(is_preferred),
                ..CodeAction::default()
            })
        };
        if let Some(fix) = &finding.fix {
            let edits = fix.edits.iter().map(|edit| TextEdit::new(position::range(&analysis.rope, edit.span, encoding), edit.replacement.clone())).collect();
            actions.push(action(fix.title.clone(), edits, true));
        }
        // An HTML comment is invisible only in Markdown.
        if analysis.kind == DocumentKind::Markdown {
            let edit = disable_next_line(analysis, finding.span.start, finding.rule.code(), encoding);
            actions.push(action(format!("Disable {} for this line", finding.rule.code()), vec![edit], false));
        }
    }
    actions
}

/// Inserts `<!-- claimcheck-disable-next-line CODE -->` above the line that
/// holds `offset`, with that line's indentation and line ending.
fn disable_next_line(analysis: &Analysis, offset: usize, code: &str, encoding: Encoding) -> TextEdit {
    let rope = &analysis.rope;
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    let text = rope.line(line).to_string();
    let indentation: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let line_ending = if text.ends_with("\r\n") { "\r\n" } else { "\n" };
    let start = rope.line_to_byte(line);
    let at = position::range(&analysis.rope, Span::new(start, start), encoding);
    TextEdit::new(at, format!("{indentation}<!-- claimcheck-disable-next-line {code} -->{line_ending}"))
}
