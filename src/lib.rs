//! Cistron turns scraped gene-therapy documents into validated JSON records.
//!
//! ```text
//! bytes ─decode─▶ Decoded ─repair─▶ Repaired ─parse─▶ Page ─assemble─▶ Content
//!       ─build─▶ Record ─validate─▶ Outcome (one JSON line)
//! ```
//!
//! Each stage is a module with a typed value at its seam, and data flows one
//! way: [`decode`] (bytes to text, saying which encoding and why),
//! [`mojibake`] (undo UTF-8 read through the wrong code page), [`html`] and
//! [`flat`] (a DOM or flattened text to a [`page::Page`] of blocks),
//! [`content`] (the one canonical text every span indexes), [`record`] (the
//! output types) and [`validate`] (against `schemas/record.schema.json`).
//! [`pipeline`] runs them for one document or a parallel batch;
//! [`input`] finds and reads the documents.
//!
//! ```
//! use cistron::pipeline::{Config, Document, Origin, Pipeline};
//! use cistron::record::Record;
//!
//! let pipeline = Pipeline::new(Config::default())?;
//! let html = b"<html><head><title>AAV</title></head><body><nav>Home</nav>\
//!              <h1>Gene therapy</h1><p>Vectors deliver genes.</p></body></html>";
//! let doc = Document { origin: Origin::from_path("page.html"), bytes: html.to_vec() };
//! let outcome = pipeline.process(&doc);
//! if let Record::Document(record) = &outcome.record {
//!     assert_eq!(record.title.as_deref(), Some("AAV"));
//!     assert!(record.text.contains("Gene therapy\n\nVectors deliver genes."));
//! }
//! println!("{}", outcome.line); // one JSONL line, valid against the schema
//! # Ok::<(), cistron::pipeline::PipelineError>(())
//! ```

pub mod batch;
pub mod boilerplate;
pub mod content;
pub mod decode;
pub mod document;
pub mod extract;
pub mod flat;
pub mod html;
pub mod identifiers;
pub mod input;
pub mod knowledge;
pub mod language;
pub mod metadata;
pub mod mojibake;
pub mod outdir;
pub mod output_file;
pub mod page;
pub mod pipeline;
pub mod record;
pub mod references;
pub mod segment;
pub mod structure;
pub mod validate;

pub use document::{Document, Origin};
pub use pipeline::{Config, Outcome, Pipeline};
pub use record::Record;
