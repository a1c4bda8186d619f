//! Site configuration: reads and validates `ila.toml` (site identity, tier bands, group names).

use crate::diag::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole `ila.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub situs: Site,
    #[serde(default)]
    pub atribusi: Attribution,
    pub predikat: Vec<TierBand>,
    pub kelompok: Vec<Group>,
    /// Display names of province-level award kinds, keyed by the code used in the CSV.
    #[serde(default = "default_province_awards")]
    pub penghargaan_provinsi: BTreeMap<String, String>,
    #[serde(default)]
    pub batas: Limits,
    #[serde(default)]
    pub mudah_dibaca: Readability,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub judul: String,
    #[serde(default)]
    pub judul_en: String,
    #[serde(default)]
    pub deskripsi: String,
    #[serde(default)]
    pub deskripsi_en: String,
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub tema: String,
    #[serde(default = "default_lang")]
    pub bahasa: String,
    #[serde(default)]
    pub versi_data: String,
    /// Marks every page as built from synthetic data ("DATA CONTOH").
    #[serde(default)]
    pub data_contoh: bool,
    /// Further languages, each built under `/<code>/` (e.g. `["en"]`); `bahasa` is at the root.
    #[serde(default)]
    pub terjemahan: Vec<String>,
    /// Draw a 1200×630 PNG share image per district (about 17 ms each uncached). Synthetic
    /// sites with thousands of districts turn this off.
    #[serde(default = "yes")]
    pub kartu_bagikan: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    #[serde(default)]
    pub wilayah: String,
    /// The same attribution in English, for the English edition.
    #[serde(default)]
    pub wilayah_en: String,
}

/// One award tier and its inclusive score band.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierBand {
    pub kode: String,
    pub nama: String,
    #[serde(default)]
    pub nama_en: String,
    pub min: u32,
    pub maks: u32,
    #[serde(default = "yes")]
    pub pernah_diraih: bool,
    #[serde(default)]
    pub keterangan: String,
}

/// One scoring group: Kelembagaan or a Klaster.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub kode: String,
    pub nama: String,
    #[serde(default)]
    pub nama_en: String,
    /// Maximum points of this group, when an official source gives it (none does yet: the
    /// domain brief finds no published weights). `nilai_klaster.csv` may give it per row.
    #[serde(default)]
    pub maks: Option<u32>,
}

/// Build-time limits (page weight budget and similar).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest allowed HTML page, in bytes.
    #[serde(default = "default_max_page")]
    pub halaman_maks_byte: usize,
    /// Most table rows on one list page (`/wilayah/`, award-year views, province grids); a
    /// longer list is split into numbered parts (`…/halaman/2/`). At least 1.
    #[serde(default = "default_rows")]
    pub baris_per_halaman: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            halaman_maks_byte: default_max_page(),
            baris_per_halaman: default_rows(),
        }
    }
}

/// Readability limits for easy-read text (`/anak/` pages and `mudah_dibaca` summaries).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readability {
    /// Highest allowed average of words per sentence in one text.
    #[serde(default = "default_words")]
    pub kata_per_kalimat_maks: f64,
    /// Highest allowed average of syllables per word in one text.
    #[serde(default = "default_syllables")]
    pub suku_kata_per_kata_maks: f64,
}

impl Default for Readability {
    fn default() -> Self {
        Readability {
            kata_per_kalimat_maks: default_words(),
            suku_kata_per_kata_maks: default_syllables(),
        }
    }
}

fn default_words() -> f64 {
    10.0
}
fn default_syllables() -> f64 {
    2.8
}
fn default_rows() -> usize {
    200
}
fn default_max_page() -> usize {
    150 * 1024
}
fn yes() -> bool {
    true
}
fn default_theme() -> String {
    "ila".into()
}
fn default_lang() -> String {
    "id".into()
}
fn default_province_awards() -> BTreeMap<String, String> {
    [
        ("provila", "Provinsi Layak Anak (Provila)"),
        ("pelopor_provinsi_layak_anak", "Pelopor Provinsi Layak Anak"),
        (
            "penggerak_provinsi_layak_anak",
            "Penggerak Provinsi Layak Anak",
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

pub const FILE: &str = "ila.toml";

impl Config {
    /// Read `ila.toml` under `root`. Problems go to `diags`; `None` when unusable.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(FILE, format!("cannot read the site configuration: {e}"))
                        .hint("run ila from the site root or pass --root DIR; the root holds ila.toml, data/, content/"),
                );
                return None;
            }
        };
        Self::parse(&text, diags)
    }

    /// Parse and validate configuration text.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let clean = crate::text::check(FILE, text, crate::text::Syntax::Toml(0, text.len()), diags);
        let cfg: Config = match toml::from_str(text) {
            Ok(c) => c,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                diags.push(
                    Diagnostic::error(FILE, format!("invalid configuration: {}", e.message()))
                        .at_byte(text, span.start, span.end)
                        .hint("see the configuration reference in README.md"),
                );
                return None;
            }
        };
        let before = diags.errors();
        cfg.validate(text, diags);
        (clean && diags.errors() == before).then_some(cfg)
    }

    fn validate(&self, text: &str, diags: &mut Diagnostics) {
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        let url = &self.situs.base_url;
        let parsed = crate::text::web_url(url);
        if parsed.is_err() || !url.ends_with('/') {
            let p = at("base_url");
            let why = parsed
                .err()
                .unwrap_or_else(|| "it does not end in `/`".into());
            diags.push(
                Diagnostic::error(
                    FILE,
                    "base_url must be an absolute http(s) URL ending in `/`",
                )
                .at_byte(text, p, p + 8)
                .value(url.clone())
                .expected("e.g. `https://example.org/` or `https://example.org/ila/`")
                .hint(why),
            );
        }
        for (i, code) in self.situs.terjemahan.iter().enumerate() {
            let ok = code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase());
            let dup = *code == self.situs.bahasa || self.situs.terjemahan[..i].contains(code);
            if !ok || dup {
                let p = at(&format!("\"{code}\""));
                diags.push(
                    Diagnostic::error(FILE, "invalid translation language")
                        .at_byte(text, p, p + code.len() + 2)
                        .value(code.clone())
                        .expected(format!(
                            "a two-letter code other than `{}`, listed once, e.g. \"en\"",
                            self.situs.bahasa
                        ))
                        .hint("each language needs themes/<tema>/i18n/<code>.toml"),
                );
            }
        }
        if self.predikat.is_empty() {
            diags.push(Diagnostic::error(
                FILE,
                "no [[predikat]] tier bands defined",
            ));
        }
        for w in self.predikat.windows(2) {
            if w[1].min <= w[0].maks || w[1].min > w[1].maks {
                let p = at(&format!("\"{}\"", w[1].kode));
                diags.push(
                    Diagnostic::error(
                        FILE,
                        "tier bands must be listed lowest first and must not overlap",
                    )
                    .at_byte(text, p, p + w[1].kode.len() + 2)
                    .value(format!("{} {}–{}", w[1].kode, w[1].min, w[1].maks))
                    .expected(format!("a band starting above {}", w[0].maks)),
                );
            }
        }
        if self.batas.baris_per_halaman == 0 {
            let p = at("baris_per_halaman");
            diags.push(
                Diagnostic::error(FILE, "baris_per_halaman must be at least 1")
                    .at_byte(text, p, p + "baris_per_halaman".len())
                    .value("0")
                    .expected("the most table rows on one list page, e.g. 200")
                    .hint("remove the line to use the default (200)"),
            );
        }
        if self.predikat.last().is_some_and(|t| t.maks > 1000) {
            diags.push(Diagnostic::error(
                FILE,
                "the highest tier band ends above 1000 points",
            ));
        }
    }

    /// The tier index whose code is `code`.
    pub fn tier_index(&self, code: &str) -> Option<usize> {
        self.predikat.iter().position(|t| t.kode == code)
    }

    /// The tier a whole score falls in, if any (below the lowest band: none).
    pub fn tier_for_score(&self, score: u32) -> Option<usize> {
        self.predikat
            .iter()
            .position(|t| score >= t.min && score <= t.maks)
    }

    /// The configuration of the translated edition `lang`, built under `/<lang>/`: its base URL,
    /// language, and the title and description in that language where ila.toml gives them
    /// (`judul_en`, `deskripsi_en`).
    pub fn edition(&self, lang: &str) -> Config {
        let mut c = self.clone();
        c.situs.base_url = format!("{}{lang}/", self.situs.base_url);
        c.situs.bahasa = lang.to_string();
        if lang == "en" {
            if !c.situs.judul_en.is_empty() {
                c.situs.judul = c.situs.judul_en.clone();
            }
            if !c.situs.deskripsi_en.is_empty() {
                c.situs.deskripsi = c.situs.deskripsi_en.clone();
            }
            if !c.atribusi.wilayah_en.is_empty() {
                c.atribusi.wilayah = c.atribusi.wilayah_en.clone();
            }
        }
        c
    }

    /// The site's path prefix, e.g. `/` or `/ila/`.
    pub fn base_path(&self) -> String {
        let rest = self.situs.base_url.splitn(4, '/').nth(3).unwrap_or("");
        format!("/{rest}")
    }
}

