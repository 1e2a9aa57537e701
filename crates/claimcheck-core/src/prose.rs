//! Cutting a document into prose blocks with a map back to the source.
//!
//! A prose block is the text a reader reads as one unit (a paragraph, a
//! heading, a list item, a table cell) with everything that is not prose
//! taken out: Markdown markup, code, HTML, front matter, link URLs and
//! citation markers. Soft line breaks become spaces. Each block keeps a map
//! from its prose offsets back to byte offsets in the original text, so that
//! everything found in prose can be reported at its exact place.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;

use crate::claim::{Citation, CitationKind, FootnoteDefinition, SentenceContext};
use crate::{DocumentKind, Span};

/// A document read as prose.
#[derive(Debug, Default)]
pub(crate) struct ProseDocument {
    pub(crate) blocks: Vec<ProseBlock>,
    pub(crate) footnotes: Vec<FootnoteDefinition>,
}

#[derive(Debug)]
pub(crate) struct ProseBlock {
    pub(crate) text: String,
    pub(crate) context: SentenceContext,
    /// Citation markers, each at the prose offset where it stands.
    pub(crate) citations: Vec<(usize, Citation)>,
    pieces: Vec<Piece>,
}

/// A run of prose and where it came from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    prose_start: usize,
    source: Span,
    /// The prose is the source text byte for byte, so offsets inside map
    /// linearly. Otherwise (an entity such as `&amp;`, a line break turned
    /// into a space) only the piece's edges map.
    verbatim: bool,
}

impl ProseBlock {
    fn new(context: SentenceContext) -> Self {
        ProseBlock { text: String::new(), context, citations: Vec::new(), pieces: Vec::new() }
    }

    /// The block built so far, in memory of its own size. `self` is left
    /// empty with its buffers, so that the next block, which arrives in
    /// many small pieces, does not grow new ones step by step.
    fn take(&mut self) -> ProseBlock {
        let block = ProseBlock {
            text: self.text.clone(),
            context: self.context,
            citations: std::mem::take(&mut self.citations),
            pieces: self.pieces.clone(),
        };
        self.text.clear();
        self.pieces.clear();
        block
    }

    fn push(&mut self, prose: &str, source: Span, verbatim: bool) {
        if prose.is_empty() {
            return;
        }
        self.pieces.push(Piece { prose_start: self.text.len(), source, verbatim });
        self.text.push_str(prose);
    }

    fn push_source_text(&mut self, prose: &str, source: Span, document: &str) {
        let verbatim = source.slice(document) == prose;
        self.push(prose, source, verbatim);
    }

    fn cite(&mut self, citation: Citation) {
        self.citations.push((self.text.len(), citation));
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The span in the original text of the prose bytes `prose`.
    pub(crate) fn source_span(&self, prose: Span) -> Span {
        let start = self.source_start(prose.start);
        if prose.is_empty() {
            return Span::new(start, start);
        }
        Span::new(start, self.source_end(prose.end).max(start))
    }

    fn source_start(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.prose_start <= offset).saturating_sub(1);
        let Some(piece) = self.pieces.get(index) else { return 0 };
        if piece.verbatim {
            piece.source.start + (offset - piece.prose_start).min(piece.source.len())
        } else {
            piece.source.start
        }
    }

