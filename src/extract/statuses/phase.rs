//! Phases: trial phases read by pattern in every spelling ("Phase 1/2",
//! "phase I/II", "Ph3", "Phase 1b/2", "pivotal trial"), only in a unit about
//! a trial or a product and never after a plain negation.

use super::{Anchor, Reader, Stated};
use crate::knowledge::lexicon::{Hit, Term};
use crate::knowledge::CueKind;
use crate::segment::UnitKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Trial phases: numbers, Roman numerals, letters and combinations.
static PHASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)(?:[Pp]hases?|PHASE|Ph\.?)[\ -]?
          (?P<a>[1-4]|IV|I{1,3}|iv|i{1,3}|one|two|three|four)(?P<as>[abAB])?(?-u:\b)
          (?:\ ?(?:/|-|–|\ to\ |\ and\ )\ ?(?:[Pp]hase\ )?
             (?P<b>[1-4]|IV|I{1,3}|iv|i{1,3})(?P<bs>[abAB])?(?-u:\b))?
        | (?-u:\b)(?P<pivotal>[Pp]ivotal)\ (?:[Pp]hase\ [1-3IV]+\ )?(?:[A-Z][A-Za-z0-9-]+\ ){0,2}(?:trials?|stud(?:y|ies)|data|results)
        | ^(?P<cell>[Pp]ivotal)$",
    )
    .expect("the PHASE pattern compiles (tested)")
});

impl Reader<'_, '_> {
    pub(super) fn phases(&self, out: &mut Vec<Stated>) {
        let re = &*PHASE;
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

#[cfg(test)]
mod tests {

    #[test]
    fn static_patterns_compile() {
        // Forced here so that a bad edit fails the tests, not a document.
        assert!(!super::PHASE.as_str().is_empty());
    }
    use super::super::read_sentence;
    use super::*;

    fn phases(text: &str) -> Vec<Option<String>> {
        read_sentence(text, |r| {
            let mut out = Vec::new();
            r.phases(&mut out);
            out.into_iter().map(|s| s.phase).collect()
        })
    }

    #[test]
    fn every_spelling_of_a_phase_reads_the_same() {
        let want = [Some("1/2".to_owned())];
        assert_eq!(phases("Kymriah entered a Phase I/II trial."), want);
        assert_eq!(phases("Kymriah entered a phase 1-2 trial."), want);
        assert_eq!(phases("Kymriah ran a Ph3 study."), [Some("3".to_owned())]);
    }

    #[test]
    fn a_negated_phase_is_no_phase() {
        assert!(phases("Kymriah is not in a phase 3 trial.").is_empty());
    }

    #[test]
    fn numerals_and_words_read_as_arabic_digits() {
        assert_eq!(arabic("IV"), Some("4"));
        assert_eq!(arabic("two"), Some("2"));
        assert_eq!(arabic("v"), None);
    }
}
