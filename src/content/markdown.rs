//! Markdown to safe HTML: pulldown-cmark with tables, footnotes and heading ids; raw HTML is
//! shown as text; `@/` links are resolved by the caller; output is sanitized by ammonia.

use crate::diag::{Diagnostic, Diagnostics};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Resolves an internal `@/section/key#anchor` link to a URL, or `None` when it does not exist.
pub type Resolver<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// Where a Markdown body sits, for located diagnostics.
pub struct Origin<'a> {
    pub file: &'a str,
    /// The whole file's text.
    pub text: &'a str,
    /// Byte offset of the body in `text`.
    pub offset: usize,
}

/// Ids used by the theme; headings never take these.
const RESERVED_PREFIX: &str = "ila-";

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into())
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"));
    b
});

/// Render `md` to sanitized HTML. Broken internal links and missing images become errors.
pub fn render(md: &str, origin: &Origin, resolve: Resolver, d: &mut Diagnostics) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, opts).into_offset_iter().collect();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for (i, (ev, range)) in events.iter().enumerate() {
        let locate = |msg: &str| {
            Diagnostic::error(origin.file, msg).at_byte(
                origin.text,
                origin.offset + range.start,
                origin.offset + range.end,
            )
        };
        let ev = match ev.clone() {
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let wanted = match id {
                    Some(id) => id.to_string(),
                    None => heading_text(&events[i + 1..]),
                };
                let id = unique_id(&wanted, &mut used_ids);
                Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(id.into()),
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = link_target(&dest_url, resolve).unwrap_or_else(|| {
                    d.push(
                        locate("link to a page that does not exist")
                            .value(dest_url.to_string())
                            .expected("an existing `@/wilayah/<kode>`, `@/provinsi/<kode>`, `@/program/<file>`, `@/berita/<file>`, `@/halaman/<file>` or `@/predikat/<tahun>`")
                            .hint("check the code or file name; internal links start with `@/`"),
                    );
                    "#".to_string()
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                d.push(
                    locate("images are not supported in write-ups")
                        .value(dest_url.to_string())
                        .hint("ila pages carry no photos (child safeguarding, light pages); describe the image in words or link to the source"),
                );
                Event::Start(Tag::Emphasis)
            }
            Event::End(TagEnd::Image) => Event::End(TagEnd::Emphasis),
            Event::FootnoteReference(name) => Event::FootnoteReference(format!("fn-{name}").into()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                Event::Start(Tag::FootnoteDefinition(format!("fn-{name}").into()))
            }
            other => other,
        };
        out.push(ev);
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    wrap_tables(&SANITIZER.clean(&html).to_string())
}

/// Put each (sanitized) table in a keyboard-scrollable region so wide tables scroll inside the
/// page instead of widening it on a phone.
fn wrap_tables(html: &str) -> String {
    html.replace(
        "<table>",
        "<div class=\"tabel-gulir\" tabindex=\"0\" role=\"region\" aria-label=\"Tabel\"><table>",
    )
    .replace("</table>", "</table></div>")
}

/// `@/…` links go through the resolver; external and in-page links pass through for ammonia.
fn link_target(dest: &CowStr, resolve: Resolver) -> Option<String> {
    match dest.strip_prefix("@/") {
        Some(rest) => resolve(rest),
        None => Some(dest.to_string()),
    }
}

/// Body headings sit under the page's own `<h1>`: `#` becomes `<h2>`, and so on.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn heading_text(rest: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut s = String::new();
    for (ev, _) in rest {
        match ev {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            _ => {}
        }
    }
    s
}

fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let mut base = slug::slugify(wanted);
    if base.is_empty() {
        base = "bagian".into();
    }
    if base.starts_with(RESERVED_PREFIX) || base.starts_with("fn-") {
        base = format!("h-{base}");
    }
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
        // A repeated `ila` or `fn` heading would otherwise become `ila-2` or `fn-2`.
        if id.starts_with(RESERVED_PREFIX) || id.starts_with("fn-") {
            id = format!("h-{id}");
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(md: &str) -> (String, Diagnostics) {
        let mut d = Diagnostics::new();
        let text = format!("+++\njudul = \"x\"\n+++\n{md}");
        let origin = Origin {
            file: "content/x.md",
            text: &text,
            offset: 20,
        };
        let resolve =
            |p: &str| (p == "wilayah/35.10").then(|| "/wilayah/kabupaten-banyuwangi/".to_string());
        let html = render(md, &origin, &resolve, &mut d);
        (html, d)
    }

    #[test]
    fn hostile_markup_is_inert() {
        let (h, _) = run(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <iframe src=\"https://e.vil\"></iframe> <form action=x></form>",
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(!h.contains("<form"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(
            h.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {h}"
        );
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_are_located() {
        let (h, d) = run("Lihat [Banyuwangi](@/wilayah/35.10).\n\nDan [X](@/wilayah/99.99).");
        assert!(h.contains("href=\"/wilayah/kabupaten-banyuwangi/\""), "{h}");
        assert_eq!(d.errors(), 1);
        let e = d.sorted()[0];
        assert_eq!(
            (e.file.as_str(), e.line, e.column),
            ("content/x.md", 6, 5),
            "{e}"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_footnotes_are_prefixed() {
        let (h, _) = run(
            "# Judul\n\n## Pratama\n\n## Pratama\n\nTeks[^1].\n\n[^1]: Catatan.\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n",
        );
        assert!(h.contains("<h2 id=\"judul\">"), "{h}");
        assert!(
            h.contains("id=\"pratama\"") && h.contains("id=\"pratama-2\""),
            "{h}"
        );
        assert!(h.contains("href=\"#fn-1\""), "{h}");
        assert!(h.contains("id=\"fn-1\""), "{h}");
        assert!(
            h.contains("<div class=\"tabel-gulir\" tabindex=\"0\" role=\"region\" aria-label=\"Tabel\"><table>")
                && h.contains("</table></div>"),
            "tables scroll inside a region: {h}"
        );
    }

    #[test]
    fn repeated_headings_never_take_reserved_ids() {
        let (h, _) = run("# ILA\n\n# ILA\n\n# fn\n\n# fn\n\nTeks[^2].\n\n[^2]: Catatan.\n");
        assert!(
            h.contains("id=\"ila\"") && h.contains("id=\"h-ila-2\""),
            "{h}"
        );
        assert!(
            h.contains("id=\"fn\"") && h.contains("id=\"h-fn-2\""),
            "{h}"
        );
        assert_eq!(h.matches("id=\"fn-2\"").count(), 1, "{h}");
    }

    #[test]
    fn images_are_refused() {
        let (h, d) = run("![foto](https://example.org/a.jpg)");
        assert!(!h.contains("<img"));
        assert_eq!(d.errors(), 1);
    }
}
