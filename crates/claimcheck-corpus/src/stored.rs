//! The stored form of a passage: what the index keeps of each passage
//! (`index.rs`), in a compact layout of our own rather than JSON.
//!
//! Serialising whole passages as JSON took 11% of indexing's CPU, and the
//! stored JSON was 93% of the index's size (field names, spans as decimal
//! numbers, and each sentence's text written again beside the excerpt that
//! holds it); this layout makes the index a third of that size. Here:
//!
//! - integers are LEB128 varints, and spans are offsets from the excerpt's
//!   start, so they take a byte or two;
//! - a string that the excerpt already holds where its span starts (a
//!   sentence's text, an entity or quotation as written, line breaks read as
//!   spaces as the core reads them) is stored as its length only;
//! - enums are one byte.
//!
//! Every struct is taken apart and built without `..`, so a field added to a
//! core type fails to compile here rather than silently not being stored;
//! a change of this layout must raise `store::FORMAT_VERSION`.

use std::sync::Arc;

use claimcheck_core::{
    Attribution, AttributionCue, Citation, CitationKind, Cue, DateFact, DateRelation, Entity, EntityKind, Facts, NotClaimReason, PartialDate, Qualifier,
    Quantity, QuantityKind, Quotation, Reason, Sentence, SentenceContext, Span, Speaker, Worthiness,
};

use crate::passage::PassageView;
use crate::{Excerpt, Location, Passage, PassageId, SourceId};

/// Why stored bytes are not a passage.
pub(crate) type Damaged = &'static str;

/// `passage`'s stored form.
pub(crate) fn encode(passage: &PassageView<'_>) -> Vec<u8> {
    let PassageView { id: PassageId { source, sentence }, sentences, focus, span, context, location, excerpt_start, first_line, excerpt_text } = passage;
    // The excerpt and a little more: most texts are stored as lengths into it.
    let mut out = Vec::with_capacity(excerpt_text.len() + 256);
    let mut writer = Writer { out: &mut out, excerpt_start: *excerpt_start, excerpt: excerpt_text };
    writer.uint(*excerpt_start as u64);
    writer.uint(u64::from(*first_line));
    writer.str(excerpt_text);
    writer.out.extend_from_slice(&source.0.to_le_bytes());
    writer.uint(u64::from(*sentence));
    writer.uint(*focus as u64);
    writer.span(*span);
    writer.span(*context);
    match location {
        Location::Line(line) => writer.uint(u64::from(*line) << 1),
        Location::Page(page) => writer.uint(u64::from(*page) << 1 | 1),
    }
    writer.list(sentences, Writer::sentence);
    out
}

/// The passage whose stored form is `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Passage, Damaged> {
    let mut reader = Reader { bytes, excerpt_start: 0, excerpt: "" };
    let start = reader.usize()?;
    let first_line = reader.u32()?;
    let text = reader.str()?;
    let excerpt = Excerpt { start, first_line, text: text.to_owned() };
    (reader.excerpt_start, reader.excerpt) = (start, text);
    let source = SourceId(u64::from_le_bytes(reader.take(8)?.try_into().map_err(|_| TRUNCATED)?));
    let sentence = reader.u32()?;
    let focus = reader.usize()?;
    let span = reader.span()?;
    let context = reader.span()?;
    let location = reader.uint()?;
    let number = u32::try_from(location >> 1).map_err(|_| OUT_OF_RANGE)?;
    let location = if location & 1 == 0 { Location::Line(number) } else { Location::Page(number) };
    let sentences = reader.list(Reader::sentence)?;
    if focus >= sentences.len() || !reader.bytes.is_empty() {
        return Err("its sentences do not match");
    }
    Ok(Passage { id: PassageId { source, sentence }, sentences, focus, span, context, location, excerpt: Arc::new(excerpt) })
}

const TRUNCATED: Damaged = "it ends too early";
const OUT_OF_RANGE: Damaged = "a number is out of range";
const UNKNOWN: Damaged = "an unknown kind";

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    excerpt_start: usize,
    excerpt: &'a str,
}

