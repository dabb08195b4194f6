//! Main content of flattened text, judged line by line and then section by
//! section.
//!
//! A scraper that flattened the page kept no tags, so the judgement rests on
//! what a line still shows:
//!
//! 1. **The line alone.** An icon-font word on a line of its own
//!    (`verified_user`, a lone lower-case `description`), a widget line
//!    ("Share", "[Full-Text PDF]", "Email to a friend"), a photo credit, a
//!    disclaimer, the title line repeated, the site's name standing alone
//!    at the top.
//! 2. **The section.** Lines between two heading-like lines form a section.
//!    A section is a service pitch when it follows or holds an icon line
//!    (a card grid), or when most of its prose speaks as "we"/"our" and it
//!    names the site or asks the reader to act ("our team will evaluate").
//!    A heading left with nothing kept under it goes too.
//! 3. **The tail.** After the last sentence of prose, a page's remaining
//!    lines are its chrome when any of them is a widget line; only a keyword
//!    line (`a; b; c`) survives there.
//!
//! Why not stop-word density (jusText): terse scientific prose and lists of
//! facts have few stop words, and a curated page of them would be dropped
//! whole. The signals above are specific to furniture, so prose that does
//! not look like furniture stays.

use super::{phrases, Reason, Verdict};
use crate::knowledge::phrase_table as table;
use crate::page::{Page, TextBlock};
use crate::record::BlockKind;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The icon names table, one name a line, `#` comments.
static ICON_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("icons.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A line this long or longer is prose even without a full stop.
const PROSE_CHARS: usize = 120;
/// A line ending a sentence must be this long to count as prose.
const SENTENCE_CHARS: usize = 40;
/// Longest heading-like line.
const HEADING_CHARS: usize = 90;

/// Judges each line of a flattened page.
pub(super) fn judge(page: &Page) -> Vec<Verdict> {
    let blocks = &page.blocks;
    let mut verdicts: Vec<Verdict> = blocks.iter().map(line_verdict).collect();
    repeated_lines(blocks, &mut verdicts);
    let brand = site_name(blocks, &mut verdicts);
    promotional_sections(blocks, brand.as_deref(), &mut verdicts);
    chrome_tail(blocks, &mut verdicts);
    super::cut_at_article_end(blocks, &mut verdicts);
    super::drop_sign_offs(blocks, &mut verdicts);
    empty_sections(blocks, &mut verdicts);
    verdicts
}

/// What a line shows on its own.
fn line_verdict(block: &TextBlock) -> Verdict {
    let text = block.text.as_str();
    if is_icon(text) {
        return Verdict::Remove(Reason::IconLigature, None);
    }
    if text.chars().count() <= 2 * PROSE_CHARS {
        if let Some(reason) = phrases::widget_line(text).or_else(|| bracket_links(text)) {
            return Verdict::Remove(reason, None);
        }
        if phrases::is_credit(text) {
            return Verdict::Remove(Reason::Credit, None);
        }
    }
    if let Some(reason) = phrases::site_notice(text) {
        return Verdict::Remove(reason, None);
    }
    if phrases::is_credited_caption(text) {
        return Verdict::Remove(Reason::Credit, None);
    }
    if phrases::has_disclaimer(text) {
        return Verdict::Remove(Reason::Disclaimer, None);
    }
    Verdict::Keep
}

/// An icon-font ligature: a known icon name, or any lone snake_case word.
fn is_icon(text: &str) -> bool {
    let snake = text.contains('_')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !text.starts_with('_')
        && !text.ends_with('_');
    snake || ICON_NAMES.contains(text)
}

/// A line made only of bracketed link labels: "[Full-Text PDF] [Full-Text
/// HTML]", "[Abstract] [PubMed]".
fn bracket_links(text: &str) -> Option<Reason> {
    let mut rest = text.trim();
    let mut labels = 0;
    while let Some(open) = rest.strip_prefix('[') {
        let close = open.find(']')?;
        labels += 1;
        rest = open[close + 1..].trim_start();
    }
    (labels > 0 && rest.is_empty()).then_some(Reason::SiteChrome)
}

/// A line equal to the one before it (a title printed twice) is kept once.
fn repeated_lines(blocks: &[TextBlock], verdicts: &mut [Verdict]) {
    for i in 1..blocks.len() {
        if blocks[i].text == blocks[i - 1].text && verdicts[i - 1] == Verdict::Keep {
            verdicts[i] = Verdict::Remove(Reason::RepeatedTitle, None);
        }
    }
}

/// The site's name: a first line of one to three words that comes back in
/// the page's own text ("CancerFax" ... "How CancerFax Helps"). It is the
/// logo, not content, and it tells promotional sections apart.
fn site_name(blocks: &[TextBlock], verdicts: &mut [Verdict]) -> Option<String> {
    let first = blocks.first()?;
    let words = first.text.split_whitespace().count();
    if !(1..=3).contains(&words) || first.text.ends_with(['.', ':', '?', '!']) {
        return None;
    }
    let name = first.text.to_lowercase();
    // Inside a longer line: a title printed twice is not a name.
    let recurs = blocks[1..].iter().any(|b| {
        let line = b.text.to_lowercase();
        line.len() > name.len() && line.contains(&name)
    });
    if !recurs || name.chars().count() < 3 {
        return None;
    }
    verdicts[0] = Verdict::Remove(Reason::SiteChrome, Some(LOGO));
    Some(name)
}

/// Whether a line reads as a heading: short, no closing punctuation other
/// than a question mark, not a list item.
fn is_heading_like(block: &TextBlock) -> bool {
    let text = block.text.as_str();
    block.kind != BlockKind::ListItem
        && !is_keyword_line(text)
        && text.chars().count() <= HEADING_CHARS
        && !text.ends_with(['.', ',', ';', ':', '!', ')'])
        && text.chars().next().is_some_and(|c| !c.is_lowercase())
        && !is_icon(text)
}

/// Marks the headings of kept flattened text, which lost its heading tags:
/// a heading-like line that opens a body (prose, a list, a table), or that
/// follows a body and opens a sub-heading over one ("Benefits vs
/// Limitations" / "Benefits" / a list). A run of short lines that opens
/// nothing (a byline, "10 min read") stays as it is.
pub(super) fn mark_headings(blocks: &mut [TextBlock]) {
    // A line with a date or a reference in it is a field, not a heading.
    let plain_heading = |b: &TextBlock| {
        b.kind == BlockKind::Paragraph
            && is_heading_like(b)
            && b.text.chars().filter(char::is_ascii_digit).count() < 4
    };
    let body = |b: &TextBlock| {
        matches!(b.kind, BlockKind::ListItem | BlockKind::TableRow)
            || (b.kind == BlockKind::Paragraph && !is_heading_like(b))
    };
    let marks: Vec<bool> = (0..blocks.len())
        .map(|i| {
            let next = |k: usize| blocks.get(i + k);
            plain_heading(&blocks[i])
                && (next(1).is_some_and(body)
                    || (i > 0
                        && body(&blocks[i - 1])
                        && next(1).is_some_and(plain_heading)
                        && next(2).is_some_and(body)))
        })
        .collect();
    for (block, mark) in blocks.iter_mut().zip(marks) {
        if mark {
            block.kind = BlockKind::Heading;
        }
    }
}

/// Whether a line is prose: a sentence of some length, or a long line.
fn is_prose(block: &TextBlock) -> bool {
    let len = block.text.chars().count();
    len >= PROSE_CHARS
        || (len >= SENTENCE_CHARS && block.text.ends_with(['.', '!', '?', '…', '"', '”', '»']))
}

fn speaks_as_we(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| {
            let w = w.to_lowercase().replace('’', "'");
            // First-person-plural words: the voice of a site talking
            // about itself.
            table::WE_WORDS.phrases().contains(&w.as_str())
        })
}

