//! What an element's markup says about its role: tag names, ARIA roles and
//! the words templates put in `id` and `class` (`site-footer`, `navbar`,
//! `entry-content`...).
//!
//! The words are data: a curator adds a word to a table, not a branch to
//! the code. Each word matches a token of the element's names (split on
//! anything that is not a letter or digit) either exactly or, for the words
//! templates glue to others (`mainmenu`, `sitefooter`), anywhere inside one.

/// How a word must match a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The whole token (`ad` must not match `header`).
    Exact,
    /// Anywhere in the token (`menu` matches `mainmenu`, `menuitem`).
    Inside,
}

use Match::{Exact, Inside};

/// Words naming template parts that are not the article. The name each
/// carries is the reason shown by `--explain`.
const BOILERPLATE_WORDS: &[(&str, Match)] = &[
    ("ad", Exact),
    ("ads", Exact),
    ("adv", Exact),
    ("advert", Inside),
    ("advertisement", Inside),
    ("anzeige", Inside),
    ("author", Inside),
    ("avatar", Inside),
    ("banner", Inside),
    ("blogroll", Inside),
    ("breadcrumb", Inside),
    ("breadcrumbs", Inside),
    ("byline", Inside),
    ("comment", Inside),
    ("comments", Inside),
    ("complementary", Exact),
    ("consent", Inside),
    ("contentinfo", Exact),
    ("cookie", Inside),
    ("cookies", Inside),
    ("copyright", Inside),
    ("credit", Inside),
    ("credits", Inside),
    ("date", Exact),
    ("dateline", Inside),
    ("disqus", Inside),
    ("donate", Inside),
    ("donation", Inside),
    ("dropdown", Inside),
    ("email", Exact),
    ("footer", Inside),
    ("gdpr", Inside),
    ("kommentar", Inside),
    ("kommentare", Inside),
    ("login", Inside),
    ("masthead", Inside),
    ("menu", Inside),
    ("meta", Exact),
    ("nav", Exact),
    ("navbar", Inside),
    ("navigation", Inside),
    ("newsletter", Inside),
    ("outbrain", Inside),
    ("pager", Exact),
    ("pagination", Inside),
    ("popup", Inside),
    ("posted", Inside),
    ("postmeta", Inside),
    ("print", Exact),
    ("promo", Inside),
    ("rating", Inside),
    ("recommended", Inside),
    ("related", Inside),
    ("reply", Inside),
    ("respond", Exact),
    ("screen", Exact),
    ("search", Exact),
    ("share", Inside),
    ("sharing", Inside),
    ("sidebar", Inside),
    ("skip", Exact),
    ("social", Inside),
    ("sponsor", Inside),
    ("sr", Exact),
    ("subnav", Inside),
    ("subscribe", Inside),
    ("subscription", Inside),
    ("taboola", Inside),
    ("tagcloud", Inside),
    ("tags", Exact),
    ("teaser", Inside),
    ("timestamp", Inside),
    ("toolbar", Inside),
    ("topbar", Inside),
    ("visually", Exact),
    ("widget", Inside),
    ("widgets", Inside),
];

/// Boilerplate words no main column is ever named by: they hold even when
/// names mislead elsewhere on the page (see the lenient pass of
/// [`crate::boilerplate`]'s DOM judge).
pub const UNMISTAKABLE_WORDS: &[&str] = &[
    "complementary",
    "consent",
    "cookie",
    "cookies",
    "gdpr",
    "sidebar",
    "widget",
    "widgets",
];

/// Words naming the article's own container.
const CONTENT_WORDS: &[(&str, Match)] = &[
    ("article", Inside),
    ("articlebody", Inside),
    ("blog", Exact),
    ("body", Exact),
    ("content", Inside),
    ("entry", Inside),
    ("hentry", Exact),
    ("main", Inside),
    ("post", Exact),
    ("story", Inside),
    ("text", Exact),
];

/// Tags whose whole subtree is page chrome wherever they appear.
const BOILERPLATE_TAGS: &[&str] = &["nav", "aside", "footer", "menu"];

