//! The seam between parsing and everything after it: a [`Page`] is the
//! document as an ordered list of text blocks plus what the page says about
//! itself (title, language, metadata).
//!
//! Both parsers produce it: [`crate::html`] from a DOM and [`crate::flat`] from
//! text a scraper already flattened, so boilerplate removal, structure and
//! extraction never need to know which kind of input they are looking at.

use crate::record::{BlockKind, Metadata};

/// One block of visible text, whitespace already normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// What the block is.
    pub kind: BlockKind,
    /// Heading level, for headings.
    pub level: Option<u8>,
    /// The block's text: no leading or trailing whitespace, never empty.
    pub text: String,
    /// The innermost block-level element around the text, as an index into
    /// [`Page::dom`]; `None` for text that had no DOM.
    pub node: Option<u32>,
    /// Code points of the text that sit inside links.
    pub link_chars: u32,
    /// For a table row, its cells; the text is then the cells joined by
    /// ` | `. Empty for every other block.
    pub cells: Vec<String>,
    /// For a table row, whether it is the table's header (`th` cells, or the
    /// header line of a table rebuilt from flattened text).
    pub header: bool,
}

impl TextBlock {
    /// A block of `kind` with `text`.
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        TextBlock {
            kind,
            level: None,
            text: text.into(),
            node: None,
            link_chars: 0,
            cells: Vec::new(),
            header: false,
        }
    }

    /// A table row of `cells`; its text is the cells joined by ` | `.
    ///
    /// ```
    /// let row = cistron::page::TextBlock::row(vec!["a".into(), "b".into()], true);
    /// assert_eq!(row.text, "a | b");
    /// ```
    pub fn row(cells: Vec<String>, header: bool) -> Self {
        let text = cells.join(CELL_SEPARATOR);
        TextBlock {
            header,
            cells,
            ..TextBlock::new(BlockKind::TableRow, text)
        }
    }
}

/// What separates the cells of a table row in the text.
pub const CELL_SEPARATOR: &str = " | ";

/// A parsed document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Visible text blocks, in document order.
    pub blocks: Vec<TextBlock>,
    /// The page title, when it has one.
    pub title: Option<String>,
    /// Primary language subtag, when declared.
    pub language: Option<String>,
    /// Metadata the page declares about itself.
    pub metadata: Metadata,
    /// The page's block-level elements in document order (a parent always
    /// before its children); empty for flattened text.
    pub dom: Vec<DomNode>,
    /// The scholarly work the page declares itself to be (`citation_*`
    /// tags), empty when it declares none.
    pub work: crate::references::Reference,
}

/// One block-level element of an HTML page: where it sits and what its
/// markup says about it. The boilerplate stage reads these; parsing keeps
/// them without judging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomNode {
    /// The parent element, an index into [`Page::dom`].
    pub parent: Option<u32>,
    /// Nesting depth below `<html>`.
    pub depth: u32,
    /// Lower-case tag name.
    pub tag: &'static str,
    /// The element's `id`, `class`, `role` and `itemprop` values, lower-cased
    /// and space-separated: the words templates use to name their parts.
    pub names: String,
}

/// Collapses every run of Unicode whitespace to one space and trims the ends.
///
/// ```
/// assert_eq!(cistron::page::normalize_space("  a \u{a0}\n b "), "a b");
/// ```
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The next whitespace character (Unicode `White_Space`, as
/// `char::is_whitespace`) or soft hyphen at or after byte `from`: its byte
/// range and whether it is whitespace; `(len, len, false)` when there is
/// none. Bytes are read without decoding: the characters sought start with
/// an ASCII byte or with 0xC2, 0xE1, 0xE2 or 0xE3, which no continuation
/// byte equals.
pub(crate) fn next_break(b: &[u8], from: usize) -> (usize, usize, bool) {
    let mut i = from;
    while i < b.len() {
        let found = match b[i] {
            b'\t'..=b'\r' | b' ' => Some((1, true)),
            0xC2 => match b.get(i + 1) {
                Some(0x85 | 0xA0) => Some((2, true)),
                Some(0xAD) => Some((2, false)),
                _ => None,
            },
            0xE1 => (b.get(i + 1..i + 3) == Some(&[0x9A, 0x80])).then_some((3, true)),
            0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                // U+2000-U+200A, U+2028, U+2029, U+202F.
                (Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) => Some((3, true)),
                // U+205F.
                (Some(0x81), Some(0x9F)) => Some((3, true)),
                _ => None,
            },
            0xE3 => (b.get(i + 1..i + 3) == Some(&[0x80, 0x80])).then_some((3, true)),
            _ => None,
        };
        if let Some((len, space)) = found {
            return (i, i + len, space);
        }
        i += 1;
    }
    (b.len(), b.len(), false)
}

/// Code points of `text` that are not whitespace (soft hyphens count).
///
/// ```
/// assert_eq!(cistron::page::visible_chars("a b\u{a0}é\u{3000}"), 3);
/// ```
pub fn visible_chars(text: &str) -> u64 {
    // One pass; `next_break` finds the same characters (it is tested
    // against `char::is_whitespace`), but walking it and then counting
    // took two.
    text.chars().filter(|c| !c.is_whitespace()).count() as u64
}

/// Reduces a BCP 47 tag such as `en-US` to its primary subtag, `en`, or
/// `None` when the tag is not a language.
///
/// ```
/// assert_eq!(cistron::page::primary_language("de-AT").as_deref(), Some("de"));
/// assert_eq!(cistron::page::primary_language("x"), None);
/// ```
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_unicode_whitespace_and_soft_hyphens() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("ab{c}d");
            let found = next_break(text.as_bytes(), 0);
            let expected = if c.is_whitespace() || c == '\u{ad}' {
                (2, 2 + c.len_utf8(), c.is_whitespace())
            } else {
                (text.len(), text.len(), false)
            };
            assert_eq!(found, expected, "{c:?}");
        }
    }
}
