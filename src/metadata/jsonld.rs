//! schema.org JSON-LD (`<script type="application/ld+json">`).
//!
//! A block is one object, an array of objects, or an object with an
//! `@graph` array; the article is the node whose `@type` is a creative work
//! (`Article`, `NewsArticle`, `MedicalWebPage`, `ScholarlyArticle`...), and
//! the site is the `WebSite` node. Values come as strings, objects with a
//! `name` (or `url`), or arrays of either. A block that does not parse is
//! ignored: JSON-LD in the wild is often hand-written.

use super::{push_unique, MAX_VALUES};
use crate::knowledge::phrase_table::WORK_TYPES;
use crate::record::Metadata;
use serde_json::Value;

/// Largest JSON-LD block read, in bytes.
const MAX_BYTES: usize = 1 << 20;
/// Deepest nesting searched for nodes.
const MAX_DEPTH: usize = 8;

/// What a JSON-LD block adds to a page: metadata, and a headline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The work's headline or name.
    pub headline: Option<String>,
    /// The work's language (`inLanguage`).
    pub language: Option<String>,
}

/// Reads one JSON-LD block into the empty fields of `metadata`.
///
/// ```
/// use cistron::record::Metadata;
/// let mut m = Metadata::default();
/// let found = cistron::metadata::jsonld::read(
///     r#"{"@type":"NewsArticle","headline":"AAV news","author":{"name":"Jane Doe"},
///        "datePublished":"2025-01-02","publisher":{"name":"Gene Daily"}}"#,
///     &mut m,
/// );
/// assert_eq!(found.headline.as_deref(), Some("AAV news"));
/// assert_eq!(m.authors, ["Jane Doe"]);
/// assert_eq!(m.publisher.as_deref(), Some("Gene Daily"));
/// ```
pub fn read(json: &str, metadata: &mut Metadata) -> Found {
    let mut found = Found::default();
    if json.len() > MAX_BYTES {
        return found;
    }
    let Ok(value) = serde_json::from_str::<Value>(json.trim().trim_end_matches(';')) else {
        return found;
    };
    let mut nodes = Vec::new();
    collect(&value, 0, &mut nodes);
    let work = nodes
        .iter()
        .copied()
        .find(|n| has_type(n, |t| t != "WebPage" && WORK_TYPES.phrases().contains(&t)))
        .or_else(|| {
            nodes
                .iter()
                .copied()
                .find(|n| has_type(n, |t| WORK_TYPES.phrases().contains(&t)))
        });
    if let Some(work) = work {
        found.headline = text(work.get("headline")).or_else(|| text(work.get("name")));
        found.language = text(work.get("inLanguage"));
        if metadata.authors.is_empty() {
            metadata.authors = names(work.get("author"));
        }
        if metadata.reviewers.is_empty() {
            metadata.reviewers = names(work.get("reviewedBy"));
        }
        fill(&mut metadata.published, text(work.get("datePublished")));
        fill(&mut metadata.updated, text(work.get("dateModified")));
        fill(&mut metadata.reviewed, text(work.get("lastReviewed")));
        fill(&mut metadata.description, text(work.get("description")));
        fill(
            &mut metadata.publisher,
            names(work.get("publisher")).into_iter().next(),
        );
        fill(&mut metadata.license, text(work.get("license")));
        fill(&mut metadata.canonical_url, text(work.get("url")));
        if metadata.keywords.is_empty() {
            metadata.keywords = keywords(work.get("keywords"));
        }
    }
    if let Some(site) = nodes.iter().find(|n| has_type(n, |t| t == "WebSite")) {
        fill(&mut metadata.site_name, text(site.get("name")));
    }
    found
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Every object node, depth-first, in document order.
fn collect<'a>(value: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, depth + 1, out)),
        Value::Object(map) => {
            if map.contains_key("@type") {
                out.push(value);
            }
            if let Some(graph) = map.get("@graph") {
                collect(graph, depth + 1, out);
            }
            if let Some(main) = map.get("mainEntity") {
                collect(main, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn has_type(node: &Value, test: impl Fn(&str) -> bool) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => test(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(test),
        _ => false,
    }
}

/// A string value, or the `name`/`url`/`@id` of an object value; the first
/// of an array.
fn text(value: Option<&Value>) -> Option<String> {
    let s = match value? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(map) => ["name", "url", "@id"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))?
            .to_owned(),
        Value::Array(items) => return items.iter().find_map(|v| text(Some(v))),
        _ => return None,
    };
    let s = crate::page::normalize_space(&s);
    (!s.is_empty()).then_some(s)
}

/// Names of people or organisations: strings, `{name}` objects, arrays.
fn names(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    for item in items.into_iter().take(MAX_VALUES) {
        let name = match item {
            Value::String(s) => Some(s.clone()),
            Value::Object(map) => map.get("name").and_then(|n| text(Some(n))),
            _ => None,
        };
        if let Some(name) = name {
            push_unique(&mut out, &name);
        }
    }
    out
}

/// Keywords: a comma-separated string or an array of strings.
fn keywords(value: Option<&Value>) -> Vec<String> {
    let raw: Vec<String> = match value {
        Some(Value::String(s)) => s.split([',', ';']).map(str::to_owned).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for k in &raw {
        push_unique(&mut out, k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_with_site_and_article() {
        let mut m = Metadata::default();
        let found = read(
            r#"{"@context":"https://schema.org","@graph":[
                {"@type":"WebSite","name":"Gene Daily","url":"https://g.example/"},
                {"@type":"WebPage","name":"Page name"},
                {"@type":["Article"],"headline":" AAV  capsids ","author":[{"@type":"Person","name":"A One"},"B Two"],
                 "dateModified":"2025-02-03","keywords":["AAV","capsid"],"license":{"@id":"https://creativecommons.org/licenses/by/4.0/"}}]}"#,
            &mut m,
        );
        assert_eq!(found.headline.as_deref(), Some("AAV capsids"));
        assert_eq!(m.authors, ["A One", "B Two"]);
        assert_eq!(m.site_name.as_deref(), Some("Gene Daily"));
        assert_eq!(m.updated.as_deref(), Some("2025-02-03"));
        assert_eq!(m.keywords, ["AAV", "capsid"]);
        assert_eq!(
            m.license.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
    }

    #[test]
    fn work_types_are_sorted_and_unique() {
        WORK_TYPES.assert_sorted();
        assert!(WORK_TYPES.phrases().contains(&"WebPage"));
    }

    #[test]
    fn broken_json_is_ignored() {
        let mut m = Metadata::default();
        assert_eq!(read("{\"@type\": \"Article\",", &mut m), Found::default());
        assert_eq!(m, Metadata::default());
    }
}
