//! Main content of an HTML page, chosen on its DOM outline.
//!
//! The algorithm is Readability's container scoring, widened by a subtree
//! sum, with jusText-style judgement of the blocks inside:
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
//!    three of the close runners-up, takes its place.
//! 4. Readability stops there and loses the half of an article that sits in
//!    a sibling `div` (a recipe's ingredients next to its method). So every
//!    subtree also gets a value, the code points of its prose minus those of
//!    its chrome, link lists and stray short lines, and the winner gives way
//!    to the ancestor with the highest value. A close runner-up whose
//!    widened subtree holds over twice that prose takes its place (a
//!    contact box named `content` against a recipe in a dozen modules).
//!    Siblings scoring a fifth of the winner join it.
//! 5. Inside, blocks under chrome elements (a share bar inside the article)
//!    and blocks mostly made of links (teasers, tag lists) go, and so do
//!    headings left with nothing under them ("Related articles").
//! 6. Prose paragraphs between the title and the main content (the
//!    standfirst in the article's header) come back.
//!
//! When names mislead (a main column called `WidePageBannerPlaceholder`)
//! and fewer than 500 code points survive, the page is judged again with
//! votes from everywhere, chrome names counting only below the winner: the
//! retry Readability makes without its "unlikely candidates" filter.
//!
//! Why container scoring rather than classifying every block on its own
//! (jusText): a page's template is a tree, and a block's neighbours in the
//! tree say more about it than its own length and stop words, which fail on
//! terse prose (lists of facts, tables) and on languages without a stop list.
//! Measured on the 990 pages of the conformance set, see the README.

use super::hints::{boilerplate_word, has_content_word, UNMISTAKABLE_WORDS};
use super::phrases;
use super::{Reason, Verdict};
use crate::knowledge::phrase_table as table;
use crate::page::{visible_chars, DomNode, Page, TextBlock};
use crate::record::BlockKind;

/// Minimum length of a block that votes for its containers or counts as
/// prose in a subtree's value.
const MIN_VOTER_CHARS: u64 = 25;
/// How many ancestor levels a vote reaches.
const VOTE_LEVELS: usize = 5;
/// Share of the winner's score a sibling needs to join it.
const SIBLING_SHARE: f64 = 0.2;
/// Runners-up within this share of the winner count as alternatives.
const ALTERNATIVE_SHARE: f64 = 0.75;
/// Alternatives a common ancestor must hold to replace the winner.
const MIN_ALTERNATIVES: usize = 3;
/// How many blocks above the main content [`Outline::recover_lead`] looks
/// for the title.
const LEAD_REACH: usize = 80;
/// A standfirst is prose: a sentence or two.
const MIN_LEAD_CHARS: u64 = 80;
const MAX_LEAD_LINK_DENSITY: f64 = 0.25;
/// A heading shorter than this is too generic to match the page's title.
const MIN_TITLE_CHARS: u64 = 10;
/// Runners-up that may contest the winner.
const CONTENDERS: usize = 4;
/// How many times the winner's prose a contender must hold, and by how
/// many code points at least.
const CONTEST_FACTOR: f64 = 2.0;
const CONTEST_MARGIN: f64 = 200.0;
/// Link density above which a block is navigation, not prose.
const MAX_LINK_DENSITY: f64 = 0.5;
/// What a short line costs a subtree's value, per code point.
const SHORT_LINE_COST: f64 = 0.25;
/// Below this many kept code points, judge again leniently.
const MIN_ARTICLE_CHARS: u64 = 500;
/// A heading this long is prose, not a section's head.
const PROSE_HEADING_CHARS: u64 = 80;
/// The prose a section needs under its heading.
const SECTION_BODY_CHARS: u64 = 25;

/// Judges each block of an HTML page.
#[cfg(test)]
pub(super) fn judge(page: &Page) -> Vec<Verdict> {
    judge_with_words(page).0
}

/// [`judge`], and every node's own chrome word, which the learned judge's
/// features read too.
pub(super) fn judge_with_words(page: &Page) -> (Vec<Verdict>, Vec<Option<&'static str>>) {
    let outline = Outline::new(page);
    let verdicts = verdicts(page, &outline);
    (verdicts, outline.words)
}

