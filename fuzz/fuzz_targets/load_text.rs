//! Arbitrary bytes read as a `.txt` and as an `.md` source (`decode_text`):
//! a NUL byte in the first 8 KiB refuses the file as binary; anything else
//! reads as the bytes themselves, invalid UTF-8 replaced.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let binary = bytes.iter().take(8192).any(|&b| b == 0);
    for file_name in ["notes.txt", "notes.md"] {
        let text = claimcheck_fuzz::assert_source_reads(file_name, bytes);
        assert_eq!(text.is_none(), binary, "{file_name}: refused as binary or not");
        if let Some(text) = text {
            assert_eq!(text, String::from_utf8_lossy(bytes), "{file_name} was not read as its bytes");
        }
    }
});
