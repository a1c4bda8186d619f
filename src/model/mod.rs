//! Model stage: joins data and content into the site's domain: provinces, districts with their
//! award history, award years with national totals, programmes, news and pages. Everything
//! pages show is derived here once, so pages and downloads never disagree.

pub mod desa;
pub mod names;

use crate::config::Config;
use crate::content::{Document, Section};
use crate::data::{Award, Dataset, GroupScore, Indicator, NationalTotal, ProvinceAward};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How a district's tier changed since its previous recorded award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Movement {
    /// First recorded award.
    Baru,
    Naik,
    Turun,
    Tetap,
}

#[derive(Debug, Clone)]
pub struct Province {
    pub kode: String,
    pub nama: String,
    pub slug: String,
    pub url: String,
    /// Indexes into `Site::districts`, by code.
    pub districts: Vec<usize>,
    pub awards: Vec<ProvinceAward>,
}

impl Province {
    /// Up to `n` of the province's districts other than district `i`, nearest in code order.
    pub fn neighbours(&self, i: usize, n: usize) -> Vec<usize> {
        let pos = self.districts.iter().position(|&j| j == i).unwrap_or(0);
        let from = pos
            .saturating_sub(n / 2)
            .min(self.districts.len().saturating_sub(n + 1));
        self.districts[from..]
            .iter()
            .copied()
            .filter(|&j| j != i)
            .take(n)
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct District {
    pub kode: String,
    pub nama: String,
    pub nama_pendek: String,
    pub jenis: &'static str,
    pub slug: String,
    pub url: String,
    pub province: usize,
    /// Awards sorted by year.
    pub awards: Vec<Award>,
    pub movements: Vec<Movement>,
    pub group_scores: Vec<GroupScore>,
    /// Indexes into `Site::docs` of programmes that name this district.
    pub programmes: Vec<usize>,
    /// Index into `Site::docs` of this district's narrative.
    pub narrative: Option<usize>,
    pub news: Vec<usize>,
    /// Indexes into `Site::villages`, by code.
    pub villages: Vec<usize>,
}

impl District {
    /// A short label that stays unique within a province: "Banjar", but "Kota Pasuruan".
    pub fn label(&self) -> String {
        if self.jenis.starts_with("kota") {
            format!("Kota {}", self.nama_pendek)
        } else {
            self.nama_pendek.clone()
        }
    }

    pub fn latest(&self) -> Option<&Award> {
        self.awards.last()
    }

    pub fn award_in(&self, year: u16) -> Option<(&Award, Movement)> {
        self.awards
            .iter()
            .position(|a| a.tahun == year)
            .map(|i| (&self.awards[i], self.movements[i]))
    }
}

/// A content page with its resolved address.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    pub slug: String,
    pub url: String,
}

/// National totals for one award year: count per tier (None when not published) and the
/// year's total of recipients (a `total` row, else the tiers added up).
#[derive(Debug, Clone)]
pub struct YearTotals {
    pub tahun: u16,
    pub per_tier: Vec<Option<u32>>,
    /// The number of recipients that year, when known.
    pub total: Option<u32>,
    pub sources: Vec<crate::data::Citation>,
}

impl YearTotals {
    /// Whether the split by tier is published (2017 has only a total).
    pub fn split_known(&self) -> bool {
        self.per_tier.iter().any(Option::is_some)
    }
}

/// The whole site's domain model.
pub struct Site {
    pub cfg: Config,
    /// Path prefix of this language edition's pages, e.g. `/` or `/ila/en/`.
    pub base_path: String,
    /// This edition's language (`id`, `en`).
    pub lang: String,
    /// The site root's public URL and path, shared by every edition (`/css/`, `/data/`).
    pub root_url: String,
    pub root_path: String,
    /// Every edition's language, the root one first; the others live under `/<lang>/`.
    pub langs: Vec<String>,
    pub provinces: Vec<Province>,
    pub districts: Vec<District>,
    pub by_code: HashMap<String, usize>,
    pub province_by_code: HashMap<String, usize>,
    /// Award years with any recorded data, ascending.
    pub years: Vec<u16>,
    pub national: BTreeMap<u16, YearTotals>,
    pub indicators: Vec<Indicator>,
    /// Award nights by award year (date, place, source), where known.
    pub ceremonies: BTreeMap<u16, crate::data::ceremonies::Ceremony>,
    /// Data editions from `data/edisi.csv`, oldest first, and the archived earlier editions.
    pub editions: Vec<crate::data::editions::DataEdition>,
    pub archived_editions: Vec<String>,
    /// Content pages (programmes, narratives, news, static pages), Indonesian originals.
    pub docs: Vec<Page>,
    /// Villages from the optional `data/desa.csv`, by code.
    pub villages: Vec<desa::Village>,
    /// Recorded districts per tier for each award year, counted once (every district page
    /// shows the latest year's coverage: counting per page was quadratic in districts).
    pub recorded: BTreeMap<u16, Vec<usize>>,
    /// Boundary geometry (`data/batas/`), when the site has maps.
    pub geo: Option<std::sync::Arc<crate::data::geo::Geometry>>,
}

/// First-level URL segments the generator uses; static pages may not take them.
pub const RESERVED: [&str; 14] = [
    "wilayah", "provinsi", "predikat", "program", "berita", "data", "css", "grafik", "embed",
    "anak", "en", "cari", "404", "static",
];

impl Site {
    pub fn build(cfg: Config, data: Dataset, docs: Vec<Document>, d: &mut Diagnostics) -> Site {
        let base_path = cfg.base_path();
        let mut provinces: Vec<Province> = data
            .provinces
            .iter()
            .map(|p| {
                let nama = names::title_case(&p.nama);
                let slug = names::slugify(&nama);
                Province {
                    url: format!("{base_path}provinsi/{slug}/"),
                    kode: p.kode.clone(),
                    nama,
                    slug,
                    districts: Vec::new(),
                    awards: Vec::new(),
                }
            })
            .collect();
        provinces.sort_by(|a, b| a.kode.cmp(&b.kode));
        let province_by_code: HashMap<String, usize> = provinces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.kode.clone(), i))
            .collect();

