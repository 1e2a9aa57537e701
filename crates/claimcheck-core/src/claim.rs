//! Assembling sentences, facts and citations into claims.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use serde::{Deserialize, Serialize};

use crate::alias::Lookups;
use crate::facts::{self, Entity, EntityKind, Facts, Speaker};
use crate::prose::{self, ProseBlock};
use crate::lexicon::class;
use crate::token::{Token, TokenKind, tokenize_into};
use crate::{DocumentKind, ExtractOptions, Span, sentence};

/// What [`crate::extract`] read from a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Every prose sentence, in document order, claims or not.
    pub sentences: Vec<Sentence>,
    /// Markdown footnote definitions (`[^1]: sources/report.txt`).
    pub footnotes: Vec<FootnoteDefinition>,
    /// What could not be read cleanly: an unclosed quotation, a footnote
    /// reference without a definition.
    pub notes: Vec<Note>,
}

impl Extraction {
    /// The sentences that are check-worthy claims.
    pub fn claims(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| s.is_claim())
    }
}

/// One sentence of prose and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// From the first character of the sentence to the end of the citations
    /// that close it.
    pub span: Span,
    /// The sentence's prose with Markdown markup removed and line breaks as
    /// spaces.
    pub text: String,
    pub context: SentenceContext,
    pub facts: Facts,
    /// Footnotes, links and `[@key]` citations in or right after the sentence.
    pub citations: Vec<Citation>,
    pub worthiness: Worthiness,
}

impl Sentence {
    pub fn is_claim(&self) -> bool {
        matches!(self.worthiness, Worthiness::Claim { .. })
    }
}

/// The kind of block a sentence stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SentenceContext {
    Paragraph,
    Heading,
    ListItem,
    BlockQuote,
    TableCell,
}

/// Whether a sentence is a check-worthy claim, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum Worthiness {
    Claim { reasons: Vec<Reason> },
    NotClaim { reason: NotClaimReason },
}

/// What makes a sentence check-worthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Quantity,
    Date,
    Quotation,
    Attribution,
    Citation,
    /// A named entity with a verb that states a fact (`Amazon bought ads`).
    EntityWithFactualVerb,
}

/// Why a sentence is not a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotClaimReason {
    Heading,
    Question,
    /// Opinion or framing: `This matters for every user.`
    Opinion,
    /// Nothing in it that a source could confirm or deny.
    NoCheckableContent,
}

/// A reference from a sentence to a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The marker in the text: `[^1]`, `[the report](sources/a.txt)`, `[@nbc]`.
    pub span: Span,
    pub kind: CitationKind,
    /// What it points at: the footnote definition's text, the link URL, or
    /// the citation key. `None` for a footnote without a definition.
    pub target: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum CitationKind {
    Footnote { label: String },
    Link,
    Pandoc { key: String },
}

/// `[^label]: text` in Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FootnoteDefinition {
    pub label: String,
    /// The whole definition, label included.
    pub span: Span,
    /// The definition's text, with white space collapsed.
    pub text: String,
    /// What it points at: the URL of its first link, else its text.
    pub target: String,
}

/// Something the reader noticed but could not make sense of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub span: Span,
    pub message: String,
}

/// A sentence found in pass one, before its facts are read.
struct Located {
    block: usize,
    /// Prose offsets in the block.
    prose: Span,
    /// Where the sentence's tokens stand in the document's token buffer.
    tokens: Range<usize>,
}

/// What the whole document tells the reading of each sentence: the names it
/// capitalises mid-sentence (found in pass one), and what the alias table
/// has answered so far.
struct Names<'a> {
    seen: FxHashSet<String>,
    aliases: Lookups<'a>,
}

