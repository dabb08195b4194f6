//! Input: which documents a run covers, and reading their bytes.
//!
//! This is the library's only file-system code; the stages themselves are
//! pure. Directories are walked recursively in sorted order (byte order of
//! file names, so the order is the same on every machine), following
//! symbolic links with loop detection. Hidden entries (names starting with
//! `.`) inside a directory are skipped, as ripgrep does; a hidden file named
//! explicitly is read. Anything that cannot be listed or read is kept as an
//! [`Input::Unreadable`] so it becomes an error record: nothing is dropped.

use crate::pipeline::{Document, Origin};
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One document to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, with the path as the user wrote it (or as found under a
    /// directory the user named).
    File(PathBuf),
    /// Bytes already in memory (standard input).
    Bytes(Origin, Vec<u8>),
    /// Something that could not even be listed, with the reason.
    Unreadable(Origin, String),
}

/// Expands the paths given on the command line into documents, in order.
/// `-` means standard input, which must then be passed as `stdin`.
///
/// ```
/// let dir = std::env::temp_dir().join("cistron-doc-collect");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("b.txt"), "b").unwrap();
/// std::fs::write(dir.join("sub/a.txt"), "a").unwrap();
/// let inputs = cistron::input::collect(&[dir.clone()], || Ok(Vec::new()));
/// assert_eq!(inputs.len(), 2);
/// ```
pub fn collect(
    paths: &[PathBuf],
    mut stdin: impl FnMut() -> std::io::Result<Vec<u8>>,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let origin = Origin::from_path("-");
            inputs.push(match stdin() {
                Ok(bytes) => Input::Bytes(origin, bytes),
                Err(e) => Input::Unreadable(origin, format!("cannot read standard input: {e}")),
            });
        } else if path.is_dir() {
            walk(path, &mut inputs);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    inputs
}

fn walk(root: &Path, inputs: &mut Vec<Input>) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => inputs.push(Input::File(e.into_path())),
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                let origin = Origin::from_path(&path.to_string_lossy());
                inputs.push(Input::Unreadable(origin, format!("cannot list: {e}")));
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Reads one input's bytes. A file that cannot be read gives its origin and
/// the reason, for a `read_failed` record.
pub fn load(input: &Input) -> Result<Document, (Origin, String)> {
    match input {
        Input::File(path) => {
            let origin = Origin::from_path(&path.to_string_lossy());
            match read_file(path) {
                Ok(bytes) => Ok(Document { origin, bytes }),
                Err(e) => Err((origin, format!("cannot read: {e}"))),
            }
        }
        Input::Bytes(origin, bytes) => Ok(Document {
            origin: origin.clone(),
            bytes: bytes.clone(),
        }),
        Input::Unreadable(origin, message) => Err((origin.clone(), message.clone())),
    }
}

fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a list of paths, one per line (`--files-from`). Blank lines are
/// skipped; a trailing `\r` is removed.
pub fn paths_from_list(list: &str) -> Vec<PathBuf> {
    list.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_is_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", ".hidden", "sub/c.txt", ".git/x"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, name).unwrap();
        }
        let inputs = collect(&[dir.path().to_path_buf()], || Ok(Vec::new()));
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.txt"]);
    }

    #[test]
    fn missing_file_is_a_load_error() {
        let input = Input::File(PathBuf::from("definitely/not/here.txt"));
        let (origin, message) = load(&input).unwrap_err();
        assert_eq!(origin.path, "definitely/not/here.txt");
        assert_eq!(origin.name, "here.txt");
        assert!(message.starts_with("cannot read"), "{message}");
    }

    #[test]
    fn file_lists() {
        assert_eq!(
            paths_from_list("a\r\n\n  \nb/c\n"),
            [PathBuf::from("a"), PathBuf::from("b/c")]
        );
    }
}
