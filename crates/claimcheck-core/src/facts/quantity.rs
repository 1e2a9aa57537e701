//! Quantities: `4,000 pages`, `about 6.8 million users`, `20%`, `$40 million`, `400 to 4,000`.

use crate::Span;
use crate::facts::date::{month_number, year};
use crate::facts::number::{self, ReadNumber};
use crate::facts::{Qualifier, Quantity, QuantityKind};
use crate::lexicon::{ascii_lowercase, class};
use crate::token::{Token, TokenKind};

crate::lexicon::word_set! {
    /// Words that end the search for the noun a number counts.
    static NOT_UNITS = [
        "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "as", "than", "and", "or", "but", "that",
        "which", "who", "the", "a", "an", "its", "their", "his", "her", "our", "is", "are", "was", "were", "be", "been",
        "has", "have", "had", "will", "would", "could", "can", "may", "might", "did", "do", "does", "per", "cent",
        "percent", "more", "less", "fewer", "over", "under", "into", "between", "through", "after", "before", "since",
        "during", "each", "every", "this", "these", "those", "it", "they", "he", "she", "we", "you", "there", "not",
        "also", "only", "just", "so", "when", "while", "where", "if", "because", "all", "some", "any",
    ];
}

/// Words other than number words that can open a quantity: `between 400
/// and 4,000`, `a dozen`, `US$`, `hundreds of users`.
pub(crate) const QUANTITY_OPENERS: &[&str] = &["between", "a", "us", "dozens", "hundreds", "thousands", "millions", "billions"];

/// Qualifiers of two words or more, longest first, with what they mean.
const PHRASE_QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["more", "than"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["up", "to"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["an", "estimated"], Qualifier::Approximate),
    (&["just", "under"], Qualifier::Nearly),
    (&["about"], Qualifier::Approximate),
    (&["around"], Qualifier::Approximate),
    (&["roughly"], Qualifier::Approximate),
    (&["approximately"], Qualifier::Approximate),
    (&["approx"], Qualifier::Approximate),
    (&["some"], Qualifier::Approximate),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["over"], Qualifier::MoreThan),
    (&["under"], Qualifier::LessThan),
];

/// Finds the quantities in one sentence. Years are dates, never quantities.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let mut quantities = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !may_start_quantity(text, tokens[i]) {
            i += 1;
            continue;
        }
        match read_quantity(text, tokens, i) {
            Some((quantity, next)) => {
                quantities.push(quantity);
                i = next;
            }
            None => i += 1,
        }
    }
    quantities
}

/// A cheap test before reading: digits, a currency sign, or a word that can open a quantity.
fn may_start_quantity(text: &str, token: Token) -> bool {
    match token.kind {
        TokenKind::Number => true,
        TokenKind::Punct => currency_sign(token.text(text)).is_some(),
        TokenKind::Word => token.is(class::NUMBER_WORD | class::QUANTITY_OPENER),
    }
}

