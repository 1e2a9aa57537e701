//! Diagnostics pushed on open and after edits: exact ranges in both
//! encodings, codes, documentation links and the evidence they point at.

use serde_json::{Value, json};

use crate::support::{Client, ClientOptions, write_files};
use crate::{DRAFT, Workspace};

/// The contradicted page count, `7,000 pages` on line 2, in each encoding.
/// Before it: an emoji (4 bytes, 2 UTF-16 units) and two em dashes (3 bytes, 1 unit).
fn check_page_count(utf8: bool, start: u32, end: u32, evidence_end: u32) {
    let workspace = Workspace::new(if utf8 { "diagnostics-utf8" } else { "diagnostics-utf16" });
    let (mut client, initialized) = Client::start(&workspace.root, &ClientOptions { utf8, ..ClientOptions::default() });
    assert_eq!(initialized["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["range"], json!({"start": {"line": 2, "character": start}, "end": {"line": 2, "character": end}}));
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["code"], "contradicted-number");
    assert_eq!(diagnostic["source"], "claimcheck");
    assert_eq!(diagnostic["message"], r#"report.txt:3 says "4,000 pages", not "7,000 pages""#);
    assert_eq!(
        diagnostic["codeDescription"]["href"],
        "https://example.invalid/claimcheck/blob/main/docs/rules.md#contradicted-number"
    );
    let related = &diagnostic["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], workspace.uri("sources/report.txt"));
    assert_eq!(
        related["location"]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": evidence_end}})
    );
    assert_eq!(related["message"], "The court filing runs to 4,000 pages, the plaintiff’s lawyers said.");
    client.shutdown();
}

#[test]
fn exact_ranges_in_utf16() {
    check_page_count(false, 36, 47, 67);
}

#[test]
fn exact_ranges_in_utf8() {
    check_page_count(true, 42, 53, 69);
}

/// Matches the `$/progress` message of `kind` (`begin`, `report`, `end`) under `token`.
fn is_progress(token: &Value, kind: &'static str) -> impl Fn(&Value) -> bool {
    let token = token.clone();
    move |m: &Value| m["method"] == "$/progress" && m["params"]["token"] == token && m["params"]["value"]["kind"] == kind
}

#[test]
fn sources_are_indexed_with_progress_reports() {
    let workspace = Workspace::new("progress");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let create = client.wait_for(|m| m["method"] == "window/workDoneProgress/create");
    let token = create["params"]["token"].clone();
    let is_progress = |kind| is_progress(&token, kind);
    let begin = client.wait_for(is_progress("begin"));
    assert_eq!(begin["params"]["value"]["title"], "Indexing sources");
    let end = client.wait_for(is_progress("end"));
    assert_eq!(end["params"]["value"]["message"], "1 sources, 4 passages");
    client.shutdown();
}

#[test]
fn a_first_check_of_many_claims_reports_its_progress_and_an_edit_does_not() {
    let workspace = Workspace::new("checking-progress");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    let claims = 80;
    let text: String = (1..=claims).map(|n| format!("Acme sold {n} crates to Bolt in {}.\n\n", 1900 + n)).collect();
    client.open(&draft, "markdown", &text);
    let creates_a_checking_token =
        |m: &Value| m["method"] == "window/workDoneProgress/create" && m["params"]["token"].as_str().is_some_and(|t| t.starts_with("claimcheck/checking/"));
    let create = client.wait_for(creates_a_checking_token);
    let token = create["params"]["token"].clone();
    let is_progress = |kind| is_progress(&token, kind);
    let begin = client.wait_for(is_progress("begin"));
    assert_eq!(begin["params"]["value"]["title"], "Checking claims");
    assert_eq!(begin["params"]["value"]["message"], format!("{claims} claims to judge"));
    let report = client.wait_for(is_progress("report"));
    assert!(report["params"]["value"]["percentage"].as_u64().is_some_and(|p| p <= 100), "{report}");
    client.wait_for(is_progress("end"));
    assert!(client.diagnostics(&draft, 1).len() >= claims, "a finding for every claim");

    // An edit judges one claim again: no progress for that.
    let change = json!({"range": {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 11}}, "text": "7"});
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [change]}));
    client.diagnostics(&draft, 2);
    assert!(!client.has_received(creates_a_checking_token), "the edit's lint reported no progress");
    client.shutdown();
}

#[test]
fn an_edit_that_fixes_the_number_clears_the_diagnostic() {
    let workspace = Workspace::new("fix-by-edit");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    assert_eq!(client.diagnostics(&draft, 1).len(), 1);
    // `7` of `7,000` is UTF-16 column 36 of line 2.
    let change = json!({"range": {"start": {"line": 2, "character": 36}, "end": {"line": 2, "character": 37}}, "text": "4"});
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [change]}));
    assert_eq!(client.diagnostics(&draft, 2), Vec::<Value>::new());
    // Diagnostics are serialised by the server and put where a marker stood (`transport.rs`).
    assert!(!client.has_received(|m| m["method"] == "claimcheck/sendSerialised"), "no marker reaches the client");
    client.shutdown();
}

