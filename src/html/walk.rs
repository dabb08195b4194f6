//! The walk: one iterative pass over html5ever's tree (`ego_tree`'s
//! open/close edges, so deep nesting cannot overflow the stack) that turns
//! visible text into blocks, collects table rows and list markers, keeps
//! the outline of block containers, and hands the head's elements to the
//! metadata readers.

use super::tags::{context_of, is_block, is_hidden, is_skipped, outline_tag, Attrs, Context};
use super::MAX_JSON_LD;
use crate::metadata::meta_tags::{read_link, read_meta, read_work};
use crate::page::{normalize_space, primary_language, DomNode, Page, TextBlock};
use crate::record::{BlockKind, Metadata};
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::Node;

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
pub(super) struct Walker {
    /// Read hidden elements too (a page that shows nothing otherwise).
    pub(super) reveal: bool,
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
    pub(super) json_ld: Vec<String>,
    head_depth: usize,
    pre_depth: usize,
    title: Option<String>,
    title_buf: Option<String>,
    /// The title a `meta` tag declares.
    pub(super) metadata_title: Option<String>,
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
    pub(super) fn open(&mut self, id: NodeId, node: &Node) {
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

    pub(super) fn close(&mut self, id: NodeId, node: &Node) {
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
        let hidden = !self.reveal && !matches!(name, "html" | "body") && is_hidden(&attrs);
        let stray_title = name == "title" && self.title.is_some();
        let closed_dialog = !self.reveal && name == "dialog" && !attrs.open;
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
    pub(super) fn flush(&mut self) {
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

    pub(super) fn finish(self) -> Page {
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
