//! Glued tables: rows whose cells a scraper ran together.
//!
//! A header line tells the column count: `ProductTypeCancerStatus` is four
//! title-case words with nothing between them. The lines under it are cut to
//! that many cells, from three kinds of seam, strongest first:
//!
//! 1. a lower-case letter or a closing bracket straight before a capital
//!    that starts a word (`virusAdvanced`, `(Imlygic)Oncolytic`);
//! 2. the same before an acronym (`melanomaFDA`), or a digit before a
//!    capitalised word (`AAV9Approved`);
//! 3. a known name (a product or vector of [`crate::knowledge`]) that ends
//!    or starts mid-word (`Gendicine|p53`), the seam case cannot show.
//!
//! A row with fewer seams than the header needs is not a row, and ends the
//! table; a row with more keeps the strongest set. Seams inside a known name
//! (`ChAdOx1`, `NexCAR19`) and after a short lower-case prefix (`mRNA`,
//! `scAAV`) are not seams. Choosing among seams by strength rather than by
//! position is what lets cells hold several words and brackets.

use crate::page::TextBlock;
use crate::record::BlockKind;
use aho_corasick::AhoCorasick;

/// Fewest columns taken as a table; two title-case words glued together are
/// as often a name (`CancerFax`) as a header.
const MIN_COLUMNS: usize = 3;
/// Most columns considered: wider glued headers are not seen in practice,
/// and the search over seams grows with it.
const MAX_COLUMNS: usize = 8;
/// Fewest rows under a header for the lines to be taken as a table.
const MIN_ROWS: usize = 2;
/// Most seams considered in one row.
const MAX_SEAMS: usize = 14;
/// Longest header cell, in characters.
const MAX_HEADER_CELL: usize = 30;
/// Longest row, in characters: a paragraph is not a row.
const MAX_ROW: usize = 300;

/// A place to cut a glued line: byte offset and strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seam {
    /// Byte offset of the capital that starts the next cell.
    pub(super) at: usize,
    /// 3: a lower-case letter into a capitalised word; 2: into an
    /// all-capital word or after a digit or bracket; 1: at a known name.
    pub(super) strength: u8,
}

/// Replaces each glued header and the rows under it by table rows.
pub fn rebuild(blocks: Vec<TextBlock>, names: &AhoCorasick) -> Vec<TextBlock> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let Some(header) = header_cells(&blocks[i], names) else {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        };
        let rows: Vec<Vec<String>> = blocks[i + 1..]
            .iter()
            .map_while(|b| row_cells(b, header.len(), names))
            .collect();
        if rows.len() < MIN_ROWS {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        }
        i += 1 + rows.len();
        out.push(TextBlock::row(header, true));
        out.extend(rows.into_iter().map(|cells| TextBlock::row(cells, false)));
    }
    out
}

/// The cells of a glued header line: title-case words or short phrases, cut
/// at case seams only.
fn header_cells(block: &TextBlock, names: &AhoCorasick) -> Option<Vec<String>> {
    if block.kind != BlockKind::Paragraph || block.text.chars().count() > MAX_HEADER_CELL * 4 {
        return None;
    }
    let seams: Vec<Seam> = seams(&block.text, names)
        .into_iter()
        .filter(|s| s.strength >= 2)
        .collect();
    if !(MIN_COLUMNS - 1..MAX_COLUMNS).contains(&seams.len()) {
        return None;
    }
    let cells = cut(&block.text, seams.iter().map(|s| s.at));
    cells.iter().all(|c| is_header_cell(c)).then_some(cells)
}

fn is_header_cell(cell: &str) -> bool {
    let words = cell.split_whitespace().count();
    (1..=4).contains(&words)
        && cell.chars().count() <= MAX_HEADER_CELL
        && cell.chars().next().is_some_and(char::is_uppercase)
        && !cell.ends_with(['.', ',', ';', ':', '!', '?'])
}

/// The cells of a row under a header of `columns` cells, or `None` when the
/// line does not cut into that many.
fn row_cells(block: &TextBlock, columns: usize, names: &AhoCorasick) -> Option<Vec<String>> {
    if block.kind != BlockKind::Paragraph || block.text.chars().count() > MAX_ROW {
        return None;
    }
    let seams = seams(&block.text, names);
    let needed = columns - 1;
    if seams.len() < needed || seams.len() > MAX_SEAMS {
        return None;
    }
    let chosen = strongest(&seams, needed);
    let cells = cut(&block.text, chosen);
    cells.iter().all(|c| !c.is_empty()).then_some(cells)
}

/// The `k` seams with the greatest total strength, earliest first among
/// equals; kept in text order.
fn strongest(seams: &[Seam], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..seams.len()).collect();
    // Stable: among equally strong seams the earlier ones win, which keeps
    // the choice deterministic.
    order.sort_by_key(|&i| std::cmp::Reverse(seams[i].strength));
    let mut chosen: Vec<usize> = order[..k].iter().map(|&i| seams[i].at).collect();
    chosen.sort_unstable();
    chosen
}

