//! Repair: undo mojibake, UTF-8 that some program decoded through a
//! single-byte code page (once or twice, sometimes losing bytes on the way).
//!
//! # Algorithm
//!
//! UTF-8 encodes every non-ASCII character as a lead byte (0xC2-0xF4)
//! followed by continuation bytes (0x80-0xBF), and every single-byte code page
//! maps those bytes to non-ASCII characters. So mojibake is always a run of
//! non-ASCII characters, and text without one is returned at once (the fast
//! path: a SIMD ASCII check, then a table lookup per non-ASCII character).
//!
//! A layer that covers the whole text comes off first: when every
//! non-ASCII run encodes through one page to valid UTF-8 and the result
//! reads better, the text was read through that page as a whole (ftfy's
//! view of mojibake). Its page is chosen by how the text reads once the
//! layer under it is off too, and what lies under it is then repaired as if
//! it were the input, so a negative case under one more layer comes back as
//! that negative case. The run-by-run repair below handles the rest: texts
//! broken only in places, lossy and sloppy decodings.
//!
//! For each run that contains a possible lead character followed by a
//! possible continuation character in some page, the detector:
//!
//! 1. re-encodes the run through every page that can encode all of it
//!    (31 pages: windows-125x, windows-874, ISO-8859-x, KOI8, IBM866, the Mac
//!    pages, the DOS pages and true Latin-1), with the holes of each page
//!    filled the way sloppy decoders fill them;
//! 2. decodes the bytes as UTF-8, leniently where damage is known to happen:
//!    CESU-8 surrogate pairs, a space where a 0xA0 byte was, a `?` or U+FFFD
//!    where a byte was lost (the character becomes U+FFFD, as ftfy does), and
//!    a final sequence whose last byte was dropped (completed from the bytes
//!    the page could not represent, choosing the most plausible);
//! 3. scores the run and each decoding in context with
//!    [`plausibility::cost`], adding each page's prior (windows-1252 is the
//!    usual culprit), and keeps the best decoding when it beats the original
//!    by a margin; here a run that costs nothing (no sign of damage) is
//!    never decoded (a whole-text layer may decode one, if it does not come
//!    out looking broken), and a decoding that is itself mostly unusual characters is
//!    refused;
//! 4. repeats on the result, which undoes a second and third layer.
//!
//! The whole text is then scanned again with the page that could have made
//! most of the first repairs favoured (one document is usually broken one
//! way), the pages that could have made as many almost as much, and scanned
//! until nothing changes, so that `repair(repair(x)) == repair(x)`; the
//! fixes of the passes are composed so that each still names the original
//! text. In those passes a run without damage of its own is repaired when
//! the favoured page reads it as sequences whose leads it repaired
//! elsewhere (`≈Ö` at the start of a word, beside `≈æ` repaired inside
//! words). Last, a word that still looks like mojibake after every pass
//! gets its original back: its sub-runs decoded to another garble.
//!
//! When the whole run does not decode, its longest sub-runs that do are
//! tried one by one, so a run that mixes legitimate characters with broken
//! ones is repaired only where it is broken; a run that took in a space is
//! repaired in parts too when the parts read better than the whole (Mac
//! Roman reads `Ã© – ` as one garble, the space as a 0xA0 byte; each gap the
//! whole swallowed counts against it). A run ending in a space is read both
//! with the space as a 0xA0 byte and as a real space after a lost byte.
//! Last, C1 control characters that remain are read as the windows-1252
//! characters they almost always were.
//!
//! A text whose only repair is one two-byte sequence, on a line whose other
//! non-ASCII text is intact and read whole as UTF-8 by another page, is left
//! alone: two readings compete and one sequence cannot settle it (ftfy
//! declines `Bremer/Mccoy – DrÃ¥ber` for the same reason).
//!
//! Legitimate text is protected twice: a run must re-encode to valid
//! multi-byte UTF-8, which random legacy text almost never does, and the
//! decoding must look more like text than the original does.

mod codepages;
pub mod entities;
mod generated;
pub mod plausibility;

