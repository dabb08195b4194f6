//! Any flattened text through line classification, structure (lists,
//! glued tables, glued fields) and boilerplate selection: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static KNOWLEDGE: LazyLock<cistron::knowledge::Knowledge> =
    LazyLock::new(cistron::knowledge::Knowledge::embedded);

fuzz_target!(|text: &str| {
    let page = cistron::structure::rebuild(cistron::flat::parse(text), &KNOWLEDGE);
    let selection = cistron::boilerplate::select(&page);
    let content = cistron::content::assemble(&selection.blocks);
    for table in &content.tables {
        assert!(content.text.chars().count() >= table.span.end);
    }
});
