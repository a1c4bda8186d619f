//! Render stage: turns the model into pages. Markdown bodies are rendered once, then every page
//! gets a small context (site-wide data lives in Tera's global context) and is rendered in
//! parallel. Touches nothing on disk except through the output stage.

pub mod desa;
pub mod easy;
pub mod engine;
pub mod filters;
pub mod guard;
pub mod i18n;
pub mod opendata;
pub mod paging;
mod peta;
pub mod shared;
pub mod views;

use crate::charts::{self, Chart, Labels};
use crate::content::Section;
use crate::content::markdown::{self, Origin};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;
pub use engine::Engine;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use tera::{Context, Value};
use views::*;

/// Render every write-up's Markdown to sanitized HTML, in parallel; order follows `site.docs`.
/// The glossary page's first mention of a term in any other write-up links to it.
pub fn render_docs(site: &Site, d: &mut Diagnostics) -> Vec<String> {
    let resolve = |p: &str| site.resolve(p);
    let glossary = site
        .docs
        .iter()
        .find(|p| p.doc.section == Section::Halaman && p.doc.key == GLOSSARY);
    let terms = glossary.map_or_else(Vec::new, |g| markdown::glossary_terms(g.doc.body(), &g.url));
    let results: Vec<(String, Diagnostics)> = site
        .docs
        .par_iter()
        .map(|p| {
            let mut local = Diagnostics::new();
            let origin = Origin {
                file: &p.doc.file,
                text: &p.doc.text,
                offset: p.doc.body_offset,
            };
            let is_glossary = p.doc.section == Section::Halaman && p.doc.key == GLOSSARY;
            let terms: &[markdown::Term] = if is_glossary { &[] } else { &terms };
            let html = markdown::render_with(p.doc.body(), &origin, &resolve, terms, &mut local);
            (html, local)
        })
        .collect();
    results
        .into_iter()
        .map(|(h, local)| {
            d.extend(local);
            h
        })
        .collect()
}

/// The static page (`content/halaman/<GLOSSARY>.md`) whose `##` headings are the glossary.
pub const GLOSSARY: &str = "glosarium";

/// One page to write.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Home,
    NotFound,
    /// Part `k` (from 0) of `/wilayah/`; see [`paging`].
    DistrictIndex(usize),
    District(usize),
    ProvinceIndex,
    /// Part `k` (from 0) of province `i`'s page.
    Province(usize, usize),
    TierIndex,
    /// Part `k` (from 0) of one view of an award year.
    TierYear(u16, YearView, usize),
    /// Part `k` (from 0) of the programme list.
    ProgramIndex(usize),
    /// Part `k` (from 0) of the news list.
    NewsIndex(usize),
    Doc(usize),
    Sitemap,
    Robots,
    NewsFeed,
    AwardFeed,
    /// Part `k` (from 0) of the easy-read section's index, `/anak/`.
    EasyIndex(usize),
    /// A district's easy-read page, `/anak/wilayah/<slug>/`.
    EasyDistrict(usize),
    /// The search page, `/cari/`.
    Search,
    /// A village page (`/desa/<kode>/`).
    Village(usize),
    /// Part `n` (from 0) of a sitemap too long for one file (`/sitemap-<n+1>.xml`); the
    /// sitemap itself is then an index of the parts.
    SitemapPart(usize),
    /// A district's village list (`/wilayah/<slug>/desa/`).
    VillageList(usize),
    /// A district's Atom feed (`/wilayah/<slug>/atom.xml`): an entry per recorded award and
    /// per write-up that names the district.
    DistrictFeed(usize),
}

/// Every page of an edition, in a fixed order. The site root's edition alone has the 404 page
/// and robots.txt; the Indonesian edition alone has the easy-read section.
pub fn jobs(site: &Site) -> Vec<Job> {
    let with_easy = easy::has_section(site);
    let mut v = vec![Job::Home, Job::NotFound];
    v.extend((0..district_index_parts(site).len()).map(Job::DistrictIndex));
    v.extend([Job::ProvinceIndex, Job::TierIndex]);
    v.extend((0..section_parts(site, Section::Program).len()).map(Job::ProgramIndex));
    v.extend((0..section_parts(site, Section::Berita).len()).map(Job::NewsIndex));
    v.extend((0..site.districts.len()).map(Job::District));
    v.extend((0..site.districts.len()).map(Job::DistrictFeed));
    for (i, p) in site.provinces.iter().enumerate() {
        v.extend((0..province_parts(site, p).len()).map(|k| Job::Province(i, k)));
    }
    for &y in &site.years {
        for view in YearView::ALL {
            let n = year_parts(site, y, view).1.len();
            v.extend((0..n).map(|k| Job::TierYear(y, view, k)));
        }
    }
    v.extend(
        site.docs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.doc.section != Section::Wilayah)
            .filter(|(_, p)| with_easy || p.doc.section != Section::Anak)
            .map(|(i, _)| Job::Doc(i)),
    );
    v.extend([
        Job::Search,
        Job::Sitemap,
        Job::Robots,
        Job::NewsFeed,
        Job::AwardFeed,
    ]);
    if with_easy {
        v.extend((0..easy_index_parts(site).len()).map(Job::EasyIndex));
        v.extend((0..site.districts.len()).map(Job::EasyDistrict));
    }
    v.extend(
        site.districts
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.villages.is_empty())
            .map(|(i, _)| Job::VillageList(i)),
    );
    v.extend((0..site.villages.len()).map(Job::Village));
    if !site.is_root() {
        v.retain(|j| !matches!(j, Job::NotFound | Job::Robots));
    }
    let parts = v
        .iter()
        .filter(|j| j.in_sitemap())
        .count()
        .div_ceil(SITEMAP_MAX);
    if parts > 1 {
        v.extend((0..parts).map(Job::SitemapPart));
    }
    v
}

/// How many districts each province has: the group sizes of the lists grouped by province.
fn province_sizes(site: &Site) -> Vec<usize> {
    site.provinces.iter().map(|p| p.districts.len()).collect()
}

/// The parts of `/wilayah/`: its rows grouped by province.
fn district_index_parts(site: &Site) -> Vec<Vec<paging::Slice>> {
    paging::pack(&province_sizes(site), site.cfg.batas.baris_per_halaman)
}

/// The parts of province `p`'s grid (see [`grid_rows`]).
fn province_parts(site: &Site, p: &crate::model::Province) -> Vec<Vec<paging::Slice>> {
    paging::pack(&[p.districts.len()], grid_rows(site))
}

/// Rows on one part of a province's grid: a grid row has a cell per award year and weighs
/// about four list rows, so a part holds a quarter of `baris_per_halaman` (at least 1). A
/// province with more districts than that has no grid chart either: the paged table carries
/// its data, and a chart that tall would not be readable.
pub fn grid_rows(site: &Site) -> usize {
    (site.cfg.batas.baris_per_halaman / 4).max(1)
}

/// The parts of the easy-read index, `/anak/`: district links grouped by province. A link is
/// about a quarter of a list row, so a part holds four times `baris_per_halaman`.
fn easy_index_parts(site: &Site) -> Vec<Vec<paging::Slice>> {
    paging::pack(
        &province_sizes(site),
        site.cfg.batas.baris_per_halaman.saturating_mul(4),
    )
}

/// The parts of a section's list (programmes, news): one group, in the section's order.
fn section_parts(site: &Site, section: Section) -> Vec<Vec<paging::Slice>> {
    let n = site.docs_in(section).count();
    paging::pack(&[n], site.cfg.batas.baris_per_halaman)
}

/// The rows `start..end` part `k` of a one-group list shows.
fn part_range(parts: &[Vec<paging::Slice>], k: usize) -> (usize, usize) {
    parts
        .get(k)
        .and_then(|part| part.first())
        .map_or((0, 0), |s| (s.start, s.end))
}

/// The groups of one view of award year `year` (row indices in model order, as
/// [`shared::Shared::year`] lists the rows) and its parts. `jobs()` and the page's context both
/// use it, so the pages listed and the pages rendered always agree.
type YearParts = (Vec<(GroupHead, Vec<usize>)>, Vec<Vec<paging::Slice>>);
fn year_parts(site: &Site, year: u16, view: YearView) -> YearParts {
    let keys: Vec<RowKey> = site
        .districts
        .iter()
        .filter_map(|x| {
            let pos = x.awards.iter().position(|a| a.tahun == year)?;
            Some(RowKey {
                tier: x.awards[pos].tier,
                province: x.province,
                gerak: x.movements[pos],
            })
        })
        .collect();
    let groups = year_groups(site, view, &keys);
    let sizes: Vec<usize> = groups.iter().map(|(_, g)| g.len()).collect();
    let parts = paging::pack(&sizes, site.cfg.batas.baris_per_halaman);
    (groups, parts)
}

/// The most addresses one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_MAX: usize = 50_000;

/// The absolute address of every page among `jobs` that the sitemap lists.
fn sitemap_urls(site: &Site, jobs: &[Job]) -> Vec<String> {
    jobs.iter()
        .filter(|j| j.in_sitemap())
        .map(|j| absolute_url(site, &j.out_path(site)))
        .collect()
}

