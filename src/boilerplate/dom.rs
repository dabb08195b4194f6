//! Main content of an HTML page, chosen on its DOM outline.
//!
//! The algorithm is Readability's container scoring, with jusText's
//! block-level judgement inside the chosen container:
//!
//! 1. Elements whose tag or names mark page chrome (`nav`, `footer`,
//!    `class="sidebar"`... see [`super::hints`]) do not vote.
//! 2. Every paragraph-like block of 25 code points or more gives its
//!    containers a score (1 + commas + one point per 100 code points, at
//!    most 3): all of it to its parent, half to the grandparent, a third of
//!    the level to the ones above, five levels up. A container starts from a
//!    prior set by its tag and names, and its score is scaled down by the
//!    share of its text that sits inside links.
//! 3. The best container wins; a parent that scores better, or that holds
//!    three of the close runners-up, takes its place, and siblings scoring a
//!    fifth of the winner join it. Article text is often split over sibling
//!    `div`s; this is how it is gathered back.
//! 4. Inside the winner, blocks under chrome elements (a share bar inside the
//!    article) and blocks mostly made of links (teasers, tag lists) go.
//!
//! Why container scoring rather than classifying every block on its own
//! (jusText): a page's template is a tree, and a block's neighbours in the
//! tree say more about it than its own length and stop words, which fail on
//! terse prose (lists of facts, tables) and on languages without a stop list.

use super::hints::{boilerplate_word, has_content_word};
use super::{Reason, Verdict};
use crate::page::{DomNode, Page};
use crate::record::BlockKind;

/// Minimum length of a block that votes for its containers.
const MIN_VOTER_CHARS: u32 = 25;
/// How many ancestor levels a vote reaches.
const VOTE_LEVELS: usize = 5;
/// Share of the winner's score a sibling needs to join it.
const SIBLING_SHARE: f64 = 0.2;
/// Runners-up within this share of the winner count as alternatives.
const ALTERNATIVE_SHARE: f64 = 0.75;
/// Alternatives a common ancestor must hold to replace the winner.
const MIN_ALTERNATIVES: usize = 3;
/// Link density above which a block is navigation, not prose.
const MAX_LINK_DENSITY: f64 = 0.5;

/// Below this many kept code points, the names were misleading (a main
/// column called `WidePageBannerPlaceholder`): judge again on tags alone,
/// as Readability retries without its "unlikely candidates" filter.
const MIN_ARTICLE_CHARS: u64 = 500;

/// Judges each block of an HTML page.
pub(super) fn judge(page: &Page) -> Vec<Verdict> {
    let strict = judge_with(page, true);
    let kept = kept_chars(page, &strict);
    if kept >= MIN_ARTICLE_CHARS {
        return strict;
    }
    let lenient = judge_with(page, false);
    if kept_chars(page, &lenient) > kept {
        lenient
    } else {
        strict
    }
}

fn kept_chars(page: &Page, verdicts: &[Verdict]) -> u64 {
    page.blocks
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| **v == Verdict::Keep)
        .map(|(b, _)| visible_chars(&b.text))
        .sum()
}

