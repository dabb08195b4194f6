//! Citations: reference entries and identifiers, one citation per work.
//!
//! A block is read as a reference when it sits under a heading that
//! announces references ("References", "Bibliography", "Preferred citation
//! for this article:", "How to cite") or when it is a numbered entry that
//! carries an identifier; it is parsed field by field by
//! [`crate::references`]. Identifiers found anywhere ([`super::identifiers`])
//! join the reference that holds them, and the same work named twice (same
//! DOI or PMID, or same title and year) is one citation with two mentions.

use super::Context;
use crate::identifiers;
use crate::knowledge::phrase_table::REFERENCE_ANNOUNCERS as ANNOUNCERS;
use crate::record::{BlockKind, Citation, Mention};
use crate::references;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// The citations of a document, in order of first mention.
pub fn find(cx: &Context) -> Vec<Citation> {
    let blocks = cx.seg.blocks;
    let text = cx.text();
    let o = &cx.seg.offsets;
    let mut out = Works::default();
    let mut under_heading = false;
    for block in blocks {
        let range = o.byte_of(block.span.start)..o.byte_of(block.span.end);
        let body = &text[range.clone()];
        let lower = body.trim().to_lowercase();
        let announces = lower.len() < 60
            && ANNOUNCERS
                .phrases()
                .iter()
                .any(|a| lower.trim_end_matches([':', '.']).ends_with(a) || lower.starts_with(a));
        if block.kind == BlockKind::Heading || announces {
            under_heading = announces;
            continue;
        }
        if !(30..=1500).contains(&body.len()) {
            continue;
        }
        // Outside a references section only a numbered entry with an
        // identifier is a reference; identifiers are looked for only then.
        let numbered = body
            .trim_start()
            .starts_with(|c: char| c == '[' || c.is_ascii_digit());
        if !(under_heading || (numbered && !identifiers::find(body).is_empty())) {
            continue;
        }
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            continue;
        }
        let parsed = references::parse(body.trim_start_matches(['-', '•', ' ']));
        // A reference has names and a year, and a title or a container.
        if parsed.authors.is_empty()
            || parsed.year.is_none()
            || (parsed.title.is_none() && parsed.container.is_none())
        {
            continue;
        }
        out.add(cited(cx, &range, parsed));
    }
    for c in identifier_citations(cx) {
        out.add(c);
    }
    let mut out = out.finish();
    out.sort_by_key(|c| c.mentions.first().map(|m| m.span));
    out
}

/// A parsed reference as a citation mentioned at `range`.
fn cited(cx: &Context, range: &Range<usize>, r: references::Reference) -> Citation {
    let ids = identifiers::find(&cx.text()[range.clone()]);
    let id = |kind| ids.iter().find(|i| i.kind == kind).map(|i| i.value.clone());
    Citation {
        doi: r.doi.or_else(|| id(identifiers::Kind::Doi)),
        pmid: id(identifiers::Kind::Pmid),
        pmcid: id(identifiers::Kind::Pmcid),
        nct: None,
        isbn: id(identifiers::Kind::Isbn),
        arxiv: id(identifiers::Kind::Arxiv),
        authors: r.authors,
        year: r.year.filter(plausible_year),
        title: r.title,
        container: r.container,
        volume: r.volume,
        issue: r.issue,
        pages: r.pages,
        article: None,
        mentions: vec![cx.mention(range)],
    }
}