/// Sections: `(heading index or None, body range)`, in order.
fn sections(blocks: &[TextBlock]) -> Vec<(Option<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut head: Option<usize> = None;
    let mut start = 0;
    for (i, block) in blocks.iter().enumerate() {
        if is_heading_like(block) {
            out.push((head, start..i));
            head = Some(i);
            start = i + 1;
        }
    }
    out.push((head, start..blocks.len()));
    out
}

/// Removes the sections that are the site selling itself.
fn promotional_sections(blocks: &[TextBlock], brand: Option<&str>, verdicts: &mut [Verdict]) {
    for (head, body) in sections(blocks) {
        let Some(h) = head else { continue };
        // A card in a grid: icon, title, blurb.
        let after_icon = h > 0 && is_icon(&blocks[h - 1].text);
        let holds_icon = body.clone().any(|i| is_icon(&blocks[i].text));
        let prose: Vec<&TextBlock> = body
            .clone()
            .map(|i| &blocks[i])
            .filter(|b| is_prose(b))
            .collect();
        let we = prose.iter().filter(|b| speaks_as_we(&b.text)).count();
        let names_site = brand.is_some_and(|name| {
            std::iter::once(h)
                .chain(body.clone())
                .any(|i| blocks[i].text.to_lowercase().contains(name))
        });
        let asks = std::iter::once(h)
            .chain(body.clone())
            .any(|i| phrases::has_call_to_action(&blocks[i].text));
        let pitch = !prose.is_empty() && we * 2 >= prose.len() && (names_site || asks);
        if after_icon || holds_icon || pitch {
            for i in std::iter::once(h).chain(body) {
                if verdicts[i] == Verdict::Keep {
                    verdicts[i] = Verdict::Remove(Reason::CallToAction, None);
                }
            }
        }
    }
}

/// Evidence of the site-name line: it is the site's logo in text.
pub(super) const LOGO: &str = "logo";