fn verdicts(page: &Page, outline: &Outline<'_>) -> Vec<Verdict> {
    // Only a lenient pass declines to judge; the strict ones always do.
    let keep_all = || vec![Verdict::Keep; page.blocks.len()];
    let strict = outline.judge(false, false, 0).unwrap_or_else(keep_all);
    let kept = kept_chars(page, &strict);
    if kept >= MIN_ARTICLE_CHARS {
        return strict;
    }
    // A main column that is itself a list of links (a link blog, a list
    // of publications) loses everything to the link-density test: its
    // links are its content.
    let links = outline.judge(false, true, 0).unwrap_or_else(keep_all);
    let kept_links = kept_chars(page, &links);
    if kept_links >= MIN_ARTICLE_CHARS {
        return links;
    }
    let (best, kept) = if kept_links > kept {
        (links, kept_links)
    } else {
        (strict, kept)
    };
    match outline.judge(true, false, kept) {
        Some(lenient) if kept_chars(page, &lenient) > kept => lenient,
        _ => best,
    }
}

fn kept_chars(page: &Page, verdicts: &[Verdict]) -> u64 {
    super::kept_chars(&page.blocks, verdicts)
}

/// The nearest chrome element at or above a node, with its word.
type Chrome = Option<(usize, &'static str)>;

/// Per-node totals over a page's DOM outline.
struct Outline<'p> {
    page: &'p Page,
    /// Visible code points in each subtree.
    chars: Vec<u64>,
    /// Of which inside links.
    links: Vec<u64>,
    /// Code points of the largest `main` or `article` at or below each node.
    article: Vec<u64>,
    /// Each node's own chrome word (computed once: every pass reads it).
    words: Vec<Option<&'static str>>,
    /// Visible code points of each block.
    block_chars: Vec<u64>,
}

impl<'p> Outline<'p> {
    fn new(page: &'p Page) -> Self {
        let n = page.dom.len();
        let mut outline = Outline {
            page,
            chars: vec![0; n],
            links: vec![0; n],
            article: vec![0; n],
            words: chrome_words(page),
            block_chars: page.blocks.iter().map(|b| visible_chars(&b.text)).collect(),
        };
        for (b, block) in page.blocks.iter().enumerate() {
            if let Some(i) = outline.node(block) {
                outline.chars[i] += outline.block_chars[b];
                outline.links[i] += u64::from(block.link_chars);
            }
        }
        // Nodes are in pre-order, so a reverse sweep adds every child into
        // its parent after the child is complete.
        for i in (0..n).rev() {
            if is_article(&page.dom[i]) {
                outline.article[i] = outline.article[i].max(outline.chars[i]);
            }
            if let Some(p) = outline.parent(i) {
                outline.chars[p] += outline.chars[i];
                outline.links[p] += outline.links[i];
                outline.article[p] = outline.article[p].max(outline.article[i]);
            }
        }
        outline
    }

    fn len(&self) -> usize {
        self.page.dom.len()
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.page.dom.get(i)?.parent.map(|p| p as usize)
    }

    fn node(&self, block: &TextBlock) -> Option<usize> {
        block.node.map(|i| i as usize).filter(|&i| i < self.len())
    }

    fn density(&self, i: usize) -> f64 {
        ratio(self.links[i], self.chars[i])
    }

    fn is_root(&self, i: usize) -> bool {
        matches!(self.page.dom[i].tag, "body" | "html")
    }

