//! Pipeline: one document through every stage, and batches of documents in
//! parallel with deterministic output.
//!
//! [`Pipeline::process`] never fails and never panics: whatever happens to a
//! document becomes its one [`Outcome`], a record or an error record naming
//! the stage. Each stage runs under `catch_unwind`, so a bug triggered by one
//! input costs that input, not the batch (the approach of ruff's
//! `commands/check.rs`).
//!
//! Records contain nothing that depends on threads, clocks or hash order, so
//! the output bytes are the same for any number of workers (see
//! [`crate::batch`]).

use crate::boilerplate::template::{site_of, Templates};
use crate::boilerplate::{self, Removal, Selection};
use crate::content::{self, Content};
use crate::decode::{self, DecodeError, Hints, MediaType};
pub use crate::document::{Document, LoadError, Origin, DEFAULT_MAX_BYTES};
use crate::knowledge::Knowledge;
use crate::metadata::Declared;
use crate::page::Page;
use crate::record::{
    BoilerplateSummary, Decoding, DocumentRecord, ErrorCode, ErrorRecord, Metadata, Record, Source,
    Stage, SCHEMA_VERSION,
};
use crate::validate::{SchemaError, Validator};
use clock::{Clock, Failure};
use repair_spans::{entity_repairs, locate_repairs, unescape_blocks};

mod clock;
mod repair_spans;
use crate::{flat, html, mojibake};
use sha2::{Digest, Sha256};

/// Blocks at the top of a page searched for bylines: they sit by the
/// title, and lines further down are comments and teasers with bylines of
/// their own.
const BYLINE_BLOCKS: usize = 100;

/// Options of a run. Every field has a default; see [`Config::default`].
/// Built with `Config::default()` and the `with_` setters, so that new
/// options do not break callers:
///
/// ```
/// use cistron::pipeline::Config;
/// let config = Config::default().with_max_bytes(1 << 20).with_time_limit(None);
/// assert_eq!(config.max_bytes, 1 << 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Documents larger than this become `too_large` error records.
    /// Default: [`DEFAULT_MAX_BYTES`].
    pub max_bytes: u64,
    /// Forces every document to be read as HTML or as text. Default: `None`,
    /// sniff each document.
    pub media_type: Option<MediaType>,
    /// A document still in the pipeline after this long stops, at the end
    /// of the stage it is in, with a `time_limit` error record. Default:
    /// [`DEFAULT_TIME_LIMIT`]; `None` for no limit.
    pub time_limit: Option<std::time::Duration>,
    /// A curator's directory of knowledge tables read after the embedded
    /// ones ([`crate::knowledge::Knowledge::load`]). Default: `None`.
    pub knowledge_dir: Option<std::path::PathBuf>,
    /// Who decides what is main content. Default: [`boilerplate::Judge::Auto`].
    pub judge: boilerplate::Judge,
}

impl Config {
    /// With documents over `bytes` refused.
    pub fn with_max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// With every document read as `media_type` (`None`: sniff).
    pub fn with_media_type(mut self, media_type: Option<MediaType>) -> Self {
        self.media_type = media_type;
        self
    }

    /// With a time limit per document (`None`: none).
    pub fn with_time_limit(mut self, limit: Option<std::time::Duration>) -> Self {
        self.time_limit = limit;
        self
    }

    /// With `judge` deciding what is main content.
    pub fn with_judge(mut self, judge: boilerplate::Judge) -> Self {
        self.judge = judge;
        self
    }

    /// With a curator's knowledge directory.
    pub fn with_knowledge_dir(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.knowledge_dir = dir;
        self
    }
}

/// Default time limit of one document: 60 s, a thousand times what a
/// large page takes.
pub const DEFAULT_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

impl Default for Config {
    fn default() -> Self {
        Config {
            max_bytes: DEFAULT_MAX_BYTES,
            media_type: None,
            time_limit: Some(DEFAULT_TIME_LIMIT),
            knowledge_dir: None,
            judge: boilerplate::Judge::default(),
        }
    }
}

