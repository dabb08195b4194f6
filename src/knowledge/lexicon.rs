//! The knowledge tables compiled into automata, built once per
//! [`super::Knowledge`].
//!
//! Three Aho-Corasick automata scan the text once each: product surfaces,
//! vector spellings, and everything that gives a statement its context
//! (agencies, regions, status triggers and cue words). Matching is
//! ASCII-case-insensitive; acronyms written in capitals alone (`FDA`, `LNP`,
//! `PRIME`) must match with their case, because their lower-case twins are
//! ordinary words ("prime", "us"). Every hit must sit on word boundaries:
//! `AAV` is not in `AAVS1`, `HSV` is not in `HSV-2`, and `approved` is not
//! in `unapproved`.

use super::base::Tables;
use super::CueKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// Candidate products (indices into `Knowledge::products`); an INN
    /// shared by two brands has two.
    Product(usize),
    /// A vector of `Knowledge::vectors`; `true` when the spelling is
    /// also an ordinary name (`LNP`, `HSV`: the `ambiguous` cues).
    Vector(usize, bool),
    /// An agency of `Knowledge::agencies`.
    Agency(usize),
    /// A region of `Knowledge::regions`.
    Region(usize),
    /// A trigger group of `Knowledge::triggers`.
    Trigger(usize),
    /// A cue word.
    Cue(CueKind),
}

/// A pattern's meaning, and the exact spelling it needs when its case
/// matters.
#[derive(Debug, Clone)]
struct Meaning {
    term: Term,
    exact: Option<String>,
}

/// One automaton and the meanings of its patterns.
#[derive(Debug, Clone)]
struct Automaton {
    ac: AhoCorasick,
    meanings: Vec<Vec<Meaning>>,
}

/// A match on word boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// What it means.
    pub term: Term,
}

/// The compiled knowledge.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Products, vectors, agencies, regions and triggers: one pass.
    names: Automaton,
    /// Cue words, looked up per unit.
    cues: Automaton,
}

/// What one pass of the names automaton found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Known-product hits, longest where they overlap.
    pub products: Vec<Hit>,
    /// Vector hits, longest where they overlap.
    pub vectors: Vec<Hit>,
    /// Agency, region and trigger hits, overlapping ones included.
    pub statements: Vec<Hit>,
}

/// Whether a spelling is matched with its case: capitals only, no digit and
/// no hyphen (`FDA`, `LNP`; not `T-VEC` or `SRP-9001`), or two or more
/// capitalised words (`Sleeping Beauty`, `Health Canada`), which in lower
/// case are ordinary words.
pub fn case_sensitive(s: &str) -> bool {
    let acronym = s.chars().any(char::is_alphabetic)
        && !s
            .chars()
            .any(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-');
    let words: Vec<&str> = s.split_whitespace().collect();
    let titled = words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    acronym || titled
}

/// Spellings of `s` with its separators written the ways text writes them:
/// `T-VEC`, `T VEC`, `TVEC`, and with typographic hyphens.
fn separator_variants(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned()];
    if !s.contains(['-', ' ']) || s.split_whitespace().count() > 2 {
        // INNs and long names are written one way.
        return out;
    }
    for sep in ["-", " ", "", "\u{2010}", "\u{2011}", "\u{2013}"] {
        let v: String = s.split(['-', ' ']).collect::<Vec<_>>().join(sep);
        if v.chars().filter(|c| c.is_alphanumeric()).count() >= 4 && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

impl Automaton {
    /// `entries` are (spelling, meaning, matched with its case).
    fn build(entries: Vec<(String, Term, bool)>) -> Option<Self> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut meanings: Vec<Vec<Meaning>> = Vec::new();
        for (spelling, term, cased) in entries {
            let key = spelling.to_ascii_lowercase();
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                meanings.push(Vec::new());
                patterns.len() - 1
            });
            let exact = cased.then_some(spelling);
            meanings[i].push(Meaning { term, exact });
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()?;
        Some(Automaton { ac, meanings })
    }

    /// Every bounded hit in `text[within]`, overlapping ones included, in
    /// text order.
    fn hits(&self, text: &str, within: Range<usize>) -> Vec<Hit> {
        let mut out = Vec::new();
        let Some(slice) = text.get(within.clone()) else {
            return out;
        };
        for m in self.ac.find_overlapping_iter(slice) {
            let (start, end) = (within.start + m.start(), within.start + m.end());
            let Some(range) = bounded(text, start..end) else {
                continue;
            };
            let m = (start, end, m.pattern());
            let written = &text[m.0..m.1];
            for meaning in &self.meanings[m.2.as_usize()] {
                if meaning.exact.as_deref().is_some_and(|e| e != written) {
                    continue;
                }
                out.push(Hit {
                    range: range.clone(),
                    term: meaning.term,
                });
            }
        }
        out.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        out
    }
}

