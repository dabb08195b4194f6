//! Statuses: regulatory decisions, designations and trial phases, each tied
//! to what it applies to.
//!
//! A status is read from one unit (a sentence, a table row, or a heading
//! that names a product), and within a sentence from one clause (split at
//! `;` and at "but", "while", "whereas", "although"), so that "Luxturna was
//! approved in 2017, while Zolgensma is in phase 3" gives two statuses and
//! not four.
//!
//! - **Triggers** come from `statuses.tsv`; a trigger is vetoed by a
//!   negation or a hedge among the few words before it, back to the last
//!   punctuation mark ("has not been approved", "is expected to be
//!   approved", "seeking approval"), and a noun or designation also by the
//!   words after it ("approval pathway"). A designation is never an
//!   approval. "patients withdrew" is no market withdrawal.
//! - **Phases** are read by pattern in every spelling ("Phase 1/2", "phase
//!   I/II", "Ph3", "Phase 1b/2", "pivotal trial") and count only in a unit
//!   about a trial or a product, never next to "project" or "construction".
//! - **What it applies to**: the products of the clause (the nearest one,
//!   with the products coordinated with it: "Zolgensma and Luxturna were
//!   approved"), else of the unit (a row's first cell first), else a class
//!   of products ("CAR-T products", a row's first cell), else the
//!   document's subject when the sentence refers back to it ("the therapy",
//!   "it"). A status that applies to nothing is dropped.
//! - **Agency, region, year**: the nearest in the clause, else in the unit;
//!   an agency gives its region, a designation its agency (RMAT: FDA); a
//!   year counts only after "in", "since", a month, or in brackets. Two
//!   agencies after one verb ("approved by the FDA in 2017 and the EMA in
//!   2018") give a status each.
//!
//! The same status stated twice (in a sentence and in a table row) is one
//! status with two mentions; a statement without a year merges into the
//! only one that has it.

use super::context::{words_after, words_before, Context};
use super::products::Found;
use crate::knowledge::lexicon::{longest, Hit, Term};
use crate::knowledge::{CueKind, Form, Trigger};
use crate::metadata::dates::MONTHS;
use crate::record::Status;
use crate::segment::{Unit, UnitKind};
use regex::Regex;
use std::cell::RefCell;
use std::collections::hash_map::{Entry, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

/// Trial phases: numbers, Roman numerals, letters and combinations.
static PHASE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)(?:[Pp]hases?|PHASE|Ph\.?)\ ?
          (?P<a>[1-4]|IV|I{1,3}|iv|i{1,3}|one|two|three|four)(?P<as>[abAB])?(?-u:\b)
          (?:\ ?(?:/|-|–|\ to\ |\ and\ )\ ?(?:[Pp]hase\ )?
             (?P<b>[1-4]|IV|I{1,3}|iv|i{1,3})(?P<bs>[abAB])?(?-u:\b))?
        | (?-u:\b)(?P<pivotal>[Pp]ivotal)\ (?:[Pp]hase\ [1-3IV]+\ )?(?:[A-Z][A-Za-z0-9-]+\ ){0,2}(?:trials?|stud(?:y|ies)|data|results)
        | ^(?P<cell>[Pp]ivotal)$",
    )
    .ok()
});

/// A year with the word that makes it a date of the statement.
static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)(?:in|since|on|by|from|during|until|of|early|late|mid|year|as\ of|(?:{MONTHS})\.?)(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?[\s-]+|\()(?P<y>19[5-9][0-9]|20[0-4][0-9])(?-u:\b)"
    ))
    .ok()
});

/// A year alone, as table cells write it.
static BARE_YEAR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:19[5-9][0-9]|20[0-4][0-9])(?-u:\b)").ok());

/// Clause boundaries inside a sentence.
static CLAUSE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i);|,?\s(?-u:\b)(?:but|while|whereas|although|though|after|before|when|because)\s+[^0-9\s]|,\s+and\s+[^0-9\s]").ok()
});

/// Text between two coordinated product names.
static COORDINATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s|,|/|&|\(|\)|(?-u:\b)and(?-u:\b)|(?-u:\b)or(?-u:\b)|(?-u:\b)as well as(?-u:\b))*$").ok()
});

/// How many words before a trigger a negation governs.
const NEGATION_SCOPE: usize = 8;

/// How many words before a trigger a hedge governs.
const HEDGE_SCOPE: usize = 5;

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

/// The statuses of a document, in order of first mention.
pub fn find(cx: &Context, products: &[Found]) -> Vec<Status> {
    let mut mentions: Vec<(Range<usize>, usize)> = products
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.mentions.iter().map(move |r| (r.clone(), i)))
        .collect();
    mentions.sort_by_key(|(r, _)| r.start);
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

