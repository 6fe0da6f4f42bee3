//! What the session asks the world to do ([`Effect`]) and what comes back ([`Event`]).
//!
//! Every effect that is answered carries a [`RequestId`]; its event carries the same id, so the
//! session can hand the result to whoever asked, or drop it when that form has closed.

use std::path::PathBuf;

use crate::journal::{Entry, EntryId};
use crate::share::Opened;
use crate::store::{
    Access, BackupInfo, LoadReport, Quarantined, Restored, SaveKey, SaveOutcome, Secret, Settings,
    SharingInfo,
};
use crate::workbook::Workbook;

/// Names one request, so its answer finds its way back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub(crate) u64);

/// Names one opening of a form (a share or review screen), so a late answer for a form that
/// has closed is never applied to the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormId(pub(crate) u64);

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Choosing a file to open.
    Open,
    /// Choosing a workbook file to preview.
    Preview,
    /// Choosing a workbook file to check.
    Check,
    /// Choosing where to save.
    SaveTo,
}

/// Work the session cannot do itself: it touches the disk, the desktop or the window.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Open the data folder (the platform's usual one when `None`) and read everything in it.
    /// Answered by [`Event::Loaded`], after [`Event::LoadProgress`] while it reads.
    Load(Option<PathBuf>),
    /// Write an entry or the settings; changes are gathered briefly, so a burst of keystrokes
    /// is one write. Answered by [`Event::Saved`].
    Save {
        /// What is saved.
        key: SaveKey,
        /// The whole new file.
        bytes: Vec<u8>,
        /// Rises with every change, so the newest version can be told from older ones.
        generation: u64,
    },
    /// Write everything waiting now. Answered by [`Event::Flushed`].
    Flush(RequestId),
    /// Read a file someone chose to open. Answered by [`Event::FileOpened`].
    OpenFile(RequestId, PathBuf),
    /// Copy a workbook's text into the data folder under its id. Answered by
    /// [`Event::WorkbookAdded`].
    AddWorkbook(RequestId, String, String),
    /// Write a shared file (answers, feedback, an export) durably, replacing one already there.
    /// Answered by [`Event::Written`].
    WriteFile(RequestId, PathBuf, Vec<u8>),
    /// Like [`Effect::WriteFile`], but a file already at the path is left alone and the answer
    /// is [`Event::WouldReplace`], so the person can be asked first.
    WriteNewFile(RequestId, PathBuf, Vec<u8>),
    /// Move an entry's file to the trash. Answered by [`Event::Trashed`].
    Trash(RequestId, EntryId),
    /// Move an entry's file back from the trash. Answered by [`Event::Restored`].
    Restore(RequestId, EntryId),
    /// Ask the desktop for a file, starting from a suggestion. Answered by [`Event::Picked`].
    PickFile(RequestId, DialogPurpose, Option<PathBuf>),
    /// Find a free path for a shared file with this name in the person's documents folder.
    /// Answered by [`Event::SharePathFound`].
    SuggestSharePath(RequestId, String),
    /// Derive the key and unlock the folder, then read it as [`Effect::Load`] does. Answered by
    /// [`Event::Unlocked`], then (when it worked) [`Event::LoadProgress`] and [`Event::Loaded`].
    Unlock(RequestId, Unlock),
    /// Forget the key; writing goes on, encrypted.
    Lock,
    /// Turn protection on with this passphrase, converting every file. Answered by
    /// [`Event::Converting`] while it works, then [`Event::ProtectionChanged`] with the recovery
    /// key.
    Protect(RequestId, Secret),
    /// Store the key under a new passphrase. Answered by [`Event::ProtectionChanged`].
    ChangePassphrase(RequestId, Secret),
    /// Turn protection off, converting every file. Answered like [`Effect::Protect`].
    Unprotect(RequestId),
    /// List the backups. Answered by [`Event::Backups`].
    ListBackups,
    /// Write everything waiting, then put back what this backup holds without replacing
    /// anything, then read the folder again. Answered by [`Event::BackupRestored`], then
    /// [`Event::Loaded`].
    RestoreBackup(PathBuf),
    /// Read one entry's file again: another program changed it while it was open. Answered by
    /// [`Event::EntryReloaded`].
    ReloadEntry(EntryId),
    /// Watch a workbook file for the preview, replacing any file watched before, and read it
    /// now and whenever it changes; `None` stops watching. Answered by [`Event::PreviewRead`].
    WatchPreview(Option<PathBuf>),
    /// Read and check a workbook file without adding it. Answered by [`Event::WorkbookChecked`].
    CheckWorkbook(RequestId, PathBuf),
    /// Make this folder's sharing key if it has none (keeping this name with it, when not
    /// empty). Answered by [`Event::SharingKeyMade`].
    MakeSharingKey(RequestId, String),
    /// Close the window: everything is saved, or the person chose to lose what is not.
    CloseWindow {
        /// Give up on writes still failing instead of trying them once more on the way out.
        discard_unsaved: bool,
    },
}

