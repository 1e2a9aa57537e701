//! The claimcheck language server: problems underlined as the reporter
//! types, sources a hover away.
//!
//! The only crate that knows LSP and JSON-RPC (through `tower-lsp-server`).
//! It keeps each open draft as a rope (`document`), converts positions at
//! the edge in the negotiated encoding (`position`), lints on a thread of
//! its own (`lint`) against the sources it finds and indexes (`sources`),
//! and turns reports into LSP types (`to_proto`), hovers (`hover`),
//! definitions and outlines (`navigation`) and fixes (`code_actions`).
//! `server` ties them to the protocol.

mod analysis;
mod code_actions;
mod document;
mod hover;
mod lint;
mod navigation;
mod position;
mod server;
mod settings;
mod sources;
mod to_proto;
mod transport;

use tower_lsp_server::LspService;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::lint::LintWorker;
use crate::server::Server;

/// How long the last messages may take to reach a client at exit.
const DELIVERY_AT_EXIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves the language server protocol on standard input and output until
/// the client sends `exit` or closes the input.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let worker = LintWorker::spawn()?;
    runtime.block_on(async {
        let outbox = transport::Outbox::default();
        let (service, socket) = LspService::build(|client| Server::new(client, worker, outbox.clone()))
            .custom_method("claimcheck/documentText", Server::document_text)
            .custom_method(transport::MALFORMED_MESSAGE, Server::malformed_message)
            .finish();
        let (input, framed_input) = tokio::io::duplex(1 << 16);
        // When standard input ends or fails, `framed_input` ends too, and so does the server.
        drop(tokio::spawn(transport::forward(tokio::io::stdin(), framed_input)));
        let (output, server_output) = tokio::io::duplex(1 << 16);
        // When standard output fails, `server_output` is dropped, and the server's next write fails and ends it.
        let delivering = tokio::spawn(transport::deliver(server_output, outbox, tokio::io::stdout()));
        tower_lsp_server::Server::new(input, output, socket).serve(service).await;
        // The server has dropped `output`: what it wrote last (the answer to
        // `shutdown`) is delivered before the process ends, unless the client
        // stopped reading.
        let _ = tokio::time::timeout(DELIVERY_AT_EXIT, delivering).await;
    });
    // Tokio's stdin reader may be blocked in a read that never returns; do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// One incremental change applied to `text` exactly as the server applies
/// it: the positions are (line, character) in UTF-8 bytes or UTF-16 units.
/// For the edit-path fuzzer (`fuzz/fuzz_targets/lsp_edits.rs`), which
/// checks the server's copy against its own model of the text.
#[doc(hidden)]
pub fn apply_change_for_fuzzing(text: &str, start: (u32, u32), end: (u32, u32), new_text: &str, utf8: bool) -> Result<String, String> {
    let mut document = document::Document::new(text, 1, claimcheck_core::DocumentKind::Markdown, None);
    let range = Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1));
    let change = TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: new_text.to_owned() };
    let encoding = if utf8 { position::Encoding::Utf8 } else { position::Encoding::Utf16 };
    document.apply(2, &[change], encoding).map_err(|error| error.to_string())?;
    Ok(document.rope.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fuzzing_entry_point_edits_like_the_server() {
        let text = "Le café — 4,000 pages\nsecond";
        assert_eq!(super::apply_change_for_fuzzing(text, (0, 3), (0, 7), "thé", false).as_deref(), Ok("Le thé — 4,000 pages\nsecond"));
        assert_eq!(super::apply_change_for_fuzzing(text, (0, 3), (0, 8), "thé", true).as_deref(), Ok("Le thé — 4,000 pages\nsecond"));
        assert!(super::apply_change_for_fuzzing(text, (5, 0), (5, 0), "x", false).is_err());
    }
}
