//! Reliability under faults, through the real binary: several processes
//! sharing one output directory, symlinks planted at every name a run
//! writes, FIFOs among the inputs, corrupt gzip members, a full disk,
//! settings that changed between runs, and bad arguments.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cistron")
}

fn cistron() -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(common::root());
    cmd
}

/// The records `cistron run -q PATH` prints, each checked valid, and its
/// exit code.
fn run_records(path: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = cistron()
        .args(["run", "-q"])
        .arg(path)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let records = stdout
        .lines()
        .map(|l| common::assert_valid_line(l, "record"))
        .collect();
    (out.status.code(), records)
}

/// The shard files of a directory (summary and manifest aside).
fn shard_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = common::files(dir);
    all.retain(|name, _| !name.starts_with('_'));
    all
}

/// `n` JSONL shards of `per` short documents each, in my own words.
fn shards(dir: &Path, n: usize, per: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("folder");
    (0..n)
        .map(|s| {
            let mut text = String::new();
            for d in 0..per {
                let line = serde_json::json!({
                    "id": format!("{s}-{d}"),
                    "text": format!(
                        "Shard {s}, note {d}. The AAV9 vector carried the gene; \
                         regulators approved the product in 2019.\n\nA second paragraph for note {d}."
                    ),
                });
                text.push_str(&line.to_string());
                text.push('\n');
            }
            if s % 5 == 0 {
                text.push_str("{not json}\n");
            }
            let path = dir.join(format!("part-{s:03}.jsonl"));
            std::fs::write(&path, text).expect("shard");
            path
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

#[test]
fn processes_sharing_an_out_dir_end_as_one_clean_run() {
    let tmp = tempfile::tempdir().expect("temp");
    let inputs = shards(&tmp.path().join("in"), 24, 20);
    let clean = tmp.path().join("clean");
    let status = cistron()
        .args(["run", "-q", "-j", "1", "--out-dir"])
        .arg(&clean)
        .args(&inputs)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(1), "the bad lines are error records");

    // The README's recipe: one process per shard, eight at a time, one
    // directory, resumable.
    let shared = tmp.path().join("shared");
    let mut pending: Vec<&PathBuf> = inputs.iter().collect();
    let mut running: Vec<std::process::Child> = Vec::new();
    let mut codes = Vec::new();
    while !pending.is_empty() || !running.is_empty() {
        while running.len() < 8 {
            let Some(input) = pending.pop() else { break };
            let child = cistron()
                .args(["run", "-q", "-j", "1", "--on-exists", "skip", "--out-dir"])
                .arg(&shared)
                .arg(input)
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawns");
            running.push(child);
        }
        let child = running.remove(0);
        let out = child.wait_with_output().expect("waits");
        codes.push((
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    for (code, stderr) in &codes {
        assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {stderr}");
    }
    assert_eq!(shard_files(&clean), shard_files(&shared));
    // The merged summary lists every shard with the same counts.
    let summary = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("_summary.json")).expect("summary"))
            .expect("JSON")
    };
    assert_eq!(summary(&clean), summary(&shared));
    assert_eq!(
        common::files(&clean)["_manifest.json"],
        common::files(&shared)["_manifest.json"]
    );

    // Two whole runs started together into one folder.
    let together = tmp.path().join("together");
    let start = || {
        cistron()
            .args([
                "run",
                "-q",
                "-j",
                "1",
                "--on-exists",
                "replace",
                "--out-dir",
            ])
            .arg(&together)
            .args(&inputs)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns")
    };
    let (a, b) = (start(), start());
    for child in [a, b] {
        let out = child.wait_with_output().expect("waits");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(shard_files(&clean), shard_files(&together));
    assert!(
        !common::files(&together).keys().any(|n| n.starts_with('.')),
        "no temporary file stays behind"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_planted_at_output_names_leave_their_targets_untouched() {
    let tmp = tempfile::tempdir().expect("temp");
    let inputs = shards(&tmp.path().join("in"), 2, 3);
    let outside = tmp.path().join("precious.txt");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).expect("out");
    let names = [
        "_summary.json",
        "_manifest.json",
        "in__part-000.jsonl.jsonl",
        "in__part-000.jsonl.errors.jsonl",
        "in__part-001.jsonl.jsonl",
        "in__part-001.jsonl.errors.jsonl",
    ];
    for policy in ["replace", "skip"] {
        std::fs::write(&outside, "precious").expect("target");
        for name in names {
            let link = out.join(name);
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&outside, &link).expect("symlink");
        }
        let status = Command::new(bin())
            .current_dir(tmp.path())
            .args(["run", "-q", "--on-exists", policy, "--out-dir", "out"])
            .args(
                inputs
                    .iter()
                    .map(|p| p.strip_prefix(tmp.path()).expect("inside")),
            )
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(1), "{policy}");
        assert_eq!(
            std::fs::read(&outside).expect("target"),
            b"precious",
            "{policy}"
        );
        for name in names {
            // Written as a file, or (an error file of a shard without
            // errors) removed: never a link any more.
            if let Ok(meta) = std::fs::symlink_metadata(out.join(name)) {
                assert!(meta.file_type().is_file(), "{policy}: {name} is a file now");
            } else {
                assert!(name.ends_with(".errors.jsonl"), "{policy}: {name} missing");
            }
        }
    }
    // -o over a symlink replaces the link too.
    let link = tmp.path().join("records.jsonl");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");
    let status = cistron()
        .args(["run", "-q", "fixtures/docs/000_fd2eca63e4dafe8f.txt", "-o"])
        .arg(&link)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::read(&outside).expect("target"), b"precious");
    assert!(std::fs::symlink_metadata(&link)
        .expect("written")
        .file_type()
        .is_file());
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_inputs_is_one_error_record() {
    let tmp = tempfile::tempdir().expect("temp");
    std::fs::write(
        tmp.path().join("a.txt"),
        "Gene therapy with an AAV9 vector.",
    )
    .expect("doc");
    let fifo = tmp.path().join("b.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let mut child = Command::new(bin())
        .args(["run", "-q"])
        .arg(tmp.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().ok();
            panic!("the run hangs on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| common::assert_valid_line(l, "record"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["error"], "read_failed");
    assert!(
        lines[1]["message"]
            .as_str()
            .is_some_and(|m| m.contains("FIFO")),
        "{}",
        lines[1]
    );
}

/// A WARC record of one small page, in my own words.
fn warc_record(i: usize) -> Vec<u8> {
    let body = format!(
        "<html><body><h1>Note {i}</h1><p>Record {i} describes an AAV vector study in plain words.</p></body></html>"
    );
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{i}\r\nWARC-Record-ID: <urn:uuid:{i:08}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[test]
fn a_corrupt_gzip_member_costs_one_record() {
    let tmp = tempfile::tempdir().expect("temp");
    let mut members: Vec<Vec<u8>> = (0..200).map(|i| gzip(&warc_record(i))).collect();
    let middle = members[100].len() / 2;
    for b in &mut members[100][middle..middle + 4] {
        *b ^= 0xa5;
    }
    let path = tmp.path().join("crawl.warc.gz");
    std::fs::write(&path, members.concat()).expect("warc");
    let (code, records) = run_records(&path);
    assert_eq!(code, Some(1));
    let documents = records.iter().filter(|r| r["kind"] == "document").count();
    let errors: Vec<&serde_json::Value> = records.iter().filter(|r| r["kind"] == "error").collect();
    assert_eq!((documents, errors.len()), (199, 1), "{records:?}");
    assert_eq!(errors[0]["error"], "decompression_failed");
    // The record after the damaged one is there.
    assert!(records
        .iter()
        .any(|r| r["source"]["url"] == "https://example.org/101"));

    // The same holds for a JSONL shard compressed member by member.
    let lines: Vec<Vec<u8>> = (0..50)
        .map(|i| {
            let line = serde_json::json!({"id": i.to_string(), "text": format!("Line {i} about an AAV vector.")});
            gzip(format!("{line}\n").as_bytes())
        })
        .collect();
    let mut damaged = lines.clone();
    let at = damaged[20].len() - 6;
    damaged[20][at] ^= 0xff;
    let shard = tmp.path().join("shard.jsonl.gz");
    std::fs::write(&shard, damaged.concat()).expect("shard");
    let (_, records) = run_records(&shard);
    assert_eq!(records.len(), 50, "{records:?}");
    assert_eq!(records.iter().filter(|r| r["kind"] == "error").count(), 1);
}

#[test]
fn a_short_corrupt_zstd_stream_keeps_what_came_before_the_damage() {
    let tmp = tempfile::tempdir().expect("temp");
    let mut text = String::new();
    for i in 0..5 {
        text.push_str(
            &serde_json::json!({"id": i.to_string(), "text": format!("Entry {i}.")}).to_string(),
        );
        text.push('\n');
    }
    // A whole frame, then bytes that are no frame: the decoder yields the
    // frame, then fails, well within the bytes read to tell the format.
    let mut z = zstd::encode_all(text.as_bytes(), 3).expect("zstd");
    z.extend_from_slice(b"\x28\xb5\x2f\xfd garbage after the frame");
    let path = tmp.path().join("part.jsonl.zst");
    std::fs::write(&path, z).expect("shard");
    let out = cistron()
        .args(["run", "-q"])
        .arg(&path)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let documents = stdout
        .lines()
        .filter(|l| l.contains("\"kind\":\"document\""))
        .count();
    let errors = stdout
        .lines()
        .filter(|l| l.contains("decompression_failed"))
        .count();
    assert_eq!((documents, errors), (5, 1), "{stdout}");
}

#[test]
fn changed_settings_and_interrupted_replaces_leave_no_false_description() {
    let tmp = tempfile::tempdir().expect("temp");
    let inputs = shards(&tmp.path().join("in"), 3, 4);
    let out = tmp.path().join("out");
    let run = |extra: &[&str]| {
        cistron()
            .args(["run", "-q", "--out-dir"])
            .arg(&out)
            .args(extra)
            .args(&inputs)
            .output()
            .expect("runs")
    };
    assert_eq!(run(&[]).status.code(), Some(1));
    // Resuming under other settings would mix shards made two ways.
    let refused = run(&["--on-exists", "skip", "--max-bytes", "100000"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("max-bytes"), "{message}");
    // Redoing every shard under the new settings is allowed.
    assert_eq!(
        run(&["--on-exists", "replace", "--max-bytes", "100000"])
            .status
            .code(),
        Some(1)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_manifest.json")).expect("manifest"))
            .expect("JSON");
    assert_eq!(manifest["config"]["max-bytes"], 100000);
    assert_eq!(manifest["inputs"].as_array().map(Vec::len), Some(3));
    assert!(manifest["inputs"][0]["sha256"].is_string());

    // A replace run that fails after rewriting some shards leaves no
    // summary counting the files it replaced. (A folder at the last
    // shard's name makes its rename fail.)
    let last = out.join(
        common::files(&out)
            .into_keys()
            .find(|n| n.ends_with("part-002.jsonl.jsonl"))
            .expect("the last shard"),
    );
    std::fs::remove_file(&last).expect("shard");
    std::fs::create_dir(&last).expect("folder in the way");
    let failed = run(&["--on-exists", "replace", "--max-bytes", "100000"]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(!out.join("_summary.json").exists());
    assert!(!out.join("_manifest.json").exists());
}

#[test]
fn a_failed_output_file_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().expect("temp");
    let out = tmp.path().join("records.jsonl");
    std::fs::write(&out, "the previous records\n").expect("old");
    // /dev/full fails every write: as the output, in place.
    let full = cistron()
        .args(["run", "-q", "fixtures/docs", "-o", "/dev/full"])
        .output()
        .expect("runs");
    assert_eq!(full.status.code(), Some(2));
    let message = String::from_utf8_lossy(&full.stderr);
    assert_eq!(
        message.matches("No space left").count(),
        1,
        "the cause is said once: {message}"
    );
    // As an output directory it is not a directory.
    let dir = cistron()
        .args(["run", "-q", "fixtures/docs", "--out-dir", "/dev/full"])
        .output()
        .expect("runs");
    assert_eq!(dir.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&dir.stderr).contains("not a directory"));
    // A successful run replaces the file whole.
    let ok = cistron()
        .args(["run", "-q", "fixtures/docs/000_fd2eca63e4dafe8f.txt", "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert_eq!(ok.code(), Some(0));
    let written = std::fs::read_to_string(&out).expect("records");
    assert_eq!(written.lines().count(), 1);
    assert_eq!(common::files(tmp.path()).len(), 1, "no temporary file left");
}

#[test]
fn arguments_out_of_range_are_usage_errors() {
    for args in [
        &["run", "-j", "0", "fixtures/docs"][..],
        &["run", "-j", "30000", "fixtures/docs"],
        &["run", "--max-seconds", "nan", "fixtures/docs"],
        &["run", "--max-seconds", "-1", "fixtures/docs"],
        &["run", "--max-seconds", "inf", "fixtures/docs"],
        &["run", "fixtures/docs", "no/such/path.html"],
        &[
            "text",
            "--max-seconds",
            "nan",
            "fixtures/docs/000_fd2eca63e4dafe8f.txt",
        ],
    ] {
        let out = cistron().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: no work before the check");
    }
}

#[test]
fn a_json_array_line_is_named_for_what_it_is() {
    let tmp = tempfile::tempdir().expect("temp");
    let path = tmp.path().join("s.jsonl");
    std::fs::write(
        &path,
        "[\"a\", \"b\"]\n{\"id\": \"x\", \"text\": \"Fine.\"}\n",
    )
    .expect("shard");
    let out = cistron()
        .args(["run", "-q"])
        .arg(&path)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let first = stdout.lines().next().expect("a line");
    assert!(
        first.contains("JSON object") && first.contains("an array"),
        "{first}"
    );
    assert_eq!(stdout.lines().count(), 2);
}
