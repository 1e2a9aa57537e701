//! Malformed and unexpected messages get errors; the server keeps serving.

use serde_json::json;

use crate::support::{Client, ClientOptions};
use crate::{DRAFT, Workspace};

#[test]
fn malformed_messages_are_answered_with_errors_and_the_server_keeps_serving() {
    let workspace = Workspace::new("malformed");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    client.send_raw(br#"{"jsonrpc": "2.0", "id": 7, "method": "#);
    let parse_error = client.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], serde_json::Value::Null);
    let unknown = client.request("claimcheck/noSuchMethod", json!({})).unwrap_err();
    assert_eq!(unknown["code"], -32601);
    let bad_params = client.request("claimcheck/documentText", json!({"uri": 42})).unwrap_err();
    assert_eq!(bad_params["code"], -32602);
    let not_open = client.request("claimcheck/documentText", json!({"uri": workspace.uri("missing.md")})).unwrap_err();
    assert_eq!(not_open["code"], -32602);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    assert_eq!(client.server_text(&draft), (1, DRAFT.to_owned()));
    client.shutdown();
}
