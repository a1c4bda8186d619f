//! Open-data downloads under `/data/`, made from the same model that renders the pages so a
//! download never disagrees with a page: CSV and JSON per table, one JSON per district, and a
//! Frictionless `datapackage.json` with schemas, sources and the ODbL licence.

use super::public_url;
use crate::data::GroupScore;
use crate::data::{Citation, Evidence};
use crate::model::{Movement, Site};
use rayon::prelude::*;
use serde::Serialize;

/// A download: site-relative path and bytes.
pub type File = (String, Vec<u8>);

fn cite(c: &Citation) -> String {
    c.reference().to_string()
}

fn movement(m: Movement) -> &'static str {
    match m {
        Movement::Baru => "baru",
        Movement::Naik => "naik",
        Movement::Turun => "turun",
        Movement::Tetap => "tetap",
    }
}

/// What award `i` of district `x` is compared with: the year of the previous record and
/// whether that is the previous award year (`sebelumnya`) or an older record (`lama`).
fn comparison(site: &Site, x: &crate::model::District, i: usize) -> (Option<u16>, &'static str) {
    let Some(prev) = i.checked_sub(1).map(|j| x.awards[j].tahun) else {
        return (None, "");
    };
    if site.previous_year(x.awards[i].tahun) == Some(prev) {
        (Some(prev), "sebelumnya")
    } else {
        (Some(prev), "lama")
    }
}

fn evidence(e: Evidence) -> &'static str {
    match e {
        Evidence::Direct => "direct",
        Evidence::Retrospective => "retrospective",
    }
}

#[derive(Serialize)]
struct DistrictRow<'a> {
    kode: &'a str,
    nama: &'a str,
    jenis: &'a str,
    kode_provinsi: &'a str,
    provinsi: &'a str,
    url: String,
    predikat_terakhir: Option<&'a str>,
    tahun_terakhir: Option<u16>,
    jumlah_catatan: usize,
}

#[derive(Serialize)]
struct AwardRow<'a> {
    kode: &'a str,
    nama: &'a str,
    kode_provinsi: &'a str,
    tahun: u16,
    predikat: &'a str,
    tingkat: usize,
    nilai: Option<u32>,
    jenis_nilai: &'static str,
    gerak: &'static str,
    tahun_banding: Option<u16>,
    banding: &'static str,
    jenis_bukti: &'static str,
    siklus: Option<u16>,
    sumber: String,
    sumber_nilai: Option<String>,
    sumber_lain: String,
    catatan: &'a str,
    keterangan: &'a str,
    keterangan_en: &'a str,
}

#[derive(Serialize)]
struct NationalRow<'a> {
    tahun: u16,
    predikat: &'a str,
    nasional: Option<u32>,
    tercatat: usize,
}

#[derive(Serialize)]
struct ProvinceAwardRow<'a> {
    kode_provinsi: &'a str,
    provinsi: &'a str,
    tahun: u16,
    penghargaan: &'a str,
    nama_penghargaan: &'a str,
    sumber: String,
    catatan: &'a str,
    keterangan: &'a str,
    keterangan_en: &'a str,
}

#[derive(Serialize)]
struct IndicatorRow<'a> {
    nomor: u8,
    sub: &'a str,
    kelompok: &'a str,
    nama_id: &'a str,
    nama_en: &'a str,
    terverifikasi: bool,
}

#[derive(Serialize)]
struct GroupRow<'a> {
    kode: &'a str,
    tahun: u16,
    kelompok: &'a str,
    nilai: u32,
    maks: u32,
    sumber: String,
}

impl<'a> From<&'a GroupScore> for GroupRow<'a> {
    fn from(g: &'a GroupScore) -> Self {
        GroupRow {
            kode: &g.kode,
            tahun: g.tahun,
            kelompok: &g.kelompok,
            nilai: g.nilai,
            maks: g.maks,
            sumber: cite(&g.sumber),
        }
    }
}

