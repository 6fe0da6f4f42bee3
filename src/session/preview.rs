//! Previewing a workbook file: a sandbox that saves nothing. The file is watched and read again
//! when it changes; the page stays where it was, and while the file has problems the last good
//! version stays on screen with the problems above it.

use std::path::PathBuf;

use chrono::Local;

use super::{Effect, HelpTopic, Notice, Page, Screen, Session};
use crate::journal::{Entry, EntryId, Value, passes};
use crate::workbook::Workbook;

/// The workbook id a preview's entry carries: never a real workbook's (ids may not hold `:`).
const PREVIEW_ID: &str = "preview:";

/// A workbook file being previewed.
#[derive(Debug)]
pub struct Preview {
    /// The file.
    pub path: PathBuf,
    /// The last version that read without problems, if any has.
    pub workbook: Option<Workbook>,
    /// What is wrong with the file as it is now, one problem a line; `None` when it is fine.
    pub problems: Option<String>,
    /// Answers typed into the preview: kept in this window only, never saved.
    pub entry: Entry,
    /// The page on screen.
    pub page: Page,
    /// Show every hidden page and question as well.
    pub show_hidden: bool,
    /// How many times the file was read without problems.
    pub reloads: u32,
}

impl Preview {
    /// The id the runner uses for the preview's entry.
    pub fn entry_id() -> EntryId {
        EntryId {
            workbook_id: PREVIEW_ID.to_owned(),
            stem: "preview".to_owned(),
        }
    }
}

fn blank_entry() -> Entry {
    Entry {
        format: crate::journal::ENTRY_FORMAT,
        workbook_id: PREVIEW_ID.to_owned(),
        workbook_version: 0,
        started_at: Local::now(),
        updated_at: Local::now(),
        completed_at: None,
        position: None,
        answers: std::collections::BTreeMap::new(),
        feedback: Vec::new(),
    }
}

