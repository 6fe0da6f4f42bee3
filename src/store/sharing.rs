//! The sharing key: an X25519 identity that belongs to this data folder, for files exchanged
//! with other people (the age format, via the `age` crate).
//!
//! - A therapist makes one and copies its public key into the workbooks they send, as
//!   `reviewer_key`; answers files come back encrypted to it, and only this folder opens them.
//! - A client's trustwork makes one the first time it writes an encrypted answers file; the
//!   file carries its public key, so feedback comes back encrypted to it.
//!
//! The key is kept in `sharing-key.ron`, which is encrypted like every other file when the
//! folder is protected, and is never replaced once written (losing it would lose every file
//! sent to it). Never imports egui; never logs or prints the secret.

use std::fmt;
use std::str::FromStr as _;

use age::secrecy::ExposeSecret as _;
use age::x25519;
use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};

use super::protect::OpenError;
use super::{Access, DataDir};

/// The file in the data folder that holds the sharing key.
pub const SHARING_KEY_FILE: &str = "sharing-key.ron";

/// The version of `sharing-key.ron` this build writes.
const SHARING_KEY_FORMAT: u32 = 1;

/// This folder's sharing key.
#[derive(Clone)]
pub struct SharingKey {
    name: String,
    identity: x25519::Identity,
}

impl SharingKey {
    /// What anyone may know of it: the name and the public key.
    pub fn info(&self) -> SharingInfo {
        SharingInfo {
            name: self.name.clone(),
            public_key: self.identity.to_public().to_string(),
        }
    }

    /// The identity that opens files encrypted to the public key.
    pub fn identity(&self) -> &x25519::Identity {
        &self.identity
    }
}

impl fmt::Debug for SharingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharingKey")
            .field("name", &self.name)
            .field("public_key", &self.identity.to_public().to_string())
            .finish_non_exhaustive()
    }
}

/// The public part of a sharing key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharingInfo {
    /// The name the owner gave, as clients know them; may be empty.
    pub name: String,
    /// `age1…`: what a workbook carries as `reviewer_key`.
    pub public_key: String,
}

/// `sharing-key.ron` as written.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SharingKeyFile {
    format: u32,
    name: String,
    created_at: DateTime<Local>,
    /// `AGE-SECRET-KEY-1…`
    identity: String,
}

impl Drop for SharingKeyFile {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.identity);
    }
}

/// Why the sharing key could not be read or made. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SharingKeyError {
    /// The folder is protected and locked.
    #[error("Unlock first: the reviewer key is kept under your passphrase.")]
    Locked,
    /// Another window holds the folder.
    #[error(
        "This window is read-only because another trustwork window is open; make the key from that window."
    )]
    ReadOnly,
    /// The file is there and cannot be read: it is left exactly as it is.
    #[error(
        "{SHARING_KEY_FILE} in the data folder cannot be read ({0}). It was left as it is, because files sent to that key need it. Restore it from a backup; only if it is lost for good, move it out of the data folder and make a new key."
    )]
    Damaged(String),
    /// The disk refused.
    #[error(
        "Could not save the key: {0}. Nothing was changed; free some space or check the folder's permissions, then try again."
    )]
    Write(std::io::Error),
}

impl DataDir {
    /// The sharing key, if this folder has made one.
    pub fn sharing_key(&self) -> Result<Option<SharingKey>, SharingKeyError> {
        let path = self.root().join(SHARING_KEY_FILE);
        let mut bytes = match self.read_sealed(&path, 64 * 1024) {
            Ok(bytes) => bytes,
            Err(OpenError::Read(err)) if err.is_not_found() => return Ok(None),
            Err(OpenError::Locked) => return Err(SharingKeyError::Locked),
            Err(err) => return Err(SharingKeyError::Damaged(err.to_string())),
        };
        let parsed = std::str::from_utf8(&bytes)
            .map_err(|_| "it is not text".to_owned())
            .and_then(|text| ron::from_str::<SharingKeyFile>(text).map_err(|e| e.to_string()));
        zeroize::Zeroize::zeroize(&mut bytes);
        let file = parsed.map_err(SharingKeyError::Damaged)?;
        if file.format > SHARING_KEY_FORMAT {
            return Err(SharingKeyError::Damaged(format!(
                "it was written by a newer trustwork (format {}); update trustwork",
                file.format
            )));
        }
        let identity = x25519::Identity::from_str(&file.identity)
            .map_err(|_| SharingKeyError::Damaged("it holds no valid key".to_owned()))?;
        Ok(Some(SharingKey {
            name: file.name.clone(),
            identity,
        }))
    }