pub(crate) fn extract(text: &str, kind: DocumentKind, options: &ExtractOptions) -> Extraction {
    let mut document = prose::read(text, kind);
    // Pass one finds and tokenizes the sentences, and collects the names
    // capitalised mid-sentence, which pass two needs to judge a capital that
    // opens a sentence. The tokens are kept for pass two in one buffer for
    // the whole document: holding them costs less than making them twice.
    // Prose runs at about five bytes a token: reserving that avoids copying
    // the buffer as it grows.
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut seen_names = FxHashSet::default();
    let mut located = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        let quotes = facts::quotation::quote_ranges(&block.text);
        for prose in sentence::split(&block.text, &quotes) {
            let first_token = tokens.len();
            tokenize_into(prose.slice(&block.text), &mut tokens);
            let sentence_tokens = first_token..tokens.len();
            facts::entity::collect_mid_sentence_names(prose.slice(&block.text), &tokens[sentence_tokens.clone()], &mut seen_names);
            located.push(Located { block: index, prose, tokens: sentence_tokens });
        }
    }

    let mut sentences = Vec::with_capacity(located.len());
    let mut notes = Vec::new();
    let mut names = Names { seen: seen_names, aliases: Lookups::new(&options.aliases) };
    for (i, sentence) in located.iter().enumerate() {
        let next_start = located.get(i + 1).filter(|n| n.block == sentence.block).map(|n| n.prose.start);
        let first_in_block = i == 0 || located[i - 1].block != sentence.block;
        let citations =
            take_citations_closing(&mut document.blocks[sentence.block].citations, sentence.prose, first_in_block, next_start);
        let block = &document.blocks[sentence.block];
        let sentence_tokens = &tokens[sentence.tokens.clone()];
        sentences.push(read_sentence(block, sentence, sentence_tokens, citations, options, &mut names, &mut notes));
    }
    resolve_names(&mut sentences, &options.aliases);
    fill_context_speakers(&mut sentences, &located);

    for sentence in &sentences {
        for citation in &sentence.citations {
            if let (CitationKind::Footnote { label }, None) = (&citation.kind, &citation.target) {
                notes.push(Note { span: citation.span, message: format!("footnote [^{label}] has no definition") });
            }
        }
    }
    Extraction { sentences, footnotes: document.footnotes, notes }
}

/// Takes out of a block's citation markers those that belong to a sentence:
/// the ones inside it and after it up to the next sentence (`… in 2015.[^2] Then …`).
///
/// Sentences do not overlap, so each marker belongs to one sentence at most
/// and can be moved to it rather than copied.
fn take_citations_closing(
    citations: &mut Vec<(usize, Citation)>,
    prose: Span,
    first_in_block: bool,
    next_start: Option<usize>,
) -> Vec<Citation> {
    citations
        .extract_if(.., |&mut (at, _)| {
            let after_start = first_in_block || at > prose.start;
            // A marker right where the next sentence starts closes this one only if no space parts them.
            let before_next = next_start.is_none_or(|next| at < next || at == prose.end);
            after_start && before_next
        })
        .map(|(_, citation)| citation)
        .collect()
}

fn read_sentence(
    block: &ProseBlock,
    located: &Located,
    tokens: &[Token],
    citations: Vec<Citation>,
    options: &ExtractOptions,
    names: &mut Names<'_>,
    notes: &mut Vec<Note>,
) -> Sentence {
    let text = located.prose.slice(&block.text);
    let dates = facts::date::find(text, tokens);
    let mut quantities = facts::quantity::find(text, tokens);
    quantities.retain(|q| !dates.iter().any(|d| d.span.intersects(q.span)));
    let mut facts = Facts {
        quantities,
        dates,
        quotations: facts::quotation::find(text, tokens),
        entities: facts::entity::find(text, tokens, &mut names.aliases, &names.seen),
        attributions: facts::attribution::find(text, tokens),
        negations: facts::polarity::negations(text, tokens),
        hedges: facts::polarity::hedges(text, tokens),
    };
    let to_source = |span: Span| block.source_span(span.shift(located.prose.start));
    facts.map_spans(to_source);
    for quotation in facts.quotations.iter().filter(|q| !q.closed) {
        notes.push(Note { span: quotation.span, message: "this quotation is never closed".to_owned() });
    }
    let mut span = to_source(Span::new(0, text.len()));
    for citation in &citations {
        span = span.cover(citation.span);
    }
    let worthiness = judge(text, tokens, block.context, &facts, !citations.is_empty(), options);
    let text = if text.contains('\n') { text.replace('\n', " ") } else { text.to_owned() };
    Sentence { span, text, context: block.context, facts, citations, worthiness }
}


