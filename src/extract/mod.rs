//! Extract: products, vectors and statuses, each with the places it is
//! stated.
//!
//! Reads the [`Segmented`] content with the compiled knowledge tables
//! ([`lexicon`]) and gives the record's [`Entities`]. The approach is a
//! gazetteer with context rules rather than a statistical tagger, because
//! the domain is small, curated and changes by the week (a new approval is
//! a line in `products.tsv`), because every decision must be explainable
//! from its evidence span, and because no trained biomedical NER covers
//! gene-therapy brands, serotypes or regulatory status. What the gazetteer
//! cannot know is found by nomenclature: INN stems (`-parvovec`,
//! `-leucel`) and development codes (`AMT-130`) in a sentence about a
//! product.
//!
//! - [`products`]: known products (brand, INN, code, alias, with separators
//!   written any way) and unknown ones by nomenclature; aliases in apposition
//!   ("T-VEC (Imlygic)") merge into one product.
//! - [`vectors`]: vector spellings and AAV serotypes by pattern, at the
//!   finest level stated; ambiguous acronyms (`LNP`, `HSV`) only in a
//!   sentence about biology.
//! - [`statuses`]: decisions, designations and trial phases, with negation
//!   and hedging vetoed, linked to a product, a class or the document's
//!   subject.
//!
//! Only kept content is read, so an entity named only in boilerplate is not
//! the document's.
//!
//! Extraction costs time linear in the text, however dense its names: a
//! table can hold a product, a status and a trial number per row. Mentions
//! are weighed against those found before through sorted ranges (binary
//! search) and against same-named ones through hash maps, never by a scan
//! of all of them; what a table header cell says is read once, not once
//! per row; and the work done per unit (every trigger against every name
//! in it) is bounded by the unit's length, which [`crate::segment`] caps.

pub mod citations;
/// Identifier syntax lives below every stage; re-exported at its old path.
pub use crate::identifiers;
mod context;
pub mod products;
pub mod statuses;
pub mod vectors;

use crate::knowledge::Knowledge;
use crate::metadata::Declared;
use crate::record::Entities;
use crate::segment::Segmented;
pub use context::Context;

/// The entities of segmented content.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::BlockKind;
///
/// let content = cistron::content::assemble(&[TextBlock::new(
///     BlockKind::Paragraph,
///     "T-VEC (Imlygic), an oncolytic HSV-1, was approved by the FDA in 2015.",
/// )]);
/// let knowledge = cistron::knowledge::Knowledge::embedded();
/// let declared = cistron::metadata::Declared::default();
/// let e = cistron::extract::extract(&cistron::segment::segment(&content), &knowledge, &declared);
/// assert_eq!(e.products[0].name, "Imlygic");
/// assert_eq!(e.products[0].mentions.len(), 2);
/// assert_eq!(e.vectors[0].name, "HSV-1");
/// let s = &e.statuses[0];
/// assert_eq!((s.status.as_str(), s.agency.as_deref(), s.year), ("approved", Some("FDA"), Some(2015)));
/// ```
pub fn extract(segmented: &Segmented, knowledge: &Knowledge, declared: &Declared) -> Entities {
    let cx = Context::new(segmented, knowledge);
    let products = products::find(&cx);
    let vectors = vectors::find(&cx, !products.is_empty());
    let statuses = statuses::find(&cx, &products);
    let mut citations = citations::find(&cx);
    // A journal landing page cites its own article in its head.
    let head_end = segmented
        .blocks
        .get(HEAD_BLOCKS.min(segmented.blocks.len().saturating_sub(1)))
        .map_or(0, |b| b.span.end);
    citations::describe_own_article(&mut citations, &declared.metadata, &declared.work, head_end);
    Entities {
        products: products.iter().map(|p| p.to_record(&cx)).collect(),
        vectors,
        statuses,
        citations,
    }
}

/// How many blocks make a page's head, where a landing page shows its own
/// article's identifier.
const HEAD_BLOCKS: usize = 15;