/// The absolute public URL of a site path that already carries the base path
/// (`/ila/wilayah/x/` → `https://example.org/ila/wilayah/x/`).
pub fn public_url(site: &Site, url: &str) -> String {
    let rel = url.strip_prefix(&site.base_path).unwrap_or(url);
    format!("{}{rel}", site.cfg.situs.base_url)
}

/// The absolute public URL of an output path (`wilayah/x/index.html` → `https://…/wilayah/x/`).
pub fn absolute_url(site: &Site, out_path: &str) -> String {
    format!(
        "{}{}",
        site.cfg.situs.base_url,
        out_path.strip_suffix("index.html").unwrap_or(out_path)
    )
}

impl Job {
    /// Output path relative to the site root.
    pub fn out_path(self, site: &Site) -> String {
        match self {
            Job::Home => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::DistrictIndex(k) => format!("wilayah/{}index.html", paging::dir(k)),
            Job::District(i) => format!("wilayah/{}/index.html", site.districts[i].slug),
            Job::DistrictFeed(i) => format!("wilayah/{}/atom.xml", site.districts[i].slug),
            Job::ProvinceIndex => "provinsi/index.html".into(),
            Job::Province(i, k) => format!(
                "provinsi/{}/{}index.html",
                site.provinces[i].slug,
                paging::dir(k)
            ),
            Job::TierIndex => "predikat/index.html".into(),
            Job::TierYear(y, v, k) => {
                format!("predikat/{y}/{}{}index.html", v.dir(), paging::dir(k))
            }
            Job::ProgramIndex(k) => format!("program/{}index.html", paging::dir(k)),
            Job::NewsIndex(k) => format!("berita/{}index.html", paging::dir(k)),
            Job::Sitemap => "sitemap.xml".into(),
            Job::SitemapPart(n) => format!("sitemap-{}.xml", n + 1),
            Job::Robots => "robots.txt".into(),
            Job::NewsFeed => "berita/atom.xml".into(),
            Job::AwardFeed => "predikat/atom.xml".into(),
            Job::EasyIndex(k) => format!("{}/{}index.html", easy::DIR, paging::dir(k)),
            Job::Search => "cari/index.html".into(),
            Job::EasyDistrict(i) => easy::district_path(site, i),
            Job::Village(i) => format!("desa/{}/index.html", site.villages[i].kode),
            Job::VillageList(i) => format!("wilayah/{}/desa/index.html", site.districts[i].slug),
            Job::Doc(i) => {
                let p = &site.docs[i];
                match p.doc.section {
                    Section::Anak => format!("{}/{}/index.html", easy::DIR, p.slug),
                    Section::Program => format!("program/{}/index.html", p.slug),
                    Section::Berita => format!("berita/{}/index.html", p.slug),
                    _ => format!("{}/index.html", p.slug),
                }
            }
        }
    }

    /// Whether the sitemap lists this page: every HTML page but the 404 page (not the
    /// sitemap itself, robots.txt or the feeds).
    pub fn in_sitemap(self) -> bool {
        !matches!(
            self,
            Job::NotFound
                | Job::Sitemap
                | Job::SitemapPart(_)
                | Job::Robots
                | Job::NewsFeed
                | Job::AwardFeed
                | Job::DistrictFeed(_)
        )
    }

    /// Whether readers search for this page: districts, provinces (their first part) and
    /// write-ups (not lists, year tables or the easy-read section, which have their own ways
    /// in).
    pub fn searchable(self, site: &Site) -> bool {
        match self {
            Job::District(_) | Job::Province(_, 0) => true,
            Job::Doc(i) => site.docs[i].doc.section != Section::Anak,
            _ => false,
        }
    }

    pub fn template(self, site: &Site) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::NotFound => "404.html",
            Job::DistrictIndex(_) => "wilayah-daftar.html",
            Job::District(_) => "wilayah.html",
            Job::ProvinceIndex => "provinsi-daftar.html",
            Job::Province(..) => "provinsi.html",
            Job::TierIndex => "predikat-daftar.html",
            Job::TierYear(..) => "predikat-tahun.html",
            Job::ProgramIndex(_) => "program-daftar.html",
            Job::NewsIndex(_) => "berita-daftar.html",
            Job::Sitemap | Job::SitemapPart(_) => "sitemap.xml",
            Job::Robots => "robots.txt",
            Job::NewsFeed => "atom-berita.xml",
            Job::AwardFeed => "atom-predikat.xml",
            Job::DistrictFeed(_) => "atom-wilayah.xml",
            Job::EasyIndex(_) => "anak/indeks.html",
            Job::Search => "cari.html",
            Job::EasyDistrict(_) => "anak/wilayah.html",
            Job::Village(_) => "desa.html",
            Job::VillageList(_) => "desa-daftar.html",
            Job::Doc(i) => match site.docs[i].doc.section {
                Section::Anak => "anak/halaman.html",
                Section::Program => "program.html",
                Section::Berita => "berita.html",
                _ => "halaman.html",
            },
        }
    }
}

#[derive(Serialize)]
struct PageMeta<'a> {
    judul: String,
    deskripsi: String,
    /// Site-relative path with the base path, e.g. `/wilayah/`.
    url: String,
    kanonik: String,
    jenis: &'a str,
    /// Absolute URL of the page's share image.
    gambar: Option<String>,
    /// Site path of the share image, for the visible "Unduh gambar" link.
    kartu: Option<String>,
    /// Site path of the page's own Atom feed (a district's), linked with `rel=alternate`.
    umpan: Option<String>,
    /// The same page in every edition that has it (hreflang), this one included.
    alternatif: Vec<Alternate>,
}

/// One language's version of a page.
#[derive(Serialize)]
struct Alternate {
    bahasa: String,
    /// Site-relative path (for the language switch) and absolute URL (for hreflang).
    url: String,
    kanonik: String,
    kini: bool,
}

