//! Decisions: one statement per trigger that is not vetoed, with what it
//! applies to and the agency, region and year it claims; several agencies
//! after one verb are a statement each ("approved by the FDA in 2017 and
//! the EMA in 2018"), as are regions listed without one ("Approved (US,
//! EU, Japan)").

use super::super::context::words_before;
use super::ownership::{after_by, claim, gap, list_groups, owner, Owned};
use super::{Anchor, Reader, Stated};
use crate::knowledge::lexicon::Hit;
use crate::knowledge::lexicon::Term;
use crate::knowledge::phrase_table::ELLIPTIC_GLUE as GLUE;
use crate::knowledge::{CueKind, Form, Trigger};
use crate::segment::UnitKind;
use std::ops::Range;

/// How many words before an approval a recommendation governs it
/// ("recommended bit.ly/3ajanId conditional marketing authorization").
const RECOMMENDATION_SCOPE: usize = 4;

/// The statuses that are a committee's opinion on an application.
const OPINIONS: [&str; 2] = ["positive_opinion", "negative_opinion"];

/// What an opinion recommends or advises against, when a noun names it in
/// the opinion's clause.
const RECOMMENDED: [&str; 4] = [
    "approved",
    "conditional_approval",
    "accelerated_approval",
    "filing_submitted",
];

/// One trigger with what it may claim: its clause, the triggers it shares
/// the clause with, and where it may look outside the clause.
struct Scope<'s> {
    hit: &'s Hit,
    trigger: &'s Trigger,
    clause: &'s Range<usize>,
    /// The triggers of the clause, by group (see [`owner`]).
    rivals: Vec<(usize, Range<usize>)>,
    /// The trigger's own group.
    mine: usize,
    /// Where the clause's first trigger starts.
    first: usize,
    /// Where outside the clause the trigger may look, if anywhere.
    fallback: Option<&'s Range<usize>>,
    /// Whether the trigger's clause has no subject of its own.
    elliptic: bool,
}

impl Scope<'_> {
    /// Whether the attribute at `r` is the trigger's own.
    fn owned(&self, text: &str, r: &Range<usize>, kind: Owned) -> bool {
        owner(text, &self.rivals, r, kind) == Some(self.mine)
    }

    /// What precedes the clause's first statement is its topic, shared
    /// by every statement that names none of its own ("In June 2024
    /// the FDA ... granted traditional approval ... and accelerated
    /// approval").
    fn topical(&self, r: &Range<usize>) -> bool {
        r.end <= self.first
    }
}

