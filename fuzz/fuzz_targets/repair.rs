//! Any text through mojibake repair: no panic, and every fix's range lies
//! on character boundaries of the repaired text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let repaired = cistron::mojibake::repair(text);
    for fix in &repaired.fixes {
        assert!(repaired.text.get(fix.range.clone()).is_some(), "{fix:?}");
    }
});
