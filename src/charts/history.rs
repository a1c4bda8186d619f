//! Tier history chart for one district: award years across, tier bands up (Pratama → KLA),
//! a mark per recorded award placed inside its band by score when known. Years without a
//! record stay empty: no mark, no line through them. A district with a single recorded award
//! gets no chart (one dot in empty columns says nothing); its page states it in a sentence.
//! Drawn phone-first at [`super::WIDTH`] units wide with text of at least [`super::FONT`].

use super::{
    Chart, FONT, Labels, WIDTH as W, accessible, outline, text_width, tier_band, tier_mark,
};
use crate::data::{Evidence, ScoreKind};
use crate::model::{District, Movement, Site};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const H: i32 = 228;
const LEFT: i32 = 84;
const RIGHT: i32 = W;
const TOP: i32 = 22;
const BOTTOM: i32 = 202;

/// The chart for district `x`, or `None` when it has fewer than two recorded awards.
pub fn district(site: &Site, x: &District, l: &Labels) -> Option<Chart> {
    let last = x.latest()?;
    if x.awards.len() < 2 {
        return None;
    }
    let name = &x.nama_pendek;
    let years = &site.years;

    let n = x.awards.len();
    let title = if n == 1 {
        l.text(
            "grafik.riwayat.satu",
            &[
                ("nama", name),
                ("predikat", &l.tier(last.tier)),
                ("tahun", &last.tahun),
            ],
        )
    } else {
        let prev = &x.awards[n - 2];
        let key = match x.movements[n - 1] {
            Movement::Naik => "grafik.riwayat.naik",
            Movement::Turun => "grafik.riwayat.turun",
            _ => "grafik.riwayat.tetap",
        };
        l.text(
            key,
            &[
                ("nama", name),
                ("dari", &l.tier(prev.tier)),
                ("ke", &l.tier(last.tier)),
                ("predikat", &l.tier(last.tier)),
                ("tahun", &last.tahun),
                ("sejak", &prev.tahun),
            ],
        )
    };
    let recorded: Vec<String> = x
        .awards
        .iter()
        .map(|a| {
            let mut s = format!("{} {}", a.tahun, l.tier(a.tier));
            if let Some(v) = a.nilai {
                let key = if a.jenis_nilai == Some(ScoreKind::Derived) {
                    "grafik.nilai_perkiraan"
                } else {
                    "grafik.nilai"
                };
                s.push_str(&format!(" ({})", l.text(key, &[("nilai", &v)])));
            }
            if a.bukti == Evidence::Retrospective {
                s.push_str(&format!(" ({})", l.text("grafik.retrospektif", &[])));
            }
            s
        })
        .collect();
    let missing: Vec<String> = years
        .iter()
        .filter(|y| x.award_in(**y).is_none())
        .map(u16::to_string)
        .collect();
    let mut desc = l.text("grafik.riwayat.desc", &[("daftar", &recorded.join("; "))]);
    if !missing.is_empty() {
        desc.push(' ');
        desc.push_str(&l.text("grafik.riwayat.kosong", &[("tahun", &missing.join(", "))]));
    }

    let svg = draw(site, x, l).ok()?;
    let tiers = &site.cfg.predikat;
    // The score's own kind and source: a derived score is an estimate, and a score's source is
    // often not the tier's (the tier's article never printed the number).
    let mut csv =
        String::from("tahun,predikat,nilai,jenis_nilai,sumber_nilai,jenis_bukti,sumber\n");
    {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        for a in &x.awards {
            let score_source = match (a.nilai, &a.sumber_nilai) {
                (Some(_), Some(c)) => c.reference().to_string(),
                (Some(_), None) => a.sumber.reference().to_string(),
                (None, _) => String::new(),
            };
            let _ = w.write_record([
                a.tahun.to_string(),
                tiers[a.tier].kode.clone(),
                a.nilai.map(|v| v.to_string()).unwrap_or_default(),
                a.jenis_nilai.map(|k| k.code()).unwrap_or_default().into(),
                score_source,
                a.bukti.code().into(),
                a.sumber.reference().to_string(),
            ]);
        }
        csv.push_str(&String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default());
    }
    let id = format!("g-{}", x.slug);
    Some(Chart {
        svg: accessible(&svg, &id, &title, &desc),
        csv,
        title,
        desc,
        table: None,
    })
}

