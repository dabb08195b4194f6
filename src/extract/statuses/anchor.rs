//! What a status applies to: the products of its clause (the nearest, with
//! those coordinated with it), else of its unit (a row's first cell first),
//! else a class of products, else the document's subject when the sentence
//! refers back to it.

use super::{Anchor, Reader};
use crate::knowledge::lexicon::{Hit, Term};
use crate::knowledge::CueKind;
use crate::segment::UnitKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Text between two coordinated product names.
static COORDINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s|,|/|&|\(|\)|(?-u:\b)and(?-u:\b)|(?-u:\b)or(?-u:\b)|(?-u:\b)as well as(?-u:\b))*$").expect("the COORDINATION pattern compiles (tested)")
});

impl Reader<'_, '_> {
    /// What a status at `at` applies to.
    pub(super) fn anchor(&self, at: &Range<usize>, clause: &Range<usize>) -> Option<Anchor> {
        let in_clause: Vec<&(Range<usize>, usize)> = self
            .products
            .iter()
            .copied()
            .filter(|(r, _)| r.start >= clause.start && r.end <= clause.end)
            .collect();
        if let Some(run) = self.coordinated(&in_clause, at) {
            return Some(Anchor::Products(run));
        }
        if self.unit.kind == UnitKind::Row {
            // The row's subject is its first cell.
            let first = self.unit.cells.first()?;
            let subject: Vec<usize> = self
                .products
                .iter()
                .filter(|(r, _)| r.start >= first.start && r.end <= first.end)
                .map(|(_, p)| *p)
                .collect();
            if let Some(&p) = subject.first() {
                return Some(Anchor::Products(vec![p]));
            }
            if let Some((_, p)) = self.products.first() {
                return Some(Anchor::Products(vec![*p]));
            }
            // A first cell that names a class ("CAR-T products") is the
            // class; a code or a name the tables do not know is not.
            let cell = self.text()[first.clone()].trim();
            let words = cell.split_whitespace().count();
            let cues = self.cx.cues_in(first);
            let classy = cues.iter().any(|h| {
                matches!(
                    h.term,
                    Term::Cue(CueKind::ClassHead | CueKind::ClassModifier)
                )
            });
            if (1..=6).contains(&words) && classy {
                return Some(Anchor::Class(cell.to_owned()));
            }
            return None;
        }
        if let Some(run) = self.coordinated(self.products, at) {
            return Some(Anchor::Products(run));
        }
        if let Some(class) = self.class(clause).or_else(|| self.class(&self.unit.range)) {
            return Some(Anchor::Class(class));
        }
        let refers_back = self.cx.has_cue(&self.unit.range, CueKind::Anaphor);
        self.subject
            .filter(|_| refers_back)
            .map(|s| Anchor::Products(vec![s]))
    }

    /// The product mentioned nearest to `at`, with the products coordinated
    /// with it.
    pub(super) fn coordinated(
        &self,
        mentions: &[&(Range<usize>, usize)],
        at: &Range<usize>,
    ) -> Option<Vec<usize>> {
        let distance = |r: &Range<usize>| {
            if r.end <= at.start {
                at.start - r.end
            } else {
                r.start.saturating_sub(at.end)
            }
        };
        let nearest = (0..mentions.len()).min_by_key(|&i| distance(&mentions[i].0))?;
        let coordination = &*COORDINATION;
        let joined = |i: usize| {
            let (a, b) = (&mentions[i].0, &mentions[i + 1].0);
            b.start >= a.end && coordination.is_match(&self.text()[a.end..b.start])
        };
        let mut lo = nearest;
        while lo > 0 && joined(lo - 1) {
            lo -= 1;
        }
        let mut hi = nearest;
        while hi + 1 < mentions.len() && joined(hi) {
            hi += 1;
        }
        let mut run: Vec<usize> = Vec::new();
        for (_, p) in &mentions[lo..=hi] {
            if !run.contains(p) {
                run.push(*p);
            }
        }
        Some(run)
    }

    /// A class of products named in `r`: a modifier, up to three words, and
    /// a head ("CAR-T cell therapies", "CRISPR-edited TILs").
    pub(super) fn class(&self, r: &Range<usize>) -> Option<String> {
        let text = self.text();
        let cues = self.cx.cues_in(r);
        let hits: Vec<&Hit> = cues.iter().collect();
        let heads = hits
            .iter()
            .filter(|h| h.term == Term::Cue(CueKind::ClassHead));
        for head in heads {
            let opener = hits.iter().find(|m| {
                m.term == Term::Cue(CueKind::ClassModifier)
                    && m.range.start < head.range.start
                    && m.range.end <= head.range.end
                    && head.range.start - m.range.start <= 40
                    && text[m.range.start..head.range.start]
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
                    && text[m.range.start..head.range.start]
                        .split_whitespace()
                        .count()
                        <= 4
            });
            if let Some(m) = opener {
                return Some(text[m.range.start..head.range.end].to_owned());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn static_patterns_compile() {
        // Forced here so that a bad edit fails the tests, not a document.
        assert!(!super::COORDINATION.as_str().is_empty());
    }
    use super::super::read_sentence;
    use super::*;

    #[test]
    fn coordinated_products_share_a_status() {
        let text = "Kymriah and Yescarta were approved last year.";
        let at = text.find("approved").expect("trigger");
        let got = read_sentence(text, |r| {
            let range = at..at + "approved".len();
            r.anchor(&range, &r.clause(at)).map(|a| match a {
                Anchor::Products(ps) => ps.len(),
                Anchor::Class(_) => 0,
            })
        });
        assert_eq!(got, Some(2));
    }

    #[test]
    fn a_class_is_a_modifier_and_a_head() {
        let text = "Several CAR-T cell therapies were approved.";
        let got = read_sentence(text, |r| r.class(&r.unit.range));
        assert_eq!(got.as_deref(), Some("CAR-T cell therapies"));
    }
}
