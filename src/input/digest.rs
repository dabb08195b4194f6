//! The SHA-256 of the bytes a run actually read from an input file, for
//! `_manifest.json`.
//!
//! Hashing the path after processing would describe whatever the file holds
//! by then: a shard replaced during the run would be listed with its new
//! bytes beside records made from the old ones. So the hash is taken on the
//! open descriptor, as the bytes go by, and completed from the same
//! descriptor (a duplicate that shares its offset) when the reader stopped
//! early (a document over the size limit, a corrupt stream): a file renamed
//! over the path in the meantime is another file, and the descriptor still
//! reads the one that was processed.

use crate::document::hex;
use sha2::{Digest as _, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, PoisonError};

/// The running hash of one input file; [`InputDigest::finish`] gives its
/// size and hex SHA-256 once its documents have been read.
#[derive(Debug, Clone)]
pub struct InputDigest {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    hasher: Sha256,
    bytes: u64,
    /// A duplicate of the descriptor being read, to hash what the reader
    /// left unread.
    rest: Option<File>,
}

impl InputDigest {
    /// Wraps `file` so that every byte read through it is hashed.
    pub(crate) fn wrap(file: File) -> (Hashing, InputDigest) {
        let rest = file.try_clone().ok();
        let state = Arc::new(Mutex::new(State {
            hasher: Sha256::new(),
            bytes: 0,
            rest,
        }));
        (
            Hashing {
                file,
                state: Arc::clone(&state),
            },
            InputDigest { state },
        )
    }

    /// The size and lower-case hex SHA-256 of the whole file as this run
    /// read it: the bytes read, then the rest of the same open file.
    /// `None` if the rest could not be read.
    pub fn finish(&self) -> Option<(u64, String)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(mut rest) = state.rest.take() {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match rest.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        state.hasher.update(&buf[..n]);
                        state.bytes += n as u64;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
        }
        let hash = state.hasher.clone().finalize();
        Some((state.bytes, hex(&hash)))
    }
}

/// A file whose bytes are hashed as they are read.
pub(crate) struct Hashing {
    file: File,
    state: Arc<Mutex<State>>,
}

impl Read for Hashing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.hasher.update(&buf[..n]);
        state.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    #[test]
    fn a_partly_read_file_is_hashed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        let content = b"0123456789".repeat(10_000);
        std::fs::write(&path, &content).unwrap();
        let (mut reader, digest) = InputDigest::wrap(File::open(&path).unwrap());
        let mut head = vec![0u8; 1000];
        reader.read_exact(&mut head).unwrap();
        drop(reader);
        assert_eq!(digest.finish(), Some((100_000, sha(&content))));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_while_read_is_hashed_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        std::fs::write(&path, b"old bytes").unwrap();
        let (mut reader, digest) = InputDigest::wrap(File::open(&path).unwrap());
        let mut first = [0u8; 3];
        reader.read_exact(&mut first).unwrap();
        std::fs::write(dir.path().join("y"), b"new bytes, longer").unwrap();
        std::fs::rename(dir.path().join("y"), &path).unwrap();
        assert_eq!(digest.finish(), Some((9, sha(b"old bytes"))));
    }
}