/// Verbs that state what happened or what is, as opposed to framing.
pub(crate) const FACTUAL_VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "got", "gets", "gave", "gives", "given", "bought", "buys", "sold",
    "sells", "paid", "pays", "made", "makes", "met", "meets", "sued", "sues", "said", "says", "told", "tells", "built",
    "builds", "shares", "owns", "runs", "ran", "leads", "led", "became", "becomes", "grew", "fell", "rose", "won",
    "lost", "took", "takes", "holds", "held", "covers", "includes", "contains", "shows", "saw", "sees", "knew", "knows",
    "wrote", "writes", "began", "begins", "left", "leaves", "sent", "sends", "spent", "spends", "kept", "keeps",
    "could", "can", "will", "would", "did", "does", "do", "found", "finds", "let", "lets", "put", "set", "cut", "hit",
    "read", "reads", "brought", "thought", "drew", "ran", "came", "went", "chose", "allows", "uses", "gained",
];

/// Words that mark opinion or framing rather than a checkable statement.
pub(crate) const OPINION_MARKERS: &[&str] = &[
    "should", "must", "ought", "matters", "matter", "believe", "think", "feel", "arguably", "shameful", "outrageous",
    "important", "crucial", "deserve", "deserves", "hopefully", "sadly", "unfortunately", "wonderful", "terrible",
];

fn judge(text: &str, tokens: &[Token], context: SentenceContext, facts: &Facts, cited: bool, options: &ExtractOptions) -> Worthiness {
    if context == SentenceContext::Heading && !options.headings_are_claims {
        return Worthiness::NotClaim { reason: NotClaimReason::Heading };
    }
    if text.trim_end_matches(|c: char| "\"”’')]*_".contains(c) || c.is_whitespace()).ends_with('?') {
        return Worthiness::NotClaim { reason: NotClaimReason::Question };
    }
    let mut reasons = Vec::new();
    if !facts.quantities.is_empty() {
        reasons.push(Reason::Quantity);
    }
    if !facts.dates.is_empty() {
        reasons.push(Reason::Date);
    }
    if !facts.quotations.is_empty() {
        reasons.push(Reason::Quotation);
    }
    if !facts.attributions.is_empty() {
        reasons.push(Reason::Attribution);
    }
    let word_tokens = || tokens.iter().filter(|t| t.kind == TokenKind::Word);
    let words = || word_tokens().map(|t| t.text(text));
    let strong = !reasons.is_empty();
    if !facts.entities.is_empty() && word_tokens().any(|t| t.is(class::FACTUAL_VERB) || looks_like_a_verb(t.text(text))) {
        reasons.push(Reason::EntityWithFactualVerb);
    }
    if cited {
        reasons.push(Reason::Citation);
    }
    if !strong && word_tokens().any(|t| t.is(class::OPINION)) {
        return Worthiness::NotClaim { reason: NotClaimReason::Opinion };
    }
    if reasons.is_empty() || words().count() < 3 {
        return Worthiness::NotClaim { reason: NotClaimReason::NoCheckableContent };
    }
    Worthiness::Claim { reasons }
}

/// A negated auxiliary (`didn't`) or a past form (`partnered`): verbs beyond the list.
fn looks_like_a_verb(word: &str) -> bool {
    word.ends_with("n't")
        || word.ends_with("n’t")
        || (word.len() >= 5 && word.ends_with("ed") && word.starts_with(|c: char| c.is_lowercase()))
}

/// Links the names a document uses for one entity: a surname alone
/// (`Zuckerberg`) to the full name used elsewhere (`Mark Zuckerberg`), and
/// speakers and attributions to the entities they name.
fn resolve_names(sentences: &mut [Sentence], aliases: &crate::AliasTable) {
    let mut surnames: FxHashMap<String, String> = FxHashMap::default();
    for entity in sentences.iter().flat_map(|s| &s.facts.entities) {
        // The first full name with a surname wins; later ones cost no copy.
        if entity.kind == EntityKind::Person
            && let Some((_, surname)) = entity.canonical.rsplit_once(' ')
            && !surnames.contains_key(surname)
        {
            surnames.insert(surname.to_owned(), entity.canonical.clone());
        }
    }
    for sentence in sentences.iter_mut() {
        for entity in &mut sentence.facts.entities {
            if let Some(full) = surnames.get(&entity.canonical) {
                entity.canonical = full.clone();
                entity.kind = EntityKind::Person;
            }
        }
        let Facts { entities, quotations, attributions, .. } = &mut sentence.facts;
        for quotation in quotations.iter_mut() {
            if let Some(speaker) = &mut quotation.speaker {
                speaker.entity = speaker.span.and_then(|span| entity_named(entities, span, &speaker.name, aliases));
            }
        }
        for attribution in attributions.iter_mut() {
            attribution.entity = entity_named(entities, attribution.source_span, &attribution.source, aliases);
        }
    }
}

