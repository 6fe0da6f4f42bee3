//! The screens' models: what each form holds while it is open. Screens edit these fields in
//! place (the words typed, the boxes ticked) and ask for anything with consequences by command.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate};

use super::{FormId, Notice, RequestId};
use crate::journal::{Entry, EntryId, Range, parse_date};
use crate::share::{Chosen, Comments, ExportFormat, Review};

/// The "Open a file" form of the library; lives while the app runs.
#[derive(Debug, Default)]
pub struct ImportForm {
    /// The typed path.
    pub path_text: String,
    /// Why the last file could not be opened, shown until the next one opens.
    pub errors: Option<String>,
    /// The last "Check a workbook file": whether it is valid, and what was found.
    pub checked: Option<(bool, String)>,
    /// A workbook whose id is already taken, waiting for the person to choose.
    pub clash: Option<Clash>,
}

/// A workbook opened with the id of one already in the library: trustwork's own, or one from
/// another author. Nothing is replaced until the person chooses.
#[derive(Clone, Debug)]
pub struct Clash {
    /// The workbook opened.
    pub workbook: Box<crate::workbook::Workbook>,
    /// Its text.
    pub source: String,
    /// The title of the one already there.
    pub existing_title: String,
    /// Who assigned the one already there, if anyone.
    pub existing_by: Option<String>,
    /// The one already there is trustwork's own, which is never replaced.
    pub bundled: bool,
    /// The free id it would be kept under, beside the other.
    pub free_id: String,
}

/// What to do with a workbook whose id is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClashChoice {
    /// Add it under a free id, beside the other.
    KeepBoth,
    /// Replace the added one (never trustwork's own).
    Replace,
    /// Add nothing.
    Cancel,
}

/// The share form; lives while "Share or print" is open.
#[derive(Clone, Debug)]
pub struct ShareForm {
    /// This opening of the form.
    pub id: FormId,
    /// The workbook whose entries are shared.
    pub workbook_id: String,
    /// First day of the range, as typed; empty for no limit.
    pub from: String,
    /// Last day of the range, as typed; empty for no limit.
    pub to: String,
    /// Entries ticked.
    pub selected: BTreeSet<EntryId>,
    /// Answers ticked.
    pub chosen: Chosen,
    /// What to write.
    pub format: ExportFormat,
    /// Where to write it.
    pub path_text: String,
    /// The last save's result.
    pub status: Option<Notice>,
    /// The time written into the file, fixed when the screen opened so the preview is exact.
    pub prepared_at: DateTime<Local>,
    /// The file being written, while it is.
    pub writing: Option<RequestId>,
    /// Said after "Saved to …" once that file is written: who can read it.
    pub saved_note: String,
    /// A file is already where this would be saved: the person is asked before it is replaced.
    pub asking_replace: Option<PathBuf>,
    /// The person chose to replace the file at this path.
    pub replace_ok: Option<PathBuf>,
}

impl ReviewForm {
    /// Whether closing now could lose comments: some are not in a saved feedback file, or the
    /// file holding them is still being written.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved || self.writing.is_some()
    }
}

impl ShareForm {
    /// Whether an entry falls in the typed date range (unreadable dates are ignored).
    pub fn in_range(&self, entry: &Entry) -> bool {
        let day = entry.started_at.date_naive();
        parse_date(&self.from).is_none_or(|f| day >= f)
            && parse_date(&self.to).is_none_or(|t| day <= t)
    }

    /// Chooses what to write, and gives the path the format's ending.
    pub fn set_format(&mut self, format: ExportFormat) {
        if self.format != format {
            self.format = format;
            // What the last save said was about the other kind of file.
            self.status = None;
            self.path_text = swap_extension(&self.path_text, format);
        }
    }
}

