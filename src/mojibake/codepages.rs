//! The single-byte code pages a mis-decoding can have gone through, and the
//! reverse index that re-encodes text to the bytes it came from.
//!
//! Each page is its upper half (bytes 0x80-0xFF; the lower half is ASCII in
//! all of them). Tables come from encoding_rs, decoding each byte, except for
//! the DOS pages and true ISO-8859-1, which are generated (see
//! `generated.rs`). Bytes a page leaves undefined are filled the way sloppy
//! decoders fill them: with the windows-1252 character where 1252 defines
//! one, and also with the C1 control of the same number, so both spellings
//! re-encode to the byte they stand for.

use super::generated;
use encoding_rs::Encoding;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One code page.
#[derive(Debug)]
pub struct CodePage {
    /// WHATWG or IANA name, as reported in repairs.
    pub name: &'static str,
    /// The characters of bytes 0x80..=0xFF; `None` where the page has none.
    pub upper: [Option<char>; 128],
    /// How unlikely this page is as the cause of mojibake, added to the
    /// repaired text's cost: windows-1252 and Latin-1 are by far the most
    /// common culprits, the rest rarer.
    pub prior: u32,
    /// Lead bytes whose characters in this page are rare in the page's own
    /// languages but are the commonest UTF-8 leads: seeing one followed by
    /// a continuation character is strong evidence ("Ã©" in windows-1252,
    /// "вЂ" in windows-1251, "√©" in Mac Roman).
    pub telltale_leads: &'static [u8],
}

/// Telltale leads per page name (see [`CodePage::telltale_leads`]). Pages
/// not listed have none: their lead characters are everyday letters.
const TELLTALE_LEADS: &[(&str, &[u8])] = &[
    ("ISO-8859-1", &[0xC2, 0xC3, 0xE2, 0xEF]),
    ("macintosh", &[0xC3, 0xE2]),
    ("windows-1250", &[0xE2]),
    ("windows-1251", &[0xE2]),
    ("windows-1252", &[0xC2, 0xC3, 0xE2, 0xEF]),
    ("windows-874", &[0xE2]),
];

fn telltale_leads(name: &str) -> &'static [u8] {
    TELLTALE_LEADS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, leads)| leads)
}

/// A set of code pages, one bit each (there are fewer than 64).
pub type PageSet = u64;

/// What the index knows about one character.
#[derive(Debug, Clone, Default)]
pub struct CharInfo {
    /// Pages that can encode it.
    pub pages: PageSet,
    /// Pages where it stands for a UTF-8 lead byte (0xC2-0xF4).
    pub lead: PageSet,
    /// Pages where it stands for a UTF-8 continuation byte (0x80-0xBF).
    pub cont: PageSet,
    /// Pages where it stands for one of the page's telltale lead bytes.
    pub telltale: PageSet,
    /// `(page, byte)` for each page that can encode it.
    bytes: Vec<(u8, u8)>,
}

impl CharInfo {
    /// The byte this character has in `page`.
    pub fn byte_in(&self, page: usize) -> Option<u8> {
        self.bytes
            .iter()
            .find(|(p, _)| usize::from(*p) == page)
            .map(|&(_, b)| b)
    }
}

/// Characters below this get a direct table slot; the few above it that
/// pages use (Mac ligatures, the Apple logo) go through a map.
const DENSE_LIMIT: u32 = 0x2600;

/// All pages and the reverse index.
#[derive(Debug)]
pub struct Pages {
    /// The pages, in order of preference.
    pub pages: Vec<CodePage>,
    infos: Vec<CharInfo>,
    /// Index + 1 into `infos` for each code point below `DENSE_LIMIT`.
    dense: Vec<u16>,
    sparse: HashMap<char, u16>,
}

impl Pages {
    /// What the index knows about `c`; ASCII and unknown characters get
    /// `None` (ASCII is the same byte in every page).
    #[inline]
    pub fn info(&self, c: char) -> Option<&CharInfo> {
        let cp = u32::from(c);
        let slot = if cp < 0x80 {
            0
        } else if cp < DENSE_LIMIT {
            self.dense[cp as usize]
        } else {
            self.sparse.get(&c).copied().unwrap_or(0)
        };
        slot.checked_sub(1).map(|i| &self.infos[usize::from(i)])
    }

    /// The byte `c` has in `page`: ASCII as itself.
    pub fn encode(&self, c: char, page: usize) -> Option<u8> {
        if c.is_ascii() {
            Some(c as u8)
        } else {
            self.info(c)?.byte_in(page)
        }
    }
}

/// Pages taken from encoding_rs, with their priors. Names are the WHATWG ones;
/// the aliases (ISO-8859-9 is windows-1254 there, for instance) are left out.
const FROM_ENCODING_RS: &[(&str, u32)] = &[
    ("windows-1252", 0),
    ("windows-1251", 1),
    ("windows-1250", 1),
    ("windows-1253", 2),
    ("windows-1254", 2),
    ("windows-1257", 2),
    ("windows-1255", 2),
    ("windows-1256", 2),
    ("windows-1258", 2),
    ("windows-874", 1),
    ("macintosh", 2),
    ("x-mac-cyrillic", 2),
    ("KOI8-R", 2),
    ("KOI8-U", 2),
    ("IBM866", 2),
    ("ISO-8859-2", 2),
    ("ISO-8859-3", 3),
    ("ISO-8859-4", 3),
    ("ISO-8859-5", 3),
    ("ISO-8859-6", 3),
    ("ISO-8859-7", 3),
    ("ISO-8859-8", 3),
    ("ISO-8859-10", 3),
    ("ISO-8859-13", 3),
    ("ISO-8859-14", 3),
    ("ISO-8859-15", 2),
    ("ISO-8859-16", 3),
];

