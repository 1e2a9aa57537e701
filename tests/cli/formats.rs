//! Sources in other formats than text: evidence in a PDF is shown by page.

use serde_json::Value;

use crate::pdf::pdf;
use crate::support::{claimcheck, scratch};

#[test]
fn evidence_in_a_pdf_names_its_page_in_every_format() {
    let dir = scratch("pdf-evidence");
    let sources = dir.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    let audit = pdf(
        &[&["Harbour Audit 2021", "The audit covered nine depots."], &["Kestrel Freight paid 2.4 million euros in fines in 2020."]],
        None,
    );
    std::fs::write(sources.join("audit.pdf"), audit).unwrap();
    std::fs::write(dir.join("draft.md"), "Kestrel Freight paid 3.1 million euros in fines in 2020.\n").unwrap();
    let check = |format: &str| {
        let out = claimcheck(&["check", dir.join("draft.md").to_str().unwrap(), "--sources", sources.to_str().unwrap(), "--format", format]);
        assert_eq!(out.code, Some(1), "the contradicted number fails the check: {}{}", out.stdout, out.stderr);
        out.stdout
    };

    let human = check("human");
    assert!(human.contains("audit.pdf, page 2: Kestrel Freight paid 2.4 million euros"), "{human}");

    let json: Value = serde_json::from_str(&check("json")).expect("valid JSON");
    let diagnostic = &json["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "contradicted-number", "{json:#}");
    assert!(diagnostic["message"].as_str().unwrap().contains("audit.pdf, page 2"), "{json:#}");
    let evidence = &diagnostic["evidence"][0];
    assert_eq!(evidence["page"], 2, "{json:#}");
    assert!(evidence["range"].is_object(), "the existing fields stay: {json:#}");

    let sarif: Value = serde_json::from_str(&check("sarif")).expect("valid JSON");
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(related["properties"]["page"], 2, "{sarif:#}");
    assert!(related["message"]["text"].as_str().unwrap().starts_with("page 2: "), "{sarif:#}");
    assert!(related["physicalLocation"]["region"].is_null(), "no text region in a PDF: {sarif:#}");
}
