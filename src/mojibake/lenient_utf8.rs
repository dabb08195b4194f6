//! Decoding UTF-8 that picked up damage on the way.
//!
//! Re-encoded mojibake is rarely clean UTF-8: editors and HTML whitespace
//! handling turn 0xA0 bytes into spaces, lossy decoders turn bytes into `?`
//! or U+FFFD, Java's modified UTF-8 and Oracle's `UTF8` write surrogate
//! pairs as two sequences (CESU-8), and a final byte may be dropped. A
//! strict decoder would reject all of these; this one accepts each known
//! kind of damage, counts the assumptions it made so that the cost can
//! weigh them, and still rejects what was never UTF-8.

use super::reencode::LOST;

#[derive(Debug, PartialEq)]
pub(super) enum Decoded {
    /// The text, and an adjustment to its cost: plus one per assumption
    /// made (a space read as 0xA0, a lost byte), minus one per multi-byte
    /// sequence after the first, because several valid sequences in a row
    /// almost never happen by chance.
    Text(String, i32),
    /// Valid up to a final multi-byte sequence that has its lead and at
    /// least one continuation byte but misses its last byte(s); the number
    /// of bytes before that sequence.
    Truncated(usize),
    Invalid,
}

/// UTF-8 with the kinds of damage mojibake picks up on the way.
///
/// `a_grave_is_a_word` unless the page shows 0xC3 as `Ă`: the pages of
/// Central European, Romanian and Vietnamese text, languages without a
/// standalone `à` (Vietnamese `hài`, broken as `hĂ i`, has no space to
/// keep), whereas French read through windows-1251 (`Г l’ouest`) has.
pub(super) fn decode_lenient(bytes: &[u8], tail: &str, a_grave_is_a_word: bool) -> Decoded {
    let mut out = String::new();
    let mut i = 0;
    let mut saw_multibyte = false;
    let mut assumptions = 0i32;
    let mut sequences = 0i32;
    while i < bytes.len() {
        let b = bytes[i];
        let need = match b {
            0x00..=0x7F => {
                if b == LOST {
                    return Decoded::Invalid;
                }
                out.push(char::from(b));
                i += 1;
                continue;
            }
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => return Decoded::Invalid,
        };
        // Lost byte: the sequence becomes one U+FFFD.
        let window = &bytes[i + 1..bytes.len().min(i + 1 + need)];
        if let Some(lost_at) = window.iter().position(|&b| b == LOST) {
            if window[..lost_at].iter().all(|b| (0x80..=0xBF).contains(b)) {
                let mut j = i + 1 + lost_at + 1;
                while j < bytes.len() && j < i + 1 + need && (0x80..=0xBF).contains(&bytes[j]) {
                    j += 1;
                }
                out.push('\u{fffd}');
                saw_multibyte = true;
                assumptions += 1;
                i = j;
                continue;
            }
        }
        let mut seq = [b, 0, 0, 0];
        let mut k = 1;
        while k <= need {
            match bytes.get(i + k) {
                Some(&c) if (0x80..=0xBF).contains(&c) => seq[k] = c,
                // A space where a 0xA0 was (no-break spaces get normalised
                // to spaces by editors and HTML whitespace handling).
                Some(b' ') => {
                    seq[k] = 0xA0;
                    assumptions += 1;
                }
                Some(_) => return Decoded::Invalid,
                None if k >= 2 => return Decoded::Truncated(i),
                None => return Decoded::Invalid,
            }
            k += 1;
        }
        let len = need + 1;
        match std::str::from_utf8(&seq[..len]) {
            // No character lives in planes 4 to 13: bytes that decode
            // there were never UTF-8 text.
            Ok(s) if s.chars().any(|c| matches!(u32::from(c), 0x40000..=0xDFFFF)) => {
                return Decoded::Invalid
            }
            Ok(s) => {
                // A replacement character spelled out in full (EF BF BD) is
                // a faithful restoration, unlike one standing for lost bytes:
                // its own cost should not count against the repair.
                if s == "\u{fffd}" {
                    assumptions -= 2;
                }
                out.push_str(s);
                // "à" is a word of its own in French and Portuguese: when its
                // 0xA0 turned into a space, a space still followed it, except
                // in the contractions that fuse with the next word.
                if a_grave_is_a_word && seq[..2] == [0xC3, 0xA0] && bytes.get(i + 1) == Some(&b' ')
                {
                    // Only the start of what follows matters (the longest
                    // fusing contraction is five bytes): copying the whole
                    // rest at every `à` was quadratic in the run.
                    let rest = &bytes[i + 2..];
                    let rest = if rest.is_empty() {
                        tail.as_bytes()
                    } else {
                        rest
                    };
                    let rest = &rest[..rest.len().min(8)];
                    if !fuses_with_a_grave(rest) && !rest.starts_with(b" ") && !rest.is_empty() {
                        out.push(' ');
                    }
                }
            }
            Err(_) => {
                // CESU-8: a surrogate pair written as two 3-byte sequences.
                let pair = bytes.get(i..i + 6);
                match pair.and_then(cesu_pair) {
                    Some(c) if seq[0] == 0xED => {
                        out.push(c);
                        i += 6;
                        saw_multibyte = true;
                        sequences += 1;
                        continue;
                    }
                    _ => return Decoded::Invalid,
                }
            }
        }
        saw_multibyte = true;
        sequences += 1;
        i += len;
    }
    if saw_multibyte {
        Decoded::Text(out, assumptions - (sequences - 1).clamp(0, 3))
    } else {
        Decoded::Invalid
    }
}

/// Portuguese contractions of "à" with the word that follows (às, àquele...),
/// in which no space stood after "à".
const A_GRAVE_FUSES: &[&[u8]] = &[b"s ", b"quele", b"quela", b"quilo"];

fn fuses_with_a_grave(rest: &[u8]) -> bool {
    A_GRAVE_FUSES.iter().any(|w| rest.starts_with(w)) || rest == b"s"
}

fn cesu_pair(six: &[u8]) -> Option<char> {
    match six {
        [0xED, a @ 0xA0..=0xAF, b @ 0x80..=0xBF, 0xED, c @ 0xB0..=0xBF, d @ 0x80..=0xBF] => {
            let hi = 0xD000 | (u32::from(a & 0x3F) << 6) | u32::from(b & 0x3F);
            let lo = 0xD000 | (u32::from(c & 0x3F) << 6) | u32::from(d & 0x3F);
            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::mojibake::{fixed, mangle};

    #[test]
    fn a_blank_braille_pattern_whose_no_break_space_became_a_space() {
        let text = "⠀ ⚠ Aviso: leia. ⠀ Boa sorte";
        let broken = mangle(text, "windows-1252").unwrap().replace('\u{a0}', " ");
        assert_eq!(fixed(&broken), text, "{broken}");
    }

    #[test]
    fn decodings_never_land_in_empty_planes() {
        let garble = mangle("Ελληνικά κείμενα για γονιδιακή θεραπεία", "windows-1252")
            .unwrap()
            .to_lowercase();
        assert!(!fixed(&garble)
            .chars()
            .any(|c| matches!(u32::from(c), 0x40000..=0xDFFFF)));
    }

    #[test]
    fn a_grave_keeps_its_space_only_where_it_is_a_word() {
        assert_eq!(fixed("voilÃ le travail"), "voilà le travail");
        // Through a page with `Ă` at 0xC3 the language has no lone `à`.
        let broken = mangle("phim hài mới", "windows-1258")
            .unwrap()
            .replace('\u{a0}', " ");
        assert_eq!(fixed(&broken), "phim hài mới", "{broken}");
    }
}
