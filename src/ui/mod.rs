//! Every egui screen and widget. Screens read what the session lends them and return
//! [`Command`]s; the shell applies them at the end of the frame, so no widget changes the
//! session behind its back. Forms (the words typed into a share or review form, the ticks) are
//! edited in place; answers never are: an input edits a copy and the runner reports the new
//! value with [`Command::SetAnswer`].

mod backups;
mod calendar;
mod care;
mod charts;
mod close_guard;
mod compare;
mod feelings;
mod focus;
mod help;
mod history;
mod inputs;
mod ledger;
mod library;
mod loading;
mod lock;
mod paging;
mod preview;
mod privacy;
mod read;
mod records;
mod review;
mod reviewer_key;
mod runner;
mod search;
mod share;
pub mod theme;
mod top_bar;
mod widgets;

use crate::session::{Command, HelpTopic, Notice, NoticeKind, Page, SaveStatus};

pub use backups::backups_ui;
pub use care::{ABOUT_NOTE, first_run_ui, grounding_ui};
pub use close_guard::close_guard_ui;
pub use focus::{
    begin_frame, focus_opened, keep_focus_in_view, page_keys, paint_focus_ring, prefer,
};
pub use help::{HelpView, help_reason, help_ui};
pub use history::{HistoryView, history_ui};
pub use ledger::{LedgerView, ledger_ui};
pub use library::{LibraryView, library_ui};
pub use loading::loading_ui;
pub use lock::{hidden_ui, lock_ui};
pub use preview::{PREVIEW_WIDTH, preview_ui};
pub use privacy::{HIDE_SHORTCUT, LOCK_SHORTCUT, PrivacyView, privacy_ui};
pub use read::{ReadView, read_ui};
pub use review::review_ui;
pub use reviewer_key::{ReviewerKeyView, reviewer_key_ui};
pub use runner::{NEXT_SHORTCUT, RunnerView, runner_ui};
pub use search::{SearchView, search_ui};
pub use share::{ShareView, entry_label, share_ui};
pub use top_bar::{TopBar, top_bar_ui};
pub use widgets::{
    column, column_of, dialog, live_notice_ui, notice_ui, notices_ui, primary_button,
    secondary_button,
};
