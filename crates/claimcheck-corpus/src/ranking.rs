//! The best passages for a query: a tantivy collector that adds the
//! commonest terms' scores only to passages that could still rank.
//!
//! The query's rarer terms find the candidates and score them (with the
//! common terms that share their union, `index.rs`); the commonest terms
//! are *probed*: each skips through its postings to a candidate to add its
//! score. Once `limit` passages are held, a candidate whose score, plus the
//! most the probed terms could add, stays below the last of them is passed
//! over without probing (MaxScore, as in Lucene). Nothing that could rank is
//! passed over, so the passages and their order are those of scoring every
//! candidate in full.

use std::cmp::Ordering;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{Bm25Weight, BoostQuery, EnableScoring, Query as TantivyQuery, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED, Term};

/// A query that scores `term`'s BM25 times `boost` where it matches.
pub(crate) fn term_score(term: Term, boost: Score) -> Box<dyn TantivyQuery> {
    Box::new(BoostQuery::new(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)), boost))
}

/// A term whose score is added by probing, with the most it can add.
pub(crate) struct Probed {
    weight: Box<dyn Weight>,
    most: Score,
}

impl Probed {
    pub(crate) fn new(searcher: &tantivy::Searcher, term: Term, boost: Score) -> tantivy::Result<Probed> {
        // The same BM25 weight as the term query's. Its score rises with the
        // term's count and falls with the passage's length, so the greatest
        // count in the shortest passage bounds it in any passage. Tantivy's
        // `max_score`, taken at the longest length, is tighter (the 100 MB
        // bench's fresh check 1.56–1.58 s against 1.64–1.87 s, the same
        // output), but bounds the score only while no count exceeds its
        // passage's length as stored, which tantivy rounds down.
        let most = Bm25Weight::for_terms(searcher, std::slice::from_ref(&term))?.boost_by(boost).score(0, u32::MAX);
        let weight = term_score(term, boost).weight(EnableScoring::enabled_from_searcher(searcher))?;
        Ok(Probed { weight, most })
    }
}

/// The `limit` best passages, by score and then by their `order` field,
/// with the probed terms' scores added in their given order.
pub(crate) struct BestPassages {
    limit: usize,
    probed: Vec<Box<dyn Weight>>,
    /// The most the probed terms from each one on could add. Summed from
    /// the last, not subtracted as they are probed: the last bound is
    /// exactly 0, so a passage that ties with the last held is not lost to rounding.
    may_add_from: Vec<Score>,
    /// The fast field that breaks ties.
    order: &'static str,
}

