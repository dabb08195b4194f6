//! Any line through the reference parser: no panic, and no field is longer
//! than the line it came from.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let r = cistron::references::parse(raw);
    for field in [&r.title, &r.container, &r.volume, &r.issue, &r.pages].into_iter().flatten() {
        assert!(field.len() <= raw.len() + 8, "{field:?} from {raw:?}");
    }
});
