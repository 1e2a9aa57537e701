//! The facts found inside one sentence.
//!
//! Each extractor is a pure function over a sentence's prose text and its
//! tokens, returning facts whose spans are relative to that text; the claim
//! assembler (`crate::claim`) moves them into document coordinates.

pub(crate) mod attribution;
pub(crate) mod date;
pub(crate) mod entity;
pub(crate) mod number;
pub(crate) mod phrase;
pub(crate) mod polarity;
pub(crate) mod quantity;
pub(crate) mod quotation;

use serde::{Deserialize, Serialize};

use crate::Span;

/// Everything check-worthy inside one sentence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateFact>,
    pub quotations: Vec<Quotation>,
    pub entities: Vec<Entity>,
    pub attributions: Vec<Attribution>,
    /// `did not`, `never`, `no longer`, `denied`, …
    pub negations: Vec<Cue>,
    /// `reportedly`, `allegedly`, …
    pub hedges: Vec<Cue>,
}

impl Facts {
    /// Moves every span of every fact through `to`.
    pub fn map_spans(&mut self, to: impl Fn(Span) -> Span) {
        for q in &mut self.quantities {
            q.span = to(q.span);
        }
        for d in &mut self.dates {
            d.span = to(d.span);
        }
        for q in &mut self.quotations {
            q.span = to(q.span);
            q.inner = to(q.inner);
            if let Some(speaker) = &mut q.speaker {
                speaker.span = speaker.span.map(&to);
            }
        }
        for e in &mut self.entities {
            e.span = to(e.span);
        }
        for a in &mut self.attributions {
            a.span = to(a.span);
            a.source_span = to(a.source_span);
        }
        for cue in self.negations.iter_mut().chain(&mut self.hedges) {
            cue.span = to(cue.span);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.quantities.is_empty()
            && self.dates.is_empty()
            && self.quotations.is_empty()
            && self.entities.is_empty()
            && self.attributions.is_empty()
            && self.negations.is_empty()
            && self.hedges.is_empty()
    }
}

/// A number with what it counts: `about 6.8 million users`, `20%`, `$40 million`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// From the qualifier (if any) to the end of the number or its unit word.
    pub span: Span,
    /// The value, scales applied: `6.8 million` is `6_800_000.0`, `20%` is `20.0`.
    /// For a range this is the low end.
    pub value: f64,
    /// The high end of a range (`400 to 4,000` → `Some(4000.0)`).
    pub upper: Option<f64>,
    pub kind: QuantityKind,
    /// The singular noun the number counts (`pages` → `page`), if any.
    pub unit: Option<String>,
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "currency")]
pub enum QuantityKind {
    Count,
    Percent,
    /// An amount of money; the ISO 4217 code (`USD`, `GBP`, `EUR`).
    Money(String),
}

/// How the text bounds a quantity or date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    #[default]
    Exact,
    /// `about`, `around`, `roughly`, `some`, `an estimated`, `approximately`.
    Approximate,
    /// `at least`, `no fewer than`.
    AtLeast,
    /// `more than`, `over`, `upwards of`, `in excess of`.
    MoreThan,
    /// `at most`, `no more than`, `up to`, `as many as`.
    AtMost,
    /// `less than`, `fewer than`, `under`.
    LessThan,
    /// `nearly`, `almost`, `just under`.
    Nearly,
}

/// A date or a span of dates: `April 11, 2018`, `in 2013`, `between 2011 and 2015`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateFact {
    pub span: Span,
    pub start: PartialDate,
    /// The end of a range (`2011-2015` → 2015).
    pub end: Option<PartialDate>,
    pub relation: DateRelation,
}

/// A calendar date with the precision the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// How a date relates to the event in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateRelation {
    /// `in 2013`, `on April 11, 2018`, or a bare date.
    #[default]
    At,
    /// `since 2015`.
    Since,
    /// `before 2015`.
    Before,
    /// `after 2015`.
    After,
    /// `until 2015`, `through 2015`.
    Until,
    /// `by 2015`.
    By,
    /// `between 2011 and 2015`, `from 2011 to 2015`, `2011-2015`.
    Between,
}

/// Words in quotation marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    /// Including the quotation marks.
    pub span: Span,
    /// The quoted words only.
    pub inner: Span,
    /// The quoted words, as written.
    pub text: String,
    /// Who the text says spoke them, if anyone.
    pub speaker: Option<Speaker>,
    /// `false` when the closing mark is missing before the end of the block.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Surface text: `Steve Satterfield`, `another engineer`, `the report`.
    pub name: String,
    /// Where the sentence names the speaker; `None` when taken from the
    /// surrounding sentences.
    pub span: Option<Span>,
    /// The canonical entity name, when the speaker is a known entity.
    pub entity: Option<String>,
}

/// A named person, organisation, product or place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub span: Span,
    /// As written: `the Times`.
    pub text: String,
    /// Normalised through the alias table: `The New York Times`.
    pub canonical: String,
    pub kind: EntityKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    Organization,
    Product,
    Place,
    Unknown,
}

/// A claim credited to someone: `according to NBC News`, `the Times reported`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The cue and the source it names.
    pub span: Span,
    /// Surface text of who is credited: `NBC News`, `the report`.
    pub source: String,
    /// Where `source` is written.
    pub source_span: Span,
    /// The canonical entity name of `source`, when it is a known entity.
    pub entity: Option<String>,
    pub cue: AttributionCue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "verb")]
pub enum AttributionCue {
    /// `according to X`.
    AccordingTo,
    /// `X reported`, `said X`, `X told`: the lowercase verb as written.
    Verb(String),
    /// `X's report`, `a report by X`.
    Report,
}

/// A word or phrase that changes how a claim is held: a negation or a hedge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub span: Span,
    /// Lowercased: `did not`, `never`, `reportedly`.
    pub text: String,
}
