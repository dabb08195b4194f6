//! Content: the kept blocks laid out as the record's one canonical `text`,
//! with each block's span.
//!
//! Layout rule: blocks are separated by a blank line, except consecutive list
//! items and consecutive table rows, which stay on adjacent lines so that a
//! list or a table reads as one unit. Spans count Unicode code points, the
//! unit every span in a record uses.

use crate::page::TextBlock;
use crate::record::Span as RecordSpan;
use crate::record::{Block, BlockKind, Span};

/// The canonical text and its block structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    /// The text every span indexes.
    pub text: String,
    /// Blocks with their spans in `text`.
    pub blocks: Vec<Block>,
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
        out.push(Block {
            kind: block.kind,
            level: block.level,
            span: Span::new(chars, chars + len),
        });
        chars += len;
        previous = Some(block.kind);
    }
    Content { text, blocks: out }
}

/// Finds `pieces`, in order, in `text`, each after the previous one; returns
/// each piece's span in code points, or `None` for a piece that is not in
/// `text` (it stood in markup or in a removed block). Leading and trailing
/// whitespace of a piece is not searched for, since layout normalises it.
///
/// This is how stages before layout (repair) give their results spans in the
/// final text without knowing its layout.
///
/// ```
/// let spans = cistron::content::locate("a “b” c “b”", ["“b”", "nope", "“b”"]);
/// let spans: Vec<_> = spans.into_iter().map(|s| s.map(<[usize; 2]>::from)).collect();
/// assert_eq!(spans, [Some([2, 5]), None, Some([8, 11])]);
/// ```
pub fn locate<'a>(
    text: &str,
    pieces: impl IntoIterator<Item = &'a str>,
) -> Vec<Option<RecordSpan>> {
    let mut cursor = 0usize; // byte offset
    let mut cursor_chars = 0usize;
    pieces
        .into_iter()
        .map(|piece| {
            let needle = piece.trim();
            if needle.is_empty() {
                return None;
            }
            let found = text[cursor..].find(needle)?;
            let start_byte = cursor + found;
            let start = cursor_chars + text[cursor..start_byte].chars().count();
            let end = start + needle.chars().count();
            cursor = start_byte + needle.len();
            cursor_chars = end;
            Some(RecordSpan::new(start, end))
        })
        .collect()
}
