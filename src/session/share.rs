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
        // Without one named: the newest finished entry (or else the newest with an answer).
        // Ticking years of entries at once is rarely what anyone means, and an empty draft has
        // nothing to send.
        let selected: BTreeSet<EntryId> = if let Some(id) = entry {
            BTreeSet::from([id])
        } else {
            let entries: Vec<_> = self.journal.entries_of(workbook_id).collect();
            entries
                .iter()
                .rev()
                .find(|(_, e)| e.is_completed())
                .or_else(|| {
                    entries
                        .iter()
                        .rev()
                        .find(|(_, e)| e.answers.values().any(crate::journal::is_answered))
                })
                .map(|(id, _)| (*id).clone())
                .into_iter()
                .collect()
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
        // A workbook from a reviewer who gave their key is shared encrypted to it unless the
        // person chooses otherwise.
        let format = if self.reviewer_of(workbook_id).is_some() {
            ExportFormat::SealedAnswers
        } else {
            ExportFormat::Answers
        };
        self.share = Some(ShareForm {
            id,
            workbook_id: workbook_id.to_owned(),
            from: String::new(),
            to: String::new(),
            selected,
            chosen,
            format,
            // Filled in once a free name is found in the person's documents folder.
            path_text: String::new(),
            status: None,
            prepared_at: Local::now(),
            writing: None,
            saved_note: String::new(),
            asking_replace: None,
            replace_ok: None,
        });
        self.share_preview = None;
        if self.screen != Screen::Share {
            self.return_screen = Some(self.screen.clone());
        }
        self.screen = Screen::Share;
        let name = share::default_file_name(workbook_id, Local::now(), format.extension());
        let mut effects = vec![Effect::SuggestSharePath(
            self.request(Asker::SharePath(id)),
            name,
        )];
        if format == ExportFormat::SealedAnswers {
            // So the answers carry a key for the feedback to come back encrypted to.
            effects.extend(self.make_reply_key(id));
        }
        effects
    }

    /// The reviewer a workbook's answers are encrypted for: their key and how to name them.
    pub(super) fn reviewer_of(&self, workbook_id: &str) -> Option<(&str, &str)> {
        let workbook = self.library.get(workbook_id)?;
        let key = workbook.reviewer_key.as_deref()?;
        Some((
            key,
            workbook.assigned_by.as_deref().unwrap_or("your reviewer"),
        ))
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
            ExportFormat::Answers | ExportFormat::SealedAnswers => {
                let source = self
                    .library
                    .source(&form.workbook_id)
                    .ok_or("the workbook's text is missing")?;
                let mut file = share::build_answers_file(
                    workbook,
                    source,
                    entries.iter().copied(),
                    &form.chosen,
                    form.prepared_at,
                );
                if form.format == ExportFormat::SealedAnswers {
                    file.reply_to = self.sharing.as_ref().map(|s| s.public_key.clone());
                }
                share::to_ron(&file).map_err(|e| e.to_string())?
            }
        })
    }

    pub(super) fn save_share(&mut self) -> Vec<Effect> {
        let Some(form) = &self.share else {
            return Vec::new();
        };
        let (id, path) = (form.id, PathBuf::from(form.path_text.trim()));
        let written = self
            .share_text(form)
            .and_then(|text| self.share_bytes(form, text));
        match written {
            Ok((bytes, note)) => {
                if let Some(form) = &mut self.share {
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

    /// The bytes to write for the share text, encrypted for the reviewer when that is the
    /// choice, and what to say once it is saved.
    fn share_bytes(&self, form: &ShareForm, text: String) -> Result<(Vec<u8>, String), String> {
        if form.format != ExportFormat::SealedAnswers {
            return Ok((
                text.into_bytes(),
                "It is not encrypted: anyone who gets this file can read it.".to_owned(),
            ));
        }
        let (key, name) = self
            .reviewer_of(&form.workbook_id)
            .ok_or("This workbook names no reviewer key, so there is no one to encrypt it for. Choose a file anyone can read instead.")?;
        let sealed = share::seal_for(key, text.as_bytes())
            .map_err(|why| format!("Nothing was saved: the reviewer key in this workbook is damaged ({why}). Ask {name} for a fresh copy of the workbook."))?;
        Ok((
            sealed,
            format!("It is encrypted for {name}: only their trustwork can open it."),
        ))
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