/// Vertical pixel position of a tier (and score within it).
fn y_of(site: &Site, tier: usize, score: Option<u32>) -> i32 {
    let bands = site.cfg.predikat.len().max(1) as i32;
    let band_h = (BOTTOM - TOP) / bands;
    let bottom = BOTTOM - tier as i32 * band_h;
    let t = match score {
        Some(s) => {
            let b = &site.cfg.predikat[tier];
            let span = (b.maks - b.min).max(1) as f64;
            ((s.clamp(b.min, b.maks) - b.min) as f64 / span).clamp(0.1, 0.9)
        }
        None => 0.5,
    };
    bottom - (t * band_h as f64).round() as i32
}

/// A year's column label: in full when it fits, else as ’yy.
fn year_label(y: u16, col_w: i32) -> String {
    let full = y.to_string();
    if text_width(&full, FONT) <= col_w - 2 {
        full
    } else {
        format!("’{:02}", y % 100)
    }
}

fn draw(site: &Site, x: &District, l: &Labels) -> Result<String, Box<dyn std::error::Error>> {
    let tiers = &site.cfg.predikat;
    let years = &site.years;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W as u32, H as u32)).into_drawing_area();
        let ink = outline();
        let bands = tiers.len().max(1) as i32;
        let band_h = (BOTTOM - TOP) / bands;
        for i in 0..tiers.len() {
            let y1 = BOTTOM - i as i32 * band_h;
            root.draw(&Rectangle::new(
                [(LEFT, y1 - band_h), (RIGHT, y1)],
                tier_band(i).filled(),
            ))?;
            // The tier's colour as a swatch beside its name, so the bands need no legend.
            root.draw(&Rectangle::new(
                [(0, y1 - band_h / 2 - 6), (10, y1 - band_h / 2 + 6)],
                tier_mark(i).filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(0, y1 - band_h / 2 - 6), (10, y1 - band_h / 2 + 6)],
                ink.stroke_width(1),
            ))?;
            let style = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(
                format!("{} {}", i + 1, l.tier(i)),
                (14, y1 - band_h / 2),
                style,
            ))?;
        }
        let col_w = (RIGHT - LEFT) / years.len().max(1) as i32;
        let x_of = |i: usize| LEFT + col_w * i as i32 + col_w / 2;
        root.draw(&PathElement::new(
            vec![(LEFT, BOTTOM), (RIGHT, BOTTOM)],
            ink.stroke_width(1),
        ))?;
        for (i, y) in years.iter().enumerate() {
            let style = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(
                year_label(*y, col_w),
                (x_of(i), BOTTOM + 6),
                style,
            ))?;
        }
        // (x, y, tier, score label): an estimated score is written "≈685".
        let points: Vec<Option<(i32, i32, usize, Option<String>)>> = years
            .iter()
            .enumerate()
            .map(|(i, y)| {
                x.award_in(*y).map(|(a, _)| {
                    let score = a.nilai.map(|v| match a.jenis_nilai {
                        Some(ScoreKind::Derived) => format!("≈{v}"),
                        _ => v.to_string(),
                    });
                    (x_of(i), y_of(site, a.tier, a.nilai), a.tier, score)
                })
            })
            .collect();
        for w in points.windows(2) {
            if let [Some(a), Some(b)] = w {
                root.draw(&PathElement::new(
                    vec![(a.0, a.1), (b.0, b.1)],
                    ink.stroke_width(2),
                ))?;
            }
        }
        for (px, py, tier, score) in points.iter().flatten() {
            root.draw(&Circle::new((*px, *py), 7, ink.filled()))?;
            root.draw(&Circle::new((*px, *py), 5, tier_mark(*tier).filled()))?;
            // The score above its mark when a source gives one; the band already names the tier.
            if let Some(s) = score {
                let style = ("sans-serif", FONT)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw(&Text::new(s.clone(), (*px, *py - 9), style))?;
            }
        }
        root.present()?;
    }
    Ok(buf)
}
