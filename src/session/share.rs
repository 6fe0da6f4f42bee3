//! "Share or print": which entries and answers are ticked, the exact text that will be written,
//! and writing it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::Local;

use super::{Asker, Effect, NoticeKind, Screen, Session, ShareForm};
use crate::journal::{Entry, EntryId};
use crate::share::{self, ExportFormat};

impl Session {
    /// Opens "Share or print" for a workbook, with one entry ticked (or the newest).
    pub(super) fn open_share(&mut self, workbook_id: &str, entry: Option<EntryId>) -> Vec<Effect> {
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
        let chosen = match self.library.get(workbook_id) {
            Some(wb) => share::choose_default(
                wb,
                selected
                    .iter()
                    .filter_map(|id| self.journal.entries.get(id).map(|e| (id, e))),
            ),
            None => share::Chosen::new(),
        };
        let id = self.form_id();
        self.share = Some(ShareForm {
            id,
            workbook_id: workbook_id.to_owned(),
            from: String::new(),
            to: String::new(),
            selected,
            chosen,
            format: ExportFormat::Answers,
            // Filled in once a free name is found in the person's documents folder.
            path_text: String::new(),
            status: None,
            prepared_at: Local::now(),
            writing: None,
        });
        self.share_preview = None;
        if self.screen != Screen::Share {
            self.return_screen = Some(self.screen.clone());
        }
        self.screen = Screen::Share;
        let name =
            share::default_file_name(workbook_id, Local::now(), ExportFormat::Answers.extension());
        vec![Effect::SuggestSharePath(
            self.request(Asker::SharePath(id)),
            name,
        )]
    }

    /// The entries ticked on the share screen that are in its date range, oldest first.
    fn share_entries<'a>(&'a self, form: &ShareForm) -> Vec<(&'a EntryId, &'a Entry)> {
        self.journal
            .entries_of(&form.workbook_id)
            .filter(|(id, e)| form.selected.contains(*id) && form.in_range(e))
            .collect()
    }

    /// Exactly the text "Share or print" would write now.
    pub(super) fn share_text(&self, form: &ShareForm) -> Result<String, String> {
        let workbook = self
            .library
            .get(&form.workbook_id)
            .ok_or("this workbook is no longer in the library")?;
        let entries = self.share_entries(form);
        Ok(match form.format {
            ExportFormat::Markdown => {
                share::export_markdown(workbook, &entries, Some(&form.chosen))
            }
            ExportFormat::Html => share::export_html(workbook, &entries, Some(&form.chosen)),
            ExportFormat::Answers => {
                let source = self
                    .library
                    .source(&form.workbook_id)
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

    pub(super) fn save_share(&mut self) -> Vec<Effect> {
        let Some(form) = &self.share else {
            return Vec::new();
        };
        let (id, path) = (form.id, PathBuf::from(form.path_text.trim()));
        match self.share_text(form) {
            Ok(text) => self.write_file(id, path, text.into_bytes()),
            Err(message) => {
                self.set_status(id, NoticeKind::Warning, message);
                Vec::new()
            }
        }
    }
}

/// What the share preview depends on, hashed.
pub(super) fn share_key(form: &ShareForm) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        &form.workbook_id,
        &form.from,
        &form.to,
        &form.selected,
        &form.chosen,
        form.format,
        form.prepared_at,
    )
        .hash(&mut hasher);
    hasher.finish()
}
