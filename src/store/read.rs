//! Reading the data folder at start, setting aside what cannot be read, and importing
//! workbook files.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::protect::OpenError;
use super::{Access, DataDir, is_temp_name};
use crate::files::ReadError;
use crate::journal::{Entry, EntryId, Journal};
use crate::workbook::{LoadError, Workbook, load_workbook_file, parse_workbook};

/// The largest entry file we read; a bigger one is damaged or not ours.
pub(super) const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// Entry files a reading thread takes at a time.
const CHUNK: usize = 64;

/// The largest imported workbook we read back.
const MAX_WORKBOOK_BYTES: u64 = 4 * 1024 * 1024;

/// A file that could not be read and was set aside (or, read-only, left where it was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantined {
    /// Where it was.
    pub original: PathBuf,
    /// Where it is now; `None` when we could not move it (read-only).
    pub moved_to: Option<PathBuf>,
    /// Why it could not be read.
    pub reason: String,
}

/// An imported workbook in the data folder that no longer validates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableWorkbook {
    /// The file.
    pub path: PathBuf,
    /// Every problem, as `path:line:column: message` lines.
    pub problems: String,
}

/// What was found in the data folder.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Every readable entry.
    pub journal: Journal,
    /// Imported workbooks that validate, with their file.
    pub workbooks: Vec<(Workbook, String)>,
    /// Entry files set aside.
    pub quarantined: Vec<Quarantined>,
    /// Imported workbooks that did not validate; left in place for the author to fix.
    pub broken_workbooks: Vec<UnreadableWorkbook>,
    /// Files read in the clear from a protected folder (put there from outside, or left by a
    /// conversion cut short): the caller encrypts them.
    pub plain_in_protected: usize,
    /// Entry files written by a newer trustwork, with the format they say: left untouched and
    /// not read, so nothing here can overwrite them.
    pub newer: Vec<(PathBuf, u32)>,
}

/// Why an entry file was not read.
#[derive(Debug)]
enum EntryProblem {
    /// Encrypted, and the folder is locked: nothing is wrong with it.
    Locked,
    /// Written by a newer trustwork, in this format.
    Newer(u32),
    /// Damaged: why, in words.
    Damaged(String),
}

