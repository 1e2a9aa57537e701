//! Arbitrary bytes read as a `.pdf` source: no panic escapes, and the
//! result is text with sound page starts or a message saying why not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: claimcheck_fuzz::let_caught_panics_unwind(), |bytes: &[u8]| {
    claimcheck_fuzz::assert_source_reads("source.pdf", bytes);
});
