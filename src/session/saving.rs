//! What has been sent to the disk and what came back: the generation of every change, the
//! files not yet confirmed, the last error of each failing file, and the status line.

use std::collections::BTreeMap;

use chrono::{DateTime, Local};

use super::Effect;
use crate::store::{SaveKey, SaveOutcome};

/// What the save indicator says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing changed since the app started.
    Idle,
    /// Changes are waiting to reach the disk.
    Saving,
    /// Everything is on disk, as of this time.
    Saved(DateTime<Local>),
    /// A write failed; the sentence says what to do.
    Failed(String),
    /// Another window holds the data folder.
    ReadOnly,
    /// No data folder could be opened at all: nothing can be saved.
    NoFolder,
}

/// The saves sent and their outcomes.
#[derive(Debug, Default)]
pub struct Saving {
    /// Counts changes; each save carries the count at the time.
    generation: u64,
    /// Files with changes not yet confirmed on disk, with the newest generation sent.
    unsaved: BTreeMap<SaveKey, u64>,
    /// When the last write was confirmed.
    last_saved: Option<DateTime<Local>>,
    /// The last write error of each file that is failing, cleared when that file is written.
    errors: BTreeMap<SaveKey, String>,
}

impl Saving {
    /// The effect that writes `text` for `key`; a text that could not be made is an error to
    /// show, and nothing is sent.
    pub fn queue(&mut self, key: SaveKey, text: Result<String, ron::Error>) -> Option<Effect> {
        match text {
            Ok(text) => {
                self.generation += 1;
                self.unsaved.insert(key.clone(), self.generation);
                Some(Effect::Save {
                    key,
                    bytes: text.into_bytes(),
                    generation: self.generation,
                })
            }
            Err(err) => {
                self.errors.insert(
                    key,
                    format!("Not saved: it could not be written as text ({err})"),
                );
                None
            }
        }
    }

    /// Takes in what the saver reports.
    pub fn outcome(&mut self, outcome: SaveOutcome) {
        match outcome.result {
            Ok(()) => {
                if self.unsaved.get(&outcome.key) == Some(&outcome.generation) {
                    self.unsaved.remove(&outcome.key);
                }
                self.last_saved = Some(outcome.at);
                self.errors.remove(&outcome.key);
            }
            Err(message) => {
                self.errors.insert(outcome.key, message);
            }
        }
    }

    /// The first error of a failing file, if any is failing.
    pub fn first_error(&self) -> Option<&str> {
        self.errors.values().next().map(String::as_str)
    }

    /// The status when the folder can be written.
    pub fn status(&self) -> SaveStatus {
        if let Some(err) = self.first_error() {
            SaveStatus::Failed(err.to_owned())
        } else if !self.unsaved.is_empty() {
            SaveStatus::Saving
        } else if let Some(at) = self.last_saved {
            SaveStatus::Saved(at)
        } else {
            SaveStatus::Idle
        }
    }
}

impl super::Session {
    /// Another program changed an entry's file while it was open here, so what was written here
    /// went beside it, to `copy`: the entry open here is now that copy, and the changed file is
    /// read again as the entry it is. Nothing was overwritten, and the person is told.
    pub(super) fn saved_beside(
        &mut self,
        id: &crate::journal::EntryId,
        copy: &std::path::Path,
    ) -> Vec<super::Effect> {
        let Some(stem) = copy.file_stem().and_then(|s| s.to_str()) else {
            return Vec::new();
        };
        let moved = crate::journal::EntryId {
            workbook_id: id.workbook_id.clone(),
            stem: stem.to_owned(),
        };
        if let Some(entry) = self.journal.entries.remove(id) {
            self.journal.entries.insert(moved.clone(), entry);
        }
        match &mut self.screen {
            super::Screen::Runner { entry, .. } | super::Screen::Read { entry, .. }
                if entry == id =>
            {
                *entry = moved.clone();
            }
            _ => {}
        }
        let title = self
            .library
            .get(&id.workbook_id)
            .map_or(id.workbook_id.clone(), |w| w.title.clone());
        let day = id
            .started_at()
            .map(|at| at.format(" from %-d %B %Y").to_string())
            .unwrap_or_default();
        self.notices.push(super::Notice::warning(format!(
            "Your entry of \"{title}\"{day} was changed by another program (a sync tool, an editor, another computer) while it was open here. Nothing was overwritten: that version is kept as it was, and what you wrote here is saved beside it as a second entry. Both are in Past entries; the one you are in now is yours."
        )));
        self.reloading.insert(id.clone());
        vec![super::Effect::ReloadEntry(id.clone())]
    }

    /// The other program's version of an entry, read again.
    pub(super) fn reloaded(
        &mut self,
        id: crate::journal::EntryId,
        result: Result<Box<crate::journal::Entry>, String>,
    ) {
        self.reloading.remove(&id);
        match result {
            Ok(entry) => {
                self.journal.entries.insert(id, *entry);
            }
            Err(why) => self.notices.push(super::Notice::warning(format!(
                "The other program's version could not be read ({why}). It is left exactly as it is in the data folder."
            ))),
        }
    }
}
