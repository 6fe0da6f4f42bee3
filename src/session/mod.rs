//! The running app without egui: what is on screen, every entry, the safety state, each
//! screen's model and what is being saved.
//!
//! [`Session::apply`] takes a [`Command`] from a screen and returns the [`Effect`]s it needs
//! (load the data folder, save, read or write a file, move to the trash, pick a file);
//! [`Session::handle`] takes the [`Event`] that answers an effect. An answer carries the id of
//! its request and goes to whoever asked; an answer for a form that has since closed is
//! dropped, never given to another one.
//!
//! Never touches the disk or the desktop, never waits, and never imports the GUI crates: the
//! shell in `app/` runs the effects on a worker and draws the screens.

mod backups;
mod close;
mod command;
mod effect;
mod files;
mod follow_ups;
mod forms;
mod history;
mod library;
mod load;
mod preview;
mod protection;
mod reviewer;
mod runner;
mod safety;
mod saving;
mod screen;
mod share;
#[cfg(test)]
mod tests;
mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub use close::CloseGuard;
pub use command::{CloseChoice, Command};
pub use effect::{DialogPurpose, Effect, Event, FolderInfo, FormId, Loaded, RequestId, Unlock};
pub use follow_ups::LookBack;
pub use forms::{
    BackupsForm, Clash, ClashChoice, CompareForm, HistoryForm, HistoryTab, ImportForm, ReviewForm,
    ReviewerKeyForm, SearchForm, ShareForm, swap_extension,
};
pub use library::{Library, WorkbookCard};
pub use preview::Preview;
pub use protection::{AUTO_LOCK_CHOICES, LockForm, PrivacyForm};
pub use saving::SaveStatus;
pub use screen::{HelpTopic, Notice, NoticeKind, Page, Screen};
pub use view::Parts;

use saving::Saving;

use crate::journal::{Entry, EntryId, Hit, Journal};
use crate::store::{SaveKey, Settings, SharingInfo};
use crate::workbook::Workbook;

/// The smallest zoom remembered, in percent.
pub const MIN_ZOOM_PERCENT: u32 = 50;

/// The largest zoom remembered, in percent.
pub const MAX_ZOOM_PERCENT: u32 = 300;

/// The data folder as the session knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Folder {
    /// Not read yet.
    Opening,
    /// Open, for reading and writing or for reading only.
    Open(FolderInfo),
    /// Protected with a passphrase and not unlocked: nothing in it has been read.
    Locked(FolderInfo),
    /// It could not be opened: nothing is saved.
    Missing,
}

/// Who asked for a request, so that its answer reaches them and no one else.
#[derive(Debug)]
enum Asker {
    /// The first read of the data folder.
    Load,
    /// Ctrl+S.
    SaveNow,
    /// A file to open, from the library's form, a dialog or a drop.
    OpenFile,
    /// Copying this workbook (and its text) into the data folder.
    AddWorkbook(Box<Workbook>, String),
    /// Writing an entry's last changes before it moves to the trash.
    SaveBeforeTrash(EntryId),
    /// Moving an entry to the trash.
    Trash(EntryId),
    /// Bringing an entry back from the trash.
    Restore(EntryId),
    /// Writing everything before the window closes.
    Close,
    /// Writing the file of this share or review form.
    Write(FormId),
    /// A free path for this share form.
    SharePath(FormId),
    /// The file dialog of "Open a file".
    PickOpen,
    /// The file dialog, to choose a workbook file to preview.
    PickPreview,
    /// The file dialog, to choose a workbook file to check.
    PickCheck,
    /// Writing the preview's outline; the number is which free name this is.
    WriteOutline(u32),
    /// Writing a template to start from, by name, into a folder, as its nth free name; opened
    /// in the preview once written.
    WriteTemplate(String, PathBuf, u32),
    /// A free path in Documents for a template to start from, by name.
    TemplatePath(String),
    /// "Check a workbook file".
    CheckWorkbook,
    /// The save dialog of this share or review form.
    PickSaveTo(FormId),
    /// Unlocking with the lock screen's passphrase or recovery key.
    Unlock,
    /// Turning protection on.
    Protect,
    /// Turning protection off.
    Unprotect,
    /// Storing the identity under a new passphrase.
    ChangePassphrase,
    /// Writing the recovery key to a file.
    WriteRecoveryKey,
    /// The save dialog for the recovery key.
    PickRecoveryPath,
    /// Making the sharing key: for the reviewer key screen, or for this share form.
    MakeSharingKey(Option<FormId>),
    /// The day's backup, made as the folder opened.
    Backup,
    /// Restoring a backup, then reading the folder again.
    RestoreBackup,
}

