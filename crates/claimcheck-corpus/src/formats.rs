//! One reader per source format, bytes in, text out: plain text and
//! Markdown as they are, HTML as its readable text, an email (`.eml`) as its
//! headers, body and text attachments, a PDF as the text layer of each page.
//!
//! A reader that cannot make text of a file says why in a sentence; the
//! loader turns that into a [`LoadProblem`](crate::LoadProblem).

use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders};

use crate::Pages;
use crate::load::{DecodedText, decode_text, format_of};

/// The formats sources are read in, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Html,
    Email,
    Pdf,
}

impl Format {
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" | "text" | "md" | "markdown" => Format::Text,
            "html" | "htm" => Format::Html,
            "eml" => Format::Email,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// The extensions [`Format::of`] knows, for the message about a skipped file.
pub(crate) const KNOWN_EXTENSIONS: &str = ".txt, .md, .html, .eml and .pdf";

/// A file's text, ready to extract.
#[derive(Debug)]
pub(crate) struct ReadText {
    pub(crate) text: String,
    /// Where each page starts, for a paged format (PDF).
    pub(crate) pages: Option<Pages>,
    /// Read, with a caveat (invalid UTF-8 replaced).
    pub(crate) warning: Option<String>,
}

impl ReadText {
    fn unpaged(DecodedText { text, warning }: DecodedText) -> ReadText {
        ReadText { text, pages: None, warning }
    }
}

/// Reads `bytes` as `format`, or says why they cannot be read.
pub(crate) fn read(format: Format, bytes: Vec<u8>) -> Result<ReadText, String> {
    match format {
        Format::Text => decode_text(bytes).map(ReadText::unpaged).map_err(|binary| format!("skipped: {binary}")),
        Format::Html => {
            let decoded = decode_text(bytes).map_err(|binary| format!("skipped: {binary}"))?;
            Ok(ReadText { text: html_to_text(&decoded.text)?, ..ReadText::unpaged(decoded) })
        }
        Format::Email => read_email(&bytes),
        Format::Pdf => read_pdf(&bytes),
    }
}

impl DecodedText {
    /// `bytes` read as the loader reads a source file named `file_name`, with
    /// no disk involved: the text, with where each page starts for a PDF, or
    /// the message its `LoadProblem` would carry.
    /// For the per-format fuzz targets (`fuzz/fuzz_targets/load_*.rs`); it
    /// hangs off this already public type so that the readers stay private.
    #[doc(hidden)]
    pub fn read_source_for_fuzzing(file_name: &str, bytes: Vec<u8>) -> Result<(DecodedText, Option<Vec<usize>>), String> {
        let read = read(format_of(Path::new(file_name))?, bytes)?;
        Ok((DecodedText { text: read.text, warning: read.warning }, read.pages.map(|pages| pages.starts)))
    }
}

/// The readable text of an HTML page (scripts and styles dropped),
/// paragraphs separated by blank lines, or why there is none.
pub(crate) fn html_to_text(html: &str) -> Result<String, String> {
    // html2text 0.17 panics on some tables (a row span followed by a nested
    // table slices a string past its end); one bad page must not stop the corpus.
    let text = std::panic::catch_unwind(|| html2text::config::plain_no_decorate().string_from_read(html.as_bytes(), usize::MAX / 2))
        .map_err(|_| "skipped: its HTML could not be laid out as text (html2text failed on its tables)".to_owned())?
        .unwrap_or_default();
    Ok(text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"))
}

/// An email as text: a header block (`Subject:`, `From:`, `To:`, `Cc:`,
/// `Date:`) that retrieval and the source's identity read like any other
/// line, then the text body (the HTML body as text when there is no plain
/// one), then each text attachment under a line naming it.
fn read_email(bytes: &[u8]) -> Result<ReadText, String> {
    let message = MessageParser::default().parse(bytes).ok_or("skipped: not a readable email (no MIME headers found)")?;
    let mut header = Vec::new();
    if let Some(subject) = message.subject() {
        header.push(format!("Subject: {}", subject.trim()));
    }
    let addresses = [("From", message.from()), ("To", message.to()), ("Cc", message.cc())];
    for (field, address) in addresses {
        let Some(address) = address else { continue };
        let people: Vec<String> = address
            .iter()
            .map(|addr| match (addr.name(), addr.address()) {
                (Some(name), Some(email)) => format!("{name} <{email}>"),
                (name, email) => name.or(email).unwrap_or_default().to_owned(),
            })
            .filter(|person| !person.is_empty())
            .collect();
        if !people.is_empty() {
            header.push(format!("{field}: {}", people.join(", ")));
        }
    }
    if let Some(date) = message.date() {
        header.push(format!("Date: {}", date.to_rfc822()));
    }
    let part_text = |part: &mail_parser::MessagePart<'_>| {
        let text = part.text_contents()?;
        Some(if part.is_text_html() { html_to_text(text) } else { Ok(text.trim_end().to_owned()) })
    };
    let mut sections = vec![header.join("\n")];
    for body in message.text_bodies().filter_map(part_text) {
        sections.push(body?);
    }
    for attachment in message.attachments().filter(|part| part.is_text()) {
        let Some(text) = part_text(attachment).transpose()? else { continue };
        let name = attachment.attachment_name().unwrap_or("unnamed");
        sections.push(format!("Attachment: {name}\n\n{text}"));
    }
    let mut text = sections.into_iter().filter(|section| !section.is_empty()).collect::<Vec<_>>().join("\n\n");
    text.push('\n');
    Ok(ReadText { text, pages: None, warning: None })
}

/// A PDF's text layer, page by page; pages are set apart by a blank line so
/// that no passage runs across a page break.
fn read_pdf(bytes: &[u8]) -> Result<ReadText, String> {
    // pdf-extract still panics on some malformed files (an `unwrap` on a
    // missing object); one bad file must not stop the whole corpus.
    let pages = std::panic::catch_unwind(|| pdf_pages(bytes)).map_err(|_| "skipped: not a readable PDF (its structure is broken)".to_owned())??;
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    for page in &pages {
        starts.push(text.len());
        text.push_str(page.trim_end());
        text.push_str("\n\n");
    }
    let warning = text.trim().is_empty().then(|| "the PDF has no text layer (a scan?); nothing in it can be checked".to_owned());
    Ok(ReadText { text, pages: Some(Pages::new(starts)), warning })
}

/// The text of each page, as pdf-extract's `extract_text_from_mem_by_pages`
/// reads it, but refusing a page tree whose `Parent` links loop.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    let unreadable = |error: pdf_extract::Error| match error {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
            "skipped: the PDF is encrypted; decrypt it (e.g. qpdf --decrypt) to check against it".to_owned()
        }
        error => format!("skipped: not a readable PDF ({error})"),
    };
    if declares_impossible_xref_field_widths(bytes) {
        return Err("skipped: not a readable PDF (its cross-reference stream declares impossible field widths)".to_owned());
    }
    let mut document = pdf_extract::Document::load_mem(bytes).map_err(unreadable)?;
    if document.is_encrypted() {
        // The empty user password, which opens the files that are only protected from editing.
        document.decrypt("").map_err(unreadable)?;
    }
    // pdf-extract looks a page's MediaBox and Resources up its ancestors
    // without end: a loop of `Parent` links would make it run for ever.
    if parent_links_loop(&document) {
        return Err("skipped: not a readable PDF (its page tree loops back on itself)".to_owned());
    }
    let mut pages = Vec::new();
    for page in 1.. {
        let mut text = String::new();
        if pdf_extract::output_doc_page(&document, &mut pdf_extract::PlainTextOutput::new(&mut text), page).is_err() {
            break;
        }
        pages.push(text);
    }
    Ok(pages)
}

