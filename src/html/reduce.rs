//! Markup the HTML stage never reads, removed before html5ever tokenizes it.
//!
//! On the pages Cistron reads, the bodies of inline scripts and style sheets
//! are about 40% of the bytes, and attributes nobody reads (`data-*`,
//! `srcset`, `onclick`, tracking ids) a quarter of what is left. html5ever
//! tokenizes all of it character by character, and the DOM walk then skips
//! it. This module removes it first, in one linear scan:
//!
//! - the contents of `script` (except JSON-LD), `style`, `noscript`,
//!   `iframe` and `textarea` elements, whose subtrees the walk skips;
//! - every attribute of a start tag that neither the walk
//!   ([`WALK_ATTRIBUTES`]) nor html5ever's tree builder reads
//!   ([`TREE_BUILDER_ATTRIBUTES`]).
//!
//! The scan follows the HTML tokenizer's rules exactly where they decide
//! what is a tag (tag and attribute states, comments including `<!-->`,
//! raw text and RCDATA end tags, the script-data escape states), so it
//! never mistakes text for markup. What the tokenizer does also depends on
//! the tree builder: inside `svg`/`math` (foreign content), `select` and
//! `template`, start tags such as `<style>` may not be raw text. There the
//! scan changes nothing and only looks for the element's end, and where
//! it cannot know how the tree builder reads what follows (a tag that
//! leaves foreign content, raw text holding tags, a frameset document) it
//! stops changing anything. Every doubt leaves markup as it is, so the
//! page html5ever builds from the reduced markup reads exactly as the
//! original (tested on generated markup and on the 990-page corpus).
//!
//! The scan also measures the nesting depth the way [`super::nesting`]
//! does, so that the nesting cap only runs over pages that need it.

use std::borrow::Cow;

/// Attributes the HTML walk reads: names for the outline (`id`, `class`,
/// `role`, `itemprop`), visibility (`style`, `hidden`, `open`), links,
/// list numbering, language, script type and the head's `meta`/`link`.
pub const WALK_ATTRIBUTES: &[&str] = &[
    "id", "class", "role", "itemprop", "style", "type", "lang", "start", "href", "hidden", "open",
    "name", "content", "property", "rel",
];

/// Attributes html5ever's tree builder reads: `type` (hidden inputs in
/// tables), `color`/`face`/`size` (a `font` leaving foreign content),
/// `encoding` (MathML integration points), `charset`/`http-equiv`/`content`
/// (encoding indicators) and the declarative shadow root attributes.
pub const TREE_BUILDER_ATTRIBUTES: &[&str] = &[
    "type",
    "color",
    "face",
    "size",
    "encoding",
    "charset",
    "http-equiv",
    "content",
    "shadowrootmode",
    "shadowrootdelegatesfocus",
    "shadowrootclonable",
    "shadowrootserializable",
];

/// Markup ready for parsing, and the deepest nesting seen in it.
#[derive(Debug)]
pub struct Reduced<'a> {
    /// The markup, borrowed when nothing was removed.
    pub text: Cow<'a, str>,
    /// Deepest element nesting, counted as [`super::nesting`] counts it.
    pub deepest: usize,
}

/// Removes what the walk never reads from `source`.
///
/// ```
/// let r = cistron::html::reduce::reduce(
///     "<div class=a data-x='1' onclick=\"go()\">Hi<script>var x = '<p>';</script></div>",
/// );
/// assert_eq!(r.text, "<div class=a>Hi<script></script></div>");
/// ```
pub fn reduce(source: &str) -> Reduced<'_> {
    let mut scan = Scan::new(source);
    scan.run();
    let deepest = scan.deepest;
    let text = match scan.out {
        None => Cow::Borrowed(source),
        Some(mut out) => {
            out.push_str(&source[scan.copied..]);
            Cow::Owned(out)
        }
    };
    Reduced { text, deepest }
}

/// Where the scan is, as far as the tree builder's state matters to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// HTML content outside `select`: markup may be removed.
    Html,
    /// Inside `select`: start tags other than `script` are ignored there,
    /// so nothing is removed until `</select>`.
    Select,
}