/// The pages and index, built once.
pub static PAGES: LazyLock<Pages> = LazyLock::new(build);

fn windows_1252_upper() -> [Option<char>; 128] {
    upper_from_encoding(encoding_rs::WINDOWS_1252)
}

fn upper_from_encoding(encoding: &'static Encoding) -> [Option<char>; 128] {
    let mut upper = [None; 128];
    for (i, slot) in upper.iter_mut().enumerate() {
        let byte = [0x80 + i as u8];
        let (text, had_errors) = encoding.decode_without_bom_handling(&byte);
        let mut chars = text.chars();
        if let (false, Some(c), None) = (had_errors, chars.next(), chars.next()) {
            // WHATWG maps the holes of windows-1252, windows-874 and others
            // to C1 controls; those count as undefined, to be filled sloppily.
            if !('\u{80}'..='\u{9f}').contains(&c) {
                *slot = Some(c);
            }
        }
    }
    upper
}

fn from_generated(table: &[char; 128]) -> [Option<char>; 128] {
    let mut upper = [None; 128];
    for (slot, &c) in upper.iter_mut().zip(table) {
        *slot = Some(c);
    }
    upper
}

fn build() -> Pages {
    let mut pages = vec![CodePage {
        name: "ISO-8859-1",
        upper: from_generated(&generated::LATIN1),
        prior: 0,
        telltale_leads: telltale_leads("ISO-8859-1"),
    }];
    for &(name, prior) in FROM_ENCODING_RS {
        if let Some(encoding) = Encoding::for_label(name.as_bytes()) {
            pages.push(CodePage {
                name,
                upper: upper_from_encoding(encoding),
                prior,
                telltale_leads: telltale_leads(name),
            });
        }
    }
    for (name, table, prior) in [
        ("IBM437", &generated::CP437, 2),
        ("IBM850", &generated::CP850, 2),
        ("IBM852", &generated::CP852, 3),
    ] {
        pages.push(CodePage {
            name,
            upper: from_generated(table),
            prior,
            telltale_leads: telltale_leads(name),
        });
    }
    // windows-1252 first: it is tried first and wins ties.
    pages.sort_by_key(|p| (p.prior, p.name != "windows-1252"));

    let w1252 = windows_1252_upper();
    let mut index: HashMap<char, CharInfo> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        let bit: PageSet = 1 << p;
        let telltale = page.telltale_leads;
        let mut add = |c: char, byte: u8, defined: bool| {
            let info = index.entry(c).or_default();
            if info.pages & bit != 0 {
                // A defined character beats a sloppy fill for the same page.
                if defined {
                    if let Some(slot) = info.bytes.iter_mut().find(|(q, _)| usize::from(*q) == p) {
                        slot.1 = byte;
                    }
                }
                return;
            }
            info.pages |= bit;
            if (0xC2..=0xF4).contains(&byte) {
                info.lead |= bit;
            }
            if (0x80..=0xBF).contains(&byte) {
                info.cont |= bit;
            }
            if telltale.contains(&byte) {
                info.telltale |= bit;
            }
            info.bytes.push((p as u8, byte));
        };
        for (i, c) in page.upper.iter().enumerate() {
            let byte = 0x80 + i as u8;
            match c {
                Some(c) => add(*c, byte, true),
                None => {
                    if let Some(fill) = w1252[i] {
                        add(fill, byte, false);
                    }
                    add(char::from(byte), byte, false);
                }
            }
        }
        // The C1 control spelling of an undefined byte in windows-1252 itself.
        if page.name == "windows-1252" {
            for (i, c) in w1252.iter().enumerate() {
                if c.is_none() {
                    let byte = 0x80 + i as u8;
                    add(char::from(byte), byte, false);
                }
            }
        }
    }
    let mut keys: Vec<char> = index.keys().copied().collect();
    keys.sort_unstable();
    let mut infos = Vec::with_capacity(keys.len());
    let mut dense = vec![0u16; DENSE_LIMIT as usize];
    let mut sparse = HashMap::new();
    for c in keys {
        if let Some(info) = index.remove(&c) {
            infos.push(info);
            let slot = infos.len() as u16;
            if u32::from(c) < DENSE_LIMIT {
                dense[c as usize] = slot;
            } else {
                sparse.insert(c, slot);
            }
        }
    }
    Pages {
        pages,
        infos,
        dense,
        sparse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str) -> usize {
        PAGES.pages.iter().position(|p| p.name == name).expect(name)
    }

    #[test]
    fn telltale_table_is_sorted_and_names_real_pages() {
        for pair in TELLTALE_LEADS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (name, _) in TELLTALE_LEADS {
            page(name);
        }
    }

    #[test]
    fn tables_are_complete() {
        assert!(PAGES.pages.len() >= 30 && PAGES.pages.len() < 64);
        assert_eq!(PAGES.pages[0].name, "windows-1252");
    }

    #[test]
    fn reverse_lookup() {
        let w = page("windows-1252");
        assert_eq!(PAGES.encode('Ã', w), Some(0xC3));
        assert_eq!(PAGES.encode('€', w), Some(0x80));
        assert_eq!(PAGES.encode('\u{9d}', w), Some(0x9D));
        let thai = page("windows-874");
        assert_eq!(PAGES.encode('โ', thai), Some(0xE2));
        assert_eq!(PAGES.encode('€', thai), Some(0x80));
        // 0x9C is a hole in windows-874; sloppy decoders fill it from 1252.
        assert_eq!(PAGES.encode('œ', thai), Some(0x9C));
        assert_eq!(PAGES.encode('╨', page("IBM437")), Some(0xD0));
        assert_eq!(PAGES.encode('√', page("macintosh")), Some(0xC3));
    }
}
