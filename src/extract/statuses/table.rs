//! Tables: what a header cell says (a trigger, an agency, a region), read
//! once and shared by the rows under it, and the statuses a row states
//! through its header ("FDA approval" over a column of years).

use super::{Reader, Stated};
use crate::knowledge::lexicon::{longest, Term};
use crate::knowledge::Trigger;
use crate::segment::UnitKind;
use std::ops::Range;

/// What a table header cell says, read once per cell: every row under a
/// header asks the same of it, and a header cell can be long.
#[derive(Debug, Clone)]
pub(super) struct Head<'a> {
    /// The first status trigger it names ("FDA approval").
    pub(super) trigger: Option<&'a Trigger>,
    /// The first agency it names.
    pub(super) agency: Option<usize>,
    /// The first region it names, by code.
    pub(super) region: Option<String>,
}

impl<'a> Reader<'a, '_> {
    /// What the header cell `head` says, read on the first row that asks.
    pub(super) fn head(&self, head: &Range<usize>) -> Head<'a> {
        if let Some(read) = self.heads.borrow().get(head) {
            return read.clone();
        }
        let read = Head {
            trigger: longest(
                self.cx
                    .hits_in(head)
                    .filter(|h| matches!(h.term, Term::Trigger(_)))
                    .cloned(),
            )
            .into_iter()
            .find_map(|h| match h.term {
                Term::Trigger(t) => self.cx.knowledge.triggers().get(t),
                _ => None,
            }),
            agency: self.agency_hits(head).first().map(|(a, _)| *a),
            region: self.region_hits(head).first().map(|r| r.0.clone()),
        };
        self.heads.borrow_mut().insert(head.clone(), read.clone());
        read
    }

    /// The header cell over the row cell that holds `r`.
    pub(super) fn column_header(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let column = self
            .unit
            .cells
            .iter()
            .position(|c| c.start <= r.start && r.end <= c.end)?;
        self.unit.header.get(column).cloned()
    }
    /// Statuses a table states through its header: a column named "FDA
    /// approval" with a year in the row's cell.
    pub(super) fn header_columns(&self, out: &mut Vec<Stated>) {
        if self.unit.kind != UnitKind::Row || self.unit.header.is_empty() {
            return;
        }
        let text = self.text();
        // Only the columns the row has: a wide header is not walked whole
        // for every short row under it.
        for (head, cell) in self.unit.header.iter().zip(&self.unit.cells) {
            let said = self.head(head);
            let Some(trigger) = said.trigger else {
                continue;
            };
            // The cell says when (a year); a cell without one ("No",
            // "Pending", "—") states nothing.
            let Some((year, at)) = self.years(cell).into_iter().next() else {
                continue;
            };
            let lower = text[cell.clone()].to_lowercase();
            if ["no", "not", "pending", "n/a"]
                .iter()
                .any(|w| lower.trim_start().starts_with(w))
            {
                continue;
            }
            let Some(anchor) = self.anchor(&at, cell) else {
                continue;
            };
            let agency =
                said.agency
                    .or_else(|| self.agency_hits(cell).first().map(|(a, _)| *a))
                    .and_then(|a| self.cx.knowledge.agencies().get(a))
                    .or_else(|| {
                        trigger.agency.as_ref().and_then(|n| {
                            self.cx.knowledge.agencies().iter().find(|a| &a.name == n)
                        })
                    });
            let region = agency.map(|a| a.region.clone()).or(said.region);
            out.push(Stated {
                status: trigger.status.clone(),
                phase: None,
                agency: agency.map(|a| a.name.clone()),
                region,
                year: Some(year),
                anchor,
                evidence: at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::read_unit;
    use crate::page::TextBlock;

    #[test]
    fn a_header_that_names_a_decision_dates_it_by_the_cell() {
        let row = |cells: [&str; 2], header: bool| {
            TextBlock::row(cells.map(str::to_owned).to_vec(), header)
        };
        let blocks = [
            row(["Product", "FDA approval"], true),
            row(["Kymriah", "2017"], false),
        ];
        let got = read_unit(&blocks, 1, |r| {
            let mut out = Vec::new();
            r.header_columns(&mut out);
            out.into_iter()
                .map(|s| (s.status, s.agency, s.year))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            got,
            [("approved".to_owned(), Some("FDA".to_owned()), Some(2017))]
        );
    }
}
