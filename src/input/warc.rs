//! WARC files (ISO 28500; WARC/1.0 and 1.1), as Common Crawl and every
//! archiving crawler write them.
//!
//! Each `response` record (with an HTTP or HTTPS target), `resource` record
//! and `conversion` record is one document; `warcinfo`, `request`,
//! `metadata` and `revisit` records hold no page and are passed over. The
//! HTTP headers inside a response give the charset, the media type and the
//! status: a response that is not a page (an image, a script, a redirect or
//! an error status) becomes a `not_a_page` error record, so every response
//! still yields one line. Chunked transfer coding and gzip or deflate
//! content coding are undone, for archives that kept them.
//!
//! Records are read one at a time with `Content-Length`, so memory holds
//! one record; a record over the size limit is skipped through, not read.

use super::compression::{self, Capped};
use super::line::{read_line, Line};
use super::Loaded;
use crate::decode::MediaType;
use crate::document::{Document, LoadError, Origin};
use crate::record::ErrorCode;
use std::io::{self, BufRead, Read};

/// The longest header line and the largest header block accepted; real
/// ones are a few hundred bytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 1024;

/// Room for the HTTP headers in front of a page of `max_bytes`.
const HTTP_HEADER_ROOM: u64 = 1024 * 1024;

/// Header fields, in order, as (name, value).
type Fields = Vec<(String, String)>;

/// The documents of a WARC file, in record order.
pub struct WarcDocuments<R> {
    reader: Counting<R>,
    shard: Origin,
    max_bytes: u64,
    line: Vec<u8>,
    /// A header read after skipped bytes, to process after reporting them.
    pending: Option<Header>,
    /// The next header, already read while looking past a record's block.
    lookahead: Option<io::Result<Option<Header>>>,
    done: bool,
}

impl<R: BufRead> WarcDocuments<R> {
    /// Reads `reader` as WARC records; `shard` names the file in every
    /// record, and a page over `max_bytes` becomes a `too_large` record.
    pub fn new(reader: R, shard: Origin, max_bytes: u64) -> Self {
        WarcDocuments {
            reader: Counting {
                inner: reader,
                count: 0,
            },
            shard,
            max_bytes,
            line: Vec::new(),
            pending: None,
            lookahead: None,
            done: false,
        }
    }

    fn fail(&mut self, origin: Origin, code: ErrorCode, message: String) -> Option<Loaded> {
        Some(Err(Box::new(LoadError {
            origin,
            code,
            message,
        })))
    }

    /// Reads the next record's header block; `None` at the end of input.
    /// Bytes before the next `WARC/1.x` line that are not blank (a record
    /// longer than its `Content-Length`, garbage) are skipped and reported
    /// in the header, so one bad record does not cost the rest of the file.
    /// With `keep`, the skipped lines are also kept there (up to its cap).
    fn header(&mut self, mut keep: Option<(&mut Vec<u8>, usize)>) -> io::Result<Option<Header>> {
        let mut skipped: Option<(u64, u64)> = None;
        let start = loop {
            let start = self.reader.count;
            let line = read_line(&mut self.reader, &mut self.line, MAX_HEADER_LINE)?;
            match line {
                Line::End if skipped.is_none() => return Ok(None),
                Line::End => break None,
                Line::Complete if self.line.trim_ascii().is_empty() => {}
                Line::Complete if self.line.starts_with(b"WARC/1.") => break Some(start),
                Line::Complete | Line::TooLong(_) => {
                    let (from, _) = *skipped.get_or_insert((start, 0));
                    skipped = Some((from, self.reader.count - from));
                    if let Some((kept, cap)) = keep.as_mut() {
                        if kept.len() + self.line.len() < *cap {
                            kept.extend_from_slice(&self.line);
                            kept.push(b'\n');
                        }
                    }
                }
            }
        };
        let Some(start) = start else {
            // Garbage to the end: report it, then end.
            return Ok(Some(Header {
                start: self.reader.count,
                fields: Vec::new(),
                skipped,
            }));
        };
        let mut fields: Fields = Vec::new();
        loop {
            match read_line(&mut self.reader, &mut self.line, MAX_HEADER_LINE)? {
                Line::Complete if self.line.is_empty() => {
                    return Ok(Some(Header {
                        start,
                        fields,
                        skipped,
                    }))
                }
                // A folded line continues the field before it (WARC 1.0
                // follows HTTP/1.1 here).
                Line::Complete if self.line.starts_with(b" ") || self.line.starts_with(b"\t") => {
                    if let Some((_, value)) = fields.last_mut() {
                        if !value.is_empty() {
                            value.push(' ');
                        }
                        value.push_str(String::from_utf8_lossy(&self.line).trim());
                    }
                }
                Line::Complete if fields.len() < MAX_HEADER_LINES => {
                    if let Some((name, value)) = split_field(&self.line) {
                        fields.push((name, value));
                    }
                }
                Line::End => return Err(malformed("the file ends inside a record header")),
                _ => return Err(malformed("a record header is too long")),
            }
        }
    }
}

