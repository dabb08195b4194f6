//! What an element's markup says about its role: tag names, ARIA roles and
//! the words templates put in `id` and `class` (`site-footer`, `navbar`,
//! `entry-content`...).
//!
//! The words are data (`chrome_class_words.tsv`, `content_class_words.tsv`
//! and `unmistakable_chrome_words.tsv` under `src/knowledge/phrases/`): a
//! curator adds a word to a table, not a branch to the code. Each word
//! matches a token of the element's names (split on anything that is not a
//! letter or digit) either exactly or, for the words templates glue to
//! others (`mainmenu`, `sitefooter`), anywhere inside one.

use crate::knowledge::phrase_table::{self as table, PhraseFile};
use std::sync::LazyLock;

/// How a word must match a token: the `match` column of the word tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The whole token (`ad` must not match `header`).
    Exact,
    /// Anywhere in the token (`menu` matches `mainmenu`, `menuitem`).
    Inside,
}

use Match::{Exact, Inside};

impl Match {
    fn from_name(name: &str) -> Option<Match> {
        match name {
            "exact" => Some(Exact),
            "inside" => Some(Inside),
            _ => None,
        }
    }
}

/// Boilerplate words no main column is ever named by
/// (`unmistakable_chrome_words.tsv`): they hold even when names mislead
/// elsewhere on the page (see the lenient pass of [`crate::boilerplate`]'s
/// DOM judge).
pub static UNMISTAKABLE_WORDS: LazyLock<&'static [&'static str]> =
    LazyLock::new(|| table::UNMISTAKABLE_CHROME_WORDS.phrases());

/// Tags whose whole subtree is page chrome wherever they appear. HTML's
/// own sectioning vocabulary, fixed by the standard rather than by what
/// templates happen to write, so it stays with the code.
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
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    remembered(&SEEN, &BOILERPLATE, token)
}

/// What a thread remembers of one table: each token's match.
type Seen = std::collections::HashMap<Box<str>, Option<&'static str>, foldhash::fast::RandomState>;

/// `table`'s match for `token`, from `memory` when it is there.
fn remembered(
    memory: &'static std::thread::LocalKey<std::cell::RefCell<Seen>>,
    table: &Table,
    token: &str,
) -> Option<&'static str> {
    memory.with_borrow_mut(|seen| {
        if let Some(verdict) = seen.get(token) {
            return *verdict;
        }
        let verdict = table.matching(token);
        if seen.len() >= MAX_REMEMBERED {
            seen.clear();
        }
        seen.insert(token.into(), verdict);
        verdict
    })
}

/// Whether `names` has a content word.
pub fn has_content_word(names: &str) -> bool {
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    tokens(names).any(|token| remembered(&SEEN, &CONTENT, token).is_some())
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
    words: Vec<(&'static str, Match)>,
    inside: aho_corasick::AhoCorasick,
    /// Table index of each `Inside` pattern.
    inside_index: Vec<usize>,
}

impl Table {
    fn new(file: &PhraseFile) -> Table {
        let words = file.tagged(Match::from_name);
        let (inside_index, patterns): (Vec<usize>, Vec<&str>) = words
            .iter()
            .enumerate()
            .filter(|(_, (_, how))| *how == Inside)
            .map(|(i, (w, _))| (i, *w))
            .unzip();
        // The patterns are an embedded, small table; building cannot fail.
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

/// Words naming template parts that are not the article; the word found is
/// the reason shown by `--explain`.
static BOILERPLATE: LazyLock<Table> = LazyLock::new(|| Table::new(&table::CHROME_CLASS_WORDS));
/// Words naming the article's own container.
static CONTENT: LazyLock<Table> = LazyLock::new(|| Table::new(&table::CONTENT_CLASS_WORDS));

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

    #[test]
    fn word_tables_are_sorted_tokens() {
        for file in [&table::CHROME_CLASS_WORDS, &table::CONTENT_CLASS_WORDS] {
            // Loads the `match` column: an unknown value fails here.
            let loaded = Table::new(file);
            assert_eq!(loaded.words.len(), file.rows().len());
            let rows = file.rows();
            for row in rows {
                // A token is lower-case letters and digits: any other
                // character would keep the word from ever matching.
                assert!(
                    row.phrase
                        .chars()
                        .all(|c| c.is_alphanumeric() && !c.is_uppercase()),
                    "{} line {}: {:?} is not a lower-case token",
                    file.name(),
                    row.line,
                    row.phrase
                );
            }
            // The first word in file order names the reason: kept sorted so
            // that order is plain to a curator.
            file.assert_sorted();
        }
        let chrome = table::CHROME_CLASS_WORDS.phrases();
        for file in [&table::UNMISTAKABLE_CHROME_WORDS, &table::LEAD_CHROME_WORDS] {
            for row in file.rows() {
                assert!(
                    chrome.contains(&row.phrase),
                    "{} line {}: {:?} is not in chrome_class_words.tsv",
                    file.name(),
                    row.line,
                    row.phrase
                );
            }
        }
    }
}
