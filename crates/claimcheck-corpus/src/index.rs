//! Passage retrieval with tantivy: BM25 over stemmed text, with boosts for
//! the entities, numbers and years a claim shares with a passage.
//!
//! Numbers and years are indexed by value (`4000` for `four thousand`,
//! `4k` and `4,000`), and entities by canonical name (`the Times` and
//! `NYT` both as `the new york times`), so paraphrases meet.

use claimcheck_core::Sentence;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, INDEXED, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer};
use tantivy::{Index, IndexReader, TantivyDocument, Term, doc};

use crate::{Hit, PassageId, Query, Retriever, SourceId};

const ANALYZER: &str = "claimcheck_english";
const ENTITY_BOOST: f32 = 2.0;
const VALUE_BOOST: f32 = 1.5;
/// Memory for the writer: tantivy's minimum. Its arena grows page by page,
/// so a few files cost little; a large folder just flushes more segments.
const WRITER_HEAP: usize = 15_000_000;

#[derive(Debug, thiserror::Error)]
#[error("the passage index failed: {0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

struct Fields {
    text: Field,
    entity: Field,
    number: Field,
    year: Field,
    passage: Field,
    source: Field,
}

pub(crate) struct PassageIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for PassageIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassageIndex").finish_non_exhaustive()
    }
}

fn analyzer() -> TextAnalyzer {
    let mut builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).dynamic();
    if let Some(stop_words) = StopWordFilter::new(Language::English) {
        builder = builder.filter_dynamic(stop_words);
    }
    builder.filter_dynamic(Stemmer::new(Language::English)).build()
}

/// A number as indexed: its value without trailing zeros after the point.
pub(crate) fn number_term(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 { format!("{value:.0}") } else { format!("{value}") }
}

/// A filter to the passages of one source, contributing no score.
fn query_source(field: Field, within: Option<SourceId>) -> Option<Box<dyn TantivyQuery>> {
    let term = TermQuery::new(Term::from_field_u64(field, u64::from(within?.0)), IndexRecordOption::Basic);
    Some(Box::new(BoostQuery::new(Box::new(term), 0.0)))
}

/// A passage's text and facts, as handed to the index.
pub(crate) struct IndexedPassage<'a> {
    pub(crate) id: PassageId,
    pub(crate) source: SourceId,
    pub(crate) text: &'a str,
    pub(crate) sentence: &'a Sentence,
}

impl PassageIndex {
    pub(crate) fn build<'a>(passages: impl Iterator<Item = IndexedPassage<'a>>) -> Result<PassageIndex, IndexError> {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let fields = Fields {
            text: schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing)),
            entity: schema.add_text_field("entity", STRING),
            number: schema.add_text_field("number", STRING),
            year: schema.add_text_field("year", STRING),
            passage: schema.add_u64_field("passage", STORED),
            source: schema.add_u64_field("source", INDEXED),
        };
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(ANALYZER, analyzer());
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_HEAP)?;
        for passage in passages {
            let mut document = doc!(
                fields.text => passage.text,
                fields.passage => u64::from(passage.id.0),
                fields.source => u64::from(passage.source.0),
            );
            let facts = &passage.sentence.facts;
            for entity in &facts.entities {
                document.add_text(fields.entity, entity.canonical.to_lowercase());
            }
            for quantity in &facts.quantities {
                for value in std::iter::once(quantity.value).chain(quantity.upper) {
                    document.add_text(fields.number, number_term(value));
                }
            }
            for date in &facts.dates {
                for year in std::iter::once(date.start.year).chain(date.end.map(|e| e.year)).flatten() {
                    document.add_text(fields.year, year.to_string());
                }
            }
            writer.add_document(document)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(PassageIndex { index, reader, fields })
    }
}

impl Retriever for PassageIndex {
    fn search(&self, query: &Query<'_>, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut stream = analyzer.token_stream(query.text);
        let mut seen = Vec::new();
        stream.process(&mut |token| {
            if !seen.contains(&token.text) {
                seen.push(token.text.clone());
            }
        });
        let term = |field: Field, text: &str, boost: f32| -> (Occur, Box<dyn TantivyQuery>) {
            let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(query), boost)))
        };
        for text in &seen {
            clauses.push(term(self.fields.text, text, 1.0));
        }
        for entity in &query.entities {
            clauses.push(term(self.fields.entity, &entity.to_lowercase(), ENTITY_BOOST));
        }
        for number in &query.numbers {
            clauses.push(term(self.fields.number, &number_term(*number), VALUE_BOOST));
        }
        for year in &query.years {
            clauses.push(term(self.fields.year, &year.to_string(), VALUE_BOOST));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let mut search: Box<dyn TantivyQuery> = Box::new(BooleanQuery::new(clauses));
        if let Some(source) = query_source(self.fields.source, query.within) {
            // The filter scores nothing, so ranking inside the source is the same as across the corpus.
            search = Box::new(BooleanQuery::new(vec![(Occur::Must, search), (Occur::Must, source)]));
        }
        let searcher = self.reader.searcher();
        // The collector reserves room for `limit` hits up front: a huge limit must not become a huge allocation.
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        if limit == 0 {
            return Ok(Vec::new());
        }
        let top = searcher.search(&search, &TopDocs::with_limit(limit).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let id = document.get_first(self.fields.passage).and_then(|v| v.as_u64()).and_then(|v| u32::try_from(v).ok());
            if let Some(id) = id {
                hits.push(Hit { passage: PassageId(id), score });
            }
        }
        Ok(hits)
    }
}
