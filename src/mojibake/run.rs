//! Repairing one run in its context: as many layers as improve it, each
//! through the page whose decoding reads best.
//!
//! The run is judged with the characters around it, because a sequence that
//! is a word in one place is damage in another. A run with no sign of
//! damage is left alone (unless the document's page explains it), a repair
//! must beat the original by a margin, and a run that swallowed a space or
//! a `?` is also tried in parts, since a page may read two neighbouring
//! runs, one broken and one intact, as a single sequence.

use super::codepages::{PageSet, PAGES};
use super::favour::Favoured;
use super::plausibility::{self, cost};
use super::reencode::{decodings, encode};
use super::sub_runs::repair_sub_runs;
use super::{confidence, MARGIN, MAX_LAYERS};

/// What surrounds a run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub(super) before: Option<char>,
    pub(super) after: Option<char>,
    /// The text after the run.
    pub(super) tail: &'a str,
    /// Pages that already repaired this document (none on the first pass).
    pub(super) favoured: Favoured,
}

/// One repaired piece of a run: a byte range within the run and its text.
#[derive(Debug)]
pub(super) struct Piece {
    pub(super) range: std::ops::Range<usize>,
    pub(super) after: String,
    pub(super) encodings: Vec<String>,
    pub(super) confidence: f64,
}

/// Repairs one run in its context; returns the pieces to replace.
pub(super) fn repair_run(ctx: Ctx<'_>, run: &str) -> Vec<Piece> {
    if !has_utf8_shape(run) {
        return Vec::new();
    }
    // Every cost term of a sub-run is a term of the whole run, so a run with
    // no sign of damage has no damaged part either.
    let run_cost = cost(ctx.before, run, ctx.after);
    if run_cost == 0 && !ctx.favoured.covers(run) {
        // Sub-runs of a run without damage may still be sequences the
        // document's page repaired elsewhere.
        return if ctx.favoured.first_choice.is_some() {
            repair_sub_runs(ctx, run)
        } else {
            Vec::new()
        };
    }
    if let Some((text, encodings, gain)) = repair_layers_from(ctx, run, run_cost) {
        let whole = vec![Piece {
            range: 0..run.len(),
            after: text,
            encodings,
            confidence: confidence(gain),
        }];
        // A run whose decoding swallowed a space or a `?` (as a 0xA0 or a
        // lost byte) may be two runs, one broken and one intact, that a
        // page happens to read as one (`Ã© – ` is `\u{329} Р` in Mac Roman):
        // when repairing its parts alone reads better, they win. Each gap
        // the whole swallowed is an assumption it made and counts against
        // it, as in the lenient decoding.
        let gaps = |s: &str| s.bytes().filter(|b| matches!(b, b' ' | b'?')).count();
        let swallowed = gaps(run).saturating_sub(gaps(&whole[0].after));
        if swallowed > 0 {
            let parts = repair_sub_runs(ctx, run);
            let whole_cost = pieces_cost(ctx, run, &whole) + swallowed as i32;
            if !parts.is_empty() && pieces_cost(ctx, run, &parts) < whole_cost {
                return parts;
            }
        }
        return whole;
    }
    repair_sub_runs(ctx, run)
}

/// The cost of `run` in its context once `pieces` replace their ranges.
fn pieces_cost(ctx: Ctx<'_>, run: &str, pieces: &[Piece]) -> i32 {
    let mut text = String::with_capacity(run.len());
    let mut copied = 0;
    for piece in pieces {
        text.push_str(&run[copied..piece.range.start]);
        text.push_str(&piece.after);
        copied = piece.range.end;
    }
    text.push_str(&run[copied..]);
    cost(ctx.before, &text, ctx.after)
}

/// Whether some page sees a lead character followed by a continuation
/// character (or a lost-byte marker) in `run`: the shape every mojibake has.
fn has_utf8_shape(run: &str) -> bool {
    let mut prev_lead: PageSet = 0;
    for c in run.chars() {
        let info = PAGES.info(c);
        let cont = info.map_or(0, |i| i.cont);
        if prev_lead & cont != 0 || (prev_lead != 0 && matches!(c, ' ' | '?' | '\u{fffd}')) {
            return true;
        }
        prev_lead = info.map_or(0, |i| i.lead);
    }
    false
}

