//! Bytes of any kind, with or without a declared charset and media type:
//! decoding never panics, and a media type the caller forces is kept.
//! (A first version also asserted that no text starts with U+FEFF; a doubled
//! BOM, which the fuzzer found, legitimately leaves one.)
#![no_main]

use cistron::decode::{decode, Hints, MediaType};
use libfuzzer_sys::fuzz_target;

const LABELS: [Option<&str>; 6] = [
    None,
    Some("utf-8"),
    Some("windows-1251"),
    Some("utf-16le"),
    Some("x-user-defined"),
    Some("bogus"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let hints = Hints {
        charset: LABELS[usize::from(first) % LABELS.len()],
        media_type: match first >> 6 {
            0 => Some(MediaType::Html),
            1 => Some(MediaType::Text),
            _ => None,
        },
        name: Some(if first & 0x20 == 0 { "page.html" } else { "notes.txt" }),
        url: Some("https://example.ru/x"),
    };
    if let Ok(decoded) = decode(bytes, &hints) {
        if let Some(forced) = hints.media_type {
            assert_eq!(decoded.media_type, forced);
        }
    }
});