use codepages::{PageSet, PAGES};
use plausibility::cost;

/// The margin by which a repair must lower the cost.
const MARGIN: i32 = 2;
/// Layers of mojibake undone at most.
const MAX_LAYERS: usize = 3;
/// Whole-text layers looked at to choose the page of the outer one: it and
/// the one under it. Each level multiplies the work by the pages that read
/// the text as valid UTF-8.
const LOOKAHEAD: usize = 2;

/// Cost bonus of the page that already repaired the document. A page is
/// broken one way throughout, so a sequence that page explains is likelier
/// mojibake than a first one would be: the bonus outweighs the margin a
/// first repair needs (`MARGIN`), so that a run which a page fixed elsewhere
/// in the text improves at all is repaired too (`─î` beside a repaired
/// `┼í` in cp437). Text without any repair never gets a favoured page.
const FAVOUR: i32 = 3;
/// Byte standing for a lost byte (`?` or U+FFFD in the run).
const LOST: u8 = 0x1A;

/// A repair applied to the stage's input.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// Byte range of the repaired text in [`Repaired::text`].
    pub range: std::ops::Range<usize>,
    /// The text before the repair.
    pub before: String,
    /// The code pages undone, outermost first.
    pub encodings: Vec<String>,
    /// Detector confidence, 0 to 1.
    pub confidence: f64,
}

/// Text after repair, with every repair applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    /// The repaired text.
    pub text: String,
    /// The repairs, in text order.
    pub fixes: Vec<Fix>,
}

/// Repairs mojibake in `text`.
///
/// ```
/// let r = cistron::mojibake::repair("Le rÃ©gime â€” trÃ¨s Ã©quilibrÃ©");
/// assert_eq!(r.text, "Le régime — très équilibré");
/// assert_eq!(r.fixes[0].encodings, ["windows-1252"]);
/// assert_eq!(cistron::mojibake::repair("Москва, São Paulo").fixes, []);
/// ```
pub fn repair(text: &str) -> Repaired {
    if text.is_ascii() {
        return Repaired {
            text: text.to_owned(),
            fixes: Vec::new(),
        };
    }
    // The repair is a fixed point: a word given its original back, or a
    // repair that changed what the document's page is, can leave something
    // another round would still repair. Rounds go on until one changes
    // nothing (at most `MAX_LAYERS` more; no input needing more is known),
    // so that repairing repaired text changes nothing. On repaired text a
    // round is the fast path almost everywhere.
    let mut done = repair_round(text);
    for _ in 0..MAX_LAYERS {
        if done.fixes.is_empty() {
            break;
        }
        let again = repair_round(&done.text);
        if again.fixes.is_empty() {
            break;
        }
        done = compose(text, &done, again);
    }
    done
}

/// One round of [`repair`]: whole-text layers, then runs.
fn repair_round(text: &str) -> Repaired {
    // Layers that cover the whole text come off first, so that what lies
    // under them is judged as if it had been the input: a negative case
    // read once more through Latin-1 comes back as that negative case.
    let mut peeled: Option<Repaired> = None;
    for _ in 0..MAX_LAYERS {
        let current = peeled.as_ref().map_or(text, |p| p.text.as_str());
        let Some((_, layer)) = peel_layer(current, LOOKAHEAD) else {
            break;
        };
        peeled = Some(match peeled {
            None => layer,
            Some(earlier) => compose(text, &earlier, layer),
        });
    }
    let Some(peeled) = peeled else {
        return repair_runs(text);
    };
    let inner = repair_runs(&peeled.text);
    if inner.fixes.is_empty() {
        peeled
    } else {
        compose(text, &peeled, inner)
    }
}

/// Repairs the runs of `text` one by one ([`repair_passes`]), then declines
/// a lone repair the text's line contradicts.
fn repair_runs(text: &str) -> Repaired {
    let done = repair_passes(text);
    if declines_lone_repair(text, &done) {
        return Repaired {
            text: text.to_owned(),
            fixes: Vec::new(),
        };
    }
    done
}

