//! What the walk needs to know of each element: whether it is skipped or
//! hidden, whether it ends a block, what it means for the text inside it,
//! and the attributes it reads, found in one pass.
//!
//! Kept apart from the walk so that the element tables can be read (and
//! tested against each other) on their own; every name test is one `match`
//! on string literals, which the compiler turns into a jump on length and
//! bytes, with no allocation per element.

use scraper::node::Element;

/// What an open block element means for the text inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Heading(u8),
    ListItem { marked: bool },
    Preformatted,
    Quote,
    Caption,
}

pub(crate) fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "datalist"
            | "textarea"
            | "audio"
            | "video"
            | "map"
    )
}

/// Elements a browser would not show. Only inline styles are read: a
/// stylesheet would need a CSS engine, and inline hiding is what templates
/// use for menus and modals.
pub(crate) fn is_hidden(attrs: &Attrs<'_>) -> bool {
    if attrs.hidden {
        return true;
    }
    attrs.style.is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The attributes the walk reads, found in one pass over an element's
/// attributes: `Element::attr` interns its argument on every call, and
/// the walk asks several per element.
///
/// Every attribute the walk reads, here and in the head's `meta`/`link`
/// readers, must be in [`super::reduce::WALK_ATTRIBUTES`]: the others
/// are removed before parsing.
#[derive(Default)]
pub(crate) struct Attrs<'a> {
    pub(crate) id: Option<&'a str>,
    pub(crate) class: Option<&'a str>,
    pub(crate) role: Option<&'a str>,
    pub(crate) itemprop: Option<&'a str>,
    pub(crate) style: Option<&'a str>,
    pub(crate) kind: Option<&'a str>,
    pub(crate) lang: Option<&'a str>,
    pub(crate) start: Option<&'a str>,
    pub(crate) href: bool,
    pub(crate) hidden: bool,
    pub(crate) open: bool,
}

impl<'a> Attrs<'a> {
    pub(crate) fn of(el: &'a Element) -> Self {
        let mut attrs = Attrs::default();
        for (name, value) in el.attrs() {
            match name {
                "id" => attrs.id = Some(value),
                "class" => attrs.class = Some(value),
                "role" => attrs.role = Some(value),
                "itemprop" => attrs.itemprop = Some(value),
                "style" => attrs.style = Some(value),
                "type" => attrs.kind = Some(value),
                "lang" => attrs.lang = Some(value),
                "start" => attrs.start = Some(value),
                "href" => attrs.href = true,
                "hidden" => attrs.hidden = true,
                "open" => attrs.open = true,
                _ => {}
            }
        }
        attrs
    }
}

/// `Some(name)`, with the name's `'static` spelling, when `name` is one of
/// the literals: one `match`, no allocation.
macro_rules! static_name {
    ($name:expr; $($tag:literal)|+) => {
        match $name {
            $($tag => Some($tag),)+
            _ => None,
        }
    };
}

/// Elements kept in the page's DOM outline (everything that can hold a
/// block of text, so that the boilerplate stage sees the containers), as
/// the outline's static tag name: one lookup, and no string allocated per
/// element. The same set as [`is_block`], [`context_of`] and the list and
/// table elements (tested).
pub(crate) fn outline_tag(name: &str) -> Option<&'static str> {
    block_tag(name).or(
        static_name!(name; "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li"
        | "pre" | "listing" | "xmp" | "plaintext" | "blockquote" | "figcaption" | "caption"
        | "tr" | "td" | "th" | "ol" | "ul" | "menu" | "dir" | "html"),
    )
}

pub(crate) fn context_of(name: &str) -> Option<Context> {
    Some(match name {
        "h1" => Context::Heading(1),
        "h2" => Context::Heading(2),
        "h3" => Context::Heading(3),
        "h4" => Context::Heading(4),
        "h5" => Context::Heading(5),
        "h6" => Context::Heading(6),
        "li" => Context::ListItem { marked: false },
        "pre" | "listing" | "xmp" | "plaintext" => Context::Preformatted,
        "blockquote" => Context::Quote,
        "figcaption" | "caption" => Context::Caption,
        _ => return None,
    })
}

/// Elements that end the current line (HTML's block-level and table
/// elements, plus `option` and `hr`).
pub(crate) fn is_block(name: &str) -> bool {
    block_tag(name).is_some()
}

/// [`is_block`]'s elements, as static names.
pub(crate) fn block_tag(name: &str) -> Option<&'static str> {
    static_name!(name; "address" | "article" | "aside" | "body" | "center" | "details" | "dialog" | "dl" | "fieldset" | "figure" | "footer" | "form" | "header" | "hgroup" | "hr" | "main" | "nav" | "section" | "table" | "tbody" | "thead" | "tfoot" | "colgroup" | "option" | "optgroup" | "frameset" | "noframes" | "search" | "p" | "div" | "dt" | "dd" | "summary" | "legend")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_tags_are_the_blocks_contexts_lists_and_tables() {
        let names = [
            "a",
            "abbr",
            "address",
            "article",
            "aside",
            "b",
            "blockquote",
            "body",
            "br",
            "caption",
            "center",
            "code",
            "colgroup",
            "dd",
            "details",
            "dialog",
            "dir",
            "div",
            "dl",
            "dt",
            "em",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "frameset",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "head",
            "header",
            "hgroup",
            "hr",
            "html",
            "i",
            "img",
            "legend",
            "li",
            "listing",
            "main",
            "menu",
            "nav",
            "noframes",
            "ol",
            "optgroup",
            "option",
            "p",
            "plaintext",
            "pre",
            "search",
            "section",
            "span",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "time",
            "tr",
            "u",
            "ul",
            "xmp",
            "custom-el",
        ];
        for name in names {
            let container = is_block(name)
                || context_of(name).is_some()
                || matches!(
                    name,
                    "tr" | "td" | "th" | "ol" | "ul" | "menu" | "dir" | "html"
                );
            assert_eq!(outline_tag(name), container.then_some(name), "{name}");
        }
    }
}