/// How to unlock.
#[derive(Clone, Debug, PartialEq)]
pub enum Unlock {
    /// With the passphrase.
    Passphrase(Secret),
    /// With the recovery key, then store the key under a new passphrase.
    RecoveryKey {
        /// The recovery key.
        key: Secret,
        /// The passphrase from now on.
        new_passphrase: Secret,
    },
}

/// What the data folder held, read off the UI thread.
#[derive(Debug)]
pub struct Loaded {
    /// The bundled workbooks that parse, with their text.
    pub bundled: Vec<(Workbook, &'static str)>,
    /// Problems in bundled workbooks, one message each.
    pub bundled_problems: Vec<String>,
    /// The folder, or why it could not be opened.
    pub folder: Result<FolderInfo, String>,
    /// The settings (the defaults when there is no folder or no file).
    pub settings: Settings,
    /// A settings file that could not be read and was set aside.
    pub settings_damaged: Option<Quarantined>,
    /// The settings file was written by a newer trustwork, in this format: it is left
    /// untouched and not saved over.
    pub settings_newer: Option<u32>,
    /// Entries, imported workbooks, and what could not be read.
    pub report: LoadReport,
    /// Entries in the trash.
    pub trash: Vec<(EntryId, Entry)>,
    /// A conversion (protection on or off) that could not be finished, in words.
    pub protection_problem: Option<String>,
    /// The folder's sharing key (its public half), or why it cannot be read.
    pub sharing: Result<Option<SharingInfo>, String>,
    /// The day's backup is being made now; [`Event::BackupMade`] follows.
    pub backup_coming: bool,
}

/// An opened data folder, as the session needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderInfo {
    /// Where it is.
    pub root: PathBuf,
    /// Whether this window may write.
    pub access: Access,
    /// Whether the folder is protected with a passphrase.
    pub protected: bool,
}

/// The answer to an effect.
#[derive(Debug)]
pub enum Event {
    /// Reading the data folder: entries read so far, of how many.
    LoadProgress {
        /// Entries read.
        read: usize,
        /// Entries found.
        total: usize,
    },
    /// The data folder has been read.
    Loaded(Box<Loaded>),
    /// The folder is protected: nothing is read until [`Effect::Unlock`].
    NeedsPassphrase(FolderInfo),
    /// The key was derived and the folder is being read, or why it could not be unlocked (a
    /// calm sentence; no file changed).
    Unlocked(RequestId, Result<(), String>),
    /// Turning protection on or off: files converted, of how many.
    Converting {
        /// Files done.
        done: usize,
        /// Files in all.
        total: usize,
    },
    /// Protection was turned on (with the recovery key, to show once), changed or turned off,
    /// or why not.
    ProtectionChanged(RequestId, Result<Option<Secret>, String>),
    /// A save reached the disk, or failed.
    Saved(SaveOutcome),
    /// Everything waiting was written (`all_saved`), or some writes still fail.
    Flushed {
        /// The flush.
        request: RequestId,
        /// Nothing is left unsaved.
        all_saved: bool,
    },
    /// A file someone opened, read and recognised, or why not (a sentence for the person).
    FileOpened(RequestId, Result<Opened, String>),
    /// A workbook was copied into the data folder; `true` when it replaced one with its id.
    WorkbookAdded(RequestId, Result<bool, String>),
    /// A shared file was written to this path, or why not.
    Written(RequestId, Result<PathBuf, String>),
    /// Nothing was written: a file is already at this path.
    WouldReplace(RequestId, PathBuf),
    /// An entry was moved to the trash (`true`), or had never been written (`false`).
    Trashed(RequestId, Result<bool, String>),
    /// An entry came back from the trash.
    Restored(RequestId, Result<(), String>),
    /// The file dialog closed with this path, or none; `failed` when no dialog could open.
    Picked {
        /// The dialog.
        request: RequestId,
        /// What was chosen.
        path: Option<PathBuf>,
        /// No dialog appeared on this desktop.
        failed: bool,
    },
    /// A free path for a shared file.
    SharePathFound(RequestId, PathBuf),
    /// The folder's sharing key is ready (its public half), or why not.
    SharingKeyMade(RequestId, Result<SharingInfo, String>),
    /// The backups there are, newest first.
    Backups(Vec<BackupInfo>),
    /// The day's backup was written when the folder opened, or why not.
    BackupMade(Result<BackupInfo, String>),
    /// What restoring a backup did, or why nothing was.
    BackupRestored(Result<Restored, String>),
    /// An entry's file as another program left it, read again, or why it could not be.
    EntryReloaded(EntryId, Result<Box<Entry>, String>),
    /// The previewed file, read: the workbook, or its problems one a line.
    PreviewRead(PathBuf, Result<Box<crate::workbook::Workbook>, String>),
    /// A workbook file checked: what it holds, or every problem found, one a line.
    WorkbookChecked(RequestId, Result<String, String>),
}
