//! `cargo bench --bench extract`: the extraction stage (segmentation and
//! entity extraction) beside the whole pipeline on the same documents, so
//! that extraction's share of a document's time reads off one run. Issue 5
//! bounds it at 20% of the pipeline.
//!
//! Two sets: the fixtures (gene-therapy pages, dense in entities) and, when
//! `../shared/conformance/boilerplate/pages/` is present, its 990 general
//! web pages (skipped with a message when absent).

#![allow(clippy::print_stderr)]

mod common;

use cistron::content::Content;
use cistron::pipeline::{Config, Document, Pipeline};
use cistron::record::Record;
use common::read_dir;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

/// The content each document's record was built from.
fn contents(pipeline: &Pipeline, docs: &[Document]) -> Vec<Content> {
    docs.iter()
        .filter_map(|d| match pipeline.process(d).record {
            Record::Document(r) => Some(Content {
                text: r.text,
                blocks: r.blocks,
                tables: r.tables,
            }),
            Record::Error(_) => None,
        })
        .collect()
}

fn group(c: &mut Criterion, name: &str, pipeline: &Pipeline, docs: &[Document]) {
    let contents = contents(pipeline, docs);
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| pipeline.process(d).line.len())
                .sum::<usize>()
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            contents
                .iter()
                .map(|c| {
                    let e = cistron::extract::extract(
                        &cistron::segment::segment(c),
                        pipeline.knowledge(),
                        &Default::default(),
                    );
                    e.products.len() + e.vectors.len() + e.statuses.len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::default()).expect("pipeline builds");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = read_dir(&root.join("fixtures/docs"), false);
    group(c, "extract_fixtures", &pipeline, &fixtures);

    let corpus_dir = root.join("../shared/conformance/boilerplate/pages");
    let corpus = read_dir(&corpus_dir, true);
    if corpus.is_empty() {
        eprintln!(
            "skipping the corpus extraction bench: {} not found",
            corpus_dir.display()
        );
        return;
    }
    group(c, "extract_corpus990", &pipeline, &corpus);
}

criterion_group!(benches, bench);
criterion_main!(benches);
