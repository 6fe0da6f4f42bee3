//! The background saver: durable writes off the UI thread, gathered briefly so a burst of
//! keystrokes costs one write, retried while the disk refuses.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local};

use super::write_durable;
use crate::journal::EntryId;

/// How long changes are gathered before they are written.
const GATHER: Duration = Duration::from_millis(300);

/// How long to wait before trying a failed write again.
const RETRY: Duration = Duration::from_secs(5);

/// What a save is for: an entry or the settings.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SaveKey {
    /// One entry.
    Entry(EntryId),
    /// The settings file.
    Settings,
}

/// One file to write.
#[derive(Clone, Debug)]
pub struct SaveJob {
    /// What is being saved.
    pub key: SaveKey,
    /// Where it goes.
    pub path: PathBuf,
    /// The complete new content.
    pub bytes: Vec<u8>,
    /// Increases with every change, so the app knows which version reached the disk.
    pub generation: u64,
}

/// What happened to a job.
#[derive(Clone, Debug)]
pub struct SaveOutcome {
    /// What was saved.
    pub key: SaveKey,
    /// The generation that was written or failed.
    pub generation: u64,
    /// `Err` holds a sentence for the person, saying what to do.
    pub result: Result<(), String>,
    /// When it happened.
    pub at: DateTime<Local>,
}

/// Called with every outcome, on the saver's thread.
type Report = Box<dyn Fn(SaveOutcome) + Send>;

/// Called once a flush is done, with whether nothing is left unsaved.
type FlushDone = Box<dyn FnOnce(bool) + Send>;

enum Message {
    Save(SaveJob),
    Flush(FlushDone),
    Discard,
}

/// A handle to the saver thread. Dropping it writes what is pending and ends the thread.
pub struct Saver {
    to_thread: Sender<Message>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Saver {
    /// Starts the saver; `report` hears every outcome, on the saver's thread (the app sends
    /// them on to the session and wakes the window).
    pub fn spawn(report: impl Fn(SaveOutcome) + Send + 'static) -> Self {
        let (to_thread, inbox) = mpsc::channel();
        let report: Report = Box::new(report);
        let thread = std::thread::Builder::new()
            .name("trustwork-saver".to_owned())
            .spawn(move || run(&inbox, &*report))
            .ok();
        Self { to_thread, thread }
    }

    /// Queues a write; a newer job for the same file replaces an older one still waiting.
    pub fn save(&self, job: SaveJob) {
        // If the thread is gone, a flush reports it; the app still holds the answers.
        self.to_thread.send(Message::Save(job)).ok();
    }

    /// Writes everything waiting now, without waiting for it: `done` is called on the saver's
    /// thread, after the outcomes, with whether nothing is left unsaved.
    pub fn flush_then(&self, done: impl FnOnce(bool) + Send + 'static) {
        if let Err(mpsc::SendError(Message::Flush(done))) =
            self.to_thread.send(Message::Flush(Box::new(done)))
        {
            done(false);
        }
    }

    /// Writes everything waiting now and waits up to `timeout`. True when nothing is left
    /// unsaved.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (ack, done) = mpsc::channel();
        self.flush_then(move |saved| {
            ack.send(saved).ok();
        });
        done.recv_timeout(timeout).unwrap_or(false)
    }

    /// Gives up on writes that are waiting or failing: the person chose to close without them.
    pub fn discard(&self) {
        self.to_thread.send(Message::Discard).ok();
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.flush(Duration::from_secs(10));
        // Closing the channel ends the thread's loop.
        let (dead, _) = mpsc::channel();
        self.to_thread = dead;
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

fn run(inbox: &Receiver<Message>, report: &dyn Fn(SaveOutcome)) {
    let mut pending: BTreeMap<PathBuf, SaveJob> = BTreeMap::new();
    let mut write_at: Option<Instant> = None;
    loop {
        let message = match write_at {
            None => inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => inbox.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match message {
            Ok(Message::Save(job)) => {
                pending.insert(job.path.clone(), job);
                write_at.get_or_insert_with(|| Instant::now() + GATHER);
            }
            Ok(Message::Flush(done)) => {
                write_at = write_pending(&mut pending, report);
                done(pending.is_empty());
            }
            Ok(Message::Discard) => {
                pending.clear();
                write_at = None;
            }
            Err(RecvTimeoutError::Timeout) => {
                write_at = write_pending(&mut pending, report);
            }
            Err(RecvTimeoutError::Disconnected) => {
                write_pending(&mut pending, report);
                return;
            }
        }
    }
}

/// Writes every pending job; failed ones stay pending. Returns when to try again, if needed.
fn write_pending(
    pending: &mut BTreeMap<PathBuf, SaveJob>,
    report: &dyn Fn(SaveOutcome),
) -> Option<Instant> {
    let mut failed = BTreeMap::new();
    for (path, job) in std::mem::take(pending) {
        let result = path
            .parent()
            .map_or(Ok(()), super::ensure_folder)
            .and_then(|()| write_durable(&path, &job.bytes))
            .map_err(|err| explain_write_error(&err));
        report(SaveOutcome {
            key: job.key.clone(),
            generation: job.generation,
            result: result.clone(),
            at: Local::now(),
        });
        if result.is_err() {
            failed.insert(path, job);
        }
    }
    *pending = failed;
    (!pending.is_empty()).then(|| Instant::now() + RETRY)
}

/// A sentence that says what went wrong and what to do, without any answer text.
fn explain_write_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let advice = match err.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            "the data folder is not writable; check its permissions"
        }
        K::StorageFull | K::QuotaExceeded => "the disk is full; free some space",
        _ => "check the data folder and free space",
    };
    format!(
        "Not saved yet: {advice}. Your answers stay in this window and saving is retried every few seconds ({}).",
        crate::files::plain(err)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(path: PathBuf, text: &str, generation: u64) -> SaveJob {
        SaveJob {
            key: SaveKey::Entry(EntryId {
                workbook_id: "w".into(),
                stem: "s".into(),
            }),
            path,
            bytes: text.as_bytes().to_vec(),
            generation,
        }
    }

    #[test]
    fn gathers_changes_and_writes_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entries").join("w").join("s.ron");
        let (tx, rx) = mpsc::channel();
        let saver = Saver::spawn(move |o| tx.send(o).unwrap());
        saver.save(job(path.clone(), "one", 1));
        saver.save(job(path.clone(), "two", 2));
        assert!(saver.flush(Duration::from_secs(5)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let outcomes: Vec<_> = rx.try_iter().collect();
        assert_eq!(outcomes.len(), 1, "two quick changes are one write");
        assert_eq!(outcomes[0].generation, 2);
        assert!(outcomes[0].result.is_ok());
    }

    #[test]
    fn a_discarded_write_never_lands() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let saver = Saver::spawn(|_| {});
        saver.save(job(path.clone(), "one", 1));
        saver.discard();
        assert!(
            saver.flush(Duration::from_secs(5)),
            "nothing is left to write"
        );
        drop(saver);
        assert!(!path.exists());
    }
}
