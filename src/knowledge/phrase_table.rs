//! Phrase tables: the words and phrases the boilerplate judges, the byline
//! reader and the field splitter compare text with, one TSV file per table
//! under `phrases/`.
//!
//! A rule says how a table is matched (whole line, line start, whole
//! words); the table says what is matched. Keeping the second in data lets a
//! curator add the "Lesen Sie auch" of a new site without reading Rust, and
//! keeps the rules short enough to review. Every file says in its own
//! comment lines what it is for, how it is matched and how to extend it,
//! then names its columns: `phrase`, `language` (an ISO 639-1 code, several
//! in order one space apart for a spelling languages share, or `mul` for
//! brand names and strings of no language in particular) and, for a few
//! tables, more (`reason`, `match`, `field`, `month` and `form`) that the
//! module reading it parses.
//!
//! The files are embedded in the binary and parsed once, on first use. Row
//! order is table order: some tables are binary-searched and must stay
//! sorted, and where the first match wins the file decides which. An
//! embedded table that does not parse is a bug of the build, not of the
//! input, so it panics naming the file and line; the tests load every table,
//! so a bad edit fails `cargo test` before it ships.

use std::sync::OnceLock;

/// One row of a phrase table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseRow {
    /// 1-based line number in the file, for messages.
    pub line: usize,
    /// The phrase, as written: it may end with a space (a label that must
    /// be followed by one), never start with one.
    pub phrase: &'static str,
    /// ISO 639-1 codes in ascending order, one space apart (`en`, `de en`:
    /// a spelling several languages share), or `mul` (brand names, and
    /// strings that belong to no language in particular).
    pub language: &'static str,
    /// The cells after `language`, in header order.
    pub extra: Vec<&'static str>,
}

/// A line of a phrase table that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {reason}")]
pub struct PhraseTableError {
    /// The file, e.g. `month_names.tsv`.
    pub file: &'static str,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// An embedded phrase table, parsed on first use.
#[derive(Debug)]
pub struct PhraseFile {
    name: &'static str,
    text: &'static str,
    columns: &'static [&'static str],
    rows: OnceLock<Vec<PhraseRow>>,
    phrases: OnceLock<Vec<&'static str>>,
}

impl PhraseFile {
    const fn new(
        name: &'static str,
        text: &'static str,
        columns: &'static [&'static str],
    ) -> PhraseFile {
        PhraseFile {
            name,
            text,
            columns,
            rows: OnceLock::new(),
            phrases: OnceLock::new(),
        }
    }

    /// The file name, e.g. `month_names.tsv`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The columns the header must name.
    pub fn columns(&self) -> &'static [&'static str] {
        self.columns
    }

    /// The rows, in file order.
    ///
    /// # Panics
    ///
    /// When the embedded file is malformed, naming the file and line (the
    /// unit tests load every table, so this fails `cargo test` first).
    pub fn rows(&self) -> &[PhraseRow] {
        self.rows.get_or_init(|| {
            parse(self.name, self.text, self.columns).expect("embedded phrase table parses")
        })
    }

    /// The phrases, in file order.
    ///
    /// ```
    /// use cistron::knowledge::phrase_table::MONTH_NAMES;
    /// assert!(MONTH_NAMES.phrases().binary_search(&"juillet").is_ok());
    /// ```
    pub fn phrases(&self) -> &[&'static str] {
        self.phrases
            .get_or_init(|| self.rows().iter().map(|r| r.phrase).collect())
    }

    /// Each phrase with its third column read by `read`, in file order.
    pub fn try_tagged<T>(
        &self,
        read: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<(&'static str, T)>, PhraseTableError> {
        let column = self.columns.get(2).copied().unwrap_or("third column");
        self.rows()
            .iter()
            .map(|row| {
                let cell = row.extra.first().copied().unwrap_or_default();
                read(cell)
                    .map(|value| (row.phrase, value))
                    .ok_or_else(|| PhraseTableError {
                        file: self.name,
                        line: row.line,
                        reason: format!("`{cell}` is not a known {column}"),
                    })
            })
            .collect()
    }

    /// [`PhraseFile::try_tagged`] for a table of the build.
    ///
    /// # Panics
    ///
    /// When a value does not read, naming the file and line; the module
    /// reading the table loads it in a unit test.
    pub fn tagged<T>(&self, read: impl Fn(&str) -> Option<T>) -> Vec<(&'static str, T)> {
        self.try_tagged(read)
            .expect("embedded phrase table has known values")
    }
}

