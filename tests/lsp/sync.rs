//! Text synchronisation: incremental edits arrive fast and must apply in
//! order, exactly, in both encodings.

use serde_json::json;

use crate::support::{Client, ClientOptions, ERROR, position, shown_message};
use crate::{DRAFT, Workspace};

/// A small deterministic generator (an LCG), so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % bound.max(1)
    }
}

/// Offsets an edit may start or end at: character boundaries, but not
/// between the `\r` and `\n` of a line ending, which no position names.
fn edit_points(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
        .collect()
}

/// Sends `count` random incremental edits without waiting between them, each
/// replacing a random range with non-ASCII text, and returns the text the
/// client holds after them.
fn type_fast(client: &mut Client, uri: &str, utf8: bool, count: i64) -> String {
    const INSERTS: &[&str] = &["é", "😀", "“", "”", "—", "\r\n", "a", "🦀 x", "", "7,000", "\n"];
    let mut text = DRAFT.to_owned();
    let mut random = Lcg(u64::from(utf8) + 7);
    for version in 2..count + 2 {
        let points = edit_points(&text);
        let start = points[random.below(points.len())];
        let stretch = random.below(4);
        let end = points.iter().copied().filter(|&p| p >= start).nth(stretch).unwrap_or(start);
        let insert = INSERTS[random.below(INSERTS.len())];
        let range = json!({"start": position(&text, start, utf8), "end": position(&text, end, utf8)});
        text.replace_range(start..end, insert);
        let change = json!({"range": range, "text": insert});
        client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}));
    }
    text
}

fn rapid_edits(utf8: bool) {
    let workspace = Workspace::new(if utf8 { "rapid-edits-utf8" } else { "rapid-edits-utf16" });
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions { utf8, ..ClientOptions::default() });
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let edits = 400;
    let expected = type_fast(&mut client, &draft, utf8, edits);
    assert_eq!(client.server_text(&draft), (edits + 1, expected));
    // The last version is linted (the ones before it may be skipped as stale).
    client.diagnostics(&draft, edits + 1);
    client.shutdown();
}

#[test]
fn rapid_incremental_edits_apply_in_order_in_utf16() {
    rapid_edits(false);
}

#[test]
fn rapid_incremental_edits_apply_in_order_in_utf8() {
    rapid_edits(true);
}

#[test]
fn bad_changes_are_refused_with_a_message_and_the_server_keeps_serving() {
    let workspace = Workspace::new("bad-changes");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let change = |version: i64, line: u32| {
        let range = json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}});
        json!({"textDocument": {"uri": draft, "version": version}, "contentChanges": [{"range": range, "text": "x"}]})
    };
    client.notify("textDocument/didChange", change(2, 99));
    client.wait_for(shown_message(ERROR, "line 99 does not exist"));
    client.notify("textDocument/didChange", change(1, 0));
    client.wait_for(shown_message(ERROR, "version 1 is not newer than version 1"));
    assert_eq!(client.server_text(&draft), (1, DRAFT.to_owned()));
    client.notify("textDocument/didChange", change(2, 0));
    assert_eq!(client.server_text(&draft), (2, format!("x{DRAFT}")));
    client.shutdown();
}
