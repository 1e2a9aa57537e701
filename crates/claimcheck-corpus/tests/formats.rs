//! Reading each source format from disk: PDF pages, emails with their
//! headers and attachments, and the files of each format that cannot be read.

use std::path::Path;

use claimcheck_corpus::{Corpus, LoadOptions, Location, ProblemSeverity, Query, Source};

mod common;
use common::{folder, sentences_of};
use lopdf::{Object, dictionary};

#[path = "../../../tests/support/pdf.rs"]
mod pdf;
use pdf::pdf;

fn source<'c>(corpus: &'c Corpus, relative: &str) -> &'c Source {
    corpus.sources().iter().find(|s| s.relative == Path::new(relative)).unwrap_or_else(|| panic!("{relative} was read"))
}

fn problems(corpus: &Corpus, root: &Path) -> Vec<(String, ProblemSeverity)> {
    corpus.problems().iter().map(|p| (p.path.strip_prefix(root).unwrap_or(&p.path).display().to_string(), p.severity)).collect()
}

#[test]
fn a_pdf_is_read_page_by_page_and_passages_know_their_page() {
    let report = pdf(
        &[
            &["Harbour Audit 2021", "The audit covered nine depots."],
            &["Kestrel Freight paid 2.4 million euros in fines.", "The fines were settled in March 2020."],
        ],
        None,
    );
    let root = folder("formats-pdf", &[("audit.pdf", &report)]);
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("the folder loads");
    assert_eq!(problems(&corpus, &root), []);
    let audit = source(&corpus, "audit.pdf");
    assert!(sentences_of(&corpus, "audit.pdf").iter().any(|s| s.contains("nine depots")));

    let query = Query { text: "Kestrel Freight paid fines", numbers: vec![2_400_000.0], ..Query::default() };
    let passage = corpus.retrieve(&query, 1).swap_remove(0).passage;
    assert_eq!(passage.excerpt.slice(passage.span), "Kestrel Freight paid 2.4 million euros in fines.");
    assert_eq!(passage.location, Location::Page(2));
    assert_eq!(passage.location.cite(&audit.relative), "audit.pdf, page 2");
    let passages = corpus.passages_of(audit.id).expect("the index reads");
    let first = passages.iter().find(|p| p.excerpt.slice(p.span).contains("nine depots")).expect("page 1 has a passage");
    assert_eq!(first.location, Location::Page(1));
}

