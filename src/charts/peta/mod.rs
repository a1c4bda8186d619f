//! Maps: every district drawn from `data/batas/` as static SVG, filled by tier (or by movement),
//! "no record" hatched, province borders heavier, every district a link with an accessible
//! name. Tier colours come from [`super::tier_mark`], so the charts' palette is the maps'
//! palette. Pure functions of the model; `None`/empty when the site has no geometry.

pub mod geom;

use super::{Chart, Labels, escape, tier_mark};
use crate::data::geo::Topology;
use crate::model::{Movement, Site};
use geom::{Arcs, Frame};
use std::collections::BTreeMap;
use std::fmt::Write;

/// View-box width of the national map (whole units, about one CSS pixel at full width).
pub const NATIONAL_W: i32 = 1000;
/// View-box width of province maps.
pub const PROVINCE_W: i32 = 480;
/// View-box width of locator maps (shown at most 28rem wide).
pub const LOCATOR_W: i32 = 440;

/// What fills a district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fill {
    /// A tier by rank (0 = lowest).
    Tier(usize),
    /// A movement against the district's previous award.
    Move(u8),
    /// No record: hatched.
    None,
}

/// Movement fills, in legend order: up, same, down, first record. Not tier colours: a
/// movement is not a rank. All reach 3:1 against white.
pub const MOVE_COLOURS: [&str; 4] = ["#1b7a3a", "#6b6b6b", "#b3261e", "#3a5fa8"];
/// Colour of the hatching lines for "no record".
pub const HATCH: &str = "#767676";

pub fn move_index(m: Movement) -> u8 {
    match m {
        Movement::Naik => 0,
        Movement::Tetap => 1,
        Movement::Turun => 2,
        Movement::Baru => 3,
    }
}

/// `#rrggbb` of a fill (`None` for the hatching pattern).
pub fn colour(f: Fill) -> Option<String> {
    match f {
        Fill::Tier(i) => {
            let c = tier_mark(i);
            Some(format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))
        }
        Fill::Move(m) => Some(MOVE_COLOURS[usize::from(m) % 4].to_string()),
        Fill::None => None,
    }
}

/// Every map of one language edition.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Maps {
    /// Latest recorded tier per district (home page, `/wilayah/`).
    pub national: Option<Chart>,
    /// Tier in each award year (`/predikat/<tahun>/`).
    pub years: BTreeMap<u16, Chart>,
    /// Movement in each award year (`/predikat/<tahun>/gerak/`).
    pub movement: BTreeMap<u16, Chart>,
    /// One map per province, in model order.
    pub province: Vec<Option<Chart>>,
    /// Inline locator map per district (its province, the district highlighted).
    pub locator: Vec<Option<String>>,
}

/// One district on a map: where it links, what it is called, how it is filled.
struct Item {
    district: usize,
    fill: Fill,
    name: String,
}

/// Draw every map (in parallel per province and district).
pub fn draw(site: &Site, l: &Labels) -> Maps {
    use rayon::prelude::*;
    let Some(geo) = site.geo.as_deref() else {
        return Maps::default();
    };
    let latest = national(site, l, &geo.national, None);
    let years = site
        .years
        .par_iter()
        .filter_map(|&y| national(site, l, &geo.national, Some(y)).map(|c| (y, c)))
        .collect();
    let moves = site
        .years
        .par_iter()
        .filter_map(|&y| movement(site, l, &geo.national, y).map(|c| (y, c)))
        .collect();
    let provinces = (0..site.provinces.len())
        .into_par_iter()
        .map(|p| province(site, l, &geo.detailed, p))
        .collect();
    let per_province: Vec<Vec<(usize, String)>> = (0..site.provinces.len())
        .into_par_iter()
        .map(|p| locators(site, l, &geo.detailed, p))
        .collect();
    let mut locators = vec![None; site.districts.len()];
    for (i, svg) in per_province.into_iter().flatten() {
        locators[i] = Some(svg);
    }
    Maps {
        national: latest,
        years,
        movement: moves,
        province: provinces,
        locator: locators,
    }
}

