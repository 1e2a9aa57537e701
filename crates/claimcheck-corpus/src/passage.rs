//! Passages: a source's sentences as retrieval finds and the linter reads
//! them, each with its paragraph neighbours and the lines that hold them.
//!
//! A passage is self-contained: it carries its sentences, facts included,
//! and an [`Excerpt`] of the source's text, so that a check reads the
//! passages a query retrieves and never a whole source. That is what keeps a
//! check's memory independent of the size of the sources.

use std::sync::Arc;

use claimcheck_core::{Extraction, LineColumn, LineIndex, PositionEncoding, Sentence, SentenceContext, Span};
use serde::{Deserialize, Serialize};

use crate::{Location, Pages, SourceId};

/// A passage: its source and the index of its sentence there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PassageId {
    pub source: SourceId,
    pub sentence: u32,
}

/// A sentence of a source with its neighbours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub id: PassageId,
    /// The sentence and its neighbours in the same paragraph (at most one on
    /// each side), in order; spans are byte ranges into the source's text.
    pub sentences: Vec<Sentence>,
    /// Which of `sentences` the passage is.
    pub focus: usize,
    /// The sentence.
    pub span: Span,
    /// The sentence with the one before and the one after in its paragraph.
    pub context: Span,
    /// Where the sentence starts, as a reader finds it.
    pub location: Location,
    /// The source's text around the context.
    pub excerpt: Arc<Excerpt>,
}

impl Passage {
    pub fn source(&self) -> SourceId {
        self.id.source
    }

    /// The passage's own sentence.
    pub fn sentence(&self) -> &Sentence {
        &self.sentences[self.focus]
    }

    /// The text of the sentence with its neighbours.
    pub fn context_text(&self) -> &str {
        self.excerpt.slice(self.context)
    }
}

/// The lines of a source that hold a passage's context: the text from the
/// start of the context's first line to the end of the context. Spans into
/// it are the source's own (offset by `start`), and so are its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    /// Where the excerpt starts in the source's text.
    pub start: usize,
    /// The 0-based line of the source the excerpt starts on.
    pub first_line: u32,
    pub text: String,
}

impl Excerpt {
    /// The text of `span`, a byte range into the source; `""` where the span
    /// is not inside the excerpt.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span).unwrap_or("")
    }

    /// The text of `span`, a byte range into the source, if the excerpt holds it.
    pub fn get(&self, span: Span) -> Option<&str> {
        self.text.get(span.start.checked_sub(self.start)?..span.end.checked_sub(self.start)?)
    }

    /// The rest of the excerpt from byte `offset` of the source.
    pub fn from(&self, offset: usize) -> &str {
        offset.checked_sub(self.start).and_then(|start| self.text.get(start..)).unwrap_or("")
    }

    /// The line and column in the source of byte `offset` of the source,
    /// clamped to the excerpt.
    pub fn line_column(&self, offset: usize, encoding: PositionEncoding) -> LineColumn {
        let at = LineIndex::new(&self.text).line_column(offset.saturating_sub(self.start), encoding);
        LineColumn { line: self.first_line + at.line, column: at.column }
    }
}

/// A passage as cut from its source, borrowing the extraction's sentences
/// and the source's text: indexing encodes it (`stored.rs`) without first
/// copying every sentence, with its facts, into each of up to three passages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PassageView<'a> {
    pub(crate) id: PassageId,
    pub(crate) sentences: &'a [Sentence],
    pub(crate) focus: usize,
    pub(crate) span: Span,
    pub(crate) context: Span,
    pub(crate) location: Location,
    /// The excerpt's `start`, `first_line` and text.
    pub(crate) excerpt_start: usize,
    pub(crate) first_line: u32,
    pub(crate) excerpt_text: &'a str,
}

impl PassageView<'_> {
    /// The text of `span`, a byte range into the source; `""` where the excerpt does not hold it.
    pub(crate) fn slice(&self, span: Span) -> &str {
        span.start.checked_sub(self.excerpt_start).zip(span.end.checked_sub(self.excerpt_start)).and_then(|(s, e)| self.excerpt_text.get(s..e)).unwrap_or("")
    }

    pub(crate) fn sentence(&self) -> &Sentence {
        &self.sentences[self.focus]
    }

    #[cfg(test)]
    pub(crate) fn to_passage(self) -> Passage {
        let excerpt = Excerpt { start: self.excerpt_start, first_line: self.first_line, text: self.excerpt_text.to_owned() };
        let PassageView { id, sentences, focus, span, context, location, .. } = self;
        Passage { id, sentences: sentences.to_vec(), focus, span, context, location, excerpt: Arc::new(excerpt) }
    }
}

impl Passage {
    /// The passage in the layout the index stores it in (`stored.rs`): a
    /// third of its JSON, and read back without parsing text. The layout is
    /// that of [`crate::FORMAT_VERSION`].
    pub fn to_stored(&self) -> Vec<u8> {
        crate::stored::encode(&self.view())
    }

    /// The passage [`Passage::to_stored`] gave `stored`; an error says how the bytes are damaged.
    pub fn from_stored(stored: &[u8]) -> Result<Passage, &'static str> {
        crate::stored::decode(stored)
    }

    pub(crate) fn view(&self) -> PassageView<'_> {
        let Passage { id, sentences, focus, span, context, location, excerpt } = self;
        PassageView {
            id: *id,
            sentences,
            focus: *focus,
            span: *span,
            context: *context,
            location: *location,
            excerpt_start: excerpt.start,
            first_line: excerpt.first_line,
            excerpt_text: &excerpt.text,
        }
    }
}

