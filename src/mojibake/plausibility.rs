//! How implausible a stretch of text is: the cost the detector compares
//! between a suspect run and its repaired alternative.
//!
//! The cost is a sum over characters and adjacent pairs, in context (the
//! characters just before and after the run count too). It is built from
//! character classes, not from lists of strings: controls and replacement
//! characters are expensive; rare symbols inside words, a lower-case letter
//! followed by an upper-case one, letters of two scripts touching, a
//! combining mark with nothing to combine with, box drawing next to letters
//! are all signs that bytes were read through the wrong table. Ordinary
//! letters, digits and common punctuation cost nothing, so a repair wins
//! only when it removes evidence of damage.

use super::codepages::PAGES;

/// Script of a letter, coarse: enough to see two scripts touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Cjk,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Digit,
    Letter(Script, Case),
    /// A combining mark.
    Mark,
    /// ASCII punctuation and common non-ASCII punctuation.
    Punct,
    /// A symbol that is rare in running text but common in mojibake.
    RareSymbol,
    /// A symbol that is at home in running text (©, °, €, ™, ...).
    Symbol,
    BoxDrawing,
    Control,
    Replacement,
    PrivateUse,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    None,
}

fn script(c: char) -> Script {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x900..=0xDFF => Script::Indic,
        0xE00..=0xE7F => Script::Thai,
        0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF => Script::Cjk,
        _ => Script::Other,
    }
}

/// Latin letters that legitimate text almost never uses but that single-byte
/// tables produce (long s, ligature digraphs, Latin letters from the
/// Extended-B block that no modern orthography writes).
fn is_rare_letter(c: char) -> bool {
    match u32::from(c) {
        // Vietnamese horned letters, pinyin carons and Romanian commas are
        // everyday letters inside the Latin Extended-B block.
        0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1CD..=0x1DC | 0x218..=0x21B => false,
        0x17F | 0x149 | 0x138 | 0x13F | 0x140 | 0x126 | 0x127 | 0x120 | 0x121 | 0x166 | 0x167 => {
            true
        }
        0x180..=0x24F | 0x250..=0x2AF | 0x1D00..=0x1DBF => true,
        _ => false,
    }
}

fn is_rare_symbol(c: char) -> bool {
    matches!(
        c,
        '¢' | '¤'
            | '¥'
            | '¦'
            | '¨'
            | 'ª'
            | '¬'
            | '¯'
            | '²'
            | '³'
            | '´'
            | 'µ'
            | '¶'
            | '¸'
            | '¹'
            | 'º'
            | '¼'
            | '½'
            | '¾'
            | '‚'
            | 'ƒ'
            | '†'
            | '‡'
            | 'ˆ'
            | '‰'
            | '‹'
            | '›'
            | '˜'
            | '˘'
            | '˙'
            | '˝'
            | '˛'
            | 'ˇ'
            | '√'
            | '◊'
            | '⁄'
            | '‐'
            | '‑'
            | '⌐'
            | '⌠'
            | '⌡'
            | '°'
            | '·'
            | '±'
    )
}

/// Classes of the code points below U+3000, computed once: the Unicode
/// property lookups behind them dominate the cost function otherwise.
static CLASSES: std::sync::LazyLock<Vec<Class>> = std::sync::LazyLock::new(|| {
    (0..0x3000u32)
        .map(|cp| char::from_u32(cp).map_or(Class::Other, compute_class))
        .collect()
});

fn is_letter(c: char) -> bool {
    matches!(class(c), Class::Letter(..))
}

fn is_lower(c: char) -> bool {
    matches!(class(c), Class::Letter(_, Case::Lower))
}

#[inline]
fn class(c: char) -> Class {
    CLASSES
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| compute_class(c))
}