struct Scan<'a> {
    src: &'a str,
    bytes: &'a [u8],
    /// The reduced markup so far; `None` while nothing was removed.
    out: Option<String>,
    /// Source bytes up to here are in `out` (or unchanged).
    copied: usize,
    mode: Mode,
    /// Open `svg` and `math` elements: foreign content, left unchanged.
    svg: usize,
    math: usize,
    /// Open `template` elements, whose contents may be read in insertion
    /// modes that ignore `<style>` (a `col` in a template): left
    /// unchanged.
    template: usize,
    depth: usize,
    deepest: usize,
    /// The attribute list of the last tag, kept for its allocation.
    spare: Vec<(std::ops::Range<usize>, bool)>,
}

/// What is between a tag's name and its `>`.
struct Tag {
    /// Lower-case name (only names up to 16 bytes are compared; longer
    /// ones are `-`).
    name: [u8; 16],
    name_len: usize,
    /// Byte range of each attribute (name, and value if any), with whether
    /// it is kept.
    attributes: Vec<(std::ops::Range<usize>, bool)>,
    self_closing: bool,
    /// The byte after `>`.
    end: usize,
}

impl Tag {
    fn name(&self) -> &[u8] {
        &self.name[..self.name_len]
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Scan<'a> {
    fn new(src: &'a str) -> Self {
        Scan {
            src,
            bytes: src.as_bytes(),
            out: None,
            copied: 0,
            mode: Mode::Html,
            svg: 0,
            math: 0,
            template: 0,
            depth: 0,
            deepest: 0,
            spare: Vec::new(),
        }
    }

    fn in_foreign(&self) -> bool {
        self.svg + self.math > 0
    }

    /// Whether the tree builder is surely in HTML content, in an
    /// insertion mode where raw text elements are raw text.
    fn is_certain(&self) -> bool {
        !self.in_foreign() && self.template == 0 && self.mode == Mode::Html
    }

    /// Copies the source up to `at`, then skips to `resume`.
    fn cut(&mut self, at: usize, resume: usize) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len()));
        out.push_str(&self.src[self.copied..at]);
        self.copied = resume;
    }

    fn emit(&mut self, s: &str) {
        if let Some(out) = self.out.as_mut() {
            out.push_str(s);
        }
    }

    fn run(&mut self) {
        let mut pos = 0;
        while let Some(lt) = memchr::memchr(b'<', &self.bytes[pos..]).map(|i| pos + i) {
            let next = self.bytes.get(lt + 1).copied();
            pos = match next {
                Some(b'!') => match self.declaration_end(lt) {
                    Some(end) => end,
                    None => return,
                },
                Some(b'?') => self.bogus_comment_end(lt + 1),
                Some(b'/') => match self.bytes.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => match self.end_tag(lt) {
                        Some(end) => end,
                        None => return,
                    },
                    Some(b'>') => lt + 3,
                    Some(_) => self.bogus_comment_end(lt + 2),
                    None => return,
                },
                Some(c) if c.is_ascii_alphabetic() => match self.start_tag(lt) {
                    Some(end) => end,
                    None => return,
                },
                _ => lt + 1,
            };
        }
    }

    /// `<!`: a comment, a doctype, a CDATA section (in foreign content
    /// only) or a bogus comment. `None` for a CDATA section the tree
    /// builder might read as a bogus comment instead (it may have left
    /// foreign content without the scan knowing): one with `<` or `>`.
    fn declaration_end(&self, lt: usize) -> Option<usize> {
        let rest = &self.bytes[lt + 2..];
        if self.in_foreign() && rest.starts_with(b"[CDATA[") {
            let body = &rest[7..];
            let close = memchr::memmem::find(body, b"]]>")?;
            if body[..close].iter().any(|&b| b == b'<' || b == b'>') {
                return None;
            }
            return Some(lt + 2 + 7 + close + 3);
        }
        if let Some(body) = rest.strip_prefix(b"--") {
            let start = lt + 4;
            // `<!-->` and `<!--->` are whole comments.
            if body.first() == Some(&b'>') {
                return Some(start + 1);
            }
            if body.starts_with(b"->") {
                return Some(start + 2);
            }
            return Some(comment_end(self.bytes, start));
        }
        Some(self.bogus_comment_end(lt + 1))
    }

    /// A bogus comment ends at the first `>`.
    fn bogus_comment_end(&self, from: usize) -> usize {
        memchr::memchr(b'>', &self.bytes[from..]).map_or(self.bytes.len(), |i| from + i + 1)
    }

    fn end_tag(&mut self, lt: usize) -> Option<usize> {
        let tag = self.tag(lt + 2)?;
        let name = tag.name();
        if name == b"svg" {
            self.svg = self.svg.saturating_sub(1);
        } else if name == b"math" {
            self.math = self.math.saturating_sub(1);
        } else if self.in_foreign() {
            // Leaving foreign content any other way is not followed: the
            // scan stays cautious a little longer.
        } else if name == b"template" {
            self.template = self.template.saturating_sub(1);
        } else if name == b"select" {
            self.mode = Mode::Html;
        } else if name == b"frameset" {
            return None;
        }
        if !super::nesting::is_void(name) && !super::nesting::omits_end_tag(name) {
            self.depth = self.depth.saturating_sub(1);
        }
        let end = tag.end;
        self.spare = tag.attributes;
        Some(end)
    }

    fn start_tag(&mut self, lt: usize) -> Option<usize> {
        let tag = self.tag(lt + 1)?;
        let end = self.start_tag_body(lt, &tag);
        self.spare = tag.attributes;
        end
    }

    fn start_tag_body(&mut self, lt: usize, tag: &Tag) -> Option<usize> {
        let name = tag.name();
        if !super::nesting::is_void(name)
            && !super::nesting::omits_end_tag(name)
            && !tag.self_closing
        {
            self.depth += 1;
            self.deepest = self.deepest.max(self.depth);
        }
        if name == b"frameset" {
            // Frameset documents ignore most start tags: leave the rest.
            return None;
        }
        // In foreign content, a tag that takes the tree builder back to
        // HTML (or into `select`) leaves the scan unsure of its state.
        if self.in_foreign() && (breaks_out(name) || name == b"select") {
            return None;
        }
        let editable = self.is_certain();
        match name {
            b"svg" if !tag.self_closing => self.svg += 1,
            b"math" if !tag.self_closing => self.math += 1,
            _ if self.in_foreign() => {}
            _ => match name {
                b"select" => {
                    self.mode = match self.mode {
                        // A `select` inside `select` closes it.
                        Mode::Select => Mode::Html,
                        Mode::Html => Mode::Select,
                    }
                }
                b"input" | b"keygen" | b"textarea" => self.mode = Mode::Html,
                b"template" => self.template += 1,
                _ => {}
            },
        }
        if editable && tag.attributes.iter().any(|(_, kept)| !kept) {
            self.rewrite(lt, tag);
        }
        // Raw text and RCDATA.
        let raw = match name {
            b"script" => Some(Raw::Script),
            b"style" | b"noscript" | b"iframe" | b"xmp" | b"noembed" | b"noframes" => {
                Some(Raw::Text)
            }
            b"textarea" | b"title" => Some(Raw::Text),
            b"plaintext" => return None,
            _ => None,
        };
        let Some(raw) = raw else {
            return Some(tag.end);
        };
        let body_end = match raw {
            Raw::Script => script_end(self.bytes, tag.end),
            Raw::Text => raw_text_end(self.bytes, tag.end, name),
        }?;
        // In foreign content and `select` the tree builder may read this
        // element's content as markup instead (in `select`, scripts
        // excepted): the two readings agree only on content without tags.
        let sure =
            self.is_certain() || (name == b"script" && !self.in_foreign() && self.template == 0);
        if !sure && self.bytes[tag.end..body_end].contains(&b'<') {
            return None;
        }
        let removable = match name {
            b"script" => !self.is_json_ld(tag),
            b"style" | b"noscript" | b"iframe" | b"textarea" => true,
            _ => false,
        };
        // `editable` was decided before this tag could change the mode.
        if editable && removable && self.is_certain() && body_end > tag.end {
            self.cut(tag.end, body_end);
        }
        Some(body_end)
    }

    /// Whether a script tag may hold JSON-LD: any `type` that mentions
    /// `ld+json`, or is written with a character reference.
    fn is_json_ld(&self, tag: &Tag) -> bool {
        tag.attributes.iter().any(|(range, _)| {
            let attr = &self.bytes[range.clone()];
            attr.len() >= 4
                && attr[..4].eq_ignore_ascii_case(b"type")
                && (attr.contains(&b'&')
                    || attr.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json")))
        })
    }

    /// Writes the start tag at `lt` with its kept attributes only.
    fn rewrite(&mut self, lt: usize, tag: &Tag) {
        self.cut(lt, tag.end);
        let src = self.src;
        self.emit("<");
        self.emit(&src[lt + 1..lt + 1 + tag_name_len(self.bytes, lt + 1)]);
        for (range, kept) in &tag.attributes {
            if *kept {
                self.emit(" ");
                self.emit(&src[range.clone()]);
            }
        }
        // A space keeps a `/` from joining an unquoted value.
        self.emit(if tag.self_closing { " />" } else { ">" });
    }

    /// Reads a tag from its name (at `from`) to its `>`, following the
    /// tokenizer's tag, attribute and self-closing states. `None` when the
    /// document ends inside the tag (the tokenizer drops such a tag).
    fn tag(&mut self, from: usize) -> Option<Tag> {
        let b = self.bytes;
        let name_len = tag_name_len(b, from);
        let mut name = [0u8; 16];
        let name_len_kept = if name_len <= name.len() {
            for (d, s) in name.iter_mut().zip(&b[from..from + name_len]) {
                *d = s.to_ascii_lowercase();
            }
            name_len
        } else {
            name[0] = b'-';
            1
        };
        let mut attributes = std::mem::take(&mut self.spare);
        attributes.clear();
        let mut i = from + name_len;
        let mut self_closing = false;
        loop {
            // Before attribute name.
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i)? {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    // Self-closing start tag state: `/>` closes, anything
                    // else is read again as the start of an attribute.
                    i += 1;
                    if b.get(i)? == &b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name: an `=` in first place belongs to the name.
            let start = i;
            i += 1;
            while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            // After attribute name.
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut end = name_end;
            if b.get(i)? == &b'=' {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match b.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let close = memchr::memchr(*quote, &b[i + 1..])?;
                        i += 1 + close + 1;
                        end = i;
                    }
                    // A missing value: the tag ends here.
                    b'>' => end = name_end,
                    _ => {
                        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        end = i;
                    }
                }
            }
            let kept = is_kept(&b[start..name_end]);
            if end == name_end {
                attributes.push((start..name_end, kept));
            } else {
                attributes.push((start..end, kept));
            }
        }
        Some(Tag {
            name,
            name_len: name_len_kept,
            attributes,
            self_closing,
            end: i,
        })
    }
}

