//! `ila demo`: the synthetic generator is deterministic, its trees build cleanly with the
//! "DATA CONTOH" banner on every page, village pages exist, and the relaxed `PP.DDDD` code rule
//! holds only on sites marked `data_contoh`.

mod common;

use common::*;
use std::path::Path;

fn generate(out: &Path, districts: usize, years: u16, villages: usize, seed: u64) {
    let spec = ila::demo::Spec {
        out: out.to_path_buf(),
        districts,
        years,
        villages,
        seed,
        source: repo(),
    };
    ila::demo::generate(&spec).unwrap();
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let t = tempfile::tempdir().unwrap();
    let (a, b, c) = (t.path().join("a"), t.path().join("b"), t.path().join("c"));
    generate(&a, 40, 4, 300, 7);
    generate(&b, 40, 4, 300, 7);
    generate(&c, 40, 4, 300, 8);
    let (sa, sb, sc) = (snapshot(&a), snapshot(&b), snapshot(&c));
    assert!(sa.len() > 40, "{} files", sa.len());
    assert!(sa == sb, "same arguments must write the same tree");
    assert!(sa != sc, "another seed must change the data");
    // Regenerating over an earlier tree replaces it exactly.
    generate(&a, 40, 4, 300, 7);
    assert!(snapshot(&a) == sb);
}

#[test]
fn refuses_to_write_into_a_site_or_a_foreign_folder() {
    let spec = |out: &Path| ila::demo::Spec {
        out: out.to_path_buf(),
        districts: 5,
        years: 2,
        villages: 0,
        seed: 1,
        source: repo(),
    };
    let err = ila::demo::generate(&spec(&repo().join("data"))).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to write synthetic data"),
        "{err}"
    );
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("notes.txt"), "mine").unwrap();
    let err = ila::demo::generate(&spec(t.path())).unwrap_err();
    assert!(
        err.to_string().contains("not written by `ila demo`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_root_without_a_site_is_a_readable_error() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("not-a-site")).unwrap();
    let err = ila::demo::generate(&ila::demo::Spec {
        out: t.path().join("out"),
        districts: 5,
        years: 2,
        villages: 0,
        seed: 1,
        source: t.path().join("not-a-site"),
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("cannot read the site configuration"), "{err}");
    assert!(err.contains("--root"), "{err}");
    assert!(!err.contains("Diagnostic {"), "a debug dump: {err}");
    assert!(!t.path().join("out").exists());
}

#[test]
fn synthetic_site_builds_with_the_banner_and_village_pages() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    generate(&site, 60, 3, 400, 1);
    let out = t.path().join("public");
    let o = build(&site, &out);
    assert!(
        o.output.is_some() && o.diagnostics.errors() == 0 && o.diagnostics.warnings() == 0,
        "{:#?}",
        messages(&o)
    );
    assert_eq!(o.cards, 0, "share images are off on synthetic sites");
    // Every HTML page carries the banner.
    let pages: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 400 + 60, "{} pages", pages.len());
    for p in &pages {
        let doc = html(&out, p);
        let banner: Vec<_> = doc.select(&sel("p.data-contoh")).collect();
        assert_eq!(banner.len(), 1, "{p}");
        assert!(text(banner[0]).starts_with("DATA CONTOH"), "{p}");
    }
    // One page per village, and a list per district that links them.
    let villages: Vec<&String> = pages.iter().filter(|p| p.starts_with("desa/")).collect();
    assert_eq!(villages.len(), 400);
    let v = html(&out, "desa/11.01.01.2001/index.html");
    assert_eq!(
        text(v.select(&sel("h1")).next().unwrap()),
        "Desa Contoh 000002",
        "the first village of a kabupaten is a kelurahan (1001), the second a desa (2001)"
    );
    let list = html(&out, "wilayah/kabupaten-contoh-0001/desa/index.html");
    let links: Vec<String> = list
        .select(&sel("main table a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links.len(),
        7,
        "400 villages over 60 districts: 7 or 6 each"
    );
    assert_eq!(links[0], "/desa/11.01.01.1001/");
    assert_eq!(links[1], "/desa/11.01.01.2001/");
    let district = read(&out, "wilayah/kabupaten-contoh-0001/index.html");
    assert!(district.contains("href=\"/wilayah/kabupaten-contoh-0001/desa/\""));
    // The share-image meta is gone with the images.
    assert!(!district.contains("og:image"));
}

#[test]
fn group_scores_add_up_to_the_total() {
    let t = tempfile::tempdir().unwrap();
    generate(t.path(), 30, 5, 0, 3);
    let totals: std::collections::BTreeMap<(String, String), u32> =
        std::fs::read_to_string(t.path().join("data/predikat.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                ((f[0].into(), f[1].into()), f[3].parse().unwrap())
            })
            .collect();
    let mut sums: std::collections::BTreeMap<(String, String), u32> = Default::default();
    for l in std::fs::read_to_string(t.path().join("data/nilai_klaster.csv"))
        .unwrap()
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = l.split(',').collect();
        let (v, m): (u32, u32) = (f[3].parse().unwrap(), f[4].parse().unwrap());
        assert!(v <= m, "{l}");
        *sums.entry((f[0].into(), f[1].into())).or_default() += v;
    }
    assert!(!sums.is_empty());
    for (k, s) in &sums {
        assert_eq!(Some(s), totals.get(k), "{k:?}");
    }
}

