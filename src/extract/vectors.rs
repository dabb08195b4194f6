//! Vectors, at the finest level the text states.
//!
//! Spellings come from `vectors.tsv`; AAV serotypes and pseudotypes are read
//! by pattern (`AAV9`, `rAAV2/8`, `AAVrh74`, "adeno-associated virus
//! serotype 9"), because the serotype space is open (rh, hu, engineered
//! capsids) and a list would always lag. A family-level mention ("AAV")
//! folds into the only finer vector of its family the document states
//! (AAV9), so that a record says AAV9 once rather than AAV and AAV9.
//!
//! Some spellings are ambiguous (`LNP` is also a party, `HSV` a football
//! club, `MVA` a statistical method; the `ambiguous` cues): they count only
//! in a unit with no contrary cue and either a biology cue or a document
//! that is otherwise about gene therapy. A virus named as a disease
//! ("HSV-1 infection", "an adenovirus outbreak") is no vector unless the
//! unit also says it is one.

use super::context::Context;
use crate::knowledge::lexicon::Term;
use crate::knowledge::CueKind;
use crate::record::Vector;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// AAV with a serotype, a pseudotype or a named capsid.
static SEROTYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?:r|sc|ss)?(?:AAV|[Aa]deno-associated\ virus(?:\ vector)?)
        (?:[-\ ]?(?:serotype|type)\ ?|[-\ ]?)
        (?:
            (?P<pa>[0-9]{1,2})/(?P<pb>[0-9]{1,2})
          | (?P<named>rh\.?[0-9]{1,3}|hu\.?[0-9]{1,3}|DJ(?:/8)?|PHP\.eB|PHP\.B|Anc80(?:L65)?|LK03|MyoAAV)
          | (?P<n>[0-9]{1,2})
        )(?-u:\b)",
    )
    .expect("the SEROTYPE pattern compiles (tested)")
});

/// Whether `text` names an AAV serotype (`AAV9`, `AAVrh74`).
pub fn states_serotype(text: &str) -> bool {
    SEROTYPE.is_match(text)
}

/// A vector mention before grouping.
struct Raw {
    range: Range<usize>,
    name: String,
    family: String,
    serotype: Option<String>,
}

/// The vectors of a document, in order of first mention. `about_therapy`
/// says the document names a product, which lets an ambiguous acronym in a
/// bare table cell count.
pub fn find(cx: &Context, about_therapy: bool) -> Vec<Vector> {
    let text = cx.text();
    let table = cx.knowledge.vectors();
    let mut raws: Vec<Raw> = Vec::new();
    {
        let re = &*SEROTYPE;
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let (name, serotype) = if let (Some(a), Some(b)) = (c.name("pa"), c.name("pb")) {
                (
                    format!("AAV{}/{}", a.as_str(), b.as_str()),
                    b.as_str().to_owned(),
                )
            } else if let Some(n) = c.name("named") {
                // Natural isolates are written `AAVrh74`; engineered capsids
                // keep their hyphen and dots (`AAV-PHP.eB`, `AAV-DJ`).
                let s = n.as_str();
                if s.starts_with("rh") || s.starts_with("hu") {
                    let s = s.replace('.', "");
                    (format!("AAV{s}"), s)
                } else {
                    (format!("AAV-{s}"), s.to_owned())
                }
            } else if let Some(n) = c.name("n") {
                let k: u8 = n.as_str().parse().unwrap_or(0);
                if !(1..=13).contains(&k) {
                    continue;
                }
                (format!("AAV{k}"), k.to_string())
            } else {
                continue;
            };
            raws.push(Raw {
                range: m.range(),
                name,
                family: "AAV".to_owned(),
                serotype: Some(serotype),
            });
        }
    }
    let hits = cx.vectors.clone();
    let unambiguous = hits
        .iter()
        .any(|h| matches!(h.term, Term::Vector(_, false)));
    let about = about_therapy || unambiguous || !raws.is_empty();
    // A spelling that overlaps a serotype is the serotype's. The serotypes
    // are found left to right without overlap, so only the last one to
    // start before a hit ends can overlap it: a binary search, not a scan
    // of them all per hit.
    let serotypes: Vec<Range<usize>> = raws.iter().map(|r| r.range.clone()).collect();
    let in_serotype = |r: &Range<usize>| {
        let i = serotypes.partition_point(|s| s.start < r.end);
        i.checked_sub(1)
            .and_then(|i| serotypes.get(i))
            .is_some_and(|s| r.start < s.end)
    };
    // The hits are the longest of overlapping ones (see `longest`), so two
    // overlap only where one span has two meanings: the second gives way
    // to the first that was kept, as to a serotype.
    let mut kept: Option<Range<usize>> = None;
    for h in hits {
        let Term::Vector(i, ambiguous) = h.term else {
            continue;
        };
        if in_serotype(&h.range) || kept.as_ref() == Some(&h.range) {
            continue;
        }
        if ambiguous && !acronym_counts(cx, &h.range, about) {
            continue;
        }
        if named_as_disease(cx, &h.range) {
            continue;
        }
        let v = &table[i];
        kept = Some(h.range.clone());
        raws.push(Raw {
            range: h.range,
            name: v.name.clone(),
            family: v.family.clone(),
            serotype: v.serotype.clone(),
        });
    }
    raws.sort_by_key(|r| (r.range.start, r.range.end));
    group(cx, raws)
}

