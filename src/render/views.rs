//! Page views: small serializable structs built from the model for each page's Tera context.
//! Templates only format; every number and decision comes from here.

use super::paging::Slice;
use super::shared::YearRow;
use crate::content::Section;
use crate::data::{Award, Citation, Evidence, ScoreKind};
use crate::model::{District, Movement, Page, Site};
use serde::Serialize;
use tera::Value;

#[derive(Serialize)]
pub struct TierRef<'a> {
    pub kode: &'a str,
    pub nama: &'a str,
    /// 1-based rank, lowest tier = 1.
    pub tingkat: usize,
}

pub fn tier(site: &Site, i: usize) -> TierRef<'_> {
    let t = &site.cfg.predikat[i];
    TierRef {
        kode: &t.kode,
        nama: &t.nama,
        tingkat: i + 1,
    }
}

#[derive(Serialize)]
pub struct Latest<'a> {
    pub tahun: u16,
    pub predikat: TierRef<'a>,
}

/// A district in a list.
#[derive(Serialize)]
pub struct DistrictLink<'a> {
    pub kode: &'a str,
    pub nama: &'a str,
    pub url: &'a str,
    pub provinsi: &'a str,
    pub provinsi_url: &'a str,
    pub terakhir: Option<Latest<'a>>,
    /// Inline tier-history sparkline (trusted markup from `charts::sparkline`), list tables only.
    pub spark: Option<&'a str>,
}

impl<'a> DistrictLink<'a> {
    pub fn with_spark(mut self, spark: Option<&'a str>) -> Self {
        self.spark = spark;
        self
    }
}

pub fn district_link<'a>(site: &'a Site, x: &'a District) -> DistrictLink<'a> {
    let p = &site.provinces[x.province];
    DistrictLink {
        kode: &x.kode,
        nama: &x.nama,
        url: &x.url,
        provinsi: &p.nama,
        provinsi_url: &p.url,
        terakhir: x.latest().map(|a| Latest {
            tahun: a.tahun,
            predikat: tier(site, a.tier),
        }),
        spark: None,
    }
}

#[derive(Serialize)]
pub struct AwardRow<'a> {
    pub tahun: u16,
    pub predikat: TierRef<'a>,
    pub nilai: Option<u32>,
    /// `reported` or `derived` (an estimate), when there is a score.
    pub jenis_nilai: Option<ScoreKind>,
    pub bukti: Evidence,
    pub gerak: Movement,
    pub siklus: Option<u16>,
    pub sumber: &'a Citation,
    pub sumber_nilai: Option<&'a Citation>,
    pub sumber_lain: &'a [Citation],
    /// The note for readers in this edition's language (never the curators' `catatan`).
    pub keterangan: &'a str,
}

pub fn award_row<'a>(site: &'a Site, a: &'a Award, gerak: Movement) -> AwardRow<'a> {
    AwardRow {
        tahun: a.tahun,
        predikat: tier(site, a.tier),
        nilai: a.nilai,
        jenis_nilai: a.jenis_nilai,
        bukti: a.bukti,
        gerak,
        siklus: a.siklus,
        sumber: &a.sumber,
        sumber_nilai: a.sumber_nilai.as_ref(),
        sumber_lain: &a.sumber_lain,
        keterangan: a.keterangan.get(!site.is_root()),
    }
}

/// A content page in a list.
#[derive(Serialize)]
pub struct DocLink<'a> {
    pub judul: &'a str,
    pub url: &'a str,
    pub ringkasan: &'a str,
    pub tanggal: Option<&'a str>,
}

pub fn doc_link(p: &Page) -> DocLink<'_> {
    DocLink {
        judul: &p.doc.fm.judul,
        url: &p.url,
        ringkasan: &p.doc.fm.ringkasan,
        tanggal: p.doc.fm.tanggal.as_deref(),
    }
}

/// A content page in full.
#[derive(Serialize)]
pub struct DocFull<'a> {
    pub judul: &'a str,
    pub url: &'a str,
    pub ringkasan: &'a str,
    pub mudah_dibaca: &'a str,
    pub tanggal: Option<&'a str>,
    pub sumber: &'a [crate::content::Source],
    pub wilayah: Vec<DistrictLink<'a>>,
    pub indikator: Vec<IndicatorRef<'a>>,
    pub mulai: Option<u16>,
    /// Language of the text shown (differs from the page's when not yet translated).
    pub bahasa: &'a str,
    pub kunci: &'a str,
}