/// The page at edition-relative `url` in every edition; pages only one edition has (the
/// easy-read section, 404) list none.
fn alternates(site: &Site, url: &str, jenis: &str) -> Vec<Alternate> {
    if site.langs.len() < 2 || jenis.starts_with("anak") || jenis == "404" || jenis == "embed" {
        return Vec::new();
    }
    let rel = url.strip_prefix(&site.base_path).unwrap_or(url);
    site.langs
        .iter()
        .map(|l| {
            let path = format!("{}{rel}", site.edition_path(l));
            let rel_root = path.strip_prefix(&site.root_path).unwrap_or(&path);
            Alternate {
                bahasa: l.clone(),
                kanonik: format!("{}{rel_root}", site.root_url),
                url: path,
                kini: *l == site.lang,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct SiteView<'a> {
    judul: &'a str,
    deskripsi: &'a str,
    base_path: &'a str,
    /// Path of the site root, shared by every edition: styles and downloads live there.
    akar: &'a str,
    base_url: &'a str,
    versi_data: &'a str,
    atribusi_wilayah: &'a str,
    data_contoh: bool,
    /// `base_url` is a placeholder (see [`crate::config::placeholder_base_url`]): embed and
    /// citation blocks say how to set it instead of showing a snippet that points nowhere.
    alamat_sementara: bool,
    bahasa: &'a str,
    jumlah_wilayah: usize,
    jumlah_provinsi: usize,
}

#[derive(Serialize)]
struct MenuItem {
    judul: String,
    url: String,
}

/// Fill Tera's global context with what every page may use.
pub fn set_globals(engine: &mut Engine, site: &Site) {
    let g = engine.tera.global_context();
    let c = &site.cfg;
    g.insert(
        "site",
        &SiteView {
            judul: &c.situs.judul,
            deskripsi: &c.situs.deskripsi,
            base_path: &site.base_path,
            akar: &site.root_path,
            base_url: &c.situs.base_url,
            versi_data: &c.situs.versi_data,
            atribusi_wilayah: &c.atribusi.wilayah,
            data_contoh: c.situs.data_contoh,
            alamat_sementara: crate::config::placeholder_base_url(&site.root_url).is_some(),
            bahasa: &site.lang,
            jumlah_wilayah: site.districts.len(),
            jumlah_provinsi: site.provinces.len(),
        },
    );
    g.insert("predikat", &c.predikat);
    g.insert("kelompok", &c.kelompok);
    g.insert("tahun_list", &site.years);
    g.insert("tahun_terakhir", &site.latest_year());
    let menu: Vec<MenuItem> = site
        .docs_in(Section::Halaman)
        .map(|(_, p)| MenuItem {
            judul: p.doc.fm.judul.clone(),
            url: p.url.clone(),
        })
        .collect();
    g.insert("menu_halaman", &menu);
}

/// What a render pass wrote.
#[derive(Debug, Default, Clone)]
pub struct Written {
    pub pages: usize,
    pub charts: usize,
    /// Open-data files under `/data/`.
    pub downloads: usize,
    /// Share images (PNG) under `/grafik/bagikan/`.
    pub cards: usize,
    pub weights: PageWeights,
    /// Every page written, with its size in bytes.
    pub sizes: Vec<(String, usize)>,
    /// Readability of the easy-read pages, when this edition has them.
    pub readability: Option<easy::Report>,
    /// The pages readers search for, with their HTML, for the search index.
    pub search: Vec<crate::search::Doc>,
}

/// Every chart of the site, drawn once per language, in model order.
pub struct ChartSet {
    pub district: Vec<Option<Chart>>,
    /// Group breakdown per district (only where per-group scores exist).
    pub groups: Vec<Option<Chart>>,
    /// Tier-history sparkline per district, for list tables.
    pub sparks: Vec<Option<String>>,
    pub province: Vec<Option<Chart>>,
    pub national: Option<Chart>,
    pub ranking: Option<Chart>,
    /// Maps from `data/batas/` (empty without it).
    pub maps: charts::peta::Maps,
}

impl ChartSet {
    /// Draw every chart in parallel; the result's order is fixed by the model.
    pub fn draw(site: &Site, l: &Labels) -> ChartSet {
        type PerDistrict = (Option<Chart>, (Option<Chart>, Option<String>));
        let (per_district, (province, (national, ranking))): (Vec<PerDistrict>, _) = rayon::join(
            || {
                site.districts
                    .par_iter()
                    .map(|x| {
                        (
                            charts::history::district(site, x, l),
                            (
                                charts::groups::district(site, x, l),
                                charts::sparkline::district(site, x),
                            ),
                        )
                    })
                    .collect()
            },
            || {
                rayon::join(
                    || {
                        site.provinces
                            .par_iter()
                            .map(|p| {
                                // A grid longer than one part has no chart (see `grid_rows`).
                                if province_parts(site, p).len() > 1 {
                                    None
                                } else {
                                    charts::province::chart(site, p, l)
                                }
                            })
                            .collect()
                    },
                    || {
                        (
                            charts::national::chart(site, l),
                            charts::ranking::chart(site, l),
                        )
                    },
                )
            },
        );
        let (district, rest): (Vec<_>, Vec<_>) = per_district.into_iter().unzip();
        let (groups, sparks) = rest.into_iter().unzip();
        // Maps draw in parallel on their own (per province and district).
        let maps = charts::peta::draw(site, l);
        ChartSet {
            district,
            groups,
            sparks,
            province,
            national,
            ranking,
            maps,
        }
    }

    /// Every chart with its file path stem, e.g. `grafik/wilayah/kabupaten-banjar`.
    pub fn files<'a>(&'a self, site: &'a Site) -> Vec<ChartFile<'a>> {
        let mut v: Vec<ChartFile> = Vec::new();
        let tiers_page = format!("{}predikat/", site.base_path);
        for (i, x) in site.districts.iter().enumerate() {
            if let Some(c) = &self.district[i] {
                v.push(ChartFile::new(stem::district(x), c, &x.url));
            }
            if let Some(c) = &self.groups[i] {
                v.push(ChartFile::new(stem::groups(x), c, &x.url));
            }
        }
        for (p, c) in site.provinces.iter().zip(&self.province) {
            if let Some(c) = c {
                v.push(ChartFile::new(stem::province(p), c, &p.url));
            }
        }
        if let Some(c) = &self.national {
            v.push(ChartFile::new(stem::NATIONAL.to_string(), c, &tiers_page));
        }
        if let Some(c) = &self.ranking {
            v.push(ChartFile::new(stem::RANKING.to_string(), c, &tiers_page));
        }
        v.extend(
            peta::files(site, &self.maps)
                .into_iter()
                .map(|(stem, c, page)| ChartFile::new(stem, c, &page)),
        );
        v
    }
}

/// A chart with where its files go and the page it belongs to.
pub struct ChartFile<'a> {
    /// e.g. `grafik/wilayah/kabupaten-banjar` (the SVG and CSV add an extension).
    pub stem: String,
    pub chart: &'a Chart,
    /// The page showing the chart (site-absolute path).
    pub page: String,
}

impl<'a> ChartFile<'a> {
    fn new(stem: String, chart: &'a Chart, page: &str) -> Self {
        ChartFile {
            stem,
            chart,
            page: page.to_string(),
        }
    }

    /// The bare embed page for iframes: `embed/wilayah/kabupaten-banjar/index.html`.
    pub fn embed_path(&self) -> String {
        embed_path(&self.stem)
    }
}

/// `grafik/x/y` → `embed/x/y/index.html`.
fn embed_path(stem: &str) -> String {
    format!(
        "embed/{}/index.html",
        stem.strip_prefix("grafik/").unwrap_or(stem)
    )
}

/// Where each chart's files live below the output root (without extension).
mod stem {
    use crate::model::{District, Province};

    pub const NATIONAL: &str = "grafik/nasional";
    pub const RANKING: &str = "grafik/peringkat-provinsi";

    pub fn district(x: &District) -> String {
        format!("grafik/wilayah/{}", x.slug)
    }

    pub fn groups(x: &District) -> String {
        format!("grafik/wilayah/{}-klaster", x.slug)
    }

    pub fn province(p: &Province) -> String {
        format!("grafik/provinsi/{}", p.slug)
    }
}

/// A chart (or its absence) as a template value: `judul`, `svg` (inline, trusted markup),
/// `svg_url` and `csv_url`.
fn chart_value(site: &Site, chart: Option<&Chart>, stem: &str) -> Value {
    match chart {
        Some(c) => {
            let base = &site.base_path;
            let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
            m.insert("judul", Value::from(c.title.as_str()));
            m.insert("svg", Value::safe_string(&c.svg));
            m.insert("svg_url", Value::from(format!("{base}{stem}.svg")));
            m.insert("csv_url", Value::from(format!("{base}{stem}.csv")));
            m.insert(
                "embed_url",
                Value::from(absolute_url(site, &embed_path(stem))),
            );
            let (head, rows) = match c.table.as_deref() {
                Some([head, rows @ ..]) => (Value::from(head.clone()), Value::from(rows.to_vec())),
                _ => (Value::from(()), Value::from(())),
            };
            m.insert("kepala", head);
            m.insert("baris", rows);
            Value::from(m)
        }
        None => Value::from(()),
    }
}

/// The share image path of a district, below the output root.
pub fn card_path(x: &crate::model::District) -> String {
    format!("grafik/bagikan/{}.png", x.slug)
}

/// Draw every district's 1200×630 share image (cached by content) into `staging`.
fn share_cards(site: &Site, engine: &Engine, staging: &Staging) -> (usize, Vec<Diagnostic>) {
    let cache = crate::output::cache_dir("bagikan");
    let text = |k: &str| engine.strings.get(k).cloned().unwrap_or_default();
    let (no_record, footer, sample) = (
        text("bagikan.kosong"),
        text("bagikan.kaki"),
        text("bagikan.contoh"),
    );
    let results: Vec<Result<(), Diagnostic>> = site
        .districts
        .par_iter()
        .map(|x| {
            let latest = x.latest();
            let history: Vec<(u16, Option<usize>)> = site
                .years
                .iter()
                .map(|&y| (y, x.award_in(y).map(|(a, _)| a.tier + 1)))
                .collect();
            let score = latest.and_then(|a| {
                let n = a.nilai?;
                let key = if a.jenis_nilai == Some(crate::data::ScoreKind::Derived) {
                    "bagikan.nilai_perkiraan"
                } else {
                    "bagikan.nilai"
                };
                Some(text(key).replace("{nilai}", &n.to_string()))
            });
            let card = crate::share::Card {
                site: &site.cfg.situs.judul,
                name: &x.nama,
                province: &site.provinces[x.province].nama,
                tier: latest.map(|a| site.cfg.predikat[a.tier].nama.as_str()),
                tier_rank: latest.map(|a| a.tier + 1),
                tier_year: latest.map(|a| a.tahun),
                score: score.as_deref(),
                history: &history,
                no_record_text: &no_record,
                footer: &footer,
                sample_banner: site.cfg.situs.data_contoh.then_some(sample.as_str()),
            };
            let path = card_path(x);
            let png = crate::share::card_png(&card, cache.as_deref())
                .map_err(|e| Diagnostic::error(path.clone(), e.to_string()))?;
            staging
                .write(&path, &png)
                .map_err(|e| Diagnostic::error(path, e.to_string()))
        })
        .collect();
    let mut results = results;
    results.extend(year_cards(
        site,
        &text,
        staging,
        cache.as_deref(),
        &footer,
        &sample,
    ));
    if let Some(dir) = &cache {
        // Bounded: this site's cards plus room for a few other sites and recent versions. The
        // cache is shared by every site built on this machine, so it is bounded by count (a hit
        // refreshes a card's time) rather than emptied of what this site does not show.
        crate::output::prune_cache(dir, (4 * site.districts.len()).max(2048), |p| {
            p.extension().is_some_and(|x| x == "png")
        });
    }
    let done = results.iter().filter(|r| r.is_ok()).count();
    (done, results.into_iter().filter_map(Result::err).collect())
}

/// The share images of every award year (the whole country) and of every province in the
/// latest year: recorded recipients per tier and the change since the previous award year.
fn year_cards(
    site: &Site,
    text: &(dyn Fn(&str) -> String + Sync),
    staging: &Staging,
    cache: Option<&std::path::Path>,
    footer: &str,
    sample: &str,
) -> Vec<Result<(), Diagnostic>> {
    let mut jobs: Vec<(u16, Option<usize>)> = site.years.iter().map(|&y| (y, None)).collect();
    if let Some(y) = site.latest_year() {
        jobs.extend((0..site.provinces.len()).map(|i| (y, Some(i))));
    }
    let fill = |key: &str, args: &[(&str, String)]| {
        let mut t = text(key);
        for (k, v) in args {
            t = t.replace(&format!("{{{k}}}"), v);
        }
        t
    };
    jobs.par_iter()
        .map(|&(y, p)| {
            let members: Vec<usize> = match p {
                None => (0..site.districts.len()).collect(),
                Some(i) => site.provinces[i].districts.clone(),
            };
            let mut per_tier = vec![0usize; site.cfg.predikat.len()];
            let mut moves = Vec::new();
            for &d in &members {
                let x = &site.districts[d];
                if let Some((a, m)) = x.award_in(y) {
                    per_tier[a.tier] += 1;
                    let base = x.awards.iter().rev().find(|b| b.tahun < y).map(|b| b.tahun);
                    moves.push((m, base));
                }
            }
            let recorded: usize = per_tier.iter().sum();
            let counts = movement_counts(moves.into_iter(), site.previous_year(y));
            let summary = match (p, site.national.get(&y).and_then(|n| n.total)) {
                (None, Some(n)) => fill(
                    "bagikan.tahun.tercatat_dari",
                    &[
                        ("tercatat", recorded.to_string()),
                        ("nasional", n.to_string()),
                    ],
                ),
                (None, None) => fill(
                    "bagikan.tahun.tercatat",
                    &[("tercatat", recorded.to_string())],
                ),
                (Some(_), _) => fill(
                    "bagikan.tahun.tercatat_provinsi",
                    &[
                        ("tercatat", recorded.to_string()),
                        ("jumlah", members.len().to_string()),
                    ],
                ),
            };
            let change = match counts.tahun_sebelumnya {
                Some(prev) => fill(
                    "bagikan.tahun.gerak",
                    &[
                        ("tahun", prev.to_string()),
                        ("naik", counts.sejak.naik.to_string()),
                        ("turun", counts.sejak.turun.to_string()),
                        ("tetap", counts.sejak.tetap.to_string()),
                    ],
                ),
                None => String::new(),
            };
            let title = fill("bagikan.tahun.judul", &[("tahun", y.to_string())]);
            let scope = match p {
                None => text("bagikan.tahun.nasional"),
                Some(i) => site.provinces[i].nama.clone(),
            };
            let tiers: Vec<(&str, usize)> = site
                .cfg
                .predikat
                .iter()
                .zip(&per_tier)
                .map(|(t, &n)| (t.nama.as_str(), n))
                .collect();
            let card = crate::share::YearCard {
                site: &site.cfg.situs.judul,
                title: &title,
                scope: &scope,
                summary: &summary,
                tiers: &tiers,
                change: &change,
                footer,
                sample_banner: site.cfg.situs.data_contoh.then_some(sample),
            };
            let path = year_card_path(site, y, p);
            let png = crate::share::year_card_png(&card, cache)
                .map_err(|e| Diagnostic::error(path.clone(), e.to_string()))?;
            staging
                .write(&path, &png)
                .map_err(|e| Diagnostic::error(path, e.to_string()))
        })
        .collect()
}

/// The bare embed page of one chart: the chart, its title, a credit line and a link back.
fn render_embed(site: &Site, engine: &Engine, f: &ChartFile) -> Result<String, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert(
        "halaman",
        &meta(
            site,
            &f.chart.title,
            &f.chart.desc,
            &format!(
                "{}{}",
                site.base_path,
                embed_path(&f.stem).trim_end_matches("index.html")
            ),
            "embed",
        ),
    );
    ctx.insert_value("grafik", chart_value(site, Some(f.chart), &f.stem));
    ctx.insert("halaman_asal", &public_url(site, &f.page));
    engine
        .tera
        .render("embed.html", &ctx)
        .map_err(|e| engine.diagnostic(&e, "embed.html", "cannot render an embed page"))
}

/// Render every job (and its charts) into `staging`.
pub fn render_all(
    site: &Site,
    engine: &Engine,
    docs_html: &[String],
    staging: &Staging,
    d: &mut Diagnostics,
    progress: &indicatif::ProgressBar,
) -> Written {
    let mut all = jobs(site);
    // A missing page template is one error, not one per page.
    let missing: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|j| j.template(site))
        .filter(|t| !engine.sources.contains_key(*t))
        .collect();
    for t in &missing {
        d.push(
            Diagnostic::error(
                format!("themes/{}/templates/{t}", site.cfg.situs.tema),
                "page template not found",
            )
            .value(t.to_string())
            .expected("a template of this name in the theme or in the site's templates/ folder")
            .hint("restore it from git, or add templates/<name> to override the theme's"),
        );
    }
    all.retain(|j| !missing.contains(j.template(site)));
    progress.set_length(all.len() as u64);
    let errors = Mutex::new(Diagnostics::new());
    let labels = Labels::new(&engine.strings, &site.cfg, &engine.lang);
    // Open data is language-neutral: the root edition writes it once. It is serialized while
    // the charts are drawn.
    let (charts, downloads) = rayon::join(
        || ChartSet::draw(site, &labels),
        || {
            if site.is_root() {
                opendata::files(site)
            } else {
                Vec::new()
            }
        },
    );
    let files = charts.files(site);
    // Every file of a translated edition goes below its folder (`en/`).
    let prefix = site.out_prefix();
    files.par_iter().for_each(|f| {
        let embed = render_embed(site, engine, f).map(|html| (f.embed_path(), html));
        let svg = (format!("{}.svg", f.stem), Ok(f.chart.svg.clone()));
        let csv = (format!("{}.csv", f.stem), Ok(f.chart.csv.clone()));
        let embed = match embed {
            Ok((path, html)) => (path, Ok(html)),
            Err(e) => (f.embed_path(), Err(e)),
        };
        for (path, content) in [svg, csv, embed] {
            let path = format!("{prefix}{path}");
            let res = content.and_then(|c| {
                staging
                    .write(&path, c.as_bytes())
                    .map_err(|e| Diagnostic::error(path.clone(), e.to_string()))
            });
            if let Err(e) = res {
                errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
            }
        }
    });
    let chart_count = files.len();
    // Share images and open data are language-neutral: the root edition writes them once.
    let cards = if site.is_root() && site.cfg.situs.kartu_bagikan {
        share_cards(site, engine, staging)
    } else {
        (0, Vec::new())
    };
    {
        let mut e = errors.lock().unwrap_or_else(|p| p.into_inner());
        for d in cards.1 {
            e.push(d);
        }
    }
    downloads.par_iter().for_each(|(path, bytes)| {
        if let Err(e) = staging.write(path, bytes) {
            errors
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Diagnostic::error(path.clone(), e.to_string()));
        }
    });
    if easy::has_section(site) {
        // Checked with the pages, so one run reports every easy-read text that is too hard.
        easy::check_docs(site, d);
    }
    let shared = shared::Shared::new(site, &charts.sparks);
    let easy_report = Mutex::new(easy::Report::default());
    let search_docs = Mutex::new(Vec::new());
    let rendered: Vec<Option<(String, usize)>> = all
        .par_iter()
        .map(|&job| {
            let res = render_page(site, engine, docs_html, &charts, &labels, &shared, job);
            progress.inc(1);
            let page = match res {
                Ok(page) => page,
                Err(e) => {
                    errors.lock().unwrap_or_else(|p| p.into_inner()).push(*e);
                    return None;
                }
            };
            if let Some(f) = page.easy {
                easy_report
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .add(&page.out, f);
            }
            if !page.problems.is_empty() {
                let mut e = errors.lock().unwrap_or_else(|p| p.into_inner());
                for x in page.problems {
                    e.push(x);
                }
            }
            if let Err(e) = staging.write(&page.out, page.html.as_bytes()) {
                errors
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Diagnostic::error(page.out, e.to_string()));
                return None;
            }
            let size = page.html.len();
            if job.searchable(site) {
                let out = &page.out;
                let url = format!(
                    "{}{}",
                    site.root_path,
                    out.strip_suffix("index.html").unwrap_or(out)
                );
                // Written already: only a hash is kept, and the indexer reads the page back if
                // the index is not in the cache. A dry run (`ila check`) keeps the text.
                let doc =
                    crate::search::Doc::new(url, page.out.clone(), page.html, !staging.writes());
                search_docs
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(doc);
            }
            Some((page.out, size))
        })
        .collect();
    let written = rendered.iter().flatten().count();
    let sizes: Vec<(String, usize)> = rendered.into_iter().flatten().collect();
    d.extend(errors.into_inner().unwrap_or_else(|p| p.into_inner()));
    let mut report = easy_report.into_inner().unwrap_or_else(|p| p.into_inner());
    // Parallel rendering adds pages in any order: pick the hardest page deterministically.
    report.settle();
    Written {
        pages: written,
        charts: chart_count,
        downloads: downloads.len(),
        cards: cards.0,
        weights: PageWeights::of(sizes.iter().cloned()),
        sizes,
        readability: (report.pages > 0).then_some(report),
        search: search_docs.into_inner().unwrap_or_else(|p| p.into_inner()),
    }
}

