//! The core's Markdown reading on generated Markdown: documents built from
//! the block and inline constructs `prose.rs` handles (headings, nested
//! lists and block quotes, tables, fenced code, HTML, front matter, links,
//! images, footnotes and `[@key]` citations, quotations, numbers), nested
//! and joined in arbitrary ways with LF or CRLF line ends. Arbitrary bytes
//! (the `extract` target) rarely form such structures; here every input
//! does. No panic, and every span on char boundaries inside the text,
//! every fact inside its sentence.
#![no_main]

use std::fmt::Write as _;

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Inline {
    Text(String),
    Number(u32, bool),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Code(String),
    Link(Vec<Inline>, String),
    Image(String, String),
    FootnoteReference(u8),
    Citation(String),
    Quotation(Vec<Inline>, bool),
    Html(String),
    HardBreak,
    SoftBreak,
}

#[derive(Debug, Arbitrary)]
enum Block {
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List { ordered: bool, items: Vec<Vec<Block>> },
    Quote(Vec<Block>),
    Table(Vec<Vec<Vec<Inline>>>),
    Fence(String, String),
    Indented(String),
    Html(String),
    FootnoteDefinition(u8, Vec<Block>),
    LinkDefinition(String, String),
    Rule,
    Comment(String),
}

#[derive(Debug, Arbitrary)]
struct Document {
    front_matter: Option<String>,
    blocks: Vec<Block>,
    crlf: bool,
    unterminated: bool,
}

/// Renders a `Document` as Markdown. A block's `prefix` is what each of its
/// lines starts with (list indentation, the `> ` of block quotes); `depth`
/// bounds the nesting, which the input could otherwise make as deep as its
/// length.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn inlines(&mut self, inlines: &[Inline]) {
        if self.depth > 24 {
            return;
        }
        self.depth += 1;
        for inline in inlines {
            self.inline(inline);
        }
        self.depth -= 1;
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.out.push_str(text),
            Inline::Number(n, words) => {
                let _ = if *words { write!(self.out, "{n},000 million") } else { write!(self.out, "{}.{}%", n / 100, n % 100) };
            }
            Inline::Emphasis(inner) => self.wrapped("*", inner, "*"),
            Inline::Strong(inner) => self.wrapped("__", inner, "__"),
            Inline::Code(code) => {
                let _ = write!(self.out, "`{code}`");
            }
            Inline::Link(inner, url) => {
                self.wrapped("[", inner, "](");
                let _ = write!(self.out, "{url})");
            }
            Inline::Image(alt, url) => {
                let _ = write!(self.out, "![{alt}]({url})");
            }
            Inline::FootnoteReference(label) => {
                let _ = write!(self.out, "[^{}]", label % 8);
            }
            Inline::Citation(key) => {
                let _ = write!(self.out, "[@{key}]");
            }
            Inline::Quotation(inner, curly) => {
                let (open, close) = if *curly { ("“", "”") } else { ("\"", "\"") };
                self.wrapped(open, inner, close);
            }
            Inline::Html(html) => {
                let _ = write!(self.out, "<span>{html}</span>");
            }
            Inline::HardBreak => self.out.push_str("  \n"),
            Inline::SoftBreak => self.out.push('\n'),
        }
    }

    fn wrapped(&mut self, open: &str, inner: &[Inline], close: &str) {
        self.out.push_str(open);
        self.inlines(inner);
        self.out.push_str(close);
    }

    fn blocks(&mut self, blocks: &[Block], prefix: &str) {
        if self.depth > 24 {
            return;
        }
        self.depth += 1;
        for block in blocks {
            self.block(block, prefix);
            self.out.push('\n');
            self.out.push_str(prefix);
            self.out.push('\n');
        }
        self.depth -= 1;
    }

    fn block(&mut self, block: &Block, prefix: &str) {
        self.out.push_str(prefix);
        match block {
            Block::Paragraph(inlines) => self.inlines(inlines),
            Block::Heading(level, inlines) => {
                self.out.push_str(&"#".repeat(usize::from(level % 7)));
                self.out.push(' ');
                self.inlines(inlines);
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", i + 1) } else { "- ".to_owned() };
                    self.out.push_str(&marker);
                    self.blocks(item, &format!("{prefix}{}", " ".repeat(marker.len())));
                }
            }
            Block::Quote(blocks) => self.blocks(blocks, &format!("{prefix}> ")),
            Block::Table(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    for cell in row {
                        self.out.push_str("| ");
                        self.inlines(cell);
                        self.out.push(' ');
                    }
                    self.out.push_str("|\n");
                    self.out.push_str(prefix);
                    if i == 0 {
                        self.out.push_str(&"|---".repeat(row.len().max(1)));
                        self.out.push_str("|\n");
                        self.out.push_str(prefix);
                    }
                }
            }
            Block::Fence(info, code) => {
                let _ = write!(self.out, "```{info}\n{code}\n```");
            }
            Block::Indented(code) => {
                let _ = write!(self.out, "    {code}");
            }
            Block::Html(html) => {
                let _ = write!(self.out, "<div>\n{html}\n</div>");
            }
            Block::FootnoteDefinition(label, blocks) => {
                let _ = write!(self.out, "[^{}]: ", label % 8);
                self.blocks(blocks, &format!("{prefix}    "));
            }
            Block::LinkDefinition(label, url) => {
                let _ = write!(self.out, "[{label}]: {url}");
            }
            Block::Rule => self.out.push_str("***"),
            Block::Comment(text) => {
                let _ = write!(self.out, "<!-- {text} -->");
            }
        }
    }
}

fuzz_target!(|document: Document| {
    let mut writer = Writer { out: String::new(), depth: 0 };
    if let Some(front_matter) = &document.front_matter {
        let _ = write!(writer.out, "---\n{front_matter}\n");
        if !document.unterminated {
            writer.out.push_str("---\n");
        }
    }
    writer.blocks(&document.blocks, "");
    if document.unterminated {
        writer.out.push_str("```\n> “[^1] [link](");
    }
    let text = if document.crlf { writer.out.replace('\n', "\r\n") } else { writer.out };
    let extraction = extract(&text, DocumentKind::Markdown, &ExtractOptions::default());
    claimcheck_fuzz::assert_extraction_spans(&text, &extraction);
});
