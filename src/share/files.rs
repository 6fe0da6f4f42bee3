//! The files a client and a therapist exchange: answers files and feedback files, how they are
//! recognised, read and checked.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::journal::Value;
use crate::store::SharingKey;
use crate::workbook::{Problem, Workbook, format_problems, parse_workbook};

/// The version of the answers and feedback formats written by this build.
pub const SHARE_FORMAT: u32 = 1;

/// The largest file we open; anything bigger is not one of ours.
pub const MAX_SHARE_BYTES: u64 = 16 * 1024 * 1024;

/// Chosen answers of one or more entries, with the exact workbook they answer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// See [`SHARE_FORMAT`].
    pub format: u32,
    /// When the file was written.
    pub exported_at: DateTime<Local>,
    /// The workbook's id.
    pub workbook_id: String,
    /// The workbook's version.
    pub workbook_version: u32,
    /// `sha256:` and the hex digest of `workbook`, to notice edits on the way.
    pub workbook_hash: String,
    /// The complete workbook file, as it was.
    pub workbook: String,
    /// The entries, each with only the answers that were chosen.
    pub entries: Vec<SharedEntry>,
    /// The sender's sharing key (`age1…`), in files encrypted for a reviewer: the feedback is
    /// encrypted back to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

/// One entry in an answers file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SharedEntry {
    /// The entry's name in the sender's data folder, so feedback finds its way back.
    pub entry: String,
    /// When it was started.
    pub started_at: DateTime<Local>,
    /// When it was finished, if it was.
    #[serde(default)]
    pub completed_at: Option<DateTime<Local>>,
    /// The chosen answers, by prompt id.
    pub answers: BTreeMap<String, Value>,
}

/// A reviewer's comments on an answers file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackFile {
    /// See [`SHARE_FORMAT`].
    pub format: u32,
    /// When the feedback was written.
    pub written_at: DateTime<Local>,
    /// Who wrote it, as they chose to sign.
    #[serde(default)]
    pub reviewer: String,
    /// The workbook the answers were for.
    pub workbook_id: String,
    /// The hash of the workbook the reviewer saw.
    pub workbook_hash: String,
    /// An overall note.
    #[serde(default)]
    pub note: String,
    /// Comments per entry.
    pub entries: Vec<EntryFeedback>,
}

/// Comments on one entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFeedback {
    /// The entry's name, as in the answers file.
    pub entry: String,
    /// Comments by prompt id.
    pub comments: BTreeMap<String, String>,
}

/// The SHA-256 of a workbook's text, as written in answers files.
pub fn workbook_hash(source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    let mut text = String::from("sha256:");
    for byte in digest {
        // Writing to a String cannot fail.
        write!(text, "{byte:02x}").ok();
    }
    text
}

/// A file opened from outside the data folder.
#[derive(Clone, Debug)]
pub enum Opened {
    /// A workbook to add to the library.
    Workbook {
        /// The workbook.
        workbook: Box<Workbook>,
        /// Its text.
        source: String,
    },
    /// Someone's answers, to review.
    Answers(Box<Review>),
    /// Comments on answers this person sent.
    Feedback(FeedbackFile),
}

/// An answers file ready to be read beside its questions.
#[derive(Clone, Debug)]
pub struct Review {
    /// Where it came from.
    pub path: PathBuf,
    /// The file.
    pub file: AnswersFile,
    /// The embedded workbook, parsed.
    pub workbook: Workbook,
    /// False when the embedded workbook does not match its hash: edited after it was sent.
    pub hash_matches: bool,
    /// Whether the file came encrypted for this trustwork's reviewer key.
    pub encrypted: bool,
    /// Feedback saved earlier for these answers, found beside them, and where.
    pub earlier: Option<(PathBuf, FeedbackFile)>,
}

/// Why a shared file could not be opened. Each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {}", path.display(), crate::files::plain(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Too big to be one of ours.
    #[error("{}: the file is {size_bytes} bytes, too large for a trustwork file; is it the right file?", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size_bytes: u64,
    },
    /// A folder or a device.
    #[error("{}: this is a folder or a device, not a file; choose the .ron file itself", path.display())]
    NotAFile {
        /// What was chosen.
        path: PathBuf,
    },
    /// Not text.
    #[error("{}: this is not a text file, so it is not a workbook, answers or feedback file", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// Not a kind of file trustwork exchanges.
    #[error("{}: this is not a workbook, answers or feedback file{hint}", path.display())]
    UnknownKind {
        /// The file.
        path: PathBuf,
        /// More about what it seems to be.
        hint: String,
    },
    /// Encrypted, and this trustwork has no key to open it with.
    #[error("{}: this file is encrypted, and this trustwork has no reviewer key to open it. Open it in the trustwork where the reviewer key was made, or ask the sender for a copy that is not encrypted", path.display())]
    NoKey {
        /// The file.
        path: PathBuf,
    },
    /// Encrypted for someone else's key.
    #[error("{}: this file is encrypted for another trustwork's key, so it cannot be opened here. If it was meant for you, open it in the trustwork (and data folder) where you made your reviewer key; if not, ask the sender which workbook they answered", path.display())]
    NotForThisKey {
        /// The file.
        path: PathBuf,
    },
    /// Encrypted, and damaged or cut short on the way.
    #[error("{}: this encrypted file is damaged or cut short, so it cannot be opened; ask the sender to send it again", path.display())]
    DamagedEncrypted {
        /// The file.
        path: PathBuf,
    },
    /// A recognised kind with problems inside.
    #[error("{}", format_problems(&path.display().to_string(), problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with places.
        problems: Vec<Problem>,
    },
}

