//! Words a repair left garbled get their original back.
//!
//! Lower-cased or otherwise mangled mojibake has sub-runs that each decode
//! through some page, so the passes repair them piecemeal and leave a
//! different garble behind. Only once every pass is done can the word be
//! judged whole; a repair that left it unreadable was no repair, and giving
//! the original back keeps the damage visible instead of disguising it.

use super::edits::sources;
use super::plausibility::{self, cost};
use super::{Fix, Repaired};

/// Undoes the repairs of every word that still looks like mojibake once
/// all passes are done: lower-cased or otherwise mangled mojibake
/// (`ã†â€™ãƒâ€ `) has sub-runs that decode to something, each through a
/// different page, and leave a different garble (`㆒Ɵ⤠`) that is no
/// better. A repair that left its word in that state was not a repair.
/// Replacement characters do not count: they stand for bytes known lost.
pub(super) fn revert_garbled(original: &str, done: Repaired) -> Repaired {
    if done.fixes.is_empty() {
        return done;
    }
    let text = &done.text;
    // Words (byte ranges in the output) that hold a repair, merged when a
    // repair spans several. Each scan stops where the previous word ended
    // or the next repair starts, so that a long run without spaces and
    // with many repairs is scanned once, not once per repair.
    let mut words: Vec<std::ops::Range<usize>> = Vec::new();
    for (k, fix) in done.fixes.iter().enumerate() {
        let lower = words.last().map_or(0, |w| w.end).min(fix.range.start);
        let start = text[lower..fix.range.start]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(lower, |(i, c)| lower + i + c.len_utf8());
        let upper = done
            .fixes
            .get(k + 1)
            .map_or(text.len(), |f| f.range.start)
            .max(fix.range.end);
        let end = text[fix.range.end..upper]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(upper, |(i, _)| fix.range.end + i);
        let word = start..end;
        match words.last_mut() {
            Some(last) if word.start <= last.end => last.end = last.end.max(word.end),
            _ => words.push(word),
        }
    }
    let garbled: Vec<std::ops::Range<usize>> = words
        .into_iter()
        .filter(|w| still_mojibake(&text[w.clone()]))
        .collect();
    if garbled.is_empty() {
        return done;
    }
    let sources = sources(&done.fixes);
    let mut out = String::with_capacity(text.len());
    let mut fixes = Vec::with_capacity(done.fixes.len());
    let mut copied = 0usize;
    for (fix, source) in done.fixes.into_iter().zip(sources) {
        out.push_str(&text[copied..fix.range.start]);
        copied = fix.range.end;
        let reverted = garbled
            .iter()
            .any(|w| w.start <= fix.range.start && fix.range.end <= w.end);
        if reverted {
            out.push_str(original.get(source).unwrap_or(&fix.before));
        } else {
            let at = out.len();
            out.push_str(&text[fix.range.clone()]);
            fixes.push(Fix {
                range: at..out.len(),
                ..fix
            });
        }
    }
    out.push_str(&text[copied..]);
    Repaired { text: out, fixes }
}

/// Whether a repaired word is still mojibake: more than two cost points
/// per character (replacement characters aside) and a telltale pair left
/// in it (`â¢` in `Ɵâ¢ƽ`). Either alone is not enough: a repair may leave
/// a stray `¢` where bytes were lost, and an unrepaired `Ã©` in a long
/// repaired word costs little per character.
fn still_mojibake(word: &str) -> bool {
    let word: String = word.chars().filter(|&c| c != '\u{fffd}').collect();
    let chars = word.chars().count() as i32;
    cost(None, &word, None) > 2 * chars && plausibility::has_telltale_pair(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mojibake::fixed;

    #[test]
    fn words_left_garbled_are_not_repaired_at_all() {
        // Lower-cased double mojibake: sub-runs decode through four pages
        // and leave another garble, so the word is given back as it was.
        let garble = "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â";
        assert_eq!(fixed(garble), garble);
        assert!(still_mojibake("Ɵâ¢ƽ€å¡ã‚â‹ĉ"));
        assert!(!still_mojibake("It�¢��s"));
        assert!(!still_mojibake("goodness’"));
    }
}
