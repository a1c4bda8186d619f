//! Maps (issue #18) on the shipped site: every district once on the national map, every map
//! link resolving to a built page, accessible names derived from the data, well-formed SVG,
//! the credit line wherever a map is shown, the geometry published with its licence, and the
//! home page's weight budget.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Reference list: district code → province code (data/wilayah/regencies.csv).
fn regencies() -> BTreeMap<String, String> {
    let mut r = csv::Reader::from_path(repo().join("data/wilayah/regencies.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].to_string())
        })
        .collect()
}

/// Award rows: (code, year).
fn awards() -> Vec<(String, u16)> {
    let mut r = csv::Reader::from_path(repo().join("data/predikat.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].parse().unwrap())
        })
        .collect()
}

/// The district links of a page's map: (href, accessible name). An inline `svg.peta` is read
/// in place; a map shown as `img.peta` is read from its SVG file, which the page must also
/// offer as an interactive map page (the embed page, with the SVG inline).
fn map_links(out: &Path, rel: &str) -> Vec<(String, String)> {
    let doc = html(out, rel);
    let svg_text = match doc.select(&sel("svg.peta")).next() {
        Some(svg) => svg.html(),
        None => {
            let img = doc
                .select(&sel("img.peta"))
                .next()
                .unwrap_or_else(|| panic!("{rel} has no map"));
            let src = img.value().attr("src").unwrap();
            assert!(
                !img.value().attr("alt").unwrap_or("").is_empty(),
                "{rel}: alt text"
            );
            let stem = src.trim_start_matches("/grafik/").trim_end_matches(".svg");
            let interactive = format!("/embed/{stem}/");
            assert!(
                doc.select(&sel(&format!("figcaption a[href=\"{interactive}\"]")))
                    .next()
                    .is_some(),
                "{rel}: no link to {interactive}"
            );
            let page = html(out, &format!("embed/{stem}/index.html"));
            page.select(&sel("svg.peta"))
                .next()
                .expect("interactive map")
                .html()
        }
    };
    let svg = scraper::Html::parse_fragment(&svg_text);
    svg.select(&sel("a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_string(),
                a.value().attr("aria-label").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn resolves(out: &Path, href: &str) -> bool {
    let rel = href.trim_start_matches('/');
    let p = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    p.is_file()
}

#[test]
fn national_map_has_every_district_once_and_every_link_resolves() {
    let out = shipped();
    let districts = regencies();
    let recorded: BTreeSet<String> = awards().into_iter().map(|(c, _)| c).collect();
    for page in ["index.html", "wilayah/index.html"] {
        let links = map_links(out, page);
        assert_eq!(
            links.len(),
            districts.len(),
            "{page}: one shape per district"
        );
        let hrefs: BTreeSet<&String> = links.iter().map(|(h, _)| h).collect();
        assert_eq!(hrefs.len(), links.len(), "{page}: no district twice");
        for (h, name) in &links {
            assert!(resolves(out, h), "{page}: {h} is not a built page");
            assert!(!name.is_empty(), "{page}: {h} has no accessible name");
        }
        // A district with any record is named with a tier and its year, e.g. "…: Madya (2023)".
        let with_year = links
            .iter()
            .filter(|(_, n)| n.ends_with(')') && n.contains(" (20"))
            .count();
        assert_eq!(
            with_year,
            recorded.len(),
            "{page}: named with tier and year"
        );
    }
}

#[test]
fn every_award_year_has_a_tier_map_and_a_movement_map() {
    let out = shipped();
    let rows = awards();
    let years: BTreeSet<u16> = rows.iter().map(|(_, y)| *y).collect();
    for y in years {
        let in_year: BTreeSet<&String> = rows
            .iter()
            .filter(|(_, t)| *t == y)
            .map(|(c, _)| c)
            .collect();
        let links = map_links(out, &format!("predikat/{y}/index.html"));
        assert_eq!(links.len(), regencies().len());
        let named = links
            .iter()
            .filter(|(_, n)| n.ends_with(&format!("({y})")))
            .count();
        assert_eq!(named, in_year.len(), "{y}: districts recorded that year");
        let moves = map_links(out, &format!("predikat/{y}/gerak/index.html"));
        let named = moves
            .iter()
            .filter(|(_, n)| n.ends_with(&format!("({y})")))
            .count();
        assert_eq!(named, in_year.len(), "{y}: movement map");
        for (h, _) in links.iter().chain(&moves) {
            assert!(resolves(out, h), "{y}: {h}");
        }
    }
}

#[test]
fn province_and_district_pages_have_their_maps() {
    let out = shipped();
    let districts = regencies();
    let mut per_province: BTreeMap<&String, usize> = BTreeMap::new();
    for p in districts.values() {
        *per_province.entry(p).or_default() += 1;
    }
    let dir = out.join("provinsi");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let e = e.unwrap();
        if !e.file_type().unwrap().is_dir() {
            continue;
        }
        let rel = format!("provinsi/{}/index.html", e.file_name().to_string_lossy());
        let doc = html(out, &rel);
        let code = text(doc.select(&sel("p.sub .kode")).next().unwrap());
        let links = map_links(out, &rel);
        assert_eq!(links.len(), per_province[&code], "{rel}");
        // The key numbers every district of the map.
        assert_eq!(
            doc.select(&sel("ol.peta-kunci li")).count(),
            links.len(),
            "{rel}"
        );
        for (h, _) in &links {
            assert!(resolves(out, h), "{rel}: {h}");
        }
        seen += 1;
    }
    assert_eq!(seen, per_province.len());
    for slug in district_slugs(out) {
        let rel = format!("wilayah/{slug}/index.html");
        let links = map_links(out, &rel);
        let own = format!("/wilayah/{slug}/");
        // Its own shape twice: tinted with its province, then outlined on top.
        assert_eq!(links.iter().filter(|(h, _)| *h == own).count(), 2, "{rel}");
    }
}

#[test]
fn map_files_are_well_formed_svg_and_every_map_page_credits_the_boundaries() {
    let out = shipped();
    let mut n = 0;
    for (rel, bytes) in snapshot(&out.join("grafik/peta")) {
        if rel.ends_with(".svg") {
            let text = String::from_utf8(bytes).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(doc.descendants().any(|d| d.has_tag_name("title")), "{rel}");
            assert!(doc.descendants().any(|d| d.has_tag_name("desc")), "{rel}");
            n += 1;
        }
    }
    assert!(n > 0);
    let mut pages = vec!["index.html".to_string(), "wilayah/index.html".to_string()];
    pages.extend(
        district_slugs(out)
            .into_iter()
            .take(5)
            .map(|s| format!("wilayah/{s}/index.html")),
    );
    for rel in pages {
        let doc = html(out, &rel);
        let fig = doc.select(&sel("figure.peta-wadah")).next().unwrap();
        let cap = text(fig);
        assert!(cap.contains("CC BY 3.0 IGO"), "{rel}: {cap}");
        for a in fig.select(&sel("figcaption a[href]")) {
            let h = a.value().attr("href").unwrap();
            assert!(resolves(out, h.split('#').next().unwrap()), "{rel}: {h}");
        }
        // Inline maps are well-formed XML too.
        if let Some(svg) = fig.select(&sel("svg")).next() {
            roxmltree::Document::parse(&svg.html()).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
}

#[test]
fn geometry_is_published_with_its_licence_and_described() {
    let out = shipped();
    for f in std::fs::read_dir(repo().join("data/batas")).unwrap() {
        let f = f.unwrap();
        let name = f.file_name().to_string_lossy().to_string();
        let published = std::fs::read(out.join("data/batas").join(&name)).unwrap();
        assert_eq!(published, std::fs::read(f.path()).unwrap(), "{name}");
    }
    let pkg: serde_json::Value = serde_json::from_str(&read(out, "data/datapackage.json")).unwrap();
    let batas: Vec<&serde_json::Value> = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().starts_with("batas/"))
        .collect();
    assert!(!batas.is_empty());
    for r in batas {
        assert_eq!(r["licenses"][0]["name"], "CC-BY-3.0-IGO");
        assert!(out.join("data").join(r["path"].as_str().unwrap()).is_file());
    }
    let data_page = read(out, "data-dan-lisensi/index.html");
    assert!(data_page.contains("geoBoundaries (Runfola dkk. 2020"));
    assert!(
        read(out, "en/data-dan-lisensi/index.html").contains("geoBoundaries (Runfola et al. 2020")
    );
}

#[test]
fn home_page_with_its_map_stays_within_100_kb() {
    let out = shipped();
    let size = std::fs::metadata(out.join("index.html")).unwrap().len();
    assert!(size <= 100 * 1024, "index.html is {size} bytes");
    let size = std::fs::metadata(out.join("en/index.html")).unwrap().len();
    assert!(size <= 100 * 1024, "en/index.html is {size} bytes");
}