#[derive(Serialize)]
pub struct IndicatorRef<'a> {
    pub nomor: u8,
    pub sub: &'a str,
    pub nama: &'a str,
    pub kelompok: &'a str,
    pub terverifikasi: bool,
}

pub fn doc_full<'a>(site: &'a Site, p: &'a Page) -> DocFull<'a> {
    let fm = &p.doc.fm;
    let wilayah = fm
        .wilayah
        .iter()
        .flatten()
        .filter_map(|c| site.by_code.get(c))
        .map(|&i| district_link(site, &site.districts[i]))
        .collect();
    // Indicator and group names in the edition's language where the data gives them.
    let english = site.lang == "en";
    let indikator = fm
        .indikator
        .iter()
        .flatten()
        .flat_map(|n| site.indicators.iter().filter(move |i| i.nomor == *n))
        .map(|i| {
            let group = site
                .cfg
                .kelompok
                .iter()
                .find(|g| g.kode == i.kelompok)
                .map_or(i.kelompok.as_str(), |g| {
                    if english && !g.nama_en.is_empty() {
                        g.nama_en.as_str()
                    } else {
                        g.nama.as_str()
                    }
                });
            IndicatorRef {
                nomor: i.nomor,
                sub: &i.sub,
                nama: if english && !i.nama_en.is_empty() {
                    &i.nama_en
                } else {
                    &i.nama_id
                },
                kelompok: group,
                terverifikasi: i.terverifikasi,
            }
        })
        .collect();
    DocFull {
        judul: &fm.judul,
        url: &p.url,
        ringkasan: &fm.ringkasan,
        mudah_dibaca: &fm.mudah_dibaca,
        bahasa: &p.doc.lang,
        tanggal: fm.tanggal.as_deref(),
        sumber: &fm.sumber,
        wilayah,
        indikator,
        mulai: fm.mulai,
        kunci: &p.doc.key,
    }
}

/// Recorded vs national count for one tier in one year.
#[derive(Serialize)]
pub struct TierCount<'a> {
    pub predikat: TierRef<'a>,
    pub tercatat: usize,
    pub nasional: Option<u32>,
}

/// One award year's coverage.
#[derive(Serialize)]
pub struct YearSummary<'a> {
    pub tahun: u16,
    pub url: String,
    pub per_predikat: Vec<TierCount<'a>>,
    pub tercatat: usize,
    /// Recipients that year nationally, when known.
    pub nasional: Option<u32>,
    /// Whether the national split by tier is known (2017 has only a total).
    pub rincian_nasional: bool,
    pub sumber_nasional: Vec<&'a Citation>,
}

pub fn year_summary(site: &Site, year: u16) -> YearSummary<'_> {
    let rec = site.recorded_per_tier(year);
    let nat = site.national.get(&year);
    let per_predikat: Vec<TierCount> = (0..site.cfg.predikat.len())
        .map(|i| TierCount {
            predikat: tier(site, i),
            tercatat: rec[i],
            nasional: nat.and_then(|n| n.per_tier[i]),
        })
        .collect();
    YearSummary {
        tahun: year,
        url: format!("{}predikat/{year}/", site.base_path),
        tercatat: rec.iter().sum(),
        per_predikat,
        nasional: nat.and_then(|n| n.total),
        rincian_nasional: nat.is_some_and(|n| n.split_known()),
        sumber_nasional: nat.map(|n| n.sources.iter().collect()).unwrap_or_default(),
    }
}

#[derive(Serialize)]
pub struct YearEntry<'a> {
    pub w: DistrictLink<'a>,
    pub predikat: TierRef<'a>,
    pub gerak: Movement,
    pub bukti: Evidence,
    pub sebelumnya: Option<Latest<'a>>,
    pub sumber: &'a Citation,
    #[serde(skip)]
    pub tier: usize,
}

/// The three sorted views of an award year's table (separate pages: sortable without JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum YearView {
    /// Grouped by tier, highest first (the year's main page).
    Predikat,
    /// Grouped by province.
    Provinsi,
    /// Grouped by movement since the previous recorded award.
    Gerak,
}

impl YearView {
    pub const ALL: [YearView; 3] = [YearView::Predikat, YearView::Provinsi, YearView::Gerak];

    /// The view's folder below `/predikat/<tahun>/` ("" for the main page).
    pub fn dir(self) -> &'static str {
        match self {
            YearView::Predikat => "",
            YearView::Provinsi => "provinsi/",
            YearView::Gerak => "gerak/",
        }
    }
}

