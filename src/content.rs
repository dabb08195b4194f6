//! Content: the kept blocks laid out as the record's one canonical `text`,
//! with each block's span.
//!
//! Layout rule: blocks are separated by a blank line, except consecutive list
//! items and consecutive table rows, which stay on adjacent lines so that a
//! list or a table reads as one unit. Spans count Unicode code points, the
//! unit every span in a record uses.

use crate::page::TextBlock;
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
