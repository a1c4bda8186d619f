//! National chart: districts per tier per award year, stacked; for each year the announced
//! national total stands beside what this dataset records, so coverage is visible.

use super::{
    Chart, FONT, Labels, WIDTH as W, accessible, draw_legend, legend_height, outline, tier_band,
    tier_mark,
};
use crate::model::Site;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The chart, or `None` when no year has data.
pub fn chart(site: &Site, l: &Labels) -> Option<Chart> {
    let years = &site.years;
    if years.is_empty() {
        return None;
    }
    let tiers = &site.cfg.predikat;
    let recorded: Vec<Vec<usize>> = years.iter().map(|&y| site.recorded_per_tier(y)).collect();
    let national: Vec<Vec<u32>> = years
        .iter()
        .map(|y| {
            site.national
                .get(y)
                .map(|n| n.per_tier.iter().map(|c| c.unwrap_or(0)).collect())
                .unwrap_or_else(|| vec![0; tiers.len()])
        })
        .collect();
    // A year whose split by tier was not announced (2017) still has its total.
    let nat_total: Vec<u32> = years
        .iter()
        .zip(&national)
        .map(|(y, v)| {
            site.national
                .get(y)
                .and_then(|n| n.total)
                .unwrap_or_else(|| v.iter().sum())
        })
        .collect();
    let split_known: Vec<bool> = years
        .iter()
        .map(|y| site.national.get(y).is_none_or(|n| n.split_known()))
        .collect();
    let rec_total: Vec<usize> = recorded.iter().map(|v| v.iter().sum()).collect();
    let last = years.len() - 1;
    let title = if years.len() > 1 && nat_total[0] > 0 && nat_total[last] > 0 {
        l.text(
            "grafik.nasional.judul",
            &[
                ("awal", &nat_total[0]),
                ("tahun_awal", &years[0]),
                ("akhir", &nat_total[last]),
                ("tahun_akhir", &years[last]),
                ("tercatat", &rec_total[last]),
            ],
        )
    } else {
        l.text(
            "grafik.nasional.judul_pendek",
            &[("tahun", &years[last]), ("tercatat", &rec_total[last])],
        )
    };
    let desc = years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            if !split_known[i] {
                return l.text(
                    "grafik.nasional.tahun_total",
                    &[
                        ("tahun", y),
                        ("nasional", &nat_total[i]),
                        ("tercatat", &rec_total[i]),
                    ],
                );
            }
            let parts: Vec<String> = (0..tiers.len())
                .rev()
                .filter(|&t| national[i][t] > 0 || recorded[i][t] > 0)
                .map(|t| {
                    l.text(
                        "grafik.nasional.bagian",
                        &[
                            ("predikat", &l.tier(t)),
                            ("nasional", &national[i][t]),
                            ("tercatat", &recorded[i][t]),
                        ],
                    )
                })
                .collect();
            l.text(
                "grafik.nasional.tahun",
                &[
                    ("tahun", y),
                    ("bagian", &parts.join("; ")),
                    ("nasional", &nat_total[i]),
                    ("tercatat", &rec_total[i]),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut csv = String::from("tahun,predikat,nasional,tercatat\n");
    for (i, y) in years.iter().enumerate() {
        if !split_known[i] {
            csv.push_str(&format!(
                "{y},{},{},{}\n",
                crate::data::awards::TOTAL,
                nat_total[i],
                rec_total[i]
            ));
            continue;
        }
        for (t, band) in tiers.iter().enumerate() {
            csv.push_str(&format!(
                "{y},{},{},{}\n",
                band.kode, national[i][t], recorded[i][t]
            ));
        }
    }
    let max = nat_total
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(rec_total.iter().copied().max().unwrap_or(0) as u32)
        .max(1);
    let svg = draw(site, l, &national, &nat_total, &recorded, max).ok()?;
    Some(Chart {
        svg: accessible(&svg, "g-nasional", &title, &desc),
        csv,
        title,
        desc,
        table: None,
    })
}

/// Height of one year's pair of bars.
const ROW: i32 = 40;
const BAR: i32 = 14;
const BAR_X: i32 = 46;
/// Room kept right of the longest bar for its number.
const NUMBER_W: i32 = 40;

/// Phone-first horizontal layout: the tier legend and a key on top, then one row per award
/// year with the announced national count (light bar) above the count recorded here (solid
/// bar), each split by tier and ending in its total.
fn draw(
    site: &Site,
    l: &Labels,
    national: &[Vec<u32>],
    nat_total: &[u32],
    recorded: &[Vec<usize>],
    max: u32,
) -> Result<String, Box<dyn std::error::Error>> {
    let years = &site.years;
    let tiers = site.cfg.predikat.len();
    let any_unsplit = nat_total
        .iter()
        .zip(national)
        .any(|(&t, v)| t > 0 && v.iter().all(|&c| c == 0));
    let legend_h = legend_height(l, tiers, W);
    let keys: Vec<&str> = if any_unsplit {
        vec![
            "grafik.nasional.kunci_nas",
            "grafik.nasional.kunci_cat",
            "grafik.nasional.kunci_total",
        ]
    } else {
        vec!["grafik.nasional.kunci_nas", "grafik.nasional.kunci_cat"]
    };
    let top = 4 + legend_h + 4 + 20 * keys.len() as i32 + 8;
    let h = top + ROW * years.len() as i32 + 4;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W as u32, h as u32)).into_drawing_area();
        let grey = RGBColor(0xf2, 0xf2, 0xf2);
        let ink = outline();
        draw_legend(&root, l, tiers, (0, 4), W)?;
        let key_style = ("sans-serif", FONT)
            .into_font()
            .color(&ink)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (k, key) in keys.iter().enumerate() {
            let y = 4 + legend_h + 4 + 20 * k as i32;
            let fill = match k {
                0 => tier_band(0),
                1 => tier_mark(0),
                _ => grey,
            };
            root.draw(&Rectangle::new([(0, y + 5), (28, y + 15)], fill.filled()))?;
            root.draw(&Rectangle::new(
                [(0, y + 5), (28, y + 15)],
                ink.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                l.text(key, &[]),
                (34, y + 10),
                key_style.clone(),
            ))?;
        }
        let span = W - BAR_X - NUMBER_W;
        let scale = |v: u32| (span as f64 * v as f64 / max as f64).round() as i32;
        for (i, y) in years.iter().enumerate() {
            let y0 = top + ROW * i as i32;
            let style = ("sans-serif", FONT + 1)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(y.to_string(), (0, y0 + BAR + 2), style))?;
            for (j, counts) in [
                national[i].clone(),
                recorded[i].iter().map(|&c| c as u32).collect::<Vec<u32>>(),
            ]
            .iter()
            .enumerate()
            {
                let top_y = y0 + j as i32 * (BAR + 3);
                let (t0, t1) = (top_y, top_y + BAR);
                let mut x = BAR_X;
                let unsplit = j == 0 && counts.iter().all(|&c| c == 0) && nat_total[i] > 0;
                if unsplit {
                    // Only the total is known: one light grey bar (no tier colour), which the
                    // key explains.
                    let w = scale(nat_total[i]).max(1);
                    root.draw(&Rectangle::new([(x, t0), (x + w, t1)], grey.filled()))?;
                    root.draw(&Rectangle::new([(x, t0), (x + w, t1)], ink.stroke_width(1)))?;
                    x += w;
                }
                for (t, &c) in counts.iter().enumerate() {
                    if c == 0 {
                        continue;
                    }
                    let w = scale(c).max(1);
                    let fill = if j == 0 { tier_band(t) } else { tier_mark(t) };
                    root.draw(&Rectangle::new([(x, t0), (x + w, t1)], fill.filled()))?;
                    root.draw(&Rectangle::new([(x, t0), (x + w, t1)], ink.stroke_width(1)))?;
                    x += w;
                }
                let total: u32 = if unsplit {
                    nat_total[i]
                } else {
                    counts.iter().sum()
                };
                let style = ("sans-serif", FONT)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(total.to_string(), (x + 4, (t0 + t1) / 2), style))?;
            }
        }
        root.present()?;
    }
    Ok(buf)
}
