//! The worker: runs the session's effects off the UI thread and hands back their results as
//! events, waking the window when one arrives.
//!
//! Work on the data folder (reading it, saving, the trash, adding workbooks) runs in order on
//! one thread, which owns the folder and its lock; saves go on to the saver's thread. Work on
//! files outside it (opening a file, writing a shared file, a file dialog) runs on a short
//! thread of its own, so a slow stick or an open dialog never holds up a save.
//!
//! Plain Rust, with no egui: the shell gives it a way to wake the window.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::session::{DialogPurpose, Effect, Event, RequestId, Unlock};
use crate::store::{DataDir, SaveJob, SaveKey, Saver, SharingKey, write_durable};

/// Wakes the window so it takes in a new event.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A dialog answered faster than this never appeared: no person cancels that quickly.
const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(400);

/// Sends events to the window and wakes it.
#[derive(Clone)]
struct Outbox {
    events: Sender<Event>,
    wake: Wake,
}

impl Outbox {
    fn send(&self, event: Event) {
        // The window has gone: nobody is left to tell.
        self.events.send(event).ok();
        (self.wake)();
    }
}

/// The data folder's sharing key, once unlocked: the data thread keeps it here, and the errand
/// that opens a file takes a copy to open files encrypted to it. Emptied on lock.
#[derive(Clone, Default)]
struct KeySlot(Arc<Mutex<Option<SharingKey>>>);

impl KeySlot {
    fn get(&self) -> Option<SharingKey> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, key: Option<SharingKey>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = key;
    }
}

/// What the data thread is asked to do.
enum Job {
    /// An effect on the data folder.
    Run(Effect),
    /// Drop writes that are waiting or failing.
    Discard,
}

/// Runs effects on other threads; dropping it writes what is waiting and ends the threads.
pub struct Worker {
    /// Effects for the data thread; `None` once it is told to end.
    jobs: Option<Sender<Job>>,
    /// Events from every thread, in the order they happened.
    events: Receiver<Event>,
    /// For the short threads that work on files outside the data folder.
    outbox: Outbox,
    /// The data thread, joined on drop.
    thread: Option<std::thread::JoinHandle<()>>,
    /// The sharing key, for opening files encrypted to it.
    key: KeySlot,
    /// Tells the thread watching a previewed file to stop.
    preview_stop: Mutex<Option<Arc<AtomicBool>>>,
}

impl Worker {
    /// Starts the data thread; `wake` is called after every event.
    pub fn spawn(wake: Wake) -> Self {
        let (events_tx, events) = mpsc::channel();
        let outbox = Outbox {
            events: events_tx,
            wake,
        };
        let (jobs, inbox) = mpsc::channel();
        let thread_outbox = outbox.clone();
        let key = KeySlot::default();
        let thread_key = key.clone();
        let thread = std::thread::Builder::new()
            .name("trustwork-data".to_owned())
            .spawn(move || data_thread(&inbox, &thread_outbox, &thread_key))
            .ok();
        Self {
            jobs: Some(jobs),
            events,
            outbox,
            thread,
            key,
            preview_stop: Mutex::new(None),
        }
    }

    /// Watches a previewed file on a thread of its own, replacing any earlier watch; `None`
    /// only stops. The file is read at once, then again whenever its size or time changes.
    fn watch_preview(&self, path: Option<PathBuf>) {
        let mut slot = self
            .preview_stop
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(stop) = slot.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let Some(path) = path else { return };
        let stop = Arc::new(AtomicBool::new(false));
        *slot = Some(Arc::clone(&stop));
        let out = self.outbox.clone();
        let started = std::thread::Builder::new()
            .name("trustwork-preview".to_owned())
            .spawn(move || watch_file(&path, &stop, &out));
        if let Err(why) = started {
            self.outbox.send(Event::PreviewRead(
                PathBuf::new(),
                Err(format!("The file could not be watched: {why}")),
            ));
        }
    }