/// Parses a phrase table: `#` comment lines, then a header naming
/// `columns`, then one row a line. Blank lines are skipped; a comment after
/// the header is an error, so a phrase cannot be lost to a stray `#`.
pub fn parse(
    file: &'static str,
    text: &'static str,
    columns: &[&str],
) -> Result<Vec<PhraseRow>, PhraseTableError> {
    let err = |line, reason: String| PhraseTableError { file, line, reason };
    let mut header = false;
    let mut rows = Vec::new();
    let mut last = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        last = line;
        if raw.contains('\r') {
            return Err(err(line, "carriage return: save with LF line ends".into()));
        }
        if raw.trim().is_empty() {
            continue;
        }
        if !header {
            if raw.starts_with('#') {
                continue;
            }
            let expected = columns.join("\t");
            if raw != expected {
                return Err(err(
                    line,
                    format!("header is {raw:?}, expected {expected:?}"),
                ));
            }
            header = true;
            continue;
        }
        if raw.starts_with('#') {
            return Err(err(line, "comment after the header".into()));
        }
        let cells: Vec<&'static str> = raw.split('\t').collect();
        if cells.len() != columns.len() {
            return Err(err(
                line,
                format!("{} columns, expected {}", cells.len(), columns.len()),
            ));
        }
        let (phrase, language, extra) = (cells[0], cells[1], &cells[2..]);
        if phrase.trim().is_empty() || phrase.starts_with(char::is_whitespace) {
            return Err(err(
                line,
                format!("phrase {phrase:?} is empty or starts with a space"),
            ));
        }
        if !is_language_cell(language) {
            return Err(err(
                line,
                format!(
                    "language {language:?} is not `mul` or ISO 639-1 codes \
                     (in order, one space apart)"
                ),
            ));
        }
        if let Some(cell) = extra.iter().find(|c| c.is_empty() || c.trim() != **c) {
            return Err(err(line, format!("cell {cell:?} is empty or padded")));
        }
        rows.push(PhraseRow {
            line,
            phrase,
            language,
            extra: extra.to_vec(),
        });
    }
    if !header {
        return Err(err(last, "no header line".into()));
    }
    if rows.is_empty() {
        return Err(err(last, "no rows".into()));
    }
    Ok(rows)
}

/// Whether `cell` is `mul` or one or more ISO 639-1 codes, in ascending
/// order and without repeats, one space apart (`en`, `de en`).
fn is_language_cell(cell: &str) -> bool {
    if cell == "mul" {
        return true;
    }
    let codes: Vec<&str> = cell.split(' ').collect();
    codes
        .iter()
        .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase()))
        && codes.windows(2).all(|pair| pair[0] < pair[1])
}

impl PhraseRow {
    /// The row's languages: the codes of the language cell, or `mul`.
    ///
    /// ```
    /// use cistron::knowledge::phrase_table::MONTH_NAMES;
    /// let april = MONTH_NAMES.rows().iter().find(|r| r.phrase == "april").unwrap();
    /// assert_eq!(april.languages().collect::<Vec<_>>(), ["de", "en"]);
    /// ```
    pub fn languages(&self) -> impl Iterator<Item = &'static str> {
        self.language.split(' ')
    }
}

#[cfg(test)]
impl PhraseFile {
    /// Fails, naming the file and line, where the phrases leave byte order
    /// or repeat: what tables read by binary search, or kept in order for
    /// curators, must hold.
    pub(crate) fn assert_sorted(&self) {
        for pair in self.rows().windows(2) {
            assert!(
                pair[0].phrase < pair[1].phrase,
                "{} line {}: {:?} is not after {:?}",
                self.name,
                pair[1].line,
                pair[1].phrase,
                pair[0].phrase
            );
        }
    }
}

