//! Re-encoding a run through a code page, back to the bytes it was read
//! from, and the candidate texts those bytes decode to.
//!
//! Mojibake is undone by running the mistake backwards: the characters go
//! back through the page to bytes, and the bytes are read as the UTF-8 they
//! were. Bytes are not always intact, so a run yields several candidates:
//! a final sequence cut short is completed with each byte the page cannot
//! hold (the bytes a lossy decoder drops), and a trailing space is read
//! both as a 0xA0 byte and as a real space after a lost byte.

use super::codepages::PAGES;
use super::lenient_utf8::{decode_lenient, Decoded};

/// Byte standing for a lost byte (`?` or U+FFFD in the run).
pub(super) const LOST: u8 = 0x1A;

/// Whether page `p` encodes `run` to valid UTF-8; with `space_after`, the
/// space after the run may be a 0xA0 byte that completes it.
pub(super) fn reads_as_utf8(run: &str, space_after: bool, p: usize) -> bool {
    let Some(mut bytes) = run
        .chars()
        .map(|c| PAGES.encode(c, p))
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    if std::str::from_utf8(&bytes).is_ok() {
        return true;
    }
    bytes.push(0xA0);
    space_after && std::str::from_utf8(&bytes).is_ok()
}

/// Re-encodes `run` through page `p`; spaces and `?` stay themselves, U+FFFD
/// becomes the lost-byte marker.
pub(super) fn encode(run: &str, p: usize) -> Option<Vec<u8>> {
    run.chars()
        .map(|c| match c {
            '\u{fffd}' | '?' => Some(LOST),
            c => PAGES.encode(c, p),
        })
        .collect()
}

/// Candidate texts for `bytes`: the lenient UTF-8 decoding, or, when the
/// last sequence is cut short and nothing follows the run that could hold the
/// missing byte, each completion with a byte the page cannot represent.
///
/// A run that ends in a space is read both ways: the space as a 0xA0 byte
/// that finishes the last sequence (`Ã ` is `à`), and as a real space after
/// a sequence whose last byte was lost (`â€ ` is `” `, not a dagger).
pub(super) fn decodings(
    bytes: &[u8],
    p: usize,
    truncated_ok: bool,
    tail: &str,
) -> Vec<(String, i32)> {
    let a_grave_is_a_word = PAGES.pages[p].upper[0xC3 - 0x80] != Some('Ă');
    let mut out = match decode_lenient(bytes, tail, a_grave_is_a_word) {
        Decoded::Text(text, adjust) => vec![(text, adjust)],
        Decoded::Truncated(prefix_len) if truncated_ok => {
            completions(bytes, prefix_len, p, tail, a_grave_is_a_word)
        }
        _ => Vec::new(),
    };
    if let [head @ .., b' '] = bytes {
        // As for `truncated_ok`: a byte was dropped silently only before
        // ordinary text.
        let ordinary_next = !tail
            .chars()
            .next()
            .is_some_and(|a| PAGES.info(a).is_some() || a == '?' || a == '\u{fffd}');
        let cut = || match decode_lenient(head, " ", a_grave_is_a_word) {
            Decoded::Truncated(prefix_len) => Some(prefix_len),
            _ => None,
        };
        if let Some(prefix_len) = ordinary_next.then(cut).flatten() {
            out.extend(
                completions(head, prefix_len, p, " ", a_grave_is_a_word)
                    .into_iter()
                    .map(|(text, adjust)| (text + " ", adjust)),
            );
        }
    }
    out
}

/// `bytes`, whose last sequence (from `prefix_len` on) lost its last byte,
/// completed with each byte page `p` cannot represent (one assumption
/// more).
fn completions(
    bytes: &[u8],
    prefix_len: usize,
    p: usize,
    tail: &str,
    a_grave_is_a_word: bool,
) -> Vec<(String, i32)> {
    holes_of(p)
        .iter()
        .filter_map(|&h| {
            let mut completed = bytes.to_vec();
            completed.push(h);
            match decode_lenient(&completed, tail, a_grave_is_a_word) {
                Decoded::Text(t, adjust) if prefix_len < completed.len() => Some((t, adjust + 1)),
                _ => None,
            }
        })
        .collect()
}

/// Bytes in 0x80-0xBF that page `p` leaves undefined even when filled from
/// windows-1252: a lossy decoder drops exactly these.
fn holes_of(p: usize) -> Vec<u8> {
    let page = &PAGES.pages[p];
    (0x80u8..=0xBF)
        .filter(|&b| {
            let defined = page.upper[usize::from(b - 0x80)].is_some();
            !defined && matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::mojibake::fixed;

    #[test]
    fn a_space_after_a_cut_sequence_may_be_a_real_space() {
        // `â€` lost its 0x9D: a closing quote, not a dagger (`â€` + 0xA0)
        // nor ISO-8859-15's arrow.
        assert_eq!(fixed("He said â€œhiâ€ then left"), "He said “hi” then left");
        assert_eq!(fixed("voilÃ  le travail"), "voilà le travail");
    }
}