impl Writer<'_> {
    fn uint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.out.push(value as u8);
    }

    /// Zigzag: small negative numbers stay small.
    fn int(&mut self, value: i64) {
        self.uint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn bool(&mut self, value: bool) {
        self.out.push(u8::from(value));
    }

    fn str(&mut self, text: &str) {
        self.uint(text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    fn option_str(&mut self, text: Option<&str>) {
        self.option(text, Writer::str);
    }

    /// Relative to the excerpt, whose spans nearly all lie inside it (but
    /// nothing here depends on that).
    fn span(&mut self, span: Span) {
        self.int((span.start as i64).wrapping_sub(self.excerpt_start as i64));
        self.int((span.end as i64).wrapping_sub(span.start as i64));
    }

    /// `text`, as a length alone when the excerpt holds it at `at` (with
    /// line breaks as spaces): the low bit tells which.
    fn text_at(&mut self, at: usize, text: &str) {
        let held = at.checked_sub(self.excerpt_start).and_then(|from| self.excerpt.as_bytes().get(from..from + text.len()));
        if held.is_some_and(|held| held.iter().zip(text.as_bytes()).all(|(&h, &t)| as_read(h) == t)) {
            self.uint((text.len() as u64) << 1 | 1);
        } else {
            self.uint((text.len() as u64) << 1);
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    /// Whole numbers (nearly every quantity) as varints, others as their bits.
    fn f64(&mut self, value: f64) {
        let whole = value as i64;
        if whole as f64 == value && whole.unsigned_abs() < 1 << 52 && !(value == 0.0 && value.is_sign_negative()) {
            self.int(whole << 1);
        } else {
            self.int(1);
            self.out.extend_from_slice(&value.to_bits().to_le_bytes());
        }
    }

    fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            Some(value) => {
                self.out.push(1);
                write(self, value);
            }
            None => self.out.push(0),
        }
    }

    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.uint(items.len() as u64);
        for item in items {
            write(self, item);
        }
    }

    fn sentence(&mut self, sentence: &Sentence) {
        let Sentence { span, text, context, facts, citations, worthiness } = sentence;
        self.span(*span);
        self.text_at(span.start, text);
        self.out.push(match context {
            SentenceContext::Paragraph => 0,
            SentenceContext::Heading => 1,
            SentenceContext::ListItem => 2,
            SentenceContext::BlockQuote => 3,
            SentenceContext::TableCell => 4,
        });
        self.facts(facts);
        self.list(citations, Writer::citation);
        match worthiness {
            Worthiness::Claim { reasons } => {
                self.out.push(0);
                self.list(reasons, |w, reason| w.out.push(reason_code(*reason)));
            }
            Worthiness::NotClaim { reason } => {
                self.out.push(1);
                self.out.push(match reason {
                    NotClaimReason::Heading => 0,
                    NotClaimReason::Question => 1,
                    NotClaimReason::Opinion => 2,
                    NotClaimReason::NoCheckableContent => 3,
                });
            }
        }
    }

    fn facts(&mut self, facts: &Facts) {
        let Facts { quantities, dates, quotations, entities, attributions, negations, hedges } = facts;
        self.list(quantities, Writer::quantity);
        self.list(dates, Writer::date);
        self.list(quotations, Writer::quotation);
        self.list(entities, Writer::entity);
        self.list(attributions, Writer::attribution);
        self.list(negations, Writer::cue);
        self.list(hedges, Writer::cue);
    }

    fn quantity(&mut self, quantity: &Quantity) {
        let Quantity { span, value, upper, kind, unit, qualifier } = quantity;
        self.span(*span);
        self.f64(*value);
        self.option(*upper, Writer::f64);
        match kind {
            QuantityKind::Count => self.out.push(0),
            QuantityKind::Percent => self.out.push(1),
            QuantityKind::Money(currency) => {
                self.out.push(2);
                self.str(currency);
            }
        }
        self.option_str(unit.as_deref());
        self.out.push(qualifier_code(*qualifier));
    }

    fn date(&mut self, date: &DateFact) {
        let DateFact { span, start, end, relation } = date;
        self.span(*span);
        self.partial_date(*start);
        self.option(*end, Writer::partial_date);
        self.out.push(relation_code(*relation));
    }

    fn partial_date(&mut self, date: PartialDate) {
        let PartialDate { year, month, day } = date;
        self.option(year, |w, year| w.int(i64::from(year)));
        self.option(month, |w, month| w.out.push(month));
        self.option(day, |w, day| w.out.push(day));
    }

    fn quotation(&mut self, quotation: &Quotation) {
        let Quotation { span, inner, text, speaker, closed } = quotation;
        self.span(*span);
        self.span(*inner);
        self.text_at(inner.start, text);
        self.option(speaker.as_ref(), |w, Speaker { name, span, entity }| {
            w.option(*span, Writer::span);
            match span {
                Some(span) => w.text_at(span.start, name),
                None => w.str(name),
            }
            w.option_str(entity.as_deref());
        });
        self.bool(*closed);
    }

    fn entity(&mut self, entity: &Entity) {
        let Entity { span, text, canonical, kind } = entity;
        self.span(*span);
        self.text_at(span.start, text);
        // Most names are their own canonical name.
        self.option((canonical != text).then_some(canonical.as_str()), Writer::str);
        self.out.push(match kind {
            EntityKind::Person => 0,
            EntityKind::Organization => 1,
            EntityKind::Product => 2,
            EntityKind::Place => 3,
            EntityKind::Unknown => 4,
        });
    }

    fn attribution(&mut self, attribution: &Attribution) {
        let Attribution { span, source, source_span, entity, cue } = attribution;
        self.span(*span);
        self.span(*source_span);
        self.text_at(source_span.start, source);
        self.option_str(entity.as_deref());
        match cue {
            AttributionCue::AccordingTo => self.out.push(0),
            AttributionCue::Verb(verb) => {
                self.out.push(1);
                self.str(verb);
            }
            AttributionCue::Report => self.out.push(2),
        }
    }

    fn cue(&mut self, cue: &Cue) {
        let Cue { span, text } = cue;
        self.span(*span);
        self.text_at(span.start, text);
    }

    fn citation(&mut self, citation: &Citation) {
        let Citation { span, kind, target } = citation;
        self.span(*span);
        match kind {
            CitationKind::Footnote { label } => {
                self.out.push(0);
                self.str(label);
            }
            CitationKind::Link => self.out.push(1),
            CitationKind::Pandoc { key } => {
                self.out.push(2);
                self.str(key);
            }
        }
        self.option_str(target.as_deref());
    }
}

/// A byte of the source as the core reads it into a sentence's text.
fn as_read(byte: u8) -> u8 {
    if byte == b'\n' { b' ' } else { byte }
}

const REASONS: [Reason; 6] = [Reason::Quantity, Reason::Date, Reason::Quotation, Reason::Attribution, Reason::Citation, Reason::EntityWithFactualVerb];
const QUALIFIERS: [Qualifier; 7] =
    [Qualifier::Exact, Qualifier::Approximate, Qualifier::AtLeast, Qualifier::MoreThan, Qualifier::AtMost, Qualifier::LessThan, Qualifier::Nearly];
const RELATIONS: [DateRelation; 7] =
    [DateRelation::At, DateRelation::Since, DateRelation::Before, DateRelation::After, DateRelation::Until, DateRelation::By, DateRelation::Between];

// The matches are exhaustive, so a new variant must be given a code; the
// tables above decode them (a test checks that the two agree).
fn reason_code(reason: Reason) -> u8 {
    match reason {
        Reason::Quantity => 0,
        Reason::Date => 1,
        Reason::Quotation => 2,
        Reason::Attribution => 3,
        Reason::Citation => 4,
        Reason::EntityWithFactualVerb => 5,
    }
}

fn qualifier_code(qualifier: Qualifier) -> u8 {
    match qualifier {
        Qualifier::Exact => 0,
        Qualifier::Approximate => 1,
        Qualifier::AtLeast => 2,
        Qualifier::MoreThan => 3,
        Qualifier::AtMost => 4,
        Qualifier::LessThan => 5,
        Qualifier::Nearly => 6,
    }
}

fn relation_code(relation: DateRelation) -> u8 {
    match relation {
        DateRelation::At => 0,
        DateRelation::Since => 1,
        DateRelation::Before => 2,
        DateRelation::After => 3,
        DateRelation::Until => 4,
        DateRelation::By => 5,
        DateRelation::Between => 6,
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    excerpt_start: usize,
    excerpt: &'a str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], Damaged> {
        if count > self.bytes.len() {
            return Err(TRUNCATED);
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?[0])
    }

    fn uint(&mut self) -> Result<u64, Damaged> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(OUT_OF_RANGE)
    }

    fn int(&mut self) -> Result<i64, Damaged> {
        let value = self.uint()?;
        Ok((value >> 1) as i64 ^ -((value & 1) as i64))
    }

    fn usize(&mut self) -> Result<usize, Damaged> {
        usize::try_from(self.uint()?).map_err(|_| OUT_OF_RANGE)
    }

    fn u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.uint()?).map_err(|_| OUT_OF_RANGE)
    }

    fn bool(&mut self) -> Result<bool, Damaged> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(UNKNOWN),
        }
    }

    fn str(&mut self) -> Result<&'a str, Damaged> {
        let length = self.usize()?;
        std::str::from_utf8(self.take(length)?).map_err(|_| "a text is not UTF-8")
    }

    fn string(&mut self) -> Result<String, Damaged> {
        self.str().map(str::to_owned)
    }

    fn option_string(&mut self) -> Result<Option<String>, Damaged> {
        self.option(Reader::string)
    }

    fn span(&mut self) -> Result<Span, Damaged> {
        let start = (self.excerpt_start as i64).wrapping_add(self.int()?);
        let end = start.wrapping_add(self.int()?);
        let offset = |value: i64| usize::try_from(value).map_err(|_| OUT_OF_RANGE);
        Ok(Span::new(offset(start)?, offset(end)?))
    }

    fn text_at(&mut self, at: usize) -> Result<String, Damaged> {
        let coded = self.usize()?;
        let length = coded >> 1;
        if coded & 1 == 0 {
            return String::from_utf8(self.take(length)?.to_vec()).map_err(|_| "a text is not UTF-8");
        }
        let held = at.checked_sub(self.excerpt_start).and_then(|from| self.excerpt.as_bytes().get(from..from.checked_add(length)?));
        let held = held.ok_or("a text lies outside its excerpt")?;
        String::from_utf8(held.iter().map(|&byte| as_read(byte)).collect()).map_err(|_| "a text is not UTF-8")
    }

    fn f64(&mut self) -> Result<f64, Damaged> {
        let coded = self.int()?;
        if coded & 1 == 0 {
            return Ok((coded >> 1) as f64);
        }
        Ok(f64::from_bits(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| TRUNCATED)?)))
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, Damaged>) -> Result<Option<T>, Damaged> {
        if self.bool()? { read(self).map(Some) } else { Ok(None) }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Result<T, Damaged>) -> Result<Vec<T>, Damaged> {
        let count = self.usize()?;
        // Every item takes a byte at least: a damaged count must not become a huge allocation.
        let mut items = Vec::with_capacity(count.min(self.bytes.len()));
        for _ in 0..count {
            items.push(read(self)?);
        }
        Ok(items)
    }

    fn code<T: Copy>(&mut self, table: &[T]) -> Result<T, Damaged> {
        table.get(usize::from(self.byte()?)).copied().ok_or(UNKNOWN)
    }

    fn sentence(&mut self) -> Result<Sentence, Damaged> {
        let span = self.span()?;
        let text = self.text_at(span.start)?;
        let contexts =
            [SentenceContext::Paragraph, SentenceContext::Heading, SentenceContext::ListItem, SentenceContext::BlockQuote, SentenceContext::TableCell];
        let context = self.code(&contexts)?;
        let facts = self.facts()?;
        let citations = self.list(Reader::citation)?;
        let worthiness = match self.byte()? {
            0 => Worthiness::Claim { reasons: self.list(|r| r.code(&REASONS))? },
            1 => {
                let reasons = [NotClaimReason::Heading, NotClaimReason::Question, NotClaimReason::Opinion, NotClaimReason::NoCheckableContent];
                Worthiness::NotClaim { reason: self.code(&reasons)? }
            }
            _ => return Err(UNKNOWN),
        };
        Ok(Sentence { span, text, context, facts, citations, worthiness })
    }

    fn facts(&mut self) -> Result<Facts, Damaged> {
        Ok(Facts {
            quantities: self.list(Reader::quantity)?,
            dates: self.list(Reader::date)?,
            quotations: self.list(Reader::quotation)?,
            entities: self.list(Reader::entity)?,
            attributions: self.list(Reader::attribution)?,
            negations: self.list(Reader::cue)?,
            hedges: self.list(Reader::cue)?,
        })
    }

    fn quantity(&mut self) -> Result<Quantity, Damaged> {
        let span = self.span()?;
        let value = self.f64()?;
        let upper = self.option(Reader::f64)?;
        let kind = match self.byte()? {
            0 => QuantityKind::Count,
            1 => QuantityKind::Percent,
            2 => QuantityKind::Money(self.string()?),
            _ => return Err(UNKNOWN),
        };
        let unit = self.option_string()?;
        let qualifier = self.code(&QUALIFIERS)?;
        Ok(Quantity { span, value, upper, kind, unit, qualifier })
    }

    fn date(&mut self) -> Result<DateFact, Damaged> {
        let span = self.span()?;
        let start = self.partial_date()?;
        let end = self.option(Reader::partial_date)?;
        let relation = self.code(&RELATIONS)?;
        Ok(DateFact { span, start, end, relation })
    }

    fn partial_date(&mut self) -> Result<PartialDate, Damaged> {
        let year = self.option(|r| i32::try_from(r.int()?).map_err(|_| OUT_OF_RANGE))?;
        let month = self.option(Reader::byte)?;
        let day = self.option(Reader::byte)?;
        Ok(PartialDate { year, month, day })
    }

    fn quotation(&mut self) -> Result<Quotation, Damaged> {
        let span = self.span()?;
        let inner = self.span()?;
        let text = self.text_at(inner.start)?;
        let speaker = self.option(|r| {
            let span = r.option(Reader::span)?;
            let name = match span {
                Some(span) => r.text_at(span.start)?,
                None => r.string()?,
            };
            Ok(Speaker { name, span, entity: r.option_string()? })
        })?;
        let closed = self.bool()?;
        Ok(Quotation { span, inner, text, speaker, closed })
    }

    fn entity(&mut self) -> Result<Entity, Damaged> {
        let span = self.span()?;
        let text = self.text_at(span.start)?;
        let canonical = self.option_string()?.unwrap_or_else(|| text.clone());
        let kind = self.code(&[EntityKind::Person, EntityKind::Organization, EntityKind::Product, EntityKind::Place, EntityKind::Unknown])?;
        Ok(Entity { span, text, canonical, kind })
    }

    fn attribution(&mut self) -> Result<Attribution, Damaged> {
        let span = self.span()?;
        let source_span = self.span()?;
        let source = self.text_at(source_span.start)?;
        let entity = self.option_string()?;
        let cue = match self.byte()? {
            0 => AttributionCue::AccordingTo,
            1 => AttributionCue::Verb(self.string()?),
            2 => AttributionCue::Report,
            _ => return Err(UNKNOWN),
        };
        Ok(Attribution { span, source, source_span, entity, cue })
    }

    fn cue(&mut self) -> Result<Cue, Damaged> {
        let span = self.span()?;
        Ok(Cue { span, text: self.text_at(span.start)? })
    }

    fn citation(&mut self) -> Result<Citation, Damaged> {
        let span = self.span()?;
        let kind = match self.byte()? {
            0 => CitationKind::Footnote { label: self.string()? },
            1 => CitationKind::Link,
            2 => CitationKind::Pandoc { key: self.string()? },
            _ => return Err(UNKNOWN),
        };
        Ok(Citation { span, kind, target: self.option_string()? })
    }
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions};

    use super::*;
    use crate::passage::passages_of;

    fn round_trip(passage: &Passage) -> Vec<u8> {
        let bytes = encode(&passage.view());
        assert_eq!(decode(&bytes).as_ref(), Ok(passage), "{passage:?}");
        bytes
    }

    /// Every kind of fact, markup that makes a sentence's text differ from
    /// its source, CRLF and LF line breaks, and Unicode.
    const MARKDOWN: &str = "# Acme Results in 2019\n\n\
        According to NBC News, **Acme** paid about $4.5 million to 1,200 workers between 2011 and 2015.[^1] \
        It did not pay Bolt Ltd, reportedly.\r\nThe Times reported that sales rose 20%.\n\n\
        - “We never sold data,” said Jane Doe, the chief of Acme.\n\
        - Sales fell by 400 to 4,000 units [@nbc], [the report](sources/a.txt).\n\n\
        > Café owners — “all 12 of them” — met on April 11, 2018. Was it over?\n\n\
        | Year | Profit |\n|---|---|\n| 2020 | -3.25% of €7bn |\n\n\
        [^1]: sources/nbc.txt\n";

    #[test]
    fn every_passage_reads_back_as_it_was_stored() {
        let extraction = claimcheck_core::extract(MARKDOWN, DocumentKind::Markdown, &ExtractOptions::default());
        let passages = passages_of(SourceId(u64::MAX), MARKDOWN, &extraction, None);
        let facts = |p: &Passage| p.sentences.iter().map(|s| &s.facts).fold(0, |n, f| n + f.quantities.len() + f.dates.len() + f.quotations.len() + f.entities.len() + f.attributions.len() + f.negations.len() + f.hedges.len());
        assert!(passages.len() >= 8 && passages.iter().map(facts).sum::<usize>() >= 20, "a rich sample: {passages:#?}");
        let mut stored = 0;
        let mut json = 0;
        for passage in &passages {
            stored += round_trip(passage).len();
            json += serde_json::to_vec(passage).expect("serialises").len();
        }
        assert!(stored * 4 < json, "stored {stored} bytes against {json} as JSON");
        let pages = crate::Pages::new(vec![0, MARKDOWN.find("Sales fell").expect("a list item")]);
        let paged = passages_of(SourceId(3), MARKDOWN, &extraction, Some(&pages));
        assert!(paged.iter().any(|p| p.location == Location::Page(2)));
        paged.iter().for_each(|p| drop(round_trip(p)));
    }

    #[test]
    fn texts_and_values_the_excerpt_cannot_give_are_stored_as_they_are() {
        let text = "Acme paid 5 people in 2015.\n";
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        let mut passage = passages_of(SourceId(1), text, &extraction, None).swap_remove(0);
        passage.sentences[0].text = "Not in the excerpt\nat all".to_owned();
        for (value, upper) in [(-3.5, Some(1e300)), (-0.0, Some(f64::INFINITY)), (-7.0, Some(2f64.powi(60))), (0.1, None)] {
            let quantity = &mut passage.sentences[0].facts.quantities[0];
            (quantity.value, quantity.upper) = (value, upper);
            let bytes = encode(&passage.view());
            let read = decode(&bytes).expect("decodes");
            let read = &read.sentences[0].facts.quantities[0];
            assert_eq!((read.value.to_bits(), read.upper.map(f64::to_bits)), (value.to_bits(), upper.map(f64::to_bits)));
        }
        // Spans before the excerpt's start (none is, but nothing may depend on it).
        Arc::make_mut(&mut passage.excerpt).start = 100;
        round_trip(&passage);
    }

    #[test]
    fn damaged_bytes_are_an_error() {
        let text = "Acme paid 5 people in 2015, according to NBC News.\n";
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        let bytes = round_trip(&passages_of(SourceId(1), text, &extraction, None)[0]);
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err(), "trailing bytes");
        assert!(decode(&[0xff; 12]).is_err());
    }

    #[test]
    fn codes_and_tables_agree() {
        assert!(REASONS.iter().enumerate().all(|(i, &reason)| usize::from(reason_code(reason)) == i));
        assert!(QUALIFIERS.iter().enumerate().all(|(i, &qualifier)| usize::from(qualifier_code(qualifier)) == i));
        assert!(RELATIONS.iter().enumerate().all(|(i, &relation)| usize::from(relation_code(relation)) == i));
    }
}