    /// The ancestors of `i`, nearest first, up to but not including `body`.
    fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent(i), move |&a| self.parent(a))
            .take_while(move |&a| !self.is_root(a))
    }

    /// Marks each node with its nearest chrome element. An element holding a
    /// `main` or `article` that carries most of its text is a wrapper with an
    /// unlucky name (`pagebody--with-sidebar`), not chrome; so is any element
    /// in `exempt`.
    fn chrome(&self, exempt: &[bool]) -> Vec<Chrome> {
        let mut chrome: Vec<Chrome> = vec![None; self.len()];
        for i in 0..self.len() {
            let wrapper =
                exempt.get(i).copied().unwrap_or(false) || self.article[i] * 2 > self.chars[i];
            let own = self.words[i].filter(|_| !wrapper);
            chrome[i] = own
                .map(|word| (i, word))
                .or_else(|| self.parent(i).and_then(|p| chrome[p]));
        }
        chrome
    }

    /// One judgement. Strict: chrome neither votes nor stays. Lenient: every
    /// block votes, and chrome names count only below the winner; it
    /// declines (`None`) when its winner is itself named as chrome no main
    /// column is ever named and an earlier pass kept `kept_before` > 0
    /// characters. `links_ok` spares link-dense blocks inside the main
    /// content.
    fn judge(&self, lenient: bool, links_ok: bool, kept_before: u64) -> Option<Vec<Verdict>> {
        let n = self.len();
        let strict_chrome = self.chrome(&[]);
        let no_chrome = vec![None; n];
        let voting_chrome = if lenient { &no_chrome } else { &strict_chrome };
        let scores = self.vote(voting_chrome, !lenient);
        let Some(winner) = self.winner(&scores) else {
            return Some(self.fallback(&strict_chrome));
        };
        // Names that mislead (a main column called `banner`) stop counting
        // in the lenient pass, except the ones no main column carries: a
        // lenient winner so named is no better than what the strict pass
        // found, however short that was.
        if lenient && kept_before > 0 {
            let named = self.words[winner].is_some_and(|w| UNMISTAKABLE_WORDS.contains(&w));
            if named {
                return None;
            }
        }
        let chrome = if lenient {
            let mut exempt = vec![false; n];
            exempt[winner] = true;
            for a in self.ancestors(winner) {
                exempt[a] = true;
            }
            self.chrome(&exempt)
        } else {
            strict_chrome
        };

        // Widen to the ancestor whose subtree holds the most prose.
        let value = self.values(&chrome);
        let widen = |from: usize| {
            let mut top = from;
            for a in self.ancestors(from) {
                if value[a] > value[top] {
                    top = a;
                }
            }
            top
        };
        let mut top = widen(winner);
        if !lenient {
            top = self.contest(&scores, winner, top, &value, &widen);
        }

        let mut included = vec![false; n];
        included[top] = true;
        let threshold = (scores[top].unwrap_or(0.0) * SIBLING_SHARE).max(10.0);
        if let Some(p) = self.parent(top) {
            for i in p + 1..n {
                if self.parent(i) != Some(p) || i == top || chrome[i].is_some() {
                    continue;
                }
                included[i] = scores[i].is_some_and(|s| s >= threshold)
                    || (self.page.dom[i].tag == "p"
                        && self.chars[i] > 80
                        && self.density(i) < 0.25);
            }
        }
        let mut in_main = vec![false; n];
        for i in 0..n {
            in_main[i] = included[i] || self.parent(i).is_some_and(|p| in_main[p]);
        }

        let mut verdicts: Vec<Verdict> = self
            .page
            .blocks
            .iter()
            .map(|block| {
                let Some(i) = self.node(block).filter(|&i| in_main[i]) else {
                    return Verdict::Remove(Reason::OutsideMainContent, None);
                };
                // Chrome around the whole main content says nothing; chrome
                // inside it does.
                if let Some((c, word)) = chrome[i] {
                    if in_main[c] {
                        return Verdict::Remove(Reason::ChromeElement, Some(word));
                    }
                }
                if !links_ok && block_density(block) > MAX_LINK_DENSITY {
                    return Verdict::Remove(Reason::LinkDense, None);
                }
                furniture(block)
            })
            .collect();
        self.recover_lead(&chrome, &mut verdicts);
        super::cut_at_article_end(&self.page.blocks, &mut verdicts);
        super::drop_sign_offs(&self.page.blocks, &mut verdicts);
        drop_empty_sections(self.page, &mut verdicts);
        trim_tail(self.page, &mut verdicts);
        Some(verdicts)
    }

    /// Readability's votes: each paragraph-like block scores its containers.
    fn vote(&self, chrome: &[Chrome], names: bool) -> Vec<Option<f64>> {
        let dom = &self.page.dom;
        let mut scores: Vec<Option<f64>> = vec![None; self.len()];
        for (b, block) in self.page.blocks.iter().enumerate() {
            let Some(i) = self.node(block) else {
                continue;
            };
            let len = self.block_chars[b];
            let votes = matches!(
                block.kind,
                BlockKind::Paragraph
                    | BlockKind::Quote
                    | BlockKind::Preformatted
                    | BlockKind::ListItem
            );
            if !votes || len < MIN_VOTER_CHARS || chrome[i].is_some() {
                continue;
            }
            let commas = block
                .text
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                .count();
            let points = 1.0 + commas as f64 + (len / 100).min(3) as f64;
            let first = if is_paragraph_tag(dom[i].tag) {
                self.parent(i)
            } else {
                Some(i)
            };
            let targets = first
                .into_iter()
                .chain(first.into_iter().flat_map(|f| self.ancestors(f)));
            for (level, c) in targets.take(VOTE_LEVELS).enumerate() {
                if self.is_root(c) {
                    break;
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    _ => level as f64 * 3.0,
                };
                let score = scores[c].get_or_insert_with(|| prior(&dom[c], names));
                *score += points / divider;
            }
        }
        for (i, score) in scores.iter_mut().enumerate() {
            if let Some(s) = score {
                *s *= 1.0 - self.density(i);
            }
        }
        scores
    }

    /// The winning container, after Readability's corrections.
    fn winner(&self, scores: &[Option<f64>]) -> Option<usize> {
        // Highest score; the first one on a tie, so the result never depends
        // on anything but the document.
        let mut ranked: Vec<(usize, f64)> = scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let &(mut top, top_score) = ranked.first()?;

        // Runners-up close to the winner mean the article is split over
        // several containers: take the nearest ancestor holding enough.
        let alternatives: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .filter(|(_, s)| *s >= top_score * ALTERNATIVE_SHARE)
            .map(|&(i, _)| i)
            .collect();
        if alternatives.len() >= MIN_ALTERNATIVES {
            if let Some(a) = self.ancestors(top).find(|&a| {
                let held = alternatives
                    .iter()
                    .filter(|&&alt| self.ancestors(alt).any(|x| x == a))
                    .count();
                held >= MIN_ALTERNATIVES
            }) {
                top = a;
            }
        }

        // A parent that outscores the winner is the better container; stop
        // once the parents fall below a third of the score.
        let mut last = scores[top].unwrap_or(0.0);
        let floor = last / 3.0;
        for a in self.ancestors(top).collect::<Vec<_>>() {
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
        }
        Some(top)
    }

    /// The standfirst between the page's title and its article body often
    /// sits in the article's header, beside the container that won rather
    /// than inside it. The title is the nearest `h1` above the first kept
    /// block, or a heading the page's `<title>` repeats; prose paragraphs
    /// between the two that are neither chrome nor links come back.
    fn recover_lead(&self, chrome: &[Chrome], verdicts: &mut [Verdict]) {
        let blocks = &self.page.blocks;
        let Some(first) = verdicts.iter().position(|v| *v == Verdict::Keep) else {
            return;
        };
        let names_title = |block: &TextBlock| {
            let heading = block.text.trim();
            visible_chars(heading) >= MIN_TITLE_CHARS
                && self
                    .page
                    .title
                    .as_deref()
                    .is_some_and(|t| t.contains(heading))
        };
        let Some(title) = (first.saturating_sub(LEAD_REACH)..first).rev().find(|&b| {
            blocks[b].kind == BlockKind::Heading
                && (blocks[b].level == Some(1) || names_title(&blocks[b]))
        }) else {
            return;
        };
        for b in title + 1..first {
            let block = &blocks[b];
            let Some(i) = self.node(block) else { continue };
            // Only blocks removed for where they sit come back, and they are
            // judged as any kept line is: a disclosure stays gone.
            let placed = matches!(
                verdicts[b],
                Verdict::Remove(Reason::OutsideMainContent | Reason::ChromeElement, _)
            );
            if placed
                && block.kind == BlockKind::Paragraph
                && self.block_chars[b] >= MIN_LEAD_CHARS
                && block_density(block) < MAX_LEAD_LINK_DENSITY
                // German templates call the lead a `teaser`: a chrome word
                // its container may carry.
                && chrome[i]
                    .is_none_or(|(_, word)| table::LEAD_CHROME_WORDS.phrases().contains(&word))
            {
                verdicts[b] = furniture(block);
            }
        }
    }

    /// A runner-up close to the winner whose widened subtree holds far more
    /// prose takes its place: a contact box named `content` that scores
    /// best must not beat a recipe split over a dozen small modules. Only
    /// a winner that is the plain best scorer is contested; one lifted to a
    /// common ancestor of its runners-up already speaks for them.
    fn contest(
        &self,
        scores: &[Option<f64>],
        winner: usize,
        top: usize,
        value: &[f64],
        widen: &dyn Fn(usize) -> usize,
    ) -> usize {
        let Some(best) = scores[winner] else {
            return top;
        };
        if scores.iter().flatten().any(|&s| s > best) {
            return top;
        }
        let mut ranked: Vec<(usize, f64)> = scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .filter(|&(i, s)| i != winner && s >= best * ALTERNATIVE_SHARE)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut chosen = top;
        for &(c, _) in ranked.iter().take(CONTENDERS) {
            let t = widen(c);
            let more = value[t] - value[chosen];
            if value[t] > value[chosen] * CONTEST_FACTOR && more > CONTEST_MARGIN {
                chosen = t;
            }
        }
        chosen
    }

    /// Each subtree's value: the code points of its prose, minus those of
    /// its chrome and link lists, minus a quarter of its short lines.
    fn values(&self, chrome: &[Chrome]) -> Vec<f64> {
        let mut value = vec![0.0f64; self.len()];
        for (b, block) in self.page.blocks.iter().enumerate() {
            let Some(i) = self.node(block) else { continue };
            let len = self.block_chars[b];
            let density = ratio(u64::from(block.link_chars), len);
            value[i] += if chrome[i].is_some() || density > MAX_LINK_DENSITY {
                -(len as f64)
            } else if len >= MIN_VOTER_CHARS {
                len as f64 * (1.0 - density)
            } else {
                -SHORT_LINE_COST * len as f64
            };
        }
        for i in (0..self.len()).rev() {
            if let Some(p) = self.parent(i) {
                value[p] += value[i];
            }
        }
        value
    }

    /// No container scored (a page of short lines): keep what is not chrome
    /// and not a list of links.
    fn fallback(&self, chrome: &[Chrome]) -> Vec<Verdict> {
        self.page
            .blocks
            .iter()
            .map(|block| {
                if let Some((_, word)) = self.node(block).and_then(|i| chrome[i]) {
                    Verdict::Remove(Reason::ChromeElement, Some(word))
                } else if block_density(block) > MAX_LINK_DENSITY {
                    Verdict::Remove(Reason::LinkDense, None)
                } else {
                    Verdict::Keep
                }
            })
            .collect()
    }
}

