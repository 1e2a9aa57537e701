//! Conversions from claimcheck's plain data to LSP types.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Weak};

use claimcheck_core::Span;
use claimcheck_corpus::{Corpus, Excerpt, SourceId};
use claimcheck_lint::{Evidence, Rule, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use crate::analysis::Analysis;
use crate::position::{self, Encoding};

/// Where each rule's documentation is published: `docs/rules.md` in the
/// repository named by the workspace's `Cargo.toml`, one anchor per code.
const RULES_DOCUMENTATION: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md#");

pub(crate) fn rule_documentation(rule: Rule) -> Option<Uri> {
    // Parsed once per rule: every diagnostic of every push links to one.
    static LINKS: LazyLock<Vec<Option<Uri>>> =
        LazyLock::new(|| Rule::ALL.iter().map(|rule| Uri::from_str(&format!("{RULES_DOCUMENTATION}{}", rule.code())).ok()).collect());
    LINKS[rule as usize].clone()
}

pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostics of the draft at `uri`. The places of their evidence come
/// from `places` where the last conversion found them; `places` keeps this
/// conversion's for the next.
pub(crate) fn diagnostics(analysis: &Analysis, uri: &Uri, encoding: Encoding, places: &mut EvidencePlaces) -> Vec<lsp::Diagnostic> {
    let mut previous = std::mem::take(&mut places.places);
    if !(places.corpus.ptr_eq(&Arc::downgrade(&analysis.corpus)) && places.encoding == encoding) {
        previous.clear();
        *places = EvidencePlaces { corpus: Arc::downgrade(&analysis.corpus), encoding, places: HashMap::new() };
    }
    let mut place = |evidence: &Evidence| {
        let key = (Arc::as_ptr(&evidence.excerpt).addr(), evidence.span, evidence.source);
        let (excerpt, location) = previous
            .remove(&key)
            .or_else(|| places.places.get(&key).cloned())
            .unwrap_or_else(|| (Arc::clone(&evidence.excerpt), evidence_location(&analysis.corpus, evidence, encoding)));
        places.places.insert(key, (excerpt, location.clone()));
        location
    };
    analysis.report.diagnostics.iter().map(|d| convert(analysis, uri, d, encoding, &mut place)).collect()
}

/// Where evidence lies in its source file, as one draft's last publish
/// converted it. Finding it reads the excerpt's lines and makes the file's
/// URI; an edit leaves nearly all of a draft's evidence as it was.
/// An excerpt is known by its address, so each entry keeps its excerpt
/// alive (no other can take that address), and the places hold for one
/// corpus (a passage's excerpt never changes in it) and one encoding.
#[derive(Debug, Default)]
pub(crate) struct EvidencePlaces {
    corpus: Weak<Corpus>,
    encoding: Encoding,
    places: HashMap<(usize, Span, SourceId), Place>,
}

/// An excerpt, kept alive, and where its evidence lies.
type Place = (Arc<Excerpt>, Option<Location>);

/// A finding in the draft at `uri`; its related information is the
/// evidence in the sources, then the other places in the draft that bear on it.
pub(crate) fn diagnostic(
    analysis: &Analysis,
    uri: &Uri,
    diagnostic: &claimcheck_lint::Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    convert(analysis, uri, diagnostic, encoding, |evidence| evidence_location(&analysis.corpus, evidence, encoding))
}

/// A finding, its evidence placed by `place`.
fn convert(
    analysis: &Analysis,
    uri: &Uri,
    diagnostic: &claimcheck_lint::Diagnostic,
    encoding: Encoding,
    mut place: impl FnMut(&Evidence) -> Option<Location>,
) -> lsp::Diagnostic {
    let evidence = diagnostic.evidence.iter().filter_map(|evidence| {
        Some(DiagnosticRelatedInformation { location: place(evidence)?, message: evidence.text.clone() })
    });
    let in_the_draft = diagnostic.related.iter().map(|related| DiagnosticRelatedInformation {
        location: Location::new(uri.clone(), position::range(&analysis.rope, related.span, encoding)),
        message: related.message.clone(),
    });
    let related: Vec<DiagnosticRelatedInformation> = evidence.chain(in_the_draft).collect();
    lsp::Diagnostic {
        range: position::range(&analysis.rope, diagnostic.span, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.code().to_owned())),
        code_description: rule_documentation(diagnostic.rule).map(|href| CodeDescription { href }),
        source: Some("claimcheck".to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp::Diagnostic::default()
    }
}

/// An evidence passage's place in its source file.
pub(crate) fn evidence_location(corpus: &Corpus, evidence: &Evidence, encoding: Encoding) -> Option<Location> {
    let source = corpus.source(evidence.source)?;
    let uri = Uri::from_file_path(source.path())?;
    Some(Location::new(uri, position::source_range(&evidence.excerpt, evidence.span, encoding)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_links_to_its_documentation() {
        for &rule in Rule::ALL {
            let href = rule_documentation(rule).map(|uri| uri.as_str().to_owned());
            assert_eq!(href, Some(format!("https://example.invalid/claimcheck/blob/main/docs/rules.md#{}", rule.code())));
        }
    }
}