    /// Starts an effect. `CloseWindow` is the shell's and never comes here.
    pub fn run(&self, effect: Effect) {
        match effect {
            Effect::OpenFile(request, path) => {
                let key = self.key.clone();
                self.errand(
                    "open",
                    move |out| {
                        let result = crate::share::open_file_with(&path, key.get().as_ref())
                            .map_err(|e| e.to_string());
                        out.send(Event::FileOpened(request, result));
                    },
                    |why| {
                        Event::FileOpened(
                            request,
                            Err(format!("The file could not be read: {why}")),
                        )
                    },
                );
            }
            Effect::WriteFile(request, path, bytes) => self.errand(
                "write",
                move |out| out.send(Event::Written(request, write_shared(&path, &bytes))),
                |why| Event::Written(request, Err(format!("Could not start saving: {why}"))),
            ),
            Effect::WriteNewFile(request, path, bytes) => self.errand(
                "write",
                move |out| {
                    // Anything already there (a file, a link) is the person's to decide about.
                    if std::fs::symlink_metadata(&path).is_ok() {
                        out.send(Event::WouldReplace(request, path));
                    } else {
                        out.send(Event::Written(request, write_shared(&path, &bytes)));
                    }
                },
                |why| Event::Written(request, Err(format!("Could not start saving: {why}"))),
            ),
            Effect::SuggestSharePath(request, name) => {
                let bare = PathBuf::from(&name);
                self.errand(
                    "name",
                    move |out| out.send(Event::SharePathFound(request, free_share_path(&name))),
                    |_| Event::SharePathFound(request, bare),
                );
            }
            Effect::PickFile(request, purpose, suggested) => self.errand(
                "file-dialog",
                move |out| out.send(pick_file(request, purpose, suggested.as_deref())),
                |_| Event::Picked {
                    request,
                    path: None,
                    failed: true,
                },
            ),
            Effect::WatchPreview(path) => self.watch_preview(path),
            Effect::CheckWorkbook(request, path) => self.errand(
                "check",
                move |out| out.send(Event::WorkbookChecked(request, check_workbook(&path))),
                |why| {
                    Event::WorkbookChecked(
                        request,
                        Err(format!("The file could not be read: {why}")),
                    )
                },
            ),
            Effect::CloseWindow { .. } => {}
            data_effect => self.to_data_thread(Job::Run(data_effect)),
        }
    }

    /// Drops writes that are waiting or failing, as the person chose when closing.
    pub fn discard_unsaved(&self) {
        self.to_data_thread(Job::Discard);
    }

    /// The events that have arrived, in order.
    pub fn events(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }

