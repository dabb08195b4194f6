//! Headings a page wrapped over two lines (`GENE THERAPY FOR` /
//! `CANCER PATIENTS`).
//!
//! A heading line that ends in a word that cannot end a phrase (a
//! preposition, an article, a conjunction) goes on in the next line, when
//! that line is short, unpunctuated and in the same letter case. Joining
//! them gives the heading back as the page showed it.

use crate::knowledge::phrase_table::OPEN_ENDINGS;
use crate::page::TextBlock;
use crate::record::BlockKind;

/// Longest line taken as part of a wrapped heading, in characters.
const MAX_LINE: usize = 80;

/// Joins each heading line that stops on an open word with the line after.
pub fn join(blocks: Vec<TextBlock>) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(prev) = out.last_mut() {
            if continues(prev, &block) {
                prev.text.push(' ');
                prev.text.push_str(&block.text);
                continue;
            }
        }
        out.push(block);
    }
    out
}

fn continues(first: &TextBlock, next: &TextBlock) -> bool {
    let short = |b: &TextBlock| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading)
            && b.text.chars().count() <= MAX_LINE
            && !b.text.ends_with(['.', ',', ';', ':', '!', '?'])
    };
    let last_word = first
        .text
        .rsplit(' ')
        .next()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let upper = |b: &TextBlock| !b.text.chars().any(char::is_lowercase);
    short(first)
        && short(next)
        && first.text.contains(' ')
        && OPEN_ENDINGS.phrases().contains(&last_word.as_str())
        && upper(first) == upper(next)
        && next.text.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(lines: &[&str]) -> Vec<String> {
        join(
            lines
                .iter()
                .map(|l| TextBlock::new(BlockKind::Paragraph, *l))
                .collect(),
        )
        .into_iter()
        .map(|b| b.text)
        .collect()
    }

    #[test]
    fn wrapped_headings_are_joined() {
        assert_eq!(
            joined(&["GENE THERAPY FOR", "CANCER PATIENTS", "Text follows."]),
            ["GENE THERAPY FOR CANCER PATIENTS", "Text follows."]
        );
        assert_eq!(
            joined(&["Benefits and Limits of", "Viral Vectors"]),
            ["Benefits and Limits of Viral Vectors"]
        );
    }

    #[test]
    fn other_lines_stay_apart() {
        for lines in [
            &["GENE THERAPY FOR", "cancer patients"][..],
            &["Designed for", "AAV9"],
            &["A sentence ends in.", "Next"],
            &[
                "TOPICS TO",
                "Read more about the lorem ipsum dolor sit amet and much more text that goes on",
            ],
        ] {
            assert_eq!(joined(lines).len(), 2, "{lines:?}");
        }
    }
}
