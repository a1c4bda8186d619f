//! Content stage: finds the Markdown write-ups under `content/`, reads their front matter and
//! checks which keys each section allows. Markdown bodies are rendered later, once the model
//! can resolve internal links. Touches only `content/`.

pub mod frontmatter;
pub mod markdown;
pub mod readability;

pub use frontmatter::{FrontMatter, Source};

use crate::diag::{Diagnostic, Diagnostics, rel_display};
use std::path::Path;

/// The content sections and their folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Program,
    Wilayah,
    Berita,
    Halaman,
    /// Easy-read explainers for children (`/anak/`), Indonesian only.
    Anak,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Program,
        Section::Wilayah,
        Section::Berita,
        Section::Halaman,
        Section::Anak,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Section::Program => "program",
            Section::Wilayah => "wilayah",
            Section::Berita => "berita",
            Section::Halaman => "halaman",
            Section::Anak => "anak",
        }
    }
}

/// One write-up: front matter plus unrendered Markdown body.
#[derive(Debug, Clone)]
pub struct Document {
    pub section: Section,
    /// File stem: the page slug, or the district code in `wilayah/`.
    pub key: String,
    /// Language of the text: `id` for originals, `xx` for `*.xx.md` translations.
    pub lang: String,
    /// Path relative to the site root.
    pub file: String,
    pub text: String,
    pub fm: FrontMatter,
    pub body_offset: usize,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// Read every `content/<section>/*.md`, sorted by file name.
pub fn load(root: &Path, d: &mut Diagnostics) -> Vec<Document> {
    let mut docs = Vec::new();
    for section in Section::ALL {
        let dir = root.join("content").join(section.dir());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let rel = rel_display(root, &path);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                d.push(Diagnostic::warning(rel, "symbolic link skipped").hint(
                    "ila never follows links, so content cannot reach outside the site root",
                ));
                continue;
            }
            if !meta.is_file() || path.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            if let Some(doc) = load_one(section, &path, rel, d) {
                docs.push(doc);
            }
        }
    }
    docs
}

