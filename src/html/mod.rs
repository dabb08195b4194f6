//! Parse HTML: the DOM (html5ever through scraper) to a [`Page`] of visible
//! text blocks in document order.
//!
//! One iterative walk over the tree (`ego_tree`'s open/close edges, so a
//! hundred thousand nested `div`s cannot overflow the stack) does everything:
//!
//! - `script`, `style`, `noscript`, `template`, `svg`, `math`, form controls
//!   and embedded objects are skipped, as are elements marked `hidden` or
//!   styled `display:none` / `visibility:hidden`;
//! - block-level elements end the current block; text inside them is
//!   whitespace-normalised as a browser renders it (`pre` keeps its
//!   whitespace);
//! - headings keep their level, list items get a marker (`- `, or `N. ` in an
//!   ordered list), table rows become one block whose cells are joined by
//!   ` | `. A row whose cells hold several blocks (a layout table) is not a
//!   data row: its blocks are emitted in order instead;
//! - the head's `title`, `meta` and `link` elements and the root's `lang` fill
//!   the page's title, language and metadata.
//!
//! This stage is complete, not selective: choosing the main content is the
//! boilerplate stage's job.
//!
//! A page that shows nothing this way (a forum that serves its posts
//! inside `<noscript>` for crawlers, an application that renders into a
//! `hidden` element and reveals it by script) is read once more with
//! `noscript` unwrapped and hiding ignored: its text is what a reader
//! sees once the scripts ran, and an empty answer would be worse.

use crate::page::{primary_language, Page};
use ego_tree::iter::Edge;
use regex::Regex;
use std::sync::LazyLock;
use walk::Walker;

pub mod nesting;
pub mod reduce;
mod tags;
mod walk;

/// Parses `source` and returns its visible text blocks and declared metadata.
///
/// ```
/// let page = cistron::html::parse("<title>T</title><h1>Head</h1><ul><li>one<li>two</ul>");
/// let texts: Vec<_> = page.blocks.iter().map(|b| b.text.as_str()).collect();
/// assert_eq!(texts, ["Head", "- one", "- two"]);
/// assert_eq!(page.title.as_deref(), Some("T"));
/// ```
pub fn parse(source: &str) -> Page {
    let reduced = reduce::reduce(source);
    let page = parse_markup(&reduced.text, reduced.deepest);
    if !page.blocks.is_empty() {
        return page;
    }
    let unwrapped = NOSCRIPT_TAG.replace_all(source, " ");
    let reduced = reduce::reduce(&unwrapped);
    let revealed = walk_markup(&reduced.text, reduced.deepest, true);
    if revealed.blocks.is_empty() {
        page
    } else {
        revealed
    }
}

/// A `<noscript>` start or end tag, for reading a page that shows nothing
/// else.
static NOSCRIPT_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?noscript\b[^>]*>").expect("the NOSCRIPT_TAG pattern compiles (tested)")
});

/// [`parse`] without removing unread markup first: the reference the
/// reduction is tested against. `deepest` is the nesting depth if known
/// (`usize::MAX` when not), which decides whether the nesting cap runs.
pub fn parse_markup(source: &str, deepest: usize) -> Page {
    walk_markup(source, deepest, false)
}

/// [`parse_markup`]; with `reveal`, hidden elements are read too.
fn walk_markup(source: &str, deepest: usize, reveal: bool) -> Page {
    // html5ever is quadratic in nesting depth; cap it as Chromium does. The
    // reduction's count is close to the cap's own, so the cap runs, with
    // margin, only where it may have work.
    let markup = if deepest > nesting::MAX_DEPTH / 2 {
        nesting::cap(source)
    } else {
        std::borrow::Cow::Borrowed(source)
    };
    let dom = scraper::Html::parse_document(&markup);
    let mut walker = Walker::default();
    walker.reveal = reveal;
    for edge in dom.tree.root().traverse() {
        match edge {
            Edge::Open(node) => walker.open(node.id(), node.value()),
            Edge::Close(node) => walker.close(node.id(), node.value()),
        }
    }
    walker.flush();
    let declared_title = walker.metadata_title.take();
    let scripts = std::mem::take(&mut walker.json_ld);
    let mut page = walker.finish();
    let mut headline = None;
    for json in scripts {
        let found = crate::metadata::jsonld::read(&json, &mut page.metadata);
        headline = headline.or(found.headline);
        if page.language.is_none() {
            page.language = found.language.as_deref().and_then(primary_language);
        }
    }
    // A work's own title (citation_title, og:title, the JSON-LD headline)
    // is the title without the site's name that `<title>` usually appends.
    if let Some(title) = declared_title.or(headline) {
        page.title = Some(title);
    }
    page
}

