//! Automatic backups: once a day at most, one file holding the whole data folder, kept for a
//! week and then one a month for a year; and restoring from one without ever replacing what is
//! in the folder now.
//!
//! A backup is RON (each file's path and its content in base64), compressed, and encrypted to
//! the folder's key when the folder is protected: it is exactly as private as the folder.
//! Never imports egui.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Datelike as _, Local, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::durable::{TEMP_PREFIX, write_durable};
use super::protect::{IDENTITY_FILE, MARKER_FILE, OpenError};
use super::{Access, DataDir};

/// The folder inside the data folder that holds the backups.
pub const BACKUPS_FOLDER: &str = "backups";

/// The backup format this build writes.
const BACKUP_FORMAT: u32 = 1;

/// The largest backup read back: far above ten years of entries.
const MAX_BACKUP_BYTES: u64 = 512 * 1024 * 1024;

/// One backup file, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was made.
    pub made_at: NaiveDateTime,
    /// How many entries it holds.
    pub entries: usize,
}

/// What restoring did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Files that were missing here and came back.
    pub added: usize,
    /// Entries that differ from the one here: the one here was kept, and the backup's was added
    /// beside it as another entry.
    pub added_beside: usize,
    /// Files already here just as in the backup.
    pub same: usize,
}

/// Why a backup could not be made, read or restored. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The folder is locked: backups need the key.
    #[error("Unlock first: backups are made and read with your key.")]
    Locked,
    /// Another window holds the folder.
    #[error(
        "This window is read-only because another trustwork window is open; do this from that window."
    )]
    ReadOnly,
    /// The disk refused.
    #[error(
        "Could not write the backup: {0}. Nothing in your data folder was changed; free some space and it is tried again next time trustwork opens."
    )]
    Write(String),
    /// The backup file is not one that can be read.
    #[error("That backup cannot be read ({0}). Nothing was changed; choose another one.")]
    Damaged(String),
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BackupFile {
    format: u32,
    made_at: DateTime<Local>,
    entries: usize,
    /// Path inside the data folder, with `/`, to the file's plain content in base64.
    files: BTreeMap<String, String>,
}

impl DataDir {
    fn backups_folder(&self) -> PathBuf {
        self.root().join(BACKUPS_FOLDER)
    }

    /// Every backup, newest first.
    pub fn list_backups(&self) -> Vec<BackupInfo> {
        let Ok(files) = std::fs::read_dir(self.backups_folder()) else {
            return Vec::new();
        };
        let mut found: Vec<BackupInfo> = files
            .flatten()
            .filter_map(|f| parse_name(&f.path()))
            .collect();
        found.sort_by_key(|b| std::cmp::Reverse(b.made_at));
        found
    }

    /// Whether a backup is due: there is none, or the newest is a day old or more.
    pub fn backup_due(&self, now: NaiveDateTime) -> bool {
        self.access() == Access::ReadWrite
            && self
                .list_backups()
                .first()
                .is_none_or(|newest| now - newest.made_at >= chrono::Duration::days(1))
    }

