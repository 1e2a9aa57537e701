//! Hover, go to definition, document symbols and code actions on the
//! test draft, in UTF-16.

use serde_json::{Value, json};

use crate::support::{Client, ClientOptions, position, write_files};
use crate::{DRAFT, Workspace};

/// A client with the draft open and linted.
fn open_draft(name: &str) -> (Workspace, Client, String) {
    let workspace = Workspace::new(name);
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    client.diagnostics(&draft, 1);
    (workspace, client, draft)
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

#[test]
fn hover_shows_the_verdict_the_difference_and_the_evidence_with_a_link() {
    let (workspace, mut client, draft) = open_draft("hover");
    let hover = client.request("textDocument/hover", at(&draft, 2, 40)).expect("hover");
    assert_eq!(hover["contents"]["kind"], "markdown");
    let source = workspace.uri("sources/report.txt");
    let expected = format!(
        "**claimcheck: contradicted**\n\
         \n`contradicted-number`: report\\.txt\\:3 says \\\"4\\,000 pages\\\"\\, not \\\"7\\,000 pages\\\"\n\
         \n> The court filing runs to 4\\,000 pages\\, the plaintiff’s lawyers said\\.\n>\n> — [report\\.txt\\:3](<{source}#L3>)\n"
    );
    assert_eq!(hover["contents"]["value"], expected);
    // The claim's sentence, in UTF-16 (the emoji counts twice).
    assert_eq!(hover["range"], json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 82}}));
    client.shutdown();
}

#[test]
fn hover_on_a_supported_claim_escapes_the_source_text() {
    let (_workspace, mut client, draft) = open_draft("hover-escaped");
    let hover = client.request("textDocument/hover", at(&draft, 3, 5)).expect("hover");
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.starts_with("**claimcheck: supported**\n"), "{value}");
    assert!(
        value.contains(r"2015 \<https\:\/\/x\.example\> \[see\]\(command\:workbench\.action\.quit\)\."),
        "the source's link and command URI must be escaped: {value}"
    );
    client.shutdown();
}

#[test]
fn requests_outside_the_document_are_errors_and_the_server_keeps_serving() {
    let (_workspace, mut client, draft) = open_draft("out-of-range");
    let error = client.request("textDocument/hover", at(&draft, 40, 0)).unwrap_err();
    assert_eq!(error["code"], -32602);
    assert!(error["message"].as_str().unwrap().contains("line 40"), "{error}");
    let error = client.request("textDocument/definition", at(&draft, u32::MAX, u32::MAX)).unwrap_err();
    assert_eq!(error["code"], -32602);
    // Past the end of a line is the end of the line, as the protocol says.
    let hover = client.request("textDocument/hover", at(&draft, 3, 500)).expect("hover");
    assert!(hover["contents"]["value"].as_str().unwrap().contains("supported"));
    client.shutdown();
}

#[test]
fn definition_jumps_to_the_best_evidence_passage() {
    let (workspace, mut client, draft) = open_draft("definition");
    let location = client.request("textDocument/definition", at(&draft, 2, 40)).expect("definition");
    assert_eq!(location["uri"], workspace.uri("sources/report.txt"));
    assert_eq!(location["range"], json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 67}}));
    let heading = client.request("textDocument/definition", at(&draft, 0, 3)).expect("definition");
    assert_eq!(heading, Value::Null, "a heading is not a claim");
    client.shutdown();
}

#[test]
fn document_symbols_outline_the_claims_with_verdicts() {
    let (_workspace, mut client, draft) = open_draft("symbols");
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": draft}})).expect("symbols");
    let outline: Vec<(&str, &str, u64)> = symbols
        .as_array()
        .expect("nested symbols")
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["detail"].as_str().unwrap(), s["range"]["start"]["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        outline,
        [
            ("The filing 📁 — all of it — runs to 7,000 pages, the plaintiff’s lawyers said.", "contradicted", 2),
            ("Six4Three sued the company in 2015.", "supported", 3),
        ]
    );
    client.shutdown();
}