        let mut regencies = data.regencies.clone();
        regencies.sort_by(|a, b| a.kode.cmp(&b.kode));
        let mut districts: Vec<District> = Vec::with_capacity(regencies.len());
        for r in &regencies {
            let Some(&pi) = province_by_code.get(&r.kode_provinsi) else {
                continue;
            };
            let nama = names::title_case(&r.nama);
            let slug = names::slugify(&nama);
            districts.push(District {
                url: format!("{base_path}wilayah/{slug}/"),
                kode: r.kode.clone(),
                nama_pendek: names::short_name(&nama),
                jenis: names::kind(&r.kode, &r.nama),
                nama,
                slug,
                province: pi,
                awards: Vec::new(),
                movements: Vec::new(),
                group_scores: Vec::new(),
                programmes: Vec::new(),
                narrative: None,
                news: Vec::new(),
                villages: Vec::new(),
            });
        }
        let by_code: HashMap<String, usize> = districts
            .iter()
            .enumerate()
            .map(|(i, x)| (x.kode.clone(), i))
            .collect();
        check_slug_collisions(&districts, &provinces, d);
        for (i, x) in districts.iter().enumerate() {
            provinces[x.province].districts.push(i);
        }
        for a in data.awards {
            if let Some(&i) = by_code.get(&a.kode) {
                districts[i].awards.push(a);
            }
        }
        for g in data.group_scores {
            if let Some(&i) = by_code.get(&g.kode) {
                districts[i].group_scores.push(g);
            }
        }
        for x in &mut districts {
            x.awards.sort_by_key(|a| a.tahun);
            x.movements = movements(&x.awards);
            x.group_scores
                .sort_by(|a, b| (a.tahun, &a.kelompok).cmp(&(b.tahun, &b.kelompok)));
        }
        for pa in data.province_awards {
            if let Some(&i) = province_by_code.get(&pa.kode_provinsi) {
                provinces[i].awards.push(pa);
            }
        }
        for p in &mut provinces {
            p.awards
                .sort_by(|a, b| (a.tahun, &a.jenis).cmp(&(b.tahun, &b.jenis)));
        }

        let national = national_totals(&cfg, &data.national);
        let mut years: BTreeSet<u16> = national.keys().copied().collect();
        years.extend(
            districts
                .iter()
                .flat_map(|x| x.awards.iter().map(|a| a.tahun)),
        );
        let indicators = data.indicators;
        let ceremonies = data.ceremonies.into_iter().map(|c| (c.tahun, c)).collect();
        let (editions, archived_editions) = (data.editions, data.archived_editions);