/// Reads a quantity whose number (or currency sign, or `between`) is at token `i`.
fn read_quantity(text: &str, tokens: &[Token], i: usize) -> Option<(Quantity, usize)> {
    let word = |j: usize| tokens.get(j).map_or("", |t| t.text(text));

    if let Some(vague) = vague_quantity(text, tokens, i) {
        return Some(vague);
    }
    let between = word(i).eq_ignore_ascii_case("between");
    let mut at = if between { i + 1 } else { i };
    let currency = currency_sign(word(at)).or_else(|| (word(at) == "US" && word(at + 1) == "$").then_some("USD"));
    if currency.is_some() {
        at += if word(at) == "US" { 2 } else { 1 };
    }
    let mut first = read_number(text, tokens, at)?;
    if currency.is_none() && is_year_or_date_part(text, tokens, &first) {
        return None;
    }
    let mut end = first.end;

    // A range: `400 to 4,000`, `between 400 and 4,000`, `400-4,000`.
    let joiners: &[&str] = if between { &["and", "-", "–"] } else { &["to", "-", "–"] };
    let mut upper = None;
    if joiners.iter().any(|joiner| word(end).eq_ignore_ascii_case(joiner)) {
        let second_at = end + 1 + usize::from(currency.is_some() && currency_sign(word(end + 1)).is_some());
        if let Some(second) = read_number(text, tokens, second_at).filter(|n| !is_year_or_date_part(text, tokens, n)) {
            let first_scaled = first.end > first.first + 1 && !first.in_words;
            if !first_scaled
                && let Some(factor) = tokens.get(second.end - 1).and_then(|t| number::scale(t.text(text), false))
            {
                first.value *= factor;
            }
            if second.value > first.value {
                upper = Some(second.value);
                end = second.end;
            }
        }
    } else if between {
        return None;
    }

    let mut kind = currency.map_or(QuantityKind::Count, |code| QuantityKind::Money(code.to_owned()));
    let mut buffer = [0u8; "dollars".len()];
    match ascii_lowercase(word(end), &mut buffer).unwrap_or_default() {
        b"%" | b"percent" | b"pc" => {
            kind = QuantityKind::Percent;
            end += 1;
        }
        b"per" if word(end + 1).eq_ignore_ascii_case("cent") => {
            kind = QuantityKind::Percent;
            end += 2;
        }
        currency_word @ (b"dollars" | b"euros" | b"pounds") if currency.is_none() => {
            let code = match currency_word {
                b"dollars" => "USD",
                b"euros" => "EUR",
                _ => "GBP",
            };
            kind = QuantityKind::Money(code.to_owned());
            end += 1;
        }
        _ => {}
    }
    if first.in_words && first.value == 1.0 && kind == QuantityKind::Count && !one_counts(text, tokens, end) {
        return None;
    }
    // `third`, `1st`: ordinals are not quantities.
    if tokens.get(first.end).is_some_and(|t| first.end == first.first + 1 && tokens[first.first].touches(*t) && matches!(t.text(text), "st" | "nd" | "rd" | "th")) {
        return None;
    }

    let (unit, unit_end) = match kind {
        QuantityKind::Percent => (of_noun(text, tokens, end), None),
        QuantityKind::Money(_) => (None, None),
        QuantityKind::Count => counted_noun(text, tokens, end),
    };
    let (qualifier, qualifier_start) = qualifier_before(text, tokens, i);
    let start = tokens[qualifier_start.unwrap_or(i)].span.start;
    let last = unit_end.unwrap_or(end - 1);
    let span = Span::new(start, tokens[last].span.end);
    let quantity = Quantity { span, value: first.value, upper, kind, unit, qualifier };
    Some((quantity, last + 1))
}

fn currency_sign(word: &str) -> Option<&'static str> {
    match word {
        "$" => Some("USD"),
        "£" => Some("GBP"),
        "€" => Some("EUR"),
        _ => None,
    }
}

fn read_number(text: &str, tokens: &[Token], i: usize) -> Option<ReadNumber> {
    let token = tokens.get(i)?;
    if token.kind == TokenKind::Word && token.text(text).eq_ignore_ascii_case("a") {
        // `a dozen`
        tokens.get(i + 1).filter(|t| t.text(text).eq_ignore_ascii_case("dozen"))?;
        return Some(ReadNumber { value: 12.0, first: i, end: i + 2, in_words: true });
    }
    number::read(text, tokens, i)
}

