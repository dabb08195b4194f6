//! The numbers the learned judge reads about each block.
//!
//! Every block of a [`Page`] becomes one fixed-length row of `f64`s: what
//! the block shows on its own (length, punctuation, link share, phrase-table
//! hits), where it sits in the DOM (chrome and content names above it, the
//! text and link share of its containers, how many siblings it has), what
//! the rule judges said of it, what the page as a whole looks like (page-
//! type signals: how list-like, link-heavy and long it is), and the same
//! few numbers for its neighbours, because a block's neighbours say as much
//! about it as its own text (jusText's context revision).
//!
//! Rows are computed here and nowhere else: `cistron features` writes them
//! for the training script (`train/boilerplate.py`) and the judge feeds
//! them to the embedded model, so training and use cannot drift apart.
//! [`NAMES`] lists the columns; the model file names the ones it was
//! trained on and loading checks they match.

use super::dom::ratio;
use super::hints::has_content_word;
use super::{phrases, Reason, Verdict};
use crate::page::{DomNode, Page, TextBlock};
use crate::record::BlockKind;
use std::collections::HashMap;

/// Tags whose presence above a block is a feature of its own.
const ANCESTOR_TAGS: [&str; 12] = [
    "nav",
    "header",
    "footer",
    "aside",
    "article",
    "main",
    "form",
    "li",
    "table",
    "section",
    "blockquote",
    "figure",
];

/// Neighbour offsets whose summary joins each row.
const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// How far the smoothed context reaches on each side.
const WINDOW: usize = 5;

/// Buckets the words of `id` and `class` names are hashed into: the model
/// learns which template words matter from data, beyond the curated
/// chrome and content tables.
const NAME_BUCKETS: usize = 32;
// The buckets of an element are kept as the bits of a `u32`.
const _: () = assert!(NAME_BUCKETS <= 32);

/// How many levels of elements (the block's own, then its ancestors)
/// give their names and their repetition among siblings.
const NAME_LEVELS: usize = 4;

/// The column names, in row order.
pub static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(names);

