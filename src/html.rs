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

use crate::metadata::push_unique;
use crate::page::{normalize_space, primary_language, DomNode, Page, TextBlock};
use crate::record::{BlockKind, Metadata};
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::Node;

/// Parses `source` and returns its visible text blocks and declared metadata.
///
/// ```
/// let page = cistron::html::parse("<title>T</title><h1>Head</h1><ul><li>one<li>two</ul>");
/// let texts: Vec<_> = page.blocks.iter().map(|b| b.text.as_str()).collect();
/// assert_eq!(texts, ["Head", "- one", "- two"]);
/// assert_eq!(page.title.as_deref(), Some("T"));
/// ```
pub fn parse(source: &str) -> Page {
    let reduced = crate::markup_reduce::reduce(source);
    parse_markup(&reduced.text, reduced.deepest)
}

/// [`parse`] without removing unread markup first: the reference the
/// reduction is tested against. `deepest` is the nesting depth if known
/// (`usize::MAX` when not), which decides whether the nesting cap runs.
pub fn parse_markup(source: &str, deepest: usize) -> Page {
    // html5ever is quadratic in nesting depth; cap it as Chromium does. The
    // reduction's count is close to the cap's own, so the cap runs, with
    // margin, only where it may have work.
    let markup = if deepest > crate::nesting::MAX_DEPTH / 2 {
        crate::nesting::cap(source)
    } else {
        std::borrow::Cow::Borrowed(source)
    };
    let dom = scraper::Html::parse_document(&markup);
    let mut walker = Walker::default();
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
const MAX_JSON_LD: usize = 16;

/// What an open block element means for the text inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Heading(u8),
    ListItem { marked: bool },
    Preformatted,
    Quote,
    Caption,
}

#[derive(Debug, Default)]
struct List {
    ordered: bool,
    next: i64,
}

/// A table row being collected: each cell holds the blocks found in it.
#[derive(Debug, Default)]
struct Row {
    cells: Vec<Vec<TextBlock>>,
    /// Cells that were `th`.
    header_cells: usize,
    in_cell: bool,
    /// `contexts.len()` when the current cell opened.
    context_floor: usize,
}

#[derive(Debug, Default)]
struct Walker {
    blocks: Vec<TextBlock>,
    buf: String,
    pending_space: bool,
    contexts: Vec<(NodeId, Context)>,
    lists: Vec<List>,
    rows: Vec<Row>,
    /// The element whose subtree is being skipped.
    skipping: Option<NodeId>,
    /// Whether the skipped element is a JSON-LD script, whose text is
    /// collected into `json_ld`.
    in_json_ld: bool,
    /// The text of each JSON-LD script.
    json_ld: Vec<String>,
    head_depth: usize,
    pre_depth: usize,
    title: Option<String>,
    title_buf: Option<String>,
    /// The title a `meta` tag declares.
    metadata_title: Option<String>,
    work: crate::references::Reference,
    language: Option<String>,
    metadata: Metadata,
    /// Open block-level elements: the tree node and its index in `dom`.
    elements: Vec<(NodeId, u32)>,
    dom: Vec<DomNode>,
    /// Open `<a href>` elements.
    links: Vec<NodeId>,
    /// Code points of `buf` that sit inside links.
    buf_link_chars: u32,
}

impl Walker {
    fn open(&mut self, id: NodeId, node: &Node) {
        if self.skipping.is_some() {
            if let (true, Node::Text(text), Some(json)) =
                (self.in_json_ld, node, self.json_ld.last_mut())
            {
                json.push_str(text);
            }
            return;
        }
        match node {
            Node::Text(text) => self.text(text),
            Node::Element(el) => self.open_element(id, el),
            _ => {}
        }
    }