/// Lines that are furniture whatever their container: the site's notices
/// (disclosures, reading times, paywall and comment prompts), credits and
/// the captions that carry one, a lone "Share" or "Print", datelines.
fn furniture(block: &TextBlock) -> Verdict {
    if let Some(reason) = phrases::site_notice(&block.text) {
        return Verdict::Remove(reason, None);
    }
    if phrases::is_credited_caption(&block.text) {
        return Verdict::Remove(Reason::Credit, None);
    }
    if visible_chars(&block.text) > MAX_FURNITURE_CHARS {
        return Verdict::Keep;
    }
    if let Some(reason) = phrases::widget_line(&block.text) {
        Verdict::Remove(reason, None)
    } else if phrases::is_credit(&block.text) {
        Verdict::Remove(Reason::Credit, None)
    } else if block.kind == BlockKind::Paragraph && phrases::is_dateline(&block.text) {
        // Headings are spared: a chronology's "März 2020" heads a section.
        // The page's dates were read into its metadata before this stage.
        Verdict::Remove(Reason::Dateline, None)
    } else {
        Verdict::Keep
    }
}

/// Longest line [`furniture`] looks at: past this, it is prose.
const MAX_FURNITURE_CHARS: u64 = 120;

/// An article's container often ends with its own small print: "Contact:",
/// "About the author", a date. Short lines that do not end a sentence go
/// from the end of the kept text, up to the first that does.
fn trim_tail(page: &Page, verdicts: &mut [Verdict]) {
    for i in (0..verdicts.len()).rev() {
        if verdicts[i] != Verdict::Keep {
            continue;
        }
        let block = &page.blocks[i];
        let text = block.text.trim_end();
        let ends_sentence = text.ends_with(['.', '!', '?', '…', '"', '”', '»', '“', ')']);
        // Code, list items and table rows are structure, never small print.
        let plain = matches!(block.kind, BlockKind::Paragraph | BlockKind::Caption);
        if !plain || visible_chars(text) >= TAIL_LINE_CHARS || ends_sentence {
            break;
        }
        verdicts[i] = Verdict::Remove(Reason::ShortLine, None);
    }
}

