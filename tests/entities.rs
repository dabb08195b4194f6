//! The entity tables: every case of `tests/entities/cases.txt` (which must
//! all pass) and of the held-out `tests/entities/heldout*.txt` (scored, with
//! a floor) through segmentation and extraction, all failures reported at
//! once.

#![allow(clippy::print_stdout)]

use cistron::page::TextBlock;
use cistron::record::{BlockKind, Entities};
use std::collections::BTreeSet;

const CASES: &str = include_str!("entities/cases.txt");
const HELDOUT: &str = include_str!("entities/heldout.txt");
const HELDOUT2: &str = include_str!("entities/heldout2.txt");

/// The share of held-out cases that must pass (see the README for the
/// scores measured).
const HELDOUT_FLOOR: f64 = 0.85;

/// The blocks of a case's text.
fn blocks(text: &str) -> Vec<TextBlock> {
    text.split(" || ")
        .map(|part| {
            if let Some(h) = part.strip_prefix("# ") {
                TextBlock::new(BlockKind::Heading, h)
            } else if let Some(row) = part.strip_prefix("ROW ") {
                TextBlock::row(row.split(" | ").map(str::to_owned).collect(), false)
            } else if let Some(row) = part.strip_prefix("HEAD ") {
                TextBlock::row(row.split(" | ").map(str::to_owned).collect(), true)
            } else {
                TextBlock::new(BlockKind::Paragraph, part)
            }
        })
        .collect()
}

/// Entities in the notation of the case file.
fn notation(e: &Entities) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in &e.products {
        out.insert(format!("P:{}", p.name));
    }
    for v in &e.vectors {
        out.insert(format!("V:{}", v.name));
    }
    for s in &e.statuses {
        let mut parts = vec![s.status.clone()];
        parts.extend(s.phase.clone());
        parts.extend(s.agency.clone());
        parts.extend(s.region.clone());
        parts.extend(s.year.map(|y| y.to_string()));
        let target = match (&s.product, &s.class) {
            (Some(p), _) => p.clone(),
            (None, Some(c)) => format!("class {c}"),
            (None, None) => "?".to_owned(),
        };
        out.insert(format!("S:{} -> {target}", parts.join(" ")));
    }
    out
}

fn expected(s: &str) -> BTreeSet<String> {
    if s.trim() == "-" {
        return BTreeSet::new();
    }
    s.split(';')
        .map(|x| x.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|x| !x.is_empty())
        .collect()
}

/// Runs every case of a table; returns the number of cases and the
/// failures.
fn run(table: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut cases = 0;
    let knowledge = cistron::knowledge::Knowledge::embedded();
    for (n, line) in table.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (line.starts_with('#') && !line.contains(" => ")) {
            continue;
        }
        let Some((text, want)) = line.split_once(" => ") else {
            failures.push(format!("line {}: no ` => `", n + 1));
            continue;
        };
        cases += 1;
        let content = cistron::content::assemble(&blocks(text));
        let segmented = cistron::segment::segment(&content);
        let entities = cistron::extract::extract(&segmented, &knowledge, &Default::default());
        // Every mention must slice the text to its surface.
        let chars: Vec<char> = content.text.chars().collect();
        let mentions = entities
            .products
            .iter()
            .flat_map(|p| &p.mentions)
            .chain(entities.vectors.iter().flat_map(|v| &v.mentions))
            .chain(entities.statuses.iter().flat_map(|s| &s.mentions));
        for m in mentions {
            let got: String = chars[m.span.start..m.span.end].iter().collect();
            if got != m.surface {
                failures.push(format!(
                    "line {}: span slices to {got:?}, not {:?}",
                    n + 1,
                    m.surface
                ));
            }
        }
        let (got, want) = (notation(&entities), expected(want));
        if got != want {
            let missing: Vec<&String> = want.difference(&got).collect();
            let extra: Vec<&String> = got.difference(&want).collect();
            failures.push(format!(
                "line {}: {text}\n    missing {missing:?}\n    extra   {extra:?}",
                n + 1
            ));
        }
    }
    (cases, failures)
}

#[test]
fn entity_table() {
    let (cases, failures) = run(CASES);
    assert!(cases >= 150, "the table has {cases} cases, fewer than 150");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn score(name: &str, table: &str) {
    let (cases, failures) = run(table);
    let passed = cases - failures.len();
    let score = passed as f64 / cases as f64;
    println!("{name}: {passed}/{cases} ({:.1}%)", score * 100.0);
    for f in &failures {
        println!("{f}");
    }
    assert!(
        score >= HELDOUT_FLOOR,
        "{name}: {passed}/{cases} pass, below the floor of {HELDOUT_FLOOR}:\n{}",
        failures.join("\n")
    );
}

#[test]
fn heldout_tables_score_above_their_floor() {
    score("held-out entity cases (heldout.txt)", HELDOUT);
    score("held-out entity cases (heldout2.txt)", HELDOUT2);
}
