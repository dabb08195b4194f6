//! Vetoes: a trigger or a phase that the words around it deny or hedge
//! ("has not been approved", "is expected to be approved", "approval
//! pathway", "patients withdrew").

use super::super::context::{words_after, words_before};
use super::Reader;
use crate::knowledge::lexicon::Hit;
use crate::knowledge::phrase_table::PHASE_NEGATIONS as PLAIN;
use crate::knowledge::{CueKind, Form};
use std::ops::Range;

/// How many words before a trigger a negation governs.
const NEGATION_SCOPE: usize = 8;

/// How many words before a trigger a hedge governs.
const HEDGE_SCOPE: usize = 5;

impl Reader<'_, '_> {
    /// Plain negation right before a phase ("not in a phase 3 trial"); a
    /// trial that "failed" still ran.
    pub(super) fn negated(&self, hit: &Hit, clause: &Range<usize>) -> bool {
        words_before(self.text(), clause.start, hit.range.start, NEGATION_SCOPE)
            .iter()
            .any(|w| PLAIN.phrases().contains(&w.as_str()))
    }

    pub(super) fn vetoed(
        &self,
        hit: &Hit,
        form: Form,
        clause: &Range<usize>,
        status: &str,
    ) -> bool {
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
        // Before a filing, the words of filing are the statement itself
        // ("submitted a Biologics License Application"), not a hedge.
        let filing = self.cx.knowledge.cues(CueKind::FilingWords);
        let hedges =
            |w: &String| hedge.contains(w) && !(form == Form::Filing && filing.contains(w));
        if before.iter().enumerate().any(|(i, w)| negates(i, w)) || near.iter().any(hedges) {
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
        if !matches!(form, Form::Verb | Form::Filing) {
            let after = words_after(text, hit.range.end, clause.end, 2);
            let hedge_after = self.cx.knowledge.cues(CueKind::HedgeAfter);
            if after.first().is_some_and(|w| hedge_after.contains(w))
                || hedge_after.contains(&after.join(" "))
            {
                return true;
            }
        }
        if !matches!(status, "withdrawn" | "discontinued" | "refused") {
            return false;
        }
        // "patients withdrew from the study": who withdrew, and from what.
        let contrary = self.cx.knowledge.cues(CueKind::WithdrawalContrary);
        let after = words_after(text, hit.range.end, clause.end, 4);
        before.iter().chain(&after).any(|w| contrary.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::super::read_sentence;

    /// Whether the first trigger of `text` is vetoed.
    fn vetoed(text: &str) -> bool {
        read_sentence(text, |r| {
            let (hit, trigger) = r.triggers().into_iter().next().expect("a trigger");
            let clause = r.clause(hit.range.start);
            r.vetoed(&hit, trigger.form, &clause, &trigger.status)
        })
    }

    #[test]
    fn a_negation_or_a_hedge_vetoes_a_trigger() {
        assert!(!vetoed("Kymriah was approved by the regulator."));
        assert!(vetoed("Kymriah has not been approved by the regulator."));
        assert!(vetoed("Kymriah is expected to be approved next year."));
    }

    #[test]
    fn patients_who_withdrew_withdraw_no_product() {
        assert!(vetoed("Two patients withdrew from the study."));
    }
}
