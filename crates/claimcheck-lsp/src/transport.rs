//! The server's standard input and output, framed on both sides of
//! tower-lsp-server.
//!
//! **Input.** tower-lsp-server 0.23 stops reading its input after the first
//! message it cannot decode (tokio-util's `FramedRead` ends the stream after
//! a decoder error, and the server takes the end of the stream for the end
//! of the session). [`forward`] frames the input itself and passes
//! well-formed messages through unchanged; a body that is not JSON, or not a
//! JSON-RPC message, is replaced by a call to [`MALFORMED_MESSAGE`], which the
//! server answers with the parse error or invalid-request error that JSON-RPC
//! prescribes (with the message's `id` when it has one, else `null`).
//!
//! **Output.** tower-lsp-server serialises every message twice, to a
//! `serde_json::Value` and then to text. For most messages that is nothing;
//! but a draft's diagnostics are sent whole at every edit, and for a long
//! draft (744 diagnostics, 1.3 MB of JSON) the two passes and the tree
//! between them were about 30% of the server's work per edit. So the server
//! serialises diagnostics itself, once, into the [`Outbox`], and hands
//! tower-lsp-server a small marker in their place: a [`SEND_SERIALISED`]
//! notification for `publishDiagnostics`, and for the answer to
//! `textDocument/diagnostic`, which can only be the handler's own type, an
//! empty report whose `resultId` names the real one ([`marker_report`]).
//! [`deliver`] writes the client everything tower-lsp-server writes, each
//! marker replaced by what it stands for, exactly where the marker stood:
//! a notification keeps its order among the server's other messages, and
//! an answer keeps its request's `id` (and is still dropped if the request
//! is cancelled).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
};

/// The method a malformed message is replaced by.
pub(crate) const MALFORMED_MESSAGE: &str = "claimcheck/malformedMessage";

/// What was wrong with a message.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Malformed {
    /// `true` when the body was not JSON at all.
    not_json: bool,
    message: String,
}

impl Malformed {
    pub(crate) fn into_error(self) -> Error {
        let code = if self.not_json { ErrorCode::ParseError } else { ErrorCode::InvalidRequest };
        Error { code, message: self.message.into(), data: None }
    }
}

/// Copies framed messages from `input` to `output` until `input` ends,
/// replacing malformed ones.
pub(crate) async fn forward(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) -> std::io::Result<()> {
    let mut input = BufReader::new(input);
    while let Some(body) = read_message(&mut input).await? {
        write_message(&mut output, &checked(body)).await?;
    }
    output.shutdown().await
}

/// The next message's body, or `None` at the end of the input (or in a body cut short).
async fn read_message(input: &mut (impl AsyncBufReadExt + Unpin)) -> std::io::Result<Option<Vec<u8>>> {
    let Some(length) = read_headers(input).await? else { return Ok(None) };
    let mut body = Vec::with_capacity(usize::try_from(length).unwrap_or(0).min(1 << 20));
    let read = input.take(length).read_to_end(&mut body).await?;
    Ok((u64::try_from(read).ok() == Some(length)).then_some(body))
}

async fn write_message(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    output.write_all(body).await?;
    output.flush().await
}

/// The method of the marker notification that stands for a notification in
/// the [`Outbox`]; it never reaches the client.
const SEND_SERIALISED: &str = "claimcheck/sendSerialised";

/// The marker notification; its parameter numbers the message it stands for.
enum SendSerialised {}

impl Notification for SendSerialised {
    type Params = u64;
    const METHOD: &'static str = SEND_SERIALISED;
}

/// How the `resultId` of a marker answer to `textDocument/diagnostic`
/// begins, before the number of the result it stands for. A request's answer
/// can only be what its handler returns, of the request's own type; a full
/// report with no items and this id is what stands for the real one.
const SERIALISED_RESULT: &str = "claimcheck/serialisedResult/";

/// Messages and results the server serialised itself, each waiting for its marker.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outbox {
    waiting: Arc<Mutex<Waiting>>,
}

#[derive(Debug, Default)]
struct Waiting {
    next: u64,
    /// Whole notifications, in the order their markers are sent.
    notifications: VecDeque<(u64, Vec<u8>)>,
    /// Requests' results, answered in any order.
    results: HashMap<u64, Vec<u8>>,
}

