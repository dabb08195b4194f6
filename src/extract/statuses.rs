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
use super::lexicon::{longest, Hit, Term};
use super::products::Found;
use crate::knowledge::{self, CueKind, Form};
use crate::metadata::dates::MONTHS;
use crate::record::Status;
use crate::segment::{Unit, UnitKind};
use regex::Regex;
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
        | (?-u:\b)(?P<pivotal>[Pp]ivotal)\ (?:[Pp]hase\ [1-3IV]+\ )?(?:trials?|stud(?:y|ies)|data|results)",
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
    Regex::new(r"(?i);|,?\s(?-u:\b)(?:but|while|whereas|although|though|after|before|when|because)\s+[^0-9\s]").ok()
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
    let mut stated: Vec<Stated> = Vec::new();
    for unit in &cx.seg.units {
        if unit.kind == UnitKind::HeaderRow {
            continue;
        }
        let in_unit: Vec<&(Range<usize>, usize)> = mentions
            .iter()
            .filter(|(r, _)| r.start >= unit.range.start && r.end <= unit.range.end)
            .collect();
        if unit.kind == UnitKind::Heading && in_unit.is_empty() {
            continue;
        }
        let reader = Reader {
            cx,
            unit,
            products: &in_unit,
            subject,
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
}

impl Reader<'_, '_> {
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
        let triggers = longest(
            self.cx
                .hits_in(&self.unit.range)
                .filter(|h| matches!(h.term, Term::Trigger(_)))
                .cloned(),
        );
        for hit in triggers {
            let Term::Trigger(t) = hit.term else { continue };
            let Some(trigger) = knowledge::triggers().get(t) else {
                continue;
            };
            let clause = self.clause(hit.range.start);
            if self.vetoed(&hit, trigger.form, &clause, &trigger.status) {
                continue;
            }
            let Some(anchor) = self.anchor(&hit.range, &clause) else {
                continue;
            };
            let agencies = self.agencies(&hit.range, &clause);
            let implied = trigger.agency.as_ref().and_then(|name| {
                knowledge::agencies()
                    .iter()
                    .position(|a| &a.name == name)
                    .map(|i| (i, None))
            });
            let agencies = if agencies.is_empty() {
                implied.into_iter().collect()
            } else {
                agencies
            };
            let regions = self.regions(&hit.range, &clause);
            let region = regions.first().cloned();
            // A class is only worth a status with a place or a time:
            // "Approved & Late-Stage Gene Therapies" states nothing.
            if matches!(anchor, Anchor::Class(_))
                && agencies.is_empty()
                && region.is_none()
                && self.year(&hit.range, &clause).is_none()
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
            let agencies = if per_agency || agencies.len() <= 1 {
                agencies
            } else {
                let mut a = agencies;
                a.sort_by_key(|(_, r)| {
                    r.as_ref()
                        .map_or(usize::MAX, |r| r.start.abs_diff(hit.range.start))
                });
                a.truncate(1);
                a
            };
            // One statement per agency; without one, per region listed
            // ("Approved (US, EU, Japan)").
            let choices: Vec<Choice> = if !agencies.is_empty() {
                agencies
                    .into_iter()
                    .map(|(i, at)| Choice {
                        agency: knowledge::agencies().get(i),
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
                    region: region.clone(),
                }]
            };
            for Choice { agency, at, region } in choices {
                // With one agency per statement, the year is the one after
                // that agency.
                let near = if per_agency {
                    at.clone().unwrap_or(hit.range.clone())
                } else {
                    hit.range.clone()
                };
                let year = self.year(&near, &clause);
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
    }

    fn phases(&self, out: &mut Vec<Stated>) {
        let Some(re) = PHASE.as_ref() else { return };
        let r = &self.unit.range;
        let about_trial = self.cx.has_cue(r, CueKind::TrialContext) || !self.products.is_empty();
        if !about_trial || self.cx.has_cue(r, CueKind::PhaseContrary) {
            return;
        }
        for c in re.captures_iter(&self.text()[r.clone()]) {
            let Some(m) = c.get(0) else { continue };
            let range = r.start + m.start()..r.start + m.end();
            let phase = if c.name("pivotal").is_some() {
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

    /// Negation right before a phrase.
    fn negated(&self, hit: &Hit, clause: &Range<usize>) -> bool {
        let before = words_before(self.text(), clause.start, hit.range.start, NEGATION_SCOPE);
        let negation = knowledge::cues(CueKind::Negation);
        before.iter().any(|w| negation.contains(w))
    }

    fn vetoed(&self, hit: &Hit, form: Form, clause: &Range<usize>, status: &str) -> bool {
        let text = self.text();
        let before = words_before(text, clause.start, hit.range.start, NEGATION_SCOPE);
        let negation = knowledge::cues(CueKind::Negation);
        let hedge = knowledge::cues(CueKind::Hedge);
        // Hedges govern the few words before; a negation reaches further
        // ("not the first gene therapy to be withdrawn").
        let near = &before[before.len().saturating_sub(HEDGE_SCOPE)..];
        if before.iter().any(|w| negation.contains(w)) || near.iter().any(|w| hedge.contains(w)) {
            return true;
        }
        if form != Form::Verb {
            let after = words_after(text, hit.range.end, clause.end, 2);
            let hedge_after = knowledge::cues(CueKind::HedgeAfter);
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
        let contrary = knowledge::cues(CueKind::WithdrawalContrary);
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
            let cell = self.text()[first.clone()].trim();
            let words = cell.split_whitespace().count();
            if (1..=6).contains(&words) && cell.chars().any(char::is_alphabetic) {
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

    /// Agencies for a trigger: those of the clause, else the nearest of the
    /// unit, with where each is.
    fn agencies(
        &self,
        at: &Range<usize>,
        clause: &Range<usize>,
    ) -> Vec<(usize, Option<Range<usize>>)> {
        let of = |r: &Range<usize>| -> Vec<(usize, Range<usize>)> {
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
        };
        let mut found = of(clause);
        if found.is_empty() {
            found = of(&self.unit.range);
            found.sort_by_key(|(_, r)| r.start.abs_diff(at.start));
            found.truncate(1);
        }
        let mut out: Vec<(usize, Option<Range<usize>>)> = Vec::new();
        for (i, r) in found {
            if !out.iter().any(|(j, _)| *j == i) {
                out.push((i, Some(r)));
            }
        }
        out
    }

    /// The regions of the clause, nearest to the trigger first; else the
    /// nearest of the unit.
    fn regions(&self, at: &Range<usize>, clause: &Range<usize>) -> Vec<(String, Range<usize>)> {
        let of = |r: &Range<usize>| {
            let mut found: Vec<(String, Range<usize>)> = longest(
                self.cx
                    .hits_in(r)
                    .filter(|h| matches!(h.term, Term::Region(_)))
                    .cloned(),
            )
            .into_iter()
            .filter_map(|h| match h.term {
                Term::Region(i) => Some((knowledge::regions().get(i)?.code.clone(), h.range)),
                _ => None,
            })
            .collect();
            found.sort_by_key(|(_, r)| r.start.abs_diff(at.start));
            let mut seen: Vec<String> = Vec::new();
            found.retain(|(code, _)| {
                let new = !seen.contains(code);
                seen.push(code.clone());
                new
            });
            found
        };
        let found = of(clause);
        if !found.is_empty() {
            return found;
        }
        let mut found = of(&self.unit.range);
        found.truncate(1);
        found
    }

    /// The year nearest to `at`, clause first. In a table row the cell is
    /// the clause, and a bare year there is the status's year ("Withdrawn
    /// 2017").
    fn year(&self, at: &Range<usize>, clause: &Range<usize>) -> Option<(u16, Range<usize>)> {
        if self.unit.kind == UnitKind::Row {
            let bare = BARE_YEAR.as_ref()?;
            let found = bare.find_iter(&self.text()[clause.clone()]).next();
            if let Some(m) = found {
                let range = clause.start + m.start()..clause.start + m.end();
                return Some((m.as_str().parse().ok()?, range));
            }
        }
        let re = YEAR.as_ref()?;
        let nearest = |r: &Range<usize>| {
            re.captures_iter(&self.text()[r.clone()])
                .filter_map(|c| {
                    let y = c.name("y")?;
                    let range = r.start + y.start()..r.start + y.end();
                    Some((y.as_str().parse::<u16>().ok()?, range))
                })
                .min_by_key(|(_, y)| y.start.abs_diff(at.start))
        };
        nearest(clause)
    }
}

/// One statement's agency (and where it is named) or region.
struct Choice {
    agency: Option<&'static knowledge::Agency>,
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
    for (status, evidence) in &flat {
        match out.iter_mut().find(|(o, _)| key(o) == key(status)) {
            Some((_, ev)) => ev.push(evidence.clone()),
            None => out.push((status.clone(), vec![evidence.clone()])),
        }
    }
    // A statement without a year (or agency) folds into the only one that
    // says more about the same decision.
    let mut i = 0;
    while i < out.len() {
        let s = &out[i].0;
        let fuller: Vec<usize> = (0..out.len())
            .filter(|&j| {
                let o = &out[j].0;
                j != i
                    && o.status == s.status
                    && o.phase == s.phase
                    && o.product == s.product
                    && o.class == s.class
                    && (s.year.is_none() || s.year == o.year)
                    && (s.agency.is_none() || s.agency == o.agency)
                    && (s.region.is_none() || s.region == o.region)
                    && (o.year.is_some() && s.year.is_none()
                        || o.agency.is_some() && s.agency.is_none()
                        || o.region.is_some() && s.region.is_none())
            })
            .collect();
        if let [j] = fuller[..] {
            let moved = std::mem::take(&mut out[i].1);
            out[j].1.extend(moved);
            out.remove(i);
            continue;
        }
        i += 1;
    }
    let mut statuses: Vec<Status> = out
        .into_iter()
        .map(|(mut s, mut ev)| {
            ev.sort_by_key(|r| (r.start, r.end));
            ev.dedup();
            s.mentions = ev.iter().map(|r| cx.mention(r)).collect();
            s
        })
        .collect();
    statuses.sort_by_key(|s| s.mentions.first().map(|m| m.span));
    statuses
}
