//! The real binary: exit codes, standard input, output files, broken pipes,
//! and byte-identical output whatever the number of threads.

mod common;

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

fn cistron() -> Command {
    let mut cmd = Command::cargo_bin("cistron").expect("binary built");
    cmd.current_dir(common::root());
    cmd
}

fn lines(stdout: &[u8]) -> Vec<String> {
    String::from_utf8(stdout.to_vec())
        .expect("UTF-8 output")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn output_is_identical_with_one_and_two_threads() {
    let run = |jobs: &str| {
        let out = cistron()
            .args(["run", "fixtures/docs", "-q", "-j", jobs])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "fixtures include an empty and a binary file"
        );
        out.stdout
    };
    let one = run("1");
    let two = run("2");
    assert!(one == two, "-j1 and -j2 differ");
    let count = std::fs::read_dir(common::root().join("fixtures/docs"))
        .unwrap()
        .count();
    let records = lines(&one);
    assert_eq!(records.len(), count, "one line per fixture");
    for (i, line) in records.iter().enumerate() {
        common::assert_valid_line(line, &format!("line {}", i + 1));
    }
}

#[test]
fn binary_beside_a_page_gives_one_error_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        dir.path().join("b.html"),
        b"<html><body><p>AAV9 gene therapy.</p></body></html>",
    )
    .unwrap();
    let out = cistron().arg("run").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 2);
    let first = common::assert_valid_line(&records[0], "a.png");
    let second = common::assert_valid_line(&records[1], "b.html");
    assert_eq!(first["kind"], "error");
    assert_eq!(first["error"], "binary_content");
    assert_eq!(first["stage"], "decode");
    assert_eq!(second["kind"], "document");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 documents, 1 records, 1 errors (binary_content: 1)"),
        "{stderr}"
    );
}

#[test]
fn all_good_is_exit_0_and_paths_stay_relative() {
    let out = cistron()
        .args(["run", "fixtures/docs/000_fd2eca63e4dafe8f.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let record = common::assert_valid_line(&lines(&out.stdout)[0], "seed 000");
    assert_eq!(
        record["source"]["path"],
        "fixtures/docs/000_fd2eca63e4dafe8f.txt"
    );
    assert_eq!(record["source"]["name"], "000_fd2eca63e4dafe8f.txt");
}

#[test]
fn stdin_is_a_document() {
    let out = cistron()
        .args(["run", "-"])
        .write_stdin("Lentiviral vectors\n\nThey integrate.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let record = common::assert_valid_line(&lines(&out.stdout)[0], "stdin");
    assert_eq!(record["source"]["name"], "-");
    assert_eq!(record["text"], "Lentiviral vectors\n\nThey integrate.");
}

#[test]
fn files_from_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = cistron()
        .args(["run", "--files-from", "-", "-o"])
        .arg(&out_path)
        .write_stdin(
            "fixtures/docs/002_86c2e6615317b567.txt\nfixtures/docs/013_empty.txt\nno/such/file\n",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&out_path).unwrap();
    let records = lines(&written);
    assert_eq!(records.len(), 3);
    let codes: Vec<String> = records
        .iter()
        .map(|l| {
            common::assert_valid_line(l, "files-from")["error"]
                .as_str()
                .unwrap_or("-")
                .to_owned()
        })
        .collect();
    assert_eq!(codes, ["-", "empty_input", "read_failed"]);
}

#[test]
fn usage_errors_are_exit_2() {
    cistron().args(["run"]).assert().code(2);
    cistron()
        .args(["run", "--jobs", "many", "x"])
        .assert()
        .code(2);
    cistron().args(["frobnicate"]).assert().code(2);
    cistron().args(["--help"]).assert().code(0);
}

#[test]
fn closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        std::fs::write(
            dir.path().join(format!("{i:05}.txt")),
            format!("Document {i}\n\nAAV gene therapy text."),
        )
        .unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("cistron");
    let mut child = std::process::Command::new(bin)
        .args(["run", "-j", "2"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"kind\":\"document\""));
    drop(reader); // like `| head -1`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panic") && !stderr.contains("cannot"),
        "{stderr}"
    );
}

#[test]
fn schema_text_and_validate_commands() {
    let schema = cistron().arg("schema").output().unwrap();
    assert_eq!(schema.status.code(), Some(0));
    let shipped = std::fs::read(common::root().join("schemas/record.schema.json")).unwrap();
    assert_eq!(schema.stdout, shipped);

    let text = cistron()
        .args(["text", "fixtures/docs/011_windows1252_meta.html"])
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("Coût : 1 800 000 € par traitement."));
    let empty = cistron()
        .args(["text", "fixtures/docs/013_empty.txt"])
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(1));

    let records = cistron()
        .args(["run", "fixtures/docs", "-q"])
        .output()
        .unwrap()
        .stdout;
    cistron()
        .args(["validate", "-"])
        .write_stdin(records.clone())
        .assert()
        .code(0);
    let mut broken = records;
    broken.extend_from_slice(b"{\"kind\":\"document\"}\nnot json\n");
    let out = cistron()
        .args(["validate", "-"])
        .write_stdin(broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 invalid"));
}

#[test]
fn references_jsonl_keeps_ids_and_reports_bad_lines() {
    let input = concat!(
        r#"{"id": 7, "raw": "Marras WS, Yang G. Quantitative measures. J Electromyogr Kinesiol. 2010; 20(5): 813-22."}"#,
        "\n",
        "not json\n",
        r#"{"id": "b", "raw": "Janich, P., and Corbeil, D. (2007). GM1 gangliosides. FEBS Lett. 581, 1783–1787. doi:10.1016/J.FEBSLET.2007.03.1"}"#,
        "\n"
    );
    let out = cistron()
        .args(["references", "--jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    // One bad line: exit 1, the others still parsed.
    assert_eq!(out.status.code(), Some(1));
    let got: Vec<serde_json::Value> = lines(&out.stdout)
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["id"], 7);
    assert_eq!(got[0]["container"], "J Electromyogr Kinesiol");
    assert_eq!(got[0]["issue"], "5");
    assert_eq!(got[1]["id"], "b");
    assert_eq!(got[1]["authors"][1]["family"], "Corbeil");
    assert_eq!(got[1]["pages"], "1783-1787");
    assert_eq!(got[1]["doi"], "10.1016/j.febslet.2007.03.1");
}
