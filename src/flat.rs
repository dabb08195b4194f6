//! Parse flattened text: page text that a scraper already stripped of its
//! markup, to a [`Page`] of blocks.
//!
//! Without a DOM, a line is the only unit left, so each non-blank line is a
//! block, whitespace-normalised. A line that starts with a list marker
//! (`-`, `*`, `•`, `1.`, `2)`...) followed by text is a list item; the marker is
//! kept as written. The title is the first line when it reads like one: short
//! and not ending a sentence.
//!
//! Headings, lists split from their markers and tables glued into one line
//! are reconstructed later, by the structure stage; this stage only reads what
//! the lines state.

use crate::page::{normalize_space, Page, TextBlock};
use crate::record::BlockKind;
use regex::Regex;
use std::sync::LazyLock;

/// Longest first line still taken as a title, in characters.
const MAX_TITLE_CHARS: usize = 200;

static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*•‣◦▪▸►–—]|\d{1,3}[.)])\s+\S").expect("static regex"));

/// Splits flattened text into blocks.
///
/// ```
/// let page = cistron::flat::parse("Title\n\nFirst paragraph.\n- item\n");
/// let texts: Vec<_> = page.blocks.iter().map(|b| b.text.as_str()).collect();
/// assert_eq!(texts, ["Title", "First paragraph.", "- item"]);
/// assert_eq!(page.title.as_deref(), Some("Title"));
/// ```
pub fn parse(text: &str) -> Page {
    // Old Mac files end lines with a lone CR; Unicode has its own separators.
    let blocks: Vec<TextBlock> = text
        .split(['\n', '\r', '\u{c}', '\u{2028}', '\u{2029}'])
        .map(normalize_space)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let kind = if LIST_MARKER.is_match(&line) {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            TextBlock::new(kind, line)
        })
        .collect();
    let title = blocks
        .first()
        .filter(|b| b.kind == BlockKind::Paragraph && looks_like_title(&b.text))
        .map(|b| b.text.clone());
    Page {
        blocks,
        title,
        ..Page::default()
    }
}

fn looks_like_title(line: &str) -> bool {
    line.chars().count() <= MAX_TITLE_CHARS && !line.ends_with(['.', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        parse(text)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn lines_become_blocks() {
        assert_eq!(
            kinds("  A   title \n\n\tBody text here.\r\n"),
            [
                (BlockKind::Paragraph, "A title".to_owned()),
                (BlockKind::Paragraph, "Body text here.".to_owned())
            ]
        );
    }

    #[test]
    fn list_markers() {
        let list = |s: &str| kinds(s)[0].0 == BlockKind::ListItem;
        assert!(list("- item"));
        assert!(list("• item"));
        assert!(list("12. item"));
        assert!(list("3) item"));
        assert!(!list("-"));
        assert!(!list("-5 degrees"));
        assert!(!list("2024 was a year"));
    }

    #[test]
    fn title_is_a_short_first_line() {
        assert_eq!(
            parse("Gene therapy\nBody.").title.as_deref(),
            Some("Gene therapy")
        );
        assert_eq!(parse("A sentence that ends.\nBody.").title, None);
        assert_eq!(parse("").title, None);
    }
}
