//! `check --format github`: GitHub Actions workflow commands.

use claimcheck_lint::Severity;

use super::{Checked, summary_line};
use crate::extract::position;

/// One workflow command per finding; GitHub shows them on the pull request's diff.
pub(super) fn commands(checked: &[Checked]) -> String {
    let mut out = String::new();
    for draft in checked {
        for d in &draft.report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let (line, column) = position(&draft.index, d.span.start);
            let (end_line, end_column) = position(&draft.index, d.span.end);
            let file = escape_property(&draft.path.display().to_string());
            let title = escape_property(d.rule.code());
            let message = escape_data(&d.message);
            out += &format!(
                "::{command} file={file},line={line},col={column},endLine={end_line},endColumn={end_column},title={title}::{message}\n"
            );
        }
    }
    out += &summary_line(checked);
    out.push('\n');
    out
}

/// Workflow command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Workflow command properties also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
