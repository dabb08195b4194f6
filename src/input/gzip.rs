//! gzip streams read member by member, resynchronising after a corrupt
//! member instead of giving up on the rest of the file.
//!
//! A WARC.gz file is one gzip member per record precisely so that a reader
//! can start at any member: one flipped byte in member 101 of 200 should
//! cost record 101, not the 99 records after it. flate2's `MultiGzDecoder`
//! stops at the first error, so members are decoded one at a time here with
//! flate2's single-member `GzDecoder`. When one fails, the reader reports
//! one [`Corrupt`] error that says it resumes, then scans forward for the
//! next plausible member header (magic, deflate method, reserved flag bits
//! clear, a known extra-flags and OS byte: a chance match inside deflate
//! data is about one in 10^10 per byte) and goes on from there.
//!
//! A member's output is held back until its trailer (CRC-32 and length)
//! has checked, as long as it is under [`HOLD`] bytes, so a member whose
//! corruption shows only in its checksum releases nothing; a larger member
//! streams, and its failure can come after some of its bytes. Consecutive
//! failures without any good output between them are one error, so a false
//! candidate header inside a corrupt member is not reported twice.

use super::compression::Corrupt;
use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};

/// Output held back per member until its checksum is verified: a WARC
/// record of a page is far smaller; larger members stream.
const HOLD: usize = 4 << 20;

/// Input buffered so that a member header can be examined whole.
const BUFFER: usize = 64 * 1024;

/// Bytes of the fixed part of a member header (RFC 1952, 2.3).
const HEADER: usize = 10;

/// A gzip stream of any number of members, resynchronising after a
/// corrupt one (see the module docs).
pub(crate) struct Members<R> {
    state: State<R>,
    held: Vec<u8>,
    /// Read position in `held`.
    at: usize,
    /// How much of `held` may go out: all of it once its member checked
    /// (or once it streams), none while it is being held.
    released: usize,
    /// A failure was reported and no good output came since.
    failing: bool,
    /// The next member is the stream's first: its header is trusted to the
    /// decoder, as the stream was recognised by its magic bytes.
    first: bool,
}

enum State<R> {
    /// At a member boundary, or scanning for one after a failure.
    Between(Input<R>),
    /// Decoding a member whose output is held until its trailer checks.
    Holding(GzDecoder<Input<R>>, u64),
    /// Decoding a member too large to hold: its output goes straight out.
    Streaming(GzDecoder<Input<R>>, u64),
    /// The end of the input.
    Done,
}

impl<R: Read> Members<R> {
    /// Reads `inner` as gzip members.
    pub(crate) fn new(inner: R) -> Self {
        Members {
            state: State::Between(Input::new(inner)),
            held: Vec::new(),
            at: 0,
            released: 0,
            failing: false,
            first: true,
        }
    }

    /// A member failed after it started at `start`: scan on from where the
    /// decoder stopped (one byte on, if it stopped where it started), and
    /// report the failure unless one is already being reported.
    fn fail(&mut self, mut input: Input<R>, start: u64, source: io::Error) -> Option<io::Error> {
        if input.position == start {
            input.consume(1);
        }
        self.held.clear();
        self.at = 0;
        self.released = 0;
        self.state = State::Between(input);
        if self.failing {
            return None;
        }
        self.failing = true;
        Some(corrupt(source))
    }
}

fn corrupt(source: io::Error) -> io::Error {
    io::Error::other(Corrupt::resumable("gzip", source))
}

impl<R: Read> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.at < self.released {
                let n = buf.len().min(self.released - self.at);
                buf[..n].copy_from_slice(&self.held[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(0),
                State::Between(mut input) => {
                    let first = std::mem::replace(&mut self.first, false);
                    match input.next_member(first)? {
                        Next::End => return Ok(0),
                        Next::Member => {
                            let start = input.position;
                            self.held.clear();
                            self.at = 0;
                            self.released = 0;
                            self.state = State::Holding(GzDecoder::new(input), start);
                        }
                        Next::Skipped(skipped) => {
                            self.state = State::Between(input);
                            if !self.failing {
                                self.failing = true;
                                return Err(corrupt(io::Error::new(
                                    io::ErrorKind::InvalidData,
                                    format!(
                                        "{skipped} bytes between members are not gzip; skipped"
                                    ),
                                )));
                            }
                        }
                    }
                }
                State::Holding(mut decoder, start) => {
                    let mut chunk = [0u8; 16 * 1024];
                    match decoder.read(&mut chunk) {
                        Ok(0) => {
                            // The trailer checked: release the member.
                            if !self.held.is_empty() {
                                self.failing = false;
                            }
                            self.released = self.held.len();
                            self.state = State::Between(decoder.into_inner());
                        }
                        Ok(n) => {
                            self.held.extend_from_slice(&chunk[..n]);
                            if self.held.len() >= HOLD {
                                self.failing = false;
                                self.released = self.held.len();
                                self.state = State::Streaming(decoder, start);
                            } else {
                                self.state = State::Holding(decoder, start);
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                            self.state = State::Holding(decoder, start);
                        }
                        Err(e) => {
                            if let Some(report) = self.fail(decoder.into_inner(), start, e) {
                                return Err(report);
                            }
                        }
                    }
                }
                State::Streaming(mut decoder, start) => match decoder.read(buf) {
                    Ok(0) => self.state = State::Between(decoder.into_inner()),
                    Ok(n) => {
                        self.state = State::Streaming(decoder, start);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.state = State::Streaming(decoder, start);
                    }
                    Err(e) => {
                        if let Some(report) = self.fail(decoder.into_inner(), start, e) {
                            return Err(report);
                        }
                    }
                },
            }
        }
    }
}