impl Outbox {
    /// Sends notification `N` through `client`, serialised here once and
    /// marked there; as `client` would send it if it cannot be serialised.
    /// Notifications must be sent one at a time, in order (the server sends
    /// them under one lock), so that their markers pass in the order put.
    pub(crate) async fn send<N: Notification>(&self, client: &Client, params: N::Params) {
        match serialised_notification::<N>(&params) {
            Some(message) => client.send_notification::<SendSerialised>(self.put_notification(message)).await,
            None => client.send_notification::<N>(params).await,
        }
    }

    /// The answer to `textDocument/diagnostic` that stands for `report`,
    /// serialised here once; `report` itself if it cannot be serialised.
    pub(crate) fn answer(&self, report: DocumentDiagnosticReportResult) -> DocumentDiagnosticReportResult {
        match serde_json::to_vec(&report) {
            Ok(serialised) => marker_report(self.put_result(serialised)),
            Err(_) => report,
        }
    }

    fn put_notification(&self, message: Vec<u8>) -> u64 {
        let mut waiting = self.lock();
        let number = waiting.take_number();
        waiting.notifications.push_back((number, message));
        number
    }

    /// Returns the `resultId` that the marker answer must carry.
    fn put_result(&self, result: Vec<u8>) -> String {
        let mut waiting = self.lock();
        let number = waiting.take_number();
        waiting.results.insert(number, result);
        format!("{SERIALISED_RESULT}{number}")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The notification marker `number` stands for. Notifications put
    /// before it are dropped: their markers never came, as tower-lsp-server
    /// holds back notifications while it is not initialized.
    fn take_notification(&self, number: u64) -> Option<Vec<u8>> {
        let mut waiting = self.lock();
        while let Some((first, message)) = waiting.notifications.pop_front() {
            if first == number {
                return Some(message);
            }
            if first > number {
                waiting.notifications.push_front((first, message));
                break;
            }
        }
        None
    }

    fn take_result(&self, number: u64) -> Option<Vec<u8>> {
        self.lock().results.remove(&number)
    }
}

impl Waiting {
    fn take_number(&mut self) -> u64 {
        let number = self.next;
        self.next += 1;
        number
    }
}

/// The JSON-RPC notification `N` with `params`, serialised as the client reads it.
fn serialised_notification<N: Notification>(params: &N::Params) -> Option<Vec<u8>> {
    #[derive(Serialize)]
    struct Message<'a, P> {
        jsonrpc: &'static str,
        method: &'static str,
        params: &'a P,
    }
    serde_json::to_vec(&Message { jsonrpc: "2.0", method: N::METHOD, params }).ok()
}

/// The answer to `textDocument/diagnostic` that stands for the result the
/// outbox holds under `result_id`.
fn marker_report(result_id: String) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: Some(result_id), items: Vec::new() },
    }))
}

/// What a marker stands for.
#[derive(Debug, PartialEq)]
enum Marker {
    Notification(u64),
    /// The answer to request `id`.
    Result { number: u64, id: Value },
}

/// The marker a body is, if it is one. Only a body that holds a marker's
/// method or `resultId` is parsed; a marker for a request whose id is
/// very long is still found.
fn marker(body: &[u8]) -> Option<Marker> {
    let holds = |text: &str| body.windows(text.len()).any(|window| window == text.as_bytes());
    if !holds(SEND_SERIALISED) && !holds(SERIALISED_RESULT) {
        return None;
    }
    let message: Value = serde_json::from_slice(body).ok()?;
    if message["method"] == SEND_SERIALISED {
        return message["params"].as_u64().map(Marker::Notification);
    }
    let result = message.get("result")?;
    let number = result["resultId"].as_str()?.strip_prefix(SERIALISED_RESULT)?.parse().ok()?;
    let stands_for_nothing_else = result["kind"] == "full" && result["items"].as_array().is_some_and(Vec::is_empty);
    stands_for_nothing_else.then(|| Marker::Result { number, id: message["id"].clone() })
}

