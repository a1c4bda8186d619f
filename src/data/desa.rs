//! Optional village table `data/desa.csv`: the Desa/Kelurahan Layak Anak (DEKELA) status of a
//! village as its district reports it. Villages are assessed locally by their district with its
//! own instrument; this is not part of the national KLA award, and the loader keeps the
//! district's wording (`status`) as given instead of mapping it onto the national tiers.
//!
//! Columns: `kode,nama,tahun,status,sumber[,catatan]`, one row per village and year. The
//! village code is Kemendagri `PP.DD.SS.VVVV` (province, kab/kota, kecamatan, desa); its first
//! two parts must be a district in the reference list. Synthetic sites (`data_contoh = true`)
//! also accept `PP.DDDD.SS.VVVV`, as they do `PP.DDDD` district codes.

use super::awards::Known;
use super::csvfile::{self, Schema};
use super::fields::{self, Citation};
use crate::diag::Diagnostics;
use std::collections::BTreeMap;
use std::path::Path;

pub const VILLAGES: &str = "data/desa.csv";

/// One village's status in one year.
#[derive(Debug, Clone)]
pub struct VillageRow {
    pub kode: String,
    /// The district code (`PP.DD`), the first two parts of `kode`.
    pub kode_wilayah: String,
    pub nama: String,
    pub tahun: u16,
    /// The status in the district's own words, e.g. "Desa Layak Anak".
    pub status: String,
    pub sumber: Citation,
    pub catatan: String,
}

/// Split a village code into (district code, kecamatan, village number) when well formed.
pub fn split_code(v: &str, sample: bool) -> Option<(&str, &str, &str)> {
    let mut parts = v.splitn(4, '.');
    let (p, d, s, n) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let digits = |x: &str, len: usize| x.len() == len && x.bytes().all(|c| c.is_ascii_digit());
    let district_ok = digits(d, 2) || (sample && digits(d, 4));
    (digits(p, 2) && district_ok && digits(s, 2) && digits(n, 4))
        .then(|| (&v[..p.len() + 1 + d.len()], s, n))
}

/// "desa" or "kelurahan" from the village number's leading digit (2 and 1 in Kemendagri codes).
pub fn kind(kode: &str) -> &'static str {
    match kode.rsplit('.').next().and_then(|n| n.bytes().next()) {
        Some(b'1') => "kelurahan",
        Some(b'2') => "desa",
        _ => "desa_kelurahan",
    }
}

/// Load `data/desa.csv` if present. An absent file means no village pages.
pub fn load(root: &Path, k: &Known, d: &mut Diagnostics) -> Vec<VillageRow> {
    let schema = Schema {
        required: &["kode", "nama", "tahun", "status", "sumber"],
        optional: &["catatan"],
    };
    let Some(t) = csvfile::read(root, VILLAGES, &schema, true, d) else {
        return Vec::new();
    };
    let f = VILLAGES;
    let sample = k.cfg.situs.data_contoh;
    let mut out = Vec::with_capacity(t.rows.len());
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut seen: BTreeMap<(String, u16), usize> = BTreeMap::new();
    for row in &t.rows {
        let kf = t.field(row, "kode");
        let kode = match split_code(kf.value, sample) {
            Some((district, _, _)) if k.districts.contains(district) => {
                Some((kf.value.to_string(), district.to_string()))
            }
            Some(_) => {
                d.push(kf.error(f, "village in an unknown district").expected(
                    "a code whose first two parts are listed in data/wilayah/regencies.csv",
                ));
                None
            }
            None => {
                d.push(
                    kf.error(f, "malformed village code")
                        .expected("a Kemendagri code like `35.10.01.2001`")
                        .hint("province, kab/kota, kecamatan and desa/kelurahan, as text: 2, 2, 2 and 4 digits"),
                );
                None
            }
        };
        let nf = t.field(row, "nama");
        let nama = if nf.value.is_empty() {
            d.push(nf.error(f, "missing village name"));
            None
        } else {
            Some(nf.value.to_string())
        };
        let tahun = fields::year(&t.field(row, "tahun"), f, k.this_year, d);
        let sf = t.field(row, "status");
        let status =
            if sf.value.is_empty() {
                d.push(sf.error(f, "missing status").expected(
                    "the status as the district's source states it, e.g. `Desa Layak Anak`",
                ));
                None
            } else {
                Some(sf.value.to_string())
            };
        let sumber = fields::citation(&t.field(row, "sumber"), f, true, d);
        let (Some((kode, kode_wilayah)), Some(nama), Some(tahun), Some(status), Some(Some(sumber))) =
            (kode, nama, tahun, status, sumber)
        else {
            continue;
        };
        if let Some((first, line)) = names.get(&kode) {
            if *first != nama {
                d.push(
                    nf.error(f, "village name differs from an earlier row")
                        .expected(format!("`{first}` as on line {line}")),
                );
                continue;
            }
        } else {
            names.insert(kode.clone(), (nama.clone(), row.line));
        }
        if let Some(first) = seen.insert((kode.clone(), tahun), row.line) {
            d.push(
                kf.error(f, "duplicate village row for this year")
                    .hint(format!(
                        "the first row for {kode} {tahun} is on line {first}"
                    )),
            );
            continue;
        }
        out.push(VillageRow {
            kode,
            kode_wilayah,
            nama,
            tahun,
            status,
            sumber,
            catatan: t.field(row, "catatan").value.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_nest_in_their_district() {
        assert_eq!(
            split_code("35.10.01.2001", false),
            Some(("35.10", "01", "2001"))
        );
        assert_eq!(split_code("35.1001.01.2001", false), None);
        assert_eq!(
            split_code("35.1001.01.2001", true),
            Some(("35.1001", "01", "2001"))
        );
        assert_eq!(split_code("35.10.1.2001", false), None);
        assert_eq!(split_code("35.10.01.2001.5", false), None);
        assert_eq!(kind("35.10.01.1003"), "kelurahan");
        assert_eq!(kind("35.10.01.2003"), "desa");
    }
}
