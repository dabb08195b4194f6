//! End-to-end snapshots: every file in `fixtures/docs/` through the whole
//! pipeline, one pretty JSON record per fixture. Before a snapshot is taken,
//! the record must validate (two independent validators) and its spans must
//! slice to their surfaces. Shards (`fixtures/shards/`) get one condensed
//! entry per document.

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
        let Some((folder, fixture)) = ["docs", "shards"].iter().find_map(|folder| {
            name.strip_prefix(&format!("snapshots__fixtures_{folder}@"))
                .and_then(|n| n.strip_suffix(".snap"))
                .map(|f| (*folder, f))
        }) else {
            continue;
        };
        if !common::root()
            .join("fixtures")
            .join(folder)
            .join(fixture)
            .exists()
        {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}

/// Every shard in `fixtures/shards/` (WARC, JSONL), read as `cistron run`
/// reads it: one entry per document, with where it came from, how it was
/// decoded, its text and entities, or its error.
#[test]
fn fixtures_shards() {
    use cistron::batch::Batch;
    use cistron::input::{open, Input, ReadOptions};
    let pipeline = Pipeline::new(Config::default()).expect("pipeline builds");
    let batch = Batch::new(&pipeline, 2).expect("pool");
    insta::glob!("../fixtures", "shards/*", |path| {
        let input = Input::File(common::relative(path).into());
        let mut entries = Vec::new();
        let (_, written) = batch.run(open(&input, &ReadOptions::default()), None, |outcome| {
            let value = common::assert_valid_line(&outcome.line, &common::relative(path));
            entries.push(condensed(&value));
            Ok::<(), ()>(())
        });
        written.expect("sink never fails");
        insta::with_settings!({
            description => format!("cistron run {}", common::relative(path)),
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(entries);
        });
    });
}

/// The parts of a record a reviewer of input handling needs to see.
fn condensed(record: &serde_json::Value) -> serde_json::Value {
    let names = |kind: &str| -> Vec<serde_json::Value> {
        record["entities"][kind]
            .as_array()
            .map(|items| items.iter().map(|i| i["name"].clone()).collect())
            .unwrap_or_default()
    };
    match record["kind"].as_str() {
        Some("document") => serde_json::json!({
            "source": record["source"],
            "encoding": record["decoding"]["encoding"],
            "title": record["title"],
            "language": record["language"],
            "text": record["text"],
            "products": names("products"),
            "vectors": names("vectors"),
            "statuses": record["entities"]["statuses"].as_array().map(|s| s.iter().map(|s| {
                serde_json::json!([s["status"], s["phase"], s["product"], s["agency"], s["year"]])
            }).collect::<Vec<_>>()),
        }),
        _ => serde_json::json!({
            "source": record["source"],
            "error": record["error"],
            "message": record["message"],
        }),
    }
}
