//! Month names as regex alternations, built from the one month table
//! (`phrases/month_names.tsv`: phrase, languages, month, form).
//!
//! Printed dates, glued byline dates, the years of regulatory statements
//! and the end of a reference's container all look for month names, in
//! different languages and forms: the date patterns take English names and
//! abbreviations, "May" included; the reference splitter takes the full
//! names of four languages but not English "may", a modal verb far more
//! often than a month. Each used to carry its own list. Building every
//! alternation from one table keeps them in step: a month a curator adds
//! reaches every rule that reads its language and form, and the boilerplate
//! judge binary-searches the same file.
//!
//! An alternation lists the longest names first, so that the regex's
//! leftmost-first choice takes `September` before `Sept` and `Sep`, as the
//! greedy optional groups it replaces (`Sep(?:t(?:ember)?)?`) did.

use super::phrase_table::{PhraseTableError, MONTH_NAMES};
use std::sync::LazyLock;

/// What a row of the month table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A month's name (`january`, `juillet`).
    Full,
    /// An abbreviation (`jan`, `sept`, `févr`).
    Abbr,
    /// A full name that is also a common word (English `may`): date
    /// patterns take it, the reference splitter does not.
    Common,
}

impl Form {
    /// Every form: what a date pattern takes.
    pub const ALL: &'static [Form] = &[Form::Full, Form::Abbr, Form::Common];

    fn read(cell: &str) -> Option<Form> {
        match cell {
            "full" => Some(Form::Full),
            "abbr" => Some(Form::Abbr),
            "common" => Some(Form::Common),
            _ => None,
        }
    }
}

/// One row of the month table, its columns read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Month {
    name: &'static str,
    languages: Vec<&'static str>,
    number: u32,
    form: Form,
}

/// Reads the month and form columns of every row.
fn read_rows() -> Result<Vec<Month>, PhraseTableError> {
    MONTH_NAMES
        .rows()
        .iter()
        .map(|row| {
            let err = |reason: String| PhraseTableError {
                file: MONTH_NAMES.name(),
                line: row.line,
                reason,
            };
            let (month, form) = (row.extra[0], row.extra[1]);
            let number = month
                .parse()
                .ok()
                .filter(|n| (1..=12).contains(n))
                .ok_or_else(|| err(format!("month {month:?} is not 1 to 12")))?;
            let form = Form::read(form)
                .ok_or_else(|| err(format!("form {form:?} is not full, abbr or common")))?;
            Ok(Month {
                name: row.phrase,
                languages: row.languages().collect(),
                number,
                form,
            })
        })
        .collect()
}

/// The table, read once.
static MONTHS: LazyLock<Vec<Month>> =
    LazyLock::new(|| read_rows().expect("month_names.tsv has months and forms"));

/// English names and abbreviations, every form, lower case: the months of
/// printed dates and of regulatory statements, matched case-insensitively.
pub static ENGLISH: LazyLock<String> = LazyLock::new(|| alternation(&["en"], Form::ALL, false));