/// The running app: everything but the pixels and the disk.
pub struct Session {
    /// The data folder: being opened, open (and how), or missing.
    folder: Folder,
    /// Entries read so far and found, while the folder is read.
    load_progress: (usize, usize),
    /// Every workbook, with its text.
    library: Library,
    /// Every entry read from disk or made since.
    journal: Journal,
    /// Entries in the trash.
    trash: Vec<(EntryId, Entry)>,
    /// Entries on their way to the trash: never saved again meanwhile.
    trashing: BTreeSet<EntryId>,
    /// What the person chose: first-run note read, country, library options.
    settings: Settings,
    /// Contacts, the country, the help screen and the flags already raised.
    safety: safety::Safety,
    /// What is on screen.
    screen: Screen,
    /// The screen to go back to when "Share or print" closes.
    return_screen: Option<Screen>,
    /// The screen to go back to when the read view closes.
    read_return: Option<Screen>,
    /// The library's "Open a file" form.
    import: ImportForm,
    /// "Share or print", while open.
    share: Option<ShareForm>,
    /// The share preview, with a hash of the form it was built from.
    share_preview: Option<(u64, String)>,
    /// Review mode, while open.
    review: Option<ReviewForm>,
    /// The history screen's view state.
    history: Option<HistoryForm>,
    /// The search form.
    search: SearchForm,
    /// The last search: what was asked, the hits, and how long it took in milliseconds.
    search_results: Option<(SearchForm, Vec<Hit>, f64)>,
    /// Messages above the page until dismissed.
    notices: Vec<Notice>,
    /// What was sent to the disk and what came back.
    saving: Saving,
    /// The grounding exercise is open.
    grounding_open: bool,
    /// The answer a follow-up brought back, above the entry it opened.
    look_back: Option<LookBack>,
    /// Entries another program changed, being read again.
    reloading: BTreeSet<EntryId>,
    /// A workbook file being previewed.
    preview: Option<Preview>,
    /// A file to preview once the data folder is read.
    pending_preview: Option<PathBuf>,
    /// Closing the window: saving first, or asking what to do.
    close: CloseGuard,
    /// The file dialog, while open.
    dialog: Option<RequestId>,
    /// Requests sent and not answered yet, with who asked.
    pending: BTreeMap<RequestId, Asker>,
    /// The last id handed out to a request or a form.
    last_id: u64,
    /// The lock screen's form.
    lock_form: LockForm,
    /// The privacy screen's form.
    privacy: PrivacyForm,
    /// Quick hide is on: a neutral screen shows.
    hidden: bool,
    /// Rises every time the window locks or hides.
    privacy_epoch: u64,
    /// This folder's sharing key (its public half), once made.
    sharing: Option<SharingInfo>,
    /// The reviewer key screen's form.
    reviewer: ReviewerKeyForm,
    /// The settings file is a newer trustwork's: it is never saved over.
    settings_frozen: bool,
    /// The backups part of the privacy screen.
    backups: BackupsForm,
}