/// The result for one document: its record and the JSON line for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The record (a document or an error).
    pub record: Record,
    /// The record as one line of JSON, without the newline; always valid
    /// against the schema.
    pub line: String,
    /// The blocks the boilerplate stage removed, with reasons: what
    /// `cistron text --explain` shows. Empty for error records.
    pub removed: Vec<Removal>,
}

/// Tool-level failures (not per-document ones, which are records).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The embedded schema does not compile.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A curator's knowledge tables could not be read.
    #[error(transparent)]
    Knowledge(#[from] crate::knowledge::KnowledgeError),
    /// The thread pool could not be built.
    #[error("pipeline: cannot start {jobs} worker threads: {source}")]
    ThreadPool {
        /// Threads requested.
        jobs: usize,
        /// Why not.
        source: rayon::ThreadPoolBuildError,
    },
}

/// The configured pipeline: compiled once, shared by reference across workers.
#[derive(Debug)]
pub struct Pipeline {
    config: Config,
    knowledge: Knowledge,
    validator: Validator,
}

impl Pipeline {
    /// Builds a pipeline from its configuration.
    pub fn new(config: Config) -> Result<Self, PipelineError> {
        Ok(Pipeline {
            knowledge: Knowledge::load(config.knowledge_dir.as_deref())?,
            config,
            validator: Validator::new()?,
        })
    }

    /// The knowledge this pipeline reads text with.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The configuration this pipeline was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs one document through every stage.
    ///
    /// ```
    /// use cistron::pipeline::{Config, Document, Origin, Pipeline};
    /// use cistron::record::Record;
    ///
    /// let pipeline = Pipeline::new(Config::default()).unwrap();
    /// let doc = Document { origin: Origin::from_path("a.txt"), bytes: b"Gene therapy\n\nText.".to_vec() };
    /// let outcome = pipeline.process(&doc);
    /// let Record::Document(record) = &outcome.record else { panic!("an error record") };
    /// assert_eq!(record.text, "Gene therapy\n\nText.");
    /// assert!(outcome.line.starts_with(r#"{"kind":"document""#));
    /// ```
    pub fn process(&self, doc: &Document) -> Outcome {
        self.process_with(doc, None)
    }

    /// Runs one document through every stage, removing the template lines
    /// a batch's first pass found.
    pub fn process_with(&self, doc: &Document, templates: Option<&Templates>) -> Outcome {
        let hash = Sha256::digest(&doc.bytes);
        let sha256 = crate::document::hex(&hash);
        let id = sha256[..16].to_owned();
        let mut source = Source {
            bytes: Some(doc.bytes.len() as u64),
            sha256: Some(sha256),
            ..source_of(&doc.origin)
        };
        let (record, removed) = match self.stages(doc, &mut source, &id, templates) {
            Ok((record, removed)) => (Record::Document(record), removed),
            Err(failure) => (error_record(Some(id), source, failure), Vec::new()),
        };
        let mut outcome = self.finish(record);
        if matches!(outcome.record, Record::Document(_)) {
            outcome.removed = removed;
        }
        outcome
    }

    /// The outcome for a document whose bytes could not be read.
    pub fn read_failure(&self, error: &LoadError) -> Outcome {
        let origin = &error.origin;
        let source = source_of(origin);
        let failure = Failure::new(Stage::Read, error.code, error.message.clone());
        self.finish(error_record(None, source, failure))
    }

