//! Agency, region and year: where a unit or a clause names them. A year
//! counts only after "in", "since", a month (or their French, German,
//! Spanish and Italian words), in brackets, or before 年 (Chinese,
//! Japanese); in a table row a bare year counts.

use super::Reader;
use crate::knowledge::lexicon::{longest, Term};
use crate::knowledge::months;
use crate::segment::UnitKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A year with the word that makes it a date of the statement.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let month = months::alternation(&["de", "en", "es", "fr"], months::Form::ALL, false);
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)(?:in|since|on|by|from|during|until|of|early|late|mid|year|as\ of|im|seit|en|depuis|desde|nel|dal|(?:{month})\.?)(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?[\s-]+|\()(?P<y>19[5-9][0-9]|20[0-4][0-9])(?-u:\b)|(?P<cjk>19[5-9][0-9]|20[0-4][0-9])\s?年"
    ))
    .expect("the YEAR pattern compiles (tested)")
});

/// A year alone, as table cells write it.
static BARE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:19[5-9][0-9]|20[0-4][0-9])(?-u:\b)")
        .expect("the BARE_YEAR pattern compiles (tested)")
});

impl Reader<'_, '_> {
    /// Agencies named in `r`, with where.
    pub(super) fn agency_hits(&self, r: &Range<usize>) -> Vec<(usize, Range<usize>)> {
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
    pub(super) fn region_hits(&self, r: &Range<usize>) -> Vec<(String, Range<usize>)> {
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
    pub(super) fn years(&self, r: &Range<usize>) -> Vec<(u16, Range<usize>)> {
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
            return found(&BARE_YEAR, None);
        }
        let mut years = found(&YEAR, Some("y"));
        years.extend(found(&YEAR, Some("cjk")));
        years.sort_by_key(|(_, r)| r.start);
        years
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn static_patterns_compile() {
        // Forced here so that a bad edit fails the tests, not a document.
        assert!(!super::YEAR.as_str().is_empty());
        assert!(!super::BARE_YEAR.as_str().is_empty());
    }
    use super::super::read_sentence;

    #[test]
    fn a_year_dates_a_statement_only_after_its_word() {
        let text = "Kymriah was approved in 2017 after 1999 results.";
        let got: Vec<u16> = read_sentence(text, |r| {
            r.years(&r.unit.range).into_iter().map(|(y, _)| y).collect()
        });
        assert_eq!(got, [2017]);
    }

    #[test]
    fn an_agency_and_a_region_are_found_where_named() {
        let text = "Kymriah was approved by the FDA in the United States.";
        let (agencies, regions) = read_sentence(text, |r| {
            (
                r.agency_hits(&r.unit.range).len(),
                r.region_hits(&r.unit.range)
                    .into_iter()
                    .map(|(code, _)| code)
                    .collect::<Vec<_>>(),
            )
        });
        assert_eq!(agencies, 1);
        assert_eq!(regions, ["US"]);
    }
}