/// Why `base_url` is a placeholder rather than the site's real address, if it is: a reserved
/// example domain (RFC 2606: `example.org`, `.example`, `.invalid`, `.test`), a loopback
/// host (`localhost`, `127.x.x.x`, `[::1]`) or an unset host. A site built with one has embed
/// snippets, citations, feeds and share previews that point nowhere.
pub fn placeholder_base_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .unwrap_or(host)
            .trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let under = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    if host.is_empty() {
        Some("no host")
    } else if ["example.org", "example.com", "example.net", "example"]
        .iter()
        .any(|d| under(d))
    {
        Some("a reserved example domain")
    } else if under("invalid") || under("test") {
        Some("a reserved test domain")
    } else if under("localhost") || host.starts_with("127.") || host == "::1" || host == "0.0.0.0" {
        Some("a loopback address")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_base_urls_are_recognised_and_real_ones_are_not() {
        for url in [
            "https://ila.example.org/",
            "https://example.com/ila/",
            "http://contoh.invalid/",
            "https://site.test/",
            "http://localhost:1111/",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/",
            "https://user@EXAMPLE.NET./",
            "https:///",
        ] {
            assert!(placeholder_base_url(url).is_some(), "{url}");
        }
        for url in [
            "https://kla.kemenpppa.go.id/",
            "https://someone.github.io/ila/",
            "https://example.org.id/",
            "https://notexample.org/",
            "https://testing.id/",
        ] {
            assert_eq!(placeholder_base_url(url), None, "{url}");
        }
    }

    const MIN: &str = r#"
[situs]
judul = "x"
base_url = "https://example.org/ila/"
[[predikat]]
kode = "pratama"
nama = "Pratama"
min = 500
maks = 600
[[predikat]]
kode = "madya"
nama = "Madya"
min = 601
maks = 700
[[kelompok]]
kode = "I"
nama = "Klaster I"
"#;

    #[test]
    fn parses_minimal_config_and_bands() {
        let mut d = Diagnostics::new();
        let c = Config::parse(MIN, &mut d).expect("valid");
        assert_eq!(c.base_path(), "/ila/");
        assert_eq!(c.tier_for_score(600), Some(0));
        assert_eq!(c.tier_for_score(601), Some(1));
        assert_eq!(c.tier_for_score(499), None);
    }

    #[test]
    fn unknown_key_is_located() {
        let mut d = Diagnostics::new();
        let text = MIN.replace("judul = \"x\"", "judul = \"x\"\nwarna = 1");
        assert!(Config::parse(&text, &mut d).is_none());
        let e = d.sorted()[0].clone();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("warna"), "{e}");
    }

    #[test]
    fn overlapping_bands_are_rejected() {
        let mut d = Diagnostics::new();
        assert!(Config::parse(&MIN.replace("min = 601", "min = 590"), &mut d).is_none());
        assert!(d.sorted()[0].message.contains("overlap"));
    }
}
