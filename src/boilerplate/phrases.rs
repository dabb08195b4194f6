//! Phrases that mark a line as page furniture whatever the markup: photo
//! credits, share and print links, calls to action, journal-site chrome,
//! disclaimers, teasers that end the article, datelines and the site's
//! sign-off.
//!
//! The rules are here; the phrases are data, one table a file under
//! `src/knowledge/phrases/` (see [`crate::knowledge::phrase_table`]), so a
//! curator adds a phrase to a table, never a branch to the code. A table is
//! matched one way: whole lines ([`widget_line`]), line starts
//! ([`is_credit`], [`ends_article`]), whole words ([`sign_off`],
//! [`site_notice`]) or any substring ([`has_call_to_action`]); the phrases
//! of one table are found together by one case-insensitive Aho-Corasick
//! automaton, built once, or by binary search in a sorted table. The
//! phrases are the short, fixed strings templates repeat; prose that merely
//! mentions "share" or "contact" is protected by the length limits the
//! callers apply.

use super::Reason;
use crate::knowledge::phrase_table::{self as table, PhraseFile};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

/// One automaton finding every phrase of `file` in a lower-cased line;
/// pattern numbers are row numbers, in file order.
fn automaton(file: &PhraseFile) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(file.phrases())
        .expect("embedded phrase table compiles")
}

static CREDIT_NAME_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::CREDIT_NAMES));
static CREDIT_START_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::CREDIT_STARTS));
static CTA_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::CALLS_TO_ACTION));
static DISCLAIMER_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::DISCLAIMERS));
static APPEAL_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::APPEALS));
static DISCLOSURE_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::DISCLOSURES));
static SITE_NOTICE_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::SITE_NOTICES));
static RIGHTS_AC: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&table::RIGHTS_NOTICES));

