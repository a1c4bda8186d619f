//! Province chart: a districts × award years grid, each cell marked with the tier's rank and
//! colour; empty cells mean no record, drawn as a dash.

use super::{Chart, Labels, accessible, tier_mark};
use crate::model::{Province, Site};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const ROW: i32 = 24;
const NAME_W: i32 = 210;
const COL: i32 = 64;
const TOP: i32 = 30;

/// The grid for province `p`, or `None` when none of its districts has a record.
pub fn chart(site: &Site, p: &Province, l: &Labels) -> Option<Chart> {
    let years = &site.years;
    let tiers = &site.cfg.predikat;
    let recorded: Vec<usize> = years
        .iter()
        .map(|&y| site.recorded_in_province(p, y))
        .collect();
    if recorded.iter().all(|&n| n == 0) {
        return None;
    }
    let n = p.districts.len();
    let (best_i, best) = recorded
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, *i))
        .map(|(i, n)| (i, *n))
        .unwrap_or((0, 0));
    let title = l.text(
        "grafik.provinsi.judul",
        &[
            ("provinsi", &p.nama),
            ("jumlah", &best),
            ("total", &n),
            ("tahun", &years[best_i]),
        ],
    );
    let desc = p
        .districts
        .iter()
        .map(|&i| {
            let x = &site.districts[i];
            let cells: Vec<String> = x
                .awards
                .iter()
                .map(|a| format!("{} {}", a.tahun, l.tier(a.tier)))
                .collect();
            if cells.is_empty() {
                format!("{}: {}", x.label(), l.text("grafik.provinsi.kosong", &[]))
            } else {
                format!("{}: {}", x.label(), cells.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut csv = String::from("kode,kabupaten_kota");
    for y in years {
        csv.push_str(&format!(",{y}"));
    }
    csv.push('\n');
    for &i in &p.districts {
        let x = &site.districts[i];
        csv.push_str(&format!("{},\"{}\"", x.kode, x.nama.replace('"', "\"\"")));
        for &y in years {
            csv.push(',');
            if let Some((a, _)) = x.award_in(y) {
                csv.push_str(&tiers[a.tier].kode);
            }
        }
        csv.push('\n');
    }
    let svg = draw(site, p, l).ok()?;
    Some(Chart {
        svg: accessible(&svg, &format!("g-{}", p.slug), &title, &desc),
        csv,
        title,
        desc,
        table: None,
    })
}

fn draw(site: &Site, p: &Province, l: &Labels) -> Result<String, Box<dyn std::error::Error>> {
    let years = &site.years;
    let w = NAME_W + COL * years.len() as i32 + 8;
    let h = TOP + ROW * p.districts.len() as i32 + 8;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w as u32, h as u32)).into_drawing_area();
        let grey = RGBColor(0x55, 0x55, 0x55);
        for (j, y) in years.iter().enumerate() {
            let style = ("sans-serif", 15)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(
                y.to_string(),
                (NAME_W + COL * j as i32 + COL / 2, TOP / 2),
                style,
            ))?;
        }
        for (r, &i) in p.districts.iter().enumerate() {
            let x = &site.districts[i];
            let y0 = TOP + ROW * r as i32;
            let style = ("sans-serif", 14)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(x.label(), (NAME_W - 8, y0 + ROW / 2), style))?;
            for (j, &yr) in years.iter().enumerate() {
                let x0 = NAME_W + COL * j as i32;
                match x.award_in(yr) {
                    Some((a, _)) => {
                        root.draw(&Rectangle::new(
                            [(x0 + 2, y0 + 2), (x0 + COL - 2, y0 + ROW - 2)],
                            tier_mark(a.tier).filled(),
                        ))?;
                        let style = ("sans-serif", 13)
                            .into_font()
                            .color(&WHITE)
                            .pos(Pos::new(HPos::Center, VPos::Center));
                        let label: String = l.tier(a.tier).chars().take(7).collect();
                        root.draw(&Text::new(
                            format!("{} {label}", a.tier + 1),
                            (x0 + COL / 2, y0 + ROW / 2),
                            style,
                        ))?;
                    }
                    None => {
                        root.draw(&PathElement::new(
                            vec![
                                (x0 + COL / 2 - 6, y0 + ROW / 2),
                                (x0 + COL / 2 + 6, y0 + ROW / 2),
                            ],
                            grey.stroke_width(1),
                        ))?;
                    }
                }
            }
        }
        root.present()?;
    }
    Ok(buf)
}