/// A record's header block.
struct Header {
    /// Offset of its `WARC/` line.
    start: u64,
    fields: Fields,
    /// Bytes skipped before it: (offset, length).
    skipped: Option<(u64, u64)>,
}

impl<R: BufRead> Iterator for WarcDocuments<R> {
    type Item = Loaded;

    fn next(&mut self) -> Option<Loaded> {
        while !self.done {
            let mut start = self.reader.count;
            let mut origin = Origin {
                offset: Some(start),
                ..self.shard.clone()
            };
            let header = match (self.pending.take(), self.lookahead.take()) {
                (Some(header), _) => Ok(Some(header)),
                (None, Some(header)) => header,
                (None, None) => self.header(None),
            };
            let fields = match header {
                Ok(Some(Header {
                    start: at,
                    fields,
                    skipped: Some((from, len)),
                })) => {
                    // Report the skipped bytes now, the record next time.
                    if !fields.is_empty() {
                        self.pending = Some(Header {
                            start: at,
                            fields,
                            skipped: None,
                        });
                    } else {
                        self.done = true;
                    }
                    origin.offset = Some(from);
                    return self.fail(
                        origin,
                        ErrorCode::MalformedInput,
                        format!("{len} bytes at byte {from} are not a WARC record (a record longer than its Content-Length, or not a WARC file); skipped"),
                    );
                }
                Ok(Some(Header {
                    start: at, fields, ..
                })) => {
                    start = at;
                    origin.offset = Some(at);
                    fields
                }
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    // A corrupt gzip member is skipped by the decompressor,
                    // and the next member starts the next record.
                    self.done = !compression::is_resumable(&e);
                    let code = read_error_code(&e);
                    return self.fail(origin, code, format!("WARC record at byte {start}: {e}"));
                }
            };
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            let kind = field("WARC-Type").unwrap_or("").to_ascii_lowercase();
            let content_type = field("Content-Type").unwrap_or("").to_owned();
            origin.url = field("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_owned());
            origin.input_id = field("WARC-Record-ID").map(str::to_owned);
            let Some(length) = field("Content-Length").and_then(|l| l.trim().parse::<u64>().ok())
            else {
                // Its block is read as skipped bytes up to the next record.
                return self.fail(
                    origin,
                    ErrorCode::MalformedInput,
                    format!("WARC record at byte {start}: no valid Content-Length"),
                );
            };
            let is_page_record = match kind.as_str() {
                "response" => origin
                    .url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("http://") || u.starts_with("https://")),
                "resource" | "conversion" => true,
                _ => false,
            };
            // Only a page can be too large: other records hold no document.
            let too_large =
                is_page_record && length > self.max_bytes.saturating_add(HTTP_HEADER_ROOM);
            if !is_page_record || too_large {
                if let Err(e) = self.skip(length) {
                    self.done = !compression::is_resumable(&e);
                    return self.fail(
                        origin,
                        read_error_code(&e),
                        format!("WARC record at byte {start}: {e}"),
                    );
                }
                if !too_large {
                    self.absorb_tail(&mut Vec::new(), 0);
                }
                if too_large {
                    return self.fail(
                        origin,
                        ErrorCode::TooLarge,
                        format!("the WARC record has {length} bytes, over the limit of {} (raise it with --max-bytes)", self.max_bytes),
                    );
                }
                continue;
            }
            let mut block = Vec::new();
            let mut resumes = false;
            let read = (&mut self.reader)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| {
                    resumes = compression::is_resumable(&e);
                    (read_error_code(&e), e.to_string())
                })
                .and_then(|n| {
                    (n as u64 == length).then_some(()).ok_or_else(|| {
                        (
                            ErrorCode::MalformedInput,
                            format!("truncated: {n} of {length} bytes"),
                        )
                    })
                });
            if let Err((code, message)) = read {
                self.done = !resumes;
                return self.fail(
                    origin,
                    code,
                    format!("WARC record at byte {start}: {message}"),
                );
            }
            let room = usize::try_from(self.max_bytes.saturating_add(HTTP_HEADER_ROOM))
                .unwrap_or(usize::MAX)
                .saturating_sub(block.len());
            self.absorb_tail(&mut block, room);
            let page = if kind == "response" && content_type.contains("application/http") {
                http_page(&block, self.max_bytes)
            } else {
                Ok(Page {
                    media_type: media_type(&content_type),
                    charset: charset(&content_type),
                    body: block,
                })
            };
            return Some(match page {
                Ok(Page {
                    media_type: Err(other),
                    ..
                }) => Err(Box::new(LoadError {
                    origin,
                    code: ErrorCode::NotAPage,
                    message: format!("the response is {other}, not a page"),
                })),
                Ok(page) => {
                    origin.charset = page.charset;
                    origin.media_type = page.media_type.ok().flatten();
                    Ok(Document {
                        origin,
                        bytes: page.body,
                    })
                }
                Err((code, message)) => Err(Box::new(LoadError {
                    origin,
                    code,
                    message,
                })),
            });
        }
        None
    }
}

