//! National chart: districts per tier per award year, stacked; for each year the announced
//! national total stands beside what this dataset records, so coverage is visible.

use super::{Chart, Labels, accessible, tier_band, tier_mark};
use crate::model::Site;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const W: i32 = 560;
const H: i32 = 330;
const LEFT: i32 = 44;
const RIGHT: i32 = 550;
const TOP: i32 = 26;
const BOTTOM: i32 = 270;

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

fn draw(
    site: &Site,
    l: &Labels,
    national: &[Vec<u32>],
    nat_total: &[u32],
    recorded: &[Vec<usize>],
    max: u32,
) -> Result<String, Box<dyn std::error::Error>> {
    let years = &site.years;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W as u32, H as u32)).into_drawing_area();
        let scale = |v: u32| ((BOTTOM - TOP) as f64 * v as f64 / max as f64).round() as i32;
        let axis = RGBColor(0x55, 0x55, 0x55);
        root.draw(&PathElement::new(
            vec![(LEFT, BOTTOM), (RIGHT, BOTTOM)],
            axis.stroke_width(1),
        ))?;
        let col = (RIGHT - LEFT) / years.len() as i32;
        let bar = (col / 3).min(46);
        for (i, y) in years.iter().enumerate() {
            let cx = LEFT + col * i as i32 + col / 2;
            for (j, counts) in [
                national[i].iter().map(|&c| c).collect::<Vec<u32>>(),
                recorded[i].iter().map(|&c| c as u32).collect(),
            ]
            .iter()
            .enumerate()
            {
                let x0 = if j == 0 { cx - bar - 2 } else { cx + 2 };
                let mut base = BOTTOM;
                let unsplit = j == 0 && counts.iter().all(|&c| c == 0) && nat_total[i] > 0;
                if unsplit {
                    // Only the total is known: one light grey bar (no tier colour), which the
                    // legend line explains.
                    let h = scale(nat_total[i]).max(1);
                    root.draw(&Rectangle::new(
                        [(x0, base - h), (x0 + bar, base)],
                        RGBColor(0xf2, 0xf2, 0xf2).filled(),
                    ))?;
                    root.draw(&Rectangle::new(
                        [(x0, base - h), (x0 + bar, base)],
                        axis.stroke_width(1),
                    ))?;
                    base -= h;
                }
                for (t, &c) in counts.iter().enumerate() {
                    if c == 0 {
                        continue;
                    }
                    let h = scale(c).max(1);
                    let fill = if j == 0 { tier_band(t) } else { tier_mark(t) };
                    root.draw(&Rectangle::new(
                        [(x0, base - h), (x0 + bar, base)],
                        fill.filled(),
                    ))?;
                    root.draw(&Rectangle::new(
                        [(x0, base - h), (x0 + bar, base)],
                        tier_mark(t).stroke_width(1),
                    ))?;
                    base -= h;
                }
                let total: u32 = if unsplit {
                    nat_total[i]
                } else {
                    counts.iter().sum()
                };
                let style = ("sans-serif", 14)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw(&Text::new(
                    total.to_string(),
                    (x0 + bar / 2, base - 3),
                    style,
                ))?;
                let style = ("sans-serif", 12)
                    .into_font()
                    .color(&axis)
                    .pos(Pos::new(HPos::Center, VPos::Top));
                root.draw(&Text::new(
                    l.text(
                        if j == 0 {
                            "grafik.nasional.nas"
                        } else {
                            "grafik.nasional.cat"
                        },
                        &[],
                    ),
                    (x0 + bar / 2, BOTTOM + 4),
                    style,
                ))?;
            }
            let style = ("sans-serif", 16)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(y.to_string(), (cx, BOTTOM + 22), style))?;
        }
        let style = ("sans-serif", 13)
            .into_font()
            .color(&axis)
            .pos(Pos::new(HPos::Left, VPos::Top));
        let legend = if nat_total
            .iter()
            .zip(national)
            .any(|(&t, v)| t > 0 && v.iter().all(|&c| c == 0))
        {
            "grafik.nasional.legenda_total"
        } else {
            "grafik.nasional.legenda"
        };
        root.draw(&Text::new(l.text(legend, &[]), (LEFT, H - 18), style))?;
        root.present()?;
    }
    Ok(buf)
}