    fn stages(
        &self,
        doc: &Document,
        source: &mut Source,
        id: &str,
        templates: Option<&Templates>,
    ) -> Result<(DocumentRecord, Vec<Removal>), Failure> {
        let clock = Clock::start(self.config.time_limit);
        let Front {
            decoded,
            repaired,
            page,
        } = self.front(doc, &clock, |decoded| {
            source.media_type = Some(decoded.media_type.as_mime().to_owned());
        })?;
        let mut page = page;
        clock.run(Stage::Structure, || {
            let head = &page.blocks[..page.blocks.len().min(BYLINE_BLOCKS)];
            crate::metadata::byline::read(head, &mut page.metadata);
        })?;
        if page.blocks.is_empty() {
            return Err(Failure::new(
                Stage::Parse,
                ErrorCode::NoText,
                "the document decodes but has no visible text",
            ));
        }
        let Selection {
            blocks: mut kept,
            removed,
            site_name,
        } = clock.run(Stage::Boilerplate, || match templates {
            Some(t) => {
                let site = site_of(doc.origin.url.as_deref(), &doc.origin.path);
                boilerplate::select_with(&page, self.config.judge, &|text| {
                    t.is_template(&site, text)
                })
            }
            None => boilerplate::select_with(&page, self.config.judge, &|_| false),
        })?;
        let entity_fixes = clock.run(Stage::Repair, || unescape_blocks(&mut kept))?;
        let content = clock.run(Stage::Structure, || content::assemble(&kept))?;
        let declared = Declared {
            metadata: Metadata {
                site_name: page.metadata.site_name.take().or(site_name),
                ..std::mem::take(&mut page.metadata)
            },
            work: std::mem::take(&mut page.work),
        };
        let entities = clock.run(Stage::Extract, || {
            let segmented = crate::segment::segment(&content);
            crate::extract::extract(&segmented, &self.knowledge, &declared)
        })?;
        let Content {
            text,
            blocks,
            tables,
        } = content;
        let repairs = clock.run(Stage::Record, || {
            let mut all = locate_repairs(&text, &repaired, decoded.media_type == MediaType::Html);
            all.extend(entity_repairs(&kept, &blocks, entity_fixes));
            all.sort_by_key(|r| r.span);
            all
        })?;
        let summary = summarize(&removed);

        let record = DocumentRecord {
            schema_version: SCHEMA_VERSION.to_owned(),
            id: id.to_owned(),
            source: source.clone(),
            decoding: Decoding {
                encoding: decoded.encoding.name().to_owned(),
                chosen_by: decoded.chosen_by,
                had_errors: decoded.had_errors,
                declared: decoded.overruled.map(|e| e.name().to_owned()),
            },
            title: if decoded.media_type == MediaType::Text {
                flat::title_of(&kept).or(page.title)
            } else {
                page.title
            },
            language: page.language.or_else(|| crate::language::detect(&text)),
            text,
            blocks,
            tables,
            repairs,
            boilerplate: summary,
            metadata: declared.metadata,
            entities,
        };
        Ok((record, removed))
    }

    /// Validates and serialises a record; a record that fails the schema is
    /// replaced by an error record that names the violation.
    fn finish(&self, record: Record) -> Outcome {
        match self.to_valid_line(&record) {
            Ok(line) => Outcome {
                record,
                line,
                removed: Vec::new(),
            },
            Err(failure) => {
                let source = record.source().clone();
                let id = match &record {
                    Record::Document(d) => Some(d.id.clone()),
                    Record::Error(e) => e.id.clone(),
                };
                let fallback = error_record(id, source, failure);
                // An error record is built from plain strings; if even that
                // fails to serialise there is nothing better to write.
                let line = serde_json::to_string(&fallback).unwrap_or_default();
                Outcome {
                    record: fallback,
                    line,
                    removed: Vec::new(),
                }
            }
        }
    }

    fn to_valid_line(&self, record: &Record) -> Result<String, Failure> {
        let fail =
            |message: String| Failure::new(Stage::Validate, ErrorCode::SchemaViolation, message);
        // A large record is validated in parts and written straight from
        // its types (the same bytes: `preserve_order` keeps the fields in
        // the order the types write them), so that no JSON tree of the
        // whole record is held.
        if let Record::Document(doc) = record {
            if doc.text.len() > crate::validate::WHOLE_RECORD_TEXT {
                self.validator.check_document(doc).map_err(fail)?;
                return serde_json::to_string(record).map_err(|e| fail(e.to_string()));
            }
        }
        let value = serde_json::to_value(record).map_err(|e| fail(e.to_string()))?;
        self.validator.check(&value).map_err(fail)?;
        crate::validate::check_spans(&value).map_err(fail)?;
        serde_json::to_string(&value).map_err(|e| fail(e.to_string()))
    }
}