fn compute_class(c: char) -> Class {
    // The blank Braille pattern is the space of social-media posts, where
    // ordinary spaces would be collapsed.
    if matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{3000}' | '\u{2800}'
    ) {
        return Class::Space;
    }
    if c.is_ascii_digit() {
        return Class::Digit;
    }
    if c.is_ascii_punctuation() {
        return Class::Punct;
    }
    let cp = u32::from(c);
    match cp {
        0..=0x1F | 0x7F => return Class::Control,
        0x80..=0x9F => return Class::Control,
        0xFFFD => return Class::Replacement,
        0xE000..=0xF8FF | 0xFDD0..=0xFDEF | 0xFFFE | 0xFFFF => return Class::PrivateUse,
        // Planes 15 and 16 are private, like the private area above.
        0xF0000.. => return Class::PrivateUse,
        0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => {
            return Class::Mark
        }
        0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E => return Class::Mark,
        // The soft hyphen joins the letters around it, like a mark
        // ("Groß\u{ad}väter" is German, not mojibake).
        0xAD => return Class::Mark,
        0x2500..=0x259F => return Class::BoxDrawing,
        // Typographic spaces and invisible format characters.
        0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F => return Class::Other,
        _ => {}
    }
    if is_rare_symbol(c) {
        return Class::RareSymbol;
    }
    if c.is_alphabetic() {
        let case = if c.is_uppercase() {
            Case::Upper
        } else if c.is_lowercase() {
            Case::Lower
        } else {
            Case::None
        };
        return Class::Letter(script(c), case);
    }
    if c.is_numeric() {
        // Digits of the scripts this table does not know (Mongolian,
        // Khmer, Myanmar, Tibetan...) are letters of those scripts to it:
        // `á` + 0xA0 + `\x93` is a Mongolian digit, never a number in a
        // Spanish word.
        if matches!(cp, 0x700..=0x1CFF) && script(c) == Script::Other {
            return Class::Letter(Script::Other, Case::None);
        }
        return Class::Digit;
    }
    match cp {
        0xA1..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x206F | 0x3000..=0x303F | 0xFF00..=0xFF65 => {
            Class::Punct
        }
        0x20A0..=0x20CF | 0x2100..=0x214F | 0x2190..=0x22FF => Class::Symbol,
        _ => Class::Other,
    }
}

/// Whether `s` is still mostly made of characters that cost on their own
/// (unknown symbols, rare letters, controls), replacement characters
/// aside: a decoding that lands there is a different garble, not text.
pub fn is_garbled(s: &str) -> bool {
    let (mut costly, mut total) = (0usize, 0usize);
    for c in s.chars().filter(|&c| c != '\u{fffd}' && !c.is_whitespace()) {
        total += 1;
        if char_cost(c, class(c)) > 0 {
            costly += 1;
        }
    }
    total >= 3 && costly * 3 > total
}

/// Cost of one character on its own.
fn char_cost(c: char, k: Class) -> i32 {
    match k {
        // C1 controls that windows-1252 defines are repaired by the C1 pass
        // anyway; only its five holes are real damage.
        Class::Control
            if ('\u{80}'..='\u{9f}').contains(&c)
                && !matches!(c, '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}') =>
        {
            1
        }
        Class::Control => 8,
        Class::PrivateUse => 6,
        Class::Replacement => 3,
        Class::RareSymbol => 1,
        // IPA and phonetic modifier letters: never in running text.
        Class::Letter(..) if matches!(u32::from(c), 0x250..=0x2AF | 0x1D00..=0x1DBF) => 4,
        Class::Letter(..) if is_rare_letter(c) => 2,
        // Letters of scripts outside the table (Thaana, Syriac, N'Ko...) are
        // what mojibake of 2-byte UTF-8 through the wrong page lands in.
        Class::Letter(Script::Other, _) if !matches!(u32::from(c), 0x10A0..=0x10FF | 0x1200..=0x139F) => {
            1
        }
        // Syriac, Thaana, N'Ko, Samaritan, Mandaic: the blocks that 2-byte
        // UTF-8 leads 0xDC-0xDF land in when Latin text is misread.
        _ if matches!(u32::from(c), 0x700..=0x8FF) => 2,
        Class::BoxDrawing => 0,
        Class::Other if !is_emoji(c) => 1,
        _ => 0,
    }
}

fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE0F | 0x20E3)
}

fn is_wordish(k: Class) -> bool {
    matches!(k, Class::Letter(..) | Class::Digit | Class::Mark)
}