/// The widget lines with the reason each gives, in file order.
static WIDGET_LINES: LazyLock<Vec<(&'static str, Reason)>> =
    LazyLock::new(|| table::WIDGET_LINES.tagged(Reason::from_name));

/// Whether `automaton` finds one of its phrases in `line` as whole words:
/// "donate" is not in "donated", "min read" not in "admin read".
fn has_words(automaton: &AhoCorasick, line: &str) -> bool {
    automaton.find_iter(line).any(|m| {
        let before = line[..m.start()].chars().next_back();
        let after = line[m.end()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Lower-cases a line for the table lookups (the automata fold ASCII case
/// only; these fold the rest).
fn folded(line: &str) -> String {
    line.trim().to_lowercase()
}

/// Whether `line` is a photo or source credit rather than a description:
/// it starts with a credit marker, or it is a few words naming an agency.
///
/// ```
/// use cistron::boilerplate::phrases::is_credit;
/// assert!(is_credit("Foto: Christof Stache"));
/// assert!(is_credit("Getty Images"));
/// assert!(!is_credit("The vector is injected into the retina."));
/// ```
pub fn is_credit(line: &str) -> bool {
    credit_in(&folded(line))
}

fn credit_in(line: &str) -> bool {
    // A credit in brackets, or after the stray full stop of a caption the
    // page split off: "(Quelle: ...)", ". Imagen: Télam".
    let bare = line.trim_start_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    if table::CREDIT_STARTS
        .phrases()
        .iter()
        .any(|s| line.starts_with(s) || bare.starts_with(s))
    {
        return true;
    }
    line.split_whitespace().count() <= 4 && CREDIT_NAME_AC.is_match(line)
}

/// Longest line [`is_credited_caption`] judges: a caption is a sentence or
/// two.
pub const MAX_CAPTION_CHARS: usize = 200;

/// Whether `line` is a photo caption that carries its credit: a credit
/// marker after a word boundary ("... im Hafen. Foto: dpa", "Stau ©
/// aremac"), or an agency after a slash or at the very end ("Mike
/// Blake/Reuters"). The caption describes a picture the text does not
/// have. A bare "(c)" or "Source:" counts only at the start, where
/// [`is_credit`] sees it: inside a line they are an enumeration or a
/// reference.
///
/// ```
/// use cistron::boilerplate::phrases::is_credited_caption;
/// assert!(is_credited_caption("Ein Stau in der Innenstadt. Foto: Marco Urban"));
/// assert!(is_credited_caption("Striking staff outside the university. Mike Blake/Reuters"));
/// assert!(!is_credited_caption("The photo: a retina before and after treatment."));
/// assert!(!is_credited_caption("Conditions (a), (b) and (c) apply to every vector."));
/// assert!(!is_credited_caption("Primary Funding Source: National Institutes of Health."));
/// ```
pub fn is_credited_caption(line: &str) -> bool {
    line.chars().count() <= MAX_CAPTION_CHARS && credited_caption_in(&folded(line))
}

fn credited_caption_in(line: &str) -> bool {
    let after_boundary = |start: usize| {
        line[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation())
    };
    // A label ("Foto:") follows the caption's last sentence or a bracket,
    // never a word ("The photo: a retina..."); the sign © stands anywhere.
    let after_punctuation = |start: usize| {
        line[..start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    let marked = CREDIT_START_AC.find_iter(line).any(|m| {
        let marker = table::CREDIT_STARTS.phrases()[m.pattern().as_usize()];
        if marker == "©" {
            return true;
        }
        // A source names a document as often as a picture ("Primary
        // Funding Source: NIH"); only photo markers count inside a line,
        // the others are listed in `start_only_credits.tsv`.
        !table::START_ONLY_CREDITS.phrases().contains(&marker) && after_punctuation(m.start())
    });
    marked
        || CREDIT_NAME_AC.find_iter(line).any(|m| {
            let before = line[..m.start()].trim_end();
            let after = line[m.end()..]
                .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
            // "Mike Blake/Reuters", "picture alliance | Andrew Milligan",
            // or the agency closing the caption.
            let beside = |c: char| c == '/' || c == '|';
            // At the very end only after the caption's last sentence: "...,
            // according to Reuters." is a sentence, "... im Hafen. Reuters"
            // a credit.
            let closes = after.is_empty() && before.ends_with(['.', '!', '?', ')', ':', ',', '|']);
            after_boundary(m.start())
                && (before.ends_with(beside)
                    || closes
                    || line[m.end()..].trim_start().starts_with(beside))
        })
}

/// The reason a whole line is a widget ("Share", "[Full-Text PDF]"), if
/// it is one.
pub fn widget_line(line: &str) -> Option<Reason> {
    widget_line_in(&folded(line))
}

fn widget_line_in(line: &str) -> Option<Reason> {
    let core = line.trim_matches(|c: char| !c.is_alphanumeric() && c != '[' && c != ']');
    let core = core.trim_end_matches([':', '.']);
    WIDGET_LINES
        .iter()
        .find(|(phrase, _)| *phrase == core || *phrase == line)
        .map(|&(_, reason)| reason)
        .or_else(|| {
            // A teaser announcement alone ("Lesen Sie auch") is furniture
            // wherever it stands; late in the text it also ends the article.
            let bare = core.trim_end_matches(['?', '!']);
            table::ARTICLE_END_STARTS
                .phrases()
                .binary_search(&bare)
                .is_ok()
                .then_some(Reason::ArticleEnd)
        })
}

/// Longest line [`ends_article`] accepts: past this, it is prose that
/// happens to start with the words.
const MAX_ARTICLE_END_CHARS: usize = 70;

/// Whether `line` announces the end of the article: one of the table's
/// phrases, alone or followed by more words, in a short line.
///
/// ```
/// use cistron::boilerplate::phrases::ends_article;
/// assert!(ends_article("Lesen Sie auch:"));
/// assert!(ends_article("Weitere Informationen zum Volksbegehren:"));
/// assert!(!ends_article("Weitere Informationen fehlen der Behörde bisher, sagte die Sprecherin am Montag in Berlin."));
/// assert!(!ends_article("Recommendedations"));
/// ```
pub fn ends_article(line: &str) -> bool {
    ends_article_in(&folded(line))
}

fn ends_article_in(line: &str) -> bool {
    let core = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    if core.chars().count() > MAX_ARTICLE_END_CHARS {
        return false;
    }
    table::ARTICLE_END_STARTS.phrases().iter().any(|cue| {
        core.strip_prefix(cue).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        })
    })
}

/// Longest line [`is_dateline`] accepts.
const MAX_DATELINE_CHARS: usize = 60;

/// Whether `line` is nothing but a date or a time, perhaps with its label:
/// the dateline a template prints above or below an article ("Donnerstag,
/// 31. Mai 2012", "15. Mai 2019, 05:28 Uhr", "Updated: 3:59 PM"). Every
/// word must be a number, a month or a date word, and the numbers must
/// make a date or a time.
///
/// ```
/// use cistron::boilerplate::phrases::is_dateline;
/// assert!(is_dateline("Donnerstag, 31. Mai 2012"));
/// assert!(is_dateline("12.12.2022, 08:30 Uhr"));
/// assert!(is_dateline("Aktualisiert am 4. Juni 2019"));
/// assert!(is_dateline("marca 2021"));
/// assert!(!is_dateline("Seit Dezember 2015"));
/// assert!(!is_dateline("Am 31. Mai 2012 wurde das Gesetz verabschiedet."));
/// assert!(!is_dateline("Kapitel 12"));
/// ```
pub fn is_dateline(line: &str) -> bool {
    dateline_in(&folded(line))
}

fn dateline_in(line: &str) -> bool {
    if line.chars().count() > MAX_DATELINE_CHARS {
        return false;
    }
    let separators =
        |c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '–' | '—' | '(' | ')');
    let (mut month, mut number, mut exact) = (false, false, false);
    for token in line.split(separators) {
        let word = token.trim_end_matches(['.', ':']);
        if word.is_empty() {
            continue;
        }
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            let numeric = word
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/' | '-'));
            if !numeric {
                return false;
            }
            exact |= is_time_or_date(word);
            number = true;
        } else if table::MONTH_NAMES.phrases().binary_search(&word).is_ok() {
            month = true;
        } else if table::DATE_WORDS.phrases().binary_search(&word).is_err() {
            return false;
        }
    }
    exact || (month && number)
}

/// Longest line [`sign_off`] judges: past this, it is prose that mentions
/// a newsletter.
pub const MAX_SIGN_OFF_CHARS: usize = 250;

/// Whether a short line is the site's sign-off rather than the article's:
/// an appeal to subscribe, follow, donate, share or rate
/// ([`Reason::CallToAction`]) or a rights notice ([`Reason::Disclaimer`]).
/// Only meaningful late in the text: an article about a newsletter starts
/// with the word.
///
/// ```
/// use cistron::boilerplate::phrases::sign_off;
/// assert!(sign_off("Subscribe now to our e-edition for the full story.").is_some());
/// assert!(sign_off("Síguenos en Telegram, Instagram, Facebook y Twitter").is_some());
/// assert!(sign_off("The trial enrolled 12 children with SMA type 1.").is_none());
/// ```
pub fn sign_off(line: &str) -> Option<Reason> {
    if line.chars().count() > MAX_SIGN_OFF_CHARS {
        return None;
    }
    sign_off_in(&folded(line))
}

fn sign_off_in(line: &str) -> Option<Reason> {
    if has_words(&APPEAL_AC, line) {
        Some(Reason::CallToAction)
    } else if has_words(&RIGHTS_AC, line) {
        Some(Reason::Disclaimer)
    } else {
        None
    }
}

/// Longest line [`site_notice`] judges.
pub const MAX_NOTICE_CHARS: usize = 300;
/// A post's metadata line is short.
const MAX_POST_META_CHARS: usize = 200;

/// Whether a line is one of the site's notices wherever it stands: an
/// affiliate or advertising disclosure ([`Reason::Disclaimer`]), a reading
/// time, a comment form's prompt or a post's metadata line ("This entry
/// was posted in", "Tags:") ([`Reason::SiteChrome`]).
///
/// ```
/// use cistron::boilerplate::phrases::site_notice;
/// assert!(site_notice("Anzeige, enthält Affiliate Links").is_some());
/// assert!(site_notice("11 minut czytania").is_some());
/// assert!(site_notice("You must be logged in to post a comment.").is_some());
/// assert!(site_notice("This entry was posted in News. Bookmark the permalink.").is_some());
/// assert!(site_notice("The agency took eleven minutes to read the verdict.").is_none());
/// ```
pub fn site_notice(line: &str) -> Option<Reason> {
    let chars = line.chars().count();
    if chars > MAX_NOTICE_CHARS {
        return None;
    }
    site_notice_in(&folded(line), chars <= MAX_POST_META_CHARS)
}

fn site_notice_in(line: &str, short: bool) -> Option<Reason> {
    if has_words(&DISCLOSURE_AC, line) {
        Some(Reason::Disclaimer)
    } else if has_words(&SITE_NOTICE_AC, line)
        || (short
            && table::POST_META
                .phrases()
                .iter()
                .any(|label| line.starts_with(label)))
    {
        Some(Reason::SiteChrome)
    } else {
        None
    }
}

/// "05:28", "23.10.2018", "2019-05-15", "10/21/2022": a clock time (hours
/// below 24, two-digit minutes) or a date of three parts. A score ("2:1"),
/// a ratio or a price ("1.299") is neither.
fn is_time_or_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['.', ':', '/', '-']).collect();
    let value = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [h, m] if word.contains(':') => {
            m.len() == 2 && value(h).is_some_and(|h| h < 24) && value(m).is_some_and(|m| m < 60)
        }
        [a, b, c] => [a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4),
        _ => false,
    }
}

/// Whether `line` holds a call-to-action phrase.
pub fn has_call_to_action(line: &str) -> bool {
    CTA_AC.is_match(&folded(line))
}

/// Which of the phrase tables a line hits, all looked up on one folded
/// copy: the learned judge's features ask every question of every short
/// block, and folding the line once per question cost more than the
/// lookups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hits {
    pub(crate) widget_line: bool,
    pub(crate) credit: bool,
    pub(crate) credited_caption: bool,
    pub(crate) dateline: bool,
    pub(crate) site_notice: bool,
    pub(crate) sign_off: bool,
    pub(crate) call_to_action: bool,
    pub(crate) disclaimer: bool,
    pub(crate) ends_article: bool,
}

