//! A cap on element nesting before HTML parsing.
//!
//! html5ever searches the stack of open elements at every end tag, so a
//! page of 100,000 nested `<div>`s costs it time quadratic in the depth
//! (minutes, measured). Chromium's parser caps the tree at 512 levels and
//! hangs deeper elements beside the 512th; this module does the same
//! before html5ever sees the markup, with a linear scan that tracks an
//! approximate depth and drops the tags (never the text) of elements
//! opened past the cap. Elements whose end tag HTML lets authors omit
//! (`p`, `li`, `td`...) and void elements do not count, so a sloppy page
//! of unclosed paragraphs is not mistaken for a deep one; a page that
//! never passes the cap is returned untouched, borrowed.

use std::borrow::Cow;

/// The deepest nesting kept: Chromium's `kMaximumHTMLParserDOMTreeDepth`.
pub const MAX_DEPTH: usize = 512;

/// `source` with the tags of elements nested deeper than [`MAX_DEPTH`]
/// removed.
///
/// ```
/// let deep = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
/// let capped = cistron::nesting::cap(&deep);
/// assert_eq!(capped.matches("<div>").count(), 512);
/// assert!(capped.contains('x'));
/// assert!(matches!(cistron::nesting::cap("<p>a<p>b"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn cap(source: &str) -> Cow<'_, str> {
    if !passes_cap(source) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut depth = 0usize;
    let mut copied = 0;
    for tag in tags(source) {
        match tag.kind {
            Kind::Open => {
                depth += 1;
                if depth > MAX_DEPTH {
                    out.push_str(&source[copied..tag.range.start]);
                    copied = tag.range.end;
                }
            }
            Kind::Close => {
                if depth > MAX_DEPTH {
                    out.push_str(&source[copied..tag.range.start]);
                    copied = tag.range.end;
                }
                depth = depth.saturating_sub(1);
            }
        }
    }
    out.push_str(&source[copied..]);
    Cow::Owned(out)
}

fn passes_cap(source: &str) -> bool {
    let mut depth = 0usize;
    for tag in tags(source) {
        match tag.kind {
            Kind::Open => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            Kind::Close => depth = depth.saturating_sub(1),
        }
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
}

struct Tag {
    kind: Kind,
    range: std::ops::Range<usize>,
}

/// The start and end tags that change the nesting depth, in order. Comments,
/// doctypes and processing instructions are passed over, and the contents
/// of `script`, `style`, `textarea` and `title` are text, not tags.
fn tags(source: &str) -> impl Iterator<Item = Tag> + '_ {
    let bytes = source.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        let lt = pos + memchr::memchr(b'<', bytes.get(pos..)?)?;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            pos = memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            pos = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            pos = lt + 1;
            continue;
        }
        let end = tag_end(bytes, name_start + name_len);
        pos = end;
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        if !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            // Raw text up to the matching end tag.
            let close = format!("</{name}");
            pos = find_ascii_ci(&bytes[end..], close.as_bytes()).map_or(bytes.len(), |i| end + i);
        }
        let self_closing = bytes[..end].ends_with(b"/>");
        if is_void(&name) || omits_end_tag(&name) || (self_closing && !closing) {
            continue;
        }
        return Some(Tag {
            kind: if closing { Kind::Close } else { Kind::Open },
            range: lt..end,
        });
    })
}

/// The byte after a tag's `>`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

/// Elements whose end tag may be omitted: unclosed, they do not nest.
fn omits_end_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let page = format!(
            "<html><body>{}<script>if (a<b) {{ x = '<div>'; }}</script><!-- <div> -->{}</body></html>",
            "<div><p>text".repeat(400),
            "</div>".repeat(400)
        );
        assert!(matches!(cap(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_keeps_its_text_and_loses_its_excess_tags() {
        let deep = format!(
            "<div class=\"a>b\">{}deep{}</div>",
            "<span>".repeat(2000),
            "</span>".repeat(2000)
        );
        let capped = cap(&deep);
        assert_eq!(capped.matches("<span>").count(), MAX_DEPTH - 1);
        assert_eq!(capped.matches("</span>").count(), MAX_DEPTH - 1);
        assert!(capped.contains("deep"));
    }

    #[test]
    fn linear_in_the_depth() {
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let page = crate::html::parse(&deep);
        assert!(page.blocks.iter().any(|b| b.text == "x"));
    }
}
