//! Template detection across a batch: `fixtures/sites/clinic.example` holds
//! four pages of one site that share a navigation line and two footer
//! sentences that no single page would reveal as boilerplate.

mod common;

use assert_cmd::Command;
use serde_json::Value;

const SHARED: &[&str] = &[
    "Home | Therapies | Trials | Team | Contact",
    "The clinic is open from Monday to Friday",
    "is a member of the regional rare-disease network",
];

fn records(args: &[&str]) -> Vec<Value> {
    let out = Command::cargo_bin("cistron")
        .expect("binary built")
        .current_dir(common::root())
        .args(["run", "-q"])
        .args(args)
        .arg("fixtures/sites")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| common::assert_valid_line(l, "template run"))
        .collect()
}

fn text(record: &Value) -> &str {
    record["text"].as_str().expect("a document record")
}

#[test]
fn shared_lines_stay_without_the_template_pass() {
    for record in records(&[]) {
        for line in SHARED {
            assert!(text(&record).contains(line), "{line} missing");
        }
    }
}

#[test]
fn the_template_pass_removes_shared_lines_and_keeps_each_article() {
    let plain = records(&[]);
    let pruned = records(&["--templates"]);
    assert_eq!(plain.len(), 4);
    for (before, after) in plain.iter().zip(&pruned) {
        for line in SHARED {
            assert!(!text(after).contains(line), "{line} kept");
        }
        assert_eq!(after["boilerplate"]["reasons"]["template"], 3);
        // What is left is exactly the page's own text.
        let own: Vec<&str> = text(before)
            .split("\n\n")
            .filter(|b| !SHARED.iter().any(|s| b.contains(s)))
            .collect();
        assert_eq!(text(after), own.join("\n\n"));
    }
}

#[test]
fn the_template_pass_is_the_same_with_one_and_two_threads() {
    let one = records(&["--templates", "-j", "1"]);
    let two = records(&["--templates", "-j", "2"]);
    assert_eq!(one, two);
}
