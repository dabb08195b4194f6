//! Segment: the content cut into the units a statement lives in.
//!
//! Extraction reads facts sentence by sentence ("T-VEC (Imlygic) is
//! FDA-approved.") and row by row (a table row states its product, type and
//! status in separate cells). This stage turns [`Content`] into [`Unit`]s:
//! the sentences of running text, headings whole, and table rows with their
//! cells. Offsets are bytes of the content's `text` here, because the
//! automata and regexes of the extractors work in bytes; [`Offsets`]
//! converts them to the code points every record span uses.
//!
//! Sentence splitting is deliberately simple (a full stop, question or
//! exclamation mark followed by a space and a capital, a digit or a quote),
//! with the abbreviations biomedical text is full of ("e.g.", "U.S.",
//! "et al.", initials) held back. A statistical splitter would buy little:
//! the extractors only need sentences to keep one statement's product away
//! from the next statement's status.

use crate::content::Content;
use crate::knowledge::phrase_table::SENTENCE_ABBREVIATIONS;
use crate::record::BlockKind;
use std::ops::Range;
use std::sync::Arc;

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A sentence of a paragraph, list item, quote or caption.
    Sentence,
    /// A heading, whole.
    Heading,
    /// A table row; its cells are in [`Unit::cells`].
    Row,
    /// A table's header row.
    HeaderRow,
}

/// A sentence, heading or row, as a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// What it is.
    pub kind: UnitKind,
    /// Where it is.
    pub range: Range<usize>,
    /// For rows, each cell's range, in order.
    pub cells: Vec<Range<usize>>,
    /// For rows of a table with a header, the header's cells: a column
    /// named "FDA approval" says what a bare "2017" under it means. Shared
    /// by the table's rows, not copied into each: a wide header over many
    /// rows would cost their product in memory.
    pub header: Arc<[Range<usize>]>,
}

/// The content's text and its units.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    /// The content's canonical text.
    pub text: &'a str,
    /// Units in text order.
    pub units: Vec<Unit>,
    /// Byte to code point conversion for `text`.
    pub offsets: Offsets,
    /// The content's blocks (spans in code points).
    pub blocks: &'a [crate::record::Block],
}

/// Converts between byte offsets and code point offsets of one text.
///
/// ASCII text needs no table: both offsets are equal.
#[derive(Debug, Clone, Default)]
pub struct Offsets {
    /// Byte offset of each code point, plus the text's length; empty for
    /// ASCII text.
    starts: Vec<usize>,
}

impl Offsets {
    /// The conversion table for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self::default();
        }
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        Offsets { starts }
    }

    /// The code point at byte offset `byte` (which must be a boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            return byte;
        }
        self.starts.partition_point(|&b| b < byte)
    }

    /// The byte offset of code point `ch`.
    pub fn byte_of(&self, ch: usize) -> usize {
        if self.starts.is_empty() {
            return ch;
        }
        self.starts.get(ch).copied().unwrap_or_else(|| {
            // Past the end: the end.
            self.starts.last().copied().unwrap_or_default()
        })
    }
}

/// The header of a unit that has none.
fn no_header() -> Arc<[Range<usize>]> {
    Arc::new([])
}

/// Cuts `content` into units.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::BlockKind;
/// use cistron::segment::{segment, UnitKind};
///
/// let content = cistron::content::assemble(&[
///     TextBlock::new(BlockKind::Heading, "Luxturna"),
///     TextBlock::new(BlockKind::Paragraph, "It was approved in the U.S. in 2017. Europe followed."),
/// ]);
/// let s = segment(&content);
/// let texts: Vec<&str> = s.units.iter().map(|u| &s.text[u.range.clone()]).collect();
/// assert_eq!(texts, ["Luxturna", "It was approved in the U.S. in 2017.", "Europe followed."]);
/// assert_eq!(s.units[0].kind, UnitKind::Heading);
/// ```
pub fn segment(content: &Content) -> Segmented<'_> {
    let text = content.text.as_str();
    let offsets = Offsets::new(text);
    let mut units = Vec::with_capacity(content.blocks.len() * 2);
    let cell_ranges = |row: &[crate::record::Cell]| -> Vec<Range<usize>> {
        row.iter()
            .map(|c| offsets.byte_of(c.span.start)..offsets.byte_of(c.span.end))
            .collect()
    };
    let mut cells = content
        .tables
        .iter()
        .flat_map(|t| {
            let header: Arc<[Range<usize>]> = t
                .header
                .as_deref()
                .map(cell_ranges)
                .unwrap_or_default()
                .into();
            t.header
                .iter()
                .map(|h| (h, true, no_header()))
                .chain(t.rows.iter().map(move |r| (r, false, Arc::clone(&header))))
        })
        .peekable();
    for block in &content.blocks {
        let range = offsets.byte_of(block.span.start)..offsets.byte_of(block.span.end);
        match block.kind {
            BlockKind::Heading => units.push(Unit {
                kind: UnitKind::Heading,
                range,
                cells: Vec::new(),
                header: no_header(),
            }),
            BlockKind::TableRow => {
                // Rows and table rows come in the same order; a row's cells
                // start where the block starts.
                let row = match cells.peek() {
                    Some((row, _, _))
                        if row.first().map(|c| offsets.byte_of(c.span.start))
                            == Some(range.start) =>
                    {
                        cells.next()
                    }
                    _ => None,
                };
                let (kind, cells, header) = match row {
                    Some((row, is_header, header)) => (
                        if is_header {
                            UnitKind::HeaderRow
                        } else {
                            UnitKind::Row
                        },
                        cell_ranges(row),
                        header,
                    ),
                    None => (UnitKind::Row, vec![range.clone()], no_header()),
                };
                units.push(Unit {
                    kind,
                    range,
                    cells,
                    header,
                });
            }
            _ => units.extend(sentences(text, range).map(|range| Unit {
                kind: UnitKind::Sentence,
                range,
                cells: Vec::new(),
                header: no_header(),
            })),
        }
    }
    Segmented {
        text,
        units: bounded(text, units),
        offsets,
        blocks: &content.blocks,
    }
}

