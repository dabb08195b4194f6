//! Declining a lone repair that the rest of its line contradicts.
//!
//! One two-byte sequence is the weakest evidence there is: when the intact
//! text beside it says the line was not read through the repair's page, and
//! another page explains the whole line, two readings compete and nothing
//! settles which is right. Leaving the text as it came is the answer that
//! is never worse than the input, and it is stable: declining again on the
//! same text declines again.

use super::c1::is_c1_control;
use super::codepages::PAGES;
use super::edits::sources;
use super::locate::next_non_ascii;
use super::plausibility::cost;
use super::reencode::reads_as_utf8;
use super::Repaired;

/// Whether the text's only repair should be declined: a two-byte
/// sequence, undone through a single page, on a line whose other
/// non-ASCII text is intact and which another page reads, all of it, as
/// UTF-8. Two readings then compete: the repair's page, which the intact
/// text contradicts (through it, that text would be mojibake too), and a
/// page that explains the whole line. With one sequence as the only
/// evidence, neither wins (`Bremer/Mccoy – DrÃ¥ber`: `Ã¥` is `å` in
/// windows-1252, but Mac Roman reads both `Ã¥` and `– `, the space as a
/// 0xA0 byte; ftfy declines it for the same reason). Where no page explains
/// the intact text (`Müller – GÃ¶teborg`: `ü` is no UTF-8 lead in any
/// page), or with a second repair, a second layer, a longer sequence or a
/// C1 control anywhere (which no text holds on purpose), the repair stands.
/// Declining returns the text as it came, so repairing it again declines
/// again.
pub(super) fn declines_lone_repair(original: &str, done: &Repaired) -> bool {
    let [fix] = done.fixes.as_slice() else {
        return false;
    };
    // Two characters for one: a two-byte sequence, the shortest there is.
    // Three or four bytes that happen to form valid UTF-8 are evidence
    // enough on their own.
    let one_char = done.text[fix.range.clone()].chars().count() == 1;
    let two_bytes = fix.before.chars().count() == 2;
    if fix.encodings.len() != 1 || !one_char || !two_bytes || original.contains(is_c1_control) {
        return false;
    }
    let source = sources(&done.fixes).remove(0);
    let intact = intact_runs_on_line(original, source);
    !intact.is_empty()
        && (0..PAGES.pages.len()).any(|p| {
            reads_as_utf8(&fix.before, false, p)
                && intact
                    .iter()
                    .all(|&(run, space_after)| reads_as_utf8(run, space_after, p))
        })
}

/// The runs of non-ASCII characters on the line around `span` of `text`,
/// outside `span`, that cost nothing in their context (text no code page
/// broke), each with whether a space follows it.
fn intact_runs_on_line(text: &str, span: std::ops::Range<usize>) -> Vec<(&str, bool)> {
    let (Some(head), Some(tail)) = (text.get(..span.start), text.get(span.end..)) else {
        return Vec::new();
    };
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line_end = tail.find('\n').map_or(text.len(), |i| span.end + i);
    let mut runs = Vec::new();
    for part in [line_start..span.start, span.end..line_end] {
        let mut from = part.start;
        while let Some(at) = next_non_ascii(text.as_bytes(), from).filter(|&a| a < part.end) {
            let end = text[at..part.end]
                .char_indices()
                .find(|&(_, c)| c.is_ascii())
                .map_or(part.end, |(i, _)| at + i);
            let run = &text[at..end];
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            if cost(before, run, after) == 0 {
                runs.push((run, after == Some(' ')));
            }
            from = end;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use crate::mojibake::fixed;

    #[test]
    fn a_lone_sequence_on_a_line_that_contradicts_it_is_declined() {
        // The dash is intact, so the line did not go through windows-1252.
        let line = "Bremer/Mccoy – DrÃ¥ber";
        assert_eq!(fixed(line), line);
        assert_eq!(fixed(&fixed(line)), line);
        // Without the contradiction, or with more evidence, it is repaired.
        assert_eq!(fixed("Bremer/Mccoy - DrÃ¥ber"), "Bremer/Mccoy - Dråber");
        assert_eq!(fixed("Dash – here\nDrÃ¥ber"), "Dash – here\nDråber");
        assert_eq!(fixed("Le cafÃ© – DrÃ¥ber"), "Le café – Dråber");
        assert_eq!(fixed("Le cafÃƒÂ© – menu"), "Le café – menu");
        // Where no page reads the intact text as UTF-8, the repair stands.
        assert_eq!(fixed("Müller – GÃ¶teborg"), "Müller – Göteborg");
        assert_eq!(fixed("Le cafÃ© est très bon"), "Le café est très bon");
        // The price of the rule: a lone `Ã©` beside `– ` stays.
        assert_eq!(fixed("Le cafÃ© – menu"), "Le cafÃ© – menu");
        assert_eq!(fixed("Ã¥\u{85} – x"), "å… – x");
        // A longer sequence is evidence enough.
        assert_eq!(fixed("Gene therapy â€” – cure"), "Gene therapy — – cure");
    }
}
