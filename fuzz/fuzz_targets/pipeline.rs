//! Any bytes through the whole pipeline: the outcome is a record that
//! validates (the pipeline checks the schema and every span itself), and
//! never a `panic` or `schema_violation` error record, which would be bugs.
#![no_main]

use cistron::pipeline::{Config, Document, Origin, Pipeline};
use cistron::record::ErrorCode;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(Config::default()).expect("pipeline builds"));

fuzz_target!(|data: &[u8]| {
    let doc = Document {
        origin: Origin::from_path(if data.first() == Some(&b'<') { "p.html" } else { "p.txt" }),
        bytes: data.to_vec(),
    };
    let outcome = PIPELINE.process(&doc);
    let code = outcome.record.error_code();
    assert!(
        !matches!(code, Some(ErrorCode::Panic | ErrorCode::SchemaViolation)),
        "{}",
        outcome.line
    );
});