impl Pipeline {
    /// What the decoder is told about a document besides its bytes.
    fn hints<'a>(&self, doc: &'a Document) -> Hints<'a> {
        Hints {
            charset: doc.origin.charset.as_deref(),
            media_type: self.config.media_type.or(doc.origin.media_type),
            name: Some(&doc.origin.name),
            url: doc.origin.url.as_deref(),
        }
    }

    /// The front half every use of a document shares: the size check,
    /// decoding, mojibake repair, parsing and structure. `decoded` sees the
    /// decoded text as soon as it is there (the record's source takes its
    /// media type, even if a later stage fails).
    fn front(
        &self,
        doc: &Document,
        clock: &Clock,
        decoded_as: impl FnOnce(&decode::Decoded),
    ) -> Result<Front, Failure> {
        let size = doc.bytes.len() as u64;
        if size > self.config.max_bytes {
            return Err(Failure::new(
                Stage::Read,
                ErrorCode::TooLarge,
                format!(
                    "the document has {size} bytes, over the limit of {} (raise it with --max-bytes)",
                    self.config.max_bytes
                ),
            ));
        }
        let hints = self.hints(doc);
        let decoded = clock
            .run(Stage::Decode, || decode::decode(&doc.bytes, &hints))?
            .map_err(|e| {
                let code = match e {
                    DecodeError::Empty => ErrorCode::EmptyInput,
                    DecodeError::Binary(_) => ErrorCode::BinaryContent,
                };
                Failure::new(Stage::Decode, code, e.to_string())
            })?;
        decoded_as(&decoded);
        let repaired = clock.run(Stage::Repair, || mojibake::repair(&decoded.text))?;
        let page: Page = clock.run(Stage::Parse, || match decoded.media_type {
            MediaType::Html => html::parse(&repaired.text),
            MediaType::Text => flat::parse(&repaired.text),
        })?;
        let page = clock.run(Stage::Structure, || {
            crate::structure::rebuild(page, &self.knowledge)
        })?;
        Ok(Front {
            decoded,
            repaired,
            page,
        })
    }

    /// Decode, repair and parse, for the template pass; `None` on any
    /// failure (including a panic, which the second pass reports).
    ///
    /// Public for tools that study the parse (`cistron features`); `None`
    /// when the document fails before a page exists.
    pub fn parse_only(&self, doc: &Document) -> Option<Page> {
        let no_limit = Clock::start(None);
        self.front(doc, &no_limit, |_| {})
            .ok()
            .map(|front| front.page)
    }
}

/// What the front half gives: the decoded and repaired text and the page
/// parsed from it.
struct Front {
    decoded: decode::Decoded,
    repaired: mojibake::Repaired,
    page: Page,
}

/// The record's account of where a document came from; size, hash and
/// media type are filled in as they become known.
fn source_of(origin: &Origin) -> Source {
    Source {
        name: origin.name.clone(),
        path: origin.path.clone(),
        url: origin.url.clone(),
        bytes: None,
        sha256: None,
        media_type: None,
        input_id: origin.input_id.clone(),
        line: origin.line,
        offset: origin.offset,
    }
}

/// The record's account of what boilerplate removal took out.
fn summarize(removed: &[Removal]) -> BoilerplateSummary {
    let mut summary = BoilerplateSummary {
        removed_blocks: removed.len(),
        ..BoilerplateSummary::default()
    };
    for removal in removed {
        summary.removed_chars += removal.text.chars().count();
        *summary
            .reasons
            .entry(removal.reason.as_str().to_owned())
            .or_default() += 1;
    }
    summary
}

