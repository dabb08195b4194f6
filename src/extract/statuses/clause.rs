//! Clauses: a sentence is read clause by clause, split at `;` and at the
//! words that open a clause of their own ("but", "while", "when").

use super::Reader;
use crate::segment::UnitKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Clause boundaries inside a sentence.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i);|,?\s(?-u:\b)(?:but|while|whereas|although|though|after|before|when|because)\s+[^0-9\s]|,\s+and\s+[^0-9\s]").expect("the CLAUSE pattern compiles (tested)")
});

impl Reader<'_, '_> {
    /// The clause (or, in a row, the cell) around byte `at`.
    pub(super) fn clause(&self, at: usize) -> Range<usize> {
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
        let re = &*CLAUSE;
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
}

#[cfg(test)]
mod tests {

    #[test]
    fn static_patterns_compile() {
        // Forced here so that a bad edit fails the tests, not a document.
        assert!(!super::CLAUSE.as_str().is_empty());
    }
    use super::super::read_sentence;

    #[test]
    fn a_contrasting_word_opens_a_new_clause() {
        let text = "The drug was approved in one country, while another one refused it.";
        let (first, second) = read_sentence(text, |r| (r.clause(4), r.clause(text.len() - 5)));
        assert_eq!(&text[first], "The drug was approved in one country");
        assert_eq!(&text[second], "while another one refused it.");
    }
}