/// One passage per sentence that holds something a claim could match.
pub(crate) fn views_of<'a>(source: SourceId, text: &'a str, extraction: &'a Extraction, pages: Option<&Pages>) -> Vec<PassageView<'a>> {
    let line_index = LineIndex::new(text);
    let line_of = |offset: usize| line_index.line_column(offset, PositionEncoding::Utf8).line;
    let sentences = &extraction.sentences;
    let mut passages = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if sentence.context == SentenceContext::Heading && sentence.facts.is_empty() {
            continue;
        }
        let same_paragraph = |other: &Sentence, a: Span, b: Span| {
            let gap = Span::new(a.end.min(b.start), b.start.max(a.end)).slice(text);
            other.context == sentence.context && !gap.contains("\n\n") && !gap.contains("\n\r\n")
        };
        let before = i.checked_sub(1).map(|j| &sentences[j]).filter(|p| same_paragraph(p, p.span, sentence.span));
        let after = sentences.get(i + 1).filter(|n| same_paragraph(n, sentence.span, n.span));
        let context = Span::new(before.map_or(sentence.span.start, |p| p.span.start), after.map_or(sentence.span.end, |n| n.span.end));
        let first_line = line_of(context.start);
        let line_start = line_index.offset(LineColumn { line: first_line, column: 0 }, PositionEncoding::Utf8).unwrap_or(context.start);
        let location = match pages {
            Some(pages) => Location::Page(pages.page_of(sentence.span.start)),
            None => Location::Line(line_of(sentence.span.start) + 1),
        };
        // The neighbours are the sentences right before and after this one.
        let first = i - usize::from(before.is_some());
        passages.push(PassageView {
            id: PassageId { source, sentence: u32::try_from(i).unwrap_or(u32::MAX) },
            sentences: &sentences[first..=i + usize::from(after.is_some())],
            focus: i - first,
            span: sentence.span,
            context,
            location,
            excerpt_start: line_start,
            first_line,
            excerpt_text: text.get(line_start..context.end).unwrap_or(""),
        });
    }
    passages
}

/// The passages of a source, as a check reads them back from the index.
#[cfg(test)]
pub(crate) fn passages_of(source: SourceId, text: &str, extraction: &Extraction, pages: Option<&Pages>) -> Vec<Passage> {
    views_of(source, text, extraction, pages).into_iter().map(PassageView::to_passage).collect()
}

#[cfg(test)]
mod tests {
    use claimcheck_core::{DocumentKind, ExtractOptions};

    use super::*;

    fn passages(text: &str) -> Vec<Passage> {
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        passages_of(SourceId(7), text, &extraction, None)
    }

    #[test]
    fn passages_with_context_and_lines() {
        let text = "Title Line\n\nAcme paid $4 million. It sued Bolt in 2015.\nBolt lost.\n\nA new paragraph here.\n";
        let passages = passages(text);
        let shown: Vec<(Location, &str, &str)> = passages.iter().map(|p| (p.location, p.excerpt.slice(p.span), p.context_text())).collect();
        let sued = shown.iter().find(|p| p.1 == "It sued Bolt in 2015.").expect("a passage per sentence");
        assert_eq!(*sued, (Location::Line(3), "It sued Bolt in 2015.", "Acme paid $4 million. It sued Bolt in 2015.\nBolt lost."));
        assert_eq!(shown.last().map(|p| p.2), Some("A new paragraph here."));
        let sued = passages.iter().find(|p| p.sentence().text == "It sued Bolt in 2015.").expect("found");
        assert_eq!(sued.sentences.len(), 3, "the sentence with both neighbours");
        assert_eq!(sued.id, PassageId { source: SourceId(7), sentence: 2 });
    }

    #[test]
    fn excerpts_keep_the_sources_offsets_and_lines() {
        let text = "Intro.\n\nFirst line “é” and\nAcme paid 5 people.\n";
        let passage = passages(text).into_iter().find(|p| p.sentence().text.contains("Acme")).expect("found");
        assert_eq!(passage.excerpt.start, text.find("First").unwrap(), "from the start of the context's line");
        let acme = text.find("Acme").unwrap();
        assert_eq!(passage.excerpt.slice(Span::new(acme, acme + 4)), "Acme");
        assert_eq!(passage.excerpt.from(text.find("people").unwrap()), "people.");
        assert_eq!(passage.excerpt.slice(Span::new(0, 4)), "", "outside the excerpt");
        assert_eq!(passage.excerpt.line_column(acme, PositionEncoding::Utf8), LineColumn { line: 3, column: 0 });
        let and = text.find("and").unwrap();
        assert_eq!(passage.excerpt.line_column(and, PositionEncoding::Utf16), LineColumn { line: 2, column: 15 });
        assert_eq!(passage.excerpt.line_column(and, PositionEncoding::Utf8), LineColumn { line: 2, column: 20 });
    }

    #[test]
    fn pdf_passages_are_located_by_page() {
        let text = "Acme paid 5 people.\n\nBolt paid 6 people.\n";
        let extraction = claimcheck_core::extract(text, DocumentKind::PlainText, &ExtractOptions::default());
        let pages = Pages::new(vec![0, text.find("Bolt").unwrap()]);
        let located: Vec<Location> = passages_of(SourceId(1), text, &extraction, Some(&pages)).iter().map(|p| p.location).collect();
        assert_eq!(located, [Location::Page(1), Location::Page(2)]);
    }
}
