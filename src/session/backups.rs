//! Backups on the privacy screen: the list, and restoring one (asked first) without ever
//! replacing what is in the folder.

use super::{Effect, Notice, Session};
use crate::store::{BackupInfo, Restored};

impl Session {
    /// The backups part of the privacy screen.
    pub fn backups_form(&mut self) -> &mut super::BackupsForm {
        &mut self.backups
    }

    /// "Restore from this backup?" was answered.
    pub(super) fn confirm_restore(&mut self, yes: bool) -> Vec<Effect> {
        let Some(path) = self.backups.confirm.take() else {
            return Vec::new();
        };
        if !yes || self.backups.busy {
            return Vec::new();
        }
        if !self.editable() {
            self.backups.message = Some(Notice::warning(
                "This window cannot save, so nothing can be restored here. Use the window that can.",
            ));
            return Vec::new();
        }
        self.backups.busy = true;
        self.backups.message = Some(Notice::info("Restoring…"));
        self.request(super::Asker::RestoreBackup);
        vec![Effect::RestoreBackup(path)]
    }

    /// The day's backup, written as the folder opened: quiet when it worked.
    pub(super) fn backup_made(&mut self, result: Result<BackupInfo, String>) -> Vec<Effect> {
        match result {
            Ok(_) => vec![Effect::ListBackups],
            Err(why) => {
                self.notices.push(Notice::warning(why));
                Vec::new()
            }
        }
    }

    pub(super) fn backup_restored(&mut self, result: Result<Restored, String>) {
        self.backups.busy = false;
        self.backups.message = Some(match result {
            Ok(done) => Notice::info(format!(
                "Restored. {} {} came back; {} that differ from yours now were added beside them as entries of their own; nothing of yours was replaced.",
                done.added,
                if done.added == 1 { "file" } else { "files" },
                done.added_beside,
            )),
            Err(why) => Notice::warning(why),
        });
    }
}