/// One judgement; `names` says whether `id` and `class` words count.
fn judge_with(page: &Page, names: bool) -> Vec<Verdict> {
    let dom = &page.dom;
    let n = dom.len();
    let parent = |i: usize| dom.get(i).and_then(|d| d.parent).map(|p| p as usize);

    // Subtree text and link totals: nodes are in pre-order, so a reverse
    // sweep adds every child into its parent after the child is complete.
    let mut chars = vec![0u64; n];
    let mut links = vec![0u64; n];
    for block in &page.blocks {
        if let Some(i) = node_of(block.node, n) {
            chars[i] += visible_chars(&block.text);
            links[i] += u64::from(block.link_chars);
        }
    }
    for i in (0..n).rev() {
        if let Some(p) = parent(i) {
            chars[p] += chars[i];
            links[p] += links[i];
        }
    }
    let density = |i: usize| ratio(links[i], chars[i]);

    // The nearest chrome element at or above each node.
    // A "chrome" element holding most of the page is a wrapper with an
    // unlucky name (`page-nav-wrapper`, `offcanvas-menu-push`), not chrome.
    // So is one that holds a `main` or `article` carrying most of its text
    // (`pagebody--with-sidebar`).
    let total = chars.iter().zip(dom).filter(|(_, d)| d.parent.is_none()).map(|(c, _)| *c).sum::<u64>();
    let mut article = vec![0u64; n];
    for i in (0..n).rev() {
        if is_article(&dom[i]) {
            article[i] = article[i].max(chars[i]);
        }
        if let Some(p) = parent(i) {
            article[p] = article[p].max(article[i]);
        }
    }
    let mut chrome: Vec<Option<(usize, &'static str)>> = vec![None; n];
    for i in 0..n {
        let wrapper = chars[i] * 2 > total || article[i] * 2 > chars[i];
        let own = chrome_word(&dom[i], names).filter(|_| !wrapper);
        chrome[i] = own
            .map(|word| (i, word))
            .or_else(|| parent(i).and_then(|p| chrome[p]));
    }

    let scores = vote(page, &chrome, &density, names);
    let top = if std::env::var_os("CISTRON_SUM").is_some() {
        best_subtree(page, &chrome, &parent)
    } else {
        winner(dom, &scores, &parent)
    };
    let Some(top) = top else {
        return fallback(page, &chrome, n);
    };

    if std::env::var_os("CISTRON_DEBUG").is_some() {
        let mut r: Vec<(usize, f64)> = scores.iter().enumerate().filter_map(|(i, s)| s.map(|s| (i, s))).collect();
        r.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (i, s) in r.iter().take(8) {
            eprintln!("cand {i} {s:.1} <{} {}> chars={} ld={:.2} parent={:?}", dom[*i].tag, dom[*i].names, chars[*i], density(*i), dom[*i].parent);
        }
        eprintln!("top {top} <{} {}>", dom[top].tag, dom[top].names);
    }
    // The winner and the siblings that join it.
    let mut included = vec![false; n];
    included[top] = true;
    let threshold = (scores[top].unwrap_or(0.0) * SIBLING_SHARE).max(10.0);
    if let Some(p) = parent(top).filter(|_| std::env::var_os("CISTRON_SUM").is_none()) {
        for i in p + 1..n {
            if parent(i) != Some(p) || i == top || chrome[i].is_some() {
                continue;
            }
            let joins = scores[i].is_some_and(|s| s >= threshold)
                || (dom[i].tag == "p" && chars[i] > 80 && density(i) < 0.25);
            included[i] = joins;
        }
    }
    let mut in_main = vec![false; n];
    for i in 0..n {
        in_main[i] = included[i] || parent(i).is_some_and(|p| in_main[p]);
    }

    let mut verdicts = page
        .blocks
        .iter()
        .map(|block| {
            let Some(i) = node_of(block.node, n) else {
                return Verdict::Remove(Reason::OutsideMainContent, None);
            };
            if !in_main[i] {
                return Verdict::Remove(Reason::OutsideMainContent, None);
            }
            // Chrome around the whole main content (a wrapper named
            // `has-sidebar`) says nothing; chrome inside it does.
            if let Some((c, word)) = chrome[i] {
                if in_main[c] {
                    return Verdict::Remove(Reason::ChromeElement, Some(word));
                }
            }
            if block_density(block) > MAX_LINK_DENSITY {
                return Verdict::Remove(Reason::LinkDense, None);
            }
            Verdict::Keep
        })
        .collect::<Vec<_>>();
    trim_edges(page, &mut verdicts);
    verdicts
}

/// An article's container often ends (and sometimes starts) with its own
/// small print: a photo credit, "Share this:", "Related posts", a byline.
/// Short lines at the edges of the kept text go, up to the first block
/// that reads as prose.
fn trim_edges(page: &Page, verdicts: &mut [Verdict]) {
    let weak = |b: &crate::page::TextBlock| {
        let len = visible_chars(&b.text);
        len < TRIM_CHARS && b.kind != BlockKind::Heading || block_density(b) > 0.2
    };
    let kept: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    let trim = std::env::var("CISTRON_TRIM").unwrap_or_default();
    if trim.contains('t') {
        for &i in kept.iter().rev() {
            if !weak(&page.blocks[i]) {
                break;
            }
            verdicts[i] = Verdict::Remove(Reason::ShortLine, None);
        }
    }
    if trim.contains('h') {
        for &i in kept.iter() {
            if !weak(&page.blocks[i]) || page.blocks[i].kind == BlockKind::Heading {
                break;
            }
            verdicts[i] = Verdict::Remove(Reason::ShortLine, None);
        }
    }
}

const TRIM_CHARS: u64 = 50;

/// Readability's votes: each paragraph-like block scores its containers.
fn vote(
    page: &Page,
    chrome: &[Option<(usize, &'static str)>],
    density: &dyn Fn(usize) -> f64,
    names: bool,
) -> Vec<Option<f64>> {
    let dom = &page.dom;
    let n = dom.len();
    let mut scores: Vec<Option<f64>> = vec![None; n];
    for block in &page.blocks {
        let Some(i) = node_of(block.node, n) else {
            continue;
        };
        let len = block.text.chars().count() as u32;
        let votes = matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Preformatted | BlockKind::ListItem
        );
        if !votes || len < MIN_VOTER_CHARS || chrome[i].is_some() {
            continue;
        }
        let commas = block
            .text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
            .count();
        let points = 1.0 + commas as f64 + f64::from((len / 100).min(3));
        let mut at = if is_paragraph_tag(&dom[i].tag) {
            dom[i].parent.map(|p| p as usize)
        } else {
            Some(i)
        };
        for level in 0..VOTE_LEVELS {
            let Some(c) = at else { break };
            if matches!(dom[c].tag.as_str(), "html") {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            let score = scores[c].get_or_insert_with(|| prior(&dom[c], names));
            *score += points / divider;
            at = dom[c].parent.map(|p| p as usize);
        }
    }
    for (i, score) in scores.iter_mut().enumerate() {
        if let Some(s) = score {
            *s *= 1.0 - density(i);
        }
    }
    scores
}

/// The subtree whose blocks add up to the most prose: prose counts for
/// its length, chrome and link lists against it.
fn best_subtree(
    page: &Page,
    chrome: &[Option<(usize, &'static str)>],
    parent: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let n = page.dom.len();
    let mut value = vec![0.0f64; n];
    for block in &page.blocks {
        let Some(i) = node_of(block.node, n) else { continue };
        let len = visible_chars(&block.text) as f64;
        let ld = block_density(block);
        let env = |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
        let v = if chrome[i].is_some() || ld > MAX_LINK_DENSITY {
            -len * env("CB", 1.0)
        } else if len >= env("CL", 25.0) {
            len * (1.0 - ld)
        } else {
            -env("CS", 0.25) * len
        };
        value[i] += v;
    }
    for i in (0..n).rev() {
        if let Some(p) = parent(i) {
            value[p] += value[i];
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for (i, &v) in value.iter().enumerate() {
        if v > 0.0 && best.is_none_or(|(_, b)| v >= b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// The winning container, after Readability's corrections.
fn winner(
    dom: &[DomNode],
    scores: &[Option<f64>],
    parent: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    // Highest score; the first one on a tie, so the result never depends on
    // anything but the document.
    let mut ranked: Vec<(usize, f64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(mut top, top_score) = ranked.first()?;

    // Runners-up close to the winner mean the article is split over several
    // containers: take the nearest ancestor holding enough of them.
    let alternatives: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s >= top_score * ALTERNATIVE_SHARE)
        .map(|&(i, _)| i)
        .collect();
    if alternatives.len() >= MIN_ALTERNATIVES {
        let mut at = parent(top);
        while let Some(a) = at {
            if dom[a].tag == "body" || dom[a].tag == "html" {
                break;
            }
            let held = alternatives
                .iter()
                .filter(|&&alt| is_ancestor(a, alt, parent))
                .count();
            if held >= MIN_ALTERNATIVES {
                top = a;
                break;
            }
            at = parent(a);
        }
    }

    // A parent that outscores the winner is the better container; stop once
    // the parents fall below a third of the score.
    let mut last = scores[top].unwrap_or(0.0);
    let floor = last / 3.0;
    let mut at = parent(top);
    while let Some(a) = at {
        if dom[a].tag == "body" || dom[a].tag == "html" {
            break;
        }
        if let Some(s) = scores[a] {
            if s < floor {
                break;
            }
            if s > last {
                top = a;
                break;
            }
            last = s;
        }
        at = parent(a);
    }
    Some(top)
}

/// No container scored (a page of short lines): keep what is not chrome and
/// not a list of links.
fn fallback(page: &Page, chrome: &[Option<(usize, &'static str)>], n: usize) -> Vec<Verdict> {
    page.blocks
        .iter()
        .map(|block| {
            if let Some((_, word)) = node_of(block.node, n).and_then(|i| chrome[i]) {
                Verdict::Remove(Reason::ChromeElement, Some(word))
            } else if block_density(block) > MAX_LINK_DENSITY {
                Verdict::Remove(Reason::LinkDense, None)
            } else {
                Verdict::Keep
            }
        })
        .collect()
}

fn node_of(node: Option<u32>, n: usize) -> Option<usize> {
    node.map(|i| i as usize).filter(|&i| i < n)
}

fn is_ancestor(a: usize, mut b: usize, parent: &dyn Fn(usize) -> Option<usize>) -> bool {
    while let Some(p) = parent(b) {
        if p == a {
            return true;
        }
        b = p;
    }
    false
}

/// The element's own chrome word; `html` and `body` carry page-wide classes
/// (`has-sidebar`) that say nothing about their content.
fn chrome_word(node: &DomNode, names: bool) -> Option<&'static str> {
    if matches!(node.tag.as_str(), "html" | "body") {
        return None;
    }
    boilerplate_word(&node.tag, if names { &node.names } else { "" })
}

/// An element that says it is the page's main content or an article.
fn is_article(node: &DomNode) -> bool {
    matches!(node.tag.as_str(), "main" | "article")
        || node.names.split(' ').any(|n| n == "main" || n == "articlebody")
}

/// Readability's starting score for a container.
fn prior(node: &DomNode, names: bool) -> f64 {
    let by_tag = match node.tag.as_str() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let by_names = if !names {
        0.0
    } else if boilerplate_word("div", &node.names).is_some() {
        -25.0
    } else if has_content_word(&node.names) {
        25.0
    } else {
        0.0
    };
    by_tag + by_names
}

fn is_paragraph_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li" | "td" | "th" | "pre" | "blockquote" | "dd" | "dt" | "figcaption" | "caption"
    ) || tag.len() == 2 && tag.starts_with('h')
}

fn block_density(block: &crate::page::TextBlock) -> f64 {
    ratio(u64::from(block.link_chars), visible_chars(&block.text))
}

/// Code points that are not whitespace: what link lengths are counted in.
fn visible_chars(text: &str) -> u64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as u64
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