/// Changes a path's ending to the format's, keeping the rest.
pub fn swap_extension(path: &str, format: ExportFormat) -> String {
    let trimmed = [".answers.ron", ".answers.age", ".html", ".md"]
        .iter()
        .find_map(|ext| path.strip_suffix(ext))
        .unwrap_or(path);
    format!("{trimmed}.{}", format.extension())
}

/// The review form; lives while review mode is open.
#[derive(Clone, Debug)]
pub struct ReviewForm {
    /// This opening of the form.
    pub id: FormId,
    /// The answers file being read.
    pub review: Review,
    /// The version of this workbook installed here, if it is.
    pub installed_version: Option<u32>,
    /// Comments by (entry, prompt).
    pub comments: Comments,
    /// The overall note.
    pub note: String,
    /// How the reviewer signs.
    pub reviewer: String,
    /// Where the feedback file goes.
    pub path_text: String,
    /// The last save's result.
    pub status: Option<Notice>,
    /// Comments or the note changed since the feedback file was last saved.
    pub unsaved: bool,
    /// Closing was asked for while comments were unsaved: ask first.
    pub confirm_close: bool,
    /// The feedback file being written, while it is.
    pub writing: Option<RequestId>,
    /// Said after "Saved to …" once that file is written: who can read it.
    pub saved_note: String,
    /// A file is already where this would be saved: the person is asked before it is replaced.
    pub asking_replace: Option<PathBuf>,
    /// The person chose to replace the file at this path.
    pub replace_ok: Option<PathBuf>,
    /// Feedback saved earlier for these answers, loaded into the form: where it is.
    pub earlier: Option<PathBuf>,
}

/// The reviewer key screen's form.
#[derive(Clone, Debug, Default)]
pub struct ReviewerKeyForm {
    /// The name to sign with, as clients know the reviewer.
    pub name: String,
    /// The key being made, while it is.
    pub busy: Option<RequestId>,
    /// What happened last.
    pub message: Option<Notice>,
}

/// The parts of the history screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryTab {
    /// The list of entries.
    Entries,
    /// Scales over time.
    Charts,
    /// One question across entries.
    Compare,
    /// A year of days.
    Calendar,
}

/// The compare form: which question and which two entries.
#[derive(Clone, Debug, Default)]
pub struct CompareForm {
    /// The question, by prompt id.
    pub prompt_id: Option<String>,
    /// The earlier entry.
    pub left: Option<EntryId>,
    /// The later entry.
    pub right: Option<EntryId>,
}

/// View state of the history screen.
#[derive(Clone, Debug)]
pub struct HistoryForm {
    /// The workbook shown.
    pub workbook_id: String,
    /// The tab open.
    pub tab: HistoryTab,
    /// The charts' range.
    pub range: Range,
    /// The calendar's year.
    pub year: i32,
    /// The comparison's choices.
    pub compare: CompareForm,
    /// An entry waiting for "Move to trash" to be confirmed.
    pub confirm_delete: Option<EntryId>,
}

impl HistoryForm {
    /// The history of a workbook, opening on its entries.
    pub fn new(workbook_id: &str, today: NaiveDate) -> Self {
        Self {
            workbook_id: workbook_id.to_owned(),
            tab: HistoryTab::Entries,
            range: Range::ThreeMonths,
            year: chrono::Datelike::year(&today),
            compare: CompareForm::default(),
            confirm_delete: None,
        }
    }
}

/// The search form; lives while the app runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchForm {
    /// The words typed.
    pub query: String,
    /// Only this workbook, by id.
    pub workbook_id: Option<String>,
    /// First day, as typed.
    pub from: String,
    /// Last day, as typed.
    pub to: String,
}

/// The backups part of the privacy screen.
#[derive(Clone, Debug, Default)]
pub struct BackupsForm {
    /// The backups, newest first, as last listed.
    pub list: Vec<crate::store::BackupInfo>,
    /// A restore asked for and waiting for "yes".
    pub confirm: Option<PathBuf>,
    /// A restore under way.
    pub busy: bool,
    /// What happened last.
    pub message: Option<Notice>,
}
