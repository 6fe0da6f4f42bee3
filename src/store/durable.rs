//! Durable file replacement: a write either lands whole or leaves the old file untouched.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of our temporary files; readers skip files that start with it.
pub const TEMP_PREFIX: &str = ".tmp-";

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old or the new
/// content: a temporary file in the same folder, flushed to disk, renamed over the target,
/// then the folder itself flushed so the rename survives a power cut.
pub fn write_durable(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_durable_then(path, bytes, |_| Ok(()))
}

/// Like [`write_durable`], and reads the new file back before it replaces the old one: the
/// replacement happens only if the disk holds exactly `bytes`.
pub fn write_durable_checked(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_durable_then(path, bytes, |temp| {
        let limit = bytes.len() as u64;
        match crate::files::read_bounded(temp, limit) {
            Ok(back) if back == bytes => Ok(()),
            Ok(_) => Err(std::io::Error::other(
                "the file read back differs from what was written",
            )),
            Err(err) => Err(err.into()),
        }
    })
}

/// Creates a file only its owner may read and write (on Unix; elsewhere the folder's rules).
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn write_durable_then(
    path: &Path,
    bytes: &[u8],
    check: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // A bare file name has an empty parent: that is the current folder.
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp: PathBuf = folder.join(format!(
        "{TEMP_PREFIX}{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));

    let result = (|| {
        let mut file = create_private(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        check(&temp)?;
        std::fs::rename(&temp, path)?;
        sync_folder(folder)
    })();
    if result.is_err() {
        // The temporary file is ours and holds nothing the person has not still got in memory.
        std::fs::remove_file(&temp).ok();
    }
    result
}

/// Flushes a folder's entries (new names, renames) to disk.
pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a folder as a file; NTFS journals the rename itself.
        let _ = folder;
        Ok(())
    }
}

/// Whether a file name is one of our temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_durable(&path, b"first").unwrap();
        write_durable(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ron"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_durable_checked(&path, b"first").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn missing_folder_is_an_error_and_the_old_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("a.ron");
        assert!(write_durable(&path, b"x").is_err());
    }
}
