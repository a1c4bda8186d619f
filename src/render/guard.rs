//! Reader-text guard: a rendered page must not carry text meant for editors. Two kinds are
//! refused, each failing the build with the page that shows it:
//! - a **curators' note** (`catatan` of `data/predikat.csv` and `data/provinsi_predikat.csv`:
//!   the data editors' working notes, in English) — readers get `keterangan` instead;
//! - a **repository path** such as `data/predikat.csv` or `content/wilayah/35.10.md`: readers
//!   download `/data/…`, they never see the repository.

use crate::diag::Diagnostic;
use crate::model::Site;
use aho_corasick::AhoCorasick;

/// Shorter notes are not checked: a few words may well appear in reader text by chance.
const MIN_NOTE: usize = 16;
/// Top-level source folders whose paths must not reach a page.
const SOURCE_DIRS: [&str; 5] = ["data/", "content/", "themes/", "templates/", "src/"];

pub struct ReaderText {
    notes: Vec<String>,
    matcher: Option<AhoCorasick>,
}

impl ReaderText {
    pub fn new(site: &Site) -> ReaderText {
        let mut notes: Vec<String> = site
            .districts
            .iter()
            .flat_map(|x| x.awards.iter().map(|a| a.catatan.trim()))
            .chain(
                site.provinces
                    .iter()
                    .flat_map(|p| p.awards.iter().map(|a| a.catatan.trim())),
            )
            .filter(|n| n.chars().count() >= MIN_NOTE)
            .map(str::to_string)
            .collect();
        notes.sort();
        notes.dedup();
        let matcher = (!notes.is_empty())
            .then(|| AhoCorasick::new(&notes).ok())
            .flatten();
        ReaderText { notes, matcher }
    }

    /// Problems of page `out` (rendered from `source`, a template or write-up file).
    pub fn check(&self, out: &str, source: &str, html: &str) -> Vec<Diagnostic> {
        let text = unescape(html);
        let mut found = Vec::new();
        if let Some(m) = self.matcher.as_ref().and_then(|ac| ac.find(text.as_str())) {
            found.push(
                Diagnostic::error(source, format!("page `{out}` shows a curators' note"))
                    .value(self.notes[m.pattern().as_usize()].clone())
                    .expected("reader text: the `keterangan` / `keterangan_en` columns")
                    .hint("`catatan` holds the data editors' working notes; they are published in /data/ downloads only"),
            );
        }
        if let Some(path) = repository_path(&text) {
            found.push(
                Diagnostic::error(source, format!("page `{out}` names a repository file"))
                    .value(path)
                    .expected("a link to the published copy (/data/…) or plain words")
                    .hint("readers never see the repository; the data page links every download"),
            );
        }
        found
    }
}

/// The HTML with the entities an escaper writes turned back into characters.
fn unescape(html: &str) -> String {
    if !html.contains('&') {
        return html.to_string();
    }
    html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The first `data/…`-style path in `text` that is not part of a URL or site path (the byte
/// before it is not a letter, digit, `/`, `.`, `_` or `-`) and names something below the
/// folder.
fn repository_path(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for dir in SOURCE_DIRS {
        let mut from = 0;
        while let Some(i) = text[from..].find(dir).map(|i| i + from) {
            from = i + dir.len();
            let before = i.checked_sub(1).map(|j| bytes[j]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)) {
                continue;
            }
            let rest = &text[from..];
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "._-/".contains(c)))
                .unwrap_or(rest.len());
            if len > 0 {
                return Some(format!("{dir}{}", &rest[..len]));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_paths_are_found_but_urls_and_site_paths_are_not() {
        assert_eq!(
            repository_path("<p>Berkas <code>data/predikat.csv</code> mencatat</p>").as_deref(),
            Some("data/predikat.csv")
        );
        assert_eq!(
            repository_path("lihat content/wilayah/35.10.md").as_deref(),
            Some("content/wilayah/35.10.md")
        );
        assert_eq!(repository_path(r#"<a href="/data/predikat.csv">"#), None);
        assert_eq!(
            repository_path(r#"<a href="https://x.example/data/y.csv">"#),
            None
        );
        assert_eq!(repository_path("metadata/ dan data/ saja"), None);
        assert_eq!(repository_path("akar data&#x2F;x"), None);
        assert_eq!(
            repository_path(&unescape("akar data&#x2F;x.csv")).as_deref(),
            Some("data/x.csv")
        );
    }

    #[test]
    fn unescape_undoes_html_escaping() {
        assert_eq!(
            unescape("a &quot;b&quot; &amp; c&#39;s &lt;d&gt;"),
            "a \"b\" & c's <d>"
        );
    }
}
