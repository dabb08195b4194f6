//! Content: the kept blocks laid out as the record's one canonical `text`,
//! with each block's span.
//!
//! Layout rule: blocks are separated by a blank line, except consecutive list
//! items and consecutive table rows, which stay on adjacent lines so that a
//! list or a table reads as one unit. Spans count Unicode code points, the
//! unit every span in a record uses.

use crate::page::{TextBlock, CELL_SEPARATOR};
use crate::record::Span as RecordSpan;
use crate::record::{Block, BlockKind, Cell, Span, Table};

/// The canonical text and its block structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    /// The text every span indexes.
    pub text: String,
    /// Blocks with their spans in `text`.
    pub blocks: Vec<Block>,
    /// Runs of table rows, with each cell's span.
    pub tables: Vec<Table>,
}

/// Lays `blocks` out as one text.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::BlockKind;
///
/// let c = cistron::content::assemble(&[
///     TextBlock::new(BlockKind::Heading, "Café"),
///     TextBlock::new(BlockKind::ListItem, "- a"),
///     TextBlock::new(BlockKind::ListItem, "- b"),
/// ]);
/// assert_eq!(c.text, "Café\n\n- a\n- b");
/// assert_eq!(<[usize; 2]>::from(c.blocks[1].span), [6, 9]);
/// ```
pub fn assemble(blocks: &[TextBlock]) -> Content {
    let capacity = blocks.iter().map(|b| b.text.len() + 2).sum();
    let mut text = String::with_capacity(capacity);
    let mut out = Vec::with_capacity(blocks.len());
    let mut tables: Vec<Table> = Vec::new();
    let mut chars = 0usize;
    let mut previous: Option<BlockKind> = None;
    for block in blocks {
        if let Some(prev) = previous {
            let tight =
                prev == block.kind && matches!(prev, BlockKind::ListItem | BlockKind::TableRow);
            let sep = if tight { "\n" } else { "\n\n" };
            text.push_str(sep);
            chars += sep.len();
        }
        let len = block.text.chars().count();
        text.push_str(&block.text);
        let span = Span::new(chars, chars + len);
        out.push(Block {
            kind: block.kind,
            level: block.level,
            span,
        });
        if block.kind == BlockKind::TableRow {
            let cells = cells_of(block, chars);
            let continues = previous == Some(BlockKind::TableRow) && !block.header;
            match tables.last_mut() {
                Some(table) if continues => {
                    table.span = Span::new(table.span.start, span.end);
                    table.rows.push(cells);
                }
                _ => tables.push(Table {
                    span,
                    header: block.header.then(|| cells.clone()),
                    rows: if block.header {
                        Vec::new()
                    } else {
                        vec![cells]
                    },
                }),
            }
        }
        chars += len;
        previous = Some(block.kind);
    }
    Content {
        text,
        blocks: out,
        tables,
    }
}

/// The cells of a row that starts at code point `start`. A row whose text
/// is not its cells joined (a stage rewrote it) is split at the separator.
fn cells_of(block: &TextBlock, start: usize) -> Vec<Cell> {
    let joined = block.cells.len() > 1 && block.cells.join(CELL_SEPARATOR) == block.text;
    let pieces: Vec<&str> = if joined {
        block.cells.iter().map(String::as_str).collect()
    } else {
        block.text.split(CELL_SEPARATOR).collect()
    };
    let sep = CELL_SEPARATOR.chars().count();
    let mut at = start;
    pieces
        .into_iter()
        .map(|piece| {
            let len = piece.chars().count();
            let cell = Cell {
                text: piece.to_owned(),
                span: Span::new(at, at + len),
            };
            at += len + sep;
            cell
        })
        .collect()
}

/// A piece of text to find in the final text, with the text around it in
/// the source it came from, which tells apart two occurrences of the piece.
#[derive(Debug, Clone, Copy)]
pub struct Anchor<'a> {
    /// Source text just before the piece.
    pub before: &'a str,
    /// The piece.
    pub piece: &'a str,
    /// Source text just after the piece.
    pub after: &'a str,
}

/// Context characters kept on each side of an anchor.
const CONTEXT_CHARS: usize = 12;

/// Finds `anchors`, in order, in `text`, each after the previous one; returns
/// each piece's span in code points, or `None` for a piece that is not in
/// `text` (it stood in markup or in a removed block). Leading and trailing
/// whitespace of a piece is not searched for, since layout normalises it.
///
/// Each piece is searched with as much of the word around it in the source
/// as the text still has (up to 12 characters a side, cut at whitespace and
/// markup), then with less: so a repaired `é` lands on its own word, not on
/// an earlier `é`.
///
/// This is how stages before layout (repair) give their results spans in the
/// final text without knowing its layout.
///
/// ```
/// use cistron::content::{locate, Anchor};
/// let a = |before, piece, after| Anchor { before, piece, after };
/// let spans = locate("é and café", [a("caf", "é", "")]);
/// assert_eq!(spans[0].map(<[usize; 2]>::from), Some([9, 10]));
/// ```
pub fn locate<'a>(
    text: &str,
    anchors: impl IntoIterator<Item = Anchor<'a>>,
) -> Vec<Option<RecordSpan>> {
    let mut cursor = 0usize; // byte offset
    let mut cursor_chars = 0usize;
    // Pieces that are not in the text (they stood in markup) cost a scan
    // each; a budget of a few passes over the text keeps the whole linear.
    let mut budget = text.len().saturating_mul(8).saturating_add(1 << 20);
    anchors
        .into_iter()
        .map(|anchor| {
            let needle = anchor.piece.trim();
            if needle.is_empty() || budget == 0 {
                return None;
            }
            let left = context(anchor.before, true);
            let right = context(anchor.after, false);
            // A single character found with no context at all could be any
            // occurrence of it: better no span than a wrong one, unless it
            // stands alone between spaces and has no context to give.
            let alone = left.is_empty() && right.is_empty();
            let least = if needle.chars().count() < 2 && !alone {
                1
            } else {
                0
            };
            let start_byte = [CONTEXT_CHARS, 6, 3, 0]
                .iter()
                .filter(|&&n| n >= least)
                .find_map(|&n| {
                    let l = tail_chars(&left, n);
                    let r = head_chars(&right, n);
                    let probe = format!("{l}{needle}{r}");
                    // The left context may overlap text an earlier piece took.
                    let mut from = cursor.saturating_sub(l.len());
                    while !text.is_char_boundary(from) {
                        from -= 1;
                    }
                    // Overlapping occurrences count: search again one character
                    // after each one that starts too early.
                    loop {
                        let found = text[from..].find(&probe);
                        budget = budget
                            .saturating_sub(found.map_or(text.len() - from, |i| i + probe.len()));
                        let at = from + found? + l.len();
                        if at >= cursor {
                            return Some(at);
                        }
                        from += found?
                            + text[from + found?..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8);
                    }
                })?;
            let start = cursor_chars + text[cursor..start_byte].chars().count();
            let end = start + needle.chars().count();
            cursor = start_byte + needle.len();
            cursor_chars = end;
            Some(RecordSpan::new(start, end))
        })
        .collect()
}

/// The source context next to a piece: the word it touches, cut at markup,
/// entity characters and whitespace (layout changes whitespace, never words).
fn context(s: &str, before: bool) -> String {
    let stop = |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '&' | ';');
    if before {
        let start = s
            .rfind(stop)
            .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        s[start..].to_owned()
    } else {
        let end = s.find(stop).unwrap_or(s.len());
        s[..end].to_owned()
    }
}

fn tail_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 {
        ""
    } else {
        &s[start..]
    }
}

fn head_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}
