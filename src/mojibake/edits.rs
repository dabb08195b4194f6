//! Keeping fixes pointed at the original text while repairs stack up.
//!
//! Repair works in rounds and passes, each on the previous one's output, but
//! a [`Fix`] must name the text as it came in and its span in the final
//! text. Composing two sets of edits maps ranges through both; overlapping
//! repairs merge so that a character undone twice is reported once, with
//! both pages in the order they were undone.

use super::{Fix, Repaired};

/// Where each fix came from in the text it was applied to: `(source range,
/// fix)`, computed from the fixes' output ranges and `before` lengths.
pub(super) fn sources(fixes: &[Fix]) -> Vec<std::ops::Range<usize>> {
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
pub(super) fn compose(original: &str, earlier: &Repaired, later: Repaired) -> Repaired {
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
