//! Any markup through the HTML walk, structure rebuilding and boilerplate
//! selection: no panic, every block names a node of the outline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static KNOWLEDGE: LazyLock<cistron::knowledge::Knowledge> =
    LazyLock::new(cistron::knowledge::Knowledge::embedded);

fuzz_target!(|source: &str| {
    let page = cistron::structure::rebuild(cistron::html::parse(source), &KNOWLEDGE);
    for block in &page.blocks {
        if let Some(node) = block.node {
            assert!((node as usize) < page.dom.len());
        }
    }
    let selection = cistron::boilerplate::select(&page);
    let _ = cistron::content::assemble(&selection.blocks);
});