fn error_record(id: Option<String>, source: Source, failure: Failure) -> Record {
    Record::Error(ErrorRecord {
        schema_version: SCHEMA_VERSION.to_owned(),
        id,
        source,
        stage: failure.stage,
        error: failure.code,
        message: failure.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::new(Config::default()).expect("pipeline builds")
    }

    fn doc(name: &str, bytes: &[u8]) -> Document {
        Document {
            origin: Origin::from_path(name),
            bytes: bytes.to_vec(),
        }
    }

    fn code(outcome: &Outcome) -> Option<ErrorCode> {
        outcome.record.error_code()
    }

    #[test]
    fn id_is_the_sha256_prefix() {
        let out = pipeline().process(&doc("a.txt", b"abc"));
        let Record::Document(d) = out.record else {
            panic!("document expected")
        };
        assert_eq!(d.id, "ba7816bf8f01cfea");
        assert_eq!(
            d.source.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }

    #[test]
    fn bad_inputs_become_error_records() {
        let p = pipeline();
        assert_eq!(
            code(&p.process(&doc("e", b""))),
            Some(ErrorCode::EmptyInput)
        );
        assert_eq!(
            code(&p.process(&doc("b", b"\x7fELF\x02\x01"))),
            Some(ErrorCode::BinaryContent)
        );
        assert_eq!(
            code(&p.process(&doc("w", b"  \n\t "))),
            Some(ErrorCode::NoText)
        );
        assert_eq!(
            code(&p.process(&doc("h", b"<html><script>x</script></html>"))),
            Some(ErrorCode::NoText)
        );
        let small = Pipeline::new(Config {
            max_bytes: 2,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(
            code(&small.process(&doc("big", b"abc"))),
            Some(ErrorCode::TooLarge)
        );
        let read = p.read_failure(&LoadError {
            origin: Origin::from_path("gone"),
            code: ErrorCode::ReadFailed,
            message: "no such file".into(),
        });
        assert_eq!(code(&read), Some(ErrorCode::ReadFailed));
    }

    #[test]
    fn a_document_over_its_time_budget_stops_with_a_time_limit_record() {
        let p = Pipeline::new(Config {
            time_limit: Some(std::time::Duration::ZERO),
            ..Config::default()
        })
        .expect("pipeline builds");
        let out = p.process(&doc("a.txt", b"Gene therapy text."));
        assert_eq!(code(&out), Some(ErrorCode::TimeLimit));
        assert!(out.line.contains("--max-seconds"), "{}", out.line);
    }

    #[test]
    fn validation_in_parts_agrees_with_the_whole() {
        let p = pipeline();
        let html = format!(
            "<table><tr><th>Product</th><th>Note</th></tr>{}</table>",
            (0..1500)
                .map(|i| format!(
                    "<tr><td>Zolgensma {i}</td><td>AAV9, NCT0{}</td></tr>",
                    4000000 + i
                ))
                .collect::<String>()
        );
        let out = p.process(&doc("t.html", html.as_bytes()));
        let Record::Document(record) = out.record else {
            panic!("{}", out.line)
        };
        assert!(record.tables[0].rows.len() > PART_ITEMS_SEEN);
        let whole = |r: &crate::record::DocumentRecord| {
            let value = serde_json::to_value(Record::Document(r.clone())).expect("JSON");
            p.validator
                .check(&value)
                .and_then(|()| crate::validate::check_spans(&value))
        };
        assert_eq!(p.validator.check_document(&record), Ok(()));
        assert_eq!(whole(&record), Ok(()));
        // A wrong span deep in a table, in an entity, or a bad value.
        let mut bad_cell = record.clone();
        bad_cell.tables[0].rows[1200][0].span = crate::record::Span::new(0, 3);
        let mut bad_mention = record.clone();
        let last = bad_mention.entities.citations.len() - 1;
        bad_mention.entities.citations[last].mentions[0].surface = "NCT".into();
        let mut bad_value = record.clone();
        bad_value.language = Some("not a language".into());
        for bad in [bad_cell, bad_mention, bad_value] {
            assert!(whole(&bad).is_err());
            assert!(p.validator.check_document(&bad).is_err());
        }
        // And the bytes of a large record are the bytes of the tree.
        let tree = serde_json::to_value(Record::Document(record.clone())).expect("JSON");
        assert_eq!(
            serde_json::to_string(&Record::Document(record)).expect("JSON"),
            serde_json::to_string(&tree).expect("JSON")
        );
    }

    /// More rows than one part holds, so the test crosses parts.
    const PART_ITEMS_SEEN: usize = 1024;

    #[test]
    fn every_line_is_valid_json_of_the_record() {
        let p = pipeline();
        for bytes in [&b"text"[..], b"", b"<p>x</p>", b"\0\0"] {
            let out = p.process(&doc("x", bytes));
            let back: Record = serde_json::from_str(&out.line).expect("line parses");
            assert_eq!(back, out.record);
        }
    }
}
