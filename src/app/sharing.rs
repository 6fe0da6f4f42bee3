//! Sharing by files in the app: opening whatever file arrives, "Share or print", review mode,
//! and writing the files off the UI thread.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Local;

use super::{App, Screen};
use crate::journal::{Entry, EntryId};
use crate::share::{self, ExportFormat, FeedbackFile, Opened, Review};
use crate::store::write_durable;
use crate::ui::{self, Notice, NoticeKind, ReviewForm, ShareForm};
use crate::workbook::Workbook;

impl App {
    /// Opens a workbook, answers or feedback file, whichever it is.
    pub(super) fn open_path(&mut self, path: &Path) {
        match share::open_file(path) {
            Ok(Opened::Workbook { workbook, source }) => self.add_workbook(*workbook, &source),
            Ok(Opened::Answers(review)) => self.start_review(*review),
            Ok(Opened::Feedback(file)) => self.attach_feedback(&file),
            Err(err) => self.open_failed(err.to_string()),
        }
    }

    fn open_failed(&mut self, message: String) {
        if self.screen != Screen::Library {
            self.notices.push(Notice {
                kind: NoticeKind::Warning,
                text: message.clone(),
            });
        }
        self.import.errors = Some(message);
    }

    fn add_workbook(&mut self, workbook: Workbook, source: &str) {
        let Some(data) = &self.data else {
            self.open_failed(
                "There is no data folder to add it to; start trustwork with --data-dir DIR."
                    .to_owned(),
            );
            return;
        };
        match data.add_workbook(&workbook, source, &self.bundled) {
            Ok(replaced) => {
                let verb = if replaced { "Updated" } else { "Added" };
                let from = match (&workbook.assigned_by, &workbook.assigned_on) {
                    (Some(by), Some(on)) => format!(", assigned by {by} on {on}"),
                    (Some(by), None) => format!(", assigned by {by}"),
                    _ => String::new(),
                };
                self.notices.push(Notice {
                    kind: NoticeKind::Info,
                    text: format!(
                        "{verb} the workbook \"{}\"{from}. It is in your library now.",
                        workbook.title
                    ),
                });
                self.sources.insert(workbook.id.clone(), source.to_owned());
                self.imported.retain(|w| w.id != workbook.id);
                self.imported.push(workbook);
                self.import = ui::ImportForm::default();
                self.screen = Screen::Library;
            }
            Err(err) => self.open_failed(err.to_string()),
        }
    }

    fn start_review(&mut self, review: Review) {
        let installed_version = self.workbook(&review.file.workbook_id).map(|w| w.version);
        let path_text = share::feedback_path_for(&review.path).display().to_string();
        self.review = Some(ReviewForm {
            review,
            installed_version,
            comments: share::Comments::new(),
            note: String::new(),
            reviewer: String::new(),
            path_text,
            status: None,
            unsaved: false,
            confirm_close: false,
        });
        self.import = ui::ImportForm::default();
        self.screen = Screen::Review;
    }

    fn attach_feedback(&mut self, file: &FeedbackFile) {
        if !self.editable() {
            self.open_failed("This window cannot save, so the comments would be lost. Open the feedback file in the trustwork window that can save.".to_owned());
            return;
        }
        let installed = self
            .sources
            .get(&file.workbook_id)
            .map(|s| share::workbook_hash(s));
        match share::attach_feedback(&mut self.journal, file, installed.as_deref()) {
            Ok(attached) => {
                for id in &attached.entries {
                    self.save_entry(id);
                }
                let title = self
                    .workbook(&file.workbook_id)
                    .map_or(file.workbook_id.clone(), |w| w.title.clone());
                let who = if file.reviewer.is_empty() {
                    "your reviewer".to_owned()
                } else {
                    file.reviewer.clone()
                };
                let mut text = format!(
                    "Comments from {who} are now beside your answers in \"{title}\" ({} {}).",
                    attached.entries.len(),
                    if attached.entries.len() == 1 {
                        "entry"
                    } else {
                        "entries"
                    }
                );
                if attached.other_version {
                    text.push_str(" They were written about a different version of this workbook, so a few questions may read differently.");
                }
                self.notices.push(Notice {
                    kind: NoticeKind::Info,
                    text,
                });
                self.import = ui::ImportForm::default();
            }
            Err(err) => self.open_failed(err.to_string()),
        }
    }

    /// Opens "Share or print" for a workbook, with one entry ticked (or every entry).
    pub(super) fn open_share(&mut self, workbook_id: &str, entry: Option<EntryId>) {
        let selected: BTreeSet<EntryId> = match entry {
            Some(id) => BTreeSet::from([id]),
            // The newest entry: ticking years of entries at once is rarely what anyone means.
            None => self
                .journal
                .entries_of(workbook_id)
                .last()
                .map(|(id, _)| id.clone())
                .into_iter()
                .collect(),
        };
        let chosen = match self.workbook(workbook_id) {
            Some(wb) => share::choose_default(
                wb,
                selected
                    .iter()
                    .filter_map(|id| self.journal.entries.get(id).map(|e| (id, e))),
            ),
            None => share::Chosen::new(),
        };
        let folder = directories::UserDirs::new()
            .and_then(|u| {
                u.document_dir()
                    .map(Path::to_owned)
                    .or_else(|| Some(u.home_dir().to_owned()))
            })
            .unwrap_or_default();
        let name =
            share::default_file_name(workbook_id, Local::now(), ExportFormat::Answers.extension());
        // A second share on the same day gets its own name instead of replacing the first.
        let mut path = folder.join(&name);
        let mut n = 2;
        while path.exists() {
            path = folder.join(name.replacen('.', &format!("-{n}."), 1));
            n += 1;
        }
        self.share = Some(ShareForm {
            workbook_id: workbook_id.to_owned(),
            from: String::new(),
            to: String::new(),
            selected,
            chosen,
            format: ExportFormat::Answers,
            path_text: path.display().to_string(),
            status: None,
            prepared_at: Local::now(),
        });
        if self.screen != Screen::Share {
            self.return_screen = Some(self.screen.clone());
        }
        self.screen = Screen::Share;
    }

