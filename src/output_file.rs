//! Files the run writes: each one appears whole or not at all, and no
//! planted name can redirect a write.
//!
//! Every output goes to a fresh temporary file in the destination's folder,
//! created with `O_CREAT | O_EXCL` under a random name (the `tempfile`
//! crate), so two processes writing the same folder never share a
//! temporary file and a symlink planted at a guessable name is never
//! followed. The file is synced and then renamed over the destination:
//! `rename(2)` replaces a symlink standing there instead of writing
//! through it, and a reader sees the old file or the new one, never half of
//! one. A failed or interrupted write deletes its temporary file (on drop).
//! Temporary names start with `.cistron-`, so directory walks and `*.jsonl`
//! globs pass over them.
//!
//! A process killed with `SIGKILL` cannot delete its temporary file, and
//! with random names nothing overwrites it later. So each writer holds an
//! exclusive lock (`flock(2)`) on its temporary file from the moment it is
//! created, under the folder's lock, and [`remove_stale_temps`] deletes
//! only those it can lock: their writer is gone, as the kernel releases a
//! dead process's locks. A live writer's file is never touched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The prefix of every temporary file Cistron writes.
pub const TEMP_PREFIX: &str = ".cistron-";

/// A file being written; [`AtomicFile::commit`] puts it in place.
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    out: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `dest` through a temporary file beside it.
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        let folder = DirLock::acquire(folder_of(dest))?;
        Self::create_under(dest, &folder)
    }

    /// [`AtomicFile::create`] for a caller that already holds the lock of
    /// `dest`'s folder (taking it again would wait for itself).
    pub fn create_under(dest: &Path, _folder: &DirLock) -> io::Result<AtomicFile> {
        // Created and locked under the folder's lock, so that a cleaner
        // (which holds it too) never sees the file unlocked.
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(folder_of(dest))?;
        temp.as_file().lock()?;
        Ok(AtomicFile {
            dest: dest.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    /// Flushes, syncs and renames the file to its destination, replacing
    /// whatever stood there (a symlink included, which is not followed).
    pub fn commit(self) -> io::Result<()> {
        let temp = self.out.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_all()?;
        temp.persist(&self.dest).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn folder_of(dest: &Path) -> &Path {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `dest` whole, through [`AtomicFile`], for a caller
/// that holds the lock of `dest`'s folder.
pub fn write_atomic(dest: &Path, bytes: &[u8], folder: &DirLock) -> io::Result<()> {
    let mut file = AtomicFile::create_under(dest, folder)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Whether `path` is a regular file itself, not a symlink to one: what a
/// finished output is. A symlink at an output name was planted, not
/// written by a run.
pub fn is_plain_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// Reads `path` if it is a plain file (see [`is_plain_file`]); `None` if
/// it is absent, a symlink or anything else.
pub fn read_plain_file(path: &Path) -> io::Result<Option<Vec<u8>>> {
    if !is_plain_file(path) {
        return Ok(None);
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes the temporary files in `dir` that no live writer holds (left by
/// a killed run); the caller holds `dir`'s [`DirLock`]. Returns how many.
pub fn remove_stale_temps(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let path = entry.path();
        if !is_plain_file(&path) {
            continue;
        }
        let Ok(file) = fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            match fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(removed)
}

/// An exclusive lock on a directory, held until dropped, that serialises
/// the read-merge-write of the files several processes share there
/// (`_summary.json`, `_manifest.json`). The directory itself is locked
/// (`flock(2)` on its descriptor), so no lock file can be planted or left
/// behind. Where directories cannot be opened as files, there is no lock.
#[derive(Debug)]
pub struct DirLock {
    _file: Option<fs::File>,
}

impl DirLock {
    /// Waits for and takes the lock on `dir`.
    pub fn acquire(dir: &Path) -> io::Result<DirLock> {
        #[cfg(unix)]
        {
            let file = fs::File::open(dir)?;
            file.lock()?;
            Ok(DirLock { _file: Some(file) })
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(DirLock { _file: None })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_replaces_and_a_drop_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        fs::write(&dest, "old").unwrap();
        let mut file = AtomicFile::create(&dest).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"old", "in place only at commit");
        file.commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        let mut dropped = AtomicFile::create(&dest).unwrap();
        dropped.write_all(b"lost").unwrap();
        drop(dropped);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file stays behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "precious").unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let dest = out.join("x.jsonl");
        std::os::unix::fs::symlink(&outside, &dest).unwrap();
        assert!(!is_plain_file(&dest));
        assert_eq!(read_plain_file(&dest).unwrap(), None);
        write_atomic(&dest, b"records", &DirLock::acquire(&out).unwrap()).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"precious");
        assert!(is_plain_file(&dest));
        assert_eq!(fs::read(&dest).unwrap(), b"records");
    }

    #[test]
    fn only_abandoned_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let live = AtomicFile::create(&dir.path().join("a.jsonl")).unwrap();
        // One left by a killed writer: no lock on it.
        let dead = dir.path().join(format!("{TEMP_PREFIX}dead.tmp"));
        fs::write(&dead, "half").unwrap();
        fs::write(dir.path().join("other.tmp"), "not ours").unwrap();
        let _lock = DirLock::acquire(dir.path()).unwrap();
        assert_eq!(remove_stale_temps(dir.path()).unwrap(), 1);
        assert!(!dead.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        drop(_lock);
        live.commit().unwrap();
    }

    #[test]
    fn the_directory_lock_is_exclusive_and_reentrant_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let lock = DirLock::acquire(dir.path()).unwrap();
        drop(lock);
        let _again = DirLock::acquire(dir.path()).unwrap();
    }
}