/// Cost of two adjacent characters.
fn pair_cost(a: Class, b: Class) -> i32 {
    use Class::*;
    match (a, b) {
        (Letter(sa, ca), Letter(sb, cb)) => {
            let mut cost = 0;
            if sa != sb && (sa == Script::Other || sb == Script::Other) {
                // A letter of a script this table does not know (Thaana,
                // Syriac...) touching one it knows.
                cost += 2;
            } else if sa != sb {
                // Greek letters inside Latin words are at home in science
                // (IL2Rγc, β-thalassemia); other mixtures are not.
                let science = matches!(
                    (sa, sb),
                    (Script::Latin, Script::Greek) | (Script::Greek, Script::Latin)
                );
                cost += if science { 1 } else { 3 };
            }
            if ca == Case::Lower && cb == Case::Upper {
                cost += 3;
            }
            cost
        }
        (Letter(..) | Digit, RareSymbol) | (RareSymbol, Letter(..)) => 2,
        (Letter(s, _), Symbol | Punct) if s != Script::Latin && s != Script::Other => 0,
        (Letter(..), BoxDrawing) | (BoxDrawing, Letter(..)) => 2,
        (RareSymbol, RareSymbol) => 1,
        (Space | Punct, Mark) => 2,
        (Control, _) | (_, Control) => 1,
        _ => 0,
    }
}

/// Whether `lead` then `c` is the commonest shape of mojibake in some page:
/// `lead` stands for one of the page's telltale lead bytes (the UTF-8 leads
/// of the Latin-1 letters and symbols, of general punctuation, of the BOM;
/// see `codepages::TELLTALE_LEADS`) and `c` for a continuation byte. Legitimate text puts letters after those characters
/// ("Ã" in "SÃO", "Г" in "Где"); mojibake puts symbols ("Ã©", "Г©", "โ€").
fn is_common_mojibake_pair(lead: char, c: char) -> bool {
    match (PAGES.info(lead), PAGES.info(c)) {
        (Some(l), Some(k)) => l.telltale & k.cont != 0,
        _ => false,
    }
}

/// Whether `s` holds a lead character then a continuation character in the
/// commonest shape of mojibake (see `is_common_mojibake_pair`).
pub fn has_telltale_pair(s: &str) -> bool {
    let mut prev: Option<char> = None;
    s.chars().any(|c| {
        let pair = prev.is_some_and(|p| is_common_mojibake_pair(p, c));
        prev = Some(c);
        pair
    })
}