/// What lies at the reading position.
enum Next {
    /// A member header.
    Member,
    /// This many bytes that hold no member header were passed over; the
    /// position is now at a header or at the end.
    Skipped(u64),
    /// The end of the input.
    End,
}

/// The compressed input, buffered so that a whole member header can be
/// looked at before it is consumed, with the count of bytes consumed.
struct Input<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    position: u64,
    eof: bool,
}

impl<R: Read> Input<R> {
    fn new(inner: R) -> Self {
        Input {
            inner,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            position: 0,
            eof: false,
        }
    }

    /// Makes at least `n` bytes available unless the input ends first.
    fn fill_to(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.end - self.start < n && !self.eof {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    /// Finds the next member: at the position (the first member, or a
    /// clean boundary: any gzip magic), or by scanning for a plausible
    /// header.
    fn next_member(&mut self, first: bool) -> io::Result<Next> {
        let head = self.fill_to(HEADER)?;
        if head.is_empty() {
            return Ok(Next::End);
        }
        if (first && head.starts_with(&[0x1f, 0x8b])) || plausible_header(head) {
            return Ok(Next::Member);
        }
        let mut skipped = 0u64;
        loop {
            let available = self.fill_to(HEADER)?;
            let len = available.len();
            if len < HEADER {
                // The input ends before a header could: the rest is junk.
                self.consume(len);
                return Ok(Next::Skipped(skipped + len as u64));
            }
            // The position itself was looked at before the first round.
            let from = usize::from(skipped == 0);
            let found = (from..len)
                .filter(|&i| available[i] == 0x1f)
                .find(|&i| len - i < HEADER || plausible_header(&available[i..]));
            match found {
                Some(i) if len - i >= HEADER => {
                    self.consume(i);
                    return Ok(Next::Skipped(skipped + i as u64));
                }
                // A candidate cut by the end of the buffered bytes: move up
                // to it and look again with more bytes behind it.
                Some(i) => {
                    let i = i.max(1);
                    self.consume(i);
                    skipped += i as u64;
                }
                None => {
                    self.consume(len);
                    skipped += len as u64;
                }
            }
        }
    }
}

/// Whether `b` starts with a gzip member header as real encoders write
/// them: magic, deflate, no reserved flag bits, extra flags 0, 2 or 4, and
/// a known operating system.
fn plausible_header(b: &[u8]) -> bool {
    b.len() >= HEADER
        && b[0] == 0x1f
        && b[1] == 0x8b
        && b[2] == 8
        && b[3] & 0xe0 == 0
        && matches!(b[8], 0 | 2 | 4)
        && (b[9] <= 13 || b[9] == 255)
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.fill_to(1)
        } else {
            Ok(&self.buf[self.start..self.end])
        }
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.position += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::compression::is_resumable;
    use crate::input::compression::tests::gzip;

    /// Reads everything, collecting the good bytes and the errors.
    fn drain(bytes: &[u8]) -> (Vec<u8>, usize) {
        let mut members = Members::new(bytes);
        let (mut out, mut errors) = (Vec::new(), 0);
        let mut buf = [0u8; 1000];
        for _ in 0..100_000 {
            match members.read(&mut buf) {
                Ok(0) => return (out, errors),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    assert!(is_resumable(&e), "{e}");
                    errors += 1;
                }
            }
        }
        panic!("no end");
    }

    fn text(i: usize) -> Vec<u8> {
        format!("record {i}: {}\n", "gene therapy ".repeat(50 + i % 7)).into_bytes()
    }

    #[test]
    fn every_member_is_read() {
        let all: Vec<u8> = (0..20).flat_map(|i| gzip(&text(i))).collect();
        let want: Vec<u8> = (0..20).flat_map(text).collect();
        assert_eq!(drain(&all), (want, 0));
    }

    #[test]
    fn a_corrupt_member_costs_itself_only() {
        for flip in [12usize, 20, 40, -8i64 as usize] {
            let mut members: Vec<Vec<u8>> = (0..20).map(|i| gzip(&text(i))).collect();
            let m = &mut members[10];
            let at = if flip > m.len() { m.len() - 8 } else { flip };
            m[at] ^= 0x55;
            let all: Vec<u8> = members.concat();
            let want: Vec<u8> = (0..20).filter(|&i| i != 10).flat_map(text).collect();
            let (got, errors) = drain(&all);
            assert_eq!(errors, 1, "byte {at} flipped");
            assert!(
                got == want,
                "byte {at} flipped: {}",
                String::from_utf8_lossy(&got)
                    .lines()
                    .map(|l| &l[..10])
                    .collect::<Vec<_>>()
                    .join("|")
            );
        }
    }

    #[test]
    fn garbage_between_members_is_one_error() {
        let mut all = gzip(&text(0));
        all.extend_from_slice(b"\x1f\x8b junk that is not a member \x1f");
        all.extend(gzip(&text(1)));
        let want: Vec<u8> = [text(0), text(1)].concat();
        assert_eq!(drain(&all), (want, 1));
    }

    #[test]
    fn a_truncated_stream_is_one_error() {
        let whole = gzip(&text(3).repeat(20));
        let (out, errors) = drain(&whole[..whole.len() / 2]);
        assert!(out.is_empty(), "{} bytes", out.len());
        assert_eq!(errors, 1);
    }
}