impl Session {
    /// A session that is about to read the data folder (the platform's usual one unless
    /// `root` is given), with the effect that reads it. Reads nothing itself: the first frame
    /// can paint at once.
    pub fn new(root: Option<PathBuf>) -> (Self, Vec<Effect>) {
        let mut session = Self {
            folder: Folder::Opening,
            load_progress: (0, 0),
            library: Library::default(),
            journal: Journal::default(),
            trash: Vec::new(),
            trashing: BTreeSet::new(),
            settings: Settings::default(),
            safety: safety::Safety::new(),
            screen: Screen::Loading,
            return_screen: None,
            read_return: None,
            import: ImportForm::default(),
            share: None,
            share_preview: None,
            review: None,
            history: None,
            search: SearchForm::default(),
            search_results: None,
            notices: Vec::new(),
            saving: Saving::default(),
            grounding_open: false,
            look_back: None,
            reloading: BTreeSet::new(),
            preview: None,
            pending_preview: None,
            close: CloseGuard::Open,
            dialog: None,
            pending: BTreeMap::new(),
            last_id: 0,
            lock_form: LockForm::default(),
            privacy: PrivacyForm::default(),
            hidden: false,
            privacy_epoch: 0,
            sharing: None,
            reviewer: ReviewerKeyForm::default(),
            settings_frozen: false,
            backups: BackupsForm::default(),
        };
        // `Loaded` answers the load; its request marks it pending, so `is_busy` covers it.
        session.request(Asker::Load);
        (session, vec![Effect::Load(root)])
    }

    /// A fresh id for a request, remembered with who asked.
    fn request(&mut self, asker: Asker) -> RequestId {
        self.last_id += 1;
        let id = RequestId(self.last_id);
        self.pending.insert(id, asker);
        id
    }

    /// A fresh id for a form.
    fn form_id(&mut self) -> FormId {
        self.last_id += 1;
        FormId(self.last_id)
    }