    /// The sharing key, made now if there is none. A non-empty `name` is kept with it (a key
    /// made earlier keeps its identity and only takes the new name). A file that cannot be read
    /// is never replaced.
    pub fn make_sharing_key(&self, name: &str) -> Result<SharingKey, SharingKeyError> {
        if self.access() == Access::ReadOnly {
            return Err(SharingKeyError::ReadOnly);
        }
        let name = name.trim();
        let key = match self.sharing_key()? {
            Some(key) if name.is_empty() || key.name == name => return Ok(key),
            Some(key) => SharingKey {
                name: name.to_owned(),
                identity: key.identity,
            },
            None => SharingKey {
                name: name.to_owned(),
                identity: x25519::Identity::generate(),
            },
        };
        let file = SharingKeyFile {
            format: SHARING_KEY_FORMAT,
            name: key.name.clone(),
            created_at: Local::now(),
            identity: key.identity.to_string().expose_secret().to_owned(),
        };
        let mut text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .map_err(|e| SharingKeyError::Write(std::io::Error::other(e.to_string())))?;
        drop(file);
        let written = self.write_sealed(&self.root().join(SHARING_KEY_FILE), text.as_bytes());
        zeroize::Zeroize::zeroize(&mut text);
        written.map_err(SharingKeyError::Write)?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Secret;

    #[test]
    fn a_key_is_made_once_kept_and_renamed_without_changing() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::open(dir.path()).unwrap();
        assert!(data.sharing_key().unwrap().is_none());
        let made = data.make_sharing_key("  Dr Amal Rivera ").unwrap().info();
        assert_eq!(made.name, "Dr Amal Rivera");
        assert!(made.public_key.starts_with("age1"));
        assert_eq!(data.sharing_key().unwrap().unwrap().info(), made);
        // Asking again, or with no name, gives the same key.
        assert_eq!(data.make_sharing_key("").unwrap().info(), made);
        let renamed = data.make_sharing_key("Amal").unwrap().info();
        assert_eq!(renamed.public_key, made.public_key);
        assert_eq!(renamed.name, "Amal");
        assert!(!format!("{:?}", data.sharing_key().unwrap()).contains("AGE-SECRET-KEY"));
    }

    #[test]
    fn a_damaged_key_file_is_reported_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::open(dir.path()).unwrap();
        let path = dir.path().join(SHARING_KEY_FILE);
        std::fs::write(&path, b"SharingKeyFile(format: 1, name: \"x\"").unwrap();
        assert!(matches!(
            data.sharing_key(),
            Err(SharingKeyError::Damaged(_))
        ));
        assert!(matches!(
            data.make_sharing_key("Someone"),
            Err(SharingKeyError::Damaged(_))
        ));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"SharingKeyFile(format: 1, name: \"x\""
        );
    }

    #[test]
    fn in_a_protected_folder_the_key_is_encrypted_and_needs_unlocking() {
        let dir = tempfile::tempdir().unwrap();
        let mut data = DataDir::open(dir.path()).unwrap();
        data.protect(&Secret::from("a long passphrase"), &mut |_, _| {})
            .unwrap();
        let made = data.make_sharing_key("Dr Rivera").unwrap().info();
        let bytes = std::fs::read(dir.path().join(SHARING_KEY_FILE)).unwrap();
        assert!(crate::store::is_encrypted(&bytes));
        data.lock();
        assert!(matches!(data.sharing_key(), Err(SharingKeyError::Locked)));
        data.unlock(&Secret::from("a long passphrase")).unwrap();
        assert_eq!(data.sharing_key().unwrap().unwrap().info(), made);
    }
}