/// The pages whose own context reads write-up `doc` (an index into `site.docs`), derived from
/// the model: the write-up's page, the district pages that show it (narrative, programmes and
/// news naming the district in `wilayah = [...]`), the section's list pages, the home page and
/// the feed that list news, and the sitemap. Pages that read it only through the global context
/// (the page menu, from `content/halaman/`) are not listed: compare the global contexts for that.
pub fn jobs_depending_on(site: &Site, doc: usize) -> Vec<Job> {
    let Some(p) = site.docs.get(doc) else {
        return Vec::new();
    };
    let mut v = Vec::new();
    if p.doc.section != Section::Wilayah {
        v.push(Job::Doc(doc));
    }
    v.extend(
        site.districts
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.narrative == Some(doc) || x.programmes.contains(&doc) || x.news.contains(&doc)
            })
            .flat_map(|(i, _)| [Job::District(i), Job::DistrictFeed(i)]),
    );
    // The easy-read page of a district shows its programmes' and story's easy-read summaries.
    if easy::has_section(site) {
        v.extend(
            site.districts
                .iter()
                .enumerate()
                .filter(|(_, x)| x.narrative == Some(doc) || x.programmes.contains(&doc))
                .map(|(i, _)| Job::EasyDistrict(i)),
        );
    }
    match p.doc.section {
        Section::Program => {
            v.extend((0..section_parts(site, Section::Program).len()).map(Job::ProgramIndex))
        }
        Section::Berita => {
            v.extend((0..section_parts(site, Section::Berita).len()).map(Job::NewsIndex));
            v.extend([Job::Home, Job::NewsFeed]);
        }
        // Every easy-read page lists the explainers.
        Section::Anak => v.extend(jobs(site).into_iter().filter(|j| {
            matches!(j, Job::EasyIndex(_) | Job::EasyDistrict(_))
                || matches!(j, Job::Doc(k) if site.docs[*k].doc.section == Section::Anak)
        })),
        // The glossary's headings are linked from every other write-up.
        Section::Halaman if p.doc.key == GLOSSARY => {
            v.extend(jobs(site).into_iter().filter(|j| match j {
                Job::Doc(_) => true,
                Job::District(i) => site.districts[*i].narrative.is_some(),
                _ => false,
            }))
        }
        Section::Wilayah | Section::Halaman => {}
    }
    v.push(Job::Sitemap);
    v
}