/// The chrome tag, or the first boilerplate word found in `names`: the
/// reason an element is page chrome.
///
/// ```
/// use cistron::boilerplate::hints::boilerplate_word;
/// assert_eq!(boilerplate_word("div", "site-footer wide"), Some("footer"));
/// assert_eq!(boilerplate_word("div", "header"), None);
/// ```
pub fn boilerplate_word(tag: &str, names: &str) -> Option<&'static str> {
    chrome_tag(tag).or_else(|| tokens(names).find_map(remembered_match))
}

fn chrome_tag(tag: &str) -> Option<&'static str> {
    BOILERPLATE_TAGS.iter().find(|t| **t == tag).copied()
}

/// Most class tokens whose verdict a thread remembers.
const MAX_REMEMBERED: usize = 1 << 16;

/// [`Table::matching`] on the boilerplate words, remembered per thread:
/// templates repeat the same tokens on hundreds of elements and thousands
/// of pages (`menu-item`, `container`), while matching one costs a pass of
/// the automaton. The verdict depends on the token alone, so remembering
/// cannot change any output; the memory is emptied when full, so pages of
/// unique ids cannot grow it.
fn remembered_match(token: &str) -> Option<&'static str> {
    type Seen =
        std::collections::HashMap<Box<str>, Option<&'static str>, foldhash::fast::RandomState>;
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(verdict) = seen.get(token) {
            return *verdict;
        }
        let verdict = BOILERPLATE.matching(token);
        if seen.len() >= MAX_REMEMBERED {
            seen.clear();
        }
        seen.insert(token.into(), verdict);
        verdict
    })
}

/// Whether `names` has a content word.
pub fn has_content_word(names: &str) -> bool {
    tokens(names).any(|token| CONTENT.matching(token).is_some())
}

/// The words of an element's names. A BEM modifier (`section--ads`) says
/// what a block may hold or how it looks, not what it is, so the words
/// after `--` are not read.
fn tokens(names: &str) -> impl Iterator<Item = &str> {
    names
        .split_whitespace()
        .filter_map(|name| name.split("--").next())
        .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
}

/// A word table compiled for matching: one automaton finds every `Inside`
/// word in a token in one pass, instead of one substring search per word
/// (class names are read on every element of every page).
struct Table {
    words: &'static [(&'static str, Match)],
    inside: aho_corasick::AhoCorasick,
    /// Table index of each `Inside` pattern.
    inside_index: Vec<usize>,
}

impl Table {
    fn new(words: &'static [(&'static str, Match)]) -> Table {
        let (inside_index, patterns): (Vec<usize>, Vec<&str>) = words
            .iter()
            .enumerate()
            .filter(|(_, (_, how))| *how == Inside)
            .map(|(i, (w, _))| (i, *w))
            .unzip();
        // The patterns are a fixed, small table; building cannot fail.
        #[allow(clippy::expect_used)]
        let inside = aho_corasick::AhoCorasick::new(&patterns).expect("word table compiles");
        Table {
            words,
            inside,
            inside_index,
        }
    }

    /// The first word of the table (in table order) that `token` matches.
    fn matching(&self, token: &str) -> Option<&'static str> {
        let exact = self
            .words
            .iter()
            .position(|&(word, how)| how == Exact && token == word);
        let inside = self
            .inside
            .find_overlapping_iter(token)
            .map(|m| self.inside_index[m.pattern().as_usize()])
            .min();
        let first = match (exact, inside) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(self.words[first].0)
    }
}

static BOILERPLATE: std::sync::LazyLock<Table> =
    std::sync::LazyLock::new(|| Table::new(BOILERPLATE_WORDS));
static CONTENT: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| Table::new(CONTENT_WORDS));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_exactly_or_inside() {
        assert_eq!(boilerplate_word("div", "site-footer"), Some("footer"));
        assert!(boilerplate_word("div", "header").is_none());
        assert!(boilerplate_word("div", "mainmenu").is_some());
        assert!(boilerplate_word("div", "main-nav").is_some());
        assert!(boilerplate_word("div", "canvas").is_none());
        assert_eq!(boilerplate_word("nav", ""), Some("nav"));
        assert!(has_content_word("entry-content"));
        assert!(!has_content_word("sidebar"));
        assert!(boilerplate_word("section", "report__section report__section--ads").is_none());
        // The first word in table order names the reason.
        assert_eq!(boilerplate_word("div", "sharefootermenu"), Some("footer"));
        assert_eq!(boilerplate_word("div", "x ad"), Some("ad"));
    }
}
