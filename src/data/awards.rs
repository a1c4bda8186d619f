//! Award tables: district tiers per year (`predikat.csv`), national totals (`nasional.csv`),
//! province awards (`provinsi_predikat.csv`) and optional per-group scores (`nilai_klaster.csv`).

use super::csvfile::{self, Schema};
use super::fields::{self, Citation};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const AWARDS: &str = "data/predikat.csv";
pub const NATIONAL: &str = "data/nasional.csv";
pub const PROVINCE_AWARDS: &str = "data/provinsi_predikat.csv";
pub const GROUP_SCORES: &str = "data/nilai_klaster.csv";

/// How an award row is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The source reports that year's award.
    Direct,
    /// A later source states the earlier tier.
    Retrospective,
}

/// How a score is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreKind {
    /// A source prints the number (`jenis_nilai = reported`, the default).
    Reported,
    /// The editors worked it out from what a source says (`jenis_nilai = derived`): an
    /// estimate, never shown as evidence. The derivation is in `keterangan`.
    Derived,
}

impl ScoreKind {
    pub fn code(self) -> &'static str {
        match self {
            ScoreKind::Reported => "reported",
            ScoreKind::Derived => "derived",
        }
    }
}

impl Evidence {
    pub fn code(self) -> &'static str {
        match self {
            Evidence::Direct => "direct",
            Evidence::Retrospective => "retrospective",
        }
    }
}

/// One district's tier in one award year.
#[derive(Debug, Clone)]
pub struct Award {
    pub kode: String,
    pub tahun: u16,
    /// Index into `Config::predikat`.
    pub tier: usize,
    pub nilai: Option<u32>,
    /// How the score is known; `Some` exactly when `nilai` is.
    pub jenis_nilai: Option<ScoreKind>,
    pub sumber: Citation,
    pub sumber_nilai: Option<Citation>,
    pub siklus: Option<u16>,
    pub bukti: Evidence,
    pub sumber_lain: Vec<Citation>,
    /// The curators' working note (English, for editors): published in the data files, never
    /// on a page.
    pub catatan: String,
    /// A note for readers, in Indonesian and English (`keterangan`, `keterangan_en`).
    pub keterangan: ReaderNote,
    /// Line and column of the score in `data/predikat.csv`, for diagnostics.
    pub nilai_at: (usize, usize),
}

/// A note written for readers, one text per language; empty when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderNote {
    pub id: String,
    pub en: String,
}

impl ReaderNote {
    fn from_row(t: &csvfile::Table, row: &csvfile::Row) -> ReaderNote {
        ReaderNote {
            id: t.field(row, "keterangan").value.to_string(),
            en: t.field(row, "keterangan_en").value.to_string(),
        }
    }

    /// The note for the original edition, or for a translated one (the English column; the
    /// original when it is empty).
    pub fn get(&self, translated: bool) -> &str {
        if translated && !self.en.is_empty() {
            &self.en
        } else {
            &self.id
        }
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty() && self.en.is_empty()
    }
}

/// The national number of districts in one tier in one award year.
#[derive(Debug, Clone)]
pub struct NationalTotal {
    pub tahun: u16,
    /// Index into `Config::predikat`; `None` for the row `predikat = total`, the year's total
    /// of recipients when (or also when) its split by tier is not known.
    pub tier: Option<usize>,
    pub jumlah: u32,
    pub sumber: Citation,
    pub catatan: String,
}

/// A province-level award (Provila and earlier kinds).
#[derive(Debug, Clone)]
pub struct ProvinceAward {
    pub kode_provinsi: String,
    pub tahun: u16,
    pub jenis: String,
    pub sumber: Citation,
    /// The curators' working note, for editors only (see [`Award::catatan`]).
    pub catatan: String,
    pub keterangan: ReaderNote,
}

/// A district's score in one group (Kelembagaan, Klaster I–V) in one year.
#[derive(Debug, Clone)]
pub struct GroupScore {
    pub kode: String,
    pub tahun: u16,
    pub kelompok: String,
    pub nilai: u32,
    /// The group's maximum points, from the row or from `[[kelompok]] maks` in ila.toml.
    pub maks: u32,
    pub sumber: Citation,
    /// Line and column of the score in `data/nilai_klaster.csv`, for diagnostics.
    pub nilai_at: (usize, usize),
}

