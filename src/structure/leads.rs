//! Glued list leads: a list item whose bold lead ran into its description
//! when the page was flattened (`Safety concernsInsertional mutagenesis and
//! off-target risks.`) gets its seam back, as `lead: description`.
//!
//! The seam is the one the table rebuilder cuts at ([`super::tables`]): a
//! lower-case letter straight into a capitalised word, never inside a known
//! product or vector name, never after a short lower-case prefix (`mRNA`).
//! Only the first is taken, and only when what it leaves reads as a lead
//! and a description: a short run of words with no sentence punctuation,
//! then a longer run. Camel-case brands in running text (`BioMarin`) have
//! one word before them, or a sentence around them, and stay whole.

use super::tables::seams;
use crate::page::TextBlock;
use crate::record::BlockKind;
use aho_corasick::AhoCorasick;

/// Words a lead has at least and at most.
const LEAD_WORDS: std::ops::RangeInclusive<usize> = 2..=8;
/// Words the description needs at least.
const MIN_DESCRIPTION_WORDS: usize = 3;

/// Letters the word before the seam has at least.
const MIN_FRAGMENT_CHARS: usize = 4;

/// What goes between a lead and its description.
const SEPARATOR: &str = ": ";

/// Separates the lead of every glued list item in `blocks`.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::BlockKind;
/// let knowledge = cistron::knowledge::Knowledge::embedded();
/// let item = TextBlock::new(BlockKind::ListItem, "- Delivery challengesGetting genes into the right cells is hard.");
/// let out = cistron::structure::leads::separate(vec![item], knowledge.seam_names());
/// assert_eq!(out[0].text, "- Delivery challenges: Getting genes into the right cells is hard.");
/// ```
pub fn separate(mut blocks: Vec<TextBlock>, names: &AhoCorasick) -> Vec<TextBlock> {
    for block in &mut blocks {
        if block.kind != BlockKind::ListItem {
            continue;
        }
        if let Some(at) = lead_end(&block.text, names) {
            let (lead, rest) = block.text.split_at(at);
            block.text = format!("{lead}{SEPARATOR}{rest}");
        }
    }
    blocks
}

/// Where the lead of a glued item ends, if it has one.
fn lead_end(text: &str, names: &AhoCorasick) -> Option<usize> {
    let body_start = text.find(' ').map_or(0, |i| i + 1);
    let seam = seams(text, names)
        .into_iter()
        .find(|s| s.at > body_start && s.strength == 3)?;
    let lead = &text[body_start..seam.at];
    let rest = &text[seam.at..];
    let lead_words = lead.split_whitespace().count();
    let sentence_mark = lead.contains(['.', ':', ';', '!', '?', ',']);
    let description = rest.split_whitespace().count() >= MIN_DESCRIPTION_WORDS;
    // The word the seam ends is a plain lower-case word ("causes"), not
    // the capitalised first half of a brand ("BioMarin", "BridgeBio") or
    // a short lower-case prefix ("uniQure").
    let fragment = lead.split_whitespace().next_back().unwrap_or_default();
    let plain_word = fragment.chars().count() >= MIN_FRAGMENT_CHARS
        && fragment.chars().all(|c| c.is_lowercase() || c == '-');
    (LEAD_WORDS.contains(&lead_words) && !sentence_mark && description && plain_word)
        .then_some(seam.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    fn separated(text: &str) -> String {
        let knowledge = Knowledge::embedded();
        let item = TextBlock::new(BlockKind::ListItem, text);
        separate(vec![item], knowledge.seam_names()).remove(0).text
    }

    #[test]
    fn a_lead_glued_to_its_description_comes_apart() {
        assert_eq!(
            separated("- High cost and complexityPersonal manufacturing takes weeks."),
            "- High cost and complexity: Personal manufacturing takes weeks."
        );
        assert_eq!(
            separated("1. Lasting effectOne dose may keep working for years."),
            "1. Lasting effect: One dose may keep working for years."
        );
    }

    #[test]
    fn items_without_a_glued_lead_stay_whole() {
        for text in [
            // The capitalised first half of a brand, not a lead.
            "- BioMarin filed the application in the spring.",
            "- A partnership with BridgeBio on two programmes.",
            "- Licensed to uniQure for the European market.",
            // Notation.
            "- Silences the target mRNA in liver cells for months.",
            // A sentence before the seam.
            "- It works, mostlyBut not for everyone it seems.",
            // Too little after it.
            "- Gene therapyWorks",
            // Not a seam at all.
            "- Plain item with ordinary words in it.",
        ] {
            assert_eq!(separated(text), text);
        }
    }

    #[test]
    fn other_blocks_are_left_alone() {
        let knowledge = Knowledge::embedded();
        let text = "Delivery challengesGetting genes into the right cells is hard.";
        let block = TextBlock::new(BlockKind::Paragraph, text);
        let out = separate(vec![block], knowledge.seam_names());
        assert_eq!(out[0].text, text);
    }
}
