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
