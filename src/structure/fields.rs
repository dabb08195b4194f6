//! Glued fields: byline and date fields a scraper ran together
//! (`...SpecialistsLast reviewed: April 16, 202610 min read`).
//!
//! Two seams show where one field ends and the next begins:
//! - a field label (`Last reviewed:`, `Published`, `Written by`...) glued to
//!   the word before it, capital against letter or digit;
//! - a date whose year runs straight into another number (`2026` + `10 min
//!   read`): a year has four digits, so the fifth starts a new field.
//!
//! The labels are a data table ([`LABELS`], `glued_field_labels.tsv` under
//! `src/knowledge/phrases/`) a curator can extend. Lines longer than a
//! byline are left alone: prose has its own punctuation.

use crate::knowledge::months::{self, Form};
use crate::knowledge::phrase_table as table;
use crate::page::TextBlock;
use crate::record::BlockKind;
use regex::Regex;
use std::sync::LazyLock;

/// Longest line searched for glued fields.
const MAX_LINE: usize = 400;

/// Field labels that start a byline field, as printed (capitalised), from
/// `glued_field_labels.tsv`.
pub static LABELS: LazyLock<&'static [&'static str]> =
    LazyLock::new(|| table::GLUED_FIELD_LABELS.phrases());

/// A date ending in a year that another number runs into. The year is
/// the last capture; the seam is right after it.
static GLUED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // English month names and abbreviations, capitalised: the pattern is
    // case-sensitive.
    let month = months::alternation(&["en"], Form::ALL, true);
    Regex::new(&format!(
        r"(?:\b(?:{month})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (\d{{4}})|\b\d{{1,2}}(?:st|nd|rd|th)? (?:{month})\.?,? (\d{{4}})|\b\d{{4}}-\d{{2}}-(\d{{2}}))\d"
    ))
    .expect("static regex")
});

/// Splits every glued line into one paragraph per field.
pub fn split(blocks: Vec<TextBlock>) -> Vec<TextBlock> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let seams = seams(&block);
        if seams.is_empty() {
            out.push(block);
            continue;
        }
        let mut from = 0;
        for at in seams.into_iter().chain([block.text.len()]) {
            let piece = block.text[from..at].trim();
            if !piece.is_empty() {
                out.push(TextBlock {
                    text: piece.to_owned(),
                    ..block.clone()
                });
            }
            from = at;
        }
    }
    out
}

/// Byte offsets where a new field starts, in order.
fn seams(block: &TextBlock) -> Vec<usize> {
    let text = block.text.as_str();
    if block.kind != BlockKind::Paragraph || text.len() > MAX_LINE {
        return Vec::new();
    }
    let mut at: Vec<usize> = Vec::new();
    for label in LABELS.iter() {
        for (i, _) in text.match_indices(label) {
            let glued = text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if glued {
                at.push(i);
            }
        }
    }
    for caps in GLUED_DATE.captures_iter(text) {
        if let Some(year) = caps.iter().skip(1).flatten().next() {
            at.push(year.end());
        }
    }
    at.sort_unstable();
    at.dedup();
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<String> {
        split(vec![TextBlock::new(BlockKind::Paragraph, text)])
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn byline_fields_come_apart() {
        assert_eq!(
            fields("Reviewed by: Medical Team, Oncology SpecialistsLast reviewed: April 16, 202610 min read"),
            [
                "Reviewed by: Medical Team, Oncology Specialists",
                "Last reviewed: April 16, 2026",
                "10 min read"
            ]
        );
        assert_eq!(
            fields("Jane DoePublished: 3 March 20245 min read"),
            ["Jane Doe", "Published: 3 March 2024", "5 min read"]
        );
        assert_eq!(
            fields("Updated 2025-01-307 min"),
            ["Updated 2025-01-30", "7 min"]
        );
    }

    #[test]
    fn labels_are_sorted_unique_and_capitalised() {
        let rows = table::GLUED_FIELD_LABELS.rows();
        table::GLUED_FIELD_LABELS.assert_sorted();
        for row in rows {
            // The seam is a capital against the letter before it.
            assert!(
                row.phrase.starts_with(char::is_uppercase),
                "glued_field_labels.tsv line {}: {:?} is not capitalised",
                row.line,
                row.phrase
            );
        }
        // "By" alone starts ordinary words: the label keeps its space.
        assert!(LABELS.contains(&"By "));
    }

    #[test]
    fn ordinary_lines_are_left_alone() {
        for line in [
            "Written by Jane Doe",
            "Reviewed by a panel in April 16, 2026 and 10 min read.",
            "Standby mode",
            "In 2026, 10 patients were dosed.",
        ] {
            assert_eq!(fields(line), [line]);
        }
    }
}