/// After the last prose line, a tail holding a widget line is chrome.
fn chrome_tail(blocks: &[TextBlock], verdicts: &mut [Verdict]) {
    let Some(last) = (0..blocks.len())
        .rev()
        .find(|&i| verdicts[i] == Verdict::Keep && is_prose(&blocks[i]))
    else {
        return;
    };
    let tail = last + 1..blocks.len();
    let has_widget = tail.clone().any(|i| {
        matches!(
            verdicts[i],
            Verdict::Remove(Reason::SiteChrome | Reason::ShareLink, _)
        )
    });
    if !has_widget {
        return;
    }
    for i in tail {
        if verdicts[i] == Verdict::Keep && !is_keyword_line(&blocks[i].text) {
            verdicts[i] = Verdict::Remove(Reason::SiteChrome, None);
        }
    }
}

/// `Gene therapy; Cardiovascular disease; Clinical conversion`.
fn is_keyword_line(text: &str) -> bool {
    text.matches(';').count() >= 2 || text.to_lowercase().starts_with("keywords")
}

/// A heading-like line with nothing kept under it goes. Decided from the
/// end of the page back, so that a heading directly over a kept heading
/// (a kicker over a title, "Benefits" under "Benefits vs Limitations")
/// stays, and one over a removed pitch does not.
fn empty_sections(blocks: &[TextBlock], verdicts: &mut [Verdict]) {
    for h in (0..blocks.len()).rev() {
        if verdicts[h] != Verdict::Keep || !is_heading_like(&blocks[h]) {
            continue;
        }
        let next_kept = (h + 1..blocks.len()).find(|&i| verdicts[i] == Verdict::Keep);
        if next_kept.is_none() {
            verdicts[h] = Verdict::Remove(Reason::EmptySection, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flat;

    fn kept(text: &str) -> Vec<String> {
        let page = flat::parse(text);
        page.blocks
            .iter()
            .zip(judge(&page))
            .filter(|(_, v)| *v == Verdict::Keep)
            .map(|(b, _)| b.text.clone())
            .collect()
    }

    #[test]
    fn we_words_are_lower_case_with_straight_apostrophes() {
        // A line's words are lower-cased and ’ read as ' before the lookup.
        for row in table::WE_WORDS.rows() {
            let word = row.phrase;
            assert!(
                word == word.to_lowercase() && !word.contains('’') && word == word.trim(),
                "we_words.tsv line {}: {word:?}",
                row.line
            );
        }
    }

    #[test]
    fn icons_are_recognised_by_name_and_shape() {
        assert!(is_icon("verified_user"));
        assert!(is_icon("description"));
        assert!(!is_icon("Description"));
        assert!(!is_icon("_private"));
    }

    #[test]
    fn a_card_grid_pitch_goes_and_the_article_stays() {
        let text = "Acme\nGene therapy at Acme\nGene therapy adds a working gene to cells that \
                    lack one, usually with a viral vector.\nHow Acme Helps\nWe help patients \
                    and families understand their options and organise records.\nverified_user\n\
                    Eligibility Coordination\nWe talk to hospitals to assess whether a case is \
                    suitable.\n";
        let kept = kept(text);
        assert_eq!(
            kept,
            [
                "Gene therapy at Acme",
                "Gene therapy adds a working gene to cells that lack one, usually with a viral vector."
            ]
        );
    }

    #[test]
    fn prose_in_the_first_person_without_a_pitch_stays() {
        let text = "Outlook\nIt is a transformation in how we understand and treat disease, \
                    and we expect more approvals.\n";
        assert_eq!(kept(text).len(), 2);
    }

    #[test]
    fn journal_tail_goes_but_keywords_stay() {
        let text = "Title of the paper\nThe abstract says what the paper found, in full \
                    sentences of some length.\nGene therapy; Heart; Vectors\n[Full-Text PDF] \
                    [Full-Text HTML]\nRelated articles\n. Gene therapy\n. Email to a friend\n";
        assert_eq!(
            kept(text),
            [
                "Title of the paper",
                "The abstract says what the paper found, in full sentences of some length.",
                "Gene therapy; Heart; Vectors"
            ]
        );
    }

    #[test]
    fn a_repeated_title_is_kept_once() {
        let text = "Latest advances\nLatest advances\nGene therapy is moving from the laboratory \
                    into clinical practice.\n";
        assert_eq!(kept(text).len(), 2);
    }

    #[test]
    fn the_sign_off_goes_but_an_early_mention_stays() {
        let prose = "Onasemnogene abeparvovec delivers the SMN1 gene with an AAV9 vector, \
                     and one intravenous dose is given to children under two years of age.";
        let text = format!(
            "Our newsletter on rare diseases now covers gene therapy every week.\n\n\
             {prose}\n\n{prose}\n\n{prose}\n\n\
             Subscribe to our newsletter for the full story.\n"
        );
        let got = kept(&text);
        assert!(got[0].starts_with("Our newsletter"), "{got:?}");
        assert!(!got.iter().any(|t| t.starts_with("Subscribe")), "{got:?}");
    }
}