    /// The entries ticked on the share screen that are in its date range, oldest first.
    fn share_entries<'a>(&'a self, form: &ShareForm) -> Vec<(&'a EntryId, &'a Entry)> {
        self.journal
            .entries_of(&form.workbook_id)
            .filter(|(id, e)| form.selected.contains(*id) && ui::in_range(form, e))
            .collect()
    }

    /// Exactly the text "Share or print" would write now.
    pub(super) fn share_text(&self, form: &ShareForm) -> Result<String, String> {
        let workbook = self
            .workbook(&form.workbook_id)
            .ok_or("this workbook is no longer in the library")?;
        let entries = self.share_entries(form);
        Ok(match form.format {
            ExportFormat::Markdown => {
                share::export_markdown(workbook, &entries, Some(&form.chosen))
            }
            ExportFormat::Html => share::export_html(workbook, &entries, Some(&form.chosen)),
            ExportFormat::Answers => {
                let source = self
                    .sources
                    .get(&form.workbook_id)
                    .ok_or("the workbook's text is missing")?;
                let file = share::build_answers_file(
                    workbook,
                    source,
                    entries.iter().copied(),
                    &form.chosen,
                    form.prepared_at,
                );
                share::to_ron(&file).map_err(|e| e.to_string())?
            }
        })
    }

    pub(super) fn save_share(&mut self) {
        let Some(form) = &self.share else { return };
        let path = PathBuf::from(form.path_text.trim());
        match self.share_text(form) {
            Ok(text) => self.write_in_background(path, text.into_bytes()),
            Err(message) => self.set_status(NoticeKind::Warning, message),
        }
    }

    pub(super) fn save_review(&mut self) {
        let Some(form) = &self.review else { return };
        let feedback = share::build_feedback(
            &form.review,
            &form.comments,
            &form.note,
            &form.reviewer,
            Local::now(),
        );
        let path = PathBuf::from(form.path_text.trim());
        match share::to_ron(&feedback) {
            Ok(text) => self.write_in_background(path, text.into_bytes()),
            Err(err) => self.set_status(NoticeKind::Warning, err.to_string()),
        }
    }

    /// The "save to" path and the status line of the share or review form on screen.
    fn save_form(&mut self) -> Option<(&mut String, &mut Option<Notice>)> {
        match self.screen {
            Screen::Share => self
                .share
                .as_mut()
                .map(|f| (&mut f.path_text, &mut f.status)),
            Screen::Review => self
                .review
                .as_mut()
                .map(|f| (&mut f.path_text, &mut f.status)),
            _ => None,
        }
    }

    /// The path being typed on the share or review screen.
    pub(super) fn save_path_text(&mut self) -> Option<String> {
        self.save_form().map(|(path, _)| path.clone())
    }

    pub(super) fn set_save_path(&mut self, path: &Path) {
        if let Some((text, _)) = self.save_form() {
            *text = path.display().to_string();
        }
    }

    /// A message under the Save button of the screen on display.
    pub(super) fn set_status(&mut self, kind: NoticeKind, text: String) {
        if let Some((_, status)) = self.save_form() {
            *status = Some(Notice { kind, text });
        }
    }

    /// Writes a shared file durably on its own thread; `poll_write` reports the result.
    fn write_in_background(&mut self, path: PathBuf, bytes: Vec<u8>) {
        if path.as_os_str().is_empty() || path.file_name().is_none() {
            self.set_status(
                NoticeKind::Warning,
                "Type where to save the file, or press \"Choose where…\".".to_owned(),
            );
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new().name("trustwork-share-write".to_owned()).spawn(move || {
            let result = write_durable(&path, &bytes).map(|()| path.clone()).map_err(|err| {
                format!("Could not save {}: {err}. Check that the folder exists and that you may write to it.", path.display())
            });
            tx.send(result).ok();
            ctx.request_repaint();
        });
        match spawned {
            Ok(_) => {
                self.pending_write = Some(rx);
                self.set_status(NoticeKind::Info, "Saving…".to_owned());
            }
            Err(err) => self.set_status(
                NoticeKind::Warning,
                format!("Could not start saving: {err}"),
            ),
        }
    }

    pub(super) fn poll_write(&mut self) {
        let Some(rx) = &self.pending_write else {
            return;
        };
        let Ok(result) = rx.try_recv() else { return };
        self.pending_write = None;
        if let (Ok(_), Screen::Review, Some(form)) = (&result, &self.screen, &mut self.review) {
            form.unsaved = false;
        }
        match result {
            Ok(path) => self.set_status(NoticeKind::Info, format!("Saved to {}", path.display())),
            Err(message) => self.set_status(NoticeKind::Warning, message),
        }
    }

    /// Waits for a shared file being written; used by tests and on close.
    pub fn wait_for_share_write(&mut self) {
        if let Some(rx) = &self.pending_write
            && let Ok(result) = rx.recv_timeout(std::time::Duration::from_secs(10))
        {
            self.pending_write = None;
            if let (Ok(_), Screen::Review, Some(form)) = (&result, &self.screen, &mut self.review) {
                form.unsaved = false;
            }
            match result {
                Ok(path) => {
                    self.set_status(NoticeKind::Info, format!("Saved to {}", path.display()));
                }
                Err(message) => self.set_status(NoticeKind::Warning, message),
            }
        }
    }
}
