//! Who a source is: the outlets it credits for its reporting and its authors,
//! so that `according to NBC News` can be checked against the sources that
//! speak for NBC News.

use claimcheck_core::{AliasTable, EntityKind, Extraction};

use crate::SourceIdentity;

/// Reads a source's identity from its bylines and its attributions.
pub(crate) fn identify(text: &str, extraction: &Extraction, aliases: &AliasTable) -> SourceIdentity {
    let mut identity = SourceIdentity::default();
    let add = |list: &mut Vec<String>, name: &str| {
        let canonical = aliases.canonical(name).map_or_else(|| title_case_outlet(name), str::to_owned);
        if !canonical.is_empty() && !list.contains(&canonical) {
            list.push(canonical);
        }
    };
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("By ").or_else(|| line.strip_prefix("by ")) {
            let name = name.split([',', '|']).next().unwrap_or(name).trim();
            if (1..=4).contains(&name.split_whitespace().count()) {
                add(&mut identity.authors, name);
            }
        }
    }
    for sentence in &extraction.sentences {
        for attribution in &sentence.facts.attributions {
            let named = attribution.entity.as_deref().unwrap_or(&attribution.source);
            let is_outlet = sentence
                .facts
                .entities
                .iter()
                .any(|e| e.canonical == named && matches!(e.kind, EntityKind::Organization | EntityKind::Unknown))
                || aliases.canonical(named).is_some();
            if is_outlet && named.starts_with(|c: char| c.is_uppercase()) {
                add(&mut identity.outlets, named);
            }
        }
    }
    identity
}

/// `NBC news` → `NBC News`: outlets are names, whatever the text's casing.
fn title_case_outlet(name: &str) -> String {
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
        let found = identity("Acme Deals Examined\n\nBy Jane Okafor\n\nAccording to a report by NBC news, Acme paid $4 million.\n\nThe Times notes the deal closed in 2015.\n");
        assert_eq!(found.authors, ["Jane Okafor"]);
        assert_eq!(found.outlets, ["NBC News", "The New York Times"]);
    }

    #[test]
    fn no_identity_in_plain_prose() {
        let found = identity("Acme paid $4 million in 2015.\n");
        assert!(found.authors.is_empty() && found.outlets.is_empty());
    }
}