    fn close(&mut self, id: NodeId, node: &Node) {
        if let Some(skipped) = self.skipping {
            if skipped == id {
                self.skipping = None;
                self.in_json_ld = false;
            }
            return;
        }
        if let Node::Element(el) = node {
            self.close_element(id, el);
            if self.links.last() == Some(&id) {
                self.links.pop();
            }
            if self.elements.last().is_some_and(|&(open, _)| open == id) {
                self.elements.pop();
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(title) = self.title_buf.as_mut() {
            title.push_str(text);
            return;
        }
        if self.head_depth > 0 {
            return;
        }
        if self.pre_depth > 0 {
            self.buf.push_str(text);
            if !self.links.is_empty() {
                self.count_link_chars(text.chars().filter(|c| !c.is_whitespace()).count());
            }
            return;
        }
        let mut pushed = 0usize;
        if text.is_ascii() {
            // The same as below, a run of non-space bytes at a time: most
            // text is ASCII.
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if matches!(bytes[i], b'\t'..=b'\r' | b' ') {
                    self.pending_space = !self.buf.is_empty();
                    i += 1;
                    continue;
                }
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b'\t'..=b'\r' | b' '))
                    .map_or(bytes.len(), |p| i + p);
                self.push_run(&text[i..end]);
                pushed += end - i;
                i = end;
            }
            if !self.links.is_empty() {
                self.count_link_chars(pushed);
            }
            return;
        }
        // Runs of visible characters are copied whole; whitespace collapses
        // and soft hyphens (invisible unless a line breaks there) go.
        let mut at = 0;
        while at < text.len() {
            let (start, end, space) = crate::page::next_break(text.as_bytes(), at);
            if start > at {
                let run = &text[at..start];
                self.push_run(run);
                pushed += run.bytes().filter(|b| b & 0xC0 != 0x80).count();
            }
            if space {
                self.pending_space = !self.buf.is_empty();
            }
            at = end;
        }
        if !self.links.is_empty() {
            self.count_link_chars(pushed);
        }
    }

    /// Appends visible text, after the space a whitespace run left pending.
    fn push_run(&mut self, run: &str) {
        if self.pending_space {
            self.buf.push(' ');
            self.pending_space = false;
        }
        self.buf.push_str(run);
    }

    fn count_link_chars(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.buf_link_chars = self.buf_link_chars.saturating_add(n);
    }

    /// Records a block-level element in the page's DOM outline.
    fn enter_element(&mut self, id: NodeId, tag: &'static str, attrs: &Attrs<'_>) {
        let parent = self.elements.last().map(|&(_, index)| index);
        let depth = parent
            .and_then(|p| self.dom.get(p as usize))
            .map_or(0, |p| p.depth.saturating_add(1));
        let mut names = String::new();
        for value in [attrs.id, attrs.class, attrs.role, attrs.itemprop]
            .into_iter()
            .flatten()
        {
            if !names.is_empty() {
                names.push(' ');
            }
            let value = value.trim();
            if value.is_ascii() {
                names.extend(value.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                names.push_str(&value.to_lowercase());
            }
        }
        let Ok(index) = u32::try_from(self.dom.len()) else {
            return;
        };
        self.dom.push(DomNode {
            parent,
            depth,
            tag,
            names,
        });
        self.elements.push((id, index));
    }

    fn open_element(&mut self, id: NodeId, el: &Element) {
        let name = el.name();
        let attrs = Attrs::of(el);
        // A second <title> (in an SVG or the body) is not shown either. Pages
        // that hide <html> or <body> until a script runs (anti-flicker) are
        // read as they will be shown.
        let hidden = !matches!(name, "html" | "body") && is_hidden(&attrs);
        let stray_title = name == "title" && self.title.is_some();
        let closed_dialog = name == "dialog" && !attrs.open;
        if is_skipped(name) || hidden || stray_title || closed_dialog {
            self.skipping = Some(id);
            let json_ld = name == "script"
                && attrs
                    .kind
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
            if json_ld && self.json_ld.len() < MAX_JSON_LD {
                self.in_json_ld = true;
                self.json_ld.push(String::new());
            }
            return;
        }
        if let Some(tag) = outline_tag(name).filter(|_| self.head_depth == 0) {
            // The text so far belongs to the enclosing element, not this one.
            self.flush();
            self.enter_element(id, tag, &attrs);
        }
        if name == "a" && attrs.href {
            self.links.push(id);
        }
        match name {
            "html" => self.language = attrs.lang.and_then(primary_language),
            "head" => self.head_depth += 1,
            "title" if self.title.is_none() => self.title_buf = Some(String::new()),
            "meta" => {
                read_work(el, &mut self.work);
                read_meta(el, &mut self.metadata, &mut self.metadata_title);
            }
            "link" => read_link(el, &mut self.metadata),
            "br" => self.line_break(),
            "tr" => {
                self.flush();
                self.rows.push(Row::default());
            }
            "td" | "th" => {
                self.flush();
                let depth = self.contexts.len();
                if let Some(row) = self.rows.last_mut() {
                    row.cells.push(Vec::new());
                    row.header_cells += usize::from(name == "th");
                    row.in_cell = true;
                    row.context_floor = depth;
                }
            }
            "ol" | "ul" | "menu" | "dir" => {
                self.flush();
                let start = attrs.start.and_then(|s| s.trim().parse().ok());
                self.lists.push(List {
                    ordered: name == "ol",
                    next: start.unwrap_or(1),
                });
            }
            _ => {
                if let Some(context) = context_of(name) {
                    self.flush();
                    if context == Context::Preformatted {
                        self.pre_depth += 1;
                    }
                    self.contexts.push((id, context));
                } else if is_block(name) {
                    self.flush();
                }
            }
        }
    }

    fn close_element(&mut self, id: NodeId, el: &Element) {
        let name = el.name();
        match name {
            "head" => self.head_depth = self.head_depth.saturating_sub(1),
            "title" => {
                if let Some(title) = self.title_buf.take() {
                    let title = normalize_space(&title);
                    self.title = (!title.is_empty()).then_some(title);
                }
            }
            "tr" => {
                self.flush();
                if let Some(row) = self.rows.pop() {
                    self.finish_row(row);
                }
            }
            "td" | "th" => {
                self.flush();
                if let Some(row) = self.rows.last_mut() {
                    row.in_cell = false;
                }
            }
            "ol" | "ul" | "menu" | "dir" => {
                self.flush();
                self.lists.pop();
            }
            _ => {
                if self.contexts.last().is_some_and(|(open, _)| *open == id) {
                    self.flush();
                    if let Some((_, Context::Preformatted)) = self.contexts.pop() {
                        self.pre_depth = self.pre_depth.saturating_sub(1);
                    }
                } else if is_block(name) {
                    self.flush();
                }
            }
        }
    }

    /// `br` ends a line, except inside a table cell, where a line break is
    /// part of the cell's content (names, addresses) and must not turn a data
    /// row into a layout row.
    fn line_break(&mut self) {
        if self.pre_depth > 0 {
            self.buf.push('\n');
        } else if self.rows.last().is_some_and(|r| r.in_cell) {
            self.pending_space = !self.buf.is_empty();
        } else {
            self.flush();
        }
    }

    /// Ends the current block, if it has any text.
    fn flush(&mut self) {
        self.pending_space = false;
        let link_chars = std::mem::take(&mut self.buf_link_chars);
        if self.buf.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.buf);
        let text = if self.pre_depth > 0 {
            raw.trim_end().trim_start_matches(['\n', '\r']).to_owned()
        } else {
            raw
        };
        if text.trim().is_empty() {
            return;
        }
        let mut block = self.make_block(text);
        block.node = self.current_node();
        block.link_chars = link_chars;
        self.emit(block);
    }

    fn current_node(&self) -> Option<u32> {
        self.elements.last().map(|&(_, index)| index)
    }

    fn make_block(&mut self, text: String) -> TextBlock {
        // Contexts opened outside the current table cell do not apply to
        // its content: a table inside a list item has cells, not items.
        let floor = self
            .rows
            .last()
            .filter(|r| r.in_cell)
            .map_or(0, |r| r.context_floor);
        let innermost = self.contexts.get_mut(floor..).and_then(|c| c.last_mut());
        let Some((_, context)) = innermost else {
            return TextBlock::new(BlockKind::Paragraph, text);
        };
        match context {
            Context::Heading(level) => TextBlock {
                level: Some(*level),
                ..TextBlock::new(BlockKind::Heading, text)
            },
            Context::ListItem { marked } if !*marked => {
                *marked = true;
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let n = list.next;
                        list.next = list.next.saturating_add(1);
                        format!("{n}. ")
                    }
                    _ => "- ".to_owned(),
                };
                TextBlock::new(BlockKind::ListItem, marker + &text)
            }
            Context::ListItem { .. } => TextBlock::new(BlockKind::Paragraph, text),
            Context::Preformatted => TextBlock::new(BlockKind::Preformatted, text),
            Context::Quote => TextBlock::new(BlockKind::Quote, text),
            Context::Caption => TextBlock::new(BlockKind::Caption, text),
        }
    }

    /// Sends a finished block to the open table cell, or to the page.
    fn emit(&mut self, block: TextBlock) {
        match self.rows.last_mut() {
            Some(row) => match row.cells.last_mut() {
                Some(cell) if row.in_cell => cell.push(block),
                // Text between cells (invalid HTML, kept by the parser) is a
                // cell of its own rather than lost.
                _ => row.cells.push(vec![block]),
            },
            None => self.blocks.push(block),
        }
    }

    /// A row whose every cell holds at most one plain block is a data row;
    /// anything else (paragraphs, lists or a nested table inside a cell) is
    /// layout, and its blocks go out in order.
    fn finish_row(&mut self, row: Row) {
        let is_data = row.cells.iter().all(|cell| {
            cell.len() <= 1
                && cell
                    .iter()
                    .all(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Caption))
        });
        let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
        if is_data && filled >= 2 {
            let mut cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.first().map_or_else(String::new, |b| b.text.clone()))
                .collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            let header = row.header_cells == row.cells.len();
            let link_chars = row.cells.iter().flatten().map(|b| b.link_chars).sum();
            let block = TextBlock {
                node: self.current_node(),
                link_chars,
                ..TextBlock::row(cells, header)
            };
            self.emit(block);
        } else {
            for block in row.cells.into_iter().flatten() {
                self.emit(block);
            }
        }
    }

    fn finish(self) -> Page {
        Page {
            blocks: self.blocks,
            title: self.title,
            language: self.language,
            metadata: self.metadata,
            dom: self.dom,
            work: self.work,
        }
    }
}

