//! Any bytes read as a JSONL shard, a WARC file or a document, compressed
//! or not: no panic, no error without a code, and reading ends.
#![no_main]

use cistron::input::{open_stream, InputFormat, ReadOptions};
use cistron::pipeline::Origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let options = ReadOptions {
        format: match first % 4 {
            0 => InputFormat::Auto,
            1 => InputFormat::Jsonl,
            2 => InputFormat::Warc,
            _ => InputFormat::Document,
        },
        max_bytes: 1 << 16,
        max_decompressed_bytes: 1 << 20,
    };
    let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    // Every document costs at least one byte of input or ends the stream.
    for loaded in open_stream(Origin::from_path("fuzz"), reader, &options).take(bytes.len() + 1) {
        if let Err(e) = loaded {
            assert!(!e.message.is_empty());
        }
    }
});
