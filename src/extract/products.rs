//! Products: known ones from the gazetteer, unknown ones by nomenclature,
//! aliases merged.
//!
//! Known products are every surface of `products.tsv` (brand, INN, codes,
//! aliases), with separators written any way (`T-VEC`, `TVEC`). An INN that
//! two brands share (onasemnogene abeparvovec: Zolgensma and Itvisma) goes
//! to the brand the document names, else to the first one approved.
//!
//! Unknown products are found the way a curator spots them:
//! - an INN of the gene-therapy schemes: a `-gene` word followed by a vector
//!   word (`-vec`, `-parvovec`, `-repvec`, `-plasmid`), or a cell-therapy
//!   word (`-leucel`, `-temcel`), or an oncolytic `-turev`;
//! - a development code (`AMT-130`, `CTX001`, `PF-06939926`: capitals,
//!   optional hyphen, three or more digits) in a sentence about a product,
//!   in a document about gene or cell therapy, and not one of the
//!   identifier, gene or cell-line prefixes of the cue table (`CD123`,
//!   `NCT01234567`, `HEK293`).
//!
//! Two product mentions in apposition, "A (B)" or "A, also known as B", are
//! one product: its aliases merge, an unknown code folds into the known
//! product it explains.

use super::context::Context;
use crate::knowledge::lexicon::Term;
use crate::knowledge::{CueKind, Product};
use crate::record;
use crate::segment::UnitKind;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// How a product was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FoundBy {
    /// A line of `products.tsv`.
    Knowledge,
    /// An INN stem.
    InnStem,
    /// A development code in context.
    DevelopmentCode,
}

impl FoundBy {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FoundBy::Knowledge => "knowledge",
            FoundBy::InnStem => "inn_stem",
            FoundBy::DevelopmentCode => "development_code",
        }
    }
}

/// A product of one document, with its mentions as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Canonical name.
    pub name: String,
    /// INN, when known or stated.
    pub inn: Option<String>,
    /// Development codes.
    pub codes: Vec<String>,
    /// How it was found.
    pub found_by: FoundBy,
    /// Where, in text order.
    pub mentions: Vec<Range<usize>>,
}

impl Found {
    /// The record's product.
    pub fn to_record(&self, cx: &Context) -> record::Product {
        record::Product {
            name: self.name.clone(),
            inn: self.inn.clone(),
            codes: self.codes.clone(),
            found_by: self.found_by.as_str().to_owned(),
            mentions: self.mentions.iter().map(|r| cx.mention(r)).collect(),
        }
    }
}

/// Two-word INNs of the gene-therapy scheme and one-word cell and
/// oncolytic-virus INNs.
static INN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:[a-z]{3,}(?:gene|cabtagene)\s+[a-z]{2,}(?:vec|plasmid|leucel|temcel|cel)|[a-z]{4,}(?:leucel|temcel)|[a-z]{4,}turev)(?-u:\b)",
    )
    .expect("the INN pattern compiles (tested)")
});

/// Development codes: capitals, an optional hyphen, an optional capital,
/// three to eight digits, an optional lower-case suffix.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:([A-Z]{2,6})-?[A-Z]?[0-9]{3,8}[a-z]?|([0-9][A-Z]{1,2})-[0-9]{3})(?-u:\b)",
    )
    .expect("the CODE pattern compiles (tested)")
});

/// What sits between two names in apposition.
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\(|,|;)?\s*(?:also known as|aka|a\.k\.a\.|formerly(?: known as)?|previously|brand name|trade name|marketed as|sold as)?\s*(?:\(|:)?\s*$",
    )
    .expect("the APPOSITION pattern compiles (tested)")
});

/// A mention before merging: where, and which entry.
#[derive(Debug, Clone)]
struct Raw {
    range: Range<usize>,
    key: Key,
}