/// Start tags that end foreign content (`font` only with some attributes;
/// all of them here).
fn breaks_out(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
            | b"font"
    )
}

enum Raw {
    Script,
    Text,
}

/// A tag name runs to whitespace, `/` or `>`.
fn tag_name_len(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .unwrap_or(b.len() - from)
}

/// Whether an attribute (its name as written) is read by the walk or the
/// tree builder. Names are compared without case, as the tokenizer
/// lower-cases them.
fn is_kept(name: &[u8]) -> bool {
    let mut lower = [0u8; 24];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    for (d, s) in lower.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    // WALK_ATTRIBUTES and TREE_BUILDER_ATTRIBUTES, as one match (tested).
    matches!(
        &*lower,
        b"id"
            | b"class"
            | b"role"
            | b"itemprop"
            | b"style"
            | b"type"
            | b"lang"
            | b"start"
            | b"href"
            | b"hidden"
            | b"open"
            | b"name"
            | b"content"
            | b"property"
            | b"rel"
            | b"color"
            | b"face"
            | b"size"
            | b"encoding"
            | b"charset"
            | b"http-equiv"
            | b"shadowrootmode"
            | b"shadowrootdelegatesfocus"
            | b"shadowrootclonable"
            | b"shadowrootserializable"
    )
}

