//! Input that must not crash or hang the server: lying headers, impossible
//! edits, huge documents, and sources folders full of things that are not
//! text. After each, a request proves the server still answers.

use serde_json::{Value, json};

use crate::support::{Client, ClientOptions, ERROR, WARNING, scratch, shown_message, uri, write_files};
use crate::{DRAFT, REPORT, Workspace};

/// A request that any healthy server answers: the server's copy of the draft.
fn still_serving(client: &mut Client, draft: &str, version: i64, text: &str) {
    assert_eq!(client.server_text(draft), (version, text.to_owned()));
}

#[test]
fn a_content_length_that_lies_costs_one_message() {
    let workspace = Workspace::new("lying-length");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    // Shorter than the body: the server reads a cut message, then must find the next header.
    let body = json!({"jsonrpc": "2.0", "id": 900, "method": "claimcheck/documentText", "params": {"uri": draft}}).to_string();
    client.send_bytes(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    client.wait_for(|m| m["error"]["code"] == -32700);
    // Not a number at all.
    client.send_bytes(b"Content-Length: many\r\n\r\n{}");
    still_serving(&mut client, &draft, 1, DRAFT);
    client.shutdown();
}

#[test]
fn inverted_ranges_and_unopened_documents_are_errors() {
    let workspace = Workspace::new("inverted");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let inverted = json!({"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 2}});
    let change = json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [{"range": inverted, "text": "x"}]});
    client.notify("textDocument/didChange", change);
    client.wait_for(shown_message(ERROR, "range"));
    let elsewhere = workspace.uri("never-opened.md");
    let change = json!({"textDocument": {"uri": elsewhere, "version": 2}, "contentChanges": [{"text": "Acme paid 40 people."}]});
    client.notify("textDocument/didChange", change);
    let hover = client.request("textDocument/hover", json!({"textDocument": {"uri": elsewhere}, "position": {"line": 0, "character": 0}}));
    assert!(hover.is_err() || hover == Ok(Value::Null), "{hover:?}");
    still_serving(&mut client, &draft, 1, DRAFT);
    client.shutdown();
}

#[test]
fn a_one_megabyte_line_and_a_fifty_megabyte_document() {
    let workspace = Workspace::new("huge");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let long_line = "The filing runs to 7,000 pages, the lawyers said, and ".repeat(20_000);
    let line_uri = workspace.uri("line.md");
    client.open(&line_uri, "markdown", &long_line);
    let hover = client.request("textDocument/hover", json!({"textDocument": {"uri": line_uri}, "position": {"line": 0, "character": 500_000}}));
    assert!(hover.is_ok(), "{hover:?}");
    let huge = DRAFT.repeat(50 * 1024 * 1024 / DRAFT.len());
    let huge_uri = workspace.uri("huge.md");
    client.open(&huge_uri, "markdown", &huge);
    client.wait_for(shown_message(WARNING, "is not checked"));
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    still_serving(&mut client, &draft, 1, DRAFT);
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": draft}}));
    assert!(symbols.is_ok(), "{symbols:?}");
    client.shutdown();
}

#[cfg(unix)]
#[test]
fn sources_that_are_not_text_are_reported_and_skipped() {
    use std::os::unix::fs::symlink;

    let root = scratch("bad-sources");
    write_files(&root, &[("sources/report.txt", REPORT), ("draft.md", DRAFT)]);
    let sources = root.join("sources");
    std::fs::write(sources.join("latin1.txt"), b"Acme paid \xA330 in 2014.\n").unwrap();
    std::fs::write(sources.join("binary.txt"), b"\x00\x01\x02\x03 not text").unwrap();
    symlink(sources.join("loop-b"), sources.join("loop-a")).unwrap();
    symlink(sources.join("loop-a"), sources.join("loop-b")).unwrap();
    std::fs::create_dir(sources.join("folder.txt")).unwrap();
    // A named pipe: reading it would block for ever.
    let fifo = std::process::Command::new("mkfifo").arg(sources.join("pipe.txt")).status().expect("mkfifo runs");
    assert!(fifo.success());
    let (mut client, _) = Client::start(&root, &ClientOptions::default());
    let draft = uri(&root.join("draft.md"));
    client.open(&draft, "markdown", DRAFT);
    let diagnostics = client.diagnostics(&draft, 1);
    assert!(diagnostics.iter().any(|d| d["code"] == "contradicted-number"), "the good source is still read: {diagnostics:#?}");
    client.wait_for(|m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.ends_with("pipe.txt: skipped: not a regular file (a named pipe, socket or device)"))
    });
    still_serving(&mut client, &draft, 1, DRAFT);
    client.shutdown();
}

#[test]
fn an_empty_sources_folder_leaves_every_claim_unsupported() {
    let root = scratch("empty-sources");
    write_files(&root, &[("draft.md", DRAFT)]);
    std::fs::create_dir(root.join("sources")).unwrap();
    let (mut client, _) = Client::start(&root, &ClientOptions::default());
    let draft = uri(&root.join("draft.md"));
    client.open(&draft, "markdown", DRAFT);
    let diagnostics = client.diagnostics(&draft, 1);
    assert!(!diagnostics.is_empty() && diagnostics.iter().all(|d| d["code"] == "unsupported-claim" || d["code"] == "broken-citation"), "{diagnostics:#?}");
    still_serving(&mut client, &draft, 1, DRAFT);
    client.shutdown();
}