#[test]
fn an_email_reads_as_headers_body_and_text_attachments() {
    let email = "From: Ilse Marrow <ilse@orbix.example>\r\n\
        To: Bram Tolle <bram@orbix.example>, legal@orbix.example\r\n\
        Subject: Depot closures\r\n\
        Date: Tue, 3 Mar 2020 09:15:00 +0000\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
        \r\n\
        --outer\r\n\
        Content-Type: multipart/alternative; boundary=\"alt\"\r\n\
        \r\n\
        --alt\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        \r\n\
        Orbix will close 14 depots before June.\r\n\
        --alt\r\n\
        Content-Type: text/html; charset=utf-8\r\n\
        \r\n\
        <p>Orbix will close <b>14</b> depots before June.</p>\r\n\
        --alt--\r\n\
        --outer\r\n\
        Content-Type: text/plain; name=\"plan.txt\"\r\n\
        Content-Disposition: attachment; filename=\"plan.txt\"\r\n\
        \r\n\
        The closures save 3 million euros a year.\r\n\
        --outer\r\n\
        Content-Type: image/png; name=\"chart.png\"\r\n\
        Content-Disposition: attachment; filename=\"chart.png\"\r\n\
        Content-Transfer-Encoding: base64\r\n\
        \r\n\
        iVBORw0KGgo=\r\n\
        --outer--\r\n";
    let html_only = "From: Bram Tolle <bram@orbix.example>\n\
        Subject: Re: Depot closures\n\
        Content-Type: text/html\n\
        \n\
        <html><head><style>p { margin: 0 }</style></head><body><p>Only 12 depots, not 14.</p></body></html>\n";
    let root = folder("formats-email", &[("closures.eml", email.as_bytes()), ("reply.eml", html_only.as_bytes())]);
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("the folder loads");
    assert_eq!(problems(&corpus, &root), []);

    let closures = source(&corpus, "closures.eml");
    expect_test::expect![[r#"
        From: Ilse Marrow <ilse@orbix.example>
        To: Bram Tolle <bram@orbix.example>, legal@orbix.example
        Date: Tue, 3 Mar 2020 09:15:00 +0000
        Orbix will close 14 depots before June.
        Attachment: plan.txt
        The closures save 3 million euros a year.
    "#]]
    .assert_eq(&(sentences_of(&corpus, "closures.eml").join("\n") + "\n"));
    assert_eq!(closures.identity().authors, ["Ilse Marrow".into()], "the sender speaks in the email");

    let reply = source(&corpus, "reply.eml");
    let passages = corpus.passages_of(reply.id).expect("the index reads");
    assert!(!passages.iter().any(|p| p.context_text().contains("margin")), "{passages:?}");
    let passage = passages.iter().find(|p| p.excerpt.slice(p.span) == "Only 12 depots, not 14.").expect("the body is a passage");
    assert_eq!(passage.location, Location::Line(4), "emails are located by line of their text");
}

#[test]
fn unreadable_pdfs_and_emails_are_reported_and_skipped() {
    // An encrypted PDF whose password we do not have (RC4, revision 2).
    let encrypt = dictionary! {
        "Filter" => "Standard",
        "V" => 1,
        "R" => 2,
        "O" => Object::string_literal(vec![7u8; 32]),
        "U" => Object::string_literal(vec![9u8; 32]),
        "P" => -4,
    };
    let encrypted = pdf(&[&["Kestrel Freight paid 2.4 million euros."]], Some(encrypt));
    let mut truncated = pdf(&[&["Kestrel Freight paid 2.4 million euros."]], None);
    truncated.truncate(truncated.len() / 3);
    let root = folder(
        "formats-unreadable",
        &[("encrypted.pdf", &encrypted), ("truncated.pdf", &truncated), ("empty.eml", b""), ("fine.txt", b"Kestrel Freight paid 2.4 million euros.\n")],
    );
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("the folder loads");
    let read: Vec<String> = corpus.sources().iter().map(|s| s.relative.display().to_string()).collect();
    assert_eq!(read, ["fine.txt"]);
    assert_eq!(
        problems(&corpus, &root),
        [
            ("empty.eml".to_owned(), ProblemSeverity::Skipped),
            ("encrypted.pdf".to_owned(), ProblemSeverity::Skipped),
            ("truncated.pdf".to_owned(), ProblemSeverity::Skipped),
        ]
    );
    let message = |name: &str| corpus.problems().iter().find(|p| p.path.ends_with(name)).map(|p| p.message.clone()).unwrap_or_default();
    assert!(message("encrypted.pdf").contains("the PDF is encrypted"), "{}", message("encrypted.pdf"));
    assert!(message("empty.eml").contains("not a readable email"), "{}", message("empty.eml"));
}

/// Found by the `load_html` fuzz target (minimised): html2text 0.17 panics
/// on a row span followed by a nested table, which took the whole load down,
/// whether the table was a page's or an email's HTML body.
#[test]
fn html_that_html2text_fails_on_is_reported_and_the_rest_is_read() {
    let table = "<table><td rowspan=\"9\">2.4m</td><table><td>l<td>w";
    let email = format!("From: desk@gazette.example\nSubject: Fines\nMIME-Version: 1.0\nContent-Type: text/html\n\n{table}\n");
    let root = folder(
        "formats-html-panic",
        &[("table.html", table.as_bytes()), ("table.eml", email.as_bytes()), ("fine.txt", b"Kestrel Freight paid 2.4 million euros.\n")],
    );
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("the folder loads");
    let read: Vec<String> = corpus.sources().iter().map(|s| s.relative.display().to_string()).collect();
    assert_eq!(read, ["fine.txt"]);
    let messages: Vec<(String, &str)> = corpus.problems().iter().map(|p| (p.path.strip_prefix(&root).unwrap().display().to_string(), p.message.as_str())).collect();
    let message = "skipped: its HTML could not be laid out as text (html2text failed on its tables)";
    assert_eq!(messages, [("table.eml".to_owned(), message), ("table.html".to_owned(), message)]);
}

/// Found by the `load_pdf` fuzz target: a page tree node that is its own
/// parent, and no MediaBox anywhere, made pdf-extract climb the tree for
/// ever looking for one (a hang in a release build, a stack overflow in a
/// debug one).
#[test]
fn a_pdf_whose_page_tree_loops_is_reported_not_read_for_ever() {
    let mut document = lopdf::Document::load_mem(&pdf(&[&["Page one."]], None)).expect("the fixture loads");
    let pages_id = document.catalog().and_then(|catalog| catalog.get(b"Pages")).and_then(Object::as_reference).expect("a page tree");
    let pages = document.get_dictionary_mut(pages_id).expect("the page tree's root");
    pages.remove(b"MediaBox");
    pages.set("Parent", pages_id);
    let mut looping = Vec::new();
    document.save_to(&mut looping).expect("the PDF saves");
    // On a thread, so that a hang fails the test instead of stalling it.
    let (sender, read) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(claimcheck_corpus::DecodedText::read_source_for_fuzzing("loop.pdf", looping).err()));
    let problem = read.recv_timeout(std::time::Duration::from_secs(60)).expect("reading the PDF ends");
    assert_eq!(problem.as_deref(), Some("skipped: not a readable PDF (its page tree loops back on itself)"));
}

/// Found by the `load_pdf` fuzz target: lopdf allocates a buffer as wide
/// as each field an xref stream's `/W` declares, and a width of petabytes
/// aborted the process (a failed allocation is not a panic to catch).
#[test]
fn a_pdf_declaring_impossible_xref_field_widths_is_reported_not_allocated() {
    let pdf = b"%PDF-1.5\n1 0 obj\n<</Type/XRef/Size 2/W[1 4 28888888888888888]/Length 0>>stream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n";
    let problem = claimcheck_corpus::DecodedText::read_source_for_fuzzing("xref.pdf", pdf.to_vec()).err();
    assert_eq!(problem.as_deref(), Some("skipped: not a readable PDF (its cross-reference stream declares impossible field widths)"));
}

/// The `load_pdf` fuzz target's seeds: PDFs of this crate's own fixture
/// builder, so that the committed files are known to be what the builder
/// makes (`UPDATE_EXPECT=1` writes them again after the builder changes).
fn pdf_fuzz_seeds() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("one-page.pdf", pdf(&[&["Depot inspection, spring term", "Seven of nine depots failed."]], None)),
        ("two-pages.pdf", pdf(&[&["Page one says 4,000 files."], &["Page two says March 2020.", "“Quoted,” she said."]], None)),
        ("no-text-layer.pdf", pdf(&[&[]], None)),
        ("encrypted.pdf", pdf(&[&["Sealed."]], Some(dictionary! { "Filter" => "Standard", "V" => 1, "R" => 2, "O" => Object::string_literal(vec![7u8; 32]), "U" => Object::string_literal(vec![9u8; 32]), "P" => -4 }))),
    ]
}

