//! Finding the runs: where non-ASCII text starts and where a suspect run
//! ends.
//!
//! Mojibake is always a run of non-ASCII characters, so clean text costs one
//! ASCII scan, eight bytes at a time. Where a run ends is not simply the
//! next ASCII byte: a space or `?` after a possible lead or continuation
//! character may be a 0xA0 byte an editor normalised or a byte that was
//! lost, and belongs to the run.

use super::codepages::PAGES;

/// The maximal runs of non-ASCII characters in `text`, as byte ranges.
pub(super) fn non_ascii_runs(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        let start = next_non_ascii(bytes, pos)?;
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |i| start + i);
        pos = end;
        Some(start..end)
    })
}

/// The index of the first non-ASCII byte at or after `from`, eight bytes at
/// a time: most text between two runs is ASCII.
pub(super) fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| i + p)
}

/// The byte end of the run that starts at byte `start` (a non-ASCII
/// character). A space or `?` right after a possible lead or continuation
/// character is part of the run: it may be an altered 0xA0 byte or a lost
/// one.
pub(super) fn run_end(text: &str, start: usize) -> usize {
    let mut prev: Option<char> = None;
    let mut iter = text[start..].char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        if !c.is_ascii() {
            prev = Some(c);
            continue;
        }
        let Some(p) = prev else { return start + at };
        let info = PAGES.info(p);
        let prev_lead = info.is_some_and(|i| i.lead != 0);
        let prev_any = info.is_some_and(|i| i.lead | i.cont != 0);
        let next_is_run = iter.peek().is_some_and(|&(_, n)| !n.is_ascii());
        let continues = match c {
            ' ' => prev_lead || (prev_any && next_is_run),
            '?' => prev_any,
            _ => false,
        };
        if !continues {
            return start + at;
        }
        prev = Some(c);
    }
    text.len()
}