    fn source_end(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.prose_start < offset).saturating_sub(1);
        let Some(piece) = self.pieces.get(index) else { return 0 };
        if piece.verbatim {
            piece.source.start + offset.saturating_sub(piece.prose_start).min(piece.source.len())
        } else {
            piece.source.end
        }
    }

    /// Takes the citation markers that pulldown-cmark leaves as text out of
    /// the prose and records them: pandoc citations (`[@key]`, `[see @a,
    /// p. 3; @b]`) and references to footnotes that have no definition
    /// (`[^gone]`), which CommonMark's footnote extension prints as written;
    /// the latter only in Markdown, which has footnotes.
    fn take_bracketed_citations(&mut self, footnotes: bool) {
        let mut search_from = 0;
        while let Some(found) = self.text[search_from..].find('[') {
            let open = search_from + found;
            search_from = open + 1;
            let undefined = if footnotes { undefined_footnote(&self.text[open..]) } else { None };
            let (len, citations): (usize, Vec<(CitationKind, Option<String>)>) = if let Some(label) = undefined {
                (label.len() + 3, vec![(CitationKind::Footnote { label: label.to_owned() }, None)])
            } else if let Some(keys) = pandoc_keys(&self.text[open..]) {
                (keys.len, keys.keys.into_iter().map(|key| (CitationKind::Pandoc { key: key.clone() }, Some(key))).collect())
            } else {
                continue;
            };
            let marker = Span::new(open, open + len);
            let source = self.source_span(marker);
            self.remove(marker);
            // Removing the marker can leave two spaces; that is harmless for reading.
            for (kind, target) in citations {
                self.citations.push((open, Citation { span: source, kind, target }));
            }
            search_from = open;
        }
        self.citations.sort_by_key(|(offset, c)| (*offset, c.span.start));
    }

    /// Removes the prose bytes `range`, keeping the map of what remains exact.
    fn remove(&mut self, range: Span) {
        let removed = range.len();
        let mut pieces = Vec::with_capacity(self.pieces.len() + 1);
        for (i, piece) in self.pieces.iter().enumerate() {
            let prose_end = self.pieces.get(i + 1).map_or(self.text.len(), |next| next.prose_start);
            let prose = Span::new(piece.prose_start, prose_end);
            if prose.end <= range.start {
                pieces.push(*piece);
            } else if prose.start >= range.end {
                pieces.push(Piece { prose_start: prose.start - removed, ..*piece });
            } else {
                if prose.start < range.start {
                    let source_end = if piece.verbatim { piece.source.start + (range.start - prose.start) } else { piece.source.end };
                    pieces.push(Piece { source: Span::new(piece.source.start, source_end), ..*piece });
                }
                if prose.end > range.end {
                    let source_start = if piece.verbatim { piece.source.start + (range.end - prose.start) } else { piece.source.start };
                    pieces.push(Piece {
                        prose_start: range.start,
                        source: Span::new(source_start, piece.source.end),
                        verbatim: piece.verbatim,
                    });
                }
            }
        }
        self.pieces = pieces;
        self.text.replace_range(range.start..range.end, "");
        for (offset, _) in &mut self.citations {
            if *offset >= range.end {
                *offset -= removed;
            } else if *offset > range.start {
                *offset = range.start;
            }
        }
    }
}

/// The label of `[^label]` at the start of `text`: a footnote reference
/// left as text because nothing defines it.
fn undefined_footnote(text: &str) -> Option<&str> {
    let label = text.strip_prefix("[^")?;
    let close = label.find(']')?;
    let label = &label[..close];
    (!label.is_empty() && label.len() <= 100 && !label.contains(char::is_whitespace) && !label.contains('[')).then_some(label)
}

struct PandocKeys {
    len: usize,
    keys: Vec<String>,
}

/// Reads `[@key]`, `[-@key]`, `[see @a, p. 33; @b]` at the start of `text`.
fn pandoc_keys(text: &str) -> Option<PandocKeys> {
    let close = text.find(']')?;
    let inside = &text[1..close];
    if inside.contains('[') || inside.len() > 300 {
        return None;
    }
    let mut keys = Vec::new();
    for part in inside.split(';') {
        let at = part.find('@')?;
        let before = &part[..at];
        if !(before.trim().is_empty() || before.trim() == "-" || before.ends_with(' ')) {
            // `name@example.com` is an address, not a citation.
            return None;
        }
        let key: String = part[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(*c))
            .collect();
        let key = key.trim_end_matches(|c: char| ".:".contains(c)).to_owned();
        if key.is_empty() {
            return None;
        }
        keys.push(key);
    }
    Some(PandocKeys { len: close + 1, keys })
}