/// A passage as ranked: the lesser ranks first (by score, then by its
/// order, which is read only where scores tie, then by its address).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ranked {
    pub(crate) score: Score,
    order: u64,
    pub(crate) address: DocAddress,
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then(self.order.cmp(&other.order)).then(self.address.cmp(&other.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The float sums a bound is compared with may round above it by a few
/// units in the last place; a thousandth more keeps the bound a bound.
const ROUNDING: Score = 1.001;

impl BestPassages {
    pub(crate) fn new(limit: usize, probed: Vec<Probed>, order: &'static str) -> BestPassages {
        let mut may_add_from: Vec<Score> = vec![0.0; probed.len() + 1];
        for (i, p) in probed.iter().enumerate().rev() {
            may_add_from[i] = may_add_from[i + 1] + p.most * ROUNDING;
        }
        BestPassages { limit, probed: probed.into_iter().map(|p| p.weight).collect(), may_add_from, order }
    }

    fn rank(&self, weight: &dyn Weight, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentBest> {
        let order = reader.fast_fields().u64(self.order)?;
        let alive = reader.alive_bitset();
        let mut candidates = weight.scorer(reader, 1.0)?;
        let mut probed = self.probed.iter().map(|weight| weight.scorer(reader, 1.0)).collect::<tantivy::Result<Vec<_>>>()?;
        let may_add_from = &self.may_add_from;
        // The best by score alone, every passage that ties with the last
        // kept: the order column is read only where scores tie, once the
        // segments are merged. It is 8 bytes a passage, and reading it for
        // every passage that entered kept most of its pages in memory.
        // Passages that may rank are gathered, and cut down to the best
        // whenever they reach twice what was kept at the last cut.
        let mut best: Vec<(Score, DocId)> = Vec::new();
        let mut cut_at = self.limit.saturating_mul(2).max(CUT_MIN);
        // Below this a passage cannot rank; it may tie and win on its order.
        let mut last = Score::NEG_INFINITY;
        let mut doc = candidates.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                let mut score = candidates.score();
                let mut may_rank = score + may_add_from[0] >= last;
                for (scorer, may_add) in probed.iter_mut().zip(&may_add_from[1..]) {
                    if !may_rank {
                        break;
                    }
                    if scorer.doc() <= doc && scorer.seek(doc) == doc {
                        score += scorer.score();
                    }
                    may_rank = score + may_add >= last;
                }
                if may_rank && score >= last {
                    best.push((score, doc));
                    if best.len() >= cut_at {
                        last = keep_best(&mut best, self.limit);
                        cut_at = cut_at.max(best.len().saturating_mul(2));
                    }
                }
            }
            doc = candidates.advance();
        }
        keep_best(&mut best, self.limit);
        Ok(SegmentBest { order, segment, best })
    }
}

/// How many passages a segment gathers at least before cutting them down.
const CUT_MIN: usize = 64;

/// Keeps the `limit` best of `held` by score, and every passage that ties
/// with the last of them, best first; gives back the last one's score, below
/// which no passage can rank (none while fewer than `limit` are held).
fn keep_best(held: &mut Vec<(Score, DocId)>, limit: usize) -> Score {
    held.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some(last) = limit.checked_sub(1).and_then(|last| held.get(last)).map(|&(score, _)| score) else {
        if limit == 0 {
            held.clear();
        }
        return Score::NEG_INFINITY;
    };
    held.truncate(held.partition_point(|&(score, _)| score >= last));
    last
}

/// A segment's best passages by score, with every tie at the last kept,
/// and the segment's order column to break ties with.
pub(crate) struct SegmentBest {
    order: Column<u64>,
    segment: SegmentOrdinal,
    best: Vec<(Score, DocId)>,
}

impl Collector for BestPassages {
    type Fruit = Vec<Ranked>;
    type Child = Unused;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Unused> {
        Ok(Unused)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<SegmentBest>) -> tantivy::Result<Vec<Ranked>> {
        let mut held: Vec<(Score, &SegmentBest, DocId)> =
            segments.iter().flat_map(|segment| segment.best.iter().map(move |&(score, doc)| (score, segment, doc))).collect();
        held.sort_by(|a, b| b.0.total_cmp(&a.0));
        if let Some(&(last, ..)) = self.limit.checked_sub(1).and_then(|last| held.get(last)) {
            held.truncate(held.partition_point(|&(score, ..)| score >= last));
        }
        let tied = |i: usize| held.get(i.wrapping_sub(1)).is_some_and(|other| other.0 == held[i].0) || held.get(i + 1).is_some_and(|other| other.0 == held[i].0);
        let mut best: Vec<Ranked> = (0..held.len())
            .map(|i| {
                let (score, segment, doc) = held[i];
                let order = if tied(i) { segment.order.first(doc).unwrap_or(u64::MAX) } else { 0 };
                Ranked { score, order, address: DocAddress::new(segment.segment, doc) }
            })
            .collect();
        best.sort_unstable();
        best.truncate(self.limit);
        Ok(best)
    }

    fn collect_segment(&self, weight: &dyn Weight, segment: u32, reader: &SegmentReader) -> tantivy::Result<SegmentBest> {
        self.rank(weight, segment, reader)
    }
}

/// [`BestPassages`] ranks each segment in [`Collector::collect_segment`],
/// where it has the query's weight to score with; tantivy's trait still
/// names a segment collector, which is never fed and so holds nothing.
#[derive(Debug)]
pub(crate) struct Unused;

impl SegmentCollector for Unused {
    type Fruit = SegmentBest;

    fn collect(&mut self, _: DocId, _: Score) {}

    fn harvest(self) -> SegmentBest {
        SegmentBest { order: Column::build_empty_column(0), segment: 0, best: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_are_kept_with_every_tie_at_the_last() {
        let mut held = vec![(1.0, 1), (3.0, 2), (2.0, 3), (2.0, 4), (0.5, 5), (2.0, 6)];
        assert_eq!(keep_best(&mut held, 2), 2.0);
        assert_eq!(held, [(3.0, 2), (2.0, 3), (2.0, 4), (2.0, 6)]);
        assert_eq!(keep_best(&mut held, 10), Score::NEG_INFINITY, "fewer than the limit: nothing is below reach");
        assert_eq!(held.len(), 4);
        assert_eq!(keep_best(&mut held, 0), Score::NEG_INFINITY);
        assert!(held.is_empty());
    }
}
