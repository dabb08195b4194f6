//! Input: which documents a run covers, and reading their bytes.
//!
//! This is the library's only file-system code; the stages themselves are
//! pure. Directories are walked recursively in sorted order (byte order of
//! file names, so the order is the same on every machine), following
//! symbolic links with loop detection. Hidden entries (names starting with
//! `.`) inside a directory are skipped, as ripgrep does; a hidden file named
//! explicitly is read. Anything that cannot be listed or read is kept as an
//! [`Input::Unreadable`] so it becomes an error record: nothing is dropped.

pub mod compression;
mod digest;
mod gzip;
mod jsonl;
mod line;
mod warc;

use crate::document::{Document, LoadError, Origin};
use crate::record::ErrorCode;
use compression::Compression;
pub use digest::InputDigest;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One document to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, with the path as the user wrote it (or as found under a
    /// directory the user named).
    File(PathBuf),
    /// Standard input, read as a stream.
    Stdin,
    /// Something that could not even be listed, with the reason.
    Unreadable(Origin, String),
}

/// Expands the paths given on the command line into documents, in order.
/// `-` means standard input.
///
/// ```
/// let dir = std::env::temp_dir().join("cistron-doc-collect");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("b.txt"), "b").unwrap();
/// std::fs::write(dir.join("sub/a.txt"), "a").unwrap();
/// let inputs = cistron::input::collect(&[dir.clone()]);
/// assert_eq!(inputs.len(), 2);
/// ```
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
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

/// Which container an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Decide from magic bytes, then the extension, then the first bytes.
    #[default]
    Auto,
    /// One document (HTML or text) per file.
    Document,
    /// One document per line: `{"id","url","html"|"text"|"content_base64","charset"}`.
    Jsonl,
    /// WARC records; each HTTP response is a document.
    Warc,
}

impl InputFormat {
    /// The name used on the command line and in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Document => "document",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Warc => "warc",
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The container format, or [`InputFormat::Auto`].
    pub format: InputFormat,
    /// A document over this many bytes becomes a `too_large` error record.
    pub max_bytes: u64,
    /// A compressed input stops, with a `too_large` error record, after
    /// this many decompressed bytes: the defence against gzip bombs.
    pub max_decompressed_bytes: u64,
}

/// Default cap on the decompressed size of one input: 16 GiB, far above a
/// Common Crawl WARC (about 5 GiB) and far below a bomb's ambitions.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: u64 = 16 << 30;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            max_bytes: crate::document::DEFAULT_MAX_BYTES,
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
        }
    }
}

/// A document read from an input, or why it could not be.
pub type Loaded = Result<Document, Box<LoadError>>;

/// The documents of one input, read lazily: a single file is one document,
/// a shard many. Memory holds one document at a time.
pub type Documents<'a> = Box<dyn Iterator<Item = Loaded> + Send + 'a>;

/// Opens an input and returns its documents. Never fails: an input that
/// cannot be opened yields one error record.
///
/// ```
/// use cistron::input::{open, Input, ReadOptions};
/// let dir = std::env::temp_dir().join("cistron-doc-open");
/// std::fs::create_dir_all(&dir).unwrap();
/// let shard = dir.join("part.jsonl");
/// std::fs::write(&shard, "{\"id\":\"a\",\"text\":\"A\"}\n{\"id\":\"b\",\"text\":\"B\"}\n").unwrap();
/// let docs: Vec<_> = open(&Input::File(shard), &ReadOptions::default()).collect();
/// assert_eq!(docs.len(), 2);
/// assert_eq!(docs[1].as_ref().unwrap().bytes, b"B");
/// ```
pub fn open(input: &Input, options: &ReadOptions) -> Documents<'static> {
    open_input(input, options, false).0
}

/// [`open`], with the running hash of the file's bytes as they are read
/// (`None` for standard input and inputs that could not be opened): what
/// `_manifest.json` lists, so that it describes the bytes that were
/// processed.
pub fn open_digested(
    input: &Input,
    options: &ReadOptions,
) -> (Documents<'static>, Option<InputDigest>) {
    open_input(input, options, true)
}

