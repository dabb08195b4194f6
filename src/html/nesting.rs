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
/// let capped = cistron::html::nesting::cap(&deep);
/// assert_eq!(capped.matches("<div>").count(), 512);
/// assert!(capped.contains('x'));
/// assert!(matches!(cistron::html::nesting::cap("<p>a<p>b"), std::borrow::Cow::Borrowed(_)));
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
        // Tag names that matter are short; lower-case them on the stack.
        let mut buf = [0u8; 16];
        let name: &[u8] = if name_len <= buf.len() {
            for (d, s) in buf
                .iter_mut()
                .zip(&bytes[name_start..name_start + name_len])
            {
                *d = s.to_ascii_lowercase();
            }
            &buf[..name_len]
        } else {
            b"-"
        };
        if !closing && matches!(name, b"script" | b"style" | b"textarea" | b"title") {
            // Raw text up to the matching end tag.
            pos = raw_text_end(bytes, end, name);
        }
        let self_closing = bytes[..end].ends_with(b"/>");
        if is_void(name) || omits_end_tag(name) || (self_closing && !closing) {
            continue;
        }
        return Some(Tag {
            kind: if closing { Kind::Close } else { Kind::Open },
            range: lt..end,
        });
    })
}

/// Where the raw text of a `name` element opened before `from` ends: at
/// its end tag `</name`, any case.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(lt) = bytes.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let at = i + lt;
        let tail = &bytes[at + 1..];
        if tail.first() == Some(&b'/')
            && tail.len() > name.len()
            && tail[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

/// The byte after a tag's `>`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(at) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'>', b'"', b'\'', rest))
    {
        let at = i + at;
        match bytes[at] {
            b'>' => return at + 1,
            quote => {
                // Skip to the closing quote.
                match bytes
                    .get(at + 1..)
                    .and_then(|rest| memchr::memchr(quote, rest))
                {
                    Some(close) => i = at + 1 + close + 1,
                    None => return bytes.len(),
                }
            }
        }
    }
    bytes.len()
}

pub(crate) fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
    )
}

/// Elements whose end tag may be omitted: unclosed, they do not nest.
pub(crate) fn omits_end_tag(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"rtc"
            | b"colgroup"
            | b"caption"
            | b"html"
            | b"head"
            | b"body"
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
