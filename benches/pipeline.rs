//! `cargo bench`: the whole pipeline on the fixtures and, when
//! `../shared/conformance/boilerplate/pages/` is present, on its 990 pages,
//! beside an html5ever parse of the same pages (the floor any DOM-based
//! extractor pays), so that their ratio can be read in one run.

#![allow(clippy::print_stderr)]

mod common;

use cistron::pipeline::{Config, Pipeline};
use common::read_dir;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new(Config::default()).expect("pipeline builds");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let fixtures = read_dir(&root.join("fixtures/docs"), false);
    let bytes: usize = fixtures.iter().map(|d| d.bytes.len()).sum();
    let mut group = c.benchmark_group("fixtures");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            fixtures
                .iter()
                .map(|d| pipeline.process(d).line.len())
                .sum::<usize>()
        })
    });
    group.finish();

    let corpus_dir = root.join("../shared/conformance/boilerplate/pages");
    let corpus = read_dir(&corpus_dir, true);
    if corpus.is_empty() {
        eprintln!(
            "skipping the corpus benches: {} not found",
            corpus_dir.display()
        );
        return;
    }
    let bytes: usize = corpus.iter().map(|d| d.bytes.len()).sum();
    let mut group = c.benchmark_group("corpus990");
    group.sample_size(10);
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("parse_only", |b| b.iter(|| common::parse_only(&corpus)));
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|d| pipeline.process(d).line.len())
                .sum::<usize>()
        })
    });
    group.finish();
    eprintln!(
        "corpus: {} pages, {:.1} MB",
        corpus.len(),
        bytes as f64 / 1e6
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