    /// Writes one backup of the whole folder, then lets old ones go (the last 7 kept, and the
    /// first of each month for a year).
    pub fn make_backup(&self, now: DateTime<Local>) -> Result<BackupInfo, BackupError> {
        if self.access() != Access::ReadWrite {
            return Err(BackupError::ReadOnly);
        }
        if self.is_locked() {
            return Err(BackupError::Locked);
        }
        let mut files = BTreeMap::new();
        let mut entries = 0;
        for (name, path) in self.backed_up_files() {
            let plain = match self.read_sealed(&path, 64 * 1024 * 1024) {
                Ok(plain) => plain,
                Err(OpenError::Locked) => return Err(BackupError::Locked),
                // A file that cannot be read is left out, not allowed to stop the backup.
                Err(_) => continue,
            };
            if name.starts_with("entries/") {
                entries += 1;
            }
            files.insert(
                name,
                base64::engine::general_purpose::STANDARD.encode(plain),
            );
        }
        let file = BackupFile {
            format: BACKUP_FORMAT,
            made_at: now,
            entries,
            files,
        };
        let text = ron::to_string(&file).map_err(|e| BackupError::Write(e.to_string()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes())
            .map_err(|e| BackupError::Write(crate::files::plain(&e)))?;
        let packed = gz
            .finish()
            .map_err(|e| BackupError::Write(crate::files::plain(&e)))?;
        let sealed = self
            .seal(&packed)
            .map_err(|e| BackupError::Write(e.to_string()))?;
        let folder = self.backups_folder();
        super::ensure_folder(&folder).map_err(|e| BackupError::Write(crate::files::plain(&e)))?;
        let made_at = now.naive_local();
        let path = folder.join(backup_name(made_at, entries));
        write_durable(&path, &sealed).map_err(|e| BackupError::Write(crate::files::plain(&e)))?;
        self.prune_backups(made_at);
        Ok(BackupInfo {
            path,
            made_at,
            entries,
        })
    }

    /// Keeps the 7 newest backups and the first of each month of the last year; removes the
    /// rest.
    fn prune_backups(&self, now: NaiveDateTime) {
        let all = self.list_backups();
        let mut keep: Vec<&PathBuf> = all.iter().take(7).map(|b| &b.path).collect();
        let year_ago = now - chrono::Duration::days(365);
        let mut months = BTreeMap::new();
        for backup in all.iter().filter(|b| b.made_at >= year_ago) {
            let month = (backup.made_at.year(), backup.made_at.month());
            // Newest first: the last one seen in a month is its first.
            months.insert(month, &backup.path);
        }
        keep.extend(months.into_values());
        for backup in &all {
            if !keep.contains(&&backup.path) {
                std::fs::remove_file(&backup.path).ok();
            }
        }
    }

    /// Puts back what a backup holds, never replacing anything here: files missing here come
    /// back; an entry that differs from the one here is added beside it as another entry; the
    /// settings here are kept.
    pub fn restore_backup(&self, backup: &Path) -> Result<Restored, BackupError> {
        if self.access() != Access::ReadWrite {
            return Err(BackupError::ReadOnly);
        }
        let file = self.read_backup(backup)?;
        let mut done = Restored::default();
        let stamp = file.made_at.format("%Y%m%d");
        for (name, content) in &file.files {
            let plain = base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|_| BackupError::Damaged(format!("{name} is not readable")))?;
            let Some(target) = self.inside(name) else {
                continue;
            };
            let here = match self.read_sealed(&target, 64 * 1024 * 1024) {
                Ok(here) => Some(here),
                Err(OpenError::Read(err)) if err.is_not_found() => None,
                Err(OpenError::Locked) => return Err(BackupError::Locked),
                Err(_) => Some(Vec::new()),
            };
            let write = |path: &Path| {
                if let Some(parent) = path.parent() {
                    super::ensure_folder(parent)
                        .map_err(|e| BackupError::Write(crate::files::plain(&e)))?;
                }
                self.write_sealed(path, &plain)
                    .map_err(|e| BackupError::Write(crate::files::plain(&e)))
            };
            match here {
                None => {
                    write(&target)?;
                    done.added += 1;
                }
                Some(here) if here == plain => done.same += 1,
                Some(_) if name.starts_with("entries/") => {
                    // The entry here is kept as it is; the backup's version becomes another
                    // entry, under a name of its own (once: restoring twice adds nothing more).
                    let stem = target
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or("entry");
                    if self.copy_already_beside(&target, stem, &plain) {
                        done.same += 1;
                        continue;
                    }
                    let mut n = 1;
                    let beside = loop {
                        let candidate =
                            target.with_file_name(format!("{stem}-from-backup-{stamp}-{n}.ron"));
                        if std::fs::symlink_metadata(&candidate).is_err() {
                            break candidate;
                        }
                        n += 1;
                    };
                    write(&beside)?;
                    done.added_beside += 1;
                }
                // Settings, workbooks and the rest: what is here now stays.
                Some(_) => done.same += 1,
            }
        }
        Ok(done)
    }

    /// Whether a copy restored earlier beside `target` already holds `plain`.
    fn copy_already_beside(&self, target: &Path, stem: &str, plain: &[u8]) -> bool {
        let Some(folder) = target.parent() else {
            return false;
        };
        let prefix = format!("{stem}-from-backup-");
        std::fs::read_dir(folder).is_ok_and(|files| {
            files.flatten().any(|f| {
                f.file_name().to_string_lossy().starts_with(&prefix)
                    && self
                        .read_sealed(&f.path(), 64 * 1024 * 1024)
                        .is_ok_and(|there| there == plain)
            })
        })
    }