/// Whether `c` is written without spaces between words: Chinese and
/// Japanese (Han, kana). Such text has no word boundaries to check: 承認
/// stands inside 承認された, and a brand runs on into the next word
/// (ゾルゲンスマの承認, Kymriah获批).
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
    )
}

/// The range of a match if it sits on word boundaries, widened over a
/// plural `s` after a capital acronym (`AAVs`, `TILs`). Where the match or
/// its neighbour is Chinese or Japanese, the script change is the
/// boundary ([`unspaced`]).
fn bounded(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let word = |c: char| (c.is_alphanumeric() && !unspaced(c)) || c == '_';
    let m = &text[r.clone()];
    let (first, last) = (m.chars().next()?, m.chars().next_back()?);
    let before = text[..r.start].chars().next_back();
    if word(first) && before.is_some_and(word) {
        return None;
    }
    let mut after = text[r.end..].chars();
    let (a1, a2) = (after.next(), after.next());
    if !word(last) {
        return Some(r);
    }
    match (a1, a2) {
        (Some('s'), next) if last.is_uppercase() && !next.is_some_and(word) => {
            Some(r.start..r.end + 1)
        }
        (Some(c), _) if word(c) => None,
        // `HSV-2` is not `HSV`; `AAV-mediated` is `AAV`.
        (Some('-'), Some(d)) if d.is_ascii_digit() => None,
        _ => Some(r),
    }
}

/// Keeps the longest of overlapping hits, leftmost first.
pub fn longest(hits: impl IntoIterator<Item = Hit>) -> Vec<Hit> {
    let mut hits: Vec<Hit> = hits.into_iter().collect();
    hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last() {
            Some(prev) if h.range.start < prev.range.end => {
                // Same span, another meaning (a shared INN): keep both.
                if h.range == prev.range {
                    out.push(h);
                }
            }
            _ => out.push(h),
        }
    }
    out
}

impl Lexicon {
    /// Compiles `tables`; `None` if an automaton cannot be built.
    pub(crate) fn build(tables: &Tables) -> Option<Self> {
        let mut products = Vec::new();
        for (i, p) in tables.products.iter().enumerate() {
            for surface in p.surfaces() {
                let cased = case_sensitive(surface);
                for v in separator_variants(surface) {
                    products.push((v, Term::Product(i), cased));
                }
            }
        }
        let mut vectors = Vec::new();
        for (i, v) in tables.vectors.iter().enumerate() {
            for s in &v.variants {
                let cased = case_sensitive(s);
                let ambiguous = tables.cues(CueKind::Ambiguous).contains(&s.to_lowercase());
                vectors.push((s.clone(), Term::Vector(i, ambiguous), cased));
            }
        }
        let spelled = |spellings: &[String], term: Term| -> Vec<(String, Term, bool)> {
            spellings
                .iter()
                .map(|s| (s.clone(), term, case_sensitive(s)))
                .collect()
        };
        let mut statements = Vec::new();
        for (i, a) in tables.agencies.iter().enumerate() {
            statements.extend(spelled(&a.variants, Term::Agency(i)));
        }
        for (i, r) in tables.regions.iter().enumerate() {
            statements.extend(spelled(&r.variants, Term::Region(i)));
        }
        for (i, t) in tables.triggers.iter().enumerate() {
            statements.extend(spelled(&t.phrases, Term::Trigger(i)));
        }
        let mut cues = Vec::new();
        for kind in CONTEXT_CUES {
            cues.extend(spelled(tables.cues(kind), Term::Cue(kind)));
        }
        let mut names = products;
        names.extend(vectors);
        names.extend(statements);
        Some(Lexicon {
            names: Automaton::build(names)?,
            cues: Automaton::build(cues)?,
        })
    }