impl<'a> Reader<'a, '_> {
    pub(super) fn decisions(&self, out: &mut Vec<Stated>) {
        let text = self.text();
        let triggers = self.standing_triggers();
        let single = triggers.len() == 1;
        // Designations listed together ("orphan drug, rare pediatric disease
        // and fast track designations from the FDA") share what follows.
        let groups = list_groups(text, &triggers);
        for (i, (hit, trigger, clause)) in triggers.iter().enumerate() {
            let Some(anchor) = self.anchor(&hit.range, clause) else {
                continue;
            };
            // The triggers of this clause share out its agencies, regions
            // and years (see [`owner`]).
            let rivals: Vec<(usize, Range<usize>)> = triggers
                .iter()
                .enumerate()
                .filter(|(_, (h, _, _))| h.range.start >= clause.start && h.range.end <= clause.end)
                .map(|(j, (h, _, _))| (groups[j], h.range.clone()))
                .collect();
            let first = rivals
                .iter()
                .map(|(_, r)| r.start)
                .min()
                .unwrap_or(hit.range.start);
            let scope = Scope {
                hit,
                trigger,
                clause,
                rivals,
                mine: groups[i],
                first,
                // Outside the clause, only a unit's single statement may
                // look; a clause whose verb has no subject of its own
                // ("... but revoked its licence") borrows the agency
                // before it.
                fallback: single.then_some(&self.unit.range),
                elliptic: self.elliptic(hit, clause),
            };
            let mut agencies = self.agencies_of(&scope);
            let regions = self.regions_of(&scope);
            let years = self.years_of(&scope);
            // A class is only worth a status with a place or a time:
            // "Approved & Late-Stage Gene Therapies" states nothing.
            if matches!(anchor, Anchor::Class(_))
                && agencies.is_empty()
                && regions.is_empty()
                && years.is_empty()
            {
                continue;
            }
            // Several agencies after one verb are one statement each ("by the
            // FDA in 2017 and by the EMA in 2018"); otherwise the nearest
            // agency is the one that decided.
            let per_agency = agencies.len() > 1
                && agencies
                    .iter()
                    .all(|(_, r)| r.as_ref().is_some_and(|r| r.start >= hit.range.end));
            if !per_agency {
                agencies.sort_by_key(|(_, r)| r.as_ref().map_or(0, |r| gap(r, &hit.range)));
                agencies.truncate(1);
            }
            for choice in self.choices(agencies, &regions) {
                out.push(self.statement(&scope, &anchor, &years, per_agency, choice));
            }
        }
        self.header_columns(out);
    }

    /// The unit's triggers with their clauses. Vetoed triggers ("not full
    /// approval") state nothing and claim nothing around them.
    ///
    /// An opinion states what it recommends: "adopted a positive opinion
    /// recommending a conditional marketing authorisation" is one positive
    /// opinion, not also an approval, so an opinion's clause keeps no
    /// approval or filing named by a noun (a verb, "was approved after a
    /// positive opinion", is a decision of its own).
    fn standing_triggers(&self) -> Vec<(Hit, &'a Trigger, Range<usize>)> {
        let standing: Vec<(Hit, &'a Trigger, Range<usize>)> = self
            .triggers()
            .into_iter()
            .filter_map(|(hit, trigger)| {
                let clause = self.clause(hit.range.start);
                if let Some(opinion) = self.recommended(&hit, trigger, &clause) {
                    return (!self.negated(&hit, &clause)).then_some((hit, opinion, clause));
                }
                (!self.vetoed(&hit, trigger.form, &clause, &trigger.status))
                    .then_some((hit, trigger, clause))
            })
            .collect();
        let opinions: Vec<Range<usize>> = standing
            .iter()
            .filter(|(_, t, _)| OPINIONS.contains(&t.status.as_str()))
            .map(|(_, _, c)| c.clone())
            .collect();
        standing
            .into_iter()
            .filter(|(_, t, clause)| {
                let recommended = matches!(t.form, Form::Noun | Form::Filing)
                    && RECOMMENDED.contains(&t.status.as_str());
                !(recommended && opinions.contains(clause))
            })
            .collect()
    }

    /// The positive opinion an approval states when a committee recommends
    /// it ("recommended approving Zolgensma", "recommended granting a
    /// conditional marketing authorisation"): a recommendation word among
    /// the few words before it (`cues.tsv`, `recommendation`).
    fn recommended(
        &self,
        hit: &Hit,
        trigger: &Trigger,
        clause: &Range<usize>,
    ) -> Option<&'a Trigger> {
        if !RECOMMENDED.contains(&trigger.status.as_str()) {
            return None;
        }
        let words = self.cx.knowledge.cues(CueKind::Recommendation);
        let before = words_before(
            self.text(),
            clause.start,
            hit.range.start,
            RECOMMENDATION_SCOPE,
        );
        if !before.iter().any(|w| words.contains(w)) {
            return None;
        }
        self.cx
            .knowledge
            .triggers()
            .iter()
            .find(|t| t.status == "positive_opinion" && t.form == Form::Noun)
    }

    /// The agencies a trigger claims, with where they are named: its own or
    /// the clause's topic, else a table column's header, else the nearest
    /// outside the clause where it may look; a designation only one agency
    /// grants names that agency.
    fn agencies_of(&self, scope: &Scope<'_>) -> Vec<(usize, Option<Range<usize>>)> {
        let text = self.text();
        let Scope {
            hit,
            trigger,
            clause,
            fallback,
            elliptic,
            ..
        } = *scope;
        let mut agencies: Vec<(usize, Option<Range<usize>>)> = Vec::new();
        let claimed = claim(
            self.agency_hits(clause),
            |r| scope.owned(text, r, Owned::Agency),
            |r| scope.topical(r),
        );
        for (a, r) in claimed {
            if !agencies.iter().any(|(b, _)| *b == a) {
                agencies.push((a, Some(r)));
            }
        }
        // In a table, the column's header may name the agency ("FDA" over
        // a column of designations).
        if agencies.is_empty() && self.unit.kind == UnitKind::Row {
            // Only the header's first agency can stand: with no place
            // in the row none is split off as a statement of its own,
            // and all are equally near, so the first is kept below.
            if let Some(head) = self.column_header(&hit.range) {
                agencies.extend(self.head(&head).agency.map(|a| (a, None)));
            }
        }
        if agencies.is_empty() {
            let before = self.unit.range.start..clause.start;
            let source = if elliptic { Some(&before) } else { fallback };
            if let Some(range) = source {
                // The previous clause's agent ("authorised by the EC ...
                // but withdrawn") is not the subject the verb shares.
                let mut found: Vec<(usize, Range<usize>)> = self
                    .agency_hits(range)
                    .into_iter()
                    .filter(|(_, r)| !elliptic || !after_by(text, r))
                    .collect();
                found.sort_by_key(|(_, r)| gap(r, &hit.range));
                agencies.extend(found.into_iter().take(1).map(|(a, r)| (a, Some(r))));
            }
        }
        // A designation only one agency grants names that agency, whatever
        // else the sentence names (RMAT: the FDA); another status names its
        // agency only when the text names none (an opinion is the CHMP's,
        // unless an FDA advisory committee voted).
        let designation = matches!(trigger.form, Form::Designation | Form::Short);
        if let Some(name) = trigger
            .agency
            .as_ref()
            .filter(|_| designation || agencies.is_empty())
        {
            if let Some(a) = self
                .cx
                .knowledge
                .agencies()
                .iter()
                .position(|x| &x.name == name)
            {
                let at = agencies
                    .iter()
                    .find(|(b, _)| *b == a)
                    .and_then(|(_, r)| r.clone());
                agencies = vec![(a, at)];
            }
        }
        agencies
    }

    /// The regions a trigger claims, nearest first, one per code.
    fn regions_of(&self, scope: &Scope<'_>) -> Vec<(String, Range<usize>)> {
        let text = self.text();
        let hit = scope.hit;
        let mut regions = claim(
            self.region_hits(scope.clause),
            |r| scope.owned(text, r, Owned::Other),
            |r| scope.topical(r),
        );
        if regions.is_empty() {
            if let Some(unit) = scope.fallback {
                let mut found = self.region_hits(unit);
                found.sort_by_key(|(_, r)| gap(r, &hit.range));
                regions.extend(found.into_iter().take(1));
            }
        }
        dedup_regions(&mut regions, &hit.range);
        regions
    }

    /// The years a trigger claims.
    fn years_of(&self, scope: &Scope<'_>) -> Vec<(u16, Range<usize>)> {
        let text = self.text();
        let (clause, fallback) = (scope.clause, scope.fallback);
        let mut years = claim(
            self.years(clause),
            |r| scope.owned(text, r, Owned::Other),
            |r| scope.topical(r),
        );
        if years.is_empty() {
            // A year later in the sentence may date the statement ("was
            // approved ... when it was cleared in October 2015"); one
            // before it belongs to another verb.
            // In a table row the year may have a column of its own.
            if let (Some(unit), UnitKind::Row) = (fallback, self.unit.kind) {
                years = self.years(unit);
            } else if fallback.is_some() && clause.end < self.unit.range.end {
                let next = self.clause(clause.end + 1);
                let opens = self.text()[next.clone()].trim_start().to_lowercase();
                if opens.starts_with("when ") {
                    years = self.years(&next);
                }
            }
        }
        years
    }

    /// One statement per agency; without one, per region listed
    /// ("Approved (US, EU, Japan)").
    fn choices(
        &self,
        agencies: Vec<(usize, Option<Range<usize>>)>,
        regions: &[(String, Range<usize>)],
    ) -> Vec<Choice<'a>> {
        if !agencies.is_empty() {
            agencies
                .into_iter()
                .map(|(a, at)| Choice {
                    agency: self.cx.knowledge.agencies().get(a),
                    at,
                    region: None,
                })
                .collect()
        } else if regions.len() > 1 && listed(regions) {
            regions
                .iter()
                .map(|r| Choice {
                    agency: None,
                    at: None,
                    region: Some(r.clone()),
                })
                .collect()
        } else {
            vec![Choice {
                agency: None,
                at: None,
                region: regions.first().cloned(),
            }]
        }
    }

    /// The statement of one choice: its year, and its evidence spanning
    /// what of it the clause names.
    fn statement(
        &self,
        scope: &Scope<'_>,
        anchor: &Anchor,
        years: &[(u16, Range<usize>)],
        per_agency: bool,
        Choice { agency, at, region }: Choice<'_>,
    ) -> Stated {
        let (hit, clause) = (scope.hit, scope.clause);
        // With one agency per statement, the year is the one nearest
        // that agency.
        let year = match (&at, per_agency) {
            // "by the FDA in April 2024 and by Health Canada in
            // December 2023": each agency's year follows it.
            (Some(at), true) => years
                .iter()
                .filter(|(_, r)| r.start >= at.end)
                .min_by_key(|(_, r)| r.start - at.end)
                .or_else(|| years.iter().min_by_key(|(_, r)| gap(r, at)))
                .cloned(),
            _ => years
                .iter()
                .min_by_key(|(_, r)| gap(r, &hit.range))
                .cloned(),
        };
        let mut evidence = hit.range.clone();
        for r in [
            at.clone(),
            region.as_ref().map(|r| r.1.clone()),
            year.as_ref().map(|y| y.1.clone()),
        ]
        .into_iter()
        .flatten()
        {
            if r.start >= clause.start && r.end <= clause.end {
                evidence = evidence.start.min(r.start)..evidence.end.max(r.end);
            }
        }
        // A filing is submitted unless its clause says it was accepted.
        let accepted = scope.trigger.form == Form::Filing
            && self
                .cx
                .cues_in(clause)
                .iter()
                .any(|h| h.term == Term::Cue(CueKind::FilingAccepted));
        Stated {
            status: if accepted {
                "filing_accepted".to_owned()
            } else {
                scope.trigger.status.clone()
            },
            phase: None,
            agency: agency.map(|a| a.name.clone()),
            region: agency
                .map(|a| a.region.clone())
                .or_else(|| region.as_ref().map(|r| r.0.clone())),
            year: year.map(|y| y.0),
            anchor: anchor.clone(),
            evidence,
        }
    }

    /// Whether a trigger's clause has no subject of its own: between the
    /// clause's start and the trigger only a conjunction, auxiliaries and
    /// adverbs ("but revoked", "and was later withdrawn").
    fn elliptic(&self, hit: &Hit, clause: &Range<usize>) -> bool {
        self.unit.kind == UnitKind::Sentence
            && clause.start > self.unit.range.start
            && words_before(self.text(), clause.start, hit.range.start, 8)
                .iter()
                .all(|w| GLUE.phrases().contains(&w.as_str()))
    }
}

