//! The language server: LSP requests and notifications in, claimcheck's
//! verdicts out.
//!
//! State lives behind one `std::sync::Mutex`, never held across an await.
//! Text changes are applied inside the notification handler before its first
//! await, so they apply in arrival order (see `document.rs`). Everything slow
//! happens elsewhere: the sources are indexed on a blocking thread, drafts
//! are linted on the lint thread (`lint.rs`), each a debounce after its last
//! edit, and requests about a draft wait for the lint of its current version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use claimcheck_core::{DocumentKind, Span};
use claimcheck_corpus::{Corpus, ProblemSeverity};
use claimcheck_lint::Judged;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionParams, CodeActionProviderCapability, CodeActionResponse, ConfigurationItem,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, DocumentSymbolParams,
    DocumentSymbolResponse, FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    InitializedParams, MessageType, NumberOrString, OneOf, Position, Registration, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
    ServerCapabilities, ServerInfo, TextDocumentIdentifier, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Unregistration, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::{Analysis, Linted};
use crate::document::Document;
use crate::lint::{LintJob, LintOutcome, LintWorker, panic_message};
use crate::position::{self, Encoding};
use crate::settings::Settings;
use crate::sources::{Project, find_project};
use crate::transport::{Malformed, Outbox};
use crate::{code_actions, hover, navigation, to_proto};

type Progress = tower_lsp_server::OngoingProgress<tower_lsp_server::Unbounded, tower_lsp_server::NotCancellable>;
type BoundedProgress = tower_lsp_server::OngoingProgress<tower_lsp_server::Bounded, tower_lsp_server::NotCancellable>;

/// A lint that judges at least this many claims reports its progress: at a
/// gigabyte of sources that is about a second.
const PROGRESS_FROM_CLAIMS: usize = 64;

pub(crate) struct Server {
    shared: Arc<Shared>,
}

/// What the handlers and the tasks they spawn share.
struct Shared {
    client: Client,
    /// Where diagnostics go once serialised (see `transport.rs`).
    outbox: Outbox,
    state: Mutex<State>,
    worker: LintWorker,
    /// Held while publishing, so that an older lint's diagnostics never
    /// reach the client after a newer one's.
    publishing: tokio::sync::Mutex<()>,
    /// Held while the sources are re-indexed after changes on disk.
    reindexing: tokio::sync::Mutex<()>,
    /// The number of the next lint's progress token.
    progress_tokens: std::sync::atomic::AtomicU64,
}

/// The registration of the watcher of the sources folders and `claimcheck.toml`.
const WATCHER_ID: &str = "claimcheck/sources";
/// Drafts larger than this are not checked: a story is rarely a tenth of
/// it, and linting tens of megabytes would hold up every other draft.
const MAX_DRAFT_BYTES: usize = 10_000_000;

#[derive(Default)]
struct State {
    encoding: Encoding,
    /// Settings as the client sent them at `initialize`; `workspace/configuration` overrides them key by key.
    initialization_options: Value,
    /// The client answers `workspace/configuration`.
    configuration_support: bool,
    /// Settings have been read (sources are not looked for before).
    configured: bool,
    settings: Settings,
    roots: Vec<PathBuf>,
    /// The client pulls diagnostics (`textDocument/diagnostic`) instead of
    /// receiving them (`publishDiagnostics`).
    pull_diagnostics: bool,
    /// The client re-pulls every draft's diagnostics on `workspace/diagnostic/refresh`.
    diagnostic_refresh: bool,
    work_done_progress: bool,
    /// The client takes `workspace/didChangeWatchedFiles` registrations.
    watched_files_support: bool,
    /// The globs registered for `workspace/didChangeWatchedFiles`.
    watching: Option<Vec<String>>,
    sources: Sources,
    /// Counts the times the sources were looked for, so that a load started
    /// before the settings changed is dropped when it ends.
    sources_generation: u64,
    /// Counts the corpora and settings drafts have been linted under.
    lint_inputs: u64,
    documents: HashMap<Uri, OpenDocument>,
}

