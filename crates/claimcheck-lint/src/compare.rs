//! Comparing values by what they mean: `fifty million` = `50 million`,
//! `about 6.8 million` agrees with `6.8 million`, `more than 150` with `200`.

use claimcheck_core::{DateFact, DateRelation, PartialDate, Qualifier, Quantity, QuantityKind};

/// Whether two statements of a value can both be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Agreement {
    Agrees,
    Conflicts,
    /// They do not speak of the same thing, so they neither agree nor conflict.
    Unrelated,
}

/// Exact values may differ by rounding: `6.8 million` for 6,812,000.
const ROUNDING: f64 = 0.005;
/// How far `about` stretches.
const APPROXIMATE: f64 = 0.15;

/// The values a quantity allows, as a closed interval.
fn interval(q: &Quantity) -> (f64, f64) {
    let (low, high) = (q.value, q.upper.unwrap_or(q.value));
    match q.qualifier {
        Qualifier::Exact => (low * (1.0 - ROUNDING), high * (1.0 + ROUNDING)),
        Qualifier::Approximate => (low * (1.0 - APPROXIMATE), high * (1.0 + APPROXIMATE)),
        Qualifier::AtLeast | Qualifier::MoreThan => (low, f64::INFINITY),
        Qualifier::AtMost | Qualifier::LessThan => (0.0, high),
        Qualifier::Nearly => (low * (1.0 - APPROXIMATE), high),
    }
}

/// Compares two quantities of the same unit.
///
/// Two bounds of the same kind (`as many as 5 million` and `as many as 50
/// million`) state the bound itself, so their values must match; otherwise
/// the quantities agree when the values they allow overlap.
pub(crate) fn quantities(claim: &Quantity, source: &Quantity) -> Agreement {
    if !same_kind(&claim.kind, &source.kind) {
        return Agreement::Unrelated;
    }
    let overlap = if claim.qualifier == source.qualifier && claim.qualifier != Qualifier::Exact {
        let close = |a: f64, b: f64| (a - b).abs() <= a.abs().max(b.abs()) * ROUNDING;
        close(claim.value, source.value) && close(claim.upper.unwrap_or(claim.value), source.upper.unwrap_or(source.value))
    } else {
        let (a_low, a_high) = interval(claim);
        let (b_low, b_high) = interval(source);
        a_low <= b_high && b_low <= a_high
    };
    if overlap { Agreement::Agrees } else { Agreement::Conflicts }
}

