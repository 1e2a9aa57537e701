//! Arbitrary bytes read as an `.eml` source: no panic, and the result is
//! text or a message saying why not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    claimcheck_fuzz::assert_source_reads("message.eml", bytes);
});
