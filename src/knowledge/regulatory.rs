//! Regulators, regions and status triggers: the tables a status is read with.
//!
//! `agencies.tsv` names each medicines regulator with its region and
//! spellings, `regions.tsv` the places a decision is said to apply to
//! ("approved in China"), and `statuses.tsv` the phrases that state a
//! decision or a designation, each with its grammatical form (so that the
//! extractor knows where to look for negation and hedging) and the agency it
//! implies (only the FDA grants an RMAT designation).

use super::{list, rows, TableError};

pub(super) const AGENCIES_TSV: &str = include_str!("agencies.tsv");
pub(super) const REGIONS_TSV: &str = include_str!("regions.tsv");
pub(super) const STATUSES_TSV: &str = include_str!("statuses.tsv");

/// A medicines regulator of `agencies.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Canonical short name (`FDA`, `NMPA`).
    pub name: String,
    /// ISO 3166 alpha-2 region, or `EU`.
    pub region: String,
    /// Spellings matched in text.
    pub variants: Vec<String>,
}

/// A region of `regions.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166 alpha-2 code, or `EU`.
    pub code: String,
    /// Spellings matched in text.
    pub variants: Vec<String>,
}

/// How a trigger phrase is used, which decides where negation is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `approved`, `withdrew`: negation and hedging before the phrase.
    Verb,
    /// `approval`: also after the phrase ("approval pathway").
    Noun,
    /// `orphan designation`: a designation, never an approval.
    Designation,
    /// `Biologics License Application`, `MAA`: an application's name, a
    /// filing submitted (or accepted, where the clause says so).
    Filing,
    /// `fast track`, `RMAT`: a designation's short name, a designation only
    /// in a list that ends in "designations" or in a table cell of them.
    Short,
}

/// A group of trigger phrases of `statuses.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The status stated (`approved`, `orphan_designation`...).
    pub status: String,
    /// How the phrases are used.
    pub form: Form,
    /// The phrases.
    pub phrases: Vec<String>,
    /// The agency the status implies when the text names none.
    pub agency: Option<String>,
}

pub(super) fn parse_agencies(tsv: &str, table: &str) -> Result<Vec<Agency>, TableError> {
    rows(tsv)
        .map(|(line, f)| match f[..] {
            [name, region, variants, _source] if !name.is_empty() && !region.is_empty() => {
                Ok(Agency {
                    name: name.to_owned(),
                    region: region.to_owned(),
                    variants: list(variants),
                })
            }
            _ => Err(TableError {
                table: table.to_owned(),
                line,
                reason: format!("{} columns or an empty name, expected 4", f.len()),
            }),
        })
        .collect()
}

pub(super) fn parse_regions(tsv: &str, table: &str) -> Result<Vec<Region>, TableError> {
    rows(tsv)
        .map(|(line, f)| match f[..] {
            [code, variants, _source] if !code.is_empty() => Ok(Region {
                code: code.to_owned(),
                variants: list(variants),
            }),
            _ => Err(TableError {
                table: table.to_owned(),
                line,
                reason: format!("{} columns, expected 3", f.len()),
            }),
        })
        .collect()
}

pub(super) fn parse_triggers(tsv: &str, table: &str) -> Result<Vec<Trigger>, TableError> {
    rows(tsv)
        .map(|(line, f)| {
            let err = |reason: String| TableError {
                table: table.to_owned(),
                line,
                reason,
            };
            let [status, form, phrases, agency, _source] = f[..] else {
                return Err(err(format!("{} columns, expected 5", f.len())));
            };
            let form = match form {
                "verb" => Form::Verb,
                "noun" => Form::Noun,
                "designation" => Form::Designation,
                "short" => Form::Short,
                "filing" => Form::Filing,
                other => return Err(err(format!("unknown form {other:?}"))),
            };
            Ok(Trigger {
                status: status.to_owned(),
                form,
                phrases: list(phrases),
                agency: (!agency.is_empty()).then(|| agency.to_owned()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn tables_parse_sorted_and_unambiguous() {
        let agencies = parse_agencies(AGENCIES_TSV, "agencies.tsv").expect("agencies.tsv parses");
        let regions = parse_regions(REGIONS_TSV, "regions.tsv").expect("regions.tsv parses");
        let triggers = parse_triggers(STATUSES_TSV, "statuses.tsv").expect("statuses.tsv parses");
        assert!(agencies.len() >= 10 && regions.len() >= 10 && triggers.len() >= 15);

        let names: Vec<String> = agencies.iter().map(|a| a.name.to_lowercase()).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        let statuses: Vec<&str> = triggers.iter().map(|t| t.status.as_str()).collect();
        assert!(statuses.windows(2).all(|w| w[0] <= w[1]), "{statuses:?}");

        // One spelling, one meaning, across the three tables.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let spellings = agencies
            .iter()
            .flat_map(|a| {
                a.variants
                    .iter()
                    .map(move |v| (v, format!("agency {}", a.name)))
            })
            .chain(regions.iter().flat_map(|r| {
                r.variants
                    .iter()
                    .map(move |v| (v, format!("region {}", r.code)))
            }))
            .chain(triggers.iter().flat_map(|t| {
                t.phrases
                    .iter()
                    .map(move |p| (p, format!("status {}", t.status)))
            }));
        for (spelling, owner) in spellings {
            assert_eq!(spelling.trim(), spelling, "{owner}");
            if let Some(prev) = seen.insert(spelling.clone(), owner.clone()) {
                panic!("{spelling:?} belongs to {prev} and {owner}");
            }
        }
        let agency_names: Vec<&str> = agencies.iter().map(|a| a.name.as_str()).collect();
        for t in &triggers {
            if let Some(a) = &t.agency {
                assert!(agency_names.contains(&a.as_str()), "{}: {a}", t.status);
            }
        }
        let region_codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        for a in &agencies {
            assert!(region_codes.contains(&a.region.as_str()), "{}", a.name);
        }
    }

    #[test]
    fn bad_lines_are_reported() {
        let e = parse_triggers("h\nx\tadverb\ty\t\ts\n", "statuses.tsv").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("adverb"));
    }
}