fn same_kind(a: &QuantityKind, b: &QuantityKind) -> bool {
    match (a, b) {
        (QuantityKind::Money(x), QuantityKind::Money(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// Compares two dates.
///
/// A single date agrees with a range that contains it, but does not conflict
/// with one that does not (a range in a source often spans other events);
/// a claimed range conflicts with a source's date outside it; two single
/// dates, or two ranges, must match at the precision both give.
pub(crate) fn dates(claim: &DateFact, source: &DateFact) -> Agreement {
    let claim_range = claim.end.is_some() || claim.relation == DateRelation::Between;
    let source_range = source.end.is_some() || source.relation == DateRelation::Between;
    match (claim_range, source_range) {
        (false, false) => {
            if claim.relation != source.relation && !both_plain(claim, source) {
                return Agreement::Unrelated;
            }
            point_agreement(&claim.start, &source.start)
        }
        (true, true) => {
            let start = point_agreement(&claim.start, &source.start);
            let end = match (&claim.end, &source.end) {
                (Some(a), Some(b)) => point_agreement(a, b),
                _ => Agreement::Unrelated,
            };
            match (start, end) {
                (Agreement::Conflicts, _) | (_, Agreement::Conflicts) => Agreement::Conflicts,
                (Agreement::Agrees, Agreement::Agrees) => Agreement::Agrees,
                _ => Agreement::Unrelated,
            }
        }
        (false, true) => match (source.start.year, source.end.and_then(|e| e.year), claim.start.year) {
            (Some(from), Some(to), Some(year)) if from <= year && year <= to => Agreement::Agrees,
            _ => Agreement::Unrelated,
        },
        // A claimed span of years that leaves out the year the source gives.
        (true, false) => match (claim.start.year, claim.end.and_then(|e| e.year), source.start.year) {
            (Some(from), Some(to), Some(year)) if year < from || year > to => Agreement::Conflicts,
            _ => Agreement::Unrelated,
        },
    }
}

fn both_plain(a: &DateFact, b: &DateFact) -> bool {
    let plain = |r: DateRelation| matches!(r, DateRelation::At | DateRelation::By);
    plain(a.relation) && plain(b.relation)
}

/// Two dates agree when every part both give is equal.
fn point_agreement(a: &PartialDate, b: &PartialDate) -> Agreement {
    let parts = [(a.year, b.year), (a.month.map(i32::from), b.month.map(i32::from)), (a.day.map(i32::from), b.day.map(i32::from))];
    let mut compared = false;
    for (x, y) in parts {
        if let (Some(x), Some(y)) = (x, y) {
            if x != y {
                return Agreement::Conflicts;
            }
            compared = true;
        }
    }
    if compared { Agreement::Agrees } else { Agreement::Unrelated }
}

#[cfg(test)]
mod tests {
    use claimcheck_core::Span;

    use super::*;

    fn q(value: f64, qualifier: Qualifier) -> Quantity {
        Quantity { span: Span::default(), value, upper: None, kind: QuantityKind::Count, unit: None, qualifier }
    }

    fn range(low: f64, high: f64) -> Quantity {
        Quantity { upper: Some(high), ..q(low, Qualifier::Exact) }
    }

    fn year(y: i32) -> DateFact {
        let start = PartialDate { year: Some(y), month: None, day: None };
        DateFact { span: Span::default(), start, end: None, relation: DateRelation::At }
    }

    fn years(from: i32, to: i32) -> DateFact {
        let end = Some(PartialDate { year: Some(to), month: None, day: None });
        DateFact { end, relation: DateRelation::Between, ..year(from) }
    }

    #[test]
    fn quantities_by_value_and_qualifier() {
        use Agreement::*;
        assert_eq!(quantities(&q(50e6, Qualifier::Exact), &q(50e6, Qualifier::Exact)), Agrees);
        assert_eq!(quantities(&q(6.8e6, Qualifier::Approximate), &q(6.8e6, Qualifier::Exact)), Agrees);
        assert_eq!(quantities(&q(150.0, Qualifier::MoreThan), &q(200.0, Qualifier::Exact)), Agrees);
        assert_eq!(quantities(&q(4000.0, Qualifier::Exact), &q(7000.0, Qualifier::Exact)), Conflicts);
        assert_eq!(quantities(&q(5e6, Qualifier::AtMost), &q(50e6, Qualifier::AtMost)), Conflicts);
        assert_eq!(quantities(&q(40.0, Qualifier::Exact), &q(20.0, Qualifier::Approximate)), Conflicts);
        assert_eq!(quantities(&q(4000.0, Qualifier::Exact), &range(400.0, 4000.0)), Agrees);
        let percent = Quantity { kind: QuantityKind::Percent, ..q(20.0, Qualifier::Exact) };
        assert_eq!(quantities(&percent, &q(40.0, Qualifier::Exact)), Unrelated);
    }

    #[test]
    fn dates_by_precision_and_range() {
        use Agreement::*;
        assert_eq!(dates(&year(2015), &year(2015)), Agrees);
        assert_eq!(dates(&year(2017), &year(2015)), Conflicts);
        assert_eq!(dates(&years(2012, 2015), &years(2011, 2015)), Conflicts);
        assert_eq!(dates(&years(2011, 2015), &years(2011, 2015)), Agrees);
        assert_eq!(dates(&year(2013), &years(2011, 2015)), Agrees);
        assert_eq!(dates(&year(2018), &years(2011, 2015)), Unrelated);
        assert_eq!(dates(&years(2012, 2015), &year(2011)), Conflicts);
        assert_eq!(dates(&years(2012, 2015), &year(2013)), Unrelated);
        let since = DateFact { relation: DateRelation::Since, ..year(2015) };
        assert_eq!(dates(&since, &year(2016)), Unrelated);
        let april = DateFact { start: PartialDate { year: Some(2018), month: Some(4), day: Some(11) }, ..year(2018) };
        assert_eq!(dates(&april, &year(2018)), Agrees);
        assert_eq!(dates(&april, &year(2019)), Conflicts);
    }
}
