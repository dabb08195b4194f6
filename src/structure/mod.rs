//! Structure: puts back the structure a scraper glued away when it
//! flattened a page to text.
//!
//! Flattening drops the markup between cells and between fields, so a table
//! row comes out as one run of words (`Gendicinep53 adenovirusHead & neck
//! squamous cellApproved in China`) and a byline as one line
//! (`...SpecialistsLast reviewed: April 16, 202610 min read`). The seams are
//! still visible to a reader: a lower-case letter runs straight into a
//! capital, a known name ends mid-word, a year runs into a number. This stage
//! finds those seams and cuts there:
//!
//! - [`tables`] rebuilds glued tables from a header line whose cells are
//!   title-case words, and the rows under it cut to the header's column
//!   count (see that module for the choice of cut points);
//! - [`fields`] splits glued byline fields at field labels and after dates;
//! - [`leads`] puts back the seam between a list item's bold lead and its
//!   description (`Delivery challengesGetting genes into cells...`);
//! - [`wrapped`] joins a heading the page wrapped over two lines.
//!
//! It runs on flattened text only, right after parsing, so that boilerplate
//! removal already sees the rows and fields as separate blocks; an HTML page
//! has its structure in its markup.

pub mod fields;
pub mod leads;
pub mod tables;
pub mod wrapped;

use crate::knowledge::Knowledge;
use crate::page::Page;

/// Rebuilds tables and splits glued fields of a page of flattened text;
/// an HTML page (one with a DOM) comes back unchanged.
///
/// ```
/// let page = cistron::flat::parse(
///     "NameVectorStatus\nZolgensmaAAV9Approved\nLuxturnaAAV2Approved\n",
/// );
/// let knowledge = cistron::knowledge::Knowledge::embedded();
/// let page = cistron::structure::rebuild(page, &knowledge);
/// let rows: Vec<_> = page.blocks.iter().map(|b| b.text.as_str()).collect();
/// assert_eq!(rows, ["Name | Vector | Status", "Zolgensma | AAV9 | Approved", "Luxturna | AAV2 | Approved"]);
/// ```
pub fn rebuild(mut page: Page, knowledge: &Knowledge) -> Page {
    if !page.dom.is_empty() {
        return page;
    }
    let blocks = std::mem::take(&mut page.blocks);
    let blocks = tables::rebuild(fields::split(wrapped::join(blocks)), knowledge.seam_names());
    page.blocks = leads::separate(blocks, knowledge.seam_names());
    page
}
