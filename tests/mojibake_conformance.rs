//! ftfy's own test cases, when the conformance suite sits beside the
//! project (`../shared/conformance/mojibake/`, or the folder named by
//! `CISTRON_MOJIBAKE_CASES`): every case ftfy is meant to get right must
//! come out as its `fixed-encoding` (or `fixed`), the repair alone without
//! quote straightening. ftfy's known failures are reported, not asserted.
//! Without the suite the test says so and passes: a fresh clone of this
//! repository does not carry it.

#![allow(clippy::print_stderr)] // the runner reports its score and failures

mod common;

use cistron::mojibake::repair;
use serde_json::Value;

const FILES: [&str; 5] = [
    "in-the-wild.json",
    "language-names.json",
    "synthetic.json",
    "negative.json",
    "known-failures.json",
];

#[test]
fn ftfy_cases_pass() {
    let dir = std::env::var_os("CISTRON_MOJIBAKE_CASES").map_or_else(
        || common::root().join("../shared/conformance/mojibake"),
        std::path::PathBuf::from,
    );
    if !dir.join(FILES[0]).is_file() {
        eprintln!(
            "skipped: ftfy's cases not found in {} (set CISTRON_MOJIBAKE_CASES)",
            dir.display()
        );
        return;
    }
    let (mut passed, mut total, mut known_fixed, mut known) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases: Vec<Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in &cases {
            let field = |k: &str| case.get(k).and_then(Value::as_str);
            let (Some(original), Some(want)) = (
                field("original"),
                field("fixed-encoding").or(field("fixed")),
            ) else {
                panic!("{name}: a case without `original` or `fixed`: {case}");
            };
            let got = repair(original).text;
            if field("expect") == Some("pass") {
                total += 1;
                if got == want {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "[{name}] {:?}\n   original: {original:?}\n   want:     {want:?}\n   got:      {got:?}",
                        field("label").unwrap_or("")
                    ));
                }
            } else {
                known += 1;
                known_fixed += usize::from(got == want);
            }
        }
    }
    eprintln!("ftfy cases: {passed}/{total} pass, {known_fixed}/{known} known failures fixed");
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} ftfy cases fail; see above",
        failures.len()
    );
}
