//! Merging: one status per statement, the same statement stated twice
//! being one status with two mentions, and a statement without a year (or
//! agency, or region) folded into the only one that says more about the
//! same decision.

use super::super::context::Context;
use super::super::products::Found;
use super::{Anchor, Stated};
use crate::record::Status;
use std::collections::hash_map::{Entry, HashMap};
use std::ops::Range;

/// One status per statement, in order of first mention.
pub(super) fn merge(cx: &Context, products: &[Found], stated: Vec<Stated>) -> Vec<Status> {
    // Expand product anchors: one status per product.
    let mut flat: Vec<(Status, Range<usize>)> = Vec::new();
    for s in stated {
        let targets: Vec<(Option<String>, Option<String>)> = match &s.anchor {
            Anchor::Products(ps) => ps
                .iter()
                .filter_map(|&p| products.get(p))
                .map(|p| (Some(p.name.clone()), None))
                .collect(),
            Anchor::Class(c) => vec![(None, Some(c.clone()))],
        };
        for (product, class) in targets {
            flat.push((
                Status {
                    status: s.status.clone(),
                    phase: s.phase.clone(),
                    agency: s.agency.clone(),
                    region: s.region.clone(),
                    year: s.year,
                    product,
                    class,
                    mentions: Vec::new(),
                },
                s.evidence.clone(),
            ));
        }
    }
    // Equal statements are found by hashing, not by comparing each with
    // every one kept: a table states the same few statuses thousands of
    // times, and a long list states thousands of different ones.
    let key = |s: &Status| {
        (
            s.status.clone(),
            s.phase.clone(),
            s.agency.clone(),
            s.region.clone(),
            s.year,
            s.product.clone(),
            s.class.clone(),
        )
    };
    let mut out: Vec<(Status, Vec<Range<usize>>)> = Vec::new();
    let mut index: HashMap<_, usize> = HashMap::new();
    for (status, evidence) in flat {
        match index.entry(key(&status)) {
            Entry::Occupied(at) => out[*at.get()].1.push(evidence),
            Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push((status, vec![evidence]));
            }
        }
    }
    // A statement without a year (or agency) folds into the only one that
    // says more about the same decision: same status, phase and target.
    // Only statements of one decision can fold into each other, so each
    // decision's are weighed among themselves, in text order as before. A
    // decision's statements differ only by year, agency and region, so
    // there are few of them whatever the document's length.
    let mut decisions: HashMap<_, Vec<usize>> = HashMap::new();
    for (i, (s, _)) in out.iter().enumerate() {
        let decision = (&s.status, &s.phase, &s.product, &s.class);
        decisions.entry(decision).or_default().push(i);
    }
    let mut folded = vec![false; out.len()];
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for members in decisions.values() {
        for &i in members {
            let s = &out[i].0;
            let mut fuller = members.iter().copied().filter(|&j| {
                let o = &out[j].0;
                j != i
                    && !folded[j]
                    && (s.year.is_none() || s.year == o.year)
                    && (s.agency.is_none() || s.agency == o.agency)
                    && (s.region.is_none() || s.region == o.region)
                    && (o.year.is_some() && s.year.is_none()
                        || o.agency.is_some() && s.agency.is_none()
                        || o.region.is_some() && s.region.is_none())
            });
            if let (Some(j), None) = (fuller.next(), fuller.next()) {
                folded[i] = true;
                moves.push((i, j));
            }
        }
    }
    for (i, j) in moves {
        let moved = std::mem::take(&mut out[i].1);
        out[j].1.extend(moved);
    }
    let mut statuses: Vec<Status> = out
        .into_iter()
        .zip(folded)
        .filter(|(_, folded)| !folded)
        .map(|((mut s, mut ev), _)| {
            ev.sort_by_key(|r| (r.start, r.end));
            ev.dedup();
            s.mentions = ev.iter().map(|r| cx.mention(r)).collect();
            s
        })
        .collect();
    statuses.sort_by_key(|s| s.mentions.first().map(|m| m.span));
    statuses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::TextBlock;
    use crate::record::BlockKind;

    fn stated(year: Option<u16>, evidence: Range<usize>) -> Stated {
        Stated {
            status: "approved".to_owned(),
            phase: None,
            agency: Some("FDA".to_owned()),
            region: Some("US".to_owned()),
            year,
            anchor: Anchor::Products(vec![0]),
            evidence,
        }
    }

    /// The statuses merged from `stated`, as (year, mention count), over
    /// a text naming one product.
    fn merged(stated: Vec<Stated>) -> Vec<(Option<u16>, usize)> {
        let text = "Kymriah got approval in 2017. Kymriah got approval again.";
        let content = crate::content::assemble(&[TextBlock::new(BlockKind::Paragraph, text)]);
        let seg = crate::segment::segment(&content);
        let knowledge = crate::knowledge::Knowledge::embedded();
        let cx = Context::new(&seg, &knowledge);
        let products = super::super::super::products::find(&cx);
        merge(&cx, &products, stated)
            .into_iter()
            .map(|s| (s.year, s.mentions.len()))
            .collect()
    }

    #[test]
    fn two_equal_statements_are_one_status_with_two_mentions() {
        let got = merged(vec![stated(Some(2017), 0..7), stated(Some(2017), 30..37)]);
        assert_eq!(got, [(Some(2017), 2)]);
    }

    #[test]
    fn a_statement_without_a_year_folds_into_the_one_with_it() {
        let got = merged(vec![stated(Some(2017), 0..7), stated(None, 30..37)]);
        assert_eq!(got, [(Some(2017), 2)]);
    }
}
