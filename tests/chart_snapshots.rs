//! Chart snapshots: one insta snapshot per chart kind, drawn from a small fixture dataset
//! (tests/fixtures/grafik) so that they change only when drawing code changes, not when the
//! shipped data grows. Also checks that chart wording follows the page language.

mod common;

use common::*;
use ila::charts::{self, Labels};
use ila::diag::Diagnostics;

/// The shipped site with its award tables replaced by the fixture, loaded into a model.
fn fixture() -> (tempfile::TempDir, ila::Loaded) {
    let t = tempfile::tempdir().unwrap();
    copy_site(t.path());
    // Write-ups link to the shipped award years; the fixture has other years.
    std::fs::remove_dir_all(t.path().join("content")).unwrap();
    let fx = repo().join("tests/fixtures/grafik");
    for f in [
        "predikat.csv",
        "nasional.csv",
        "provinsi_predikat.csv",
        "nilai_klaster.csv",
    ] {
        std::fs::copy(fx.join(f), t.path().join("data").join(f)).unwrap();
    }
    let mut o = ila::Options::new(t.path());
    o.this_year = Some(2026);
    // The fixture keeps the shipped placeholder base_url; every other warning still fails.
    o.preview = true;
    let mut d = Diagnostics::new();
    let loaded = ila::load(&o, &mut d).expect("fixture loads");
    assert!(!d.is_fatal(true), "{:?}", d.sorted());
    (t, loaded)
}

fn strings(lang: &str) -> std::collections::BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(repo().join(format!("themes/ila/i18n/{lang}.toml"))).unwrap();
    toml::from_str(&text).unwrap()
}

/// Standalone SVG and CSV together, so a snapshot shows both.
fn both(c: &charts::Chart) -> String {
    format!("{}\n---- csv ----\n{}", c.svg, c.csv)
}

#[test]
fn every_chart_kind_matches_its_snapshot() {
    let (_t, l) = fixture();
    let site = &l.root().site;
    let id = strings("id");
    let labels = Labels::new(&id, &site.cfg, "id");
    let x = &site.districts[site.by_code["35.10"]];
    let p = &site.provinces[site.province_by_code["35"]];

    let history = charts::history::district(site, x, &labels).unwrap();
    assert_eq!(
        history.title,
        "Banyuwangi naik dari Madya ke Nindya pada 2022"
    );
    insta::assert_snapshot!("history", both(&history));

    let groups = charts::groups::district(site, x, &labels).unwrap();
    // Klaster III moved from 56% to 80%: the largest change.
    assert!(
        groups.title.contains("Klaster III, +24 poin persen"),
        "{}",
        groups.title
    );
    insta::assert_snapshot!("groups", both(&groups));

    let province = charts::province::chart(site, p, &labels).unwrap();
    insta::assert_snapshot!("province", both(&province));

    let national = charts::national::chart(site, &labels).unwrap();
    insta::assert_snapshot!("national", both(&national));

    let ranking = charts::ranking::chart(site, &labels).unwrap();
    assert!(
        ranking.title.starts_with("Jawa Timur memimpin: 8%"),
        "{}",
        ranking.title
    );
    insta::assert_snapshot!("ranking", both(&ranking));

    let spark = charts::sparkline::district(site, x).unwrap();
    insta::assert_snapshot!("sparkline", spark);
}

#[test]
fn chart_wording_follows_the_page_language() {
    let (_t, l) = fixture();
    let site = &l.root().site;
    let en = strings("en");
    let labels = Labels::new(&en, &site.cfg, "en");
    let x = &site.districts[site.by_code["63.03"]];
    let c = charts::history::district(site, x, &labels).unwrap();
    assert_eq!(c.title, "Banjar fell from Madya to Pratama in 2022");
    assert!(
        c.desc
            .starts_with("Recorded tier per award year: 2021 Madya; 2022 Pratama.")
    );
    assert!(c.desc.contains("No record for 2019."), "{}", c.desc);
    let n = charts::national::chart(site, &labels).unwrap();
    assert!(
        n.svg.contains(&en["grafik.nasional.kunci_nas"])
            && n.svg.contains(&en["grafik.nasional.kunci_cat"]),
        "English key"
    );
    let id = strings("id");
    assert!(!n.svg.contains(&id["grafik.nasional.kunci_cat"]));
}

