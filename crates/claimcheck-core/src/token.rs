//! A small word tokenizer shared by the fact extractors.
//!
//! Tokens borrow nothing: each is a kind and a byte span into the text it was
//! made from, so extractors can look at neighbours and adjacency (`4k` is the
//! number `4` directly followed by the word `k`) without allocating.

use crate::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters (and digits after the first letter), with inner apostrophes
    /// and hyphens: `it's`, `start-up`, `Six4Three`.
    Word,
    /// Digits with thousands separators or a decimal point: `4,000`, `6.8`.
    Number,
    /// Any other single character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
}

impl Token {
    pub(crate) fn text(self, text: &str) -> &str {
        self.span.slice(text)
    }

    /// Whether `next` starts exactly where this token ends (no space between).
    pub(crate) fn touches(self, next: Token) -> bool {
        self.span.end == next.span.start
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text` into words, numbers and punctuation; white space is dropped.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            TokenKind::Number
        } else if c.is_alphanumeric() {
            TokenKind::Word
        } else {
            tokens.push(Token { kind: TokenKind::Punct, span: Span::new(start, start + c.len_utf8()) });
            continue;
        };
        let mut end = start + c.len_utf8();
        loop {
            let rest = &text[end..];
            let mut rest_chars = rest.chars();
            let Some(next) = rest_chars.next() else { break };
            let after = rest_chars.next();
            let joins = match kind {
                TokenKind::Number => {
                    next.is_ascii_digit()
                        || ((next == ',' || next == '.') && after.is_some_and(|a| a.is_ascii_digit()) && {
                            // `4,000` groups three digits; `2,3` is a list.
                            next == '.' || rest[1..].bytes().take_while(u8::is_ascii_digit).count() == 3
                        })
                }
                _ => {
                    next.is_alphanumeric()
                        || ((is_apostrophe(next) || is_hyphen(next)) && after.is_some_and(char::is_alphanumeric))
                }
            };
            if !joins {
                break;
            }
            end += next.len_utf8();
            if !next.is_alphanumeric() {
                // The joining mark plus the character after it.
                let after = after.unwrap_or(' ');
                end += after.len_utf8();
            }
        }
        // Skip the characters consumed by the inner loop.
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
        tokens.push(Token { kind, span: Span::new(start, end) });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| format!("{:?}:{}", t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn words_numbers_and_marks() {
        assert_eq!(
            show("It's 4,000 pages, 6.8m users' start-up “Six4Three”."),
            [
                "Word:It's", "Number:4,000", "Word:pages", "Punct:,", "Number:6.8", "Word:m", "Word:users",
                "Punct:'", "Word:start-up", "Punct:“", "Word:Six4Three", "Punct:”", "Punct:."
            ]
        );
    }

    #[test]
    fn number_separators_need_digits_after() {
        assert_eq!(show("In 2015, 1,2 and 3."), ["Word:In", "Number:2015", "Punct:,", "Number:1", "Punct:,", "Number:2", "Word:and", "Number:3", "Punct:."]);
    }
}
