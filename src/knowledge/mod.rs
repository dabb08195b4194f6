//! Knowledge: the curated gene-therapy tables Cistron reads text with.
//!
//! The tables are data, not code, so a curator can extend them without
//! touching a rule: `products.tsv` (approved gene therapies and gene-modified
//! cell therapies, with brand names, INN, development codes, aliases, vector
//! and regulatory events) and `vectors.tsv` (vector families and named
//! vectors with their spelling variants). Both are embedded in the binary
//! and parsed once, on first use.
//!
//! Every line has a source column. Unit tests keep the files sorted, free of
//! duplicates (no name or alias may point at two entries) and normalised
//! (no stray whitespace, the right number of columns, events that parse).

mod base;
mod cues;
pub mod lexicon;
pub mod months;
pub mod phrase_table;
mod regulatory;

pub use base::{Knowledge, KnowledgeError, TABLE_FILES};
pub use cues::CueKind;
pub use regulatory::{Agency, Form, Region, Trigger};

pub(crate) const PRODUCTS_TSV: &str = include_str!("products.tsv");
pub(crate) const VECTORS_TSV: &str = include_str!("vectors.tsv");

/// One regulatory event of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `approved`, `conditional`, `accelerated`, `withdrawn`, `revoked` or
    /// `negative_opinion`.
    pub status: String,
    /// The agency (or the company, for a voluntary withdrawal).
    pub agency: String,
    /// ISO 3166 alpha-2 region, `EU`, or `WW` for worldwide.
    pub region: String,
    /// Year of the event.
    pub year: u16,
}

/// A product of `products.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// The canonical name: the first brand name.
    pub name: String,
    /// International nonproprietary name, when there is one.
    pub inn: Option<String>,
    /// Development codes.
    pub codes: Vec<String>,
    /// Other brand names and short names (`T-VEC`, `Lenmeldy`).
    pub aliases: Vec<String>,
    /// Developer(s).
    pub developer: String,
    /// Modality (`CAR-T`, `gene therapy`, `oncolytic virus`...).
    pub modality: String,
    /// Vector, as a `vectors.tsv` name or a serotype such as `AAV9`.
    pub vector: String,
    /// Indication(s).
    pub indication: String,
    /// Regulatory events, in the order listed.
    pub events: Vec<Event>,
    /// Where the facts come from.
    pub source: String,
}