        let langs = std::iter::once(cfg.situs.bahasa.clone())
            .chain(cfg.situs.terjemahan.iter().cloned())
            .collect();
        let mut site = Site {
            lang: cfg.situs.bahasa.clone(),
            root_url: cfg.situs.base_url.clone(),
            root_path: base_path.clone(),
            langs,
            cfg,
            base_path,
            provinces,
            districts,
            by_code,
            province_by_code,
            years: years.into_iter().collect(),
            national,
            ceremonies,
            editions,
            archived_editions,
            indicators,
            docs: Vec::new(),
            villages: Vec::new(),
            recorded: BTreeMap::new(),
            geo: data.geo.clone(),
        };
        site.recorded = site
            .years
            .iter()
            .map(|&y| (y, site.count_per_tier(y)))
            .collect();
        desa::attach(&mut site, data.villages);
        site.attach_docs(docs, d);
        site
    }

    fn attach_docs(&mut self, docs: Vec<Document>, d: &mut Diagnostics) {
        let mut seen_halaman: BTreeMap<String, String> = BTreeMap::new();
        let mut pages = Vec::new();
        for doc in docs {
            let base = &self.base_path;
            let url = match doc.section {
                Section::Anak => format!("{base}anak/{}/", doc.key),
                Section::Program => format!("{base}program/{}/", doc.key),
                Section::Berita => format!("{base}berita/{}/", doc.key),
                Section::Halaman => format!("{base}{}/", doc.key),
                Section::Wilayah => match self.by_code.get(&doc.key) {
                    Some(&i) => self.districts[i].url.clone(),
                    None => {
                        d.push(
                            Diagnostic::error(&doc.file, "narrative for an unknown district code")
                                .value(doc.key.clone())
                                .expected("a file named after a code in data/wilayah/regencies.csv, e.g. `35.10.md`"),
                        );
                        continue;
                    }
                },
            };
            if doc.section == Section::Anak && doc.key == "wilayah" {
                d.push(
                    Diagnostic::error(&doc.file, "page address collides with a generated section")
                        .value(doc.key.clone())
                        .hint("/anak/wilayah/ holds the easy-read district pages; rename the file"),
                );
                continue;
            }
            if doc.section == Section::Halaman {
                if RESERVED.contains(&doc.key.as_str()) {
                    d.push(
                        Diagnostic::error(
                            &doc.file,
                            "page address collides with a generated section",
                        )
                        .value(doc.key.clone())
                        .hint(format!(
                            "rename the file; reserved names: {}",
                            RESERVED.join(", ")
                        )),
                    );
                    continue;
                }
                if let Some(prev) = seen_halaman.insert(doc.key.clone(), doc.file.clone()) {
                    d.push(
                        Diagnostic::error(&doc.file, "duplicate page address")
                            .value(doc.key.clone())
                            .hint(format!("also used by {prev}")),
                    );
                    continue;
                }
            }
            self.check_refs(&doc, d);
            pages.push(Page {
                slug: doc.key.clone(),
                url,
                doc,
            });
        }
        // Stable order: section, then news newest first, pages by menu order, others by key.
        pages.sort_by(|a, b| {
            let (fa, fb) = (&a.doc.fm, &b.doc.fm);
            a.doc
                .section
                .cmp(&b.doc.section)
                .then_with(|| match a.doc.section {
                    Section::Berita => fb.tanggal.cmp(&fa.tanggal),
                    Section::Halaman | Section::Anak => fa
                        .urutan
                        .unwrap_or(i64::MAX)
                        .cmp(&fb.urutan.unwrap_or(i64::MAX)),
                    _ => std::cmp::Ordering::Equal,
                })
                .then_with(|| a.doc.key.cmp(&b.doc.key))
        });
        for (i, p) in pages.iter().enumerate() {
            match p.doc.section {
                Section::Wilayah => {
                    if let Some(&x) = self.by_code.get(&p.doc.key) {
                        self.districts[x].narrative = Some(i);
                    }
                }
                Section::Program | Section::Berita => {
                    for code in p.doc.fm.wilayah.iter().flatten() {
                        if let Some(&x) = self.by_code.get(code) {
                            if p.doc.section == Section::Program {
                                self.districts[x].programmes.push(i);
                            } else {
                                self.districts[x].news.push(i);
                            }
                        }
                    }
                }
                Section::Halaman | Section::Anak => {}
            }
        }
        self.docs = pages;
    }

    /// District codes and indicator numbers in front matter must exist.
    fn check_refs(&self, doc: &Document, d: &mut Diagnostics) {
        let locate = |needle: &str| {
            let p = doc.text.find(needle).unwrap_or(0);
            (p, p + needle.len())
        };
        for code in doc.fm.wilayah.iter().flatten() {
            if !self.by_code.contains_key(code) {
                let (s, e) = locate(&format!("\"{code}\""));
                d.push(
                    Diagnostic::error(&doc.file, "unknown district code in front matter")
                        .at_byte(&doc.text, s, e)
                        .value(code.clone())
                        .expected(
                            "a Kemendagri code from data/wilayah/regencies.csv, e.g. \"35.10\"",
                        ),
                );
            }
        }
        for n in doc.fm.indikator.iter().flatten() {
            if !self.indicators.iter().any(|i| i.nomor == *n) {
                let (s, e) = locate_number(&doc.text, "indikator", *n);
                d.push(
                    Diagnostic::error(&doc.file, "unknown indicator number in front matter")
                        .at_byte(&doc.text, s, e)
                        .value(n.to_string())
                        .expected("a number listed in data/indikator.csv (1–24)"),
                );
            }
        }
    }

    /// Resolve an internal link path (after `@/`), e.g. `wilayah/35.10#riwayat`.
    pub fn resolve(&self, link: &str) -> Option<String> {
        let (path, anchor) = match link.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (link, String::new()),
        };
        let path = path.trim_end_matches('/');
        let base = &self.base_path;
        let url = match path.split_once('/') {
            None => match path {
                "wilayah" | "provinsi" | "predikat" | "program" | "berita" => {
                    format!("{base}{path}/")
                }
                "" => base.clone(),
                _ => return None,
            },
            Some(("wilayah", code)) => self
                .by_code
                .get(code)
                .map(|&i| self.districts[i].url.clone())?,
            Some(("desa", code)) => self
                .villages
                .binary_search_by(|v| v.kode.as_str().cmp(code))
                .ok()
                .map(|i| self.villages[i].url.clone())?,
            Some(("provinsi", code)) => self
                .province_by_code
                .get(code)
                .map(|&i| self.provinces[i].url.clone())?,
            Some(("predikat", year)) => {
                let y: u16 = year.parse().ok()?;
                self.years
                    .contains(&y)
                    .then(|| format!("{base}predikat/{y}/"))?
            }
            Some((section, key)) => {
                let sec = match section {
                    "anak" => Section::Anak,
                    "program" => Section::Program,
                    "berita" => Section::Berita,
                    "halaman" => Section::Halaman,
                    _ => return None,
                };
                self.docs
                    .iter()
                    .find(|p| p.doc.section == sec && p.doc.key == key)
                    .map(|p| p.url.clone())?
            }
        };
        Some(format!("{url}{anchor}"))
    }

    /// Make this the edition of `lang` under `/<lang>/`: the caller built it from a config whose
    /// base URL already ends in `<lang>/`; this records where the root is.
    pub fn as_edition(mut self, root: &Site) -> Site {
        self.root_url = root.root_url.clone();
        self.root_path = root.root_path.clone();
        self.langs = root.langs.clone();
        self
    }

    /// Where this edition's files go below the output root: `` or `en/`.
    pub fn out_prefix(&self) -> &str {
        self.base_path
            .strip_prefix(self.root_path.as_str())
            .unwrap_or("")
    }

    /// Whether this is the edition at the site root.
    pub fn is_root(&self) -> bool {
        self.base_path == self.root_path
    }

    /// The base path of `lang`'s edition (`/`, `/en/`).
    pub fn edition_path(&self, lang: &str) -> String {
        if self.langs.first().is_some_and(|l| l == lang) {
            self.root_path.clone()
        } else {
            format!("{}{lang}/", self.root_path)
        }
    }

    /// The latest award year with data.
    pub fn latest_year(&self) -> Option<u16> {
        self.years.last().copied()
    }

    /// The award year before `year` with data.
    pub fn previous_year(&self, year: u16) -> Option<u16> {
        self.years.iter().rev().find(|&&y| y < year).copied()
    }

    /// Recorded districts per tier in `year`.
    pub fn recorded_per_tier(&self, year: u16) -> Vec<usize> {
        match self.recorded.get(&year) {
            Some(v) => v.clone(),
            None => self.count_per_tier(year),
        }
    }

    fn count_per_tier(&self, year: u16) -> Vec<usize> {
        let mut v = vec![0; self.cfg.predikat.len()];
        for x in &self.districts {
            if let Some((a, _)) = x.award_in(year) {
                v[a.tier] += 1;
            }
        }
        v
    }

    /// How many of province `p`'s districts have a recorded award in `year`.
    pub fn recorded_in_province(&self, p: &Province, year: u16) -> usize {
        p.districts
            .iter()
            .filter(|&&i| self.districts[i].award_in(year).is_some())
            .count()
    }

    /// Provinces (indexes) in which every district has a recorded award in `year`: their list
    /// for that year is complete.
    pub fn complete_provinces(&self, year: u16) -> Vec<usize> {
        (0..self.provinces.len())
            .filter(|&i| {
                let p = &self.provinces[i];
                !p.districts.is_empty() && self.recorded_in_province(p, year) == p.districts.len()
            })
            .collect()
    }

    pub fn docs_in(&self, section: Section) -> impl Iterator<Item = (usize, &Page)> {
        self.docs
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.doc.section == section)
    }

    /// Points missing to the next tier, when the latest award has a score.
    pub fn gap_to_next(&self, x: &District) -> Option<(u32, usize)> {
        let a = x.latest()?;
        let n = a.nilai?;
        let next = a.tier + 1;
        let band = self.cfg.predikat.get(next)?;
        Some((band.min.saturating_sub(n), next))
    }
}

