//! Compressed inputs, recognised by their magic bytes (an extension can lie,
//! magic bytes cannot): gzip with every member read, as `cat a.gz b.gz` and
//! per-record WARC.gz files need, resynchronising at the next member after
//! a corrupt one ([`super::gzip`]), and zstd with every frame (the
//! reference decoder, through the `zstd` crate).
//!
//! Every decompressed stream is capped: a gzip bomb expands a few kilobytes
//! into gigabytes, so the reader fails with [`LimitExceeded`] at the cap
//! instead of filling memory or disk.

use crate::record::ErrorCode;
use std::io::{self, BufRead, BufReader, Read};

/// Size of the read buffers: large enough for a WARC header or a typical
/// JSONL line in one fill.
pub(crate) const BUFFER: usize = 64 * 1024;

/// How an input is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed (or in a format Cistron does not open).
    None,
    /// gzip, RFC 1952.
    Gzip,
    /// Zstandard, RFC 8878.
    Zstd,
}

impl Compression {
    /// The compression whose magic bytes start `prefix`.
    ///
    /// ```
    /// use cistron::input::compression::Compression;
    /// assert_eq!(Compression::sniff(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
    /// assert_eq!(Compression::sniff(b"<html>"), Compression::None);
    /// ```
    pub fn sniff(prefix: &[u8]) -> Compression {
        if prefix.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if prefix.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The extensions that name this compression, which a logical file
    /// name loses (`part-1.warc.gz` holds `part-1.warc`).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Compression::None => &[],
            Compression::Gzip => &[".gz", ".gzip"],
            Compression::Zstd => &[".zst", ".zstd"],
        }
    }

    /// `name` without this compression's extension.
    pub fn strip_extension(self, name: &str) -> &str {
        self.extensions()
            .iter()
            .find_map(|ext| {
                let cut = name.len().checked_sub(ext.len())?;
                let tail = name.get(cut..)?;
                tail.eq_ignore_ascii_case(ext).then(|| &name[..cut])
            })
            .unwrap_or(name)
    }
}

/// The error a [`Capped`] reader fails with once its limit is passed.
#[derive(Debug, thiserror::Error)]
#[error("more than {limit} bytes after decompression (raise it with --max-decompressed-bytes)")]
pub struct LimitExceeded {
    /// The limit, in bytes.
    pub limit: u64,
}

/// The error a decompressor failed with (corrupt or truncated data).
#[derive(Debug, thiserror::Error)]
#[error("{kind} data is corrupt or truncated: {source}")]
pub struct Corrupt {
    kind: &'static str,
    source: io::Error,
    /// Whether reading goes on after this error (at the next gzip member),
    /// so a shard reader reports it and continues instead of stopping.
    resumes: bool,
}

impl Corrupt {
    /// A failure after which the stream goes on at the next good part.
    pub(crate) fn resumable(kind: &'static str, source: io::Error) -> Self {
        Corrupt {
            kind,
            source,
            resumes: true,
        }
    }
}

/// Whether reading can go on after `error`: a corrupt gzip member was
/// skipped and the stream resumes at the next one.
pub fn is_resumable(error: &io::Error) -> bool {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Corrupt>())
        .is_some_and(|c| c.resumes)
}

/// Wraps `reader` in the decompressor `compression` names, capped at
/// `limit` decompressed bytes. Uncompressed input is returned as it is.
pub fn open<'a, R: BufRead + Send + 'a>(
    reader: R,
    compression: Compression,
    limit: u64,
) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    Ok(match compression {
        Compression::None => Box::new(reader),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUFFER,
            Capped::new(super::gzip::Members::new(reader), limit),
        )),
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::with_buffer(reader).map_err(|e| {
                io::Error::other(Corrupt {
                    kind: "zstd",
                    source: e,
                    resumes: false,
                })
            })?;
            Box::new(BufReader::with_capacity(
                BUFFER,
                Capped::new(Labelled::new("zstd", decoder), limit),
            ))
        }
    })
}

/// Which error record an I/O error while reading an input makes.
pub fn error_code(error: &io::Error) -> ErrorCode {
    match error.get_ref() {
        Some(inner) if inner.is::<LimitExceeded>() => ErrorCode::TooLarge,
        Some(inner) if inner.is::<Corrupt>() => ErrorCode::DecompressionFailed,
        _ => ErrorCode::ReadFailed,
    }
}

/// A reader that fails once more than `limit` bytes came through it.
pub struct Capped<R> {
    inner: R,
    limit: u64,
    seen: u64,
}

impl<R> Capped<R> {
    /// Caps `inner` at `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Self {
        Capped {
            inner,
            limit,
            seen: 0,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen = self.seen.saturating_add(n as u64);
        if self.seen > self.limit {
            return Err(io::Error::other(LimitExceeded { limit: self.limit }));
        }
        Ok(n)
    }
}

/// Marks a decompressor's errors as [`Corrupt`], so that a truncated gzip
/// gives `decompression_failed` and not a generic read failure.
struct Labelled<R> {
    kind: &'static str,
    inner: R,
}

impl<R> Labelled<R> {
    fn new(kind: &'static str, inner: R) -> Self {
        Labelled { kind, inner }
    }
}

impl<R: Read> Read for Labelled<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|source| {
            if source.kind() == io::ErrorKind::Interrupted {
                source
            } else {
                io::Error::other(Corrupt {
                    kind: self.kind,
                    source,
                    resumes: false,
                })
            }
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One gzip member of `bytes`, for the readers' tests.
    pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn read_all(bytes: &[u8], limit: u64) -> io::Result<Vec<u8>> {
        let c = Compression::sniff(bytes);
        let mut out = Vec::new();
        open(bytes, c, limit)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn every_gzip_member_and_zstd_frame_is_read() {
        let mut two = gzip(b"first ");
        two.extend(gzip(b"second"));
        assert_eq!(read_all(&two, 100).unwrap(), b"first second");
        let mut frames = zstd::encode_all(&b"one "[..], 1).unwrap();
        frames.extend(zstd::encode_all(&b"two"[..], 1).unwrap());
        assert_eq!(read_all(&frames, 100).unwrap(), b"one two");
        assert_eq!(read_all(b"plain", 3).unwrap(), b"plain");
    }

    #[test]
    fn a_bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![0u8; 10 << 20]);
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        let err = read_all(&bomb, 1 << 20).unwrap_err();
        assert_eq!(error_code(&err), ErrorCode::TooLarge);
    }

    #[test]
    fn truncated_data_is_a_decompression_failure() {
        let whole = gzip(&(0..5000u32).flat_map(u32::to_le_bytes).collect::<Vec<_>>());
        let err = read_all(&whole[..whole.len() / 2], 1 << 20).unwrap_err();
        assert_eq!(error_code(&err), ErrorCode::DecompressionFailed, "{err}");
        let z = zstd::encode_all(&b"some text to compress, some text"[..], 3).unwrap();
        let err = read_all(&z[..z.len() - 4], 1 << 20).unwrap_err();
        assert_eq!(error_code(&err), ErrorCode::DecompressionFailed, "{err}");
    }

    #[test]
    fn logical_names() {
        assert_eq!(Compression::Gzip.strip_extension("a.warc.gz"), "a.warc");
        assert_eq!(Compression::Zstd.strip_extension("a.JSONL.ZST"), "a.JSONL");
        assert_eq!(Compression::Gzip.strip_extension("a.html"), "a.html");
        assert_eq!(Compression::None.strip_extension("a.gz"), "a.gz");
    }
}