impl Hits {
    /// The hits of `line`: `short` says whether to ask the questions that
    /// only short lines answer (widget, credit, dateline, sign-off), `any`
    /// whether to ask the others. Equal to asking [`widget_line`],
    /// [`is_credit`] and the rest one by one.
    pub(crate) fn of(line: &str, short: bool, any: bool) -> Hits {
        if !short && !any {
            return Hits::default();
        }
        let chars = line.chars().count();
        let f = folded(line);
        Hits {
            widget_line: short && widget_line_in(&f).is_some(),
            credit: short && credit_in(&f),
            credited_caption: any && chars <= MAX_CAPTION_CHARS && credited_caption_in(&f),
            dateline: short && dateline_in(&f),
            site_notice: any
                && chars <= MAX_NOTICE_CHARS
                && site_notice_in(&f, chars <= MAX_POST_META_CHARS).is_some(),
            sign_off: short && chars <= MAX_SIGN_OFF_CHARS && sign_off_in(&f).is_some(),
            call_to_action: any && CTA_AC.is_match(&f),
            disclaimer: any && DISCLAIMER_AC.is_match(&f),
            ends_article: any && ends_article_in(&f),
        }
    }
}

/// Whether `line` holds a disclaimer phrase.
pub fn has_disclaimer(line: &str) -> bool {
    DISCLAIMER_AC.is_match(&folded(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_ask_each_question_as_the_functions_do() {
        for line in [
            "Share",
            "Foto: Christof Stache",
            "Ein Stau in der Innenstadt. Foto: Marco Urban",
            "Donnerstag, 31. Mai 2012",
            "You must be logged in to post a comment.",
            "Subscribe now to our e-edition for the full story.",
            "Contact us today for a free consultation",
            "This information is not medical advice.",
            "Lesen Sie auch:",
            "The vector is injected into the retina.",
            "",
        ] {
            let hits = Hits::of(line, true, true);
            assert_eq!(hits.widget_line, widget_line(line).is_some(), "{line}");
            assert_eq!(hits.credit, is_credit(line), "{line}");
            assert_eq!(hits.credited_caption, is_credited_caption(line), "{line}");
            assert_eq!(hits.dateline, is_dateline(line), "{line}");
            assert_eq!(hits.site_notice, site_notice(line).is_some(), "{line}");
            assert_eq!(hits.sign_off, sign_off(line).is_some(), "{line}");
            assert_eq!(hits.call_to_action, has_call_to_action(line), "{line}");
            assert_eq!(hits.disclaimer, has_disclaimer(line), "{line}");
            assert_eq!(hits.ends_article, ends_article(line), "{line}");
        }
        assert_eq!(Hits::of("Share", false, false), Hits::default());
    }

    #[test]
    fn credits_are_short_or_marked() {
        assert!(is_credit("© Matthias Hangst/Getty Images"));
        assert!(is_credit("Thinkstock"));
        assert!(is_credit("(Quelle: Foto Steven Vangermain)"));
        assert!(is_credit(". Imagen: Télam"));
        assert!(is_credit("(c) 2021 Example GmbH"));
        assert!(is_credit("Kuva: Alexander Becher"));
        assert!(is_credited_caption(
            "Demonstranten vor dem Tagungsort in Glasgow. picture alliance | Andrew Milligan"
        ));
        assert!(is_credited_caption(
            "Der Hafen am Abend. Titelbild: Flickr, CC BY 2.0"
        ));
        assert!(!is_credited_caption(
            "Reuters and AFP both reported the approval on the same morning, citing the agency."
        ));
        assert!(!is_credit(
            "Reuters reported that the agency approved the therapy in 2017 after a long review."
        ));
    }

    #[test]
    fn widget_lines_match_whole_lines_only() {
        assert_eq!(widget_line("Share"), Some(Reason::ShareLink));
        assert_eq!(widget_line("[Full-Text PDF]"), Some(Reason::SiteChrome));
        assert_eq!(widget_line("Related articles:"), Some(Reason::SiteChrome));
        assert_eq!(widget_line("Share your story with us today"), None);
        assert_eq!(widget_line("Zobacz także"), Some(Reason::ArticleEnd));
        assert_eq!(widget_line("Lesen Sie auch diesen Bericht"), None);
    }

    /// Every table this module reads, lower case (the automata fold ASCII
    /// case only, and the line is lower-cased before the lookups).
    const TABLES: &[&PhraseFile] = &[
        &table::CREDIT_STARTS,
        &table::START_ONLY_CREDITS,
        &table::CREDIT_NAMES,
        &table::WIDGET_LINES,
        &table::CALLS_TO_ACTION,
        &table::DISCLAIMERS,
        &table::ARTICLE_END_STARTS,
        &table::MONTH_NAMES,
        &table::DATE_WORDS,
        &table::APPEALS,
        &table::RIGHTS_NOTICES,
        &table::DISCLOSURES,
        &table::SITE_NOTICES,
        &table::POST_META,
    ];

    #[test]
    fn sorted_tables_are_sorted_lower_case_and_unique() {
        for file in TABLES {
            for row in file.rows() {
                let (name, line, phrase) = (file.name(), row.line, row.phrase);
                assert_eq!(
                    phrase,
                    phrase.to_lowercase(),
                    "{name} line {line}: not lower case"
                );
                assert_eq!(phrase, phrase.trim(), "{name} line {line}: padded");
            }
        }
        // Every table read by binary search, or kept in order for curators:
        // strictly increasing is sorted and unique at once.
        for file in [
            &table::CREDIT_STARTS,
            &table::START_ONLY_CREDITS,
            &table::CREDIT_NAMES,
            &table::ARTICLE_END_STARTS,
            &table::APPEALS,
            &table::RIGHTS_NOTICES,
            &table::DISCLOSURES,
            &table::SITE_NOTICES,
            &table::POST_META,
            &table::MONTH_NAMES,
            &table::DATE_WORDS,
        ] {
            file.assert_sorted();
        }
        for row in table::MONTH_NAMES.rows() {
            assert!(
                table::DATE_WORDS
                    .phrases()
                    .binary_search(&row.phrase)
                    .is_err(),
                "month_names.tsv line {}: {:?} is in date_words.tsv too",
                row.line,
                row.phrase
            );
        }
        for row in table::START_ONLY_CREDITS.rows() {
            assert!(
                table::CREDIT_STARTS.phrases().contains(&row.phrase),
                "start_only_credits.tsv line {}: {:?} is not in credit_starts.tsv",
                row.line,
                row.phrase
            );
        }
        // Forces the one table with a column to read: an unknown reason
        // fails here, naming its line.
        assert_eq!(WIDGET_LINES.len(), table::WIDGET_LINES.rows().len());
    }

    #[test]
    fn notices_and_sign_offs_match_whole_words_only() {
        assert!(sign_off("These data support our hypothesis.").is_none());
        assert!(sign_off("The family donated the samples to the biobank.").is_none());
        assert!(sign_off("Please donate to keep this site free.").is_some());
        assert!(site_notice("The admin read the logs twice.").is_none());
        assert!(site_notice("The trial was reviewed by a commission of experts.").is_none());
        assert!(!is_credited_caption(
            "The FDA approved the therapy, according to Reuters."
        ));
        assert!(!is_credited_caption("Trust is the keystone."));
        assert!(is_credited_caption(
            "Protesters outside the agency. Reuters"
        ));
    }

    #[test]
    fn datelines_are_dates_and_times_only() {
        for line in [
            "3:59 PM",
            "19:49",
            "05:28 Uhr",
            "23.10.2018",
            "Oct 9, 2019",
            "Erstellt am Dienstag 6. Mai 2014",
            "11 Jan 2019",
            "7. oktober 2020",
            "12.12.2022, 08:30 Uhr",
            "Veröffentlichung: 2. Februar 2022",
            "Publié le 4 mars 2020",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        for line in [
            "Kapitel 121",
            "Seite 2",
            "Am 13. Mai 2014 kam er.",
            "- 12.03.2020",
            "Top 10",
            "Mai",
            "Samstag",
            "COVID-19",
        ] {
            assert!(!is_dateline(line), "{line}");
        }
    }

    #[test]
    fn article_ends_are_short_lines_that_start_with_a_cue() {
        assert!(ends_article("NOTAS RELACIONADAS"));
        assert!(ends_article("* Mehr zum Thema Gesundheit:"));
        assert!(ends_article("War der Artikel nützlich?"));
        assert!(!ends_article("Readers wrote in"));
        assert!(!ends_article("Lesen"));
    }

    #[test]
    fn calls_to_action_and_disclaimers() {
        assert!(has_call_to_action(
            "Contact us today for a free consultation"
        ));
        assert!(has_disclaimer("This page is not medical advice."));
        assert!(!has_disclaimer("The trial enrolled 40 patients."));
    }
}
