//! The server's settings, read from `initializationOptions` and
//! `workspace/configuration` (section `claimcheck`).
//!
//! Reading never fails: a value of the wrong type or an unknown rule or
//! severity is left at its default and named in a problem, which the server
//! shows the user (`window/showMessage`).

use std::path::PathBuf;
use std::time::Duration;

use claimcheck_lint::{Config, Rule, Severity};
use serde_json::Value;

/// How long an edit waits for the next before the draft is linted.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The sources folder, absolute or relative to the workspace root.
    pub(crate) sources: Option<PathBuf>,
    pub(crate) debounce: Duration,
    pub(crate) lint: Config,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { sources: None, debounce: DEFAULT_DEBOUNCE, lint: Config::default() }
    }
}

impl Settings {
    /// The rule levels to lint with: the project's (`claimcheck.toml`),
    /// overridden rule by rule by the editor's `severities`.
    pub(crate) fn rules(&self, project: &Config) -> Config {
        let mut rules = project.clone();
        rules.severities.extend(self.lint.severities.iter().map(|(rule, severity)| (*rule, *severity)));
        rules
    }

    /// Reads `{"sources": "dir", "debounceMs": 150, "severities": {"code": "warning" | "off"}}`;
    /// returns the settings and what was wrong with the value.
    pub(crate) fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let Some(object) = value.as_object() else {
            if !value.is_null() {
                problems.push(format!("claimcheck settings must be an object, not {value}"));
            }
            return (settings, problems);
        };
        for (key, value) in object {
            match key.as_str() {
                "sources" => match value {
                    Value::String(path) => settings.sources = Some(PathBuf::from(path)),
                    Value::Null => {}
                    _ => problems.push(format!("`sources` must be a folder path, not {value}")),
                },
                "debounceMs" => match value.as_u64() {
                    Some(ms) if ms <= 10_000 => settings.debounce = Duration::from_millis(ms),
                    _ => problems.push(format!("`debounceMs` must be milliseconds from 0 to 10000, not {value}")),
                },
                "severities" => match value.as_object() {
                    Some(severities) => {
                        for (code, severity) in severities {
                            read_severity(&mut settings.lint, code, severity, &mut problems);
                        }
                    }
                    None => problems.push(format!("`severities` must map rule codes to severities, not {value}")),
                },
                _ => problems.push(format!("unknown setting `{key}` (known: sources, debounceMs, severities)")),
            }
        }
        (settings, problems)
    }
}

fn read_severity(config: &mut Config, code: &str, severity: &Value, problems: &mut Vec<String>) {
    let Some(rule) = Rule::from_code(code) else {
        let codes: Vec<&str> = Rule::ALL.iter().map(|rule| rule.code()).collect();
        problems.push(format!("`severities`: no rule is called `{code}` (rules: {})", codes.join(", ")));
        return;
    };
    let level = match severity.as_str() {
        Some("off") => None,
        Some(name) if Severity::parse(name).is_some() => Severity::parse(name),
        _ => {
            problems.push(format!("`severities.{code}` must be error, warning, info, hint or off, not {severity}"));
            return;
        }
    };
    config.severities.insert(rule, level);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn good_values_are_read() {
        let value = json!({"sources": "refs", "debounceMs": 40, "severities": {"unsupported-claim": "off", "misquote": "warning"}});
        let (settings, problems) = Settings::from_json(&value);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(settings.sources, Some(PathBuf::from("refs")));
        assert_eq!(settings.debounce, Duration::from_millis(40));
        assert_eq!(settings.lint.severity(Rule::UnsupportedClaim), None);
        assert_eq!(settings.lint.severity(Rule::Misquote), Some(Severity::Warning));
        assert_eq!(settings.lint.severity(Rule::ContradictedNumber), Some(Severity::Error));
    }

    #[test]
    fn bad_values_keep_their_defaults_and_are_named() {
        let value = json!({"sources": 3, "debounceMs": "fast", "severities": {"misquote": "loud", "nope": "error"}, "colour": 1});
        let (settings, problems) = Settings::from_json(&value);
        assert_eq!(settings.sources, None);
        assert_eq!(settings.debounce, DEFAULT_DEBOUNCE);
        assert_eq!(settings.lint.severity(Rule::Misquote), Some(Severity::Error));
        let named = |word: &str| problems.iter().any(|p| p.contains(word));
        for word in ["`sources`", "`debounceMs`", "`severities.misquote`", "`nope`", "`colour`"] {
            assert!(named(word), "{word} not in {problems:?}");
        }
        assert_eq!(Settings::from_json(&json!([1])).1.len(), 1);
        assert!(Settings::from_json(&Value::Null).1.is_empty());
    }
}