impl<R: BufRead> WarcDocuments<R> {
    /// When a record's block is not followed by its terminator (CRLF
    /// CRLF), reads the next header now and takes the bytes before it as the rest of the
    /// record (up to `room` bytes into `block`): a `Content-Length` that is
    /// too short, as some crawlers write, then costs nothing and gives one
    /// line, not a truncated document and an error for its tail. A block
    /// that holds a record header of its own had a length too long instead;
    /// the skipped bytes are then reported as before.
    fn absorb_tail(&mut self, block: &mut Vec<u8>, room: usize) {
        // A block of the right length is followed by its CRLF CRLF.
        match self.reader.fill_buf() {
            Ok(next) if matches!(next.first(), None | Some(b'\r' | b'\n')) => return,
            Ok(_) => {}
            Err(e) => {
                // Reported where the next header is read.
                self.lookahead = Some(Err(e));
                return;
            }
        }
        let overlong = memchr::memmem::find(block, b"\nWARC/1.").is_some();
        let mut tail = Vec::new();
        let next = self.header(Some((&mut tail, room)));
        self.lookahead = Some(match next {
            Ok(Some(mut header)) if header.skipped.is_some() && !overlong => {
                block.extend_from_slice(&tail);
                header.skipped = None;
                if header.fields.is_empty() {
                    // Nothing but the tail was left.
                    Ok(None)
                } else {
                    Ok(Some(header))
                }
            }
            other => other,
        });
    }

    fn skip(&mut self, length: u64) -> io::Result<()> {
        let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
        if skipped < length {
            return Err(malformed("the file ends inside a record"));
        }
        Ok(())
    }
}

/// A page out of a record: its body, media type (`Ok(None)`: sniff;
/// `Err`: not a page, with the type) and charset.
struct Page {
    body: Vec<u8>,
    media_type: Result<Option<MediaType>, String>,
    charset: Option<String>,
}

