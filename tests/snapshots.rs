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
