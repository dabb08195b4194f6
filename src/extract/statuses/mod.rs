//! Statuses: regulatory decisions, designations and trial phases, each tied
//! to what it applies to.
//!
//! # What it extracts
//!
//! A status is a decision or a designation (`approved`, `withdrawn`, an
//! orphan drug designation ...) or a trial phase, with the product or
//! class of products it applies to and, where the text says so, the
//! agency, region and year. The same status stated twice (in a sentence and
//! in a table row) is one status with two mentions.
//!
//! # How
//!
//! A status is read from one unit (a sentence, a table row, or a heading
//! that names a product), and within a sentence from one clause (split at
//! `;` and at "but", "while", "whereas", "although"), so that "Luxturna was
//! approved in 2017, while Zolgensma is in phase 3" gives two statuses and
//! not four (`clause.rs`).
//!
//! - **Triggers** come from `statuses.tsv` (`triggers.rs`); a trigger is
//!   vetoed by a negation or a hedge among the few words before it, back to
//!   the last punctuation mark ("has not been approved", "is expected to be
//!   approved", "seeking approval"), and a noun or designation also by the
//!   words after it ("approval pathway") (`veto.rs`). A designation is never
//!   an approval. "patients withdrew" is no market withdrawal.
//! - **Phases** are read by pattern in every spelling ("Phase 1/2", "phase
//!   I/II", "Ph3", "Phase 1b/2", "pivotal trial") and count only in a unit
//!   about a trial or a product, never next to "project" or "construction"
//!   (`phase.rs`).
//! - **What it applies to**: the products of the clause (the nearest one,
//!   with the products coordinated with it: "Zolgensma and Luxturna were
//!   approved"), else of the unit (a row's first cell first), else a class
//!   of products ("CAR-T products", a row's first cell), else the
//!   document's subject when the sentence refers back to it ("the therapy",
//!   "it"). A status that applies to nothing is dropped (`anchor.rs`).
//! - **Agency, region, year**: the nearest in the clause, else in the unit;
//!   an agency gives its region, a designation its agency (RMAT: FDA); a
//!   year counts only after "in", "since", a month, or in brackets
//!   (`when_where.rs`). Two agencies after one verb ("approved by the FDA in
//!   2017 and the EMA in 2018") give a status each (`decisions.rs`); the
//!   triggers of a clause share out its agencies, regions and years
//!   (`ownership.rs`). A table column named "FDA approval" states a status
//!   through its header (`table.rs`).
//!
//! The same status stated twice is merged into one with two mentions; a
//! statement without a year merges into the only one that has it
//! (`merge.rs`).
//!
//! # Example
//!
//! ```
//! use cistron::page::TextBlock;
//! use cistron::record::BlockKind;
//!
//! let content = cistron::content::assemble(&[TextBlock::new(
//!     BlockKind::Paragraph,
//!     "Luxturna was approved in 2017, while Zolgensma is in phase 3.",
//! )]);
//! let knowledge = cistron::knowledge::Knowledge::embedded();
//! let declared = cistron::metadata::Declared::default();
//! let segmented = cistron::segment::segment(&content);
//! let e = cistron::extract::extract(&segmented, &knowledge, &declared);
//! let said: Vec<_> = e
//!     .statuses
//!     .iter()
//!     .map(|s| (s.status.as_str(), s.product.as_deref(), s.year))
//!     .collect();
//! assert_eq!(
//!     said,
//!     [
//!         ("approved", Some("Luxturna"), Some(2017)),
//!         ("phase", Some("Zolgensma"), None),
//!     ]
//! );
//! ```
//!
//! # Known misses
//!
//! - Statuses are read within one sentence or row: a status stated across
//!   sentences without a pronoun ("Approval followed in 2018.") is missed.
//! - A year is taken only from the status's own clause (or, for the only
//!   status of a unit, the unit), and only after "in", "since", a month or
//!   in brackets; a bare year in running text dates nothing.
//! - A class of products is recognised only from a modifier and a head
//!   noun of `cues.tsv` (`CAR-T` ... `therapies`).
//!
//! # References
//!
//! - `statuses.tsv` and `cues.tsv` (negation, hedge, trial and class cues)
//!   of [`crate::knowledge`]: the trigger phrases and veto words.
//! - The README, "Which products, vectors and statuses does the page
//!   state?": the rules in brief.

mod anchor;
mod clause;
mod decisions;
mod merge;
mod ownership;
mod phase;
mod table;
mod triggers;
mod veto;
mod when_where;

use super::context::Context;
use super::products::Found;
use crate::record::Status;
use crate::segment::{Unit, UnitKind};
use merge::merge;
use std::cell::RefCell;
use std::collections::hash_map::HashMap;
use std::ops::Range;
use table::Head;

/// What a status applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Anchor {
    Products(Vec<usize>),
    Class(String),
}

/// A statement before merging.
#[derive(Debug, Clone)]
struct Stated {
    status: String,
    phase: Option<String>,
    agency: Option<String>,
    region: Option<String>,
    year: Option<u16>,
    anchor: Anchor,
    evidence: Range<usize>,
}

/// Every mention of every product, with the product's index, in text
/// order.
fn product_mentions(products: &[Found]) -> Vec<(Range<usize>, usize)> {
    let mut mentions: Vec<(Range<usize>, usize)> = products
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.mentions.iter().map(move |r| (r.clone(), i)))
        .collect();
    mentions.sort_by_key(|(r, _)| r.start);
    mentions
}

