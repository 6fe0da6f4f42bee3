//! Every egui screen and widget. Screens read state and return [`Command`]s; `app/` applies
//! them at the end of the frame, so no widget changes app state behind its back. The one
//! exception is answer editing: input widgets edit the open entry's answers in place (as egui's
//! text fields need) and report [`Command::AnswerChanged`] so the app saves.

mod calendar;
mod care;
mod charts;
mod compare;
mod feelings;
mod help;
mod history;
mod inputs;
mod library;
mod records;
mod review;
mod runner;
mod search;
mod share;
pub mod theme;
mod top_bar;
mod widgets;

use std::path::PathBuf;

pub use care::{ABOUT_NOTE, first_run_ui, grounding_ui};
pub use help::{HelpTopic, HelpView, help_ui};
pub use history::{HistoryForm, HistoryTab, HistoryView, history_ui};
pub use library::{ImportForm, LibraryView, WorkbookCard, library_ui};
pub use review::{ReviewForm, review_ui};
pub use runner::{Page, RunnerView, runner_ui};
pub use search::{SearchForm, SearchView, search_ui};
pub use share::{ShareForm, ShareView, entry_label, in_range, share_ui, swap_extension};
pub use top_bar::{SaveStatus, top_bar_ui};
pub use widgets::{
    Notice, NoticeKind, column, notice_ui, notices_ui, primary_button, secondary_button,
};

/// Something a screen asks the app to do.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Continue a workbook's draft, or start it.
    OpenWorkbook(String),
    /// Start a fresh entry of a workbook.
    StartNewEntry(String),
    /// Move the open entry to a page.
    GoTo(Page),
    /// Mark the open entry completed and go back to the library.
    Finish,
    /// Close the runner.
    BackToLibrary,
    /// An answer in this entry changed, on this page; save it. It names the entry so the save
    /// happens even if another command in the same frame leaves the runner first.
    AnswerChanged(crate::journal::EntryId, Page),
    /// Show or hide the help screen.
    ShowHelp(Option<HelpTopic>),
    /// Open a workbook, answers or feedback file, whichever it is.
    OpenFile(PathBuf),
    /// Open the system's file dialog to pick a file to open.
    PickImportFile,
    /// Open "Share or print" for a workbook, with one entry ticked or all of them.
    OpenShare(String, Option<crate::journal::EntryId>),
    /// Leave "Share or print".
    CloseShare,
    /// Write the share screen's file.
    SaveShare,
    /// Open the system's save dialog for the file being written.
    PickSavePath,
    /// Write the feedback file in review mode.
    SaveReview,
    /// Leave review mode.
    CloseReview,
    /// Show a workbook's past entries.
    OpenHistory(String),
    /// Open one entry in the runner.
    OpenEntry(crate::journal::EntryId),
    /// Open an entry at the section holding this prompt.
    OpenAnswer(crate::journal::EntryId, String),
    /// Move an entry to the trash (already confirmed).
    DeleteEntry(crate::journal::EntryId),
    /// Bring an entry back from the trash.
    RestoreEntry(crate::journal::EntryId),
    /// Show or hide charts.
    ShowCharts(bool),
    /// Open the search screen.
    OpenSearch,
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
}
