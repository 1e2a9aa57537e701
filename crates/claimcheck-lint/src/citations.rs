//! What a draft's citations point at: a source of the corpus, something
//! that is not a source file (a web page, a book), or nothing at all.
//!
//! A citation names a source by path (relative to the draft's folder or to
//! the sources folder) or by file stem (`[@nbc-report]`). Footnotes whose
//! text names no file (`[^1]: Interview with the author, May 2019.`) and
//! links to web pages cite something outside the corpus; they are neither
//! checked nor broken.

use std::path::{Path, PathBuf};

use claimcheck_core::{Citation, CitationKind, DocumentKind, FootnoteDefinition, Span};
use claimcheck_corpus::{Corpus, Source, SourceId};
use rustc_hash::FxHashMap;

use crate::Draft;
use crate::diagnostic::{Edit, Fix};

/// File extensions that make a footnote's word read as a file name.
const FILE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "pdf", "eml", "json", "csv", "doc", "docx"];

/// Where one citation leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Source(SourceId),
    /// It names a file that is not among the sources.
    Missing { reference: String },
    /// A footnote reference with no definition.
    Undefined,
    /// A web page, or a footnote that names no file: not for claimcheck to check.
    Outside,
}

#[derive(Debug, Clone)]
pub(crate) struct CitedSource<'a> {
    pub(crate) citation: &'a Citation,
    pub(crate) target: Target,
}