/// Whether an ambiguous acronym names a vector in its unit.
fn acronym_counts(cx: &Context, r: &Range<usize>, about_therapy: bool) -> bool {
    let Some(unit) = cx.unit_at(r.start) else {
        return false;
    };
    !cx.has_cue(&unit.range, CueKind::Contrary)
        && (about_therapy || cx.has_cue(&unit.range, CueKind::BioContext))
}

/// Whether a virus is named as a disease in its unit ("HSV-1 infection",
/// "an adenovirus outbreak") and nothing there says it is a vector.
fn named_as_disease(cx: &Context, r: &Range<usize>) -> bool {
    let Some(unit) = cx.unit_at(r.start) else {
        return false;
    };
    cx.has_cue(&unit.range, CueKind::PathogenContext)
        && !cx.has_cue(&unit.range, CueKind::VectorContext)
}

/// One vector per name, family-level mentions folded into the only finer
/// vector of their family.
fn group(cx: &Context, raws: Vec<Raw>) -> Vec<Vector> {
    let mut out: Vec<Vector> = Vec::new();
    let mut ranges: Vec<Vec<Range<usize>>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in raws {
        match index.get(&r.name) {
            Some(&i) => ranges[i].push(r.range),
            None => {
                index.insert(r.name.clone(), out.len());
                out.push(Vector {
                    name: r.name,
                    family: r.family,
                    serotype: r.serotype,
                    mentions: Vec::new(),
                });
                ranges.push(vec![r.range]);
            }
        }
    }
    // Fold family-level entries. Names are unique here and a family-level
    // entry is named after its family, so a family has one at most, and
    // whether it folds turns on the family's size alone: counted once, not
    // by comparing every entry with every other (serotypes alone can be
    // thousands).
    let mut families: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, v) in out.iter().enumerate() {
        families.entry(v.family.as_str()).or_default().push(i);
    }
    let mut folded = vec![false; out.len()];
    for (i, v) in out.iter().enumerate() {
        let generic = v.name == v.family && v.serotype.is_none();
        let Some(&[a, b]) = families.get(v.family.as_str()).map(Vec::as_slice) else {
            continue;
        };
        if generic {
            let finer = if a == i { b } else { a };
            let moved = std::mem::take(&mut ranges[i]);
            ranges[finer].extend(moved);
            folded[i] = true;
        }
    }
    let mut out: Vec<Vector> = out
        .into_iter()
        .zip(&folded)
        .filter(|(_, &f)| !f)
        .map(|(v, _)| v)
        .collect();
    let ranges = ranges
        .into_iter()
        .zip(&folded)
        .filter(|(_, &f)| !f)
        .map(|(r, _)| r);
    for (v, mut rs) in out.iter_mut().zip(ranges) {
        rs.sort_by_key(|r| (r.start, r.end));
        v.mentions = rs.iter().map(|r| cx.mention(r)).collect();
    }
    // Order of first mention, after folding.
    out.sort_by_key(|v| v.mentions.first().map(|m| m.span));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        // Static patterns `expect` to compile; forcing each here makes a
        // bad edit fail the tests, not a document.
        assert!(!SEROTYPE.as_str().is_empty());
    }
    use crate::page::TextBlock;
    use crate::record::BlockKind;
    use crate::segment::segment;

    fn vectors(paragraphs: &[&str]) -> Vec<(String, Vec<String>)> {
        let blocks: Vec<TextBlock> = paragraphs
            .iter()
            .map(|p| TextBlock::new(BlockKind::Paragraph, *p))
            .collect();
        let content = crate::content::assemble(&blocks);
        let seg = segment(&content);
        let knowledge = crate::knowledge::Knowledge::embedded();
        let cx = Context::new(&seg, &knowledge);
        find(&cx, false)
            .into_iter()
            .map(|v| (v.name, v.mentions.into_iter().map(|m| m.surface).collect()))
            .collect()
    }

    #[test]
    fn serotypes_and_pseudotypes() {
        let got = vectors(&[
            "rAAV2/8, AAVrh.74, AAV-9 and adeno-associated virus serotype 5; not AAV14.",
        ]);
        let names: Vec<&str> = got.iter().map(|v| v.0.as_str()).collect();
        // AAV14 is no serotype, and not a bare AAV either.
        assert_eq!(names, ["AAV2/8", "AAVrh74", "AAV9", "AAV5"]);
    }

    #[test]
    fn family_mentions_fold_into_the_only_serotype() {
        let got = vectors(&["An AAV vector: the AAV9 capsid crosses the barrier."]);
        assert_eq!(
            got,
            [("AAV9".to_owned(), vec!["AAV".to_owned(), "AAV9".to_owned()])]
        );
    }

    #[test]
    fn ambiguous_acronyms_need_biology_and_no_contrary_cue() {
        assert!(vectors(&["The LNP leader lost the election."]).is_empty());
        assert!(vectors(&["HSV beat Bremen; the striker scored twice."]).is_empty());
        let got = vectors(&["The mRNA is delivered in an LNP to the liver."]);
        assert_eq!(got[0].0, "LNP");
    }
}