    /// Waits up to `timeout` for the next event.
    pub fn wait_event(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    fn to_data_thread(&self, job: Job) {
        let Some(jobs) = &self.jobs else { return };
        // The data thread ends only when this worker drops, or if it failed: then every
        // request is answered at once as failed, so nothing waits for it forever (closing the
        // window among them).
        if let Err(mpsc::SendError(Job::Run(effect))) = jobs.send(job)
            && let Some(event) = refused(effect)
        {
            self.outbox.send(event);
        }
    }

    /// Runs `work` on a short thread of its own; if no thread can start, answers at once with
    /// `failed`, given what the system said.
    fn errand(
        &self,
        name: &str,
        work: impl FnOnce(&Outbox) + Send + 'static,
        failed: impl FnOnce(std::io::Error) -> Event,
    ) {
        let out = self.outbox.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("trustwork-{name}"))
            .spawn(move || work(&out));
        if let Err(why) = spawned {
            self.outbox.send(failed(why));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.watch_preview(None);
        // Closing the channel ends the data thread, which writes what is waiting on its way out.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// The answer to a data-folder effect when the data thread is gone.
fn refused(effect: Effect) -> Option<Event> {
    let why = "trustwork stopped writing to the data folder; close it and open it again (your answers in this window are not saved yet)".to_owned();
    Some(match effect {
        Effect::Save {
            key, generation, ..
        } => Event::Saved(crate::store::SaveOutcome {
            key,
            generation,
            result: Err(why),
            at: chrono::Local::now(),
            conflict: None,
        }),
        Effect::Flush(request) => Event::Flushed {
            request,
            all_saved: false,
        },
        Effect::AddWorkbook(request, ..) => Event::WorkbookAdded(request, Err(why)),
        Effect::Trash(request, _) => Event::Trashed(request, Err(why)),
        Effect::Restore(request, _) => Event::Restored(request, Err(why)),
        Effect::Load(_) => Event::Loaded(Box::new(super::load::without_folder(
            "the data folder could not be opened: trustwork could not start its reader".to_owned(),
        ))),
        Effect::Unlock(request, _) => Event::Unlocked(request, Err(why)),
        Effect::Protect(request, _)
        | Effect::ChangePassphrase(request, _)
        | Effect::Unprotect(request) => Event::ProtectionChanged(request, Err(why)),
        Effect::MakeSharingKey(request, _) => Event::SharingKeyMade(request, Err(why)),
        _ => return None,
    })
}

/// The data thread: owns the folder, its lock and the saver.
fn data_thread(inbox: &Receiver<Job>, out: &Outbox, key: &KeySlot) {
    let mut data: Option<DataDir> = None;
    let mut saver: Option<Saver> = None;
    for job in inbox {
        let effect = match job {
            Job::Run(effect) => effect,
            Job::Discard => {
                if let Some(saver) = &saver {
                    saver.discard();
                }
                continue;
            }
        };
        match effect {
            Effect::Load(root) => match super::load::open(root) {
                Err(loaded) => out.send(Event::Loaded(loaded)),
                Ok(opened) if opened.is_locked() => {
                    out.send(Event::NeedsPassphrase(super::load::info(&opened)));
                    data = Some(opened);
                }
                Ok(opened) => {
                    data = Some(opened);
                    read_folder(&mut data, &mut saver, out, key);
                }
            },
            Effect::Unlock(request, how) => {
                let result = match &mut data {
                    Some(data) => match how {
                        Unlock::Passphrase(passphrase) => data.unlock(&passphrase),
                        Unlock::RecoveryKey {
                            key,
                            new_passphrase,
                        } => data
                            .unlock_with_recovery_key(&key)
                            .and_then(|()| data.change_passphrase(&new_passphrase)),
                    }
                    .map_err(|e| e.to_string()),
                    None => Err("there is no data folder to unlock".to_owned()),
                };
                let unlocked = result.is_ok();
                out.send(Event::Unlocked(request, result));
                if unlocked {
                    read_folder(&mut data, &mut saver, out, key);
                }
            }
            Effect::Lock => {
                key.set(None);
                if let Some(data) = &mut data {
                    data.lock();
                }
            }
            Effect::ListBackups => {
                let list = data.as_ref().map(DataDir::list_backups).unwrap_or_default();
                out.send(Event::Backups(list));
            }
            Effect::RestoreBackup(path) => {
                let result = match &data {
                    Some(opened) => {
                        // Everything typed is on disk first, so nothing waiting lands after.
                        if saver
                            .as_ref()
                            .is_some_and(|saver| !saver.flush(Duration::from_secs(10)))
                        {
                            Err("Some answers are not saved yet, so nothing was restored. Once the note about saving has gone, try again.".to_owned())
                        } else {
                            opened.restore_backup(&path).map_err(|e| e.to_string())
                        }
                    }
                    None => Err("there is no data folder".to_owned()),
                };
                let restored = result.is_ok();
                out.send(Event::BackupRestored(result));
                if restored {
                    read_folder(&mut data, &mut saver, out, key);
                }
            }
            Effect::ReloadEntry(id) => {
                let result = match &data {
                    Some(data) => {
                        let path = data.entry_path(&id);
                        let read = data.read_one(&id);
                        // From now on, saves compare against the file as it is now.
                        if let (Some(saver), Some(print)) =
                            (&saver, crate::store::Fingerprint::of(&path))
                        {
                            saver.know(vec![(path, print)]);
                        }
                        read.map(Box::new)
                    }
                    None => Err("there is no data folder".to_owned()),
                };
                out.send(Event::EntryReloaded(id, result));
            }
            Effect::MakeSharingKey(request, name) => {
                let result = match &data {
                    Some(data) => data.make_sharing_key(&name).map_err(|e| e.to_string()),
                    None => Err("there is no data folder to keep the key in".to_owned()),
                };
                out.send(Event::SharingKeyMade(
                    request,
                    result.map(|made| {
                        let info = made.info();
                        key.set(Some(made));
                        info
                    }),
                ));
            }
            Effect::Protect(request, passphrase) => {
                let result =
                    change_protection(data.as_mut(), saver.as_ref(), out, |data, progress| {
                        data.protect(&passphrase, progress).map(Some)
                    });
                out.send(Event::ProtectionChanged(request, result));
            }
            Effect::Unprotect(request) => {
                let result =
                    change_protection(data.as_mut(), saver.as_ref(), out, |data, progress| {
                        data.unprotect(progress).map(|_| None)
                    });
                out.send(Event::ProtectionChanged(request, result));
            }
            Effect::ChangePassphrase(request, passphrase) => {
                let result = match &data {
                    Some(data) => data
                        .change_passphrase(&passphrase)
                        .map(|()| None)
                        .map_err(|e| e.to_string()),
                    None => Err("there is no data folder".to_owned()),
                };
                out.send(Event::ProtectionChanged(request, result));
            }
            Effect::Save {
                key,
                bytes,
                generation,
            } => {
                if let (Some(data), Some(saver)) = (&data, &saver) {
                    let path = match &key {
                        SaveKey::Entry(id) => data.entry_path(id),
                        SaveKey::Settings => data.settings_path(),
                    };
                    match data.seal(&bytes) {
                        Ok(bytes) => saver.save(SaveJob {
                            key,
                            path,
                            bytes,
                            generation,
                        }),
                        Err(err) => out.send(Event::Saved(crate::store::SaveOutcome {
                            key,
                            generation,
                            result: Err(format!("Not saved: the answers could not be encrypted ({err}). They stay in this window.")),
                            at: chrono::Local::now(),
                            conflict: None,
                        })),
                    }
                }
            }
            Effect::Flush(request) => match &saver {
                Some(saver) => {
                    let out = out.clone();
                    saver.flush_then(move |all_saved| {
                        out.send(Event::Flushed { request, all_saved });
                    });
                }
                None => out.send(Event::Flushed {
                    request,
                    all_saved: true,
                }),
            },
            Effect::AddWorkbook(request, id, source) => {
                let result = match &data {
                    Some(data) => data.write_workbook(&id, &source).map_err(|e| e.to_string()),
                    None => Err("there is no data folder to add it to".to_owned()),
                };
                out.send(Event::WorkbookAdded(request, result));
            }
            Effect::Trash(request, id) => {
                let result = match &data {
                    // Never written (an empty draft): nothing on disk to keep in the trash.
                    Some(data) if !data.entry_path(&id).exists() => Ok(false),
                    Some(data) => data
                        .move_to_trash(&id)
                        .map(|()| true)
                        .map_err(|e| e.to_string()),
                    None => Err("there is no data folder".to_owned()),
                };
                out.send(Event::Trashed(request, result));
            }
            Effect::Restore(request, id) => {
                let result = match &data {
                    Some(data) => data.restore_from_trash(&id).map_err(|e| e.to_string()),
                    None => Err("there is no data folder".to_owned()),
                };
                out.send(Event::Restored(request, result));
            }
            // Files outside the data folder and the window are not the data thread's.
            Effect::OpenFile(..)
            | Effect::WriteFile(..)
            | Effect::WriteNewFile(..)
            | Effect::PickFile(..)
            | Effect::SuggestSharePath(..)
            | Effect::WatchPreview(_)
            | Effect::CheckWorkbook(..)
            | Effect::CloseWindow { .. } => {}
        }
    }
    // The saver writes what is waiting as it drops, then the folder's lock is released.
    drop(saver);
    drop(data);
}

/// Reads the open folder and sends it, starting the saver if this window is the writer.
fn read_folder(data: &mut Option<DataDir>, saver: &mut Option<Saver>, out: &Outbox, key: &KeySlot) {
    let Some(opened) = data else { return };
    let mut loaded = super::load::read(opened, &mut |read, total| {
        out.send(Event::LoadProgress { read, total });
    });
    let sharing = opened.sharing_key().map_err(|e| e.to_string());
    loaded.sharing = sharing
        .as_ref()
        .map(|made| made.as_ref().map(SharingKey::info))
        .map_err(Clone::clone);
    key.set(sharing.ok().flatten());
    if saver.is_none() && opened.access() == crate::store::Access::ReadWrite {
        let saver_out = out.clone();
        *saver = Some(Saver::spawn(move |outcome| {
            saver_out.send(Event::Saved(outcome));
        }));
    }
    // What is on disk now, as this window read it: a later save notices another program's
    // change instead of overwriting it.
    if let Some(saver) = saver {
        saver.know(opened.entry_fingerprints());
    }
    let now = chrono::Local::now();
    let due = opened.backup_due(now.naive_local());
    loaded.backup_coming = due;
    out.send(Event::Loaded(Box::new(loaded)));
    // The day's backup, after the window has what it needs: it never holds the window up.
    if due {
        let made = opened.make_backup(now).map_err(|e| e.to_string());
        out.send(Event::BackupMade(made));
    }
}

/// Turns protection on or off: first writes everything waiting (a save still queued in the old
/// form must never land after the conversion), then converts, telling its progress.
fn change_protection(
    data: Option<&mut DataDir>,
    saver: Option<&Saver>,
    out: &Outbox,
    change: impl FnOnce(
        &mut DataDir,
        &mut dyn FnMut(usize, usize),
    ) -> Result<Option<crate::store::Secret>, crate::store::ProtectError>,
) -> Result<Option<crate::store::Secret>, String> {
    let Some(data) = data else {
        return Err("there is no data folder".to_owned());
    };
    if saver.is_some_and(|saver| !saver.flush(Duration::from_secs(10))) {
        return Err("Some answers are not saved yet, so nothing was changed. Once the note about saving has gone, try again.".to_owned());
    }
    let changed = change(data, &mut |done, total| {
        out.send(Event::Converting { done, total });
    })
    .map_err(|e| e.to_string());
    // Every file was rewritten by this window: that is what saves compare against now.
    if let Some(saver) = saver {
        saver.know(data.entry_fingerprints());
    }
    changed
}

/// Writes a shared file durably; the error says what to do.
fn write_shared(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    write_durable(path, bytes)
        .map(|()| path.to_owned())
        .map_err(|err| {
            format!(
                "Could not save {}: {}. Check that the folder exists and that you may write to it.",
                path.display(),
                crate::files::plain(&err)
            )
        })
}

/// A path in the person's documents folder (or home) for a shared file, numbered so a second
/// share on the same day gets its own name instead of replacing the first.
fn free_share_path(name: &str) -> PathBuf {
    let folder = directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_owned)
                .or_else(|| Some(u.home_dir().to_owned()))
        })
        .unwrap_or_default();
    let mut path = folder.join(name);
    let mut n = 2;
    while path.exists() {
        path = folder.join(name.replacen('.', &format!("-{n}."), 1));
        n += 1;
    }
    path
}

