//! The trash: deleted entries are moved here, whole, and can be moved back.

use std::path::PathBuf;

use super::durable::sync_folder;
use super::read::MAX_ENTRY_BYTES;
use super::{Access, DataDir};
use crate::journal::{Entry, EntryId};

/// Why an entry could not be moved.
#[derive(Debug, thiserror::Error)]
pub enum TrashError {
    /// Another window holds the folder.
    #[error("this window is read-only because another trustwork window is open")]
    ReadOnly,
    /// The move failed; nothing was lost.
    #[error("could not move the entry ({}); it is still where it was. Check the data folder's permissions: {}", crate::files::plain(source), path.display())]
    Move {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl DataDir {
    /// Where a trashed entry lives.
    pub fn trash_path(&self, id: &EntryId) -> PathBuf {
        self.root()
            .join("trash")
            .join(&id.workbook_id)
            .join(format!("{}.ron", id.stem))
    }

    /// Moves an entry's file to the trash.
    pub fn move_to_trash(&self, id: &EntryId) -> Result<(), TrashError> {
        self.move_entry(&self.entry_path(id), &self.trash_path(id))
    }

    /// Moves an entry's file back from the trash. Refuses if an entry of that name is there
    /// again, so a restore never replaces anything.
    pub fn restore_from_trash(&self, id: &EntryId) -> Result<(), TrashError> {
        let target = self.entry_path(id);
        if target.exists() {
            return Err(TrashError::Move {
                path: target,
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "an entry with this name exists again",
                ),
            });
        }
        self.move_entry(&self.trash_path(id), &target)
    }

    fn move_entry(&self, from: &std::path::Path, to: &std::path::Path) -> Result<(), TrashError> {
        if self.access() == Access::ReadOnly {
            return Err(TrashError::ReadOnly);
        }
        let fail = |source| TrashError::Move {
            path: from.to_owned(),
            source,
        };
        if let Some(folder) = to.parent() {
            super::ensure_folder(folder).map_err(fail)?;
        }
        std::fs::rename(from, to).map_err(fail)?;
        for folder in [from.parent(), to.parent()].into_iter().flatten() {
            sync_folder(folder).ok();
        }
        Ok(())
    }

    /// Entries in the trash, oldest first; unreadable files there are left alone.
    pub fn load_trash(&self) -> Vec<(EntryId, Entry)> {
        let mut found = Vec::new();
        let Ok(folders) = std::fs::read_dir(self.root().join("trash")) else {
            return found;
        };
        for folder in folders.flatten() {
            let workbook_id = folder.file_name().to_string_lossy().into_owned();
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for file in files.flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                let Some(stem) = name.strip_suffix(".ron") else {
                    continue;
                };
                let Ok(Ok(text)) = self
                    .read_sealed(&file.path(), MAX_ENTRY_BYTES)
                    .map(String::from_utf8)
                else {
                    continue;
                };
                if let Ok(entry) = Entry::from_ron(&text) {
                    found.push((
                        EntryId {
                            workbook_id: workbook_id.clone(),
                            stem: stem.to_owned(),
                        },
                        entry,
                    ));
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::bundled_workbook;

    #[test]
    fn trash_and_restore_keep_the_file_whole() {
        let (_dir, data) = DataDir::temporary();
        let wb = bundled_workbook("daily-check-in").unwrap();
        let entry = Entry::new(&wb, chrono::Local::now());
        let id = EntryId::new("daily-check-in", entry.started_at, |_| false);
        let path = data.entry_path(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = entry.to_ron().unwrap();
        std::fs::write(&path, &text).unwrap();

        data.move_to_trash(&id).unwrap();
        assert!(!path.exists());
        assert!(data.load().journal.entries.is_empty());
        assert_eq!(data.load_trash(), [(id.clone(), entry.clone())]);

        // A restore never replaces an entry that is there again.
        std::fs::write(&path, "newer").unwrap();
        assert!(data.restore_from_trash(&id).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "newer");
        std::fs::remove_file(&path).unwrap();

        data.restore_from_trash(&id).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert!(data.load_trash().is_empty());
        assert!(
            data.move_to_trash(&EntryId {
                workbook_id: "x".into(),
                stem: "y".into()
            })
            .is_err()
        );
    }
}