/// Declares the embedded tables and [`ALL`], which lists them for the
/// tests.
macro_rules! phrase_files {
    ($($(#[$doc:meta])* $id:ident = $file:literal $([$($column:literal),*])?;)*) => {
        $(
            $(#[$doc])*
            pub static $id: PhraseFile = PhraseFile::new(
                $file,
                include_str!(concat!("phrases/", $file)),
                &["phrase", "language" $($(, $column)*)?],
            );
        )*
        /// Every embedded phrase table.
        pub static ALL: &[&PhraseFile] = &[$(&$id),*];
    };
}

phrase_files! {
    /// Line starts that mark a photo or source credit.
    CREDIT_STARTS = "credit_starts.tsv";
    /// Credit starts that count only at the start of a line.
    START_ONLY_CREDITS = "start_only_credits.tsv";
    /// Agencies and image banks whose name alone makes a credit.
    CREDIT_NAMES = "credit_names.tsv";
    /// Whole lines that are widgets, with the reason they go.
    WIDGET_LINES = "widget_lines.tsv" ["reason"];
    /// Calls to action and service pitches.
    CALLS_TO_ACTION = "calls_to_action.tsv";
    /// Legal and medical disclaimers.
    DISCLAIMERS = "disclaimers.tsv";
    /// Lines that end the article (sorted: binary-searched).
    ARTICLE_END_STARTS = "article_end_starts.tsv";
    /// Month names and abbreviations, with their month and form (sorted:
    /// binary-searched); read through [`crate::knowledge::months`] by the
    /// date patterns.
    MONTH_NAMES = "month_names.tsv" ["month", "form"];
    /// The other words of a dateline (sorted: binary-searched).
    DATE_WORDS = "date_words.tsv";
    /// Appeals to subscribe, follow, donate, share or rate.
    APPEALS = "appeals.tsv";
    /// Rights notices.
    RIGHTS_NOTICES = "rights_notices.tsv";
    /// Affiliate and advertising disclosures.
    DISCLOSURES = "disclosures.tsv";
    /// Reading times, paywall and comment-form prompts.
    SITE_NOTICES = "site_notices.tsv";
    /// Starts of a blog post's metadata line.
    POST_META = "post_meta.tsv";
    /// Class and id words naming page chrome, with how they match.
    CHROME_CLASS_WORDS = "chrome_class_words.tsv" ["match"];
    /// Chrome words no main column is named by.
    UNMISTAKABLE_CHROME_WORDS = "unmistakable_chrome_words.tsv";
    /// Class and id words naming the article's container, with how they
    /// match.
    CONTENT_CLASS_WORDS = "content_class_words.tsv" ["match"];
    /// Chrome words a standfirst's container may carry.
    LEAD_CHROME_WORDS = "lead_chrome_words.tsv";
    /// First-person-plural words.
    WE_WORDS = "we_words.tsv";
    /// Date labels of a byline, with the field each fills.
    DATE_LABELS = "date_labels.tsv" ["field"];
    /// Labels of a line naming people, with the field each fills.
    NAME_LABELS = "name_labels.tsv" ["field"];
    /// Lower-case words of names.
    NAME_PARTICLES = "name_particles.tsv";
    /// Words naming an institution in an affiliation.
    INSTITUTION_WORDS = "institution_words.tsv";
    /// Words that make a line a sentence, not an address.
    SENTENCE_WORDS = "sentence_words.tsv";
    /// Labels of a keyword line.
    KEYWORD_LABELS = "keyword_labels.tsv";
    /// Byline field labels as printed, for glued fields.
    GLUED_FIELD_LABELS = "glued_field_labels.tsv";
    /// Words after which a full stop does not end a sentence.
    SENTENCE_ABBREVIATIONS = "sentence_abbreviations.tsv";
    /// Words that join the names of a reference's author list.
    AUTHOR_JOINERS = "author_joiners.tsv";
    /// Particles that belong to a family name in a reference.
    FAMILY_NAME_PARTICLES = "family_name_particles.tsv";
    /// Words that make a piece of a reference a publisher.
    PUBLISHER_WORDS = "publisher_words.tsv";
    /// Words that make a piece of a reference a journal.
    JOURNAL_WORDS = "journal_words.tsv";
    /// Words that make a piece of a reference no container (a note, a
    /// thesis, an edition), with how they match.
    NOT_CONTAINERS = "not_containers.tsv" ["match"];
    /// Words that announce references.
    REFERENCE_ANNOUNCERS = "reference_announcers.tsv";
    /// Words of an elliptic clause before its trigger.
    ELLIPTIC_GLUE = "elliptic_glue.tsv";
    /// Plain negations right before a trial phase.
    PHASE_NEGATIONS = "phase_negations.tsv";
    /// Words that open a new clause, and so a new scope for negation.
    SCOPE_BREAKS = "scope_breaks.tsv";
    /// Words that cannot end a heading.
    OPEN_ENDINGS = "open_endings.tsv";
    /// schema.org `@type`s of a page's main work.
    WORK_TYPES = "work_types.tsv";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_loads_and_documents_itself() {
        for table in ALL {
            let rows =
                parse(table.name, table.text, table.columns).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(rows.len(), table.rows().len());
            // The comment block says what the table is for and where its
            // phrases come from before the header.
            assert!(
                table.text.starts_with("# "),
                "{}: no comment first",
                table.name
            );
            assert!(
                table.text.contains("curators"),
                "{}: the comments do not say where the phrases come from",
                table.name
            );
            let mut seen = std::collections::HashMap::new();
            for row in &rows {
                if let Some(first) = seen.insert(row.phrase, row.line) {
                    panic!(
                        "{} line {}: {:?} repeats line {first}",
                        table.name, row.line, row.phrase
                    );
                }
            }
        }
    }

    #[test]
    fn every_file_is_a_registered_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/knowledge/phrases");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("phrases folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut names: Vec<&str> = ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        assert_eq!(files, names);
    }

    #[test]
    fn malformed_rows_name_the_file_and_line() {
        let cols = &["phrase", "language"];
        let bad = |text: &'static str| parse("t.tsv", text, cols).unwrap_err();
        assert_eq!(bad("# c\nphrase\tlanguage\nok\ten\nbad\n").line, 4);
        assert_eq!(bad("phrase\tlanguage\nok\tenglish\n").line, 2);
        assert_eq!(bad("phrase\tlang\nok\ten\n").line, 1);
        assert_eq!(bad("phrase\tlanguage\n ok\ten\n").line, 2);
        assert_eq!(bad("phrase\tlanguage\nok\ten\r\n").line, 2);
        assert_eq!(bad("phrase\tlanguage\nok\ten\n# late\n").line, 3);
        assert_eq!(bad("# only comments\n").reason, "no header line");
        let e = bad("phrase\tlanguage\nok\ten\t\n");
        assert_eq!(e.to_string(), "t.tsv line 2: 3 columns, expected 2");
        let rows = parse("t.tsv", "phrase\tlanguage\nBy \ten\n\nx\tmul\n", cols).expect("parses");
        assert_eq!(rows[0].phrase, "By ");
        assert_eq!((rows[1].line, rows[1].language), (4, "mul"));
    }

    #[test]
    fn a_language_cell_may_list_several_codes() {
        let cols = &["phrase", "language"];
        let rows =
            parse("t.tsv", "phrase\tlanguage\napril\tde en\nmai\tfr\n", cols).expect("parses");
        assert_eq!(rows[0].languages().collect::<Vec<_>>(), ["de", "en"]);
        assert_eq!(rows[1].languages().collect::<Vec<_>>(), ["fr"]);
        let bad = |cell: &str| {
            let text: &'static str = format!("phrase\tlanguage\nx\t{cell}\n").leak();
            parse("t.tsv", text, cols).unwrap_err()
        };
        // Out of order, repeated, two spaces, a trailing space, `mul` among
        // codes, a three-letter code, a comma.
        for cell in [
            "en de", "en en", "de  en", "de en ", "en mul", "deu", "de,en",
        ] {
            let e = bad(cell);
            assert_eq!(e.line, 2, "{cell:?}");
            assert!(e.reason.contains("ISO 639-1"), "{cell:?}: {e}");
        }
    }

    #[test]
    fn tagged_rows_name_the_line_of_an_unknown_value() {
        let err = WIDGET_LINES
            .try_tagged(|v| (v == "share_link").then_some(()))
            .unwrap_err();
        assert_eq!(err.file, "widget_lines.tsv");
        assert!(err.reason.contains("reason"), "{err}");
    }
}
