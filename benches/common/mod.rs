//! What the benches share: reading a folder of documents, gzip or not, and
//! the parse-only floor.
#![allow(dead_code)] // each bench uses the helpers it needs

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

/// The floor every DOM-based extractor pays: an html5ever parse (through
/// scraper) of every document, as the performance issue defines it.
/// Returns the node count, so that nothing is optimised away.
pub fn parse_only(docs: &[Document]) -> usize {
    docs.iter()
        .map(|d| {
            scraper::Html::parse_document(&String::from_utf8_lossy(&d.bytes))
                .tree
                .nodes()
                .count()
        })
        .sum()
}
