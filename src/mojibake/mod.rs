//! Repair: undo mojibake (UTF-8 read through the wrong code page).
//!
//! This stage sits between decoding and parsing so that HTML-level damage
//! (entities escaped twice) and text-level damage are undone before any
//! structure is read. Until the detector lands (issue "Mojibake repair that
//! goes beyond ftfy"), it passes text through unchanged and reports no repair:
//! leaving text alone is always safe, repairing it wrongly is not.

/// A repair applied to the stage's input.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// Byte range of the repaired text in [`Repaired::text`].
    pub range: std::ops::Range<usize>,
    /// The text before the repair.
    pub before: String,
    /// The code pages undone, outermost first.
    pub encodings: Vec<String>,
    /// Detector confidence, 0 to 1.
    pub confidence: f64,
}

/// Text after repair, with every repair applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    /// The repaired text.
    pub text: String,
    /// The repairs, in text order.
    pub fixes: Vec<Fix>,
}

/// Repairs mojibake in `text`.
///
/// ```
/// let r = cistron::mojibake::repair("plain text");
/// assert_eq!(r.text, "plain text");
/// assert!(r.fixes.is_empty());
/// ```
pub fn repair(text: &str) -> Repaired {
    Repaired {
        text: text.to_owned(),
        fixes: Vec::new(),
    }
}
