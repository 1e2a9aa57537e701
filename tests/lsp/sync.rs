//! Text synchronisation: incremental edits arrive fast and must apply in
//! order, exactly, in both encodings.

use serde_json::json;

use crate::support::{Client, ClientOptions, ERROR, Lcg, shown_message, type_fast};
use crate::{DRAFT, Workspace};

fn rapid_edits(utf8: bool) {
    let workspace = Workspace::new(if utf8 { "rapid-edits-utf8" } else { "rapid-edits-utf16" });
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions { utf8, ..ClientOptions::default() });
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let edits = 400;
    let mut text = DRAFT.to_owned();
    type_fast(&mut client, &draft, utf8, &mut text, &mut Lcg(u64::from(utf8) + 7), 2..edits + 2);
    assert_eq!(client.server_text(&draft), (edits + 1, text));
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
