//! Making mojibake on purpose, the inverse of repair.
//!
//! Tests, benches and examples need broken text through every page the
//! repair knows, made exactly as a sloppy decoder makes it; building it from
//! the repair's own tables keeps the two in step.

use super::codepages::PAGES;

/// The names of the code pages the repair knows, in the order it tries them.
pub fn page_names() -> Vec<&'static str> {
    PAGES.pages.iter().map(|p| p.name).collect()
}

/// Makes mojibake: the UTF-8 bytes of `text` read through code page `page`,
/// the way a sloppy decoder does (holes filled from windows-1252, else left
/// as C1 controls). `None` for an unknown page name. For tests and for
/// building examples; the inverse of what [`repair`](super::repair) undoes.
///
/// ```
/// let broken = cistron::mojibake::mangle("café", "windows-1252").unwrap();
/// assert_eq!(broken, "cafÃ©");
/// assert_eq!(cistron::mojibake::repair(&broken).text, "café");
/// ```
pub fn mangle(text: &str, page: &str) -> Option<String> {
    let table = &PAGES.pages.iter().find(|p| p.name == page)?.upper;
    let fill = &PAGES.pages[0].upper; // windows-1252
    Some(
        text.bytes()
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    let i = usize::from(b - 0x80);
                    table[i].or(fill[i]).unwrap_or(char::from(b))
                }
            })
            .collect(),
    )
}