/// Applies LSP text edits (UTF-16 ranges) to `text`, last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        (0..=text.len()).filter(|&i| text.is_char_boundary(i)).find(|&i| position(text, i, false) == *p).expect("a position in the text")
    };
    let mut spans: Vec<(usize, usize, &str)> =
        edits.iter().map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap())).collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut text = text.to_owned();
    for (start, end, new) in spans {
        text.replace_range(start..end, new);
    }
    text
}

#[test]
fn the_quick_fix_puts_the_sources_number_back_and_the_draft_is_relinted() {
    let (_workspace, mut client, draft) = open_draft("code-actions");
    let range = json!({"start": {"line": 2, "character": 40}, "end": {"line": 2, "character": 40}});
    let params = json!({"textDocument": {"uri": draft}, "range": range, "context": {"diagnostics": []}});
    let actions = client.request("textDocument/codeAction", params).expect("code actions");
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Replace with \"4,000\"", "Disable contradicted-number for this line"]);
    let edits = |action: &Value| action["edit"]["changes"][&draft].as_array().cloned().expect("edits for the draft");

    let disable = edits(&actions[1]);
    assert_eq!(
        apply(DRAFT, &disable).split('\n').nth(2),
        Some("<!-- claimcheck-disable-next-line contradicted-number -->\r"),
        "inserted above the line, with its CRLF"
    );

    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "contradicted-number");
    let fixed = apply(DRAFT, &edits(fix));
    assert!(fixed.contains("runs to 4,000 pages"), "{fixed}");
    let changes: Vec<Value> = edits(fix).into_iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": changes}));
    assert_eq!(client.diagnostics(&draft, 2), Vec::<Value>::new());
    assert_eq!(client.server_text(&draft), (2, fixed));
    client.shutdown();
}

/// The code actions at `position` of `uri`.
fn code_actions(client: &mut Client, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let at = json!({"line": line, "character": character});
    let params = json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}});
    client.request("textDocument/codeAction", params).expect("code actions").as_array().cloned().unwrap_or_default()
}

/// Applies an action's edits on the server (as the client would after
/// applying them itself) and returns the new text.
fn apply_action(client: &mut Client, uri: &str, text: &str, action: &Value, version: i64) -> String {
    let edits = action["edit"]["changes"][uri].as_array().cloned().expect("edits for the draft");
    let changes: Vec<Value> = edits.iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    apply(text, &edits)
}

#[test]
fn disabling_the_rule_for_the_line_silences_it() {
    let (_workspace, mut client, draft) = open_draft("disable-line");
    let actions = code_actions(&mut client, &draft, 2, 40);
    let disable = actions.iter().find(|a| a["title"] == "Disable contradicted-number for this line").expect("the action");
    let disabled = apply_action(&mut client, &draft, DRAFT, disable, 2);
    assert_eq!(client.diagnostics(&draft, 2), Vec::<Value>::new());
    assert_eq!(client.server_text(&draft), (2, disabled));
    client.shutdown();
}

#[test]
fn a_citation_of_the_wrong_source_is_repointed() {
    let workspace = Workspace::new("repoint");
    let draft_text = "The court filing runs to 4,000 pages, the plaintiff’s lawyers said.[^a]\n\
        Six4Three sued the company in 2015.[^b]\n\
        \n\
        [^a]: sources/lawsuit.txt\n\
        [^b]: sources/report.txt\n";
    write_files(&workspace.root, &[("sources/lawsuit.txt", "Six4Three sued the company in 2015.\n"), ("cited.md", draft_text)]);
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("cited.md");
    client.open(&draft, "markdown", draft_text);
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["message"], "Cites lawsuit.txt, which does not say this; report.txt:3 does");
    let marker = diagnostics[0]["range"]["start"]["character"].as_u64().unwrap() as u32;
    let actions = code_actions(&mut client, &draft, 0, marker);
    assert_eq!(actions[0]["title"], "Cite report.txt instead");
    let repointed = apply_action(&mut client, &draft, draft_text, &actions[0], 2);
    assert!(repointed.starts_with("The court filing runs to 4,000 pages, the plaintiff’s lawyers said.[^b]\n"), "{repointed}");
    assert_eq!(client.diagnostics(&draft, 2), Vec::<Value>::new());
    client.shutdown();
}