#[test]
fn relaxed_codes_only_on_sample_sites() {
    let t = tempfile::tempdir().unwrap();
    // 88 districts per province do not fit `PP.DD` (kabupaten 01–70, kota 71–99).
    generate(t.path(), 38 * 88, 1, 0, 1);
    let regencies = std::fs::read_to_string(t.path().join("data/wilayah/regencies.csv")).unwrap();
    assert!(regencies.lines().nth(1).unwrap().starts_with("11.0001,11,"));
    let mut opts = ila::Options::new(t.path());
    opts.this_year = Some(2026);
    let mut d = ila::diag::Diagnostics::new();
    assert!(ila::load(&opts, &mut d).is_some());
    assert_eq!(d.errors(), 0, "{:?}", d.sorted().first());
    // The same tree without the sample flag gets the strict rule and its exact message.
    let cfg = std::fs::read_to_string(t.path().join("ila.toml")).unwrap();
    std::fs::write(
        t.path().join("ila.toml"),
        cfg.replace("data_contoh = true", "data_contoh = false"),
    )
    .unwrap();
    let mut d = ila::diag::Diagnostics::new();
    ila::load(&opts, &mut d);
    let first = d
        .sorted()
        .into_iter()
        .find(|e| e.file == "data/wilayah/regencies.csv")
        .expect("the reference list is refused")
        .to_string();
    assert_eq!(
        first,
        "data/wilayah/regencies.csv:2:1: error: malformed district code (found `11.0001`; expected a Kemendagri code like `35.10`) [help: use the Kemendagri code as text, two digits, a dot, two digits]"
    );
}

#[test]
fn sitemap_over_the_protocol_limit_becomes_an_index_of_parts() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    // 200 districts and 50,100 village pages: more than 50,000 addresses.
    generate(&site, 200, 2, 50_100, 3);
    let out = t.path().join("public");
    let o = build(&site, &out);
    assert!(o.output.is_some(), "{:#?}", messages(&o));
    let pages = snapshot(&out)
        .into_keys()
        // Chart embed pages are for iframes, not for search engines.
        .filter(|p| p.ends_with(".html") && p != "404.html" && !p.starts_with("embed/"))
        .count();
    let index = read(&out, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{}", &index[..200]);
    let parts: Vec<&str> = index
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "https://contoh.invalid/sitemap-1.xml",
            "https://contoh.invalid/sitemap-2.xml"
        ]
    );
    let mut listed = 0;
    for n in 1..=2 {
        let part = read(&out, &format!("sitemap-{n}.xml"));
        assert!(part.contains("<urlset"));
        let urls = part.matches("<url>").count();
        assert!(urls <= ila::render::SITEMAP_MAX, "part {n}: {urls}");
        listed += urls;
    }
    assert_eq!(listed, pages, "every page once, across the parts");
}
