//! Provinces ranked by the share of their districts with a recorded tier in the latest award
//! year: one labelled bar per province against a full-width track (100%).

use super::{Chart, FONT, Labels, WIDTH, accessible};
use crate::model::Site;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const ROW: i32 = 32;
const TOP: i32 = 2;

/// One province's line in the ranking.
struct Line {
    kode: String,
    nama: String,
    recorded: usize,
    total: usize,
}

impl Line {
    /// Share in thousandths, for exact ordering without floats.
    fn share(&self) -> usize {
        (self.recorded * 1000).checked_div(self.total).unwrap_or(0)
    }
}

/// The ranking for the latest award year, or `None` when nothing is recorded for it.
pub fn chart(site: &Site, l: &Labels) -> Option<Chart> {
    let year = site.latest_year()?;
    let mut lines: Vec<Line> = site
        .provinces
        .iter()
        .map(|p| Line {
            kode: p.kode.clone(),
            nama: p.nama.clone(),
            recorded: site.recorded_in_province(p, year),
            total: p.districts.len(),
        })
        .collect();
    lines.sort_by(|a, b| {
        (b.share(), b.recorded)
            .cmp(&(a.share(), a.recorded))
            .then_with(|| a.kode.cmp(&b.kode))
    });
    let top = lines.first().filter(|t| t.recorded > 0)?;
    let title = l.text(
        "grafik.peringkat.judul",
        &[
            ("provinsi", &top.nama),
            ("persen", &l.percent(top.recorded as u64, top.total as u64)),
            ("tahun", &year),
        ],
    );
    let desc = lines
        .iter()
        .map(|x| {
            l.text(
                "grafik.peringkat.baris",
                &[
                    ("provinsi", &x.nama),
                    ("jumlah", &x.recorded),
                    ("total", &x.total),
                    ("persen", &l.percent(x.recorded as u64, x.total as u64)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut csv = String::from("peringkat,kode,provinsi,tahun,tercatat,jumlah_kabupaten_kota\n");
    for (i, x) in lines.iter().enumerate() {
        csv.push_str(&format!(
            "{},{},\"{}\",{year},{},{}\n",
            i + 1,
            x.kode,
            x.nama.replace('"', "\"\""),
            x.recorded,
            x.total
        ));
    }
    let mut table = vec![vec![
        "#".to_string(),
        l.text("provinsi", &[]),
        l.text("tercatat", &[]),
        l.text("grafik.kolom.jumlah", &[]),
        "%".to_string(),
    ]];
    table.extend(lines.iter().enumerate().map(|(i, x)| {
        vec![
            (i + 1).to_string(),
            x.nama.clone(),
            x.recorded.to_string(),
            x.total.to_string(),
            l.percent(x.recorded as u64, x.total as u64),
        ]
    }));
    let svg = draw(&lines, l).ok()?;
    Some(Chart {
        svg: accessible(&svg, "g-peringkat", &title, &desc),
        csv,
        title,
        desc,
        table: Some(table),
    })
}

/// Phone-first: each province on two lines, its name and share above a full-width bar.
fn draw(lines: &[Line], l: &Labels) -> Result<String, Box<dyn std::error::Error>> {
    let w = WIDTH;
    let h = TOP + ROW * lines.len() as i32 + 4;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w as u32, h as u32)).into_drawing_area();
        let track = RGBColor(0xe1, 0xf0, 0xfa);
        let bar = RGBColor(0x00, 0x5a, 0x8c);
        let ink = super::outline();
        for (r, x) in lines.iter().enumerate() {
            let y0 = TOP + ROW * r as i32;
            let name = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(x.nama.clone(), (0, y0 + 9), name))?;
            let value = ("sans-serif", FONT)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                format!(
                    "{} · {}/{}",
                    l.percent(x.recorded as u64, x.total as u64),
                    x.recorded,
                    x.total
                ),
                (w, y0 + 9),
                value,
            ))?;
            root.draw(&Rectangle::new(
                [(0, y0 + 19), (w, y0 + 27)],
                track.filled(),
            ))?;
            let len = (w as usize * x.share() / 1000) as i32;
            if len > 0 {
                root.draw(&Rectangle::new(
                    [(0, y0 + 19), (len, y0 + 27)],
                    bar.filled(),
                ))?;
            }
        }
        root.present()?;
    }
    Ok(buf)
}
