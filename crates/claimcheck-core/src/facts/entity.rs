//! Named entities as capitalised spans, normalised through the alias table.
//!
//! There is no maintained pure-Rust English NER, and models cannot be
//! downloaded where claimcheck runs, so entities are read from capitalisation:
//! a run of capitalised words (`Royal Bank of Canada`, `Six4Three`, `F.T.C.`),
//! minus function words that are capitalised only because they open the
//! sentence. A lone capitalised word at the start of a sentence counts only
//! when the alias table knows it or the document capitalises it elsewhere.

use rustc_hash::FxHashSet;

use crate::alias::Lookups;
use crate::facts::{Entity, EntityKind};
use crate::lexicon::class;
use crate::token::{Token, TokenKind};
use crate::Span;

crate::lexicon::word_set! {
    /// Capitalised words that are not names on their own.
    static NOT_NAMES = [
    "The", "A", "An", "In", "On", "At", "By", "For", "From", "To", "Of", "With", "But", "And", "Or", "Nor", "So", "Yet",
    "This", "That", "These", "Those", "It", "Its", "It's", "He", "She", "They", "We", "I", "You", "His", "Her", "Their",
    "Our", "My", "Your", "Him", "Them", "Us", "Me", "According", "After", "Before", "As", "If", "When", "While",
    "Although", "Though", "Because", "Since", "However", "Meanwhile", "Also", "Another", "Other", "Some", "Many",
    "Most", "All", "Both", "Each", "Every", "No", "Not", "None", "One", "Two", "Three", "There", "Here", "What", "Who",
    "Whom", "Whose", "Which", "Why", "How", "Where", "Yes", "Then", "Now", "Still", "Even", "Only", "Just", "Such",
    "Despite", "During", "Under", "Over", "Into", "Unlike", "Like", "Apart", "Additionally", "Moreover", "Recently",
    "Sometimes", "Later", "Earlier", "Instead", "Indeed", "Perhaps", "Every", "Between", "Among", "Through", "Without",
    "Within", "Read", "More", "Less", "New", "Old", "Last", "First", "Next", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Did", "Does", "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Will",
    "Would", "Can", "Could", "Should", "Might", "Must", "Mr", "Mrs", "Ms", "Dr", "Prof", "CEO", "Chief", "President", "Director", "Senator",
    "Sen", "Rep", "Gov", "Minister", "Reporter", "Editor", "Posted", "Photo", "Also", "Leave", "Discuss",
];
}

crate::lexicon::word_set! {
    /// Lowercase words that may join capitalised words into one name:
    /// `Royal Bank of Canada`, `Department of Justice`.
    ///
    /// `and` is not one: `Facebook and Google` are two names.
    static CONNECTORS = ["of", "the", "for", "de", "del", "der", "van", "von", "la", "le", "&"];
}

crate::lexicon::word_set! {
    /// Titles that mark the name after them as a person.
    static PERSON_TITLES = [
    "mr", "mrs", "ms", "dr", "prof", "sen", "senator", "rep", "gov", "ceo", "president", "director", "chairman",
    "founder", "engineer", "executive", "spokesperson", "spokesman", "spokeswoman", "minister", "judge", "officer",
];
}

crate::lexicon::word_set! {
    /// Last words that mark a name as an organisation.
    static ORGANIZATION_WORDS = [
    "inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "group", "commission", "committee", "agency",
    "department", "ministry", "bank", "news", "times", "post", "journal", "university", "institute", "foundation",
    "council", "board", "association", "party", "court", "office", "bureau", "network", "media", "press", "analytica",
    "labs", "technologies", "systems", "partners",
];
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word)
}

/// Adds to `seen` the capitalised words of a sentence that do not open it:
/// evidence that the same word at the start of another sentence is a name.
pub(crate) fn collect_mid_sentence_names(text: &str, tokens: &[Token], seen: &mut FxHashSet<String>) {
    for (i, token) in tokens.iter().enumerate().filter(|(_, t)| t.is(class::CAPITALISED)) {
        if opens_sentence(text, tokens, i) {
            continue;
        }
        let word = strip_possessive(token.text(text));
        if !NOT_NAMES.contains(word) && !seen.contains(word) {
            seen.insert(word.to_owned());
        }
    }
}

/// Finds the named entities of one sentence.
pub(crate) fn find(text: &str, tokens: &[Token], aliases: &mut Lookups<'_>, seen: &FxHashSet<String>) -> Vec<Entity> {
    let mut entities = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(run) = capitalised_run(text, tokens, i) else {
            i += 1;
            continue;
        };
        i = run.next;
        entities_in_run(text, tokens, run, aliases, seen, &mut entities);
    }
    entities
}
/// Capitalised tokens `first..=last`, and where to look next.
struct Run {
    first: usize,
    last: usize,
    next: usize,
}