/// An entry of the document: a known product, or an unknown one by its
/// normalised surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Known(usize),
    Inn(String),
    Code(String),
    /// A brand the tables do not know, named in apposition with an INN
    /// ("Amtagvi (lifileucel)").
    Brand(String),
    /// A short name made from the INN ("Ixo-vec" for ixoberogene
    /// soroparvovec): an alias, not the name.
    Nickname(String),
}

/// The products of a document, in order of first mention.
pub fn find(cx: &Context) -> Vec<Found> {
    let text = cx.text();
    let hits = &cx.products;

    // Shared INNs are resolved by the brands the document names alone.
    // A flag per product of the table, not a list of hits: a shared INN
    // asks whether a product is named, and a list would be scanned once per
    // INN mention.
    let mut named: Vec<bool> = vec![false; cx.knowledge.products().len()];
    for (i, h) in hits.iter().enumerate() {
        let shared = hits.get(i + 1).is_some_and(|n| n.range == h.range)
            || i.checked_sub(1).is_some_and(|p| hits[p].range == h.range);
        if let (Term::Product(p), false) = (h.term, shared) {
            if let Some(flag) = named.get_mut(p) {
                *flag = true;
            }
        }
    }
    let mut raws: Vec<Raw> = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let range = hits[i].range.clone();
        let mut candidates = Vec::new();
        while i < hits.len() && hits[i].range == range {
            if let Term::Product(p) = hits[i].term {
                candidates.push(p);
            }
            i += 1;
        }
        if let Some(p) = pick(cx.knowledge.products(), &candidates, &named) {
            raws.push(Raw {
                range,
                key: Key::Known(p),
            });
        }
    }

    // Every mention claims its bytes: a later finder may not take them.
    // The known products' mentions are the longest hits, one per span, so
    // they claim disjoint ranges to begin with.
    let mut taken = Claimed::default();
    for m in &raws {
        taken.insert(&m.range);
    }
    let mut brands: Vec<(String, bool)> = Vec::new();
    let mut seen_brands: HashSet<String> = HashSet::new();
    {
        let inn = &*INN;
        for m in inn.find_iter(text) {
            let r = m.range();
            if !taken.overlaps(&r) {
                let key = Key::Inn(normalise_inn(m.as_str()));
                taken.insert(&r);
                raws.push(Raw {
                    range: r.clone(),
                    key,
                });
                if let Some(brand) = brand_beside(text, &r) {
                    let inn = normalise_inn(m.as_str());
                    let nickname = nickname_of(&brand, &inn);
                    if seen_brands.insert(brand.clone()) {
                        brands.push((brand, nickname));
                    }
                }
            }
        }
    }
    // A new brand is a name like any other: every mention counts. Brands
    // claim their mentions in the order they were met, each brand's from
    // left to right.
    let spellings: Vec<&str> = brands.iter().map(|(b, _)| b.as_str()).collect();
    for ((brand, nickname), starts) in brands.iter().zip(occurrences(text, &spellings)) {
        for at in starts {
            let r = at..at + brand.len();
            let bounded = !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[r.end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if bounded && !taken.overlaps(&r) {
                let key = if *nickname {
                    Key::Nickname(brand.clone())
                } else {
                    Key::Brand(brand.clone())
                };
                taken.insert(&r);
                raws.push(Raw { range: r, key });
            }
        }
    }
    // Development codes name gene-therapy products only in a document
    // about gene or cell therapy: a known product or an INN stem says so,
    // else a domain word (looked up once, and only when a code is seen).
    let mut about: Option<bool> = (!raws.is_empty()).then_some(true);
    {
        let code = &*CODE;
        for c in code.captures_iter(text) {
            let (Some(m), Some(prefix)) = (c.get(0), c.get(1).or_else(|| c.get(2))) else {
                continue;
            };
            let r = m.range();
            let other = cx
                .unit_at(r.start)
                .is_some_and(|u| taken.any_within(&u.range));
            if taken.overlaps(&r) || !is_code(cx, text, &r, prefix.as_str(), other) {
                continue;
            }
            let headed = under_product_header(cx, &r);
            let about = headed
                || *about.get_or_insert_with(|| {
                    !cx.vectors.is_empty()
                        || super::vectors::states_serotype(text)
                        || cx.has_cue(&(0..text.len()), CueKind::Domain)
                });
            if !about {
                continue;
            }
            taken.insert(&r);
            raws.push(Raw {
                range: r,
                key: Key::Code(normalise_code(m.as_str())),
            });
        }
    }
    raws.sort_by_key(|m| m.range.start);
    merge(cx, raws)
}

