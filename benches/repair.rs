//! `cargo bench --bench repair`: mojibake repair throughput (MB/s) on clean
//! English, on English with 1% of its lines broken, on English broken
//! throughout (a page read through the wrong code page once, and twice), and
//! on clean non-Latin text. Inputs are built from the fixtures, about 1 MB
//! each.

use cistron::mojibake::repair;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const SIZE: usize = 1 << 20;

fn english_lines() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docs");
    let mut lines = Vec::new();
    for name in ["000_fd2eca63e4dafe8f.txt", "002_86c2e6615317b567.txt"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_default();
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
    }
    lines
}

fn fill(lines: &[String], mut each: impl FnMut(usize, &str) -> String) -> String {
    let mut out = String::with_capacity(SIZE + 4096);
    let mut i = 0;
    while out.len() < SIZE && !lines.is_empty() {
        out.push_str(&each(i, &lines[i % lines.len()]));
        out.push('\n');
        i += 1;
    }
    out
}

/// `line` as a program that read its UTF-8 through windows-1252 shows it.
fn break_line(line: &str) -> String {
    let line = format!("{line} — “café”");
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(line.as_bytes())
        .0
        .into_owned()
}

/// `line` broken by [`break_line`], then read through windows-1252 again.
fn break_twice(line: &str) -> String {
    let once = break_line(line);
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(once.as_bytes())
        .0
        .into_owned()
}

fn bench(c: &mut Criterion) {
    let lines = english_lines();
    let clean = fill(&lines, |_, l| l.to_owned());
    let broken = fill(&lines, |i, l| {
        if i % 100 == 0 {
            break_line(l)
        } else {
            l.to_owned()
        }
    });
    let broken_all = fill(&lines, |_, l| break_line(l));
    let broken_twice = fill(&lines, |_, l| break_twice(l));
    let non_latin_lines: Vec<String> = [
        "Генная терапия — это лечение наследственных заболеваний с помощью вирусных векторов.",
        "Η γονιδιακή θεραπεία χρησιμοποιεί ιικούς φορείς όπως ο AAV9.",
        "ยีนบำบัดเป็นการรักษาโรคทางพันธุกรรมด้วยไวรัสพาหะ",
        "基因治疗是利用病毒载体将正常基因导入细胞的治疗方法。",
        "Terapia genowa — leczenie chorób dziedzicznych; wektory AAV są najczęstsze.",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let non_latin = fill(&non_latin_lines, |_, l| l.to_owned());

    let mut group = c.benchmark_group("repair");
    for (name, text) in [
        ("clean_english", &clean),
        ("broken_1pct", &broken),
        ("broken_all", &broken_all),
        ("broken_twice", &broken_twice),
        ("non_latin", &non_latin),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| repair(black_box(text)).text.len()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