/// One page rendered and checked.
struct RenderedPage {
    /// Output path below the output root (inside the edition's folder).
    out: String,
    html: String,
    /// What is wrong with the page (over the weight budget, easy-read text too hard); the page
    /// is still written, and the build fails.
    problems: Vec<Diagnostic>,
    /// Readability of an easy-read page.
    easy: Option<crate::content::readability::Figures>,
}

/// Render one page and check it against the weight budget and, for easy-read pages, the
/// readability limits.
fn render_page(
    site: &Site,
    engine: &Engine,
    docs_html: &[String],
    charts: &ChartSet,
    labels: &Labels,
    shared: &shared::Shared,
    job: Job,
) -> Result<RenderedPage, Box<Diagnostic>> {
    let out = format!("{}{}", site.out_prefix(), job.out_path(site));
    let tpl = job.template(site);
    let ctx = context(site, job, docs_html, charts, labels, shared);
    let html = engine.tera.render(tpl, &ctx).map_err(|e| {
        Box::new(engine.diagnostic(&e, tpl, &format!("cannot render page `{out}`")))
    })?;
    let mut problems = Vec::new();
    let mut easy = None;
    if out.starts_with(easy::DIR) && out.ends_with(".html") {
        let f = easy::measure_page(&html);
        let lim = &site.cfg.mudah_dibaca;
        if let Some(why) = f.over(lim.kata_per_kalimat_maks, lim.suku_kata_per_kata_maks) {
            let file = match job {
                Job::Doc(i) => site.docs[i].doc.file.clone(),
                _ => engine.file_of(tpl),
            };
            problems.push(
                Diagnostic::error(file, format!("easy-read page `{out}` is too hard: {why}"))
                    .expected("short sentences of common, short words, for children")
                    .hint("split long sentences and prefer short words; the limits are [mudah_dibaca] in ila.toml"),
            );
        }
        easy = Some(f);
    }
    // What a page's text comes from: its write-up, or the template (and a district's narrative).
    let source = match job {
        Job::Doc(i) => site.docs[i].doc.file.clone(),
        Job::District(i) => match site.districts[i].narrative {
            Some(n) => format!("{} (or {})", engine.file_of(tpl), site.docs[n].doc.file),
            None => engine.file_of(tpl),
        },
        _ => engine.file_of(tpl),
    };
    if out.ends_with(".html") {
        problems.extend(shared.reader_text().check(&out, &source, &html));
    }
    let limit = site.cfg.batas.halaman_maks_byte;
    if out.ends_with(".html") && html.len() > limit {
        problems.push(
            Diagnostic::error(source, format!("page `{out}` is over the weight budget"))
                .value(format!("{} bytes", html.len()))
                .expected(format!(
                    "at most {limit} bytes (batas.halaman_maks_byte in ila.toml)"
                ))
                .hint("split the page or trim what it repeats; light pages load on cheap phones"),
        );
    }
    Ok(RenderedPage {
        out,
        html,
        problems,
        easy,
    })
}

/// Render the pages `jobs` with charts already drawn, exactly as `render_all` renders them
/// (same contexts, same checks), and return each page's output path and text. Nothing is
/// written; problems go to `d`. `ila serve` uses it to re-render only what a change touches.
pub fn render_jobs(
    site: &Site,
    engine: &Engine,
    docs_html: &[String],
    charts: &ChartSet,
    jobs: &[Job],
    d: &mut Diagnostics,
) -> Vec<(String, String)> {
    let labels = Labels::new(&engine.strings, &site.cfg, &engine.lang);
    let shared = shared::Shared::new(site, &charts.sparks);
    let results: Vec<Result<RenderedPage, Box<Diagnostic>>> = jobs
        .par_iter()
        .map(|&job| render_page(site, engine, docs_html, charts, &labels, &shared, job))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => {
                for x in p.problems {
                    d.push(x);
                }
                pages.push((p.out, p.html));
            }
            Err(e) => d.push(*e),
        }
    }
    pages
}

/// HTML page weights of a build: the median and the heaviest page.
#[derive(Debug, Default, Clone)]
pub struct PageWeights {
    pub median: usize,
    pub largest: (String, usize),
}

impl PageWeights {
    pub fn of(pages: impl Iterator<Item = (String, usize)>) -> PageWeights {
        let mut html: Vec<(String, usize)> = pages.filter(|(p, _)| p.ends_with(".html")).collect();
        if html.is_empty() {
            return PageWeights::default();
        }
        html.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        PageWeights {
            median: html[html.len() / 2].1,
            largest: html[html.len() - 1].clone(),
        }
    }
}

/// A page's meta from the UI strings `judul.<key>` and `deskripsi.<key>`, both filled from `args`.
fn titled(
    site: &Site,
    l: &Labels,
    key: &str,
    args: &[(&str, &dyn std::fmt::Display)],
    url: &str,
    jenis: &'static str,
) -> PageMeta<'static> {
    meta(
        site,
        &l.text(&format!("judul.{key}"), args),
        &l.text(&format!("deskripsi.{key}"), args),
        url,
        jenis,
    )
}

fn meta(
    site: &Site,
    judul: &str,
    deskripsi: &str,
    url: &str,
    jenis: &'static str,
) -> PageMeta<'static> {
    PageMeta {
        judul: judul.to_string(),
        deskripsi: if deskripsi.is_empty() {
            site.cfg.situs.deskripsi.clone()
        } else {
            deskripsi.to_string()
        },
        url: url.to_string(),
        kanonik: public_url(site, url),
        alternatif: alternates(site, url, jenis),
        jenis,
        gambar: None,
        kartu: None,
        umpan: None,
    }
}

/// The page meta (`halaman`) and part navigation (`bagian`) of part `k` (from 0) of the `n`
/// parts of a list whose first part is at `first`; `title` is the UI text key (below `judul.`
/// and `deskripsi.`) and its arguments.
#[allow(clippy::too_many_arguments)]
fn list_part(
    ctx: &mut Context,
    site: &Site,
    l: &Labels,
    title: (&str, &[(&str, &dyn std::fmt::Display)]),
    first: &str,
    jenis: &'static str,
    k: usize,
    n: usize,
) -> PageMeta<'static> {
    let url = format!("{first}{}", paging::dir(k));
    let mut halaman = titled(site, l, title.0, title.1, &url, jenis);
    part_title(&mut halaman, l, k, n);
    ctx.insert("halaman", &halaman);
    ctx.insert("bagian", &paging::nav(first, k, n));
    halaman
}

