//! The hostile-input catalogue. Small inputs are files in
//! `fixtures/hostile/` with their expected outcomes in `EXPECTED.tsv` (a
//! record, or the error code); large ones (a 10 MB line, 100,000 nested
//! elements, a million elements, a 5 MB attribute) are generated here.
//! Every outcome must be a valid line, and never a `panic` or
//! `schema_violation` record.
//!
//! Linear time is checked by ratio, not by a clock limit: the same input at
//! two sizes, in the same process, and the larger may cost at most three
//! times its share. A quadratic stage fails that by a wide margin (the two
//! found here took minutes), a slow machine does not.

mod common;

use cistron::input::{open, Input, ReadOptions};
use cistron::pipeline::{Config, Document, Origin, Outcome, Pipeline};
use cistron::record::{ErrorCode, Record};
use std::path::Path;
use std::time::{Duration, Instant};

fn pipeline() -> Pipeline {
    Pipeline::new(Config::default()).expect("pipeline builds")
}

/// The outcomes of one input, as `cistron run` reads it.
fn outcomes(p: &Pipeline, path: &Path) -> Vec<Outcome> {
    open(&Input::File(path.to_path_buf()), &ReadOptions::default())
        .map(|loaded| match loaded {
            Ok(doc) => p.process(&doc),
            Err(e) => p.read_failure(&e),
        })
        .collect()
}

fn label(outcome: &Outcome) -> String {
    match &outcome.record {
        Record::Document(_) => "document".to_owned(),
        Record::Error(e) => e.error.as_str().to_owned(),
    }
}

fn assert_sound(outcome: &Outcome, what: &str) {
    common::assert_valid_line(&outcome.line, what);
    assert!(
        !matches!(
            outcome.record.error_code(),
            Some(ErrorCode::Panic | ErrorCode::SchemaViolation)
        ),
        "{what}: {}",
        outcome.line
    );
}