fn names() -> Vec<String> {
    let mut n: Vec<String> = [
        "kind_heading",
        "kind_paragraph",
        "kind_list_item",
        "kind_table_row",
        "kind_preformatted",
        "kind_quote",
        "kind_caption",
        "heading_level",
        "log_chars",
        "log_words",
        "link_density",
        "ends_sentence",
        "commas_per_100",
        "stops_per_100",
        "digit_share",
        "upper_share",
        "starts_upper",
        "mean_word_len",
        "has_copyright",
        "pipe_count",
        "cells",
        "header_row",
        "widget_line",
        "credit",
        "credited_caption",
        "dateline",
        "site_notice",
        "sign_off",
        "call_to_action",
        "disclaimer",
        "ends_article",
        "rule_keep",
        "rule_outside",
        "rule_chrome",
        "rule_link_dense",
        "rule_other",
        "position",
        "chars_before_share",
        "repeats_on_page",
        "has_dom",
        "depth",
        "chrome_above",
        "chrome_distance",
        "content_above",
        "content_distance",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for tag in ANCESTOR_TAGS {
        n.push(format!("under_{tag}"));
    }
    for level in 0..NAME_LEVELS {
        n.push(format!("up{level}_same_siblings"));
    }
    for bucket in 0..NAME_BUCKETS {
        n.push(format!("name_hash_{bucket:02}"));
    }
    for level in 1..=3 {
        n.push(format!("up{level}_log_chars"));
        n.push(format!("up{level}_link_density"));
        n.push(format!("up{level}_page_share"));
        n.push(format!("up{level}_blocks"));
    }
    n.extend(
        [
            "same_node_blocks",
            "same_parent_blocks",
            "page_log_blocks",
            "page_log_chars",
            "page_link_density",
            "page_list_share",
            "page_table_share",
            "page_heading_share",
            "page_rule_kept_share",
            "page_long_block_share",
            "page_articles",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    for offset in NEIGHBOURS {
        for what in [
            "log_chars",
            "link_density",
            "rule_keep",
            "paragraph",
            "ends_sentence",
        ] {
            n.push(format!("n{offset:+}_{what}"));
        }
    }
    for what in ["rule_keep", "link_density", "log_chars", "ends_sentence"] {
        n.push(format!("window_{what}"));
    }
    n
}

/// One row per block of `page`, given the rule judges' `verdicts`: for
/// the training script, which keeps them all.
pub(crate) fn rows(page: &Page, verdicts: &[Verdict], chrome: &[Option<&str>]) -> Vec<Vec<f64>> {
    let mut rows = Vec::with_capacity(page.blocks.len());
    each_row(page, verdicts, chrome, |row| rows.push(row.to_vec()));
    rows
}

/// Calls `f` with each block's row in block order, built in one reused
/// buffer: a page's rows end to end take megabytes, written once and read
/// once, where one row stays in cache. `chrome` is the DOM judge's
/// chrome word of each node (see [`super::Rules`]).
pub(crate) fn each_row(
    page: &Page,
    verdicts: &[Verdict],
    chrome: &[Option<&str>],
    mut f: impl FnMut(&[f64]),
) {
    let blocks = &page.blocks;
    let own: Vec<Own> = blocks
        .iter()
        .zip(verdicts)
        .map(|(b, v)| Own::new(b, *v, page.dom.is_empty()))
        .collect();
    let tree = Tree::new(page, &own, chrome);
    let total_chars: u64 = own.iter().map(|o| o.chars).sum();
    let mut counts: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
    for b in blocks {
        *counts.entry(b.text.as_str()).or_default() += 1;
    }
    let page_row = PageRow::new(page, &own, total_chars);
    let n = blocks.len();
    let mut before = 0u64;
    let mut row = Vec::with_capacity(NAMES.len());
    for (i, block) in blocks.iter().enumerate() {
        row.clear();
        let o = &own[i];
        row.extend_from_slice(&o.values);
        row.push(ratio(i as u64, n as u64));
        row.push(ratio(before, total_chars));
        row.push(f64::from(counts.get(block.text.as_str()).copied().unwrap_or(1) - 1).ln_1p());
        tree.push_block(block, &mut row, total_chars);
        row.extend_from_slice(&page_row.values);
        for offset in NEIGHBOURS {
            match i.checked_add_signed(offset).and_then(|j| own.get(j)) {
                Some(nb) => row.extend_from_slice(&nb.summary()),
                None => row.extend_from_slice(&[0.0, 0.0, 0.0, 0.0, 0.0]),
            }
        }
        let lo = i.saturating_sub(WINDOW);
        let hi = (i + WINDOW + 1).min(n);
        let width = (hi - lo) as f64;
        let window = &own[lo..hi];
        row.push(window.iter().map(|w| w.keep).sum::<f64>() / width);
        row.push(window.iter().map(|w| w.density).sum::<f64>() / width);
        row.push(window.iter().map(|w| w.log_chars).sum::<f64>() / width);
        row.push(window.iter().map(|w| w.ends).sum::<f64>() / width);
        debug_assert_eq!(row.len(), NAMES.len());
        before += o.chars;
        f(&row);
    }
}

/// How many values a block contributes on its own ([`Own::values`]).
const OWN_VALUES: usize = 36;

/// What a block shows on its own, and the rule judges' verdict on it.
struct Own {
    values: [f64; OWN_VALUES],
    chars: u64,
    log_chars: f64,
    density: f64,
    keep: f64,
    paragraph: f64,
    ends: f64,
}

impl Own {
    /// `lines`: the block is a line of flattened text, the only kind the
    /// phrase tables are asked about (see [`Own::values`]).
    fn new(block: &TextBlock, verdict: Verdict, lines: bool) -> Own {
        let text = block.text.as_str();
        // One pass counts everything (visible characters as
        // `visible_chars`, words as `split_whitespace`): blocks are read
        // once per page, and most of a page's time here was re-reading.
        let (mut digits, mut letters, mut upper, mut commas, mut stops) = (0u64, 0u64, 0u64, 0, 0);
        let (mut chars, mut words, mut pipes, mut in_word) = (0u64, 0u64, 0u64, false);
        for c in text.chars() {
            let space = c.is_whitespace();
            words += u64::from(!space && !in_word);
            in_word = !space;
            chars += u64::from(!space);
            // Most text is ASCII, where the Unicode tables give the same
            // answers as these byte tests at a fraction of the cost.
            if c.is_ascii() {
                let b = c as u8;
                pipes += u64::from(b == b'|');
                if b.is_ascii_digit() {
                    digits += 1;
                } else if b.is_ascii_alphabetic() {
                    letters += 1;
                    upper += u64::from(b.is_ascii_uppercase());
                }
                commas += u64::from(b == b',');
                stops += u64::from(matches!(b, b'.' | b'!' | b'?'));
                continue;
            }
            if c.is_numeric() {
                digits += 1;
            } else if c.is_alphabetic() {
                letters += 1;
                upper += u64::from(c.is_uppercase());
            }
            commas += u64::from(matches!(c, ',' | '，' | '、'));
            stops += u64::from(matches!(c, '.' | '!' | '?' | '。' | '！' | '？'));
        }
        let density = ratio(u64::from(block.link_chars), chars).min(1.0);
        let trimmed = text.trim_end();
        let ends =
            f64::from(u8::from(trimmed.ends_with([
                '.', '!', '?', '…', '"', '”', '»', '。', '！', '？', ')',
            ])));
        let kind = |k: BlockKind| f64::from(u8::from(block.kind == k));
        let flag = |b: bool| f64::from(u8::from(b));
        // The phrase tables describe lines, not prose: past a few lines a
        // hit says little and the search costs the most.
        let short = chars <= 120;
        let line = chars <= MAX_PHRASE_CHARS;
        let (keep, outside, chrome, link_dense, other) = match verdict {
            Verdict::Keep => (1.0, 0.0, 0.0, 0.0, 0.0),
            Verdict::Remove(Reason::OutsideMainContent, _) => (0.0, 1.0, 0.0, 0.0, 0.0),
            Verdict::Remove(Reason::ChromeElement, _) => (0.0, 0.0, 1.0, 0.0, 0.0),
            Verdict::Remove(Reason::LinkDense, _) => (0.0, 0.0, 0.0, 1.0, 0.0),
            Verdict::Remove(..) => (0.0, 0.0, 0.0, 0.0, 1.0),
        };
        let log_chars = (chars as f64).ln_1p();
        // On HTML the phrase hits carried 0.5 % of the model's gain and
        // removing them moved the out-of-fold F1 by 0.0002, within the
        // noise of the feature sampling seed, while asking them was a
        // third of the rows' cost: the DOM model reads them as zeros.
        let hits = if lines {
            phrases::Hits::of(text, short, line)
        } else {
            phrases::Hits::default()
        };
        let values = [
            kind(BlockKind::Heading),
            kind(BlockKind::Paragraph),
            kind(BlockKind::ListItem),
            kind(BlockKind::TableRow),
            kind(BlockKind::Preformatted),
            kind(BlockKind::Quote),
            kind(BlockKind::Caption),
            f64::from(block.level.unwrap_or(0)),
            log_chars,
            (words as f64).ln_1p(),
            density,
            ends,
            100.0 * ratio(commas, chars),
            100.0 * ratio(stops, chars),
            ratio(digits, chars),
            ratio(upper, letters),
            flag(text.starts_with(char::is_uppercase)),
            ratio(letters, words.max(1)),
            flag(line && (text.contains('©') || has_copyright_word(text))),
            pipes as f64,
            block.cells.len() as f64,
            flag(block.header),
            flag(hits.widget_line),
            flag(hits.credit),
            flag(hits.credited_caption),
            flag(hits.dateline),
            flag(hits.site_notice),
            flag(hits.sign_off),
            flag(hits.call_to_action),
            flag(hits.disclaimer),
            flag(hits.ends_article),
            keep,
            outside,
            chrome,
            link_dense,
            other,
        ];
        Own {
            values,
            chars,
            log_chars,
            density,
            keep,
            paragraph: kind(BlockKind::Paragraph),
            ends,
        }
    }

    fn summary(&self) -> [f64; 5] {
        [
            self.log_chars,
            self.density,
            self.keep,
            self.paragraph,
            self.ends,
        ]
    }
}

/// Per-node totals over the DOM outline.
struct Tree<'p> {
    dom: &'p [DomNode],
    /// Visible code points in each subtree, and of them inside links.
    chars: Vec<u64>,
    links: Vec<u64>,
    /// Blocks in each subtree, and whose innermost node is this one.
    blocks: Vec<u32>,
    own_blocks: Vec<u32>,
    /// Each node's nearest chrome and content ancestor-or-self, as depth.
    chrome: Vec<Option<u32>>,
    content: Vec<Option<u32>>,
    /// Bit `k` set when `ANCESTOR_TAGS[k]` is at or above the node.
    tags: Vec<u16>,
    /// Siblings (same parent) with the same tag and names, self included:
    /// the repeated items of a listing, the posts of a thread, a menu.
    same: Vec<u32>,
    /// Each node's tag and names, as an index into `buckets`.
    name: Vec<u32>,
    /// For each distinct tag and names, the name-hash buckets of its words
    /// (bit `k`: bucket `k`).
    buckets: Vec<u32>,
}

impl<'p> Tree<'p> {
    /// The totals of `page`'s outline, given its blocks' [`Own`] numbers.
    fn new(page: &'p Page, own: &[Own], words: &[Option<&str>]) -> Tree<'p> {
        let dom = page.dom.as_slice();
        let n = dom.len();
        let mut tree = Tree {
            dom,
            chars: vec![0; n],
            links: vec![0; n],
            blocks: vec![0; n],
            own_blocks: vec![0; n],
            chrome: vec![None; n],
            content: vec![None; n],
            tags: vec![0; n],
            same: vec![1; n],
            name: vec![0; n],
            buckets: Vec::new(),
        };
        for (block, o) in page.blocks.iter().zip(own) {
            if let Some(i) = tree.node(block) {
                tree.chars[i] += o.chars;
                tree.links[i] += u64::from(block.link_chars);
                tree.blocks[i] += 1;
                tree.own_blocks[i] += 1;
            }
        }
        // Pre-order: a reverse sweep completes each child before its
        // parent reads it; a forward sweep sees each parent first.
        for i in (0..n).rev() {
            if let Some(p) = tree.parent(i) {
                tree.chars[p] += tree.chars[i];
                tree.links[p] += tree.links[i];
                tree.blocks[p] += tree.blocks[i];
            }
        }
        // A template repeats its tags and names on many elements (a menu's
        // items, a listing's cards): each pair is read once per page, and
        // nodes refer to it by number.
        type Fast = foldhash::fast::RandomState;
        let mut names: HashMap<(&str, &str), u32, Fast> = HashMap::default();
        let mut content_word: Vec<bool> = Vec::new();
        for (i, node) in dom.iter().enumerate() {
            let next = u32::try_from(content_word.len()).unwrap_or(u32::MAX);
            let id = *names
                .entry((node.tag, node.names.as_str()))
                .or_insert_with(|| {
                    content_word.push(has_content_word(&node.names));
                    tree.buckets.push(name_buckets(node.tag, &node.names));
                    next
                });
            tree.name[i] = id;
        }
        let mut groups: HashMap<(Option<usize>, u32), u32, Fast> = HashMap::default();
        for i in 0..n {
            *groups.entry((tree.parent(i), tree.name[i])).or_default() += 1;
        }
        for i in 0..n {
            tree.same[i] = groups
                .get(&(tree.parent(i), tree.name[i]))
                .copied()
                .unwrap_or(1);
        }
        for (i, node) in dom.iter().enumerate() {
            let inherited = tree
                .parent(i)
                .map(|p| (tree.chrome[p], tree.content[p], tree.tags[p]));
            let (chrome, content, tags) = inherited.unwrap_or((None, None, 0));
            let page_wide = matches!(node.tag, "html" | "body");
            let is_content = content_word[tree.name[i] as usize];
            let is_chrome = words.get(i).is_some_and(Option::is_some);
            tree.chrome[i] = if !page_wide && is_chrome {
                Some(node.depth)
            } else {
                chrome
            };
            tree.content[i] = if !page_wide && is_content {
                Some(node.depth)
            } else {
                content
            };
            let own = ANCESTOR_TAGS
                .iter()
                .position(|t| *t == node.tag)
                .map_or(0, |k| 1u16 << k);
            tree.tags[i] = tags | own;
        }
        tree
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.dom
            .get(i)?
            .parent
            .map(|p| p as usize)
            .filter(|&p| p < i)
    }

    fn node(&self, block: &TextBlock) -> Option<usize> {
        block
            .node
            .map(|i| i as usize)
            .filter(|&i| i < self.dom.len())
    }

    fn push_block(&self, block: &TextBlock, row: &mut Vec<f64>, total: u64) {
        let Some(i) = self.node(block) else {
            // Flattened text: no outline; zeros, with `has_dom` saying so.
            let width = 6 + ANCESTOR_TAGS.len() + NAME_LEVELS + NAME_BUCKETS + 3 * 4 + 2;
            row.extend(std::iter::repeat_n(0.0, width));
            return;
        };
        let depth = self.dom[i].depth;
        let distance = |at: Option<u32>| at.map_or(-1.0, |d| f64::from(depth.saturating_sub(d)));
        row.push(1.0);
        row.push(f64::from(depth));
        row.push(f64::from(u8::from(self.chrome[i].is_some())));
        row.push(distance(self.chrome[i]));
        row.push(f64::from(u8::from(self.content[i].is_some())));
        row.push(distance(self.content[i]));
        for k in 0..ANCESTOR_TAGS.len() {
            row.push(f64::from(u8::from(self.tags[i] & (1 << k) != 0)));
        }
        let mut buckets = 0u32;
        let mut at = Some(i);
        for _ in 0..NAME_LEVELS {
            let Some(a) = at else {
                row.push(0.0);
                continue;
            };
            row.push(f64::from(self.same[a]).ln());
            buckets |= self.buckets[self.name[a] as usize];
            at = self.parent(a);
        }
        row.extend((0..NAME_BUCKETS).map(|k| f64::from(buckets >> k & 1)));
        let mut at = i;
        for _ in 0..3 {
            at = self.parent(at).unwrap_or(at);
            row.push((self.chars[at] as f64).ln_1p());
            row.push(ratio(self.links[at], self.chars[at]).min(1.0));
            row.push(ratio(self.chars[at], total));
            row.push(f64::from(self.blocks[at]).ln_1p());
        }
        row.push(f64::from(self.own_blocks[i]).ln_1p());
        let parent = self.parent(i).unwrap_or(i);
        row.push(f64::from(self.blocks[parent]).ln_1p());
    }
}

/// What the page as a whole looks like: the same for every block on it.
struct PageRow {
    values: Vec<f64>,
}

impl PageRow {
    fn new(page: &Page, own: &[Own], total_chars: u64) -> PageRow {
        let n = page.blocks.len().max(1) as u64;
        let count = |k: BlockKind| page.blocks.iter().filter(|b| b.kind == k).count() as u64;
        let links: u64 = page.blocks.iter().map(|b| u64::from(b.link_chars)).sum();
        let kept: u64 = own.iter().filter(|o| o.keep > 0.0).map(|o| o.chars).sum();
        let long = own.iter().filter(|o| o.chars >= 200).count() as u64;
        let articles = page.dom.iter().filter(|d| d.tag == "article").count() as f64;
        PageRow {
            values: vec![
                (n as f64).ln_1p(),
                (total_chars as f64).ln_1p(),
                ratio(links, total_chars).min(1.0),
                ratio(count(BlockKind::ListItem), n),
                ratio(count(BlockKind::TableRow), n),
                ratio(count(BlockKind::Heading), n),
                ratio(kept, total_chars),
                ratio(long, n),
                articles.ln_1p(),
            ],
        }
    }
}

/// Longest block whose phrase-table hits are looked up.
const MAX_PHRASE_CHARS: u64 = 300;

/// Whether `text` has the word "copyright" in any case, without a
/// lower-cased copy.
fn has_copyright_word(text: &str) -> bool {
    const WORD: &[u8] = b"copyright";
    text.as_bytes()
        .windows(WORD.len())
        .any(|w| w.eq_ignore_ascii_case(WORD))
}

/// The buckets of an element's words: its names split at every character
/// that is not a letter or digit, and its tag.
fn name_buckets(tag: &str, names: &str) -> u32 {
    names
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .chain(std::iter::once(tag))
        .fold(0, |mask, word| mask | 1 << bucket(word))
}

/// The bucket of a name word: FNV-1a, fixed so rows are the same on every
/// platform and in every release.
fn bucket(word: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % NAME_BUCKETS as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_one_value_per_name() {
        for html in [
            "<nav><a href='/'>Home</a></nav><article><h1>T</h1><p>Gene therapy, in short.</p>\
             <ul><li>one</li><li>two</li></ul></article><footer>© 2024</footer>",
            "",
        ] {
            let page = crate::html::parse(html);
            let verdicts = vec![Verdict::Keep; page.blocks.len()];
            let chrome = super::super::rules(&page).chrome;
            let rows = rows(&page, &verdicts, &chrome);
            assert_eq!(rows.len(), page.blocks.len());
            for row in rows.iter() {
                assert_eq!(row.len(), NAMES.len());
                assert!(row.iter().all(|v| v.is_finite()));
            }
        }
        let page = crate::flat::parse("Title\n\nA line of prose, with a comma.\nShare");
        let verdicts = vec![Verdict::Keep; page.blocks.len()];
        let rows = rows(&page, &verdicts, &[]);
        assert_eq!(rows.len(), page.blocks.len());
        for row in rows.iter() {
            assert_eq!(row.len(), NAMES.len());
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names = NAMES.clone();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), NAMES.len());
    }
}
