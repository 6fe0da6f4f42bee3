//! Sharing by files: answers files with only what the person chose, feedback files from a
//! reviewer, and Markdown and HTML exports for reading and printing.
//!
//! Plain Rust with no egui and no I/O beyond reading a file it is asked to open; writing goes
//! through the store's durable writes.

mod export;
mod files;
mod outline;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Local};

pub use export::{ExportFormat, export_html, export_markdown};
pub use files::{
    AnswersFile, EntryFeedback, FeedbackFile, FileKind, MAX_SHARE_BYTES, OpenError, Opened, Review,
    SHARE_FORMAT, SharedEntry, detect_kind, open_file, open_file_with, open_text, parse_public_key,
    seal_for, to_ron, workbook_hash,
};
pub use outline::{outline_html, outline_markdown};

use crate::journal::{Entry, EntryId, Journal, ReceivedFeedback, is_answered};
use crate::workbook::Workbook;

/// Which answers go into a file: (entry, prompt id) pairs. Anything not in here is left out.
pub type Chosen = BTreeSet<(EntryId, String)>;

/// Every answered prompt of these entries: the starting point before unticking.
pub fn choose_all<'a>(entries: impl IntoIterator<Item = (&'a EntryId, &'a Entry)>) -> Chosen {
    entries
        .into_iter()
        .flat_map(|(id, entry)| {
            entry
                .answers
                .iter()
                .filter(|(_, v)| is_answered(v))
                .map(move |(prompt, _)| (id.clone(), prompt.clone()))
        })
        .collect()
}