/// Splits an HTTP response into status, headers and body; undoes transfer
/// and content codings.
fn http_page(block: &[u8], max_bytes: u64) -> Result<Page, (ErrorCode, String)> {
    // The header ends at the first blank line, CRLF or bare LF.
    let crlf = memchr::memmem::find(block, b"\r\n\r\n").map(|i| (i, 4));
    let lf = memchr::memmem::find(block, b"\n\n").map(|i| (i, 2));
    let (head, body) = match [crlf, lf].into_iter().flatten().min() {
        Some((i, len)) => (&block[..i], &block[i + len..]),
        None => (block, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok());
    let fields: Vec<(String, String)> = lines.filter_map(|l| split_field(l.as_bytes())).collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    match status {
        Some(200..=299) => {}
        Some(code) => {
            return Ok(Page {
                body: Vec::new(),
                media_type: Err(format!("HTTP status {code}")),
                charset: None,
            })
        }
        None => {
            return Err((
                ErrorCode::MalformedInput,
                "the response has no HTTP status line".to_owned(),
            ))
        }
    }
    let content_type = field("Content-Type").unwrap_or_default();
    let mut body = body.to_vec();
    if field("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
        // Archives that already removed the chunking often kept the header.
        if let Some(whole) = dechunk(&body) {
            body = whole;
        }
    }
    // Archives that decoded the body often kept the header, so a body that
    // does not decode is taken as it is (binary detection still stops one
    // that really is compressed).
    let coding = field("Content-Encoding").unwrap_or_default();
    let codings: Vec<&str> = coding.split(',').map(str::trim).collect();
    if let [one] = codings.as_slice() {
        let decoded = match *one {
            "gzip" | "x-gzip" => inflate(&body, Coding::Gzip, max_bytes),
            "deflate" => inflate(&body, Coding::Zlib, max_bytes)
                .or_else(|_| inflate(&body, Coding::Deflate, max_bytes)),
            "zstd" => inflate(&body, Coding::Zstd, max_bytes),
            _ => Ok(body.clone()),
        };
        match decoded {
            Ok(decoded) => body = decoded,
            Err((ErrorCode::TooLarge, message)) => return Err((ErrorCode::TooLarge, message)),
            Err(_) => {}
        }
    }
    Ok(Page {
        body,
        media_type: media_type(&content_type),
        charset: charset(&content_type),
    })
}

/// The media type a `Content-Type` value names: a page type, nothing said
/// (sniff), or something that is not a page.
fn media_type(content_type: &str) -> Result<Option<MediaType>, String> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "" | "application/octet-stream" => Ok(None),
        "text/html" | "application/xhtml+xml" => Ok(Some(MediaType::Html)),
        "text/plain" => Ok(Some(MediaType::Text)),
        _ => Err(essence),
    }
}

/// The `charset` parameter of a `Content-Type` value.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
            .filter(|v| !v.is_empty())
    })
}

fn split_field(line: &[u8]) -> Option<(String, String)> {
    let colon = memchr::memchr(b':', line)?;
    let name = String::from_utf8_lossy(&line[..colon]).trim().to_owned();
    let value = String::from_utf8_lossy(&line[colon + 1..])
        .trim()
        .to_owned();
    (!name.is_empty()).then_some((name, value))
}

