//! Text is checked once, at the edge (#17): control and bidi characters in any input text are
//! refused at file:line:column, URLs are parsed, and every XML output is well-formed.

mod common;

use common::*;
use std::path::Path;

/// Load (and validate) the site at `root`; every diagnostic in one-line form.
fn load(root: &Path) -> Vec<String> {
    let mut o = ila::Options::new(root);
    o.this_year = Some(2026);
    // The shipped placeholder base_url is warned about elsewhere (tests/base_url.rs).
    o.preview = true;
    let mut d = ila::diag::Diagnostics::new();
    ila::load(&o, &mut d);
    d.sorted().iter().map(|x| x.to_string()).collect()
}

/// 1-based line and character column of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

fn edit(site: &Path, rel: &str, f: impl FnOnce(String) -> String) -> String {
    let p = site.join(rel);
    let new = f(std::fs::read_to_string(&p).unwrap_or_default());
    std::fs::write(&p, &new).unwrap();
    new
}

fn assert_refused(msgs: &[String], file: &str, (line, col): (usize, usize), what: &str) {
    let at = format!("{file}:{line}:{col}: error: text contains a character that is not allowed");
    assert!(
        msgs.iter().any(|m| m.starts_with(&at) && m.contains(what)),
        "expected `{at}` naming {what}:\n{msgs:#?}"
    );
}

#[test]
fn control_and_bidi_characters_are_refused_where_they_are_written() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    assert_eq!(
        load(&site),
        Vec::<String>::new(),
        "the shipped site loads cleanly"
    );
    // CSV: a NUL in a reader note of a new row, an ESC in a district name.
    let csv = edit(&site, "data/predikat.csv", |s| {
        format!("{s}17.04,2025,pratama,https://example.org/a,,,,,,,,\"Catatan \0x\",\n")
    });
    let nul = place(&csv, "\0");
    let reg = edit(&site, "data/wilayah/regencies.csv", |s| {
        s.replace(
            "17.04,17,KABUPATEN KAUR",
            "17.04,17,KABUPATEN \u{1B}[31mKAUR",
        )
    });
    let esc = place(&reg, "\u{1B}");
    // Front matter: a TOML escape for U+202E, and a raw U+2066; the body: a raw U+0007.
    let md = "+++\njudul = \"Uji \\u202Eteks\"\ntanggal = \"2025-01-01\"\nringkasan = \"a\u{2066}b\"\n+++\nIsi \u{7} teks.\n";
    std::fs::write(site.join("content/berita/2025-01-01-uji.md"), md).unwrap();
    let msgs = load(&site);
    assert_refused(&msgs, "data/predikat.csv", nul, "U+0000 NUL");
    assert_refused(&msgs, "data/wilayah/regencies.csv", esc, "U+001B ESCAPE");
    let fm = "content/berita/2025-01-01-uji.md";
    assert_refused(
        &msgs,
        fm,
        place(md, "\\u202E"),
        "U+202E RIGHT-TO-LEFT OVERRIDE",
    );
    assert_refused(
        &msgs,
        fm,
        place(md, "\u{2066}"),
        "U+2066 LEFT-TO-RIGHT ISOLATE",
    );
    assert_refused(&msgs, fm, place(md, "\u{7}"), "U+0007");
    // An unusable ila.toml stops the run before the data is read: checked on its own.
    // ila.toml: an escaped NUL in the site title.
    let cfg = edit(&site, "ila.toml", |s| {
        s.replacen(
            "judul = \"Informasi Layak Anak\"",
            "judul = \"Informasi\\u0000 Layak Anak\"",
            1,
        )
    });
    assert_refused(
        &load(&site),
        "ila.toml",
        place(&cfg, "\\u0000"),
        "U+0000 NUL",
    );
    // And the build fails, writing nothing.
    let out = t.path().join("public");
    assert!(build(&site, &out).output.is_none());
    assert!(!out.exists());
}

#[test]
fn web_addresses_are_parsed_not_prefix_checked() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let csv = edit(&site, "data/predikat.csv", |s| {
        format!("{s}17.04,2025,pratama,https://example.org/berita kaur,,,,,,,,,\n")
    });
    let (line, col) = place(&csv, "https://example.org/berita kaur");
    let md = "+++\njudul = \"Uji\"\ntanggal = \"2025-01-01\"\n[[sumber]]\njudul = \"x\"\nurl = \"https://example.org/?q=\\\"><b>\"\n+++\nIsi.\n";
    std::fs::write(site.join("content/berita/2025-01-01-uji.md"), md).unwrap();
    let msgs = load(&site);
    let has = |prefix: &str| msgs.iter().any(|m| m.starts_with(prefix));
    assert!(
        has(&format!(
            "data/predikat.csv:{line}:{col}: error: source is not a valid web address"
        )),
        "{msgs:#?}"
    );
    let (l, _) = place(md, "url = ");
    assert!(
        has(&format!("content/berita/2025-01-01-uji.md:{l}:")),
        "{msgs:#?}"
    );
    // An unusable ila.toml stops the run before the data is read: checked last, on its own.
    let cfg = edit(&site, "ila.toml", |s| {
        s.replacen(
            "base_url = \"https://ila.example.org/\"",
            "base_url = \"https://ila.example.org/\\\"<x>/\"",
            1,
        )
    });
    let msgs = load(&site);
    let has = |prefix: &str| msgs.iter().any(|m| m.starts_with(prefix));
    let (l, _) = place(&cfg, "base_url");
    assert!(
        has(&format!("ila.toml:{l}:1: error: base_url")),
        "{msgs:#?}"
    );
    // `--base-url` too.
    let mut o = ila::Options::new(repo());
    o.base_url = Some("https://example.org/a b/".into());
    let mut d = ila::diag::Diagnostics::new();
    assert!(ila::load(&o, &mut d).is_none());
    assert!(d.sorted()[0].file == "--base-url", "{:?}", d.sorted());
}

#[test]
fn every_xml_output_is_well_formed() {
    let out = shipped();
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for (path, bytes) in snapshot(out) {
        let kind = if path.ends_with(".svg") {
            "svg"
        } else if path.ends_with("atom.xml") {
            "atom"
        } else if path.ends_with("sitemap.xml") {
            "sitemap"
        } else if path.ends_with(".xml") {
            "xml"
        } else {
            continue;
        };
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        *kinds.entry(kind).or_default() += 1;
    }
    // The news and award feeds and the sitemap of each language, and the standalone charts.
    assert!(kinds.get("atom").is_some_and(|&n| n >= 2), "{kinds:?}");
    assert!(kinds.get("sitemap").is_some_and(|&n| n >= 1), "{kinds:?}");
    assert!(kinds.get("svg").is_some_and(|&n| n > 100), "{kinds:?}");
}
