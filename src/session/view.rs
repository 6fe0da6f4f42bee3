//! What the shell and the screens read: the screen, the entries, the status line, the safety
//! state, and the forms lent for one frame.

use super::{
    CloseGuard, Folder, HelpTopic, HistoryForm, ImportForm, Library, LookBack, Notice, ReviewForm,
    SaveStatus, Screen, SearchForm, Session, ShareForm, safety,
};
use crate::crisis::CrisisDirectory;
use crate::journal::{Entry, EntryId, FollowUpItem, Hit, Journal};
use crate::store::{Access, Settings};
use crate::workbook::Workbook;

/// What the screens read, with the forms they edit, lent together by [`Session::parts`].
pub struct Parts<'a> {
    /// Every workbook.
    pub library: &'a Library,
    /// Every entry.
    pub journal: &'a Journal,
    /// Entries in the trash.
    pub trash: &'a [(EntryId, Entry)],
    /// The person's settings.
    pub settings: &'a Settings,
    /// Whether answers can be changed and saved.
    pub editable: bool,
    /// Whether a file dialog is open.
    pub dialog_open: bool,
    /// The library's "Open a file" form.
    pub import: &'a mut ImportForm,
    /// "Share or print" and its preview, while open.
    pub share: Option<(&'a mut ShareForm, &'a str)>,
    /// Review mode, while open.
    pub review: Option<&'a mut ReviewForm>,
    /// The history screen, while open.
    pub history: Option<&'a mut HistoryForm>,
    /// The search form, its hits, and how long the search took in milliseconds.
    pub search: (&'a mut SearchForm, &'a [Hit], f64),
    /// Where the read view goes back to.
    pub read_return: Option<&'a Screen>,
    /// The answer a follow-up brought back, when the entry it opened is on screen.
    pub look_back: Option<&'a LookBack>,
    /// Follow-ups due today, for the library.
    pub due_follow_ups: Vec<FollowUpItem>,
    /// The preview, while one is open.
    pub preview: Option<&'a super::Preview>,
}

impl Session {
    /// What is on screen.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Whether the data folder has been read.
    pub fn is_loaded(&self) -> bool {
        matches!(self.folder, Folder::Open(_) | Folder::Missing)
    }

    /// Entries read so far, and found, while the data folder is read.
    pub fn load_progress(&self) -> (usize, usize) {
        self.load_progress
    }

    /// Whether requests are waiting for an answer (the load, a file, a flush).
    pub fn is_busy(&self) -> bool {
        !self.pending.is_empty() || !self.reloading.is_empty()
    }

    /// Every entry.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Every workbook.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The workbook with this id, bundled or imported.
    pub fn workbook(&self, id: &str) -> Option<&Workbook> {
        self.library.get(id)
    }

    /// Entries in the trash.
    pub fn trash(&self) -> &[(EntryId, Entry)] {
        &self.trash
    }

    /// Why the help screen is open, if it is.
    pub fn help_topic(&self) -> Option<HelpTopic> {
        self.safety.help
    }

    /// Crisis and support contacts.
    pub fn directory(&self) -> &CrisisDirectory {
        &self.safety.directory
    }

    /// The country for the help screen: chosen, or guessed from the system.
    pub fn country(&self) -> Option<&str> {
        match self.settings.country.as_deref() {
            Some("") => None,
            Some(code) => Some(code),
            None => self.safety.guessed_country.as_deref(),
        }
    }

    /// The person's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether the first-run note should show.
    pub fn first_run_pending(&self) -> bool {
        self.is_loaded() && !self.settings.first_run_done
    }

    /// Whether the grounding exercise is open.
    pub fn grounding_open(&self) -> bool {
        self.grounding_open
    }

    /// Notices on screen.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Called as a frame is drawn: news already seen on another screen goes (the person has
    /// moved on), and what is new is marked as seen here.
    pub fn notices_shown(&mut self) {
        let screen = self.screen.clone();
        self.notices
            .retain(|n| n.lasting || n.seen_on.as_ref().is_none_or(|s| *s == screen));
        for notice in &mut self.notices {
            if notice.seen_on.is_none() {
                notice.seen_on = Some(screen.clone());
            }
        }
    }

    /// Whether a file dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Whether answers can be changed and saved.
    pub fn editable(&self) -> bool {
        matches!(&self.folder, Folder::Open(info) if info.access == Access::ReadWrite)
    }

    /// What the save indicator says.
    pub fn save_status(&self) -> SaveStatus {
        match &self.folder {
            Folder::Opening | Folder::Locked(_) => SaveStatus::Idle,
            Folder::Missing => SaveStatus::NoFolder,
            Folder::Open(info) if info.access == Access::ReadOnly => SaveStatus::ReadOnly,
            Folder::Open(_) => self.saving.status(),
        }
    }

    /// The title of the workbook where fear of a partner was last reported, if it was.
    pub fn fear_reported_in(&self) -> Option<String> {
        safety::fear_reported_in(&self.library, &self.journal)
    }

    /// The share form, while "Share or print" is open.
    pub fn share(&self) -> Option<&ShareForm> {
        self.share.as_ref()
    }

    /// The review form, while review mode is open.
    pub fn review(&self) -> Option<&ReviewForm> {
        self.review.as_ref()
    }

    /// The library's "Open a file" form.
    pub fn import(&self) -> &ImportForm {
        &self.import
    }

    /// Everything the screens read, with the forms they edit, lent together.
    pub fn parts(&mut self) -> Parts<'_> {
        let editable = self.editable();
        let dialog_open = self.dialog_open();
        let (hits, took_ms) = self
            .search_results
            .as_ref()
            .map_or((&[][..], 0.0), |(_, h, t)| (&h[..], *t));
        let preview = self.share_preview.as_ref().map_or("", |(_, t)| t.as_str());
        let due_follow_ups = if matches!(self.screen, Screen::Library) {
            self.due_follow_ups()
        } else {
            Vec::new()
        };
        let look_back = match &self.screen {
            Screen::Runner { entry, .. } => {
                self.look_back.as_ref().filter(|l| &l.shown_in == entry)
            }
            _ => None,
        };
        Parts {
            library: &self.library,
            journal: &self.journal,
            trash: &self.trash,
            settings: &self.settings,
            editable,
            dialog_open,
            import: &mut self.import,
            share: self.share.as_mut().map(|form| (form, preview)),
            review: self.review.as_mut(),
            history: self.history.as_mut(),
            search: (&mut self.search, hits, took_ms),
            read_return: self.read_return.as_ref(),
            look_back,
            due_follow_ups,
            preview: self.preview.as_ref(),
        }
    }

    /// Where the close guard stands.
    pub fn close_guard(&self) -> &CloseGuard {
        &self.close
    }

    /// Whether the window may close now: everything is saved, or the person chose to close.
    pub fn may_close(&self) -> bool {
        self.close == CloseGuard::Closing
    }
}