/// The cost of `run` between the characters `before` and `after`.
///
/// Only pairs that involve at least one character of `run` are counted, so
/// costs of a run and of its repair are comparable.
pub fn cost(before: Option<char>, run: &str, after: Option<char>) -> i32 {
    let mut total = 0;
    let mut prev = before.map(class);
    let mut prev_char = before;
    let mut prev2: Option<Class> = None;
    let mut last_letter_script: Option<Script> = None;
    let chars: Vec<char> = run.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let k = class(c);
        total += char_cost(c, k);
        let next = chars.get(i + 1).copied().or(after);
        // "’" after "Ã" is a plural more often than a broken "Ò" (Ã’s).
        let foreign_letter = is_letter(c) && script(c) != Script::Latin;
        if c != '’' && !foreign_letter && prev_char.is_some_and(|p| is_common_mojibake_pair(p, c))
        {
            total += 3;
        }
        // Non-ASCII punctuation or a symbol glued to a letter inside a word
        // ("√©quilibré", "Г„rzte"); apostrophes belong there.
        if !c.is_ascii()
            && matches!(k, Class::Punct | Class::Symbol | Class::RareSymbol)
            && c != '’'
            && c != '\u{a0}'
        {
            let glued_before = matches!(prev, Some(Class::Letter(..)));
            let glued_after = next.is_some_and(is_letter);
            let after_symbol = prev
                .is_some_and(|p| matches!(p, Class::Punct | Class::Symbol | Class::RareSymbol))
                && !prev_char.is_some_and(|p| p.is_ascii());
            if glued_after && (glued_before || after_symbol) {
                total += 1;
            }
        }
        // A replacement character right after a possible lead character:
        // a lossy decoder's trace.
        if c == '\u{fffd}' && prev_char.is_some_and(|p| !p.is_ascii() && is_letter(p)) {
            total += 3;
        }
        // A currency sign glued to the letter before it and not followed by
        // an amount: a Thai consonant before `€` ("โ€”").
        if matches!(u32::from(c), 0x20A0..=0x20CF | 0xA2..=0xA5)
            && matches!(prev, Some(Class::Letter(_, Case::Lower | Case::None)))
            && !next.is_some_and(|n| n.is_ascii_digit())
        {
            total += 3;
        }
        // Latin-1 punctuation between two letters: "RÄ«ga".
        if matches!(k, Class::Punct)
            && !c.is_ascii()
            && matches!(u32::from(c), 0xA1..=0xBF)
            && matches!(prev, Some(Class::Letter(..)))
            && next.is_some_and(is_letter)
        {
            total += 2;
        }
        // A capital standing alone before a lower-case word, as an "à" whose
        // no-break space turned into a space leaves its "Ã".
        if c == ' ' {
            if let (Some(Class::Letter(s, Case::Upper)), Some(n)) = (prev, next) {
                let alone = !matches!(prev2, Some(Class::Letter(..)));
                let non_ascii = !prev_char.is_some_and(|p| p.is_ascii());
                // A lone Cyrillic capital before a Cyrillic word is a
                // preposition (В, С, К); before a Latin word it is debris.
                let foreign = is_letter(n) && script(n) != s;
                if alone && non_ascii && (foreign || (s == Script::Latin && is_lower(n))) {
                    total += if foreign { 4 } else { 3 };
                }
            }
        }
        // One ideograph inside a Latin word: Japanese and Chinese text
        // writes Latin words next to ideographs, never around a single one
        // ("se㱁or" is a lower-cased "Ã±" completed with a lost byte).
        if let (Some(Class::Letter(Script::Latin, _)), Class::Letter(Script::Cjk, _), Some(n)) =
            (prev, k, next)
        {
            if matches!(class(n), Class::Letter(Script::Latin, _)) {
                total += 4;
            }
        }
        // A no-break space inside a word.
        if c == '\u{a0}' && matches!(prev, Some(Class::Letter(..))) && next.is_some_and(is_letter) {
            total += 2;
        }
        // Two capitals, one of them non-ASCII, then a small letter: "ÄŒe".
        if let (Some(Class::Letter(_, Case::Upper)), Class::Letter(_, Case::Upper), Some(n)) =
            (prev, k, next)
        {
            if is_lower(n) && (!c.is_ascii() || !prev_char.is_some_and(|p| p.is_ascii())) {
                total += 2;
            }
        }
        if let Some(p) = prev {
            total += pair_cost(p, k);
        }
        // A non-Latin letter directly followed by a Latin-1 symbol or a
        // Latin letter inside one word: a Thai consonant before `€`, a
        // Cyrillic letter before `Ð`.
        if let (Some(s), Class::Letter(Script::Latin, _) | Class::RareSymbol) =
            (last_letter_script, k)
        {
            if s != Script::Latin && s != Script::Other {
                total += 2;
            }
        }
        last_letter_script = match k {
            Class::Letter(s, _) => Some(s),
            _ if is_wordish(k) => last_letter_script,
            _ => None,
        };
        prev2 = prev;
        prev = Some(k);
        prev_char = Some(c);
    }
    if let (Some(p), Some(a)) = (prev, after) {
        total += pair_cost(p, class(a));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> i32 {
        cost(None, s, None)
    }

    #[test]
    fn clean_text_costs_nothing() {
        for s in [
            "café",
            "Москва",
            "Ελληνικά",
            "ภาษาไทย",
            "日本語",
            "naïve — “quoted” 5 €",
            "Tiếng Việt",
        ] {
            assert_eq!(c(s), 0, "{s}");
        }
    }

    #[test]
    fn mojibake_costs_more_than_its_repair() {
        for (bad, good) in [
            ("Ã©", "é"),
            ("â€™", "’"),
            ("โ€”", "—"),
            ("Ð¿Ñ€", "пр"),
            ("Ã¢â‚¬â„¢", "â€™"),
        ] {
            assert!(
                c(bad) > c(good),
                "{bad} ({}) vs {good} ({})",
                c(bad),
                c(good)
            );
        }
    }
}
