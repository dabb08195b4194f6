//! Whole-text layers: when the entire text was read through one code page,
//! that layer comes off before any run is judged on its own.
//!
//! This is ftfy's view of mojibake, and it has to come first: a negative
//! case read once more through Latin-1 must come back as that negative
//! case, which only works if what lies under the layer is judged as if it
//! were the input.

use super::codepages::{PageSet, PAGES};
use super::locate::non_ascii_runs;
use super::plausibility::{self, cost};
use super::reencode::{encode, reads_as_utf8};
use super::{confidence, Fix, Repaired, MARGIN};

/// `text` with each of the sorted, disjoint `ranges` replaced by its text
/// in `with`.
fn splice(text: &str, ranges: &[std::ops::Range<usize>], with: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, new) in ranges.iter().zip(with) {
        out.push_str(&text[copied..range.start]);
        out.push_str(new);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Undoes one layer of mojibake that covers the whole text: every non-ASCII
/// character encodes through one page to bytes that are valid UTF-8, with
/// no byte lost or altered, and the decoding reads better than the text.
/// A legitimate text almost never passes: one character of it that is not a
/// lead or continuation byte in the page is enough to fail. Legitimate runs
/// beside real mojibake can pass (`NESTLÉ®` is valid UTF-8 in windows-1252),
/// so a run that costs nothing must not cost more decoded. The page chosen
/// is the one whose decoding costs least (prior included) once the layers
/// under it are off too, looking `depth` layers down: the right page for
/// the outer of two layers uncovers mojibake, which costs more than the
/// wrong page's half-repaired text would.
///
/// Returns that final cost with the layer.
pub(super) fn peel_layer(text: &str, depth: usize) -> Option<(i32, Repaired)> {
    if depth == 0 {
        return None;
    }
    let mut pages: PageSet = !0 >> (64 - PAGES.pages.len());
    // Legitimate text fails at its first run: check as the runs come.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for run in non_ascii_runs(text) {
        for p in 0..PAGES.pages.len() {
            if pages & (1 << p) != 0 && !reads_as_utf8(&text[run.clone()], false, p) {
                pages &= !(1 << p);
            }
        }
        if pages == 0 {
            return None;
        }
        runs.push(run);
    }
    let context = |run: &std::ops::Range<usize>| {
        (
            text[..run.start].chars().next_back(),
            text[run.end..].chars().next(),
        )
    };
    let before: i32 = runs
        .iter()
        .map(|run| {
            let (b, a) = context(run);
            cost(b, &text[run.clone()], a)
        })
        .sum();
    let mut best: Option<(i32, usize, Vec<String>)> = None;
    for (p, page) in PAGES.pages.iter().enumerate() {
        if pages & (1 << p) == 0 {
            continue;
        }
        let mut decoded = Vec::with_capacity(runs.len());
        let mut after = page.prior as i32;
        let mut worse = false;
        for run in &runs {
            let Some(run_text) =
                encode(&text[run.clone()], p).and_then(|b| String::from_utf8(b).ok())
            else {
                worse = true;
                break;
            };
            let (b, a) = context(run);
            let run_cost = cost(b, &run_text, a);
            // A run that looked intact must not come out looking broken:
            // `NESTLÉ®` beside real mojibake is a brand, not `NESTLɮ`.
            worse |= run_cost > 0 && cost(b, &text[run.clone()], a) == 0;
            after += run_cost;
            decoded.push(run_text);
        }
        if worse {
            continue;
        }
        // What the layer uncovers must be text: `├┤a┼┐a` is line art in
        // cp437, not `ôaſa`.
        if plausibility::is_garbled(&decoded.concat()) {
            continue;
        }
        if depth > 1 {
            let uncovered = splice(text, &runs, &decoded);
            if let Some((under, _)) = peel_layer(&uncovered, depth - 1) {
                after = after.min(page.prior as i32 + under);
            }
        }
        if best.as_ref().is_none_or(|(c, _, _)| after < *c) {
            best = Some((after, p, decoded));
        }
    }
    let (after, p, decoded) = best?;
    if before - after < MARGIN {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut fixes = Vec::new();
    let mut copied = 0;
    for (run, run_text) in runs.iter().zip(decoded) {
        out.push_str(&text[copied..run.start]);
        let at = out.len();
        out.push_str(&run_text);
        fixes.push(Fix {
            range: at..out.len(),
            before: text[run.clone()].to_owned(),
            encodings: vec![PAGES.pages[p].name.to_owned()],
            confidence: confidence(before - after),
        });
        copied = run.end;
    }
    out.push_str(&text[copied..]);
    Some((after, Repaired { text: out, fixes }))
}

#[cfg(test)]
mod tests {
    use crate::mojibake::{fixed, mangle};

    /// `text`'s UTF-8 read as Latin-1: one more layer over the whole text.
    fn latin1_layer(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    #[test]
    fn a_whole_text_layer_comes_off_before_the_runs_are_judged() {
        // What lies under the layer is judged as if it were the input.
        for under in [
            "Bremer/Mccoy – DrÃ¥ber",
            "C O N C L U S Ã O",
            "SELKÄ\u{a0}EDELLÄ\u{a0}MAAHAN via @YouTube",
            "Le régime — très “équilibré”",
        ] {
            assert_eq!(fixed(&latin1_layer(under)), under, "{under}");
        }
        // Two layers through windows-1252: ISO-8859-15 reads the outer one
        // as valid UTF-8 too (`â€¡` as `⤡`), but leaves mojibake under it.
        let vietnamese = "Liệu pháp gen là phương pháp điều trị mới.";
        let twice = mangle(&mangle(vietnamese, "windows-1252").unwrap(), "windows-1252").unwrap();
        assert_eq!(fixed(&twice), vietnamese);
    }

    #[test]
    fn a_whole_text_layer_leaves_intact_runs_beside_mojibake() {
        // `É®` and `É’` are valid UTF-8 in windows-1252 too.
        assert_eq!(
            fixed("NESTLÉ® and the cafÃ© and the crÃ¨me"),
            "NESTLÉ® and the café and the crème"
        );
        assert_eq!(fixed("CAFÉ’s â€” rÃ©sumÃ©"), "CAFÉ’s — résumé");
    }

    #[test]
    fn a_whole_text_layer_must_uncover_text() {
        // Valid UTF-8 in cp437, but `ôaſaſa` is no better than line art.
        let art = "├┤a┼┐a┼┐a┼┐a┼┐a";
        assert_eq!(fixed(art), art);
    }
}