/// What "Share or print" ticks to begin with: answers to questions the workbook still asks,
/// shown under the answers given, and not safety questions (such as fear of a partner); those
/// are shared only if the person ticks them.
pub fn choose_default<'a>(
    workbook: &Workbook,
    entries: impl IntoIterator<Item = (&'a EntryId, &'a Entry)>,
) -> Chosen {
    entries
        .into_iter()
        .flat_map(|(id, entry)| {
            workbook
                .prompts()
                .filter(|(_, p)| p.safety.is_none())
                .filter(|(_, p)| crate::journal::shown_answer(workbook, entry, &p.id).is_some())
                .map(|(_, p)| (id.clone(), p.id.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Builds an answers file with only the chosen answers; entries with none chosen are left out.
pub fn build_answers_file<'a>(
    workbook: &Workbook,
    source: &str,
    entries: impl IntoIterator<Item = (&'a EntryId, &'a Entry)>,
    chosen: &Chosen,
    now: DateTime<Local>,
) -> AnswersFile {
    let entries = entries
        .into_iter()
        .filter_map(|(id, entry)| {
            let answers: BTreeMap<_, _> = entry
                .answers
                .iter()
                .filter(|(prompt, v)| {
                    is_answered(v) && chosen.contains(&(id.clone(), (*prompt).clone()))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (!answers.is_empty()).then(|| SharedEntry {
                entry: id.stem.clone(),
                started_at: entry.started_at,
                completed_at: entry.completed_at,
                answers,
            })
        })
        .collect();
    AnswersFile {
        format: SHARE_FORMAT,
        exported_at: now,
        workbook_id: workbook.id.clone(),
        workbook_version: workbook.version,
        workbook_hash: workbook_hash(source),
        workbook: source.to_owned(),
        entries,
        reply_to: None,
    }
}

/// The default file name for sharing: `WORKBOOK-DATE.answers.ron`, with no answer text in it.
pub fn default_file_name(workbook_id: &str, now: DateTime<Local>, extension: &str) -> String {
    format!("{workbook_id}-{}.{extension}", now.format("%Y-%m-%d"))
}

/// What attaching a feedback file did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attached {
    /// Entries that received comments.
    pub entries: Vec<EntryId>,
    /// Whether the feedback was about a different version of the workbook than the one here.
    pub other_version: bool,
}

/// Why feedback could not be attached.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttachError {
    /// None of its entries are in this data folder.
    #[error(
        "this feedback is about answers to \"{workbook}\" that are not in this data folder ({entries}). It may be for answers sent from another computer or another person's trustwork."
    )]
    UnknownEntries {
        /// The workbook id.
        workbook: String,
        /// The entry names it mentions.
        entries: String,
    },
}

/// Attaches a feedback file's comments to the matching entries. Importing the same file twice
/// replaces the earlier copy instead of adding it again.
pub fn attach_feedback(
    journal: &mut Journal,
    file: &FeedbackFile,
    installed_hash: Option<&str>,
) -> Result<Attached, AttachError> {
    let ids: Vec<EntryId> = file
        .entries
        .iter()
        .map(|e| EntryId {
            workbook_id: file.workbook_id.clone(),
            stem: e.entry.clone(),
        })
        .filter(|id| journal.entries.contains_key(id))
        .collect();
    if ids.is_empty() {
        return Err(AttachError::UnknownEntries {
            workbook: file.workbook_id.clone(),
            entries: file
                .entries
                .iter()
                .map(|e| e.entry.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    for feedback in &file.entries {
        let id = EntryId {
            workbook_id: file.workbook_id.clone(),
            stem: feedback.entry.clone(),
        };
        if let Some(entry) = journal.entries.get_mut(&id) {
            entry.feedback.retain(|f| f.written_at != file.written_at);
            entry.feedback.push(ReceivedFeedback {
                written_at: file.written_at,
                reviewer: file.reviewer.clone(),
                note: file.note.clone(),
                comments: feedback.comments.clone(),
            });
            entry.feedback.sort_by_key(|f| f.written_at);
        }
    }
    Ok(Attached {
        entries: ids,
        other_version: installed_hash.is_some_and(|h| h != file.workbook_hash),
    })
}

/// A reviewer's comments while they write them: by (entry name, prompt id).
pub type Comments = BTreeMap<(String, String), String>;

/// Builds the feedback file for a reviewed answers file; empty comments are left out.
pub fn build_feedback(
    review: &Review,
    comments: &Comments,
    note: &str,
    reviewer: &str,
    now: DateTime<Local>,
) -> FeedbackFile {
    let entries = review
        .file
        .entries
        .iter()
        .map(|shared| EntryFeedback {
            entry: shared.entry.clone(),
            comments: comments
                .iter()
                .filter(|((entry, _), text)| *entry == shared.entry && !text.trim().is_empty())
                .map(|((_, prompt), text)| (prompt.clone(), text.trim().to_owned()))
                .collect(),
        })
        .collect();
    FeedbackFile {
        format: SHARE_FORMAT,
        written_at: now,
        reviewer: reviewer.trim().to_owned(),
        workbook_id: review.file.workbook_id.clone(),
        workbook_hash: review.file.workbook_hash.clone(),
        note: note.trim().to_owned(),
        entries,
    }
}

/// `NAME.answers.ron` becomes `NAME.feedback.ron` beside it, and `NAME.answers.age` (encrypted)
/// becomes `NAME.feedback.age`.
pub fn feedback_path_for(answers: &std::path::Path) -> std::path::PathBuf {
    let name = answers
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("answers.ron");
    let (stem, extension) = if let Some(stem) = name.strip_suffix(".answers.age") {
        (stem, "age")
    } else {
        let stem = name
            .strip_suffix(".answers.ron")
            .or_else(|| name.strip_suffix(".ron"))
            .unwrap_or(name);
        (stem, "ron")
    };
    answers.with_file_name(format!("{stem}.feedback.{extension}"))
}

/// What a therapist pastes into a workbook, next to its other fields, so answers come back
/// encrypted to them.
pub fn workbook_lines(info: &crate::store::SharingInfo) -> String {
    let name = if info.name.trim().is_empty() {
        "Your name"
    } else {
        info.name.trim()
    };
    // A name with quotes or backslashes in it is written the way RON reads it back.
    let quoted = ron::to_string(name).unwrap_or_else(|_| format!("\"{name}\""));
    format!(
        "assigned_by: {quoted},\nreviewer_key: \"{}\",",
        info.public_key
    )
}
