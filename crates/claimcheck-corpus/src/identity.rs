//! Who a source is: the outlets it credits for its reporting and its authors,
//! so that `according to NBC News` can be checked against the sources that
//! speak for NBC News.
//!
//! The core's attributions are used where it found them; a light pattern
//! match over each sentence backs them up, so identity does not hinge on one
//! extractor.

use std::borrow::Cow;
use std::sync::Arc;

use claimcheck_core::{AliasTable, EntityKind, Extraction};

use crate::SourceIdentity;

/// Words that name a piece of reporting between `according to a` and its outlet.
const REPORT_WORDS: &[&str] = &["report", "story", "investigation", "article", "analysis", "survey"];
/// Verbs an outlet reports with: `the Times notes`, `NBC News found`.
const REPORTING_VERBS: &[&str] = &["found", "finds", "notes", "noted", "reported", "reports", "revealed", "reveals"];
/// An entity the source names this often is its subject.
const SUBJECT_MENTIONS: usize = 3;
/// Nouns of an author bio: `Jane Doe is a journalist …`.
const BIO_NOUNS: &[&str] = &["journalist", "reporter", "correspondent", "writer", "editor", "columnist", "author"];

/// Reads a source's identity from its bylines, author bios and the outlets it credits.
pub(crate) fn identify(text: &str, extraction: &Extraction, aliases: &AliasTable) -> SourceIdentity {
    let mut identity = SourceIdentity::default();
    let add = |list: &mut Vec<Arc<str>>, name: &str| {
        let canonical = aliases.canonical(name).map_or_else(|| title_case(name), str::to_owned);
        if !canonical.is_empty() && !list.iter().any(|listed| **listed == *canonical) {
            list.push(canonical.into());
        }
    };
    for author in authors(text) {
        add(&mut identity.authors, author);
    }
    for sentence in &extraction.sentences {
        for attribution in &sentence.facts.attributions {
            let named = attribution.entity.as_deref().unwrap_or(&attribution.source);
            let is_outlet = sentence.facts.entities.iter().any(|e| e.canonical == named && matches!(e.kind, EntityKind::Organization | EntityKind::Unknown))
                || aliases.canonical(named).is_some();
            if is_outlet && named.starts_with(|c: char| c.is_uppercase()) {
                add(&mut identity.outlets, named);
            }
        }
        for outlet in credited_outlets(&sentence.text, aliases) {
            add(&mut identity.outlets, &outlet);
        }
    }
    identity.subjects = subjects(extraction);
    identity
}

/// The canonical names a source mentions so often that they are its subject.
fn subjects(extraction: &Extraction) -> Vec<Arc<str>> {
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for entity in extraction.sentences.iter().flat_map(|s| &s.facts.entities) {
        *counts.entry(entity.canonical.as_str()).or_default() += 1;
    }
    let mut subjects: Vec<Arc<str>> = counts.into_iter().filter(|(_, n)| *n >= SUBJECT_MENTIONS).map(|(name, _)| name.into()).collect();
    subjects.sort_unstable();
    subjects
}

/// Names from a byline (`By Jane Doe`), an email's sender (`From: Jane Doe <…>`), a bio (`Jane Doe is a reporter …`)
/// or a lone name as the last line.
fn authors(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for line in &lines {
        if let Some(name) = line.strip_prefix("By ").or_else(|| line.strip_prefix("by ")) {
            let name = name.split([',', '|']).next().unwrap_or(name).trim();
            if is_person_name(name) {
                found.push(name);
            }
        } else if let Some(sender) = line.strip_prefix("From: ") {
            // An email's sender, as the email reader writes it: `From: Jane Doe <jane@example.org>`.
            let name = sender.split(['<', ',']).next().unwrap_or(sender).trim();
            if is_person_name(name) {
                found.push(name);
            }
        } else if let Some((name, rest)) = line.split_once(" is a ").or_else(|| line.split_once(" is an ")) {
            let noun = rest.split(|c: char| !c.is_alphabetic()).find(|w| BIO_NOUNS.contains(w));
            if noun.is_some() && is_person_name(name) {
                found.push(name);
            }
        }
    }
    // A sign-off: the last line is a bare name. Only when nothing else named
    // an author, since a closing line can also be a caption or a place.
    if found.is_empty()
        && let Some(last) = lines.last().filter(|l| lines.len() > 1 && is_person_name(l))
    {
        found.push(last);
    }
    found
}

/// Two to four capitalised words, nothing else.
fn is_person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || "-.'’".contains(c)))
}

