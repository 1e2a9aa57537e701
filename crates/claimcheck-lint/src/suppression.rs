//! Suppression comments: a writer silences a finding in the draft itself.
//!
//! ```markdown
//! <!-- claimcheck-disable-next-line misquote -->
//! She said "we never sold the data".
//!
//! <!-- claimcheck-disable contradicted-number, unsupported-claim -->
//! … findings of these rules are silenced here …
//! <!-- claimcheck-enable -->
//! ```
//!
//! Without codes, a comment applies to every rule; `claimcheck-enable CODE`
//! ends the silence of that rule only. A finding is silenced when its span
//! starts inside a silenced stretch. Comments are found in the raw text
//! (also in plain-text drafts), so one inside a code block counts too.
//! A code that names no rule, or a directive that does not exist, is never
//! silently ignored: it becomes a [`SuppressionNote`].

use std::ops::Range;

use claimcheck_core::Span;
use rustc_hash::FxHashMap;

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;

const PREFIX: &str = "claimcheck-";

/// A suppression comment that could not be read as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionNote {
    /// The comment, as a byte range into the draft.
    pub span: Span,
    pub message: String,
}

/// The stretches of a draft where rules are silenced.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    silenced: Vec<(Rule, Range<usize>)>,
    pub(crate) notes: Vec<SuppressionNote>,
}

impl Suppressions {
    /// Reads every `<!-- claimcheck-… -->` comment of `text`.
    pub(crate) fn parse(text: &str) -> Suppressions {
        let mut suppressions = Suppressions::default();
        // Rules silenced by `claimcheck-disable`, from where.
        let mut open: FxHashMap<Rule, usize> = FxHashMap::default();
        let mut rest = 0;
        while let Some(found) = text[rest..].find("<!--") {
            let start = rest + found;
            let body_start = start + "<!--".len();
            let after = &text[body_start..];
            // As in HTML, `<!-->` and `<!--->` are whole (empty) comments.
            let (length, closer) = if after.starts_with('>') {
                (0, 1)
            } else if after.starts_with("->") {
                (0, 2)
            } else {
                let Some(length) = after.find("-->") else { break };
                (length, "-->".len())
            };
            let end = body_start + length + closer;
            rest = end;
            let body = text[body_start..body_start + length].trim();
            let Some(directive) = body.strip_prefix(PREFIX) else { continue };
            let span = Span::new(start, end);
            let (name, codes) = directive.split_once(char::is_whitespace).unwrap_or((directive, ""));
            let rules = suppressions.rules(codes, span);
            match name {
                "disable-next-line" => {
                    let next_line = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                    let next_line_end = text[next_line..].find('\n').map_or(text.len(), |n| next_line + n + 1);
                    suppressions.silenced.extend(rules.into_iter().map(|rule| (rule, next_line..next_line_end)));
                }
                "disable" => {
                    for rule in rules {
                        open.entry(rule).or_insert(end);
                    }
                }
                "enable" => {
                    for rule in rules {
                        if let Some(from) = open.remove(&rule) {
                            suppressions.silenced.push((rule, from..start));
                        }
                    }
                }
                _ => suppressions.notes.push(SuppressionNote {
                    span,
                    message: format!("unknown directive `{PREFIX}{name}`; use claimcheck-disable-next-line, claimcheck-disable or claimcheck-enable"),
                }),
            }
        }
        suppressions.silenced.extend(open.into_iter().map(|(rule, from)| (rule, from..text.len())));
        suppressions
    }

    /// The rules `codes` names (every rule when it names none); a code that
    /// is no rule's becomes a note.
    fn rules(&mut self, codes: &str, span: Span) -> Vec<Rule> {
        let codes: Vec<&str> = codes.split(|c: char| c == ',' || c.is_whitespace()).filter(|c| !c.is_empty()).collect();
        if codes.is_empty() {
            return Rule::ALL.to_vec();
        }
        let mut rules = Vec::with_capacity(codes.len());
        for code in codes {
            match Rule::from_code(code) {
                Some(rule) => rules.push(rule),
                None => {
                    let known: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
                    let message = format!("unknown rule `{code}` in a suppression comment; the rules are: {}", known.join(", "));
                    self.notes.push(SuppressionNote { span, message });
                }
            }
        }
        rules
    }

