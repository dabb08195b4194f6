//! What the benches share: reading a folder of documents, gzip or not.

use cistron::pipeline::{Document, Origin};
use std::io::Read;
use std::path::Path;

/// Every file of `dir`, sorted, as documents (decompressed when `gunzip`).
pub fn read_dir(dir: &Path, gunzip: bool) -> Vec<Document> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let raw = std::fs::read(&path).ok()?;
            let bytes = if gunzip {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&raw[..])
                    .read_to_end(&mut out)
                    .ok()?;
                out
            } else {
                raw
            };
            let origin = Origin::from_path(&path.to_string_lossy());
            Some(Document { origin, bytes })
        })
        .collect()
}