    fn read_backup(&self, path: &Path) -> Result<BackupFile, BackupError> {
        let bytes = self
            .read_sealed(path, MAX_BACKUP_BYTES)
            .map_err(|err| match err {
                OpenError::Locked => BackupError::Locked,
                other => BackupError::Damaged(other.to_string()),
            })?;
        parse_backup(&bytes)
    }

    /// A path inside the data folder for a name from a backup, or `None` for one that would
    /// leave it or touch the lock and the keys.
    fn inside(&self, name: &str) -> Option<PathBuf> {
        let parts: Vec<&str> = name.split('/').collect();
        let safe = parts
            .iter()
            .all(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains('\\'));
        let protected = [".lock", MARKER_FILE, IDENTITY_FILE].contains(&name);
        (safe && !protected && !name.starts_with(BACKUPS_FOLDER))
            .then(|| parts.iter().fold(self.root().to_owned(), |p, s| p.join(s)))
    }

    /// Every file a backup holds: all but the lock, the protection files, temporary files and
    /// the backups themselves; names use `/`.
    fn backed_up_files(&self) -> Vec<(String, PathBuf)> {
        let mut found = Vec::new();
        let mut folders = vec![(String::new(), self.root().to_owned())];
        while let Some((prefix, folder)) = folders.pop() {
            let Ok(children) = std::fs::read_dir(&folder) else {
                continue;
            };
            for child in children.flatten() {
                let name = child.file_name().to_string_lossy().into_owned();
                let path = child.path();
                let full = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}/{name}")
                };
                let Ok(kind) = child.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if full != BACKUPS_FOLDER {
                        folders.push((full, path));
                    }
                } else if kind.is_file()
                    && !name.starts_with(TEMP_PREFIX)
                    && ![".lock", MARKER_FILE, IDENTITY_FILE].contains(&full.as_str())
                {
                    found.push((full, path));
                }
            }
        }
        found.sort();
        found
    }
}

/// A backup's content, once decrypted: refused with a plain reason if it is damaged.
fn parse_backup(bytes: &[u8]) -> Result<BackupFile, BackupError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_BACKUP_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| BackupError::Damaged("it is cut short or not a trustwork backup".into()))?;
    let file: BackupFile = ron::from_str(&text)
        .map_err(|e| BackupError::Damaged(crate::workbook::plain_parse_error(&text, &e)))?;
    if file.format > BACKUP_FORMAT {
        return Err(BackupError::Damaged(format!(
            "it was made by a newer trustwork (format {}); update trustwork to restore it",
            file.format
        )));
    }
    Ok(file)
}

/// `backup-20261201T201000-4694.twbak`: when it was made and how many entries it holds, and
/// nothing of what they say.
fn backup_name(made_at: NaiveDateTime, entries: usize) -> String {
    format!("backup-{}-{entries}.twbak", made_at.format("%Y%m%dT%H%M%S"))
}

