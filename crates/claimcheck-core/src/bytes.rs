//! Finding the next of a few bytes in a text, eight bytes at a time.
//!
//! Quotation marks and sentence ends are rare in prose, yet the scans for
//! them read every byte of every block. Testing a word of eight bytes at
//! once for each wanted byte is several times cheaper than testing the bytes
//! one by one.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The index of the first byte of `haystack` that is one of `needles`.
pub(crate) fn find_any(haystack: &[u8], needles: [u8; 4]) -> Option<usize> {
    let (chunks, rest) = haystack.as_chunks::<8>();
    for (index, chunk) in chunks.iter().enumerate() {
        // Little-endian, so that the first byte of the chunk is the lowest of the word.
        let word = u64::from_le_bytes(*chunk);
        // A byte of `word ^ repeated needle` is zero where the needle stands;
        // `(x - 0x01…) & !x & 0x80…` sets the high bit of every zero byte of
        // `x`, and may set it falsely only above a zero byte, where the
        // subtraction borrowed: so the lowest bit set marks the first needle.
        let found = needles.iter().fold(0, |found, &needle| {
            let x = word ^ (ONES * u64::from(needle));
            found | (x.wrapping_sub(ONES) & !x & HIGH_BITS)
        });
        if found != 0 {
            return Some(index * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    // `[u8]::contains` would call memchr for each of these few bytes.
    rest.iter().position(|b| needles.iter().any(|n| n == b)).map(|at| chunks.len() * 8 + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_of_the_needles() {
        let needles = [b'"', b'\'', 0xC2, 0xE2];
        assert_eq!(find_any(b"", needles), None);
        assert_eq!(find_any(b"no marks at all in this line", needles), None);
        assert_eq!(find_any(b"it's", needles), Some(2));
        assert_eq!(find_any(b"a long line before the \"quote\"", needles), Some(23));
        assert_eq!(find_any("eight b\u{2019}".as_bytes(), needles), Some(7));
        assert_eq!(find_any(b"0123456789abcdef\"", needles), Some(16));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_byte_by_byte_scan(text in "(\\PC|[\"'.!?])*") {
            let needles = [b'"', b'\'', 0xC2, 0xE2];
            let expected = text.bytes().position(|b| needles.contains(&b));
            proptest::prop_assert_eq!(find_any(text.as_bytes(), needles), expected);
        }
    }
}