/// The server reuses where evidence lies from one push to the next; after
/// edits to the draft and to the source, what it pushes is still what a
/// fresh server pushes.
#[test]
fn diagnostics_after_edits_and_source_changes_are_a_fresh_servers() {
    let workspace = Workspace::new("pushed-again");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let evidence_line = |diagnostics: &[Value]| diagnostics[0]["relatedInformation"][0]["location"]["range"]["start"]["line"].clone();
    assert_eq!(evidence_line(&client.diagnostics(&draft, 1)), 2);
    let on_top = json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Notes.\r\n\r\n"});
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [on_top]}));
    let edited = client.diagnostics(&draft, 2);
    assert_eq!(edited[0]["range"]["start"]["line"], 4);
    assert_eq!(evidence_line(&edited), 2);
    // The report's first line is broken in two: its passages keep their byte
    // offsets, but the evidence is a line further down.
    let report = crate::REPORT.replacen("company traded", "company\ntraded", 1);
    write_files(&workspace.root, &[("sources/report.txt", &report)]);
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": workspace.uri("sources/report.txt"), "type": 2}]}));
    let relinted = client.diagnostics(&draft, 2);
    assert_eq!(evidence_line(&relinted), 3);
    let (version, text) = client.server_text(&draft);
    assert_eq!(version, 2);
    client.shutdown();

    let (mut fresh, _) = Client::start(&workspace.root, &ClientOptions::default());
    fresh.open(&draft, "markdown", &text);
    assert_eq!(relinted, fresh.diagnostics(&draft, 1));
    fresh.shutdown();
}

#[test]
fn a_client_that_pulls_diagnostics_gets_them_for_the_current_version() {
    let workspace = Workspace::new("pull");
    let options = ClientOptions { pull_diagnostics: true, diagnostic_refresh: true, ..ClientOptions::default() };
    let (mut client, initialized) = Client::start(&workspace.root, &options);
    assert_eq!(initialized["capabilities"]["diagnosticProvider"]["identifier"], "claimcheck");
    // Once the sources are indexed, the server asks the client to pull again.
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let pull = |client: &mut Client| client.request("textDocument/diagnostic", json!({"textDocument": {"uri": draft}})).expect("a report");
    let report = pull(&mut client);
    assert_eq!(report["kind"], "full");
    let result_id = report["resultId"].as_str().unwrap_or_default();
    assert!(!result_id.is_empty() && !result_id.starts_with("claimcheck/"), "the report itself, not the marker that stood for it: {report:#}");
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{report:#}");
    assert_eq!(items[0]["code"], "contradicted-number");
    assert_eq!(items[0]["range"], json!({"start": {"line": 2, "character": 36}, "end": {"line": 2, "character": 47}}));
    // Pulled again with the report's result id, the answer is that nothing changed.
    let result_id = report["resultId"].as_str().expect("a result id").to_owned();
    let again = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": draft}, "previousResultId": result_id})).expect("a report");
    assert_eq!(again, json!({"kind": "unchanged", "resultId": result_id}));
    // Pulled right after an edit, the report is that of the edited text, with another result id.
    let change = json!({"range": {"start": {"line": 2, "character": 36}, "end": {"line": 2, "character": 37}}, "text": "4"});
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [change]}));
    let edited = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": draft}, "previousResultId": result_id})).expect("a report");
    assert_eq!((&edited["kind"], &edited["items"]), (&json!("full"), &json!([])));
    assert_ne!(edited["resultId"], json!(result_id));
    client.shutdown();
}

#[test]
fn a_client_that_does_not_pull_is_not_offered_pulling() {
    let workspace = Workspace::new("push-only");
    let (client, initialized) = Client::start(&workspace.root, &ClientOptions::default());
    assert_eq!(initialized["capabilities"].get("diagnosticProvider"), None);
    client.shutdown();
}

#[test]
fn a_pull_during_indexing_waits_for_the_sources() {
    // Neovim 0.11 pulls once on open and offers no refresh: an early empty
    // answer would stand until the next edit.
    let workspace = Workspace::new("pull-early");
    let options = ClientOptions { pull_diagnostics: true, ..ClientOptions::default() };
    let (mut client, _) = Client::start(&workspace.root, &options);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let report = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": draft}})).expect("a report");
    let codes: Vec<&str> = report["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["contradicted-number"]);
    client.shutdown();
}

#[test]
fn a_pull_without_sources_is_answered_with_no_findings() {
    let workspace = Workspace::new("pull-no-sources");
    std::fs::remove_dir_all(workspace.root.join("sources")).expect("remove the sources");
    let options = ClientOptions { pull_diagnostics: true, ..ClientOptions::default() };
    let (mut client, _) = Client::start(&workspace.root, &options);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let report = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": draft}})).expect("a report");
    assert_eq!(report["items"], json!([]));
    client.shutdown();
}
