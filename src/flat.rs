//! Parse flattened text: page text that a scraper already stripped of its
//! markup, to a [`Page`] of blocks.
//!
//! Without a DOM, a line is the only unit left, so each non-blank line is a
//! block, whitespace-normalised. A line that starts with a list marker
//! (`-`, `*`, `•`, `1.`, `2)`...) followed by text is a list item; the marker is
//! kept as written. The title is the first line when it reads like one: short
//! and not ending a sentence.
//!
//! A list whose markers the scraper split from their items is put back
//! together here, because only the raw line order shows it: a marker alone
//! on a line opens an item, a marker left at the end of a line (`... -`)
//! closes one and opens the next, and a line starting in lower case or with
//! `(` continues the item. Tables glued into one line are the structure
//! stage's job.

use crate::page::{normalize_space, Page, TextBlock};
use crate::record::BlockKind;
use regex::Regex;
use std::sync::LazyLock;

/// Lines at the top of the main content that may be the title.
const TITLE_CANDIDATES: usize = 3;

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
    let blocks = rejoin_split_items(blocks);
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

/// Markers a scraper leaves alone on a line or at the end of the previous
/// item.
const SPLIT_MARKERS: &[&str] = &["-", "*", "•", "–"];

/// Rebuilds list items whose markers were split from them (see the module
/// documentation).
fn rejoin_split_items(blocks: Vec<TextBlock>) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = Vec::with_capacity(blocks.len());
    let mut lines = blocks.into_iter().peekable();
    while let Some(block) = lines.next() {
        if !SPLIT_MARKERS.contains(&block.text.as_str()) {
            out.push(block);
            continue;
        }
        // A lone marker: items follow until a line neither continues the
        // current item nor follows a trailing marker.
        let mut item: Option<String> = None;
        let mut opened = true;
        while let Some(next) = lines.peek() {
            let text = next.text.as_str();
            if SPLIT_MARKERS.contains(&text) || next.kind != BlockKind::Paragraph {
                break;
            }
            let continues = text.starts_with(|c: char| c.is_lowercase() || c == '(');
            match item.as_mut() {
                Some(current) if continues => {
                    current.push(' ');
                    current.push_str(text);
                }
                None if opened => item = Some(text.to_owned()),
                _ => break,
            }
            lines.next();
            opened = false;
            if let Some(current) = item.as_mut() {
                if let Some(stripped) = strip_trailing_marker(current) {
                    *current = stripped;
                    out.push(TextBlock::new(BlockKind::ListItem, format!("- {current}")));
                    item = None;
                    opened = true;
                }
            }
        }
        match item {
            Some(current) => out.push(TextBlock::new(BlockKind::ListItem, format!("- {current}"))),
            None if out.last().is_none_or(|b| b.kind != BlockKind::ListItem) => out.push(block),
            None => {}
        }
    }
    out
}

/// `"(e.g., hemophilia) -"` is `"(e.g., hemophilia)"` followed by the next
/// item's marker.
fn strip_trailing_marker(text: &str) -> Option<String> {
    SPLIT_MARKERS.iter().find_map(|m| {
        text.strip_suffix(m)
            .filter(|rest| rest.ends_with(' '))
            .map(|rest| rest.trim_end().to_owned())
            .filter(|rest| !rest.is_empty())
    })
}

/// The title among the first main-content blocks of flattened text: the
/// longest heading-like line of the first three, before the first
/// sentence. A kicker above the title (`GENE THERAPY GUIDE`, `Review and
/// Progress`) is shorter than the title it introduces, and the site's logo
/// line is already gone as boilerplate.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::BlockKind::Paragraph;
/// let blocks = [
///     TextBlock::new(Paragraph, "GUIDE"),
///     TextBlock::new(Paragraph, "GENE THERAPY FOR CANCER"),
///     TextBlock::new(Paragraph, "How genes are used to fight cancer, from vectors to editing."),
/// ];
/// assert_eq!(cistron::flat::title_of(&blocks).as_deref(), Some("GENE THERAPY FOR CANCER"));
/// ```
pub fn title_of(blocks: &[TextBlock]) -> Option<String> {
    blocks
        .iter()
        .take(TITLE_CANDIDATES)
        .take_while(|b| !b.text.ends_with(['.', '!', '?']) && b.kind != BlockKind::TableRow)
        .filter(|b| looks_like_title(&b.text))
        .max_by_key(|b| b.text.chars().count())
        .map(|b| b.text.clone())
}

fn looks_like_title(line: &str) -> bool {
    line.chars().count() <= MAX_TITLE_CHARS && !line.ends_with(['.', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_markers_are_put_back_on_their_items() {
        let text = "Major applications include:\n-\nGenetic disorders\n(e.g., hemophilia) -\n\
                    Cancer treatment\nincluding CAR-T -\nEye diseases\nsuch as retinal disorders\n\
                    Research is also expanding.";
        let texts: Vec<String> = parse(text).blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(
            texts,
            [
                "Major applications include:",
                "- Genetic disorders (e.g., hemophilia)",
                "- Cancer treatment including CAR-T",
                "- Eye diseases such as retinal disorders",
                "Research is also expanding."
            ]
        );
    }

    #[test]
    fn a_lone_dash_without_items_stays() {
        let texts: Vec<String> = parse("Score\n-\n- one")
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["Score", "-", "- one"]);
    }

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
