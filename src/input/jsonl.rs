//! JSONL shards: one document per line,
//! `{"id", "url", "html" | "text" | "content_base64", "charset"}`.
//!
//! Lines are read one at a time with a length cap, and each is parsed on its
//! own: serde_json's `StreamDeserializer` would stop the shard at the first
//! bad line, and a shard of a million pages must not be lost to one. A bad
//! line becomes an error record naming the line; blank lines are not
//! documents and are passed over.

use super::compression;
use super::line::{read_line, Line};
use super::Loaded;
use crate::decode::MediaType;
use crate::document::{Document, LoadError, Origin};
use crate::record::ErrorCode;
use base64::Engine;
use serde::Deserialize;
use std::io::BufRead;

/// The documents of a JSONL shard, in line order.
pub struct JsonlDocuments<R> {
    reader: R,
    shard: Origin,
    line: u64,
    max_line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlDocuments<R> {
    /// Reads `reader` as a JSONL shard. `shard` names it in every record;
    /// a line over `max_line` bytes becomes a `too_large` error record.
    pub fn new(reader: R, shard: Origin, max_line: usize) -> Self {
        JsonlDocuments {
            reader,
            shard,
            line: 0,
            max_line,
            buf: Vec::new(),
            done: false,
        }
    }

    fn origin(&self) -> Origin {
        Origin {
            line: Some(self.line),
            ..self.shard.clone()
        }
    }

    fn error(&self, origin: Origin, code: ErrorCode, message: String) -> Loaded {
        Err(Box::new(LoadError {
            origin,
            code,
            message: format!("line {}: {message}", self.line),
        }))
    }
}

impl<R: BufRead> Iterator for JsonlDocuments<R> {
    type Item = Loaded;

    fn next(&mut self) -> Option<Loaded> {
        while !self.done {
            self.line += 1;
            match read_line(&mut self.reader, &mut self.buf, self.max_line) {
                Ok(Line::End) => self.done = true,
                Ok(Line::TooLong(len)) => {
                    return Some(self.error(
                        self.origin(),
                        ErrorCode::TooLarge,
                        format!(
                            "the line has {len} bytes, over the limit of {} (raise --max-bytes)",
                            self.max_line
                        ),
                    ))
                }
                Ok(Line::Complete) if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") => {
                    // A BOM is no part of the first object.
                    self.buf.drain(..3);
                    if !self.buf.trim_ascii().is_empty() {
                        return Some(self.document());
                    }
                }
                Ok(Line::Complete) if self.buf.trim_ascii().is_empty() => {}
                Ok(Line::Complete) => return Some(self.document()),
                Err(e) => {
                    // The stream cannot be trusted past a read or
                    // decompression error: report it once and stop, unless
                    // the decompressor resumes at its next member (the
                    // line cut by the damage is part of what is lost).
                    self.done = !compression::is_resumable(&e);
                    return Some(self.error(
                        self.origin(),
                        compression::error_code(&e),
                        e.to_string(),
                    ));
                }
            }
        }
        None
    }
}

/// One line's fields. Unknown fields are allowed: crawlers add their own.
#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    content_base64: Option<String>,
    #[serde(default)]
    charset: Option<String>,
}

