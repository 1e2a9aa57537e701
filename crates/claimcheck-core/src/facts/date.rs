//! Dates: years, full dates, month-years, ranges, `since 2015`.

use crate::Span;
use crate::facts::{DateFact, DateRelation, PartialDate};
use crate::lexicon::ascii_lowercase;
use crate::token::{Token, TokenKind};

/// The month a word names: `April`, `Apr`, `apr` (with its period as a separate token).
///
/// `May` and `March` are months only when capitalised, since `may` and `march` are words too.
pub(crate) fn month_number(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) || word.len() < 3 {
        return None;
    }
    let mut buffer = [0u8; "september".len()];
    let lower = ascii_lowercase(word, &mut buffer)?;
    let abbreviates = |month: &[u8]| month.starts_with(lower) && (lower.len() == 3 || lower == b"sept");
    let index = MONTHS.iter().position(|m| m.as_bytes() == lower || abbreviates(m.as_bytes()))?;
    u8::try_from(index + 1).ok()
}

/// The year a token writes: four digits from 1800 to 2199, no separators.
pub(crate) fn year(text: &str, token: Token) -> Option<i32> {
    let digits = token.text(text);
    if token.kind != TokenKind::Number || digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = digits.parse().ok()?;
    (1800..=2199).contains(&year).then_some(year)
}