    /// Products, vectors, agencies, regions and triggers in one pass.
    pub fn scan(&self, text: &str) -> Scan {
        let mut scan = Scan::default();
        let (mut products, mut vectors) = (Vec::new(), Vec::new());
        for hit in self.names.hits(text, 0..text.len()) {
            match hit.term {
                Term::Product(_) => products.push(hit),
                Term::Vector(..) => vectors.push(hit),
                _ => scan.statements.push(hit),
            }
        }
        scan.products = longest(products);
        scan.vectors = longest(vectors);
        scan
    }

    /// Cue hits inside `text[within]`, overlapping (a word can be a cue of
    /// several kinds). Cues are common words, so they are looked up only
    /// where a candidate needs them, never over the whole text.
    pub fn cues(&self, text: &str, within: Range<usize>) -> Vec<Hit> {
        self.cues.hits(text, within)
    }
}

/// The cue kinds found by the cue automaton; negation and hedging are read
/// from the words next to a trigger instead.
const CONTEXT_CUES: [CueKind; 13] = [
    CueKind::Anaphor,
    CueKind::BioContext,
    CueKind::ClassHead,
    CueKind::ClassModifier,
    CueKind::CodeContext,
    CueKind::Contrary,
    CueKind::Domain,
    CueKind::FilingAccepted,
    CueKind::PathogenContext,
    CueKind::PhaseContrary,
    CueKind::TrialContext,
    CueKind::VectorContext,
    CueKind::WithdrawalContrary,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(hits: &[Hit], text: &str) -> Vec<String> {
        hits.iter()
            .map(|h| text[h.range.clone()].to_owned())
            .collect()
    }

    #[test]
    fn words_are_bounded_and_acronyms_keep_their_case() {
        let knowledge = crate::knowledge::Knowledge::embedded();
        let lx = knowledge.lexicon();
        let text = "AAVs and AAV-mediated delivery, not AAVS1 or HSV-2; lnp is not LNP.";
        let got = surfaces(&lx.scan(text).vectors, text);
        assert_eq!(got, ["AAVs", "AAV", "LNP"]);
    }

    #[test]
    fn products_match_across_separators_and_case() {
        let knowledge = crate::knowledge::Knowledge::embedded();
        let lx = knowledge.lexicon();
        let text = "T-VEC, TVEC, t vec and Imlygic; SRP9001 is SRP-9001.";
        let got = surfaces(&lx.scan(text).products, text);
        assert_eq!(
            got,
            ["T-VEC", "TVEC", "t vec", "Imlygic", "SRP9001", "SRP-9001"]
        );
    }

    #[test]
    fn triggers_are_not_found_inside_longer_words() {
        let knowledge = crate::knowledge::Knowledge::embedded();
        let lx = knowledge.lexicon();
        let text = "unapproved, pre-approval, FDA-approved";
        let got: Vec<String> = lx
            .scan(text)
            .statements
            .iter()
            .filter(|h| matches!(h.term, Term::Trigger(_) | Term::Agency(_)))
            .map(|h| text[h.range.clone()].to_owned())
            .collect();
        assert_eq!(got, ["approval", "FDA", "approved"]);
    }

    #[test]
    fn chinese_and_japanese_need_no_spaces() {
        let knowledge = crate::knowledge::Knowledge::embedded();
        let lx = knowledge.lexicon();
        // Made-up sentences: a brand glued to the next word, a trigger
        // inside a longer run of kana.
        let text = "Kymriah获批上市。ゾルゲンスマが承認された。Kymriahs";
        let got = surfaces(&lx.scan(text).products, text);
        assert_eq!(got, ["Kymriah", "ゾルゲンスマ"]);
    }

    #[test]
    fn case_rule() {
        assert!(case_sensitive("FDA") && case_sensitive("U.S.") && case_sensitive("PRIME"));
        assert!(
            case_sensitive("Sleeping Beauty") && !case_sensitive("Food and Drug Administration")
        );
        assert!(
            !case_sensitive("T-VEC") && !case_sensitive("Imlygic") && !case_sensitive("CTX001")
        );
    }
}