impl Product {
    /// Every surface the product goes by: name, INN, codes and aliases.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.inn.as_deref())
            .chain(self.codes.iter().map(String::as_str))
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A vector of `vectors.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vector {
    /// Canonical name (`lentivirus`, `Ad5`).
    pub name: String,
    /// Family (`AAV`, `adenovirus`, `non-viral`...).
    pub family: String,
    /// Serotype, for a named serotype.
    pub serotype: Option<String>,
    /// Spellings matched in text.
    pub variants: Vec<String>,
    /// Where the entry comes from.
    pub source: String,
}

/// A line of a table that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("knowledge table {table} line {line}: {reason}")]
pub struct TableError {
    /// The file, e.g. `products.tsv`, or a curator's file by its path.
    pub table: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Data lines with their 1-based line numbers: comments and the header
/// skipped.
fn rows(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn list(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn parse_products(tsv: &str, table: &str) -> Result<Vec<Product>, TableError> {
    let err = |line, reason: String| TableError {
        table: table.to_owned(),
        line,
        reason,
    };
    rows(tsv)
        .map(|(line, f)| {
            let [name, inn, codes, aliases, developer, modality, vector, indication, events, source] =
                f[..]
            else {
                return Err(err(line, format!("{} columns, expected 10", f.len())));
            };
            let events = list(events)
                .iter()
                .map(|e| parse_event(e).ok_or_else(|| err(line, format!("bad event {e:?}"))))
                .collect::<Result<_, _>>()?;
            Ok(Product {
                name: name.to_owned(),
                inn: (!inn.is_empty()).then(|| inn.to_owned()),
                codes: list(codes),
                aliases: list(aliases),
                developer: developer.to_owned(),
                modality: modality.to_owned(),
                vector: vector.to_owned(),
                indication: indication.to_owned(),
                events,
                source: source.to_owned(),
            })
        })
        .collect()
}

fn parse_event(s: &str) -> Option<Event> {
    let mut parts = s.split('/');
    let status = parts.next()?;
    let agency = parts.next()?;
    let region = parts.next()?;
    let year: u16 = parts.next()?.parse().ok()?;
    let known = [
        "approved",
        "conditional",
        "accelerated",
        "withdrawn",
        "revoked",
        "negative_opinion",
    ];
    (parts.next().is_none() && known.contains(&status) && (1990..=2100).contains(&year)).then(
        || Event {
            status: status.to_owned(),
            agency: agency.to_owned(),
            region: region.to_owned(),
            year,
        },
    )
}

pub(crate) fn parse_vectors(tsv: &str, table: &str) -> Result<Vec<Vector>, TableError> {
    rows(tsv)
        .map(|(line, f)| {
            let [name, family, serotype, variants, source] = f[..] else {
                return Err(TableError {
                    table: table.to_owned(),
                    line,
                    reason: format!("{} columns, expected 5", f.len()),
                });
            };
            Ok(Vector {
                name: name.to_owned(),
                family: family.to_owned(),
                serotype: (!serotype.is_empty()).then(|| serotype.to_owned()),
                variants: list(variants),
                source: source.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn normalised(s: &str) -> bool {
        s == s.trim() && !s.contains("  ")
    }

    #[test]
    fn tables_parse_completely() {
        let products = parse_products(PRODUCTS_TSV, "products.tsv").expect("products.tsv parses");
        assert!(products.len() > 40, "{} products", products.len());
        let vectors = parse_vectors(VECTORS_TSV, "vectors.tsv").expect("vectors.tsv parses");
        assert!(vectors.len() >= 10);
        assert_eq!(products, Knowledge::embedded().products());
    }

    #[test]
    fn tables_are_sorted_by_name() {
        let names: Vec<String> = Knowledge::embedded()
            .products()
            .iter()
            .map(|p| p.name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        let names: Vec<String> = Knowledge::embedded()
            .vectors()
            .iter()
            .map(|v| v.name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    }

    #[test]
    fn no_surface_names_two_products() {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for p in Knowledge::embedded().products() {
            for surface in p.surfaces() {
                let key = surface.to_lowercase();
                if let Some(other) = seen.insert(key, &p.name) {
                    // The same INN under two brands is one molecule
                    // (Zolgensma and Itvisma): allowed for INNs only.
                    assert!(
                        p.inn.as_deref() == Some(surface),
                        "{surface:?} names both {other} and {}",
                        p.name
                    );
                }
            }
        }
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for v in Knowledge::embedded().vectors() {
            for s in &v.variants {
                let prev = variants.insert(s.to_lowercase(), &v.name);
                assert!(prev.is_none(), "{s:?} names {prev:?} and {}", v.name);
            }
        }
    }

    #[test]
    fn fields_are_normalised_and_sourced() {
        for p in Knowledge::embedded().products() {
            for s in p
                .surfaces()
                .chain([p.developer.as_str(), p.source.as_str()])
            {
                assert!(normalised(s) && !s.is_empty(), "{}: {s:?}", p.name);
            }
            assert!(!p.source.is_empty() && !p.vector.is_empty(), "{}", p.name);
            assert!(!p.events.is_empty(), "{} has no event", p.name);
        }
        for v in Knowledge::embedded().vectors() {
            assert!(v.variants.iter().all(|s| normalised(s)), "{}", v.name);
            assert!(!v.source.is_empty(), "{}", v.name);
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let tsv = "name\tinn\na\tb\n";
        let e = parse_products(tsv, "products.tsv").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse_event("approved/FDA/US/15").is_none());
        assert!(parse_event("maybe/FDA/US/2015").is_none());
    }
}