    /// Carries out a command, as if a screen had returned it, and returns what it needs done.
    pub fn apply(&mut self, command: Command) -> Vec<Effect> {
        let loaded = self.is_loaded();
        // In a preview, the runner's answers and moves go to the sandbox, never to the disk.
        if self.screen == Screen::Preview {
            match command {
                Command::SetAnswer {
                    entry,
                    prompt,
                    value,
                    page,
                } if entry == Preview::entry_id() => {
                    self.preview_answer(&prompt, value, page);
                    return Vec::new();
                }
                Command::GoTo(page) => {
                    self.preview_go_to(page);
                    return Vec::new();
                }
                Command::Finish => {
                    self.preview_finish();
                    return Vec::new();
                }
                Command::BackToLibrary => {
                    self.screen = Screen::Library;
                    return self.close_preview();
                }
                _ => {}
            }
        }
        match command {
            Command::OpenPreview(path) => return self.open_preview(path),
            Command::PickPreviewFile => return self.pick_file(DialogPurpose::Preview),
            Command::PreviewShowHidden(show) => self.preview_show_hidden(show),
            Command::CheckWorkbookFile(path) => return self.check_workbook(path),
            Command::ResolveClash(choice) => return self.resolve_clash(choice),
            Command::PickCheckFile => return self.pick_file(DialogPurpose::Check),
            Command::PreviewClear => self.preview_clear(),
            Command::SaveOutline => return self.write_outline(1),
            Command::StartFromTemplate(name) => {
                // Beside the previewed file, or a free name in Documents, which the worker
                // finds (reading the desktop's folders is disk work).
                let beside = self
                    .preview
                    .as_ref()
                    .and_then(|p| p.path.parent().map(std::path::Path::to_owned))
                    .filter(|f| !f.as_os_str().is_empty());
                if let Some(folder) = beside {
                    return self.write_template(&name, &folder, 1);
                }
                let file = format!("my-{name}.ron");
                let request = self.request(Asker::TemplatePath(name));
                return vec![Effect::SuggestSharePath(request, file)];
            }
            Command::ShowHelp(topic) => self.safety.help = topic,
            Command::ShowGrounding(open) => self.grounding_open = open,
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::CloseRequested => return self.close_requested(),
            Command::CloseGuard(choice) => return self.close_choice(choice),
            Command::Unlock => return self.unlock(),
            Command::UseRecoveryKey(on) => {
                self.lock_form.use_recovery = on;
                self.lock_form.message = None;
            }
            Command::Lock => return self.lock(),
            Command::Hide => return self.hide(),
            Command::Unhide => self.hidden = false,
            // Nothing else means anything until the folder has been read.
            _ if !loaded => {}
            Command::OpenWorkbook(id) => self.open_workbook(&id),
            Command::StartNewEntry(id) => self.start_new_entry(&id),
            Command::OpenFollowUp(key) => return self.open_follow_up(&key),
            Command::PostponeFollowUp(key, days) => return self.postpone_follow_up(&key, days),
            Command::LetGoFollowUp(key) => return self.let_go_follow_up(&key),
            Command::GoTo(page) => return self.go_to(page),
            Command::Finish => return self.finish(),
            Command::BackToLibrary => self.screen = Screen::Library,
            Command::SetAnswer {
                entry,
                prompt,
                value,
                page,
            } => return self.set_answer(&entry, &prompt, value, page),
            Command::OpenFile(path) => return self.open_file(path),
            Command::PickImportFile => return self.pick_file(DialogPurpose::Open),
            Command::PickSavePath => return self.pick_file(DialogPurpose::SaveTo),
            Command::ReplaceFile(replace) => return self.replace_file(replace),
            Command::OpenShare(workbook_id, entry) => return self.open_share(&workbook_id, entry),
            Command::CloseShare => {
                self.share = None;
                self.share_preview = None;
                self.screen = self.return_screen.take().unwrap_or(Screen::Library);
            }
            Command::SaveShare => return self.save_share(),
            Command::SaveReview => return self.save_review(),
            Command::CloseReview => self.close_review(false),
            Command::DiscardReview => self.close_review(true),
            Command::OpenHistory(id) => self.open_history(id),
            Command::OpenEntry(id) => self.read_entry(id, None),
            Command::OpenAnswer(id, prompt) => self.read_entry(id, Some(prompt)),
            Command::ReadLatest(workbook_id) => self.read_latest(&workbook_id),
            Command::EditEntry(id, at) => self.edit_entry(id, at.as_deref()),
            Command::CloseRead => self.close_read(),
            Command::DeleteEntry(id) => return self.delete_entry(id),
            Command::RestoreEntry(id) => return self.restore_entry(id),
            Command::OpenSearch => self.screen = Screen::Search,
            Command::OpenSelfTrust => self.screen = Screen::SelfTrust,
            Command::OpenPrivacy => {
                self.screen = Screen::Privacy;
                return vec![Effect::ListBackups];
            }
            Command::RestoreBackup(path) => self.backups.confirm = Some(path),
            Command::ConfirmRestore(yes) => return self.confirm_restore(yes),
            Command::OpenReviewerKey => self.open_reviewer_key(),
            Command::MakeReviewerKey => return self.make_reviewer_key(),
            Command::Protect => return self.protect(),
            Command::ChangePassphrase => return self.change_passphrase(),
            Command::Unprotect => return self.unprotect(),
            Command::RecoveryKeySeen => self.privacy.recovery_key = None,
            Command::SaveRecoveryKey => return self.save_recovery_key(),
            Command::PickRecoveryKeyPath => return self.pick_recovery_path(),
            Command::SetAutoLock(minutes) => {
                self.settings.auto_lock_minutes = minutes;
                return self.save_settings();
            }
            Command::SetZoom(percent) => {
                let percent = percent.clamp(MIN_ZOOM_PERCENT, MAX_ZOOM_PERCENT);
                if self.settings.zoom_percent != percent {
                    self.settings.zoom_percent = percent;
                    return self.save_settings();
                }
            }
            Command::SaveNow => {
                if self.editable() {
                    return vec![Effect::Flush(self.request(Asker::SaveNow))];
                }
            }
            Command::ShowCharts(show) => {
                self.settings.hide_charts = !show;
                return self.save_settings();
            }
            Command::FirstRunDone => {
                self.settings.first_run_done = true;
                return self.save_settings();
            }
            Command::SetCountry(code) => {
                // "Somewhere else" is remembered too, so the guess does not come back.
                self.settings.country = Some(code.unwrap_or_default());
                return self.save_settings();
            }
            Command::ShowPath(show) => {
                self.settings.hide_path = !show;
                return self.save_settings();
            }
        }
        Vec::new()
    }

