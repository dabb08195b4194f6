//! Decode: bytes of unknown encoding to text.
//!
//! The order of evidence follows the WHATWG Encoding and HTML standards, with
//! one deliberate departure:
//!
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything;
//! 2. a charset given with the input (command line, HTTP header, shard field);
//! 3. for HTML, a declaration in the document's first bytes (`<meta charset>`,
//!    `http-equiv="Content-Type"`, or an XML declaration), found by a prescan;
//! 4. otherwise valid UTF-8 is UTF-8, and anything else goes to chardetng on a
//!    prefix (64 KiB), with the URL's top-level domain as a hint.
//!
//! The departure: a declared *single-byte or legacy* encoding is overruled when
//! the bytes are valid UTF-8 and contain multi-byte sequences. Servers and
//! templates that declare ISO-8859-1 or windows-1252 over UTF-8 bodies are the
//! main source of mojibake on the web, while legacy text that happens to be
//! valid multi-byte UTF-8 is vanishingly rare (it takes sequences such as
//! `Ã©`, which are themselves mojibake). The record keeps the overruled
//! declaration in `decoding.declared`.
//!
//! Decoding itself is encoding_rs: malformed sequences become U+FFFD and
//! `had_errors` is set; decoding never fails. What fails is input that is not
//! text at all: binary formats recognised by their magic bytes, or NUL bytes
//! outside a UTF-16 pattern. Those get [`DecodeError::Binary`].
//!
//! The media type (HTML or plain text) is sniffed here too, because the meta
//! prescan only applies to HTML; the sniff follows WHATWG MIME sniffing's
//! "HTML" patterns and looks for a root tag in the first kilobyte.

use crate::record::ChosenBy;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How much of the input the meta prescan and the sniffers look at. WHATWG
/// says 1024 bytes; real pages put `<meta charset>` after long comments and
/// inline scripts, so a larger window catches more declarations.
const PRESCAN_BYTES: usize = 4096;
/// How much chardetng reads. Detection converges long before this; reading
/// the whole of a large document would only cost time.
const DETECT_BYTES: usize = 64 * 1024;

/// Whether a document is HTML or plain (possibly already flattened) text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `text/html`.
    Html,
    /// `text/plain`.
    Text,
}

impl MediaType {
    /// The MIME type, as written in records.
    pub fn as_mime(self) -> &'static str {
        match self {
            MediaType::Html => "text/html",
            MediaType::Text => "text/plain",
        }
    }
}

/// What the caller knows about the bytes before decoding.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// A charset label given with the input (HTTP header, shard field, flag).
    pub charset: Option<&'a str>,
    /// A forced media type; `None` sniffs.
    pub media_type: Option<MediaType>,
    /// The file name, whose extension breaks ties in media-type sniffing.
    pub name: Option<&'a str>,
    /// The page URL, whose top-level domain helps detection.
    pub url: Option<&'a str>,
}

/// Text, and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, without BOM.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// The evidence that chose it.
    pub chosen_by: ChosenBy,
    /// Whether malformed sequences were replaced by U+FFFD.
    pub had_errors: bool,
    /// A declaration that the bytes overruled.
    pub overruled: Option<&'static Encoding>,
    /// HTML or text.
    pub media_type: MediaType,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Zero bytes.
    #[error("the input is empty (0 bytes)")]
    Empty,
    /// A binary format.
    #[error("the input is binary ({0}), not text")]
    Binary(&'static str),
}