/// Every district with a recorded award in `year`, in model (code) order.
pub fn year_entries<'a>(
    site: &'a Site,
    year: u16,
    sparks: &'a [Option<String>],
) -> Vec<YearEntry<'a>> {
    let mut out = Vec::new();
    for (i, x) in site.districts.iter().enumerate() {
        if let Some(pos) = x.awards.iter().position(|a| a.tahun == year) {
            let a = &x.awards[pos];
            let prev = pos.checked_sub(1).map(|j| &x.awards[j]).map(|p| Latest {
                tahun: p.tahun,
                predikat: tier(site, p.tier),
            });
            out.push(YearEntry {
                w: district_link(site, x).with_spark(sparks.get(i).and_then(|s| s.as_deref())),
                predikat: tier(site, a.tier),
                gerak: x.movements[pos],
                bukti: a.bukti,
                sebelumnya: prev,
                sumber: &a.sumber,
                tier: a.tier,
            });
        }
    }
    out
}

/// What an award year's views group and sort a row by.
#[derive(Debug, Clone, Copy)]
pub struct RowKey {
    pub tier: usize,
    pub province: usize,
    pub gerak: Movement,
}

/// The heading of a group of rows in one view of an award year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupHead {
    Tier(usize),
    Province(usize),
    Movement(Movement),
}

/// The groups of `view` over `rows` (model order), each with the indices of its rows:
/// every tier highest first (empty ones too), in code order within a tier; every province with
/// rows, in province code order; every movement in [`MOVEMENT_ORDER`] (empty ones too). Within a
/// province or a movement, highest tier first. `jobs()` counts the parts of a view from these
/// sizes and the page's context fills the same groups, so the two always agree.
pub fn year_groups(site: &Site, view: YearView, rows: &[RowKey]) -> Vec<(GroupHead, Vec<usize>)> {
    let mut groups: Vec<(GroupHead, Vec<usize>)> = match view {
        YearView::Predikat => (0..site.cfg.predikat.len())
            .rev()
            .map(|t| (GroupHead::Tier(t), Vec::new()))
            .collect(),
        YearView::Provinsi => (0..site.provinces.len())
            .map(|p| (GroupHead::Province(p), Vec::new()))
            .collect(),
        YearView::Gerak => MOVEMENT_ORDER
            .iter()
            .map(|&m| (GroupHead::Movement(m), Vec::new()))
            .collect(),
    };
    let n = groups.len();
    for (i, r) in rows.iter().enumerate() {
        let g = match view {
            YearView::Predikat => n - 1 - r.tier.min(n - 1),
            YearView::Provinsi => r.province.min(n - 1),
            YearView::Gerak => MOVEMENT_ORDER
                .iter()
                .position(|m| *m == r.gerak)
                .unwrap_or(0),
        };
        groups[g].1.push(i);
    }
    if view != YearView::Predikat {
        for (_, g) in &mut groups {
            g.sort_by_key(|&i| std::cmp::Reverse(rows[i].tier));
        }
    }
    if view == YearView::Provinsi {
        groups.retain(|(_, g)| !g.is_empty());
    }
    groups
}

/// Districts of one tier in one year (one part's share of them).
#[derive(Serialize)]
pub struct TierList<'a> {
    pub predikat: TierRef<'a>,
    pub wilayah: Vec<Value>,
    /// Rows of the whole list, on every part.
    pub jumlah: usize,
    /// The tier's list began on an earlier part.
    pub lanjutan: bool,
}

/// A group of rows under a heading (a province or a movement), one part's share of it.
#[derive(Serialize)]
pub struct EntryGroup<'a> {
    pub kunci: String,
    pub judul: String,
    pub url: Option<&'a str>,
    pub wilayah: Vec<Value>,
    /// Rows of the whole group, on every part.
    pub jumlah: usize,
    /// The group began on an earlier part.
    pub lanjutan: bool,
}

/// The group's key in anchors (`#p-<kunci>`, `#k-<kunci>`): tier code, province code or
/// movement.
pub fn group_key(site: &Site, head: GroupHead) -> String {
    match head {
        GroupHead::Tier(t) => site.cfg.predikat[t].kode.clone(),
        GroupHead::Province(p) => site.provinces[p].kode.clone(),
        GroupHead::Movement(m) => format!("{m:?}").to_lowercase(),
    }
}

