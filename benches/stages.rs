//! `cargo bench --bench stages`: each stage alone (the markup reduction
//! apart from the HTML stage that includes it), on the 990 pages of
//! `../shared/conformance/boilerplate/pages/` (the fixtures when that folder
//! is absent), beside an html5ever parse of the same pages and the whole
//! pipeline on one and two threads, so that the ratios the performance
//! issue names (pipeline / parse-only, two threads / one) read off one run.
//!
//! Each stage is timed on the output of the stages before it, computed
//! once outside the timing loop.

#![allow(clippy::print_stderr, clippy::expect_used)]

mod common;

use cistron::batch::Batch;
use cistron::decode::{self, Hints, MediaType};
use cistron::pipeline::{Config, Document, Pipeline};
use cistron::validate::Validator;
use cistron::{boilerplate, content, extract, flat, html, mojibake, segment, structure};
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, Throughput,
};
use std::path::Path;
use std::time::Duration;

fn corpus() -> (&'static str, Vec<Document>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = common::read_dir(&root.join("../shared/conformance/boilerplate/pages"), true);
    if pages.is_empty() {
        eprintln!("the 990-page corpus is absent: benching the fixtures");
        (
            "fixtures",
            common::read_dir(&root.join("fixtures/docs"), false),
        )
    } else {
        ("corpus990", pages)
    }
}

fn per_page<M: criterion::measurement::Measurement>(group: &mut BenchmarkGroup<'_, M>, n: usize) {
    group.throughput(Throughput::Elements(n as u64));
}

fn bench(c: &mut Criterion) {
    let (name, docs) = corpus();
    let n = docs.len();
    fn hints(d: &Document) -> Hints<'_> {
        Hints {
            charset: None,
            media_type: None,
            name: Some(&d.origin.name),
            url: None,
        }
    }
    // Every stage's input, computed once.
    let decoded: Vec<_> = docs
        .iter()
        .filter_map(|d| decode::decode(&d.bytes, &hints(d)).ok())
        .collect();
    let repaired: Vec<_> = decoded.iter().map(|d| mojibake::repair(&d.text)).collect();
    let parse = |d: &decode::Decoded, r: &mojibake::Repaired| match d.media_type {
        MediaType::Html => html::parse(&r.text),
        MediaType::Text => flat::parse(&r.text),
    };
    let parsed: Vec<_> = decoded
        .iter()
        .zip(&repaired)
        .map(|(d, r)| parse(d, r))
        .collect();
    let knowledge = cistron::knowledge::Knowledge::embedded();
    let pages: Vec<_> = parsed
        .iter()
        .cloned()
        .map(|p| structure::rebuild(p, &knowledge))
        .collect();
    let kept: Vec<_> = pages
        .iter()
        .map(|p| boilerplate::select(p).blocks)
        .collect();
    let contents: Vec<_> = kept.iter().map(|k| content::assemble(k)).collect();
    let pipeline = Pipeline::new(Config::default()).expect("pipeline builds");
    let records: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::to_value(&pipeline.process(d).record).expect("record is JSON"))
        .collect();
    let validator = Validator::new().expect("schema compiles");

    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    per_page(&mut group, n);
    group.bench_function("parse_only", |b| b.iter(|| common::parse_only(&docs)));
    group.bench_function("decode", |b| {
        b.iter(|| {
            docs.iter()
                .filter_map(|d| decode::decode(&d.bytes, &hints(d)).ok())
                .count()
        })
    });
    group.bench_function("repair", |b| {
        b.iter(|| {
            decoded
                .iter()
                .map(|d| mojibake::repair(&d.text).fixes.len())
                .sum::<usize>()
        })
    });
    group.bench_function("reduce", |b| {
        b.iter(|| {
            decoded
                .iter()
                .zip(&repaired)
                .filter(|(d, _)| d.media_type == MediaType::Html)
                .map(|(_, r)| html::reduce::reduce(&r.text).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("html", |b| {
        b.iter(|| {
            decoded
                .iter()
                .zip(&repaired)
                .map(|(d, r)| parse(d, r).blocks.len())
                .sum::<usize>()
        })
    });
    group.bench_function("structure", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|p| structure::rebuild(p.clone(), &knowledge).blocks.len())
                .sum::<usize>()
        })
    });
    group.bench_function("boilerplate", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| boilerplate::select(p).blocks.len())
                .sum::<usize>()
        })
    });
    // The rule judges alone: the stage as it was before the learned models.
    group.bench_function("boilerplate_rules", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| {
                    boilerplate::select_with(p, boilerplate::Judge::Rules, &|_| false)
                        .blocks
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("assemble", |b| {
        b.iter(|| {
            kept.iter()
                .map(|k| content::assemble(k).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            contents
                .iter()
                .map(|c| {
                    extract::extract(&segment::segment(c), &knowledge, &Default::default())
                        .products
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| {
            records
                .iter()
                .filter(|r| validator.check(r).is_ok())
                .count()
        })
    });
    group.bench_function("serialize", |b| {
        b.iter(|| {
            records
                .iter()
                .map(|r| serde_json::to_string(r).map_or(0, |s| s.len()))
                .sum::<usize>()
        })
    });
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| pipeline.process(d).line.len())
                .sum::<usize>()
        })
    });
    // The same pipeline with the rule judges alone, in the same run: the
    // learned judge's cost is the difference.
    let rules =
        Pipeline::new(Config::default().with_judge(boilerplate::Judge::Rules)).expect("pipeline");
    group.bench_function("pipeline_rules", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| rules.process(d).line.len())
                .sum::<usize>()
        })
    });
    for jobs in [1, 2] {
        let batch = Batch::new(&pipeline, jobs).expect("pool");
        // The documents are copied outside the timing: a batch owns its
        // documents, and the copy (143 MB) would be timed on the reader
        // thread, which competes with the workers only when there are two.
        group.bench_function(format!("pipeline_batch_j{jobs}"), |b| {
            b.iter_batched(
                || docs.clone(),
                |owned| {
                    let mut bytes = 0;
                    let _ = batch.run(owned.into_iter().map(Ok), None, |o| {
                        bytes += o.line.len();
                        Ok::<(), ()>(())
                    });
                    bytes
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
