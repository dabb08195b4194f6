//! Validate: every record against `schemas/record.schema.json` before it is
//! written.
//!
//! The schema is embedded in the binary and compiled once per [`Validator`]
//! (jsonschema, draft 2020-12); workers share it by reference. The fast path
//! is a boolean check; only a failing record pays for the error walk that
//! names each violation.

use crate::record::{DocumentRecord, Entities, Record, Table};
use serde_json::Value;

/// The normative record schema, as shipped in `schemas/`.
pub const RECORD_SCHEMA: &str = include_str!("../schemas/record.schema.json");

/// How many violations a message lists before it says "and N more".
const MAX_LISTED: usize = 5;

/// The embedded schema could not be compiled (a build defect, not an input
/// problem).
#[derive(Debug, thiserror::Error)]
#[error("validate: the embedded record schema does not compile: {0}")]
pub struct SchemaError(String);

/// A compiled record schema.
pub struct Validator {
    inner: jsonschema::Validator,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Validator(record.schema.json)")
    }
}

impl Validator {
    /// Compiles the embedded record schema.
    pub fn new() -> Result<Self, SchemaError> {
        let schema: Value =
            serde_json::from_str(RECORD_SCHEMA).map_err(|e| SchemaError(e.to_string()))?;
        let inner =
            jsonschema::draft202012::new(&schema).map_err(|e| SchemaError(e.to_string()))?;
        Ok(Validator { inner })
    }

    /// `Ok` when `record` is valid; otherwise a one-line description of the
    /// violations, each with its JSON pointer.
    ///
    /// ```
    /// let v = cistron::validate::Validator::new().unwrap();
    /// let err = v.check(&serde_json::json!({"kind": "document"})).unwrap_err();
    /// assert!(err.contains("kind") || err.contains("required"), "{err}");
    /// ```
    pub fn check(&self, record: &Value) -> Result<(), String> {
        if self.inner.is_valid(record) {
            return Ok(());
        }
        let mut listed = Vec::new();
        let mut total = 0usize;
        for error in self.inner.iter_errors(record) {
            total += 1;
            if listed.len() < MAX_LISTED {
                let path = error.instance_path().to_string();
                let at = if path.is_empty() {
                    "/".to_owned()
                } else {
                    path
                };
                listed.push(format!("at {at}: {error}"));
            }
        }
        if total > listed.len() {
            listed.push(format!("and {} more", total - listed.len()));
        }
        if listed.is_empty() {
            listed.push("the record does not match the schema".to_owned());
        }
        Err(listed.join("; "))
    }
}

/// Checks what a schema cannot: every span of a document record lies inside
/// its `text`, and every mention's span slices to its `surface`. Error
/// records have no spans and always pass.
///
/// ```
/// use serde_json::json;
/// let ok = json!({"kind": "document", "text": "AAV9 vector",
///     "blocks": [{"kind": "paragraph", "span": [0, 11]}],
///     "entities": {"vectors": [{"mentions": [{"span": [0, 4], "surface": "AAV9"}]}]}});
/// assert_eq!(cistron::validate::check_spans(&ok), Ok(()));
/// let bad = json!({"kind": "document", "text": "AAV9",
///     "entities": {"vectors": [{"mentions": [{"span": [0, 3], "surface": "AAV9"}]}]}});
/// assert!(cistron::validate::check_spans(&bad).is_err());
/// ```
pub fn check_spans(record: &Value) -> Result<(), String> {
    let Some(text) = record.get("text").and_then(Value::as_str) else {
        return Ok(());
    };
    check_spans_in(record, &CodePoints::new(text))
}

