//! Identifiers: DOI, PMID, PMCID, NCT, ISBN and arXiv ids, normalised, with
//! where each is written.
//!
//! A DOI is found with Crossref's recommended pattern (`10.` + a 4-9 digit
//! registrant + `/` + suffix characters), then trimmed the way a reader
//! would: trailing sentence punctuation goes, a closing bracket stays only
//! when it closes one opened inside the DOI (`10.1016/S0140-6736(20)30183-5`
//! keeps it, "(doi: 10.5376/ijmms.2024.14.0007)" does not), and the angle
//! brackets of old SICI DOIs (`...<529::AID-JBM14>3.0.CO;2-K`) are part of
//! it. `doi:` prefixes and `doi.org` / `dx.doi.org` addresses are read
//! through, percent-escapes decoded. DOIs are case-insensitive, so they are
//! emitted lower-case.
//!
//! A bare number is a PMID only with its label (`PMID: 12345678`,
//! `PubMed 12345678`, a `pubmed.ncbi.nlm.nih.gov/12345678` address): eight
//! digits alone are as often a phone number or a grant. PMCIDs (`PMC` +
//! digits), NCT numbers (`NCT` + 8 digits), ISBNs with a valid check digit
//! and arXiv ids (`arXiv:2101.01234v2`) have shapes of their own.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// What kind of identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Digital Object Identifier.
    Doi,
    /// PubMed id.
    Pmid,
    /// PubMed Central id.
    Pmcid,
    /// ClinicalTrials.gov number.
    Nct,
    /// ISBN-10 or ISBN-13, as 13 digits.
    Isbn,
    /// arXiv identifier.
    Arxiv,
}

/// An identifier found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// What it is.
    pub kind: Kind,
    /// The normalised value (`10.1000/xyz`, `12345678`, `PMC123`,
    /// `NCT01234567`, `9780306406157`, `2101.01234v2`).
    pub value: String,
    /// Byte range of the identifier as written (without its label or
    /// address prefix).
    pub range: Range<usize>,
}

static DOI: LazyLock<Regex> = LazyLock::new(|| {
    // The suffix is taken greedily up to whitespace or a character no DOI
    // holds in running text; trimming decides the end.
    Regex::new(r#"(?i)(?-u:\b)10\.[0-9]{4,9}(?:\.[0-9]+)*\s?(?:/|%2[Ff])\s?[^\s"'<>{}|\\^`\[\]]*(?:<[^\s<>]*>[^\s"'<>{}|\\^`\[\]]*)*"#).expect("the DOI pattern compiles (tested)")
});

static PMID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)PMID\s*[:#]?\s*|(?-u:\b)PubMed(?:\s+ID)?\s*[:#]?\s*|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)([1-9][0-9]{0,8})(?-u:\b)").expect("the PMID pattern compiles (tested)")
});

static PMCID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)PMC[0-9]{3,9}(?-u:\b)").expect("the PMCID pattern compiles (tested)")
});

static NCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)NCT[0-9]{8}(?-u:\b)").expect("the NCT pattern compiles (tested)")
});

static ISBN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)ISBN(?:-1[03])?\s*:?\s*(97[89](?:[-\s]?[0-9]){10}|[0-9](?:[-\s]?[0-9]){8}[-\s]?[0-9Xx])(?-u:\b)").expect("the ISBN pattern compiles (tested)")
});

static ARXIV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)arXiv\s*:\s*|arxiv\.org/abs/)([0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7}(?:v[0-9]+)?)").expect("the ARXIV pattern compiles (tested)")
});

/// Every identifier in `text`, in text order.
///
/// ```
/// use cistron::identifiers::{find, Kind};
/// let ids = find("See doi:10.1038/NATURE12373. (PMID: 23868258; NCT01234567)");
/// assert_eq!(ids[0].value, "10.1038/nature12373");
/// assert_eq!((ids[1].kind, ids[1].value.as_str()), (Kind::Pmid, "23868258"));
/// assert_eq!(ids[2].value, "NCT01234567");
/// ```
pub fn find(text: &str) -> Vec<Identifier> {
    let mut out = Vec::new();
    {
        let re = &*DOI;
        for m in re.find_iter(text) {
            if let Some((value, range)) = doi_at(text, m.range()) {
                out.push(Identifier {
                    kind: Kind::Doi,
                    value,
                    range,
                });
            }
        }
    }
    // The DOIs are trimmed from matches found left to right without
    // overlap, so they are sorted and disjoint: only the last one to start
    // at or before an identifier can hold it, a binary search rather than a
    // scan of every DOI per identifier.
    let dois: Vec<Range<usize>> = out.iter().map(|i: &Identifier| i.range.clone()).collect();
    let in_doi = |m: &Range<usize>| {
        let i = dois.partition_point(|d| d.start <= m.start);
        i.checked_sub(1)
            .and_then(|i| dois.get(i))
            .is_some_and(|d| m.end <= d.end)
    };
    let mut labelled = |re: &Regex, kind: Kind, norm: &dyn Fn(&str) -> Option<String>| {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(1).or_else(|| c.get(0)) else {
                continue;
            };
            // Inside a DOI it is part of the DOI.
            if in_doi(&m.range()) {
                continue;
            }
            if let Some(value) = norm(m.as_str()) {
                out.push(Identifier {
                    kind,
                    value,
                    range: m.range(),
                });
            }
        }
    };
    labelled(&PMID, Kind::Pmid, &|s| Some(s.to_owned()));
    labelled(&PMCID, Kind::Pmcid, &|s| Some(s.to_owned()));
    labelled(&NCT, Kind::Nct, &|s| Some(s.to_owned()));
    labelled(&ISBN, Kind::Isbn, &isbn13);
    labelled(&ARXIV, Kind::Arxiv, &|s| Some(s.to_owned()));
    out.sort_by_key(|i| (i.range.start, i.kind));
    out
}

