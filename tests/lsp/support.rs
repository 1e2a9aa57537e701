//! A minimal LSP client: spawns `claimcheck lsp` and speaks JSON-RPC over
//! its standard input and output.
//!
//! A reader thread frames the server's output into messages, answers the
//! server's own requests (`workspace/configuration` with the test's
//! settings, anything else with `null`) and queues everything for the test, which waits for the message it
//! expects. Waits time out after a minute: a guard against a hang, not a
//! timing assertion.

use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

const HANG_GUARD: Duration = Duration::from_secs(60);

/// What the client tells the server it can do.
#[derive(Clone)]
pub(crate) struct ClientOptions {
    /// Offer UTF-8 positions besides UTF-16.
    pub(crate) utf8: bool,
    /// Pull diagnostics with `textDocument/diagnostic`.
    pub(crate) pull_diagnostics: bool,
    /// Pull again on `workspace/diagnostic/refresh`.
    pub(crate) diagnostic_refresh: bool,
    pub(crate) initialization_options: Value,
    /// The answer to `workspace/configuration`.
    pub(crate) configuration: Value,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            utf8: false,
            pull_diagnostics: false,
            diagnostic_refresh: false,
            initialization_options: Value::Null,
            configuration: Value::Null,
        }
    }
}

pub(crate) struct Client {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    inbox: mpsc::Receiver<Value>,
    /// Messages received while waiting for another.
    backlog: Vec<Value>,
    next_id: i64,
    configuration: Arc<Mutex<Value>>,
}

impl Client {
    /// Starts the server in `workspace` and completes the initialize handshake.
    pub(crate) fn start(workspace: &Path, options: &ClientOptions) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .arg("lsp")
            .current_dir(workspace)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start claimcheck lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let (sender, inbox) = mpsc::channel();
        let configuration = Arc::new(Mutex::new(options.configuration.clone()));
        {
            let stdin = Arc::clone(&stdin);
            let configuration = Arc::clone(&configuration);
            std::thread::spawn(move || read_messages(stdout, &stdin, &configuration, &sender));
        }
        let mut client = Client { child, stdin, inbox, backlog: Vec::new(), next_id: 0, configuration };
        let mut encodings = vec!["utf-16"];
        if options.utf8 {
            encodings.insert(0, "utf-8");
        }
        let mut text_document = json!({
            "synchronization": {"dynamicRegistration": false},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
        });
        if options.pull_diagnostics {
            text_document["diagnostic"] = json!({"dynamicRegistration": false, "relatedDocumentSupport": false});
        }
        let mut workspace_capabilities = json!({
            "configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
        });
        if options.diagnostic_refresh {
            workspace_capabilities["diagnostics"] = json!({"refreshSupport": true});
        }
        let params = json!({
            "processId": null,
            "rootUri": uri(workspace),
            "workspaceFolders": [{"uri": uri(workspace), "name": "workspace"}],
            "capabilities": {
                "general": {"positionEncodings": encodings},
                "textDocument": text_document,
                "window": {"workDoneProgress": true},
                "workspace": workspace_capabilities,
            },
            "initializationOptions": options.initialization_options,
        });
        let initialized = client.request("initialize", params).expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, initialized)
    }

    /// What the client answers to `workspace/configuration` from now on.
    pub(crate) fn set_configuration(&mut self, configuration: Value) {
        *self.configuration.lock().expect("configuration lock") = configuration;
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(|m| m["id"] == id && m.get("method").is_none());
        match response.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(response["result"].clone()),
        }
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub(crate) fn send(&mut self, message: &Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    /// Writes one framed message body as given, well-formed or not.
    pub(crate) fn send_raw(&mut self, body: &[u8]) {
        write_frame(&self.stdin, body);
    }

    /// Writes bytes with no framing of ours: a header that lies, say.
    pub(crate) fn send_bytes(&mut self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().expect("stdin lock");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// The first message (already received or still to come) that `matches`.
    pub(crate) fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(index);
        }
        loop {
            let message = self.inbox.recv_timeout(HANG_GUARD).unwrap_or_else(|error| {
                panic!("no matching message from the server ({error}); received meanwhile: {:#?}", self.backlog)
            });
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// Whether a message that `matches` has arrived by now; it stays for [`Client::wait_for`].
    pub(crate) fn has_received(&mut self, matches: impl Fn(&Value) -> bool) -> bool {
        while let Ok(message) = self.inbox.try_recv() {
            self.backlog.push(message);
        }
        self.backlog.iter().any(matches)
    }

    /// The diagnostics pushed for `uri` at `version`.
    pub(crate) fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub(crate) fn open(&mut self, uri: &str, language: &str, text: &str) {
        let item = json!({"uri": uri, "languageId": language, "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": item}));
    }

    /// The server's copy of a document: (version, text).
    pub(crate) fn server_text(&mut self, uri: &str) -> (i64, String) {
        let result = self.request("claimcheck/documentText", json!({"uri": uri})).expect("documentText");
        (result["version"].as_i64().expect("version"), result["text"].as_str().expect("text").to_owned())
    }

    /// The server's resident memory (`VmRSS`), in KiB.
    pub(crate) fn server_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("read the server's /proc status");
        let line = status.lines().find_map(|line| line.strip_prefix("VmRSS:")).expect("a VmRSS line");
        line.trim().trim_end_matches("kB").trim().parse().expect("VmRSS in kB")
    }

    /// Shuts the server down and checks that it exits by itself.
    pub(crate) fn shutdown(mut self) {
        self.request("shutdown", Value::Null).expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        let deadline = std::time::Instant::now() + HANG_GUARD;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                assert!(status.success(), "the server exited with {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not exit after `exit`");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write_frame(stdin: &Mutex<ChildStdin>, body: &[u8]) {
    let mut stdin = stdin.lock().expect("stdin lock");
    write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write header");
    stdin.write_all(body).expect("write body");
    stdin.flush().expect("flush");
}

fn read_messages(stdout: impl Read, stdin: &Mutex<ChildStdin>, configuration: &Mutex<Value>, inbox: &mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let message: Value = serde_json::from_slice(&body).expect("the server writes JSON");
        if let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) {
            let result = match method {
                "workspace/configuration" => {
                    let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![configuration.lock().expect("configuration lock").clone(); items])
                }
                _ => Value::Null,
            };
            let response = json!({"jsonrpc": "2.0", "id": id, "result": result});
            write_frame(stdin, response.to_string().as_bytes());
        }
        if inbox.send(message).is_err() {
            return;
        }
    }
}

