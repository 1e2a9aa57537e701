//! A soak test: a long run of random incremental edits through the real
//! server, with the sources loaded and diagnostics flowing, after which the
//! server's copy of the draft must still equal the client's and its memory
//! must not have grown with the number of edits.
//!
//! It sends 100,000 edits (about 30 s in the debug build, so it runs in the
//! normal suite); `CLAIMCHECK_SOAK_EDITS` sets another count for a longer soak.

use std::time::Instant;

use serde_json::json;

use crate::support::{Client, ClientOptions, Lcg, type_fast};
use crate::{DRAFT, Workspace};

/// Edits between two comparisons of the server's text with the client's.
const CHECKPOINT: i64 = 1_000;

#[test]
fn random_edits_keep_the_servers_text_and_memory_steady() {
    let edits: i64 = std::env::var("CLAIMCHECK_SOAK_EDITS").map_or(100_000, |n| n.parse().expect("CLAIMCHECK_SOAK_EDITS is a number"));
    let workspace = Workspace::new("soak");
    // A short debounce so that drafts are linted between bursts of edits, not only at checkpoints.
    let options = ClientOptions { initialization_options: json!({"debounceMs": 1}), ..ClientOptions::default() };
    let (mut client, _) = Client::start(&workspace.root, &options);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    // The sources are indexed and the draft linted: the server is as large as its work makes it.
    assert!(client.diagnostics(&draft, 1).iter().any(|d| d["code"] == "contradicted-number"), "the sources are loaded");
    let rss_at_start = client.server_rss_kib();
    let started = Instant::now();
    let mut text = DRAFT.to_owned();
    let mut random = Lcg(2026);
    let mut version = 1;
    while version < edits + 1 {
        let next = (version + CHECKPOINT).min(edits + 1);
        type_fast(&mut client, &draft, false, &mut text, &mut random, version + 1..next + 1);
        version = next;
        assert_eq!(client.server_text(&draft), (version, text.clone()), "the server's text after {} edits", version - 1);
        // Diagnostics keep flowing: the draft as it now is gets linted.
        client.diagnostics(&draft, version);
    }
    let rss_at_end = client.server_rss_kib();
    eprintln!(
        "soak: {edits} edits in {:.1} s; server RSS {} KiB at start, {} KiB at end",
        started.elapsed().as_secs_f64(),
        rss_at_start,
        rss_at_end
    );
    // 100,000 edits grew the server by about 1.5 MB (from about 35 MB). The
    // bound leaves room for the allocator keeping freed memory and for
    // buffers sized to the busiest moment, yet a leak of about 400 bytes per
    // edit (less than one copy of the draft per version) would break it.
    assert!(rss_at_end <= rss_at_start * 3 / 2 + 20 * 1024, "the server grew from {rss_at_start} KiB to {rss_at_end} KiB");
    client.shutdown();
}
