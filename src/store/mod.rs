//! The data folder: where entries and imported workbooks live, the single-writer lock,
//! durable writes, quarantine of unreadable files, and the background saver.
//!
//! Never imports egui. Never overwrites a file it could not read.

mod backup;
mod durable;
mod protect;
mod read;
mod saver;
mod settings;
mod sharing;
mod trash;

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

pub use backup::{BACKUPS_FOLDER, BackupError, BackupInfo, Restored};
pub use durable::{create_private, is_temp_name, write_durable};
pub use protect::{
    Converted, Direction, IDENTITY_FILE, MARKER_FILE, OpenError, ProtectError, Secret, is_encrypted,
};
pub use read::{ImportError, LoadReport, Quarantined, UnreadableWorkbook};
pub use saver::{Fingerprint, SaveJob, SaveKey, SaveOutcome, Saver};
pub use settings::{SETTINGS_FORMAT, Settings};
pub use sharing::{SHARING_KEY_FILE, SharingInfo, SharingKey, SharingKeyError};
pub use trash::TrashError;

use crate::journal::EntryId;

/// Why the data folder could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A folder could not be created or opened.
    #[error("cannot use the data folder: {}. Check that it exists and that you may write to it, or start with --data-dir pointing elsewhere: {}", crate::files::plain(source), path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },

    /// No data folder could be found from the platform's conventions.
    #[error("no home folder was found for the data; start with --data-dir DIR")]
    NoHome,

    /// The folder is protected and its protection files cannot be read.
    #[error("{0}")]
    Protection(#[from] ProtectError),
}

/// Whether this process may write to the data folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// We hold the lock.
    ReadWrite,
    /// Another trustwork holds the lock: we only read.
    ReadOnly,
}

/// An opened data folder.
#[derive(Debug)]
pub struct DataDir {
    root: PathBuf,
    access: Access,
    /// Held open for as long as we are the writer; dropping it releases the lock.
    _lock: Option<File>,
    /// The keys, when the folder is protected with a passphrase.
    keys: Option<protect::Keys>,
}

impl DataDir {
    /// The platform's usual place for app data, such as `~/.local/share/trustwork`.
    pub fn default_root() -> Result<PathBuf, StoreError> {
        directories::ProjectDirs::from("", "", "trustwork")
            .map(|dirs| dirs.data_dir().to_owned())
            .ok_or(StoreError::NoHome)
    }

    /// Opens (and creates if needed) a data folder, taking the writer's lock if it is free.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let folder_error = |path: &Path| {
            let path = path.to_owned();
            move |source| StoreError::Folder { path, source }
        };
        create_private_folder(root).map_err(folder_error(root))?;
        let lock_path = root.join(".lock");
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .or_else(|_| File::open(&lock_path));
        let (access, lock) = match lock {
            Ok(file) => match file.try_lock() {
                Ok(()) => (Access::ReadWrite, Some(file)),
                Err(TryLockError::WouldBlock) => (Access::ReadOnly, None),
                Err(TryLockError::Error(source)) => {
                    return Err(StoreError::Folder {
                        path: lock_path,
                        source,
                    });
                }
            },
            // A folder we cannot even create a lock file in is one we cannot write to either;
            // reading what is there is still useful.
            Err(_) => (Access::ReadOnly, None),
        };
        if access == Access::ReadWrite {
            tidy(root);
            for sub in ["entries", "workbooks", "quarantine"] {
                let path = root.join(sub);
                create_private_folder(&path).map_err(folder_error(&path))?;
            }
        }
        let keys = Self::read_marker(root)?;
        Ok(Self {
            root: root.to_owned(),
            access,
            _lock: lock,
            keys,
        })
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether we may write.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Where an entry lives.
    pub fn entry_path(&self, id: &EntryId) -> PathBuf {
        self.root
            .join("entries")
            .join(&id.workbook_id)
            .join(format!("{}.ron", id.stem))
    }

    /// Where imported workbooks live.
    pub fn workbooks_folder(&self) -> PathBuf {
        self.root.join("workbooks")
    }

    /// Where unreadable files are set aside.
    pub fn quarantine_folder(&self) -> PathBuf {
        self.root.join("quarantine")
    }
}

/// Makes sure a folder for files exists: a new one is private to its owner and is flushed into
/// its parent, so a power cut cannot lose the folder (and the first file in it) after the file
/// was reported saved.
pub fn ensure_folder(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    create_private_folder(path)?;
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => durable::sync_folder(parent),
        None => Ok(()),
    }
}

/// Creates a folder (and its parents) that only its owner may open, on Unix.
pub fn create_private_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Run by the writer when the folder opens: removes temporary files a crash left behind (no
/// other writer can be using them: we hold the lock), and, the first time, makes the folder and
/// everything in it private to its owner (0700 folders, 0600 files) on Unix.
fn tidy(root: &Path) {
    #[cfg(unix)]
    let tighten = {
        use std::os::unix::fs::PermissionsExt as _;
        let private = |mode: u32| std::fs::Permissions::from_mode(mode);
        let loose = std::fs::metadata(root).is_ok_and(|m| m.permissions().mode() & 0o077 != 0);
        if loose {
            std::fs::set_permissions(root, private(0o700)).ok();
        }
        move |path: &Path, folder: bool| {
            if loose {
                std::fs::set_permissions(path, private(if folder { 0o700 } else { 0o600 })).ok();
            }
        }
    };
    #[cfg(not(unix))]
    let tighten = |_: &Path, _: bool| {};
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(children) = std::fs::read_dir(&folder) else {
            continue;
        };
        for child in children.flatten() {
            let path = child.path();
            match child.file_type() {
                Ok(kind) if kind.is_dir() => {
                    tighten(&path, true);
                    folders.push(path);
                }
                Ok(kind) if kind.is_file() => {
                    if is_temp_name(&child.file_name().to_string_lossy()) {
                        std::fs::remove_file(&path).ok();
                    } else {
                        tighten(&path, false);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
impl DataDir {
    /// A fresh data folder inside a temporary one, which is removed when the guard drops.
    pub(crate) fn temporary() -> (tempfile::TempDir, Self) {
        let dir = tempfile::tempdir().expect("a temporary folder for a test");
        let data = Self::open(dir.path()).expect("a data folder in a fresh temporary folder");
        (dir, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_open_is_read_only_until_the_first_closes() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataDir::open(dir.path()).unwrap();
        assert_eq!(first.access(), Access::ReadWrite);
        let second = DataDir::open(dir.path()).unwrap();
        assert_eq!(second.access(), Access::ReadOnly);
        drop(second);
        drop(first);
        assert_eq!(
            DataDir::open(dir.path()).unwrap().access(),
            Access::ReadWrite
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_writer_removes_stale_temp_files_and_makes_everything_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let entries = dir.path().join("entries").join("w");
        std::fs::create_dir_all(&entries).unwrap();
        let stale = entries.join(".tmp-1-0-a.ron");
        std::fs::write(&stale, "half an answer").unwrap();
        let entry = entries.join("a.ron");
        std::fs::write(&entry, "Entry()").unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o644)).unwrap();

        let _data = DataDir::open(dir.path()).unwrap();
        assert!(!stale.exists());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&entries), 0o700);
        assert_eq!(mode(&entry), 0o600);
    }
}
