//! Batch runs through the real binary: output directories (one file per
//! shard, errors beside, summary and manifest), resuming a killed run, the
//! JSONL filter mode engines pipe through, and config files.

mod common;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn cistron() -> Command {
    let mut cmd = Command::cargo_bin("cistron").expect("binary built");
    cmd.current_dir(common::root());
    cmd
}

#[test]
fn out_dir_writes_one_file_per_shard_with_summary_and_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    cistron()
        .args(["run", "-q", "fixtures/shards", "fixtures/docs", "--out-dir"])
        .arg(&out)
        .assert()
        .code(1);
    let written = common::files(&out);
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "_manifest.json",
            "_summary.json",
            "fixtures__docs.errors.jsonl",
            "fixtures__docs.jsonl",
            "fixtures__shards__crawl.warc.gz.errors.jsonl",
            "fixtures__shards__crawl.warc.gz.jsonl",
            "fixtures__shards__pages.jsonl.errors.jsonl",
            "fixtures__shards__pages.jsonl.jsonl",
        ]
    );
    // Nothing lost: every line is a valid record, and the summary's counts
    // are the lines' counts.
    let mut documents = 0;
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    for (name, bytes) in &written {
        if name.starts_with('_') {
            continue;
        }
        for line in String::from_utf8(bytes.clone()).unwrap().lines() {
            let value = common::assert_valid_line(line, name);
            documents += 1;
            let is_error = value["kind"] == "error";
            assert_eq!(is_error, name.ends_with(".errors.jsonl"), "{name}: {line}");
            if let Some(code) = value["error"].as_str() {
                *errors.entry(code.to_owned()).or_default() += 1;
            }
        }
    }
    let summary: serde_json::Value = serde_json::from_slice(&written["_summary.json"]).unwrap();
    assert_eq!(summary["documents"], documents);
    assert_eq!(summary["errors"], serde_json::to_value(&errors).unwrap());
    assert_eq!(summary["shards"].as_array().unwrap().len(), 3);
    let manifest: serde_json::Value = serde_json::from_slice(&written["_manifest.json"]).unwrap();
    assert_eq!(manifest["tool"], "cistron");
    assert_eq!(manifest["config"]["input-format"], "auto");
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 12);
    let warc = inputs
        .iter()
        .find(|i| i["path"] == "fixtures/shards/crawl.warc.gz")
        .unwrap();
    let bytes = std::fs::read(common::root().join("fixtures/shards/crawl.warc.gz")).unwrap();
    assert_eq!(warc["bytes"], bytes.len());
    assert_eq!(warc["sha256"].as_str().unwrap().len(), 64);

    // The default policy refuses to overwrite; skip and replace give the
    // same directory again.
    let again = cistron()
        .args(["run", "-q", "fixtures/shards", "fixtures/docs", "--out-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    for policy in ["skip", "replace"] {
        cistron()
            .args([
                "run",
                "-q",
                "fixtures/shards",
                "fixtures/docs",
                "--on-exists",
                policy,
            ])
            .arg("--out-dir")
            .arg(&out)
            .assert()
            .code(1);
        assert!(
            common::files(&out) == written,
            "--on-exists {policy} changed the directory"
        );
    }
}

/// A corpus of `shards` JSONL shards of `per_shard` documents each, made
/// from the seed fixtures.
fn corpus(dir: &Path, shards: usize, per_shard: usize) {
    let seeds: Vec<String> = [
        "000_fd2eca63e4dafe8f.txt",
        "001_7e48d9a30dc578bf.txt",
        "002_86c2e6615317b567.txt",
    ]
    .iter()
    .map(|n| {
        std::fs::read_to_string(common::root().join("fixtures/docs").join(n)).expect("seed fixture")
    })
    .collect();
    std::fs::create_dir_all(dir).expect("corpus folder");
    for s in 0..shards {
        let mut text = String::new();
        for d in 0..per_shard {
            let line = serde_json::json!({
                "id": format!("{s}-{d}"),
                "text": format!("{}\n\nCopy {d} of shard {s}.", seeds[(s + d) % seeds.len()]),
            });
            text.push_str(&line.to_string());
            text.push('\n');
        }
        std::fs::write(dir.join(format!("part-{s:03}.jsonl")), text).expect("shard written");
    }
}

#[test]
fn a_killed_run_resumed_with_skip_matches_an_uninterrupted_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    corpus(&input, 5, 12);
    let whole = tmp.path().join("whole");
    let resumed = tmp.path().join("resumed");
    let run = |out: &Path| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cistron"));
        cmd.args(["run", "-q", "-j", "1", "--on-exists", "skip"])
            .arg(&input)
            .arg("--out-dir")
            .arg(out);
        cmd
    };
    assert!(run(&whole).status().unwrap().success());

    // Kill the second run as soon as its first shard is complete.
    let mut child = run(&resumed).spawn().unwrap();
    let started = Instant::now();
    let complete = |dir: &Path| {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"))
                    .count()
            })
            .unwrap_or(0)
    };
    while complete(&resumed) == 0 && started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().ok();
    child.wait().unwrap();
    let cut = complete(&resumed);
    assert!(
        (1..5).contains(&cut),
        "the run should have been cut between shards ({cut} of 5 complete)"
    );
    assert!(!resumed.join("_summary.json").exists());

    assert!(run(&resumed).status().unwrap().success());
    let (a, b) = (common::files(&whole), common::files(&resumed));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs after resuming");
    }
}

#[test]
fn jsonl_filter_mode_keeps_order_and_reports_errors_in_band() {
    let shard = std::fs::read(common::root().join("fixtures/shards/pages.jsonl")).unwrap();
    let out = cistron()
        .args(["run", "-q", "--input-format", "jsonl", "-"])
        .write_stdin(shard)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| common::assert_valid_line(l, "stdout"))
        .collect();
    let seen: Vec<(String, String)> = lines
        .iter()
        .map(|r| {
            (
                r["source"]["line"].to_string(),
                r["error"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("1", "-"),
        ("2", "-"),
        ("3", "malformed_input"),
        ("4", "-"),
        ("5", "malformed_input"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(seen, expected);
    assert_eq!(lines[0]["source"]["input_id"], "p1");
}

#[test]
fn config_file_settings_and_command_line_precedence() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("cistron.toml");
    std::fs::write(
        &config,
        "jobs = 1\non-exists = \"skip\"\ninput-format = \"warc\"\n",
    )
    .unwrap();
    let out = cistron()
        .args(["run", "--print-config", "-j", "2", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: toml::Table = toml::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(printed["jobs"].as_integer(), Some(2));
    assert_eq!(printed["on-exists"].as_str(), Some("skip"));
    assert_eq!(printed["input-format"].as_str(), Some("warc"));
    assert_eq!(printed["max-bytes"].as_integer(), Some(32 << 20));

    std::fs::write(&config, "job = 1\n").unwrap();
    let bad = cistron()
        .args(["run", "--print-config", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown field"));
}

#[test]
fn out_dir_refuses_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    cistron()
        .args(["run", "-", "--out-dir"])
        .arg(tmp.path())
        .write_stdin("text")
        .assert()
        .code(2);
}
