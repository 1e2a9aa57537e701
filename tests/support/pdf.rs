//! Builds PDF fixtures in tests, so that no binary file is committed.
//! Shared by the corpus crate's tests and the end-to-end tests
//! (`#[path]`-included); lopdf is the version pdf-extract reads them with.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// A PDF with one page per entry of `pages`, each line of a page drawn on
/// its own baseline in a standard font, as a word processor would; with
/// `encrypt`, the trailer names it as the encryption dictionary.
pub(crate) fn pdf(pages: &[&[&str]], encrypt: Option<Dictionary>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for lines in pages {
        let mut operations = vec![Operation::new("BT", vec![]), Operation::new("Tf", vec!["F1".into(), 12.into()])];
        for (i, line) in lines.iter().enumerate() {
            let y = 760 - 20 * i64::try_from(i).expect("few lines");
            operations.push(Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), y.into()]));
            operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id }).into());
    }
    let count = i64::try_from(kids.len()).expect("few pages");
    let pages = dictionary! {
        "Type" => "Pages",
        "Kids" => kids,
        "Count" => count,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(encrypt) = encrypt {
        let encrypt_id = doc.add_object(encrypt);
        doc.trailer.set("Encrypt", encrypt_id);
        doc.trailer.set("ID", vec![Object::string_literal("0123456789abcdef"), Object::string_literal("0123456789abcdef")]);
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("the PDF saves");
    bytes
}