/// Copies the messages tower-lsp-server writes to `server_output` on to
/// `output`, each marker replaced by what it stands for in `outbox`, until
/// `server_output` ends.
pub(crate) async fn deliver(server_output: impl AsyncRead + Unpin, outbox: Outbox, mut output: impl AsyncWrite + Unpin) -> std::io::Result<()> {
    let mut server_output = BufReader::new(server_output);
    while let Some(body) = read_message(&mut server_output).await? {
        match marker(&body) {
            None => write_message(&mut output, &body).await?,
            Some(Marker::Notification(number)) => {
                if let Some(message) = outbox.take_notification(number) {
                    write_message(&mut output, &message).await?;
                }
            }
            Some(Marker::Result { number, id }) => match outbox.take_result(number) {
                Some(result) => write_message(&mut output, &answer(&id, &result)).await?,
                // Not put, or taken: an answer all the same, if an empty one.
                None => write_message(&mut output, &body).await?,
            },
        }
    }
    output.flush().await
}

/// The JSON-RPC answer to request `id` with a serialised `result`.
fn answer(id: &Value, result: &[u8]) -> Vec<u8> {
    let mut message = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":").into_bytes();
    message.reserve(result.len() + 1);
    message.extend_from_slice(result);
    message.push(b'}');
    message
}

/// Reads one header block; returns its `Content-Length`, or `None` at the
/// end of the input. A block without a usable length is skipped. The
/// header is looked for anywhere in a line: after a `Content-Length` that
/// was too short, the rest of the body runs into the next header's line,
/// and finding the header there is how the stream gets back in step.
async fn read_headers(input: &mut (impl AsyncBufReadExt + Unpin)) -> std::io::Result<Option<u64>> {
    loop {
        let mut length = None;
        let mut line = Vec::new();
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line).await? == 0 {
                return Ok(None);
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            const HEADER: &str = "content-length:";
            if let Some(at) = line.to_ascii_lowercase().rfind(HEADER) {
                length = line[at + HEADER.len()..].trim().parse::<u64>().ok();
            }
        }
        if length.is_some() {
            return Ok(length);
        }
    }
}

