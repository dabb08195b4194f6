//! Dates as pages print them, to ISO 8601.

use crate::knowledge::months;
use regex::Regex;
use std::sync::LazyLock;

/// A printed date: `April 16, 2026`, `16 April 2026`, `03 Mar., 2024`,
/// `2024-03-03` (with an optional time), `March 2024`.
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // English month names and abbreviations, from the month table.
    let month = months::ENGLISH.as_str();
    Regex::new(&format!(
        r"(?i)\b(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{month})\.?,?\s+(?P<y2>\d{{4}})|(?P<y3>\d{{4}})-(?P<n3>\d{{2}})-(?P<d3>\d{{2}})(?:T[0-9:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|(?P<m4>{month})\.?,?\s+(?P<y4>\d{{4}}))\b"
    ))
    .expect("static regex")
});

/// The ISO 8601 form of the first date in `s` (`2026-04-16`, or `2024-03`
/// when the day is not given), or `None`.
///
/// ```
/// use cistron::metadata::dates::iso;
/// assert_eq!(iso("Last reviewed: April 16, 2026").as_deref(), Some("2026-04-16"));
/// assert_eq!(iso("03 Mar., 2024").as_deref(), Some("2024-03-03"));
/// assert_eq!(iso("June 2021").as_deref(), Some("2021-06"));
/// assert_eq!(iso("Feb 30, 2024"), None);
/// ```
pub fn iso(s: &str) -> Option<String> {
    let caps = DATE.captures(s)?;
    let get = |names: &[&str]| names.iter().find_map(|n| caps.name(n)).map(|m| m.as_str());
    let year: u32 = get(&["y1", "y2", "y3", "y4"])?.parse().ok()?;
    let month = match get(&["m1", "m2", "m4"]) {
        Some(name) => months::number(name)?,
        None => get(&["n3"])?.parse().ok()?,
    };
    let day: Option<u32> = match get(&["d1", "d2", "d3"]) {
        Some(d) => Some(d.parse().ok()?),
        None => None,
    };
    if !(1000..=2100).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    match day {
        Some(d) if d >= 1 && d <= days_in(year, month) => {
            Some(format!("{year:04}-{month:02}-{d:02}"))
        }
        Some(_) => None,
        None => Some(format!("{year:04}-{month:02}")),
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_dates() {
        for (text, want) in [
            ("April 16, 2026", Some("2026-04-16")),
            ("16th April 2026", Some("2026-04-16")),
            ("Sept. 3, 2024", Some("2024-09-03")),
            ("2024-02-29T10:00:00Z", Some("2024-02-29")),
            ("2023-02-29", None),
            ("Published: 17 Apr., 2024", Some("2024-04-17")),
            ("no date here", None),
            ("Mayor 2024", None),
        ] {
            assert_eq!(iso(text).as_deref(), want, "{text}");
        }
    }
}