/// The page's own article, for a journal landing page: the citation named
/// by a "Preferred citation" line, else the one whose identifier the page's
/// head shows, when the page has an article's dates. It gets the page's
/// affiliations, dates, licence and keywords.
pub(super) fn describe_own_article(
    citations: &mut Vec<Citation>,
    metadata: &crate::record::Metadata,
    work: &references::Reference,
    head_end: usize,
) {
    // A page that declares its work (`citation_*` tags) is that work's
    // landing page: the declared fields join the citation with its DOI or
    // title, or make one of their own.
    let declared = work.doi.is_some() || (work.title.is_some() && !work.authors.is_empty());
    let is_work = |c: &Citation| {
        (work.doi.is_some() && c.doi == work.doi)
            || (work.title.is_some()
                && c.title.as_deref().map(str::to_lowercase)
                    == work.title.as_deref().map(str::to_lowercase))
    };
    if declared {
        let from_tags = Citation {
            doi: work.doi.clone(),
            pmid: None,
            pmcid: None,
            nct: None,
            isbn: None,
            arxiv: None,
            authors: work.authors.clone(),
            year: work.year.filter(plausible_year),
            title: work.title.clone(),
            container: work.container.clone(),
            volume: work.volume.clone(),
            issue: work.issue.clone(),
            pages: work.pages.clone(),
            article: None,
            mentions: Vec::new(),
        };
        match citations.iter_mut().find(|c| is_work(c)) {
            // The tags are the publisher's own record: they win.
            Some(c) => {
                let mentions = std::mem::take(&mut c.mentions);
                let (pmid, pmcid) = (c.pmid.take(), c.pmcid.take());
                *c = Citation {
                    mentions,
                    pmid,
                    pmcid,
                    ..from_tags
                };
            }
            None => citations.insert(0, from_tags),
        }
    }
    let dated = metadata.received.is_some() || metadata.accepted.is_some();
    if !dated && !declared {
        return;
    }
    let own = citations.iter_mut().find(|c| {
        (declared && is_work(c))
            || (c.doi.is_some() && c.mentions.iter().any(|m| m.span.start < head_end))
    });
    if let Some(c) = own {
        c.article = Some(crate::record::Article {
            affiliations: metadata.affiliations.clone(),
            received: metadata.received.clone(),
            accepted: metadata.accepted.clone(),
            published: metadata.published.clone(),
            license: metadata.license.clone(),
            keywords: metadata.keywords.clone(),
        });
    }
}

/// The citations of a document as they are gathered, each work once, with
/// an index by every field that names a work.
///
/// A citation merges into the first one that names the same work (same
/// DOI, PMID or PMCID, or same title and year). Searching the list for it
/// made a page of thousands of trial numbers quadratic; the indexes answer
/// in constant time. A field is only ever filled, never changed, so an
/// index keeps the first citation to hold each value; a title and year
/// pair can change as either is filled, so that index keeps every holder.
#[derive(Default)]
struct Works {
    out: Vec<Citation>,
    /// Whether each citation took another's mentions: its mentions are
    /// then sorted and rid of repeats once, when gathering ends.
    merged: Vec<bool>,
    doi: HashMap<String, usize>,
    pmid: HashMap<String, usize>,
    pmcid: HashMap<String, usize>,
    titled: HashMap<(String, Option<u16>), BTreeSet<usize>>,
}

/// The key of the title index: the title in lower case, and the year.
fn titled(c: &Citation) -> Option<(String, Option<u16>)> {
    Some((c.title.as_deref()?.to_lowercase(), c.year))
}

/// Records that citation `i` holds `value`, unless an earlier one does.
fn index(map: &mut HashMap<String, usize>, value: &Option<String>, i: usize) {
    if let Some(v) = value {
        let first = map.entry(v.clone()).or_insert(i);
        *first = (*first).min(i);
    }
}