fn is_skipped(name: &str) -> bool {
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
fn is_hidden(attrs: &Attrs<'_>) -> bool {
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
/// readers, must be in [`crate::markup_reduce::WALK_ATTRIBUTES`]: the others
/// are removed before parsing.
#[derive(Default)]
struct Attrs<'a> {
    id: Option<&'a str>,
    class: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    style: Option<&'a str>,
    kind: Option<&'a str>,
    lang: Option<&'a str>,
    start: Option<&'a str>,
    href: bool,
    hidden: bool,
    open: bool,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a Element) -> Self {
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
fn outline_tag(name: &str) -> Option<&'static str> {
    block_tag(name).or(
        static_name!(name; "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li"
        | "pre" | "listing" | "xmp" | "plaintext" | "blockquote" | "figcaption" | "caption"
        | "tr" | "td" | "th" | "ol" | "ul" | "menu" | "dir" | "html"),
    )
}

fn context_of(name: &str) -> Option<Context> {
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
fn is_block(name: &str) -> bool {
    block_tag(name).is_some()
}

/// [`is_block`]'s elements, as static names.
fn block_tag(name: &str) -> Option<&'static str> {
    static_name!(name; "address" | "article" | "aside" | "body" | "center" | "details" | "dialog" | "dl" | "fieldset" | "figure" | "footer" | "form" | "header" | "hgroup" | "hr" | "main" | "nav" | "section" | "table" | "tbody" | "thead" | "tfoot" | "colgroup" | "option" | "optgroup" | "frameset" | "noframes" | "search" | "p" | "div" | "dt" | "dd" | "summary" | "legend")
}

/// Which metadata field a `<meta name|property>` fills.
#[derive(Clone, Copy)]
enum MetaField {
    Author,
    Description,
    Keywords,
    Published,
    Updated,
    Publisher,
    SiteName,
    Title,
    CanonicalUrl,
    License,
}

/// Meta names and properties, lower case. Dublin Core and Highwire
/// `citation_*` tags are the ones journals and repositories emit.
const META_FIELDS: &[(&str, MetaField)] = &[
    ("article:modified_time", MetaField::Updated),
    ("article:published_time", MetaField::Published),
    ("author", MetaField::Author),
    ("citation_author", MetaField::Author),
    ("citation_date", MetaField::Published),
    ("citation_keywords", MetaField::Keywords),
    ("citation_publication_date", MetaField::Published),
    ("citation_publisher", MetaField::Publisher),
    ("citation_title", MetaField::Title),
    ("date", MetaField::Published),
    ("dc.creator", MetaField::Author),
    ("dc.date", MetaField::Published),
    ("dc.date.issued", MetaField::Published),
    ("dc.description", MetaField::Description),
    ("dc.publisher", MetaField::Publisher),
    ("dc.rights", MetaField::License),
    ("dc.subject", MetaField::Keywords),
    ("dc.title", MetaField::Title),
    ("dcterms.license", MetaField::License),
    ("dcterms.modified", MetaField::Updated),
    ("description", MetaField::Description),
    ("keywords", MetaField::Keywords),
    ("news_keywords", MetaField::Keywords),
    ("og:description", MetaField::Description),
    ("og:site_name", MetaField::SiteName),
    ("og:title", MetaField::Title),
    ("og:updated_time", MetaField::Updated),
    ("og:url", MetaField::CanonicalUrl),
];

/// The `citation_*` tags (Highwire, as journals emit them for Google
/// Scholar) that describe the page's own work.
fn read_work(el: &Element, work: &mut crate::references::Reference) {
    let (Some(key), Some(content)) = (el.attr("name"), el.attr("content")) else {
        return;
    };
    let content = normalize_space(content);
    if content.is_empty() {
        return;
    }
    let first = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(content.clone());
        }
    };
    match key.trim().to_ascii_lowercase().as_str() {
        "citation_title" => first(&mut work.title),
        "citation_journal_title" | "citation_conference_title" | "citation_book_title" => {
            first(&mut work.container)
        }
        "citation_volume" => first(&mut work.volume),
        "citation_issue" => first(&mut work.issue),
        "citation_firstpage" => first(&mut work.pages),
        "citation_lastpage" => {
            if let Some(p) = work.pages.as_mut().filter(|p| !p.contains('-')) {
                p.push('-');
                p.push_str(&content);
            }
        }
        "citation_doi" => {
            work.doi = work
                .doi
                .take()
                .or_else(|| crate::extract::identifiers::normalise_doi(&content))
        }
        "citation_publication_date" | "citation_date" | "citation_online_date"
            if work.year.is_none() =>
        {
            work.year = content.get(..4).and_then(|y| y.parse().ok());
        }
        "citation_author" => work
            .authors
            .extend(crate::references::authors::parse(&content)),
        _ => {}
    }
}