/// The run of capitalised words (and acronyms such as `F.T.C.`) starting at token `i`.
fn capitalised_run(text: &str, tokens: &[Token], i: usize) -> Option<Run> {
    let starts = |j: usize| tokens.get(j).is_some_and(|t| t.is(class::CAPITALISED));
    if !starts(i) {
        return None;
    }
    let mut last = acronym_end(text, tokens, i);
    loop {
        if ends_with_possessive(tokens[last].text(text)) {
            break;
        }
        let next = last + 1;
        if starts(next) && separated_by_space(text, tokens[last], tokens[next]) {
            last = acronym_end(text, tokens, next);
            continue;
        }
        // `Bank of Canada`: a connector between two capitalised words.
        let connector = tokens.get(next).filter(|t| t.kind == TokenKind::Word || t.text(text) == "&");
        if let Some(connector) = connector
            && CONNECTORS.contains(connector.text(text)) && starts(next + 1) && separated_by_space(text, tokens[last], *connector) {
                last = acronym_end(text, tokens, next + 1);
                continue;
            }
        break;
    }
    Some(Run { first: i, last, next: last + 1 })
}

/// `F.T.C.` is the tokens `F . T . C .`: the last token of the acronym starting at `i`.
fn acronym_end(text: &str, tokens: &[Token], i: usize) -> usize {
    let mut last = i;
    while tokens[last].text(text).chars().count() == 1 {
        let dot = tokens.get(last + 1).filter(|t| t.text(text) == "." && tokens[last].touches(**t));
        let Some(dot) = dot else { break };
        let letter = tokens.get(last + 2).filter(|t| {
            t.kind == TokenKind::Word && dot.touches(**t) && t.text(text).chars().count() == 1
        });
        match letter {
            Some(_) => last += 2,
            None => {
                // The final period belongs to the acronym only if more than one letter came before.
                if last > i {
                    last += 1;
                }
                break;
            }
        }
    }
    last
}

fn ends_with_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

fn separated_by_space(text: &str, left: Token, right: Token) -> bool {
    text.get(left.span.end..right.span.start).is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
}

/// The names in a run: usually one, but a run that starts with a name the
/// table knows and goes on with others (`Facebook CEO Mark Zuckerberg`) is
/// split after it.
fn entities_in_run(
    text: &str,
    tokens: &[Token],
    run: Run,
    aliases: &mut Lookups<'_>,
    seen: &FxHashSet<String>,
    out: &mut Vec<Entity>,
) {
    let Run { mut first, last, .. } = run;
    let span_of = |first: usize, last: usize| Span::new(tokens[first].span.start, tokens[last].span.end);
    let name_of = |first: usize, last: usize| strip_possessive(span_of(first, last).slice(text));
    // Each lookup builds a key, so none is made twice for the same words.
    let whole = aliases.lookup(name_of(first, last));
    // A name the table knows with its article (`The New York Times`) keeps it.
    let lookup = if whole.is_some() {
        whole
    } else {
        let run_first = first;
        while first <= last && is_not_a_name(tokens[first].text(text)) {
            first += 1;
        }
        if first > last {
            return;
        }
        // `Internal Facebook documents`: a sentence's first word is capitalised
        // only because it opens the sentence, when the rest is a known name.
        let rest = (first < last).then(|| aliases.lookup(name_of(first + 1, last))).flatten();
        let skip_opener = rest.is_some() && opens_sentence(text, tokens, first) && !seen.contains(tokens[first].text(text));
        let trimmed = if skip_opener {
            first += 1;
            rest
        } else if first == run_first {
            whole
        } else {
            aliases.lookup(name_of(first, last))
        };
        let known_head = trimmed.is_none() && first < last && aliases.lookup(tokens[first].text(text)).is_some();
        if known_head {
            entities_in_run(text, tokens, Run { first, last: first, next: first + 1 }, aliases, seen, out);
            return entities_in_run(text, tokens, Run { first: first + 1, last, next: last + 1 }, aliases, seen, out);
        }
        trimmed
    };
    let mut span = span_of(first, last);
    let name = strip_possessive(span.slice(text));
    span.end = span.start + name.len();
    let lookup = lookup.or_else(|| {
        // `the Times`: the lowercase article before the name helps the table.
        let article = tokens.get(first.wrapping_sub(1)).filter(|t| t.text(text) == "the")?;
        aliases.lookup(Span::new(article.span.start, span.end).slice(text))
    });
    if first == last && lookup.is_none() && opens_sentence(text, tokens, first) && !seen.contains(name) {
        return;
    }
    let kind = match lookup {
        Some((_, kind)) if kind != EntityKind::Unknown => kind,
        _ => guess_kind(text, tokens, first, last),
    };
    let canonical = lookup.map_or_else(|| name.trim_start_matches("The ").to_owned(), |(c, _)| c.to_owned());
    out.push(Entity { span, text: name.to_owned(), canonical, kind });
}

