//! Group breakdown for one district: Kelembagaan and Klaster I–V as a percentage of each
//! group's maximum, the latest year with group scores (thick bar) against the previous one
//! (thin bar). Drawn only where a source gives per-group scores.

use super::{Chart, Labels, accessible};
use crate::data::GroupScore;
use crate::model::{District, Site};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const ROW: i32 = 34;
/// Phone-first: name, bar and percentage fit [`super::WIDTH`] units.
const NAME_W: i32 = 94;
const BAR_W: i32 = super::WIDTH - NAME_W - 44;
const TOP: i32 = 8;

/// Per mille of the maximum, for exact comparisons.
fn permille(g: &GroupScore) -> u32 {
    (g.nilai * 1000 + g.maks / 2) / g.maks.max(1)
}

fn pct(pm: u32) -> String {
    format!("{}%", (pm + 5) / 10)
}

/// The short name before the colon: "Klaster III: Kesehatan …" → "Klaster III".
fn short(name: &str) -> &str {
    name.split(':').next().unwrap_or(name).trim()
}

/// The chart for district `x`, or `None` when it has no group scores.
pub fn district(site: &Site, x: &District, l: &Labels) -> Option<Chart> {
    let year = x.group_scores.iter().map(|g| g.tahun).max()?;
    let before = x
        .group_scores
        .iter()
        .map(|g| g.tahun)
        .filter(|&y| y < year)
        .max();
    let find = |y: u16, k: &str| {
        x.group_scores
            .iter()
            .find(|g| g.tahun == y && g.kelompok == k)
    };
    // One row per configured group, in ila.toml order.
    let rows: Vec<(&str, Option<&GroupScore>, Option<&GroupScore>)> = site
        .cfg
        .kelompok
        .iter()
        .map(|g| {
            (
                g.kode.as_str(),
                find(year, &g.kode),
                before.and_then(|b| find(b, &g.kode)),
            )
        })
        .collect();
    let changed = rows
        .iter()
        .filter_map(|(k, now, prev)| {
            let (n, p) = (permille((*now)?), permille((*prev)?));
            Some((n.abs_diff(p), n >= p, *k))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.2.cmp(a.2)));
    let name = &x.nama_pendek;
    let title = match (before, changed) {
        (Some(b), Some((diff, up, k))) => l.text(
            "grafik.klaster.judul",
            &[
                ("nama", name),
                ("kelompok", &short(l.group(k))),
                (
                    "selisih",
                    &format!("{}{}", if up { "+" } else { "−" }, (diff + 5) / 10),
                ),
                ("sebelum", &b),
                ("tahun", &year),
            ],
        ),
        _ => {
            let (k, g) = rows
                .iter()
                .filter_map(|(k, now, _)| Some((*k, (*now)?)))
                .max_by(|a, b| permille(a.1).cmp(&permille(b.1)).then_with(|| b.0.cmp(a.0)))?;
            l.text(
                "grafik.klaster.judul_satu",
                &[
                    ("nama", name),
                    ("kelompok", &short(l.group(k))),
                    ("persen", &pct(permille(g))),
                    ("tahun", &year),
                ],
            )
        }
    };
    let line = |k: &str, g: &GroupScore| {
        l.text(
            "grafik.klaster.baris",
            &[
                ("kelompok", &short(l.group(k))),
                ("tahun", &g.tahun),
                ("persen", &pct(permille(g))),
                ("nilai", &g.nilai),
                ("maks", &g.maks),
            ],
        )
    };
    let desc = rows
        .iter()
        .flat_map(|(k, now, prev)| [now.map(|g| line(k, g)), prev.map(|g| line(k, g))])
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    let mut csv = String::from("kelompok,tahun,nilai,maks,persen\n");
    for (k, now, prev) in &rows {
        for g in [prev, now].into_iter().flatten() {
            csv.push_str(&format!(
                "{k},{},{},{},{}\n",
                g.tahun,
                g.nilai,
                g.maks,
                (permille(g) + 5) / 10
            ));
        }
    }
    let mut table = vec![vec![
        l.text("grafik.kolom.kelompok", &[]),
        l.text("tahun", &[]),
        l.text("nilai", &[]),
        l.text("grafik.kolom.maks", &[]),
        "%".to_string(),
    ]];
    for (k, now, prev) in &rows {
        for g in [now, prev].into_iter().flatten() {
            table.push(vec![
                l.group(k).to_string(),
                g.tahun.to_string(),
                g.nilai.to_string(),
                g.maks.to_string(),
                pct(permille(g)),
            ]);
        }
    }
    let legend = match before {
        Some(b) => l.text(
            "grafik.klaster.sebelum",
            &[("tahun", &year), ("sebelum", &b)],
        ),
        None => year.to_string(),
    };
    let svg = draw(&rows, l, &legend).ok()?;
    Some(Chart {
        svg: accessible(&svg, &format!("g-{}-klaster", x.slug), &title, &desc),
        csv,
        title,
        desc,
        table: Some(table),
    })
}

type Row<'a> = (&'a str, Option<&'a GroupScore>, Option<&'a GroupScore>);

fn draw(rows: &[Row], l: &Labels, legend: &str) -> Result<String, Box<dyn std::error::Error>> {
    let w = super::WIDTH;
    let h = TOP + ROW * rows.len() as i32 + 28;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w as u32, h as u32)).into_drawing_area();
        let track = RGBColor(0xec, 0xec, 0xec);
        let now_c = RGBColor(0x00, 0x5a, 0x8c);
        let prev_c = RGBColor(0x55, 0x55, 0x55);
        let len = |g: &GroupScore| (BAR_W as u32 * permille(g) / 1000) as i32;
        for (r, (k, now, prev)) in rows.iter().enumerate() {
            let y0 = TOP + ROW * r as i32;
            let font = ("sans-serif", super::FONT)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                short(l.group(k)).to_string(),
                (NAME_W - 8, y0 + 11),
                font,
            ))?;
            root.draw(&Rectangle::new(
                [(NAME_W, y0 + 2), (NAME_W + BAR_W, y0 + 20)],
                track.filled(),
            ))?;
            if let Some(g) = now {
                root.draw(&Rectangle::new(
                    [(NAME_W, y0 + 2), (NAME_W + len(g), y0 + 20)],
                    now_c.filled(),
                ))?;
                let font = ("sans-serif", super::FONT)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(
                    pct(permille(g)),
                    (NAME_W + BAR_W + 6, y0 + 11),
                    font,
                ))?;
            }
            if let Some(g) = prev {
                root.draw(&Rectangle::new(
                    [(NAME_W, y0 + 23), (NAME_W + len(g), y0 + 28)],
                    prev_c.filled(),
                ))?;
            }
        }
        let font = ("sans-serif", super::FONT)
            .into_font()
            .color(&prev_c)
            .pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(
            legend.to_string(),
            (0, TOP + ROW * rows.len() as i32 + 6),
            font,
        ))?;
        root.present()?;
    }
    Ok(buf)
}
