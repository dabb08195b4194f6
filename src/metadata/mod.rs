//! Metadata: what a page says about itself beyond its `<meta>` tags.
//!
//! [`crate::html`] reads the head's `meta` and `link` elements while it
//! walks the DOM; this stage adds the two other places pages put their
//! metadata:
//! - [`jsonld`]: schema.org JSON-LD blocks (`Article`, `MedicalWebPage`,
//!   `ScholarlyArticle`...), the most complete source on news and health
//!   sites;
//! - [`byline`]: the visible byline and date lines (`Reviewed by: ...`,
//!   `Last reviewed: April 16, 2026`, `Received: 03 Mar., 2024`), the only
//!   source a page flattened to text still has.
//!
//! Declared values outrank visible ones: a field is only filled when empty.
//! Visible dates are normalised to ISO 8601 by [`dates`].

pub mod byline;
pub mod dates;
pub mod jsonld;
pub(crate) mod meta_tags;

/// What a page declares about itself, gathered by the parse layer: its
/// metadata (head tags, JSON-LD, byline) and, for a journal landing page,
/// the work its `citation_*` tags describe. Extraction reads it beside the
/// segmented content, so every entity is built in one place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    /// The record's metadata.
    pub metadata: crate::record::Metadata,
    /// The scholarly work the page declares itself to be.
    pub work: crate::references::Reference,
}

/// Most values kept in one metadata list (authors, keywords); a page that
/// declares more is spamming, and the linear duplicate check stays cheap.
pub const MAX_VALUES: usize = 64;

/// Appends `value`, whitespace-normalised, unless it is empty, already
/// there, or the list is full.
///
/// ```
/// let mut list = vec!["AAV".to_owned()];
/// cistron::metadata::push_unique(&mut list, " AAV ");
/// cistron::metadata::push_unique(&mut list, "capsid");
/// assert_eq!(list, ["AAV", "capsid"]);
/// ```
pub fn push_unique(list: &mut Vec<String>, value: &str) {
    let value = crate::page::normalize_space(value);
    if !value.is_empty() && list.len() < MAX_VALUES && !list.contains(&value) {
        list.push(value);
    }
}
