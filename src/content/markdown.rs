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

/// A glossary term and the address of its explanation; its first mention in a write-up links
/// there.
#[derive(Debug, Clone)]
pub struct Term {
    pub word: String,
    pub url: String,
    /// Match letter case exactly: acronyms (`KLA`), and headings marked `{.peka-huruf}` (tier
    /// names like `Utama`, which is also the everyday word "utama"). Others match any case.
    pub exact: bool,
}

/// The heading class that makes a glossary term match its letter case exactly.
pub const EXACT_CASE_CLASS: &str = "peka-huruf";

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Render `md` to sanitized HTML. Broken internal links and missing images become errors.
pub fn render(md: &str, origin: &Origin, resolve: Resolver, d: &mut Diagnostics) -> String {
    render_with(md, origin, resolve, &[], d)
}

/// The glossary's terms: each `##` heading of `md`, up to a ` (` gloss, with the id the heading
/// gets when rendered.
pub fn glossary_terms(md: &str, page_url: &str) -> Vec<Term> {
    if too_deep(md).is_some() {
        return Vec::new(); // reported when the page itself is rendered
    }
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, OPTIONS).into_offset_iter().collect();
    let mut used = Ids::default();
    let mut terms = Vec::new();
    for (i, (ev, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = ev
        {
            let text = heading_text(&events[i + 1..]);
            let wanted = id.as_ref().map_or_else(|| text.clone(), |x| x.to_string());
            let anchor = unique_id(&wanted, &mut used);
            let word = text.split(" (").next().unwrap_or("").trim().to_string();
            if *level == HeadingLevel::H2 && !word.is_empty() {
                let acronym = !word.chars().any(char::is_lowercase);
                terms.push(Term {
                    exact: acronym || classes.iter().any(|c| c.as_ref() == EXACT_CASE_CLASS),
                    word,
                    url: format!("{page_url}#{anchor}"),
                });
            }
        }
    }
    terms
}

/// Render `md` like [`render`], linking the first mention of each glossary term (outside
/// headings, links and code) to its explanation.
pub fn render_with(
    md: &str,
    origin: &Origin,
    resolve: Resolver,
    glossary: &[Term],
    d: &mut Diagnostics,
) -> String {
    if let Some((at, depth)) = too_deep(md) {
        d.push(
            Diagnostic::error(origin.file, "block quotes or lists are nested too deeply")
                .at_byte(origin.text, origin.offset + at, origin.offset + at + 1)
                .value(format!("{depth} levels"))
                .expected(format!(
                    "at most {MAX_NESTING} levels of `>` and list items"
                ))
                .hint("write-ups rarely need more than three levels; flatten the quotes or lists"),
        );
        return String::new();
    }
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, OPTIONS).into_offset_iter().collect();
    let mut used_ids = Ids::default();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // A term the author already links by hand is not linked again.
    let mut linked: Vec<bool> = glossary
        .iter()
        .map(|t| {
            events.iter().any(|(ev, _)| {
                matches!(ev, Event::Start(Tag::Link { dest_url, .. })
                    if link_target(dest_url, resolve).as_deref() == Some(t.url.as_str()))
            })
        })
        .collect();
    let mut depth_no_link = 0usize;
    for (i, (ev, range)) in events.iter().enumerate() {
        match ev {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::TableHead | Tag::CodeBlock(_),
            ) => depth_no_link += 1,
            Event::End(
                TagEnd::Heading(_) | TagEnd::Link | TagEnd::TableHead | TagEnd::CodeBlock,
            ) => depth_no_link = depth_no_link.saturating_sub(1),
            Event::Text(t) if depth_no_link == 0 && !glossary.is_empty() => {
                link_terms(t, glossary, &mut linked, &mut out);
                continue;
            }
            _ => {}
        }
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

/// How deeply block quotes and list items may nest. Deeper nesting makes the Markdown parser
/// take time that grows with the square of the depth (a 100 KB line of `>` took minutes).
pub const MAX_NESTING: usize = 32;

/// The first line whose block quote and list markers (`>`, `-`, `*`, `+`, `1.`, `1)` at the
/// start, before any other text) nest more than [`MAX_NESTING`] deep: the byte offset of the
/// marker past the limit and the line's depth. One pass over the text.
pub fn too_deep(md: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in md.split_inclusive('\n') {
        let b = line.as_bytes();
        let (mut i, mut depth, mut over) = (0, 0usize, None);
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' => i += 1,
                b'>' => {
                    depth += 1;
                    i += 1;
                }
                b'-' | b'*' | b'+' if matches!(b.get(i + 1), Some(b' ' | b'\t')) => {
                    depth += 1;
                    i += 2;
                }
                b'0'..=b'9' => {
                    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let after = i + digits;
                    if digits <= 9
                        && matches!(b.get(after), Some(b'.' | b')'))
                        && matches!(b.get(after + 1), Some(b' ' | b'\t'))
                    {
                        depth += 1;
                        i = after + 2;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
            if depth > MAX_NESTING && over.is_none() {
                over = Some(offset + i - 1);
            }
        }
        if let Some(at) = over {
            return Some((at, depth));
        }
        offset += line.len();
    }
    None
}

/// Push `text` as events, turning the first mention of each not-yet-linked term into a link.
fn link_terms<'a>(
    text: &CowStr<'a>,
    terms: &[Term],
    linked: &mut [bool],
    out: &mut Vec<Event<'a>>,
) {
    let mut rest: &str = text;
    loop {
        // The earliest mention of any unlinked term; the longest term wins at one position.
        let found = terms
            .iter()
            .enumerate()
            .filter(|(i, _)| !linked[*i])
            .filter_map(|(i, t)| {
                find_word(rest, &t.word, t.exact).map(|p| (p, std::cmp::Reverse(t.word.len()), i))
            })
            .min();
        let Some((pos, _, i)) = found else {
            break;
        };
        let end = pos + terms[i].word.len();
        if pos > 0 {
            out.push(Event::Text(rest[..pos].to_string().into()));
        }
        out.push(Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: terms[i].url.clone().into(),
            title: "".into(),
            id: "".into(),
        }));
        out.push(Event::Text(rest[pos..end].to_string().into()));
        out.push(Event::End(TagEnd::Link));
        // One link per term per page; the same term is not linked again.
        for (j, t) in terms.iter().enumerate() {
            if t.url == terms[i].url {
                linked[j] = true;
            }
        }
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_string().into()));
    }
}

