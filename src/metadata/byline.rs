//! Visible bylines and date lines.
//!
//! Pages print who wrote or reviewed them and when in short lines with a
//! label: `Reviewed by: ...`, `Written by ...`, `Last reviewed: April 16,
//! 2026`, and journals print `Received: ... Accepted: ... Published: ...` on
//! one line. A label table maps each label to its field; only short lines
//! are read, so a sentence that mentions "published" is never taken for a
//! date line. The labels, the particles of names, the words of an
//! affiliation and the keyword labels are data (`date_labels.tsv`,
//! `name_labels.tsv`... under `src/knowledge/phrases/`), so a curator adds
//! the label of a new site without touching a rule.

use super::dates::{self, DATE};
use crate::knowledge::phrase_table as table;
use crate::page::TextBlock;
use crate::record::Metadata;
use regex::Regex;
use std::sync::LazyLock;

/// Longest line read as a byline.
const MAX_LINE: usize = 200;
/// Most words in a person's or team's name.
const MAX_NAME_WORDS: usize = 12;

/// Which field a label fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Authors,
    Reviewers,
    Published,
    Updated,
    Reviewed,
    Received,
    Accepted,
}

impl Field {
    /// The field named in the `field` column of a label table.
    fn from_name(name: &str) -> Option<Field> {
        Some(match name {
            "authors" => Field::Authors,
            "reviewers" => Field::Reviewers,
            "published" => Field::Published,
            "updated" => Field::Updated,
            "reviewed" => Field::Reviewed,
            "received" => Field::Received,
            "accepted" => Field::Accepted,
            _ => return None,
        })
    }
}

/// Labels of date fields (`date_labels.tsv`), lower case, in file order:
/// a label that extends another comes first.
static DATE_LABELS: LazyLock<Vec<(&'static str, Field)>> =
    LazyLock::new(|| table::DATE_LABELS.tagged(Field::from_name));

/// Labels that open a line naming people (`name_labels.tsv`), in file
/// order.
static NAME_LABELS: LazyLock<Vec<(&'static str, Field)>> =
    LazyLock::new(|| table::NAME_LABELS.tagged(Field::from_name));

/// A date label followed by a date, anywhere in a short line.
static LABELLED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // A label is text, not a pattern: escaped, with any run of whitespace
    // for its spaces.
    let labels: Vec<String> = DATE_LABELS
        .iter()
        .map(|(l, _)| regex::escape(l).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?i)\b(?P<label>{})\s*(?::|-|–)?\s*(?P<date>{})",
        labels.join("|"),
        DATE.as_str().trim_start_matches("(?i)")
    ))
    .expect("static regex")
});

/// A Creative Commons licence named in a line, as its short name
/// (`CC BY 4.0`, `CC BY-NC-ND`).
///
/// ```
/// use cistron::metadata::byline::license;
/// assert_eq!(license("under the terms of the Creative Commons Attribution License, which").as_deref(), Some("CC BY"));
/// assert_eq!(license("Licensed CC BY-NC 4.0.").as_deref(), Some("CC BY-NC 4.0"));
/// ```
pub fn license(line: &str) -> Option<String> {
    let c = LICENSE.captures(line)?;
    if let Some(short) = c.name("short") {
        let mut name = format!("CC {}", short.as_str().to_uppercase().replace(' ', "-"));
        if let Some(v) = c.name("sv") {
            name.push(' ');
            name.push_str(v.as_str());
        }
        return Some(name);
    }
    let mut parts = vec!["BY".to_owned()];
    for (group, code) in [("nc", "NC"), ("nd", "ND"), ("sa", "SA")] {
        if c.name(group).is_some() {
            parts.push(code.to_owned());
        }
    }
    let mut name = format!("CC {}", parts.join("-"));
    if let Some(v) = c.name("v") {
        name.push(' ');
        name.push_str(v.as_str());
    }
    Some(name)
}

static LICENSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)Creative\s+Commons\s+Attribution(?P<nc>[-\s]+Non-?Commercial)?(?P<nd>[-\s]+No-?Derivatives?|[-\s]+No\s+Derivs)?(?P<sa>[-\s]+Share-?Alike)?(?:\s+(?P<v>[1-4]\.0))?|\bCC[-\s](?P<short>BY(?:[-\s](?:NC|ND|SA)){0,2})(?:\s+(?P<sv>[1-4]\.0))?\b",
    )
    .expect("static regex")
});

/// An affiliation line: an institution, a comma-separated address, no
/// sentence ("Biotechnology Research Center, Cuixi Academy of
/// Biotechnology, Zhuji, 311800, China").
fn affiliation(line: &str) -> Option<String> {
    let line = line.trim();
    let commas = line.matches(',').count();
    (commas >= 1
        && line.chars().count() <= 250
        && !line.ends_with(['.', '?', '!', ':'])
        && table::INSTITUTION_WORDS
            .phrases()
            .iter()
            .any(|w| line.contains(w))
        && !line.split_whitespace().any(|w| {
            table::SENTENCE_WORDS
                .phrases()
                .contains(&w.to_lowercase().as_str())
        }))
    .then(|| line.to_owned())
}

