//! Protection with a passphrase, in the age format (the `age` crate; no cryptography of our
//! own).
//!
//! - The person's X25519 identity (the recovery key) lives in `identity.age`, encrypted under
//!   the passphrase with age's scrypt recipient: the standard `age` tool opens it too.
//! - Every other file in the folder is an age file encrypted to the identity's public key,
//!   which `protection.ron` holds in the clear. Writing never needs the passphrase; changing
//!   it re-wraps only the identity.
//! - Files keep their names; whether one is encrypted is told from its first bytes, so a folder
//!   half converted when the power went reads whole, and conversion resumes where it stopped.
//!
//! Never imports egui; never logs or prints a secret.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::time::{Duration, Instant};

use age::secrecy::{ExposeSecret as _, SecretString};
use age::x25519;
use serde::{Deserialize, Serialize};

use super::durable::{TEMP_PREFIX, sync_folder, write_durable, write_durable_checked};
use super::{Access, DataDir};
use crate::files::read_bounded;

/// The first bytes of every binary age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// The file that says a folder is protected, and with which public key.
pub const MARKER_FILE: &str = "protection.ron";

/// The identity, encrypted under the passphrase.
pub const IDENTITY_FILE: &str = "identity.age";

/// The scrypt work factor is tuned to about one second on this computer by `age`, and never set
/// above 2^19 (512 MiB of memory for that second, freed at once).
const MAX_WORK_FACTOR: u8 = 19;

/// An identity file asking for more than 2^20 is not one we wrote: refused before any work.
const MAX_ACCEPTED_WORK_FACTOR: u8 = 20;

/// The largest file conversion reads: far above any entry, workbook or note.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A secret the person typed or was shown: a passphrase or the recovery key. Its `Debug` never
/// shows it, and its memory is wiped when it drops.
pub struct Secret(SecretString);

impl Secret {
    /// Takes the text in, wiping the `String` it came in.
    pub fn new(text: &mut String) -> Self {
        let secret = Self(SecretString::from(text.as_str()));
        zeroize::Zeroize::zeroize(text);
        secret
    }

    /// The secret's text, for the one moment it is needed.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self(SecretString::from(text))
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Self::from(self.expose())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

/// Which way a conversion goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum Direction {
    /// Encrypting every plain file.
    Protect,
    /// Decrypting every encrypted file.
    Unprotect,
}

/// `protection.ron`: the public key, and a conversion that has not finished.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
struct Marker {
    /// The public key every file is encrypted to, `age1…`.
    recipient: String,
    /// A conversion that started and has not finished.
    #[serde(default)]
    converting: Option<Direction>,
}

/// The keys of a protected folder.
pub(super) struct Keys {
    /// Files are encrypted to this.
    recipient: x25519::Recipient,
    /// Present once unlocked; dropped (and wiped by `x25519-dalek`) on lock.
    identity: Option<x25519::Identity>,
    /// A conversion to finish after unlocking.
    converting: Option<Direction>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("recipient", &self.recipient.to_string())
            .field("unlocked", &self.identity.is_some())
            .field("converting", &self.converting)
            .finish()
    }
}

/// Why protection could not be read, turned on, changed or turned off. Every message says what
/// to do, and none holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum ProtectError {
    /// The passphrase did not open the identity.
    #[error(
        "That passphrase did not unlock your answers. Nothing was changed; check Caps Lock and try again, or use your recovery key."
    )]
    WrongPassphrase,
    /// The recovery key is not this folder's.
    #[error(
        "That recovery key does not belong to this data folder. Nothing was changed; paste the whole line that starts with AGE-SECRET-KEY-1."
    )]
    WrongRecoveryKey,
    /// The folder is locked and the work needs the key.
    #[error("Unlock first: this needs your passphrase.")]
    Locked,
    /// Another window holds the folder.
    #[error(
        "This window is read-only because another trustwork window is open; do this from that window."
    )]
    ReadOnly,
    /// Already protected, or not protected.
    #[error("{0}")]
    State(&'static str),
    /// `protection.ron` or `identity.age` is damaged.
    #[error(
        "The protection files in the data folder are damaged ({0}). Nothing was changed; your recovery key still opens every file with the age tool (see the README)."
    )]
    Damaged(String),
    /// The disk refused.
    #[error("Could not write {}: {}. Nothing already saved was changed; free some space or check the folder's permissions, then try again.", path.display(), crate::files::plain(source))]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Some files could not be converted; they are listed.
    #[error("{count} file(s) could not be converted and were left as they were (the first: {}). Nothing was lost; see the README's section on protection.", first.display())]
    Unconverted {
        /// How many.
        count: usize,
        /// The first of them.
        first: PathBuf,
    },
}