/// The byte position of `word` in `text` as a whole word; ASCII letter case is ignored unless
/// `exact` (ASCII lowering keeps byte positions).
fn find_word(text: &str, word: &str, exact: bool) -> Option<usize> {
    let (hay, needle) = if exact {
        (text.to_string(), word.to_string())
    } else {
        (text.to_ascii_lowercase(), word.to_ascii_lowercase())
    };
    hay.match_indices(&needle).map(|(p, _)| p).find(|&p| {
        let before = text[..p].chars().next_back();
        let after = text[p + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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

/// Heading ids already given in one document, and for each base the next number to try, so
/// that a thousand headings with the same text take linear time (not a thousand probes each).
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

fn unique_id(wanted: &str, ids: &mut Ids) -> String {
    let mut base = slug::slugify(wanted);
    if base.is_empty() {
        base = "bagian".into();
    }
    if base.starts_with(RESERVED_PREFIX) || base.starts_with("fn-") {
        base = format!("h-{base}");
    }
    if ids.used.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(1);
    loop {
        *n += 1;
        let mut id = format!("{base}-{n}");
        // A repeated `ila` or `fn` heading would otherwise become `ila-2` or `fn-2`.
        if id.starts_with(RESERVED_PREFIX) || id.starts_with("fn-") {
            id = format!("h-{id}");
        }
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
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
    fn nesting_past_the_limit_is_refused_at_its_line() {
        let deep = format!("Teks.\n\n> {}x\n", "> ".repeat(MAX_NESTING));
        assert_eq!(too_deep(&deep).map(|(_, d)| d), Some(MAX_NESTING + 1));
        let (html, d) = run(&deep);
        assert!(html.is_empty());
        let e = d.sorted()[0].clone();
        // `+++`, `judul`, `+++`, then the body's third line; the 33rd `>` is column 65.
        assert_eq!((e.line, e.column), (6, 2 * MAX_NESTING + 1), "{e}");
        assert!(e.message.contains("nested too deeply"));
        let ok = format!("{} x\n\n1. - * + x\n", ">".repeat(MAX_NESTING));
        assert_eq!(too_deep(&ok), None);
        assert!(run(&ok).1.is_empty());
    }

    #[test]
    fn many_equal_headings_get_numbered_ids_in_order() {
        let (html, _) = run(&"## Sama\n\n".repeat(300));
        assert!(html.contains("id=\"sama\"") && html.contains("id=\"sama-300\""));
        let (html, _) = run("## A {#a-2}\n\n## A\n\n## A\n");
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(ids, ["a-2", "a", "a-3"]);
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
    fn first_mention_of_a_glossary_term_links_to_it() {
        let glossary = "## KLA\n\nx\n\n## Gugus Tugas KLA\n\ny\n\n## Klaster (cluster)\n\nz\n\n## Utama {.peka-huruf}\n\nu\n";
        let terms = glossary_terms(glossary, "/glosarium/");
        let words: Vec<&str> = terms.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["KLA", "Gugus Tugas KLA", "Klaster", "Utama"]);
        let exact: Vec<bool> = terms.iter().map(|t| t.exact).collect();
        assert_eq!(exact, [true, false, false, true]);
        assert_eq!(terms[2].url, "/glosarium/#klaster-cluster");
        let md = "## KLA di sini\n\nTabel utama: rapat gugus tugas KLA membahas kla, KLA dan Klaster I. Lagi: KLA, Klasterku, [KLA](https://x.org). Predikat Utama.\n";
        let mut d = Diagnostics::new();
        let origin = Origin {
            file: "c.md",
            text: md,
            offset: 0,
        };
        let h = render_with(md, &origin, &|_| None, &terms, &mut d)
            .replace(" rel=\"noopener noreferrer\"", "");
        assert!(
            h.contains("<h2 id=\"kla-di-sini\">KLA di sini</h2>"),
            "headings are not linked: {h}"
        );
        assert!(h.contains("Tabel utama: rapat <a href=\"/glosarium/#gugus-tugas-kla\">gugus tugas KLA</a> membahas kla, <a href=\"/glosarium/#kla\">KLA</a> dan <a href=\"/glosarium/#klaster-cluster\">Klaster</a> I."), "{h}");
        assert!(
            h.contains("Predikat <a href=\"/glosarium/#utama\">Utama</a>."),
            "{h}"
        );
        assert_eq!(
            h.matches("href=\"/glosarium/#kla\"").count(),
            1,
            "linked once: {h}"
        );
        assert!(!h.contains(">Klaster</a>ku"), "whole words only: {h}");
    }

    #[test]
    fn images_are_refused() {
        let (h, d) = run("![foto](https://example.org/a.jpg)");
        assert!(!h.contains("<img"));
        assert_eq!(d.errors(), 1);
    }
}