/// The statuses of a document, in order of first mention.
pub fn find(cx: &Context, products: &[Found]) -> Vec<Status> {
    let mentions = product_mentions(products);
    let subject = subject(cx, products, &mentions);
    let heads = RefCell::default();
    let mut stated: Vec<Stated> = Vec::new();
    for unit in &cx.seg.units {
        if unit.kind == UnitKind::HeaderRow {
            continue;
        }
        // The mentions are sorted by start: the unit's are found by binary
        // search, not by a pass over the whole document per unit.
        let from = mentions.partition_point(|(r, _)| r.start < unit.range.start);
        let in_unit: Vec<&(Range<usize>, usize)> = mentions[from..]
            .iter()
            .take_while(|(r, _)| r.start < unit.range.end)
            .filter(|(r, _)| r.end <= unit.range.end)
            .collect();
        if unit.kind == UnitKind::Heading && in_unit.is_empty() {
            continue;
        }
        let reader = Reader {
            cx,
            unit,
            products: &in_unit,
            subject,
            heads: &heads,
        };
        reader.decisions(&mut stated);
        reader.phases(&mut stated);
    }
    merge(cx, products, stated)
}

/// The document's subject: the product its first heading names, else the
/// one product its lead sentence names (news and product pages name their
/// subject first), else its only product.
fn subject(cx: &Context, products: &[Found], mentions: &[(Range<usize>, usize)]) -> Option<usize> {
    let named_in = |unit: &Unit| -> Vec<usize> {
        let mut found: Vec<usize> = mentions
            .iter()
            .filter(|(r, _)| r.start >= unit.range.start && r.end <= unit.range.end)
            .map(|(_, p)| *p)
            .collect();
        found.dedup();
        found
    };
    let first = cx.seg.units.first()?;
    if first.kind == UnitKind::Heading {
        if let Some(&p) = named_in(first).first() {
            return Some(p);
        }
    }
    let lead = cx.seg.units.iter().find(|u| u.kind == UnitKind::Sentence);
    if let Some([p]) = lead.map(named_in).as_deref() {
        return Some(*p);
    }
    (products.len() == 1).then_some(0)
}

/// Reads the statuses of one unit.
struct Reader<'a, 'b> {
    cx: &'b Context<'a>,
    unit: &'a Unit,
    products: &'b [&'b (Range<usize>, usize)],
    subject: Option<usize>,
    /// What each table header cell says, shared by the rows under it.
    heads: &'b RefCell<HashMap<Range<usize>, Head<'a>>>,
}

impl Reader<'_, '_> {
    fn text(&self) -> &str {
        self.cx.text()
    }
}

/// Runs `f` on a reader of unit `unit` of the content of `blocks`, with the
/// products found in the whole content.
#[cfg(test)]
fn read_unit<R>(
    blocks: &[crate::page::TextBlock],
    unit: usize,
    f: impl FnOnce(&Reader<'_, '_>) -> R,
) -> R {
    let content = crate::content::assemble(blocks);
    let seg = crate::segment::segment(&content);
    let knowledge = crate::knowledge::Knowledge::embedded();
    let cx = Context::new(&seg, &knowledge);
    let products = super::products::find(&cx);
    let mentions = product_mentions(&products);
    let unit = &seg.units[unit];
    let in_unit: Vec<&(Range<usize>, usize)> = mentions
        .iter()
        .filter(|(r, _)| r.start >= unit.range.start && r.end <= unit.range.end)
        .collect();
    let heads = RefCell::default();
    let reader = Reader {
        cx: &cx,
        unit,
        products: &in_unit,
        subject: subject(&cx, &products, &mentions),
        heads: &heads,
    };
    f(&reader)
}

/// Runs `f` on a reader of the first unit of a paragraph of `text`.
#[cfg(test)]
fn read_sentence<R>(text: &str, f: impl FnOnce(&Reader<'_, '_>) -> R) -> R {
    let block = crate::page::TextBlock::new(crate::record::BlockKind::Paragraph, text);
    read_unit(&[block], 0, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(text: &str) -> Vec<(String, Option<String>, Option<u16>)> {
        let block = crate::page::TextBlock::new(crate::record::BlockKind::Paragraph, text);
        let content = crate::content::assemble(&[block]);
        let seg = crate::segment::segment(&content);
        let knowledge = crate::knowledge::Knowledge::embedded();
        let cx = Context::new(&seg, &knowledge);
        let products = super::super::products::find(&cx);
        find(&cx, &products)
            .into_iter()
            .map(|s| (s.status, s.product, s.year))
            .collect()
    }

    #[test]
    fn two_clauses_give_two_statuses_not_four() {
        let got = statuses("Kymriah was approved in 2017, but Zolgensma is in phase 3.");
        assert_eq!(
            got,
            [
                (
                    "approved".to_owned(),
                    Some("Kymriah".to_owned()),
                    Some(2017)
                ),
                ("phase".to_owned(), Some("Zolgensma".to_owned()), None),
            ]
        );
    }

    #[test]
    fn a_status_that_applies_to_nothing_is_dropped() {
        assert!(statuses("Something was approved in 2019.").is_empty());
    }
}