/// Why a file in the folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// It could not be read at all.
    #[error("cannot read it: {0}")]
    Read(#[from] crate::files::ReadError),
    /// It is encrypted and the folder is locked.
    #[error("it is encrypted and the folder is locked")]
    Locked,
    /// It is encrypted and did not decrypt: damaged, cut short, or made with another key.
    #[error(
        "it is encrypted and could not be decrypted (damaged, cut short, or made with another key)"
    )]
    Damaged,
}

/// How far a conversion has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// Files changed.
    pub changed: usize,
    /// Files already in the new form.
    pub already: usize,
}

/// Whether these bytes are a binary age file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

impl DataDir {
    /// Reads `protection.ron`, if there is one: called when the folder opens.
    pub(super) fn read_marker(root: &Path) -> Result<Option<Keys>, ProtectError> {
        let path = root.join(MARKER_FILE);
        let bytes = match read_bounded(&path, 64 * 1024) {
            Ok(bytes) => bytes,
            Err(err) if err.is_not_found() => return Ok(None),
            Err(err) => return Err(ProtectError::Damaged(format!("{MARKER_FILE}: {err}"))),
        };
        let marker: Marker = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| ron::from_str(text).ok())
            .ok_or_else(|| ProtectError::Damaged(format!("{MARKER_FILE} cannot be read")))?;
        let recipient = x25519::Recipient::from_str(&marker.recipient)
            .map_err(|_| ProtectError::Damaged(format!("{MARKER_FILE} has no valid key")))?;
        Ok(Some(Keys {
            recipient,
            identity: None,
            converting: marker.converting,
        }))
    }

    /// Whether the folder is protected with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.keys.is_some()
    }

    /// Whether the folder is protected and not unlocked yet.
    pub fn is_locked(&self) -> bool {
        self.keys.as_ref().is_some_and(|k| k.identity.is_none())
    }

    /// The public key files are encrypted to (`age1…`), when protected.
    pub fn public_key(&self) -> Option<String> {
        self.keys.as_ref().map(|k| k.recipient.to_string())
    }

    /// Unlocks with the passphrase: derives the key (about a second, by design) and opens the
    /// identity. A wrong passphrase changes no file.
    pub fn unlock(&mut self, passphrase: &Secret) -> Result<(), ProtectError> {
        let Some(keys) = &self.keys else {
            return Ok(());
        };
        let sealed = read_bounded(&self.root().join(IDENTITY_FILE), 64 * 1024)
            .map_err(|err| ProtectError::Damaged(format!("{IDENTITY_FILE}: {err}")))?;
        let mut scrypt = age::scrypt::Identity::new(SecretString::from(passphrase.expose()));
        scrypt.set_max_work_factor(MAX_ACCEPTED_WORK_FACTOR);
        let text = age::decrypt(&scrypt, &sealed).map_err(|err| match err {
            age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => {
                ProtectError::WrongPassphrase
            }
            other => ProtectError::Damaged(format!("{IDENTITY_FILE}: {other}")),
        })?;
        let mut text = text;
        let identity = parse_identity(&text);
        zeroize::Zeroize::zeroize(&mut text);
        let identity = identity
            .ok_or_else(|| ProtectError::Damaged(format!("{IDENTITY_FILE} holds no key")))?;
        if identity.to_public().to_string() != keys.recipient.to_string() {
            return Err(ProtectError::Damaged(format!(
                "{IDENTITY_FILE} does not match {MARKER_FILE}"
            )));
        }
        self.set_identity(identity);
        Ok(())
    }

    /// Unlocks with the recovery key instead of the passphrase (then set a new passphrase with
    /// [`DataDir::change_passphrase`]).
    pub fn unlock_with_recovery_key(&mut self, key: &Secret) -> Result<(), ProtectError> {
        let Some(keys) = &self.keys else {
            return Ok(());
        };
        let identity =
            parse_identity(key.expose().as_bytes()).ok_or(ProtectError::WrongRecoveryKey)?;
        if identity.to_public().to_string() != keys.recipient.to_string() {
            return Err(ProtectError::WrongRecoveryKey);
        }
        self.set_identity(identity);
        Ok(())
    }

    fn set_identity(&mut self, identity: x25519::Identity) {
        if let Some(keys) = &mut self.keys {
            keys.identity = Some(identity);
        }
    }

    /// Drops the identity: the folder is locked again. Writing still works.
    pub fn lock(&mut self) {
        if let Some(keys) = &mut self.keys {
            keys.identity = None;
        }
    }

    /// A conversion that a kill interrupted, to finish now that the folder is unlocked.
    pub fn unfinished_conversion(&self) -> Option<Direction> {
        self.keys.as_ref().and_then(|k| k.converting)
    }

    /// The bytes to write for a file's content: encrypted when the folder is protected. If
    /// encryption ever failed, the error is returned and nothing plain is written.
    pub fn seal(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        match &self.keys {
            Some(keys) => age::encrypt(&keys.recipient, plain).map_err(std::io::Error::other),
            None => Ok(plain.to_vec()),
        }
    }

    /// Writes a file's content durably, encrypted when the folder is protected.
    pub fn write_sealed(&self, path: &Path, plain: &[u8]) -> std::io::Result<()> {
        write_durable(path, &self.seal(plain)?)
    }

    /// Reads a file in the folder, decrypting it if it is encrypted. A plain file reads as it is
    /// (a folder whose conversion was cut short holds both).
    pub fn read_sealed(&self, path: &Path, limit_bytes: u64) -> Result<Vec<u8>, OpenError> {
        self.read_sealed_kind(path, limit_bytes)
            .map(|(bytes, _)| bytes)
    }

    /// Like [`DataDir::read_sealed`], also saying whether the file was encrypted.
    pub fn read_sealed_kind(
        &self,
        path: &Path,
        limit_bytes: u64,
    ) -> Result<(Vec<u8>, bool), OpenError> {
        let bytes = read_bounded(path, limit_bytes)?;
        let encrypted = is_encrypted(&bytes);
        self.open_bytes(bytes).map(|plain| (plain, encrypted))
    }

    /// Encrypts every plain file in a protected folder (put there from outside, or left by a
    /// conversion cut short). Does nothing in a plain folder.
    pub fn seal_plain_files(&self, progress: &mut dyn FnMut(usize, usize)) -> Converted {
        if self.keys.is_none() {
            return Converted::default();
        }
        self.convert_all(Direction::Protect, progress).0
    }

    fn open_bytes(&self, bytes: Vec<u8>) -> Result<Vec<u8>, OpenError> {
        if !is_encrypted(&bytes) {
            return Ok(bytes);
        }
        let identity = self
            .keys
            .as_ref()
            .and_then(|k| k.identity.as_ref())
            .ok_or(OpenError::Locked)?;
        age::decrypt(identity, &bytes).map_err(|_| OpenError::Damaged)
    }

    /// Turns protection on: makes an identity, stores it under the passphrase, and encrypts every
    /// file. Returns the recovery key, to show the person once.
    pub fn protect(
        &mut self,
        passphrase: &Secret,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Secret, ProtectError> {
        if self.access() == Access::ReadOnly {
            return Err(ProtectError::ReadOnly);
        }
        if self.keys.is_some() {
            return Err(ProtectError::State("Your answers are already protected."));
        }
        if passphrase.is_empty() {
            return Err(ProtectError::State("Type a passphrase first."));
        }
        let identity = x25519::Identity::generate();
        let recipient = identity.to_public();
        let recovery = Secret(identity.to_string());
        self.write_identity(&identity, passphrase)?;
        self.write_marker(&recipient, Some(Direction::Protect))?;
        self.keys = Some(Keys {
            recipient,
            identity: Some(identity),
            converting: Some(Direction::Protect),
        });
        self.finish_conversion(progress)?;
        Ok(recovery)
    }

    /// Finishes the conversion `protection.ron` says is under way (after a kill, or the one just
    /// started), then records that it is done.
    pub fn finish_conversion(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Converted, ProtectError> {
        let Some(direction) = self.unfinished_conversion() else {
            return Ok(Converted::default());
        };
        if self.is_locked() {
            return Err(ProtectError::Locked);
        }
        let (converted, failed) = self.convert_all(direction, progress);
        match direction {
            Direction::Protect => {
                if let Some(keys) = &self.keys {
                    let recipient = keys.recipient.clone();
                    self.write_marker(&recipient, None)?;
                }
                if let Some(keys) = &mut self.keys {
                    keys.converting = None;
                }
            }
            Direction::Unprotect => {
                if !failed.is_empty() {
                    // What could not be decrypted stays readable with the key: keep a copy of
                    // the identity beside the set-aside files.
                    let kept = self.quarantine_folder().join(IDENTITY_FILE);
                    std::fs::copy(self.root().join(IDENTITY_FILE), &kept).ok();
                }
                // The marker goes first: a kill after it leaves a plain folder and a spare key.
                remove_durably(&self.root().join(MARKER_FILE))?;
                remove_durably(&self.root().join(IDENTITY_FILE))?;
                self.keys = None;
            }
        }
        if let Some(first) = failed.first() {
            return Err(ProtectError::Unconverted {
                count: failed.len(),
                first: first.clone(),
            });
        }
        Ok(converted)
    }

    /// Turns protection off: decrypts every file, then removes the keys. Needs the folder
    /// unlocked.
    pub fn unprotect(
        &mut self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Converted, ProtectError> {
        if self.access() == Access::ReadOnly {
            return Err(ProtectError::ReadOnly);
        }
        let Some(keys) = &self.keys else {
            return Err(ProtectError::State("Your answers are not protected."));
        };
        if keys.identity.is_none() {
            return Err(ProtectError::Locked);
        }
        let recipient = keys.recipient.clone();
        self.write_marker(&recipient, Some(Direction::Unprotect))?;
        if let Some(keys) = &mut self.keys {
            keys.converting = Some(Direction::Unprotect);
        }
        self.finish_conversion(progress)
    }

    /// Stores the identity under a new passphrase. No other file changes.
    pub fn change_passphrase(&self, passphrase: &Secret) -> Result<(), ProtectError> {
        if self.access() == Access::ReadOnly {
            return Err(ProtectError::ReadOnly);
        }
        if passphrase.is_empty() {
            return Err(ProtectError::State("Type a new passphrase first."));
        }
        let identity = self
            .keys
            .as_ref()
            .ok_or(ProtectError::State("Your answers are not protected."))?
            .identity
            .as_ref()
            .ok_or(ProtectError::Locked)?;
        self.write_identity(identity, passphrase)
    }

    fn write_identity(
        &self,
        identity: &x25519::Identity,
        passphrase: &Secret,
    ) -> Result<(), ProtectError> {
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.expose()));
        recipient.set_work_factor(work_factor());
        let mut text = format!(
            "# trustwork identity for {}\n{}\n",
            identity.to_public(),
            identity.to_string().expose_secret()
        );
        let sealed = age::encrypt(&recipient, text.as_bytes());
        zeroize::Zeroize::zeroize(&mut text);
        let path = self.root().join(IDENTITY_FILE);
        let sealed = sealed.map_err(|err| ProtectError::Write {
            path: path.clone(),
            source: std::io::Error::other(err.to_string()),
        })?;
        write_durable(&path, &sealed).map_err(|source| ProtectError::Write { path, source })
    }

    fn write_marker(
        &self,
        recipient: &x25519::Recipient,
        converting: Option<Direction>,
    ) -> Result<(), ProtectError> {
        let marker = Marker {
            recipient: recipient.to_string(),
            converting,
        };
        let path = self.root().join(MARKER_FILE);
        let text = ron::ser::to_string_pretty(&marker, ron::ser::PrettyConfig::new())
            .map_err(|err| ProtectError::Damaged(err.to_string()))?;
        write_durable(&path, text.as_bytes()).map_err(|source| ProtectError::Write { path, source })
    }

    /// Converts every file in the folder that is not in the new form yet: writes the new
    /// content beside it, reads it back, and only then replaces the old. Returns what was done
    /// and the files that could not be converted (left as they were).
    fn convert_all(
        &self,
        direction: Direction,
        progress: &mut dyn FnMut(usize, usize),
    ) -> (Converted, Vec<PathBuf>) {
        let files = self.files_to_convert();
        let total = files.len();
        let mut done = Converted::default();
        let mut failed = Vec::new();
        for (i, path) in files.into_iter().enumerate() {
            if i.is_multiple_of(32) {
                progress(i, total);
            }
            match self.convert_one(&path, direction) {
                Ok(true) => done.changed += 1,
                Ok(false) => done.already += 1,
                Err(()) => failed.push(path),
            }
        }
        progress(total, total);
        (done, failed)
    }

    fn convert_one(&self, path: &Path, direction: Direction) -> Result<bool, ()> {
        let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|_| ())?;
        let encrypted = is_encrypted(&bytes);
        let new = match (direction, encrypted) {
            (Direction::Protect, true) | (Direction::Unprotect, false) => return Ok(false),
            (Direction::Protect, false) => {
                let sealed = self.seal(&bytes).map_err(|_| ())?;
                // Proved before it replaces anything: it decrypts to what was there.
                if self.open_bytes(sealed.clone()).ok().as_deref() != Some(&bytes[..]) {
                    return Err(());
                }
                sealed
            }
            (Direction::Unprotect, true) => self.open_bytes(bytes).map_err(|_| ())?,
        };
        write_durable_checked(path, &new).map_err(|_| ())?;
        Ok(true)
    }

    /// Every file that holds what the person wrote: everything in the folder but the lock and
    /// the protection files. Stale temporary files are removed on the way.
    fn files_to_convert(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut folders = vec![self.root().to_owned()];
        while let Some(folder) = folders.pop() {
            let Ok(children) = std::fs::read_dir(&folder) else {
                continue;
            };
            for child in children.flatten() {
                let path = child.path();
                let name = child.file_name().to_string_lossy().into_owned();
                let Ok(kind) = child.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    folders.push(path);
                } else if !kind.is_file() {
                    // Links and devices are not ours to rewrite.
                } else if name.starts_with(TEMP_PREFIX) {
                    std::fs::remove_file(&path).ok();
                } else if folder != self.root()
                    || ![".lock", MARKER_FILE, IDENTITY_FILE].contains(&name.as_str())
                {
                    found.push(path);
                }
            }
        }
        found.sort();
        found
    }
}

