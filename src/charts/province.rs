//! Province chart: a districts × award years grid, each cell marked with the tier's rank and
//! colour; empty cells mean no record, drawn as a dash. Drawn phone-first at
//! [`super::WIDTH`] units wide (short district names, ’yy years when columns are narrow), with
//! the tier legend below.

use super::{
    Chart, FONT, Labels, WIDTH, accessible, draw_legend, legend_height, outline, text_width,
    tier_mark, tier_text,
};
use crate::model::{Province, Site};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const ROW: i32 = 22;
const TOP: i32 = 24;
/// Widest name column; longer names are shortened with "…" (the table below has them whole).
const NAME_MAX: i32 = 150;
/// Narrowest year column.
const MIN_COL: i32 = 22;

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

/// `name` if it fits in `width` units, else cut at a character and ended with "…".
fn fit_name(name: String, width: i32) -> String {
    if text_width(&name, FONT) <= width {
        return name;
    }
    let keep = (width / text_width("x", FONT).max(1)).max(2) as usize - 1;
    let mut short: String = name.chars().take(keep).collect();
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

fn draw(site: &Site, p: &Province, l: &Labels) -> Result<String, Box<dyn std::error::Error>> {
    let years = &site.years;
    let names: Vec<String> = p
        .districts
        .iter()
        .map(|&i| fit_name(site.districts[i].label(), NAME_MAX))
        .collect();
    let name_w = names
        .iter()
        .map(|n| text_width(n, FONT))
        .max()
        .unwrap_or(0)
        .clamp(60, NAME_MAX)
        + 6;
    let col = ((WIDTH - name_w) / years.len().max(1) as i32).max(MIN_COL);
    let w = (name_w + col * years.len() as i32).max(WIDTH);
    let grid_h = TOP + ROW * p.districts.len() as i32;
    let legend_h = legend_height(l, site.cfg.predikat.len(), w);
    let h = grid_h + 8 + legend_h;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w as u32, h as u32)).into_drawing_area();
        let ink = outline();
        let grey = RGBColor(0x55, 0x55, 0x55);
        for (j, y) in years.iter().enumerate() {
            let style = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let full = y.to_string();
            let label = if text_width(&full, FONT) <= col - 2 {
                full
            } else {
                format!("’{:02}", y % 100)
            };
            root.draw(&Text::new(
                label,
                (name_w + col * j as i32 + col / 2, TOP / 2),
                style,
            ))?;
        }
        for (r, &i) in p.districts.iter().enumerate() {
            let x = &site.districts[i];
            let y0 = TOP + ROW * r as i32;
            let style = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                names[r].clone(),
                (name_w - 6, y0 + ROW / 2),
                style,
            ))?;
            for (j, &yr) in years.iter().enumerate() {
                let x0 = name_w + col * j as i32;
                match x.award_in(yr) {
                    Some((a, _)) => {
                        let cell = [(x0 + 1, y0 + 1), (x0 + col - 1, y0 + ROW - 1)];
                        root.draw(&Rectangle::new(cell, tier_mark(a.tier).filled()))?;
                        root.draw(&Rectangle::new(cell, ink.stroke_width(1)))?;
                        let style = ("sans-serif", FONT)
                            .into_font()
                            .color(&tier_text(a.tier))
                            .pos(Pos::new(HPos::Center, VPos::Center));
                        root.draw(&Text::new(
                            (a.tier + 1).to_string(),
                            (x0 + col / 2, y0 + ROW / 2),
                            style,
                        ))?;
                    }
                    None => {
                        root.draw(&PathElement::new(
                            vec![
                                (x0 + col / 2 - 5, y0 + ROW / 2),
                                (x0 + col / 2 + 5, y0 + ROW / 2),
                            ],
                            grey.stroke_width(1),
                        ))?;
                    }
                }
            }
        }
        draw_legend(&root, l, site.cfg.predikat.len(), (0, grid_h + 8), w)?;
        root.present()?;
    }
    Ok(buf)
}
