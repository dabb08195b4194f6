//! The tree the HTML stage parses into: scraper's, minus what the walk
//! never reads.
//!
//! scraper's [`HtmlTreeSink`] keeps every attribute of every element
//! (sorted) and every character of every script and style sheet; on the
//! pages Cistron reads, inline scripts and styles are often half the
//! bytes, and `data-*`, `srcset` and tracking attributes most of the rest.
//! This sink wraps scraper's and, before a node is stored, drops
//!
//! - the text of elements whose content is raw text and whose subtree the
//!   walk skips whatever their attributes say (`script`, `style`,
//!   `noscript`, `iframe`, `textarea`), except JSON-LD scripts, which the
//!   walk reads for metadata;
//! - the attributes the walk does not read ([`KEPT_ATTRIBUTES`]).
//!
//! The tree builder's decisions do not depend on the sink's storage (it
//! keeps its own copy of each tag's attributes), so the tree's shape is
//! html5ever's, exactly as `Html::parse_document` builds it.

use ego_tree::NodeId;
use markup5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use markup5ever::interface::{Attribute, QualName};
use markup5ever::{local_name, LocalName};
use scraper::html::HtmlTreeSink;
use scraper::Html;
use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::collections::HashSet;

/// Attributes the HTML walk reads: names for the outline (`id`, `class`,
/// `role`, `itemprop`), visibility (`style`, `hidden`, `open`), links,
/// list numbering, language, script type and the head's `meta`/`link`.
pub const KEPT_ATTRIBUTES: &[LocalName] = &[
    local_name!("id"),
    local_name!("class"),
    local_name!("role"),
    local_name!("itemprop"),
    local_name!("style"),
    local_name!("type"),
    local_name!("lang"),
    local_name!("start"),
    local_name!("href"),
    local_name!("hidden"),
    local_name!("open"),
    local_name!("name"),
    local_name!("content"),
    local_name!("property"),
    local_name!("rel"),
];

/// Parses a whole document into scraper's [`Html`], keeping only what the
/// walk reads.
///
/// ```
/// let dom = cistron::html_sink::parse_document(
///     "<p data-x='1' class='a'>Hi<script>var x = 1;</script></p>",
/// );
/// let p = dom.select(&scraper::Selector::parse("p").unwrap()).next().unwrap();
/// assert_eq!(p.value().attr("class"), Some("a"));
/// assert_eq!(p.value().attr("data-x"), None);
/// assert_eq!(p.text().collect::<String>(), "Hi");
/// ```
pub fn parse_document(source: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let sink = LeanSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        json_ld: RefCell::default(),
    };
    html5ever::driver::parse_document(sink, Default::default()).one(source)
}

struct LeanSink {
    inner: HtmlTreeSink,
    /// JSON-LD scripts, whose text is kept.
    json_ld: RefCell<HashSet<NodeId>>,
}

impl LeanSink {
    /// Whether text appended to `parent` is never read.
    fn mutes(&self, parent: &NodeId) -> bool {
        let html = self.inner.0.borrow();
        let Some(el) = html.tree.get(*parent).and_then(|n| n.value().as_element()) else {
            return false;
        };
        match el.name.local {
            local_name!("script") => !self.json_ld.borrow().contains(parent),
            local_name!("style")
            | local_name!("noscript")
            | local_name!("iframe")
            | local_name!("textarea") => true,
            _ => false,
        }
    }
}

fn keep_read(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| KEPT_ATTRIBUTES.contains(&a.name.local));
}

fn is_json_ld(name: &QualName, attrs: &[Attribute]) -> bool {
    name.local == local_name!("script")
        && attrs.iter().any(|a| {
            a.name.local == local_name!("type")
                && a.value.trim().eq_ignore_ascii_case("application/ld+json")
        })
}

impl TreeSink for LeanSink {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_element(
        &self,
        name: QualName,
        mut attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> NodeId {
        let json_ld = is_json_ld(&name, &attrs);
        keep_read(&mut attrs);
        let id = self.inner.create_element(name, attrs, flags);
        if json_ld {
            self.json_ld.borrow_mut().insert(id);
        }
        id
    }

    fn create_comment(&self, text: html5ever::tendril::StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(
        &self,
        target: html5ever::tendril::StrTendril,
        data: html5ever::tendril::StrTendril,
    ) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        if matches!(child, NodeOrText::AppendText(_)) && self.mutes(parent) {
            return;
        }
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: html5ever::tendril::StrTendril,
        public_id: html5ever::tendril::StrTendril,
        system_id: html5ever::tendril::StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, mut attrs: Vec<Attribute>) {
        keep_read(&mut attrs);
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }
}