/// The tables under `/data/`: file name (without extension) and title.
pub const TABLES: &[(&str, &str)] = &[
    ("wilayah", "Kabupaten/kota dan predikat terakhir"),
    ("predikat", "Predikat KLA per kabupaten/kota dan tahun"),
    (
        "nasional",
        "Total nasional dan jumlah tercatat per tahun dan predikat",
    ),
    ("provinsi_predikat", "Penghargaan tingkat provinsi"),
    ("indikator", "24 indikator KLA"),
    ("nilai_klaster", "Nilai per kelompok indikator"),
];

/// One table: its name, title, rows, and each field's (name, Frictionless type, description).
struct Table {
    name: String,
    title: String,
    fields: &'static [(&'static str, &'static str, &'static str)],
    key: &'static [&'static str],
    csv: Vec<u8>,
    json: Vec<u8>,
}

fn table<T: Serialize>(
    name: impl Into<String>,
    title: impl Into<String>,
    fields: &'static [(&'static str, &'static str, &'static str)],
    key: &'static [&'static str],
    rows: &[T],
) -> Table {
    let mut w = csv::Writer::from_writer(Vec::new());
    // The header is written even for an empty table.
    let _ = w.write_record(fields.iter().map(|f| f.0));
    let mut w2 = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for r in rows {
        let _ = w2.serialize(r);
    }
    let mut csv = w.into_inner().unwrap_or_default();
    csv.extend(w2.into_inner().unwrap_or_default());
    let json = serde_json::to_vec_pretty(rows).unwrap_or_default();
    Table {
        name: name.into(),
        title: title.into(),
        fields,
        key,
        csv,
        json,
    }
}

const DISTRICT_FIELDS: &[(&str, &str, &str)] = &[
    (
        "kode",
        "string",
        "Kemendagri code, e.g. 35.10 (text, never a number)",
    ),
    ("nama", "string", "official name"),
    ("jenis", "string", "kabupaten or kota"),
    ("kode_provinsi", "string", "Kemendagri province code"),
    ("provinsi", "string", "province name"),
    ("url", "string", "the district's page"),
    (
        "predikat_terakhir",
        "string",
        "latest recorded tier (empty: none recorded)",
    ),
    (
        "tahun_terakhir",
        "integer",
        "award year of the latest recorded tier",
    ),
    (
        "jumlah_catatan",
        "integer",
        "number of recorded award years",
    ),
];
const AWARD_FIELDS: &[(&str, &str, &str)] = &[
    ("kode", "string", "Kemendagri district code"),
    ("nama", "string", "district name"),
    ("kode_provinsi", "string", "Kemendagri province code"),
    (
        "tahun",
        "integer",
        "award year (the year on the certificate)",
    ),
    (
        "predikat",
        "string",
        "tier code: pratama, madya, nindya, utama, kla",
    ),
    ("tingkat", "integer", "tier rank, 1 = Pratama … 5 = KLA"),
    ("nilai", "integer", "score out of 1000, when known"),
    (
        "jenis_nilai",
        "string",
        "how the score is known: reported (a source prints it) or derived (an editors' estimate, never evidence; keterangan says how it was worked out); empty without a score",
    ),
    (
        "gerak",
        "string",
        "movement since the previous recorded award: baru, naik, turun, tetap",
    ),
    (
        "tahun_banding",
        "integer",
        "award year of the record `gerak` compares with (the district's previous recorded award); empty for a first record",
    ),
    (
        "banding",
        "string",
        "sebelumnya: compared with the previous award year; lama: compared with an older record, because the previous award year has no record of the district; empty for a first record",
    ),
    (
        "jenis_bukti",
        "string",
        "direct (reported that year) or retrospective (stated later)",
    ),
    ("siklus", "integer", "evaluation cycle year, when known"),
    ("sumber", "string", "source URL or citation"),
    (
        "sumber_nilai",
        "string",
        "source of the score, when different",
    ),
    ("sumber_lain", "string", "further sources, space-separated"),
    (
        "catatan",
        "string",
        "the data editors' working note (English), as in the source files; not reviewed reader text",
    ),
    ("keterangan", "string", "note for readers, in Indonesian"),
    ("keterangan_en", "string", "note for readers, in English"),
];
const NATIONAL_FIELDS: &[(&str, &str, &str)] = &[
    ("tahun", "integer", "award year"),
    (
        "predikat",
        "string",
        "tier code, or `total` for a year whose split by tier was not announced (its tier rows then have an empty `nasional`)",
    ),
    (
        "nasional",
        "integer",
        "announced national number of districts in this tier (empty: not published)",
    ),
    (
        "tercatat",
        "integer",
        "districts in this tier recorded in this dataset",
    ),
];
const PROVINCE_AWARD_FIELDS: &[(&str, &str, &str)] = &[
    ("kode_provinsi", "string", "Kemendagri province code"),
    ("provinsi", "string", "province name"),
    ("tahun", "integer", "award year"),
    ("penghargaan", "string", "award code"),
    ("nama_penghargaan", "string", "award name"),
    ("sumber", "string", "source URL or citation"),
    (
        "catatan",
        "string",
        "the data editors' working note (English); not reviewed reader text",
    ),
    ("keterangan", "string", "note for readers, in Indonesian"),
    ("keterangan_en", "string", "note for readers, in English"),
];
const INDICATOR_FIELDS: &[(&str, &str, &str)] = &[
    ("nomor", "integer", "indicator number, 1–24"),
    ("sub", "string", "sub-indicator letter, if any"),
    ("kelompok", "string", "group: kelembagaan or I–V"),
    ("nama_id", "string", "name in Indonesian"),
    ("nama_en", "string", "name in English"),
    (
        "terverifikasi",
        "boolean",
        "wording verified against an official source",
    ),
];
const GROUP_FIELDS: &[(&str, &str, &str)] = &[
    ("kode", "string", "Kemendagri district code"),
    ("tahun", "integer", "award year"),
    ("kelompok", "string", "group: kelembagaan or I–V"),
    ("nilai", "integer", "group score"),
    (
        "maks",
        "integer",
        "the group's maximum, as the source gives it",
    ),
    ("sumber", "string", "source URL or citation"),
];