fn day(text: &str, token: Option<&Token>) -> Option<u8> {
    let token = token.filter(|t| t.kind == TokenKind::Number)?;
    let day: u8 = token.text(text).parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn relation(word: &str) -> Option<DateRelation> {
    let mut buffer = [0u8; "through".len()];
    Some(match ascii_lowercase(word, &mut buffer)? {
        b"in" | b"on" | b"during" | b"at" => DateRelation::At,
        b"since" => DateRelation::Since,
        b"before" => DateRelation::Before,
        b"after" => DateRelation::After,
        b"until" | b"till" | b"through" | b"thru" => DateRelation::Until,
        b"by" => DateRelation::By,
        _ => return None,
    })
}

/// A date read at a position: its value, and the tokens it covers.
struct Read {
    date: PartialDate,
    end: usize,
}

/// Reads a single date starting at token `i`.
fn read_date(text: &str, tokens: &[Token], i: usize) -> Option<Read> {
    let token = *tokens.get(i)?;
    let is = |j: usize, s: &str| tokens.get(j).is_some_and(|t| t.text(text) == s);
    if let Some(y) = year(text, token) {
        // ISO: 2018-04-11.
        let iso = is(i + 1, "-") && is(i + 3, "-") && tokens[i..i + 5.min(tokens.len() - i)].windows(2).all(|w| w[0].touches(w[1]));
        if iso && tokens.len() > i + 4 {
            let month: Option<u8> = tokens[i + 2].text(text).parse().ok().filter(|m| (1..=12).contains(m));
            if let (Some(month), Some(d)) = (month, day(text, tokens.get(i + 4))) {
                return Some(Read { date: PartialDate { year: Some(y), month: Some(month), day: Some(d) }, end: i + 5 });
            }
        }
        return Some(Read { date: PartialDate { year: Some(y), month: None, day: None }, end: i + 1 });
    }
    if let Some(month) = token.kind.eq(&TokenKind::Word).then(|| month_number(token.text(text))).flatten() {
        let mut j = i + 1;
        if is(j, ".") {
            j += 1;
        }
        let d = day(text, tokens.get(j));
        if d.is_some() {
            j += 1;
            if is(j, ",") {
                j += 1;
            }
        }
        let y = tokens.get(j).and_then(|t| year(text, *t));
        return match (d, y) {
            (_, Some(y)) => Some(Read { date: PartialDate { year: Some(y), month: Some(month), day: d }, end: j + 1 }),
            (Some(d), None) => {
                let end = if is(j - 1, ",") { j - 1 } else { j };
                Some(Read { date: PartialDate { year: None, month: Some(month), day: Some(d) }, end })
            }
            (None, None) => None,
        };
    }
    // 11 April 2018.
    let d = day(text, Some(&token))?;
    let month = tokens.get(i + 1).filter(|t| t.kind == TokenKind::Word).and_then(|t| month_number(t.text(text)))?;
    let y = tokens.get(i + 2).and_then(|t| year(text, *t));
    let end = if y.is_some() { i + 3 } else { i + 2 };
    Some(Read { date: PartialDate { year: y, month: Some(month), day: Some(d) }, end })
}

/// The end of a year range written `2011-2015`, `2011–15` or `2011 to 2015` after a date ending at `at`.
fn range_end(text: &str, tokens: &[Token], start: &PartialDate, at: usize, joiners: &[&str]) -> Option<(PartialDate, usize)> {
    let joiner = tokens.get(at).filter(|t| joiners.contains(&t.text(text)))?;
    let next = tokens.get(at + 1)?;
    if let Some(read) = read_date(text, tokens, at + 1)
        && read.date.year.is_some()
        && read.date.year >= start.year
    {
        return Some((read.date, read.end));
    }
    // `2011-15`: two digits right after a dash.
    let short = next.text(text);
    let dash = matches!(joiner.text(text), "-" | "–" | "—");
    if dash && short.len() == 2 && next.kind == TokenKind::Number && joiner.touches(*next) {
        let century = start.year? / 100 * 100;
        let year = century + short.parse::<i32>().ok()?;
        if Some(year) > start.year {
            return Some((PartialDate { year: Some(year), month: None, day: None }, at + 2));
        }
    }
    None
}

/// Finds the dates in one sentence.
pub(crate) fn find(text: &str, tokens: &[Token]) -> Vec<DateFact> {
    let mut dates = Vec::new();
    // Every date holds digits (a year or a day), and most sentences hold none.
    if !tokens.iter().any(|t| t.kind == TokenKind::Number) {
        return dates;
    }
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].text(text);
        // Every date holds a number or a capitalised month.
        let may_start = tokens[i..(i + 2).min(tokens.len())]
            .iter()
            .any(|t| t.kind == TokenKind::Number || t.text(text).starts_with(|c: char| c.is_ascii_uppercase()));
        if !may_start {
            i += 1;
            continue;
        }
        let between = word.eq_ignore_ascii_case("between");
        // `between 2011 and 2015`, `from 2011 to 2015`.
        if (between || word.eq_ignore_ascii_case("from"))
            && let Some(start) = read_date(text, tokens, i + 1).filter(|r| r.date.year.is_some())
        {
            let joiners: &[&str] = if between { &["and", "-", "–"] } else { &["to", "until", "through", "-", "–"] };
            if let Some((end, after)) = range_end(text, tokens, &start.date, start.end, joiners) {
                dates.push(fact(tokens, i, after, start.date, Some(end), DateRelation::Between));
                i = after;
                continue;
            }
        }
        let (first, relation) = match relation(word) {
            Some(relation) if read_date(text, tokens, i + 1).is_some() => (i + 1, relation),
            _ => (i, DateRelation::At),
        };
        let Some(read) = read_date(text, tokens, first) else {
            i += 1;
            continue;
        };
        if is_not_a_year(text, tokens, first, &read) {
            i = read.end;
            continue;
        }
        let start = if first > i { i } else { first };
        // `the 1990s`: a decade.
        if tokens.get(read.end).is_some_and(|t| t.text(text) == "s" && tokens[read.end - 1].touches(*t)) {
            let from = read.date.year.unwrap_or_default();
            let end = PartialDate { year: Some(from + 9), month: None, day: None };
            dates.push(fact(tokens, start, read.end + 1, read.date, Some(end), DateRelation::Between));
            i = read.end + 1;
            continue;
        }
        if let Some((end, after)) = range_end(text, tokens, &read.date, read.end, &["-", "–", "—", "to", "through"]) {
            let relation = if relation == DateRelation::At { DateRelation::Between } else { relation };
            dates.push(fact(tokens, start, after, read.date, Some(end), relation));
            i = after;
            continue;
        }
        dates.push(fact(tokens, start, read.end, read.date, None, relation));
        i = read.end;
    }
    dates
}

/// A bare four-digit number that is money, a percentage or a scaled amount, not a year.
fn is_not_a_year(text: &str, tokens: &[Token], first: usize, read: &Read) -> bool {
    if read.date.month.is_some() {
        return false;
    }
    let before = first.checked_sub(1).map(|j| tokens[j].text(text));
    let mut buffer = [0u8; "thousand".len()];
    let after = tokens.get(read.end).and_then(|t| ascii_lowercase(t.text(text), &mut buffer));
    matches!(before, Some("$" | "£" | "€"))
        || matches!(after, Some(b"%" | b"percent" | b"million" | b"billion" | b"thousand" | b"k" | b"m" | b"bn"))
}

