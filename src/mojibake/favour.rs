//! The favoured page: the code page that broke the document, learnt from
//! its first repairs and favoured everywhere else in it.
//!
//! A document is usually broken one way throughout, so a sequence the
//! document's page explains is likelier mojibake than a first one would be.
//! Favouring it lets a small improvement count where a first repair needs a
//! margin, and lets a run with no damage of its own be repaired when it is
//! made of the same lead bytes the page repaired elsewhere.

use super::codepages::{PageSet, PAGES};
use super::reencode::encode;
use super::Fix;

/// Cost bonus of the page that already repaired the document. A page is
/// broken one way throughout, so a sequence that page explains is likelier
/// mojibake than a first one would be: the bonus outweighs the margin a
/// first repair needs (`MARGIN`), so that a run which a page fixed elsewhere
/// in the text improves at all is repaired too (`─î` beside a repaired
/// `┼í` in cp437). Text without any repair never gets a favoured page.
const FAVOUR: i32 = 3;

/// The pages a pass's repairs point to, or `None` without repairs.
///
/// Each repair votes for every page that could have made it: the page
/// that did, the pages that encode the text before it to the same bytes
/// (`Å` followed by a no-break space is the same bytes in windows-1252 and
/// windows-1257), and the pages that encode it to other valid UTF-8 (`ĂĄ`
/// is `å` through windows-1250 but `á` through ISO-8859-2, whose `Ĺ\u{99}`
/// elsewhere in the text windows-1250 cannot explain). The pages with most
/// votes are favoured; among them, the one that made most of the repairs
/// comes first (then the likelier page a priori).
pub(super) fn favoured_by(fixes: &[Fix]) -> Option<Favoured> {
    let n = PAGES.pages.len();
    let mut votes = vec![0usize; n];
    let mut made = vec![0usize; n];
    let mut leads = vec![0u64; n];
    for fix in fixes {
        let Some(name) = fix.encodings.first() else {
            continue;
        };
        let Some(chosen) = PAGES.pages.iter().position(|pg| pg.name == name) else {
            continue;
        };
        let Some(bytes) = encode(&fix.before, chosen) else {
            continue;
        };
        made[chosen] += 1;
        for p in 0..n {
            let Some(own) = encode(&fix.before, p) else {
                continue;
            };
            let valid = std::str::from_utf8(&own).is_ok_and(|s| !s.is_ascii());
            if p == chosen || own == bytes || valid {
                votes[p] += 1;
                leads[p] |= lead_mask(&own);
            }
        }
    }
    let most = votes.iter().copied().max().filter(|&v| v > 0)?;
    let also = (0..n)
        .filter(|&p| votes[p] == most)
        .fold(0, |set: PageSet, p| set | (1 << p));
    // Pages are in order of preference, so the first maximum wins ties.
    let first_choice = (0..n)
        .filter(|&p| votes[p] == most)
        .max_by_key(|&p| (made[p], std::cmp::Reverse(p)))?;
    Some(Favoured {
        first_choice: Some(first_choice),
        also,
        leads: leads[first_choice],
    })
}

/// The UTF-8 lead bytes (0xC2-0xF4) in `bytes`, one bit each.
fn lead_mask(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .filter(|b| (0xC2..=0xF4).contains(*b))
        .fold(0, |mask, &b| mask | 1 << (b - 0xC2))
}

/// The pages a document's first repairs point to (see [`favoured_by`]).
/// The first choice gets the whole [`FAVOUR`], the others one less, so that
/// among equally likely pages the one that repaired the document stays
/// first. The first choice also gets its prior back, which says how often
/// a page breaks text in general and no longer matters once it has broken
/// this one (the others keep theirs: ISO-8859-15, sloppily filled, reads
/// most windows-1252 mojibake as valid UTF-8 too, only worse).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Favoured {
    pub(super) first_choice: Option<usize>,
    also: PageSet,
    /// The lead bytes of the first choice's repairs ([`lead_mask`]).
    leads: u64,
}

impl Favoured {
    pub(super) fn bonus(self, p: usize) -> i32 {
        if self.first_choice == Some(p) {
            FAVOUR + PAGES.pages[p].prior as i32
        } else if self.also & (1 << p) != 0 {
            FAVOUR - 1
        } else {
            0
        }
    }

    /// Adds the lead bytes of `fixes`, read through the first choice, to
    /// the leads it is known to have repaired.
    pub(super) fn learn(&mut self, fixes: &[Fix]) {
        let Some(p) = self.first_choice else {
            return;
        };
        for fix in fixes {
            if let Some(bytes) = encode(&fix.before, p) {
                if std::str::from_utf8(&bytes).is_ok() {
                    self.leads |= lead_mask(&bytes);
                }
            }
        }
    }

    /// Whether a run that shows no damage of its own may still be repaired:
    /// the document's first choice reads it as UTF-8 sequences whose lead
    /// bytes all led sequences that page already repaired (`≈Ö` where `≈Ü`
    /// and `≈°` were Mac Roman). Legitimate text the page never touched
    /// elsewhere (a Russian `Её` in a document whose `Р` and `С` were
    /// windows-1251 leads) stays as it is.
    pub(super) fn covers(self, run: &str) -> bool {
        let Some(p) = self.first_choice else {
            return false;
        };
        let Some(bytes) = encode(run, p) else {
            return false;
        };
        let mask = lead_mask(&bytes);
        mask != 0 && mask & !self.leads == 0
    }
}

#[cfg(test)]
mod tests {
    use crate::mojibake::{fixed, mangle};

    #[test]
    fn the_page_that_explains_every_repair_wins_ties() {
        // `á` is `ĂĄ` through ISO-8859-2 and `Ăˇ` through windows-1250,
        // but `ĂĄ` also reads as `å` through windows-1250; `š` as `ĹĄ` and
        // `ř` as `Ĺ\u{99}` exist only in ISO-8859-2.
        // Strict ISO-8859-2 leaves C1 controls where windows-1250 has
        // punctuation; `mangle` would fill them sloppily.
        for (broken, text) in [
            (
                "MĂĄme dost tĹ\u{99}etĂ\u{ad}ho tisĂ\u{ad}ciletĂ\u{ad}, ĹĄĹĽastnÄ\u{9b}.",
                "Máme dost třetího tisíciletí, šťastně.",
            ),
            (
                "Ĺ˝luĹĽouÄ\u{8d}kĂ˝ kĹŻĹ\u{88} ĂşpÄ\u{9b}l Ä\u{8f}ĂĄbelskĂŠ Ăłdy.",
                "Žluťoučký kůň úpěl ďábelské ódy.",
            ),
        ] {
            assert_eq!(fixed(broken), text, "{broken}");
        }
    }

    #[test]
    fn a_lead_the_document_already_repaired_needs_no_local_evidence() {
        // `≈` at the start of a word costs nothing on its own; the same
        // Mac Roman lead repaired inside other words settles it.
        let text = "Ņina un Žanis runā par žurnālistiem.";
        let broken = mangle(text, "macintosh").unwrap();
        assert!(broken.starts_with("≈Ö"));
        assert_eq!(fixed(&broken), text);
        // Without any repair in the document, nothing is suspect.
        assert_eq!(fixed("≈Ö and ≈æ"), "≈Ö and ≈æ");
    }
}