/// Where a comment whose text starts at `from` ends: after `-->` or
/// `--!>`, or at the end of the document.
fn comment_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(at) = memchr::memchr(b'-', &b[i..]).map(|p| i + p) {
        let tail = &b[at..];
        if tail.starts_with(b"-->") {
            return at + 3;
        }
        if tail.starts_with(b"--!>") {
            return at + 4;
        }
        i = at + 1;
    }
    b.len()
}

/// Whether `</name` at `at` is an end tag for `name`: followed by
/// whitespace, `/` or `>` (the tokenizer's "appropriate end tag").
fn is_end_tag_of(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at + 1) == Some(&b'/') && names(b, at + 2, name)
}

/// Whether the bytes at `from` are `name`, in any case, ending where a tag
/// name ends (whitespace, `/` or `>`).
fn names(b: &[u8], from: usize, name: &[u8]) -> bool {
    let after = from + name.len();
    b.len() > after
        && b[from..after].eq_ignore_ascii_case(name)
        && (is_space(b[after]) || matches!(b[after], b'/' | b'>'))
}

/// Where the raw text (or RCDATA) of a `name` element starting at `from`
/// ends: at its end tag. `None` when there is none (the text runs to the
/// end of the document).
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(at) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) {
        if is_end_tag_of(b, at, name) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Where script data starting at `from` ends, through the tokenizer's
/// escaped and double-escaped states (`<!--` ... `<script>` ... `-->`).
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    loop {
        let at = i + memchr::memchr2(b'<', b'-', &b[i..])?;
        let tail = &b[at..];
        match state {
            // `-->` leaves either escaped state.
            State::Escaped | State::DoubleEscaped if tail.starts_with(b"-->") => {
                state = State::Data;
                i = at + 3;
                continue;
            }
            State::Data if tail.starts_with(b"<!--") => {
                state = State::Escaped;
                // The dashes of `<!--` may also open `-->`.
                i = at + 2;
                continue;
            }
            State::Data | State::Escaped if is_end_tag_of(b, at, b"script") => {
                return Some(at);
            }
            State::Escaped if tail.first() == Some(&b'<') && names(b, at + 1, b"script") => {
                state = State::DoubleEscaped;
                i = at + 7;
                continue;
            }
            State::DoubleEscaped if is_end_tag_of(b, at, b"script") => {
                state = State::Escaped;
                i = at + 8;
                continue;
            }
            _ => {}
        }
        i = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduced(s: &str) -> String {
        reduce(s).text.into_owned()
    }

    #[test]
    fn script_and_style_bodies_go_json_ld_stays() {
        assert_eq!(
            reduced("<script>a</script><style>b{}</style><script type='application/ld+json'>{}</script>"),
            "<script></script><style></style><script type='application/ld+json'>{}</script>"
        );
        // A script's end is `</script` followed by a space, `/` or `>`.
        assert_eq!(
            reduced("<script>x</scripty>y</script >z"),
            "<script></script >z"
        );
    }

    #[test]
    fn unread_attributes_go() {
        assert_eq!(
            reduced(r#"<a data-x="1>2" href=/a title='t'>x</a><br/><img src=a.png alt=""/>"#),
            r#"<a href=/a>x</a><br/><img />"#
        );
        // Attributes run together, `=` in first place, no value.
        assert_eq!(
            reduced(r#"<p class="a"id="b"data-c="d" =e hidden>"#),
            r#"<p class="a" id="b" hidden>"#
        );
        // Unchanged markup is borrowed.
        assert!(matches!(reduce("<p class=a>x</p>").text, Cow::Borrowed(_)));
    }

    #[test]
    fn text_that_looks_like_markup_is_left_alone() {
        let s =
            "<!-- <script>x</script> --><!--><p data-a=1>a</p><textarea><b data-x=1></textarea>";
        assert_eq!(
            reduced(s),
            "<!-- <script>x</script> --><!--><p>a</p><textarea></textarea>"
        );
        // A double-escaped `</script>` does not end the script.
        let s = "<script><!--<script>x</script>y--></script><p data-a=1>";
        assert_eq!(reduced(s), "<script></script><p>");
    }

    #[test]
    fn foreign_content_select_and_framesets_are_untouched() {
        let s = "<svg><style>a</style><g data-x=1/></svg><p data-y=2>";
        assert_eq!(reduced(s), "<svg><style>a</style><g data-x=1/></svg><p>");
        let s = "<select data-a=1><style>x</style></select><style>y</style>";
        assert_eq!(
            reduced(s),
            "<select><style>x</style></select><style></style>"
        );
        let s = "<frameset><style>x</style>";
        assert_eq!(reduced(s), s);
    }

    #[test]
    fn kept_attributes_are_the_listed_ones() {
        for name in WALK_ATTRIBUTES.iter().chain(TREE_BUILDER_ATTRIBUTES) {
            assert!(is_kept(name.as_bytes()), "{name}");
            assert!(is_kept(name.to_uppercase().as_bytes()), "{name}");
        }
        for name in [
            "data-x", "src", "srcset", "onclick", "alt", "title", "width", "ids", "",
        ] {
            assert!(!is_kept(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn depth_is_measured() {
        let deep = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
        assert_eq!(reduce(&deep).deepest, 600);
        assert_eq!(reduce("<p>a<p>b<br><img>").deepest, 0);
    }

    #[test]
    fn unterminated_markup_is_kept() {
        for s in ["<p data-x=1", "<script>x", "<!-- x", "<a href='x"] {
            assert_eq!(reduced(s), s);
        }
    }
}
