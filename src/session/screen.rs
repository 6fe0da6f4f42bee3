//! What is on screen, which page of a workbook, why help is open, and the notices above the
//! page.

use crate::journal::EntryId;
use crate::workbook::SafetyHelp;

/// What is on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The data folder is being read.
    Loading,
    /// The folder is protected: the passphrase opens it.
    Locked,
    /// Protection with a passphrase, and locking.
    Privacy,
    /// All workbooks.
    Library,
    /// One entry, to read: its day, its answers and the comments on them.
    Read {
        /// The entry.
        entry: EntryId,
        /// An answer (a prompt id) to show first and mark, as a search hit asks.
        at: Option<String>,
    },
    /// One entry being filled in.
    Runner {
        /// The entry.
        entry: EntryId,
        /// The page on screen.
        page: Page,
    },
    /// Choosing what to share or print.
    Share,
    /// Reading someone's answers file.
    Review,
    /// A therapist's key, for answers sent to them encrypted.
    ReviewerKey,
    /// Searching every answer.
    Search,
    /// The self-trust ledger: promises kept, and how sure against how it turned out.
    SelfTrust,
    /// A workbook file in a sandbox that saves nothing, read again when it changes.
    Preview,
    /// One workbook's past entries.
    History(String),
}

/// Which page of a workbook is on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The workbook's introduction.
    Intro,
    /// The section with this index in the workbook.
    Section(usize),
}

/// Why the help screen is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    /// The person pressed "Get help now".
    General,
    /// An answer asked for help (a safety flag).
    Flagged(SafetyHelp),
}

/// How a notice should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Good news or plain information.
    Info,
    /// Something needs attention; amber, with words.
    Warning,
}

/// A message at the top of the page until dismissed, or under a form's button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How it looks.
    pub kind: NoticeKind,
    /// The message; may have several lines.
    pub text: String,
    /// The screen it was first shown on. News ("Finished", "Added") goes once the person has
    /// moved on from that screen; warnings stay until dismissed.
    pub seen_on: Option<Screen>,
    /// Stays until dismissed, even though it is not a warning.
    pub lasting: bool,
}

impl Notice {
    /// Something needing attention: it stays until dismissed.
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Warning,
            text: text.into(),
            seen_on: None,
            lasting: true,
        }
    }

    /// News: it goes once the person moves on from the screen it was shown on.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            kind: NoticeKind::Info,
            text: text.into(),
            seen_on: None,
            lasting: false,
        }
    }

    /// Information that stays until dismissed.
    pub fn lasting(text: impl Into<String>) -> Self {
        Self {
            lasting: true,
            ..Self::info(text)
        }
    }
}