/// Lines shorter than this are candidates for [`trim_tail`].
const TAIL_LINE_CHARS: u64 = 30;

/// A heading heads the text after it; with no prose kept under it (a
/// "Related articles" heading over a list of links that went), it goes too.
fn drop_empty_sections(page: &Page, verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    for (k, &i) in kept.iter().enumerate() {
        let heading = &page.blocks[i];
        // A heading as long as a paragraph is a standfirst styled big, not
        // the head of a section: it stands on its own.
        if heading.kind != BlockKind::Heading || visible_chars(&heading.text) >= PROSE_HEADING_CHARS
        {
            continue;
        }
        // The section runs to the next heading of the same rank or above.
        let level = heading.level.unwrap_or(6);
        let has_body = kept[k + 1..]
            .iter()
            .map(|&j| &page.blocks[j])
            .take_while(|b| b.kind != BlockKind::Heading || b.level.unwrap_or(6) > level)
            .any(|b| b.kind != BlockKind::Heading && visible_chars(&b.text) >= SECTION_BODY_CHARS);
        if !has_body {
            verdicts[i] = Verdict::Remove(Reason::EmptySection, None);
        }
    }
}

/// Every node's own chrome word.
fn chrome_words(page: &Page) -> Vec<Option<&'static str>> {
    page.dom.iter().map(chrome_word).collect()
}

