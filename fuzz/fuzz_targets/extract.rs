//! Any text through segmentation and entity extraction: no panic, and every
//! mention's span slices the text to its surface.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static KNOWLEDGE: LazyLock<cistron::knowledge::Knowledge> =
    LazyLock::new(cistron::knowledge::Knowledge::embedded);

fuzz_target!(|text: &str| {
    let page = cistron::flat::parse(text);
    let content = cistron::content::assemble(&page.blocks);
    let segmented = cistron::segment::segment(&content);
    let entities = cistron::extract::extract(&segmented, &KNOWLEDGE, &Default::default());
    let chars: Vec<char> = content.text.chars().collect();
    let check = |m: &cistron::record::Mention| {
        let surface: String = chars[m.span.start..m.span.end].iter().collect();
        assert_eq!(surface, m.surface);
    };
    for p in &entities.products {
        p.mentions.iter().for_each(check);
    }
    for v in &entities.vectors {
        v.mentions.iter().for_each(check);
    }
    for c in &entities.citations {
        c.mentions.iter().for_each(check);
    }
});
