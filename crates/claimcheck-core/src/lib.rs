//! Claim extraction: the pure heart of claimcheck.
//!
//! [`extract`] takes a document's text and kind and returns its sentences,
//! each marked as a check-worthy claim or not (with the reason), together with
//! the facts inside it — quantities, dates, quotations with speakers, named
//! entities, attributions, negations and hedges — and the citations that
//! close it.
//!
//! Invariants:
//! - No IO, no global state, no panics on any input: broken prose is normal
//!   input, and what could not be read is reported as [`Note`]s.
//! - Every [`Span`] is a byte range into the original text, on `char`
//!   boundaries; the spans of a sentence's facts lie inside the sentence.
//!
//! Reading goes in three steps: the document is cut into prose blocks
//! (`prose`: Markdown markup, code and URLs removed, with a map back to the
//! source), blocks into sentences (`sentence`), and each sentence is handed
//! to the fact extractors (`facts`) and judged check-worthy (`claim`).

mod alias;
mod bytes;
mod claim;
mod facts;
mod lexicon;
mod line_index;
mod prose;
mod sentence;
mod span;
mod token;

pub use alias::AliasTable;
pub use claim::{
    Citation, CitationKind, Extraction, FootnoteDefinition, NotClaimReason, Note, Reason, Sentence, SentenceContext,
    Worthiness,
};
pub use facts::{
    Attribution, AttributionCue, Cue, DateFact, DateRelation, Entity, EntityKind, Facts, PartialDate, Qualifier,
    Quantity, QuantityKind, Quotation, Speaker,
};
pub use line_index::{LineColumn, LineIndex, PositionEncoding};
pub use span::Span;

/// How to read a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DocumentKind {
    Markdown,
    PlainText,
}

impl DocumentKind {
    /// The kind for a file name: Markdown for `.md`, `.markdown` and `.mdx`;
    /// plain text otherwise.
    pub fn from_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("md" | "markdown" | "mdx" | "mkd") => DocumentKind::Markdown,
            _ => DocumentKind::PlainText,
        }
    }
}

/// Settings for [`extract`].
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Treat headings as claims too (by default they are read but not judged).
    pub headings_are_claims: bool,
    /// Extra aliases on top of the built-in table.
    pub aliases: AliasTable,
}

/// Reads `text` and returns its sentences, claims and facts.
pub fn extract(text: &str, kind: DocumentKind, options: &ExtractOptions) -> Extraction {
    claim::extract(text, kind, options)
}