fn tables(site: &Site) -> Vec<Table> {
    let tiers = &site.cfg.predikat;
    let districts: Vec<DistrictRow> = site
        .districts
        .iter()
        .map(|x| {
            let p = &site.provinces[x.province];
            DistrictRow {
                kode: &x.kode,
                nama: &x.nama,
                jenis: x.jenis,
                kode_provinsi: &p.kode,
                provinsi: &p.nama,
                url: public_url(site, &x.url),
                predikat_terakhir: x.latest().map(|a| tiers[a.tier].kode.as_str()),
                tahun_terakhir: x.latest().map(|a| a.tahun),
                jumlah_catatan: x.awards.len(),
            }
        })
        .collect();
    let awards: Vec<AwardRow> = site
        .districts
        .iter()
        .flat_map(|x| {
            let p = &site.provinces[x.province];
            x.awards
                .iter()
                .zip(&x.movements)
                .enumerate()
                .map(move |(i, (a, m))| {
                    let (tahun_banding, banding) = comparison(site, x, i);
                    (a, m, tahun_banding, banding)
                })
                .map(move |(a, m, tahun_banding, banding)| AwardRow {
                    kode: &x.kode,
                    nama: &x.nama,
                    kode_provinsi: &p.kode,
                    tahun: a.tahun,
                    predikat: &tiers[a.tier].kode,
                    tingkat: a.tier + 1,
                    nilai: a.nilai,
                    jenis_nilai: a.jenis_nilai.map_or("", |k| k.code()),
                    gerak: movement(*m),
                    tahun_banding,
                    banding,
                    jenis_bukti: evidence(a.bukti),
                    siklus: a.siklus,
                    sumber: cite(&a.sumber),
                    sumber_nilai: a.sumber_nilai.as_ref().map(cite),
                    sumber_lain: a.sumber_lain.iter().map(cite).collect::<Vec<_>>().join(" "),
                    catatan: &a.catatan,
                    keterangan: &a.keterangan.id,
                    keterangan_en: &a.keterangan.en,
                })
        })
        .collect();
    let national: Vec<NationalRow> = site
        .years
        .iter()
        .flat_map(|&y| {
            let rec = site.recorded_per_tier(y);
            let nat = site.national.get(&y);
            // A year known only by its total gets one `total` row before its tier rows.
            let total = nat
                .filter(|n| !n.split_known())
                .and_then(|n| n.total)
                .map(|t| NationalRow {
                    tahun: y,
                    predikat: crate::data::awards::TOTAL,
                    nasional: Some(t),
                    tercatat: rec.iter().sum(),
                });
            let per_tier: Vec<NationalRow> = tiers
                .iter()
                .enumerate()
                .map(|(i, t)| NationalRow {
                    tahun: y,
                    predikat: &t.kode,
                    nasional: nat.and_then(|n| n.per_tier[i]),
                    tercatat: rec[i],
                })
                .collect();
            total.into_iter().chain(per_tier)
        })
        .collect();
    let province_awards: Vec<ProvinceAwardRow> = site
        .provinces
        .iter()
        .flat_map(|p| {
            p.awards.iter().map(move |a| ProvinceAwardRow {
                kode_provinsi: &p.kode,
                provinsi: &p.nama,
                tahun: a.tahun,
                penghargaan: &a.jenis,
                nama_penghargaan: site
                    .cfg
                    .penghargaan_provinsi
                    .get(&a.jenis)
                    .map_or(a.jenis.as_str(), String::as_str),
                sumber: cite(&a.sumber),
                catatan: &a.catatan,
                keterangan: &a.keterangan.id,
                keterangan_en: &a.keterangan.en,
            })
        })
        .collect();
    let indicators: Vec<IndicatorRow> = site
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            nomor: i.nomor,
            sub: &i.sub,
            kelompok: &i.kelompok,
            nama_id: &i.nama_id,
            nama_en: &i.nama_en,
            terverifikasi: i.terverifikasi,
        })
        .collect();
    let groups: Vec<GroupRow> = site
        .districts
        .iter()
        .flat_map(|x| x.group_scores.iter().map(GroupRow::from))
        .collect();
    // The award and group-score tables are the large ones: serialized side by side.
    let (award_table, group_table) = rayon::join(
        || {
            table(
                TABLES[1].0,
                TABLES[1].1,
                AWARD_FIELDS,
                &["kode", "tahun"],
                &awards,
            )
        },
        || {
            table(
                TABLES[5].0,
                TABLES[5].1,
                GROUP_FIELDS,
                &["kode", "tahun", "kelompok"],
                &groups,
            )
        },
    );
    vec![
        table(
            TABLES[0].0,
            TABLES[0].1,
            DISTRICT_FIELDS,
            &["kode"],
            &districts,
        ),
        award_table,
        table(
            TABLES[2].0,
            TABLES[2].1,
            NATIONAL_FIELDS,
            &["tahun", "predikat"],
            &national,
        ),
        table(
            TABLES[3].0,
            TABLES[3].1,
            PROVINCE_AWARD_FIELDS,
            &["kode_provinsi", "tahun", "penghargaan"],
            &province_awards,
        ),
        table(
            TABLES[4].0,
            TABLES[4].1,
            INDICATOR_FIELDS,
            &["nomor", "sub"],
            &indicators,
        ),
        group_table,
    ]
    .into_iter()
    .chain(year_tables(site, &awards))
    .collect()
}

