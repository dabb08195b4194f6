//! End-to-end snapshots: every file in `fixtures/docs/` through the whole
//! pipeline, one pretty JSON record per fixture. Before a snapshot is taken,
//! the record must validate (two independent validators) and its spans must
//! slice to their surfaces.

mod common;

use cistron::pipeline::{Config, Document, Origin, Pipeline};

#[test]
fn fixtures_docs() {
    let pipeline = Pipeline::new(Config::default()).expect("pipeline builds");
    insta::glob!("../fixtures", "docs/*", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        let doc = Document {
            origin: Origin::from_path(&common::relative(path)),
            bytes,
        };
        let outcome = pipeline.process(&doc);
        let value = common::assert_valid_line(&outcome.line, &doc.origin.path);
        insta::with_settings!({
            description => format!("cistron run {}", doc.origin.path),
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(value);
        });
    });
}

/// Every stored snapshot belongs to a fixture that still exists: a renamed or
/// deleted fixture must take its snapshot with it (insta alone only rejects
/// unreferenced snapshots through `cargo insta test --unreferenced=reject`).
#[test]
fn no_orphan_snapshots() {
    let dir = common::root().join("tests/snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshot folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(fixture) = name
            .strip_prefix("snapshots__fixtures_docs@")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        if !common::root().join("fixtures/docs").join(fixture).exists() {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}