/// A regex alternation (`september|february|...|sep|jan`, no group
/// around it) of the names written in any of `languages`, of one of
/// `forms`, longest first; `capitalise` writes each with a capital
/// initial, for a case-sensitive pattern.
///
/// ```
/// use cistron::knowledge::months::{alternation, Form};
/// let abbr = alternation(&["en"], &[Form::Abbr], true);
/// assert!(abbr.starts_with("Sept|"));
/// assert!(abbr.contains("|Jan|"));
/// ```
pub fn alternation(languages: &[&str], forms: &[Form], capitalise: bool) -> String {
    let mut names: Vec<String> = MONTHS
        .iter()
        .filter(|m| forms.contains(&m.form))
        .filter(|m| m.languages.iter().any(|l| languages.contains(l)))
        .map(|m| {
            let name = regex::escape(m.name);
            if !capitalise {
                return name;
            }
            let mut chars = name.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    names.sort_by(|a, b| {
        b.chars()
            .count()
            .cmp(&a.chars().count())
            .then_with(|| a.cmp(b))
    });
    names.dedup();
    names.join("|")
}

/// The number (1 to 12) of an English month name or abbreviation, in any
/// case, as [`ENGLISH`] matches it.
///
/// ```
/// use cistron::knowledge::months::number;
/// assert_eq!(number("Sept"), Some(9));
/// assert_eq!(number("MAY"), Some(5));
/// assert_eq!(number("mai"), None);
/// ```
pub fn number(name: &str) -> Option<u32> {
    // Upper then lower case folds as a case-insensitive regex does: the
    // long s (`ſ`) and the Kelvin sign match `s` and `k`.
    let folded = name.to_uppercase().to_lowercase();
    MONTHS
        .iter()
        .find(|m| m.name == folded && m.languages.contains(&"en"))
        .map(|m| m.number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Every name of the table in lower, capitalised and upper case.
    fn spellings() -> Vec<String> {
        let mut out = Vec::new();
        for m in MONTHS.iter() {
            let mut chars = m.name.chars();
            let first = chars.next().expect("a name");
            out.push(m.name.to_owned());
            out.push(first.to_uppercase().chain(chars).collect());
            out.push(m.name.to_uppercase());
        }
        out
    }

    /// The spellings a pattern around `alternation` matches whole.
    fn matched(flags: &str, alternation: &str) -> Vec<String> {
        let re = Regex::new(&format!("{flags}^(?:{alternation})$")).expect("compiles");
        spellings().into_iter().filter(|s| re.is_match(s)).collect()
    }

    #[test]
    fn every_row_has_a_month_and_a_form() {
        let rows = read_rows().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), MONTH_NAMES.rows().len());
        for n in 1..=12 {
            assert!(
                rows.iter()
                    .any(|m| m.number == n && m.form != Form::Abbr && m.languages.contains(&"en")),
                "month {n} has no English full name"
            );
        }
    }

    #[test]
    fn english_matches_what_the_old_pattern_matched() {
        // The hand-written pattern the table replaced (dates.rs, before
        // issue 23): case-insensitive in dates and statuses, capitalised
        // and case-sensitive in glued fields.
        let old = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
        assert_eq!(matched("(?i)", &ENGLISH), matched("(?i)", old));
        let capitalised = alternation(&["en"], Form::ALL, true);
        assert_eq!(matched("", &capitalised), matched("", old));
        assert_eq!(matched("(?i)", &ENGLISH).len(), 24 * 3);
    }

    #[test]
    fn longest_names_come_first() {
        let names: Vec<&str> = ENGLISH.split('|').collect();
        assert!(
            names.windows(2).all(|w| w[0].len() >= w[1].len()),
            "{names:?}"
        );
        let at = |n: &str| names.iter().position(|x| *x == n).expect("listed");
        assert!(at("september") < at("sept") && at("sept") < at("sep"));
        // Leftmost-first takes the whole word, as the greedy groups did.
        let re = Regex::new(&format!("(?i)(?:{})", *ENGLISH)).expect("compiles");
        let found = re.find("Posted September 3").map(|m| m.as_str());
        assert_eq!(found, Some("September"));
    }

    #[test]
    fn references_take_full_names_of_four_languages_but_not_may() {
        let full = alternation(&["de", "en", "es", "fr"], &[Form::Full], false);
        let mut names: Vec<&str> = full.split('|').collect();
        names.sort_unstable();
        // The list the reference splitter carried before issue 23.
        let mut old: Vec<&str> = "january|february|march|april|june|july|august|september|october|november|december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
            .split('|')
            .collect();
        old.sort_unstable();
        assert_eq!(names, old);
        assert!(!names.contains(&"may"));
    }

    #[test]
    fn english_numbers() {
        assert_eq!(number("January"), Some(1));
        assert_eq!(number("jan"), Some(1));
        assert_eq!(number("JUNE"), Some(6));
        assert_eq!(number("sep"), Some(9));
        assert_eq!(number("december"), Some(12));
        assert_eq!(number("enero"), None);
        assert_eq!(number("Janu"), None);
        // As `(?i)` matches it: a long s is an s.
        assert_eq!(number("ſept"), Some(9));
        for m in MONTHS.iter().filter(|m| m.languages.contains(&"en")) {
            assert_eq!(number(m.name), Some(m.number), "{}", m.name);
        }
    }
}
