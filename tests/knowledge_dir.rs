//! A curator's knowledge directory through the binary: a product only the
//! curator's `products.tsv` names is found, and a malformed line stops the
//! run before any work with the file and line named.

use std::process::Command;

const HEADER: &str =
    "name\tinn\tcodes\taliases\tdeveloper\tmodality\tvector\tindication\tevents\tsource\n";

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("cistron"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn a_curators_product_is_found_and_a_bad_line_is_named() {
    let tmp = tempfile::tempdir().expect("temp");
    let doc = tmp.path().join("note.txt");
    // A product invented for this test: no table and no naming rule knows it.
    std::fs::write(
        &doc,
        "Quorvalin is a gene therapy for an inherited eye disease.\n\nRegulators cleared Quorvalin after a small trial.",
    )
    .expect("doc");
    let products = |out: &std::process::Output| -> Vec<String> {
        let record: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("one JSON record");
        record["entities"]["products"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect()
    };
    let without = run(&["run".as_ref(), "-q".as_ref(), doc.as_os_str()]);
    assert_eq!(without.status.code(), Some(0));
    assert!(!products(&without).contains(&"Quorvalin".to_owned()));

    let dir = tmp.path().join("knowledge");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(
        dir.join("products.tsv"),
        format!("{HEADER}Quorvalin\t\tQRV-17\t\tAn example developer\tgene therapy\tAAV2\tinherited retinal disease\tapproved/FDA/US/2031\ta curator's note\n"),
    )
    .expect("table");
    let with = run(&[
        "run".as_ref(),
        "-q".as_ref(),
        "--knowledge".as_ref(),
        dir.as_os_str(),
        doc.as_os_str(),
    ]);
    assert_eq!(
        with.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    assert!(
        products(&with).contains(&"Quorvalin".to_owned()),
        "{:?}",
        products(&with)
    );

    std::fs::write(
        dir.join("products.tsv"),
        format!("{HEADER}Quorvalin\tonly three\tcolumns\n"),
    )
    .expect("table");
    let bad = run(&[
        "run".as_ref(),
        "-q".as_ref(),
        "--knowledge".as_ref(),
        dir.as_os_str(),
        doc.as_os_str(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    let message = String::from_utf8_lossy(&bad.stderr);
    assert!(message.contains("products.tsv line 2"), "{message}");
}
