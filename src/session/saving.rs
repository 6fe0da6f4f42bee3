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
