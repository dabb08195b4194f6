//! Ownership: how the triggers of one clause share out its agencies,
//! regions and years ("approved by the FDA in 2017 and granted orphan
//! status by the EMA"), and which designations listed together are one
//! group.

use crate::knowledge::lexicon::Hit;
use crate::knowledge::{Form, Trigger};
use std::ops::Range;

/// The gap in bytes between two ranges (0 when they touch or overlap).
pub(super) fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}
/// The attributes of a clause that a trigger claims: those it owns, else
/// the clause's topic (those before its first trigger).
pub(super) fn claim<T>(
    found: Vec<(T, Range<usize>)>,
    owned: impl Fn(&Range<usize>) -> bool,
    topical: impl Fn(&Range<usize>) -> bool,
) -> Vec<(T, Range<usize>)> {
    if found.iter().any(|(_, r)| owned(r)) {
        found.into_iter().filter(|(_, r)| owned(r)).collect()
    } else {
        found.into_iter().filter(|(_, r)| topical(r)).collect()
    }
}
/// What kind of attribute is being placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owned {
    /// An agency: "the FDA approved", "FDA approval" (forward); "approved
    /// by the FDA" (backward).
    Agency,
    /// A region or a year: after its verb ("approved in 2017"), else
    /// before the first one ("In 2016, the EMA approved").
    Other,
}
/// Which trigger group of a clause an agency, region or year at `r`
/// belongs to. An agency named after "by" or "from" belongs to the nearest
/// trigger before it, one right before a trigger to that trigger, any other
/// to the nearest; a region or a year to the nearest trigger before it,
/// else the nearest after.
pub(super) fn owner(
    text: &str,
    triggers: &[(usize, Range<usize>)],
    r: &Range<usize>,
    kind: Owned,
) -> Option<usize> {
    let nearest = |filter: &dyn Fn(&Range<usize>) -> bool| {
        triggers
            .iter()
            .filter(|(_, t)| filter(t))
            .min_by_key(|(_, t)| gap(t, r))
            .map(|(i, _)| *i)
    };
    let before = |t: &Range<usize>| t.end <= r.start;
    match kind {
        Owned::Agency => {
            let backward = after_by(text, r);
            let adjacent = |t: &Range<usize>| {
                t.start >= r.end
                    && text[r.end..t.start]
                        .chars()
                        .all(|c| c.is_whitespace() || c == '-' || c == '\'' || c == '’' || c == 's')
                    && t.start - r.end <= 3
            };
            (if backward { nearest(&before) } else { None })
                .or_else(|| nearest(&adjacent))
                .or_else(|| nearest(&|_| true))
        }
        Owned::Other => nearest(&before).or_else(|| nearest(&|_| true)),
    }
}
/// Whether `r` is named after "by" or "from" (an agent, not a subject).
pub(super) fn after_by(text: &str, r: &Range<usize>) -> bool {
    let start = r.start.saturating_sub(12);
    let start = (start..=r.start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(r.start);
    let lead = text[start..r.start].trim_end().to_lowercase();
    let lead = lead.strip_suffix("the").unwrap_or(&lead).trim_end();
    lead.ends_with(" by") || lead.ends_with(" from") || lead == "by" || lead == "from"
}

/// The group of each trigger: its own index, or the first of a list of
/// designations joined by commas and "and" that it belongs to.
pub(super) fn list_groups(text: &str, triggers: &[(Hit, &Trigger, Range<usize>)]) -> Vec<usize> {
    let designation = |t: &Trigger| matches!(t.form, Form::Designation | Form::Short);
    let mut groups: Vec<usize> = (0..triggers.len()).collect();
    for i in 1..triggers.len() {
        let (a, ta, _) = &triggers[i - 1];
        let (b, tb, _) = &triggers[i];
        if !(designation(ta) && designation(tb)) || b.range.start < a.range.end {
            continue;
        }
        let between = text[a.range.end..b.range.start].to_lowercase();
        let joined = between
            .split(|c: char| c.is_whitespace() || c == ',' || c == '&' || c == '/')
            .all(|w| w.is_empty() || w == "and" || w == "or");
        if joined {
            groups[i] = groups[i - 1];
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_apart_have_a_gap_and_touching_ones_none() {
        assert_eq!(gap(&(0..4), &(10..12)), 6);
        assert_eq!(gap(&(10..12), &(0..4)), 6);
        assert_eq!(gap(&(0..5), &(5..9)), 0);
    }

    #[test]
    fn an_agent_after_by_belongs_to_the_verb_before_it() {
        let text = "It was approved by the FDA and later listed by others";
        let approved = text.find("approved").expect("verb");
        let listed = text.find("listed").expect("verb");
        let fda = text.find("FDA").expect("agency");
        let triggers = [(0, approved..approved + 8), (1, listed..listed + 6)];
        assert!(after_by(text, &(fda..fda + 3)));
        assert_eq!(
            owner(text, &triggers, &(fda..fda + 3), Owned::Agency),
            Some(0)
        );
    }

    #[test]
    fn a_trigger_claims_what_it_owns_else_the_topic() {
        let found = vec![("a", 0..2), ("b", 20..22)];
        let mine = claim(found.clone(), |r| r.start == 20, |_| true);
        assert_eq!(mine, [("b", 20..22)]);
        let topic = claim(found, |_| false, |r| r.end <= 10);
        assert_eq!(topic, [("a", 0..2)]);
    }
}