fn load_one(section: Section, path: &Path, rel: String, d: &mut Diagnostics) -> Option<Document> {
    let text = match std::fs::read(path) {
        Ok(bytes) => match crate::text::utf8(&rel, &bytes, "save the file as UTF-8") {
            Ok(t) => t.to_string(),
            Err(e) => {
                d.push(e);
                return None;
            }
        },
        Err(e) => {
            d.push(Diagnostic::error(rel, format!("cannot read file: {e}")));
            return None;
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let (key, lang) = split_lang(&stem);
    let (key, lang) = (key.to_string(), lang.to_string());
    if !valid_key(section, &key) {
        let hint = if section == Section::Wilayah {
            "name the file after the district's Kemendagri code, e.g. `35.10.md`".to_string()
        } else {
            format!(
                "rename the file to `{}.md`: lower-case ASCII letters, digits and hyphens",
                slug::slugify(&key)
            )
        };
        d.push(
            Diagnostic::error(rel, "file name is not a valid page address")
                .value(key)
                .hint(hint),
        );
        return None;
    }
    let (fm_text, fm_off, _, body_offset) = frontmatter::split(&rel, &text, d)?;
    let toml = crate::text::Syntax::Toml(fm_off, fm_off + fm_text.len());
    crate::text::check(&rel, &text, toml, d);
    let fm = frontmatter::parse(&rel, &text, &fm_text, fm_off, d)?;
    if !frontmatter::check_lengths(&rel, &text, fm_off, fm_off + fm_text.len(), &fm, d)
        | !check_body_size(&rel, &text, body_offset, d)
    {
        return None;
    }
    if lang == ORIGINAL {
        check_keys(section, &rel, &text, &fm, d);
    }
    Some(Document {
        section,
        key,
        lang,
        file: rel,
        text,
        fm,
        body_offset,
    })
}

/// A body over [`crate::text::BODY_MAX`] is refused at its first line past the limit.
fn check_body_size(rel: &str, text: &str, body_offset: usize, d: &mut Diagnostics) -> bool {
    let max = crate::text::BODY_MAX;
    if text.len() - body_offset <= max {
        return true;
    }
    let at = text.floor_char_boundary(body_offset + max);
    let line = text[..at].matches('\n').count() + 1;
    d.push(
        Diagnostic::error(rel, "write-up is too long")
            .at(line, 1, 1)
            .value(format!("{} bytes of text", text.len() - body_offset))
            .expected(format!(
                "at most {max} bytes (the page weight budget is far smaller)"
            ))
            .hint("split it into several write-ups, or link to the full document in [[sumber]]"),
    );
    false
}

/// The language of original write-ups; translations are `*.<code>.md`.
pub const ORIGINAL: &str = "id";

fn is_lang_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// A write-up file stem as (key, language): `tentang.en` → (`tentang`, `en`), `35.10` →
/// (`35.10`, the original language).
pub fn split_lang(stem: &str) -> (&str, &str) {
    match stem.rsplit_once('.') {
        Some((k, l)) if is_lang_code(l) => (k, l),
        _ => (stem, ORIGINAL),
    }
}

/// Keys a translation may carry: the words. Structural keys stay in the original.
const TRANSLATION_KEYS: [&str; 5] = ["wilayah", "indikator", "mulai", "tanggal", "urutan"];

/// The write-ups of one language edition. For the original language, the originals. For another
/// language, each original whose `*.<lang>.md` translation exists takes the translation's title,
/// summaries, sources (when given) and body, keeping the original's structural keys; the others
/// stay in the original language, so pages can say so. A translation without an original, or one
/// that sets structural keys, is an error.
pub fn edition(docs: &[Document], lang: &str, d: &mut Diagnostics) -> Vec<Document> {
    let originals = docs.iter().filter(|x| x.lang == ORIGINAL);
    if lang == ORIGINAL {
        return originals.cloned().collect();
    }
    let translations: Vec<&Document> = docs.iter().filter(|x| x.lang == lang).collect();
    for t in &translations {
        if !docs
            .iter()
            .any(|o| o.lang == ORIGINAL && o.section == t.section && o.key == t.key)
        {
            d.push(
                Diagnostic::error(&t.file, "translation without an original")
                    .value(t.key.clone())
                    .expected(format!(
                        "content/{}/{}.md next to this file",
                        t.section.dir(),
                        t.key
                    ))
                    .hint("a translation is `<name>.<lang>.md` beside the Indonesian `<name>.md`"),
            );
        }
        let fm = &t.fm;
        let set = [
            fm.wilayah.is_some(),
            fm.indikator.is_some(),
            fm.mulai.is_some(),
            fm.tanggal.is_some(),
            fm.urutan.is_some(),
        ];
        for (k, has) in TRANSLATION_KEYS.iter().zip(set) {
            if has {
                let p = t.text.find(&format!("\n{k}")).map_or(0, |p| p + 1);
                d.push(
                    Diagnostic::error(&t.file, format!("`{k}` belongs in the original, not in a translation"))
                        .at_byte(&t.text, p, p + k.len())
                        .hint(format!("a translation carries only judul, ringkasan, mudah_dibaca, [[sumber]]; remove `{k}` here, the original's value is used")),
                );
            }
        }
    }
    originals
        .map(|o| {
            let Some(t) = translations
                .iter()
                .find(|t| t.section == o.section && t.key == o.key)
            else {
                return o.clone();
            };
            let mut fm = o.fm.clone();
            fm.judul = t.fm.judul.clone();
            fm.ringkasan = t.fm.ringkasan.clone();
            if !t.fm.mudah_dibaca.is_empty() {
                fm.mudah_dibaca = t.fm.mudah_dibaca.clone();
            }
            if !t.fm.sumber.is_empty() {
                fm.sumber = t.fm.sumber.clone();
            }
            Document {
                section: o.section,
                key: o.key.clone(),
                lang: t.lang.clone(),
                file: t.file.clone(),
                text: t.text.clone(),
                fm,
                body_offset: t.body_offset,
            }
        })
        .collect()
}

fn valid_key(section: Section, key: &str) -> bool {
    if section == Section::Wilayah {
        let b = key.as_bytes();
        return b.len() == 5
            && b[2] == b'.'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit());
    }
    !key.is_empty()
        && !key.starts_with('-')
        && key
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Section-specific keys: which are required and which are not allowed.
fn check_keys(section: Section, rel: &str, text: &str, fm: &FrontMatter, d: &mut Diagnostics) {
    let key_at = |k: &str| {
        let p = text.find(&format!("\n{k}")).map_or(0, |p| p + 1);
        Diagnostic::error(rel, format!("`{k}` is not allowed in {}/", section.dir())).at_byte(
            text,
            p,
            p + k.len(),
        )
    };
    let allowed: &[&str] = match section {
        Section::Program => &["wilayah", "indikator", "mulai"],
        Section::Wilayah => &[],
        Section::Berita => &["tanggal", "wilayah"],
        Section::Halaman | Section::Anak => &["urutan"],
    };
    let present = [
        ("wilayah", fm.wilayah.is_some()),
        ("indikator", fm.indikator.is_some()),
        ("mulai", fm.mulai.is_some()),
        ("tanggal", fm.tanggal.is_some()),
        ("urutan", fm.urutan.is_some()),
    ];
    for (k, has) in present {
        if has && !allowed.contains(&k) {
            d.push(key_at(k).hint(format!(
                "keys for {}/: judul, ringkasan, mudah_dibaca, [[sumber]]{}{}",
                section.dir(),
                if allowed.is_empty() { "" } else { ", " },
                allowed.join(", ")
            )));
        }
    }
    if fm.judul.trim().is_empty() {
        d.push(
            key_at("judul")
                .hint("give the page a title")
                .expected("a non-empty title"),
        );
    }
    if section == Section::Berita {
        match &fm.tanggal {
            None => d.push(
                Diagnostic::error(rel, "news needs a date")
                    .expected("`tanggal = \"YYYY-MM-DD\"` in the front matter")
                    .at(2, 1, 1),
            ),
            Some(t) if !valid_date(t) => {
                let p = text.find(t.as_str()).unwrap_or(0);
                d.push(
                    Diagnostic::error(rel, "invalid date")
                        .at_byte(text, p, p + t.len())
                        .value(t.clone())
                        .expected("a date `YYYY-MM-DD`"),
                );
            }
            _ => {}
        }
    }
    for s in &fm.sumber {
        if !s.tanggal.is_empty() && !valid_date(&s.tanggal) {
            let p = text.find(s.tanggal.as_str()).unwrap_or(0);
            d.push(
                Diagnostic::error(rel, "invalid source date")
                    .at_byte(text, p, p + s.tanggal.len())
                    .value(s.tanggal.clone())
                    .expected("a date `YYYY-MM-DD`"),
            );
        }
        if let Some(Err(why)) = (!s.url.is_empty()).then(|| crate::text::web_url(&s.url)) {
            // A value written with escapes is not found as it reads: point at its key instead.
            let p = text
                .find(s.url.as_str())
                .or_else(|| text.find("\nurl").map(|i| i + 1))
                .unwrap_or(0);
            d.push(
                Diagnostic::error(rel, "source url is not a valid http(s) address")
                    .at_byte(text, p, p + s.url.len())
                    .value(s.url.clone())
                    .expected("`https://…`")
                    .hint(why),
            );
        }
    }
}

pub use crate::data::fields::valid_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("22-07-2023"));
    }

    #[test]
    fn keys_follow_file_rules() {
        assert!(valid_key(Section::Wilayah, "35.10"));
        assert!(!valid_key(Section::Wilayah, "banyuwangi"));
        assert!(valid_key(Section::Program, "smart-kampung"));
        assert!(!valid_key(Section::Program, "../etc"));
        assert!(!valid_key(Section::Program, "Smart Kampung"));
    }
}