/// The byte ranges the mentions found so far hold, by start.
///
/// A finder takes only bytes no earlier mention holds, so the ranges never
/// overlap, and sorted by start they are sorted by end too: whether a range
/// overlaps one, or whether one lies inside a unit, is then a question
/// about a single neighbour, answered in logarithmic time. A list scanned
/// per candidate made a page dense with names quadratic.
#[derive(Debug, Default)]
struct Claimed {
    /// Start to end of each claimed range.
    ends: BTreeMap<usize, usize>,
}

impl Claimed {
    /// Claims `r`, which overlaps no claimed range.
    fn insert(&mut self, r: &Range<usize>) {
        self.ends.insert(r.start, r.end);
    }

    /// Whether `r` overlaps a claimed range. Only the last range to start
    /// before `r` ends can: any earlier one also ends before it.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        self.ends
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| r.start < end)
    }

    /// Whether a claimed range lies inside `outer`. The first range to
    /// start in it ends first.
    fn any_within(&self, outer: &Range<usize>) -> bool {
        self.ends
            .range(outer.start..)
            .next()
            .is_some_and(|(_, &end)| end <= outer.end)
    }
}

/// The start of every occurrence of each of `needles` in `text`, as
/// [`str::match_indices`] gives them (left to right, not overlapping one
/// another), found in one pass over the text rather than one per needle: a
/// page can introduce a new brand per table row.
fn occurrences(text: &str, needles: &[&str]) -> Vec<Vec<usize>> {
    if needles.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::new(needles) else {
        // Too many needles for an automaton: one search each.
        return needles
            .iter()
            .map(|n| text.match_indices(n).map(|(at, _)| at).collect())
            .collect();
    };
    let mut found: Vec<Vec<usize>> = vec![Vec::new(); needles.len()];
    // Overlapping search reports every occurrence of every needle, and one
    // needle's in order; keeping those that start after the last kept one
    // ends is what `match_indices` does.
    for m in ac.find_overlapping_iter(text) {
        let i = m.pattern().as_usize();
        let Some(list) = found.get_mut(i) else {
            continue;
        };
        let len = m.end() - m.start();
        if list.last().is_none_or(|&last| m.start() >= last + len) {
            list.push(m.start());
        }
    }
    found
}

/// A capitalised name right before an INN in brackets, or in brackets
/// right after it: the brand ("Amtagvi (lifileucel)", "lifileucel
/// (Amtagvi)").
fn brand_beside(text: &str, inn: &Range<usize>) -> Option<String> {
    let is_brand = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 4
            && w.chars().all(|c| c.is_alphanumeric() || c == '-')
            && w.chars().skip(1).any(char::is_lowercase)
    };
    let after = text[inn.end..].trim_start();
    if let Some(inside) = after
        .strip_prefix('(')
        .and_then(|a| a.split_once(')'))
        .map(|(w, _)| w.trim())
    {
        if is_brand(inside) {
            return Some(inside.to_owned());
        }
    }
    let before = text[..inn.start].strip_suffix('(')?.trim_end();
    if let Some(word) = before.rsplit(|c: char| c.is_whitespace()).next() {
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let word = word.strip_suffix("'s").unwrap_or(word);
        if is_brand(word) && !before.ends_with("'s") {
            return Some(word.to_owned());
        }
    }
    None
}

