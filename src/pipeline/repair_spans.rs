//! Where each repair ends up in the record's text.
//!
//! Mojibake is repaired on the whole source, before parsing, and entities
//! escaped twice are decoded in the kept blocks, after boilerplate removal;
//! a record's `repairs` point into its final `text`. So each repair is
//! located again: a source repair by its piece and the text around it
//! ([`crate::content::locate`]), an entity repair by its block's span plus
//! the code points before it in the block. A repair whose result did not
//! reach the text (inside markup, in a removed block) is not reported.

use crate::content;
use crate::mojibake;
use crate::page::TextBlock;
use crate::record::Repair;

/// Whether byte `pos` of an HTML source is inside a tag or inside the
/// content of an element that is never shown.
fn in_hidden_markup(source: &str, pos: usize) -> bool {
    // Look back a bounded window: tags and titles are short, and an
    // unbounded look-back per repair would be quadratic.
    let mut from = pos.saturating_sub(4096);
    while !source.is_char_boundary(from) {
        from -= 1;
    }
    let before = &source[from..pos];
    let Some(open) = before.rfind('<') else {
        return false;
    };
    if !before[open..].contains('>') {
        return true;
    }
    let name: String = before[open + 1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "title" | "script" | "style" | "noscript" | "template" | "textarea"
    )
}

/// Decodes entities that were escaped twice in each block (see
/// [`mojibake::entities`]); returns the fixes with their block's index.
pub(super) fn unescape_blocks(blocks: &mut [TextBlock]) -> Vec<(usize, mojibake::Fix)> {
    let mut fixes = Vec::new();
    for (i, block) in blocks.iter_mut().enumerate() {
        let (text, found) = mojibake::entities::unescape(&block.text);
        if !found.is_empty() {
            block.text = text;
            for cell in &mut block.cells {
                *cell = mojibake::entities::unescape(cell).0;
            }
            fixes.extend(found.into_iter().map(|f| (i, f)));
        }
    }
    fixes
}

/// Entity repairs with spans: the block's start plus the code points before
/// the fix inside the block.
pub(super) fn entity_repairs(
    kept: &[TextBlock],
    blocks: &[crate::record::Block],
    fixes: Vec<(usize, mojibake::Fix)>,
) -> Vec<Repair> {
    // Fixes come in block order and, inside a block, in text order: count
    // code points from the previous fix, not from the block's start.
    let mut at: Option<(usize, usize, usize)> = None; // (block, byte, chars)
    fixes
        .into_iter()
        .filter_map(|(i, fix)| {
            let block_text = &kept.get(i)?.text;
            let (mut byte, mut chars) = match at {
                Some((b, byte, chars)) if b == i && byte <= fix.range.start => (byte, chars),
                _ => (0, blocks.get(i)?.span.start),
            };
            chars += block_text.get(byte..fix.range.start)?.chars().count();
            byte = fix.range.start;
            let start = chars;
            let end = start + block_text.get(fix.range.clone())?.chars().count();
            at = Some((i, byte, start));
            Some(Repair {
                span: crate::record::Span::new(start, end),
                before: fix.before,
                encodings: fix.encodings,
                confidence: fix.confidence,
            })
        })
        .collect()
}

/// The repairs whose result is still in the final text, with their spans
/// there. A repair inside markup or a dropped block is not reported: its
/// span would point nowhere.
pub(super) fn locate_repairs(text: &str, repaired: &mojibake::Repaired, html: bool) -> Vec<Repair> {
    let source = repaired.text.as_str();
    // In HTML, repairs inside tags or inside elements that are not shown
    // (the title, scripts) have no place in the text; searching for them
    // would only find a look-alike elsewhere.
    let fixes: Vec<&mojibake::Fix> = repaired
        .fixes
        .iter()
        .filter(|f| !html || !in_hidden_markup(source, f.range.start))
        .collect();
    let floor = |i: usize| {
        (0..=i)
            .rev()
            .find(|&j| source.is_char_boundary(j))
            .unwrap_or(0)
    };
    let ceil = |i: usize| {
        (i..=source.len())
            .find(|&j| source.is_char_boundary(j))
            .unwrap_or(source.len())
    };
    let anchors = fixes.iter().map(|f| content::Anchor {
        before: &source[floor(f.range.start.saturating_sub(64))..f.range.start],
        piece: &source[f.range.clone()],
        after: &source[f.range.end..ceil(f.range.end + 64)],
    });
    content::locate(text, anchors)
        .into_iter()
        .zip(fixes)
        .filter_map(|(span, fix)| {
            Some(Repair {
                span: span?,
                before: fix.before.clone(),
                encodings: fix.encodings.clone(),
                confidence: fix.confidence,
            })
        })
        .collect()
}
