//! Maps on pages: which page shows which map (`peta` in the Tera context), where the map files
//! go, and the legend and credit that travel with every map.

use super::views::YearView;
use super::{Job, absolute_url, embed_path};
use crate::charts::{Chart, peta};
use crate::model::Site;
use tera::{Context, Value};

/// The write-up that carries the long attribution and the download list.
pub const DATA_PAGE: &str = "data-dan-lisensi";

/// Where each map's files live (without extension).
pub mod stem {
    pub const NATIONAL: &str = "grafik/peta/nasional";

    pub fn year(y: u16) -> String {
        format!("grafik/peta/predikat-{y}")
    }

    pub fn movement(y: u16) -> String {
        format!("grafik/peta/gerak-{y}")
    }

    pub fn province(slug: &str) -> String {
        format!("grafik/peta/provinsi/{slug}")
    }
}

/// Every map file: stem, map, the page that shows it.
pub fn files<'a>(site: &Site, maps: &'a peta::Maps) -> Vec<(String, &'a Chart, String)> {
    let base = &site.base_path;
    let mut v = Vec::new();
    if let Some(c) = &maps.national {
        v.push((stem::NATIONAL.to_string(), c, format!("{base}wilayah/")));
    }
    for (y, c) in &maps.years {
        v.push((stem::year(*y), c, format!("{base}predikat/{y}/")));
    }
    for (y, c) in &maps.movement {
        v.push((stem::movement(*y), c, format!("{base}predikat/{y}/gerak/")));
    }
    for (p, c) in site.provinces.iter().zip(&maps.province) {
        if let Some(c) = c {
            v.push((stem::province(&p.slug), c, p.url.clone()));
        }
    }
    v
}

/// Legend entries: `warna` (`#rrggbb`, or none for the hatching) and `kunci` (a UI-string key)
/// or `nama` (a tier name).
fn legend(site: &Site, movement: bool) -> Vec<serde_json::Value> {
    let mut v: Vec<serde_json::Value> = if movement {
        peta::MOVE_KEYS
            .iter()
            .enumerate()
            .map(|(i, k)| {
                serde_json::json!({"warna": peta::colour(peta::Fill::Move(i as u8)), "kunci": k})
            })
            .collect()
    } else {
        (0..site.cfg.predikat.len())
            .rev()
            .map(|i| {
                serde_json::json!({"warna": peta::colour(peta::Fill::Tier(i)), "nama": site.cfg.predikat[i].nama})
            })
            .collect()
    };
    v.push(serde_json::json!({"warna": null, "kunci": "tidak_ada_catatan"}));
    v
}

fn map_value(
    site: &Site,
    c: &Chart,
    stem: &str,
    movement: bool,
    table: Option<String>,
) -> serde_json::Value {
    let base = &site.base_path;
    serde_json::json!({
        "judul": c.title,
        "svg_url": format!("{base}{stem}.svg"),
        "csv_url": format!("{base}{stem}.csv"),
        "embed_url": absolute_url(site, &embed_path(stem)),
        "legenda": legend(site, movement),
        "tabel_url": table,
        "data_url": format!("{base}{}/", DATA_PAGE),
    })
}

/// Put the page's map (if any) into `ctx` as `peta` (with the SVG as trusted `peta_svg`).
pub fn insert(site: &Site, job: Job, maps: &peta::Maps, ctx: &mut Context) {
    let base = &site.base_path;
    let (chart, stem, movement, table, key) = match job {
        Job::Home => (
            maps.national.as_ref(),
            stem::NATIONAL.to_string(),
            false,
            Some(format!("{base}wilayah/")),
            None,
        ),
        Job::DistrictIndex(0) => (
            maps.national.as_ref(),
            stem::NATIONAL.to_string(),
            false,
            None,
            None,
        ),
        Job::TierYear(y, YearView::Predikat, 0) => {
            (maps.years.get(&y), stem::year(y), false, None, None)
        }
        Job::TierYear(y, YearView::Gerak, 0) => {
            (maps.movement.get(&y), stem::movement(y), true, None, None)
        }
        Job::Province(p, 0) => {
            let names: Vec<&str> = site.provinces[p]
                .districts
                .iter()
                .filter(|&&i| maps.locator.get(i).is_some_and(Option::is_some))
                .map(|&i| site.districts[i].nama.as_str())
                .collect();
            (
                maps.province.get(p).and_then(Option::as_ref),
                stem::province(&site.provinces[p].slug),
                false,
                None,
                Some(names),
            )
        }
        Job::District(i) => {
            let Some(Some(svg)) = maps.locator.get(i) else {
                return;
            };
            let p = &site.provinces[site.districts[i].province];
            ctx.insert_value("peta_svg", Value::safe_string(svg));
            ctx.insert(
                "peta",
                &serde_json::json!({
                    "lokasi": true,
                    "provinsi": p.nama,
                    "provinsi_url": p.url,
                    "svg_url": format!("{base}{}.svg", stem::province(&p.slug)),
                    "csv_url": format!("{base}{}.csv", stem::province(&p.slug)),
                    "legenda": legend(site, false),
                    "data_url": format!("{base}{}/", DATA_PAGE),
                }),
            );
            return;
        }
        Job::Doc(i) if site.geo.is_some() && site.docs[i].doc.key == DATA_PAGE => {
            ctx.insert("peta_kredit", &true);
            let files: Vec<serde_json::Value> = site
                .geo
                .iter()
                .flat_map(|g| &g.files)
                .map(|(n, _)| serde_json::json!({"nama": n, "url": format!("{}data/batas/{n}", site.root_path)}))
                .collect();
            ctx.insert("peta_unduh", &files);
            return;
        }
        _ => return,
    };
    let Some(c) = chart else { return };
    let mut v = map_value(site, c, &stem, movement, table);
    // Award-year pages and the district list are heavy with their tables already: the map is
    // an image there, and its interactive form (every district a link) is the map's own page;
    // the tables below link every district as text.
    let image = matches!(job, Job::TierYear(..) | Job::DistrictIndex(_));
    if let (true, Some(m), Some((w, h))) = (image, v.as_object_mut(), view_box(&c.svg)) {
        m.insert(
            "gambar".into(),
            serde_json::json!({"lebar": w, "tinggi": h}),
        );
        m.insert(
            "interaktif_url".into(),
            serde_json::json!(format!(
                "{}{}",
                site.base_path,
                embed_path(&stem).trim_end_matches("index.html")
            )),
        );
    } else {
        ctx.insert_value("peta_svg", Value::safe_string(&c.svg));
    }
    if let (Some(names), Some(m)) = (key, v.as_object_mut()) {
        m.insert("kunci".into(), serde_json::json!(names));
    }
    ctx.insert("peta", &v);
}

/// Width and height of an SVG's `viewBox="0 0 w h"`.
fn view_box(svg: &str) -> Option<(u32, u32)> {
    let vb = svg.split("viewBox=\"").nth(1)?.split('"').next()?;
    let mut it = vb.split(' ').skip(2).map(|n| n.parse::<u32>().ok());
    Some((it.next()??, it.next()??))
}
