//! Reads the five real reports in `../shared/corpus/facebook-leaks/` and
//! checks, for a sample of their sentences, the exact facts the core finds.
//! The reports are read from disk, never copied into the project.

use std::path::PathBuf;

use claimcheck_core::{
    DateRelation, DocumentKind, EntityKind, ExtractOptions, Extraction, Qualifier, QuantityKind, Sentence, extract,
};

fn report(prefix: &str) -> (String, Extraction) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/facebook-leaks");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the real reports belong at {} ({e}); clone the project beside shared/", dir.display()));
    let path = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no report {prefix}* in {}", dir.display()));
    let text = std::fs::read_to_string(&path).expect("readable report");
    let extraction = extract(&text, DocumentKind::PlainText, &ExtractOptions::default());
    (text, extraction)
}

/// The one sentence whose text contains `needle`.
fn sentence<'e>(extraction: &'e Extraction, needle: &str) -> &'e Sentence {
    let found: Vec<&Sentence> = extraction.sentences.iter().filter(|s| s.text.contains(needle)).collect();
    assert_eq!(found.len(), 1, "sentences containing {needle:?}: {:#?}", found.iter().map(|s| &s.text).collect::<Vec<_>>());
    found[0]
}

/// A quantity as written, its value, upper bound, unit and qualifier.
type QuantityRow = (String, f64, Option<f64>, Option<String>, Qualifier);

fn quantities(text: &str, s: &Sentence) -> Vec<QuantityRow> {
    s.facts.quantities.iter().map(|q| (q.span.slice(text).to_owned(), q.value, q.upper, q.unit.clone(), q.qualifier)).collect()
}

fn entities(s: &Sentence) -> Vec<&str> {
    s.facts.entities.iter().map(|e| e.canonical.as_str()).collect()
}

#[test]
fn leverage_report_ranges_and_attribution() {
    let (text, extraction) = report("000_");
    let range = sentence(&extraction, "400 to 4,000 pages");
    let q = &quantities(&text, range)[0];
    assert_eq!((q.1, q.2, q.3.as_deref(), q.4), (400.0, Some(4000.0), Some("page"), Qualifier::Approximate));

    let nbc = sentence(&extraction, "According to a report by NBC News");
    assert!(nbc.is_claim());
    assert!(nbc.facts.attributions.iter().any(|a| a.entity.as_deref() == Some("NBC News")), "{:#?}", nbc.facts.attributions);
    assert!(!nbc.facts.hedges.is_empty(), "`reportedly` is a hedge");

    let quote = sentence(&extraction, "a strategy to publicly frame");
    assert_eq!(quote.facts.quotations.len(), 1);
    assert!(quote.facts.quotations[0].text.starts_with("a strategy to publicly frame"));
}

#[test]
fn profit_report_documents_years_and_quotes() {
    let (text, extraction) = report("001_");
    let cites = sentence(&extraction, "cites 4,000 documents");
    assert_eq!(quantities(&text, cites)[0].3.as_deref(), Some("document"));
    assert_eq!(quantities(&text, cites)[0].1, 4000.0);

    let period = sentence(&extraction, "between 2011 and 2015");
    let date = &period.facts.dates[0];
    assert_eq!(date.relation, DateRelation::Between);
    assert_eq!((date.start.year, date.end.and_then(|d| d.year)), (Some(2011), Some(2015)));
    assert!(period.facts.quantities.is_empty(), "years are dates, never quantities");

    let cut_off = sentence(&extraction, "cut off broad access");
    assert_eq!(cut_off.facts.dates[0].start.year, Some(2015));
    let quotation = cut_off.facts.quotations.iter().find(|q| q.text.contains("clearest and most comprehensive")).expect("quote");
    assert_eq!(quotation.speaker.as_ref().map(|s| s.name.as_str()), Some("the report"));

    let unethical = sentence(&extraction, "sort of unethical");
    let speakers: Vec<_> = unethical.facts.quotations.iter().map(|q| q.speaker.as_ref().map(|s| s.name.clone())).collect();
    assert!(speakers.contains(&Some("a third".to_owned())), "{speakers:?}");
}

#[test]
fn sputnik_report_dates_and_entities() {
    let (_, extraction) = report("002_");
    let photo = sentence(&extraction, "April 11, 2018");
    let date = &photo.facts.dates[0];
    assert_eq!((date.start.year, date.start.month, date.start.day), (Some(2018), Some(4), Some(11)));
    assert!(entities(photo).contains(&"Mark Zuckerberg"), "{:?}", entities(photo));

    let lawsuit = sentence(&extraction, "small start-up Six4Three");
    assert!(entities(lawsuit).contains(&"Six4Three"));
    assert!(lawsuit.facts.dates.iter().any(|d| d.start.year == Some(2015) && d.relation == DateRelation::At));
}

#[test]
fn times_report_breach_regulator_and_quote_speaker() {
    let (text, extraction) = report("003_");
    let breach = sentence(&extraction, "50 million");
    let q = &quantities(&text, breach)[0];
    assert_eq!((q.1, q.4), (50_000_000.0, Qualifier::AtMost));

    let regulator = sentence(&extraction, "didn’t need to notify");
    assert!(entities(regulator).contains(&"Federal Trade Commission"), "{:?}", entities(regulator));
    assert!(!regulator.facts.negations.is_empty());

    let satterfield = sentence(&extraction, "ignore people’s privacy settings");
    let speaker = satterfield.facts.quotations[0].speaker.as_ref().expect("a speaker from the dash line after the quote");
    assert_eq!(speaker.name, "Steve Satterfield");
}

#[test]
fn borda_report_percentages_and_people() {
    let (text, extraction) = report("004_");
    let shares = sentence(&extraction, "20%");
    let all = quantities(&text, shares);
    let percent = shares.facts.quantities.iter().find(|q| q.kind == QuantityKind::Percent).expect("a percentage");
    assert_eq!((percent.value, percent.qualifier), (20.0, Qualifier::Approximate));
    let photos = all.iter().find(|q| q.3.as_deref() == Some("user")).expect("6.8 million users");
    assert_eq!((photos.1, photos.4), (6_800_000.0, Qualifier::Approximate));
    let interviews = sentence(&extraction, "former employees");
    let employees = quantities(&text, interviews);
    assert_eq!((employees[0].1, employees[0].3.as_deref()), (50.0, Some("employee")));

    let byline = extraction.sentences.iter().flat_map(|s| &s.facts.entities).find(|e| e.canonical == "Digvij Borda");
    assert_eq!(byline.map(|e| e.kind), Some(EntityKind::Person));
}
