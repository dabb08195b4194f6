//! The output format: one [`Record`] per input document, one JSON line each.
//!
//! `schemas/record.schema.json` is normative; these serde types are its Rust
//! face and every record is validated against the schema before it is written
//! (see [`crate::validate`]). Field names are a public contract: other
//! catalogues key on them, so renaming one is a breaking change and bumps
//! [`SCHEMA_VERSION`]'s major number.
//!
//! Awkward cases, spelled out:
//! - **Empty page or a page with no visible text**: an error record with code
//!   `no_text` (stage `parse`); a zero-byte input gets `empty_input`.
//! - **Undecodable bytes**: never an error. Decoding is lossy-with-a-flag, as
//!   in encoding_rs: malformed sequences become U+FFFD and
//!   `decoding.had_errors` is `true`.
//! - **Binary input** (PNG, PDF, ELF, NUL-laden bytes): an error record with
//!   code `binary_content` (stage `decode`).
//! - **Unreadable file**: an error record with code `read_failed` (stage
//!   `read`); `id` is absent because no bytes were read.
//!
//! Every span is `[start, end)` in Unicode code points of the record's `text`,
//! the way Python indexes strings, so `text[start:end] == surface` holds for
//! every mention.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the record format; follows semver on the JSON shape.
pub const SCHEMA_VERSION: &str = "1.6.0";

/// One output line: a document or the reason there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
// A record is built, validated and written once per document; the moves that
// a large variant costs are noise beside the stages, and a Box would be one
// more allocation per document.
#[allow(clippy::large_enum_variant)]
pub enum Record {
    /// A document that went through every stage.
    Document(DocumentRecord),
    /// A document that could not be processed, with the stage and reason.
    Error(ErrorRecord),
}

impl Record {
    /// The stable error code, for error records.
    pub fn error_code(&self) -> Option<ErrorCode> {
        match self {
            Record::Document(_) => None,
            Record::Error(e) => Some(e.error),
        }
    }

    /// Where the record's document came from.
    pub fn source(&self) -> &Source {
        match self {
            Record::Document(d) => &d.source,
            Record::Error(e) => &e.source,
        }
    }
}

/// A processed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecord {
    /// [`SCHEMA_VERSION`] at the time of writing.
    pub schema_version: String,
    /// First 16 hex digits of the SHA-256 of the source bytes: stable across
    /// machines and runs, identical for identical inputs.
    pub id: String,
    /// Where the bytes came from.
    pub source: Source,
    /// How the bytes became text.
    pub decoding: Decoding,
    /// The document's title, when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Primary language subtag (ISO 639), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The canonical cleaned main text; every span indexes it.
    pub text: String,
    /// The block structure of `text`, in order.
    pub blocks: Vec<Block>,
    /// Tables, each a run of `table_row` blocks, with their cells.
    pub tables: Vec<Table>,
    /// Mojibake repairs applied to the text.
    pub repairs: Vec<Repair>,
    /// What was removed as boilerplate.
    pub boilerplate: BoilerplateSummary,
    /// Bibliographic and page metadata.
    pub metadata: Metadata,
    /// Entities found in `text`.
    pub entities: Entities,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name (last path component), or `-` for standard input.
    pub name: String,
    /// The path as given on the command line: relative stays relative.
    pub path: String,
    /// The page's URL, when the input carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Size of the source in bytes (absent when it could not be read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Lower-case hex SHA-256 of the source bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// `text/html` or `text/plain`, as sniffed or as forced by the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The document's own identifier in a shard (a JSONL `id`, a
    /// `WARC-Record-ID`), for joining records back to their inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_id: Option<String>,
    /// The 1-based line of the JSONL shard `path` the document came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The byte offset of the WARC record in the decompressed file `path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// How the bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decoding {
    /// WHATWG name of the encoding used, e.g. `UTF-8`, `windows-1252`.
    pub encoding: String,
    /// Which evidence chose it.
    pub chosen_by: ChosenBy,
    /// Whether malformed byte sequences were replaced by U+FFFD.
    pub had_errors: bool,
    /// The encoding the caller or the document declared, when that differs
    /// from the one used (a declaration contradicted by the bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
}

/// The evidence that chose the encoding, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// A byte order mark.
    Bom,
    /// A charset given with the input (command line, HTTP header, shard).
    Declared,
    /// `<meta charset>`, `http-equiv` or an XML declaration in the document.
    Meta,
    /// The bytes are valid UTF-8 (also when they contradict a declaration).
    Utf8Valid,
    /// Statistical detection (chardetng), or the UTF-16 zero-byte pattern.
    Detected,
}