pub(crate) fn read(text: &str, kind: DocumentKind) -> ProseDocument {
    let mut document = match kind {
        DocumentKind::Markdown => read_markdown(text),
        DocumentKind::PlainText => read_plain_text(text),
    };
    for block in &mut document.blocks {
        // `[see @key, p. 3]` puts a prefix before the key, so any `@` may open one.
        let footnotes = kind == DocumentKind::Markdown;
        let may_cite = block.text.contains('[') && (block.text.contains('@') || (footnotes && block.text.contains("[^")));
        if may_cite {
            block.take_bracketed_citations(footnotes);
        }
    }
    document.blocks.retain(|b| !b.is_blank() || !b.citations.is_empty());
    document
}

fn markdown_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where the Markdown reader is: what it skips, and the block it fills.
struct MarkdownReader<'t> {
    source: &'t str,
    document: ProseDocument,
    block: ProseBlock,
    /// Inside code, HTML, front matter or an image: not prose.
    skip_depth: usize,
    contexts: Vec<SentenceContext>,
    /// Open links: where each started and where it points.
    links: Vec<(usize, String, bool)>,
    footnote: Option<OpenFootnote>,
}

struct OpenFootnote {
    label: String,
    span: Span,
    text: String,
    link: Option<String>,
}

impl MarkdownReader<'_> {
    fn context(&self) -> SentenceContext {
        self.contexts.last().copied().unwrap_or(SentenceContext::Paragraph)
    }

    fn flush(&mut self) {
        if !self.block.text.is_empty() || !self.block.citations.is_empty() {
            self.document.blocks.push(self.block.take());
        }
        self.block.context = self.context();
    }

    fn enter(&mut self, context: SentenceContext) {
        self.flush();
        self.contexts.push(context);
        self.block.context = context;
    }

    fn leave(&mut self) {
        self.flush();
        self.contexts.pop();
        self.block.context = self.context();
    }

    fn text(&mut self, text: &str, range: Span) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(footnote) = &mut self.footnote {
            footnote.text.push_str(text);
            return;
        }
        if self.links.last().is_some_and(|(_, _, is_autolink)| *is_autolink) {
            return;
        }
        self.block.push_source_text(text, range, self.source);
    }

    fn line_break(&mut self, range: Span) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(footnote) = &mut self.footnote {
            footnote.text.push(' ');
            return;
        }
        self.block.push(" ", range, false);
    }

    fn event(&mut self, event: Event<'_>, range: Span) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text, range),
            Event::SoftBreak | Event::HardBreak => self.line_break(range),
            Event::FootnoteReference(label) => {
                if self.skip_depth == 0 && self.footnote.is_none() {
                    let kind = CitationKind::Footnote { label: label.into_string() };
                    self.block.cite(Citation { span: range, kind, target: None });
                }
            }
            Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_) => {}
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Span) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { .. } => self.enter(SentenceContext::Heading),
            Tag::Item => self.enter(SentenceContext::ListItem),
            Tag::BlockQuote(_) => self.enter(SentenceContext::BlockQuote),
            Tag::TableCell => self.enter(SentenceContext::TableCell),
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. } => {
                self.flush();
                self.skip_depth += 1;
            }
            Tag::Link { link_type, dest_url, .. } => {
                let is_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push((range.start, dest_url.into_string(), is_autolink));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.footnote = Some(OpenFootnote { label: label.into_string(), span: range, text: String::new(), link: None });
            }
            Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Span) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(footnote) = &mut self.footnote {
                    footnote.text.push(' ');
                } else {
                    self.flush();
                }
            }
            TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::TableCell => self.leave(),
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            TagEnd::Link => {
                if let Some((start, url, is_autolink)) = self.links.pop() {
                    if let Some(footnote) = &mut self.footnote {
                        footnote.link.get_or_insert(url);
                    } else if !is_autolink || self.skip_depth == 0 {
                        let span = Span::new(start, range.end);
                        self.block.cite(Citation { span, kind: CitationKind::Link, target: Some(url) });
                    }
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some(footnote) = self.footnote.take() {
                    let text = footnote.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.document.footnotes.push(FootnoteDefinition {
                        label: footnote.label,
                        span: footnote.span,
                        target: footnote.link.unwrap_or_else(|| text.clone()),
                        text,
                    });
                }
            }
            TagEnd::List(_) | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => self.flush(),
            _ => {}
        }
    }
}