/// Decodes `bytes` to text, choosing the encoding as the module doc says.
///
/// ```
/// use cistron::decode::{decode, Hints, MediaType};
/// use cistron::record::ChosenBy;
///
/// let page = b"<html><head><meta charset=windows-1252></head><body>caf\xe9</body></html>";
/// let d = decode(page, &Hints::default()).unwrap();
/// assert_eq!(d.encoding.name(), "windows-1252");
/// assert_eq!(d.chosen_by, ChosenBy::Meta);
/// assert_eq!(d.media_type, MediaType::Html);
/// assert!(d.text.contains("café"));
/// ```
pub fn decode(bytes: &[u8], hints: &Hints<'_>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_whole(
            encoding,
            &bytes[bom_len..],
            ChosenBy::Bom,
            hints,
        ));
    }
    // A caller that says UTF-16 means it (unlike a <meta> inside the bytes,
    // which cannot be read as ASCII if the bytes really are UTF-16).
    let declared_raw = hints
        .charset
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    if let Some(encoding) = declared_raw.filter(|e| *e == UTF_16LE || *e == UTF_16BE) {
        return Ok(decode_whole(encoding, bytes, ChosenBy::Declared, hints));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Ok(decode_whole(encoding, bytes, ChosenBy::Detected, hints));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeError::Binary(kind));
    }

    let media_type = hints
        .media_type
        .unwrap_or_else(|| sniff_media_type(bytes, hints.name));
    let declared = hints
        .charset
        .and_then(label_to_encoding)
        .map(|e| (e, ChosenBy::Declared))
        .or_else(|| {
            (media_type == MediaType::Html)
                .then(|| prescan_meta(bytes))
                .flatten()
                .map(|e| (e, ChosenBy::Meta))
        });

    let utf8 = std::str::from_utf8(bytes).ok();
    let has_multibyte = utf8.is_some_and(|s| !s.is_ascii());
    // UTF-8 cut off mid-character by a byte-capped scraper, or with a stray
    // byte or two, is still UTF-8: decoding it as a legacy page would turn
    // every one of its characters into mojibake.
    let mostly_utf8 = utf8.is_none() && is_mostly_utf8(bytes);

    let (encoding, chosen_by, overruled) = match declared {
        Some((enc, how)) if enc == UTF_8 => (enc, how, None),
        Some((enc, _)) if has_multibyte && is_overrulable(enc) => {
            (UTF_8, ChosenBy::Utf8Valid, Some(enc))
        }
        Some((enc, _)) if mostly_utf8 && is_overrulable(enc) => {
            (UTF_8, ChosenBy::Utf8Valid, Some(enc))
        }
        Some((enc, how)) => (enc, how, None),
        None if utf8.is_some() || mostly_utf8 => (UTF_8, ChosenBy::Utf8Valid, None),
        None => (detect(bytes, hints.url), ChosenBy::Detected, None),
    };
    let (text, had_errors) = match utf8 {
        Some(s) if encoding == UTF_8 => (s.to_owned(), false),
        _ => decode_with(encoding, bytes),
    };
    Ok(Decoded {
        text,
        encoding,
        chosen_by,
        had_errors,
        overruled,
        media_type,
    })
}

/// Whether `bytes` are UTF-8 with at most a handful of defects: at least
/// eight valid multi-byte sequences and no more than one defect per ten of
/// them (legacy text almost never forms even one valid sequence), or just a
/// truncated final character.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut defects, mut multibyte) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                multibyte += valid.iter().filter(|b| **b >= 0xC0).count();
                match e.error_len() {
                    // Cut off at the very end: a byte-capped download.
                    None => {
                        return (defects == 0 && multibyte > 0)
                            || (multibyte >= 8 && defects * 10 <= multibyte)
                    }
                    Some(n) => {
                        defects += 1;
                        if defects > 16 && defects * 10 > multibyte {
                            return false;
                        }
                        rest = &after[n..];
                    }
                }
            }
        }
    }
    multibyte >= 8 && defects * 10 <= multibyte
}

/// Decodes with an encoding that is not ASCII-compatible or was fixed by a
/// BOM: the media type can only be sniffed on the decoded text.
fn decode_whole(
    encoding: &'static Encoding,
    bytes: &[u8],
    chosen_by: ChosenBy,
    hints: &Hints<'_>,
) -> Decoded {
    let (text, had_errors) = decode_with(encoding, bytes);
    let media_type = hints
        .media_type
        .unwrap_or_else(|| sniff_media_type(text.as_bytes(), hints.name));
    Decoded {
        text,
        encoding,
        chosen_by,
        had_errors,
        overruled: None,
        media_type,
    }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

/// Maps a charset label to an encoding the way a browser does for documents:
/// UTF-16 labels on an ASCII-compatible byte stream mean UTF-8, and the
/// "replacement" encoding (labels of ISO-2022-KR, HZ...) is treated as no
/// declaration, since decoding with it would throw the whole text away.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::REPLACEMENT {
        return None;
    }
    if encoding == encoding_rs::X_USER_DEFINED {
        return Some(WINDOWS_1252);
    }
    Some(encoding.output_encoding())
}

