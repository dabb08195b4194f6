//! Passes over the text, run by run, until nothing changes.
//!
//! The first pass learns which page broke the document; later passes
//! favour it, because one document is usually broken one way and a repair
//! can uncover mojibake beside it. Passes repeat so that repairing repaired
//! text changes nothing, and their fixes are composed so that each still
//! names the original text.

use super::c1::fix_c1_controls;
use super::edits::compose;
use super::favour::{favoured_by, Favoured};
use super::garbled_words::revert_garbled;
use super::locate::{next_non_ascii, run_end};
use super::run::{repair_run, Ctx};
use super::{Fix, Repaired, MAX_LAYERS};

/// Every pass of [`repair`](super::repair), before the lone-repair check.
pub(super) fn repair_passes(text: &str) -> Repaired {
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

/// One scan over `text`: each non-ASCII run repaired in its context, then
/// the C1 controls left over.
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
