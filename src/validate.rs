//! Validate: every record against `schemas/record.schema.json` before it is
//! written.
//!
//! The schema is embedded in the binary and compiled once per [`Validator`]
//! (jsonschema, draft 2020-12); workers share it by reference. The fast path
//! is a boolean check; only a failing record pays for the error walk that
//! names each violation.

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
    let text = CodePoints::new(text);
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