/// Declarations that valid multi-byte UTF-8 may overrule: the single-byte
/// code pages, and the legacy multi-byte ones whose byte patterns UTF-8
/// validity already rules out in practice.
fn is_overrulable(encoding: &'static Encoding) -> bool {
    encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    // `charset=` inside a meta tag covers both `<meta charset=x>` and
    // `<meta http-equiv=Content-Type content="text/html; charset=x">`.
    Regex::new(
        r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.+-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_:.+-]+)"#,
    )
    .expect("static regex")
});

/// Finds a charset declared in the document's first bytes.
fn prescan_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let comments = comment_ranges(window);
    META_CHARSET.captures_iter(window).find_map(|caps| {
        let whole = caps.get(0)?;
        if comments.iter().any(|r| r.contains(&whole.start())) {
            return None;
        }
        let label = caps.get(1).or_else(|| caps.get(2))?;
        let label = std::str::from_utf8(label.as_bytes()).ok()?;
        label_to_encoding(label)
    })
}

/// Byte ranges of `<!-- ... -->` comments (an unclosed one runs to the end),
/// whose declarations a browser's prescan skips.
fn comment_ranges(window: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(open) = find(&window[at..], b"<!--") {
        let start = at + open;
        let body = start + 4;
        let end = find(&window[body..], b"-->").map_or(window.len(), |e| body + e + 3);
        ranges.push(start..end);
        at = end;
    }
    ranges
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// chardetng on a prefix, told the URL's top-level domain when known.
fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let prefix = &bytes[..bytes.len().min(DETECT_BYTES)];
    // Nothing Cistron reads is ever executed, so ISO-2022-JP's script-safety
    // concern for browsers does not apply, and old Japanese pages use it.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(prefix, prefix.len() == bytes.len());
    let tld = url.and_then(top_level_domain);
    detector.guess(tld.as_deref().map(str::as_bytes), Utf8Detection::Allow)
}

fn top_level_domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_lowercase())
}

/// UTF-16 without a BOM shows as zero bytes on every other position; chardetng
/// does not look for it, so this does, on a prefix.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let prefix = &bytes[..bytes.len().min(PRESCAN_BYTES) & !1];
    let pairs = prefix.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in prefix.chunks_exact(2) {
        even_zero += usize::from(pair[0] == 0);
        odd_zero += usize::from(pair[1] == 0);
    }
    // Latin-script UTF-16 has a zero high byte on most code units; CJK text
    // has fewer zeros (its spaces, digits and markup), but they all fall on
    // one side. Binary data has zeros on both.
    let skewed = |a: usize, b: usize| a * 10 >= pairs && a >= 8 * b.max(1) && b * 20 <= pairs;
    if skewed(odd_zero, even_zero) {
        Some(UTF_16LE)
    } else if skewed(even_zero, odd_zero) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Magic numbers of formats that turn up in crawls but are not text.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x00asm", "WebAssembly module"),
    (b"RIFF", "RIFF media"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
];

/// Names the binary format of `bytes`, or `None` for text.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let prefix = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if prefix.contains(&0) {
        return Some("NUL bytes");
    }
    // Control characters other than tab, newline, backspace (overstrike in
    // man pages), vertical tab, form feed, carriage return and escape
    // (ISO-2022) are rare in text in any encoding.
    let controls = prefix
        .iter()
        .filter(|&&b| {
            b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x08 | 0x0b | b'\x0c' | b'\r' | 0x1b)
        })
        .count();
    (controls * 10 > prefix.len()).then_some("control bytes")
}

/// Tags whose presence at the start makes a document HTML (WHATWG MIME
/// sniffing, "identify an unknown MIME type", HTML patterns).
const HTML_START_TAGS: &[&[u8]] = &[
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
    b"<meta",
    b"<link",
];

/// Tags that make a document HTML wherever they stand in the first kilobytes.
const HTML_ROOT_TAGS: &[&[u8]] = &[b"<!doctype html", b"<html", b"<body", b"<head>"];