/// The longest unit extraction sees, in bytes. Extraction weighs every
/// trigger of a unit against every name in it, which is quadratic in the
/// unit; real sentences, headings and rows are far shorter, so a longer
/// unit (a page flattened into one line without stops) is cut into pieces
/// of about this size at spaces, which keeps the whole stage linear.
const MAX_UNIT_BYTES: usize = 2000;

fn bounded(text: &str, units: Vec<Unit>) -> Vec<Unit> {
    if units.iter().all(|u| u.range.len() <= MAX_UNIT_BYTES) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        if unit.range.len() <= MAX_UNIT_BYTES {
            out.push(unit);
            continue;
        }
        let mut start = unit.range.start;
        while start < unit.range.end {
            let mut end = (start + MAX_UNIT_BYTES).min(unit.range.end);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end < unit.range.end {
                // Cut after the last space of the piece, if it has one.
                if let Some(space) = text[start..end].rfind(char::is_whitespace) {
                    if space > 0 {
                        end = start + space;
                    }
                }
            }
            let piece = &text[start..end];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if start + lead < end - trail {
                out.push(Unit {
                    kind: UnitKind::Sentence,
                    range: start + lead..end - trail,
                    cells: Vec::new(),
                    header: no_header(),
                });
            }
            start = end.max(start + 1);
            while start < unit.range.end && !text.is_char_boundary(start) {
                start += 1;
            }
        }
    }
    out
}

/// The sentences of `text[range]`, trimmed, as byte ranges.
fn sentences(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut cuts = vec![range.start];
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if b == b'\n' {
            cuts.push(i + 1);
        } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, range.start, i, range.end)
        {
            // Closing quotes and brackets stay with the sentence they close.
            let mut j = i + 1;
            while j < range.end {
                let rest = &text[j..range.end];
                let Some(c) = rest.chars().next() else { break };
                if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            cuts.push(j);
            i = j;
            continue;
        }
        i += 1;
    }
    cuts.push(range.end);
    let starts = cuts.clone();
    starts
        .into_iter()
        .zip(cuts.into_iter().skip(1))
        .filter_map(move |(s, e)| {
            let piece = &text[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            (s + lead < e - trail).then(|| s + lead..e - trail)
        })
}

/// Whether the stop at byte `at` ends a sentence: followed by space and a
/// capital, digit or opening quote, and not after an abbreviation or an
/// initial.
fn ends_sentence(text: &str, start: usize, at: usize, end: usize) -> bool {
    let after = &text[at + 1..end];
    let after = after.trim_start_matches(['"', '\'', ')', ']', '”', '’', '»']);
    let Some(rest) = after.strip_prefix([' ', '\t', '\u{a0}']) else {
        return false;
    };
    let rest = rest.trim_start();
    let Some(next) = rest.chars().next() else {
        return false;
    };
    if !(next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '(' | '['))
    {
        return false;
    }
    if text.as_bytes()[at] != b'.' {
        return true;
    }
    let word_start = text[start..at]
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(start, |i| start + i + 1);
    let word = text[word_start..at].to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    !(single_initial || SENTENCE_ABBREVIATIONS.phrases().contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s, 0..s.len()).map(|r| &s[r]).collect()
    }

    #[test]
    fn sentences_end_at_stops_before_capitals() {
        assert_eq!(
            split("Kymriah was approved. It is a CAR-T! Why? Because."),
            [
                "Kymriah was approved.",
                "It is a CAR-T!",
                "Why?",
                "Because."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        assert_eq!(
            split("The U.S. FDA (e.g. CBER) approved it, see Smith J. et al. Nature 2019. Next."),
            [
                "The U.S. FDA (e.g. CBER) approved it, see Smith J. et al. Nature 2019.",
                "Next."
            ]
        );
        assert_eq!(
            split("A dose of 1.5 x 10e14 vg/kg. Then"),
            ["A dose of 1.5 x 10e14 vg/kg.", "Then"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“It works.” Then more."),
            ["“It works.”", "Then more."]
        );
    }

    #[test]
    fn endless_units_are_cut_into_bounded_pieces() {
        let text = "gene therapy é ".repeat(1000);
        let units = bounded(
            &text,
            vec![Unit {
                kind: UnitKind::Heading,
                range: 0..text.len(),
                cells: Vec::new(),
                header: no_header(),
            }],
        );
        assert!(units.len() >= 8, "{}", units.len());
        for u in &units {
            assert!(u.range.len() <= MAX_UNIT_BYTES);
            assert!(!text[u.range.clone()].starts_with(' '));
        }
        let covered: usize = units.iter().map(|u| u.range.len()).sum();
        assert!(covered + units.len() * 2 >= text.trim_end().len());
    }

    #[test]
    fn offsets_convert_both_ways() {
        let text = "é—a";
        let o = Offsets::new(text);
        assert_eq!(o.char_of(0), 0);
        assert_eq!(o.char_of(2), 1);
        assert_eq!(o.char_of(5), 2);
        assert_eq!(o.char_of(6), 3);
        assert_eq!(o.byte_of(2), 5);
        assert_eq!(o.byte_of(9), 6);
        let ascii = Offsets::new("abc");
        assert_eq!((ascii.char_of(2), ascii.byte_of(2)), (2, 2));
    }
}
