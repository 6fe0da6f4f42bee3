//! The open entry: starting and continuing workbooks, moving between pages, answers changing,
//! finishing.

use chrono::Local;

use super::{Effect, Notice, Page, Screen, Session};
use crate::journal::{Entry, EntryId, Value, visible_sections};

impl Session {
    /// Continues a workbook's draft (or, done once, its entry), or starts one.
    pub(super) fn open_workbook(&mut self, workbook_id: &str) {
        let Some(workbook) = self.library.get(workbook_id) else {
            return;
        };
        match self.journal.entry_to_open(workbook) {
            Some(id) => self.open_entry(id),
            None => self.start_new_entry(workbook_id),
        }
    }

    /// Opens an entry to read: its day, every answer, and any reviewer's comments, with "Edit"
    /// to change it. `at` is an answer to show first (a search hit). Back returns to where the
    /// person came from.
    pub(super) fn read_entry(&mut self, id: EntryId, at: Option<String>) {
        if !self.journal.entries.contains_key(&id) {
            return;
        }
        if !matches!(self.screen, Screen::Read { .. }) {
            self.read_return = Some(self.screen.clone());
        }
        self.screen = Screen::Read { entry: id, at };
    }

    /// Reads the entry a once-only workbook was done in ("Read my answers").
    pub(super) fn read_latest(&mut self, workbook_id: &str) {
        let Some(workbook) = self.library.get(workbook_id) else {
            return;
        };
        if let Some(id) = self.journal.entry_to_open(workbook) {
            self.read_entry(id, None);
        }
    }

    /// Leaves the read view for where the person came from.
    pub(super) fn close_read(&mut self) {
        self.screen = self.read_return.take().unwrap_or(Screen::Library);
    }

    /// Edits an entry being read: at the section of the answer shown first, or where it was
    /// left.
    pub(super) fn edit_entry(&mut self, id: EntryId, at: Option<&str>) {
        match at {
            Some(prompt) => self.open_answer(id, prompt),
            None => self.open_entry(id),
        }
    }

    /// Opens an entry where it was left.
    pub(super) fn open_entry(&mut self, id: EntryId) {
        if !self.journal.entries.contains_key(&id) {
            return;
        }
        self.safety.check(&self.library, &self.journal, &id, true);
        let page = self.resume_page(&id);
        self.screen = Screen::Runner { entry: id, page };
    }

    /// Opens an entry at the section holding a prompt: where a search hit points.
    pub(super) fn open_answer(&mut self, id: EntryId, prompt_id: &str) {
        if !self.journal.entries.contains_key(&id) {
            return;
        }
        self.safety.check(&self.library, &self.journal, &id, true);
        let section = self.library.get(&id.workbook_id).and_then(|wb| {
            wb.sections
                .iter()
                .position(|s| s.prompts.iter().any(|p| p.id == prompt_id))
        });
        let page = section.map_or(Page::Intro, Page::Section);
        self.screen = Screen::Runner { entry: id, page };
    }

    /// The page an entry was left on, if it is still shown for these answers. A page the
    /// answers now hide (a `not_saved` safety answer is asked afresh each time, so the pages it
    /// opened are hidden until it is answered again) gives the first page still shown.
    fn resume_page(&self, id: &EntryId) -> Page {
        let entry = self.journal.entries.get(id);
        let workbook = self.library.get(&id.workbook_id);
        match (entry, workbook) {
            (Some(entry), Some(wb)) => {
                let shown = visible_sections(wb, entry);
                let left_on = entry
                    .position
                    .as_ref()
                    .and_then(|pos| wb.sections.iter().position(|s| &s.id == pos));
                match left_on {
                    Some(i) if shown.contains(&i) => Page::Section(i),
                    Some(_) => shown.first().map_or(Page::Intro, |i| Page::Section(*i)),
                    None => Page::Intro,
                }
            }
            _ => Page::Intro,
        }
    }

    /// Starts a fresh entry. It reaches the disk only once something is written in it (and
    /// never from a read-only window, which can still show the questions).
    pub(super) fn start_new_entry(&mut self, workbook_id: &str) {
        let Some(workbook) = self.library.get(workbook_id) else {
            return;
        };
        let now = Local::now();
        let entry = Entry::new(workbook, now);
        let journal = &self.journal;
        let id = EntryId::new(workbook_id, now, |id| journal.entries.contains_key(id));
        // Someone who has done a repeated workbook before goes straight to its questions.
        let seen_before =
            workbook.cadence.is_repeated() && self.journal.status(workbook_id).completed > 0;
        let page = visible_sections(workbook, &entry)
            .first()
            .filter(|_| seen_before)
            .map_or(Page::Intro, |i| Page::Section(*i));
        self.journal.entries.insert(id.clone(), entry);
        self.screen = Screen::Runner { entry: id, page };
    }

    /// Moves the open entry to a page, remembering it as where to resume.
    pub(super) fn go_to(&mut self, page: Page) -> Vec<Effect> {
        let Screen::Runner { entry: id, .. } = &self.screen else {
            return Vec::new();
        };
        let id = id.clone();
        let section_id = match page {
            Page::Intro => None,
            Page::Section(i) => self
                .library
                .get(&id.workbook_id)
                .and_then(|wb| wb.sections.get(i))
                .map(|s| s.id.clone()),
        };
        let mut effects = Vec::new();
        if let Some(entry) = self.journal.entries.get_mut(&id)
            && entry.position != section_id
        {
            entry.position = section_id;
            if !entry.answers.is_empty() {
                effects = self.save_entry(&id);
            }
        }
        self.screen = Screen::Runner { entry: id, page };
        effects
    }

    /// Marks the open entry completed and goes back to the library.
    pub(super) fn finish(&mut self) -> Vec<Effect> {
        let Screen::Runner { entry: id, .. } = &self.screen else {
            return Vec::new();
        };
        let id = id.clone();
        if !self.editable() {
            // Nothing was changed here, and nothing can be saved: the entry stays as it is.
            self.screen = Screen::Library;
            return Vec::new();
        }
        let title = self
            .library
            .get(&id.workbook_id)
            .map(|w| w.title.clone())
            .unwrap_or_default();
        if let Some(entry) = self.journal.entries.get_mut(&id) {
            let now = Local::now();
            if entry.completed_at.is_none() {
                entry.completed_at = Some(now);
            }
            entry.updated_at = now;
            entry.position = None;
        }
        let effects = self.save_entry(&id);
        self.notices.push(Notice::info(format!(
            "Finished \"{title}\". Your answers are saved on this computer."
        )));
        self.screen = Screen::Library;
        effects
    }

    /// A new answer, or none: stamps the entry, saves it, and checks its safety flags.
    pub(super) fn set_answer(
        &mut self,
        id: &EntryId,
        prompt_id: &str,
        value: Option<Value>,
        page: Page,
    ) -> Vec<Effect> {
        if !self.editable() {
            return Vec::new();
        }
        let Some(entry) = self.journal.entries.get_mut(id) else {
            return Vec::new();
        };
        match value {
            Some(value) => entry.answers.insert(prompt_id.to_owned(), value),
            None => entry.answers.remove(prompt_id),
        };
        entry.updated_at = Local::now();
        if let Some(wb) = self.library.get(&id.workbook_id) {
            entry.workbook_version = wb.version;
            if let Page::Section(i) = page {
                entry.position = wb.sections.get(i).map(|s| s.id.clone());
            }
        }
        // The search reads the answers themselves: a new search sees the change.
        self.search_results = None;
        let effects = self.save_entry(id);
        self.safety.check(&self.library, &self.journal, id, false);
        effects
    }
}