#[test]
fn catalogue_gives_the_expected_outcomes() {
    let dir = common::root().join("fixtures/hostile");
    let expected = std::fs::read_to_string(dir.join("EXPECTED.tsv")).expect("EXPECTED.tsv");
    let p = pipeline();
    let mut listed = Vec::new();
    let mut failures = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (name, want) = line.split_once('\t').expect("name<TAB>outcomes");
        listed.push(name.to_owned());
        let got: Vec<String> = outcomes(&p, &dir.join(name))
            .iter()
            .inspect(|o| assert_sound(o, name))
            .map(label)
            .collect();
        if got.join(",") != want {
            failures.push(format!("{name}: expected {want}, got {}", got.join(",")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED.tsv")
        .collect();
    files.sort();
    listed.sort();
    assert_eq!(
        files, listed,
        "every hostile fixture has an expected outcome"
    );
}

#[test]
fn lying_declarations_give_way_to_the_bytes() {
    let p = pipeline();
    let dir = common::root().join("fixtures/hostile");
    let lies = &outcomes(&p, &dir.join("meta-lies.html"))[0];
    let Record::Document(doc) = &lies.record else {
        panic!("{}", lies.line)
    };
    assert_eq!(doc.decoding.encoding, "UTF-8");
    assert!(doc.text.contains("Zolgensma — an AAV9"), "{}", doc.text);
    let utf16 = &outcomes(&p, &dir.join("utf16-no-bom.txt"))[0];
    let Record::Document(doc) = &utf16.record else {
        panic!("{}", utf16.line)
    };
    assert_eq!(doc.decoding.encoding, "UTF-16LE");
    assert!(doc.text.starts_with("Gene therapy with AAV9"));
}

/// How many times each size is timed; the fastest run counts.
const RUNS: usize = 3;

/// The fastest of [`RUNS`] runs of `f`: a busy machine only ever slows a
/// run down, so the minimum is the cost of the work itself.
fn fastest(mut f: impl FnMut() -> Duration) -> Duration {
    (0..RUNS)
        .map(|_| f())
        .min()
        .unwrap_or_default()
        .max(Duration::from_micros(1))
}

/// Runs `make(n)` through the pipeline at two sizes and returns the time
/// ratio divided by the size ratio: about 1 when linear. Each size is
/// generated once and timed [`fastest`] of several runs.
fn growth(small: usize, factor: usize, make: impl Fn(usize) -> String) -> f64 {
    let p = pipeline();
    let time = |n: usize| {
        let doc = Document {
            origin: Origin::from_path("big.html"),
            bytes: make(n).into_bytes(),
        };
        fastest(|| {
            let started = Instant::now();
            let outcome = p.process(&doc);
            let elapsed = started.elapsed();
            assert_sound(&outcome, "generated input");
            elapsed
        })
    };
    // The first run of the small size also builds the lazily built tables.
    let a = time(small);
    let b = time(small * factor);
    b.as_secs_f64() / a.as_secs_f64() / factor as f64
}

fn prose(bytes: usize) -> String {
    let words = [
        "gene",
        "therapy",
        "with",
        "AAV9",
        "vectors",
        "was",
        "approved",
        "by",
        "the",
        "FDA",
        "in",
        "2019",
        "for",
        "patients",
        "Zolgensma",
        "phase",
        "3",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(words[(i * 7 + i / 3) % words.len()]);
        out.push(' ');
        i += 1;
    }
    out
}

#[test]
fn a_line_without_stops_costs_linear_time() {
    // 10 MB at the larger size, as the catalogue asks.
    let ratio = growth(1 << 20, 10, prose);
    assert!(ratio < 3.0, "10x the line cost {:.1}x its share", ratio);
}

#[test]
fn deep_nesting_costs_linear_time() {
    let nested = |n: usize| {
        format!(
            "<html><body>{}deep{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    let ratio = growth(10_000, 10, nested);
    assert!(ratio < 3.0, "10x the depth cost {:.1}x its share", ratio);
}

#[test]
fn a_million_elements_and_a_giant_attribute() {
    let p = pipeline();
    let many = format!(
        "<html><body><p>{}</p></body></html>",
        "<b>x</b> ".repeat(1_000_000)
    );
    let giant = format!(
        "<html><body><div class=\"{}\"><p>Text beside a giant attribute.</p></div></body></html>",
        "a".repeat(5 << 20)
    );
    for (what, html) in [("a million elements", many), ("a 5 MB attribute", giant)] {
        let outcome = p.process(&Document {
            origin: Origin::from_path("big.html"),
            bytes: html.into_bytes(),
        });
        assert_sound(&outcome, what);
        assert_eq!(label(&outcome), "document", "{what}");
    }
}

#[test]
fn text_built_against_the_citation_patterns_costs_linear_time() {
    // Long runs that identifier and reference patterns could backtrack on:
    // a DOI prefix followed by a megabyte of suffix characters, brackets
    // that never close, labels without numbers, a reference line of
    // initials and commas, and a DOI followed by brackets it never opened
    // (each trimmed off in turn).
    let hostile = |n: usize| {
        let unit = n / 6;
        format!(
            "References\n\n1. 10.1234/{}\n2. {}\n3. {}\n4. {}\n5. {}\n6. 10.1234/b{}",
            "a(".repeat(unit / 2),
            "(".repeat(unit),
            "PMID: PMC ".repeat(unit / 10),
            "A. B., ".repeat(unit / 7),
            "doi:10.".repeat(unit / 7),
            ")".repeat(unit),
        )
    };
    let ratio = growth(200_000, 10, hostile);
    assert!(ratio < 3.0, "10x the text cost {:.1}x its share", ratio);
    // The reference parser alone, on one line far longer than a reference
    // (the pipeline gives it blocks of 1,500 bytes at most).
    let line = |n: usize| {
        format!(
            "{} (2020). {}",
            "Smith, J., ".repeat(n / 11),
            "Title. ".repeat(n / 7)
        )
    };
    // One parse of the short line takes well under a millisecond, which a
    // busy machine's scheduler can double: each run parses ten times.
    let time = |n: usize| {
        let line = line(n);
        fastest(|| {
            let started = Instant::now();
            for _ in 0..10 {
                let parsed = cistron::references::parse(&line);
                assert_eq!(parsed.year, Some(2020));
            }
            started.elapsed()
        })
    };
    let ratio = time(100_000).as_secs_f64() / time(10_000).as_secs_f64() / 10.0;
    assert!(ratio < 3.0, "10x the line cost {:.1}x its share", ratio);
}

/// A table as dense with names as a table can be: every row a product by
/// brand and development code, its INN, its vector, a decision with agency
/// and year, a trial phase and a registry number. Every name is a mention,
/// and every mention is weighed against the others found so far; any such
/// weighing done by scanning them all (not by a search or a table) shows as
/// quadratic here.
fn dense_table(bytes: usize) -> String {
    const ROWS: [(&str, &str, &str, &str); 6] = [
        ("Luxturna", "voretigene neparvovec", "AAV2", "EMA"),
        ("Zolgensma", "onasemnogene abeparvovec", "AAV9", "FDA"),
        ("Hemgenix", "etranacogene dezaparvovec", "AAV5", "FDA"),
        ("Imlygic", "talimogene laherparepvec", "HSV-1", "EMA"),
        ("Kymriah", "tisagenlecleucel", "lentiviral", "PMDA"),
        ("Elevidys", "delandistrogene moxeparvovec", "AAVrh74", "FDA"),
    ];
    let mut out = String::with_capacity(bytes + 512);
    out.push_str(
        "<html><body><h1>Gene therapy pipeline</h1><table>\
         <tr><th>Programme</th><th>Active substance</th><th>Vector</th><th>Regulatory status</th></tr>\n",
    );
    let mut i = 0usize;
    while out.len() < bytes {
        let (brand, inn, vector, agency) = ROWS[i % ROWS.len()];
        let code = 100 + i % 8_000;
        let year = 2015 + i % 10;
        let trial = 10_000_000 + i;
        out.push_str(&format!(
            "<tr><td>{brand} (GT-{code})</td><td>{inn}</td><td>{vector} vector</td>\
             <td>Approved by the {agency} in {year}; phase 3 NCT{trial}</td></tr>\n"
        ));
        i += 1;
    }
    out.push_str("</table></body></html>");
    out
}

#[test]
fn a_table_dense_with_names_costs_linear_time() {
    // 0.75 MB and 3 MB: thousands of mentions of each kind, and a few
    // seconds in all with the test profile's optimisation.
    let ratio = growth(750_000, 4, dense_table);
    assert!(ratio < 2.0, "4x the table cost {:.1}x its share", ratio);
}

#[cfg(unix)]
#[test]
fn nothing_is_lost_from_a_folder_of_hostile_entries() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("good.txt"), "Gene therapy text.").expect("write");
    std::fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"latin1-\xe9t\xe9.txt")),
        "A file whose name is not UTF-8.",
    )
    .expect("write");
    std::os::unix::fs::symlink("missing-target", dir.join("dangling.txt")).expect("symlink");
    std::fs::create_dir(dir.join("loop")).expect("dir");
    std::os::unix::fs::symlink("..", dir.join("loop/up")).expect("symlink");
    for name in ["pdf.pdf", "bad-line.jsonl", "gzip-bomb.html.gz"] {
        std::fs::copy(
            common::root().join("fixtures/hostile").join(name),
            dir.join(name),
        )
        .expect("copy");
    }
    let out = assert_cmd::Command::cargo_bin("cistron")
        .expect("binary")
        .args(["run", "-j", "2"])
        .arg(dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 records");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| common::assert_valid_line(l, "record"))
        .collect();
    // good, latin1 name, dangling link, loop, pdf, bomb, and three lines
    // of the shard: nine outcomes for nine documents.
    assert_eq!(records.len(), 9, "{stdout}");
    let count = |code: &str| records.iter().filter(|r| r["error"] == code).count();
    assert_eq!(count("read_failed"), 2, "the dangling link and the loop");
    assert_eq!(count("binary_content"), 1);
    assert_eq!(count("too_large"), 1);
    assert_eq!(count("malformed_input"), 1);
    let documents = records.iter().filter(|r| r["kind"] == "document").count();
    assert_eq!(documents, 4);
    assert!(records.iter().any(|r| r["source"]["name"]
        .as_str()
        .is_some_and(|n| n.starts_with("latin1-"))));
    // The summary's counts add up to the lines.
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("9 documents, 4 records, 5 errors"),
        "{summary}"
    );
}
