//! Easy-read section (`/anak/`): the page context of each district's short page and of the
//! section index, and the readability check of easy-read text against `[mudah_dibaca]` limits
//! in ila.toml (the `mudah_dibaca` summaries, and every rendered `/anak/` page).

use super::views::{DistrictLink, district_link, tier};
use crate::content::Section;
use crate::content::readability::{self, Figures};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Movement, Site};
use serde::Serialize;
use tera::Context;

/// Where the easy-read pages live, below an edition's base path.
pub const DIR: &str = "anak";

/// A build's easy-read figures: all text together, and the hardest page (most words per
/// sentence).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub total: Figures,
    pub pages: usize,
    pub hardest: (String, Figures),
    all: Vec<(String, Figures)>,
}

impl Report {
    pub fn add(&mut self, page: &str, f: Figures) {
        self.total.add(f);
        self.pages += 1;
        self.all.push((page.to_string(), f));
    }

    /// Pick the hardest page independently of the order pages were added in.
    pub fn settle(&mut self) {
        self.all.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(h) = self.all.iter().max_by(|a, b| {
            a.1.words_per_sentence()
                .total_cmp(&b.1.words_per_sentence())
                .then_with(|| b.0.cmp(&a.0))
        }) {
            self.hardest = h.clone();
        }
    }
}

/// Check every `mudah_dibaca` summary against the limits.
pub fn check_docs(site: &Site, d: &mut Diagnostics) {
    let lim = &site.cfg.mudah_dibaca;
    for p in &site.docs {
        let text = &p.doc.fm.mudah_dibaca;
        if text.is_empty() {
            continue;
        }
        let f = readability::measure(text);
        if let Some(why) = f.over(lim.kata_per_kalimat_maks, lim.suku_kata_per_kata_maks) {
            let at = p.doc.text.find("mudah_dibaca").unwrap_or(0);
            d.push(
                Diagnostic::error(&p.doc.file, format!("easy-read summary is too hard: {why}"))
                    .at_byte(&p.doc.text, at, at + "mudah_dibaca".len())
                    .expected("short sentences of common, short words, for children")
                    .hint("split long sentences; the limits are [mudah_dibaca] in ila.toml"),
            );
        }
    }
}

/// Lists marked with this attribute hold names (districts, provinces), which no writer can make
/// simpler; they are left out of the measurement.
pub const UNMEASURED: &str = "data-nama";

/// The text of a rendered page's `<main>`, measured, without the name lists.
pub fn measure_page(html: &str) -> Figures {
    let main = html
        .split_once("<main")
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(html, |(_, rest)| {
            rest.split("</main>").next().unwrap_or(rest)
        });
    let mut text = String::with_capacity(main.len());
    let mut rest = main;
    while let Some(start) = rest.find(&format!("<ul {UNMEASURED}")) {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</ul>")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    readability::measure(&readability::html_text(&text))
}

/// Whether an edition carries the easy-read section: only the Indonesian one (Forum Anak
/// read Indonesian; easy-read text is written, not translated).
pub fn has_section(site: &Site) -> bool {
    site.lang == crate::content::ORIGINAL
}

/// The easy-read page of district `i`: `/anak/wilayah/<slug>/`.
pub fn district_path(site: &Site, i: usize) -> String {
    format!("{DIR}/wilayah/{}/index.html", site.districts[i].slug)
}

pub fn district_url(site: &Site, i: usize) -> String {
    format!(
        "{}{DIR}/wilayah/{}/",
        site.base_path, site.districts[i].slug
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_are_not_measured() {
        let html = "<nav>Menu panjang sekali</nav><main id=x><p>Aku anak.</p>\n<ul data-nama>\n<li>Kabupaten Hulu Sungai Selatan</li>\n</ul>\n<p>Kamu juga.</p></main>";
        let f = measure_page(html);
        assert_eq!((f.sentences, f.words), (2, 4));
    }
}

#[derive(Serialize)]
struct Programme<'a> {
    judul: &'a str,
    url: &'a str,
    mudah_dibaca: &'a str,
}

#[derive(Serialize)]
struct EasyDistrict<'a> {
    w: DistrictLink<'a>,
    /// Tier rank and name of the latest award.
    tingkat: Option<usize>,
    tingkat_maks: usize,
    predikat: Option<&'a str>,
    predikat_kode: Option<&'a str>,
    tahun: Option<u16>,
    gerak: Option<Movement>,
    sebelumnya: Option<&'a str>,
    /// Points to the next tier, when the score is known.
    celah: Option<u32>,
    /// The score behind `celah` is an estimate (`jenis_nilai = derived`).
    celah_perkiraan: bool,
    berikutnya: Option<&'a str>,
    program: Vec<Programme<'a>>,
    /// The district write-up's easy-read summary, if it has one.
    cerita: Option<&'a str>,
    url_lengkap: &'a str,
}

