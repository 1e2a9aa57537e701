//! Extraction throughput: `cargo bench -p claimcheck-core --bench extract`.
//!
//! Inputs are the project's own example draft and sources, repeated to a
//! few megabytes, and the real reports in `../shared/corpus` when present.
//! divan prints bytes per second; the goal is at least 50 MB/s on one core.

use std::path::Path;

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

const TARGET_BYTES: usize = 4 << 20;

fn read_dir_texts(dir: &Path) -> String {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect::<Vec<_>>().join("\n\n")
}

fn repeat_to_target(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    text.repeat(TARGET_BYTES / text.len() + 1)
}

fn example_markdown() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/facebook-leaks");
    let draft = std::fs::read_to_string(root.join("draft.md")).expect("example draft");
    repeat_to_target(&(draft + "\n\n"))
}

fn example_sources() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/facebook-leaks/sources");
    repeat_to_target(&read_dir_texts(&root))
}

fn shared_corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/facebook-leaks");
    repeat_to_target(&read_dir_texts(&root))
}

fn run(bencher: Bencher<'_, '_>, text: String, kind: DocumentKind) {
    let options = ExtractOptions::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| extract(divan::black_box(&text), kind, &options));
}

#[divan::bench(sample_count = 10)]
fn draft_markdown(bencher: Bencher<'_, '_>) {
    run(bencher, example_markdown(), DocumentKind::Markdown);
}

#[divan::bench(sample_count = 10)]
fn sources_plain_text(bencher: Bencher<'_, '_>) {
    run(bencher, example_sources(), DocumentKind::PlainText);
}

#[divan::bench(sample_count = 10)]
fn facebook_reports_plain_text(bencher: Bencher<'_, '_>) {
    let text = shared_corpus();
    if text.is_empty() {
        return;
    }
    run(bencher, text, DocumentKind::PlainText);
}
