//! The 24 KLA indicators (`data/indikator.csv`): number, sub-item, group, names, status.

use super::csvfile::{self, Schema};
use crate::config::Config;
use crate::diag::Diagnostics;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

pub const FILE: &str = "data/indikator.csv";

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub nomor: u8,
    pub sub: String,
    pub kelompok: String,
    pub nama_id: String,
    pub nama_en: String,
    /// `true` when the wording is verified against an official source.
    pub terverifikasi: bool,
}

pub fn load(root: &Path, cfg: &Config, d: &mut Diagnostics) -> Vec<Indicator> {
    let schema = Schema {
        required: &["nomor", "sub", "kelompok", "nama_id", "nama_en", "status"],
        optional: &[],
    };
    let Some(t) = csvfile::read(root, FILE, &schema, false, d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &t.rows {
        let nf = t.field(row, "nomor");
        let nomor = match nf.value.parse::<u8>() {
            Ok(n) if (1..=99).contains(&n) => Some(n),
            _ => {
                d.push(
                    nf.error(FILE, "invalid indicator number")
                        .expected("a whole number from 1 to 24"),
                );
                None
            }
        };
        let sf = t.field(row, "sub");
        if !(sf.value.is_empty()
            || (sf.value.len() == 1 && sf.value.chars().all(|c| c.is_ascii_lowercase())))
        {
            d.push(
                sf.error(FILE, "invalid sub-item")
                    .expected("empty or one lower-case letter, e.g. `a`"),
            );
            continue;
        }
        let gf = t.field(row, "kelompok");
        if super::fields::group(&gf, FILE, cfg, d).is_none() {
            continue;
        }
        let stf = t.field(row, "status");
        let terverifikasi = match stf.value {
            "verified" => true,
            "unverified" => false,
            _ => {
                d.push(
                    stf.error(FILE, "unknown status")
                        .expected("`verified` or `unverified`"),
                );
                continue;
            }
        };
        let Some(nomor) = nomor else { continue };
        if !seen.insert((nomor, sf.value.to_string())) {
            d.push(nf.error(FILE, "duplicate indicator"));
            continue;
        }
        out.push(Indicator {
            nomor,
            sub: sf.value.to_string(),
            kelompok: gf.value.to_string(),
            nama_id: t.field(row, "nama_id").value.to_string(),
            nama_en: t.field(row, "nama_en").value.to_string(),
            terverifikasi,
        });
    }
    out
}