/// Context the award loaders check against.
pub struct Known<'a> {
    pub cfg: &'a Config,
    pub districts: &'a BTreeSet<String>,
    pub provinces: &'a BTreeSet<String>,
    pub this_year: u16,
}

fn tier(f: &csvfile::Field, file: &str, cfg: &Config, d: &mut Diagnostics) -> Option<usize> {
    let v = f.value.to_lowercase();
    if let Some(i) = cfg.tier_index(&v) {
        return Some(i);
    }
    let names: Vec<&str> = cfg.predikat.iter().map(|t| t.kode.as_str()).collect();
    let hint = csvfile::closest(&v, &names)
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| "tiers are defined in ila.toml under [[predikat]]".into());
    d.push(
        f.error(file, "unknown tier")
            .expected(format!("one of {}", names.join(", ")))
            .hint(hint),
    );
    None
}

fn known_district(
    f: &csvfile::Field,
    file: &str,
    k: &Known,
    d: &mut Diagnostics,
) -> Option<String> {
    let code = fields::district_code_for(f, file, k.cfg.situs.data_contoh, d)?;
    if k.districts.contains(&code) {
        return Some(code);
    }
    d.push(
        f.error(file, "unknown district code")
            .expected("a code listed in data/wilayah/regencies.csv")
            .hint("codes follow Kemendagri; Papua districts moved to new province codes in 2022 (e.g. Merauke is now 93.01)"),
    );
    None
}

const AWARDS_SCHEMA: Schema = Schema {
    required: &["kode", "tahun", "predikat", "sumber"],
    optional: &[
        "nilai",
        "sumber_nilai",
        "siklus",
        "jenis_bukti",
        "sumber_lain",
        "catatan",
        "jenis_nilai",
        "keterangan",
        "keterangan_en",
    ],
};

pub fn load_awards(root: &Path, k: &Known, d: &mut Diagnostics) -> Vec<Award> {
    let Some(t) = csvfile::read(root, AWARDS, &AWARDS_SCHEMA, false, d) else {
        return Vec::new();
    };
    awards_from_table(&t, k, d)
}

/// Parse and validate the bytes of a `predikat.csv` exactly as [`load_awards`] does the file
/// on disk (diagnostics name `data/predikat.csv`). For callers holding the text in memory,
/// such as the fuzz targets in `fuzz/`.
pub fn parse_awards(bytes: &[u8], k: &Known, d: &mut Diagnostics) -> Vec<Award> {
    let Some(t) = csvfile::parse(AWARDS, bytes, &AWARDS_SCHEMA, d) else {
        return Vec::new();
    };
    awards_from_table(&t, k, d)
}