/// Undoes as many layers as improve the run; `None` when not even one does.
pub(super) fn repair_layers(ctx: Ctx<'_>, run: &str) -> Option<(String, Vec<String>, i32)> {
    repair_layers_from(ctx, run, cost(ctx.before, run, ctx.after))
}

/// [`repair_layers`] for a run whose cost in its context is already known.
fn repair_layers_from(
    ctx: Ctx<'_>,
    run: &str,
    run_cost: i32,
) -> Option<(String, Vec<String>, i32)> {
    let mut current = run.to_owned();
    let mut encodings = Vec::new();
    let mut current_cost = run_cost;
    let start_cost = current_cost;
    // Text that shows no sign of damage is left alone, whatever else it
    // could be decoded as, unless the page that broke the document reads it
    // as the same kind of sequences it repaired there.
    if start_cost == 0 && !ctx.favoured.covers(run) {
        return None;
    }
    for layer in 0..MAX_LAYERS {
        let Some((text, page, new_cost)) = best_decoding(ctx, &current) else {
            break;
        };
        // Once one layer came off, the text is known to be mojibake, and a
        // smaller gain suffices for the next.
        let margin = if layer == 0 { MARGIN } else { 1 };
        if current_cost - new_cost < margin {
            break;
        }
        current = text;
        current_cost = new_cost;
        encodings.push(page.to_owned());
        if current.is_ascii() {
            break;
        }
    }
    if plausibility::is_garbled(&current) {
        return None;
    }
    (!encodings.is_empty()).then(|| (current, encodings, start_cost - current_cost))
}

/// The best-scoring decoding of `run` over all pages, with its page and cost
/// (prior included).
fn best_decoding(ctx: Ctx<'_>, run: &str) -> Option<(String, &'static str, i32)> {
    let Ctx { before, after, .. } = ctx;
    // A lost byte right after a letter of another script than Latin ("п�")
    // follows real text, not a mojibake lead: decoding it as a lost
    // sequence would swallow that letter.
    let mut prev: Option<char> = None;
    for c in run.chars() {
        if matches!(c, '?' | '\u{fffd}')
            && prev.is_some_and(|p| p.is_alphabetic() && !p.is_ascii() && !is_latin(p))
        {
            return None;
        }
        prev = Some(c);
    }
    let mut pages: PageSet = !0;
    for c in run.chars() {
        if let Some(info) = PAGES.info(c) {
            pages &= info.pages;
        } else if !matches!(c, ' ' | '?' | '\u{fffd}') {
            return None;
        }
        if pages == 0 {
            return None;
        }
    }
    // A sequence cut short before a `?` lost its byte to that `?`; only a
    // sequence followed by ordinary text had its byte dropped silently.
    let truncated_ok =
        !after.is_some_and(|a| PAGES.info(a).is_some() || a == '?' || a == '\u{fffd}');
    let mut best: Option<(String, &'static str, i32)> = None;
    for (p, page) in PAGES.pages.iter().enumerate() {
        if pages & (1 << p) == 0 {
            continue;
        }
        let Some(bytes) = encode(run, p) else {
            continue;
        };
        let favour = ctx.favoured.bonus(p);
        for (text, adjust) in decodings(&bytes, p, truncated_ok, ctx.tail) {
            let c = cost(before, &text, after) + page.prior as i32 + adjust - favour;
            if best.as_ref().is_none_or(|(_, _, b)| c < *b) {
                best = Some((text, page.name, c));
            }
        }
    }
    best
}

fn is_latin(c: char) -> bool {
    matches!(u32::from(c), 0xC0..=0x24F | 0x1E00..=0x1EFF)
}

#[cfg(test)]
mod tests {
    use crate::mojibake::fixed;

    #[test]
    fn a_run_that_reads_better_in_parts_is_repaired_in_parts() {
        // Mac Roman reads `Ã© – ` whole (`\u{329} Р`, the space as 0xA0).
        assert_eq!(fixed("Le cafÃ© – crÃ¨me"), "Le café – crème");
        assert_eq!(fixed("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€"), "привет мир");
    }
}
