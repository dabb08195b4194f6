//! Cistron's own mojibake table, beyond ftfy's cases: every phrase of
//! `fixtures/mojibake/phrases.txt` broken through every code page (and twice
//! through windows-1252), and every line of `legitimate.txt`, which must come
//! back unchanged. One runner reports every failure at once, then asserts:
//! no legitimate line may change, and the repair rate may not fall below the
//! floor measured when the table was written.

#![allow(clippy::print_stderr)] // the runner reports its score and failures

mod common;

use cistron::mojibake::{mangle, page_names, repair};

/// Repair rate (percent) the table reached when it was last raised.
const FLOOR_PERCENT: usize = 80;

fn lines(name: &str) -> Vec<String> {
    let path = common::root().join("fixtures/mojibake").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn legitimate_text_is_never_changed() {
    let mut failures = Vec::new();
    let cases = lines("legitimate.txt");
    for line in &cases {
        let got = repair(line).text;
        if &got != line {
            failures.push(format!("changed: {line:?}\n     to: {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} legitimate lines changed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn mojibake_in_every_code_page_is_repaired() {
    let phrases = lines("phrases.txt");
    let mut total = 0usize;
    let mut failures = Vec::new();
    let mut per_page: Vec<(&str, usize, usize)> = Vec::new();
    for page in page_names() {
        let (mut ok, mut n) = (0, 0);
        for phrase in &phrases {
            let Some(broken) = mangle(phrase, page) else {
                continue;
            };
            if &broken == phrase {
                continue; // nothing to repair (ASCII)
            }
            n += 1;
            let got = repair(&broken).text;
            if &got == phrase {
                ok += 1;
            } else {
                failures.push(format!(
                    "[{page}] {phrase:?}\n   broken: {broken:?}\n   got:    {got:?}"
                ));
            }
        }
        total += n;
        per_page.push((page, ok, n));
    }
    // A second layer: windows-1252 twice.
    for phrase in &phrases {
        let twice = mangle(phrase, "windows-1252").and_then(|once| mangle(&once, "windows-1252"));
        let Some(broken) = twice.filter(|b| b != phrase) else {
            continue;
        };
        total += 1;
        let got = repair(&broken).text;
        if &got != phrase {
            failures.push(format!("[windows-1252 x2] {phrase:?}\n   got:    {got:?}"));
        }
    }
    let passed = total - failures.len();
    let report: Vec<String> = per_page
        .iter()
        .map(|(p, ok, n)| format!("{p}: {ok}/{n}"))
        .collect();
    eprintln!(
        "mojibake table: {passed}/{total} repaired ({}%)\n{}",
        passed * 100 / total.max(1),
        report.join(", ")
    );
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(
        passed * 100 >= total * FLOOR_PERCENT,
        "repair rate {passed}/{total} fell below {FLOOR_PERCENT}%; failures above"
    );
}