/// The share image of award year `y`, for the whole country or for province `p`.
pub fn year_card_path(site: &Site, y: u16, p: Option<usize>) -> String {
    match p {
        None => format!("grafik/bagikan/tahun-{y}.png"),
        Some(i) => format!("grafik/bagikan/tahun-{y}-{}.png", site.provinces[i].slug),
    }
}

/// Point the page's `og:image` and its visible download link at share image `path` (one per
/// image, at the site root, for every edition).
fn set_card(m: &mut PageMeta, site: &Site, path: &str) {
    m.gambar = Some(format!("{}{path}", site.root_url));
    m.kartu = Some(format!("{}{path}", site.root_path));
}

/// Whether share images are drawn, and so may be linked.
fn cards_on(site: &Site) -> bool {
    site.cfg.situs.kartu_bagikan
}

/// Part `k` of a section's list (`/program/`, `/berita/`): its meta and part navigation go
/// into `ctx`; returns the write-ups the part lists. `key`: the list's UI text key.
fn section_part<'a>(
    ctx: &mut Context,
    site: &'a Site,
    l: &Labels,
    section: Section,
    key: &str,
    k: usize,
) -> Vec<&'a crate::model::Page> {
    let parts = section_parts(site, section);
    let (first, jenis) = match section {
        Section::Program => ("program/", "program-daftar"),
        _ => ("berita/", "berita-daftar"),
    };
    let first = format!("{}{first}", site.base_path);
    list_part(ctx, site, l, (key, &[]), &first, jenis, k, parts.len());
    let (start, end) = part_range(&parts, k);
    site.docs_in(section)
        .skip(start)
        .take(end - start)
        .map(|(_, p)| p)
        .collect()
}

/// Part `k` (from 0) of `n`: every part but the first says which it is in its title.
fn part_title(meta: &mut PageMeta, l: &Labels, k: usize, n: usize) {
    if k > 0 {
        meta.judul = l.text(
            "bagian.judul",
            &[("judul", &meta.judul), ("nomor", &(k + 1)), ("jumlah", &n)],
        );
    }
}