fn movements(awards: &[Award]) -> Vec<Movement> {
    awards
        .iter()
        .enumerate()
        .map(|(i, a)| match i.checked_sub(1).map(|j| awards[j].tier) {
            None => Movement::Baru,
            Some(prev) if a.tier > prev => Movement::Naik,
            Some(prev) if a.tier < prev => Movement::Turun,
            Some(_) => Movement::Tetap,
        })
        .collect()
}

fn national_totals(cfg: &Config, rows: &[NationalTotal]) -> BTreeMap<u16, YearTotals> {
    let mut out: BTreeMap<u16, YearTotals> = BTreeMap::new();
    for r in rows {
        let e = out.entry(r.tahun).or_insert_with(|| YearTotals {
            tahun: r.tahun,
            per_tier: vec![None; cfg.predikat.len()],
            total: None,
            sources: Vec::new(),
        });
        match r.tier {
            Some(t) => e.per_tier[t] = Some(r.jumlah),
            None => e.total = Some(r.jumlah),
        }
        if !e.sources.contains(&r.sumber) {
            e.sources.push(r.sumber.clone());
        }
    }
    for e in out.values_mut() {
        if e.total.is_none() && e.split_known() {
            e.total = Some(e.per_tier.iter().flatten().sum());
        }
    }
    out
}