/// Fill the context of district `i`'s easy-read page.
pub fn district_context(site: &Site, i: usize, ctx: &mut Context) {
    let x = &site.districts[i];
    let latest = x.latest();
    let n = x.awards.len();
    let (gerak, sebelumnya) = match n {
        0 => (None, None),
        1 => (Some(Movement::Baru), None),
        _ => (
            Some(x.movements[n - 1]),
            Some(site.cfg.predikat[x.awards[n - 2].tier].nama.as_str()),
        ),
    };
    let gap = site.gap_to_next(x);
    let program = x
        .programmes
        .iter()
        .map(|&j| {
            let p = &site.docs[j];
            Programme {
                judul: &p.doc.fm.judul,
                url: &p.url,
                mudah_dibaca: &p.doc.fm.mudah_dibaca,
            }
        })
        .collect();
    let view = EasyDistrict {
        w: district_link(site, x),
        tingkat: latest.map(|a| a.tier + 1),
        tingkat_maks: site.cfg.predikat.len(),
        predikat: latest.map(|a| site.cfg.predikat[a.tier].nama.as_str()),
        predikat_kode: latest.map(|a| site.cfg.predikat[a.tier].kode.as_str()),
        tahun: latest.map(|a| a.tahun),
        gerak,
        sebelumnya,
        celah: gap.map(|g| g.0),
        celah_perkiraan: gap.is_some()
            && latest.is_some_and(|a| a.jenis_nilai == Some(crate::data::ScoreKind::Derived)),
        berikutnya: gap.map(|g| site.cfg.predikat[g.1].nama.as_str()),
        program,
        cerita: x
            .narrative
            .map(|j| site.docs[j].doc.fm.mudah_dibaca.as_str())
            .filter(|t| !t.is_empty()),
        url_lengkap: &x.url,
    };
    ctx.insert("anak", &view);
    let steps: Vec<usize> = (1..=site.cfg.predikat.len()).collect();
    ctx.insert("tangga", &steps);
    ctx.insert(
        "tingkat_list",
        &(0..site.cfg.predikat.len())
            .map(|t| tier(site, t))
            .collect::<Vec<_>>(),
    );
    insert_explainers(site, ctx);
}

/// Fill the context of the `/anak/` index: explainers, then every district by province.
/// `part`: the slices of province groups this part of the index lists (see
/// `render::paging`).
pub fn index_context(site: &Site, part: &[super::paging::Slice], ctx: &mut Context) {
    insert_explainers(site, ctx);
    let provinces: Vec<serde_json::Value> = part
        .iter()
        .map(|s| {
            let p = &site.provinces[s.group];
            let list: Vec<serde_json::Value> = p.districts[s.start..s.end]
                .iter()
                .map(|&i| serde_json::json!({"nama": site.districts[i].nama, "url": district_url(site, i)}))
                .collect();
            serde_json::json!({"nama": p.nama, "wilayah": list, "lanjutan": s.continued()})
        })
        .collect();
    ctx.insert("provinsi", &provinces);
}

/// The easy-read explainers (`content/anak/`), in menu order.
pub fn insert_explainers(site: &Site, ctx: &mut Context) {
    let list: Vec<serde_json::Value> = site
        .docs_in(Section::Anak)
        .map(|(_, p)| serde_json::json!({"judul": p.doc.fm.judul, "url": p.url, "ringkasan": p.doc.fm.ringkasan}))
        .collect();
    ctx.insert("penjelasan", &list);
    ctx.insert("anak_url", &format!("{}{DIR}/", site.base_path));
}
