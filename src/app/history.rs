//! History in the app: opening an answer from search, the trash, charts on or off, and
//! keeping the search index in step with the answers.

use std::time::Instant;

use super::{App, Screen};
use crate::journal::{EntryId, Filter, parse_date};
use crate::ui::{Notice, NoticeKind, Page, SearchForm};

impl App {
    /// Opens an entry at the section holding a prompt: where a search hit points.
    pub(super) fn open_answer(&mut self, id: EntryId, prompt_id: &str) {
        if !self.journal.entries.contains_key(&id) {
            return;
        }
        self.check_safety(&id, true);
        let section = self.workbook(&id.workbook_id).and_then(|wb| {
            wb.sections
                .iter()
                .position(|s| s.prompts.iter().any(|p| p.id == prompt_id))
        });
        let page = section.map_or(Page::Intro, Page::Section);
        self.screen = Screen::Runner { entry: id, page };
    }

    pub(super) fn delete_entry(&mut self, id: &EntryId) {
        // The newest answers must be on disk before the file moves; otherwise a retried save
        // could bring the file back after it went to the trash.
        if !self.flush() {
            self.notices.push(Notice {
                kind: NoticeKind::Warning,
                text: "This entry was not deleted, because its latest answers are not saved yet. Fix the saving problem first.".to_owned(),
            });
            return;
        }
        let Some(data) = &self.data else { return };
        if !data.entry_path(id).exists() {
            // Never written: an empty draft. There is nothing on disk to keep in the trash.
            self.journal.entries.remove(id);
            self.index.update(&self.journal, id);
            self.search_results = None;
            return;
        }
        match data.move_to_trash(id) {
            Ok(()) => {
                if let Some(entry) = self.journal.entries.remove(id) {
                    self.trash.push((id.clone(), entry));
                    self.trash.sort_by(|a, b| a.0.cmp(&b.0));
                }
                self.index.update(&self.journal, id);
                self.search_results = None;
            }
            Err(err) => self.notices.push(Notice {
                kind: NoticeKind::Warning,
                text: err.to_string(),
            }),
        }
    }

    pub(super) fn restore_entry(&mut self, id: &EntryId) {
        let Some(data) = &self.data else { return };
        match data.restore_from_trash(id) {
            Ok(()) => {
                if let Some(at) = self.trash.iter().position(|(t, _)| t == id) {
                    let (id, entry) = self.trash.remove(at);
                    self.journal.entries.insert(id.clone(), entry);
                    self.index.update(&self.journal, &id);
                    self.search_results = None;
                }
            }
            Err(err) => self.notices.push(Notice {
                kind: NoticeKind::Warning,
                text: err.to_string(),
            }),
        }
    }

    /// Runs the search again if the form changed since the last run.
    pub(super) fn refresh_search(&mut self, form: &SearchForm) {
        let key = (
            form.query.clone(),
            form.workbook_id.clone(),
            form.from.clone(),
            form.to.clone(),
        );
        if self
            .search_results
            .as_ref()
            .is_some_and(|(k, _, _)| *k == key)
        {
            return;
        }
        let filter = Filter {
            workbook_id: form.workbook_id.clone(),
            from: parse_date(&form.from),
            to: parse_date(&form.to),
        };
        let start = Instant::now();
        let hits = self.index.search(&form.query, &filter);
        let took_ms = start.elapsed().as_secs_f64() * 1000.0;
        self.search_results = Some((key, hits, took_ms));
    }
}