/// Why a workbook could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is missing, unreadable or invalid.
    #[error("{0}")]
    Load(#[from] LoadError),

    /// The id belongs to a bundled workbook.
    #[error(
        "the workbook id `{id}` is already used by the bundled workbook \"{title}\"; give the file another `id` and import it again"
    )]
    BundledId {
        /// The id.
        id: String,
        /// The bundled workbook's title.
        title: String,
    },

    /// Another trustwork window holds the folder.
    #[error(
        "this window is read-only because another trustwork window is open; import from that window"
    )]
    ReadOnly,

    /// The copy could not be written.
    #[error("could not save the workbook into the data folder: {}. Check free space and permissions of {}", crate::files::plain(source), path.display())]
    Write {
        /// Where we tried to write.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl DataDir {
    /// Reads every entry and imported workbook. Unreadable entries are moved to `quarantine/`
    /// with a note (when we may write), so that no later save can overwrite them.
    pub fn load(&self) -> LoadReport {
        self.load_with_progress(&mut |_, _| {})
    }

    /// Like [`DataDir::load`], telling `progress` how many entries have been read, and of how
    /// many, as it goes.
    pub fn load_with_progress(&self, progress: &mut dyn FnMut(usize, usize)) -> LoadReport {
        let mut report = LoadReport::default();
        self.load_entries(&mut report, progress);
        self.load_workbooks(&mut report);
        report
    }

    fn load_entries(&self, report: &mut LoadReport, progress: &mut dyn FnMut(usize, usize)) {
        // The names first, so the count is known before the slow part.
        let mut files = Vec::new();
        for folder in sorted_children(&self.root().join("entries"), true) {
            let Some(workbook_id) = file_name(&folder) else {
                continue;
            };
            for path in sorted_children(&folder, false) {
                let Some(stem) = file_name(&path)
                    .filter(|name| !is_temp_name(name))
                    .and_then(|name| name.strip_suffix(".ron").map(str::to_owned))
                else {
                    continue;
                };
                files.push((workbook_id.clone(), stem, path));
            }
        }
        let total = files.len();
        // Decrypting is most of the work in a protected folder: every core takes chunks of
        // files, the calling thread too, which reports progress between its chunks.
        let next = AtomicUsize::new(0);
        let read_so_far = AtomicUsize::new(0);
        let work = || {
            let mut results = Vec::new();
            let mut plain = 0;
            loop {
                let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                if start >= total {
                    return (results, plain);
                }
                let end = (start + CHUNK).min(total);
                for (i, (workbook_id, _, path)) in files.iter().enumerate().take(end).skip(start) {
                    results.push((i, self.read_entry(path, workbook_id, &mut plain)));
                }
                read_so_far.fetch_add(end - start, Ordering::Relaxed);
            }
        };
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut results = std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..threads.min(8)).map(|_| scope.spawn(work)).collect();
            let mut all = Vec::with_capacity(total);
            let mut plain = 0;
            loop {
                let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                if start >= total {
                    break;
                }
                let end = (start + CHUNK).min(total);
                for (i, (workbook_id, _, path)) in files.iter().enumerate().take(end).skip(start) {
                    all.push((i, self.read_entry(path, workbook_id, &mut plain)));
                }
                let so_far = read_so_far.fetch_add(end - start, Ordering::Relaxed) + end - start;
                progress(so_far, total);
            }
            for helper in helpers {
                // A helper that panicked read nothing we keep; its files are read again below.
                if let Ok((results, helper_plain)) = helper.join() {
                    all.extend(results);
                    plain += helper_plain;
                }
            }
            report.plain_in_protected += plain;
            all
        });
        results.sort_by_key(|(i, _)| *i);
        let mut results = results.into_iter().peekable();
        for (i, (workbook_id, stem, path)) in files.into_iter().enumerate() {
            let result = match results.next_if(|(j, _)| *j == i) {
                Some((_, result)) => result,
                None => self.read_entry(&path, &workbook_id, &mut report.plain_in_protected),
            };
            match result {
                Ok(entry) => {
                    let id = EntryId { workbook_id, stem };
                    report.journal.entries.insert(id, entry);
                }
                // Locked: the file is fine, only not ours to read yet.
                Err(EntryProblem::Locked) => {}
                // From a newer trustwork: kept exactly where it is, and not read.
                Err(EntryProblem::Newer(format)) => report.newer.push((path, format)),
                Err(EntryProblem::Damaged(reason)) => {
                    report
                        .quarantined
                        .push(self.quarantine(&path, &workbook_id, reason));
                }
            }
        }
        progress(total, total);
    }

    /// Every entry file as it is now: the saver compares against these before it writes.
    pub fn entry_fingerprints(&self) -> Vec<(PathBuf, super::Fingerprint)> {
        sorted_children(&self.root().join("entries"), true)
            .iter()
            .flat_map(|folder| sorted_children(folder, false))
            .filter(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !super::is_temp_name(n))
            })
            .filter_map(|path| super::Fingerprint::of(&path).map(|print| (path, print)))
            .collect()
    }

    /// Reads one entry again (after another program changed it), as loading does.
    pub fn read_one(&self, id: &EntryId) -> Result<Entry, String> {
        let mut plain = 0;
        self.read_entry(&self.entry_path(id), &id.workbook_id, &mut plain)
            .map_err(|problem| match problem {
                EntryProblem::Locked => "the data folder is locked".to_owned(),
                EntryProblem::Newer(format) => format!(
                    "it was saved by a newer trustwork (format {format}); update trustwork to read it"
                ),
                EntryProblem::Damaged(why) => why,
            })
    }

    /// Whether any entry file is in the folder, read or not.
    pub fn has_entry_files(&self) -> bool {
        sorted_children(&self.root().join("entries"), true)
            .iter()
            .any(|folder| !sorted_children(folder, false).is_empty())
    }

    fn load_workbooks(&self, report: &mut LoadReport) {
        for path in sorted_children(&self.workbooks_folder(), false) {
            let is_workbook = file_name(&path)
                .is_some_and(|n| n.to_lowercase().ends_with(".ron") && !is_temp_name(&n));
            if !is_workbook {
                continue;
            }
            let read = match self.read_sealed_kind(&path, MAX_WORKBOOK_BYTES) {
                // Locked: nothing wrong with it, and nothing to read yet.
                Err(OpenError::Locked) => continue,
                other => other,
            };
            let read = read
                .map_err(|err| format!("{}: {err}", path.display()))
                .and_then(|(bytes, encrypted)| {
                    if self.is_protected() && !encrypted {
                        report.plain_in_protected += 1;
                    }
                    String::from_utf8(bytes)
                        .map_err(|_| format!("{}: it is not UTF-8 text", path.display()))
                })
                .and_then(|source| match parse_workbook(&source) {
                    Ok(workbook) => Ok((workbook, source)),
                    Err(problems) => Err(crate::workbook::format_problems(
                        &path.display().to_string(),
                        &problems,
                    )),
                });
            match read {
                Ok(found) => report.workbooks.push(found),
                Err(problems) => report
                    .broken_workbooks
                    .push(UnreadableWorkbook { path, problems }),
            }
        }
    }

    /// Sets an unreadable entry file aside with a note saying why.
    pub(super) fn quarantine(&self, path: &Path, workbook_id: &str, reason: String) -> Quarantined {
        let mut result = Quarantined {
            original: path.to_owned(),
            moved_to: None,
            reason,
        };
        if self.access() == Access::ReadOnly {
            return result;
        }
        let name = file_name(path).unwrap_or_default();
        let folder = self.quarantine_folder();
        let mut target = folder.join(format!("{workbook_id}--{name}"));
        let mut n = 2;
        while target.exists() {
            target = folder.join(format!("{workbook_id}--{n}--{name}"));
            n += 1;
        }
        if std::fs::rename(path, &target).is_ok() {
            let note = format!(
                "trustwork could not read this file and set it aside, unchanged.\n\
                 It was: {}\nWhy: {}\n\
                 Nothing in it was deleted. If you can repair it in a text editor, move it back \
                 to its folder and restart trustwork.\n",
                path.display(),
                result.reason
            );
            let mut note_path = target.clone().into_os_string();
            note_path.push(".why.txt");
            // The move is what protects the file; a missing note loses nothing of the person's.
            self.write_sealed(Path::new(&note_path), note.as_bytes())
                .ok();
            super::durable::sync_folder(&folder).ok();
            result.moved_to = Some(target);
        }
        result
    }

    /// Validates a workbook file and copies it into the data folder. Returns the workbook and
    /// whether it replaced an earlier import with the same id.
    pub fn import_workbook(
        &self,
        source_path: &Path,
        bundled: &[Workbook],
    ) -> Result<(Workbook, bool), ImportError> {
        let (workbook, text) = load_workbook_file(source_path)?;
        let replaced = self.add_workbook(&workbook, &text, bundled)?;
        Ok((workbook, replaced))
    }

    /// Saves a validated workbook's text into the data folder under its id. Returns whether it
    /// replaced an earlier one.
    pub fn add_workbook(
        &self,
        workbook: &Workbook,
        text: &str,
        bundled: &[Workbook],
    ) -> Result<bool, ImportError> {
        if let Some(b) = bundled.iter().find(|b| b.id == workbook.id) {
            return Err(ImportError::BundledId {
                id: workbook.id.clone(),
                title: b.title.clone(),
            });
        }
        self.write_workbook(&workbook.id, text)
    }

    /// Writes a workbook's text into the data folder under `id`, which the caller has checked
    /// is not a bundled workbook's. Returns whether it replaced an earlier one.
    pub fn write_workbook(&self, id: &str, text: &str) -> Result<bool, ImportError> {
        if self.access() == Access::ReadOnly {
            return Err(ImportError::ReadOnly);
        }
        let path = self.workbooks_folder().join(format!("{id}.ron"));
        let replaced = path.exists();
        self.write_sealed(&path, text.as_bytes())
            .map_err(|source| ImportError::Write { path, source })?;
        Ok(replaced)
    }
}