/// The rows of slice `s` of a group whose rows are `idx`, as values.
fn slice_values(rows: &[YearRow], idx: &[usize], s: &Slice) -> Vec<Value> {
    idx[s.start..s.end]
        .iter()
        .map(|&i| rows[i].value.clone())
        .collect()
}

/// The tier lists of one part of the tier view.
pub fn tier_lists<'a>(
    site: &'a Site,
    rows: &[YearRow],
    groups: &[(GroupHead, Vec<usize>)],
    part: &[Slice],
) -> Vec<TierList<'a>> {
    part.iter()
        .filter_map(|s| {
            let (GroupHead::Tier(t), idx) = &groups[s.group] else {
                return None;
            };
            Some(TierList {
                predikat: tier(site, *t),
                wilayah: slice_values(rows, idx, s),
                jumlah: idx.len(),
                lanjutan: s.continued(),
            })
        })
        .collect()
}

/// The province or movement groups of one part of those views.
pub fn entry_groups<'a>(
    site: &'a Site,
    rows: &[YearRow],
    groups: &[(GroupHead, Vec<usize>)],
    part: &[Slice],
) -> Vec<EntryGroup<'a>> {
    part.iter()
        .map(|s| {
            let (head, idx) = &groups[s.group];
            let kunci = group_key(site, *head);
            let (judul, url) = match *head {
                GroupHead::Province(p) => {
                    let p = &site.provinces[p];
                    (p.nama.clone(), Some(p.url.as_str()))
                }
                _ => (kunci.clone(), None),
            };
            EntryGroup {
                kunci,
                judul,
                url,
                wilayah: slice_values(rows, idx, s),
                jumlah: idx.len(),
                lanjutan: s.continued(),
            }
        })
        .collect()
}

/// The movements in the order a reporter reads them.
pub const MOVEMENT_ORDER: [Movement; 4] = [
    Movement::Naik,
    Movement::Baru,
    Movement::Tetap,
    Movement::Turun,
];

/// How many districts moved which way in one year. `naik`, `turun` and `tetap` count every
/// movement against each district's previous record; `sejak` counts only those whose previous
/// record is the previous award year (`tahun_sebelumnya`), `lama` those compared with an older
/// record (`tahun_lama`: the years those records are from). A headline "N naik sejak 2023"
/// must use `sejak`.
#[derive(Serialize, Default)]
pub struct MovementCounts {
    pub naik: usize,
    pub turun: usize,
    pub tetap: usize,
    pub baru: usize,
    pub tahun_sebelumnya: Option<u16>,
    pub sejak: Moves,
    pub lama: Moves,
    pub tahun_lama: Vec<u16>,
    /// `tahun_lama` written out, e.g. "2019, 2022".
    pub tahun_lama_teks: String,
}

/// Up, down and same counts of one comparison, and their sum.
#[derive(Serialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Moves {
    pub naik: usize,
    pub turun: usize,
    pub tetap: usize,
    pub jumlah: usize,
}

/// Counts of `moves` (each movement with the year of the record it compares with) in a year
/// whose previous award year is `previous`.
pub fn movement_counts(
    moves: impl Iterator<Item = (Movement, Option<u16>)>,
    previous: Option<u16>,
) -> MovementCounts {
    let mut c = MovementCounts {
        tahun_sebelumnya: previous,
        ..MovementCounts::default()
    };
    let mut older = std::collections::BTreeSet::new();
    for (m, base) in moves {
        let split = if base.is_some() && base == previous {
            &mut c.sejak
        } else {
            if let Some(b) = base {
                older.insert(b);
            }
            &mut c.lama
        };
        match m {
            Movement::Naik => {
                c.naik += 1;
                split.naik += 1;
            }
            Movement::Turun => {
                c.turun += 1;
                split.turun += 1;
            }
            Movement::Tetap => {
                c.tetap += 1;
                split.tetap += 1;
            }
            Movement::Baru => c.baru += 1,
        }
    }
    c.tahun_lama = older.into_iter().collect();
    c.tahun_lama_teks = c
        .tahun_lama
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    for m in [&mut c.sejak, &mut c.lama] {
        m.jumlah = m.naik + m.turun + m.tetap;
    }
    c
}

pub fn news_links(site: &Site, limit: usize) -> Vec<DocLink<'_>> {
    site.docs_in(Section::Berita)
        .take(limit)
        .map(|(_, p)| doc_link(p))
        .collect()
}