fn awards_from_table(t: &csvfile::Table, k: &Known, d: &mut Diagnostics) -> Vec<Award> {
    let f = AWARDS;
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, u16), usize> = BTreeMap::new();
    for row in &t.rows {
        let kode_f = t.field(row, "kode");
        let tahun_f = t.field(row, "tahun");
        let tier_f = t.field(row, "predikat");
        let nilai_f = t.field(row, "nilai");
        let kode = known_district(&kode_f, f, k, d);
        let tahun = fields::year(&tahun_f, f, k.this_year, d);
        let tier = tier(&tier_f, f, k.cfg, d);
        let nilai = fields::score(&nilai_f, f, d);
        let sumber = fields::citation(&t.field(row, "sumber"), f, true, d);
        let sumber_nilai = fields::citation(&t.field(row, "sumber_nilai"), f, false, d);
        let siklus_f = t.field(row, "siklus");
        let siklus = if siklus_f.value.is_empty() {
            Some(None)
        } else {
            fields::year(&siklus_f, f, k.this_year, d).map(Some)
        };
        let keterangan = ReaderNote::from_row(t, row);
        let jenis_f = t.field(row, "jenis_nilai");
        let jenis_nilai = match (jenis_f.value, nilai) {
            (_, None) => Some(None),
            ("", Some(None)) => Some(None),
            ("" | "reported", Some(Some(_))) => Some(Some(ScoreKind::Reported)),
            ("derived", Some(Some(_))) if keterangan.id.is_empty() => {
                d.push(
                    jenis_f
                        .error(f, "a derived score needs its derivation in words")
                        .expected("a text in column `keterangan` saying how the score was worked out")
                        .hint("e.g. `Perkiraan: 701 − 16 = 685; sumber menyebut kurang 16 poin dari Nindya`; readers see it wherever the score appears"),
                );
                None
            }
            ("derived", Some(Some(_))) => Some(Some(ScoreKind::Derived)),
            ("reported" | "derived", Some(None)) => {
                d.push(
                    jenis_f
                        .error(f, "score kind given without a score")
                        .expected("an empty `jenis_nilai` when `nilai` is empty"),
                );
                None
            }
            _ => {
                d.push(
                    jenis_f
                        .error(f, "unknown score kind")
                        .expected("`reported` (a source prints the number), `derived` (an estimate worked out by the editors) or empty"),
                );
                None
            }
        };
        let bukti_f = t.field(row, "jenis_bukti");
        let bukti = match bukti_f.value {
            "" | "direct" => Some(Evidence::Direct),
            "retrospective" => Some(Evidence::Retrospective),
            _ => {
                d.push(
                    bukti_f
                        .error(f, "unknown evidence kind")
                        .expected("`direct`, `retrospective` or empty (direct)"),
                );
                None
            }
        };
        let lain_f = t.field(row, "sumber_lain");
        let mut sumber_lain = Vec::new();
        for part in lain_f.value.split_whitespace() {
            let pf = csvfile::Field {
                value: part,
                ..lain_f
            };
            if let Some(Some(c)) = fields::citation(&pf, f, false, d) {
                sumber_lain.push(c);
            }
        }
        let (
            Some(kode),
            Some(tahun),
            Some(tier),
            Some(nilai),
            Some(Some(sumber)),
            Some(sumber_nilai),
            Some(siklus),
            Some(bukti),
            Some(jenis_nilai),
        ) = (
            kode,
            tahun,
            tier,
            nilai,
            sumber,
            sumber_nilai,
            siklus,
            bukti,
            jenis_nilai,
        )
        else {
            continue;
        };
        // The hint names the first row for the key, not the previous duplicate.
        if let Some(&first) = seen.get(&(kode.clone(), tahun)) {
            d.push(
                kode_f
                    .error(f, "duplicate award: this district already has a row for this year")
                    .expected("one row per district and year")
                    .hint(format!("the first row for {kode} {tahun} is on line {first}; keep one and list other sources in `sumber_lain`")),
            );
            continue;
        }
        seen.insert((kode.clone(), tahun), row.line);
        if let Some(n) = nilai {
            let band = k.cfg.tier_for_score(n);
            if band != Some(tier) {
                let band_name = band.map_or("no tier (below the lowest band)".to_string(), |b| {
                    k.cfg.predikat[b].kode.clone()
                });
                d.push(
                    nilai_f
                        .warning(f, "score does not match the tier's band")
                        .expected(format!(
                            "a score between {} and {} for `{}`",
                            k.cfg.predikat[tier].min, k.cfg.predikat[tier].maks, k.cfg.predikat[tier].kode
                        ))
                        .hint(format!("the score falls in {band_name}; the tier is published as given, check the source")),
                );
            }
        }
        out.push(Award {
            kode,
            tahun,
            tier,
            nilai,
            jenis_nilai,
            sumber,
            sumber_nilai,
            siklus,
            bukti,
            sumber_lain,
            catatan: t.field(row, "catatan").value.to_string(),
            keterangan,
            nilai_at: (nilai_f.line, nilai_f.column()),
        });
    }
    out
}