/// The body itself when tower-lsp-server can decode it, else the call that
/// reports it.
fn checked(body: Vec<u8>) -> Vec<u8> {
    let decodes = serde_json::from_slice::<Request>(&body).is_ok() || serde_json::from_slice::<Response>(&body).is_ok();
    if decodes {
        return body;
    }
    let (id, malformed) = match serde_json::from_slice::<Value>(&body) {
        Err(error) => (Value::Null, Malformed { not_json: true, message: format!("Parse error: {error}") }),
        Ok(value) => {
            let id = value.get("id").filter(|id| id.is_i64() || id.is_string()).cloned().unwrap_or(Value::Null);
            (id, Malformed { not_json: false, message: "Invalid request: not a JSON-RPC 2.0 message".to_owned() })
        }
    };
    json!({"jsonrpc": "2.0", "id": id, "method": MALFORMED_MESSAGE, "params": malformed}).to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn forwarded(input: &[u8]) -> String {
        let mut output = Vec::new();
        forward(input, &mut output).await.expect("in-memory IO");
        String::from_utf8(output).expect("UTF-8")
    }

    #[tokio::test]
    async fn good_messages_pass_and_bad_ones_become_error_calls() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{good}Content-Length: 5\r\n\r\n{{\"id\"X-Junk: 1\r\n\r\nContent-Length: 11\r\n\r\n{{\"id\": \"a\"}}",
            good.len()
        );
        let output = forwarded(input.as_bytes()).await;
        let bodies: Vec<Value> = output
            .split("Content-Length: ")
            .skip(1)
            .map(|frame| serde_json::from_str(frame.split_once("\r\n\r\n").unwrap().1).unwrap())
            .collect();
        assert_eq!(bodies.len(), 3, "{output}");
        assert_eq!(bodies[0].to_string(), good);
        assert_eq!((&bodies[1]["method"], &bodies[1]["id"], &bodies[1]["params"]["not_json"]), (&json!(MALFORMED_MESSAGE), &Value::Null, &json!(true)));
        assert_eq!((&bodies[2]["id"], &bodies[2]["params"]["not_json"]), (&json!("a"), &json!(false)));
    }

    #[tokio::test]
    async fn a_length_too_short_costs_one_message_and_the_stream_gets_back_in_step() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!("Content-Length: 10\r\n\r\n{good}Content-Length: {}\r\n\r\n{good}", good.len());
        let output = forwarded(input.as_bytes()).await;
        assert!(output.contains(MALFORMED_MESSAGE), "{output}");
        assert!(output.ends_with(good), "the next message passes: {output}");
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_stream() {
        assert_eq!(forwarded(b"Content-Length: 50\r\n\r\n{}").await, "");
    }

    fn framed(bodies: &[String]) -> Vec<u8> {
        bodies.iter().flat_map(|body| format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()).collect()
    }

    async fn delivered(outbox: Outbox, server_output: &[String]) -> Vec<Value> {
        let mut output = Vec::new();
        deliver(framed(server_output).as_slice(), outbox, &mut output).await.expect("in-memory IO");
        let output = String::from_utf8(output).expect("UTF-8");
        output.split("Content-Length: ").skip(1).map(|frame| serde_json::from_str(frame.split_once("\r\n\r\n").unwrap().1).unwrap()).collect()
    }

    fn notification_marker(number: u64) -> String {
        serde_json::to_string(&Request::build(SEND_SERIALISED).params(json!(number)).finish()).unwrap()
    }

    fn result_marker(id: Value, result_id: String) -> String {
        let answer = Response::from_ok(serde_json::from_value(id).unwrap(), serde_json::to_value(marker_report(result_id)).unwrap());
        serde_json::to_string(&answer).unwrap()
    }

    #[tokio::test]
    async fn markers_become_what_they_stand_for_in_their_place() {
        let outbox = Outbox::default();
        let published = json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"uri": "file:///d.md", "diagnostics": []}});
        let notification = outbox.put_notification(published.to_string().into_bytes());
        let report = json!({"kind": "full", "items": [{"message": "m", "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}}]});
        let result_id = outbox.put_result(report.to_string().into_bytes());
        let progress = json!({"jsonrpc": "2.0", "method": "$/progress", "params": {"token": "t", "value": {"kind": "end"}}});
        let messages = delivered(outbox.clone(), &[progress.to_string(), notification_marker(notification), result_marker(json!("pull-1"), result_id)]).await;
        assert_eq!(messages, [progress, published, json!({"jsonrpc": "2.0", "id": "pull-1", "result": report})]);
        assert!(outbox.lock().notifications.is_empty() && outbox.lock().results.is_empty(), "nothing is kept once delivered");
    }

    #[tokio::test]
    async fn a_marker_whose_message_is_missing_still_answers_its_request() {
        let outbox = Outbox::default();
        let lost = outbox.put_result(b"{}".to_vec());
        outbox.take_result(0);
        let marker = result_marker(json!(7), lost);
        let messages = delivered(outbox, &[notification_marker(3), marker.clone()]).await;
        assert_eq!(messages, [serde_json::from_str::<Value>(&marker).unwrap()], "an empty report for the request, nothing for the notification");
    }

    #[test]
    fn a_notification_whose_marker_never_came_is_dropped_by_the_next() {
        let outbox = Outbox::default();
        let held_back = outbox.put_notification(b"first".to_vec());
        let sent = outbox.put_notification(b"second".to_vec());
        let later = outbox.put_notification(b"third".to_vec());
        assert_eq!(outbox.take_notification(sent), Some(b"second".to_vec()));
        assert_eq!(outbox.take_notification(held_back), None);
        assert_eq!(outbox.take_notification(later), Some(b"third".to_vec()));
    }

    #[test]
    fn only_bodies_of_the_marker_shapes_are_markers() {
        assert_eq!(marker(notification_marker(5).as_bytes()), Some(Marker::Notification(5)));
        assert_eq!(marker(result_marker(json!(2), format!("{SERIALISED_RESULT}9")).as_bytes()), Some(Marker::Result { number: 9, id: json!(2) }));
        let report_with_items = json!({"jsonrpc": "2.0", "id": 2, "result": {"kind": "full", "resultId": format!("{SERIALISED_RESULT}9"), "items": [{}]}});
        let other_result_id = json!({"jsonrpc": "2.0", "id": 2, "result": {"kind": "full", "resultId": "9", "items": []}});
        let quoting_a_marker = json!({"jsonrpc": "2.0", "id": 2, "result": {"contents": format!("{SEND_SERIALISED} {SERIALISED_RESULT}9")}});
        for body in [report_with_items, other_result_id, quoting_a_marker, json!({"jsonrpc": "2.0", "id": 1, "result": null})] {
            assert_eq!(marker(body.to_string().as_bytes()), None, "{body}");
        }
        let long_id = json!("x".repeat(10_000));
        assert_eq!(marker(result_marker(long_id.clone(), format!("{SERIALISED_RESULT}4")).as_bytes()), Some(Marker::Result { number: 4, id: long_id }));
    }
}