/// Regions deduplicated by code, nearest to the trigger first.
fn dedup_regions(regions: &mut Vec<(String, Range<usize>)>, at: &Range<usize>) {
    regions.sort_by_key(|(_, r)| gap(r, at));
    let mut seen: Vec<String> = Vec::new();
    regions.retain(|(code, _)| {
        let new = !seen.contains(code);
        seen.push(code.clone());
        new
    });
}

/// One statement's agency (and where it is named) or region.
struct Choice<'a> {
    agency: Option<&'a crate::knowledge::Agency>,
    at: Option<Range<usize>>,
    region: Option<(String, Range<usize>)>,
}

/// Whether the regions of a clause are a list ("US, EU and Japan"), each
/// with the same status, rather than two places of one statement.
fn listed(regions: &[(String, Range<usize>)]) -> bool {
    let mut sorted: Vec<&Range<usize>> = regions.iter().map(|(_, r)| r).collect();
    sorted.sort_by_key(|r| r.start);
    sorted
        .windows(2)
        .all(|w| w[1].start >= w[0].end && w[1].start - w[0].end <= 6)
}

#[cfg(test)]
mod tests {
    use super::super::read_sentence;
    use super::*;

    fn decided(text: &str) -> Vec<(String, Option<String>, Option<u16>)> {
        read_sentence(text, |r| {
            let mut out = Vec::new();
            r.decisions(&mut out);
            out.into_iter()
                .map(|s| (s.status, s.agency, s.year))
                .collect()
        })
    }

    #[test]
    fn two_agencies_after_one_verb_decide_one_each() {
        let got = decided("Kymriah was approved by the FDA in 2017 and by the EMA in 2018.");
        assert_eq!(
            got,
            [
                ("approved".to_owned(), Some("FDA".to_owned()), Some(2017)),
                ("approved".to_owned(), Some("EMA".to_owned()), Some(2018)),
            ]
        );
    }

    #[test]
    fn a_clause_without_a_subject_is_elliptic() {
        let text = "The EMA authorised Kymriah, but later withdrew it.";
        let at = text.find("withdrew").expect("trigger");
        let got = read_sentence(text, |r| {
            let (hit, _) = r
                .triggers()
                .into_iter()
                .find(|(h, _)| h.range.start == at)
                .expect("a trigger");
            r.elliptic(&hit, &r.clause(at))
        });
        assert!(got);
    }

    #[test]
    fn regions_close_together_are_a_list() {
        assert!(listed(&[("US".to_owned(), 0..2), ("EU".to_owned(), 4..6)]));
        assert!(!listed(&[
            ("US".to_owned(), 0..2),
            ("EU".to_owned(), 40..42)
        ]));
    }
}