    /// Takes in the answer to an effect and returns what it needs done next. An answer nobody
    /// is waiting for any more is dropped.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::LoadProgress { read, total } => {
                self.load_progress = (read, total);
                Vec::new()
            }
            Event::Loaded(loaded) => {
                self.pending
                    .retain(|_, asker| !matches!(asker, Asker::Load));
                self.lock_form = LockForm::default();
                self.loaded(*loaded);
                self.pending_preview()
            }
            Event::NeedsPassphrase(info) => {
                self.pending
                    .retain(|_, asker| !matches!(asker, Asker::Load));
                self.folder = Folder::Locked(info);
                self.screen = Screen::Locked;
                Vec::new()
            }
            Event::Unlocked(request, result) => {
                if let Some(Asker::Unlock) = self.pending.remove(&request) {
                    self.unlocked(result);
                }
                Vec::new()
            }
            Event::Converting { done, total } => {
                self.privacy.progress = (done, total);
                Vec::new()
            }
            Event::ProtectionChanged(request, result) => {
                if let Some(asker) = self.pending.remove(&request) {
                    self.protection_done(&asker, result);
                }
                Vec::new()
            }
            Event::Saved(outcome) => {
                let mut effects = Vec::new();
                if let (Some(copy), SaveKey::Entry(id)) = (&outcome.conflict, &outcome.key) {
                    effects.extend(self.saved_beside(id, copy));
                }
                self.saving.outcome(outcome);
                effects.extend(self.saved_while_closing());
                effects
            }
            Event::Backups(list) => {
                self.backups.list = list;
                Vec::new()
            }
            Event::BackupMade(result) => {
                self.pending
                    .retain(|_, asker| !matches!(asker, Asker::Backup));
                self.backup_made(result)
            }
            Event::BackupRestored(result) => {
                self.pending
                    .retain(|_, asker| !matches!(asker, Asker::RestoreBackup));
                if result.is_ok() {
                    // The folder is read again after a restore; `Loaded` follows.
                    self.request(Asker::Load);
                }
                self.backup_restored(result);
                vec![Effect::ListBackups]
            }
            Event::WorkbookChecked(request, result) => {
                if matches!(self.pending.remove(&request), Some(Asker::CheckWorkbook)) {
                    self.import.checked = Some(match result {
                        Ok(summary) => (true, summary),
                        Err(problems) => (false, problems),
                    });
                }
                Vec::new()
            }
            Event::PreviewRead(path, result) => {
                self.preview_read(&path, result);
                Vec::new()
            }
            Event::EntryReloaded(id, result) => {
                self.reloaded(id, result);
                Vec::new()
            }
            Event::Flushed { request, all_saved } => match self.pending.remove(&request) {
                Some(Asker::Close) => self.close_flushed(all_saved),
                Some(Asker::SaveBeforeTrash(id)) => self.trash_after_save(id, all_saved),
                _ => Vec::new(),
            },
            Event::FileOpened(request, result) => match self.pending.remove(&request) {
                Some(Asker::OpenFile) => self.file_opened(result),
                _ => Vec::new(),
            },
            Event::WorkbookAdded(request, result) => match self.pending.remove(&request) {
                Some(Asker::AddWorkbook(workbook, source)) => {
                    self.workbook_added(*workbook, source, result);
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Event::Written(request, result) => {
                match self.pending.remove(&request) {
                    Some(Asker::Write(form)) => self.written(form, request, &result),
                    Some(Asker::WriteOutline(_)) => self.notices.push(match result {
                        Ok(path) => Notice::info(format!(
                            "Saved the outline to {}. Open it in a web browser to print it, or send it to a colleague.",
                            path.display()
                        )),
                        Err(message) => Notice::warning(message),
                    }),
                    Some(Asker::WriteTemplate(..)) => match result {
                        Ok(path) => {
                            self.notices.push(Notice::info(format!(
                                "Wrote a starting workbook to {}. Open it in a text editor; this preview follows each save.",
                                path.display()
                            )));
                            return self.open_preview(path);
                        }
                        Err(message) => self.notices.push(Notice::warning(message)),
                    },
                    Some(Asker::WriteRecoveryKey) => {
                        self.privacy.busy = None;
                        self.privacy.message = Some(match result {
                            Ok(path) => Notice::info(format!(
                                "The recovery key is saved in {}. Move it off this computer (a stick or paper only you have), then delete it here.",
                                path.display()
                            )),
                            Err(message) => Notice::warning(message),
                        });
                    }
                    _ => {}
                }
                Vec::new()
            }
            Event::WouldReplace(request, path) => match self.pending.remove(&request) {
                // What is already there is kept: the next free name is tried instead.
                Some(Asker::Write(form)) => {
                    self.would_replace(form, request, path);
                    Vec::new()
                }
                // Never over a file already there: the next free name instead.
                Some(Asker::WriteOutline(n)) => self.write_outline(n + 1),
                Some(Asker::WriteTemplate(name, folder, n)) => {
                    self.write_template(&name, &folder, n + 1)
                }
                _ => Vec::new(),
            },
            Event::Trashed(request, result) => {
                if let Some(Asker::Trash(id)) = self.pending.remove(&request) {
                    self.trashed(id, result);
                }
                Vec::new()
            }
            Event::Restored(request, result) => {
                if let Some(Asker::Restore(id)) = self.pending.remove(&request) {
                    self.restored(&id, result);
                }
                Vec::new()
            }
            Event::Picked {
                request,
                path,
                failed,
            } => self.picked(request, path, failed),
            Event::SharingKeyMade(request, result) => {
                if let Some(Asker::MakeSharingKey(form)) = self.pending.remove(&request) {
                    self.sharing_key_made(form, result);
                }
                Vec::new()
            }
            Event::SharePathFound(request, path) => match self.pending.remove(&request) {
                Some(Asker::SharePath(form)) => {
                    if let Some(share) = self.share.as_mut().filter(|s| s.id == form)
                        && share.path_text.is_empty()
                    {
                        share.path_text = path.display().to_string();
                    }
                    Vec::new()
                }
                Some(Asker::TemplatePath(name)) => self.write_template_to(&name, path, 1),
                _ => Vec::new(),
            },
        }
    }

    /// Rebuilds what depends on the forms (the share preview, the search hits) if they changed
    /// since the last call. Returns true when something was rebuilt, so the screen repaints.
    pub fn refresh(&mut self) -> bool {
        let mut changed = false;
        if let Some(form) = &self.share {
            let key = share::share_key(form);
            if self.share_preview.as_ref().is_none_or(|(k, _)| *k != key) {
                let text = self.share_text(form).unwrap_or_else(|e| e);
                self.share_preview = Some((key, text));
                changed = true;
            }
        }
        if self.screen == Screen::Search {
            changed |= self.refresh_search();
        }
        changed
    }

    /// Sends the entry to be saved, unless it is on its way to the trash.
    fn save_entry(&mut self, id: &EntryId) -> Vec<Effect> {
        if !self.editable() || self.trashing.contains(id) {
            return Vec::new();
        }
        let Some(entry) = self.journal.entries.get(id) else {
            return Vec::new();
        };
        // Answers marked `not_saved` stay in this window only.
        let forget: Vec<&str> = self
            .library
            .get(&id.workbook_id)
            .map(|wb| {
                wb.prompts()
                    .filter(|(_, p)| p.not_saved)
                    .map(|(_, p)| p.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let text = if forget.iter().any(|p| entry.answers.contains_key(*p)) {
            let mut kept = entry.clone();
            kept.answers
                .retain(|prompt, _| !forget.contains(&prompt.as_str()));
            kept.to_ron()
        } else {
            entry.to_ron()
        };
        self.saving
            .queue(SaveKey::Entry(id.clone()), text)
            .into_iter()
            .collect()
    }

    /// Sends the settings to be saved.
    fn save_settings(&mut self) -> Vec<Effect> {
        if !self.editable() || self.settings_frozen {
            return Vec::new();
        }
        let text = self.settings.to_ron();
        self.saving
            .queue(SaveKey::Settings, text)
            .into_iter()
            .collect()
    }
}
