//! Searching a run that does not decode whole for the sub-runs that do.
//!
//! A run may mix legitimate characters with broken ones, or hold damage in
//! places only; repairing only the parts that are whole UTF-8 sequences
//! leaves the rest as it was. The search is one linear scan per page, so a
//! long run of legitimate Cyrillic or Thai stays cheap.

use super::codepages::PAGES;
use super::confidence;
use super::reencode::LOST;
use super::run::{repair_layers, Ctx, Piece};

/// Longest sub-run looked at, in characters: a 4-byte character mangled
/// three times is 12 characters; longer stretches are several characters.
const MAX_SEGMENT_CHARS: usize = 48;

/// Tries the sub-runs of `run` that are whole UTF-8 sequences in some page,
/// left to right, longest first, each in its own context.
///
/// Candidates come from one linear scan per page, so the cost is linear in
/// the run's length (times the pages), never quadratic: a long run of
/// legitimate Cyrillic or Thai must stay cheap.
pub(super) fn repair_sub_runs(ctx: Ctx<'_>, run: &str) -> Vec<Piece> {
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
