//! The language of a page's text when the page does not declare one.
//!
//! whatlang (trigram models, 69 languages) is used because it is small,
//! fast and deterministic; its verdict is kept only when it says it is
//! reliable, so a short or mixed page stays without a language rather than
//! getting a wrong one. Codes are ISO 639-1 where one exists, like the
//! declared `lang` attributes they stand beside.

use whatlang::Lang;

/// ISO 639-3 codes whatlang returns, with their ISO 639-1 equivalents.
const ISO_639_1: &[(Lang, &str)] = &[
    (Lang::Afr, "af"),
    (Lang::Ara, "ar"),
    (Lang::Bel, "be"),
    (Lang::Ben, "bn"),
    (Lang::Bul, "bg"),
    (Lang::Cat, "ca"),
    (Lang::Ces, "cs"),
    (Lang::Cmn, "zh"),
    (Lang::Dan, "da"),
    (Lang::Deu, "de"),
    (Lang::Ell, "el"),
    (Lang::Eng, "en"),
    (Lang::Epo, "eo"),
    (Lang::Est, "et"),
    (Lang::Fin, "fi"),
    (Lang::Fra, "fr"),
    (Lang::Heb, "he"),
    (Lang::Hin, "hi"),
    (Lang::Hrv, "hr"),
    (Lang::Hun, "hu"),
    (Lang::Ind, "id"),
    (Lang::Ita, "it"),
    (Lang::Jpn, "ja"),
    (Lang::Kor, "ko"),
    (Lang::Lat, "la"),
    (Lang::Lav, "lv"),
    (Lang::Lit, "lt"),
    (Lang::Mkd, "mk"),
    (Lang::Nld, "nl"),
    (Lang::Nob, "nb"),
    (Lang::Pes, "fa"),
    (Lang::Pol, "pl"),
    (Lang::Por, "pt"),
    (Lang::Ron, "ro"),
    (Lang::Rus, "ru"),
    (Lang::Slk, "sk"),
    (Lang::Slv, "sl"),
    (Lang::Spa, "es"),
    (Lang::Srp, "sr"),
    (Lang::Swe, "sv"),
    (Lang::Tha, "th"),
    (Lang::Tur, "tr"),
    (Lang::Ukr, "uk"),
    (Lang::Urd, "ur"),
    (Lang::Vie, "vi"),
];

/// How much text is enough to decide: the first 16 KiB.
const SAMPLE_BYTES: usize = 16 * 1024;

/// The language of `text`, when whatlang is sure of it.
///
/// ```
/// let text = "Gene therapy delivers a working copy of a gene to the cells that need it, \
///             usually with a viral vector such as an adeno-associated virus.";
/// assert_eq!(cistron::language::detect(text).as_deref(), Some("en"));
/// ```
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let lang = info.lang();
    let code = ISO_639_1
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or_else(|| lang.code(), |(_, c)| c);
    Some(code.to_owned())
}