fn sniff_media_type(bytes: &[u8], name: Option<&str>) -> MediaType {
    let window = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let start = window
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&window[..0], |i| &window[i..]);
    let starts_with_tag = HTML_START_TAGS.iter().any(|tag| {
        start.len() > tag.len()
            && start[..tag.len()].eq_ignore_ascii_case(tag)
            && (tag.ends_with(b"--")
                || matches!(start[tag.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/'))
    });
    let xml_html = start.starts_with(b"<?xml") && contains_ignore_case(window, b"<html");
    if starts_with_tag
        || xml_html
        || HTML_ROOT_TAGS
            .iter()
            .any(|t| contains_ignore_case(window, t))
    {
        return MediaType::Html;
    }
    let html_extension = name
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(_, ext)| {
            ["html", "htm", "xhtml", "shtml"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e))
        });
    if html_extension && start.first() == Some(&b'<') {
        MediaType::Html
    } else {
        MediaType::Text
    }
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Decoded {
        decode(bytes, &Hints::default()).expect("decodes")
    }

    fn check(bytes: &[u8], encoding: &str, chosen_by: ChosenBy, text: &str) {
        let d = decoded(bytes);
        assert_eq!(d.encoding.name(), encoding, "encoding of {bytes:?}");
        assert_eq!(d.chosen_by, chosen_by, "evidence for {bytes:?}");
        assert!(d.text.contains(text), "{:?} lacks {text:?}", d.text);
    }

    #[test]
    fn bom_wins_over_meta() {
        check(
            b"\xef\xbb\xbf<meta charset=latin1>caf\xc3\xa9",
            "UTF-8",
            ChosenBy::Bom,
            "café",
        );
        check(b"\xff\xfeh\x00i\x00", "UTF-16LE", ChosenBy::Bom, "hi");
        check(b"\xfe\xff\x00h\x00i", "UTF-16BE", ChosenBy::Bom, "hi");
    }

    #[test]
    fn meta_declarations() {
        check(
            b"<html><meta charset=\"koi8-r\"><p>\xf0\xd2\xc9",
            "KOI8-R",
            ChosenBy::Meta,
            "При",
        );
        check(
            b"<html><meta http-equiv=Content-Type content='text/html; charset=ISO-8859-2'><p>\xb1",
            "ISO-8859-2",
            ChosenBy::Meta,
            "ą",
        );
        check(
            b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><html><p>\xcf",
            "windows-1251",
            ChosenBy::Meta,
            "П",
        );
        // A UTF-16 label on ASCII-compatible bytes means UTF-8, as in browsers.
        check(
            b"<html><meta charset=utf-16><p>ok",
            "UTF-8",
            ChosenBy::Meta,
            "ok",
        );
    }

    #[test]
    fn caller_declaration_beats_meta() {
        let hints = Hints {
            charset: Some("windows-1250"),
            ..Hints::default()
        };
        let d = decode(b"<html><meta charset=koi8-r><p>\xb9", &hints).unwrap();
        assert_eq!(d.encoding.name(), "windows-1250");
        assert_eq!(d.chosen_by, ChosenBy::Declared);
        assert!(d.text.contains('ą'));
    }

    #[test]
    fn valid_utf8_overrules_a_single_byte_declaration() {
        let d = decoded("<html><meta charset=iso-8859-1><p>café".as_bytes());
        assert_eq!(d.encoding.name(), "UTF-8");
        assert_eq!(d.chosen_by, ChosenBy::Utf8Valid);
        assert_eq!(d.overruled.map(|e| e.name()), Some("windows-1252"));
        assert!(d.text.contains("café"));
    }

    #[test]
    fn ascii_keeps_its_declaration() {
        check(
            b"<html><meta charset=windows-1252><p>plain",
            "windows-1252",
            ChosenBy::Meta,
            "plain",
        );
    }

    #[test]
    fn undeclared_bytes() {
        check(
            "plain ascii".as_bytes(),
            "UTF-8",
            ChosenBy::Utf8Valid,
            "plain",
        );
        check("naïve".as_bytes(), "UTF-8", ChosenBy::Utf8Valid, "naïve");
        let d = decoded(b"Der B\xe4r ist gr\xf6\xdfer als die Maus, sagte der M\xfcller.");
        assert_eq!(d.chosen_by, ChosenBy::Detected);
        assert!(
            d.text.contains("Bär") && d.text.contains("größer"),
            "{}",
            d.text
        );
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let le: Vec<u8> = "Hello, world: gene therapy"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        check(&le, "UTF-16LE", ChosenBy::Detected, "gene therapy");
        let be: Vec<u8> = "Hello, world: gene therapy"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        check(&be, "UTF-16BE", ChosenBy::Detected, "gene therapy");
    }

    #[test]
    fn truncated_or_slightly_broken_utf8_stays_utf8() {
        let mut bytes = "Gene therapy — AAV9 — Zolgensma® ".repeat(4).into_bytes();
        bytes.extend_from_slice(&"é".as_bytes()[..1]);
        let d = decoded(&bytes);
        assert_eq!(d.encoding.name(), "UTF-8");
        assert!(d.had_errors);
        let mut stray = "naïve café résumé déjà vu ".repeat(4).into_bytes();
        stray.push(0xff);
        stray.extend_from_slice("über".as_bytes());
        assert_eq!(decoded(&stray).encoding.name(), "UTF-8");
    }

    #[test]
    fn declared_utf16_and_cjk_utf16() {
        let le: Vec<u8> = "<p>基因治疗</p>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let hints = Hints {
            charset: Some("utf-16le"),
            ..Hints::default()
        };
        let d = decode(&le, &hints).unwrap();
        assert_eq!(
            (d.encoding.name(), d.chosen_by),
            ("UTF-16LE", ChosenBy::Declared)
        );
        let cjk: Vec<u8> = "基因治疗 AAV 载体 2024 年 基因治疗"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decoded(&cjk).encoding.name(), "UTF-16LE");
    }

    #[test]
    fn commented_out_meta_is_ignored() {
        check(
            b"<html><!-- <meta charset=koi8-r> --><meta charset=windows-1251><p>\xcf",
            "windows-1251",
            ChosenBy::Meta,
            "П",
        );
    }

    #[test]
    fn malformed_bytes_are_flagged_not_fatal() {
        let d = decode(
            b"<html><meta charset=utf-8><p>bad \xff byte",
            &Hints::default(),
        )
        .unwrap();
        assert!(d.had_errors);
        assert!(d.text.contains("bad \u{fffd} byte"));
    }

    #[test]
    fn binary_and_empty_are_errors() {
        assert_eq!(decode(b"", &Hints::default()), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &Hints::default()),
            Err(DecodeError::Binary("PNG image"))
        );
        assert_eq!(
            decode(b"%PDF-1.7\n", &Hints::default()),
            Err(DecodeError::Binary("PDF document"))
        );
        assert_eq!(
            decode(b"abc\0\0\0\x01\x02\x03\x04\x05", &Hints::default()),
            Err(DecodeError::Binary("NUL bytes"))
        );
    }

    #[test]
    fn media_type_sniffing() {
        let sniff = |b: &[u8]| sniff_media_type(b, None);
        assert_eq!(sniff(b"  <!DOCTYPE html><p>x"), MediaType::Html);
        assert_eq!(sniff(b"<div>x</div>"), MediaType::Html);
        assert_eq!(sniff(b"<!-- c --><x>"), MediaType::Html);
        assert_eq!(
            sniff(b"Title\n\n<b> is bold</b> but this is prose"),
            MediaType::Text
        );
        assert_eq!(sniff(b"plain text"), MediaType::Text);
        assert_eq!(sniff(b"a < b and c > d"), MediaType::Text);
        assert_eq!(
            sniff_media_type(b"<x-app>hi</x-app>", Some("page.html")),
            MediaType::Html
        );
        assert_eq!(sniff_media_type(b"hi", Some("page.html")), MediaType::Text);
    }

    #[test]
    fn tld_hint() {
        assert_eq!(
            top_level_domain("https://www.example.ru/path?q"),
            Some("ru".into())
        );
        assert_eq!(top_level_domain("http://10.0.0.1:80/"), None);
    }
}
