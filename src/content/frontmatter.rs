//! Front matter: splits `+++` TOML front matter from a Markdown file and parses it, with
//! errors located in the whole file.

use crate::diag::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};

/// A source cited by a write-up.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub judul: String,
    #[serde(default)]
    pub penerbit: String,
    #[serde(default)]
    pub tanggal: String,
    #[serde(default)]
    pub url: String,
}

/// All keys a write-up may carry; which ones a section allows is checked in `content`.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub judul: String,
    #[serde(default)]
    pub ringkasan: String,
    /// Easy-read summary for children.
    #[serde(default)]
    pub mudah_dibaca: String,
    #[serde(default)]
    pub sumber: Vec<Source>,
    /// District codes this write-up concerns.
    pub wilayah: Option<Vec<String>>,
    /// Indicator numbers (1–24) a programme relates to.
    pub indikator: Option<Vec<u8>>,
    pub mulai: Option<u16>,
    /// Date `YYYY-MM-DD` (news).
    pub tanggal: Option<String>,
    /// Menu order (pages).
    pub urutan: Option<i64>,
}

/// Split `text` into (front matter TOML, its byte offset, body, body byte offset).
pub fn split(
    file: &str,
    text: &str,
    d: &mut Diagnostics,
) -> Option<(String, usize, String, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "+++" {
        d.push(
            Diagnostic::error(file, "missing front matter")
                .at_byte(text, start, start + first_end)
                .expected("a first line `+++`, then TOML keys such as `judul = \"…\"`, then a closing `+++`")
                .hint("every write-up starts with front matter; see README.md, section Content"),
        );
        return None;
    }
    let fm_start = start + first_end + 1;
    let mut pos = fm_start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "+++" {
            let body_start = (end + 1).min(text.len());
            return Some((
                text[fm_start..pos].to_string(),
                fm_start,
                text[body_start..].to_string(),
                body_start,
            ));
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    d.push(
        Diagnostic::error(file, "front matter is not closed")
            .at_byte(text, start, start + 3)
            .expected("a line `+++` after the front matter keys")
            .hint("add a line containing only `+++` between the keys and the Markdown text"),
    );
    None
}

/// Parse front matter TOML located at `offset` in the whole file `text`.
pub fn parse(
    file: &str,
    text: &str,
    toml_text: &str,
    offset: usize,
    d: &mut Diagnostics,
) -> Option<FrontMatter> {
    match toml::from_str::<FrontMatter>(toml_text) {
        Ok(fm) => Some(fm),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            let hint = if msg.contains("unknown field") {
                "allowed keys: judul, ringkasan, mudah_dibaca, [[sumber]] (judul, penerbit, tanggal, url), and per section wilayah, indikator, mulai, tanggal, urutan"
            } else if msg.contains("invalid type") {
                "check the value's type: text in quotes, numbers without quotes, lists in [ ]"
            } else {
                "front matter is TOML: `key = \"text\"`, one per line"
            };
            d.push(
                Diagnostic::error(file, format!("invalid front matter: {msg}"))
                    .at_byte(text, offset + span.start, offset + span.end)
                    .hint(hint),
            );
            None
        }
    }
}

/// Refuse front matter text longer than its limit ([`crate::text::TITLE_MAX`],
/// [`crate::text::SUMMARY_MAX`]), located where the value starts in the front matter between
/// the byte offsets `start` and `end` of `text`. Returns whether every value fits.
pub fn check_lengths(
    file: &str,
    text: &str,
    start: usize,
    end: usize,
    fm: &FrontMatter,
    d: &mut Diagnostics,
) -> bool {
    use crate::text::{SUMMARY_MAX, TITLE_MAX};
    let mut values = vec![
        ("judul", fm.judul.as_str(), TITLE_MAX),
        ("ringkasan", fm.ringkasan.as_str(), SUMMARY_MAX),
        ("mudah_dibaca", fm.mudah_dibaca.as_str(), SUMMARY_MAX),
    ];
    for s in &fm.sumber {
        values.push(("sumber.judul", s.judul.as_str(), TITLE_MAX));
        values.push(("sumber.penerbit", s.penerbit.as_str(), TITLE_MAX));
        values.push(("sumber.url", s.url.as_str(), SUMMARY_MAX));
    }
    let mut ok = true;
    for (key, value, max) in values {
        if !crate::text::longer_than(value, max) {
            continue;
        }
        ok = false;
        // Where the value is written: its first characters, as they usually appear verbatim.
        let head: String = value.chars().take(20).collect();
        let at = text[start..end].find(&head).map_or(start, |i| start + i);
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..at].matches('\n').count() + 1;
        let column = text[line_start..at].chars().count() + 1;
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        d.push(
            Diagnostic::error(file, format!("`{key}` is too long"))
                .at(line, column, 1)
                .with_line_text(crate::text::clip_line(&text[line_start..line_end], column))
                .value(crate::text::excerpt(value))
                .expected(format!("at most {max} characters"))
                .hint("keep titles and summaries short: they appear in lists, cards and search results; the full text belongs in the body"),
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses() {
        let t = "+++\njudul = \"A\"\n+++\nBody\n";
        let mut d = Diagnostics::new();
        let (fm, off, body, boff) = split("a.md", t, &mut d).unwrap();
        assert_eq!((off, body.as_str(), boff), (4, "Body\n", 20));
        assert_eq!(parse("a.md", t, &fm, off, &mut d).unwrap().judul, "A");
    }

    #[test]
    fn unknown_key_points_into_the_file() {
        let t = "+++\njudul = \"A\"\nwieght = 3\n+++\n";
        let mut d = Diagnostics::new();
        let (fm, off, _, _) = split("a.md", t, &mut d).unwrap();
        assert!(parse("a.md", t, &fm, off, &mut d).is_none());
        let e = d.sorted()[0];
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("wieght"));
    }

    #[test]
    fn wrong_type_and_missing_delimiters() {
        let mut d = Diagnostics::new();
        let t = "+++\njudul = 5\n+++\n";
        let (fm, off, _, _) = split("a.md", t, &mut d).unwrap();
        assert!(parse("a.md", t, &fm, off, &mut d).is_none());
        assert_eq!(d.sorted()[0].line, 2);
        assert!(split("b.md", "judul = \"x\"\n", &mut d).is_none());
        assert!(split("c.md", "+++\njudul = \"x\"\n", &mut d).is_none());
        assert_eq!(d.errors(), 3);
    }
}
