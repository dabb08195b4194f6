//! What a page's head declares about itself: `<meta>` names and
//! properties (Dublin Core, Open Graph, Highwire `citation_*`) and `<link>`
//! relations, read into the page's [`Metadata`] and, for the `citation_*`
//! tags that describe the page's own article, into a [`Reference`].
//!
//! These are parse-layer facts, declared by the page and read as the HTML
//! walk meets the head's elements; the extract stage decides later what to
//! make of them.

use super::push_unique;
use crate::page::normalize_space;
use crate::record::Metadata;
use crate::references::Reference;
use scraper::node::Element;

/// Which metadata field a `<meta name|property>` fills.
#[derive(Clone, Copy)]
enum MetaField {
    Author,
    Description,
    Keywords,
    Published,
    Updated,
    Publisher,
    SiteName,
    Title,
    CanonicalUrl,
    License,
}

/// Meta names and properties, lower case. Dublin Core and Highwire
/// `citation_*` tags are the ones journals and repositories emit.
const META_FIELDS: &[(&str, MetaField)] = &[
    ("article:modified_time", MetaField::Updated),
    ("article:published_time", MetaField::Published),
    ("author", MetaField::Author),
    ("citation_author", MetaField::Author),
    ("citation_date", MetaField::Published),
    ("citation_keywords", MetaField::Keywords),
    ("citation_publication_date", MetaField::Published),
    ("citation_publisher", MetaField::Publisher),
    ("citation_title", MetaField::Title),
    ("date", MetaField::Published),
    ("dc.creator", MetaField::Author),
    ("dc.date", MetaField::Published),
    ("dc.date.issued", MetaField::Published),
    ("dc.description", MetaField::Description),
    ("dc.publisher", MetaField::Publisher),
    ("dc.rights", MetaField::License),
    ("dc.subject", MetaField::Keywords),
    ("dc.title", MetaField::Title),
    ("dcterms.license", MetaField::License),
    ("dcterms.modified", MetaField::Updated),
    ("description", MetaField::Description),
    ("keywords", MetaField::Keywords),
    ("news_keywords", MetaField::Keywords),
    ("og:description", MetaField::Description),
    ("og:site_name", MetaField::SiteName),
    ("og:title", MetaField::Title),
    ("og:updated_time", MetaField::Updated),
    ("og:url", MetaField::CanonicalUrl),
];

/// The `citation_*` tags (Highwire, as journals emit them for Google
/// Scholar) that describe the page's own work.
pub(crate) fn read_work(el: &Element, work: &mut Reference) {
    let (Some(key), Some(content)) = (el.attr("name"), el.attr("content")) else {
        return;
    };
    let content = normalize_space(content);
    if content.is_empty() {
        return;
    }
    let first = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(content.clone());
        }
    };
    match key.trim().to_ascii_lowercase().as_str() {
        "citation_title" => first(&mut work.title),
        "citation_journal_title" | "citation_conference_title" | "citation_book_title" => {
            first(&mut work.container)
        }
        "citation_volume" => first(&mut work.volume),
        "citation_issue" => first(&mut work.issue),
        "citation_firstpage" => first(&mut work.pages),
        "citation_lastpage" => {
            if let Some(p) = work.pages.as_mut().filter(|p| !p.contains('-')) {
                p.push('-');
                p.push_str(&content);
            }
        }
        "citation_doi" => {
            work.doi = work
                .doi
                .take()
                .or_else(|| crate::identifiers::normalise_doi(&content))
        }
        "citation_publication_date" | "citation_date" | "citation_online_date"
            if work.year.is_none() =>
        {
            work.year = content.get(..4).and_then(|y| y.parse().ok());
        }
        "citation_author" => work
            .authors
            .extend(crate::references::authors::parse(&content)),
        _ => {}
    }
}

pub(crate) fn read_meta(el: &Element, metadata: &mut Metadata, title: &mut Option<String>) {
    let Some(key) = el.attr("name").or_else(|| el.attr("property")) else {
        return;
    };
    let Some(content) = el.attr("content").map(normalize_space) else {
        return;
    };
    if content.is_empty() {
        return;
    }
    let key = key.trim().to_ascii_lowercase();
    let Ok(i) = META_FIELDS.binary_search_by(|(k, _)| (*k).cmp(key.as_str())) else {
        return;
    };
    let first = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(content.clone());
        }
    };
    match META_FIELDS[i].1 {
        MetaField::Author => push_unique(&mut metadata.authors, &content),
        MetaField::Description => first(&mut metadata.description),
        MetaField::Keywords => {
            for keyword in content
                .split([',', ';'])
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                push_unique(&mut metadata.keywords, keyword);
            }
        }
        MetaField::Published => first(&mut metadata.published),
        MetaField::Updated => first(&mut metadata.updated),
        MetaField::Publisher => first(&mut metadata.publisher),
        MetaField::SiteName => first(&mut metadata.site_name),
        MetaField::Title => first(title),
        MetaField::CanonicalUrl => first(&mut metadata.canonical_url),
        MetaField::License => first(&mut metadata.license),
    }
}

pub(crate) fn read_link(el: &Element, metadata: &mut Metadata) {
    let (Some(rel), Some(href)) = (el.attr("rel"), el.attr("href")) else {
        return;
    };
    let href = href.trim();
    if href.is_empty() {
        return;
    }
    for rel in rel.split_ascii_whitespace() {
        if rel.eq_ignore_ascii_case("canonical") {
            // The canonical link outranks og:url, which may have come first.
            metadata.canonical_url = Some(href.to_owned());
        } else if rel.eq_ignore_ascii_case("license") && metadata.license.is_none() {
            metadata.license = Some(href.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_fields_are_sorted_for_binary_search() {
        for pair in META_FIELDS.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{} must sort before {}",
                pair[0].0,
                pair[1].0
            );
        }
    }
}
