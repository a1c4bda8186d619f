//! Markdown bodies on arbitrary UTF-8: `markdown::render` (pulldown-cmark, `@/` link
//! resolution, heading ids, footnotes, images refused, ammonia) with a resolver shaped like
//! `Site::resolve`. The sanitized HTML is then tokenized and checked for active content.
#![no_main]

mod common;

use ila::content::markdown::{self, Origin};
use ila::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;

/// Front matter placed before the body so diagnostics use a non-zero body offset, as in a
/// real write-up.
const FRONT: &str = "+++\njudul = \"x\"\n+++\n";

/// Like `Site::resolve`: a few known targets resolve (the `#anchor` is kept verbatim, as the
/// real resolver does), everything else is refused.
fn resolve(link: &str) -> Option<String> {
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (link, String::new()),
    };
    let url = match path.trim_end_matches('/') {
        "" => "/",
        "wilayah" => "/wilayah/",
        "wilayah/35.10" => "/wilayah/kabupaten-banyuwangi/",
        "provinsi/35" => "/provinsi/jawa-timur/",
        "predikat/2023" => "/predikat/2023/",
        "program/brus" => "/program/brus/",
        "halaman/tentang" => "/halaman/tentang/",
        _ => return None,
    };
    Some(format!("{url}{anchor}"))
}

const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "form", "input", "button", "textarea", "select",
    "object", "embed", "applet", "style", "img", "svg", "math", "base", "meta", "link", "video",
    "audio", "source", "template", "noscript", "title",
];
const URL_ATTRS: &[&str] = &[
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcset",
    "data", "cite",
];

/// Undo the escapes html5ever's serializer uses inside attribute values.
fn unescape_attr(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// What a browser sees as the URL's scheme: C0 controls and spaces stripped at the ends,
/// tab/newline removed anywhere, lower-cased; `None` for relative URLs.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (s, _) = cleaned.split_once(':')?;
    let mut chars = s.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| s.to_ascii_lowercase())
}

fn check_attr(tag: &str, name: &str, value: &str, html: &str) {
    assert!(!name.starts_with("on"), "event handler `{name}` on <{tag}> in {html}");
    if URL_ATTRS.contains(&name) {
        if let Some(s) = scheme(value) {
            assert!(
                matches!(s.as_str(), "http" | "https" | "mailto"),
                "`{name}` with scheme `{s}:` on <{tag}> in {html}"
            );
        }
    }
    if name == "style" {
        let v = value.to_ascii_lowercase();
        for bad in ["url(", "expression", "@import", "javascript:"] {
            assert!(!v.contains(bad), "style `{value}` in {html}");
        }
    }
    if name == "id" {
        // `ila-` ids belong to the theme; `fn-` ids to footnote definitions only.
        assert!(!value.starts_with("ila-"), "reserved id `{value}` in {html}");
        let heading = tag.len() == 2 && tag.starts_with('h') && tag != "hr";
        assert!(
            !(heading && value.starts_with("fn-")),
            "heading with footnote id `{value}` in {html}"
        );
    }
}

/// Tokenize html5ever's serialization (text `<` is always `&lt;`; attribute values are
/// always double-quoted) and check every tag and attribute. Escaped text such as
/// `&lt;script&gt;` is text, not markup, and passes.
fn check_html(html: &str) {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = 0;
    let is_space = |c: u8| c.is_ascii_whitespace();
    while i < n {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let closing = i < n && b[i] == b'/';
        if closing {
            i += 1;
        }
        let start = i;
        while i < n && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let tag = html[start..i].to_ascii_lowercase();
        assert!(
            !tag.is_empty() && tag.bytes().all(|c| c.is_ascii_alphanumeric()),
            "unescaped `<` or odd tag name {tag:?} in {html}"
        );
        assert!(!FORBIDDEN_TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
        loop {
            while i < n && (is_space(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if i >= n {
                panic!("unterminated tag <{tag}> in {html}");
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let a0 = i;
            while i < n && !is_space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let name = html[a0..i].to_ascii_lowercase();
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b':'),
                "odd attribute name {name:?} on <{tag}> (markup injected into a value?) in {html}"
            );
            let mut value = String::new();
            if i < n && b[i] == b'=' {
                i += 1;
                assert!(i < n && b[i] == b'"', "unquoted value of `{name}` in {html}");
                i += 1;
                let v0 = i;
                while i < n && b[i] != b'"' {
                    i += 1;
                }
                assert!(i < n, "unterminated value of `{name}` in {html}");
                value = unescape_attr(&html[v0..i]);
                i += 1;
            }
            if !closing {
                check_attr(&tag, &name, &value, html);
            }
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(md) = std::str::from_utf8(bytes) else {
        return;
    };
    let text = format!("{FRONT}{md}");
    let origin = Origin {
        file: "content/program/x.md",
        text: &text,
        offset: FRONT.len(),
    };
    let mut d = Diagnostics::new();
    let html = markdown::render(&text[FRONT.len()..], &origin, &resolve, &mut d);
    if std::env::var_os("ILA_FUZZ_PRINT").is_some() {
        eprintln!("{html}"); // to inspect an input: ILA_FUZZ_PRINT=1 cargo fuzz run … <file>
    }
    check_html(&html);
    common::check_diagnostics(&d, text.as_bytes());
});
