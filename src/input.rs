//! Input: which documents a run covers, and reading their bytes.
//!
//! This is the library's only file-system code; the stages themselves are
//! pure. Directories are walked recursively in sorted order (byte order of
//! file names, so the order is the same on every machine), following
//! symbolic links with loop detection. Hidden entries (names starting with
//! `.`) inside a directory are skipped, as ripgrep does; a hidden file named
//! explicitly is read. Anything that cannot be listed or read is kept as an
//! [`Input::Unreadable`] so it becomes an error record: nothing is dropped.

use crate::pipeline::{Document, LoadError, Origin};
use crate::record::ErrorCode;
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

/// Reads one input's bytes, at most `max_bytes` of them. A file that cannot
/// be read, is not a regular file (a FIFO or device could block or never
/// end), or is larger than `max_bytes` gives a [`LoadError`], for an error
/// record; nothing larger than the limit is ever held in memory.
pub fn load(input: &Input, max_bytes: u64) -> Result<Document, Box<LoadError>> {
    match input {
        Input::File(path) => {
            let origin = Origin::from_path(&path.to_string_lossy());
            read_file(path, max_bytes)
                .map(|bytes| Document {
                    origin: origin.clone(),
                    bytes,
                })
                .map_err(|(code, message)| {
                    Box::new(LoadError {
                        origin,
                        code,
                        message,
                    })
                })
        }
        Input::Bytes(origin, bytes) if bytes.len() as u64 > max_bytes => {
            Err(Box::new(too_large(origin.clone(), max_bytes)))
        }
        Input::Bytes(origin, bytes) => Ok(Document {
            origin: origin.clone(),
            bytes: bytes.clone(),
        }),
        Input::Unreadable(origin, message) => Err(Box::new(LoadError {
            origin: origin.clone(),
            code: ErrorCode::ReadFailed,
            message: message.clone(),
        })),
    }
}

fn too_large(origin: Origin, max_bytes: u64) -> LoadError {
    LoadError {
        origin,
        code: ErrorCode::TooLarge,
        message: format!("the document is larger than the limit of {max_bytes} bytes (raise it with --max-bytes)"),
    }
}

fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, (ErrorCode, String)> {
    let failed = |e: std::io::Error| (ErrorCode::ReadFailed, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(failed)?;
    let meta = file.metadata().map_err(failed)?;
    if !meta.is_file() {
        return Err((
            ErrorCode::ReadFailed,
            "cannot read: not a regular file".to_owned(),
        ));
    }
    if meta.len() > max_bytes {
        return Err((
            ErrorCode::TooLarge,
            too_large(Origin::default(), max_bytes).message,
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read; never take more than the limit.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > max_bytes {
        return Err((
            ErrorCode::TooLarge,
            too_large(Origin::default(), max_bytes).message,
        ));
    }
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
        let error = load(&input, 100).unwrap_err();
        assert_eq!(error.origin.path, "definitely/not/here.txt");
        assert_eq!(error.origin.name, "here.txt");
        assert_eq!(error.code, ErrorCode::ReadFailed);
        assert!(
            error.message.starts_with("cannot read"),
            "{}",
            error.message
        );
    }

    #[test]
    fn size_limit_and_special_files() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "0123456789").unwrap();
        assert_eq!(
            load(&Input::File(big.clone()), 9).unwrap_err().code,
            ErrorCode::TooLarge
        );
        assert_eq!(load(&Input::File(big), 10).unwrap().bytes.len(), 10);
        let stdin = Input::Bytes(Origin::from_path("-"), vec![0; 5]);
        assert_eq!(load(&stdin, 4).unwrap_err().code, ErrorCode::TooLarge);
        let not_regular = load(&Input::File(dir.path().to_path_buf()), 100).unwrap_err();
        assert_eq!(not_regular.code, ErrorCode::ReadFailed);
    }

    #[test]
    fn file_lists() {
        assert_eq!(
            paths_from_list("a\r\n\n  \nb/c\n"),
            [PathBuf::from("a"), PathBuf::from("b/c")]
        );
    }
}
