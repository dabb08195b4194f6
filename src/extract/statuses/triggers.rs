//! Triggers: the phrases of `statuses.tsv` that state a status, longest
//! where they overlap, with a designation's short name ("fast track") kept
//! only where it is used as one.

use super::Reader;
use crate::knowledge::lexicon::{longest, Hit, Term};
use crate::knowledge::{Form, Trigger};
use crate::segment::UnitKind;

impl<'a> Reader<'a, '_> {
    /// The unit's triggers, longest where they overlap; a designation's
    /// short name counts only where it is one (see [`Reader::short_is_designation`]).
    pub(super) fn triggers(&self) -> Vec<(Hit, &'a Trigger)> {
        let hits = longest(
            self.cx
                .hits_in(&self.unit.range)
                .filter(|h| matches!(h.term, Term::Trigger(_)))
                .cloned(),
        );
        hits.iter()
            .filter_map(|h| {
                let Term::Trigger(t) = h.term else {
                    return None;
                };
                let trigger = self.cx.knowledge.triggers().get(t)?;
                if trigger.form == Form::Short && !self.short_is_designation(h, &hits) {
                    return None;
                }
                Some((h.clone(), trigger))
            })
            .collect()
    }

    /// Whether a designation's short name (`fast track`, `RMAT`) is used as
    /// one: in a list that ends in "designations" or "status" ("orphan drug,
    /// rare pediatric disease and fast track designations"), or in a table
    /// cell that holds nothing but designations and agencies.
    pub(super) fn short_is_designation(&self, hit: &Hit, hits: &[Hit]) -> bool {
        let text = self.text();
        if self.unit.kind == UnitKind::Row {
            if let Some(cell) = self
                .unit
                .cells
                .iter()
                .find(|c| c.start <= hit.range.start && hit.range.end <= c.end)
            {
                let mut rest = String::new();
                let mut at = cell.start;
                let mut inside = hits
                    .iter()
                    .chain(
                        self.cx
                            .hits_in(cell)
                            .filter(|h| matches!(h.term, Term::Agency(_) | Term::Region(_))),
                    )
                    .filter(|h| h.range.start >= cell.start && h.range.end <= cell.end)
                    .map(|h| h.range.clone())
                    .collect::<Vec<_>>();
                inside.sort_by_key(|r| r.start);
                for r in inside {
                    if r.start >= at {
                        rest.push_str(&text[at..r.start]);
                        at = r.end;
                    }
                }
                rest.push_str(&text[at..cell.end]);
                let leftover = rest
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| {
                        !w.is_empty()
                            && !matches!(
                                w.to_lowercase().as_str(),
                                "and" | "or" | "designation" | "designations"
                            )
                    })
                    .count();
                return leftover == 0;
            }
        }
        let clause = self.clause(hit.range.start);
        let mut at = hit.range.end;
        loop {
            let rest = &text[at..clause.end];
            let trimmed = rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '&' | '/'));
            let trimmed = ["and ", "or "]
                .iter()
                .find_map(|w| trimmed.strip_prefix(w))
                .unwrap_or(trimmed);
            let next = clause.end - trimmed.len();
            let lower = trimmed.get(..12).unwrap_or(trimmed).to_lowercase();
            if lower.starts_with("designation") || lower.starts_with("status") {
                return true;
            }
            match hits.iter().find(|h| h.range.start == next) {
                Some(h) => {
                    let form = match h.term {
                        Term::Trigger(t) => self.cx.knowledge.triggers().get(t).map(|t| t.form),
                        _ => None,
                    };
                    match form {
                        Some(Form::Designation) => return true,
                        Some(Form::Short) if h.range.end > at => at = h.range.end,
                        _ => return false,
                    }
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::read_sentence;

    fn statuses(text: &str) -> Vec<String> {
        read_sentence(text, |r| {
            r.triggers()
                .into_iter()
                .map(|(_, t)| t.status.clone())
                .collect()
        })
    }

    #[test]
    fn a_short_name_counts_only_in_a_list_of_designations() {
        assert_eq!(
            statuses("The product holds orphan drug and fast track designations."),
            statuses("The product holds orphan drug designation and fast track designation."),
        );
        assert!(statuses("The team moved on a fast track to the clinic.").is_empty());
    }
}
