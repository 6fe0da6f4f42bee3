//! Applying the commands screens return: opening workbooks, moving between pages, finishing,
//! safety flags, importing.

use std::time::{Duration, Instant};

use chrono::Local;

use super::{App, DialogPurpose, Screen};
use crate::journal::{Entry, EntryId, passes, shown_answer, visible_sections};
use crate::ui::{Command, HelpTopic, Notice, NoticeKind, Page};
use crate::workbook::SafetyHelp;

impl App {
    pub(super) fn poll_dialog(&mut self) {
        let Some((rx, opened_at, purpose)) = &self.dialog else {
            return;
        };
        let purpose = *purpose;
        let picked = match rx.try_recv() {
            Ok(picked) => picked,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            // The dialog thread ended without an answer: treat it as a dialog that failed.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        // A person cannot cancel a dialog this fast; no dialog appeared on this desktop.
        let failed = picked.is_none() && opened_at.elapsed() < Duration::from_millis(400);
        self.dialog = None;
        self.import.dialog_open = false;
        match (picked, purpose) {
            (Some(path), DialogPurpose::Open) => self.open_path(&path),
            (Some(path), DialogPurpose::SaveTo) => self.set_save_path(&path),
            (None, _) if failed => {
                let text = "No file dialog could be opened on this desktop. Type the file's path instead; you can also drop a file onto this window.";
                self.import.errors = Some(text.to_owned());
                self.set_status(NoticeKind::Warning, text.to_owned());
            }
            (None, _) => {}
        }
    }

    /// Carries out a command, as if a screen had returned it.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::OpenWorkbook(id) => self.open_workbook(&id),
            Command::StartNewEntry(id) => self.start_new_entry(&id),
            Command::GoTo(page) => self.go_to(page),
            Command::Finish => self.finish(),
            Command::BackToLibrary => self.screen = Screen::Library,
            Command::AnswerChanged(id, page) => self.answer_changed(&id, page),
            Command::ShowHelp(topic) => self.help = topic,
            Command::OpenFile(path) => self.open_path(&path),
            Command::PickImportFile => self.pick_file(DialogPurpose::Open),
            Command::PickSavePath => self.pick_file(DialogPurpose::SaveTo),
            Command::OpenShare(workbook_id, entry) => self.open_share(&workbook_id, entry),
            Command::CloseShare => {
                self.share = None;
                self.screen = self.return_screen.take().unwrap_or(Screen::Library);
            }
            Command::SaveShare => self.save_share(),
            Command::OpenHistory(id) => self.screen = Screen::History(id),
            Command::OpenAnswer(id, prompt) => self.open_answer(id, &prompt),
            Command::DeleteEntry(id) => self.delete_entry(&id),
            Command::RestoreEntry(id) => self.restore_entry(&id),
            Command::ShowCharts(show) => {
                self.settings.hide_charts = !show;
                self.save_settings();
            }
            Command::OpenSearch => self.screen = Screen::Search,
            Command::OpenEntry(id) => {
                if self.journal.entries.contains_key(&id) {
                    self.check_safety(&id, true);
                    let page = self.resume_page(&id);
                    self.screen = Screen::Runner { entry: id, page };
                }
            }
            Command::SaveReview => self.save_review(),
            Command::CloseReview => match &mut self.review {
                // Comments a therapist wrote are not dropped without asking.
                Some(form) if form.unsaved => form.confirm_close = true,
                _ => {
                    self.review = None;
                    self.screen = Screen::Library;
                }
            },
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::SaveNow => {
                self.flush();
            }
            Command::FirstRunDone => {
                self.settings.first_run_done = true;
                self.save_settings();
            }
            Command::SetCountry(code) => {
                // "Somewhere else" is remembered too, so the guess does not come back.
                self.settings.country = Some(code.unwrap_or_default());
                self.save_settings();
            }
            Command::ShowGrounding(open) => self.grounding_open = open,
            Command::ShowPath(show) => {
                self.settings.hide_path = !show;
                self.save_settings();
            }
        }
    }

    pub(super) fn open_workbook(&mut self, workbook_id: &str) {
        let Some(workbook) = self.workbook(workbook_id) else {
            return;
        };
        match self.journal.entry_to_open(workbook) {
            Some(id) => {
                self.check_safety(&id, true);
                let page = self.resume_page(&id);
                self.screen = Screen::Runner { entry: id, page };
            }
            None => self.start_new_entry(workbook_id),
        }
    }

    /// The page an entry was left on.
    pub(super) fn resume_page(&self, id: &EntryId) -> Page {
        let entry = self.journal.entries.get(id);
        let workbook = self.workbook(&id.workbook_id);
        match (entry, workbook) {
            (Some(entry), Some(wb)) => entry
                .position
                .as_ref()
                .and_then(|pos| wb.sections.iter().position(|s| &s.id == pos))
                .map_or(Page::Intro, Page::Section),
            _ => Page::Intro,
        }
    }

    pub(super) fn start_new_entry(&mut self, workbook_id: &str) {
        let Some(workbook) = self.workbook(workbook_id) else {
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
        // A new entry reaches the disk only once something is written in it.
        self.screen = Screen::Runner { entry: id, page };
    }

    pub(super) fn go_to(&mut self, page: Page) {
        let Screen::Runner { entry: id, .. } = &self.screen else {
            return;
        };
        let id = id.clone();
        let section_id = match page {
            Page::Intro => None,
            Page::Section(i) => self
                .workbook(&id.workbook_id)
                .and_then(|wb| wb.sections.get(i))
                .map(|s| s.id.clone()),
        };
        if let Some(entry) = self.journal.entries.get_mut(&id)
            && entry.position != section_id
        {
            entry.position = section_id;
            if !entry.answers.is_empty() {
                self.save_entry(&id);
            }
        }
        self.screen = Screen::Runner { entry: id, page };
    }

    pub(super) fn finish(&mut self) {
        let Screen::Runner { entry: id, .. } = &self.screen else {
            return;
        };
        let id = id.clone();
        let title = self
            .workbook(&id.workbook_id)
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
        self.save_entry(&id);
        self.notices.push(Notice {
            kind: NoticeKind::Info,
            text: format!("Finished \"{title}\". Your answers are saved on this computer."),
        });
        self.screen = Screen::Library;
    }

    pub(super) fn answer_changed(&mut self, id: &EntryId, page: Page) {
        let id = id.clone();
        if let Some(entry) = self.journal.entries.get_mut(&id) {
            entry.updated_at = Local::now();
            if let Some(wb) = self
                .bundled
                .iter()
                .chain(&self.imported)
                .find(|w| w.id == id.workbook_id)
            {
                entry.workbook_version = wb.version;
                if let Page::Section(i) = page {
                    entry.position = wb.sections.get(i).map(|s| s.id.clone());
                }
            }
        }
        self.save_entry(&id);
        self.index.update(&self.journal, &id);
        self.search_results = None;
        self.check_safety(&id, false);
    }

    /// Safety-flagged prompts of an entry whose shown answer is the flagged one.
    pub(super) fn flags_raised(&self, id: &EntryId) -> Vec<(String, SafetyHelp)> {
        let (Some(entry), Some(wb)) =
            (self.journal.entries.get(id), self.workbook(&id.workbook_id))
        else {
            return Vec::new();
        };
        wb.prompts()
            .filter_map(|(_, prompt)| {
                let flag = prompt.safety.as_ref()?;
                passes(&flag.when, shown_answer(wb, entry, &prompt.id))
                    .then(|| (prompt.id.clone(), flag.show))
            })
            .collect()
    }

    /// The title of a workbook whose most recent answer to an abuse-support question (fear of a
    /// partner, threats, control) is the flagged one, if any is. Entries that left the question
    /// unanswered do not count either way.
    pub(super) fn fear_reported_in(&self) -> Option<String> {
        self.bundled.iter().chain(&self.imported).find_map(|wb| {
            let flagged: Vec<_> = wb
                .prompts()
                .filter_map(|(_, p)| {
                    p.safety
                        .as_ref()
                        .filter(|f| f.show == SafetyHelp::AbuseSupport)
                        .map(|f| (p, f))
                })
                .collect();
            if flagged.is_empty() {
                return None;
            }
            let latest = self
                .journal
                .entries_of(&wb.id)
                .filter(|(_, e)| flagged.iter().any(|(p, _)| e.answer(&p.id).is_some()))
                .last()?;
            let raised = flagged
                .iter()
                .any(|(p, f)| passes(&f.when, shown_answer(wb, latest.1, &p.id)));
            raised.then(|| wb.title.clone())
        })
    }

    /// Opens help when a flagged prompt is newly answered in the flagged way. With `quiet`, only
    /// records what is raised (when an entry is opened), so old answers do not reopen help.
    pub(super) fn check_safety(&mut self, id: &EntryId, quiet: bool) {
        let raised = self.flags_raised(id);
        let newly = raised
            .iter()
            .find(|(prompt, _)| !self.safety_raised.contains(&(id.clone(), prompt.clone())));
        if let (Some((_, show)), false) = (newly, quiet) {
            self.help = Some(HelpTopic::Flagged(*show));
        }
        self.safety_raised.retain(|(entry, _)| entry != id);
        self.safety_raised
            .extend(raised.into_iter().map(|(prompt, _)| (id.clone(), prompt)));
    }

    pub(super) fn pick_file(&mut self, purpose: DialogPurpose) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let suggested = self.save_path_text().and_then(|p| {
            let p = std::path::PathBuf::from(p);
            Some((
                p.parent()?.to_owned(),
                p.file_name()?.to_string_lossy().into_owned(),
            ))
        });
        // The dialog blocks until closed, so it runs on its own thread.
        let spawned = std::thread::Builder::new()
            .name("trustwork-file-dialog".to_owned())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().add_filter("trustwork files", &["ron"]);
                let picked = match purpose {
                    DialogPurpose::Open => dialog
                        .set_title("Open a workbook, answers or feedback file")
                        .pick_file(),
                    DialogPurpose::SaveTo => {
                        let mut dialog = rfd::FileDialog::new().set_title("Save as");
                        if let Some((folder, name)) = suggested {
                            dialog = dialog.set_directory(folder).set_file_name(name);
                        }
                        dialog.save_file()
                    }
                };
                tx.send(picked).ok();
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some((rx, Instant::now(), purpose));
            self.import.dialog_open = purpose == DialogPurpose::Open;
        } else {
            self.import.errors = Some(
                "The file dialog could not be opened. Type the file's path instead.".to_owned(),
            );
        }
    }
}