/// The byte span of the number `n` on the line of front-matter key `key` (or of the key).
fn locate_number(text: &str, key: &str, n: u8) -> (usize, usize) {
    let Some(k) = text.find(key) else {
        return (0, 0);
    };
    let line_end = text[k..].find('\n').map_or(text.len(), |i| k + i);
    let digits = n.to_string();
    let line = &text[k..line_end];
    let bytes = line.as_bytes();
    let found = line.match_indices(&digits).find(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + digits.len()).copied();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    });
    match found {
        Some((i, _)) => (k + i, k + i + digits.len()),
        None => (k, k + key.len()),
    }
}

fn check_slug_collisions(districts: &[District], provinces: &[Province], d: &mut Diagnostics) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for x in districts {
        if let Some(other) = seen.insert(&x.slug, &x.kode) {
            d.push(
                Diagnostic::error(crate::data::wilayah::REGENCIES, "two districts would share one page address")
                    .value(format!("/wilayah/{}/ for {} and {}", x.slug, other, x.kode))
                    .hint("page addresses come from the reference names; report the duplicate name upstream"),
            );
        }
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for p in provinces {
        if let Some(other) = seen.insert(&p.slug, &p.kode) {
            d.push(
                Diagnostic::error(
                    crate::data::wilayah::PROVINCES,
                    "two provinces would share one page address",
                )
                .value(format!(
                    "/provinsi/{}/ for {} and {}",
                    p.slug, other, p.kode
                )),
            );
        }
    }
}