/// Build the per-page context for `job`.
pub fn context(
    site: &Site,
    job: Job,
    docs_html: &[String],
    charts: &ChartSet,
    l: &Labels,
    shared: &shared::Shared,
) -> Context {
    let mut ctx = Context::new();
    let base = &site.base_path;
    match job {
        Job::Home => {
            let mut halaman = meta(site, &site.cfg.situs.judul, "", base, "beranda");
            if let (true, Some(y)) = (cards_on(site), site.latest_year()) {
                set_card(&mut halaman, site, &year_card_path(site, y, None));
            }
            ctx.insert("halaman", &halaman);
            if let Some(y) = site.latest_year() {
                ctx.insert("ringkasan", &year_summary(site, y));
                ctx.insert(
                    "sebelumnya",
                    &site.previous_year(y).map(|p| year_summary(site, p)),
                );
                let provila: Vec<(&str, &str, &str)> = site
                    .provinces
                    .iter()
                    .flat_map(|p| {
                        p.awards
                            .iter()
                            .filter(move |a| a.tahun == y)
                            .map(move |a| (p.nama.as_str(), p.url.as_str(), a.jenis.as_str()))
                    })
                    .collect();
                let provila: Vec<serde_json::Value> = provila
                    .into_iter()
                    .map(|(n, u, j)| serde_json::json!({"nama": n, "url": u, "penghargaan": site.cfg.penghargaan_provinsi.get(j).map_or(j, String::as_str)}))
                    .collect();
                ctx.insert("provinsi_penghargaan", &provila);
            } else {
                ctx.insert("ringkasan", &Option::<()>::None);
                ctx.insert("sebelumnya", &Option::<()>::None);
                ctx.insert("provinsi_penghargaan", &Vec::<()>::new());
            }
            let with_record = site
                .districts
                .iter()
                .filter(|x| !x.awards.is_empty())
                .count();
            ctx.insert("wilayah_tercatat", &with_record);
            let coverage: Vec<YearSummary> =
                site.years.iter().map(|&y| year_summary(site, y)).collect();
            ctx.insert("cakupan_tahun", &coverage);
            ctx.insert("berita", &news_links(site, 4));
        }
        Job::Sitemap | Job::SitemapPart(_) => {
            let urls = sitemap_urls(site, &jobs(site));
            let parts = urls.len().div_ceil(SITEMAP_MAX);
            ctx.insert("bagian", &Option::<()>::None);
            match job {
                // Over the protocol's limit: the sitemap is an index of its parts.
                Job::Sitemap if parts > 1 => {
                    let index: Vec<String> = (0..parts)
                        .map(|n| absolute_url(site, &Job::SitemapPart(n).out_path(site)))
                        .collect();
                    ctx.insert("bagian", &index);
                }
                Job::SitemapPart(n) => {
                    let part: Vec<&String> = urls
                        .iter()
                        .skip(n * SITEMAP_MAX)
                        .take(SITEMAP_MAX)
                        .collect();
                    ctx.insert("urls", &part);
                }
                _ => ctx.insert("urls", &urls),
            }
        }
        Job::Robots => {
            let maps: Vec<String> = site
                .langs
                .iter()
                .map(|l| public_url(site, &format!("{}sitemap.xml", site.edition_path(l))))
                .collect();
            ctx.insert("sitemap", &maps);
        }
        Job::NewsFeed => {
            let entries: Vec<serde_json::Value> = site
                .docs_in(Section::Berita)
                .map(|(_, p)| {
                    serde_json::json!({
                        "judul": p.doc.fm.judul,
                        "url": public_url(site, &p.url),
                        "tanggal": format!("{}T00:00:00Z", p.doc.fm.tanggal.as_deref().unwrap_or("1970-01-01")),
                        "ringkasan": p.doc.fm.ringkasan,
                    })
                })
                .collect();
            feed_ctx(&mut ctx, site, &entries, "berita/atom.xml");
            ctx.insert("berita_url", &absolute_url(site, "berita/index.html"));
        }
        Job::AwardFeed => {
            // One entry per award year, newest first. A year whose award night is not in
            // data/penghargaan.csv is dated the last day of that year and names no night.
            let entries: Vec<serde_json::Value> = site
                .years
                .iter()
                .rev()
                .map(|&y| {
                    let c = site.ceremonies.get(&y);
                    let summary = year_summary(site, y);
                    let entries = year_entries(site, y, &[]);
                    let date = c.map_or_else(|| format!("{y}-12-31"), |c| c.tanggal.to_string());
                    serde_json::json!({
                        "tahun": y,
                        "url": absolute_url(site, &format!("predikat/{y}/index.html")),
                        "tanggal": format!("{date}T00:00:00Z"),
                        "malam": c.is_some(),
                        "tempat": c.map(|c| c.tempat.as_str()),
                        "ringkasan": summary,
                        "gerak": movement_counts(
                            entries.iter().map(|e| (e.gerak, e.sebelumnya.as_ref().map(|p| p.tahun))),
                            site.previous_year(y),
                        ),
                        "sumber": c.map(|c| &c.sumber),
                    })
                })
                .collect();
            feed_ctx(&mut ctx, site, &entries, "predikat/atom.xml");
            ctx.insert("predikat_url", &absolute_url(site, "predikat/index.html"));
        }
        Job::DistrictFeed(i) => {
            let x = &site.districts[i];
            let page = absolute_url(site, &Job::District(i).out_path(site));
            let mut entries: Vec<serde_json::Value> = x
                .awards
                .iter()
                .map(|a| {
                    let date = site
                        .ceremonies
                        .get(&a.tahun)
                        .map_or_else(|| format!("{}-12-31", a.tahun), |c| c.tanggal.to_string());
                    let movement = x.award_in(a.tahun).map(|(_, m)| m);
                    serde_json::json!({
                        "jenis": "predikat",
                        "judul": l.text(
                            "atom.wilayah.entri",
                            &[
                                ("nama", &x.nama),
                                ("predikat", &site.cfg.predikat[a.tier].nama),
                                ("tahun", &a.tahun),
                            ],
                        ),
                        "id": format!("{page}#penghargaan-{}", a.tahun),
                        "url": page,
                        "tanggal": format!("{date}T00:00:00Z"),
                        "gerak": movement,
                        "sumber": a.sumber.reference(),
                    })
                })
                .collect();
            let docs = x.narrative.iter().chain(&x.news).chain(&x.programmes);
            let mut seen = std::collections::BTreeSet::new();
            for &d in docs {
                if !seen.insert(d) {
                    continue;
                }
                let p = &site.docs[d];
                let url = if p.doc.section == Section::Wilayah {
                    format!("{page}#ila-narasi")
                } else {
                    public_url(site, &p.url)
                };
                entries.push(serde_json::json!({
                    "jenis": "tulisan",
                    "judul": p.doc.fm.judul,
                    "id": url,
                    "url": url,
                    "tanggal": format!("{}T00:00:00Z", p.doc.fm.tanggal.as_deref().unwrap_or("1970-01-01")),
                    "ringkasan": p.doc.fm.ringkasan,
                }));
            }
            // Newest first; ties in a fixed order.
            entries.sort_by(|a, b| {
                (b["tanggal"].as_str(), b["id"].as_str())
                    .cmp(&(a["tanggal"].as_str(), a["id"].as_str()))
            });
            feed_ctx(
                &mut ctx,
                site,
                &entries,
                &Job::DistrictFeed(i).out_path(site),
            );
            ctx.insert("wilayah_url", &page);
            ctx.insert("wilayah_nama", &x.nama);
        }
        Job::NotFound => {
            ctx.insert(
                "halaman",
                &meta(
                    site,
                    &l.text("tidak_ditemukan", &[]),
                    "",
                    &format!("{base}404.html"),
                    "404",
                ),
            );
        }
        Job::DistrictIndex(k) => {
            let first = format!("{base}wilayah/");
            let parts = district_index_parts(site);
            let n = site.districts.len();
            list_part(
                &mut ctx,
                site,
                l,
                ("wilayah_daftar", &[("jumlah", &n)]),
                &first,
                "wilayah-daftar",
                k,
                parts.len(),
            );
            // The jump list names every province, on the part where its table begins.
            let jump: Vec<serde_json::Value> = site
                .provinces
                .iter()
                .enumerate()
                .map(|(g, p)| {
                    let url = format!("{first}{}", paging::dir(paging::start_of(&parts, g)));
                    serde_json::json!({"nama": p.nama, "kode": p.kode, "url": url})
                })
                .collect();
            ctx.insert("lompat", &jump);
            let groups: Vec<serde_json::Value> = parts
                .get(k)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|s| {
                    let p = &site.provinces[s.group];
                    let list: Vec<DistrictLink> = p.districts[s.start..s.end].iter().map(|&i| district_link(site, &site.districts[i]).with_spark(charts.sparks[i].as_deref())).collect();
                    serde_json::json!({"nama": p.nama, "kode": p.kode, "url": p.url, "wilayah": list, "lanjutan": s.continued()})
                })
                .collect();
            ctx.insert("provinsi", &groups);
        }
        Job::District(i) => {
            district_context(site, i, docs_html, charts, l, shared, &mut ctx);
            desa::district_summary(site, i, &mut ctx);
        }
        Job::Search => {
            ctx.insert(
                "halaman",
                &titled(site, l, "cari", &[], &format!("{base}cari/"), "cari"),
            );
        }
        Job::EasyIndex(k) => {
            let parts = easy_index_parts(site);
            let first = format!("{base}{}/", easy::DIR);
            list_part(
                &mut ctx,
                site,
                l,
                ("anak", &[]),
                &first,
                "anak-daftar",
                k,
                parts.len(),
            );
            easy::index_context(
                site,
                parts.get(k).map(Vec::as_slice).unwrap_or_default(),
                &mut ctx,
            );
        }
        Job::EasyDistrict(i) => {
            let x = &site.districts[i];
            ctx.insert(
                "halaman",
                &titled(
                    site,
                    l,
                    "anak_wilayah",
                    &[("nama", &x.nama)],
                    &easy::district_url(site, i),
                    "anak-wilayah",
                ),
            );
            easy::district_context(site, i, &mut ctx);
        }
        Job::Village(i) => {
            let (judul, desc) = desa::village_context(site, i, &mut ctx);
            let url = site.villages[i].url.clone();
            ctx.insert("halaman", &meta(site, &judul, &desc, &url, "desa"));
        }
        Job::VillageList(i) => {
            let (judul, desc) = desa::list_context(site, i, &mut ctx);
            let url = crate::model::desa::list_url(&site.districts[i]);
            ctx.insert("halaman", &meta(site, &judul, &desc, &url, "desa-daftar"));
        }
        Job::ProvinceIndex => {
            ctx.insert(
                "halaman",
                &titled(
                    site,
                    l,
                    "provinsi_daftar",
                    &[("jumlah", &site.provinces.len())],
                    &format!("{base}provinsi/"),
                    "provinsi-daftar",
                ),
            );
            let latest = site.latest_year();
            let rows: Vec<serde_json::Value> = site
                .provinces
                .iter()
                .map(|p| {
                    let with = latest.map_or(0, |y| site.recorded_in_province(p, y));
                    serde_json::json!({"nama": p.nama, "kode": p.kode, "url": p.url, "jumlah": p.districts.len(), "tercatat_terakhir": with})
                })
                .collect();
            ctx.insert("provinsi", &rows);
        }
        Job::Province(i, k) => {
            province_context(site, i, k, l, &mut ctx);
            let p = &site.provinces[i];
            ctx.insert_value(
                "grafik",
                chart_value(site, charts.province[i].as_ref(), &stem::province(p)),
            );
        }
        Job::TierIndex => {
            ctx.insert(
                "halaman",
                &titled(
                    site,
                    l,
                    "predikat_daftar",
                    &[],
                    &format!("{base}predikat/"),
                    "predikat-daftar",
                ),
            );
            let years: Vec<YearSummary> = site
                .years
                .iter()
                .rev()
                .map(|&y| year_summary(site, y))
                .collect();
            ctx.insert("tahun", &years);
            ctx.insert_value(
                "grafik",
                chart_value(site, charts.national.as_ref(), stem::NATIONAL),
            );
            ctx.insert_value(
                "grafik_peringkat",
                chart_value(site, charts.ranking.as_ref(), stem::RANKING),
            );
        }
        Job::TierYear(y, view, k) => {
            let complete: Vec<serde_json::Value> = site
                .complete_provinces(y)
                .into_iter()
                .map(|i| {
                    let p = &site.provinces[i];
                    serde_json::json!({"nama": p.nama, "url": p.url, "jumlah": p.districts.len()})
                })
                .collect();
            ctx.insert("lengkap", &complete);
            let rows = shared.year(y);
            let (groups, parts) = year_parts(site, y, view);
            let max = site.cfg.batas.baris_per_halaman;
            let first = format!("{base}predikat/{y}/{}", view.dir());
            let mut halaman = list_part(
                &mut ctx,
                site,
                l,
                ("predikat_tahun", &[("tahun", &y)]),
                &first,
                "predikat-tahun",
                k,
                parts.len(),
            );
            if cards_on(site) {
                set_card(&mut halaman, site, &year_card_path(site, y, None));
                ctx.insert("halaman", &halaman);
            }
            // Where each group's table begins, for links to `#p-…` / `#k-…` from any part.
            let starts: BTreeMap<String, String> = groups
                .iter()
                .enumerate()
                .map(|(g, (head, _))| {
                    let at = paging::start_of(&parts, g);
                    (
                        group_key(site, *head),
                        format!("{first}{}", paging::dir(at)),
                    )
                })
                .collect();
            ctx.insert("letak", &starts);
            let part = parts.get(k).map(Vec::as_slice).unwrap_or_default();
            ctx.insert("tampilan", &view);
            ctx.insert("malam", &site.ceremonies.get(&y).map(|c| serde_json::json!({"tanggal": c.tanggal, "tempat": c.tempat, "sumber": c.sumber})));
            ctx.insert("tahun_url", &format!("{base}predikat/{y}/"));
            ctx.insert("ringkasan", &year_summary(site, y));
            ctx.insert("tahun_sebelumnya", &site.previous_year(y));
            let counts = movement_counts(
                rows.iter().map(|r| (r.gerak, r.banding)),
                site.previous_year(y),
            );
            match view {
                YearView::Predikat => {
                    // Highest tier first and code order within a tier, as the tier lists. A list
                    // longer than a part is only counted: the movement view lists it.
                    let mut up: Vec<&shared::YearRow> = if k == 0 && counts.naik <= max {
                        rows.iter()
                            .filter(|r| r.gerak == crate::model::Movement::Naik)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    up.sort_by_key(|r| std::cmp::Reverse(r.tier));
                    let up: Vec<&Value> = up.iter().map(|r| &r.value).collect();
                    ctx.insert("naik_kelas", &up);
                    ctx.insert("daftar", &tier_lists(site, rows, &groups, part));
                }
                YearView::Provinsi | YearView::Gerak => {
                    ctx.insert("kelompok_baris", &entry_groups(site, rows, &groups, part))
                }
            }
            ctx.insert("gerak", &counts);
        }
        Job::ProgramIndex(k) => {
            let docs = section_part(&mut ctx, site, l, Section::Program, "program_daftar", k);
            let list: Vec<DocFull> = docs.into_iter().map(|p| doc_full(site, p)).collect();
            ctx.insert("program", &list);
        }
        Job::NewsIndex(k) => {
            let docs = section_part(&mut ctx, site, l, Section::Berita, "berita_daftar", k);
            let list: Vec<DocLink> = docs.into_iter().map(doc_link).collect();
            ctx.insert("berita", &list);
        }
        Job::Doc(i) => {
            let p = &site.docs[i];
            let jenis = match p.doc.section {
                Section::Program => "program",
                Section::Berita => "berita",
                Section::Anak => "anak-halaman",
                _ => "halaman",
            };
            ctx.insert(
                "halaman",
                &meta(site, &p.doc.fm.judul, &p.doc.fm.ringkasan, &p.url, jenis),
            );
            ctx.insert("doc", &doc_full(site, p));
            if p.doc.section == Section::Anak {
                easy::insert_explainers(site, &mut ctx);
            }
            let tables: Vec<serde_json::Value> = opendata::TABLES
                .iter()
                .map(|(n, j)| serde_json::json!({"nama": n, "judul": j}))
                .collect();
            ctx.insert("unduhan", &tables);
            let coverage: Vec<YearSummary> =
                site.years.iter().map(|&y| year_summary(site, y)).collect();
            ctx.insert("cakupan_tahun", &coverage);
            let editions: Vec<_> = site.editions.iter().rev().collect();
            ctx.insert("edisi", &editions);
            let archive: Vec<serde_json::Value> = site
                .archived_editions
                .iter()
                .rev()
                .map(|v| {
                    serde_json::json!({
                        "versi": v,
                        "url": format!("{}{}", site.root_path, opendata::archived_path(v)),
                    })
                })
                .collect();
            ctx.insert("arsip_edisi", &archive);
            ctx.insert_value("isi", Value::safe_string(&docs_html[i]));
        }
    }
    peta::insert(site, job, &charts.maps, &mut ctx);
    ctx
}

