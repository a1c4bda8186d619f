//! Chart wording in the page's language: sentence templates come from the theme's UI-string
//! table (`grafik.*` keys with `{name}` placeholders), tier and group names from `ila.toml`.

use crate::config::Config;
use std::collections::BTreeMap;
use std::fmt::Display;

/// Every UI-string key the charts use; the template engine checks each language has them.
pub const KEYS: &[&str] = &[
    "grafik.riwayat.satu",
    "grafik.riwayat.naik",
    "grafik.riwayat.turun",
    "grafik.riwayat.tetap",
    "grafik.riwayat.desc",
    "grafik.riwayat.kosong",
    "grafik.nilai",
    "grafik.nilai_perkiraan",
    "grafik.retrospektif",
    "grafik.nasional.judul",
    "grafik.nasional.judul_pendek",
    "grafik.nasional.bagian",
    "grafik.nasional.tahun",
    "grafik.nasional.kunci_nas",
    "grafik.nasional.kunci_cat",
    "grafik.nasional.kunci_total",
    "grafik.nasional.tahun_total",
    "grafik.provinsi.judul",
    "grafik.provinsi.kosong",
    "grafik.peringkat.judul",
    "grafik.peringkat.baris",
    "grafik.klaster.judul",
    "grafik.klaster.judul_satu",
    "grafik.klaster.baris",
    "grafik.klaster.sebelum",
    "grafik.kolom.jumlah",
    "grafik.kolom.kelompok",
    "grafik.kolom.maks",
    "grafik.tabel",
    "peta.nasional.judul",
    "peta.nasional.desc",
    "peta.tahun.judul",
    "peta.gerak.judul",
    "peta.gerak.desc",
    "peta.provinsi.judul",
    "peta.provinsi.desc",
    "peta.lokasi.judul",
    "peta.lokasi.desc",
    "gerak.naik",
    "gerak.tetap",
    "gerak.turun",
    "gerak.baru",
    "tidak_ada_catatan",
    "provinsi",
    "tercatat",
    "tahun",
    "nilai",
];

/// Wording for one language.
pub struct Labels<'a> {
    strings: &'a BTreeMap<String, String>,
    cfg: &'a Config,
    en: bool,
}

impl<'a> Labels<'a> {
    pub fn new(strings: &'a BTreeMap<String, String>, cfg: &'a Config, lang: &str) -> Self {
        Labels {
            strings,
            cfg,
            en: lang == "en",
        }
    }

    /// The sentence for `key` with each `{name}` replaced; the key itself when it is missing
    /// (the engine reports missing keys before any chart is drawn).
    pub fn text(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let Some(template) = self.strings.get(key) else {
            return key.to_string();
        };
        fill(template, args)
    }

    /// A tier's name. Tier names (Pratama … Utama) are official proper nouns and stay as they
    /// are in every language; `nama_en` is a gloss for running text, too long for chart labels.
    pub fn tier(&self, i: usize) -> &'a str {
        &self.cfg.predikat[i].nama
    }

    /// A group's (Kelembagaan, Klaster I–V) name in this language, by code.
    pub fn group(&self, kode: &str) -> &'a str {
        match self.cfg.kelompok.iter().find(|g| g.kode == kode) {
            Some(g) if self.en && !g.nama_en.is_empty() => &g.nama_en,
            Some(g) => &g.nama,
            None => "",
        }
    }

    /// A whole percentage, e.g. `45%`.
    pub fn percent(&self, part: u64, whole: u64) -> String {
        crate::render::filters::percent(part, whole)
    }
}

/// Replace `{name}` placeholders in one pass; unknown names stay as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let out = fill(
            "{nama} naik ke {ke} pada {tahun} {x}",
            &[("nama", &"Banjar {ke}"), ("ke", &"Madya"), ("tahun", &2022)],
        );
        assert_eq!(out, "Banjar {ke} naik ke Madya pada 2022 {x}");
        assert_eq!(fill("tanpa { tutup", &[]), "tanpa { tutup");
    }
}
