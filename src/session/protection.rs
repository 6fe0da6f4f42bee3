//! Protection with a passphrase, as the session sees it: the lock screen, the privacy screen,
//! locking (by hand, after idle time, or with quick hide), and the recovery key shown once.
//!
//! Locking drops every decrypted thing the session holds by replacing it with a fresh session
//! on the lock screen; what was sent to be saved is already encrypted on its way to the disk.

use std::path::PathBuf;
use std::time::Duration;

use super::{Asker, DialogPurpose, Effect, Folder, Notice, Screen, Session};
use crate::store::Secret;

/// The lock screen's form.
#[derive(Default)]
pub struct LockForm {
    /// The passphrase being typed.
    pub passphrase: String,
    /// Unlocking with the recovery key instead.
    pub use_recovery: bool,
    /// The recovery key being pasted.
    pub recovery_key: String,
    /// The new passphrase, with the recovery key.
    pub new_passphrase: String,
    /// The new passphrase again.
    pub new_again: String,
    /// Why the last try did not unlock, in calm words.
    pub message: Option<String>,
    /// Waiting for the key to be derived and the answers read.
    pub unlocking: bool,
}

impl Drop for LockForm {
    fn drop(&mut self) {
        for text in [
            &mut self.passphrase,
            &mut self.recovery_key,
            &mut self.new_passphrase,
            &mut self.new_again,
        ] {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// The privacy screen's form.
#[derive(Default)]
pub struct PrivacyForm {
    /// A new passphrase being typed.
    pub passphrase: String,
    /// The same again.
    pub again: String,
    /// The result of the last step.
    pub message: Option<Notice>,
    /// What is under way, in words, while it is.
    pub busy: Option<&'static str>,
    /// Files converted so far, of how many.
    pub progress: (usize, usize),
    /// The recovery key, shown once after protection is turned on.
    pub recovery_key: Option<Secret>,
    /// Where to save the recovery key.
    pub recovery_path: String,
    /// Turning protection off was asked for once; the second press does it.
    pub confirm_off: bool,
}

impl Drop for PrivacyForm {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.passphrase);
        zeroize::Zeroize::zeroize(&mut self.again);
    }
}

/// The minutes the privacy screen offers for locking by itself; 0 is never.
pub const AUTO_LOCK_CHOICES: [u32; 6] = [1, 5, 15, 30, 60, 0];

impl Session {
    /// Whether the data folder is protected with a passphrase (locked or not).
    pub fn is_protected(&self) -> bool {
        match &self.folder {
            Folder::Open(info) | Folder::Locked(info) => info.protected,
            Folder::Opening | Folder::Missing => false,
        }
    }

    /// Whether the folder is locked: only the lock screen shows.
    pub fn is_locked(&self) -> bool {
        matches!(self.folder, Folder::Locked(_))
    }

    /// Whether quick hide is on: the window shows a neutral screen.
    pub fn is_hidden(&self) -> bool {
        self.hidden
    }

    /// Rises every time the window locks or hides, so the shell clears what egui remembers
    /// (text being edited, undo).
    pub fn privacy_epoch(&self) -> u64 {
        self.privacy_epoch
    }

    /// How long without input before the window locks by itself, when it may.
    pub fn auto_lock_after(&self) -> Option<Duration> {
        let minutes = self.settings.auto_lock_minutes;
        (self.is_protected() && !self.is_locked() && minutes > 0)
            .then(|| Duration::from_secs(u64::from(minutes) * 60))
    }

    /// The lock screen's form and the privacy screen's form, lent for a frame.
    pub fn protection_forms(&mut self) -> (&mut LockForm, &mut PrivacyForm) {
        (&mut self.lock_form, &mut self.privacy)
    }