#[derive(Default)]
enum Sources {
    /// None found yet; a draft opened later may have a `sources/` folder beside it.
    #[default]
    NotFound,
    Loading,
    Ready { project: Arc<Project>, corpus: Arc<Corpus> },
}

struct OpenDocument {
    document: Document,
    /// The newest version, read by the lint thread to drop stale jobs.
    latest: Arc<AtomicI32>,
    linted: watch::Sender<Option<Linted>>,
    /// The version and `lint_inputs` of the last lint started.
    linted_inputs: Option<(i32, u64)>,
    /// Whether the user was told that the document is too large to check.
    told_too_large: bool,
    /// Where the evidence of the last diagnostics pushed lies, for the next push.
    evidence_places: to_proto::EvidencePlaces,
}

/// The answer to `claimcheck/documentText`: the server's copy of a draft, so
/// tests (and users chasing a sync bug) can compare it with the editor's.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DocumentText {
    pub(crate) version: i32,
    pub(crate) text: String,
}

impl Server {
    pub(crate) fn new(client: Client, worker: LintWorker, outbox: Outbox) -> Server {
        let shared = Shared {
            client,
            outbox,
            state: Mutex::default(),
            worker,
            publishing: tokio::sync::Mutex::default(),
            reindexing: tokio::sync::Mutex::default(),
            progress_tokens: std::sync::atomic::AtomicU64::new(0),
        };
        Server { shared: Arc::new(shared) }
    }

    /// `claimcheck/documentText`.
    pub(crate) async fn document_text(&self, params: TextDocumentIdentifier) -> Result<DocumentText> {
        let state = self.shared.state();
        let open = state.documents.get(&params.uri).ok_or_else(|| not_open(&params.uri))?;
        Ok(DocumentText { version: open.document.version, text: open.document.rope.to_string() })
    }

    /// Answers a message that could not be read (see `transport.rs`).
    pub(crate) async fn malformed_message(&self, params: Malformed) -> Result<()> {
        Err(params.into_error())
    }
}

impl Server {
    /// The lint of the draft's current version, once it is done; `None`
    /// without sources, and while they are being indexed unless
    /// `through_indexing` (requests are answered during indexing).
    async fn current_analysis(&self, uri: &Uri, through_indexing: bool) -> Result<Option<Arc<Analysis>>> {
        let (mut linted, version) = {
            let state = self.shared.state();
            let open = state.documents.get(uri).ok_or_else(|| not_open(uri))?;
            let wait = match state.sources {
                Sources::Ready { .. } => true,
                Sources::Loading => through_indexing,
                // Until the settings are read, the sources have not been looked for.
                Sources::NotFound => through_indexing && !state.configured,
            };
            if !wait {
                return Ok(None);
            }
            (open.linted.subscribe(), open.document.version)
        };
        let current = linted.wait_for(|linted| linted.as_ref().is_some_and(|linted| linted.version >= version)).await;
        // An error means the document was closed meanwhile.
        Ok(current.ok().and_then(|linted| linted.as_ref().and_then(|linted| linted.analysis.clone())))
    }

    /// The current analysis and the byte offset of `position` in it.
    async fn analysis_at(&self, uri: &Uri, position: Position) -> Result<Option<(Arc<Analysis>, usize)>> {
        let Some(analysis) = self.current_analysis(uri, false).await? else { return Ok(None) };
        let encoding = self.shared.state().encoding;
        let offset = position::offset(&analysis.rope, position, encoding).ok_or_else(|| out_of_range(position))?;
        Ok(Some((analysis, offset)))
    }
}

/// Runs a request's computation, turning a panic into an internal error
/// that names the request; the server keeps serving.
fn guarded<T>(request: &str, compute: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(compute)).map_err(|panic| Error {
        code: ErrorCode::InternalError,
        message: format!("claimcheck failed on {request}: {}", panic_message(&*panic)).into(),
        data: None,
    })
}

fn out_of_range(position: Position) -> Error {
    Error::invalid_params(format!("line {} does not exist in the document", position.line))
}

