//! Reading a file whole, bounded: the one place trustwork reads a file it did not just write.
//!
//! Refuses anything that is not a regular file (a folder, a FIFO, a device) before opening it,
//! so a read never blocks, and never reads past the limit, whatever size the file claims.
//! Never imports egui.

use std::io::Read as _;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The system refused: missing, no permission, an I/O error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A folder, a device, a FIFO or a socket: nothing to read as a file.
    #[error("it is a folder or a device, not a file")]
    NotAFile,
    /// Larger than the limit.
    #[error("the file is at least {size_bytes} bytes, larger than {limit_bytes}")]
    TooLarge {
        /// What the file measured (at least this much).
        size_bytes: u64,
        /// The limit it passed.
        limit_bytes: u64,
    },
}

impl From<ReadError> for std::io::Error {
    /// The reason as the system's error, for callers that report any read failure alike.
    fn from(err: ReadError) -> Self {
        match err {
            ReadError::Io(err) => err,
            other => Self::other(other.to_string()),
        }
    }
}

impl ReadError {
    /// Whether the file simply is not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// What the system said, in plain words and without its "(os error 2)": for messages people
/// read.
pub fn plain(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let words = match err.kind() {
        ErrorKind::NotFound => "there is no such file or folder",
        ErrorKind::PermissionDenied => "permission was refused",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::ReadOnlyFilesystem => "the disk can only be read, not written",
        ErrorKind::AlreadyExists => "something with that name is already there",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::NotADirectory => "part of the path is a file, not a folder",
        ErrorKind::InvalidFilename => "the name is not one this system allows",
        _ => {
            let text = err.to_string();
            return match text.rfind(" (os error ") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
        }
    };
    words.to_owned()
}

/// Reads a regular file of at most `limit_bytes` bytes.
pub fn read_bounded(path: &Path, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > limit_bytes {
        return Err(ReadError::TooLarge {
            size_bytes: metadata.len(),
            limit_bytes,
        });
    }
    let file = std::fs::File::open(path)?;
    // One byte past the limit tells a file that grew (or lied about its size) from one that fits.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit_bytes {
        return Err(ReadError::TooLarge {
            size_bytes: read,
            limit_bytes,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_read_plainly() {
        let missing = std::fs::read("/no/such/trustwork/file").unwrap_err();
        assert_eq!(plain(&missing), "there is no such file or folder");
        let odd = std::io::Error::from_raw_os_error(5);
        assert!(!plain(&odd).contains("os error"), "{}", plain(&odd));
    }

    #[test]
    fn reads_within_the_limit_and_refuses_past_it() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, b"12345").unwrap();
        assert_eq!(read_bounded(file.path(), 5).unwrap(), b"12345");
        let refused = read_bounded(file.path(), 4);
        assert!(matches!(
            refused,
            Err(ReadError::TooLarge { size_bytes: 5, .. })
        ));
        let gone = file.path().with_extension("gone");
        assert!(read_bounded(&gone, 5).unwrap_err().is_not_found());
    }

    #[test]
    fn folders_and_devices_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_bounded(dir.path(), 1024),
            Err(ReadError::NotAFile)
        ));
        // `/dev/zero` claims a size of 0 and never ends: refused before it is opened.
        #[cfg(unix)]
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotAFile)
        ));
    }
}