/// The name of award year `y`'s own table (`/data/predikat-2025.csv`).
pub fn year_table(y: u16) -> String {
    format!("predikat-{y}")
}

/// Folder of the stable "latest" downloads: the latest award year's table as
/// `terbaru/predikat.csv`, whatever that year is.
pub const LATEST_DIR: &str = "data/terbaru";

/// One table per award year: exactly the rows of that year, with the columns of `predikat`.
fn year_tables(site: &Site, awards: &[AwardRow]) -> Vec<Table> {
    site.years
        .iter()
        .map(|&y| {
            let rows: Vec<&AwardRow> = awards.iter().filter(|a| a.tahun == y).collect();
            table(
                year_table(y),
                format!("Predikat KLA {y} per kabupaten/kota"),
                AWARD_FIELDS,
                &["kode"],
                &rows,
            )
        })
        .collect()
}

#[derive(Serialize)]
struct DistrictFile<'a> {
    kode: &'a str,
    nama: &'a str,
    jenis: &'a str,
    provinsi: serde_json::Value,
    url: String,
    predikat_terakhir: Option<&'a str>,
    riwayat: Vec<serde_json::Value>,
    nilai_klaster: Vec<GroupRow<'a>>,
    versi_data: &'a str,
    lisensi: &'static str,
}

