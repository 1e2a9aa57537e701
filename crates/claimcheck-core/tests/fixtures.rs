//! Whole-pipeline fixtures: a document in, a compact rendering of what the
//! core read out, compared with an inline snapshot. Each fixture is text
//! written for this project. Re-bless with `UPDATE_EXPECT=1 cargo test`.

use claimcheck_core::{DocumentKind, ExtractOptions, Sentence, Worthiness, extract};
use expect_test::{Expect, expect};

/// One line per sentence (`claim` or `----`), then one indented line per fact.
fn render(text: &str, sentence: &Sentence) -> String {
    let mut out = match &sentence.worthiness {
        Worthiness::Claim { reasons } => format!("claim {reasons:?}: {}\n", sentence.span.slice(text)),
        Worthiness::NotClaim { reason } => format!("---- {reason:?}: {}\n", sentence.span.slice(text)),
    };
    let facts = &sentence.facts;
    for q in &facts.quantities {
        out += &format!("  quantity {:?} = {} {:?} {:?} {:?}\n", q.span.slice(text), q.value, q.upper, q.unit, q.qualifier);
    }
    for d in &facts.dates {
        out += &format!("  date {:?} = {:?} {:?} {:?}\n", d.span.slice(text), d.start, d.end, d.relation);
    }
    for q in &facts.quotations {
        out += &format!("  quote {:?} by {:?}\n", q.inner.slice(text), q.speaker.as_ref().map(|s| (&s.name, &s.entity)));
    }
    for e in &facts.entities {
        out += &format!("  entity {:?} = {} ({:?})\n", e.span.slice(text), e.canonical, e.kind);
    }
    for a in &facts.attributions {
        out += &format!("  attribution {:?} = {:?} {:?}\n", a.span.slice(text), a.entity, a.cue);
    }
    for c in facts.negations.iter().chain(&facts.hedges) {
        out += &format!("  cue {:?}\n", c.span.slice(text));
    }
    for c in &sentence.citations {
        out += &format!("  citation {:?} -> {:?}\n", c.span.slice(text), c.target);
    }
    out
}

fn check(kind: DocumentKind, text: &str, expect: Expect) {
    let extraction = extract(text, kind, &ExtractOptions::default());
    let mut out: String = extraction.sentences.iter().map(|s| render(text, s)).collect();
    for note in &extraction.notes {
        out += &format!("note {:?}: {}\n", note.span.slice(text), note.message);
    }
    expect.assert_eq(&out);
}

#[test]
fn markdown_draft_with_citations() {
    check(
        DocumentKind::Markdown,
        "# The leak\n\nAccording to the Times, Acme Corp paid $40 million to about 4k partners in 2015.[^t]\nIts chief, Dana Whitfield, said: \"We did not hide it.\"\n\n[^t]: sources/times.txt\n",
        expect![[r#"
            ---- Heading: The leak
            claim [Quantity, Date, Attribution, EntityWithFactualVerb, Citation]: According to the Times, Acme Corp paid $40 million to about 4k partners in 2015.[^t]
              quantity "$40 million" = 40000000 None None Exact
              quantity "about 4k partners" = 4000 None Some("partner") Approximate
              date "in 2015" = PartialDate { year: Some(2015), month: None, day: None } None At
              entity "Times" = The New York Times (Organization)
              entity "Acme Corp" = Acme Corp (Organization)
              attribution "According to the Times" = Some("The New York Times") AccordingTo
              citation "[^t]" -> Some("sources/times.txt")
            claim [Quotation, Attribution, EntityWithFactualVerb]: Its chief, Dana Whitfield, said: "We did not hide it."
              quote "We did not hide it." by Some(("Dana Whitfield", Some("Dana Whitfield")))
              entity "Dana Whitfield" = Dana Whitfield (Person)
              attribution "Dana Whitfield, said" = Some("Dana Whitfield") Verb("said")
              cue "did not"
        "#]],
    );
}

#[test]
fn plain_text_source_with_standalone_quote() {
    check(
        DocumentKind::PlainText,
        "Regulators Review Acme Deals\n\nThe review covers the years 2011 to 2015, the agency reported.\n\n“We are reviewing every contract. It will take months.”\n\n— Lee Park, a spokesperson for the agency\n",
        expect![[r#"
            ---- Heading: Regulators Review Acme Deals
              entity "Regulators Review Acme Deals" = Regulators Review Acme Deals (Unknown)
            claim [Date]: The review covers the years 2011 to 2015, the agency reported.
              date "2011 to 2015" = PartialDate { year: Some(2011), month: None, day: None } Some(PartialDate { year: Some(2015), month: None, day: None }) Between
            claim [Quotation]: “We are reviewing every contract. It will take months.”
              quote "We are reviewing every contract. It will take months." by Some(("Lee Park", Some("Lee Park")))
            ---- NoCheckableContent: — Lee Park, a spokesperson for the agency
              entity "Lee Park" = Lee Park (Person)
        "#]],
    );
}

#[test]
fn opinion_question_and_hedged_claims() {
    check(
        DocumentKind::Markdown,
        "This should worry every reader. Did Acme know? Acme reportedly shared twenty per cent of its data with Bolt Ltd.\n",
        expect![[r#"
            ---- Opinion: This should worry every reader.
            ---- Question: Did Acme know?
              entity "Acme" = Acme (Unknown)
            claim [Quantity, EntityWithFactualVerb]: Acme reportedly shared twenty per cent of its data with Bolt Ltd.
              quantity "twenty per cent" = 20 None Some("data") Exact
              entity "Acme" = Acme (Unknown)
              entity "Bolt Ltd" = Bolt Ltd (Organization)
              cue "reportedly"
        "#]],
    );
}