fn open_input(
    input: &Input,
    options: &ReadOptions,
    hash: bool,
) -> (Documents<'static>, Option<InputDigest>) {
    let (origin, reader, digest): (Origin, Box<dyn BufRead + Send>, _) = match input {
        Input::Unreadable(origin, message) => {
            return (
                failed(origin.clone(), ErrorCode::ReadFailed, message.clone()),
                None,
            )
        }
        Input::Stdin => (
            Origin::from_path("-"),
            Box::new(BufReader::with_capacity(compression::BUFFER, io::stdin())),
            None,
        ),
        Input::File(path) => {
            let origin = Origin::from_path(&path.to_string_lossy());
            match open_file(path) {
                Ok(file) if hash => {
                    let (hashing, digest) = InputDigest::wrap(file);
                    (
                        origin,
                        Box::new(BufReader::with_capacity(compression::BUFFER, hashing)),
                        Some(digest),
                    )
                }
                Ok(file) => (
                    origin,
                    Box::new(BufReader::with_capacity(compression::BUFFER, file)),
                    None,
                ),
                Err(message) => return (failed(origin, ErrorCode::ReadFailed, message), None),
            }
        }
    };
    (open_reader(origin, reader, options), digest)
}

fn failed(origin: Origin, code: ErrorCode, message: String) -> Documents<'static> {
    Box::new(std::iter::once(Err(Box::new(LoadError {
        origin,
        code,
        message,
    }))))
}

/// Opens a regular file for reading. The type is checked on the open
/// descriptor, not on the path (which could change in between), and the
/// open itself does not block: opening a FIFO with no writer waits forever
/// without `O_NONBLOCK`. A FIFO, socket or device could block or never
/// end, so it is refused.
fn open_file(path: &Path) -> Result<std::fs::File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read: not a regular file (a {})",
            file_kind(&meta.file_type())
        ));
    }
    Ok(file)
}

/// What a file that is not regular is, for the error record.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
    }
    if kind.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

/// The size and lower-case hex SHA-256 of a file as it is now, opened as
/// inputs are (a FIFO or device is not read); `None` if it cannot be read.
pub fn hash_file(path: &Path) -> Option<(u64, String)> {
    let (mut reader, digest) = InputDigest::wrap(open_file(path).ok()?);
    io::copy(&mut reader, &mut io::sink()).ok()?;
    digest.finish()
}

/// The documents of a stream that is not a file (a socket, bytes in
/// memory), named by `origin`: decompressed if it is compressed, then read
/// as the format given or detected, exactly as [`open`] reads a file.
pub fn open_stream(
    origin: Origin,
    reader: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> Documents<'static> {
    open_reader(origin, reader, options)
}

/// The documents of an opened stream: decompressed if it is compressed,
/// then read as the format given or detected.
fn open_reader(
    mut origin: Origin,
    reader: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> Documents<'static> {
    let (prefix, reader) = match peek(reader) {
        Ok(peeked) => peeked,
        Err(e) => return failed(origin, ErrorCode::ReadFailed, format!("cannot read: {e}")),
    };
    let compression = Compression::sniff(&prefix);
    let limit = match options.format {
        // A compressed single document is capped by the document limit.
        InputFormat::Document => options.max_bytes.saturating_add(1),
        _ => options.max_decompressed_bytes,
    };
    let reader = match compression::open(reader, compression, limit) {
        Ok(reader) => reader,
        Err(e) => return failed(origin, compression::error_code(&e), e.to_string()),
    };
    // `page.html.gz` holds `page.html`, whose extension helps sniffing.
    origin.name = compression.strip_extension(&origin.name).to_owned();
    let (format, reader) = match options.format {
        InputFormat::Auto => match peek(reader) {
            Ok((prefix, reader)) => (detect_format(&origin.name, &prefix), reader),
            Err(e) => return failed(origin, compression::error_code(&e), e.to_string()),
        },
        forced => (forced, reader),
    };
    match format {
        InputFormat::Jsonl => {
            // JSON escapes can double a page's size; the decoded document
            // is held to `max_bytes` by the pipeline.
            let max_line =
                usize::try_from(options.max_bytes.saturating_mul(2)).unwrap_or(usize::MAX);
            Box::new(jsonl::JsonlDocuments::new(reader, origin, max_line))
        }
        InputFormat::Warc => Box::new(warc::WarcDocuments::new(reader, origin, options.max_bytes)),
        InputFormat::Document | InputFormat::Auto => {
            let mut bytes = Vec::new();
            let max = options.max_bytes;
            let read = reader.take(max.saturating_add(1)).read_to_end(&mut bytes);
            Box::new(std::iter::once(match read {
                Err(e) => Err(Box::new(LoadError {
                    code: compression::error_code(&e),
                    message: if compression == Compression::None {
                        format!("cannot read: {e}")
                    } else {
                        e.to_string()
                    },
                    origin,
                })),
                Ok(_) if bytes.len() as u64 > max => Err(Box::new(too_large(origin, max))),
                Ok(_) => Ok(Document { origin, bytes }),
            }))
        }
    }
}