pub fn load_national(root: &Path, k: &Known, d: &mut Diagnostics) -> Vec<NationalTotal> {
    let schema = Schema {
        required: &["tahun", "predikat", "jumlah", "sumber"],
        optional: &["catatan"],
    };
    let Some(t) = csvfile::read(root, NATIONAL, &schema, false, d) else {
        return Vec::new();
    };
    let f = NATIONAL;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    // Where each year's `total` row is, to check it against the tier rows below.
    let mut total_at: BTreeMap<u16, (usize, usize, usize)> = BTreeMap::new();
    for row in &t.rows {
        let tahun = fields::year(&t.field(row, "tahun"), f, k.this_year, d);
        let tier_f = t.field(row, "predikat");
        // `total`: the year's number of recipients, for a year whose split by tier is unknown.
        let tier = if tier_f.value.eq_ignore_ascii_case(TOTAL) {
            Some(None)
        } else {
            tier(&tier_f, f, k.cfg, d).map(Some)
        };
        let jumlah = fields::count(&t.field(row, "jumlah"), f, d);
        let sumber = fields::citation(&t.field(row, "sumber"), f, true, d);
        let (Some(tahun), Some(tier), Some(jumlah), Some(Some(sumber))) =
            (tahun, tier, jumlah, sumber)
        else {
            continue;
        };
        if !seen.insert((tahun, tier)) {
            d.push(tier_f.error(f, "duplicate national total for this year and tier"));
            continue;
        }
        if tier.is_none() {
            let jf = t.field(row, "jumlah");
            total_at.insert(tahun, (jf.line, jf.column(), jf.value.chars().count()));
        }
        out.push(NationalTotal {
            tahun,
            tier,
            jumlah,
            sumber,
            catatan: t.field(row, "catatan").value.to_string(),
        });
    }
    for (&year, &(line, col, len)) in &total_at {
        let total = out
            .iter()
            .find(|r| r.tahun == year && r.tier.is_none())
            .map_or(0, |r| r.jumlah);
        let split: u32 = out
            .iter()
            .filter(|r| r.tahun == year && r.tier.is_some())
            .map(|r| r.jumlah)
            .sum();
        if split > total {
            d.push(
                Diagnostic::error(f, "national total is smaller than its tiers added up")
                    .at(line, col, len)
                    .value(total.to_string())
                    .expected(format!("at least {split}, the sum of the {year} tier rows"))
                    .hint("a `total` row is for a year whose split by tier is unknown; with tier rows it must not be below their sum"),
            );
        }
    }
    out
}

/// The `predikat` of a national row that gives only the year's total of recipients.
pub const TOTAL: &str = "total";

pub fn load_province_awards(root: &Path, k: &Known, d: &mut Diagnostics) -> Vec<ProvinceAward> {
    let schema = Schema {
        required: &["kode_provinsi", "tahun", "penghargaan", "sumber"],
        optional: &["catatan", "keterangan", "keterangan_en"],
    };
    let Some(t) = csvfile::read(root, PROVINCE_AWARDS, &schema, false, d) else {
        return Vec::new();
    };
    let f = PROVINCE_AWARDS;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &t.rows {
        let kf = t.field(row, "kode_provinsi");
        let kode = fields::province_code(&kf, f, d).and_then(|c| {
            if k.provinces.contains(&c) {
                Some(c)
            } else {
                d.push(
                    kf.error(f, "unknown province code")
                        .expected("a code listed in data/wilayah/provinces.csv"),
                );
                None
            }
        });
        let tahun = fields::year(&t.field(row, "tahun"), f, k.this_year, d);
        let jf = t.field(row, "penghargaan");
        let jenis = if k.cfg.penghargaan_provinsi.contains_key(jf.value) {
            Some(jf.value.to_string())
        } else {
            let kinds: Vec<&str> = k
                .cfg
                .penghargaan_provinsi
                .keys()
                .map(String::as_str)
                .collect();
            d.push(
                jf.error(f, "unknown province award kind")
                    .expected(format!("one of {}", kinds.join(", ")))
                    .hint("award kinds are listed in ila.toml under [penghargaan_provinsi]"),
            );
            None
        };
        let sumber = fields::citation(&t.field(row, "sumber"), f, true, d);
        let (Some(kode_provinsi), Some(tahun), Some(jenis), Some(Some(sumber))) =
            (kode, tahun, jenis, sumber)
        else {
            continue;
        };
        if !seen.insert((kode_provinsi.clone(), tahun, jenis.clone())) {
            d.push(kf.error(f, "duplicate province award"));
            continue;
        }
        out.push(ProvinceAward {
            kode_provinsi,
            tahun,
            jenis,
            sumber,
            catatan: t.field(row, "catatan").value.to_string(),
            keterangan: ReaderNote::from_row(&t, row),
        });
    }
    out
}