fn not_open(uri: &Uri) -> Error {
    Error::invalid_params(format!("{} is not open", uri.as_str()))
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(&params.capabilities);
        {
            let mut state = self.shared.state();
            state.encoding = encoding;
            state.initialization_options = params.initialization_options.clone().unwrap_or_default();
            state.configuration_support =
                params.capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
            state.roots = workspace_roots(&params);
            state.pull_diagnostics = params.capabilities.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
            state.diagnostic_refresh = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            state.watched_files_support = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false);
            state.work_done_progress =
                params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        }
        let pull = self.shared.state().pull_diagnostics;
        Ok(InitializeResult {
            capabilities: capabilities(encoding, pull),
            server_info: Some(ServerInfo { name: "claimcheck".to_owned(), version: Some(env!("CARGO_PKG_VERSION").to_owned()) }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        Arc::clone(&self.shared).spawn_reconfigure(None);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients send either the settings themselves or a bare notice to pull them.
        let pushed = params.settings.get("claimcheck").cloned().unwrap_or(params.settings);
        Arc::clone(&self.shared).spawn_reconfigure(Some(pushed));
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.worker.keep_judgements().await;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = item.uri.to_file_path().map(|path| path.into_owned());
        let kind = match (item.language_id.as_str(), &path) {
            ("markdown", _) => DocumentKind::Markdown,
            (_, Some(path)) => DocumentKind::from_path(path),
            (_, None) => DocumentKind::PlainText,
        };
        let document = Document::new(&item.text, item.version, kind, path.clone());
        let open = OpenDocument {
            document,
            latest: Arc::new(AtomicI32::new(item.version)),
            linted: watch::Sender::new(None),
            linted_inputs: None,
            told_too_large: false,
            evidence_places: to_proto::EvidencePlaces::default(),
        };
        self.shared.state().documents.insert(item.uri.clone(), open);
        self.shared.find_and_load_sources(path.as_deref());
        Arc::clone(&self.shared).schedule_lint(item.uri, item.version, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Applied before any await: see the module documentation.
        let applied = {
            let mut state = self.shared.state();
            let encoding = state.encoding;
            let debounce = state.settings.debounce;
            match state.documents.get_mut(&uri) {
                None => Err(format!("{} changed but was never opened", uri.as_str())),
                Some(open) => match open.document.apply(version, &params.content_changes, encoding) {
                    Ok(()) => {
                        open.latest.store(version, Ordering::Release);
                        Ok(debounce)
                    }
                    Err(error) => Err(format!("{}: {error}", uri.as_str())),
                },
            }
        };
        match applied {
            Ok(debounce) => Arc::clone(&self.shared).schedule_lint(uri, version, debounce),
            Err(message) => self.shared.client.show_message(MessageType::ERROR, format!("claimcheck: {message}")).await,
        }
    }

    /// Pulled diagnostics: those of the draft's current version, or
    /// `unchanged` when the client's `previousResultId` names the analysis
    /// they come from (a client may pull again with no edit between, as
    /// VS Code's can on save or as tabs change). A pull while the sources
    /// are indexed waits for them: a client that pulls
    /// only when the text changes (Neovim 0.11 offers no refresh) would
    /// otherwise keep the empty answer.
    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let analysis = self.current_analysis(&uri, true).await?;
        let result_id = analysis.as_ref().map(|analysis| analysis.result_id());
        if let Some(result_id) = result_id.clone().filter(|id| params.previous_result_id.as_ref() == Some(id)) {
            // What the client has is what it would get: nothing to convert or send.
            let unchanged = UnchangedDocumentDiagnosticReport { result_id };
            let report = RelatedUnchangedDocumentDiagnosticReport { related_documents: None, unchanged_document_diagnostic_report: unchanged };
            return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(report)));
        }
        let items = {
            let mut state = self.shared.state();
            let state = &mut *state;
            let places = state.documents.get_mut(&uri).map(|open| &mut open.evidence_places);
            match (analysis, places) {
                (Some(analysis), Some(places)) => to_proto::diagnostics(&analysis, &uri, state.encoding, places),
                // Closed meanwhile, or no sources.
                _ => Vec::new(),
            }
        };
        let report = RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        };
        Ok(self.shared.outbox.answer(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(report))))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some((analysis, offset)) = self.analysis_at(&at.text_document.uri, at.position).await? else { return Ok(None) };
        let encoding = self.shared.state().encoding;
        guarded("hover", || hover::hover(&analysis, offset, encoding))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let Some((analysis, offset)) = self.analysis_at(&at.text_document.uri, at.position).await? else { return Ok(None) };
        let encoding = self.shared.state().encoding;
        let location = guarded("definition", || navigation::definition(&analysis, offset, encoding))?;
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(analysis) = self.current_analysis(&params.text_document.uri, false).await? else { return Ok(None) };
        let encoding = self.shared.state().encoding;
        let symbols = guarded("documentSymbol", || navigation::document_symbols(&analysis, encoding))?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.current_analysis(&uri, false).await? else { return Ok(None) };
        let encoding = self.shared.state().encoding;
        let offset = |position| {
            position::offset(&analysis.rope, position, encoding).ok_or_else(|| out_of_range(position))
        };
        let span = Span::new(offset(params.range.start)?, offset(params.range.end)?);
        let actions = guarded("codeAction", || code_actions::code_actions(&analysis, &uri, span, encoding))?;
        Ok(Some(actions))
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changed: Vec<PathBuf> =
            params.changes.iter().filter_map(|change| change.uri.to_file_path()).map(|path| path.into_owned()).collect();
        if changed.iter().any(|path| path.file_name().is_some_and(|name| name == claimcheck_config::FILE_NAME)) {
            // The configuration names the folders, filter and aliases: the project is read again.
            self.shared.reload_project();
        } else {
            drop(tokio::spawn(Arc::clone(&self.shared).reindex(changed)));
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (removed, push) = {
            let mut state = self.shared.state();
            (state.documents.remove(&uri).is_some(), !state.pull_diagnostics)
        };
        if removed && push {
            let _publishing = self.shared.publishing.lock().await;
            self.shared.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
}

/// Without sources there is nothing to lint against: pulls that wait for the
/// indexing get their answer, no findings.
fn answer_waiting_pulls(state: &State) {
    for open in state.documents.values() {
        open.linted.send_replace(Some(Linted { version: open.document.version, analysis: None }));
    }
}

fn capabilities(encoding: Encoding, pull_diagnostics: bool) -> ServerCapabilities {
    let sync = TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::INCREMENTAL),
        ..TextDocumentSyncOptions::default()
    };
    let diagnostics = pull_diagnostics.then(|| {
        lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
            identifier: Some("claimcheck".to_owned()),
            ..lsp::DiagnosticOptions::default()
        })
    });
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
        diagnostic_provider: diagnostics,
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders, else the deprecated root URI.
#[allow(deprecated)]
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|folder| &folder.uri);
    let uris: Vec<&Uri> = if params.workspace_folders.as_ref().is_some_and(|f| !f.is_empty()) {
        folders.collect()
    } else {
        params.root_uri.iter().collect()
    };
    uris.into_iter().filter_map(|uri| uri.to_file_path()).map(|path| path.into_owned()).collect()
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // Every update under the lock is a single assignment (an edit is applied to a
        // copy of the rope first), so a panic while it was held leaves the state whole:
        // a poisoned lock is taken over, not passed on as a panic in every handler.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reconfigures in a task of its own: it waits for the client's answer,
    /// and a notification handler that waits for the client would keep the
    /// server from ending when `exit` arrives first.
    fn spawn_reconfigure(self: Arc<Self>, pushed: Option<Value>) {
        drop(tokio::spawn(async move { self.reconfigure(pushed).await }));
    }

    /// Reads the settings: `initializationOptions`, overridden key by key by
    /// `workspace/configuration` (section `claimcheck`) when the client
    /// answers it, else by `pushed`. Bad values are named in a message and
    /// keep their defaults. Open drafts are linted again with the new
    /// settings, after the sources are indexed again if they moved.
    async fn reconfigure(self: &Arc<Self>, pushed: Option<Value>) {
        let (supported, mut merged) = {
            let state = self.state();
            (state.configuration_support, state.initialization_options.clone())
        };
        let pulled = if supported {
            let item = ConfigurationItem { scope_uri: None, section: Some("claimcheck".to_owned()) };
            self.client.configuration(vec![item]).await.ok().and_then(|values| values.into_iter().next())
        } else {
            None
        };
        if merged.is_null() {
            merged = Value::Object(serde_json::Map::new());
        }
        if let (Some(Value::Object(overrides)), Value::Object(base)) = (pulled.or(pushed), &mut merged) {
            base.extend(overrides);
        }
        let (settings, problems) = Settings::from_json(&merged);
        for problem in problems {
            self.client.show_message(MessageType::WARNING, format!("claimcheck: {problem}")).await;
        }
        let (sources_moved, first_draft) = {
            let mut state = self.state();
            let sources_moved = state.configured && state.settings.sources != settings.sources;
            state.settings = settings;
            state.lint_inputs += 1;
            state.configured = true;
            if sources_moved {
                state.sources = Sources::NotFound;
            }
            let first_draft = state.documents.values().find_map(|open| open.document.path.clone());
            (sources_moved, first_draft)
        };
        self.find_and_load_sources(first_draft.as_deref());
        if !sources_moved {
            self.relint_open_drafts().await;
        }
    }

    /// Looks for the project again and indexes its sources.
    fn reload_project(self: &Arc<Self>) {
        let first_draft = {
            let mut state = self.state();
            state.sources = Sources::NotFound;
            state.documents.values().find_map(|open| open.document.path.clone())
        };
        self.find_and_load_sources(first_draft.as_deref());
    }

    /// Looks for the project, unless its sources are loaded or loading, and
    /// loads them off the request path.
    fn find_and_load_sources(self: &Arc<Self>, draft: Option<&Path>) {
        let found = {
            let mut state = self.state();
            if !state.configured || !matches!(state.sources, Sources::NotFound) {
                return;
            }
            state.sources_generation += 1;
            let found = find_project(state.settings.sources.as_deref(), &state.roots, draft);
            if let Ok(Some(_)) = &found {
                state.sources = Sources::Loading;
            }
            found.map(|project| project.map(|project| (Arc::new(project), state.sources_generation)))
        };
        if !matches!(found, Ok(Some(_))) {
            answer_waiting_pulls(&self.state());
        }
        let this = Arc::clone(self);
        match found {
            Ok(Some((project, generation))) => drop(tokio::spawn(async move { this.load_sources(project, generation).await })),
            Ok(None) => {}
            Err(problem) => drop(tokio::spawn(async move {
                this.client.show_message(MessageType::ERROR, format!("claimcheck: {problem}")).await;
            })),
        }
    }

    async fn load_sources(self: Arc<Self>, project: Arc<Project>, generation: u64) {
        let progress = self.begin_progress(&project.folders).await;
        let loading = Arc::clone(&project);
        let loaded = tokio::task::spawn_blocking(move || match &loading.index {
            Some(index) => Corpus::load_indexed(&loading.folders, &loading.config.load_options(), index, &()).map(|(corpus, _)| corpus),
            None => Corpus::load_folders(&loading.folders, &loading.config.load_options()),
        })
        .await;
        let corpus = match loaded {
            Ok(Ok(corpus)) => Arc::new(corpus),
            Ok(Err(error)) => return self.fail_loading(progress, generation, format!("cannot load the sources: {error}")).await,
            Err(panic) => return self.fail_loading(progress, generation, format!("loading the sources failed: {panic}")).await,
        };
        for problem in corpus.problems() {
            let level = match problem.severity {
                ProblemSeverity::Warning => MessageType::WARNING,
                ProblemSeverity::Skipped => MessageType::INFO,
            };
            self.client.log_message(level, format!("{}: {}", problem.path.display(), problem.message)).await;
        }
        let summary = format!("{} sources, {} passages", corpus.sources().len(), corpus.passage_count());
        let current = self.install_corpus(generation, &project, corpus);
        if let Some(progress) = progress {
            progress.finish_with_message(if current { summary } else { "superseded by new settings".to_owned() }).await;
        }
        if current {
            self.relint_open_drafts().await;
            self.watch_project(&project).await;
        }
    }

    /// Makes `corpus` the one drafts are checked against, unless the sources
    /// were looked for again since `generation`; returns whether it did.
    fn install_corpus(&self, generation: u64, project: &Arc<Project>, corpus: Arc<Corpus>) -> bool {
        let mut state = self.state();
        if state.sources_generation != generation {
            return false;
        }
        // Under the lock, so that the lint thread has the corpus before any lint can be queued for it.
        self.worker.set_corpus(Arc::clone(&corpus));
        state.sources = Sources::Ready { project: Arc::clone(project), corpus };
        state.lint_inputs += 1;
        true
    }

    /// Lints every open draft again (the sources or the settings changed),
    /// and asks a pulling client to pull again.
    async fn relint_open_drafts(self: &Arc<Self>) {
        let (drafts, refresh) = {
            let state = self.state();
            if !matches!(state.sources, Sources::Ready { .. }) {
                return;
            }
            let drafts: Vec<(Uri, i32)> = state.documents.iter().map(|(uri, open)| (uri.clone(), open.document.version)).collect();
            (drafts, state.pull_diagnostics && state.diagnostic_refresh)
        };
        for (uri, version) in drafts {
            Arc::clone(self).schedule_lint(uri, version, Duration::ZERO);
        }
        if refresh {
            // A client that does not answer is no reason to stop; it pulls again on its next edit.
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Asks the client to report changes in the sources folders and to the
    /// project's `claimcheck.toml` (`workspace/didChangeWatchedFiles`), when
    /// it takes such registrations.
    async fn watch_project(&self, project: &Project) {
        let globs = {
            let state = self.state();
            if !state.watched_files_support {
                return;
            }
            let folders = project.folders.iter().map(|folder| format!("{}/**/*", folder.display()));
            // A configuration file created in the workspace root takes effect too.
            let config_files = project.config_file.iter().cloned().chain(state.roots.first().map(|root| root.join(claimcheck_config::FILE_NAME)));
            let mut globs: Vec<String> = folders.chain(config_files.map(|file| file.display().to_string())).collect();
            globs.dedup();
            globs
        };
        let previous = self.state().watching.replace(globs.clone());
        if previous.as_ref() == Some(&globs) {
            return;
        }
        let method = "workspace/didChangeWatchedFiles".to_owned();
        if previous.is_some() {
            let unregistration = Unregistration { id: WATCHER_ID.to_owned(), method: method.clone() };
            let _ = self.client.unregister_capability(vec![unregistration]).await;
        }
        let watchers = globs.into_iter().map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None }).collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration { id: WATCHER_ID.to_owned(), method, register_options: serde_json::to_value(options).ok() };
        if let Err(error) = self.client.register_capability(vec![registration]).await {
            self.client.log_message(MessageType::WARNING, format!("claimcheck cannot watch the sources: {error}")).await;
        }
    }

    /// Re-indexes the sources that changed on disk and lints the open drafts
    /// again. One re-index at a time, each starting from the last one's
    /// corpus, so that no change is lost.
    async fn reindex(self: Arc<Self>, changed: Vec<PathBuf>) {
        let _reindexing = self.reindexing.lock().await;
        let (corpus, project, generation) = {
            let state = self.state();
            let Sources::Ready { project, corpus } = &state.sources else { return };
            (Arc::clone(corpus), Arc::clone(project), state.sources_generation)
        };
        let changed: Vec<PathBuf> = changed.into_iter().filter(|path| project.holds(path)).collect();
        if changed.is_empty() {
            return;
        }
        let options = project.config.load_options();
        let reloaded = tokio::task::spawn_blocking(move || corpus.reload(&changed, &options)).await;
        let corpus = match reloaded {
            Ok(Ok(corpus)) => Arc::new(corpus),
            Ok(Err(error)) => return self.show_error(format!("cannot re-index the sources: {error}")).await,
            Err(panic) => return self.show_error(format!("re-indexing the sources failed: {panic}")).await,
        };
        if self.install_corpus(generation, &project, corpus) {
            self.relint_open_drafts().await;
        }
    }

    async fn show_error(&self, message: String) {
        self.client.show_message(MessageType::ERROR, format!("claimcheck: {message}")).await;
    }

    /// `token`, created on the client for `$/progress` reports, when the client takes them.
    async fn progress_token(&self, token: String) -> Option<NumberOrString> {
        if !self.state().work_done_progress {
            return None;
        }
        let token = NumberOrString::String(token);
        self.client.create_work_done_progress(token.clone()).await.ok()?;
        Some(token)
    }

    /// Starts a `$/progress` report, when the client takes them.
    async fn begin_progress(&self, folders: &[PathBuf]) -> Option<Progress> {
        let token = self.progress_token("claimcheck/indexing".to_owned()).await?;
        let folders: Vec<String> = folders.iter().map(|folder| folder.display().to_string()).collect();
        Some(self.client.progress(token, "Indexing sources").with_message(folders.join(", ")).begin().await)
    }

    async fn fail_loading(&self, progress: Option<Progress>, generation: u64, message: String) {
        {
            let mut state = self.state();
            if state.sources_generation == generation {
                state.sources = Sources::NotFound;
                answer_waiting_pulls(&state);
            }
        }
        if let Some(progress) = progress {
            progress.finish_with_message(message.clone()).await;
        }
        self.show_error(message).await;
    }

    /// Lints `uri` at `version` after `delay`, unless it has changed by then.
    fn schedule_lint(self: Arc<Self>, uri: Uri, version: i32, delay: Duration) {
        drop(tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            self.lint(uri, version).await;
        }));
    }

    async fn lint(&self, uri: Uri, version: i32) {
        let mut too_large = None;
        let prepared = {
            let mut state = self.state();
            let state = &mut *state;
            let Some(open) = state.documents.get_mut(&uri) else { return };
            let Sources::Ready { project, .. } = &state.sources else { return };
            // The same text under the same sources and settings is linted once,
            // however many events asked for it.
            let inputs = (version, state.lint_inputs);
            if open.document.version != version || open.linted_inputs == Some(inputs) {
                return;
            }
            open.linted_inputs = Some(inputs);
            let size = open.document.rope.len_bytes();
            // A source opened in the editor is not a draft: it would only confirm itself.
            if open.document.path.as_ref().is_some_and(|path| project.holds(path)) {
                open.linted.send_replace(Some(Linted { version, analysis: None }));
                None
            } else if size > MAX_DRAFT_BYTES {
                // Linting tens of megabytes takes minutes on the one lint
                // thread, and every other draft's analysis would wait behind it.
                open.linted.send_replace(Some(Linted { version, analysis: None }));
                if !std::mem::replace(&mut open.told_too_large, true) {
                    too_large = Some(size);
                }
                None
            } else {
                let kind = open.document.kind;
                let (reply, outcome) = tokio::sync::oneshot::channel();
                let (judged, judging) = watch::channel(Judged::default());
                let job = LintJob {
                    // Chunk by chunk into a buffer of the right size; `to_string` goes through `fmt`.
                    text: String::from(&open.document.rope).into(),
                    kind: open.document.kind,
                    version,
                    latest: Arc::clone(&open.latest),
                    config: state.settings.rules(&project.config.rules),
                    extract: project.config.extract_options(),
                    dir: open.document.path.as_ref().and_then(|path| path.parent()).map(Path::to_path_buf),
                    judged,
                    reply,
                };
                Some((job, (outcome, judging), (open.document.rope.clone(), kind)))
            }
        };
        if let Some(size) = too_large {
            let message = format!(
                "claimcheck: {} has {} MB of text, more than the {} MB a draft may have, and is not checked",
                uri.as_str(),
                size / 1_000_000,
                MAX_DRAFT_BYTES / 1_000_000
            );
            self.client.show_message(MessageType::WARNING, message).await;
        }
        let Some((job, (outcome, judging), (rope, kind))) = prepared else { return };
        self.worker.lint(job);
        let analysis = match self.outcome_with_progress(outcome, judging).await {
            Ok(LintOutcome::Done { report, corpus }) => Some(Arc::new(Analysis::new(rope, kind, report, corpus))),
            Ok(LintOutcome::Panicked(message)) => {
                let message = format!("claimcheck: linting {} failed ({message}); the server keeps running", uri.as_str());
                self.client.show_message(MessageType::ERROR, message).await;
                None
            }
            Ok(LintOutcome::Stale | LintOutcome::NoCorpus) | Err(_) => return,
        };
        self.publish(uri, Linted { version, analysis }).await;
    }

    /// The lint's outcome. A lint that judges many claims (a draft's first
    /// check, at seconds for a corpus of a gigabyte) reports its progress
    /// meanwhile, when the client takes reports.
    async fn outcome_with_progress(
        &self,
        mut outcome: tokio::sync::oneshot::Receiver<LintOutcome>,
        mut judging: watch::Receiver<Judged>,
    ) -> std::result::Result<LintOutcome, tokio::sync::oneshot::error::RecvError> {
        let mut progress: Option<(BoundedProgress, u32)> = None;
        let outcome = loop {
            tokio::select! {
                // Counts first: a lint that judged many claims shows it even when it ended before this task ran.
                biased;
                // Once the lint is over, its sender is gone and this branch with it.
                Ok(()) = judging.changed() => {
                    let Judged { done, of } = *judging.borrow_and_update();
                    if progress.is_none() && of >= PROGRESS_FROM_CLAIMS {
                        progress = self.begin_checking_progress(of).await.map(|progress| (progress, 0));
                    }
                    if let Some((progress, reported)) = &mut progress {
                        let percentage = u32::try_from(done * 100 / of.max(1)).unwrap_or(100);
                        if percentage > *reported {
                            *reported = percentage;
                            progress.report_with_message(format!("{done} of {of} claims judged"), percentage).await;
                        }
                    }
                }
                outcome = &mut outcome => break outcome,
            }
        };
        if let Some((progress, _)) = progress {
            progress.finish().await;
        }
        outcome
    }

    /// Starts a `$/progress` report of judging `of` claims, when the client takes them.
    async fn begin_checking_progress(&self, of: usize) -> Option<BoundedProgress> {
        let lint = self.progress_tokens.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = self.progress_token(format!("claimcheck/checking/{lint}")).await?;
        Some(self.client.progress(token, "Checking claims").with_percentage(0).with_message(format!("{of} claims to judge")).begin().await)
    }

    /// Records a lint of the draft's current version and pushes its diagnostics.
    async fn publish(&self, uri: Uri, linted: Linted) {
        let _publishing = self.publishing.lock().await;
        let diagnostics = {
            let mut state = self.state();
            let state = &mut *state;
            let Some(open) = state.documents.get_mut(&uri) else { return };
            if open.document.version != linted.version {
                return;
            }
            let places = &mut open.evidence_places;
            // A client that pulls asks for them, and they are converted then.
            let push = !state.pull_diagnostics;
            let diagnostics = linted.analysis.as_ref().filter(|_| push).map(|analysis| to_proto::diagnostics(analysis, &uri, state.encoding, places));
            let version = linted.version;
            let replaced = open.linted.send_replace(Some(linted));
            match diagnostics {
                Some(diagnostics) => (diagnostics, version, replaced),
                None => return,
            }
        };
        let (diagnostics, version, replaced) = diagnostics;
        let params = lsp::PublishDiagnosticsParams::new(uri, diagnostics, Some(version));
        self.outbox.send::<lsp::notification::PublishDiagnostics>(&self.client, params).await;
        // The last version's analysis is freed once the new diagnostics are on their way.
        drop(replaced);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_request_becomes_an_internal_error_naming_it() {
        let error = guarded("hover", || -> u32 { panic!("index out of bounds") }).unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert_eq!(error.message, "claimcheck failed on hover: index out of bounds");
        assert_eq!(guarded("hover", || 7).ok(), Some(7));
    }
}