/// Every download, in a fixed order.
pub fn files(site: &Site) -> Vec<File> {
    let (tables, per_district) = rayon::join(|| tables(site), || district_files(site));
    let mut out: Vec<File> = Vec::new();
    for t in &tables {
        out.push((format!("data/{}.csv", t.name), t.csv.clone()));
        out.push((format!("data/{}.json", t.name), t.json.clone()));
    }
    if let Some(latest) = site
        .years
        .last()
        .and_then(|&y| tables.iter().find(|t| t.name == year_table(y)))
    {
        out.push((format!("{LATEST_DIR}/predikat.csv"), latest.csv.clone()));
        out.push((format!("{LATEST_DIR}/predikat.json"), latest.json.clone()));
    }
    out.push(("data/datapackage.json".into(), datapackage(site, &tables)));
    out.extend(per_district);
    // The map geometry, byte for byte as in `data/batas/`, with its licence and provenance.
    for (name, bytes) in site.geo.iter().flat_map(|g| &g.files) {
        out.push((format!("data/batas/{name}"), bytes.clone()));
    }
    out
}

/// One JSON file per district, serialized in parallel (order kept by `collect`).
fn district_files(site: &Site) -> Vec<File> {
    let tiers = &site.cfg.predikat;
    site.districts
        .par_iter()
        .map(|x| {
            let p = &site.provinces[x.province];
            let riwayat = x
                .awards
                .iter()
                .zip(&x.movements)
                .map(|(a, m)| {
                    serde_json::json!({
                        "tahun": a.tahun,
                        "predikat": tiers[a.tier].kode,
                        "nama_predikat": tiers[a.tier].nama,
                        "tingkat": a.tier + 1,
                        "nilai": a.nilai,
                        "jenis_nilai": a.jenis_nilai.map(|k| k.code()),
                        "gerak": movement(*m),
                        "jenis_bukti": evidence(a.bukti),
                        "siklus": a.siklus,
                        "sumber": cite(&a.sumber),
                        "sumber_nilai": a.sumber_nilai.as_ref().map(cite),
                        "sumber_lain": a.sumber_lain.iter().map(cite).collect::<Vec<_>>(),
                        "catatan": a.catatan,
                        "keterangan": a.keterangan.id,
                        "keterangan_en": a.keterangan.en,
                    })
                })
                .collect();
            let f = DistrictFile {
                kode: &x.kode,
                nama: &x.nama,
                jenis: x.jenis,
                provinsi: serde_json::json!({"kode": p.kode, "nama": p.nama}),
                url: public_url(site, &x.url),
                predikat_terakhir: x.latest().map(|a| tiers[a.tier].kode.as_str()),
                riwayat,
                nilai_klaster: x.group_scores.iter().map(GroupRow::from).collect(),
                versi_data: &site.cfg.situs.versi_data,
                lisensi: "ODbL-1.0",
            };
            (
                format!("data/wilayah/{}.json", x.kode),
                serde_json::to_vec_pretty(&f).unwrap_or_default(),
            )
        })
        .collect()
}

/// Where an earlier edition's award table is published (below the site root): the copy of
/// `data/edisi/<versi>/predikat.csv` among the source files.
pub fn archived_path(versi: &str) -> String {
    format!("data/sumber/edisi/{versi}/predikat.csv")
}