/// A year, or the day or month of a date: `2015`, `April 11`, `11 April`, `2018-04-11`.
fn is_year_or_date_part(text: &str, tokens: &[Token], number: &ReadNumber) -> bool {
    if number.in_words || number.end != number.first + 1 {
        return false;
    }
    let i = number.first;
    let neighbour_is_month = |j: Option<usize>| {
        j.and_then(|j| tokens.get(j)).is_some_and(|t| t.kind == TokenKind::Word && month_number(t.text(text)).is_some())
    };
    let next = tokens.get(i + 1).map(|t| t.text(text));
    let scaled_or_percent = next.is_some_and(|n| n == "%" || n.eq_ignore_ascii_case("percent"));
    let dash_before = i >= 1 && tokens[i - 1].text(text) == "-" && tokens[i - 1].touches(tokens[i]);
    let year_at = |j: Option<usize>| j.is_some_and(|j| year(text, tokens[j]).is_some());
    let iso_part = dash_before && (year_at(i.checked_sub(2)) || (year_at(i.checked_sub(4)) && tokens[i - 3].text(text) == "-"));
    (year(text, tokens[i]).is_some() && !scaled_or_percent)
        || neighbour_is_month(i.checked_sub(1))
        || (neighbour_is_month(i.checked_sub(2)) && tokens[i - 1].text(text) == ".")
        || neighbour_is_month(Some(i + 1))
        || iso_part
}

/// `one engineer` counts; `one of them`, `one said` do not.
fn one_counts(text: &str, tokens: &[Token], after: usize) -> bool {
    tokens.get(after).is_some_and(|t| {
        t.kind == TokenKind::Word && t.text(text).starts_with(|c: char| c.is_lowercase()) && !NOT_UNITS.contains_ignore_case(t.text(text))
    })
}

/// `hundreds of documents`, `millions of users`: at least twice the scale.
fn vague_quantity(text: &str, tokens: &[Token], i: usize) -> Option<(Quantity, usize)> {
    let mut buffer = [0u8; "thousands".len()];
    let base = match ascii_lowercase(tokens.get(i)?.text(text), &mut buffer)? {
        b"dozens" => 12.0,
        b"hundreds" => 1e2,
        b"thousands" => 1e3,
        b"millions" => 1e6,
        b"billions" => 1e9,
        _ => return None,
    };
    if tokens.get(i + 1).is_none_or(|t| t.text(text) != "of") {
        return None;
    }
    let (unit, unit_end) = counted_noun(text, tokens, i + 2);
    let last = unit_end.unwrap_or(i);
    let span = Span::new(tokens[i].span.start, tokens[last].span.end);
    let quantity = Quantity { span, value: 2.0 * base, upper: None, kind: QuantityKind::Count, unit, qualifier: Qualifier::AtLeast };
    Some((quantity, last + 1))
}

/// The qualifier written before token `i`, and the token where it starts.
fn qualifier_before(text: &str, tokens: &[Token], i: usize) -> (Qualifier, Option<usize>) {
    for (words, qualifier) in PHRASE_QUALIFIERS {
        let Some(start) = i.checked_sub(words.len()) else { continue };
        let matches = words.iter().enumerate().all(|(k, w)| tokens[start + k].text(text).eq_ignore_ascii_case(w));
        if matches {
            return (*qualifier, Some(start));
        }
    }
    (Qualifier::Exact, None)
}

/// The noun a number counts, singular, and the token it stands at:
/// `4,000 pages` → `page`; `fifty former Facebook employees` → `employee`.
fn counted_noun(text: &str, tokens: &[Token], from: usize) -> (Option<String>, Option<usize>) {
    let mut fallback = None;
    for (j, &token) in tokens.iter().enumerate().skip(from).take(4) {
        let word = token.text(text);
        if token.kind != TokenKind::Word || NOT_UNITS.contains_ignore_case(word) {
            break;
        }
        if word.starts_with(|c: char| c.is_uppercase()) {
            // A name modifying the noun: `Facebook employees`.
            continue;
        }
        if looks_plural(word) {
            return (Some(singular(word)), Some(j));
        }
        if fallback.is_none() {
            fallback = Some((word.to_lowercase(), j));
        }
    }
    match fallback {
        Some((word, j)) => (Some(word), Some(j)),
        None => (None, None),
    }
}

/// `20% of their data` → `data`.
fn of_noun(text: &str, tokens: &[Token], from: usize) -> Option<String> {
    if tokens.get(from).is_none_or(|t| t.text(text) != "of") {
        return None;
    }
    let mut j = from + 1;
    while tokens.get(j).is_some_and(|t| matches!(t.text(text).to_ascii_lowercase().as_str(), "the" | "its" | "their" | "his" | "her" | "our" | "all")) {
        j += 1;
    }
    counted_noun(text, tokens, j).0
}

