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

use crate::lint::LintWorker;
use crate::server::Server;

/// Serves the language server protocol on standard input and output until
/// the client sends `exit` or closes the input.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let worker = LintWorker::spawn()?;
    runtime.block_on(async {
        let (service, socket) = LspService::build(|client| Server::new(client, worker))
            .custom_method("claimcheck/documentText", Server::document_text)
            .custom_method(transport::MALFORMED_MESSAGE, Server::malformed_message)
            .finish();
        let (input, framed_input) = tokio::io::duplex(1 << 16);
        // When standard input ends or fails, `framed_input` ends too, and so does the server.
        drop(tokio::spawn(transport::forward(tokio::io::stdin(), framed_input)));
        tower_lsp_server::Server::new(input, tokio::io::stdout(), socket).serve(service).await;
    });
    // Tokio's stdin reader may be blocked in a read that never returns; do not wait for it.
    runtime.shutdown_background();
    Ok(())
}