/// Which kind of file a text is, from its first word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `Workbook(` or an unnamed `(`.
    Workbook,
    /// `AnswersFile(`.
    Answers,
    /// `FeedbackFile(`.
    Feedback,
    /// `Entry(`: a file from a data folder, not for exchanging.
    Entry,
    /// Anything else.
    Unknown,
}

/// Recognises a file by its first word, skipping comments and RON's `#![enable(…)]` lines.
pub fn detect_kind(text: &str) -> FileKind {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if rest.starts_with("#!") {
            rest = rest.split_once(']').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    match word.as_str() {
        "" if rest.starts_with('(') => FileKind::Workbook,
        "Workbook" => FileKind::Workbook,
        "AnswersFile" => FileKind::Answers,
        "FeedbackFile" => FileKind::Feedback,
        "Entry" => FileKind::Entry,
        _ => FileKind::Unknown,
    }
}

/// Opens a workbook, answers or feedback file, whichever it is; an encrypted one is refused.
pub fn open_file(path: &Path) -> Result<Opened, OpenError> {
    open_file_with(path, None)
}

/// Like [`open_file`], opening an encrypted answers or feedback file with this data folder's
/// sharing key.
pub fn open_file_with(path: &Path, key: Option<&SharingKey>) -> Result<Opened, OpenError> {
    let mut opened = open_file_with_inner(path, key)?;
    if let Opened::Answers(review) = &mut opened {
        review.earlier = earlier_feedback(review, key);
    }
    Ok(opened)
}

/// [`open_file_with`] without looking for earlier feedback.
fn open_file_with_inner(path: &Path, key: Option<&SharingKey>) -> Result<Opened, OpenError> {
    let bytes = crate::files::read_bounded(path, MAX_SHARE_BYTES).map_err(|err| match err {
        crate::files::ReadError::TooLarge { size_bytes, .. } => OpenError::TooLarge {
            path: path.to_owned(),
            size_bytes,
        },
        crate::files::ReadError::NotAFile => OpenError::NotAFile {
            path: path.to_owned(),
        },
        crate::files::ReadError::Io(source) => OpenError::Read {
            path: path.to_owned(),
            source,
        },
    })?;
    let encrypted = crate::store::is_encrypted(&bytes);
    let bytes = if encrypted {
        open_sealed(path, &bytes, key)?
    } else {
        bytes
    };
    let text = String::from_utf8(bytes).map_err(|_| OpenError::NotText {
        path: path.to_owned(),
    })?;
    let mut opened = open_text(path, &text)?;
    if let Opened::Answers(review) = &mut opened {
        review.encrypted = encrypted;
    }
    Ok(opened)
}

/// Feedback already saved beside an answers file, about these answers: what a reviewer wrote
/// last time, to go on from instead of starting again (and never to lose by saving over it).
fn earlier_feedback(review: &Review, key: Option<&SharingKey>) -> Option<(PathBuf, FeedbackFile)> {
    let plain = crate::share::feedback_path_for(&review.path);
    let sealed = plain.with_extension("age");
    [sealed, plain]
        .into_iter()
        .find_map(|path| match open_file_with_inner(&path, key) {
            Ok(Opened::Feedback(file))
                if file.workbook_id == review.file.workbook_id
                    && file
                        .entries
                        .iter()
                        .all(|e| review.file.entries.iter().any(|s| s.entry == e.entry)) =>
            {
                Some((path, file))
            }
            _ => None,
        })
}

/// Decrypts a file sent to this folder's sharing key.
fn open_sealed(path: &Path, bytes: &[u8], key: Option<&SharingKey>) -> Result<Vec<u8>, OpenError> {
    let key = key.ok_or_else(|| OpenError::NoKey {
        path: path.to_owned(),
    })?;
    age::decrypt(key.identity(), bytes).map_err(|err| match err {
        age::DecryptError::NoMatchingKeys => OpenError::NotForThisKey {
            path: path.to_owned(),
        },
        _ => OpenError::DamagedEncrypted {
            path: path.to_owned(),
        },
    })
}

/// Encrypts a file for someone's sharing key (`age1…`): only the trustwork holding that key
/// can open it.
pub fn seal_for(public_key: &str, plain: &[u8]) -> Result<Vec<u8>, String> {
    let recipient = parse_public_key(public_key)?;
    age::encrypt(&recipient, plain).map_err(|err| format!("the file could not be encrypted: {err}"))
}

/// Reads a sharing key's public half, as a workbook's `reviewer_key` or an answers file's
/// `reply_to` carries it.
pub fn parse_public_key(text: &str) -> Result<age::x25519::Recipient, String> {
    text.trim().parse().map_err(|_| {
        "this is not a reviewer key: it starts with age1 and is copied whole from the reviewer's \"Reviewer key\" screen".to_owned()
    })
}

/// Like [`open_file`], for text already read.
pub fn open_text(path: &Path, text: &str) -> Result<Opened, OpenError> {
    let invalid = |problems| OpenError::Invalid {
        path: path.to_owned(),
        problems,
    };
    match detect_kind(text) {
        FileKind::Workbook => {
            let size_bytes = text.len() as u64;
            if size_bytes > crate::workbook::MAX_WORKBOOK_BYTES {
                return Err(OpenError::TooLarge { path: path.to_owned(), size_bytes });
            }
            let workbook = parse_workbook(text).map_err(invalid)?;
            Ok(Opened::Workbook { workbook: Box::new(workbook), source: text.to_owned() })
        }
        FileKind::Answers => {
            let file: AnswersFile = parse_ron(text).map_err(invalid)?;
            check_format(file.format).map_err(invalid)?;
            let workbook = parse_workbook(&file.workbook).map_err(|problems| {
                // Pointed at the line of this file that holds the workbook, with the place
                // inside it, so whoever made the file can find it.
                let at = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("workbook:"))
                    .map_or(1, |i| i + 1);
                invalid(
                    problems
                        .into_iter()
                        .map(|p| Problem::new(at, 1, format!("the workbook inside this file has a problem at its line {}, column {}: {}", p.line, p.column, p.message)))
                        .collect(),
                )
            })?;
            if let Some(key) = &file.reply_to
                && parse_public_key(key).is_err()
            {
                return Err(invalid(vec![Problem::new(1, 1, "the sender's key in this file (reply_to) is damaged, so feedback could not be sent back encrypted; ask the sender to share the answers again".to_owned())]));
            }
            let hash_matches = workbook_hash(&file.workbook) == file.workbook_hash;
            Ok(Opened::Answers(Box::new(Review { path: path.to_owned(), file, workbook, hash_matches, encrypted: false, earlier: None })))
        }
        FileKind::Feedback => {
            let file: FeedbackFile = parse_ron(text).map_err(invalid)?;
            check_format(file.format).map_err(invalid)?;
            Ok(Opened::Feedback(file))
        }
        FileKind::Entry => Err(OpenError::UnknownKind {
            path: path.to_owned(),
            hint: ": it is an entry from a data folder. To share answers, use \"Share or print…\" in the workbook".to_owned(),
        }),
        FileKind::Unknown => Err(OpenError::UnknownKind {
            path: path.to_owned(),
            hint: "; trustwork files start with Workbook(, AnswersFile( or FeedbackFile(".to_owned(),
        }),
    }
}