/// The sources `cited` resolved to, in order.
pub(crate) fn sources(cited: &[CitedSource<'_>]) -> Vec<SourceId> {
    cited
        .iter()
        .filter_map(|c| match c.target {
            Target::Source(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// Resolves every citation of a sentence; `keys` maps pandoc keys to paths.
pub(crate) fn resolve<'a>(citations: &'a [Citation], corpus: &Corpus, draft_dir: Option<&Path>, keys: &FxHashMap<String, PathBuf>) -> Vec<CitedSource<'a>> {
    citations.iter().map(|citation| CitedSource { citation, target: target(citation, corpus, draft_dir, keys) }).collect()
}

fn target(citation: &Citation, corpus: &Corpus, draft_dir: Option<&Path>, keys: &FxHashMap<String, PathBuf>) -> Target {
    let Some(written) = citation.target.as_deref() else {
        return match citation.kind {
            CitationKind::Footnote { .. } => Target::Undefined,
            CitationKind::Link | CitationKind::Pandoc { .. } => Target::Outside,
        };
    };
    let reference = match &citation.kind {
        CitationKind::Pandoc { key } => Some(keys.get(key).and_then(|path| path.to_str()).unwrap_or(written.trim())),
        CitationKind::Link => (!is_external(written)).then_some(written.trim()),
        CitationKind::Footnote { .. } => file_named_in(written),
    };
    let Some(reference) = reference.filter(|r| !r.is_empty() && !r.starts_with('#')) else { return Target::Outside };
    match corpus.find_source(reference, draft_dir) {
        Some(id) => Target::Source(id),
        None => Target::Missing { reference: reference.to_owned() },
    }
}

/// `https://…`, `mailto:…`: not a file of the workspace.
fn is_external(target: &str) -> bool {
    let target = target.trim();
    let scheme = target.split_once(':').map(|(scheme, _)| scheme);
    // `C:\…` is a drive, not a scheme.
    scheme.is_some_and(|s| s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
}

/// The file a footnote names: its whole text when that is one word, else the
/// first word that reads as a path (`NBC News report, sources/nbc.txt`).
fn file_named_in(footnote: &str) -> Option<&str> {
    let footnote = footnote.trim();
    if is_external(footnote) {
        return None;
    }
    let looks_like_file = |word: &str| {
        word.contains('/') || word.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
    };
    let words = footnote.split_whitespace().map(|w| w.trim_matches(|c: char| ",;()<>\"'`".contains(c)).trim_end_matches(['.', ':']));
    words.into_iter().find(|w| looks_like_file(w) && !is_external(w))
}

/// The footnote definition that cites `source`, if the draft has one.
fn footnote_citing<'f>(source: &Source, footnotes: &'f [FootnoteDefinition], corpus: &Corpus, draft_dir: Option<&Path>) -> Option<&'f FootnoteDefinition> {
    footnotes.iter().find(|d| file_named_in(&d.target).and_then(|r| corpus.find_source(r, draft_dir)) == Some(source.id))
}

/// A fix that points a citation at `source` instead: the footnote label that
/// already cites it, the link's path, or the pandoc key of its file stem.
/// `None` when no edit of the marker alone can do it (a footnote whose
/// definition is shared with claims it does support).
pub(crate) fn repoint(citation: &Citation, source: &Source, draft: &Draft<'_>, corpus: &Corpus) -> Option<Fix> {
    let marker = citation.span.slice(draft.text);
    let replacement = match &citation.kind {
        CitationKind::Footnote { .. } => format!("[^{}]", footnote_citing(source, &draft.extraction.footnotes, corpus, draft.dir)?.label),
        CitationKind::Link => {
            let written = citation.target.as_deref()?;
            let at = marker.rfind(written)?;
            format!("{}{}{}", &marker[..at], source.relative.display(), &marker[at + written.len()..])
        }
        CitationKind::Pandoc { key } => {
            let stem = source.relative.file_stem()?.to_str()?;
            let at = marker.find(&format!("@{key}"))?;
            format!("{}@{stem}{}", &marker[..at], &marker[at + 1 + key.len()..])
        }
    };
    Some(Fix {
        title: format!("Cite {} instead", source.relative.display()),
        edits: vec![Edit { span: Span::new(citation.span.start, citation.span.end), replacement }],
    })
}

/// A fix that cites `source` in a footnote at `at` (the end of a sentence):
/// the draft's footnote for that source if it has one, else a new one whose
/// definition goes at the end of the draft. `None` for plain text, which
/// has no footnotes.
pub(crate) fn add_footnote(at: usize, source: &Source, draft: &Draft<'_>, corpus: &Corpus) -> Option<Fix> {
    if draft.kind != DocumentKind::Markdown {
        return None;
    }
    let title = format!("Cite {} in a footnote", source.relative.display());
    let footnotes = &draft.extraction.footnotes;
    if let Some(existing) = footnote_citing(source, footnotes, corpus, draft.dir) {
        return Some(Fix { title, edits: vec![Edit { span: Span::new(at, at), replacement: format!("[^{}]", existing.label) }] });
    }
    let stem: String = source.relative.file_stem()?.to_string_lossy().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let label = std::iter::once(stem.clone())
        .chain((2..).map(|n| format!("{stem}-{n}")))
        .find(|label| !footnotes.iter().any(|d| &d.label == label))?;
    let text = draft.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // A new definition joins the draft's list of definitions, or opens one after a blank line.
    let opening = match (text.is_empty() || text.ends_with('\n'), footnotes.is_empty()) {
        (true, false) => "",
        (true, true) => newline,
        (false, false) => newline,
        (false, true) => &format!("{newline}{newline}"),
    };
    let definition = format!("{opening}[^{label}]: {}{newline}", source.relative.display());
    Some(Fix {
        title,
        edits: vec![
            Edit { span: Span::new(at, at), replacement: format!("[^{label}]") },
            Edit { span: Span::new(text.len(), text.len()), replacement: definition },
        ],
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use claimcheck_core::{DocumentKind, ExtractOptions, extract};
    use claimcheck_corpus::LoadOptions;

    use super::*;

    fn corpus() -> Corpus {
        let documents = vec![
            (PathBuf::from("sources/nbc-report.txt"), "Acme paid 4,000 workers.\n".to_owned()),
            (PathBuf::from("sources/times.md"), "Bolt sold shoes.\n".to_owned()),
        ];
        Corpus::from_documents(documents, &LoadOptions::default()).expect("index")
    }

    fn targets(draft: &str) -> Vec<Target> {
        let keys = FxHashMap::from_iter([("nyt".to_owned(), PathBuf::from("sources/times.md"))]);
        let corpus = corpus();
        let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
        extraction.sentences.iter().flat_map(|s| resolve(&s.citations, &corpus, None, &keys)).map(|c| c.target).collect()
    }

    #[test]
    fn footnotes_links_and_keys_resolve_to_sources() {
        let draft = "Acme paid.[^a] Bolt sold.[^b] Acme again.[^c]\n\nLinked [here](sources/times.md). Keyed [@nbc-report]. Mapped [@nyt].\n\n\
                     [^a]: sources/nbc-report.txt\n[^b]: The Times' summary, sources/times.md.\n[^c]: ./sources/nbc-report.txt\n";
        let ids: Vec<SourceId> = corpus().sources().iter().map(|s| s.id).collect();
        let (nbc, times) = (Target::Source(ids[0]), Target::Source(ids[1]));
        assert_eq!(targets(draft), [nbc.clone(), times.clone(), nbc.clone(), times.clone(), nbc, times]);
    }

    #[test]
    fn what_names_no_source_is_missing_or_undefined() {
        let draft = "One.[^a] Three [x](sources/gone.txt). Four [@nokey].\n\n[^a]: sources/deleted.txt\n";
        assert_eq!(
            targets(draft),
            [
                Target::Missing { reference: "sources/deleted.txt".into() },
                Target::Missing { reference: "sources/gone.txt".into() },
                Target::Missing { reference: "nokey".into() },
            ]
        );
    }

    #[test]
    fn web_pages_and_prose_footnotes_are_outside_the_corpus() {
        let draft = "One.[^a] Two [site](https://example.com/a.txt). Three [anchor](#notes). Four.[^b]\n\n\
                     [^a]: Interview with the author, May 2019.\n[^b]: See https://example.com/report.html\n";
        assert_eq!(targets(draft), [Target::Outside, Target::Outside, Target::Outside, Target::Outside]);
    }

    #[test]
    fn repointing_keeps_the_marker_style() {
        let corpus = corpus();
        let times = &corpus.sources()[1];
        let draft = "Bolt sold.[^a] More [the report](sources/nbc-report.txt). Keyed [see @nbc-report, p. 2].\n\n\
                     [^a]: sources/nbc-report.txt\n[^t]: sources/times.md\n";
        let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
        let fixes: Vec<String> = extraction
            .sentences
            .iter()
            .flat_map(|s| &s.citations)
            .filter_map(|c| repoint(c, times, &Draft { text: draft, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &corpus))
            .map(|fix| fix.edits[0].replacement.clone())
            .collect();
        assert_eq!(fixes, ["[^t]", "[the report](sources/times.md)", "[see @times, p. 2]"]);
    }
}

#[cfg(test)]
mod footnote_tests {
    use std::path::PathBuf;

    use claimcheck_core::{ExtractOptions, extract};
    use claimcheck_corpus::LoadOptions;

    use super::*;
    use crate::diagnostic::Report;

    fn fixed(draft: &str) -> String {
        let documents = vec![(PathBuf::from("sources/nbc-report.txt"), "Acme paid 4,000 workers.\n".to_owned())];
        let corpus = Corpus::from_documents(documents, &LoadOptions::default()).expect("index");
        let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
        let at = draft.find("workers.").expect("the claim") + "workers.".len();
        let fix = add_footnote(at, &corpus.sources()[0], &Draft { text: draft, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, &corpus)
            .expect("a fix");
        let diagnostic = crate::Diagnostic {
            rule: crate::Rule::MissingCitation,
            severity: crate::Severity::Hint,
            message: String::new(),
            span: Span::new(0, 0),
            evidence: Vec::new(),
            fix: Some(fix),
            related: Vec::new(),
        };
        Report { diagnostics: vec![diagnostic], ..Report::default() }.fixed_text(draft).expect("applied").0
    }

    #[test]
    fn a_new_footnote_and_its_definition() {
        assert_eq!(fixed("Acme paid 4,000 workers.\n"), "Acme paid 4,000 workers.[^nbc-report]\n\n[^nbc-report]: sources/nbc-report.txt\n");
        assert_eq!(fixed("Acme paid 4,000 workers.\r\nMore."), "Acme paid 4,000 workers.[^nbc-report]\r\nMore.\r\n\r\n[^nbc-report]: sources/nbc-report.txt\r\n");
    }

    #[test]
    fn the_drafts_own_footnote_for_the_source_is_reused_and_labels_do_not_clash() {
        let draft = "Acme paid 4,000 workers. Bolt paid.[^n]\n\n[^n]: sources/nbc-report.txt\n";
        assert_eq!(fixed(draft), "Acme paid 4,000 workers.[^n] Bolt paid.[^n]\n\n[^n]: sources/nbc-report.txt\n");
        let draft = "Acme paid 4,000 workers. Bolt paid.[^nbc-report]\n\n[^nbc-report]: an interview\n";
        assert!(fixed(draft).ends_with("[^nbc-report]: an interview\n[^nbc-report-2]: sources/nbc-report.txt\n"));
    }
}
