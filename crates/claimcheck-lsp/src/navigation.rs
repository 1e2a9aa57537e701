//! Going from a claim to its evidence, and the draft's claims as an outline.

use tower_lsp_server::ls_types::{DocumentSymbol, Location, SymbolKind};

use crate::analysis::Analysis;
use crate::hover::verdict_label;
use crate::position::{self, Encoding};
use crate::to_proto::evidence_location;

/// The claim's best evidence passage in its source file.
pub(crate) fn definition(analysis: &Analysis, offset: usize, encoding: Encoding) -> Option<Location> {
    let claim = analysis.claim_at(offset)?;
    evidence_location(&analysis.corpus, claim.evidence.first()?, encoding)
}

/// One symbol per claim, in draft order, named by its text, with its verdict.
pub(crate) fn document_symbols(analysis: &Analysis, encoding: Encoding) -> Vec<DocumentSymbol> {
    analysis
        .report
        .claims
        .iter()
        .map(|claim| {
            let range = position::range(&analysis.rope, claim.span, encoding);
            #[allow(deprecated)] // `deprecated` is a required field, superseded by `tags`.
            DocumentSymbol {
                name: claim.text.split_whitespace().collect::<Vec<_>>().join(" "),
                detail: Some(verdict_label(claim.verdict).to_owned()),
                kind: SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: None,
            }
        })
        .collect()
}