fn parse_name(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix("backup-")?.strip_suffix(".twbak")?;
    let (stamp, entries) = rest.split_once('-')?;
    Some(BackupInfo {
        path: path.to_owned(),
        made_at: NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S").ok()?,
        entries: entries.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Secret;
    use chrono::TimeZone as _;

    fn write_entry(data: &DataDir, stem: &str, text: &str) -> PathBuf {
        let path = data
            .root()
            .join(format!("entries/daily-check-in/{stem}.ron"));
        super::super::ensure_folder(path.parent().unwrap()).unwrap();
        data.write_sealed(&path, text.as_bytes()).unwrap();
        path
    }

    #[test]
    fn a_backup_holds_the_folder_and_restoring_never_replaces_what_is_here() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::open(dir.path()).unwrap();
        let kept = write_entry(&data, "20261101T210000-1", "first version");
        let gone = write_entry(&data, "20261102T210000-1", "deleted later");
        let now = Local.with_ymd_and_hms(2026, 12, 1, 20, 0, 0).unwrap();
        assert!(data.backup_due(now.naive_local()));
        let made = data.make_backup(now).unwrap();
        assert_eq!(made.entries, 2);
        assert!(!data.backup_due(now.naive_local() + chrono::Duration::hours(5)));
        assert!(data.backup_due(now.naive_local() + chrono::Duration::hours(25)));
        assert_eq!(data.list_backups(), std::slice::from_ref(&made));

        // Since then: one entry changed, one deleted.
        data.write_sealed(&kept, b"second version").unwrap();
        std::fs::remove_file(&gone).unwrap();
        let restored = data.restore_backup(&made.path).unwrap();
        assert_eq!(restored.added, 1, "{restored:?}");
        assert_eq!(restored.added_beside, 1);
        assert_eq!(
            std::fs::read(&kept).unwrap(),
            b"second version",
            "kept as it is"
        );
        assert_eq!(
            std::fs::read(&gone).unwrap(),
            b"deleted later",
            "back again"
        );
        let beside: Vec<_> = std::fs::read_dir(kept.parent().unwrap())
            .unwrap()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().contains("-from-backup-"))
            .collect();
        assert_eq!(beside.len(), 1);
        assert_eq!(std::fs::read(beside[0].path()).unwrap(), b"first version");
        // Restoring again changes nothing more.
        let again = data.restore_backup(&made.path).unwrap();
        assert_eq!(again.added + again.added_beside, 0, "{again:?}");
    }

    /// The backup parser, mutation-tested like the others (`tests/mutation.rs`): 10,000 damaged
    /// backups, deterministic; none panics, each refusal is plain.
    #[test]
    fn ten_thousand_damaged_backups_are_refused_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::open(dir.path()).unwrap();
        write_entry(&data, "20261101T210000-1", "Entry(format: 1)");
        let made = data.make_backup(Local::now()).unwrap();
        let good = std::fs::read(&made.path).unwrap();
        let mut state = 0x6261_636b_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0)
        };
        let mut refused = 0;
        for case in 0..10_000 {
            let mut bytes = good.clone();
            match next() % 3 {
                0 => bytes.truncate(next() % bytes.len()),
                1 => {
                    let at = next() % bytes.len();
                    bytes[at] ^= 1 << (next() % 8);
                }
                _ => {
                    let at = next() % bytes.len();
                    bytes.insert(at, u8::try_from(next() % 256).unwrap_or(0));
                }
            }
            let result = std::panic::catch_unwind(|| parse_backup(&bytes));
            match result {
                Ok(Ok(_)) => {}
                Ok(Err(err)) => {
                    refused += 1;
                    let said = err.to_string();
                    assert!(!said.contains("recursion_limit"), "case {case}: {said}");
                }
                Err(payload) => panic!(
                    "case {case} panicked: {:?}",
                    payload.downcast_ref::<String>()
                ),
            }
        }
        assert!(refused > 5_000, "only {refused} refused");
    }

    #[test]
    fn old_backups_go_but_a_week_and_a_month_a_year_stay() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::open(dir.path()).unwrap();
        write_entry(&data, "20261101T210000-1", "x");
        let start = Local.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap();
        for day in 0..500 {
            data.make_backup(start + chrono::Duration::days(day))
                .unwrap();
        }
        let kept = data.list_backups();
        // 7 newest, plus the first of each of about 12 months within the year.
        assert!(kept.len() >= 12 && kept.len() <= 7 + 13, "{}", kept.len());
        let newest = kept[0].made_at;
        assert!(
            kept.iter()
                .take(7)
                .all(|b| newest - b.made_at < chrono::Duration::days(7))
        );
        assert!(
            kept.iter()
                .all(|b| newest - b.made_at <= chrono::Duration::days(366)),
            "nothing older than a year"
        );
    }

    #[test]
    fn a_protected_folders_backup_is_encrypted_and_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut data = DataDir::open(dir.path()).unwrap();
        data.protect(&Secret::from("a long passphrase"), &mut |_, _| {})
            .unwrap();
        write_entry(&data, "20261101T210000-1", "CANARY-IN-BACKUP");
        let made = data.make_backup(Local::now()).unwrap();
        let bytes = std::fs::read(&made.path).unwrap();
        assert!(crate::store::is_encrypted(&bytes));
        data.lock();
        assert!(matches!(
            data.restore_backup(&made.path),
            Err(BackupError::Locked)
        ));
        data.unlock(&Secret::from("a long passphrase")).unwrap();
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() / 2);
        std::fs::write(&made.path, cut).unwrap();
        assert!(matches!(
            data.restore_backup(&made.path),
            Err(BackupError::Damaged(_))
        ));
    }
}