/// Whether a name is a short form of an INN: its first part opens the
/// INN ("Ixo-vec", "Pexa-Vec", "tisa-cel").
fn nickname_of(name: &str, inn: &str) -> bool {
    let lower = name.to_lowercase();
    match lower.split_once('-') {
        Some((head, _)) => head.len() >= 2 && inn.starts_with(head),
        None => false,
    }
}

/// The product a gazetteer hit means: the only candidate; else one the
/// document names by another surface; else the first approved.
fn pick(table: &[Product], candidates: &[usize], named: &[bool]) -> Option<usize> {
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    let by_other_name = candidates
        .iter()
        .copied()
        .find(|&c| named.get(c).copied().unwrap_or(false));
    by_other_name.or_else(|| {
        candidates.iter().copied().min_by_key(|&c| {
            (
                table[c]
                    .events
                    .iter()
                    .map(|e| e.year)
                    .min()
                    .unwrap_or(u16::MAX),
                c,
            )
        })
    })
}

/// Whether a code-shaped token is a development code here.
fn is_code(
    cx: &Context,
    text: &str,
    r: &Range<usize>,
    prefix: &str,
    other_product_in_unit: bool,
) -> bool {
    let lower = prefix.to_ascii_lowercase();
    if cx.knowledge.cues(CueKind::CodeStop).contains(&lower) {
        return false;
    }
    // Inside a URL, a DOI or a file name it is not a product.
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    if before.is_some_and(|c| matches!(c, '/' | '.' | ':' | '=' | '_' | '#'))
        || after.is_some_and(|c| matches!(c, '/' | '_' | '='))
    {
        return false;
    }
    // A code that names a trial ("the Phase 3 HGB-210 study" of a product
    // the sentence names) is not a product; "the BBP-812 trial" is the
    // trial of BBP-812.
    // Only the next word's first letters are compared: lowering the rest of
    // the text once per code made a page dense with codes quadratic.
    let next = text[r.end..].trim_start().as_bytes();
    let names_trial = ["study", "studies", "trial", "trials", "cohort"]
        .iter()
        .any(|w| {
            next.get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes()))
        });
    if names_trial && (after_phase(text, r) || other_product_in_unit) {
        return false;
    }
    // In a table row, the first cell is what the row is about.
    cx.unit_at(r.start).is_some_and(|u| {
        (u.kind == UnitKind::Row
            && u.cells
                .first()
                .is_some_and(|c| c.start <= r.start && r.end <= c.end))
            || cx.has_cue(&u.range, CueKind::CodeContext)
            || under_product_header(cx, r)
    })
}

/// Whether a code sits in a table column whose header names products
/// ("Candidate", "Program", "Intervention"): evidence enough without the
/// document naming gene therapy.
fn under_product_header(cx: &Context, r: &Range<usize>) -> bool {
    let Some(unit) = cx.unit_at(r.start) else {
        return false;
    };
    let column = unit
        .cells
        .iter()
        .position(|c| c.start <= r.start && r.end <= c.end);
    column
        .and_then(|i| unit.header.get(i))
        .is_some_and(|head| cx.has_cue(head, CueKind::CodeContext))
}

/// Whether a phase is written right before `r` ("Phase 3 HGB-210").
fn after_phase(text: &str, r: &Range<usize>) -> bool {
    // The last 12 bytes, as bytes: 12 bytes back may fall inside a
    // character ("ééééé xy AMT-130"), and the words sought are ASCII.
    let lead = text[..r.start].trim_end().as_bytes();
    let lead = &lead[lead.len().saturating_sub(12)..];
    // "phase" holds "ph": one test covers "Phase 3" and "Ph3".
    lead.windows(2).any(|w| w.eq_ignore_ascii_case(b"ph"))
}

