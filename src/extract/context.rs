//! The document as the extractors see it: text, units, and the context hits
//! (agencies, regions, triggers, cues) found in one pass.

use crate::knowledge::lexicon::{Hit, Lexicon, Term};
use crate::knowledge::phrase_table::SCOPE_BREAKS;
use crate::knowledge::{CueKind, Knowledge};
use crate::record::{Mention, Span};
use crate::segment::{Segmented, Unit};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

/// Text, units and context hits of one document.
pub struct Context<'a> {
    /// The segmented content.
    pub seg: &'a Segmented<'a>,
    /// Agency, region and trigger hits, by start.
    pub hits: Vec<Hit>,
    /// Known-product hits.
    pub products: Vec<Hit>,
    /// Vector hits.
    pub vectors: Vec<Hit>,
    /// The knowledge the document is read with.
    pub knowledge: &'a Knowledge,
    lexicon: &'a Lexicon,
    /// The cue kinds of each range asked about (see [`Context::has_cue`]).
    cue_kinds: RefCell<HashMap<Range<usize>, Vec<CueKind>>>,
}

impl<'a> Context<'a> {
    /// Scans `seg` once for names: products, vectors, agencies, regions,
    /// triggers.
    pub fn new(seg: &'a Segmented<'a>, knowledge: &'a Knowledge) -> Self {
        let lexicon = knowledge.lexicon();
        let scan = lexicon.scan(seg.text);
        Context {
            seg,
            hits: scan.statements,
            products: scan.products,
            vectors: scan.vectors,
            knowledge,
            lexicon,
            cue_kinds: RefCell::default(),
        }
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.seg.text
    }

    /// Cue hits inside `r`, looked up now.
    pub fn cues_in(&self, r: &Range<usize>) -> Vec<Hit> {
        self.lexicon.cues(self.seg.text, r.clone())
    }

    /// Agency, region and trigger hits inside `r`.
    pub fn hits_in(&self, r: &Range<usize>) -> impl Iterator<Item = &Hit> + '_ {
        let from = self.hits.partition_point(|h| h.range.start < r.start);
        let end = r.end;
        self.hits[from..]
            .iter()
            .take_while(move |h| h.range.start < end)
            .filter(move |h| h.range.end <= end)
    }

    /// Whether a cue of `kind` is inside `r`.
    ///
    /// The ranges asked about are units and table header cells, each asked
    /// again for every candidate in it (a header cell for every row under
    /// it), so the kinds a range holds are looked up once and remembered:
    /// a long header cell over many rows was read once per row.
    pub fn has_cue(&self, r: &Range<usize>, kind: CueKind) -> bool {
        if let Some(kinds) = self.cue_kinds.borrow().get(r) {
            return kinds.contains(&kind);
        }
        let mut kinds: Vec<CueKind> = Vec::new();
        for h in self.cues_in(r) {
            if let Term::Cue(k) = h.term {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
        }
        let found = kinds.contains(&kind);
        self.cue_kinds.borrow_mut().insert(r.clone(), kinds);
        found
    }

    /// The unit that contains byte `at`.
    pub fn unit_at(&self, at: usize) -> Option<&'a Unit> {
        let units = &self.seg.units;
        let i = units.partition_point(|u| u.range.start <= at);
        let unit = units.get(i.checked_sub(1)?)?;
        (at < unit.range.end).then_some(unit)
    }

    /// A record mention of bytes `r`.
    pub fn mention(&self, r: &Range<usize>) -> Mention {
        let o = &self.seg.offsets;
        Mention {
            span: Span::new(o.char_of(r.start), o.char_of(r.end)),
            surface: self.text()[r.clone()].to_owned(),
        }
    }
}

/// Up to `max` lower-case words right before byte `at`, back to a
/// punctuation mark or `from`: the scope in which a negation or a hedge
/// governs what follows ("has not yet been approved").
pub fn words_before(text: &str, from: usize, at: usize, max: usize) -> Vec<String> {
    // `rsplit` cuts after the whole mark: a dash is three bytes.
    let scope = text[from..at]
        .rsplit(SCOPE_MARKS)
        .next()
        .unwrap_or_default();
    let mut words = split_words(scope);
    // A subordinate or coordinate clause opens a new scope: "it is not
    // surprising that Zolgensma was approved" is an approval.
    if let Some(i) = words
        .iter()
        .rposition(|w| SCOPE_BREAKS.phrases().contains(&w.as_str()))
    {
        words.drain(..=i);
    }
    let skip = words.len().saturating_sub(max);
    words.drain(..skip);
    words
}

/// Punctuation that closes the scope of a negation or a hedge.
const SCOPE_MARKS: [char; 11] = [',', ';', ':', '(', ')', '[', ']', '|', '.', '—', '–'];

/// Up to `max` lower-case words right after byte `at`, up to a punctuation
/// mark or `to`.
pub fn words_after(text: &str, at: usize, to: usize, max: usize) -> Vec<String> {
    let scope = text[at..to].split(SCOPE_MARKS).next().unwrap_or_default();
    let mut words = split_words(scope);
    words.truncate(max);
    words
}

/// Words, lower-case; a hyphen splits (`pre-approval`), an apostrophe
/// does not (`hasn't`), and `n't` stands alone so that a cue list can name
/// it.
fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        let w = w.trim_matches(['\'', '’']).to_lowercase();
        if w.is_empty() {
            continue;
        }
        match w.strip_suffix("n't").or_else(|| w.strip_suffix("n’t")) {
            Some(stem) => {
                out.push(stem.to_owned());
                out.push("n't".to_owned());
            }
            None => out.push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cut_after_a_multibyte_dash() {
        let t = "AUSTIN (KXAN) — Texas voters approved it";
        let at = t.find("approved").unwrap();
        assert_eq!(words_before(t, 0, at, 5), ["texas", "voters"]);
        assert_eq!(words_after(t, 0, t.len(), 5), ["austin"]);
        let dash = t.find('—').unwrap();
        assert_eq!(words_after(t, dash, t.len(), 2), Vec::<String>::new());
    }

    #[test]
    fn windows_stop_at_punctuation() {
        let t = "Luxturna, which is not a cure, was approved";
        let at = t.find("approved").unwrap_or_default();
        assert_eq!(words_before(t, 0, at, 5), ["was"]);
        let t = "It hasn't yet been approved";
        let at = t.find("approved").unwrap_or_default();
        assert_eq!(
            words_before(t, 0, at, 5),
            ["it", "has", "n't", "yet", "been"]
        );
        let t = "It is not surprising that Zolgensma was approved";
        let at = t.find("approved").unwrap_or_default();
        assert_eq!(words_before(t, 0, at, 8), ["zolgensma", "was"]);
        let t = "approval pathway, then";
        assert_eq!(words_after(t, 8, t.len(), 3), ["pathway"]);
    }
}