fn parse_ron<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Vec<Problem>> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| {
            let message =
                crate::workbook::plain_parse_error(text.trim_start_matches('\u{feff}'), &e);
            vec![Problem::new(e.span.start.line, e.span.start.col, message)]
        })
}

fn check_format(format: u32) -> Result<(), Vec<Problem>> {
    if format > SHARE_FORMAT {
        Err(vec![Problem::new(
            1,
            1,
            format!(
                "this file uses format {format}, newer than this trustwork reads ({SHARE_FORMAT}); update trustwork to open it"
            ),
        )])
    } else {
        Ok(())
    }
}

/// Writes a value as pretty RON with struct names, so the file says what it is.
pub fn to_ron<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::new().struct_names(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_recognised_by_their_first_word() {
        assert_eq!(
            detect_kind("// note\nWorkbook(id: \"x\")"),
            FileKind::Workbook
        );
        assert_eq!(
            detect_kind("\u{feff}#![enable(implicit_some)]\n(id: \"x\")"),
            FileKind::Workbook
        );
        assert_eq!(
            detect_kind("/* c */ AnswersFile(format: 1)"),
            FileKind::Answers
        );
        assert_eq!(detect_kind("FeedbackFile("), FileKind::Feedback);
        assert_eq!(detect_kind("Entry(format: 1)"), FileKind::Entry);
        assert_eq!(detect_kind("<html>"), FileKind::Unknown);
        assert_eq!(detect_kind(""), FileKind::Unknown);
    }

    #[test]
    fn hashes_are_stable_and_sensitive() {
        let a = workbook_hash("Workbook()");
        assert_eq!(a, workbook_hash("Workbook()"));
        assert_ne!(a, workbook_hash("Workbook( )"));
        assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
    }
}
