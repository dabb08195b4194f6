//! Documents and where they come from: the values that inputs produce
//! and the pipeline consumes.
//!
//! They sit below both `input` (which reads them from files, shards and
//! streams) and `pipeline` (which turns each into a record), so that
//! neither imports the other: data flows from input to pipeline, and the
//! types it flows in belong to neither.

use crate::decode::MediaType;
use crate::record::ErrorCode;

/// Default size limit of one document: 32 MiB. Inputs stop reading a
/// document past it and the pipeline refuses one over it, so it lives with
/// the document, below both.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// What is known about a document besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// File name, or `-` for standard input.
    pub name: String,
    /// Path as given by the user.
    pub path: String,
    /// The page URL, when the input carried one.
    pub url: Option<String>,
    /// A charset label that came with the bytes.
    pub charset: Option<String>,
    /// The media type the input declared (a JSONL field, an HTTP header);
    /// `None` sniffs.
    pub media_type: Option<MediaType>,
    /// The document's own identifier in its input (a JSONL `id`, a
    /// `WARC-Record-ID`).
    pub input_id: Option<String>,
    /// The 1-based line of a JSONL shard the document came from.
    pub line: Option<u64>,
    /// The byte offset of the WARC record the document came from, in the
    /// decompressed stream.
    pub offset: Option<u64>,
}

impl Origin {
    /// An origin for a path as the user wrote it; the name is its last
    /// component.
    ///
    /// ```
    /// let o = cistron::document::Origin::from_path("docs/a.html");
    /// assert_eq!(o.name, "a.html");
    /// ```
    pub fn from_path(path: &str) -> Self {
        let name = path
            .rsplit(['/', std::path::MAIN_SEPARATOR])
            .find(|s| !s.is_empty())
            .unwrap_or(path);
        Origin {
            name: name.to_owned(),
            path: path.to_owned(),
            ..Origin::default()
        }
    }
}

/// A document to process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Where it came from.
    pub origin: Origin,
    /// Its bytes, as read.
    pub bytes: Vec<u8>,
}

impl Document {
    /// A document of `bytes` named by the path `name` (its origin says
    /// nothing else: no URL, charset or media type).
    ///
    /// ```
    /// let doc = cistron::Document::new("pages/a.html", b"<p>AAV9</p>".to_vec());
    /// assert_eq!(doc.origin.name, "a.html");
    /// ```
    pub fn new(name: &str, bytes: Vec<u8>) -> Self {
        Document {
            origin: Origin::from_path(name),
            bytes,
        }
    }
}

/// Why a document's bytes could not be had: it becomes an error record of
/// stage `read` with this code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Where the document was to come from.
    pub origin: Origin,
    /// `read_failed` or `too_large`.
    pub code: ErrorCode,
    /// What happened, for people.
    pub message: String,
}

/// Lower-case hex of `bytes`, as record ids and hashes are written.
///
/// ```
/// assert_eq!(cistron::document::hex(&[0x0a, 0xff]), "0aff");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}
