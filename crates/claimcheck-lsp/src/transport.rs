//! Standard input, framed before tower-lsp-server reads it, so that a
//! malformed message is answered with an error instead of ending the server.
//!
//! tower-lsp-server 0.23 stops reading its input after the first message it
//! cannot decode (tokio-util's `FramedRead` ends the stream after a decoder
//! error, and the server takes the end of the stream for the end of the
//! session). This layer frames the input itself and passes well-formed
//! messages through unchanged; a body that is not JSON, or not a JSON-RPC
//! message, is replaced by a call to [`MALFORMED_MESSAGE`], which the server
//! answers with the parse error or invalid-request error that JSON-RPC
//! prescribes (with the message's `id` when it has one, else `null`).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

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
    while let Some(length) = read_headers(&mut input).await? {
        let mut body = Vec::new();
        let read = (&mut input).take(length).read_to_end(&mut body).await?;
        if u64::try_from(read).ok() != Some(length) {
            break;
        }
        let body = checked(body);
        output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
        output.write_all(&body).await?;
        output.flush().await?;
    }
    output.shutdown().await
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
}
