//! The background saver: durable writes off the UI thread, gathered briefly so a burst of
//! keystrokes costs one write, retried while the disk refuses.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
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
    /// The entry's file had been changed by another program since this window last read or
    /// wrote it: that file was left exactly as it is, and this was written here instead.
    pub conflict: Option<PathBuf>,
}

/// What a file on disk was when this window last read or wrote it: to tell whether another
/// program (a sync tool, an editor) has changed it since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Its size.
    len: u64,
    /// When it was last changed, as the system says.
    modified: Option<std::time::SystemTime>,
    /// The SHA-256 of what was written, when this window wrote it.
    hash: Option<[u8; 32]>,
}

impl Fingerprint {
    /// The file as it is now (size and time; no hash), or `None` if it is not there.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: None,
        })
    }

    /// The file just written with `bytes`.
    fn written(path: &Path, bytes: &[u8]) -> Option<Self> {
        use sha2::Digest as _;
        let mut print = Self::of(path)?;
        print.hash = Some(sha2::Sha256::digest(bytes).into());
        Some(print)
    }
}

/// Whether the file at `path` is no longer the one this window last read or wrote.
fn changed_outside(path: &Path, known: Option<&Fingerprint>) -> bool {
    let Some(now) = Fingerprint::of(path) else {
        // Nothing there: nothing to overwrite.
        return false;
    };
    let Some(known) = known else {
        // A file this window never read or wrote is where a new entry would go.
        return true;
    };
    if now.len != known.len || now.modified != known.modified {
        return true;
    }
    // Same size and time: the content decides, when we know what we wrote.
    known.hash.is_some_and(|hash| {
        use sha2::Digest as _;
        crate::files::read_bounded(path, 64 * 1024 * 1024).map_or(true, |bytes| {
            <[u8; 32]>::from(sha2::Sha256::digest(&bytes)) != hash
        })
    })
}

/// A free name beside an entry for the copy of a version that must not overwrite it.
fn conflict_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("entry");
    let stamp = Local::now().format("%Y%m%dT%H%M%S");
    let mut n = 1;
    loop {
        let candidate = path.with_file_name(format!("{stem}-conflict-{stamp}-{n}.ron"));
        if std::fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
        n += 1;
    }
}

/// Called with every outcome, on the saver's thread.
type Report = Box<dyn Fn(SaveOutcome) + Send>;

/// Called once a flush is done, with whether nothing is left unsaved.
type FlushDone = Box<dyn FnOnce(bool) + Send>;

enum Message {
    Save(SaveJob),
    Know(Vec<(PathBuf, Fingerprint)>),
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

    /// Tells the saver what files are on disk as this window read them: a save finds out if
    /// another program changed one since.
    pub fn know(&self, files: Vec<(PathBuf, Fingerprint)>) {
        self.to_thread.send(Message::Know(files)).ok();
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
    let mut known = Known::default();
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
            Ok(Message::Know(files)) => {
                for (path, print) in files {
                    // The file as it is now is the one this window goes on from.
                    known.redirect.remove(&path);
                    known.prints.insert(path, print);
                }
            }
            Ok(Message::Flush(done)) => {
                write_at = write_pending(&mut pending, &mut known, report);
                done(pending.is_empty());
            }
            Ok(Message::Discard) => {
                pending.clear();
                write_at = None;
            }
            Err(RecvTimeoutError::Timeout) => {
                write_at = write_pending(&mut pending, &mut known, report);
            }
            Err(RecvTimeoutError::Disconnected) => {
                write_pending(&mut pending, &mut known, report);
                return;
            }
        }
    }
}

/// Writes every pending job; failed ones stay pending. Returns when to try again, if needed.
/// What the saver knows of the files on disk.
#[derive(Default)]
struct Known {
    /// Each file as this window last read or wrote it.
    prints: HashMap<PathBuf, Fingerprint>,
    /// Entries whose file another program changed: their saves go to the copy beside it, until
    /// the app has read the changed file again.
    redirect: HashMap<PathBuf, PathBuf>,
}

fn write_pending(
    pending: &mut BTreeMap<PathBuf, SaveJob>,
    known: &mut Known,
    report: &dyn Fn(SaveOutcome),
) -> Option<Instant> {
    let mut failed = BTreeMap::new();
    for (path, job) in std::mem::take(pending) {
        // An entry another program changed since this window read or wrote it is never
        // overwritten: this version goes beside it.
        let redirected = known.redirect.get(&path).cloned();
        let conflict = redirected.is_some()
            || (matches!(job.key, SaveKey::Entry(_))
                && changed_outside(&path, known.prints.get(&path)));
        let target = match (&redirected, conflict) {
            (Some(copy), _) => copy.clone(),
            (None, true) => {
                let copy = conflict_path(&path);
                known.redirect.insert(path.clone(), copy.clone());
                copy
            }
            (None, false) => path.clone(),
        };
        let result = target
            .parent()
            .map_or(Ok(()), super::ensure_folder)
            .and_then(|()| write_durable(&target, &job.bytes))
            .map_err(|err| explain_write_error(&err));
        if result.is_ok()
            && let Some(print) = Fingerprint::written(&target, &job.bytes)
        {
            known.prints.insert(target.clone(), print);
        }
        report(SaveOutcome {
            key: job.key.clone(),
            generation: job.generation,
            result: result.clone(),
            at: Local::now(),
            conflict: conflict.then_some(target),
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