fn datapackage(site: &Site, tables: &[Table]) -> Vec<u8> {
    let resources: Vec<serde_json::Value> = tables
        .iter()
        .flat_map(|t| {
            let fields: Vec<serde_json::Value> = t
                .fields
                .iter()
                .map(|(n, ty, d)| serde_json::json!({"name": n, "type": ty, "description": d}))
                .collect();
            let schema = serde_json::json!({"fields": fields, "primaryKey": t.key});
            [
                serde_json::json!({
                    "name": t.name, "title": t.title, "path": format!("{}.csv", t.name),
                    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                    "profile": "tabular-data-resource", "schema": schema,
                }),
                serde_json::json!({
                    "name": format!("{}-json", t.name), "title": t.title,
                    "path": format!("{}.json", t.name), "format": "json",
                    "mediatype": "application/json", "encoding": "utf-8",
                }),
            ]
        })
        .collect();
    let mut resources = resources;
    // Earlier editions' award tables stay downloadable (same columns as their edition had).
    for v in &site.archived_editions {
        resources.push(serde_json::json!({
            "name": format!("predikat-edisi-{}", v.to_ascii_lowercase()),
            "title": format!("predikat.csv, edisi {v}"),
            "path": archived_path(v).trim_start_matches("data/").to_string(),
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        }));
    }
    let editions: Vec<serde_json::Value> = site
        .editions
        .iter()
        .map(|e| {
            serde_json::json!({
                "version": e.versi, "rows": e.baris, "districts": e.wilayah,
                "rows_added": e.baris_baru, "rows_moved_to_conflicts": e.baris_ke_konflik,
                "tier_changes": e.predikat_berubah,
            })
        })
        .collect();
    resources.extend(boundary_resources(site));
    let pkg = serde_json::json!({
        "profile": "data-package",
        "name": "ila-kabupaten-kota-layak-anak",
        "title": site.cfg.situs.judul,
        "description": site.cfg.situs.deskripsi,
        "version": site.cfg.situs.versi_data,
        "homepage": site.cfg.situs.base_url,
        "licenses": [{
            "name": "ODbL-1.0",
            "title": "Open Data Commons Open Database License 1.0",
            "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        }],
        "sources": [
            {"title": "idn-area-data v3.1.2 (kode dan nama wilayah)", "path": "https://github.com/fityannugroho/idn-area-data"},
            {"title": "Pemberitaan dan situs pemerintah; setiap baris predikat menyebut sumbernya (kolom sumber)"},
        ],
        "attribution": site.cfg.atribusi.wilayah,
        "editions": editions,
        "resources": resources,
    });
    serde_json::to_vec_pretty(&pkg).unwrap_or_default()
}

/// Data-package resources for the map geometry (`data/batas/`), under its own licence.
fn boundary_resources(site: &Site) -> Vec<serde_json::Value> {
    let licence = serde_json::json!([{
        "name": "CC-BY-3.0-IGO",
        "title": "Creative Commons Attribution 3.0 IGO",
        "path": "https://creativecommons.org/licenses/by/3.0/igo/",
    }]);
    let sources = serde_json::json!([
        {"title": "BPS 2020 via OCHA ROAP/HDX, COD-AB Indonesia", "path": "https://data.humdata.org/dataset/cod-ab-idn"},
        {"title": "geoBoundaries gbOpen IDN ADM2 (IDN-ADM2-22746128), Runfola et al. 2020", "path": "https://www.geoboundaries.org"},
    ]);
    site.geo
        .iter()
        .flat_map(|g| &g.files)
        .filter(|(n, _)| n.ends_with(".topojson"))
        .map(|(n, b)| {
            let stem = n.trim_end_matches(".topojson");
            serde_json::json!({
                "name": format!("batas-{stem}"),
                "title": if stem.ends_with("nasional") {
                    "Batas kabupaten/kota dan provinsi, disederhanakan untuk peta nasional"
                } else {
                    "Batas kabupaten/kota dan provinsi"
                },
                "description": "TopoJSON (WGS84 lon/lat, quantised arcs). Objects: kabupaten (kode, kode_prov = Kemendagri codes), provinsi (kode), nonadmin (lakes, reservoirs, forest). Modified: simplified, keyed to Kemendagri codes, 2022 provinces derived. See LICENSE.md and PROVENANCE.md in the same folder.",
                "path": format!("batas/{n}"),
                "format": "topojson",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": b.len(),
                "licenses": licence,
                "sources": sources,
            })
        })
        .collect()
}
