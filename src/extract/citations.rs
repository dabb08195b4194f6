//! Citations: reference entries and identifiers, one citation per work.
//!
//! A block is read as a reference when it sits under a heading that
//! announces references ("References", "Bibliography", "Preferred citation
//! for this article:", "How to cite") or when it is a numbered entry that
//! carries an identifier; it is parsed field by field by
//! [`crate::references`]. Identifiers found anywhere ([`super::identifiers`])
//! join the reference that holds them, and the same work named twice (same
//! DOI or PMID, or same title and year) is one citation with two mentions.

use super::identifiers;
use super::Context;
use crate::record::{BlockKind, Citation};
use crate::references;
use std::ops::Range;

/// Words of a heading or a lead-in line that announce references.
const ANNOUNCERS: &[&str] = &[
    "references",
    "bibliography",
    "literature cited",
    "works cited",
    "sources",
    "notes and references",
    "preferred citation",
    "cite this article",
    "how to cite",
    "citation",
    "références",
    "literatur",
    "referencias",
];

/// The citations of a document, in order of first mention.
pub fn find(cx: &Context) -> Vec<Citation> {
    let blocks = cx.seg.blocks;
    let text = cx.text();
    let o = &cx.seg.offsets;
    let mut out: Vec<Citation> = Vec::new();
    let mut under_heading = false;
    for block in blocks {
        let range = o.byte_of(block.span.start)..o.byte_of(block.span.end);
        let body = &text[range.clone()];
        let lower = body.trim().to_lowercase();
        let announces = lower.len() < 60
            && ANNOUNCERS
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
        add(&mut out, cited(cx, &range, parsed));
    }
    for c in identifiers::citations(cx) {
        add(&mut out, c);
    }
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
pub fn describe_own_article(
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

/// Adds a citation, merged into the one that names the same work.
fn add(out: &mut Vec<Citation>, c: Citation) {
    let same = |o: &Citation| {
        (c.doi.is_some() && o.doi == c.doi)
            || (c.pmid.is_some() && o.pmid == c.pmid)
            || (c.pmcid.is_some() && o.pmcid == c.pmcid)
            || (c.title.is_some()
                && o.year == c.year
                && o.title.as_deref().map(str::to_lowercase)
                    == c.title.as_deref().map(str::to_lowercase))
    };
    // A bare NCT number or ISBN stays its own citation.
    match out.iter_mut().find(|o| same(o)) {
        Some(o) => {
            for m in c.mentions {
                // An identifier inside a reference already mentioned by the
                // reference's span is kept too: it is where the id is.
                if !o.mentions.contains(&m) {
                    o.mentions.push(m);
                }
            }
            o.mentions.sort_by_key(|m| m.span);
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
        }
        None => out.push(c),
    }
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
