//! Helpers shared by the integration tests.
#![allow(dead_code)]

use cistron::validate::{check_spans, Validator, RECORD_SCHEMA};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A second, independent JSON Schema 2020-12 implementation (boon), so that a
/// bug shared by our schema and our validator crate cannot hide.
pub struct IndependentValidator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl IndependentValidator {
    pub fn new() -> Self {
        let schema: Value = serde_json::from_str(RECORD_SCHEMA).expect("schema is JSON");
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        let url = "file:///cistron/record.schema.json";
        compiler
            .add_resource(url, schema)
            .expect("schema loads in boon");
        let index = compiler
            .compile(url, &mut schemas)
            .expect("schema compiles in boon");
        IndependentValidator { schemas, index }
    }

    pub fn check(&self, record: &Value) -> Result<(), String> {
        self.schemas
            .validate(record, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

/// Asserts every invariant a written line must hold: it parses, both
/// validators accept it, and its spans slice to their surfaces.
pub fn assert_valid_line(line: &str, what: &str) -> Value {
    let value: Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    let ours = Validator::new().expect("schema compiles");
    if let Err(e) = ours.check(&value) {
        panic!("{what}: schema violation (jsonschema): {e}");
    }
    if let Err(e) = IndependentValidator::new().check(&value) {
        panic!("{what}: schema violation (boon): {e}");
    }
    if let Err(e) = check_spans(&value) {
        panic!("{what}: {e}");
    }
    value
}

/// The path of `path` relative to the project root, with `/` separators, so
/// that records name the same path on every machine.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file of a directory, by name, with its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("directory")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("file"),
            )
        })
        .collect()
}