/// The container format a file name states, through a compression
/// extension (`part-1.warc.gz` is WARC), or `None` when the name says
/// nothing.
///
/// ```
/// use cistron::input::{format_from_name, InputFormat};
/// assert_eq!(format_from_name("crawl/part-1.WARC.gz"), Some(InputFormat::Warc));
/// assert_eq!(format_from_name("x.ndjson.zst"), Some(InputFormat::Jsonl));
/// assert_eq!(format_from_name("page.html"), None);
/// ```
pub fn format_from_name(name: &str) -> Option<InputFormat> {
    let logical = [Compression::Gzip, Compression::Zstd]
        .iter()
        .fold(name, |n, c| c.strip_extension(n))
        .to_ascii_lowercase();
    if logical.ends_with(".jsonl") || logical.ends_with(".ndjson") {
        Some(InputFormat::Jsonl)
    } else if logical.ends_with(".warc") {
        Some(InputFormat::Warc)
    } else {
        None
    }
}

/// How many bytes format detection looks at: a WARC version line, a JSONL
/// line's first keys, a compression magic.
const PEEK: u64 = 4096;

/// The first bytes of a stream, read without losing them: a pipe may hand
/// over a few bytes per read, so one `fill_buf` is not enough to tell a
/// format. A read error is not returned here but replayed after the bytes
/// that came before it, so that a short corrupt stream still yields the
/// documents it holds before the damage (as `zstd -dc` and `gzip -dc` do).
fn peek<'a>(
    mut reader: Box<dyn BufRead + Send + 'a>,
) -> io::Result<(Vec<u8>, Box<dyn BufRead + Send + 'a>)> {
    let mut prefix = Vec::new();
    let mut failure = None;
    loop {
        let want = PEEK.saturating_sub(prefix.len() as u64);
        match reader.by_ref().take(want).read_to_end(&mut prefix) {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let replay = io::Cursor::new(prefix.clone());
    let rest: Box<dyn BufRead + Send + 'a> = match failure {
        Some(error) => Box::new(FailOnce {
            error: Some(error),
            rest: reader,
        }),
        None => reader,
    };
    Ok((prefix, Box::new(replay.chain(rest))))
}

/// A reader that fails once with a stored error, then reads on from
/// `rest` (which decides whether anything follows).
struct FailOnce<'a> {
    error: Option<io::Error>,
    rest: Box<dyn BufRead + Send + 'a>,
}

impl Read for FailOnce<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.rest.read(buf),
        }
    }
}

impl BufRead for FailOnce<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.rest.fill_buf(),
        }
    }

    fn consume(&mut self, n: usize) {
        self.rest.consume(n);
    }
}

/// The container format of a file, from its name and first bytes (through
/// its compression); what `--out-dir` uses to tell shards from loose
/// documents. Unreadable files are documents (their error record says why).
pub fn sniff_format(path: &Path) -> InputFormat {
    let Ok(file) = open_file(path) else {
        return InputFormat::Document;
    };
    let name = path.to_string_lossy();
    let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(file));
    let Ok((prefix, reader)) = peek(reader) else {
        return InputFormat::Document;
    };
    let compression = Compression::sniff(&prefix);
    let Ok(reader) = compression::open(reader, compression, PEEK) else {
        return InputFormat::Document;
    };
    let mut inner = Vec::new();
    // A truncated prefix of a compressed stream errors at its end; what
    // came before the error is enough.
    let _ = reader.take(PEEK).read_to_end(&mut inner);
    detect_format(compression.strip_extension(&name), &inner)
}