impl DataDir {
    /// Reads one entry file; counts it in `plain` when it was plain in a protected folder.
    /// `Err(None)` when it is encrypted and the folder is locked: nothing is wrong with it.
    fn read_entry(
        &self,
        path: &Path,
        workbook_id: &str,
        plain: &mut usize,
    ) -> Result<Entry, EntryProblem> {
        let (bytes, encrypted) = self
            .read_sealed_kind(path, MAX_ENTRY_BYTES)
            .map_err(|err| match err {
                OpenError::Locked => EntryProblem::Locked,
                OpenError::Read(ReadError::TooLarge { size_bytes, .. }) => EntryProblem::Damaged(
                    format!("the file is {size_bytes} bytes, far larger than any entry"),
                ),
                other => EntryProblem::Damaged(other.to_string()),
            })?;
        if self.is_protected() && !encrypted {
            *plain += 1;
        }
        parse_entry(bytes, workbook_id)
    }
}

fn parse_entry(bytes: Vec<u8>, workbook_id: &str) -> Result<Entry, EntryProblem> {
    let text = String::from_utf8(bytes)
        .map_err(|_| EntryProblem::Damaged("it is not UTF-8 text".to_owned()))?;
    if let Some(format) = Entry::format_of(&text).filter(|f| *f > crate::journal::ENTRY_FORMAT) {
        return Err(EntryProblem::Newer(format));
    }
    let entry = Entry::from_ron(&text).map_err(|e| {
        EntryProblem::Damaged(format!(
            "line {}, column {}: {}",
            e.span.start.line,
            e.span.start.col,
            crate::workbook::plain_parse_error(&text, &e)
        ))
    })?;
    if entry.workbook_id != workbook_id {
        // Shown to a person: a damaged id's control characters are not printed as they are.
        let shown: String = entry
            .workbook_id
            .chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .take(80)
            .collect();
        return Err(EntryProblem::Damaged(format!(
            "it answers workbook `{shown}` but sits in the folder of `{workbook_id}`"
        )));
    }
    Ok(entry)
}

/// The folders (`want_folders`) or the files in a folder, sorted; links count as what they
/// point to.
fn sorted_children(folder: &Path, want_folders: bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    // The kind usually comes with the listing; only links need a look.
                    let is_folder = match e.file_type() {
                        Ok(t) if t.is_symlink() => e.path().is_dir(),
                        Ok(t) => t.is_dir(),
                        Err(_) => return false,
                    };
                    is_folder == want_folders
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().and_then(|n| n.to_str()).map(str::to_owned)
}
