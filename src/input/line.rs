//! Lines of bounded length from a buffered reader, for the line-based
//! formats (JSONL shards, WARC headers). `BufRead::read_until` would hold a
//! line of any length in memory; a gzip bomb of one endless line must cost
//! time only.

use std::io::{self, BufRead};

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line is in the buffer, without its `\n`.
    Complete,
    /// The line was longer than the cap; it was skipped, and had this many
    /// bytes.
    TooLong(u64),
    /// No more lines.
    End,
}

/// Reads one line into `buf`, holding at most `cap` bytes of it: a longer
/// line is consumed to its end but not kept, so a line of gigabytes costs
/// time, never memory.
pub(crate) fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Line> {
    buf.clear();
    let (mut len, mut any, mut overflow) = (0u64, false, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, overflow) {
                (false, _) => Line::End,
                (true, true) => Line::TooLong(len),
                (true, false) => Line::Complete,
            });
        }
        any = true;
        let newline = memchr::memchr(b'\n', available);
        let part = &available[..newline.unwrap_or(available.len())];
        len += part.len() as u64;
        if !overflow {
            if buf.len() + part.len() > cap {
                overflow = true;
                buf.clear();
                buf.shrink_to(0);
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = part.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if overflow {
                Line::TooLong(len)
            } else {
                Line::Complete
            });
        }
    }
}