/// The format of an input whose format was not given: the extension of its
/// logical name first, then its first bytes. A WARC file starts `WARC/`; a
/// JSONL shard starts with an object that has one of the content fields,
/// which no HTML page and hardly any text does.
fn detect_format(name: &str, prefix: &[u8]) -> InputFormat {
    if let Some(format) = format_from_name(name) {
        return format;
    }
    let start = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = start.trim_ascii_start();
    if start.starts_with(b"WARC/1.") {
        return InputFormat::Warc;
    }
    let first_line = &start[..memchr::memchr(b'\n', start).unwrap_or(start.len())];
    let opens_object = first_line
        .strip_prefix(b"{")
        .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"\""));
    if opens_object
        && [&b"\"html\""[..], b"\"text\"", b"\"content_base64\""]
            .iter()
            .any(|key| memchr::memmem::find(first_line, key).is_some())
    {
        return InputFormat::Jsonl;
    }
    InputFormat::Document
}

fn too_large(origin: Origin, max_bytes: u64) -> LoadError {
    LoadError {
        origin,
        code: ErrorCode::TooLarge,
        message: format!("the document is larger than the limit of {max_bytes} bytes (raise it with --max-bytes)"),
    }
}

/// Reads a list of paths, one per line (`--files-from`). Blank lines are
/// skipped; a trailing `\r` is removed. On Unix the bytes are the path, so
/// names that are not UTF-8 survive.
pub fn paths_from_list(list: &[u8]) -> Vec<PathBuf> {
    list.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.trim_ascii().is_empty())
        .map(path_from_bytes)
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::compression::tests::gzip;
    use super::*;

    fn load(input: &Input, max_bytes: u64) -> Loaded {
        let options = ReadOptions {
            max_bytes,
            ..ReadOptions::default()
        };
        let mut docs: Vec<Loaded> = open(input, &options).collect();
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    #[test]
    fn formats_are_detected_from_content_and_name() {
        assert_eq!(detect_format("a.html", b"<html>"), InputFormat::Document);
        assert_eq!(detect_format("x", b"WARC/1.1\r\n"), InputFormat::Warc);
        assert_eq!(
            detect_format("x", b"{\"id\":1,\"html\":\"<p>\"}\n"),
            InputFormat::Jsonl
        );
        assert_eq!(detect_format("x.ndjson", b""), InputFormat::Jsonl);
        assert_eq!(
            detect_format("x.txt", b"{\"a\":1}\n{\"text\":2}"),
            InputFormat::Document
        );
    }

    #[test]
    fn compressed_documents_and_shards() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html.gz");
        std::fs::write(&page, gzip(b"<p>hello</p>")).unwrap();
        let doc = load(&Input::File(page.clone()), 100).unwrap();
        assert_eq!(doc.bytes, b"<p>hello</p>");
        assert_eq!(doc.origin.name, "page.html");
        assert!(doc.origin.path.ends_with("page.html.gz"));
        assert_eq!(
            load(&Input::File(page), 5).unwrap_err().code,
            ErrorCode::TooLarge
        );
        let shard = dir.path().join("part");
        let lines = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n";
        std::fs::write(&shard, zstd::encode_all(lines.as_bytes(), 3).unwrap()).unwrap();
        let docs: Vec<Loaded> = open(&Input::File(shard), &ReadOptions::default()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap().origin.line, Some(2));
    }

    #[test]
    fn walk_is_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", ".hidden", "sub/c.txt", ".git/x"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, name).unwrap();
        }
        let inputs = collect(&[dir.path().to_path_buf()]);
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
        let not_regular = load(&Input::File(dir.path().to_path_buf()), 100).unwrap_err();
        assert_eq!(not_regular.code, ErrorCode::ReadFailed);
    }

    #[test]
    fn file_lists() {
        assert_eq!(
            paths_from_list(b"a\r\n\n  \nb/c\n"),
            [PathBuf::from("a"), PathBuf::from("b/c")]
        );
    }
}