fn looks_plural(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(lower.as_str(), "people" | "men" | "women" | "children" | "data" | "media")
        || (lower.len() > 2 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is"))
}

/// The singular of a plural noun: `companies` → `company`, `boxes` → `box`.
pub(crate) fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "people" => return "person".to_owned(),
        "men" => return "man".to_owned(),
        "women" => return "woman".to_owned(),
        "children" => return "child".to_owned(),
        _ => {}
    }
    if let Some(stem) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes", "zes"] {
        if lower.ends_with(ending) {
            return lower[..lower.len() - 2].to_owned();
        }
    }
    match lower.strip_suffix('s') {
        Some(stem) if !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is") => stem.to_owned(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn quantities(text: &str) -> Vec<String> {
        find(text, &tokenize(text))
            .into_iter()
            .map(|q| format!("{} = {} {:?} {:?} {:?} {:?}", q.span.slice(text), q.value, q.upper, q.kind, q.unit, q.qualifier))
            .collect()
    }

    #[test]
    fn counts_with_their_nouns() {
        assert_eq!(quantities("The cache holds 4,000 pages."), ["4,000 pages = 4000 None Count Some(\"page\") Exact"]);
        assert_eq!(quantities("It cites 4000 documents"), ["4000 documents = 4000 None Count Some(\"document\") Exact"]);
        assert_eq!(quantities("about 6.8 million users"), ["about 6.8 million users = 6800000 None Count Some(\"user\") Approximate"]);
        assert_eq!(quantities("Fifty former Acme employees"), ["Fifty former Acme employees = 50 None Count Some(\"employee\") Exact"]);
        assert_eq!(quantities("as many as 50 million users' accounts"), ["as many as 50 million users = 50000000 None Count Some(\"user\") AtMost"]);
        assert_eq!(quantities("They met 12 times."), ["12 times = 12 None Count Some(\"time\") Exact"]);
        assert_eq!(quantities("four thousand companies"), ["four thousand companies = 4000 None Count Some(\"company\") Exact"]);
        assert_eq!(quantities("4k users"), ["4k users = 4000 None Count Some(\"user\") Exact"]);
    }

    #[test]
    fn percentages_and_money() {
        assert_eq!(quantities("around 20% of their data"), ["around 20% = 20 None Percent Some(\"data\") Approximate"]);
        assert_eq!(quantities("twenty per cent"), ["twenty per cent = 20 None Percent None Exact"]);
        assert_eq!(quantities("40 percent"), ["40 percent = 40 None Percent None Exact"]);
        assert_eq!(quantities("paid $40 million"), ["$40 million = 40000000 None Money(\"USD\") None Exact"]);
        assert_eq!(quantities("a £1.2bn deal"), ["£1.2bn = 1200000000 None Money(\"GBP\") None Exact"]);
        assert_eq!(quantities("40 million dollars"), ["40 million dollars = 40000000 None Money(\"USD\") None Exact"]);
    }

    #[test]
    fn ranges_and_qualifiers() {
        assert_eq!(quantities("about 400 to 4,000 pages"), ["about 400 to 4,000 pages = 400 Some(4000.0) Count Some(\"page\") Approximate"]);
        assert_eq!(quantities("between 400 and 4,000 pages"), ["between 400 and 4,000 pages = 400 Some(4000.0) Count Some(\"page\") Exact"]);
        assert_eq!(quantities("5 to 10 million users"), ["5 to 10 million users = 5000000 Some(10000000.0) Count Some(\"user\") Exact"]);
        assert_eq!(quantities("more than 150 apps"), ["more than 150 apps = 150 None Count Some(\"app\") MoreThan"]);
        assert_eq!(quantities("at least 3 firms"), ["at least 3 firms = 3 None Count Some(\"firm\") AtLeast"]);
        assert_eq!(quantities("hundreds of documents"), ["hundreds of documents = 200 None Count Some(\"document\") AtLeast"]);
    }

    #[test]
    fn years_dates_ordinals_and_one_of_are_not_quantities() {
        assert!(quantities("In 2015 it sued; on April 11, 2018 and 11 April; 2018-04-11.").is_empty());
        assert!(quantities("One of the engineers, the third, came 1st.").is_empty());
        assert!(quantities("between 2011 and 2015").is_empty());
        assert_eq!(quantities("one engineer"), ["one engineer = 1 None Count Some(\"engineer\") Exact"]);
    }

    #[test]
    fn more_qualifiers_currencies_and_range_dashes() {
        assert_eq!(quantities("upwards of 500 people"), ["upwards of 500 people = 500 None Count Some(\"person\") MoreThan"]);
        assert_eq!(quantities("in excess of 30 staff"), ["in excess of 30 staff = 30 None Count Some(\"staff\") MoreThan"]);
        assert_eq!(quantities("no fewer than 9 judges"), ["no fewer than 9 judges = 9 None Count Some(\"judge\") AtLeast"]);
        assert_eq!(quantities("up to 87 million people"), ["up to 87 million people = 87000000 None Count Some(\"person\") AtMost"]);
        assert_eq!(quantities("at most 3 days"), ["at most 3 days = 3 None Count Some(\"day\") AtMost"]);
        assert_eq!(quantities("under 10 ads"), ["under 10 ads = 10 None Count Some(\"ad\") LessThan"]);
        assert_eq!(quantities("almost 90 percent"), ["almost 90 percent = 90 None Percent None Nearly"]);
        assert_eq!(quantities("some 300 workers"), ["some 300 workers = 300 None Count Some(\"worker\") Approximate"]);
        assert_eq!(quantities("an estimated 87 million people"), ["an estimated 87 million people = 87000000 None Count Some(\"person\") Approximate"]);
        assert_eq!(quantities("a dozen eggs"), ["a dozen eggs = 12 None Count Some(\"egg\") Exact"]);
        assert_eq!(quantities("dozens of emails"), ["dozens of emails = 24 None Count Some(\"email\") AtLeast"]);
        assert_eq!(quantities("It fell 3.5 per cent."), ["3.5 per cent = 3.5 None Percent None Exact"]);
        assert_eq!(
            quantities("It paid US$40m and €5bn."),
            ["US$40m = 40000000 None Money(\"USD\") None Exact", "€5bn = 5000000000 None Money(\"EUR\") None Exact"]
        );
        assert_eq!(quantities("40 million euros"), ["40 million euros = 40000000 None Money(\"EUR\") None Exact"]);
        assert_eq!(quantities("400-4,000 files"), ["400-4,000 files = 400 Some(4000.0) Count Some(\"file\") Exact"]);
        assert_eq!(quantities("400\u{2013}4,000 files"), ["400\u{2013}4,000 files = 400 Some(4000.0) Count Some(\"file\") Exact"]);
    }

    #[test]
    fn near_misses() {
        assert!(quantities("The Fire phone sold.").is_empty());
        // A list, not `1.2` or `12`.
        assert_eq!(quantities("Items 1,2 and 3."), ["1 = 1 None Count None Exact", "2 = 2 None Count None Exact", "3 = 3 None Count None Exact"]);
        // Money, percentages and separators make a four-digit number a quantity again.
        assert_eq!(
            quantities("in 2015 and 2,000 pages, $2015, 2015%"),
            ["2,000 pages = 2000 None Count Some(\"page\") Exact", "$2015 = 2015 None Money(\"USD\") None Exact", "2015% = 2015 None Percent None Exact"]
        );
        assert!(quantities("in the 1990s").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_char_boundaries(text in "(\\PC|[0-9$£€%,.\u{2013}-]){0,40}") {
            let tokens = tokenize(&text);
            for q in find(&text, &tokens) {
                proptest::prop_assert!(text.get(q.span.start..q.span.end).is_some());
            }
        }
    }
}
