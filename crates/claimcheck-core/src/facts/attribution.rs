//! Attributions: `according to X`, `X reported`, `X's report`.

use crate::Span;
use crate::lexicon::class;
use crate::facts::phrase::{self, Phrase};
use crate::facts::{Attribution, AttributionCue};
use crate::token::Token;

/// Verbs that credit a claim to whoever is their subject.
pub(crate) const REPORTING_VERBS: &[&str] = &[
        "reported", "reports", "said", "says", "noted", "notes", "found", "finds", "told", "wrote", "writes",
        "revealed", "reveals", "stated", "states", "claimed", "claims", "confirmed", "confirms", "disclosed",
        "discloses", "added", "adds", "cited", "cites", "argued", "argues", "admitted", "alleged", "alleges",
        "insisted", "acknowledged", "announced", "showed", "shows",
    ];

/// Nouns for a piece of reporting: `X's report`, `a report by X`.
pub(crate) const REPORT_NOUNS: &[&str] = &["report", "reports", "investigation", "analysis", "story", "reporting", "article", "review"];

/// Words that open an attribution with the word after them (`according to`,
/// `reported by`, `published by`).
pub(crate) const ATTRIBUTION_OPENERS: &[&str] = &["according", "reported", "published"];

/// Finds who one sentence credits for its claim.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Attribution> {
    let word = |j: usize| tokens.get(j).map_or("", |t| t.text(text));
    let mut found: Vec<Attribution> = Vec::new();
    let mut push = |cue_at: Span, (source, source_span): Phrase, cue: AttributionCue| {
        let span = cue_at.cover(source_span);
        if !found.iter().any(|a| a.source_span.intersects(source_span)) {
            found.push(Attribution { span, source, source_span, entity: None, cue });
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        // Only words carry classes, and the classes say at once whether a word can be a cue.
        if !token.is(class::REPORTING_VERB | class::REPORT_NOUN | class::ATTRIBUTION_OPENER) {
            continue;
        }
        let written = token.text(text);
        let lower = written.to_ascii_lowercase();
        if lower == "according" && word(i + 1) == "to" {
            let cue = Span::new(token.span.start, tokens[i + 1].span.end);
            if let Some(source) = reporting_source(text, tokens, i + 2) {
                push(cue, source, AttributionCue::AccordingTo);
            }
        } else if (lower == "reported" || lower == "published") && word(i + 1) == "by" {
            if let Some(source) = phrase::starting_at(text, tokens, i + 2) {
                push(token.span, source, AttributionCue::Verb(lower));
            }
        } else if token.is(class::REPORTING_VERB) {
            let subject = i.checked_sub(1).and_then(|last| phrase::ending_at(text, tokens, last));
            if let Some(subject) = subject.filter(|(name, _)| credible_source(name)) {
                push(token.span, subject, AttributionCue::Verb(lower));
            }
        } else if token.is(class::REPORT_NOUN) && i >= 1 {
            // `NBC's report`
            let owner = tokens[i - 1].text(text);
            if owner.ends_with("'s") || owner.ends_with("’s") {
                if let Some(source) = phrase::ending_at(text, tokens, i - 1).filter(|(name, _)| credible_source(name)) {
                    push(token.span, source, AttributionCue::Report);
                }
            } else if word(i + 1) == "by" && matches!(owner.to_ascii_lowercase().as_str(), "a" | "the")
                && let Some(source) = phrase::starting_at(text, tokens, i + 2) {
                    push(tokens[i - 1].span, source, AttributionCue::Report);
                }
        }
    }
    found.sort_by_key(|a| a.span.start);
    found
}

/// After `according to`: `a report by X` credits X; otherwise the phrase itself.
fn reporting_source(text: &str, tokens: &[Token], at: usize) -> Option<Phrase> {
    let word = |j: usize| tokens.get(j).map_or(String::new(), |t| t.text(text).to_ascii_lowercase());
    if matches!(word(at).as_str(), "a" | "the" | "an") && tokens.get(at + 1).is_some_and(|t| t.is(class::REPORT_NOUN)) && matches!(word(at + 2).as_str(), "by" | "from" | "in") {
        return phrase::starting_at(text, tokens, at + 3);
    }
    phrase::starting_at(text, tokens, at)
}

/// A subject that can be a source: a name, or a report, paper or outlet.
fn credible_source(name: &str) -> bool {
    let last = name.rsplit(' ').next().unwrap_or(name);
    let bare = name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name);
    bare.starts_with(|c: char| c.is_uppercase()) && !matches!(name, "It" | "This" | "That" | "They" | "He" | "She" | "We" | "I")
        || matches!(last.to_ascii_lowercase().as_str(), "report" | "paper" | "documents" | "records" | "files" | "company" | "newspaper")
        || matches!(name, "he" | "she" | "they")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn attributions(text: &str) -> Vec<String> {
        find(text, &tokenize(text))
            .into_iter()
            .map(|a| format!("{} | {} | {:?}", a.span.slice(text), a.source, a.cue))
            .collect()
    }

    #[test]
    fn according_to_and_reports_by() {
        assert_eq!(attributions("According to NBC News, the deal went ahead."), ["According to NBC News | NBC News | AccordingTo"]);
        assert_eq!(
            attributions("According to a report by the Daily Ledger, it ended."),
            ["According to a report by the Daily Ledger | the Daily Ledger | AccordingTo"]
        );
        assert_eq!(attributions("according to the report, it ended"), ["according to the report | the report | AccordingTo"]);
        assert_eq!(attributions("It was reported by The Ledger."), ["reported by The Ledger | The Ledger | Verb(\"reported\")"]);
    }

    #[test]
    fn subjects_of_reporting_verbs_and_possessive_reports() {
        assert_eq!(attributions("The Ledger reported that Acme paid."), ["The Ledger reported | The Ledger | Verb(\"reported\")"]);
        assert_eq!(attributions("It rose, the Times notes."), ["the Times notes | the Times | Verb(\"notes\")"]);
        assert_eq!(attributions("NBC's report named Acme."), ["NBC's report | NBC | Report"]);
        assert_eq!(attributions("It said nothing."), Vec::<String>::new());
        assert_eq!(attributions("The data showed a rise."), Vec::<String>::new());
    }
}