    /// Unlocks with the passphrase typed on the lock screen.
    pub(super) fn unlock(&mut self) -> Vec<Effect> {
        if !self.is_locked() || self.lock_form.unlocking {
            return Vec::new();
        }
        let form = &mut self.lock_form;
        let how = if form.use_recovery {
            if form.new_passphrase != form.new_again {
                form.message =
                    Some("The two new passphrases are not the same; type them again.".to_owned());
                return Vec::new();
            }
            if form.new_passphrase.is_empty() {
                form.message = Some("Choose a new passphrase to use from now on.".to_owned());
                return Vec::new();
            }
            let key = Secret::new(&mut form.recovery_key);
            zeroize::Zeroize::zeroize(&mut form.new_again);
            super::Unlock::RecoveryKey {
                key,
                new_passphrase: Secret::new(&mut form.new_passphrase),
            }
        } else {
            if form.passphrase.is_empty() {
                form.message = Some("Type your passphrase, then press Enter.".to_owned());
                return Vec::new();
            }
            super::Unlock::Passphrase(Secret::new(&mut form.passphrase))
        };
        form.unlocking = true;
        form.message = None;
        vec![Effect::Unlock(self.request(Asker::Unlock), how)]
    }

    /// The key was derived (the answers are being read next), or why not.
    pub(super) fn unlocked(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => {
                // The read that follows answers as the first one did.
                self.request(Asker::Load);
            }
            Err(message) => {
                self.lock_form.unlocking = false;
                self.lock_form.message = Some(message);
            }
        }
    }

    /// Locks: everything decrypted is dropped, and the lock screen shows. Does nothing unless
    /// the folder is protected and open.
    pub(super) fn lock(&mut self) -> Vec<Effect> {
        let Folder::Open(info) = &self.folder else {
            return Vec::new();
        };
        if !info.protected {
            return Vec::new();
        }
        let info = info.clone();
        let (mut fresh, _) = Session::new(None);
        fresh.pending.clear();
        fresh.folder = Folder::Locked(info);
        fresh.screen = Screen::Locked;
        // What was sent to be saved is already encrypted; its answers still count.
        fresh.saving = std::mem::take(&mut self.saving);
        fresh.last_id = self.last_id;
        fresh.hidden = self.hidden;
        fresh.privacy_epoch = self.privacy_epoch + 1;
        *self = fresh;
        vec![Effect::Lock]
    }

    /// Quick hide: a neutral screen at once, and locked if the folder is protected.
    pub(super) fn hide(&mut self) -> Vec<Effect> {
        self.hidden = true;
        self.privacy_epoch += 1;
        self.lock()
    }

    /// Turns protection on with the passphrase typed twice on the privacy screen.
    pub(super) fn protect(&mut self) -> Vec<Effect> {
        if self.is_protected() || self.privacy.busy.is_some() || !self.editable() {
            return Vec::new();
        }
        let Some(passphrase) = self.take_new_passphrase() else {
            return Vec::new();
        };
        self.privacy.busy = Some("Protecting your answers…");
        self.privacy.progress = (0, 0);
        vec![Effect::Protect(self.request(Asker::Protect), passphrase)]
    }

    /// Stores the identity under the passphrase typed twice.
    pub(super) fn change_passphrase(&mut self) -> Vec<Effect> {
        if !self.is_protected() || self.privacy.busy.is_some() || !self.editable() {
            return Vec::new();
        }
        let Some(passphrase) = self.take_new_passphrase() else {
            return Vec::new();
        };
        self.privacy.busy = Some("Changing the passphrase…");
        vec![Effect::ChangePassphrase(
            self.request(Asker::ChangePassphrase),
            passphrase,
        )]
    }

    /// Turns protection off, on the second press.
    pub(super) fn unprotect(&mut self) -> Vec<Effect> {
        if !self.is_protected() || self.privacy.busy.is_some() || !self.editable() {
            return Vec::new();
        }
        if !self.privacy.confirm_off {
            self.privacy.confirm_off = true;
            return Vec::new();
        }
        self.privacy.confirm_off = false;
        self.privacy.busy = Some("Turning protection off…");
        self.privacy.progress = (0, 0);
        vec![Effect::Unprotect(self.request(Asker::Unprotect))]
    }