    /// Whether a comment silences `diagnostic`.
    pub(crate) fn silences(&self, diagnostic: &Diagnostic) -> bool {
        self.silenced.iter().any(|(rule, range)| *rule == diagnostic.rule && range.contains(&diagnostic.span.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    /// Which of the given (rule, line text) findings survive; each finding
    /// starts at the first occurrence of its line's text.
    fn surviving<'t>(text: &str, findings: &[(Rule, &'t str)]) -> Vec<(Rule, &'t str)> {
        let suppressions = Suppressions::parse(text);
        assert!(suppressions.notes.is_empty(), "{:?}", suppressions.notes);
        findings
            .iter()
            .copied()
            .filter(|(rule, at)| {
                let start = text.find(at).expect("the finding's text is in the draft");
                let diagnostic = Diagnostic {
                    rule: *rule,
                    severity: Severity::Error,
                    message: String::new(),
                    span: Span::new(start, start + at.len()),
                    evidence: Vec::new(),
                    fix: None,
                    related: Vec::new(),
                };
                !suppressions.silences(&diagnostic)
            })
            .collect()
    }

    #[test]
    fn next_line_silences_the_named_rules_on_the_next_line_only() {
        let text = "A one.\n<!-- claimcheck-disable-next-line misquote, contradicted-number -->\nB two.\nC three.\n";
        let findings = [(Rule::Misquote, "B two"), (Rule::ContradictedNumber, "two."), (Rule::UnsupportedClaim, "B two"), (Rule::Misquote, "C three")];
        assert_eq!(surviving(text, &findings), [(Rule::UnsupportedClaim, "B two"), (Rule::Misquote, "C three")]);
        let all = "<!--claimcheck-disable-next-line-->\nB two.\n";
        assert_eq!(surviving(all, &[(Rule::UnsupportedClaim, "B two"), (Rule::Misquote, "B two")]), []);
    }

    #[test]
    fn disable_and_enable_bound_a_stretch() {
        let text = "A one.\n<!-- claimcheck-disable unsupported-claim -->\nB two.\n\nC three.\n<!-- claimcheck-enable -->\nD four.\n";
        let findings = [
            (Rule::UnsupportedClaim, "A one"),
            (Rule::UnsupportedClaim, "B two"),
            (Rule::UnsupportedClaim, "C three"),
            (Rule::Misquote, "C three"),
            (Rule::UnsupportedClaim, "D four"),
        ];
        assert_eq!(surviving(text, &findings), [(Rule::UnsupportedClaim, "A one"), (Rule::Misquote, "C three"), (Rule::UnsupportedClaim, "D four")]);
    }

    #[test]
    fn enabling_one_rule_keeps_the_others_silenced_to_the_end() {
        let text = "<!-- claimcheck-disable -->\nB two.\n<!-- claimcheck-enable misquote -->\nC three.\n";
        let findings = [(Rule::Misquote, "B two"), (Rule::Misquote, "C three"), (Rule::UnsupportedClaim, "C three")];
        assert_eq!(surviving(text, &findings), [(Rule::Misquote, "C three")]);
    }

    #[test]
    fn unknown_codes_and_directives_become_notes() {
        let text =
            "<!-- claimcheck-disable-next-line misquotes misquote -->\nB.\n<!-- claimcheck-disabel -->\n<!-- an ordinary comment -->\n<!-- claimcheck-disable";
        let suppressions = Suppressions::parse(text);
        let notes: Vec<(&str, &str)> = suppressions.notes.iter().map(|n| (n.span.slice(text), n.message.split(';').next().unwrap_or(""))).collect();
        assert_eq!(
            notes,
            [
                ("<!-- claimcheck-disable-next-line misquotes misquote -->", "unknown rule `misquotes` in a suppression comment"),
                ("<!-- claimcheck-disabel -->", "unknown directive `claimcheck-disabel`"),
            ]
        );
        assert_eq!(suppressions.silenced, [(Rule::Misquote, 57..60)], "the known code still applies; an unclosed comment is no directive");
    }

    #[test]
    fn empty_comments_end_where_html_ends_them() {
        let text = "<!-->A.\n<!--->\n<!-- claimcheck-disable-next-line -->\nB.\n";
        let suppressions = Suppressions::parse(text);
        assert!(suppressions.notes.is_empty(), "{:?}", suppressions.notes);
        let b = text.find('B').unwrap();
        assert!(suppressions.silenced.iter().all(|(_, range)| *range == (b..text.len())));
        assert_eq!(suppressions.silenced.len(), Rule::ALL.len(), "the directive after them is read");
    }
}
