//! Saving: sending entries and settings to the saver, reading its outcomes, the save status.

use std::path::PathBuf;
use std::time::Duration;

use super::App;
use crate::journal::EntryId;
use crate::store::{SaveJob, SaveKey};
use crate::ui::SaveStatus;

impl App {
    /// Writes everything pending and waits for it (used on close and by Ctrl+S).
    pub fn flush(&mut self) -> bool {
        let done = self
            .saver
            .as_ref()
            .is_none_or(|s| s.flush(Duration::from_secs(10)));
        self.poll_saver();
        done
    }

    pub(super) fn save_status(&self) -> SaveStatus {
        if self.data.is_none() {
            SaveStatus::NoFolder
        } else if self.saver.is_none() {
            SaveStatus::ReadOnly
        } else if let Some(err) = self.save_errors.values().next() {
            SaveStatus::Failed(err.clone())
        } else if !self.unsaved.is_empty() {
            SaveStatus::Saving
        } else if let Some(at) = self.last_saved {
            SaveStatus::Saved(at)
        } else {
            SaveStatus::Idle
        }
    }

    pub(super) fn poll_saver(&mut self) {
        let Some(saver) = &self.saver else { return };
        for outcome in saver.poll() {
            match outcome.result {
                Ok(()) => {
                    if self.unsaved.get(&outcome.key) == Some(&outcome.generation) {
                        self.unsaved.remove(&outcome.key);
                    }
                    self.last_saved = Some(outcome.at);
                    self.save_errors.remove(&outcome.key);
                }
                Err(message) => {
                    self.save_errors.insert(outcome.key, message);
                }
            }
        }
    }
    /// Sends the entry to the saver.
    pub(super) fn save_entry(&mut self, id: &EntryId) {
        let (Some(data), Some(entry)) = (&self.data, self.journal.entries.get(id)) else {
            return;
        };
        let path = data.entry_path(id);
        let text = entry.to_ron();
        self.queue_save(SaveKey::Entry(id.clone()), path, text);
    }

    /// Sends the settings to the saver.
    pub(super) fn save_settings(&mut self) {
        let Some(data) = &self.data else { return };
        let path = data.settings_path();
        let text = self.settings.to_ron();
        self.queue_save(SaveKey::Settings, path, text);
    }

    pub(super) fn queue_save(
        &mut self,
        key: SaveKey,
        path: PathBuf,
        text: Result<String, ron::Error>,
    ) {
        let Some(saver) = &self.saver else { return };
        match text {
            Ok(text) => {
                self.generation += 1;
                self.unsaved.insert(key.clone(), self.generation);
                saver.save(SaveJob {
                    key,
                    path,
                    bytes: text.into_bytes(),
                    generation: self.generation,
                });
            }
            Err(err) => {
                self.save_errors.insert(
                    key,
                    format!("Not saved: it could not be written as text ({err})"),
                );
            }
        }
    }
}
