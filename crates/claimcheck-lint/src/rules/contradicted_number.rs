use claimcheck_core::Span;

use crate::diagnostic::{Diagnostic, Fix, Quoted};
use crate::rules::RuleContext;
use crate::verify::ConflictKind;

declare_rule! {
    /// ## What it flags
    /// A quantity that differs from the one a source gives for the same fact:
    /// the passage matches the claim on its other content (who, what, the
    /// counted noun) and states another value.
    /// Values compare by meaning: `fifty million` is `50 million`, `4k` is
    /// `4,000`, `about 6.8 million` agrees with `6.8 million`, and `more than
    /// 150` is not contradicted by `200`.
    ///
    /// ## Why it matters
    /// A wrong number is the most common correction a newsroom prints.
    ///
    /// ## Example
    /// With a source that reports a breach of 50 million accounts:
    /// ```markdown
    /// The breach could have exposed as many as 5 million accounts.
    /// ```
    ///
    /// ## Fix
    /// Replaces the number with the source's, when both are written in digits.
    code: "contradicted-number",
    severity: Error,
    summary: "A quantity that a source gives otherwise for the same fact",
}

pub(crate) fn check(context: &RuleContext<'_, '_>) -> Option<Diagnostic> {
    let conflict = context.assessment.conflict.as_ref()?;
    let ConflictKind::Number { claim, source } = &conflict.kind else { return None };
    let text = context.claim.text;
    let span = context.moved(claim.span);
    let claim_text = span.slice(text);
    let source_text = conflict.matched.passage.excerpt.slice(source.span);
    let fix = number_core(claim_text).zip(number_core(source_text)).map(|(claim_core, source_core)| {
        Fix::replace(Span::new(span.start + claim_core.start, span.start + claim_core.end), source_core.slice(source_text))
    });
    Some(Diagnostic {
        rule: super::Rule::ContradictedNumber,
        severity: METADATA.default_severity,
        message: format!(
            "{} says {}, not {}",
            conflict.matched.location(),
            Quoted(source_text),
            Quoted(claim_text)
        ),
        span,
        evidence: vec![conflict.matched.evidence()],
        fix,
        related: Vec::new(),
    })
}

/// The number written in digits inside a quantity's text, with its currency
/// sign, scale and percent sign: `$40 million` in `about $40 million in ads`.
fn number_core(text: &str) -> Option<Span> {
    let digit = text.find(|c: char| c.is_ascii_digit())?;
    let start = text[..digit].char_indices().next_back().filter(|(_, c)| "$£€".contains(*c)).map_or(digit, |(i, _)| i);
    let mut end = digit + text[digit..].find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(text.len() - digit);
    end = text[..end].trim_end_matches(['.', ',']).len();
    let rest = &text[end..];
    let scales = ["%", " per cent", " percent", " million", " billion", " thousand", " trillion", "bn", "m", "k", " bn", " m"];
    if let Some(scale) = scales.iter().find(|s| rest.starts_with(**s) && !rest[s.len()..].starts_with(char::is_alphanumeric)) {
        end += scale.len();
    }
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_cores() {
        let core = |text: &str| number_core(text).map(|s| s.slice(text).to_owned());
        assert_eq!(core("as many as 5 million accounts").as_deref(), Some("5 million"));
        assert_eq!(core("40% of its data").as_deref(), Some("40%"));
        assert_eq!(core("about $6.8bn").as_deref(), Some("$6.8bn"));
        assert_eq!(core("4,000 pages").as_deref(), Some("4,000"));
        assert_eq!(core("fifty million users"), None);
    }
}