/// A keyword line: "Keywords: a; b; c", or three to twelve short
/// `;`-separated phrases alone on a line.
fn keywords(line: &str) -> Option<(bool, Vec<String>)> {
    let (labelled, body) = table::KEYWORD_LABELS
        .phrases()
        .iter()
        .find_map(|l| starts_with_label(line, l).map(|rest| (true, rest.trim())))
        .unwrap_or((false, line.trim()));
    let sep = if body.contains(';') {
        ';'
    } else if labelled {
        ','
    } else {
        return None;
    };
    let items: Vec<String> = body
        .split(sep)
        .map(|k| k.trim().trim_end_matches('.').to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    let short = items
        .iter()
        .all(|k| k.split_whitespace().count() <= 5 && !k.contains(['.', ':', '?', '!']));
    ((labelled || (3..=12).contains(&items.len())) && short && !items.is_empty())
        .then_some((labelled, items))
}

/// Fills the empty fields of `metadata` from the byline lines of `blocks`.
///
/// ```
/// use cistron::page::TextBlock;
/// use cistron::record::{BlockKind, Metadata};
///
/// let blocks = [
///     TextBlock::new(BlockKind::Paragraph, "Reviewed by: Oncology Team"),
///     TextBlock::new(BlockKind::Paragraph, "Last reviewed: April 16, 2026"),
/// ];
/// let mut meta = Metadata::default();
/// cistron::metadata::byline::read(&blocks, &mut meta);
/// assert_eq!(meta.reviewers, ["Oncology Team"]);
/// assert_eq!(meta.reviewed.as_deref(), Some("2026-04-16"));
/// ```
pub fn read(blocks: &[TextBlock], metadata: &mut Metadata) {
    let mut authors = Vec::new();
    let mut reviewers = Vec::new();
    let mut affiliations: Vec<String> = Vec::new();
    let mut bare_keywords: Vec<String> = Vec::new();
    for block in blocks {
        let line = block.text.as_str();
        // A licence is stated in a sentence of any length.
        if metadata.license.is_none() {
            metadata.license = license(line);
        }
        if line.chars().count() > MAX_LINE {
            continue;
        }
        // Every date has digits; most lines have none, and the labelled
        // date pattern is costly on text that is not ASCII.
        if line.bytes().any(|b| b.is_ascii_digit()) {
            for caps in LABELLED_DATE.captures_iter(line) {
                let (Some(label), Some(date)) = (caps.name("label"), caps.name("date")) else {
                    continue;
                };
                let label = label.as_str().to_lowercase();
                let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
                let Some(&(_, field)) = DATE_LABELS.iter().find(|(l, _)| *l == label) else {
                    continue;
                };
                let Some(iso) = dates::iso(date.as_str()) else {
                    continue;
                };
                let slot = match field {
                    Field::Published => &mut metadata.published,
                    Field::Updated => &mut metadata.updated,
                    Field::Reviewed => &mut metadata.reviewed,
                    Field::Received => &mut metadata.received,
                    Field::Accepted => &mut metadata.accepted,
                    Field::Authors | Field::Reviewers => continue,
                };
                slot.get_or_insert(iso);
            }
        }
        if let Some((field, names)) = named(line) {
            match field {
                Field::Reviewers => reviewers.extend(names),
                _ => authors.extend(names),
            }
        }
        if let Some(a) = affiliation(line) {
            if !affiliations.contains(&a) && affiliations.len() < 16 {
                affiliations.push(a);
            }
        }
        if bare_keywords.is_empty() {
            if let Some((labelled, words)) = keywords(line) {
                if labelled && metadata.keywords.is_empty() {
                    metadata.keywords = words;
                } else if !labelled {
                    bare_keywords = words;
                }
            }
        }
    }
    if metadata.authors.is_empty() {
        metadata.authors = dedup(authors);
    }
    // Affiliation lines and unlabelled keyword lines are read only on a
    // scholarly page (one with an article's received or accepted date):
    // elsewhere an address or a list of tags looks the same.
    let scholarly = metadata.received.is_some() || metadata.accepted.is_some();
    if scholarly {
        if metadata.affiliations.is_empty() {
            metadata.affiliations = affiliations;
        }
        if metadata.keywords.is_empty() {
            metadata.keywords = bare_keywords;
        }
    }
    if metadata.reviewers.is_empty() {
        metadata.reviewers = dedup(reviewers);
    }
}

/// The people a `label: names` line names.
fn named(line: &str) -> Option<(Field, Vec<String>)> {
    let (rest, field) = NAME_LABELS.iter().find_map(|(label, field)| {
        starts_with_label(line, label)
            .filter(|rest| rest.starts_with([' ', ':']))
            .map(|rest| (rest, field))
    })?;
    let rest = rest.trim_start_matches([' ', ':']).trim();
    // "By" opens sentences too ("By 2030, ..."): a name starts with a
    // capital and has no sentence punctuation or date.
    if rest.is_empty()
        || !rest.chars().next().is_some_and(char::is_uppercase)
        || rest.ends_with(['.', '!', '?'])
        || DATE.is_match(rest)
        || rest.split_whitespace().count() > MAX_NAME_WORDS
        || rest.split_whitespace().any(|w| {
            w.starts_with(char::is_lowercase) && !table::NAME_PARTICLES.phrases().contains(&w)
        })
    {
        return None;
    }
    let names = if *field == Field::Reviewers {
        // Reviewer lines often name a team with its specialty after a
        // comma: one name.
        vec![rest.to_owned()]
    } else {
        rest.split([',', ';', '&'])
            .flat_map(|s| s.split(" and "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Some((*field, names))
}

/// The rest of `line` after `label` (lower case), matched without case;
/// only the label's length is compared, not the whole line lower-cased.
fn starts_with_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let mut chars = line.char_indices();
    for expected in label.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(std::iter::once(expected)) {
            return None;
        }
    }
    Some(chars.as_str())
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(names.len());
    for name in &names {
        super::push_unique(&mut out, name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BlockKind;

    fn meta(lines: &[&str]) -> Metadata {
        let blocks: Vec<TextBlock> = lines
            .iter()
            .map(|l| TextBlock::new(BlockKind::Paragraph, *l))
            .collect();
        let mut m = Metadata::default();
        read(&blocks, &mut m);
        m
    }

    #[test]
    fn journal_date_line() {
        let m = meta(&["Received: 03 Mar., 2024 Accepted: 17 Apr., 2024 Published: 17 Apr., 2024"]);
        assert_eq!(m.received.as_deref(), Some("2024-03-03"));
        assert_eq!(m.accepted.as_deref(), Some("2024-04-17"));
        assert_eq!(m.published.as_deref(), Some("2024-04-17"));
    }

    #[test]
    fn authors_and_reviewers() {
        let m = meta(&[
            "By Jane Doe and John Smith",
            "Medically reviewed by Dr. A. Patel, MD",
            "Updated on March 3, 2025",
        ]);
        assert_eq!(m.authors, ["Jane Doe", "John Smith"]);
        assert_eq!(m.reviewers, ["Dr. A. Patel, MD"]);
        assert_eq!(m.updated.as_deref(), Some("2025-03-03"));
    }

    #[test]
    fn sentences_are_not_bylines() {
        let m = meta(&[
            "By 2030, gene therapy will be routine.",
            "by the way",
            "Author Correspondence author",
            "The trial was published in 2021 and updated later.",
        ]);
        assert!(m.authors.is_empty());
        assert_eq!(m.published, None);
        assert_eq!(m.updated, None);
    }

    #[test]
    fn label_tables_are_lower_case_and_extensions_come_first() {
        // Forces the `field` columns to read: an unknown field fails here.
        assert_eq!(DATE_LABELS.len(), table::DATE_LABELS.rows().len());
        assert_eq!(NAME_LABELS.len(), table::NAME_LABELS.rows().len());
        for file in [
            &table::DATE_LABELS,
            &table::NAME_LABELS,
            &table::KEYWORD_LABELS,
            &table::NAME_PARTICLES,
            &table::SENTENCE_WORDS,
        ] {
            for row in file.rows() {
                let phrase = row.phrase;
                assert!(
                    phrase == phrase.to_lowercase() && phrase == phrase.trim(),
                    "{} line {}: {phrase:?} is not lower case",
                    file.name(),
                    row.line
                );
            }
        }
        // The first label that matches wins, so one that extends an
        // earlier label could never match.
        for file in [
            &table::DATE_LABELS,
            &table::NAME_LABELS,
            &table::KEYWORD_LABELS,
        ] {
            let rows = file.rows();
            for (i, later) in rows.iter().enumerate() {
                if let Some(earlier) = rows[..i]
                    .iter()
                    .find(|r| later.phrase.starts_with(r.phrase))
                {
                    panic!(
                        "{} line {}: {:?} extends {:?} of line {}: put it first",
                        file.name(),
                        later.line,
                        later.phrase,
                        earlier.phrase,
                        earlier.line
                    );
                }
            }
        }
        assert!(!table::INSTITUTION_WORDS.phrases().is_empty());
    }

    #[test]
    fn declared_values_win() {
        let blocks = [TextBlock::new(
            BlockKind::Paragraph,
            "Published: May 1, 2020",
        )];
        let mut m = Metadata {
            published: Some("2021-01-01".into()),
            ..Metadata::default()
        };
        read(&blocks, &mut m);
        assert_eq!(m.published.as_deref(), Some("2021-01-01"));
    }
}