fn read_markdown(text: &str) -> ProseDocument {
    let mut reader = MarkdownReader {
        source: text,
        document: ProseDocument::default(),
        block: ProseBlock::new(SentenceContext::Paragraph),
        skip_depth: 0,
        contexts: Vec::new(),
        links: Vec::new(),
        footnote: None,
    };
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        reader.event(event, Span::from(range));
    }
    reader.flush();
    let mut document = reader.document;
    resolve_footnotes(&mut document);
    document
}

fn resolve_footnotes(document: &mut ProseDocument) {
    // One map rather than a search of every definition for every reference;
    // the first definition of a label wins.
    let mut targets: FxHashMap<&str, &str> = FxHashMap::default();
    for definition in &document.footnotes {
        targets.entry(&definition.label).or_insert(&definition.target);
    }
    for block in &mut document.blocks {
        for (_, citation) in &mut block.citations {
            if let CitationKind::Footnote { label } = &citation.kind {
                citation.target = targets.get(label.as_str()).map(|&target| target.to_owned());
            }
        }
    }
}

/// Plain text: paragraphs are separated by blank lines; inside a paragraph a
/// line break is a space, except after a line that reads as a title.
fn read_plain_text(text: &str) -> ProseDocument {
    let mut document = ProseDocument::default();
    let mut block: Option<(usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_span = Span::new(offset, offset + line.len());
        offset += line.len();
        let content = line.trim_end();
        if content.trim().is_empty() {
            if let Some((start, end)) = block.take() {
                push_plain_block(&mut document, text, Span::new(start, end));
            }
            continue;
        }
        let content_span = Span::new(line_span.start, line_span.start + content.len());
        match &mut block {
            Some((_, end)) => *end = content_span.end,
            None => block = Some((content_span.start, content_span.end)),
        }
        if is_title_line(content)
            && let Some((start, end)) = block.take() {
                push_plain_block(&mut document, text, Span::new(start, end));
            }
    }
    if let Some((start, end)) = block {
        push_plain_block(&mut document, text, Span::new(start, end));
    }
    document
}

fn push_plain_block(document: &mut ProseDocument, text: &str, span: Span) {
    let prose = span.slice(text);
    let leading = prose.len() - prose.trim_start().len();
    let span = Span::new(span.start + leading, span.end);
    let prose = span.slice(text);
    let context = if !prose.contains('\n') && is_title_line(prose) {
        SentenceContext::Heading
    } else {
        SentenceContext::Paragraph
    };
    let mut block = ProseBlock::new(context);
    block.push(prose, span, true);
    document.blocks.push(block);
}

