//! What a screen asks the session to do.

use std::path::PathBuf;

use super::{HelpTopic, Page};
use crate::journal::{EntryId, Value};

/// Something a screen asks for. Screens return these; the shell applies them at the end of
/// the frame, so no widget changes the session behind its back.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Continue a workbook's draft, or start it.
    OpenWorkbook(String),
    /// Start a fresh entry of a workbook.
    StartNewEntry(String),
    /// Open what a due follow-up names, by its key, with the answer it looks back on.
    OpenFollowUp(String),
    /// Show a follow-up again this many days from today.
    PostponeFollowUp(String, u64),
    /// Stop showing a follow-up.
    LetGoFollowUp(String),
    /// Move the open entry to a page.
    GoTo(Page),
    /// Mark the open entry completed and go back to the library.
    Finish,
    /// Close the runner.
    BackToLibrary,
    /// A new answer for a prompt of an entry, or `None` to clear it, given on a page. It names
    /// the entry so the change lands even if another command in the same frame leaves it.
    SetAnswer {
        /// The entry.
        entry: EntryId,
        /// The prompt answered.
        prompt: String,
        /// The new answer; `None` clears it.
        value: Option<Value>,
        /// The page it was given on, where the entry resumes.
        page: Page,
    },
    /// Unlock with what the lock screen's form holds.
    Unlock,
    /// Switch the lock screen to the recovery key (`true`) or back to the passphrase.
    UseRecoveryKey(bool),
    /// Lock now: drop the key and everything decrypted (Ctrl+L).
    Lock,
    /// Quick hide: show a neutral screen at once, and lock.
    Hide,
    /// Leave the neutral screen.
    Unhide,
    /// Open the privacy screen.
    OpenPrivacy,
    /// Turn protection on with the privacy screen's passphrase.
    Protect,
    /// Store the key under the privacy screen's new passphrase.
    ChangePassphrase,
    /// Turn protection off (asks once first).
    Unprotect,
    /// The recovery key has been kept: stop showing it.
    RecoveryKeySeen,
    /// Write the recovery key to the path on the privacy screen.
    SaveRecoveryKey,
    /// Ask the desktop where to save the recovery key.
    PickRecoveryKeyPath,
    /// Restore from this backup (asks first).
    RestoreBackup(PathBuf),
    /// The answer to "restore from this backup?".
    ConfirmRestore(bool),
    /// Lock after this many idle minutes; 0 never.
    SetAutoLock(u32),
    /// Remember the zoom, in percent.
    SetZoom(u32),
    /// Open the reviewer key screen.
    OpenReviewerKey,
    /// Make the reviewer key (or give it the name typed), on the reviewer key screen.
    MakeReviewerKey,
    /// Show or hide the help screen.
    ShowHelp(Option<HelpTopic>),
    /// Open a workbook, answers or feedback file, whichever it is.
    OpenFile(PathBuf),
    /// Open the system's file dialog to pick a file to open.
    PickImportFile,
    /// Open "Share or print" for a workbook, with one entry ticked or the newest.
    OpenShare(String, Option<EntryId>),
    /// Leave "Share or print".
    CloseShare,
    /// Write the share screen's file.
    SaveShare,
    /// Open the system's save dialog for the file being written.
    PickSavePath,
    /// Answer "a file is already there": replace it (`true`) or keep it (`false`).
    ReplaceFile(bool),
    /// Write the feedback file in review mode.
    SaveReview,
    /// Leave review mode; asks first when comments are not saved.
    CloseReview,
    /// Leave review mode and drop the comments not saved.
    DiscardReview,
    /// Show a workbook's past entries.
    OpenHistory(String),
    /// Open one entry to read.
    OpenEntry(EntryId),
    /// Open an entry to read, at this prompt's answer.
    OpenAnswer(EntryId, String),
    /// Read the entry a once-only workbook was done in.
    ReadLatest(String),
    /// Change the entry being read: in the runner at this prompt's section, or where it was left.
    EditEntry(EntryId, Option<String>),
    /// Leave the read view.
    CloseRead,
    /// Move an entry to the trash (already confirmed).
    DeleteEntry(EntryId),
    /// Bring an entry back from the trash.
    RestoreEntry(EntryId),
    /// Show or hide charts.
    ShowCharts(bool),
    /// Preview a workbook file: nothing typed is saved, and it reloads when the file changes.
    OpenPreview(PathBuf),
    /// Open the system's file dialog to choose a workbook file to preview.
    PickPreviewFile,
    /// What to do with a workbook whose id is already taken.
    ResolveClash(super::forms::ClashChoice),
    /// Check a workbook file and show every problem, adding nothing.
    CheckWorkbookFile(PathBuf),
    /// Open the system's file dialog to choose a workbook file to check.
    PickCheckFile,
    /// In the preview, show every hidden page and question too.
    PreviewShowHidden(bool),
    /// Start the preview's answers again.
    PreviewClear,
    /// Save the previewed workbook's outline, as a printable page, beside its file.
    SaveOutline,
    /// Write a template (by name) to a new file beside the previewed one (or in Documents),
    /// never over a file, then preview it.
    StartFromTemplate(String),
    /// Open the search screen.
    OpenSearch,
    /// Open the self-trust ledger.
    OpenSelfTrust,
    /// Hide a notice.
    DismissNotice(usize),
    /// Write everything now.
    SaveNow,
    /// The first-run note has been read.
    FirstRunDone,
    /// Remember the country for the help screen; `None` for a country not listed.
    SetCountry(Option<String>),
    /// Show or hide the grounding exercise.
    ShowGrounding(bool),
    /// Show or hide the suggested path in the library.
    ShowPath(bool),
    /// The window was asked to close.
    CloseRequested,
    /// What the person chose on the close guard.
    CloseGuard(CloseChoice),
}

/// The choices the close guard offers when answers could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseChoice {
    /// Try writing again, and close if it works.
    TryAgain,
    /// Keep the window open.
    KeepOpen,
    /// Close and lose what is not saved.
    CloseAnyway,
}
