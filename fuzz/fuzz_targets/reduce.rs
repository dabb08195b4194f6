//! The markup reduction is invisible: any markup, reduced, parses to the
//! same page as the original.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let reduced = cistron::html::reduce::reduce(source);
    let expected = cistron::html::parse_markup(source, usize::MAX);
    let got = cistron::html::parse_markup(&reduced.text, usize::MAX);
    assert_eq!(got, expected, "reduced: {:?}", reduced.text);
});