fn fact(tokens: &[Token], first: usize, end: usize, start: PartialDate, last: Option<PartialDate>, relation: DateRelation) -> DateFact {
    let span = Span::new(tokens[first].span.start, tokens[end - 1].span.end);
    DateFact { span, start, end: last, relation }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn dates(text: &str) -> Vec<String> {
        find(text, &tokenize(text))
            .into_iter()
            .map(|d| {
                let show = |p: PartialDate| format!("{:?}-{:?}-{:?}", p.year, p.month, p.day).replace("Some(", "").replace(')', "");
                format!("{} = {} {:?} {:?}", d.span.slice(text), show(d.start), d.end.map(show), d.relation)
            })
            .collect()
    }

    #[test]
    fn full_dates_in_three_orders() {
        assert_eq!(dates("On April 11, 2018 he spoke."), ["On April 11, 2018 = 2018-4-11 None At"]);
        assert_eq!(dates("It was 11 April 2018."), ["11 April 2018 = 2018-4-11 None At"]);
        assert_eq!(dates("Filed 2018-04-11."), ["2018-04-11 = 2018-4-11 None At"]);
        assert_eq!(dates("By Apr. 3, 2019 it ended."), ["By Apr. 3, 2019 = 2019-4-3 None By"]);
        assert_eq!(dates("Since March 2015 and on May 4."), ["Since March 2015 = 2015-3-None None Since", "on May 4 = None-5-4 None At"]);
    }

    #[test]
    fn years_and_ranges() {
        assert_eq!(dates("It sued in 2015."), ["in 2015 = 2015-None-None None At"]);
        assert_eq!(dates("between 2011 and 2015"), ["between 2011 and 2015 = 2011-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("from 2011 to 2015"), ["from 2011 to 2015 = 2011-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("the years 2012 to 2015"), ["2012 to 2015 = 2012-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("in 2011-15"), ["in 2011-15 = 2011-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("in the 1990s"), ["1990s = 1990-None-None Some(\"1999-None-None\") Between"]);
    }

    #[test]
    fn not_dates() {
        assert!(dates("It may rise; they march on. It paid $2015 for 2,015 pages and 2015% more.").is_empty());
        assert!(dates("Room 12 of 40").is_empty());
    }

    #[test]
    fn relations_and_dashes() {
        assert_eq!(dates("It ran 2011\u{2013}2015."), ["2011\u{2013}2015 = 2011-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("It ran 2011-2015."), ["2011-2015 = 2011-None-None Some(\"2015-None-None\") Between"]);
        assert_eq!(dates("until 2015"), ["until 2015 = 2015-None-None None Until"]);
        assert_eq!(dates("through 2015"), ["through 2015 = 2015-None-None None Until"]);
        assert_eq!(
            dates("after 2015 and before 2019"),
            ["after 2015 = 2015-None-None None After", "before 2019 = 2019-None-None None Before"]
        );
        assert_eq!(dates("in April 2018"), ["in April 2018 = 2018-4-None None At"]);
        assert_eq!(dates("on 3 May"), ["on 3 May = None-5-3 None At"]);
    }

    #[test]
    fn modal_may_and_apostrophe_decades() {
        assert_eq!(dates("May I ask? May 2018 came."), ["May 2018 = 2018-5-None None At"]);
        assert_eq!(dates("March on, March 3"), ["March 3 = None-3-3 None At"]);
        // Apostrophe decades are not read.
        assert!(dates("the \u{2019}90s").is_empty());
        // A range must run forwards.
        assert_eq!(dates("2015 to 2011"), ["2015 = 2015-None-None None At", "2011 = 2011-None-None None At"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_char_boundaries(text in "(\\PC|[0-9,.\u{2013}-]|May |April |since |between ){0,30}") {
            let tokens = tokenize(&text);
            for d in find(&text, &tokens) {
                proptest::prop_assert!(text.get(d.span.start..d.span.end).is_some());
            }
        }
    }
}