impl<R: BufRead> JsonlDocuments<R> {
    fn document(&self) -> Loaded {
        let mut origin = self.origin();
        // serde reads a struct from an array too, field by field, which
        // would blame the wrong thing; a document is an object.
        if self.buf.trim_ascii_start().first() != Some(&b'{') {
            let what = match self.buf.trim_ascii_start().first() {
                Some(b'[') => "an array",
                Some(b'"') => "a string",
                _ => "not JSON",
            };
            return self.error(
                origin,
                ErrorCode::MalformedInput,
                format!("a line must be a JSON object of a document; this one is {what}"),
            );
        }
        let entry: Entry = match serde_json::from_slice(&self.buf) {
            Ok(entry) => entry,
            Err(e) => {
                return self.error(
                    origin,
                    ErrorCode::MalformedInput,
                    format!("not a JSON object of a document: {e}"),
                )
            }
        };
        origin.url = entry.url;
        origin.input_id = match entry.id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return self.error(
                    origin,
                    ErrorCode::MalformedInput,
                    format!("`id` must be a string or a number, not {other}"),
                )
            }
        };
        let bytes = match (entry.html, entry.text, entry.content_base64) {
            (Some(html), None, None) => {
                origin.media_type = Some(MediaType::Html);
                // A JSON string is already text: a `<meta charset>` inside
                // it no longer describes these bytes.
                origin.charset = Some("utf-8".to_owned());
                html.into_bytes()
            }
            (None, Some(text), None) => {
                origin.media_type = Some(MediaType::Text);
                origin.charset = Some("utf-8".to_owned());
                text.into_bytes()
            }
            (None, None, Some(b64)) => {
                origin.charset = entry.charset;
                match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        return self.error(
                            origin,
                            ErrorCode::MalformedInput,
                            format!("`content_base64` is not base64: {e}"),
                        )
                    }
                }
            }
            _ => {
                return self.error(
                    origin,
                    ErrorCode::MalformedInput,
                    "a line needs exactly one of `html`, `text` and `content_base64`".to_owned(),
                )
            }
        };
        Ok(Document { origin, bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(input: &str, max_line: usize) -> Vec<Loaded> {
        JsonlDocuments::new(input.as_bytes(), Origin::from_path("s.jsonl"), max_line).collect()
    }

    #[test]
    fn a_bad_line_costs_only_itself() {
        let input = concat!(
            r#"{"id":"a","url":"https://x.org/a","html":"<p>A</p>"}"#,
            "\n{not json\n\n",
            r#"{"id":7,"text":"plain"}"#,
            "\n",
            r#"{"id":"c","html":"x","text":"y"}"#,
            "\n",
            r#"{"id":"d","content_base64":"aMOp","charset":"utf-8"}"#,
        );
        let docs = documents(input, 1000);
        assert_eq!(docs.len(), 5);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.bytes, b"<p>A</p>");
        assert_eq!(a.origin.input_id.as_deref(), Some("a"));
        assert_eq!(a.origin.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(a.origin.media_type, Some(MediaType::Html));
        assert_eq!(a.origin.line, Some(1));
        let bad = docs[1].as_ref().unwrap_err();
        assert_eq!(bad.code, ErrorCode::MalformedInput);
        assert!(bad.message.starts_with("line 2: "), "{}", bad.message);
        let seven = docs[2].as_ref().unwrap();
        assert_eq!(
            (seven.origin.input_id.as_deref(), seven.origin.line),
            (Some("7"), Some(4))
        );
        let both = docs[3].as_ref().unwrap_err();
        assert_eq!(both.origin.input_id.as_deref(), Some("c"));
        let d = docs[4].as_ref().unwrap();
        assert_eq!(d.bytes, "hé".as_bytes());
        assert_eq!(d.origin.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn long_lines_are_skipped_not_held() {
        let long = format!(r#"{{"text":"{}"}}"#, "x".repeat(500));
        let input = format!("{long}\r\n{{\"text\":\"ok\"}}\r\n");
        let docs = documents(&input, 100);
        assert_eq!(docs[0].as_ref().unwrap_err().code, ErrorCode::TooLarge);
        assert_eq!(docs[1].as_ref().unwrap().bytes, b"ok");
    }

    #[test]
    fn lines_across_buffer_fills() {
        let text = "y".repeat(10_000);
        let input = format!("{{\"text\":\"{text}\"}}\n");
        let reader = std::io::BufReader::with_capacity(7, input.as_bytes());
        let docs: Vec<Loaded> =
            JsonlDocuments::new(reader, Origin::from_path("s"), 20_000).collect();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].as_ref().unwrap().bytes.len(), 10_000);
    }
}