/// The widest field an xref stream may declare in its `/W`: real files use
/// at most 8 bytes (a 64-bit offset); this leaves room and bounds memory.
const WIDEST_XREF_FIELD: u64 = 64;

/// Whether an xref stream's dictionary (from its `obj` to its `stream`)
/// declares in `/W` a field wider than [`WIDEST_XREF_FIELD`], or one that is
/// not a whole number. lopdf allocates a buffer as wide as each field
/// without a check, and an allocation that fails aborts the process: no
/// `catch_unwind` can stop it, so such a file must not reach lopdf.
fn declares_impossible_xref_field_widths(bytes: &[u8]) -> bool {
    let find = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|window| window == needle);
    let mut searched = 0;
    while let Some(found) = find(&bytes[searched..], b"/XRef") {
        let at = searched + found;
        let start = bytes[..at].windows(3).rposition(|window| window == b"obj").map_or(0, |i| i + 3);
        let end = find(&bytes[at..], b"stream").map_or(bytes.len(), |i| at + i);
        let dictionary = &bytes[start..end];
        if let Some(key) = find(dictionary, b"/W") {
            let value = dictionary[key + 2..].trim_ascii_start();
            if let (Some(b'['), Some(close)) = (value.first(), find(value, b"]")) {
                let widths = String::from_utf8_lossy(&value[1..close]);
                if widths.split_ascii_whitespace().any(|width| width.parse::<u64>().map_or(true, |width| width > WIDEST_XREF_FIELD)) {
                    return true;
                }
            }
        }
        searched = at + b"/XRef".len();
    }
    false
}

/// Whether following `Parent` links up from some page comes back to a node
/// already passed. Each node is walked once: a chain that reached the top
/// once is not walked again.
fn parent_links_loop(document: &pdf_extract::Document) -> bool {
    let mut reach_the_top = std::collections::HashSet::new();
    for page in document.page_iter() {
        let mut chain = std::collections::HashSet::new();
        let mut node = page;
        while !reach_the_top.contains(&node) {
            if !chain.insert(node) {
                return true;
            }
            match document.get_dictionary(node).and_then(|dictionary| dictionary.get(b"Parent")).and_then(pdf_extract::Object::as_reference) {
                Ok(parent) => node = parent,
                Err(_) => break,
            }
        }
        reach_the_top.extend(chain);
    }
    false
}