/// A short line in title case without closing punctuation: a headline or a
/// section name in a plain-text file.
fn is_title_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.ends_with(|c: char| ".!?:;,\"”’)".contains(c)) {
        return false;
    }
    // Every line of a plain-text file comes here: count without collecting.
    let (mut long, mut capitalised) = (0, 0);
    for (index, word) in line.split_whitespace().enumerate() {
        if index == 16 {
            return false;
        }
        // A long word has four letters or more: stop counting at the fourth.
        if word.chars().filter(|c| c.is_alphabetic()).nth(3).is_some() {
            long += 1;
            capitalised += usize::from(word.starts_with(char::is_uppercase));
        }
    }
    long > 0 && capitalised * 3 >= long * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str, kind: DocumentKind) -> Vec<String> {
        read(text, kind)
            .blocks
            .iter()
            .map(|b| {
                let cites: Vec<String> = b
                    .citations
                    .iter()
                    .map(|(at, c)| format!("@{at}:{}", c.span.slice(text)))
                    .collect();
                format!("{:?} {:?} {}", b.context, b.text, cites.join(" "))
            })
            .collect()
    }

    #[test]
    fn markdown_keeps_prose_only() {
        let text = "---\ntitle: Draft\n---\n# The Leak\n\nThe cache has `4,000` rows &amp; more, per [the report](src/a.txt).[^1] It\ncontinues.\n\n```\ncode 2015\n```\n\n<div>html 2016</div>\n\n[^1]: sources/a.txt\n";
        expect_test::expect![[r#"
            [
                "Heading \"The Leak\" ",
                "Paragraph \"The cache has  rows & more, per the report. It continues.\" @42:[the report](src/a.txt) @43:[^1]",
            ]
        "#]]
        .assert_debug_eq(&blocks(text, DocumentKind::Markdown));
        let document = read(text, DocumentKind::Markdown);
        assert_eq!(document.footnotes[0].target, "sources/a.txt");
        assert_eq!(document.blocks[1].citations[1].1.target.as_deref(), Some("sources/a.txt"));
    }

    #[test]
    fn lists_quotes_tables_and_setext_headings() {
        let text = "Title\n=====\n\n- first item\n- second *item*\n\n> quoted text\n\n| a | b |\n|---|---|\n| 4,000 | pages |\n";
        expect_test::expect![[r#"
            [
                "Heading \"Title\" ",
                "ListItem \"first item\" ",
                "ListItem \"second item\" ",
                "BlockQuote \"quoted text\" ",
                "TableCell \"a\" ",
                "TableCell \"b\" ",
                "TableCell \"4,000\" ",
                "TableCell \"pages\" ",
            ]
        "#]]
        .assert_debug_eq(&blocks(text, DocumentKind::Markdown));
    }

    #[test]
    fn prose_maps_back_to_source() {
        let text = "Some *emphasis* and an &amp; entity,\nthen “quotes”.";
        let document = read(text, DocumentKind::Markdown);
        let block = &document.blocks[0];
        for word in ["emphasis", "entity", "“quotes”"] {
            let at = block.text.find(word).unwrap();
            let span = block.source_span(Span::new(at, at + word.len()));
            assert_eq!(span.slice(text), word);
        }
        let amp = block.text.find('&').unwrap();
        assert_eq!(block.source_span(Span::new(amp, amp + 1)).slice(text), "&amp;");
        let whole = block.source_span(Span::new(0, block.text.len()));
        assert_eq!(whole, Span::new(0, text.len()));
    }

    #[test]
    fn undefined_footnote_references_are_citations_without_a_target() {
        let text = "Acme paid.[^gone] Bolt sold.[^ok]\n\n[^ok]: sources/a.txt\n";
        let document = read(text, DocumentKind::Markdown);
        let block = &document.blocks[0];
        assert_eq!(block.text, "Acme paid. Bolt sold.");
        let cited: Vec<(&str, Option<&str>)> = block.citations.iter().map(|(_, c)| (c.span.slice(text), c.target.as_deref())).collect();
        assert_eq!(cited, [("[^gone]", None), ("[^ok]", Some("sources/a.txt"))]);
        let plain = read("Acme paid.[^gone]\n", DocumentKind::PlainText);
        assert!(plain.blocks[0].citations.is_empty(), "plain text has no footnotes");
    }

    #[test]
    fn pandoc_citations_leave_the_prose() {
        let text = "Facebook sued in 2015 [@sputnik2019, p. 3; @nbc]. Mail me at a@b.org [x]. It paid [see @times, p. 2].";
        let document = read(text, DocumentKind::Markdown);
        let block = &document.blocks[0];
        assert_eq!(block.text, "Facebook sued in 2015 . Mail me at a@b.org [x]. It paid .");
        let keys: Vec<_> = block.citations.iter().map(|(_, c)| c.target.clone().unwrap()).collect();
        assert_eq!(keys, ["sputnik2019", "nbc", "times"]);
        assert_eq!(block.citations[0].1.span.slice(text), "[@sputnik2019, p. 3; @nbc]");
        let dot = block.text.find(" .").unwrap() + 1;
        assert_eq!(block.source_span(Span::new(dot, dot + 1)).slice(text), ".");
    }

    #[test]
    fn plain_text_paragraphs_and_titles() {
        let text = "A Headline About The Leak\nThe first line\ncontinues here.\n\n  Second paragraph.\r\n";
        expect_test::expect![[r#"
            [
                "Heading \"A Headline About The Leak\" ",
                "Paragraph \"The first line\\ncontinues here.\" ",
                "Paragraph \"Second paragraph.\" ",
            ]
        "#]]
        .assert_debug_eq(&blocks(text, DocumentKind::PlainText));
    }
}
