//! Linting off the async runtime: one worker thread owns the corpus and the
//! [`Linter`] built on it.
//!
//! The `Linter` borrows its corpus and remembers what each of its queries
//! retrieved, so that linting a draft again after an edit searches only for
//! the edited claims; it is built once per corpus on this thread and kept. Jobs queue on a channel; a job whose draft has been
//! edited since it was queued is dropped without being run, so a burst of
//! edits costs one lint, not one per keystroke. A panic inside the linter is
//! caught and returned as the job's outcome; the thread keeps serving.
//!
//! A corpus loaded through the persistent index starts from the judgements
//! kept beside it (by `claimcheck check` or an earlier server), so the first
//! diagnostics of a draft checked before need no search; the thread keeps
//! its own there once it has been idle a while, and at shutdown.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use claimcheck_config::judgements;
use claimcheck_core::{DocumentKind, ExtractOptions};
use claimcheck_corpus::Corpus;
use claimcheck_lint::{Config, Draft, Judged, Linter, Report};
use tokio::sync::{oneshot, watch};

/// One draft to lint, as it was at `version`.
pub(crate) struct LintJob {
    pub(crate) text: Arc<str>,
    pub(crate) kind: DocumentKind,
    pub(crate) version: i32,
    /// The draft's newest version; the job is stale once it moves on.
    pub(crate) latest: Arc<AtomicI32>,
    pub(crate) config: Config,
    pub(crate) extract: ExtractOptions,
    /// The draft's folder, against which its citations resolve first.
    pub(crate) dir: Option<PathBuf>,
    /// How far the lint is in judging the claims it does not remember.
    pub(crate) judged: watch::Sender<Judged>,
    pub(crate) reply: oneshot::Sender<LintOutcome>,
}

pub(crate) enum LintOutcome {
    Done { report: Report, corpus: Arc<Corpus> },
    /// The draft changed before the job ran.
    Stale,
    /// No corpus is loaded yet.
    NoCorpus,
    /// The linter panicked; the message says where.
    Panicked(String),
}

enum Message {
    Corpus(Arc<Corpus>),
    Lint(LintJob),
    /// Keep the judgements beside the index now, and say when done.
    Keep(oneshot::Sender<()>),
}

/// How long the thread waits, idle, before it keeps new judgements: writing
/// tens of megabytes during a burst of typing would take a core from the lints.
const KEEP_WHEN_IDLE: Duration = Duration::from_secs(10);

/// The handle to the lint thread; dropping it ends the thread.
#[derive(Debug, Clone)]
pub(crate) struct LintWorker {
    messages: mpsc::Sender<Message>,
}

impl LintWorker {
    pub(crate) fn spawn() -> std::io::Result<LintWorker> {
        let (messages, inbox) = mpsc::channel();
        std::thread::Builder::new().name("claimcheck-lint".to_owned()).spawn(move || serve(&inbox))?;
        Ok(LintWorker { messages })
    }

    /// Lints with `corpus` from now on.
    pub(crate) fn set_corpus(&self, corpus: Arc<Corpus>) {
        // The thread only ends when every handle is gone, so the send cannot fail while `self` lives.
        let _ = self.messages.send(Message::Corpus(corpus));
    }

    pub(crate) fn lint(&self, job: LintJob) {
        let _ = self.messages.send(Message::Lint(job));
    }

    /// Keeps the judgements made so far beside the index, once the jobs
    /// queued before are done.
    pub(crate) async fn keep_judgements(&self) {
        let (done, kept) = oneshot::channel();
        if self.messages.send(Message::Keep(done)).is_ok() {
            let _ = kept.await;
        }
    }
}

fn serve(inbox: &mpsc::Receiver<Message>) {
    let mut corpus: Option<Arc<Corpus>> = None;
    // The last write of kept judgements, which may still be under way.
    let mut writing: Option<JoinHandle<()>> = None;
    loop {
        let next = {
            let linter = corpus.as_deref().map(|corpus| {
                catch_unwind(AssertUnwindSafe(|| {
                    let linter = Linter::new(corpus);
                    // A kept file that cannot be used is rewritten at the next keep.
                    if let Some(Ok(Some(earlier))) = corpus.index_folder().map(judgements::read) {
                        linter.recall(earlier);
                    }
                    linter
                }))
                .map_err(|panic| panic_message(&*panic))
            });
            loop {
                match inbox.recv_timeout(KEEP_WHEN_IDLE) {
                    Ok(Message::Corpus(next)) => break next,
                    Ok(Message::Keep(done)) => {
                        if let Some(written) = keep(&linter, corpus.as_deref(), writing.take()) {
                            let _ = written.join();
                        }
                        let _ = done.send(());
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => writing = keep(&linter, corpus.as_deref(), writing.take()),
                    Ok(Message::Lint(job)) => {
                        let outcome = match (&linter, &corpus) {
                            (Some(Ok(linter)), Some(corpus)) => run(linter, corpus, &job),
                            (Some(Err(message)), _) => LintOutcome::Panicked(message.clone()),
                            _ => LintOutcome::NoCorpus,
                        };
                        // The requester may have gone (a closed document); nobody is left to tell.
                        let _ = job.reply.send(outcome);
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        };
        corpus = Some(next);
    }
}

/// Keeps the judgements made since the last keep beside the index, on a
/// thread of its own (tens of megabytes of JSON must not hold up the next
/// edit), once the write before it is done, so that the newest is renamed
/// into place last. Gives back the write under way, if any.
fn keep(linter: &Option<Result<Linter<'_>, String>>, corpus: Option<&Corpus>, previous: Option<JoinHandle<()>>) -> Option<JoinHandle<()>> {
    let (Some(Ok(linter)), Some(folder)) = (linter, corpus.and_then(Corpus::index_folder)) else { return previous };
    let Some(recollection) = linter.recollection() else { return previous };
    if let Some(previous) = previous {
        let _ = previous.join();
    }
    let folder = folder.to_path_buf();
    // A cache: one that cannot be written costs the next start time, nothing else.
    std::thread::Builder::new().name("claimcheck-keep".to_owned()).spawn(move || drop(judgements::write(&folder, &recollection))).ok()
}

fn run(linter: &Linter<'_>, corpus: &Arc<Corpus>, job: &LintJob) -> LintOutcome {
    if job.latest.load(Ordering::Acquire) != job.version {
        return LintOutcome::Stale;
    }
    let lint = || {
        let extraction = claimcheck_core::extract(&job.text, job.kind, &job.extract);
        let draft = Draft { text: &job.text, kind: job.kind, extraction: &extraction, dir: job.dir.as_deref() };
        // Counts come from several threads: a lower one arriving late is not news.
        let judged = |judged: Judged| {
            job.judged.send_if_modified(|seen| {
                let newer = judged.done > seen.done;
                if newer {
                    *seen = judged;
                }
                newer
            });
        };
        linter.check_reporting(&draft, &job.config, &judged)
    };
    match catch_unwind(AssertUnwindSafe(lint)) {
        Ok(report) => LintOutcome::Done { report, corpus: Arc::clone(corpus) },
        Err(panic) => LintOutcome::Panicked(panic_message(&*panic)),
    }
}

/// The text a panic was raised with.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
