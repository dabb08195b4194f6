//! C1 control characters left in the text, read as the windows-1252
//! characters they almost always were.
//!
//! Nobody writes C1 controls on purpose: they are windows-1252 punctuation
//! (curly quotes, dashes, the euro sign) decoded as Latin-1. Mapping the
//! ones no run repair explained is the last step of each pass.

use super::codepages::PAGES;
use super::Fix;

pub(super) fn is_c1_control(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// C1 controls left in the text are windows-1252 characters read as
/// Latin-1: nobody writes C1 controls on purpose. Holes of windows-1252 stay.
pub(super) fn fix_c1_controls(text: String, fixes: Vec<Fix>) -> (String, Vec<Fix>) {
    // A C1 control is 0xC2 0x80..=0x9F in UTF-8: look for the pair, not
    // at every character.
    let bytes = text.as_bytes();
    let has_c1 = memchr::memchr_iter(0xC2, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x80..0xA0).contains(b)));
    if !has_c1 {
        return (text, fixes);
    }
    let mut out = String::with_capacity(text.len());
    // (offset in `text`, growth in bytes) of each replacement, to move the
    // earlier fixes' ranges.
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    let mut new_fixes = Vec::new();
    let mut next_fix = 0usize;
    for (at, c) in text.char_indices() {
        // PAGES.pages[0] is windows-1252, whose holes are `None`.
        let mapped = ('\u{80}'..='\u{9f}')
            .contains(&c)
            .then(|| PAGES.pages[0].upper[c as usize - 0x80])
            .flatten();
        let Some(m) = mapped else {
            out.push(c);
            continue;
        };
        let start = out.len();
        out.push(m);
        shifts.push((at, m.len_utf8() - c.len_utf8()));
        // Inside an earlier repair the character is part of that repair.
        while next_fix < fixes.len() && fixes[next_fix].range.end <= at {
            next_fix += 1;
        }
        let inside = fixes.get(next_fix).is_some_and(|f| f.range.contains(&at));
        if !inside {
            new_fixes.push(Fix {
                range: start..out.len(),
                before: c.to_string(),
                encodings: vec!["ISO-8859-1".to_owned()],
                confidence: 0.8,
            });
        }
    }
    // Shifts are in text order: a running sum and a binary search move each
    // earlier fix.
    let mut growth = Vec::with_capacity(shifts.len() + 1);
    growth.push(0usize);
    for (_, d) in &shifts {
        growth.push(growth[growth.len() - 1] + d);
    }
    let moved = |pos: usize| pos + growth[shifts.partition_point(|(at, _)| *at < pos)];
    for f in fixes {
        new_fixes.push(Fix {
            range: moved(f.range.start)..moved(f.range.end),
            ..f
        });
    }
    new_fixes.sort_by_key(|f| f.range.start);
    (out, new_fixes)
}

#[cfg(test)]
mod tests {
    use crate::mojibake::fixed;

    #[test]
    fn c1_quotes_beside_a_legitimate_accent_stay_quotes() {
        // `á`, a space and 0x93 would be a Mongolian digit as UTF-8.
        assert_eq!(
            fixed("y está \u{93}próximo a resolverse\u{94}"),
            "y está “próximo a resolverse”"
        );
    }
}