fn entity_named(entities: &[Entity], span: Span, name: &str, aliases: &crate::AliasTable) -> Option<String> {
    entities
        .iter()
        .filter(|e| span.contains(e.span))
        .max_by_key(|e| e.span.len())
        .map(|e| e.canonical.clone())
        .or_else(|| aliases.canonical(name).map(str::to_owned))
}

const PRONOUNS: &[&str] = &["he", "she", "him", "her"];

/// Gives a speaker to quotations that stand alone (`“We are winding it
/// down.”`): the one a dash line right after names (`— Jane Doe, …`), else
/// the last speaker named before them in the same or the previous block.
/// A pronoun speaker (`he said`) becomes the last person named.
fn fill_context_speakers(sentences: &mut [Sentence], located: &[Located]) {
    // Where the last speaker and the last person stand (sentence and
    // quotation or entity), not copies of them: most are never used, and a
    // copy of each as it passed would allocate for every speaker and person.
    let mut last_speaker: Option<(usize, usize)> = None;
    let mut last_person: Option<(usize, usize)> = None;
    for i in 0..sentences.len() {
        let block = located[i].block;
        // Read only for a quotation that stands alone, which few sentences hold.
        let mut dash_after: Option<Option<String>> = None;
        for q in 0..sentences[i].facts.quotations.len() {
            let quotation = &sentences[i].facts.quotations[q];
            let filled = match &quotation.speaker {
                Some(speaker) => {
                    // ASCII case is enough: no letter but the Kelvin sign lowercases to an ASCII one.
                    let pronoun =
                        speaker.entity.is_none() && PRONOUNS.iter().any(|p| speaker.name.eq_ignore_ascii_case(p));
                    last_speaker = Some((i, q));
                    if pronoun {
                        let person = last_person.map(|(j, e)| sentences[j].facts.entities[e].canonical.clone());
                        if let Some(speaker) = &mut sentences[i].facts.quotations[q].speaker {
                            speaker.entity = person;
                        }
                    }
                    continue;
                }
                None => {
                    let outside = sentences[i].text.len().saturating_sub(quotation.text.len());
                    if outside >= 24 {
                        continue;
                    }
                    let dash_after = dash_after.get_or_insert_with(|| {
                        let next = sentences.get(i + 1)?;
                        facts::quotation::dash_attribution(&next.text).map(|(name, _)| name)
                    });
                    if let Some(name) = dash_after {
                        Some(Speaker { name: name.clone(), span: None, entity: Some(name.clone()) })
                    } else if let Some((j, k)) = last_speaker
                        && block <= located[j].block + 1
                    {
                        let speaker = sentences[j].facts.quotations[k].speaker.clone();
                        speaker.map(|speaker| Speaker { span: None, ..speaker })
                    } else {
                        None
                    }
                }
            };
            sentences[i].facts.quotations[q].speaker = filled;
        }
        if let Some(e) = sentences[i].facts.entities.iter().rposition(|e| e.kind == EntityKind::Person) {
            last_person = Some((i, e));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{DocumentKind, ExtractOptions, extract};

    #[test]
    fn quotations_that_stand_alone_take_their_speaker_from_context() {
        let text = "Mark Zuckerberg spoke on Monday. \"We erred,\" he said.\n\n\"We will fix it.\"\n\nThe firm was quiet.\n\nMore news.\n\n\"It is done.\"\n\n\"Nothing more.\"\n\n— Lee Park, a spokesperson\n";
        let extraction = extract(text, DocumentKind::Markdown, &ExtractOptions::default());
        let speakers: Vec<String> = extraction
            .sentences
            .iter()
            .flat_map(|s| &s.facts.quotations)
            .map(|q| format!("{} <- {:?}", q.text, q.speaker.as_ref().map(|s| (&s.name, s.span, &s.entity))))
            .collect();
        expect_test::expect![[r#"
            [
                "We erred, <- Some((\"he\", Some(Span { start: 45, end: 47 }), Some(\"Mark Zuckerberg\")))",
                "We will fix it. <- Some((\"he\", None, Some(\"Mark Zuckerberg\")))",
                "It is done. <- None",
                "Nothing more. <- Some((\"Lee Park\", None, Some(\"Lee Park\")))",
            ]
        "#]].assert_debug_eq(&speakers);
    }
}
