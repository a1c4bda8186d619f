//! Data editions (`data/edisi.csv`, optional, written by `ila merge-edition --versi`): one row
//! per edition with what it changed, and the earlier editions kept under
//! `data/edisi/<versi>/predikat.csv`, for the data page and `datapackage.json`.

use super::csvfile::{self, Schema};
use crate::diag::Diagnostics;
use std::collections::BTreeSet;
use std::path::Path;

pub const FILE: &str = "data/edisi.csv";
/// Folder of the earlier editions' award tables.
pub const ARCHIVE: &str = "data/edisi";

/// One data edition and what it changed against the previous one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DataEdition {
    pub versi: String,
    /// Rows of `predikat.csv` and districts with a row, in this edition.
    pub baris: u32,
    pub wilayah: u32,
    /// Rows added, rows moved to the conflicts list, rows whose tier changed.
    pub baris_baru: u32,
    pub baris_ke_konflik: u32,
    pub predikat_berubah: u32,
}

/// The editions in file order, and the names of the archived editions (folders of
/// [`ARCHIVE`] holding a `predikat.csv`), sorted.
pub fn load(root: &Path, d: &mut Diagnostics) -> (Vec<DataEdition>, Vec<String>) {
    let schema = Schema {
        required: &[
            "versi",
            "baris",
            "wilayah",
            "baris_baru",
            "baris_ke_konflik",
            "predikat_berubah",
        ],
        optional: &[],
    };
    let mut out = Vec::new();
    if let Some(t) = csvfile::read(root, FILE, &schema, true, d) {
        let mut seen = BTreeSet::new();
        for row in &t.rows {
            let vf = t.field(row, "versi");
            let mut ok = true;
            if vf.value.is_empty()
                || !vf
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            {
                d.push(
                    vf.error(FILE, "not an edition name")
                        .expected("letters, digits, `.` or `-`, e.g. 2026.12"),
                );
                ok = false;
            } else if !seen.insert(vf.value.to_string()) {
                d.push(vf.error(FILE, "a second row for this edition"));
                ok = false;
            }
            let mut num = |name: &str| -> u32 {
                let f = t.field(row, name);
                f.value.parse::<u32>().unwrap_or_else(|_| {
                    d.push(
                        f.error(FILE, format!("`{name}` is not a count"))
                            .expected("a whole number, 0 or more"),
                    );
                    ok = false;
                    0
                })
            };
            let e = DataEdition {
                versi: vf.value.to_string(),
                baris: num("baris"),
                wilayah: num("wilayah"),
                baris_baru: num("baris_baru"),
                baris_ke_konflik: num("baris_ke_konflik"),
                predikat_berubah: num("predikat_berubah"),
            };
            if ok {
                out.push(e);
            }
        }
    }
    let mut archived: Vec<String> = std::fs::read_dir(root.join(ARCHIVE))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("predikat.csv").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    archived.sort();
    (out, archived)
}