/// [`check_spans`] against a text indexed once, whatever text `record`
/// carries: what validation in parts needs (see
/// [`Validator::check_document`]).
fn check_spans_in(record: &Value, text: &CodePoints<'_>) -> Result<(), String> {
    // Paths are built only for the message of a failure: records carry
    // thousands of spans and almost all are right.
    let slice = |span: &Value, at: &dyn Fn() -> String| -> Result<&str, String> {
        let bound = |i: usize| {
            span.get(i)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        bound(0)
            .zip(bound(1))
            .and_then(|(s, e)| text.slice(s, e))
            .ok_or_else(|| {
                format!(
                    "{}: span {span} is outside text of {} code points",
                    at(),
                    text.len()
                )
            })
    };
    for key in ["blocks", "repairs"] {
        let items = record.get(key).and_then(Value::as_array);
        for (i, item) in items.into_iter().flatten().enumerate() {
            if let Some(span) = item.get("span") {
                slice(span, &|| format!("/{key}/{i}/span"))?;
            }
        }
    }
    let tables = record.get("tables").and_then(Value::as_array);
    for (t, table) in tables.into_iter().flatten().enumerate() {
        slice(table.get("span").unwrap_or(&Value::Null), &|| {
            format!("/tables/{t}/span")
        })?;
        let header = table.get("header").into_iter().map(|h| (None, h));
        let rows = table.get("rows").and_then(Value::as_array);
        let rows = rows
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(r, row)| (Some(r), row));
        for (r, row) in header.chain(rows) {
            for (c, cell) in row.as_array().into_iter().flatten().enumerate() {
                let at = || match r {
                    None => format!("/tables/{t}/header/{c}"),
                    Some(r) => format!("/tables/{t}/rows/{r}/{c}"),
                };
                let got = slice(cell.get("span").unwrap_or(&Value::Null), &at)?;
                let text = cell.get("text").and_then(Value::as_str).unwrap_or_default();
                if got != text {
                    return Err(format!(
                        "{}: span slices to {got:?}, text is {text:?}",
                        at()
                    ));
                }
            }
        }
    }
    let Some(entities) = record.get("entities").and_then(Value::as_object) else {
        return Ok(());
    };
    for (kind, list) in entities {
        for (i, entity) in list.as_array().into_iter().flatten().enumerate() {
            let mentions = entity.get("mentions").and_then(Value::as_array);
            for (j, mention) in mentions.into_iter().flatten().enumerate() {
                let at = || format!("/entities/{kind}/{i}/mentions/{j}");
                let got = slice(mention.get("span").unwrap_or(&Value::Null), &at)?;
                let surface = mention
                    .get("surface")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if got != surface {
                    return Err(format!(
                        "{}: span slices to {got:?}, surface is {surface:?}",
                        at()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Items of a large record's arrays validated at a time (see
/// [`Validator::check_document`]).
const PART_ITEMS: usize = 512;

/// Text length past which a record is validated in parts: under it, one
/// tree of the whole record costs less than the parts' bookkeeping.
pub const WHOLE_RECORD_TEXT: usize = 1 << 20;

impl Validator {
    /// Validates a document record in parts, so that memory stays near the
    /// record's own size: the JSON tree of a whole record dense with
    /// entities costs about 40 bytes per byte of text (470 MB for a 6 MB
    /// table), a part of [`PART_ITEMS`] items a few hundred kilobytes.
    ///
    /// The record without its arrays (but with its first block, as the
    /// schema wants one) is checked once with its text; then each array's
    /// items, [`PART_ITEMS`] at a time, inside that shell with its text
    /// replaced by a placeholder, so that no part pays for the text again.
    /// Spans are checked against the real text, indexed once. The schema
    /// has no constraint across items of an array (no `uniqueItems`), so
    /// the parts together say what the whole would.
    pub fn check_document(&self, doc: &DocumentRecord) -> Result<(), String> {
        let shell = DocumentRecord {
            schema_version: doc.schema_version.clone(),
            id: doc.id.clone(),
            source: doc.source.clone(),
            decoding: doc.decoding.clone(),
            title: doc.title.clone(),
            language: doc.language.clone(),
            text: doc.text.clone(),
            blocks: doc.blocks.iter().take(1).cloned().collect(),
            tables: Vec::new(),
            repairs: Vec::new(),
            boilerplate: doc.boilerplate.clone(),
            metadata: doc.metadata.clone(),
            entities: Entities::default(),
        };
        let mut shell = serde_json::to_value(Record::Document(shell)).map_err(|e| e.to_string())?;
        self.check(&shell)?;
        let text = CodePoints::new(&doc.text);
        check_spans_in(&shell, &text)?;
        shell["text"] = Value::String("x".to_owned());
        let empty = Value::Array(Vec::new());
        // One array's items, a part at a time: each part is turned into
        // JSON, checked in the shell, and dropped before the next.
        let parts = |shell: &mut Value,
                     path: &[&str],
                     count: usize,
                     part_json: &dyn Fn(usize, usize) -> Result<Value, String>|
         -> Result<(), String> {
            for from in (0..count).step_by(PART_ITEMS) {
                let part = part_json(from, (from + PART_ITEMS).min(count))?;
                let slot = path
                    .iter()
                    .try_fold(&mut *shell, |v, key| v.get_mut(*key))
                    .ok_or_else(|| format!("no /{} in the record", path.join("/")))?;
                *slot = part;
                let at = |e: String| format!("{e} (part from item {from} of /{})", path.join("/"));
                self.check(shell).map_err(at)?;
                check_spans_in(shell, &text).map_err(at)?;
            }
            if let Some(slot) = path.iter().try_fold(&mut *shell, |v, key| v.get_mut(*key)) {
                *slot = empty.clone();
            }
            Ok(())
        };
        parts(&mut shell, &["blocks"], doc.blocks.len(), &|a, b| {
            json(&doc.blocks[a..b])
        })?;
        // The schema wants a block; the first stands in while other arrays
        // are checked.
        shell["blocks"] = json(&doc.blocks[..doc.blocks.len().min(1)])?;
        parts(&mut shell, &["repairs"], doc.repairs.len(), &|a, b| {
            json(&doc.repairs[a..b])
        })?;
        let e = &doc.entities;
        parts(
            &mut shell,
            &["entities", "products"],
            e.products.len(),
            &|a, b| json(&e.products[a..b]),
        )?;
        parts(
            &mut shell,
            &["entities", "vectors"],
            e.vectors.len(),
            &|a, b| json(&e.vectors[a..b]),
        )?;
        parts(
            &mut shell,
            &["entities", "statuses"],
            e.statuses.len(),
            &|a, b| json(&e.statuses[a..b]),
        )?;
        parts(
            &mut shell,
            &["entities", "citations"],
            e.citations.len(),
            &|a, b| json(&e.citations[a..b]),
        )?;
        // A table can be most of a record: its rows go in parts too, each
        // part as a table with the same span and header.
        for table in &doc.tables {
            let rows = table.rows.len().max(1);
            parts(&mut shell, &["tables"], rows, &|a, b| {
                let part = Table {
                    span: table.span,
                    header: table.header.clone(),
                    rows: table
                        .rows
                        .get(a..b.min(table.rows.len()))
                        .unwrap_or_default()
                        .to_vec(),
                };
                json(&[part])
            })?;
        }
        Ok(())
    }
}

/// `items` as JSON.
fn json<T: serde::Serialize + ?Sized>(items: &T) -> Result<Value, String> {
    serde_json::to_value(items).map_err(|e| e.to_string())
}

/// A text sliced by code-point offsets, as record spans count them. ASCII
/// text (most of it) is sliced directly; other text through the byte
/// offset of each code point.
struct CodePoints<'a> {
    text: &'a str,
    /// Byte offset of each code point and of the end; empty when ASCII.
    offsets: Vec<usize>,
}

impl<'a> CodePoints<'a> {
    fn new(text: &'a str) -> Self {
        let offsets = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        CodePoints { text, offsets }
    }

    /// Number of code points.
    fn len(&self) -> usize {
        if self.offsets.is_empty() {
            self.text.len()
        } else {
            self.offsets.len() - 1
        }
    }

    /// Code points `start..end`, if the range is inside the text.
    fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        if start > end || end > self.len() {
            return None;
        }
        if self.offsets.is_empty() {
            return self.text.get(start..end);
        }
        self.text.get(self.offsets[start]..self.offsets[end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_compiles() {
        Validator::new().expect("embedded schema compiles");
    }

    #[test]
    fn error_record_validates_and_bad_code_does_not() {
        let v = Validator::new().unwrap();
        let mut rec = json!({
            "kind": "error", "schema_version": "1.0.0",
            "source": {"name": "a", "path": "a"},
            "stage": "read", "error": "read_failed", "message": "gone"
        });
        assert_eq!(v.check(&rec), Ok(()));
        rec["error"] = json!("not_a_code");
        let err = v.check(&rec).unwrap_err();
        assert!(!err.is_empty());
    }
}
