//! Files from and for other people: opening whatever file arrives (a workbook, answers to
//! review, feedback), "Share or print", review mode, the file dialogs, and the results of
//! writing. Every result goes to the form that asked, or nowhere if it has closed.

use std::path::PathBuf;

use chrono::Local;

use super::{
    Asker, DialogPurpose, Effect, FormId, Notice, NoticeKind, RequestId, ReviewForm, Screen,
    Session,
};
use crate::share::{self, FeedbackFile, Opened, Review};
use crate::store::ImportError;
use crate::workbook::Workbook;

impl Session {
    /// Reads a file someone chose, to find out what it is.
    pub(super) fn open_file(&mut self, path: PathBuf) -> Vec<Effect> {
        vec![Effect::OpenFile(self.request(Asker::OpenFile), path)]
    }

    /// A file was read: add it, review it, or attach it, whichever it is.
    pub(super) fn file_opened(&mut self, result: Result<Opened, String>) -> Vec<Effect> {
        match result {
            Ok(Opened::Workbook { workbook, source }) => {
                return self.add_workbook(workbook, source);
            }
            Ok(Opened::Answers(review)) => self.start_review(*review),
            Ok(Opened::Feedback(file)) => return self.attach_feedback(&file),
            Err(message) => self.open_failed(message),
        }
        Vec::new()
    }

    /// Says why a file could not be opened: in the library's form, and above the page when the
    /// library is not on screen.
    fn open_failed(&mut self, message: String) {
        if self.screen != Screen::Library {
            self.notices.push(Notice::warning(message.clone()));
        }
        self.import.errors = Some(message);
    }

    fn add_workbook(&mut self, workbook: Box<Workbook>, source: String) -> Vec<Effect> {
        if !matches!(self.folder, super::Folder::Open(_)) {
            self.open_failed(
                "There is no data folder to add it to; start trustwork with --data-dir DIR."
                    .to_owned(),
            );
            return Vec::new();
        }
        if !self.editable() {
            self.open_failed(ImportError::ReadOnly.to_string());
            return Vec::new();
        }
        // The same id as trustwork's own, or as one from another author: ask first.
        let existing = self.library.get(&workbook.id);
        let bundled = self.library.bundled(&workbook.id).is_some();
        if let Some(existing) =
            existing.filter(|e| bundled || e.assigned_by != workbook.assigned_by)
        {
            self.import.errors = None;
            self.import.clash = Some(super::forms::Clash {
                existing_title: existing.title.clone(),
                existing_by: existing.assigned_by.clone(),
                bundled,
                free_id: self.free_workbook_id(&workbook.id),
                workbook,
                source,
            });
            return Vec::new();
        }
        self.add_workbook_now(workbook, source)
    }