/// `window/showMessage` types.
pub(crate) const ERROR: u8 = 1;
pub(crate) const WARNING: u8 = 2;

/// Matches a `window/showMessage` of `kind` whose text contains `word`.
pub(crate) fn shown_message(kind: u8, word: &'static str) -> impl Fn(&Value) -> bool {
    move |m| m["method"] == "window/showMessage" && m["params"]["type"] == kind && m["params"]["message"].as_str().is_some_and(|t| t.contains(word))
}

/// `file:///…` for an absolute path; test paths need no percent-escapes.
pub(crate) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A fresh empty folder under the target directory.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir.canonicalize().expect("canonical scratch folder")
}

/// Writes `files` (path relative to `root`, text) into `root`.
pub(crate) fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
        std::fs::write(path, text).expect("write fixture");
    }
}

/// Where `offset` of `text` is, as an LSP position in UTF-8 or UTF-16.
pub(crate) fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let column = if utf8 { offset - line_start } else { before[line_start..].encode_utf16().count() };
    json!({"line": line, "character": column})
}

/// A small deterministic generator (an LCG), so a failure can be replayed.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn below(&mut self, bound: usize) -> usize {
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

/// Sends one random incremental edit per version of `versions` without
/// waiting between them, each replacing a random range of the client's
/// `text` with non-ASCII text, and applies each to `text` as it goes.
pub(crate) fn type_fast(client: &mut Client, uri: &str, utf8: bool, text: &mut String, random: &mut Lcg, versions: Range<i64>) {
    const INSERTS: &[&str] = &["é", "😀", "“", "”", "—", "\r\n", "a", "🦀 x", "", "7,000", "\n"];
    for version in versions {
        let points = edit_points(text);
        let start = points[random.below(points.len())];
        let stretch = random.below(4);
        let end = points.iter().copied().filter(|&p| p >= start).nth(stretch).unwrap_or(start);
        let insert = INSERTS[random.below(INSERTS.len())];
        let range = json!({"start": position(text, start, utf8), "end": position(text, end, utf8)});
        text.replace_range(start..end, insert);
        let change = json!({"range": range, "text": insert});
        client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}));
    }
}