/// A structural block of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Heading level 1-6, for headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// `[start, end)` in code points of `text`.
    pub span: Span,
}

/// A table: consecutive rows of `text`, one per line, cells separated by
/// ` | `.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The whole table in `text`.
    pub span: Span,
    /// The header row, when the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Vec<Cell>>,
    /// The data rows.
    pub rows: Vec<Vec<Cell>>,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// The cell's text (may be empty).
    pub text: String,
    /// `[start, end)` in code points of the record's `text`.
    pub span: Span,
}

/// Kinds of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// `h1`-`h6`, or a heading line in flattened text.
    Heading,
    /// Running text.
    Paragraph,
    /// One item of a list; its text starts with the marker (`- ` or `1. `).
    ListItem,
    /// One table row; its cells are separated by ` | `.
    TableRow,
    /// Preformatted text, whitespace kept.
    Preformatted,
    /// A block quotation.
    Quote,
    /// A figure or table caption.
    Caption,
}

/// A half-open range `[start, end)` in Unicode code points of `text`.
///
/// Serialised as a two-element array, `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A span from its two ends.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

impl From<[usize; 2]> for Span {
    fn from([start, end]: [usize; 2]) -> Self {
        Span { start, end }
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

/// One mojibake repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repair {
    /// Where the repaired text stands in `text`.
    pub span: Span,
    /// The text as it was before the repair.
    pub before: String,
    /// The code pages undone, outermost first (e.g. `["windows-874"]`).
    pub encodings: Vec<String>,
    /// How sure the detector is, 0 to 1.
    pub confidence: f64,
}

/// What the boilerplate stage removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateSummary {
    /// Blocks removed.
    pub removed_blocks: usize,
    /// Code points removed.
    pub removed_chars: usize,
    /// Blocks removed per reason, keyed by reason.
    pub reasons: BTreeMap<String, usize>,
}

/// Page and bibliographic metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Authors, in page order.
    pub authors: Vec<String>,
    /// Medical or editorial reviewers, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewers: Vec<String>,
    /// Publication date, ISO 8601 when it could be parsed, else as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Last update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Last medical or editorial review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
    /// Manuscript received (journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
    /// Manuscript accepted (journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// Publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The site's name (`og:site_name`, the JSON-LD `WebSite`, or the logo
    /// line of flattened text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// `<link rel=canonical>` or `og:url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// Page description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Licence statement or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Keywords, in page order, deduplicated.
    pub keywords: Vec<String>,
    /// Authors' affiliations, as written near the byline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<String>,
}

/// Entities found in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entities {
    /// Gene-therapy products.
    pub products: Vec<Product>,
    /// Delivery vectors.
    pub vectors: Vec<Vector>,
    /// Regulatory and trial statuses.
    pub statuses: Vec<Status>,
    /// Cited works and identifiers.
    pub citations: Vec<Citation>,
}

/// A place where an entity is named: `text[span] == surface`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    /// Where in `text`.
    pub span: Span,
    /// The text at `span`.
    pub surface: String,
}

/// A gene-therapy product; aliases are merged into one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Canonical name (the brand name when one exists).
    pub name: String,
    /// International non-proprietary name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inn: Option<String>,
    /// Development codes.
    pub codes: Vec<String>,
    /// `knowledge` (a line of the product table), `inn_stem` or
    /// `development_code` (found by nomenclature).
    pub found_by: String,
    /// Where it is named.
    pub mentions: Vec<Mention>,
}

/// A delivery vector, at the finest level the text states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Canonical name, e.g. `AAV9`.
    pub name: String,
    /// Family, e.g. `AAV`, `lentivirus`.
    pub family: String,
    /// Serotype or capsid, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serotype: Option<String>,
    /// Where it is named.
    pub mentions: Vec<Mention>,
}

/// A regulatory decision, designation or trial phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// E.g. `approved`, `orphan_designation`, `phase`.
    pub status: String,
    /// Trial phase, e.g. `1/2`, for phase statuses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Agency, e.g. `FDA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Region, ISO 3166 alpha-2 or `EU`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Year of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The product it applies to (a [`Product::name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The class it applies to when no product is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Where it is stated.
    pub mentions: Vec<Mention>,
}

/// A cited work or a bare identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Normalised (lower-case) DOI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// PubMed id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    /// PubMed Central id, `PMC` + digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmcid: Option<String>,
    /// ClinicalTrials.gov id, `NCT` + 8 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nct: Option<String>,
    /// ISBN, as 13 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    /// arXiv identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arxiv: Option<String>,
    /// Authors, in order.
    pub authors: Vec<Author>,
    /// Publication year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Title of the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Journal or book, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Pages, e.g. `48-55`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// For the page's own article (a journal landing page): the authors'
    /// affiliations, its dates, licence and keywords, from the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
    /// Where it is cited.
    pub mentions: Vec<Mention>,
}