#[test]
fn the_pdf_fuzz_seeds_are_the_fixture_builders_pdfs() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/load_pdf");
    for (name, bytes) in pdf_fuzz_seeds() {
        let path = seeds.join(name);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &bytes).expect("write the seed");
        }
        assert!(std::fs::read(&path).is_ok_and(|seed| seed == bytes), "{} is not the builder's PDF; UPDATE_EXPECT=1 writes it", path.display());
    }
}

#[test]
fn the_fuzzing_entry_point_reads_bytes_as_the_loader_reads_a_file() {
    let read = claimcheck_corpus::DecodedText::read_source_for_fuzzing;
    let (decoded, pages) = read("report.pdf", pdf(&[&["Page one."], &["Page two."]], None)).expect("the PDF reads");
    let starts = pages.expect("a PDF has pages");
    assert_eq!(starts.len(), 2);
    assert_eq!((decoded.text[..starts[1]].trim(), decoded.text[starts[1]..].trim()), ("Page one.", "Page two."));
    assert_eq!(read("notes.md", b"Caf\xe9".to_vec()).map(|(decoded, pages)| (decoded.text, decoded.warning.is_some(), pages)), Ok(("Caf\u{fffd}".to_owned(), true, None)));
    assert_eq!(read("notes.txt", b"a\0b".to_vec()).err().as_deref(), Some("skipped: looks like a binary file, not text"));
    assert_eq!(read("mail.eml", Vec::new()).err().as_deref(), Some("skipped: not a readable email (no MIME headers found)"));
    assert_eq!(read("slides.pptx", Vec::new()).err().as_deref(), Some("skipped: .pptx files are not read (sources are .txt, .md, .html, .eml and .pdf)"));
}