fn normalise_inn(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn normalise_code(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Merges mentions into products: by entry, then across apposition.
fn merge(cx: &Context, raws: Vec<Raw>) -> Vec<Found> {
    let text = cx.text();
    // Union-find over entries.
    let mut keys: Vec<Key> = raws.iter().map(|m| m.key.clone()).collect();
    keys.sort();
    keys.dedup();
    let id = |k: &Key| keys.binary_search(k).unwrap_or_default();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // Whether each root's set holds a known product, kept up to date as
    // sets join, rather than found by walking every entry per apposition.
    let mut known: Vec<bool> = keys.iter().map(|k| matches!(k, Key::Known(_))).collect();
    {
        let appos = &*APPOSITION;
        for pair in raws.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let gap = &text[a.range.end..b.range.start.max(a.range.end)];
            // A bare comma is a list, not an alias: a bracket or an alias
            // phrase is needed.
            let marked = gap.contains('(') || gap.chars().any(char::is_alphabetic);
            if gap.len() > 40 || !marked || !appos.is_match(gap) {
                continue;
            }
            let (ra, rb) = (root(&mut parent, id(&a.key)), root(&mut parent, id(&b.key)));
            if ra == rb {
                continue;
            }
            // Two known products never merge: they are two products.
            if known[ra] && known[rb] {
                continue;
            }
            parent[rb] = ra;
            known[ra] |= known[rb];
        }
    }

    // Group mentions by root, in order of first mention.
    let mut groups: BTreeMap<usize, Vec<&Raw>> = BTreeMap::new();
    let mut order: Vec<usize> = Vec::new();
    for m in &raws {
        let r = root(&mut parent, id(&m.key));
        if !groups.contains_key(&r) {
            order.push(r);
        }
        groups.entry(r).or_default().push(m);
    }
    let table = cx.knowledge.products();
    order
        .into_iter()
        .filter_map(|r| {
            let members = groups.remove(&r)?;
            let mut mentions: Vec<Range<usize>> = members.iter().map(|m| m.range.clone()).collect();
            mentions.sort_by_key(|m| (m.start, m.end));
            mentions.dedup();
            let known = members.iter().find_map(|m| match m.key {
                Key::Known(p) => Some(p),
                _ => None,
            });
            let inns: Vec<String> = members
                .iter()
                .filter_map(|m| match &m.key {
                    Key::Inn(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            // Codes once each by their normalised form (`SRP-9001` is
            // `SRP9001`), the first spelling kept; a set of the forms seen,
            // because a product can gather thousands of codes.
            let mut codes: Vec<String> = Vec::new();
            let mut seen: HashSet<String> = HashSet::new();
            for m in &members {
                if let Key::Code(normal) = &m.key {
                    if seen.insert(normal.clone()) {
                        codes.push(text[m.range.clone()].to_owned());
                    }
                }
            }
            Some(match known {
                Some(p) => {
                    let p = &table[p];
                    let mut all = p.codes.clone();
                    let listed: HashSet<String> =
                        p.codes.iter().map(|k| normalise_code(k)).collect();
                    for c in codes {
                        if !listed.contains(&normalise_code(&c)) {
                            all.push(c);
                        }
                    }
                    Found {
                        name: p.name.clone(),
                        inn: p.inn.clone().or_else(|| inns.first().cloned()),
                        codes: all,
                        found_by: FoundBy::Knowledge,
                        mentions,
                    }
                }
                None => {
                    let inn = inns.first().cloned();
                    let brand = members.iter().find_map(|m| match &m.key {
                        Key::Brand(b) => Some(b.clone()),
                        _ => None,
                    });
                    Found {
                        name: brand
                            .or_else(|| inn.clone())
                            .or_else(|| codes.first().cloned())?,
                        inn,
                        found_by: if inns.is_empty() {
                            FoundBy::DevelopmentCode
                        } else {
                            FoundBy::InnStem
                        },
                        codes,
                        mentions,
                    }
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        // Static patterns `expect` to compile; forcing each here makes a
        // bad edit fail the tests, not a document.
        for re in [&*INN, &*CODE, &*APPOSITION] {
            assert!(!re.as_str().is_empty());
        }
    }
    use crate::page::TextBlock;
    use crate::record::BlockKind;
    use crate::segment::segment;

    fn products(text: &str) -> Vec<(String, String, Vec<String>)> {
        let content = crate::content::assemble(&[TextBlock::new(BlockKind::Paragraph, text)]);
        let seg = segment(&content);
        let knowledge = crate::knowledge::Knowledge::embedded();
        let cx = Context::new(&seg, &knowledge);
        find(&cx)
            .into_iter()
            .map(|p| {
                let surfaces = p
                    .mentions
                    .iter()
                    .map(|r| text[r.clone()].to_owned())
                    .collect();
                (p.name, p.found_by.as_str().to_owned(), surfaces)
            })
            .collect()
    }

    #[test]
    fn aliases_of_a_known_product_are_one_product() {
        let got = products("T-VEC (Imlygic) and talimogene laherparepvec are the same.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, ["T-VEC", "Imlygic", "talimogene laherparepvec"]);
    }

    #[test]
    fn a_shared_inn_goes_to_the_brand_named_else_the_first_approved() {
        let got = products("Itvisma contains onasemnogene abeparvovec.");
        assert_eq!(
            got.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(),
            ["Itvisma"]
        );
        let got = products("Onasemnogene abeparvovec is given once.");
        assert_eq!(got[0].0, "Zolgensma");
    }

    #[test]
    fn unknown_products_by_inn_stem_and_code_in_context() {
        let got = products(
            "Fordadistrogene movaparvovec (PF-06939926) is an investigational gene therapy.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "fordadistrogene movaparvovec");
        assert_eq!(got[0].1, "inn_stem");
        let got = products("AMT-130 was dosed in the first patients of the gene therapy trial.");
        assert_eq!(got[0].0, "AMT-130");
        assert_eq!(got[0].1, "development_code");
    }

    #[test]
    fn code_shaped_tokens_that_are_not_products() {
        assert!(products("HEK293 cells and CD123 on blasts in NCT01234567 patients.").is_empty());
        assert!(products("The ISO-9001 audit passed.").is_empty());
        assert!(products("Our office is at ABC-123 Main road.").is_empty());
        // A code in a trial of a small molecule is not a gene therapy.
        assert!(products("GSK2586184 was tested in a phase 2 lupus trial.").is_empty());
    }

    #[test]
    fn a_phase_is_looked_for_in_bytes_not_characters() {
        // Twelve bytes before the code fall inside an "é".
        let got = products("The AAV gene therapy ééééé xy AMT-130 trial goes on.");
        assert_eq!(got[0].0, "AMT-130");
        let got = products("The AAV gene therapy in its Phase 3 AMT-130 trial goes on.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn occurrences_are_those_of_match_indices() {
        let text = "Anna-Anna-Anna, Annabel and Anna; anna-Anna";
        let needles = ["Anna-Anna", "Anna", "Annabel", "nna", "absent"];
        let got = occurrences(text, &needles);
        for (needle, starts) in needles.iter().zip(got) {
            let want: Vec<usize> = text.match_indices(needle).map(|(at, _)| at).collect();
            assert_eq!(starts, want, "{needle}");
        }
    }

    #[test]
    fn claimed_ranges_answer_overlap_and_containment() {
        let mut taken = Claimed::default();
        taken.insert(&(10..20));
        taken.insert(&(30..35));
        assert!(taken.overlaps(&(19..25)) && taken.overlaps(&(0..11)) && taken.overlaps(&(12..13)));
        assert!(
            !taken.overlaps(&(20..30)) && !taken.overlaps(&(0..10)) && !taken.overlaps(&(35..40))
        );
        assert!(taken.any_within(&(5..20)) && taken.any_within(&(25..35)));
        assert!(!taken.any_within(&(11..34)) && !taken.any_within(&(36..50)));
    }
}
