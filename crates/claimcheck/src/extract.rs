//! `claimcheck extract`: shows what the core reads in a draft.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use claimcheck_core::{
    AttributionCue, DateFact, DocumentKind, ExtractOptions, Extraction, LineIndex, PartialDate, PositionEncoding,
    Quantity, QuantityKind, Sentence, Span, Worthiness,
};
use serde_json::{Value, json};

use crate::Format;
use crate::input;

pub(crate) fn run(path: &Path, format: Format, all: bool) -> anyhow::Result<ExitCode> {
    let input = input::read_text(path)?;
    if let Some(warning) = &input.warning {
        eprintln!("warning: {warning}");
    }
    let extraction = claimcheck_core::extract(&input.text, DocumentKind::from_path(path), &ExtractOptions::default());
    let index = LineIndex::new(&input.text);
    let output = match format {
        Format::Human | Format::Github => human(path, &input.text, &index, &extraction, all),
        Format::Json => json_report(path, &index, &extraction)?,
        Format::Sarif => {
            anyhow::bail!("SARIF holds findings, and extract finds none; use --format json, or `claimcheck check --format sarif`")
        }
    };
    std::io::stdout().lock().write_all(output.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// 1-based line and column (in Unicode scalar values) of a byte offset.
pub(crate) fn position(index: &LineIndex, offset: usize) -> (u32, u32) {
    let at = index.line_column(offset, PositionEncoding::Utf32);
    (at.line + 1, at.column + 1)
}

fn human(path: &Path, text: &str, index: &LineIndex, extraction: &Extraction, all: bool) -> String {
    let mut out = String::new();
    let at = |span: Span| {
        let (line, column) = position(index, span.start);
        format!("{line}:{column}")
    };
    for sentence in &extraction.sentences {
        let verdict = match &sentence.worthiness {
            Worthiness::Claim { reasons } => {
                let reasons: Vec<String> = reasons.iter().map(|r| kebab(&format!("{r:?}"))).collect();
                format!("claim ({})", reasons.join(", "))
            }
            Worthiness::NotClaim { reason } if all => format!("not a claim ({})", kebab(&format!("{reason:?}"))),
            Worthiness::NotClaim { .. } => continue,
        };
        let _ = writeln!(out, "{}:{}: {verdict}", path.display(), at(sentence.span));
        let _ = writeln!(out, "    {}", sentence.text);
        for (span, kind, description) in fact_lines(sentence) {
            let _ = writeln!(out, "    {:<8} {kind:<12} {:?} → {description}", at(span), span.slice(text));
        }
        out.push('\n');
    }
    for note in &extraction.notes {
        let _ = writeln!(out, "{}:{}: note: {}", path.display(), at(note.span), note.message);
    }
    let claims = extraction.claims().count();
    let _ = writeln!(out, "{claims} claims in {} sentences", extraction.sentences.len());
    out
}

/// One line per fact: where, what kind, and what the core made of it.
fn fact_lines(sentence: &Sentence) -> Vec<(Span, &'static str, String)> {
    let facts = &sentence.facts;
    let mut lines = Vec::new();
    for q in &facts.quantities {
        lines.push((q.span, "quantity", describe_quantity(q)));
    }
    for d in &facts.dates {
        lines.push((d.span, "date", describe_date(d)));
    }
    for q in &facts.quotations {
        let speaker = q.speaker.as_ref().map_or_else(
            || "no speaker".to_owned(),
            |s| format!("speaker {}{}", s.name, s.entity.as_ref().map(|e| format!(" ({e})")).unwrap_or_default()),
        );
        lines.push((q.span, "quotation", speaker));
    }
    for e in &facts.entities {
        lines.push((e.span, "entity", format!("{} [{}]", e.canonical, kebab(&format!("{:?}", e.kind)))));
    }
    for a in &facts.attributions {
        let cue = match &a.cue {
            AttributionCue::AccordingTo => "according to".to_owned(),
            AttributionCue::Verb(verb) => verb.clone(),
            AttributionCue::Report => "report".to_owned(),
        };
        let source = a.entity.clone().unwrap_or_else(|| a.source.clone());
        lines.push((a.span, "attribution", format!("{source} ({cue})")));
    }
    for n in &facts.negations {
        lines.push((n.span, "negation", n.text.clone()));
    }
    for h in &facts.hedges {
        lines.push((h.span, "hedge", h.text.clone()));
    }
    for c in &sentence.citations {
        let target = c.target.clone().unwrap_or_else(|| "(no definition)".to_owned());
        lines.push((c.span, "citation", target));
    }
    lines.sort_by_key(|(span, ..)| *span);
    lines
}

fn describe_quantity(q: &Quantity) -> String {
    let mut out = match &q.kind {
        QuantityKind::Count | QuantityKind::Percent => String::new(),
        QuantityKind::Money(currency) => format!("{currency} "),
    };
    out += &number(q.value);
    if let Some(upper) = q.upper {
        out += &format!(" to {}", number(upper));
    }
    if q.kind == QuantityKind::Percent {
        out.push('%');
    }
    if let Some(unit) = &q.unit {
        out += &format!(" {unit}");
    }
    format!("{out} ({})", kebab(&format!("{:?}", q.qualifier)))
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

fn describe_date(d: &DateFact) -> String {
    let date = |p: &PartialDate| match (p.year, p.month, p.day) {
        (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
        (Some(y), None, _) => format!("{y:04}"),
        (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
        (None, Some(m), None) => format!("--{m:02}"),
        (None, None, _) => "?".to_owned(),
    };
    let mut out = date(&d.start);
    if let Some(end) = &d.end {
        out += &format!("/{}", date(end));
    }
    format!("{out} ({})", kebab(&format!("{:?}", d.relation)))
}

/// `EntityWithFactualVerb` → `entity-with-factual-verb`.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn json_report(path: &Path, index: &LineIndex, extraction: &Extraction) -> anyhow::Result<String> {
    let mut value = json!({
        "version": 1,
        "path": path.display().to_string(),
        "sentences": extraction.sentences,
        "footnotes": extraction.footnotes,
        "notes": extraction.notes,
    });
    add_ranges(&mut value, index);
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}

/// Gives every object with a byte `span` a `range` beside it: 1-based lines
/// and columns counted in Unicode scalar values.
pub(crate) fn add_ranges(value: &mut Value, index: &LineIndex) {
    match value {
        Value::Object(object) => {
            let span = object.get("span").and_then(|s| Some((s.get("start")?.as_u64()?, s.get("end")?.as_u64()?)));
            if let Some((start, end)) = span {
                let point = |offset: u64| {
                    let (line, column) = position(index, usize::try_from(offset).unwrap_or(usize::MAX));
                    json!({"line": line, "column": column})
                };
                object.insert("range".to_owned(), json!({"start": point(start), "end": point(end)}));
            }
            for (key, child) in object.iter_mut() {
                if key != "range" {
                    add_ranges(child, index);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| add_ranges(item, index)),
        _ => {}
    }
}