/// "Check a workbook file": what `trustwork validate` says, in the window.
fn check_workbook(path: &Path) -> Result<String, String> {
    use std::fmt::Write as _;
    let (workbook, _) = crate::workbook::load_workbook_file(path).map_err(|e| e.to_string())?;
    let estimate = crate::workbook::estimate(&workbook);
    let advice = crate::workbook::advice(&workbook);
    // With notes to look at first, the file is not called ready to send.
    let ready = advice.is_empty() && estimate.agrees_with(workbook.minutes);
    let state = if ready {
        "is ready to send"
    } else {
        "opens as it is"
    };
    let mut summary = format!(
        "\"{}\" {state}: {}, {}, about {} by the estimate.",
        workbook.title,
        crate::cli::count(workbook.sections.len(), "page"),
        crate::cli::count(workbook.prompts().count(), "question"),
        crate::cli::count(estimate.minutes() as usize, "minute"),
    );
    if !ready {
        summary.push_str(" Before you send it, look at these notes.");
    }
    if !estimate.agrees_with(workbook.minutes) {
        let _ = write!(
            summary,
            " It says {} minutes; change `minutes`, or split it (see the guide, section 11).",
            workbook.minutes
        );
    }
    for advice in advice {
        let mut chars = advice.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        let _ = write!(summary, " {}{}.", first.unwrap_or_default(), chars.as_str());
    }
    Ok(summary)
}

