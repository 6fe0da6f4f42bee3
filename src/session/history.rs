//! Past entries: the history screen, the trash (an entry's last changes are written before it
//! moves), and searching every answer.

use std::time::Instant;

use chrono::Local;

use super::{Asker, Effect, HistoryForm, Notice, Screen, Session};
use crate::journal::{EntryId, Filter, parse_date, search};

impl Session {
    /// Shows a workbook's past entries, keeping the view as it was if it is the same workbook.
    pub(super) fn open_history(&mut self, workbook_id: String) {
        if self
            .history
            .as_ref()
            .is_none_or(|f| f.workbook_id != workbook_id)
        {
            self.history = Some(HistoryForm::new(&workbook_id, Local::now().date_naive()));
        }
        self.screen = Screen::History(workbook_id);
    }

    /// Moves an entry to the trash, once its newest answers are on disk: otherwise a save still
    /// waiting could bring the file back after it moved.
    pub(super) fn delete_entry(&mut self, id: EntryId) -> Vec<Effect> {
        if !self.editable() || !self.journal.entries.contains_key(&id) {
            return Vec::new();
        }
        self.trashing.insert(id.clone());
        vec![Effect::Flush(self.request(Asker::SaveBeforeTrash(id)))]
    }

    /// The entry's answers were written (or not): move it now, or say why not.
    pub(super) fn trash_after_save(&mut self, id: EntryId, all_saved: bool) -> Vec<Effect> {
        if !all_saved {
            self.trashing.remove(&id);
            self.notices.push(Notice::warning(
                "This entry was not deleted, because its latest answers are not saved yet. Fix the saving problem first.",
            ));
            return Vec::new();
        }
        vec![Effect::Trash(self.request(Asker::Trash(id.clone())), id)]
    }

    /// The entry's file moved to the trash (or had never been written, and is simply gone).
    pub(super) fn trashed(&mut self, id: EntryId, result: Result<bool, String>) {
        self.trashing.remove(&id);
        match result {
            Ok(on_disk) => {
                if let Some(entry) = self.journal.entries.remove(&id)
                    && on_disk
                {
                    self.trash.push((id, entry));
                    self.trash.sort_by(|a, b| a.0.cmp(&b.0));
                }
                self.search_results = None;
            }
            Err(message) => self.notices.push(Notice::warning(message)),
        }
    }

    /// Brings an entry back from the trash.
    pub(super) fn restore_entry(&mut self, id: EntryId) -> Vec<Effect> {
        if !self.editable() || !self.trash.iter().any(|(t, _)| *t == id) {
            return Vec::new();
        }
        vec![Effect::Restore(
            self.request(Asker::Restore(id.clone())),
            id,
        )]
    }

    /// The entry's file is back in its folder (or could not move).
    pub(super) fn restored(&mut self, id: &EntryId, result: Result<(), String>) {
        match result {
            Ok(()) => {
                if let Some(at) = self.trash.iter().position(|(t, _)| t == id) {
                    let (id, entry) = self.trash.remove(at);
                    self.journal.entries.insert(id, entry);
                    self.search_results = None;
                }
            }
            Err(message) => self.notices.push(Notice::warning(message)),
        }
    }

    /// Runs the search again if the form changed since the last run. Returns whether it ran.
    pub(super) fn refresh_search(&mut self) -> bool {
        if self
            .search_results
            .as_ref()
            .is_some_and(|(asked, _, _)| *asked == self.search)
        {
            return false;
        }
        let form = &self.search;
        let filter = Filter {
            workbook_id: form.workbook_id.clone(),
            from: parse_date(&form.from),
            to: parse_date(&form.to),
        };
        let start = Instant::now();
        let hits = search(&self.journal, &form.query, &filter);
        let took_ms = start.elapsed().as_secs_f64() * 1000.0;
        self.search_results = Some((form.clone(), hits, took_ms));
        true
    }
}