    /// An id like `id` that nothing in the library has: `id-2`, `id-3`…
    fn free_workbook_id(&self, id: &str) -> String {
        (2..10_000)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| self.library.get(candidate).is_none())
            .unwrap_or_else(|| format!("{id}-copy"))
    }

    /// The person chose what to do with a workbook whose id was taken.
    pub(super) fn resolve_clash(&mut self, choice: super::forms::ClashChoice) -> Vec<Effect> {
        use super::forms::ClashChoice;
        let Some(clash) = self.import.clash.take() else {
            return Vec::new();
        };
        match choice {
            ClashChoice::Cancel => Vec::new(),
            ClashChoice::Replace if !clash.bundled => {
                self.add_workbook_now(clash.workbook, clash.source)
            }
            ClashChoice::Replace => {
                self.import.clash = Some(clash);
                Vec::new()
            }
            ClashChoice::KeepBoth => {
                if let Some((workbook, source)) =
                    with_id(&clash.source, &clash.workbook.id, &clash.free_id)
                {
                    return self.add_workbook_now(Box::new(workbook), source);
                }
                self.open_failed(format!(
                    "The workbook could not be given the id \"{}\" by itself: change `id` in the file to one of your own, such as one starting with your initials, and open it again.",
                    clash.free_id
                ));
                Vec::new()
            }
        }
    }

    fn add_workbook_now(&mut self, workbook: Box<Workbook>, source: String) -> Vec<Effect> {
        if !self.editable() {
            self.open_failed(ImportError::ReadOnly.to_string());
            return Vec::new();
        }
        let id = workbook.id.clone();
        let text = source.clone();
        let request = self.request(Asker::AddWorkbook(workbook, source));
        vec![Effect::AddWorkbook(request, id, text)]
    }

    /// The workbook's copy is in the data folder (or could not be written).
    pub(super) fn workbook_added(
        &mut self,
        workbook: Workbook,
        source: String,
        result: Result<bool, String>,
    ) {
        let replaced = match result {
            Ok(replaced) => replaced,
            Err(message) => return self.open_failed(message),
        };
        let verb = if replaced { "Updated" } else { "Added" };
        let from = match (&workbook.assigned_by, &workbook.assigned_on) {
            (Some(by), Some(on)) => format!(", assigned by {by} on {on}"),
            (Some(by), None) => format!(", assigned by {by}"),
            _ => String::new(),
        };
        self.notices.push(Notice::info(format!(
            "{verb} the workbook \"{}\"{from}. It is in your library now.",
            workbook.title
        )));
        self.library.add(workbook, source);
        self.import = super::ImportForm::default();
        self.screen = Screen::Library;
    }

    fn start_review(&mut self, mut review: Review) {
        let earlier = review.earlier.take();
        let installed_version = self
            .library
            .get(&review.file.workbook_id)
            .map(|w| w.version);
        let mut path_text = share::feedback_path_for(&review.path).display().to_string();
        if review.file.reply_to.is_some()
            && let Some(stem) = path_text.strip_suffix(".feedback.ron")
        {
            // Feedback going back encrypted is named for what it is.
            path_text = format!("{stem}.feedback.age");
        }
        // Signed, to begin with, with the name kept with this trustwork's reviewer key.
        let mut reviewer = self
            .sharing
            .as_ref()
            .map(|key| key.name.clone())
            .unwrap_or_default();
        let mut comments = share::Comments::new();
        let mut note = String::new();
        let mut status = None;
        let mut earlier_path = None;
        // Feedback saved earlier for these answers comes back into the form: going on from it
        // is what a reviewer means, and saving never replaces it with less without asking.
        if let Some((path, file)) = earlier {
            for entry in &file.entries {
                for (prompt, text) in &entry.comments {
                    comments.insert((entry.entry.clone(), prompt.clone()), text.clone());
                }
            }
            note.clone_from(&file.note);
            if !file.reviewer.trim().is_empty() {
                reviewer.clone_from(&file.reviewer);
            }
            status = Some(Notice::info(format!(
                "Your feedback from {} is back in the boxes below, from {}. Saving it again asks before replacing that file.",
                file.written_at.format("%-d %B %Y, %H:%M"),
                path.display()
            )));
            path_text = path.display().to_string();
            earlier_path = Some(path);
        }
        self.review = Some(ReviewForm {
            id: self.form_id(),
            review,
            installed_version,
            comments,
            note,
            reviewer,
            path_text,
            status,
            unsaved: false,
            confirm_close: false,
            writing: None,
            saved_note: String::new(),
            asking_replace: None,
            replace_ok: None,
            earlier: earlier_path,
        });
        self.import = super::ImportForm::default();
        self.screen = Screen::Review;
    }

    fn attach_feedback(&mut self, file: &FeedbackFile) -> Vec<Effect> {
        if !self.editable() {
            self.open_failed("This window cannot save, so the comments would be lost. Open the feedback file in the trustwork window that can save.".to_owned());
            return Vec::new();
        }
        let installed = self
            .library
            .source(&file.workbook_id)
            .map(share::workbook_hash);
        let attached = match share::attach_feedback(&mut self.journal, file, installed.as_deref()) {
            Ok(attached) => attached,
            Err(err) => {
                self.open_failed(err.to_string());
                return Vec::new();
            }
        };
        let effects = attached
            .entries
            .iter()
            .flat_map(|id| self.save_entry(id))
            .collect();
        let title = self
            .library
            .get(&file.workbook_id)
            .map_or(file.workbook_id.clone(), |w| w.title.clone());
        let who = if file.reviewer.is_empty() {
            "your reviewer".to_owned()
        } else {
            file.reviewer.clone()
        };
        let count = attached.entries.len();
        let mut text = format!(
            "Comments from {who} are now beside your answers in \"{title}\" ({count} {}).",
            if count == 1 { "entry" } else { "entries" }
        );
        if attached.other_version {
            text.push_str(" They were written about a different version of this workbook, so a few questions may read differently.");
        }
        self.notices.push(Notice::info(text));
        self.import = super::ImportForm::default();
        effects
    }

    /// Leaves review mode; with unsaved comments, asks first unless `discard`.
    pub(super) fn close_review(&mut self, discard: bool) {
        match &mut self.review {
            // Comments a therapist wrote are not dropped without asking.
            Some(form) if form.has_unsaved() && !discard => form.confirm_close = true,
            _ => {
                self.review = None;
                self.screen = Screen::Library;
            }
        }
    }

    pub(super) fn save_review(&mut self) -> Vec<Effect> {
        let Some(form) = &self.review else {
            return Vec::new();
        };
        // An empty feedback file would tell the sender nothing, and could replace real comments.
        if form.note.trim().is_empty() && form.comments.values().all(|c| c.trim().is_empty()) {
            let id = form.id;
            self.set_status(
                id,
                NoticeKind::Warning,
                "Nothing was saved: write a comment or an overall note first.".to_owned(),
            );
            return Vec::new();
        }
        let feedback = share::build_feedback(
            &form.review,
            &form.comments,
            &form.note,
            &form.reviewer,
            Local::now(),
        );
        let (id, path) = (form.id, PathBuf::from(form.path_text.trim()));
        let written = share::to_ron(&feedback)
            .map_err(|err| err.to_string())
            .and_then(|text| match &form.review.file.reply_to {
                Some(key) => share::seal_for(key, text.as_bytes())
                    .map(|bytes| (bytes, "It is encrypted back to the sender: only their trustwork can open it.".to_owned()))
                    .map_err(|why| format!("Nothing was saved: the sender's key in the answers file is damaged ({why}). Ask them to send the answers again.")),
                None => Ok((
                    text.into_bytes(),
                    "It is not encrypted: anyone who gets this file can read it.".to_owned(),
                )),
            });
        match written {
            Ok((bytes, note)) => {
                if let Some(form) = &mut self.review {
                    form.saved_note = note;
                }
                self.write_file(id, path, bytes)
            }
            Err(message) => {
                self.set_status(id, NoticeKind::Warning, message);
                Vec::new()
            }
        }
    }

    /// Writes the file of a share or review form; the form shows "Saving…" until it is done.
    pub(super) fn write_file(
        &mut self,
        form: FormId,
        path: PathBuf,
        bytes: Vec<u8>,
    ) -> Vec<Effect> {
        if path.as_os_str().is_empty() || path.file_name().is_none() {
            self.set_status(
                form,
                NoticeKind::Warning,
                "Type where to save the file, or press \"Choose where…\".".to_owned(),
            );
            return Vec::new();
        }
        // A file already there is replaced only once the person has said so.
        let mut replace = false;
        if let Some(share) = self.share.as_mut().filter(|f| f.id == form) {
            share.asking_replace = None;
            replace = share.replace_ok.take().is_some_and(|p| p == path);
        }
        if let Some(review) = self.review.as_mut().filter(|f| f.id == form) {
            review.asking_replace = None;
            replace = review.replace_ok.take().is_some_and(|p| p == path);
        }
        let request = self.request(Asker::Write(form));
        self.set_status(form, NoticeKind::Info, "Saving…".to_owned());
        if let Some(share) = self.share.as_mut().filter(|f| f.id == form) {
            share.writing = Some(request);
        }
        if let Some(review) = self.review.as_mut().filter(|f| f.id == form) {
            review.writing = Some(request);
            // What is typed from now on is not in this file; it marks the form unsaved again.
            review.unsaved = false;
        }
        if replace {
            vec![Effect::WriteFile(request, path, bytes)]
        } else {
            vec![Effect::WriteNewFile(request, path, bytes)]
        }
    }

    /// Nothing was written because a file is there: the form asks whether to replace it.
    pub(super) fn would_replace(&mut self, form: FormId, request: RequestId, path: PathBuf) {
        let text = format!(
            "A file is already at {}. Replace it, or choose another name?",
            path.display()
        );
        if let Some(share) = self.share.as_mut().filter(|f| f.id == form) {
            if share.writing == Some(request) {
                share.writing = None;
                share.asking_replace = Some(path);
                share.status = Some(Notice::warning(text));
            }
        } else if let Some(review) = self.review.as_mut().filter(|f| f.id == form)
            && review.writing == Some(request)
        {
            review.writing = None;
            review.unsaved = true;
            review.asking_replace = Some(path);
            review.status = Some(Notice::warning(text));
        }
    }

    /// The answer to "a file is already there".
    pub(super) fn replace_file(&mut self, replace: bool) -> Vec<Effect> {
        let on_share = self.screen == Screen::Share;
        let asking = if on_share {
            self.share.as_mut().and_then(|f| f.asking_replace.take())
        } else {
            self.review.as_mut().and_then(|f| f.asking_replace.take())
        };
        let Some(path) = asking else {
            return Vec::new();
        };
        if !replace {
            let text = "Nothing was replaced. Type another name, or press \"Choose where…\".";
            if on_share {
                if let Some(f) = self.share.as_mut() {
                    f.status = Some(Notice::info(text));
                }
            } else if let Some(f) = self.review.as_mut() {
                f.status = Some(Notice::info(text));
            }
            return Vec::new();
        }
        if on_share {
            if let Some(f) = self.share.as_mut() {
                f.replace_ok = Some(path);
            }
            self.save_share()
        } else {
            if let Some(f) = self.review.as_mut() {
                f.replace_ok = Some(path);
            }
            self.save_review()
        }
    }

    /// A form's file was written, or not: only that form hears of it.
    pub(super) fn written(
        &mut self,
        form: FormId,
        request: RequestId,
        result: &Result<PathBuf, String>,
    ) {
        let note = match (&self.share, &self.review) {
            (Some(share), _) if share.id == form => share.saved_note.as_str(),
            (_, Some(review)) if review.id == form => review.saved_note.as_str(),
            _ => "",
        };
        let (kind, text) = match result {
            Ok(path) => (
                NoticeKind::Info,
                format!("Saved to {}. {note}", path.display())
                    .trim_end()
                    .to_owned(),
            ),
            Err(message) => (NoticeKind::Warning, message.clone()),
        };
        // An earlier write finishing says nothing about a later one still on its way.
        let latest = |writing: &mut Option<RequestId>| {
            let latest = *writing == Some(request);
            if latest {
                *writing = None;
            }
            latest
        };
        if let Some(share) = self.share.as_mut().filter(|f| f.id == form)
            && !latest(&mut share.writing)
        {
            return;
        }
        if let Some(review) = self.review.as_mut().filter(|f| f.id == form) {
            if !latest(&mut review.writing) {
                return;
            }
            if result.is_err() {
                review.unsaved = true;
            }
        }
        self.set_status(form, kind, text);
    }

    /// A message under the Save button of a form, if it is still open.
    pub(super) fn set_status(&mut self, form: FormId, kind: NoticeKind, text: String) {
        let notice = Some(match kind {
            NoticeKind::Info => Notice::info(text),
            NoticeKind::Warning => Notice::warning(text),
        });
        if let Some(share) = self.share.as_mut().filter(|f| f.id == form) {
            share.status = notice;
        } else if let Some(review) = self.review.as_mut().filter(|f| f.id == form) {
            review.status = notice;
        }
    }

    /// The form on screen that has a "Save to" path, and that path.
    fn save_form(&self) -> Option<(FormId, &str)> {
        match self.screen {
            Screen::Share => self.share.as_ref().map(|f| (f.id, f.path_text.as_str())),
            Screen::Review => self.review.as_ref().map(|f| (f.id, f.path_text.as_str())),
            _ => None,
        }
    }

    /// Checks a workbook file without adding it: the answer goes under "Open a file".
    pub(super) fn check_workbook(&mut self, path: PathBuf) -> Vec<Effect> {
        self.import.checked = None;
        let request = self.request(Asker::CheckWorkbook);
        vec![Effect::CheckWorkbook(request, path)]
    }

    /// Opens the desktop's file dialog, one at a time.
    pub(super) fn pick_file(&mut self, purpose: DialogPurpose) -> Vec<Effect> {
        if self.dialog.is_some() {
            return Vec::new();
        }
        let (asker, suggested) = match purpose {
            DialogPurpose::Open => (Asker::PickOpen, None),
            DialogPurpose::Preview => (Asker::PickPreview, None),
            DialogPurpose::Check => (Asker::PickCheck, None),
            DialogPurpose::SaveTo => {
                let Some((form, path)) = self.save_form() else {
                    return Vec::new();
                };
                let suggested =
                    Some(PathBuf::from(path.trim())).filter(|p| p.file_name().is_some());
                (Asker::PickSaveTo(form), suggested)
            }
        };
        let request = self.request(asker);
        self.dialog = Some(request);
        vec![Effect::PickFile(request, purpose, suggested)]
    }

    /// The file dialog closed.
    pub(super) fn picked(
        &mut self,
        request: RequestId,
        path: Option<PathBuf>,
        failed: bool,
    ) -> Vec<Effect> {
        if self.dialog == Some(request) {
            self.dialog = None;
        }
        let Some(asker) = self.pending.remove(&request) else {
            return Vec::new();
        };
        let failure = "No file dialog could be opened on this desktop. Type the file's path instead; you can also drop a file onto this window.";
        match (asker, path) {
            (Asker::PickOpen, Some(path)) => return self.open_file(path),
            (Asker::PickPreview, Some(path)) => return self.open_preview(path),
            (Asker::PickCheck, Some(path)) => return self.check_workbook(path),
            (Asker::PickOpen | Asker::PickPreview | Asker::PickCheck, None) if failed => {
                self.import.errors = Some(failure.to_owned());
            }
            (Asker::PickSaveTo(form), Some(path)) => {
                let text = path.display().to_string();
                if let Some(share) = self.share.as_mut().filter(|f| f.id == form) {
                    share.path_text = text;
                } else if let Some(review) = self.review.as_mut().filter(|f| f.id == form) {
                    review.path_text = text;
                }
            }
            (Asker::PickRecoveryPath, Some(path)) => {
                self.privacy.recovery_path = path.display().to_string();
            }
            (Asker::PickRecoveryPath, None) if failed => {
                self.privacy.message = Some(super::Notice::warning(failure));
            }
            (Asker::PickSaveTo(form), None) if failed => {
                self.set_status(form, NoticeKind::Warning, failure.to_owned());
            }
            _ => {}
        }
        Vec::new()
    }
}

/// The workbook text with its own id (the `id: "old"` before any section) changed, read back
/// to be sure: `None` if that cannot be done safely.
fn with_id(source: &str, old: &str, new: &str) -> Option<(Workbook, String)> {
    let head = &source[..source.find("sections").unwrap_or(source.len())];
    let quoted = format!("\"{old}\"");
    let value = head.match_indices("id").find_map(|(at, _)| {
        let before = head[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let after = head[at + 2..].trim_start().strip_prefix(':')?.trim_start();
        after.starts_with(&quoted).then(|| head.len() - after.len())
    })?;
    let mut text = source.to_owned();
    text.replace_range(value..value + quoted.len(), &format!("\"{new}\""));
    let workbook = crate::workbook::parse_workbook(&text).ok()?;
    (workbook.id == new).then_some((workbook, text))
}