/// An Atom feed's entries (newest first, each with `tanggal`), its `updated` time and its URL.
fn feed_ctx(ctx: &mut Context, site: &Site, entries: &[serde_json::Value], path: &str) {
    let updated = entries
        .first()
        .and_then(|e| e["tanggal"].as_str())
        .unwrap_or("1970-01-01T00:00:00Z")
        .to_string();
    ctx.insert("entri", entries);
    ctx.insert("diperbarui", &updated);
    ctx.insert("feed_url", &absolute_url(site, path));
}

/// The most other districts of the province a district page links to (the largest real
/// province, Jawa Timur, has 38 kab/kota, so real pages list them all).
pub const NEIGHBOURS: usize = 40;

fn district_context(
    site: &Site,
    i: usize,
    docs_html: &[String],
    charts: &ChartSet,
    l: &Labels,
    shared: &shared::Shared,
    ctx: &mut Context,
) {
    let x = &site.districts[i];
    let p = &site.provinces[x.province];
    let desc = match x.latest() {
        Some(a) => l.text(
            "deskripsi.wilayah",
            &[
                ("nama", &x.nama),
                ("provinsi", &p.nama),
                ("predikat", &site.cfg.predikat[a.tier].nama),
                ("tahun", &a.tahun),
            ],
        ),
        None => l.text(
            "deskripsi.wilayah_kosong",
            &[("nama", &x.nama), ("provinsi", &p.nama)],
        ),
    };
    let mut m = meta(site, &x.nama, &desc, &x.url, "wilayah");
    // One share image per district, at the site root, for every edition.
    if site.cfg.situs.kartu_bagikan {
        set_card(&mut m, site, &card_path(x));
    }
    m.umpan = Some(format!("{}atom.xml", x.url));
    ctx.insert("halaman", &m);
    ctx.insert_value("w", shared.link(i));
    // The easy-read page lives in the Indonesian edition only.
    let url_mudah = site
        .langs
        .iter()
        .any(|l| l == crate::content::ORIGINAL)
        .then(|| {
            format!(
                "{}{}/wilayah/{}/",
                site.edition_path(crate::content::ORIGINAL),
                easy::DIR,
                x.slug
            )
        });
    ctx.insert("url_mudah", &url_mudah);
    ctx.insert("jenis", x.jenis);
    ctx.insert("nama_pendek", &x.nama_pendek);
    let rows: Vec<AwardRow> = x
        .awards
        .iter()
        .zip(&x.movements)
        .rev()
        .map(|(a, m)| award_row(site, a, *m))
        .collect();
    // Reader notes only: the curators' `catatan` stays in the data files.
    let notes: Vec<serde_json::Value> = rows
        .iter()
        .filter(|r| !r.keterangan.is_empty())
        .map(|r| serde_json::json!({"tahun": r.tahun, "teks": r.keterangan}))
        .collect();
    ctx.insert("riwayat", &rows);
    ctx.insert("keterangan", &notes);
    let gap = site.gap_to_next(x).map(|(poin, next)| {
        let a = x.latest().expect("gap implies an award");
        serde_json::json!({"poin": poin, "nilai": a.nilai, "jenis_nilai": a.jenis_nilai, "tahun": a.tahun, "berikutnya": tier(site, next)})
    });
    ctx.insert("celah", &gap);
    let latest = site.latest_year();
    ctx.insert(
        "tercatat_tahun_terakhir",
        &latest.is_some_and(|y| x.award_in(y).is_some()),
    );
    ctx.insert("cakupan", &latest.map(|y| year_summary(site, y)));
    let programmes: Vec<DocLink> = x
        .programmes
        .iter()
        .map(|&j| doc_link(&site.docs[j]))
        .collect();
    ctx.insert("program", &programmes);
    let news: Vec<DocLink> = x.news.iter().map(|&j| doc_link(&site.docs[j])).collect();
    ctx.insert("berita", &news);
    match x.narrative {
        Some(j) => {
            ctx.insert_value("narasi", Value::safe_string(&docs_html[j]));
            ctx.insert("narasi_doc", &doc_full(site, &site.docs[j]));
        }
        None => {
            ctx.insert("narasi", &Option::<()>::None);
            ctx.insert("narasi_doc", &Option::<()>::None);
        }
    }
    // At most NEIGHBOURS others, nearest in code order: a province of hundreds of synthetic
    // districts would otherwise make every page (and the build) grow with its square.
    let others: Vec<Value> = p
        .neighbours(i, NEIGHBOURS)
        .into_iter()
        .map(|j| shared.link(j))
        .collect();
    ctx.insert("tetangga", &others);
    ctx.insert(
        "tetangga_semua",
        &(p.districts.len() > NEIGHBOURS + 1).then_some(p.districts.len() - 1),
    );
    ctx.insert_value(
        "grafik",
        chart_value(site, charts.district[i].as_ref(), &stem::district(x)),
    );
    ctx.insert_value(
        "grafik_klaster",
        chart_value(site, charts.groups[i].as_ref(), &stem::groups(x)),
    );
}

/// Part `k` of province `i`'s page: its grid of districts by year is split into parts when
/// long; the chart and the province's own awards are on the first part.
fn province_context(site: &Site, i: usize, k: usize, l: &Labels, ctx: &mut Context) {
    let p = &site.provinces[i];
    let (judul, desc) = (
        l.text("judul.provinsi", &[("nama", &p.nama)]),
        l.text("deskripsi.provinsi", &[("nama", &p.nama)]),
    );
    let parts = province_parts(site, p);
    let url = format!("{}{}", p.url, paging::dir(k));
    let mut halaman = meta(site, &judul, &desc, &url, "provinsi");
    part_title(&mut halaman, l, k, parts.len());
    if let (true, Some(y)) = (cards_on(site), site.latest_year()) {
        set_card(&mut halaman, site, &year_card_path(site, y, Some(i)));
    }
    ctx.insert("halaman", &halaman);
    ctx.insert("bagian", &paging::nav(&p.url, k, parts.len()));
    ctx.insert("jumlah_baris", &p.districts.len());
    ctx.insert(
        "p",
        &serde_json::json!({"nama": p.nama, "kode": p.kode, "url": p.url}),
    );
    let (start, end) = part_range(&parts, k);
    let rows: Vec<serde_json::Value> = p.districts[start..end]
        .iter()
        .map(|&j| {
            let x = &site.districts[j];
            let cells: Vec<Option<TierRef>> = site
                .years
                .iter()
                .map(|&y| x.award_in(y).map(|(a, _)| tier(site, a.tier)))
                .collect();
            serde_json::json!({"nama": x.nama, "url": x.url, "kode": x.kode, "sel": cells})
        })
        .collect();
    ctx.insert("baris", &rows);
    let awards: Vec<serde_json::Value> = p
        .awards
        .iter()
        .rev()
        .map(|a| serde_json::json!({"tahun": a.tahun, "nama": site.cfg.penghargaan_provinsi.get(&a.jenis).unwrap_or(&a.jenis), "sumber": a.sumber, "keterangan": a.keterangan.get(!site.is_root())}))
        .collect();
    ctx.insert("penghargaan", &awards);
    let recorded: Vec<usize> = site
        .years
        .iter()
        .map(|&y| site.recorded_in_province(p, y))
        .collect();
    ctx.insert("tercatat_per_tahun", &recorded);
}