/// The scrypt work factor for a new identity file: about one second of work on this computer
/// (measured the way `age` does, from a cheap run), at least 2^15 and at most the cap.
fn work_factor() -> u8 {
    const PROBE: u8 = 12;
    if cfg!(test) {
        // Unit tests unlock many times; the cost is not what they test.
        return 10;
    }
    let mut probe = age::scrypt::Recipient::new(SecretString::from("probe"));
    probe.set_work_factor(PROBE);
    let start = Instant::now();
    if age::encrypt(&probe, b"").is_err() {
        return MAX_WORK_FACTOR;
    }
    let mut took = start.elapsed().max(Duration::from_micros(1));
    let mut log_n = PROBE;
    while took < Duration::from_secs(1) && log_n < MAX_WORK_FACTOR {
        log_n += 1;
        took *= 2;
    }
    log_n.max(15)
}

/// The identity in an identity file's text: the first line that parses as a secret key.
fn parse_identity(text: &[u8]) -> Option<x25519::Identity> {
    let text = std::str::from_utf8(text).ok()?;
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find_map(|line| x25519::Identity::from_str(line).ok())
}

/// Removes a file and flushes its folder; a file already gone is fine.
fn remove_durably(path: &Path) -> Result<(), ProtectError> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(ProtectError::Write {
                path: path.to_owned(),
                source,
            });
        }
    }
    if let Some(folder) = path.parent() {
        sync_folder(folder).ok();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Entry, EntryId, Value};
    use crate::workbook::bundled_workbook;

    const CANARY: &str = "periwinkle-canary-7";

    /// A folder with two entries holding the canary, one in the trash, settings, an imported
    /// workbook and a set-aside file.
    fn filled() -> (tempfile::TempDir, DataDir) {
        let (dir, data) = DataDir::temporary();
        let wb = bundled_workbook("daily-check-in").unwrap();
        for hour in [9, 10, 11] {
            let at = chrono::Local::now() - chrono::Duration::hours(hour);
            let mut entry = Entry::new(&wb, at);
            entry
                .answers
                .insert("note".into(), Value::Text(format!("{CANARY} at {hour}")));
            let id = EntryId::new("daily-check-in", entry.started_at, |id| {
                data.entry_path(id).exists()
            });
            let path = data.entry_path(&id);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            data.write_sealed(&path, entry.to_ron().unwrap().as_bytes())
                .unwrap();
            if hour == 11 {
                data.move_to_trash(&id).unwrap();
            }
        }
        let settings = crate::store::Settings {
            country: Some(CANARY.into()),
            ..Default::default()
        };
        data.write_sealed(&data.settings_path(), settings.to_ron().unwrap().as_bytes())
            .unwrap();
        let workbook = crate::workbook::BUNDLED[0]
            .1
            .replace("id: \"", "id: \"mine-");
        data.write_workbook("mine", &format!("// {CANARY}\n{workbook}"))
            .unwrap();
        std::fs::write(
            data.quarantine_folder().join("old.ron"),
            format!("({CANARY}"),
        )
        .unwrap();
        (dir, data)
    }

    /// Every file under the folder, with its bytes.
    fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut folders = vec![root.to_owned()];
        while let Some(folder) = folders.pop() {
            for child in std::fs::read_dir(folder).unwrap().flatten() {
                if child.file_type().unwrap().is_dir() {
                    folders.push(child.path());
                } else {
                    files.push((child.path(), std::fs::read(child.path()).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    fn canary_files(root: &Path) -> Vec<PathBuf> {
        snapshot(root)
            .into_iter()
            .filter(|(_, bytes)| bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()))
            .map(|(path, _)| path)
            .collect()
    }

    fn reopen(root: &Path, passphrase: &str) -> DataDir {
        let mut data = DataDir::open(root).unwrap();
        data.unlock(&Secret::from(passphrase)).unwrap();
        data
    }

    #[test]
    fn protecting_encrypts_every_file_and_everything_reads_back() {
        let (dir, mut data) = filled();
        let before = data.load();
        let trash_before = data.load_trash();
        let (settings_before, _) = data.load_settings();
        assert_eq!(canary_files(dir.path()).len(), 6);

        let recovery = data
            .protect(&Secret::from("correct horse"), &mut |_, _| {})
            .unwrap();
        assert!(recovery.expose().starts_with("AGE-SECRET-KEY-1"));
        assert_eq!(canary_files(dir.path()), Vec::<PathBuf>::new());
        drop(data);

        let data = reopen(dir.path(), "correct horse");
        assert!(data.is_protected() && !data.is_locked());
        assert_eq!(data.unfinished_conversion(), None);
        let after = data.load();
        assert_eq!(after.journal.entries, before.journal.entries);
        assert_eq!(after.workbooks, before.workbooks);
        assert_eq!(after.plain_in_protected, 0);
        assert_eq!(data.load_trash(), trash_before);
        assert_eq!(data.load_settings().0, settings_before);

        // A new write is encrypted too, and so is a quarantine note.
        let path = data.root().join("entries/daily-check-in/new.ron");
        data.write_sealed(&path, CANARY.as_bytes()).unwrap();
        assert!(is_encrypted(&std::fs::read(&path).unwrap()));
        assert_eq!(canary_files(dir.path()), Vec::<PathBuf>::new());

        // The recovery key opens the folder without the passphrase.
        let mut data = DataDir::open(dir.path()).unwrap();
        assert!(data.is_locked());
        data.unlock_with_recovery_key(&recovery).unwrap();
        let report = data.load();
        assert_eq!(report.journal.entries.len(), 2);
        // The file that is not an entry is set aside, and its note is encrypted too.
        assert_eq!(report.quarantined.len(), 1);
        assert_eq!(canary_files(dir.path()), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_wrong_passphrase_is_refused_and_changes_no_file() {
        let (dir, mut data) = filled();
        data.protect(&Secret::from("right"), &mut |_, _| {})
            .unwrap();
        drop(data);
        let before = snapshot(dir.path());
        let mut data = DataDir::open(dir.path()).unwrap();
        assert!(matches!(
            data.unlock(&Secret::from("wrong")),
            Err(ProtectError::WrongPassphrase)
        ));
        assert!(matches!(
            data.unlock_with_recovery_key(&Secret::from("AGE-SECRET-KEY-1NOTAKEY")),
            Err(ProtectError::WrongRecoveryKey)
        ));
        assert!(data.is_locked());
        // Locked, nothing reads, and nothing is set aside: every entry stays where it is.
        let report = data.load();
        assert!(report.journal.entries.is_empty());
        assert!(report.quarantined.is_empty());
        assert_eq!(
            data.load_settings(),
            (crate::store::Settings::default(), None)
        );
        drop(data);
        assert!(snapshot(dir.path()) == before, "no file changed");
    }

    #[test]
    fn a_damaged_encrypted_entry_is_set_aside_never_overwritten() {
        let (dir, mut data) = filled();
        data.protect(&Secret::from("pw"), &mut |_, _| {}).unwrap();
        let mut entries: Vec<_> = snapshot(dir.path())
            .into_iter()
            .filter(|(p, _)| p.starts_with(dir.path().join("entries")))
            .collect();
        let (cut, cut_bytes) = entries.pop().unwrap();
        let (flipped, mut flipped_bytes) = entries.pop().unwrap();
        std::fs::write(&cut, &cut_bytes[..cut_bytes.len() - 20]).unwrap();
        let last = flipped_bytes.len() - 5;
        flipped_bytes[last] ^= 0x01;
        std::fs::write(&flipped, &flipped_bytes).unwrap();

        let report = data.load();
        assert!(report.journal.entries.is_empty());
        assert_eq!(report.quarantined.len(), 2);
        for q in &report.quarantined {
            let moved = q.moved_to.as_ref().unwrap();
            assert!(q.reason.contains("could not be decrypted"), "{}", q.reason);
            let bytes = std::fs::read(moved).unwrap();
            assert!(bytes == flipped_bytes || bytes == cut_bytes[..cut_bytes.len() - 20]);
        }
        assert!(!cut.exists() && !flipped.exists());
    }

    #[test]
    fn changing_the_passphrase_rewraps_only_the_identity() {
        let (dir, mut data) = filled();
        data.protect(&Secret::from("old"), &mut |_, _| {}).unwrap();
        let before = snapshot(dir.path());
        data.change_passphrase(&Secret::from("new")).unwrap();
        let after = snapshot(dir.path());
        let changed: Vec<_> = before
            .iter()
            .zip(&after)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.0.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(changed, [IDENTITY_FILE]);
        drop(data);
        let mut data = DataDir::open(dir.path()).unwrap();
        assert!(data.unlock(&Secret::from("old")).is_err());
        data.unlock(&Secret::from("new")).unwrap();
        assert_eq!(data.load().journal.entries.len(), 2);
    }

    #[test]
    fn unprotecting_gives_back_plain_files_and_removes_the_keys() {
        let (dir, mut data) = filled();
        let plain = snapshot(dir.path());
        data.protect(&Secret::from("pw"), &mut |_, _| {}).unwrap();
        data.unprotect(&mut |_, _| {}).unwrap();
        assert!(!data.is_protected());
        assert_eq!(snapshot(dir.path()), plain, "byte for byte as before");
    }

    /// Runs `work` with a progress that stops it, as a kill would, after `files` files.
    fn killed_after(files: usize, work: impl FnOnce(&mut dyn FnMut(usize, usize))) {
        let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            work(&mut |done, _| assert!(done < files, "killed"));
        }));
        assert!(stopped.is_err(), "the conversion was cut short");
    }

    #[test]
    fn a_conversion_cut_short_reads_whole_and_resumes() {
        let (dir, mut data) = filled();
        let plain = snapshot(dir.path());
        let before = data.load().journal.entries;
        // Progress is told every 32 files, so stop at the first report after the start.
        let mut batch = 0;
        killed_after(1, |progress| {
            let mut stop = |done, total| {
                batch += 1;
                if batch > 1 {
                    progress(done, total);
                }
            };
            data.protect(&Secret::from("pw"), &mut stop).map(drop).ok();
        });
        drop(data);
        let mut data = DataDir::open(dir.path()).unwrap();
        assert!(data.is_locked());
        data.unlock(&Secret::from("pw")).unwrap();
        assert_eq!(data.unfinished_conversion(), Some(Direction::Protect));
        assert_eq!(
            data.load().journal.entries,
            before,
            "half converted, all read"
        );
        data.finish_conversion(&mut |_, _| {}).unwrap();
        assert_eq!(data.unfinished_conversion(), None);
        assert_eq!(canary_files(dir.path()), Vec::<PathBuf>::new());

        // And off again, cut short, then resumed after a restart.
        let mut batch = 0;
        killed_after(1, |progress| {
            let mut stop = |done, total| {
                batch += 1;
                if batch > 1 {
                    progress(done, total);
                }
            };
            data.unprotect(&mut stop).map(drop).ok();
        });
        drop(data);
        let mut data = reopen(dir.path(), "pw");
        assert_eq!(data.unfinished_conversion(), Some(Direction::Unprotect));
        assert_eq!(data.load().journal.entries, before);
        data.finish_conversion(&mut |_, _| {}).unwrap();
        assert!(!data.is_protected());
        assert_eq!(snapshot(dir.path()), plain);
    }

    #[test]
    fn the_identity_file_opens_with_the_passphrase_in_any_age_reader() {
        let (dir, mut data) = filled();
        let recovery = data.protect(&Secret::from("pw"), &mut |_, _| {}).unwrap();
        let sealed = std::fs::read(dir.path().join(IDENTITY_FILE)).unwrap();
        let opened = age::decrypt(
            &age::scrypt::Identity::new(SecretString::from("pw")),
            &sealed,
        )
        .unwrap();
        let text = String::from_utf8(opened).unwrap();
        assert!(text.contains(recovery.expose()));
        assert!(text.contains(&data.public_key().unwrap()));
    }
}
