//! Villages (desa/kelurahan) in the model: one per code in `data/desa.csv`, each with its
//! yearly statuses and the district it belongs to. Absent file, empty list, no village pages.

use super::Site;
use crate::data::Citation;
use crate::data::desa::{self, VillageRow};

/// One village's status in one year, as its district reports it.
#[derive(Debug, Clone)]
pub struct VillageStatus {
    pub tahun: u16,
    pub status: String,
    pub sumber: Citation,
    pub catatan: String,
}

#[derive(Debug, Clone)]
pub struct Village {
    pub kode: String,
    pub nama: String,
    /// `desa`, `kelurahan` or `desa_kelurahan` (unknown), from the code.
    pub jenis: &'static str,
    /// Index into `Site::districts`.
    pub district: usize,
    /// Page address: `/desa/<kode>/`.
    pub url: String,
    /// Statuses by year, oldest first.
    pub statuses: Vec<VillageStatus>,
}

impl Village {
    pub fn latest(&self) -> Option<&VillageStatus> {
        self.statuses.last()
    }
}

/// Group rows by village (code order) and link each village to its district.
pub fn attach(site: &mut Site, mut rows: Vec<VillageRow>) {
    rows.sort_by(|a, b| (&a.kode, a.tahun).cmp(&(&b.kode, b.tahun)));
    let mut villages: Vec<Village> = Vec::new();
    for r in rows {
        let Some(&district) = site.by_code.get(&r.kode_wilayah) else {
            continue;
        };
        let status = VillageStatus {
            tahun: r.tahun,
            status: r.status,
            sumber: r.sumber,
            catatan: r.catatan,
        };
        match villages.last_mut() {
            Some(v) if v.kode == r.kode => v.statuses.push(status),
            _ => villages.push(Village {
                url: format!("{}desa/{}/", site.base_path, r.kode),
                jenis: desa::kind(&r.kode),
                kode: r.kode,
                nama: r.nama,
                district,
                statuses: vec![status],
            }),
        }
    }
    for (i, v) in villages.iter().enumerate() {
        site.districts[v.district].villages.push(i);
    }
    site.villages = villages;
}

/// The address of a district's village list: `/wilayah/<slug>/desa/`.
pub fn list_url(x: &super::District) -> String {
    format!("{}desa/", x.url)
}