    /// The passphrase typed twice, or a message saying what is wrong.
    fn take_new_passphrase(&mut self) -> Option<Secret> {
        let form = &mut self.privacy;
        form.confirm_off = false;
        let problem = if form.passphrase.is_empty() {
            Some("Type a passphrase in both fields.")
        } else if form.passphrase != form.again {
            Some("The two passphrases are not the same; type them again.")
        } else if form.passphrase.chars().count() < 8 {
            Some(
                "Use at least 8 characters; a few ordinary words in a row are easy to remember and hard to guess.",
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            form.message = Some(Notice::warning(problem));
            return None;
        }
        zeroize::Zeroize::zeroize(&mut form.again);
        form.message = None;
        Some(Secret::new(&mut form.passphrase))
    }

    /// A step on the privacy screen finished.
    pub(super) fn protection_done(
        &mut self,
        asker: &Asker,
        result: Result<Option<Secret>, String>,
    ) {
        self.privacy.busy = None;
        let message = match (asker, result) {
            (_, Err(message)) => Notice::warning(message),
            (Asker::Protect, Ok(key)) => {
                self.set_protected(true);
                self.privacy.recovery_key = key;
                Notice::info(
                    "Your answers are protected. From now on trustwork asks for your passphrase when it opens.",
                )
            }
            (Asker::Unprotect, Ok(_)) => {
                self.set_protected(false);
                Notice::info("Protection is off: your answers are stored as plain files again.")
            }
            (_, Ok(_)) => Notice::info("The passphrase is changed. Use the new one from now on."),
        };
        self.privacy.message = Some(message);
    }

    fn set_protected(&mut self, protected: bool) {
        if let Folder::Open(info) = &mut self.folder {
            info.protected = protected;
        }
    }

    /// Writes the recovery key to the path typed on the privacy screen.
    pub(super) fn save_recovery_key(&mut self) -> Vec<Effect> {
        let Some(key) = &self.privacy.recovery_key else {
            return Vec::new();
        };
        let path = self.privacy.recovery_path.trim();
        if path.is_empty() {
            self.privacy.message = Some(Notice::warning(
                "Type where to save the key, or choose a place with \"Choose…\".",
            ));
            return Vec::new();
        }
        let path = PathBuf::from(path);
        let text = recovery_file_text(key, self.folder_root());
        self.privacy.busy = Some("Saving the recovery key…");
        vec![Effect::WriteFile(
            self.request(Asker::WriteRecoveryKey),
            path,
            text.into_bytes(),
        )]
    }

    /// Asks the desktop where to save the recovery key.
    pub(super) fn pick_recovery_path(&mut self) -> Vec<Effect> {
        if self.dialog.is_some() || self.privacy.recovery_key.is_none() {
            return Vec::new();
        }
        let request = self.request(Asker::PickRecoveryPath);
        self.dialog = Some(request);
        let suggested = Some(PathBuf::from(self.privacy.recovery_path.trim()))
            .filter(|p| p.file_name().is_some())
            .or_else(|| Some(PathBuf::from("trustwork-recovery-key.txt")));
        vec![Effect::PickFile(request, DialogPurpose::SaveTo, suggested)]
    }

    fn folder_root(&self) -> Option<PathBuf> {
        match &self.folder {
            Folder::Open(info) | Folder::Locked(info) => Some(info.root.clone()),
            Folder::Opening | Folder::Missing => None,
        }
    }
}

/// The recovery key file: comments the `age` tool skips, then the key.
fn recovery_file_text(key: &Secret, root: Option<PathBuf>) -> String {
    let folder = root.map_or_else(
        || "your data folder".to_owned(),
        |r| r.display().to_string(),
    );
    format!(
        "# trustwork recovery key, made {}.\n\
         # It opens every file in {folder} without the passphrase, in trustwork\n\
         # (\"Use the recovery key\" on the lock screen) or with the age tool:\n\
         #   age -d -i THIS-FILE entries/daily-check-in/SOME-ENTRY.ron\n\
         # Keep it away from this computer: on paper, or a stick only you have.\n\
         {}\n",
        chrono::Local::now().format("%Y-%m-%d"),
        key.expose()
    )
}