fn is_not_a_name(word: &str) -> bool {
    let word = strip_possessive(word);
    NOT_NAMES.contains(word) || CONNECTORS.contains(word)
}

/// Whether token `i` opens a sentence or a quotation, where any word is capitalised.
fn opens_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    // A punctuation token is a single char.
    i == 0 || tokens[i - 1].kind == TokenKind::Punct && matches!(tokens[i - 1].text(text), "\"" | "“" | "‘" | "'" | "(" | ":" | "—" | "–")
}

fn guess_kind(text: &str, tokens: &[Token], first: usize, last: usize) -> EntityKind {
    let last_word = strip_possessive(tokens[last].text(text));
    if ORGANIZATION_WORDS.contains_ignore_case(last_word.trim_end_matches('.')) {
        return EntityKind::Organization;
    }
    let before = first.checked_sub(1).map(|i| tokens[i].text(text));
    let title_before = before.is_some_and(|w| PERSON_TITLES.contains_ignore_case(w.trim_end_matches('.')));
    let all_letters = (first..=last).all(|i| tokens[i].text(text).chars().all(|c| c.is_alphabetic() || "'’-".contains(c)));
    if title_before && all_letters {
        return EntityKind::Person;
    }
    let words = last + 1 - first;
    let is_acronym = words == 1 && tokens[first].text(text).chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_acronym {
        return EntityKind::Organization;
    }
    if (2..=3).contains(&words) && all_letters {
        // Two or three plain capitalised words with no organisation word: most often a person.
        return EntityKind::Person;
    }
    EntityKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alias::AliasTable;
    use crate::token::tokenize;

    fn entities(text: &str) -> Vec<String> {
        let seen: FxHashSet<String> = ["Facebook".to_owned()].into_iter().collect();
        find(text, &tokenize(text), &mut Lookups::new(&AliasTable::default()), &seen)
            .into_iter()
            .map(|e| format!("{}|{}|{:?}", e.span.slice(text), e.canonical, e.kind))
            .collect()
    }

    #[test]
    fn names_organisations_and_aliases() {
        expect_test::expect![[r#"
            [
                "Jane Okafor|Jane Okafor|Person",
                "Royal Bank of Canada|Royal Bank of Canada|Organization",
                "Times|The New York Times|Organization",
                "F.T.C.|Federal Trade Commission|Organization",
            ]
        "#]]
        .assert_debug_eq(&entities("According to Jane Okafor, the Royal Bank of Canada told the Times and the F.T.C. nothing."));
    }

    #[test]
    fn sentence_initial_capitals_need_evidence() {
        assert_eq!(entities("Regulators met on Monday."), Vec::<String>::new());
        assert_eq!(entities("Facebook's board met Acme Corp in May."), ["Facebook|Facebook|Organization", "Acme Corp|Acme Corp|Organization"]);
        assert_eq!(entities("The New York Times reported it."), ["The New York Times|The New York Times|Organization"]);
        assert_eq!(entities("In Washington, Six4Three sued."), ["Washington|Washington|Place", "Six4Three|Six4Three|Unknown"]);
        assert_eq!(entities("She said: “Partners matter.”"), Vec::<String>::new());
        assert_eq!(entities("What the Facebook files say"), ["Facebook|Facebook|Organization"]);
        assert_eq!(entities("Internal Facebook files leaked."), ["Facebook|Facebook|Organization"]);
    }

    #[test]
    fn runs_split_into_separate_names() {
        assert_eq!(entities("He met Facebook and Google."), ["Facebook|Facebook|Organization", "Google|Google|Organization"]);
        assert_eq!(
            entities("It hired Facebook CEO Mark Zuckerberg."),
            ["Facebook|Facebook|Organization", "Mark Zuckerberg|Mark Zuckerberg|Person"]
        );
    }

    #[test]
    fn possessives_and_products() {
        assert_eq!(entities("It ran on Amazon's Fire phone and the iPhone."), ["Amazon|Amazon|Organization", "Fire|Fire|Unknown", "iPhone|iPhone|Unknown"]);
    }
}