/// The maximal runs of non-ASCII characters in `text`, as byte ranges.
fn non_ascii_runs(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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
fn peel_layer(text: &str, depth: usize) -> Option<(i32, Repaired)> {
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

/// Every pass of [`repair`], before the lone-repair check.
fn repair_passes(text: &str) -> Repaired {
    let first = repair_pass(text, Favoured::default());
    // One document is usually broken one way: once a page has repaired
    // something, it is the likelier culprit everywhere else in the text.
    let Some(favoured) = favoured_by(&first.fixes) else {
        return first;
    };
    let mut favoured = favoured;
    let mut done = repair_pass(text, favoured);
    // A repair can uncover mojibake next to it (a sub-run fixed inside a
    // longer broken stretch), and a sequence this pass repaired makes the
    // same lead elsewhere suspect; go on until nothing changes, so that
    // repairing repaired text changes nothing.
    for _ in 0..MAX_LAYERS {
        if done.fixes.is_empty() {
            break;
        }
        favoured.learn(&done.fixes);
        let next = repair_pass(&done.text, favoured);
        if next.fixes.is_empty() {
            break;
        }
        done = compose(text, &done, next);
    }
    revert_garbled(text, done)
}

/// Undoes the repairs of every word that still looks like mojibake once
/// all passes are done: lower-cased or otherwise mangled mojibake
/// (`ã†â€™ãƒâ€ `) has sub-runs that decode to something, each through a
/// different page, and leave a different garble (`㆒Ɵ⤠`) that is no
/// better. A repair that left its word in that state was not a repair.
/// Replacement characters do not count: they stand for bytes known lost.
fn revert_garbled(original: &str, done: Repaired) -> Repaired {
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
fn declines_lone_repair(original: &str, done: &Repaired) -> bool {
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

fn is_c1_control(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Whether page `p` encodes `run` to valid UTF-8; with `space_after`, the
/// space after the run may be a 0xA0 byte that completes it.
fn reads_as_utf8(run: &str, space_after: bool, p: usize) -> bool {
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

/// Where each fix came from in the text it was applied to: `(source range,
/// fix)`, computed from the fixes' output ranges and `before` lengths.
fn sources(fixes: &[Fix]) -> Vec<std::ops::Range<usize>> {
    let mut growth: isize = 0;
    fixes
        .iter()
        .map(|f| {
            let start = (f.range.start as isize - growth).max(0) as usize;
            growth += f.range.len() as isize - f.before.len() as isize;
            start..start + f.before.len()
        })
        .collect()
}

/// Sorted, non-overlapping edits (`from` ranges became `to` ranges), with the
/// running growth before each, so that mapping a position is a binary search.
struct EditMap {
    edits: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    /// `growth[i]`: bytes gained by the edits before `edits[i]`.
    growth: Vec<isize>,
}

impl EditMap {
    fn new(edits: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>) -> Self {
        let mut growth = Vec::with_capacity(edits.len() + 1);
        let mut total = 0isize;
        growth.push(0);
        for (from, to) in &edits {
            total += to.len() as isize - from.len() as isize;
            growth.push(total);
        }
        EditMap { edits, growth }
    }

    /// The map between the text `fixes` were applied to (their `sources`)
    /// and the text they produced: forward from source to output, or back.
    fn between(sources: &[std::ops::Range<usize>], fixes: &[Fix], forward: bool) -> Self {
        let pairs = sources
            .iter()
            .cloned()
            .zip(fixes.iter().map(|f| f.range.clone()));
        EditMap::new(if forward {
            pairs.collect()
        } else {
            pairs.map(|(src, out)| (out, src)).collect()
        })
    }

    /// Maps a range, widening it to whole edits where it touches one.
    fn map(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let shifted =
            |pos: usize, before: usize| (pos as isize + self.growth[before]).max(0) as usize;
        let start = {
            let pos = range.start;
            let i = self.edits.partition_point(|(from, _)| from.end <= pos);
            match self.edits.get(i) {
                Some((from, to)) if from.start <= pos => to.start,
                _ => shifted(pos, i),
            }
        };
        let end = {
            let pos = range.end;
            let i = self.edits.partition_point(|(from, _)| from.end < pos);
            match self.edits.get(i) {
                Some((from, to)) if from.start < pos => to.end,
                _ => shifted(pos, self.edits.partition_point(|(from, _)| from.end <= pos)),
            }
        };
        start..end.max(start)
    }
}

/// Combines `earlier` (fixes against `original`) with `later` (fixes against
/// `earlier.text`) into fixes against `original`: overlapping repairs merge,
/// their code pages in the order they were undone.
fn compose(original: &str, earlier: &Repaired, later: Repaired) -> Repaired {
    let earlier_src = sources(&earlier.fixes);
    let later_src = sources(&later.fixes);
    let forward = EditMap::between(&later_src, &later.fixes, true);
    let backward_later = EditMap::between(&later_src, &later.fixes, false);
    let backward_earlier = EditMap::between(&earlier_src, &earlier.fixes, false);

    let mut regions: Vec<(std::ops::Range<usize>, Vec<String>, f64)> = earlier
        .fixes
        .iter()
        .map(|f| {
            (
                forward.map(f.range.clone()),
                f.encodings.clone(),
                f.confidence,
            )
        })
        .chain(
            later
                .fixes
                .iter()
                .map(|f| (f.range.clone(), f.encodings.clone(), f.confidence)),
        )
        .collect();
    regions.sort_by_key(|(r, _, _)| (r.start, r.end));
    let mut merged: Vec<(std::ops::Range<usize>, Vec<String>, f64)> = Vec::new();
    for (range, encodings, confidence) in regions {
        match merged.last_mut() {
            Some((last, encs, conf))
                if range.start < last.end || (range.is_empty() && range.start == last.end) =>
            {
                last.end = last.end.max(range.end);
                encs.extend(encodings);
                *conf = conf.min(confidence);
            }
            _ => merged.push((range, encodings, confidence)),
        }
    }
    let fixes = merged
        .into_iter()
        .map(|(range, encodings, confidence)| {
            let in_earlier = backward_later.map(range.clone());
            let in_original = backward_earlier.map(in_earlier);
            Fix {
                before: original.get(in_original).unwrap_or_default().to_owned(),
                range,
                encodings,
                confidence,
            }
        })
        .collect();
    Repaired {
        text: later.text,
        fixes,
    }
}

/// The names of the code pages the repair knows, in the order it tries them.
pub fn page_names() -> Vec<&'static str> {
    PAGES.pages.iter().map(|p| p.name).collect()
}

/// Makes mojibake: the UTF-8 bytes of `text` read through code page `page`,
/// the way a sloppy decoder does (holes filled from windows-1252, else left
/// as C1 controls). `None` for an unknown page name. For tests and for
/// building examples; the inverse of what [`repair`] undoes.
///
/// ```
/// let broken = cistron::mojibake::mangle("café", "windows-1252").unwrap();
/// assert_eq!(broken, "cafÃ©");
/// assert_eq!(cistron::mojibake::repair(&broken).text, "café");
/// ```
pub fn mangle(text: &str, page: &str) -> Option<String> {
    let table = &PAGES.pages.iter().find(|p| p.name == page)?.upper;
    let fill = &PAGES.pages[0].upper; // windows-1252
    Some(
        text.bytes()
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    let i = usize::from(b - 0x80);
                    table[i].or(fill[i]).unwrap_or(char::from(b))
                }
            })
            .collect(),
    )
}

/// The pages a pass's repairs point to, or `None` without repairs.
///
/// Each repair votes for every page that could have made it: the page
/// that did, the pages that encode the text before it to the same bytes
/// (`Å` followed by a no-break space is the same bytes in windows-1252 and
/// windows-1257), and the pages that encode it to other valid UTF-8 (`ĂĄ`
/// is `å` through windows-1250 but `á` through ISO-8859-2, whose `Ĺ\u{99}`
/// elsewhere in the text windows-1250 cannot explain). The pages with most
/// votes are favoured; among them, the one that made most of the repairs
/// comes first (then the likelier page a priori).
fn favoured_by(fixes: &[Fix]) -> Option<Favoured> {
    let n = PAGES.pages.len();
    let mut votes = vec![0usize; n];
    let mut made = vec![0usize; n];
    let mut leads = vec![0u64; n];
    for fix in fixes {
        let Some(name) = fix.encodings.first() else {
            continue;
        };
        let Some(chosen) = PAGES.pages.iter().position(|pg| pg.name == name) else {
            continue;
        };
        let Some(bytes) = encode(&fix.before, chosen) else {
            continue;
        };
        made[chosen] += 1;
        for p in 0..n {
            let Some(own) = encode(&fix.before, p) else {
                continue;
            };
            let valid = std::str::from_utf8(&own).is_ok_and(|s| !s.is_ascii());
            if p == chosen || own == bytes || valid {
                votes[p] += 1;
                leads[p] |= lead_mask(&own);
            }
        }
    }
    let most = votes.iter().copied().max().filter(|&v| v > 0)?;
    let also = (0..n)
        .filter(|&p| votes[p] == most)
        .fold(0, |set: PageSet, p| set | (1 << p));
    // Pages are in order of preference, so the first maximum wins ties.
    let first_choice = (0..n)
        .filter(|&p| votes[p] == most)
        .max_by_key(|&p| (made[p], std::cmp::Reverse(p)))?;
    Some(Favoured {
        first_choice: Some(first_choice),
        also,
        leads: leads[first_choice],
    })
}

/// The UTF-8 lead bytes (0xC2-0xF4) in `bytes`, one bit each.
fn lead_mask(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .filter(|b| (0xC2..=0xF4).contains(*b))
        .fold(0, |mask, &b| mask | 1 << (b - 0xC2))
}

/// The pages a document's first repairs point to (see [`favoured_by`]).
/// The first choice gets the whole [`FAVOUR`], the others one less, so that
/// among equally likely pages the one that repaired the document stays
/// first. The first choice also gets its prior back, which says how often
/// a page breaks text in general and no longer matters once it has broken
/// this one (the others keep theirs: ISO-8859-15, sloppily filled, reads
/// most windows-1252 mojibake as valid UTF-8 too, only worse).
#[derive(Debug, Clone, Copy, Default)]
struct Favoured {
    first_choice: Option<usize>,
    also: PageSet,
    /// The lead bytes of the first choice's repairs ([`lead_mask`]).
    leads: u64,
}

impl Favoured {
    fn bonus(self, p: usize) -> i32 {
        if self.first_choice == Some(p) {
            FAVOUR + PAGES.pages[p].prior as i32
        } else if self.also & (1 << p) != 0 {
            FAVOUR - 1
        } else {
            0
        }
    }

    /// Adds the lead bytes of `fixes`, read through the first choice, to
    /// the leads it is known to have repaired.
    fn learn(&mut self, fixes: &[Fix]) {
        let Some(p) = self.first_choice else {
            return;
        };
        for fix in fixes {
            if let Some(bytes) = encode(&fix.before, p) {
                if std::str::from_utf8(&bytes).is_ok() {
                    self.leads |= lead_mask(&bytes);
                }
            }
        }
    }

    /// Whether a run that shows no damage of its own may still be repaired:
    /// the document's first choice reads it as UTF-8 sequences whose lead
    /// bytes all led sequences that page already repaired (`≈Ö` where `≈Ü`
    /// and `≈°` were Mac Roman). Legitimate text the page never touched
    /// elsewhere (a Russian `Её` in a document whose `Р` and `С` were
    /// windows-1251 leads) stays as it is.
    fn covers(self, run: &str) -> bool {
        let Some(p) = self.first_choice else {
            return false;
        };
        let Some(bytes) = encode(run, p) else {
            return false;
        };
        let mask = lead_mask(&bytes);
        mask != 0 && mask & !self.leads == 0
    }
}

/// What surrounds a run.
#[derive(Debug, Clone, Copy)]
struct Ctx<'a> {
    before: Option<char>,
    after: Option<char>,
    /// The text after the run.
    tail: &'a str,
    /// Pages that already repaired this document (none on the first pass).
    favoured: Favoured,
}

fn repair_pass(text: &str, favoured: Favoured) -> Repaired {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut fixes = Vec::new();
    let mut copied = 0usize; // byte offset in `text` copied to `out` so far
    let mut pos = 0usize;
    // Jump from one non-ASCII byte to the next: ASCII can only be part of a
    // run right after a non-ASCII character.
    while let Some(start) = next_non_ascii(bytes, pos) {
        let end = run_end(text, start);
        let run_bytes = start..end;
        let run = &text[run_bytes.clone()];
        let ctx = Ctx {
            before: text[..start].chars().next_back(),
            after: text[end..].chars().next(),
            tail: &text[end..],
            favoured,
        };
        for piece in repair_run(ctx, run) {
            let mut abs = run_bytes.start + piece.range.start..run_bytes.start + piece.range.end;
            let mut after = piece.after.as_str();
            // ASCII both sides share at the end (a space the run took in and
            // the decoding kept) is not part of the repair.
            while let (Some(a), Some(b)) =
                (after.as_bytes().last(), text[abs.clone()].as_bytes().last())
            {
                if a != b || !a.is_ascii() || after.len() == 1 {
                    break;
                }
                after = &after[..after.len() - 1];
                abs.end -= 1;
            }
            out.push_str(&text[copied..abs.start]);
            let at = out.len();
            out.push_str(after);
            fixes.push(Fix {
                range: at..out.len(),
                before: text[abs.clone()].to_owned(),
                encodings: piece.encodings,
                confidence: piece.confidence,
            });
            copied = abs.end;
        }
        pos = end.max(start + 1);
        while !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    out.push_str(&text[copied..]);
    let (text, fixes) = fix_c1_controls(out, fixes);
    Repaired { text, fixes }
}

/// The index of the first non-ASCII byte at or after `from`, eight bytes at
/// a time: most text between two runs is ASCII.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
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
fn run_end(text: &str, start: usize) -> usize {
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

/// One repaired piece of a run: a byte range within the run and its text.
#[derive(Debug)]
struct Piece {
    range: std::ops::Range<usize>,
    after: String,
    encodings: Vec<String>,
    confidence: f64,
}

/// Repairs one run in its context; returns the pieces to replace.
fn repair_run(ctx: Ctx<'_>, run: &str) -> Vec<Piece> {
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
fn repair_layers(ctx: Ctx<'_>, run: &str) -> Option<(String, Vec<String>, i32)> {
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

/// Re-encodes `run` through page `p`; spaces and `?` stay themselves, U+FFFD
/// becomes the lost-byte marker.
fn encode(run: &str, p: usize) -> Option<Vec<u8>> {
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
fn decodings(bytes: &[u8], p: usize, truncated_ok: bool, tail: &str) -> Vec<(String, i32)> {
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

#[derive(Debug, PartialEq)]
enum Decoded {
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
fn decode_lenient(bytes: &[u8], tail: &str, a_grave_is_a_word: bool) -> Decoded {
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

/// Longest sub-run looked at, in characters: a 4-byte character mangled
/// three times is 12 characters; longer stretches are several characters.
const MAX_SEGMENT_CHARS: usize = 48;

/// Tries the sub-runs of `run` that are whole UTF-8 sequences in some page,
/// left to right, longest first, each in its own context.
///
/// Candidates come from one linear scan per page, so the cost is linear in
/// the run's length (times the pages), never quadratic: a long run of
/// legitimate Cyrillic or Thai must stay cheap.
fn repair_sub_runs(ctx: Ctx<'_>, run: &str) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for p in 0..PAGES.pages.len() {
        segments_in_page(&chars, p, &mut candidates);
    }
    candidates.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    candidates.dedup();
    let mut pieces = Vec::new();
    let mut taken_to = 0usize;
    for (i, j) in candidates {
        if i < taken_to {
            continue;
        }
        let lo = chars[i].0;
        let hi = chars.get(j).map_or(run.len(), |&(b, _)| b);
        let sub = &run[lo..hi];
        let sub_ctx = Ctx {
            before: if i == 0 {
                ctx.before
            } else {
                Some(chars[i - 1].1)
            },
            after: chars.get(j).map(|&(_, c)| c).or(ctx.after),
            tail: if j < chars.len() {
                &run[hi..]
            } else {
                ctx.tail
            },
            ..ctx
        };
        if let Some((text, encodings, gain)) = repair_layers(sub_ctx, sub) {
            pieces.push(Piece {
                range: lo..hi,
                after: text,
                encodings,
                confidence: confidence(gain),
            });
            taken_to = j;
        }
    }
    pieces
}

/// Appends to `out` the character ranges of `chars` that page `p` encodes as
/// one or more complete UTF-8 multi-byte sequences in a row.
fn segments_in_page(chars: &[(usize, char)], p: usize, out: &mut Vec<(usize, usize)>) {
    let byte = |k: usize| -> Option<u8> {
        match chars.get(k)?.1 {
            '?' | '\u{fffd}' => Some(LOST),
            c => PAGES.encode(c, p),
        }
    };
    let is_cont = |b: u8| (0x80..=0xBF).contains(&b) || b == LOST || b == b' ';
    let mut k = 0;
    while k < chars.len() {
        let start = k;
        let mut end = k;
        loop {
            let need = match byte(end) {
                Some(0xC2..=0xDF) => 1,
                Some(0xE0..=0xEF) => 2,
                Some(0xF0..=0xF4) => 3,
                _ => break,
            };
            if (1..=need).all(|d| byte(end + d).is_some_and(is_cont))
                && end + need + 1 - start <= MAX_SEGMENT_CHARS
            {
                end += need + 1;
            } else {
                break;
            }
        }
        if end > start {
            out.push((start, end));
            k = end;
        } else {
            k += 1;
        }
    }
}

fn confidence(gain: i32) -> f64 {
    let gain = f64::from(gain.max(0));
    ((gain / (gain + 4.0)) * 100.0).round() / 100.0
}

/// C1 controls left in the text are windows-1252 characters read as
/// Latin-1: nobody writes C1 controls on purpose. Holes of windows-1252 stay.
fn fix_c1_controls(text: String, fixes: Vec<Fix>) -> (String, Vec<Fix>) {
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
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s).text
    }

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

    #[test]
    fn rounds_go_on_until_nothing_changes() {
        // A word given its original back after the document's page changed:
        // a second round used to repair what the first left.
        let text = "\u{82}œ¢โ√™¿\tÅ\u{a0}A";
        let once = fixed(text);
        assert_eq!(fixed(&once), once);
    }

    #[test]
    fn a_run_that_reads_better_in_parts_is_repaired_in_parts() {
        // Mac Roman reads `Ã© – ` whole (`\u{329} Р`, the space as 0xA0).
        assert_eq!(fixed("Le cafÃ© – crÃ¨me"), "Le café – crème");
        assert_eq!(fixed("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€"), "привет мир");
    }

    #[test]
    fn a_space_after_a_cut_sequence_may_be_a_real_space() {
        // `â€` lost its 0x9D: a closing quote, not a dagger (`â€` + 0xA0)
        // nor ISO-8859-15's arrow.
        assert_eq!(fixed("He said â€œhiâ€ then left"), "He said “hi” then left");
        assert_eq!(fixed("voilÃ  le travail"), "voilà le travail");
    }

    #[test]
    fn seed_001_thai_code_page() {
        assert_eq!(fixed("cancer โ€” from viral"), "cancer — from viral");
        assert_eq!(
            fixed("โ€œGene therapy attacks cancer.โ€\n"),
            "“Gene therapy attacks cancer.”\n"
        );
    }

    #[test]
    fn common_cases() {
        assert_eq!(fixed("rÃ©gime"), "régime");
        assert_eq!(fixed("ItÃ¢â‚¬â„¢s"), "It’s");
        assert_eq!(fixed("Hi guys í\u{a0}½í¸\u{8d}"), "Hi guys 😍");
        assert_eq!(fixed("voilÃ le travail"), "voilà le travail");
        assert_eq!(fixed("#╨┐╤Ç╨░╨▓╨╕╨╗╤î╨╜╨╛╨╡"), "#правильное");
    }

    #[test]
    fn legitimate_text_is_untouched() {
        for s in [
            "Москва — столица России.",
            "Ελληνικά κείμενα",
            "ภาษาไทย ใช้ในประเทศไทย",
            "Zażółć gęślą jaźń",
            "Tiếng Việt có dấu",
            "日本語のテキスト",
            "1️⃣ Replacing defective genes",
            "β-thalassemia, α1-antitrypsin, ≥ 40 %, 5 × 10¹³ vg/kg, £35, €12",
            "SÃO PAULO, NÃO",
            "AHÅ™, the new sofa",
        ] {
            assert_eq!(fixed(s), s);
        }
    }

    #[test]
    fn the_page_that_explains_every_repair_wins_ties() {
        // `á` is `ĂĄ` through ISO-8859-2 and `Ăˇ` through windows-1250,
        // but `ĂĄ` also reads as `å` through windows-1250; `š` as `ĹĄ` and
        // `ř` as `Ĺ\u{99}` exist only in ISO-8859-2.
        // Strict ISO-8859-2 leaves C1 controls where windows-1250 has
        // punctuation; `mangle` would fill them sloppily.
        for (broken, text) in [
            (
                "MĂĄme dost tĹ\u{99}etĂ\u{ad}ho tisĂ\u{ad}ciletĂ\u{ad}, ĹĄĹĽastnÄ\u{9b}.",
                "Máme dost třetího tisíciletí, šťastně.",
            ),
            (
                "Ĺ˝luĹĽouÄ\u{8d}kĂ˝ kĹŻĹ\u{88} ĂşpÄ\u{9b}l Ä\u{8f}ĂĄbelskĂŠ Ăłdy.",
                "Žluťoučký kůň úpěl ďábelské ódy.",
            ),
        ] {
            assert_eq!(fixed(broken), text, "{broken}");
        }
    }

    #[test]
    fn a_lead_the_document_already_repaired_needs_no_local_evidence() {
        // `≈` at the start of a word costs nothing on its own; the same
        // Mac Roman lead repaired inside other words settles it.
        let text = "Ņina un Žanis runā par žurnālistiem.";
        let broken = mangle(text, "macintosh").unwrap();
        assert!(broken.starts_with("≈Ö"));
        assert_eq!(fixed(&broken), text);
        // Without any repair in the document, nothing is suspect.
        assert_eq!(fixed("≈Ö and ≈æ"), "≈Ö and ≈æ");
    }

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
    fn words_left_garbled_are_not_repaired_at_all() {
        // Lower-cased double mojibake: sub-runs decode through four pages
        // and leave another garble, so the word is given back as it was.
        let garble = "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â";
        assert_eq!(fixed(garble), garble);
        assert!(still_mojibake("Ɵâ¢ƽ€å¡ã‚â‹ĉ"));
        assert!(!still_mojibake("It�¢��s"));
        assert!(!still_mojibake("goodness’"));
    }

    #[test]
    fn c1_quotes_beside_a_legitimate_accent_stay_quotes() {
        // `á`, a space and 0x93 would be a Mongolian digit as UTF-8.
        assert_eq!(
            fixed("y está \u{93}próximo a resolverse\u{94}"),
            "y está “próximo a resolverse”"
        );
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

    #[test]
    fn fixes_point_into_the_output() {
        let r = repair("a Ã© b â€” c");
        for f in &r.fixes {
            assert!(r.text.get(f.range.clone()).is_some());
        }
        assert_eq!(&r.text[r.fixes[0].range.clone()], "é");
        assert_eq!(r.fixes[0].before, "Ã©");
    }
}