impl Works {
    /// Adds a citation, merged into the first one that names the same work.
    fn add(&mut self, c: Citation) {
        let first = |map: &HashMap<String, usize>, value: &Option<String>| {
            value.as_ref().and_then(|v| map.get(v)).copied()
        };
        let by_title = titled(&c)
            .and_then(|key| self.titled.get(&key))
            .and_then(|holders| holders.first().copied());
        // A bare NCT number or ISBN stays its own citation.
        let same = [
            first(&self.doi, &c.doi),
            first(&self.pmid, &c.pmid),
            first(&self.pmcid, &c.pmcid),
            by_title,
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(i) = same.filter(|&i| i < self.out.len()) else {
            self.out.push(c);
            self.merged.push(false);
            self.index(self.out.len() - 1, None);
            return;
        };
        let was = titled(&self.out[i]);
        let o = &mut self.out[i];
        // An identifier inside a reference already mentioned by the
        // reference's span is kept too: it is where the id is. Repeats go
        // when gathering ends.
        o.mentions.extend(c.mentions);
        fill(&mut o.doi, c.doi);
        fill(&mut o.pmid, c.pmid);
        fill(&mut o.pmcid, c.pmcid);
        fill(&mut o.nct, c.nct);
        fill(&mut o.isbn, c.isbn);
        fill(&mut o.arxiv, c.arxiv);
        if o.authors.is_empty() {
            o.authors = c.authors;
        }
        fill(&mut o.year, c.year);
        fill(&mut o.title, c.title);
        fill(&mut o.container, c.container);
        fill(&mut o.volume, c.volume);
        fill(&mut o.issue, c.issue);
        fill(&mut o.pages, c.pages);
        self.merged[i] = true;
        self.index(i, was);
    }

    /// Indexes citation `i` (pushed, or just filled) by the fields that
    /// name its work; `was` is its title key before it was filled.
    fn index(&mut self, i: usize, was: Option<(String, Option<u16>)>) {
        let Some(c) = self.out.get(i) else {
            return;
        };
        index(&mut self.doi, &c.doi, i);
        index(&mut self.pmid, &c.pmid, i);
        index(&mut self.pmcid, &c.pmcid, i);
        let now = titled(c);
        if now != was {
            if let Some(holders) = was.and_then(|k| self.titled.get_mut(&k)) {
                holders.remove(&i);
            }
            if let Some(key) = now {
                self.titled.entry(key).or_default().insert(i);
            }
        }
    }

    /// The citations, the mentions of those that merged others in text
    /// order and each once.
    fn finish(self) -> Vec<Citation> {
        let mut out = self.out;
        for (c, merged) in out.iter_mut().zip(self.merged) {
            if merged {
                settle(&mut c.mentions);
            }
        }
        out
    }
}

/// Sorts mentions by span (stably: of one span, the first added first) and
/// keeps the first of each repeat, as merging one by one would have (a
/// citation's own mentions are all different places, so the only repeats
/// are those another citation brought).
fn settle(mentions: &mut Vec<Mention>) {
    mentions.sort_by_key(|m| m.span);
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len());
    // Only mentions of one span can be equal: a repeat is looked for among
    // those, not among all kept.
    let mut run = 0;
    for m in mentions.drain(..) {
        if kept.last().map(|k| k.span) != Some(m.span) {
            run = kept.len();
        }
        if !kept[run..].contains(&m) {
            kept.push(m);
        }
    }
    *mentions = kept;
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// A publication year the record can carry: the schema's range, which a
/// date typed wrong (`4046/04/05`) must not leave.
fn plausible_year(year: &u16) -> bool {
    (1000..=2100).contains(year)
}

/// The citations a document's identifiers make: one per distinct
/// identifier, with every place it is written.
fn identifier_citations(cx: &super::Context) -> Vec<crate::record::Citation> {
    let mut out: Vec<crate::record::Citation> = Vec::new();
    // Where each identifier's citation is: a page can list thousands of
    // trials, and a scan of the citations per identifier is quadratic.
    let mut index: HashMap<(identifiers::Kind, String), usize> = HashMap::new();
    for id in identifiers::find(cx.text()) {
        let mention = cx.mention(&id.range);
        let slot = match index.entry((id.kind, id.value)) {
            Entry::Occupied(at) => {
                if let Some(c) = out.get_mut(*at.get()) {
                    c.mentions.push(mention);
                }
                continue;
            }
            Entry::Vacant(slot) => slot,
        };
        let mut c = crate::record::Citation {
            doi: None,
            pmid: None,
            pmcid: None,
            nct: None,
            isbn: None,
            arxiv: None,
            authors: Vec::new(),
            year: None,
            title: None,
            container: None,
            volume: None,
            issue: None,
            pages: None,
            article: None,
            mentions: vec![mention],
        };
        let (kind, value) = slot.key();
        let v = Some(value.clone());
        match kind {
            identifiers::Kind::Doi => c.doi = v,
            identifiers::Kind::Pmid => c.pmid = v,
            identifiers::Kind::Pmcid => c.pmcid = v,
            identifiers::Kind::Nct => c.nct = v,
            identifiers::Kind::Isbn => c.isbn = v,
            identifiers::Kind::Arxiv => c.arxiv = v,
        }
        slot.insert(out.len());
        out.push(c);
    }
    out
}