/// Outlets a sentence credits: `according to (a report by) X`,
/// `published by X`, `reported by X`, and `X found` / `X notes` for names
/// the alias table knows (any company can "find" something; only a known
/// outlet's finding makes the source speak for it).
fn credited_outlets(sentence: &str, aliases: &AliasTable) -> Vec<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    // Every word of every source passes here: most are lowercase ASCII already, and are not copied.
    let lower: Vec<Cow<'_, str>> = words.iter().map(|w| lowercase(bare(w))).collect();
    let is = |i: usize, word: &str| lower.get(i).is_some_and(|w| w == word);
    let mut found = Vec::new();
    for i in 0..words.len() {
        let after_cue = if is(i, "according") && is(i + 1, "to") {
            let mut next = i + 2;
            if ["a", "an", "the"].iter().any(|w| is(next, w)) && REPORT_WORDS.iter().any(|w| is(next + 1, w)) {
                next += 2;
                if ["by", "from", "in", "of"].iter().any(|w| is(next, w)) {
                    next += 1;
                }
            }
            Some(next)
        } else if (is(i, "published") || is(i, "reported")) && is(i + 1, "by") {
            Some(i + 2)
        } else {
            None
        };
        if let Some(start) = after_cue {
            if let Some(name) = name_at(&words[start.min(words.len())..], aliases) {
                found.push(name);
            }
        } else if REPORTING_VERBS.contains(&&*lower[i]) {
            // The longest known name that ends right before the verb.
            let known = (i.saturating_sub(5)..i).map(|s| words[s..i].join(" ")).find(|n| !n.ends_with(',') && aliases.canonical(n).is_some());
            found.extend(known);
        }
    }
    found
}

/// The name that opens `words`: the longest prefix the alias table knows,
/// else its capitalised words (after a leading `the`). The name ends at the
/// first punctuation, and is at most five words long.
fn name_at(words: &[&str], aliases: &AliasTable) -> Option<String> {
    let phrase_len = words.iter().position(|w| w.ends_with(|c: char| !c.is_alphanumeric())).map_or(words.len(), |i| i + 1).min(5);
    let phrase: Vec<&str> = words[..phrase_len].iter().map(|w| bare(w)).collect();
    if let Some(known) = (1..=phrase.len()).rev().map(|n| phrase[..n].join(" ")).find(|n| aliases.canonical(n).is_some()) {
        return Some(known);
    }
    let skip = usize::from(phrase.first().is_some_and(|w| w.eq_ignore_ascii_case("the")));
    let capitalised: Vec<&str> = phrase[skip..].iter().take_while(|w| w.starts_with(|c: char| c.is_uppercase())).copied().collect();
    (!capitalised.is_empty()).then(|| capitalised.join(" "))
}

/// `word` lowercased, borrowed when it has nothing to lower.
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) }
}

/// A word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// `NBC news` → `NBC News`: outlets are names, whatever the text's casing.
fn title_case(name: &str) -> String {
    name.trim_start_matches("the ")
        .split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions, extract};

    use super::*;

    fn identity(text: &str) -> SourceIdentity {
        let options = ExtractOptions::default();
        identify(text, &extract(text, DocumentKind::PlainText, &options), &options.aliases)
    }

    #[test]
    fn bylines_and_credited_outlets() {
        let found = identity(
            "Acme Deals Examined\n\nBy Jane Okafor\n\nAccording to a report by NBC news, Acme paid $4 million.\n\nThe Times notes the deal closed in 2015.\n",
        );
        assert_eq!(found.authors, ["Jane Okafor".into()]);
        assert_eq!(found.outlets, ["NBC News".into(), "The New York Times".into()]);
    }

    #[test]
    fn patterns_without_the_core_attributions() {
        let aliases = AliasTable::default();
        let outlets = |s: &str| credited_outlets(s, &aliases);
        assert_eq!(outlets("Acme paid $4 million, according to a report by NBC News."), ["NBC News"]);
        assert_eq!(outlets("According to Glimmer Daily, the deal closed."), ["Glimmer Daily"]);
        assert_eq!(outlets("The study was published by The New York Times in May."), ["The New York Times"]);
        assert_eq!(outlets("The New York Times found that Acme paid."), ["The New York Times"]);
        assert!(outlets("Acme found that sales fell.").is_empty());
    }

    #[test]
    fn words_are_lowercased_as_unicode_lowercases_them() {
        assert!(matches!(lowercase("according"), Cow::Borrowed("according")));
        assert_eq!(lowercase("ACCORDING"), "according");
        // The Kelvin sign lowercases to an ASCII `k`.
        assert_eq!(lowercase("\u{212A}nown"), "known");
        assert_eq!(lowercase("Émile"), "émile");
        let aliases = AliasTable::default();
        assert_eq!(credited_outlets("ACCORDING TO Glimmer Daily, the deal closed.", &aliases), ["Glimmer Daily"]);
    }

    #[test]
    fn author_bios_and_sign_offs() {
        assert_eq!(authors("Acme paid.\n\nMara Voss is a reporter covering trade.\n"), ["Mara Voss"]);
        assert_eq!(authors("Acme paid $4 million in 2015.\n\nTomas Reyes\n"), ["Tomas Reyes"]);
        assert!(authors("Acme paid $4 million in 2015.\n").is_empty());
    }

    #[test]
    fn an_email_sender_is_an_author() {
        assert_eq!(authors("Subject: Budget\nFrom: Ilse Marrow <ilse@orbix.example>\n\nThe budget is 4 million.\n"), ["Ilse Marrow"]);
        assert!(authors("From: payroll@orbix.example\n\nThe budget is 4 million.\n").is_empty(), "an address alone names no one");
    }

    #[test]
    fn no_identity_in_plain_prose() {
        let found = identity("Acme paid $4 million in 2015.\n");
        assert!(found.authors.is_empty() && found.outlets.is_empty());
    }
}