impl Session {
    /// The preview, while one is open.
    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_ref()
    }

    /// Opens this file in the preview once the data folder has been read.
    pub fn preview_when_loaded(&mut self, path: PathBuf) {
        self.pending_preview = Some(path);
    }

    /// The preview asked for before the folder was read, now it has been.
    pub(super) fn pending_preview(&mut self) -> Vec<Effect> {
        match self.pending_preview.take() {
            Some(path) => self.open_preview(path),
            None => Vec::new(),
        }
    }

    /// Opens a workbook file in the preview and starts watching it.
    pub(super) fn open_preview(&mut self, path: PathBuf) -> Vec<Effect> {
        self.preview = Some(Preview {
            path: path.clone(),
            workbook: None,
            problems: None,
            entry: blank_entry(),
            page: Page::Intro,
            show_hidden: false,
            reloads: 0,
        });
        self.screen = Screen::Preview;
        vec![Effect::WatchPreview(Some(path))]
    }

    /// Leaves the preview: nothing of it is kept, and the file is no longer watched.
    pub(super) fn close_preview(&mut self) -> Vec<Effect> {
        if self.preview.take().is_none() {
            return Vec::new();
        }
        vec![Effect::WatchPreview(None)]
    }

    /// The watched file was read: a good version replaces the one shown, keeping the page;
    /// problems are shown above the last good version.
    pub(super) fn preview_read(
        &mut self,
        path: &std::path::Path,
        result: Result<Box<Workbook>, String>,
    ) {
        let Some(preview) = self.preview.as_mut().filter(|p| p.path == path) else {
            return;
        };
        match result {
            Ok(workbook) => {
                // The same page by its id, so a page added or moved above it is no jump; by
                // its place when its id went; the last page when there are fewer.
                if let Page::Section(i) = preview.page {
                    let id = preview
                        .workbook
                        .as_ref()
                        .and_then(|w| w.sections.get(i))
                        .map(|s| s.id.as_str());
                    let same = id.and_then(|id| workbook.sections.iter().position(|s| s.id == id));
                    preview.page = match same {
                        Some(at) => Page::Section(at),
                        None if i < workbook.sections.len() => Page::Section(i),
                        None => workbook
                            .sections
                            .len()
                            .checked_sub(1)
                            .map_or(Page::Intro, Page::Section),
                    };
                }
                preview.workbook = Some(*workbook);
                preview.problems = None;
                preview.reloads += 1;
            }
            Err(problems) => preview.problems = Some(problems),
        }
    }

    /// An answer typed in the preview: kept in memory, and a safety flag opens help as it
    /// would for a client.
    pub(super) fn preview_answer(&mut self, prompt_id: &str, value: Option<Value>, page: Page) {
        let Some(preview) = self.preview.as_mut() else {
            return;
        };
        preview.page = page;
        match value {
            Some(value) => {
                preview.entry.answers.insert(prompt_id.to_owned(), value);
            }
            None => {
                preview.entry.answers.remove(prompt_id);
            }
        }
        let flag = preview
            .workbook
            .as_ref()
            .and_then(|w| w.prompt(prompt_id))
            .and_then(|p| p.safety.clone());
        if let Some(flag) = flag
            && passes(&flag.when, preview.entry.answers.get(prompt_id))
        {
            self.safety.help = Some(HelpTopic::Flagged(flag.show));
        }
    }

    /// Moves the preview to a page.
    pub(super) fn preview_go_to(&mut self, page: Page) {
        if let Some(preview) = self.preview.as_mut() {
            preview.page = page;
        }
    }

    /// "Finish" in a preview: nothing is saved, and the preview says so.
    pub(super) fn preview_finish(&mut self) {
        self.notices.push(Notice::info(
            "This is a preview, so nothing was saved. A client would see \"Finished\" here, and the entry would be kept in their Past entries.",
        ));
        if let Some(preview) = self.preview.as_mut() {
            preview.page = Page::Intro;
        }
    }

    /// Shows or hides every hidden page and question.
    pub(super) fn preview_show_hidden(&mut self, show: bool) {
        if let Some(preview) = self.preview.as_mut() {
            preview.show_hidden = show;
        }
    }

    /// Writes the previewed workbook's outline beside its file, as `NAME-outline.html` (or
    /// `NAME-outline-2.html` and on, never over a file already there).
    pub(super) fn write_outline(&mut self, n: u32) -> Vec<Effect> {
        let Some(preview) = &self.preview else {
            return Vec::new();
        };
        let Some(workbook) = &preview.workbook else {
            self.notices.push(Notice::warning(
                "There is no version of this file without problems yet, so there is no outline to save.",
            ));
            return Vec::new();
        };
        if n > 50 {
            self.notices.push(Notice::warning(
                "Too many outlines are already beside this file; move some away and try again.",
            ));
            return Vec::new();
        }
        let stem = preview.path.file_stem().map_or_else(
            || "workbook".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let name = if n == 1 {
            format!("{stem}-outline.html")
        } else {
            format!("{stem}-outline-{n}.html")
        };
        let path = preview.path.with_file_name(name);
        let html = crate::share::outline_html(workbook).into_bytes();
        let request = self.request(super::Asker::WriteOutline(n));
        vec![Effect::WriteNewFile(request, path, html)]
    }

    /// Writes a template into `folder` as `my-NAME.ron` (or `my-NAME-2.ron` and on, never over
    /// a file already there), then previews it.
    pub(super) fn write_template(
        &mut self,
        name: &str,
        folder: &std::path::Path,
        n: u32,
    ) -> Vec<Effect> {
        if n > 50 {
            self.notices.push(Notice::warning(format!(
                "Too many starting files are already in {}; move some away and try again.",
                folder.display()
            )));
            return Vec::new();
        }
        let file = if n == 1 {
            format!("my-{name}.ron")
        } else {
            format!("my-{name}-{n}.ron")
        };
        self.write_template_to(name, folder.join(file), n)
    }

    /// Writes a template at `path`, its `n`th free name; a file found there tries the next.
    pub(super) fn write_template_to(&mut self, name: &str, path: PathBuf, n: u32) -> Vec<Effect> {
        let Some(text) = crate::workbook::template(name) else {
            return Vec::new();
        };
        let folder = path.parent().map(PathBuf::from).unwrap_or_default();
        let request = self.request(super::Asker::WriteTemplate(name.to_owned(), folder, n));
        vec![Effect::WriteNewFile(
            request,
            path,
            text.as_bytes().to_vec(),
        )]
    }

    /// Starts the preview's answers again.
    pub(super) fn preview_clear(&mut self) {
        if let Some(preview) = self.preview.as_mut() {
            preview.entry = blank_entry();
            preview.page = Page::Intro;
        }
    }
}