/// How often a previewed file is looked at: well within the second the preview promises.
const PREVIEW_POLL: Duration = Duration::from_millis(250);

/// Reads a previewed file now and whenever it changes, until told to stop. Looking at its size
/// and time is cheap; it is read only when they change (an editor saving, or replacing it).
fn watch_file(path: &Path, stop: &AtomicBool, out: &Outbox) {
    let mut seen: Option<Option<(u64, std::time::SystemTime)>> = None;
    while !stop.load(Ordering::Relaxed) {
        let now = std::fs::metadata(path)
            .ok()
            .map(|m| (m.len(), m.modified().unwrap_or(std::time::UNIX_EPOCH)));
        if seen != Some(now) {
            seen = Some(now);
            let result = crate::workbook::load_workbook_file(path)
                .map(|(workbook, _)| Box::new(workbook))
                .map_err(|e| e.to_string());
            if stop.load(Ordering::Relaxed) {
                return;
            }
            out.send(Event::PreviewRead(path.to_owned(), result));
        }
        std::thread::sleep(PREVIEW_POLL);
    }
}

/// Shows the desktop's file dialog and waits for it.
fn pick_file(request: RequestId, purpose: DialogPurpose, suggested: Option<&Path>) -> Event {
    let opened_at = Instant::now();
    let dialog = rfd::FileDialog::new();
    let path = match purpose {
        DialogPurpose::Open => dialog
            .add_filter("trustwork files", &["ron", "age"])
            .set_title("Open a workbook, answers or feedback file")
            .pick_file(),
        DialogPurpose::Preview => dialog
            .add_filter("workbook files", &["ron", "txt"])
            .set_title("Preview a workbook file")
            .pick_file(),
        DialogPurpose::Check => dialog
            .add_filter("workbook files", &["ron", "txt"])
            .set_title("Check a workbook file")
            .pick_file(),
        DialogPurpose::SaveTo => {
            let mut dialog = dialog.set_title("Save as");
            if let Some(path) = suggested {
                if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    dialog = dialog.set_directory(folder);
                }
                if let Some(name) = path.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
            }
            dialog.save_file()
        }
    };
    let failed = path.is_none() && opened_at.elapsed() < DIALOG_FAILED_WITHIN;
    Event::Picked {
        request,
        path,
        failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::EntryId;
    use crate::session::Loaded;
    use crate::workbook;

    fn worker() -> Worker {
        Worker::spawn(Arc::new(|| {}))
    }

    /// The next event, past the day's backup being made (these tests are about the rest).
    fn next(worker: &Worker) -> Event {
        loop {
            match worker
                .wait_event(Duration::from_secs(10))
                .expect("an event within 10 s")
            {
                Event::BackupMade(made) => assert!(made.is_ok(), "{made:?}"),
                other => return other,
            }
        }
    }

    /// Loads the folder and returns the `Loaded` event, skipping progress.
    fn loaded(worker: &Worker, root: &Path) -> Loaded {
        worker.run(Effect::Load(Some(root.to_owned())));
        loop {
            if let Event::Loaded(loaded) = next(worker) {
                return *loaded;
            }
        }
    }

    #[test]
    fn the_sharing_key_opens_files_sent_to_it_until_the_window_locks() {
        let dir = tempfile::tempdir().unwrap();
        let exchange = tempfile::tempdir().unwrap();
        let worker = worker();
        assert_eq!(loaded(&worker, dir.path()).sharing, Ok(None));
        worker.run(Effect::MakeSharingKey(RequestId(1), "Dr Rivera".into()));
        let Event::SharingKeyMade(RequestId(1), Ok(info)) = next(&worker) else {
            panic!("no key made")
        };
        assert_eq!(info.name, "Dr Rivera");
        // Read back at the next load.
        assert_eq!(loaded(&worker, dir.path()).sharing, Ok(Some(info.clone())));

        let feedback = crate::share::FeedbackFile {
            format: 1,
            written_at: chrono::Local::now(),
            reviewer: String::new(),
            workbook_id: "daily-check-in".into(),
            workbook_hash: String::new(),
            note: "kind words".into(),
            entries: Vec::new(),
        };
        let text = crate::share::to_ron(&feedback).unwrap();
        let sealed = crate::share::seal_for(&info.public_key, text.as_bytes()).unwrap();
        let path = exchange.path().join("f.feedback.age");
        std::fs::write(&path, sealed).unwrap();
        worker.run(Effect::OpenFile(RequestId(2), path.clone()));
        assert!(matches!(
            next(&worker),
            Event::FileOpened(RequestId(2), Ok(crate::share::Opened::Feedback(f))) if f.note == "kind words"
        ));
        worker.run(Effect::Lock);
        // The data thread works in order: once this flush is answered, the lock has happened.
        worker.run(Effect::Flush(RequestId(4)));
        assert!(matches!(next(&worker), Event::Flushed { .. }));
        worker.run(Effect::OpenFile(RequestId(3), path));
        let Event::FileOpened(RequestId(3), Err(why)) = next(&worker) else {
            panic!("opened after locking")
        };
        assert!(why.contains("no reviewer key"), "{why}");
    }

    #[test]
    fn loads_saves_flushes_and_trashes_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let worker = worker();
        let loaded = loaded(&worker, dir.path());
        assert!(loaded.folder.is_ok());
        assert!(
            loaded.bundled.len() >= 10,
            "the bundled workbooks are parsed"
        );

        let id = EntryId {
            workbook_id: "daily-check-in".into(),
            stem: "20261201T090000-1".into(),
        };
        let wb = workbook::bundled_workbook("daily-check-in").unwrap();
        let entry = crate::journal::Entry::new(&wb, chrono::Local::now());
        worker.run(Effect::Save {
            key: SaveKey::Entry(id.clone()),
            bytes: entry.to_ron().unwrap().into_bytes(),
            generation: 1,
        });
        let flush = RequestId(7);
        worker.run(Effect::Flush(flush));
        assert!(matches!(next(&worker), Event::Saved(o) if o.result.is_ok()));
        assert!(matches!(
            next(&worker),
            Event::Flushed { request, all_saved: true } if request == flush
        ));
        let path = dir
            .path()
            .join("entries/daily-check-in/20261201T090000-1.ron");
        assert!(path.exists());

        worker.run(Effect::Trash(RequestId(8), id.clone()));
        assert!(matches!(
            next(&worker),
            Event::Trashed(RequestId(8), Ok(true))
        ));
        assert!(!path.exists());
        worker.run(Effect::Restore(RequestId(9), id));
        assert!(matches!(
            next(&worker),
            Event::Restored(RequestId(9), Ok(()))
        ));
        assert!(path.exists());
    }

    #[test]
    fn a_second_worker_on_the_folder_is_read_only_and_a_folder_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = worker();
        let first_folder = loaded(&first, dir.path()).folder.unwrap();
        assert_eq!(first_folder.access, crate::store::Access::ReadWrite);
        let second = worker();
        let folder = loaded(&second, dir.path()).folder.unwrap();
        assert_eq!(folder.access, crate::store::Access::ReadOnly);

        second.run(Effect::OpenFile(RequestId(1), dir.path().to_owned()));
        match next(&second) {
            Event::FileOpened(RequestId(1), Err(message)) => {
                assert!(message.contains("folder or a device"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_data_thread_that_is_gone_answers_every_request_as_failed() {
        let flush = refused(Effect::Flush(RequestId(3)));
        assert!(matches!(
            flush,
            Some(Event::Flushed {
                request: RequestId(3),
                all_saved: false
            })
        ));
        let save = refused(Effect::Save {
            key: SaveKey::Settings,
            bytes: Vec::new(),
            generation: 4,
        });
        assert!(matches!(save, Some(Event::Saved(o)) if o.result.is_err() && o.generation == 4));
        assert!(matches!(
            refused(Effect::Load(None)),
            Some(Event::Loaded(loaded)) if loaded.folder.is_err() && !loaded.bundled.is_empty()
        ));
    }
}
