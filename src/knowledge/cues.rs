//! Context cues: the words around a candidate that confirm or veto it.
//!
//! An extractor never decides from the candidate alone. "approved" preceded
//! by "not" or "expected to be" is no approval; "LNP" next to "election" is
//! a party, not a lipid nanoparticle; "phase 2" next to "project" is no trial
//! phase. The words are data (`cues.tsv`), grouped by kind, so a curator can
//! add the false friend they met without touching a rule.

use super::{list, rows, TableError};
use std::collections::BTreeMap;

pub(super) const CUES_TSV: &str = include_str!("cues.tsv");

/// The kinds of cue, one line of `cues.tsv` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CueKind {
    /// Vector spellings that are also ordinary names (`LNP`, `HSV`).
    Ambiguous,
    /// Refers back to the document's subject ("the therapy", "it").
    Anaphor,
    /// Biology, for ambiguous acronyms.
    BioContext,
    /// Ends a class of products ("products", "therapies").
    ClassHead,
    /// Opens a class of products ("CAR-T", "gene").
    ClassModifier,
    /// Confirms a development code names a product.
    CodeContext,
    /// Prefixes that make a code-shaped token something else (`CD`, `NCT`).
    CodeStop,
    /// Vetoes an ambiguous acronym (politics, football, mathematics).
    Contrary,
    /// Says a document is about gene or cell therapy.
    Domain,
    /// Says a filing was accepted for review ("accepted", "validated").
    FilingAccepted,
    /// The words of filing itself ("submitted", "application"): a hedge
    /// before an approval, part of the statement before a filing.
    FilingWords,
    /// A status sought, expected or conditional.
    Hedge,
    /// After a noun trigger: the procedure, not a decision.
    HedgeAfter,
    /// A status negated.
    Negation,
    /// A committee recommends what follows ("recommended approving"): an
    /// approval after it is an opinion, not a decision.
    Recommendation,
    /// A virus named as a disease ("infection", "outbreak").
    PathogenContext,
    /// Vetoes a trial phase ("project").
    PhaseContrary,
    /// Confirms a trial phase.
    TrialContext,
    /// Says a virus is used as a vector ("vector", "engineered").
    VectorContext,
    /// Vetoes a market withdrawal ("patients withdrew").
    WithdrawalContrary,
}

impl CueKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "ambiguous" => Self::Ambiguous,
            "anaphor" => Self::Anaphor,
            "bio_context" => Self::BioContext,
            "class_head" => Self::ClassHead,
            "class_modifier" => Self::ClassModifier,
            "code_context" => Self::CodeContext,
            "code_stop" => Self::CodeStop,
            "contrary" => Self::Contrary,
            "domain" => Self::Domain,
            "filing_accepted" => Self::FilingAccepted,
            "filing_words" => Self::FilingWords,
            "hedge" => Self::Hedge,
            "hedge_after" => Self::HedgeAfter,
            "negation" => Self::Negation,
            "recommendation" => Self::Recommendation,
            "pathogen_context" => Self::PathogenContext,
            "phase_contrary" => Self::PhaseContrary,
            "trial_context" => Self::TrialContext,
            "vector_context" => Self::VectorContext,
            "withdrawal_contrary" => Self::WithdrawalContrary,
            _ => return None,
        })
    }
}

pub(super) fn parse_cues(
    tsv: &str,
    table: &str,
) -> Result<BTreeMap<CueKind, Vec<String>>, TableError> {
    let mut map = BTreeMap::new();
    for (line, f) in rows(tsv) {
        let err = |reason: String| TableError {
            table: table.to_owned(),
            line,
            reason,
        };
        let [kind, words, _why] = f[..] else {
            return Err(err(format!("{} columns, expected 3", f.len())));
        };
        let kind = CueKind::parse(kind).ok_or_else(|| err(format!("unknown kind {kind:?}")))?;
        if map.insert(kind, list(words)).is_some() {
            return Err(err("kind listed twice".to_owned()));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_is_listed_once_in_order_lower_case_without_duplicates() {
        let map = parse_cues(CUES_TSV, "cues.tsv").expect("cues.tsv parses");
        assert_eq!(map.len(), 20, "one line per CueKind");
        let kinds: Vec<&str> = super::super::rows(CUES_TSV).map(|(_, f)| f[0]).collect();
        assert!(kinds.windows(2).all(|w| w[0] < w[1]), "{kinds:?}");
        for (kind, words) in &map {
            let unique: BTreeSet<&String> = words.iter().collect();
            assert_eq!(unique.len(), words.len(), "{kind:?} has a duplicate");
            for w in words {
                assert_eq!(*w, w.to_lowercase(), "{kind:?}: {w}");
                assert_eq!(w.trim(), w, "{kind:?}: {w:?}");
            }
        }
    }

    #[test]
    fn an_unknown_kind_is_an_error_with_its_line() {
        let e = parse_cues("kind\twords\twhy\nrumour\ta;b\tx\n", "cues.tsv").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