/// What a table header cell says, read once per cell: every row under a
/// header asks the same of it, and a header cell can be long.
#[derive(Debug, Clone)]
struct Head<'a> {
    /// The first status trigger it names ("FDA approval").
    trigger: Option<&'a Trigger>,
    /// The first agency it names.
    agency: Option<usize>,
    /// The first region it names, by code.
    region: Option<String>,
}

impl<'a> Reader<'a, '_> {
    fn text(&self) -> &str {
        self.cx.text()
    }

    /// The clause (or, in a row, the cell) around byte `at`.
    fn clause(&self, at: usize) -> Range<usize> {
        if self.unit.kind != UnitKind::Sentence && self.unit.kind != UnitKind::Heading {
            return self
                .unit
                .cells
                .iter()
                .find(|c| c.start <= at && at < c.end)
                .cloned()
                .unwrap_or_else(|| self.unit.range.clone());
        }
        let r = &self.unit.range;
        let Some(re) = CLAUSE.as_ref() else {
            return r.clone();
        };
        let mut start = r.start;
        for m in re.find_iter(&self.text()[r.clone()]) {
            // The new clause starts at the conjunction, which governs it
            // ("before approval").
            let s = r.start + m.start();
            let e = s + m.as_str().find(char::is_alphabetic).unwrap_or(m.len());
            if s > at {
                return start..s;
            }
            start = e;
        }
        start..r.end
    }

    fn decisions(&self, out: &mut Vec<Stated>) {
        let text = self.text();
        let all = self.triggers();
        // Vetoed triggers ("not full approval") state nothing and claim
        // nothing around them.
        let triggers: Vec<(Hit, &Trigger, Range<usize>)> = all
            .into_iter()
            .filter_map(|(hit, trigger)| {
                let clause = self.clause(hit.range.start);
                (!self.vetoed(&hit, trigger.form, &clause, &trigger.status))
                    .then_some((hit, trigger, clause))
            })
            .collect();
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
            let mine = groups[i];
            let owned = |r: &Range<usize>, kind: Owned| owner(text, &rivals, r, kind) == Some(mine);
            // What precedes the clause's first statement is its topic, shared
            // by every statement that names none of its own ("In June 2024
            // the FDA ... granted traditional approval ... and accelerated
            // approval").
            let topical = |r: &Range<usize>| r.end <= first;
            // Outside the clause, only a unit's single statement may look;
            // a clause whose verb has no subject of its own ("... but revoked
            // its licence") borrows the agency before it.
            let fallback = single.then_some(&self.unit.range);
            let elliptic = self.elliptic(hit, clause);

            let mut agencies: Vec<(usize, Option<Range<usize>>)> = Vec::new();
            let claimed = claim(
                self.agency_hits(clause),
                |r| owned(r, Owned::Agency),
                topical,
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
            // else the sentence names (RMAT: the FDA).
            if let Some(name) = &trigger.agency {
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
            let mut regions = claim(
                self.region_hits(clause),
                |r| owned(r, Owned::Other),
                topical,
            );
            if regions.is_empty() {
                if let Some(unit) = fallback {
                    let mut found = self.region_hits(unit);
                    found.sort_by_key(|(_, r)| gap(r, &hit.range));
                    regions.extend(found.into_iter().take(1));
                }
            }
            dedup_regions(&mut regions, &hit.range);
            let mut years = claim(self.years(clause), |r| owned(r, Owned::Other), topical);
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
            // One statement per agency; without one, per region listed
            // ("Approved (US, EU, Japan)").
            let choices: Vec<Choice<'_>> = if !agencies.is_empty() {
                agencies
                    .into_iter()
                    .map(|(a, at)| Choice {
                        agency: self.cx.knowledge.agencies().get(a),
                        at,
                        region: None,
                    })
                    .collect()
            } else if regions.len() > 1 && listed(&regions) {
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
            };
            for Choice { agency, at, region } in choices {
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
                out.push(Stated {
                    status: trigger.status.clone(),
                    phase: None,
                    agency: agency.map(|a| a.name.clone()),
                    region: agency
                        .map(|a| a.region.clone())
                        .or_else(|| region.as_ref().map(|r| r.0.clone())),
                    year: year.map(|y| y.0),
                    anchor: anchor.clone(),
                    evidence,
                });
            }
        }
        self.header_columns(out);
    }

    /// What the header cell `head` says, read on the first row that asks.
    fn head(&self, head: &Range<usize>) -> Head<'a> {
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
    fn column_header(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let column = self
            .unit
            .cells
            .iter()
            .position(|c| c.start <= r.start && r.end <= c.end)?;
        self.unit.header.get(column).cloned()
    }

    /// Whether a trigger's clause has no subject of its own: between the
    /// clause's start and the trigger only a conjunction, auxiliaries and
    /// adverbs ("but revoked", "and was later withdrawn").
    fn elliptic(&self, hit: &Hit, clause: &Range<usize>) -> bool {
        const GLUE: &[&str] = &[
            "but",
            "and",
            "then",
            "later",
            "subsequently",
            "also",
            "was",
            "were",
            "had",
            "has",
            "have",
            "been",
            "eventually",
            "finally",
        ];
        self.unit.kind == UnitKind::Sentence
            && clause.start > self.unit.range.start
            && words_before(self.text(), clause.start, hit.range.start, 8)
                .iter()
                .all(|w| GLUE.contains(&w.as_str()))
    }

    /// The unit's triggers, longest where they overlap; a designation's
    /// short name counts only where it is one (see [`Reader::short_is_designation`]).
    fn triggers(&self) -> Vec<(Hit, &'a Trigger)> {
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
    fn short_is_designation(&self, hit: &Hit, hits: &[Hit]) -> bool {
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

    /// Statuses a table states through its header: a column named "FDA
    /// approval" with a year in the row's cell.
    fn header_columns(&self, out: &mut Vec<Stated>) {
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

    fn phases(&self, out: &mut Vec<Stated>) {
        let Some(re) = PHASE.as_ref() else { return };
        let r = &self.unit.range;
        let about_trial = self.cx.has_cue(r, CueKind::TrialContext) || !self.products.is_empty();
        if !about_trial || self.cx.has_cue(r, CueKind::PhaseContrary) {
            return;
        }
        // A row is read cell by cell, so that a cell that says only
        // "Pivotal" is a phase.
        let pieces: Vec<Range<usize>> = if self.unit.kind == UnitKind::Row {
            self.unit.cells.clone()
        } else {
            vec![r.clone()]
        };
        let text = self.text();
        let found = pieces.iter().flat_map(|p| {
            re.captures_iter(text[p.clone()].trim_end())
                .map(move |c| (p.start, c))
        });
        for (base, c) in found {
            let Some(m) = c.get(0) else { continue };
            let range = base + m.start()..base + m.end();
            let phase = if c.name("pivotal").is_some() || c.name("cell").is_some() {
                "pivotal".to_owned()
            } else {
                let part = |n: &str, s: &str| {
                    c.name(n).and_then(|x| arabic(x.as_str())).map(|d| {
                        let suffix = c
                            .name(s)
                            .map(|x| x.as_str().to_lowercase())
                            .unwrap_or_default();
                        format!("{d}{suffix}")
                    })
                };
                let Some(a) = part("a", "as") else { continue };
                match part("b", "bs") {
                    Some(b) => format!("{a}/{b}"),
                    None => a,
                }
            };
            let clause = self.clause(range.start);
            let hit = Hit {
                range: range.clone(),
                term: Term::Cue(CueKind::TrialContext),
            };
            if self.negated(&hit, &clause) {
                continue;
            }
            let Some(anchor) = self
                .anchor(&range, &clause)
                .or_else(|| self.subject.map(|s| Anchor::Products(vec![s])))
            else {
                continue;
            };
            out.push(Stated {
                status: "phase".to_owned(),
                phase: Some(phase),
                agency: None,
                region: None,
                year: None,
                anchor,
                evidence: range,
            });
        }
    }

    /// Plain negation right before a phase ("not in a phase 3 trial"); a
    /// trial that "failed" still ran.
    fn negated(&self, hit: &Hit, clause: &Range<usize>) -> bool {
        const PLAIN: &[&str] = &["not", "no", "never", "n't", "nor", "neither", "without"];
        words_before(self.text(), clause.start, hit.range.start, NEGATION_SCOPE)
            .iter()
            .any(|w| PLAIN.contains(&w.as_str()))
    }

    fn vetoed(&self, hit: &Hit, form: Form, clause: &Range<usize>, status: &str) -> bool {
        let text = self.text();
        let before = words_before(text, clause.start, hit.range.start, NEGATION_SCOPE);
        let negation = self.cx.knowledge.cues(CueKind::Negation);
        let hedge = self.cx.knowledge.cues(CueKind::Hedge);
        // Hedges govern the few words before; a negation reaches further
        // ("not the first gene therapy to be withdrawn").
        let near = &before[before.len().saturating_sub(HEDGE_SCOPE)..];
        // "non" negates only the word it is attached to ("non-approved",
        // not "non-replicating ... gene therapy approved").
        let negates =
            |i: usize, w: &String| negation.contains(w) && (w != "non" || i + 1 == before.len());
        if before.iter().enumerate().any(|(i, w)| negates(i, w))
            || near.iter().any(|w| hedge.contains(w))
        {
            return true;
        }
        // An infinitive restates or anticipates unless it names what it
        // decides on: "the first regulator to authorise exa-cel" is a
        // decision; "the first country to authorise a CRISPR-based
        // medicine" restates one made elsewhere in the sentence.
        let written = text[hit.range.clone()].to_lowercase();
        if matches!(written.as_str(), "approve" | "authorise" | "authorize")
            && before.last().is_some_and(|w| w == "to")
            && !self
                .products
                .iter()
                .any(|(r, _)| r.start >= clause.start && r.end <= clause.end)
        {
            return true;
        }
        if form != Form::Verb {
            let after = words_after(text, hit.range.end, clause.end, 2);
            let hedge_after = self.cx.knowledge.cues(CueKind::HedgeAfter);
            if after.first().is_some_and(|w| hedge_after.contains(w))
                || hedge_after.contains(&after.join(" "))
            {
                return true;
            }
        }
        if !matches!(status, "withdrawn" | "discontinued") {
            return false;
        }
        // "patients withdrew from the study": who withdrew, and from what.
        let contrary = self.cx.knowledge.cues(CueKind::WithdrawalContrary);
        let after = words_after(text, hit.range.end, clause.end, 4);
        before.iter().chain(&after).any(|w| contrary.contains(w))
    }

    /// What a status at `at` applies to.
    fn anchor(&self, at: &Range<usize>, clause: &Range<usize>) -> Option<Anchor> {
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
    fn coordinated(
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
        let coordination = COORDINATION.as_ref()?;
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
    fn class(&self, r: &Range<usize>) -> Option<String> {
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

    /// Agencies named in `r`, with where.
    fn agency_hits(&self, r: &Range<usize>) -> Vec<(usize, Range<usize>)> {
        longest(
            self.cx
                .hits_in(r)
                .filter(|h| matches!(h.term, Term::Agency(_)))
                .cloned(),
        )
        .into_iter()
        .filter_map(|h| match h.term {
            Term::Agency(i) => Some((i, h.range)),
            _ => None,
        })
        .collect()
    }

    /// Regions named in `r`, with where.
    fn region_hits(&self, r: &Range<usize>) -> Vec<(String, Range<usize>)> {
        longest(
            self.cx
                .hits_in(r)
                .filter(|h| matches!(h.term, Term::Region(_)))
                .cloned(),
        )
        .into_iter()
        .filter_map(|h| match h.term {
            Term::Region(i) => Some((self.cx.knowledge.regions().get(i)?.code.clone(), h.range)),
            _ => None,
        })
        .collect()
    }

    /// Years of `r` that date a statement: after "in", "since", a month, or
    /// in brackets; in a table row a bare year ("Withdrawn 2017").
    fn years(&self, r: &Range<usize>) -> Vec<(u16, Range<usize>)> {
        let text = &self.text()[r.clone()];
        let found = |re: &Regex, group: Option<&str>| -> Vec<(u16, Range<usize>)> {
            re.captures_iter(text)
                .filter_map(|c| {
                    let y = match group {
                        Some(g) => c.name(g)?,
                        None => c.get(0)?,
                    };
                    Some((
                        y.as_str().parse().ok()?,
                        r.start + y.start()..r.start + y.end(),
                    ))
                })
                .collect()
        };
        if self.unit.kind == UnitKind::Row {
            if let Some(bare) = BARE_YEAR.as_ref() {
                return found(bare, None);
            }
        }
        YEAR.as_ref()
            .map(|re| found(re, Some("y")))
            .unwrap_or_default()
    }
}

/// The gap in bytes between two ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// The attributes of a clause that a trigger claims: those it owns, else
/// the clause's topic (those before its first trigger).
fn claim<T>(
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
enum Owned {
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
fn owner(
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
fn after_by(text: &str, r: &Range<usize>) -> bool {
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
fn list_groups(text: &str, triggers: &[(Hit, &Trigger, Range<usize>)]) -> Vec<usize> {
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

/// `1`, `I`, `one` as an Arabic digit.
fn arabic(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_lowercase().as_str() {
        "1" | "i" | "one" => "1",
        "2" | "ii" | "two" => "2",
        "3" | "iii" | "three" => "3",
        "4" | "iv" | "four" => "4",
        _ => return None,
    })
}

/// One status per statement, in order of first mention.
fn merge(cx: &Context, products: &[Found], stated: Vec<Stated>) -> Vec<Status> {
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