/// The element's own chrome word; `html` and `body` carry page-wide classes
/// (`has-sidebar`) that say nothing about their content.
fn chrome_word(node: &DomNode) -> Option<&'static str> {
    if matches!(node.tag, "html" | "body") {
        return None;
    }
    boilerplate_word(node.tag, &node.names)
}

/// An element that says it is the page's main content or an article.
fn is_article(node: &DomNode) -> bool {
    matches!(node.tag, "main" | "article")
        || node
            .names
            .split(' ')
            .any(|n| n == "main" || n == "articlebody")
}

/// Readability's starting score for a container.
fn prior(node: &DomNode, names: bool) -> f64 {
    let by_tag = match node.tag {
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

fn block_density(block: &TextBlock) -> f64 {
    ratio(u64::from(block.link_chars), visible_chars(&block.text))
}

/// Code points that are not whitespace: what link lengths are counted in.
pub(super) fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(html: &str) -> Vec<String> {
        let page = crate::html::parse(html);
        judge(&page)
            .into_iter()
            .zip(page.blocks)
            .filter(|(v, _)| *v == Verdict::Keep)
            .map(|(_, b)| b.text)
            .collect()
    }

    const PROSE: &str = "Adeno-associated virus vectors carry a working copy of a gene into \
        cells that lack it, and a single dose can last for years in tissues that do not divide.";

    #[test]
    fn a_late_teaser_heading_ends_the_article() {
        let para = "Die Gentherapie ersetzt ein defektes Gen durch eine funktionierende Kopie, die ein Virus in die Zellen bringt. ";
        let html = format!(
            "<html><body><article><h1>Gentherapie</h1>\
             <h2>Weitere Informationen zur Studie</h2><p>{para}{para}</p>\
             <p>{para}{para}</p><p>{para}</p>\
             <h2>Lesen Sie auch</h2><p>Neue Studie zu Hämophilie erschienen</p>\
             <p>Interview mit der Studienleiterin</p></article></body></html>"
        );
        let kept = kept(&html);
        // Early, the same words head a section of the article.
        assert!(kept.iter().any(|t| t.starts_with("Weitere Informationen")));
        assert!(!kept.iter().any(|t| t.starts_with("Lesen Sie auch")));
        assert!(!kept.iter().any(|t| t.starts_with("Interview")));
        assert_eq!(
            kept.iter()
                .filter(|t| t.starts_with("Die Gentherapie"))
                .count(),
            3
        );
    }

    #[test]
    fn the_standfirst_above_the_body_comes_back() {
        let lead =
            "Zolgensma is a one-time infusion for spinal muscular atrophy, and the first data \
            from older children are now in.";
        let got = kept(&format!(
            "<nav><a href='/'>Home</a><a href='/a'>About</a></nav>\
             <div class='page-head'><div class='breadcrumb'><a href='/'>Home</a> › \
             <a href='/news'>News and features from the field</a> › <a href='/gt'>Gene therapy</a></div>\
             <h1>One dose, five years on</h1><div class='intro'><p>{lead}</p></div></div>\
             <div class='article-body'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>\
             <footer><p>{PROSE} Imprint.</p></footer>"
        ));
        assert!(got.iter().any(|t| t.starts_with("Zolgensma is")), "{got:?}");
        assert!(!got.iter().any(|t| t.starts_with("Home")), "{got:?}");
        assert!(!got.iter().any(|t| t.ends_with("Imprint.")), "{got:?}");
    }

    #[test]
    fn a_recipe_in_many_modules_beats_a_contact_box() {
        // The contact box is one container with the best score; the recipe
        // is spread over modules that each score a little less.
        let step = |n: usize| {
            format!(
                "<div class='m056-step-content'><p>Step {n}: mix the flour, the yeast, the \
                 sugar and the milk, knead for five minutes, and let the dough rise, covered, \
                 in a warm place.</p></div>"
            )
        };
        let steps: String = (1..=12).map(step).collect();
        let got = kept(&format!(
            "<div class='page'><div class='recipe'><h1>Bee sting muffins</h1>{steps}</div></div>\
             <div class='flyout'><div class='flyout-content'><h2>Questions?</h2>\
             <p>Our service team answers your questions about products, recipes, \
             ingredients, complaints, guided tours, seminars, and demonstrations.</p>\
             <p>Call us, write to us, or chat with us, Monday to Friday, from nine to \
             twelve, and Monday to Thursday, from one to four.</p>\
             <p>We are also your contact for questions about allergens, nutrition, storage, \
             packaging, recycling, shelf life, and the origin of our raw materials.</p>\
             <p>Letters reach us at our head office; please add your address, a phone \
             number, the product name, the batch code, and the best-before date.</p></div></div>"
        ));
        assert!(got.iter().any(|t| t.starts_with("Step 12")), "{got:?}");
        assert!(!got.iter().any(|t| t.starts_with("Call us")), "{got:?}");
    }

    #[test]
    fn a_long_heading_stands_without_a_section() {
        let standfirst =
            "Researchers report five years of data from children treated with one dose \
            of an AAV9 gene therapy for spinal muscular atrophy";
        let got = kept(&format!(
            "<div class='content'><h1>One dose, five years on</h1><h2>{standfirst}</h2>\
             <h2>Results</h2><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>\
             <h3>Share</h3></div>"
        ));
        assert!(
            got.iter().any(|t| t.starts_with("Researchers report")),
            "{got:?}"
        );
        assert!(!got.iter().any(|t| t == "Share"), "{got:?}");
    }

    #[test]
    fn article_kept_and_chrome_dropped() {
        let got = kept(&format!(
            "<nav><a href='/'>Home</a><a href='/a'>About</a></nav>\
             <div class='content'><h1>AAV</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>\
             <div class='share'>Share on Twitter</div></div>\
             <footer>Imprint and privacy</footer>"
        ));
        assert_eq!(got[0], "AAV");
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn a_main_column_of_links_is_content() {
        let items: String = (0..12)
            .map(|i| format!("<li><a href='/p{i}'>Study {i} reports durable expression after one AAV dose</a></li>"))
            .collect();
        let got = kept(&format!(
            "<div class='menu'><a href='/'>Home</a></div>\
             <div class='content'><h1>Reading list</h1><ul>{items}</ul></div>"
        ));
        assert!(got.iter().any(|t| t.contains("Study 7 reports")), "{got:?}");
        assert!(!got.iter().any(|t| t == "Home"));
    }

    #[test]
    fn a_short_post_is_not_traded_for_a_cookie_notice() {
        let got = kept(
            "<div class='content'><h1>Note</h1><p>Gene therapy news is slow this week, so here is one short note.</p></div>\
             <div class='eu-cookie-law widget'><p>This site uses cookies. By continuing to use the \
             site you agree to their use; see the cookie policy for how to control them and more. \
             We and our partners store and read information on your device, measure audiences \
             and show content; you can withdraw consent at any time in the settings.</p></div>",
        );
        assert!(
            got.iter().any(|t| t.starts_with("Gene therapy news")),
            "{got:?}"
        );
        assert!(!got.iter().any(|t| t.contains("cookies")), "{got:?}");
    }
}