pub fn load_group_scores(root: &Path, k: &Known, d: &mut Diagnostics) -> Vec<GroupScore> {
    let schema = Schema {
        required: &["kode", "tahun", "kelompok", "nilai", "sumber"],
        optional: &["maks"],
    };
    let Some(t) = csvfile::read(root, GROUP_SCORES, &schema, true, d) else {
        return Vec::new();
    };
    let f = GROUP_SCORES;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &t.rows {
        let kode = known_district(&t.field(row, "kode"), f, k, d);
        let tahun = fields::year(&t.field(row, "tahun"), f, k.this_year, d);
        let gf = t.field(row, "kelompok");
        let kelompok = fields::group(&gf, f, k.cfg, d);
        let nf = t.field(row, "nilai");
        let nilai = fields::score(&nf, f, d);
        let mf = t.field(row, "maks");
        let maks = fields::score(&mf, f, d);
        let sumber = fields::citation(&t.field(row, "sumber"), f, true, d);
        let (
            Some(kode),
            Some(tahun),
            Some(kelompok),
            Some(Some(nilai)),
            Some(maks),
            Some(Some(sumber)),
        ) = (kode, tahun, kelompok, nilai, maks, sumber)
        else {
            continue;
        };
        let from_config = k
            .cfg
            .kelompok
            .iter()
            .find(|g| g.kode == kelompok)
            .and_then(|g| g.maks);
        let Some(maks) = maks.or(from_config).filter(|&m| m > 0) else {
            d.push(
                mf.error(f, "no maximum known for this group")
                    .expected("a whole number above 0 in column `maks`")
                    .hint("per-group maxima are not published nationally; copy the maximum from the district's own report, or set `maks` under [[kelompok]] in ila.toml"),
            );
            continue;
        };
        if nilai > maks {
            d.push(
                nf.error(f, "group score is above the group's maximum")
                    .value(nilai.to_string())
                    .expected(format!("at most {maks}")),
            );
            continue;
        }
        if !seen.insert((kode.clone(), tahun, kelompok.clone())) {
            d.push(gf.error(f, "duplicate group score for this district and year"));
            continue;
        }
        out.push(GroupScore {
            kode,
            tahun,
            kelompok,
            nilai,
            maks,
            sumber,
            nilai_at: (nf.line, nf.column()),
        });
    }
    out
}

/// A district's group scores for a year may not add up to more than its total score for that
/// year in `data/predikat.csv`, nor to more than 1000 points. Reported at the group score that
/// takes the sum over, naming the total's place too.
pub fn check_group_totals(awards: &[Award], groups: &[GroupScore], d: &mut Diagnostics) {
    let totals: BTreeMap<(&str, u16), (u32, (usize, usize))> = awards
        .iter()
        .filter_map(|a| Some(((a.kode.as_str(), a.tahun), (a.nilai?, a.nilai_at))))
        .collect();
    let mut sums: BTreeMap<(&str, u16), u32> = BTreeMap::new();
    let mut ordered: Vec<&GroupScore> = groups.iter().collect();
    ordered.sort_by_key(|g| g.nilai_at);
    let mut reported = BTreeSet::new();
    for g in ordered {
        let key = (g.kode.as_str(), g.tahun);
        let sum = sums.entry(key).or_default();
        *sum += g.nilai;
        let (limit, place, what) = match totals.get(&key) {
            Some(&(total, (line, col))) if total < 1000 => (
                total,
                format!("{AWARDS}:{line}:{col}"),
                "the district's total score",
            ),
            _ => (
                1000,
                "the KLA scale".to_string(),
                "the maximum of 1000 points",
            ),
        };
        if *sum > limit && reported.insert(key) {
            let (line, col) = g.nilai_at;
            d.push(
                Diagnostic::error(
                    GROUP_SCORES,
                    format!("group scores add up to more than {what}"),
                )
                .at(line, col, g.nilai.to_string().len())
                .value(format!("{} {}: {} points so far", g.kode, g.tahun, *sum))
                .expected(format!("at most {limit} ({place})"))
                .hint(format!(
                    "the group scores of {} {} must not exceed its total of {limit} at {place}; check both against the source",
                    g.kode, g.tahun
                )),
            );
        }
    }
}
