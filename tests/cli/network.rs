//! claimcheck opens no network connection: in a network namespace with no
//! interface up, the CLI does exactly what it does outside one, and the
//! language server serves as usual.
//!
//! Needs `unshare` (util-linux) and the right to create a namespace (root,
//! as in CI); without either the test fails and says so.

use std::process::Command;

use crate::support::root;

const CHECK: [&str; 6] = ["check", "examples/facebook-leaks/draft.md", "--sources", "examples/facebook-leaks/sources", "--format", "json"];

#[test]
fn check_works_the_same_without_a_network() {
    let binary = env!("CARGO_BIN_EXE_claimcheck");
    let isolated = Command::new("unshare")
        .args(["--net", "--", binary])
        .args(CHECK)
        .current_dir(root())
        .output()
        .expect("unshare (util-linux) runs");
    let stderr = String::from_utf8_lossy(&isolated.stderr);
    assert!(!stderr.contains("unshare failed"), "cannot create a network namespace here (needs root): {stderr}");
    let connected = Command::new(binary).args(CHECK).current_dir(root()).output().expect("run claimcheck");
    assert_eq!(isolated.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&isolated.stdout), String::from_utf8_lossy(&connected.stdout));
}

/// One framed JSON-RPC message.
fn frame(message: &serde_json::Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn the_language_server_works_without_a_network() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;

    use serde_json::{Value, json};

    let example = root().join("examples/facebook-leaks");
    let draft_uri = format!("file://{}", example.join("draft.md").display());
    let mut server = Command::new("unshare")
        .args(["--net", "--", env!("CARGO_BIN_EXE_claimcheck"), "lsp"])
        .current_dir(&example)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("unshare (util-linux) runs");
    // A hang guard, not a timing: a server that never answers is killed, and the read below fails.
    let pid = server.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(120));
        let _ = Command::new("kill").arg(pid).status();
    });
    let mut stdin = server.stdin.take().expect("stdin");
    let text = std::fs::read_to_string(example.join("draft.md")).unwrap();
    let root_uri = format!("file://{}", example.display());
    let mut output = BufReader::new(server.stdout.take().expect("stdout"));
    // The next message from the server; its stopping first fails the test.
    let mut receive = || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(output.read_line(&mut line).unwrap() > 0, "the server stopped without a network");
            match line.trim_end().strip_prefix("Content-Length: ") {
                Some(value) => length = value.parse().unwrap(),
                None if line.trim().is_empty() => break,
                None => {}
            }
        }
        let mut body = vec![0; length];
        output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root_uri, "capabilities": {}}});
    stdin.write_all(&frame(&initialize)).unwrap();
    stdin.flush().unwrap();
    while receive()["id"] != 1 {}
    for message in [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": draft_uri, "languageId": "markdown", "version": 1, "text": text}}}),
    ] {
        stdin.write_all(&frame(&message)).unwrap();
    }
    stdin.flush().unwrap();
    let diagnostics = loop {
        let message = receive();
        if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == draft_uri {
            break message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        }
    };
    assert!(diagnostics.iter().any(|d| d["code"] == "contradicted-number"), "{diagnostics:#?}");
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))).unwrap();
    stdin.write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"}))).unwrap();
    drop(stdin);
    assert!(server.wait().unwrap().success());
}