/// An accessible name: "Kabupaten X: Madya (2023)" or "Kabupaten X: tidak ada catatan".
fn tier_name(site: &Site, l: &Labels, i: usize, year: Option<u16>) -> (Fill, String) {
    let x = &site.districts[i];
    let a = match year {
        Some(y) => x.award_in(y).map(|(a, _)| a),
        None => x.latest(),
    };
    match a {
        Some(a) => (
            Fill::Tier(a.tier),
            format!("{}: {} ({})", x.label(), l.tier(a.tier), a.tahun),
        ),
        None => (
            Fill::None,
            format!("{}: {}", x.label(), l.text("tidak_ada_catatan", &[])),
        ),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Districts with a shape in `topo`, in model order.
fn mapped<'a>(site: &'a Site, topo: &'a Topology) -> impl Iterator<Item = usize> + 'a {
    (0..site.districts.len()).filter(|&i| topo.districts.contains_key(&site.districts[i].kode))
}

/// Counts per fill, for the description: "Utama 3, Nindya 10, …, tidak ada catatan 199".
fn summary(site: &Site, l: &Labels, items: &[Item]) -> String {
    let mut n: BTreeMap<Fill, usize> = BTreeMap::new();
    for it in items {
        *n.entry(it.fill).or_default() += 1;
    }
    let mut parts = Vec::new();
    for (f, k) in n.iter().rev() {
        let name = match *f {
            Fill::Tier(i) => l.tier(i).to_string(),
            Fill::Move(m) => l.text(MOVE_KEYS[usize::from(m) % 4], &[]),
            Fill::None => l.text("tidak_ada_catatan", &[]),
        };
        parts.push(format!("{name} {k}"));
    }
    let _ = site;
    parts.join(", ")
}

/// UI strings of the movement legend, in [`MOVE_COLOURS`] order.
pub const MOVE_KEYS: [&str; 4] = ["gerak.naik", "gerak.tetap", "gerak.turun", "gerak.baru"];

/// National map of the latest recorded tier (`year` = `None`) or of one award year.
pub fn national(site: &Site, l: &Labels, topo: &Topology, year: Option<u16>) -> Option<Chart> {
    let items: Vec<Item> = mapped(site, topo)
        .map(|i| {
            let (fill, name) = tier_name(site, l, i, year);
            Item {
                district: i,
                fill,
                name,
            }
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    let recorded = items.iter().filter(|it| it.fill != Fill::None).count();
    let total = items.len();
    let (title, id) = match year {
        None => (
            l.text(
                "peta.nasional.judul",
                &[("tercatat", &recorded), ("total", &total)],
            ),
            "peta-nasional".to_string(),
        ),
        Some(y) => (
            l.text(
                "peta.tahun.judul",
                &[("tercatat", &recorded), ("total", &total), ("tahun", &y)],
            ),
            format!("peta-{y}"),
        ),
    };
    let desc = format!(
        "{} {}.",
        l.text("peta.nasional.desc", &[("total", &total)]),
        summary(site, l, &items)
    );
    let mut csv = String::from("kode,kabupaten_kota,provinsi,tahun,predikat\n");
    for it in &items {
        let x = &site.districts[it.district];
        let a = match year {
            Some(y) => x.award_in(y).map(|(a, _)| a),
            None => x.latest(),
        };
        let _ = writeln!(
            csv,
            "{},{},{},{},{}",
            x.kode,
            csv_field(&x.nama),
            csv_field(&site.provinces[x.province].nama),
            a.map(|a| a.tahun.to_string()).unwrap_or_default(),
            a.map(|a| site.cfg.predikat[a.tier].kode.as_str())
                .unwrap_or("")
        );
    }
    let svg = svg(site, topo, &items, &Spec::national(), &id, &title, &desc);
    Some(Chart {
        svg,
        csv,
        title,
        desc,
        table: None,
    })
}

/// National map of each district's movement in award year `year` against its previous award.
pub fn movement(site: &Site, l: &Labels, topo: &Topology, year: u16) -> Option<Chart> {
    let items: Vec<Item> = mapped(site, topo)
        .map(|i| {
            let x = &site.districts[i];
            match x.award_in(year) {
                Some((a, m)) => {
                    let mi = move_index(m);
                    Item {
                        district: i,
                        fill: Fill::Move(mi),
                        name: format!(
                            "{}: {} {} ({year})",
                            x.label(),
                            l.text(MOVE_KEYS[usize::from(mi)], &[]),
                            l.tier(a.tier)
                        ),
                    }
                }
                None => Item {
                    district: i,
                    fill: Fill::None,
                    name: format!("{}: {}", x.label(), l.text("tidak_ada_catatan", &[])),
                },
            }
        })
        .collect();
    let recorded = items.iter().filter(|it| it.fill != Fill::None).count();
    if recorded == 0 {
        return None;
    }
    let up = items.iter().filter(|it| it.fill == Fill::Move(0)).count();
    let down = items.iter().filter(|it| it.fill == Fill::Move(2)).count();
    let title = l.text(
        "peta.gerak.judul",
        &[
            ("tahun", &year),
            ("naik", &up),
            ("turun", &down),
            ("tercatat", &recorded),
        ],
    );
    let desc = format!(
        "{} {}.",
        l.text("peta.gerak.desc", &[("tahun", &year)]),
        summary(site, l, &items)
    );
    let mut csv = String::from("kode,kabupaten_kota,provinsi,predikat,gerak\n");
    for it in &items {
        let x = &site.districts[it.district];
        let (t, m) = match x.award_in(year) {
            Some((a, m)) => (
                site.cfg.predikat[a.tier].kode.as_str(),
                format!("{m:?}").to_lowercase(),
            ),
            None => ("", String::new()),
        };
        let _ = writeln!(
            csv,
            "{},{},{},{t},{m}",
            x.kode,
            csv_field(&x.nama),
            csv_field(&site.provinces[x.province].nama)
        );
    }
    let svg = svg(
        site,
        topo,
        &items,
        &Spec::national(),
        &format!("peta-gerak-{year}"),
        &title,
        &desc,
    );
    Some(Chart {
        svg,
        csv,
        title,
        desc,
        table: None,
    })
}

/// A province's districts, numbered (the key is the page's list), by latest tier.
pub fn province(site: &Site, l: &Labels, topo: &Topology, p: usize) -> Option<Chart> {
    let prov = &site.provinces[p];
    let items: Vec<Item> = prov
        .districts
        .iter()
        .filter(|&&i| topo.districts.contains_key(&site.districts[i].kode))
        .map(|&i| {
            let (fill, name) = tier_name(site, l, i, None);
            Item {
                district: i,
                fill,
                name,
            }
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    let recorded = items.iter().filter(|it| it.fill != Fill::None).count();
    let title = l.text(
        "peta.provinsi.judul",
        &[
            ("provinsi", &prov.nama),
            ("tercatat", &recorded),
            ("total", &items.len()),
        ],
    );
    let desc = format!(
        "{} {}.",
        l.text(
            "peta.provinsi.desc",
            &[("provinsi", &prov.nama), ("total", &items.len())]
        ),
        summary(site, l, &items)
    );
    let mut csv = String::from("nomor,kode,kabupaten_kota,tahun,predikat\n");
    for (n, it) in items.iter().enumerate() {
        let x = &site.districts[it.district];
        let a = x.latest();
        let _ = writeln!(
            csv,
            "{},{},{},{},{}",
            n + 1,
            x.kode,
            csv_field(&x.nama),
            a.map(|a| a.tahun.to_string()).unwrap_or_default(),
            a.map(|a| site.cfg.predikat[a.tier].kode.as_str())
                .unwrap_or("")
        );
    }
    let svg = svg(
        site,
        topo,
        &items,
        &Spec::province(),
        &format!("peta-{}", prov.slug),
        &title,
        &desc,
    );
    Some(Chart {
        svg,
        csv,
        title,
        desc,
        table: None,
    })
}

/// The locator maps of province `p`'s districts (district index, SVG): the province drawn once,
/// each district outlined in its own copy, the others tinted by tier.
pub fn locators(site: &Site, l: &Labels, topo: &Topology, p: usize) -> Vec<(usize, String)> {
    let prov = &site.provinces[p];
    let items: Vec<Item> = prov
        .districts
        .iter()
        .filter(|&&k| topo.districts.contains_key(&site.districts[k].kode))
        .map(|&k| {
            let (fill, name) = tier_name(site, l, k, None);
            Item {
                district: k,
                fill,
                name,
            }
        })
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let variants: Vec<Variant> = items
        .iter()
        .map(|it| {
            let x = &site.districts[it.district];
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("nama", &x.nama), ("provinsi", &prov.nama)];
            Variant {
                highlight: Some(it.district),
                id: "lokasi".to_string(),
                title: l.text("peta.lokasi.judul", &args),
                desc: l.text("peta.lokasi.desc", &args),
            }
        })
        .collect();
    let spec = Spec {
        width: LOCATOR_W,
        tol: 1.0,
        stroke: 0.8,
        border: 2.0,
        hatch: 6,
        highlight: None,
        numbers: false,
    };
    let svgs = svg_variants(site, topo, &items, &spec, "lokasi", &variants);
    items.iter().map(|it| it.district).zip(svgs).collect()
}

/// How a map is drawn.
struct Spec {
    width: i32,
    /// Douglas–Peucker tolerance, view-box units.
    tol: f64,
    /// District border width and province border width, view-box units.
    stroke: f64,
    border: f64,
    /// Hatching period, view-box units.
    hatch: i32,
    /// Number the districts (1, 2, … in the order given).
    numbers: bool,
    /// Outline this district and tint the others.
    highlight: Option<usize>,
}

impl Spec {
    fn national() -> Spec {
        Spec {
            width: NATIONAL_W,
            tol: 1.1,
            stroke: 0.5,
            border: 1.2,
            hatch: 6,
            numbers: false,
            highlight: None,
        }
    }

    fn province() -> Spec {
        Spec {
            width: PROVINCE_W,
            tol: 0.5,
            stroke: 1.0,
            border: 2.5,
            hatch: 8,
            numbers: true,
            highlight: None,
        }
    }
}

/// The SVG of `items` over `topo`.
fn svg(
    site: &Site,
    topo: &Topology,
    items: &[Item],
    spec: &Spec,
    id: &str,
    title: &str,
    desc: &str,
) -> String {
    let v = Variant {
        highlight: spec.highlight,
        id: id.to_string(),
        title: title.to_string(),
        desc: desc.to_string(),
    };
    svg_variants(site, topo, items, spec, id, &[v])
        .pop()
        .unwrap_or_default()
}

/// One drawing of a shared map body: its own ids, title, description and outlined district.
struct Variant {
    highlight: Option<usize>,
    id: String,
    title: String,
    desc: String,
}

/// The SVGs of `items` over `topo`, one per variant; the districts, borders and numbers are
/// drawn once (`pid` names the hatching pattern they share).
fn svg_variants(
    site: &Site,
    topo: &Topology,
    items: &[Item],
    spec: &Spec,
    pid: &str,
    variants: &[Variant],
) -> Vec<String> {
    let shapes: Vec<&crate::data::geo::Shape> = items
        .iter()
        .map(|it| &topo.districts[&site.districts[it.district].kode].1)
        .collect();
    let frame = Frame::fit(
        shapes
            .iter()
            .flat_map(|s| s.iter().flatten().flatten())
            .flat_map(|&r| topo.arc(r)),
        spec.width,
        4,
    );
    let mut arcs = Arcs::new(topo, frame, spec.tol, 1.0);
    let mut out = String::with_capacity(64 * 1024);
    let h = spec.hatch;
    let _ = write!(
        out,
        "<defs><pattern id=\"{pid}-k\" width=\"{h}\" height=\"{h}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"{h}\" height=\"{h}\" fill=\"#fff\"/><path d=\"M0 0V{h}\" stroke=\"{HATCH}\" stroke-width=\"{}\"/></pattern></defs>\n",
        h / 3
    );
    let _ = writeln!(
        out,
        "<g stroke=\"#fff\" stroke-width=\"{}\" stroke-linejoin=\"round\">",
        spec.stroke
    );
    // Grouped by fill (fewer attributes); within a group, model order.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&k| (items[k].fill, k));
    let mut current: Option<Fill> = None;
    let tint = variants.iter().any(|v| v.highlight.is_some());
    for &k in &order {
        let it = &items[k];
        if current != Some(it.fill) {
            if current.is_some() {
                out.push_str("</g>\n");
            }
            // Hatched districts get grey borders, so coasts without a record stay visible.
            let fill = match colour(it.fill) {
                Some(c) => format!("fill=\"{c}\""),
                None => format!("fill=\"url(#{pid}-k)\" stroke=\"{HATCH}\""),
            };
            let _ = write!(
                out,
                "<g {fill}{}>",
                if tint { " fill-opacity=\".45\"" } else { "" }
            );
            current = Some(it.fill);
        }
        let x = &site.districts[it.district];
        let d = arcs.shape_path(shapes[k], 3);
        let _ = write!(
            out,
            "<a href=\"{}\" aria-label=\"{}\"><path d=\"{d}\"/></a>",
            escape(&x.url),
            escape(&it.name)
        );
    }
    if current.is_some() {
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    // Borders between provinces (or, on a province map, none inside it: its coast and land
    // borders come from the districts' own strokes).
    let prov_of: BTreeMap<&str, &str> = items
        .iter()
        .map(|it| {
            let x = &site.districts[it.district];
            (x.kode.as_str(), site.provinces[x.province].kode.as_str())
        })
        .collect();
    let mesh = geom::borders_between(topo, |c| prov_of.get(c).map(|p| p.to_string()));
    if !mesh.is_empty() {
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"#222\" stroke-width=\"{}\" stroke-linejoin=\"round\" pointer-events=\"none\"/>",
            arcs.mesh_path(&mesh),
            spec.border
        );
    }
    let mut numbers = String::new();
    if spec.numbers {
        numbers.push_str("<g class=\"peta-nomor\" font-size=\"18\" text-anchor=\"middle\" pointer-events=\"none\" aria-hidden=\"true\">");
        for (n, s) in shapes.iter().enumerate() {
            if let Some([cx, cy]) = label_point(&arcs.rings(s)) {
                let _ = write!(
                    numbers,
                    "<text x=\"{cx}\" y=\"{}\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    cy + 6,
                    n + 1
                );
            }
        }
        numbers.push_str("</g>\n");
    }
    let mut all = Vec::with_capacity(variants.len());
    for v in variants {
        let id = &v.id;
        let mut svg = String::with_capacity(out.len() + 2048);
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" class=\"peta\" role=\"group\" aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
            frame.width,
            frame.height,
            escape(&v.title),
            escape(&v.desc)
        );
        svg.push_str(&out);
        if let Some(hi) = v.highlight {
            if let Some(k) = items.iter().position(|it| it.district == hi) {
                let x = &site.districts[hi];
                let d = arcs.shape_path(shapes[k], 6);
                let fill = colour(items[k].fill).unwrap_or_else(|| format!("url(#{pid}-k)"));
                let _ = writeln!(
                    svg,
                    "<a href=\"{}\" aria-label=\"{}\"><path d=\"{d}\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"{}\"/></a>",
                    escape(&x.url),
                    escape(&items[k].name),
                    spec.border * 1.6
                );
            }
        }
        svg.push_str(&numbers);
        svg.push_str("</svg>");
        all.push(svg);
    }
    all
}

/// A point to label a shape at: the area-weighted centroid of its largest ring.
fn label_point(rings: &[Vec<[i64; 2]>]) -> Option<[i64; 2]> {
    let area = |r: &Vec<[i64; 2]>| -> f64 {
        let mut a = 0.0;
        for k in 0..r.len() {
            let (p, q) = (r[k], r[(k + 1) % r.len()]);
            a += (p[0] * q[1] - q[0] * p[1]) as f64;
        }
        a / 2.0
    };
    let r = rings
        .iter()
        .max_by(|a, b| area(a).abs().total_cmp(&area(b).abs()))?;
    let a = area(r);
    if a.abs() < 1e-9 {
        return r.first().copied();
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for k in 0..r.len() {
        let (p, q) = (r[k], r[(k + 1) % r.len()]);
        let c = (p[0] * q[1] - q[0] * p[1]) as f64;
        cx += (p[0] + q[0]) as f64 * c;
        cy += (p[1] + q[1]) as f64 * c;
    }
    Some([
        (cx / (6.0 * a)).round() as i64,
        (cy / (6.0 * a)).round() as i64,
    ])
}
