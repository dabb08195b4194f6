//! The author block of a reference, as a list of names.
//!
//! Reference styles write names in a handful of layouts, often mixed in one
//! list: `Family, Given` (APA, Chicago's first author), `Given Family`
//! (Chicago's others, IEEE), `Family Initials` (Vancouver: `Wang W, Jin
//! LF`), `Family, I.` pairs, and semicolon-separated lists. The block is
//! cut into comma-separated tokens and each token is read by its shape:
//! initials before a surname, initials after one, or a bare surname whose
//! given name is the next token.

use crate::knowledge::phrase_table::{
    AUTHOR_JOINERS as JOINERS, FAMILY_NAME_PARTICLES as PARTICLES,
};
use crate::record::Author;

/// The authors of an author block.
///
/// ```
/// use cistron::references::authors::parse;
/// let families = |s: &str| parse(s).into_iter().map(|a| a.family).collect::<Vec<_>>();
/// assert_eq!(families("Marras WS, Lavender SA, Yang G."), ["Marras", "Lavender", "Yang"]);
/// assert_eq!(families("Cvetkovich, George, and Patricia L. Winter."), ["Cvetkovich", "Winter"]);
/// assert_eq!(families("J. T. Hecht, Y. Wang, and S. P. Daiger."), ["Hecht", "Wang", "Daiger"]);
/// assert_eq!(families("Janich, P., and Corbeil, D."), ["Janich", "Corbeil"]);
/// ```
pub fn parse(block: &str) -> Vec<Author> {
    let mut s = block
        .trim()
        .trim_end_matches(['.', ',', ':', ';'])
        .to_owned();
    for drop in [
        "et al.",
        "et al",
        "and others",
        "(eds.)",
        "(ed.)",
        "(Eds.)",
        "(Ed.)",
        "eds.",
        "(Hrsg.)",
        "[et al.]",
    ] {
        s = s.replace(drop, "");
    }
    // Line-break hyphens: "Mur- phy".
    s = s.replace("- ", "-");
    let s = s.trim().trim_end_matches([',', ';', '.']).trim();
    if s.is_empty() {
        return Vec::new();
    }
    if s.contains(';') {
        return s
            .split(';')
            .filter_map(|part| {
                let part = strip_joiner(part.trim());
                one_name(part)
            })
            .collect();
    }
    let tokens: Vec<String> = s
        .replace(" & ", ", ")
        .replace(" and ", ", ")
        .replace(" und ", ", ")
        .split(',')
        .map(|t| strip_joiner(t.trim()).to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let words: Vec<&str> = t.split_whitespace().collect();
        let next_is_given = tokens.get(i + 1).is_some_and(|n| is_given(n));
        if words.len() == 1 && next_is_given && !is_initials(t) {
            // "Family, Given" / "Family, I."
            out.push(Author {
                family: t.clone(),
                given: tokens.get(i + 1).cloned(),
            });
            i += 2;
            continue;
        }
        if words.len() > 1 && is_initials(words[words.len() - 1]) && !is_initials(words[0]) {
            // Vancouver "Wang LF", astronomy "Bykov A.M."
            let split = words
                .iter()
                .position(|w| is_initials(w))
                .unwrap_or(words.len() - 1);
            out.push(Author {
                family: words[..split].join(" "),
                given: Some(words[split..].join(" ")),
            });
        } else if words.len() > 1 && next_is_given && particle_family(&words) {
            out.push(Author {
                family: t.clone(),
                given: tokens.get(i + 1).cloned(),
            });
            i += 2;
            continue;
        } else if let Some(a) = one_name(t) {
            out.push(a);
        }
        i += 1;
    }
    out
}

/// Whether a lower-case word may stand in a list of names: a joiner, a
/// particle, or the words of "et al." and "(eds.)".
pub(crate) fn is_glue(word: &str) -> bool {
    JOINERS.phrases().contains(&word)
        || PARTICLES.phrases().contains(&word)
        || matches!(word, "al" | "others" | "eds" | "ed")
}

/// A `Given Family` or `Family, Given` or `Family Initials` name alone.
fn one_name(s: &str) -> Option<Author> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some((family, given)) = s.split_once(',') {
        return Some(Author {
            family: family.trim().to_owned(),
            given: Some(given.trim().to_owned()).filter(|g| !g.is_empty()),
        });
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() == 1 {
        return Some(Author {
            family: s.to_owned(),
            given: None,
        });
    }
    if is_initials(words[words.len() - 1]) && !is_initials(words[0]) {
        return Some(Author {
            family: words[..words.len() - 1].join(" "),
            given: Some(words[words.len() - 1].to_owned()),
        });
    }
    // Given names, then the family name with its particles ("Ludwig van
    // Beethoven").
    let mut start = words.len() - 1;
    while start > 1
        && PARTICLES
            .phrases()
            .contains(&words[start - 1].to_lowercase().as_str())
    {
        start -= 1;
    }
    // "Robert D., Jr." style suffixes stay out of the family name.
    Some(Author {
        family: words[start..].join(" "),
        given: Some(words[..start].join(" ")),
    })
}

fn strip_joiner(s: &str) -> &str {
    let mut s = s;
    loop {
        let lower = s.to_lowercase();
        let Some(j) = JOINERS
            .phrases()
            .iter()
            .find(|j| lower.starts_with(&format!("{j} ")))
        else {
            return s;
        };
        s = s[j.len()..].trim_start();
    }
}

/// Initials: `J.`, `J. T.`, `JT`, `A.M.`, `J.-P.`.
fn is_initials(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.len() <= 4
        && letters.iter().all(|c| c.is_uppercase())
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | ' '))
}

/// A given-name token: initials, a capitalised name, or a name and an
/// initial ("J. A.", "George", "Judith C.").
fn is_given(t: &str) -> bool {
    if matches!(t, "Jr." | "Jr" | "Sr." | "Sr") {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    if words.iter().all(|w| is_initials(w)) {
        return true;
    }
    let name = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && w.chars().count() > 1
    };
    match words[..] {
        [w] => name(w),
        [a, b] => name(a) && is_initials(b),
        _ => false,
    }
}

/// Whether words are a family name with particles ("van der Berg").
fn particle_family(words: &[&str]) -> bool {
    words[..words.len() - 1]
        .iter()
        .all(|w| PARTICLES.phrases().contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn families(s: &str) -> Vec<String> {
        parse(s).into_iter().map(|a| a.family).collect()
    }

    #[test]
    fn layouts() {
        assert_eq!(
            families("Goodman, Judith C.; McDonough, Laraine; & Brown, Natasha B."),
            ["Goodman", "McDonough", "Brown"]
        );
        assert_eq!(
            families("Bykov A.M., Bloemen H., Uvarov Y.A."),
            ["Bykov", "Bloemen", "Uvarov"]
        );
        assert_eq!(families("Bazzurro, P. and Luco, N."), ["Bazzurro", "Luco"]);
        assert_eq!(
            families("Jennifer Lees-Marshment, Brian Conley, and Kenneth Cosgrove"),
            ["Lees-Marshment", "Conley", "Cosgrove"]
        );
        assert_eq!(
            families("Choi, J. A., Sullivan, J., Pankaskie, M. & Brufsky, J."),
            ["Choi", "Sullivan", "Pankaskie", "Brufsky"]
        );
        assert_eq!(families("Carroll, Joseph."), ["Carroll"]);
        assert_eq!(families("Smith J, et al."), ["Smith"]);
    }
}