/// Most JSON-LD scripts read from one page.
pub(crate) const MAX_JSON_LD: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BlockKind;

    fn blocks(html: &str) -> Vec<(BlockKind, String)> {
        parse(html)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    fn texts(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn a_page_that_shows_nothing_is_read_with_its_hidden_text() {
        assert_eq!(
            texts("<head><noscript><div><p>A post for crawlers.</p></div></noscript></head><body></body>"),
            ["A post for crawlers."]
        );
        assert_eq!(
            texts("<body><div hidden><p>Rendered, then revealed.</p></div></body>"),
            ["Rendered, then revealed."]
        );
        // Anything visible wins: hidden text stays hidden then.
        assert_eq!(
            texts("<body><p>Shown.</p><div hidden><p>Not shown.</p></div></body>"),
            ["Shown."]
        );
        assert!(NOSCRIPT_TAG.is_match("<NoScript data-x='1'>"));
    }

    #[test]
    fn whitespace_and_inline_elements() {
        assert_eq!(
            texts("<p>  a <b>bold</b>word\n\n  and&nbsp;more </p>"),
            ["a boldword and more"]
        );
        assert_eq!(
            texts("<div>one<div>two</div>three</div>"),
            ["one", "two", "three"]
        );
        assert_eq!(texts("<p>soft\u{ad}hyphen</p>"), ["softhyphen"]);
    }

    #[test]
    fn invisible_content_is_dropped() {
        let html = "<head><style>p{}</style><script>var x</script></head><body>\
            <noscript>enable js</noscript><p hidden>secret</p>\
            <div style='display: none'>modal</div><p>shown</p><template><p>t</p></template></body>";
        assert_eq!(texts(html), ["shown"]);
    }

    #[test]
    fn headings_keep_their_level() {
        let page = parse("<h2>Sub <i>title</i></h2><p>text</p>");
        assert_eq!(page.blocks[0].kind, BlockKind::Heading);
        assert_eq!(page.blocks[0].level, Some(2));
        assert_eq!(page.blocks[0].text, "Sub title");
    }

    #[test]
    fn lists_get_markers() {
        assert_eq!(
            texts("<ol start=3><li>c<li>d</ol><ul><li><p>x</p><p>more</p></li></ul>"),
            ["3. c", "4. d", "- x", "more"]
        );
        assert_eq!(texts("<ul><li>a<ul><li>b</ul></li></ul>"), ["- a", "- b"]);
    }

    #[test]
    fn data_tables_become_rows() {
        let html = "<table><tr><th>Product</th><th>Status</th></tr>\
            <tr><td><div>T-VEC</div></td><td>FDA<br>approved</td></tr></table>";
        assert_eq!(
            blocks(html),
            [
                (BlockKind::TableRow, "Product | Status".to_owned()),
                (BlockKind::TableRow, "T-VEC | FDA approved".to_owned())
            ]
        );
    }

    #[test]
    fn layout_tables_become_paragraphs_in_order() {
        let html = "<table><tr><td>menu</td><td><p>para one</p><p>para two</p></td></tr></table>";
        assert_eq!(texts(html), ["menu", "para one", "para two"]);
        let nested = "<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr></table>";
        assert_eq!(texts(nested), ["a | b", "c"]);
    }

    #[test]
    fn preformatted_keeps_whitespace() {
        assert_eq!(
            texts("<pre>\nfn  main() {\n    x\n}\n</pre>"),
            ["fn  main() {\n    x\n}"]
        );
    }

    #[test]
    fn head_metadata() {
        let page = parse(
            "<html lang='en-GB'><head><title> The  title </title>\
             <meta name=author content='A. Author'><meta name=keywords content='gene; therapy, AAV'>\
             <meta property='og:url' content='http://x/og'><link rel=canonical href='http://x/c'>\
             <meta name=citation_publication_date content='2024/04/17'></head><body><p>x</p></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("The title"));
        assert_eq!(page.language.as_deref(), Some("en"));
        assert_eq!(page.metadata.authors, ["A. Author"]);
        assert_eq!(page.metadata.keywords, ["gene", "therapy", "AAV"]);
        assert_eq!(page.metadata.canonical_url.as_deref(), Some("http://x/c"));
        assert_eq!(page.metadata.published.as_deref(), Some("2024/04/17"));
    }

    #[test]
    fn regressions_from_review() {
        // A table inside a list item keeps its rows.
        assert_eq!(
            texts("<ul><li>Products<table><tr><td>a</td><td>b</td></tr></table></li></ul>"),
            ["- Products", "a | b"]
        );
        // A second title in the body is not shown.
        assert_eq!(
            texts("<title>T</title><body><title>x</title><p>y</p>"),
            ["y"]
        );
        // Anti-flicker hiding of the body is ignored; closed dialogs are hidden.
        assert_eq!(
            texts("<body style='display:none'><p>y</p><dialog>modal</dialog></body>"),
            ["y"]
        );
        // Huge list numbers do not overflow.
        assert_eq!(
            texts("<ol start=9223372036854775807><li>a<li>b</ol>").len(),
            2
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 5_000;
        let html = format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth));
        assert_eq!(texts(&html), ["deep"]);
    }

    #[test]
    fn json_ld_and_meta_titles() {
        let page = parse(
            "<html><head><title>Page | Site</title>\
             <meta property='og:site_name' content='Gene Daily'>\
             <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"AAV news\",\
             \"author\":[{\"name\":\"Ann Lee\"}],\"dateModified\":\"2025-01-02\"}</script>\
             <script>var x = '<p>not text</p>';</script></head><body><p>Body.</p></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("AAV news"));
        assert_eq!(page.metadata.authors, ["Ann Lee"]);
        assert_eq!(page.metadata.updated.as_deref(), Some("2025-01-02"));
        assert_eq!(page.metadata.site_name.as_deref(), Some("Gene Daily"));
        assert_eq!(page.blocks.len(), 1);
        let declared = parse(
            "<title>Page | Site</title><meta name='citation_title' content='The Article'><p>x</p>",
        );
        assert_eq!(declared.title.as_deref(), Some("The Article"));
    }
}