/// What a journal landing page says about its own article beyond the
/// reference itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Affiliations, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<String>,
    /// Received, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
    /// Accepted, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// Published, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A personal author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Family name.
    pub family: String,
    /// Given names or initials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
}

/// A document that yielded no record, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRecord {
    /// [`SCHEMA_VERSION`] at the time of writing.
    pub schema_version: String,
    /// As for documents; absent when the bytes could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where the document came from, as far as known.
    pub source: Source,
    /// The stage that failed.
    pub stage: Stage,
    /// A stable machine-readable code.
    pub error: ErrorCode,
    /// A human-readable explanation.
    pub message: String,
}

/// Pipeline stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the bytes.
    Read,
    /// Bytes to text.
    Decode,
    /// Mojibake repair.
    Repair,
    /// HTML or flattened text to blocks.
    Parse,
    /// Boilerplate removal.
    Boilerplate,
    /// Headings, lists, tables.
    Structure,
    /// Entity extraction.
    Extract,
    /// Building the record.
    Record,
    /// Schema validation.
    Validate,
}

impl Stage {
    /// The wire name, e.g. `decode`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Decode => "decode",
            Stage::Repair => "repair",
            Stage::Parse => "parse",
            Stage::Boilerplate => "boilerplate",
            Stage::Structure => "structure",
            Stage::Extract => "extract",
            Stage::Record => "record",
            Stage::Validate => "validate",
        }
    }
}

/// Stable error codes. New codes may be added in minor versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The file could not be read.
    ReadFailed,
    /// Zero bytes.
    EmptyInput,
    /// Larger than the configured limit.
    TooLarge,
    /// Not text: an image, archive, executable or other binary format.
    BinaryContent,
    /// Decoded, but nothing visible is left.
    NoText,
    /// A stage panicked; this is a bug, and the input a regression fixture.
    Panic,
    /// The built record did not match the schema; this is a bug.
    SchemaViolation,
    /// A shard entry that is not what its format requires: a JSONL line
    /// that is not a document object, a WARC record without a length or
    /// cut short.
    MalformedInput,
    /// Compressed data that is corrupt or truncated.
    DecompressionFailed,
    /// A WARC response that is no page: another media type (an image, a
    /// script) or a status other than 2xx.
    NotAPage,
    /// The document used up its time budget (`--max-seconds`).
    TimeLimit,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::ReadFailed,
        ErrorCode::EmptyInput,
        ErrorCode::TooLarge,
        ErrorCode::BinaryContent,
        ErrorCode::NoText,
        ErrorCode::Panic,
        ErrorCode::SchemaViolation,
        ErrorCode::MalformedInput,
        ErrorCode::DecompressionFailed,
        ErrorCode::NotAPage,
        ErrorCode::TimeLimit,
    ];

    /// The code with the wire name `name`.
    ///
    /// ```
    /// use cistron::record::ErrorCode;
    /// assert_eq!(ErrorCode::from_str_name("too_large"), Some(ErrorCode::TooLarge));
    /// ```
    pub fn from_str_name(name: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The wire name, e.g. `binary_content`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ReadFailed => "read_failed",
            ErrorCode::EmptyInput => "empty_input",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::BinaryContent => "binary_content",
            ErrorCode::NoText => "no_text",
            ErrorCode::Panic => "panic",
            ErrorCode::SchemaViolation => "schema_violation",
            ErrorCode::MalformedInput => "malformed_input",
            ErrorCode::DecompressionFailed => "decompression_failed",
            ErrorCode::NotAPage => "not_a_page",
            ErrorCode::TimeLimit => "time_limit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_is_a_two_element_array() {
        let json = serde_json::to_string(&Span::new(3, 7)).unwrap();
        assert_eq!(json, "[3,7]");
        let back: Span = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Span::new(3, 7));
    }

    #[test]
    fn wire_names_match_serde() {
        for code in [
            ErrorCode::ReadFailed,
            ErrorCode::EmptyInput,
            ErrorCode::TooLarge,
            ErrorCode::BinaryContent,
            ErrorCode::NoText,
            ErrorCode::Panic,
            ErrorCode::SchemaViolation,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        for stage in [Stage::Read, Stage::Decode, Stage::Parse, Stage::Validate] {
            let json = serde_json::to_string(&stage).unwrap();
            assert_eq!(json, format!("\"{}\"", stage.as_str()));
        }
    }
}