fn read_meta(el: &Element, metadata: &mut Metadata, title: &mut Option<String>) {
    let Some(key) = el.attr("name").or_else(|| el.attr("property")) else {
        return;
    };
    let Some(content) = el.attr("content").map(normalize_space) else {
        return;
    };
    if content.is_empty() {
        return;
    }
    let key = key.trim().to_ascii_lowercase();
    let Ok(i) = META_FIELDS.binary_search_by(|(k, _)| (*k).cmp(key.as_str())) else {
        return;
    };
    let first = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(content.clone());
        }
    };
    match META_FIELDS[i].1 {
        MetaField::Author => push_unique(&mut metadata.authors, &content),
        MetaField::Description => first(&mut metadata.description),
        MetaField::Keywords => {
            for keyword in content
                .split([',', ';'])
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                push_unique(&mut metadata.keywords, keyword);
            }
        }
        MetaField::Published => first(&mut metadata.published),
        MetaField::Updated => first(&mut metadata.updated),
        MetaField::Publisher => first(&mut metadata.publisher),
        MetaField::SiteName => first(&mut metadata.site_name),
        MetaField::Title => first(title),
        MetaField::CanonicalUrl => first(&mut metadata.canonical_url),
        MetaField::License => first(&mut metadata.license),
    }
}

fn read_link(el: &Element, metadata: &mut Metadata) {
    let (Some(rel), Some(href)) = (el.attr("rel"), el.attr("href")) else {
        return;
    };
    let href = href.trim();
    if href.is_empty() {
        return;
    }
    for rel in rel.split_ascii_whitespace() {
        if rel.eq_ignore_ascii_case("canonical") {
            // The canonical link outranks og:url, which may have come first.
            metadata.canonical_url = Some(href.to_owned());
        } else if rel.eq_ignore_ascii_case("license") && metadata.license.is_none() {
            metadata.license = Some(href.to_owned());
        }
    }
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
    fn meta_fields_are_sorted_for_binary_search() {
        for pair in META_FIELDS.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{} must sort before {}",
                pair[0].0,
                pair[1].0
            );
        }
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
