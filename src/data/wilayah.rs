//! The reference list of provinces and kab/kota (idn-area-data, ODbL), loaded unchanged.

use super::csvfile::{self, Schema};
use super::fields;
use crate::diag::Diagnostics;
use std::collections::BTreeMap;
use std::path::Path;

pub const PROVINCES: &str = "data/wilayah/provinces.csv";
pub const REGENCIES: &str = "data/wilayah/regencies.csv";

#[derive(Debug, Clone)]
pub struct ProvinceRow {
    pub kode: String,
    /// Name as written in the reference list (upper case).
    pub nama: String,
}

#[derive(Debug, Clone)]
pub struct RegencyRow {
    pub kode: String,
    pub kode_provinsi: String,
    pub nama: String,
}

/// Load both reference files; codes are checked for format, duplicates and province links.
pub fn load(root: &Path, d: &mut Diagnostics) -> (Vec<ProvinceRow>, Vec<RegencyRow>) {
    load_with(root, false, d)
}

/// As [`load`]; `sample` (a `data_contoh` site) also accepts `PP.DDDD` district codes.
pub fn load_with(
    root: &Path,
    sample: bool,
    d: &mut Diagnostics,
) -> (Vec<ProvinceRow>, Vec<RegencyRow>) {
    let mut provinces = Vec::new();
    let mut seen = BTreeMap::new();
    let schema = Schema {
        required: &["code", "name"],
        optional: &[],
    };
    if let Some(t) = csvfile::read(root, PROVINCES, &schema, false, d) {
        for row in &t.rows {
            let code = t.field(row, "code");
            let Some(kode) = fields::province_code(&code, PROVINCES, d) else {
                continue;
            };
            if seen.insert(kode.clone(), row.line).is_some() {
                d.push(code.error(PROVINCES, "duplicate province code"));
                continue;
            }
            provinces.push(ProvinceRow {
                kode,
                nama: t.field(row, "name").value.to_string(),
            });
        }
    }
    let mut regencies = Vec::new();
    let mut seen_r = BTreeMap::new();
    let schema = Schema {
        required: &["code", "province_code", "name"],
        optional: &[],
    };
    if let Some(t) = csvfile::read(root, REGENCIES, &schema, false, d) {
        for row in &t.rows {
            let code = t.field(row, "code");
            let pf = t.field(row, "province_code");
            let (Some(kode), Some(kp)) = (
                fields::district_code_for(&code, REGENCIES, sample, d),
                fields::province_code(&pf, REGENCIES, d),
            ) else {
                continue;
            };
            if !seen.is_empty() && !seen.contains_key(&kp) {
                d.push(
                    pf.error(REGENCIES, "unknown province code")
                        .expected(format!("a code from {PROVINCES}")),
                );
                continue;
            }
            if !kode.starts_with(&format!("{kp}.")) {
                d.push(
                    code.error(
                        REGENCIES,
                        "district code does not start with its province code",
                    )
                    .expected(format!("`{kp}.…`")),
                );
                continue;
            }
            if seen_r.insert(kode.clone(), row.line).is_some() {
                d.push(code.error(REGENCIES, "duplicate district code"));
                continue;
            }
            regencies.push(RegencyRow {
                kode,
                kode_provinsi: kp,
                nama: t.field(row, "name").value.to_string(),
            });
        }
    }
    (provinces, regencies)
}
