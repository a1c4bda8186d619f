//! Award nights (`data/penghargaan.csv`, optional): the date and place each award year was
//! announced, for the year pages and the award-announcement feed.

use super::csvfile::{self, Schema};
use super::fields::{self, Citation};
use crate::diag::Diagnostics;
use std::collections::BTreeSet;
use std::path::Path;

pub const FILE: &str = "data/penghargaan.csv";

/// One award night.
#[derive(Debug, Clone)]
pub struct Ceremony {
    pub tahun: u16,
    /// `YYYY-MM-DD`.
    pub tanggal: String,
    pub tempat: String,
    pub sumber: Citation,
    pub catatan: String,
}

pub fn load(root: &Path, this_year: u16, d: &mut Diagnostics) -> Vec<Ceremony> {
    let schema = Schema {
        required: &["tahun", "tanggal", "tempat", "sumber"],
        optional: &["catatan"],
    };
    let Some(t) = csvfile::read(root, FILE, &schema, true, d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &t.rows {
        let yf = t.field(row, "tahun");
        let tahun = fields::year(&yf, FILE, this_year, d);
        let df = t.field(row, "tanggal");
        let sumber = fields::citation(&t.field(row, "sumber"), FILE, true, d);
        let date_ok = fields::valid_date(df.value);
        if !date_ok {
            d.push(
                df.error(FILE, "not a date")
                    .expected("a date written YYYY-MM-DD, e.g. 2023-07-22"),
            );
        }
        let (Some(tahun), Some(Some(sumber)), true) = (tahun, sumber, date_ok) else {
            continue;
        };
        if !df.value.starts_with(&tahun.to_string()) {
            d.push(
                df.error(FILE, "award night is not in its award year")
                    .expected(format!("a date in {tahun}"))
                    .hint("`tahun` is the year on the certificate; the night falls in that year"),
            );
            continue;
        }
        if !seen.insert(tahun) {
            d.push(yf.error(FILE, "a second award night for this year"));
            continue;
        }
        out.push(Ceremony {
            tahun,
            tanggal: df.value.to_string(),
            tempat: t.field(row, "tempat").value.to_string(),
            sumber,
            catatan: t.field(row, "catatan").value.to_string(),
        });
    }
    out
}