/// Undoes chunked transfer coding; `None` if the body is not chunked. A
/// body cut off inside a chunk keeps what arrived.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut chunks = 0;
    loop {
        let Some(eol) = memchr::memchr(b'\n', body) else {
            return (chunks > 0).then_some(out);
        };
        let size_line = std::str::from_utf8(&body[..eol]).ok()?;
        let hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(hex, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        chunks += 1;
        if body.len() < size {
            out.extend_from_slice(body);
            return Some(out);
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

enum Coding {
    Gzip,
    Zlib,
    Deflate,
    Zstd,
}

fn inflate(body: &[u8], coding: Coding, max_bytes: u64) -> Result<Vec<u8>, (ErrorCode, String)> {
    let mut out = Vec::new();
    let result =
        match coding {
            Coding::Gzip => Capped::new(flate2::read::MultiGzDecoder::new(body), max_bytes)
                .read_to_end(&mut out),
            Coding::Zlib => {
                Capped::new(flate2::read::ZlibDecoder::new(body), max_bytes).read_to_end(&mut out)
            }
            Coding::Deflate => Capped::new(flate2::read::DeflateDecoder::new(body), max_bytes)
                .read_to_end(&mut out),
            Coding::Zstd => zstd::stream::read::Decoder::new(body)
                .and_then(|d| Capped::new(d, max_bytes).read_to_end(&mut out)),
        };
    match result {
        Ok(_) => Ok(out),
        Err(e) => {
            let code = match compression::error_code(&e) {
                ErrorCode::TooLarge => ErrorCode::TooLarge,
                _ => ErrorCode::DecompressionFailed,
            };
            Err((
                code,
                format!("the HTTP content coding cannot be undone: {e}"),
            ))
        }
    }
}

fn malformed(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

fn read_error_code(e: &io::Error) -> ErrorCode {
    match compression::error_code(e) {
        ErrorCode::ReadFailed if e.kind() == io::ErrorKind::InvalidData => {
            ErrorCode::MalformedInput
        }
        code => code,
    }
}

/// A `BufRead` that counts the bytes consumed, for record offsets.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.count += amount as u64;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len(),
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        record(
            "response",
            uri,
            "application/http; msgtype=response",
            &block,
        )
    }

    fn read(bytes: &[u8]) -> Vec<Loaded> {
        WarcDocuments::new(bytes, Origin::from_path("c.warc"), 1 << 20).collect()
    }

    #[test]
    fn responses_are_documents_and_the_rest_is_passed_over() {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: x\r\n",
        );
        warc.extend(record(
            "request",
            "https://a.org/",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(response(
            "https://a.org/",
            "Content-Type: text/html; charset=windows-1251\r\n",
            b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
        ));
        warc.extend(response(
            "https://a.org/logo.png",
            "Content-Type: image/png\r\n",
            b"\x89PNG",
        ));
        warc.extend(response(
            "https://a.org/c",
            "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n",
            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        ));
        let docs = read(&warc);
        assert_eq!(docs.len(), 3);
        let page = docs[0].as_ref().unwrap();
        assert_eq!(page.origin.url.as_deref(), Some("https://a.org/"));
        assert_eq!(page.origin.charset.as_deref(), Some("windows-1251"));
        assert_eq!(page.origin.media_type, Some(MediaType::Html));
        assert!(page
            .origin
            .input_id
            .as_deref()
            .unwrap()
            .starts_with("<urn:uuid:response"));
        assert!(page.origin.offset.unwrap() > 0);
        assert_eq!(
            &warc[page.origin.offset.unwrap() as usize..][..8],
            b"WARC/1.0"
        );
        let png = docs[1].as_ref().unwrap_err();
        assert_eq!(png.code, ErrorCode::NotAPage);
        assert!(png.message.contains("image/png"), "{}", png.message);
        assert_eq!(docs[2].as_ref().unwrap().bytes, b"hello world");
    }

    #[test]
    fn truncated_and_garbled_records_end_the_file_with_an_error() {
        let whole = response(
            "https://a.org/",
            "Content-Type: text/html\r\n",
            b"<p>page</p>",
        );
        let docs = read(&whole[..whole.len() - 10]);
        assert_eq!(docs.len(), 1);
        let err = docs[0].as_ref().unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedInput);
        assert!(err.message.contains("truncated"), "{}", err.message);
        let docs = read(b"GET / HTTP/1.1\r\n");
        assert_eq!(
            docs[0].as_ref().unwrap_err().code,
            ErrorCode::MalformedInput
        );
    }

    #[test]
    fn error_statuses_and_content_coding() {
        let mut block =
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>".to_vec();
        let mut warc = record(
            "response",
            "http://a.org/x",
            "application/http; msgtype=response",
            &block,
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
        block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        warc.extend(record(
            "response",
            "http://a.org/z",
            "application/http; msgtype=response",
            &block,
        ));
        let docs = read(&warc);
        assert_eq!(docs[0].as_ref().unwrap_err().code, ErrorCode::NotAPage);
        let zipped = docs[1].as_ref().unwrap();
        assert_eq!(zipped.bytes, b"<p>zipped</p>");
        assert_eq!(zipped.origin.media_type, None);
    }

    #[test]
    fn a_bad_record_costs_only_itself() {
        let good = response(
            "https://a.org/1",
            "Content-Type: text/html\r\n",
            b"<p>one</p>",
        );
        let mut warc = good.clone();
        // A record whose Content-Length is short by 5 bytes, then garbage.
        let mut liar = response(
            "https://a.org/2",
            "Content-Type: text/html\r\n",
            b"<p>two</p>",
        );
        let at = memchr::memmem::find(&liar, b"Content-Length: ").unwrap() + 16;
        let end = at + memchr::memchr(b'\r', &liar[at..]).unwrap();
        let n: usize = std::str::from_utf8(&liar[at..end])
            .unwrap()
            .parse()
            .unwrap();
        liar.splice(at..end, (n - 5).to_string().bytes());
        warc.extend(liar);
        warc.extend(b"garbage line\r\n");
        warc.extend(response(
            "https://a.org/3",
            "Content-Type: text/html\r\n",
            b"<p>three</p>",
        ));
        let docs = read(&warc);
        let urls: Vec<String> = docs
            .iter()
            .map(|d| match d {
                Ok(doc) => doc.origin.url.clone().unwrap(),
                Err(e) => format!("{:?}", e.code),
            })
            .collect();
        // The short record takes its tail back: one line per record.
        assert_eq!(
            urls,
            ["https://a.org/1", "https://a.org/2", "https://a.org/3"]
        );
        let Ok(two) = &docs[1] else { panic!() };
        assert!(
            two.bytes.ends_with(b"<p>two</p>\ngarbage line\n"),
            "{:?}",
            String::from_utf8_lossy(&two.bytes)
        );
        // Garbage after a record's terminator is still reported.
        let mut warc = good.clone();
        warc.extend(b"garbage line\r\n");
        warc.extend(good.clone());
        let codes: Vec<String> = read(&warc)
            .iter()
            .map(|d| match d {
                Ok(_) => "doc".to_owned(),
                Err(e) => format!("{:?}", e.code),
            })
            .collect();
        assert_eq!(codes, ["doc", "MalformedInput", "doc"]);
    }

    #[test]
    fn folded_header_lines_continue_their_field() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfolded";
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI:\r\n  https://a.org/f\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        warc.extend_from_slice(block);
        let docs = read(&warc);
        assert_eq!(
            docs[0].as_ref().unwrap().origin.url.as_deref(),
            Some("https://a.org/f")
        );
    }

    #[test]
    fn bodies_that_do_not_decode_are_taken_as_they_are() {
        let page = http_page(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n<p>already decoded</p>",
            1000,
        )
        .ok()
        .unwrap();
        assert_eq!(page.body, b"<p>already decoded</p>");
        let lf_only = http_page(
            b"HTTP/1.1 200 OK\nContent-Type: text/plain\n\nbody\r\n\r\nmore",
            1000,
        )
        .ok()
        .unwrap();
        assert_eq!(lf_only.body, b"body\r\n\r\nmore");
        assert_eq!(dechunk(b"4\r\nabcd\r\n9\r\nefg").unwrap(), b"abcdefg");
    }

    #[test]
    fn charsets() {
        assert_eq!(
            charset("text/html; Charset=\"UTF-8\"").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(charset("text/html"), None);
        assert_eq!(media_type("TEXT/HTML ; x=y"), Ok(Some(MediaType::Html)));
        assert_eq!(
            media_type("application/pdf"),
            Err("application/pdf".to_owned())
        );
    }
}
