//! HTML entities that were escaped twice: `&amp;eacute;` in the source shows
//! as the literal text `&eacute;`. Scrapers leave the same traces in
//! flattened text (`Tom &amp; Jerry`). This runs on the text of each block,
//! after parsing, where a literal entity can only be such a leftover.
//!
//! Only complete references are decoded: a name from the HTML5 table
//! (markup5ever's copy of it) followed by `;`, or a decimal or hexadecimal
//! character reference with `;`. `AT&T` and `&c` stay as they are.

use super::Fix;
use markup5ever::data::NAMED_ENTITIES;

/// Decodes literal entity references in `text`; returns the new text and a
/// fix per reference (byte ranges in the new text).
///
/// ```
/// let (text, fixes) = cistron::mojibake::entities::unescape("caf&eacute; &amp; cr&#232;me, AT&T");
/// assert_eq!(text, "café & crème, AT&T");
/// assert_eq!(fixes.len(), 3);
/// ```
pub fn unescape(text: &str) -> (String, Vec<Fix>) {
    if !text.contains('&') {
        return (text.to_owned(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut fixes = Vec::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        match reference(tail) {
            Some((len, decoded)) => {
                let start = out.len();
                out.push_str(&decoded);
                fixes.push(Fix {
                    range: start..out.len(),
                    before: tail[..len].to_owned(),
                    encodings: vec!["html-entity".to_owned()],
                    confidence: 0.95,
                });
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    (out, fixes)
}

/// The length of the reference at the start of `s` (which starts with `&`)
/// and what it stands for.
fn reference(s: &str) -> Option<(usize, String)> {
    // The longest entity name has 31 characters.
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let body = s.get(1..semi)?;
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
                num.parse().ok()?
            }
            _ => return None,
        };
        let c = char::from_u32(code).filter(|c| *c != '\0')?;
        c.to_string()
    } else {
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let &(a, b) = NAMED_ENTITIES.get(&s[1..=semi])?;
        let mut decoded: String = char::from_u32(a)?.to_string();
        if b != 0 {
            decoded.push(char::from_u32(b)?);
        }
        decoded
    };
    // A no-break space becomes a plain space, as the layout normalises it.
    let decoded = if decoded == "\u{a0}" {
        " ".to_owned()
    } else {
        decoded
    };
    Some((semi + 1, decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let cases = [
            ("&eacute;", "é"),
            ("&amp;", "&"),
            ("&#x1F9EC;", "🧬"),
            ("&#8212;", "—"),
            ("&nbsp;", " "),
            ("AT&T", "AT&T"),
            ("&nosuchentity;", "&nosuchentity;"),
            ("& amp;", "& amp;"),
            ("&#;", "&#;"),
            ("&#0;", "&#0;"),
            ("10Î&frac14;s", "10Î¼s"),
        ];
        for (input, want) in cases {
            assert_eq!(unescape(input).0, want, "{input}");
        }
    }
}