fn cut(text: &str, at: impl IntoIterator<Item = usize>) -> Vec<String> {
    let mut cells = Vec::new();
    let mut from = 0;
    for at in at {
        cells.push(text[from..at].trim().to_owned());
        from = at;
    }
    cells.push(text[from..].trim().to_owned());
    cells
}

/// Every seam of a line, in text order.
pub(super) fn seams(text: &str, names: &AhoCorasick) -> Vec<Seam> {
    let names: Vec<(usize, usize)> = names
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let inside_name = |at: usize| names.iter().any(|&(s, e)| s < at && at < e);
    let mut out: Vec<Seam> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 1..chars.len() {
        let (_, prev) = chars[w - 1];
        let (at, next) = chars[w];
        if !next.is_uppercase() || inside_name(at) {
            continue;
        }
        let then = chars.get(w + 1).map(|&(_, c)| c);
        let starts_word = then.is_some_and(char::is_lowercase);
        let strength = if prev.is_lowercase() || matches!(prev, ')' | ']') {
            if prev.is_lowercase() && short_lower_prefix(&chars[..w]) {
                continue;
            }
            if starts_word {
                3
            } else {
                2
            }
        } else if prev.is_ascii_digit() && starts_word {
            2
        } else {
            continue;
        };
        out.push(Seam { at, strength });
    }
    for &(start, end) in &names {
        let glued_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let glued_after = text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let seam = match (glued_before, glued_after) {
            (false, true) => end,
            (true, false) => start,
            _ => continue,
        };
        if !out.iter().any(|s| s.at == seam) {
            out.push(Seam {
                at: seam,
                strength: 1,
            });
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

/// Whether the capital follows a lower-case prefix of at most two letters
/// that does not continue a word (`mRNA`, `siRNA`, `scAAV`, `iPSC`,
/// `AAV9-mCherry`): notation, not a seam.
fn short_lower_prefix(before: &[(usize, char)]) -> bool {
    let run = before
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_lowercase())
        .count();
    let continues_word = before
        .len()
        .checked_sub(run + 1)
        .is_some_and(|i| before[i].1.is_alphabetic());
    run <= 2 && !continues_word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> TextBlock {
        TextBlock::new(BlockKind::Paragraph, text)
    }

    fn table(lines: &[&str]) -> Vec<Vec<String>> {
        let knowledge = crate::knowledge::Knowledge::embedded();
        rebuild(
            lines.iter().map(|l| para(l)).collect(),
            knowledge.seam_names(),
        )
        .into_iter()
        .map(|b| {
            if b.kind == BlockKind::TableRow {
                b.cells
            } else {
                vec![b.text]
            }
        })
        .collect()
    }

    #[test]
    fn glued_rows_cut_to_the_header() {
        let got = table(&[
            "ProductTypeCancerStatus",
            "T-VEC (Imlygic)Oncolytic virusAdvanced melanomaFDA approved",
            "Gendicinep53 adenovirusHead & neck squamous cellApproved in China",
            "CAR-T productsLentiviral gene transferBlood cancersFDA approved (6 products)",
            "CRISPR-edited TILsGene editing + cell therapySolid tumorsPhase 1/2 trials",
            "Gene therapy is promising.",
        ]);
        assert_eq!(got[0], ["Product", "Type", "Cancer", "Status"]);
        assert_eq!(
            got[1],
            [
                "T-VEC (Imlygic)",
                "Oncolytic virus",
                "Advanced melanoma",
                "FDA approved"
            ]
        );
        assert_eq!(
            got[2],
            [
                "Gendicine",
                "p53 adenovirus",
                "Head & neck squamous cell",
                "Approved in China"
            ]
        );
        assert_eq!(got[4][0], "CRISPR-edited TILs");
        assert_eq!(got[5], ["Gene therapy is promising."]);
    }

    #[test]
    fn notation_and_known_names_are_not_seams() {
        let got = table(&[
            "PayloadVectorPhase",
            "siRNA knockdownLipid nanoparticlePhase 2",
            "ChAdOx1 antigenscAAV deliveryPhase 1",
        ]);
        assert_eq!(got[1], ["siRNA knockdown", "Lipid nanoparticle", "Phase 2"]);
        assert_eq!(got[2], ["ChAdOx1 antigen", "scAAV delivery", "Phase 1"]);
    }

    #[test]
    fn no_table_without_enough_rows_or_columns() {
        let one_row = table(&[
            "NameVectorStatus",
            "ZolgensmaAAV9Approved",
            "Prose follows here.",
        ]);
        assert_eq!(one_row[0], ["NameVectorStatus"]);
        let two_columns = table(&["NameStatus", "ZolgensmaApproved", "LuxturnaApproved"]);
        assert_eq!(two_columns[0], ["NameStatus"]);
        let brand = table(&["CancerFax", "Gene therapy for cancer patients."]);
        assert_eq!(brand[0], ["CancerFax"]);
    }

    #[test]
    fn a_row_that_does_not_cut_ends_the_table() {
        let got = table(&[
            "NameVectorStatus",
            "ZolgensmaAAV9Approved",
            "LuxturnaAAV2Approved",
            "Both are approved in the United States.",
        ]);
        assert_eq!(got.len(), 4);
        assert_eq!(got[3], ["Both are approved in the United States."]);
    }
}
