//! `check --format human`: findings drawn the way rustc draws errors, with
//! the draft line underlined, the evidence as notes and the fix as help.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use claimcheck_corpus::Corpus;
use claimcheck_lint::Severity;

use super::{Checked, summary_line};
use crate::extract::position;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP,
    }
}

pub(super) fn render(checked: &[Checked], corpus: &Corpus) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for draft in checked {
        let path = draft.path.display().to_string();
        for diagnostic in &draft.report.diagnostics {
            let notes: Vec<String> = diagnostic
                .evidence
                .iter()
                .filter_map(|e| {
                    let source = corpus.source(e.source)?;
                    Some(format!("{}: {}", e.location.cite(&source.path()), e.text))
                })
                .chain(diagnostic.related.iter().map(|related| {
                    let (line, column) = position(&draft.index, related.span.start);
                    format!("{path}:{line}:{column}: {}", related.message)
                }))
                .collect();
            let help = diagnostic.fix.as_ref().map(|fix| fix.title.clone());
            let mut group = level(diagnostic.severity)
                .primary_title(diagnostic.message.as_str())
                .id(diagnostic.rule.code())
                .element(
                    Snippet::source(draft.text.as_str())
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(diagnostic.span.start..diagnostic.span.end)),
                );
            for note in &notes {
                group = group.element(Level::NOTE.message(note.as_str()));
            }
            if let Some(help) = &help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            let report: [Group<'_>; 1] = [group];
            out += &renderer.render(&report);
            out.push_str("\n\n");
        }
    }
    out += &summary_line(checked);
    out.push('\n');
    out
}