#[test]
fn sparkline_breaks_at_years_without_a_record() {
    let (_t, l) = fixture();
    let site = &l.root().site;
    assert_eq!(site.years, vec![2019, 2021, 2022], "fixture award years");
    let x = &site.districts[site.by_code["35.15"]];
    // 35.15: 2019, (2021 none), 2022 → two separate moves, never a line through 2021.
    let s = charts::sparkline::district(site, x).unwrap();
    // No line at all (no two consecutive recorded years), never a segment across the gap.
    assert!(!s.contains('L'), "no segment across the gap: {s}");
    // The gap year is marked on the baseline, once per year without a record.
    let missing = site
        .years
        .iter()
        .filter(|y| x.award_in(**y).is_none())
        .count();
    let gaps = s
        .split("class=\"celah\" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(gaps.matches('M').count(), missing, "{gaps}");
    // Every recorded year is visible: a dot for the lone early year, a circle for the latest.
    let recorded = site
        .years
        .iter()
        .filter(|y| x.award_in(**y).is_some())
        .count();
    let dots = s
        .split("class=\"t\" d=\"")
        .nth(1)
        .map_or(0, |d| d.split('"').next().unwrap().matches("h0").count());
    assert_eq!(dots + s.matches("<circle").count(), recorded, "{s}");
    // A district without awards has no sparkline.
    let none = &site.districts[site.by_code["11.01"]];
    assert!(charts::sparkline::district(site, none).is_none());
}

#[test]
fn group_chart_is_absent_without_group_scores_and_checks_maxima() {
    let (t, l) = fixture();
    let site = &l.root().site;
    let labels_strings = strings("id");
    let labels = Labels::new(&labels_strings, &site.cfg, "id");
    let x = &site.districts[site.by_code["35.15"]];
    assert!(charts::groups::district(site, x, &labels).is_none());

    // A score above its maximum and a row with no maximum are located errors.
    std::fs::write(
        t.path().join("data/nilai_klaster.csv"),
        "kode,tahun,kelompok,nilai,maks,sumber\n35.10,2022,I,170,100,Laporan\n35.10,2022,II,50,,Laporan\n",
    )
    .unwrap();
    let mut o = ila::Options::new(t.path());
    o.this_year = Some(2026);
    let mut d = Diagnostics::new();
    let _ = ila::load(&o, &mut d);
    let all: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
    assert!(
        all.iter().any(|m| m.starts_with(
            "data/nilai_klaster.csv:2:14: error: group score is above the group's maximum"
        )),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|m| m
            .starts_with("data/nilai_klaster.csv:3:18: error: no maximum known for this group")),
        "{all:#?}"
    );
}

#[test]
fn group_breakdown_appears_on_the_district_page_with_its_table_and_files() {
    let (t, _) = fixture();
    let out = t.path().join("public");
    let o = build(t.path(), &out);
    assert!(o.output.is_some(), "{:?}", o.diagnostics.sorted());
    let doc = html(&out, "wilayah/kabupaten-banyuwangi/index.html");
    let svgs: Vec<_> = doc
        .select(&sel("figure.grafik-wadah svg[role=img]"))
        .collect();
    assert_eq!(svgs.len(), 2, "history and group breakdown");
    let rows = doc
        .select(&sel("details.tabel-grafik tbody tr"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(rows.len(), 12, "6 groups x 2 years: {rows:?}");
    assert!(
        rows.iter().any(|r| r.contains("2022") && r.contains("80%")),
        "{rows:?}"
    );
    let csv = read(&out, "grafik/wilayah/kabupaten-banyuwangi-klaster.csv");
    assert!(csv.contains("III,2022,200,250,80"), "{csv}");
    // A district without group scores has only its history chart.
    let doc = html(&out, "wilayah/kabupaten-sidoarjo/index.html");
    assert_eq!(doc.select(&sel("figure.grafik-wadah svg")).count(), 1);
}

/// Maps from the fixture awards over a few real shapes (the national topology restricted to
/// six districts of two provinces), so snapshots change only with the drawing code.
#[test]
fn every_map_kind_matches_its_snapshot() {
    use ila::charts::peta;
    use ila::data::geo::{Geometry, Topology};
    let (_t, mut l) = fixture();
    let keep = ["35.09", "35.10", "35.11", "35.12", "35.15", "63.03"];
    let full = l
        .root()
        .site
        .geo
        .clone()
        .expect("the shipped site has boundaries");
    let small = |t: &Topology| Topology {
        arcs: t.arcs.clone(),
        districts: t
            .districts
            .iter()
            .filter(|(k, _)| keep.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        nonadmin: Vec::new(),
    };
    let geo = Geometry {
        national: small(&full.national),
        detailed: small(&full.national),
        files: Vec::new(),
    };
    l.editions[0].site.geo = Some(std::sync::Arc::new(geo));
    let site = &l.root().site;
    let id = strings("id");
    let labels = Labels::new(&id, &site.cfg, "id");
    let maps = peta::draw(site, &labels);

    let national = maps.national.as_ref().unwrap();
    // Derived from the fixture: of the six shapes, those with any award are named with a year.
    let recorded = keep
        .iter()
        .filter(|k| !site.districts[site.by_code[**k]].awards.is_empty())
        .count();
    assert_eq!(national.svg.matches("<a href=").count(), keep.len());
    assert_eq!(
        national.svg.matches(" (20").count(),
        recorded,
        "{}",
        national.svg
    );
    insta::assert_snapshot!("map_national", both(national));
    insta::assert_snapshot!("map_year", both(&maps.years[&2022]));
    insta::assert_snapshot!("map_movement", both(&maps.movement[&2022]));
    let p = site.province_by_code["35"];
    insta::assert_snapshot!("map_province", both(maps.province[p].as_ref().unwrap()));
    let x = site.by_code["35.10"];
    insta::assert_snapshot!("map_locator", maps.locator[x].as_ref().unwrap());
    for svg in [&national.svg, maps.locator[x].as_ref().unwrap()] {
        roxmltree::Document::parse(svg).expect("well-formed");
    }
    // English names and the hatched "no record" fill.
    let en = strings("en");
    let labels = Labels::new(&en, &site.cfg, "en");
    let maps = peta::draw(site, &labels);
    let svg = &maps.national.as_ref().unwrap().svg;
    if recorded < keep.len() {
        assert!(svg.contains(": no record\""), "{svg}");
        assert!(svg.contains("fill=\"url(#peta-nasional-k)\""));
    }
}
