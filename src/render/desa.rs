//! Village pages: one page per village (`/desa/<kode>/`) and one village list per district
//! (`/wilayah/<slug>/desa/`), so district pages stay light however many villages they have.

use super::views::{DistrictLink, district_link};
use crate::data::Citation;
use crate::model::Site;
use crate::model::desa::{Village, list_url};
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct StatusRow<'a> {
    tahun: u16,
    status: &'a str,
    sumber: &'a Citation,
    catatan: &'a str,
}

#[derive(Serialize)]
struct VillageLink<'a> {
    kode: &'a str,
    nama: &'a str,
    url: &'a str,
    jenis: &'static str,
    status: Option<&'a str>,
    tahun: Option<u16>,
}

fn village_link(v: &Village) -> VillageLink<'_> {
    VillageLink {
        kode: &v.kode,
        nama: &v.nama,
        url: &v.url,
        jenis: v.jenis,
        status: v.latest().map(|s| s.status.as_str()),
        tahun: v.latest().map(|s| s.tahun),
    }
}

/// What a district page shows about its villages: how many, and where the list is.
#[derive(Serialize)]
struct DistrictVillages {
    jumlah: usize,
    url: String,
}

/// Insert `desa` (None when the district has no village rows) into a district page's context.
pub fn district_summary(site: &Site, i: usize, ctx: &mut Context) {
    let x = &site.districts[i];
    let v = (!x.villages.is_empty()).then(|| DistrictVillages {
        jumlah: x.villages.len(),
        url: list_url(x),
    });
    ctx.insert("desa", &v);
}

/// The context of one village page.
pub fn village_context(site: &Site, i: usize, ctx: &mut Context) -> (String, String) {
    let v = &site.villages[i];
    let x = &site.districts[v.district];
    let rows: Vec<StatusRow> = v
        .statuses
        .iter()
        .rev()
        .map(|s| StatusRow {
            tahun: s.tahun,
            status: &s.status,
            sumber: &s.sumber,
            catatan: &s.catatan,
        })
        .collect();
    ctx.insert("d", &village_link(v));
    ctx.insert("w", &district_link(site, x));
    ctx.insert("daftar_url", &list_url(x));
    ctx.insert("riwayat", &rows);
    let desc = match v.latest() {
        Some(s) => format!(
            "{} ({}): status {} pada {} menurut {}.",
            v.nama, x.nama, s.status, s.tahun, x.nama
        ),
        None => format!("{} ({}).", v.nama, x.nama),
    };
    (v.nama.clone(), desc)
}

/// The context of a district's village list page.
pub fn list_context(site: &Site, i: usize, ctx: &mut Context) -> (String, String) {
    let x = &site.districts[i];
    let list: Vec<VillageLink> = x
        .villages
        .iter()
        .map(|&j| village_link(&site.villages[j]))
        .collect();
    let w: DistrictLink = district_link(site, x);
    ctx.insert("w", &w);
    ctx.insert("desa", &list);
    (
        format!("Desa/kelurahan di {}", x.nama),
        format!(
            "{} desa/kelurahan di {} dengan status Desa/Kelurahan Layak Anak terakhir yang tercatat.",
            list.len(),
            x.nama
        ),
    )
}