/// Normalises one DOI written on its own (`doi:10.1000/XYZ.`,
/// `https://doi.org/10.1000/xyz`): the value, lower-case, or `None`.
///
/// ```
/// use cistron::identifiers::normalise_doi;
/// assert_eq!(normalise_doi("https://dx.doi.org/10.1000/ABC%2F1)."), Some("10.1000/abc/1".into()));
/// assert_eq!(normalise_doi("no doi here"), None);
/// ```
pub fn normalise_doi(s: &str) -> Option<String> {
    let re = &*DOI;
    let decoded = percent_decode(s);
    let m = re.find(&decoded)?;
    doi_at(&decoded, m.range()).map(|(v, _)| v)
}

/// Trims a raw DOI match and normalises it.
fn doi_at(text: &str, r: Range<usize>) -> Option<(String, Range<usize>)> {
    let raw = &text[r.clone()];
    // A DOI written across a line break or with a space around its slash
    // ("10.1000 / xyz") is joined.
    let mut end = raw.len();
    // How many of each bracket `raw[..end]` holds, counted once and kept
    // as the end moves back: counting them again per trimmed character
    // made a DOI followed by a run of closing brackets quadratic.
    let mut brackets: [usize; 8] = [0; 8];
    let slot = |c: char| "()[]{}<>".find(c);
    for c in raw.chars() {
        if let Some(i) = slot(c) {
            brackets[i] += 1;
        }
    }
    loop {
        let s = &raw[..end];
        let last = s.chars().next_back()?;
        let trim = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '”' | '’' | '»' => true,
            // Closes one opened before the DOI: not the DOI's.
            ')' => brackets[0] < brackets[1],
            ']' => brackets[2] < brackets[3],
            '}' => brackets[4] < brackets[5],
            '>' => brackets[6] < brackets[7],
            _ => false,
        };
        if !trim {
            break;
        }
        if let Some(i) = slot(last) {
            brackets[i] = brackets[i].saturating_sub(1);
        }
        end -= last.len_utf8();
    }
    let kept = percent_decode(&raw[..end]);
    let slash = kept.find('/')?;
    let suffix = kept[slash + 1..].trim_start();
    if suffix.is_empty() || !suffix.chars().any(char::is_alphanumeric) {
        return None;
    }
    let prefix = kept[..slash].trim_end();
    let value = format!("{prefix}/{suffix}");
    let value: String = value
        .chars()
        .map(|c| {
            if matches!(c, '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}') {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .to_lowercase();
    Some((value, r.start..r.start + end))
}

/// Decodes `%2F`-style escapes (DOIs in addresses).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// An ISBN as 13 digits, if its check digit is right.
fn isbn13(s: &str) -> Option<String> {
    let digits: Vec<char> = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let value = |c: &char| c.to_digit(10);
    match digits.len() {
        13 => {
            let d: Vec<u32> = digits.iter().map(value).collect::<Option<_>>()?;
            let sum: u32 = d
                .iter()
                .enumerate()
                .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
                .sum();
            sum.is_multiple_of(10).then(|| digits.iter().collect())
        }
        10 => {
            let mut sum = 0;
            for (i, c) in digits.iter().enumerate() {
                let v = match c {
                    'X' | 'x' if i == 9 => 10,
                    _ => value(c)?,
                };
                sum += v * (10 - i as u32);
            }
            if sum % 11 != 0 {
                return None;
            }
            // As ISBN-13: 978 + the first nine digits + a new check digit.
            let body: Vec<u32> = std::iter::once(9)
                .chain([7, 8])
                .chain(digits[..9].iter().filter_map(value))
                .collect();
            let sum: u32 = body
                .iter()
                .enumerate()
                .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
                .sum();
            let check = (10 - sum % 10) % 10;
            Some(
                body.iter()
                    .map(|d| char::from(b'0' + *d as u8))
                    .chain([char::from(b'0' + check as u8)])
                    .collect(),
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        // Static patterns `expect` to compile; forcing each here makes a
        // bad edit fail the tests, not a document.
        for re in [&*DOI, &*PMID, &*PMCID, &*NCT, &*ISBN, &*ARXIV] {
            assert!(!re.as_str().is_empty());
        }
    }

    /// DOI edge cases: (text, expected normalised DOI or "" for none).
    const DOIS: &[(&str, &str)] = &[
        ("10.1000/xyz123", "10.1000/xyz123"),
        ("doi:10.1000/xyz123", "10.1000/xyz123"),
        ("DOI: 10.1000/XYZ123", "10.1000/xyz123"),
        ("doi 10.1000/xyz123.", "10.1000/xyz123"),
        ("https://doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("http://dx.doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("https://doi.org/10.1000%2Fxyz123", "10.1000/xyz123"),
        (
            "(doi: 10.5376/ijmms.2024.14.0007)",
            "10.5376/ijmms.2024.14.0007",
        ),
        (
            "see 10.1016/S0140-6736(20)30183-5.",
            "10.1016/s0140-6736(20)30183-5",
        ),
        (
            "(10.1016/S0140-6736(20)30183-5)",
            "10.1016/s0140-6736(20)30183-5",
        ),
        (
            "10.1002/(SICI)1097-4636(199706)35:4<529::AID-JBM14>3.0.CO;2-K",
            "10.1002/(sici)1097-4636(199706)35:4<529::aid-jbm14>3.0.co;2-k",
        ),
        ("10.1093/nar/gkaa1100;", "10.1093/nar/gkaa1100"),
        ("10.1093/nar/gkaa1100, 2021", "10.1093/nar/gkaa1100"),
        ("10.1093/nar/gkaa1100:", "10.1093/nar/gkaa1100"),
        ("“10.1093/nar/gkaa1100”", "10.1093/nar/gkaa1100"),
        ("'10.1093/nar/gkaa1100'", "10.1093/nar/gkaa1100"),
        ("[10.1093/nar/gkaa1100]", "10.1093/nar/gkaa1100"),
        ("10.1126/science.aaa1234", "10.1126/science.aaa1234"),
        (
            "10.1371/journal.pone.0123456",
            "10.1371/journal.pone.0123456",
        ),
        ("10.1038/s41591-019-0675-0", "10.1038/s41591-019-0675-0"),
        ("10.1089/hum.2019.123?", "10.1089/hum.2019.123"),
        ("10.1089/hum.2019.123!", "10.1089/hum.2019.123"),
        ("10.1000.10/xyz", "10.1000.10/xyz"),
        ("10.123/short-registrant", ""),
        ("10.1000/", ""),
        ("10.1000/.", ""),
        ("Version 10.2/3 of the file", ""),
        ("10.1056/NEJMoa1706198", "10.1056/nejmoa1706198"),
        ("10.1056/NEJMoa1706198).", "10.1056/nejmoa1706198"),
        (
            "doi:10.1016/j.ymthe.2020.01.001:e12",
            "10.1016/j.ymthe.2020.01.001:e12",
        ),
        ("10.1007/978-3-030-12345-6_7", "10.1007/978-3-030-12345-6_7"),
        (
            "10.1016/0092-8674(88)90514-2",
            "10.1016/0092-8674(88)90514-2",
        ),
        (
            "10.1016/0092-8674(88)90514-2)",
            "10.1016/0092-8674(88)90514-2",
        ),
        ("10.1000/a(b", "10.1000/a(b"),
        ("10.1000/xyz\u{2010}123", "10.1000/xyz-123"),
        ("DOI:10.1000/ABC.DEF", "10.1000/abc.def"),
        ("doi.org/10.1000/abc#section", "10.1000/abc#section"),
        ("10.1000/abc...", "10.1000/abc"),
        ("10.1000/abc.”", "10.1000/abc"),
        ("<10.1000/abc>", "10.1000/abc"),
        (
            "10.1002/(SICI)1521-4095(199809)10:12<1014::AID-ADMA1014>3.0.CO;2-D.",
            "10.1002/(sici)1521-4095(199809)10:12<1014::aid-adma1014>3.0.co;2-d",
        ),
        ("text10.1000/abc", ""),
    ];

    #[test]
    fn doi_edge_cases() {
        let mut failures = Vec::new();
        for (text, want) in DOIS {
            let got = find(text)
                .into_iter()
                .find(|i| i.kind == Kind::Doi)
                .map(|i| i.value)
                .unwrap_or_default();
            if got != *want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(DOIS.len() >= 40);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn labelled_identifiers() {
        let ids = find("PMID: 12345678, PubMed 23456789, PMC7654321, NCT01234567, arXiv:2101.01234v2, ISBN 978-0-306-40615-7, ISBN 0-306-40615-2.");
        let got: Vec<(Kind, &str)> = ids.iter().map(|i| (i.kind, i.value.as_str())).collect();
        assert_eq!(
            got,
            [
                (Kind::Pmid, "12345678"),
                (Kind::Pmid, "23456789"),
                (Kind::Pmcid, "PMC7654321"),
                (Kind::Nct, "NCT01234567"),
                (Kind::Arxiv, "2101.01234v2"),
                (Kind::Isbn, "9780306406157"),
                (Kind::Isbn, "9780306406157"),
            ]
        );
        // A bare number is no PMID; a wrong check digit is no ISBN.
        assert!(find("Call 12345678 or ISBN 978-0-306-40615-8").is_empty());
    }
}
