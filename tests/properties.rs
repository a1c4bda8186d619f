//! Property tests: no input makes the loaders or the Markdown pipeline panic, every reported
//! position lies inside the input, and sanitized Markdown never carries active content.

use ila::content::frontmatter;
use ila::content::markdown::{self, Origin};
use ila::data::csvfile::{self, Schema};
use ila::diag::Diagnostics;
use proptest::prelude::*;

const S: Schema = Schema {
    required: &["kode", "tahun", "predikat", "sumber"],
    optional: &["nilai", "catatan"],
};

fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        Just("35.10".to_string()),
        Just("2023".to_string()),
        Just("madya".to_string()),
        Just("\"a, b\"".to_string()),
        Just("\"".to_string()),
        Just(";".to_string()),
        Just("\u{feff}".to_string()),
        "[ -~]{0,8}",
        "\\PC{0,4}",
    ];
    let row = prop::collection::vec(cell, 0..7).prop_map(|c| c.join(","));
    (
        prop::collection::vec(row, 0..6),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(|(rows, header, junk)| {
            let mut s = if header {
                "kode,tahun,predikat,sumber,nilai\n".to_string()
            } else {
                String::new()
            };
            s.push_str(&rows.join("\n"));
            let mut b = s.into_bytes();
            b.extend(junk);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn csv_parsing_never_panics_and_positions_are_in_range(bytes in csv_like()) {
        let mut d = Diagnostics::new();
        let _ = csvfile::parse("t.csv", &bytes, &S, &mut d);
        let lines = bytes.split(|&b| b == b'\n').count();
        for e in d.sorted() {
            prop_assert!(e.line <= lines, "{e} beyond {lines} lines");
            if let (Some(text), true) = (&e.line_text, e.column > 0) {
                prop_assert!(e.column <= text.chars().count() + 1, "{e}: column past the line {text:?}");
            }
        }
    }

    #[test]
    fn front_matter_never_panics(body in "\\PC{0,120}", open in any::<bool>(), close in any::<bool>()) {
        let text = format!("{}{body}\n{}", if open { "+++\n" } else { "" }, if close { "+++\nisi\n" } else { "" });
        let mut d = Diagnostics::new();
        if let Some((fm, off, _, boff)) = frontmatter::split("a.md", &text, &mut d) {
            prop_assert!(boff <= text.len());
            let _ = frontmatter::parse("a.md", &text, &fm, off, &mut d);
        }
        for e in d.sorted() {
            prop_assert!(e.line <= text.lines().count() + 1, "{e}");
        }
    }

    #[test]
    fn sanitized_markdown_is_inert(md in prop::collection::vec(prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JaVaScRiPt:alert(1))".to_string()),
        Just("<a href=\"javascript:x\" onclick=\"y\">z</a>".to_string()),
        Just("<iframe src=//e.vil></iframe>".to_string()),
        Just("<form><input></form>".to_string()),
        Just("[^1]\n\n[^1]: n".to_string()),
        Just("# h {#id onclick=x}".to_string()),
        Just("| a |\n|---|\n| <b onmouseover=x>b</b> |".to_string()),
        "\\PC{0,20}",
    ], 0..8)) {
        let md = md.join("\n\n");
        let origin = Origin { file: "x.md", text: &md, offset: 0 };
        let mut d = Diagnostics::new();
        let html = markdown::render(&md, &origin, &|_: &str| None, &mut d);
        let doc = scraper::Html::parse_fragment(&html);
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            let name = el.value().name();
            prop_assert!(!matches!(name, "script" | "iframe" | "form" | "input" | "object" | "embed" | "style"), "{name} in {html}");
            for (a, v) in el.value().attrs() {
                prop_assert!(!a.starts_with("on"), "{a} in {html}");
                prop_assert!(!v.trim().to_ascii_lowercase().starts_with("javascript:"), "{v} in {html}");
            }
        }
    }
}
