//! The shape of the crate, checked: data flows one way, so no module
//! names a module of a later stage (README, "Architecture"), and no
//! hand-written source file grows past what one reader holds in mind.
//!
//! Every `crate::NAME` in code (not in comments) is an import; `use
//! super::` inside a stage's folder stays in the stage.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// The stages in pipeline order, each a list of top-level modules. A
/// module may name modules of its own layer or of an earlier one.
const LAYERS: &[&[&str]] = &[
    // Vocabulary and data every stage reads: the wire types, the curated
    // tables, identifier syntax, language codes, atomic file writes.
    &[
        "record",
        "knowledge",
        "identifiers",
        "language",
        "output_file",
    ],
    &["decode"],
    &["document"],
    &["input"],
    &["mojibake"],
    // Parsing: a page of blocks, and what the page declares about itself.
    &["page", "html", "flat", "metadata", "references"],
    &["structure"],
    &["boilerplate"],
    &["content"],
    &["segment"],
    &["extract"],
    &["validate"],
    &["pipeline"],
    &["batch"],
    &["outdir"],
];

/// The largest hand-written source file allowed, in lines.
const MAX_LINES: usize = 900;

/// Files known to be too long, waiting to be split; each must still be
/// too long (a file that shrank leaves the list), and no other may be.
const WAITING_TO_BE_SPLIT: &[&str] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a source file belongs to (`src/html/walk.rs` ->
/// `html`); `None` for the crate root and the binary.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "cli")).then(|| name.to_owned())
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module named as `crate::NAME` in the code lines of `text`.
fn named_modules(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or(code);
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !found.contains(&name) {
                found.push(name);
            }
            rest = after;
        }
    }
    found
}

#[test]
fn no_module_names_a_later_stage() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = BTreeMap::new();
    let mut unplaced = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(module) = module_of(relative) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            unplaced.push(module);
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for named in named_modules(&text) {
            match layer_of(&named) {
                Some(layer) if layer > own => {
                    violations.insert(
                        format!("{}", relative.display()),
                        format!("{module} (stage {own}) names {named} (stage {layer})"),
                    );
                }
                Some(_) => {}
                None => unplaced.push(named),
            }
        }
    }
    unplaced.sort();
    unplaced.dedup();
    assert!(
        unplaced.is_empty(),
        "modules missing from LAYERS (place them in the pipeline order): {unplaced:?}"
    );
    assert!(
        violations.is_empty(),
        "imports against the flow: {violations:#?}"
    );
}

#[test]
fn the_checker_sees_imports_in_code_only() {
    let text = "use crate::record::Span;\n// crate::pipeline in a comment\nlet x = crate::html::parse(s); // crate::batch\n";
    assert_eq!(named_modules(text), ["record", "html"]);
    assert_eq!(
        module_of(Path::new("html/walk.rs")).as_deref(),
        Some("html")
    );
    assert_eq!(module_of(Path::new("main.rs")), None);
}

#[test]
fn no_hand_written_source_file_is_too_long() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).expect("readable");
            // Generated tables are fenced and named by their generator.
            if text.contains("BEGIN GENERATED") {
                return None;
            }
            let lines = text.lines().count();
            let name = file.strip_prefix(&src).ok()?.to_string_lossy().into_owned();
            (lines > MAX_LINES).then_some(name)
        })
        .collect();
    long.sort();
    let unexpected: Vec<&String> = long
        .iter()
        .filter(|f| !WAITING_TO_BE_SPLIT.contains(&f.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "split these into files of one idea each (over {MAX_LINES} lines): {unexpected:?}"
    );
    for waiting in WAITING_TO_BE_SPLIT {
        assert!(
            long.iter().any(|f| f == waiting),
            "{waiting} is short enough now: take it off WAITING_TO_BE_SPLIT"
        );
    }
}
