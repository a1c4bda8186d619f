//! Builds the shipped site and checks the published pages against the data.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn count_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").is_file())
        .count()
}

#[test]
fn every_district_and_province_has_a_page() {
    let out = shipped();
    assert_eq!(count_pages(&out.join("wilayah")), 514);
    assert_eq!(count_pages(&out.join("provinsi")), 38);
    let doc = html(out, "wilayah/kabupaten-banyuwangi/index.html");
    let h1 = doc.select(&sel("h1")).next().map(text).unwrap();
    assert_eq!(h1, "Kabupaten Banyuwangi");
    // The list is split into parts of at most 200 rows (`[batas] baris_per_halaman`), each
    // province whole; together they list every district once.
    let parts = list_parts(out, "wilayah/index.html");
    assert_eq!(parts.len(), 3);
    let mut listed = Vec::new();
    for part in &parts {
        let rows = part.select(&sel("main tbody tr")).count();
        assert!(rows <= 200, "{rows} rows on one part");
        listed.extend(
            part.select(&sel("main tbody tr td a"))
                .filter_map(|a| a.value().attr("href").map(str::to_string)),
        );
    }
    assert_eq!(listed.len(), 514);
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), 514, "no district on two parts");
}

#[test]
fn award_year_pages_exist_for_every_year() {
    let out = shipped();
    let mut years: Vec<String> = data_rows("data/predikat.csv")
        .into_iter()
        .map(|r| r["tahun"].clone())
        .collect();
    years.sort();
    years.dedup();
    assert!(!years.contains(&"2024".to_string()));
    for y in &years {
        let doc = html(out, &format!("predikat/{y}/index.html"));
        assert_eq!(
            doc.select(&sel("h1")).next().map(text).unwrap(),
            format!("Predikat KLA {y}")
        );
    }
    assert!(
        !out.join("predikat/2024").exists(),
        "no award night in 2024: no page"
    );
}

#[test]
fn banjar_shows_its_estimate_and_no_gap_once_its_latest_award_has_no_score() {
    // Banjar 2023: Madya with an editors' estimate of 685 (16 points short of Nindya); 2025:
    // Nindya with no published score. The gap box follows the latest award only.
    let rows = data_rows("data/predikat.csv");
    let banjar: Vec<_> = rows.iter().filter(|r| r["kode"] == "63.03").collect();
    let latest = banjar.iter().max_by_key(|r| r["tahun"].clone()).unwrap();
    let out = shipped();
    let doc = html(out, "wilayah/kabupaten-banjar/index.html");
    let row2023 = doc
        .select(&sel("table.riwayat tbody tr"))
        .map(text)
        .find(|t| t.starts_with("2023"))
        .expect("2023 row");
    assert!(
        row2023.contains("685") && row2023.contains("perkiraan"),
        "{row2023}"
    );
    let gap = doc.select(&sel(".celah")).next().map(text);
    if latest["nilai"].is_empty() {
        assert!(gap.is_none(), "{gap:?}");
    } else {
        let gap = gap.expect("gap box");
        assert!(gap.contains(latest["nilai"].as_str()), "{gap}");
    }
}

#[test]
fn a_district_without_records_says_so() {
    let out = shipped();
    let doc = html(out, "wilayah/kabupaten-kaur/index.html");
    let status = doc.select(&sel(".kartu-status")).next().map(text).unwrap();
    assert!(
        status.contains("Belum ada predikat yang tercatat"),
        "{status}"
    );
    assert!(
        status.contains("bukan berarti"),
        "explains what no record means: {status}"
    );
    assert!(doc.select(&sel("table.riwayat")).next().is_none());
    // Its narrative still appears.
    assert!(doc.select(&sel(".narasi")).next().is_some());
}

#[test]
fn tier_counts_match_the_csv() {
    let out = shipped();
    let mut expected: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(repo().join("data/predikat.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        *expected
            .entry((r[1].to_string(), r[2].to_string()))
            .or_default() += 1;
    }
    let years: BTreeSet<String> = expected.keys().map(|k| k.0.clone()).collect();
    for y in years {
        let doc = html(out, &format!("predikat/{y}/index.html"));
        for tier in ["pratama", "madya", "nindya", "utama", "kla"] {
            let want = expected
                .get(&(y.clone(), tier.to_string()))
                .copied()
                .unwrap_or(0);
            let section = doc
                .select(&sel(&format!("section[aria-labelledby=\"p-{tier}\"]")))
                .next()
                .unwrap_or_else(|| panic!("{y} {tier} section"));
            let rows = section.select(&sel("tbody tr")).count();
            assert_eq!(rows, want, "{y} {tier}: listed districts");
            let heading = section.select(&sel("h2")).next().map(text).unwrap();
            assert!(heading.contains(&format!("({want} tercatat)")), "{heading}");
        }
    }
    // National totals appear next to the recorded counts.
    for y in expected
        .keys()
        .map(|k| k.0.clone())
        .collect::<BTreeSet<_>>()
    {
        let Some(n) = national_total(&y) else {
            continue;
        };
        let rec = expected
            .iter()
            .filter(|(k, _)| k.0 == y)
            .map(|(_, v)| v)
            .sum::<usize>();
        let t = text(
            html(out, &format!("predikat/{y}/index.html"))
                .select(&sel("main"))
                .next()
                .unwrap(),
        );
        assert!(t.contains(&format!("{rec} dari {n}")), "{y}: {t}");
    }
}

#[test]
fn no_internal_link_is_broken() {
    let out = shipped();
    let pages: Vec<String> = snapshot(out)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &pages {
        let doc = html(out, p);
        ids.insert(
            p.clone(),
            doc.select(&sel("[id]"))
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect(),
        );
    }
    let mut broken = Vec::new();
    for p in &pages {
        let doc = html(out, p);
        for a in doc.select(&sel("a[href], link[href]")) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            let (path, frag) = href
                .split_once('#')
                .map_or((href, None), |(a, b)| (a, Some(b)));
            let target = if path.is_empty() {
                p.clone()
            } else {
                assert!(path.starts_with('/'), "{p}: relative link {href}");
                let rel = path.trim_start_matches('/');
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            };
            if !out.join(&target).is_file() {
                broken.push(format!("{p} → {href}"));
            } else if let Some(f) = frag {
                if target.ends_with(".html") && !ids.get(&target).is_some_and(|s| s.contains(f)) {
                    broken.push(format!("{p} → {href} (missing #{f})"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
}

#[test]
fn every_page_has_lang_title_safeguarding_and_attribution() {
    let out = shipped();
    for p in [
        "index.html",
        "wilayah/kabupaten-banyuwangi/index.html",
        "provinsi/jawa-timur/index.html",
        "predikat/2023/index.html",
        "program/brus/index.html",
        "404.html",
    ] {
        let doc = html(out, p);
        assert_eq!(
            doc.select(&sel("html"))
                .next()
                .unwrap()
                .value()
                .attr("lang"),
            Some("id"),
            "{p}"
        );
        let footer = text(doc.select(&sel("footer")).next().unwrap());
        assert!(footer.contains("SAPA 129"), "{p}");
        assert!(footer.contains("bukan kanal resmi"), "{p}");
        assert!(footer.contains("ODbL"), "{p}");
        assert!(
            doc.select(&sel("a.lewati[href=\"#ila-konten\"]"))
                .next()
                .is_some(),
            "{p}"
        );
        let ids: Vec<&str> = doc
            .select(&sel("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{p}: duplicate ids");
    }
}

#[test]
fn retrospective_rows_are_marked() {
    let out = shipped();
    // Deli Serdang 2019 is a retrospective row in the dataset.
    let doc = html(out, "wilayah/kabupaten-deli-serdang/index.html");
    let row = doc
        .select(&sel("table.riwayat tbody tr"))
        .map(text)
        .find(|t| t.starts_with("2019"))
        .unwrap();
    assert!(row.contains("Retrospektif"), "{row}");
}

#[test]
fn sitemap_feed_and_robots_are_valid_and_complete() {
    let out = shipped();
    let files = snapshot(out);
    // Each edition has its own sitemap listing its pages, without the bare chart pages for
    // iframes (noindex).
    for (prefix, sitemap) in [("", "sitemap.xml"), ("en/", "en/sitemap.xml")] {
        let html_pages = files
            .keys()
            .filter(|k| k.ends_with(".html") && k.as_str() != "404.html")
            .filter_map(|k| k.strip_prefix(prefix))
            .filter(|k| prefix == "en/" || !k.starts_with("en/"))
            .filter(|k| !k.starts_with("embed/"))
            .count();
        let text = read(out, sitemap);
        let doc = roxmltree::Document::parse(&text).expect("sitemap parses as XML");
        let locs: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(locs.len(), html_pages, "{sitemap}");
        let banyuwangi = format!("https://ila.example.org/{prefix}wilayah/kabupaten-banyuwangi/");
        assert!(locs.contains(&banyuwangi.as_str()), "{sitemap}");
    }
    let feed = read(out, "berita/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed parses as XML");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    let news = std::fs::read_dir(repo().join("content/berita"))
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".en.md")
        })
        .count();
    assert_eq!(entries, news);
    assert!(read(out, "robots.txt").contains("Sitemap: https://ila.example.org/sitemap.xml"));
}

#[test]
fn award_year_tables_come_in_three_sorted_views_with_movements() {
    let out = shipped();
    let (head, awards) = {
        let mut r = csv::Reader::from_path(out.join("data/predikat.csv")).unwrap();
        let h = r.headers().unwrap().clone();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        (h, rows)
    };
    let mut years: Vec<String> = awards.iter().map(|a| a[3].clone()).collect();
    years.sort();
    years.dedup();
    for year in years.iter().map(String::as_str) {
        let recorded: Vec<&Vec<String>> = awards.iter().filter(|a| a[3] == year).collect();
        let names = |rel: &str| -> Vec<String> {
            let doc = html(out, rel);
            let mut v: Vec<String> = doc
                .select(&sel("section table tbody th[scope=row] a"))
                .map(text)
                .collect();
            v.sort();
            v
        };
        let main = names(&format!("predikat/{year}/index.html"));
        assert_eq!(main.len(), recorded.len(), "{year}");
        assert_eq!(
            names(&format!("predikat/{year}/provinsi/index.html")),
            main,
            "{year}"
        );
        assert_eq!(
            names(&format!("predikat/{year}/gerak/index.html")),
            main,
            "{year}"
        );
        // Movement counts add up, and the "naik kelas" list is exactly the rows marked naik.
        let gerak = head.iter().position(|h| h == "gerak").unwrap();
        let naik = recorded.iter().filter(|a| a[gerak] == "naik").count();
        let doc = html(out, &format!("predikat/{year}/index.html"));
        let counts: Vec<usize> = doc
            .select(&sel(".gerak-ringkas strong"))
            .map(|e| text(e).parse().unwrap())
            .collect();
        // Against the previous award year, then (if any) against older records, then first
        // records: all of them add up to the year's rows; up-counts to the rows marked naik.
        assert_eq!(counts.iter().sum::<usize>(), recorded.len(), "{year}");
        let up = if counts.len() == 7 {
            counts[0] + counts[3]
        } else {
            counts[0]
        };
        if counts.len() > 1 {
            assert_eq!(up, naik, "{year}: {counts:?}");
        }
        assert_eq!(
            doc.select(&sel("#ila-naik-kelas + ul li")).count(),
            naik,
            "{year}"
        );
        // The by-province view groups each district under its own province.
        let doc = html(out, &format!("predikat/{year}/provinsi/index.html"));
        for section in doc.select(&sel("section[aria-labelledby^=k-]")) {
            let code = section
                .value()
                .attr("aria-labelledby")
                .unwrap()
                .trim_start_matches("k-");
            for row in section.select(&sel("tbody tr th a")) {
                let name = text(row);
                assert!(
                    recorded.iter().any(|a| a[1] == name && a[2] == code),
                    "{year}: {name} under {code}"
                );
            }
        }
        // The current view is marked for assistive technology.
        assert_eq!(
            doc.select(&sel("nav.tampilan a[aria-current=page]"))
                .map(text)
                .collect::<Vec<_>>(),
            vec!["Menurut provinsi"]
        );
    }
}

#[test]
fn award_announcement_feed_has_one_entry_per_award_night() {
    let out = shipped();
    let xml = read(out, "predikat/atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    // One entry per award year (an award night dates it when one is recorded).
    let rows = data_rows("data/predikat.csv");
    let mut years: Vec<String> = rows.iter().map(|r| r["tahun"].clone()).collect();
    years.sort();
    years.dedup();
    assert_eq!(entries.len(), years.len());
    let first = entries[0];
    let child = |n: roxmltree::Node, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let latest = years.last().unwrap();
    let night = data_rows("data/penghargaan.csv")
        .into_iter()
        .find(|r| &r["tahun"] == latest)
        .expect("the latest award night is recorded");
    assert_eq!(
        child(first, "updated"),
        format!("{}T00:00:00Z", night["tanggal"])
    );
    let recorded = rows.iter().filter(|r| &r["tahun"] == latest).count();
    assert!(
        child(first, "title").starts_with(&format!(
            "Penghargaan KLA {latest}: {recorded} kabupaten/kota"
        )),
        "{}",
        child(first, "title")
    );
    assert!(child(first, "summary").contains("8 Agustus 2025, Jakarta"));
    // The year page names its award night too.
    assert!(read(out, "predikat/2023/index.html").contains("22 Juli 2023, Semarang"));
}

#[test]
fn every_page_has_share_meta_and_districts_have_a_share_image() {
    let out = shipped();
    for rel in [
        "index.html",
        "predikat/2023/index.html",
        "wilayah/kabupaten-banjar/index.html",
    ] {
        let doc = html(out, rel);
        for name in ["og:title", "og:description", "og:url", "og:site_name"] {
            let sel_str = format!("meta[property=\"{name}\"]");
            let v = doc
                .select(&sel(&sel_str))
                .next()
                .and_then(|m| m.value().attr("content"));
            assert!(v.is_some_and(|v| !v.is_empty()), "{rel}: {name}");
        }
        for name in ["twitter:card", "twitter:title", "twitter:description"] {
            let sel_str = format!("meta[name=\"{name}\"]");
            assert!(doc.select(&sel(&sel_str)).next().is_some(), "{rel}: {name}");
        }
    }
    let mut checked = 0;
    for slug in district_slugs(out) {
        let doc = html(out, &format!("wilayah/{slug}/index.html"));
        let img = doc
            .select(&sel("meta[property=\"og:image\"]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{slug}: og:image"));
        assert_eq!(
            img,
            format!("https://ila.example.org/grafik/bagikan/{slug}.png")
        );
        let png = std::fs::read(out.join(format!("grafik/bagikan/{slug}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (1200, 630), "{slug}");
        let card = doc
            .select(&sel("meta[name=\"twitter:card\"]"))
            .next()
            .and_then(|m| m.value().attr("content"));
        assert_eq!(card, Some("summary_large_image"));
        checked += 1;
    }
    assert_eq!(checked, 514);
}

#[test]
fn every_chart_has_a_bare_embed_page_and_a_snippet_pointing_at_it() {
    let out = shipped();
    let svgs: Vec<String> = snapshot(&out.join("grafik"))
        .into_keys()
        .filter(|k| k.ends_with(".svg"))
        .collect();
    // At least one history chart per district with two or more recorded years.
    let mut years_of: BTreeMap<String, usize> = BTreeMap::new();
    for r in data_rows("data/predikat.csv") {
        *years_of.entry(r["kode"].clone()).or_default() += 1;
    }
    let histories = years_of.values().filter(|&&n| n >= 2).count();
    assert!(
        histories > 0 && svgs.len() > histories,
        "{} charts",
        svgs.len()
    );
    for svg in &svgs {
        let stem = svg.trim_end_matches(".svg");
        let rel = format!("embed/{stem}/index.html");
        let doc = html(out, &rel);
        // No site chrome: no header, navigation or footer; the chart, a credit and a link back.
        assert_eq!(doc.select(&sel("header, nav, footer")).count(), 0, "{rel}");
        // A chart is an image; a map is a group of district links (tests/maps.rs).
        assert_eq!(
            doc.select(&sel("svg[role=img], svg.peta[role=group]"))
                .count(),
            1,
            "{rel}"
        );
        if stem.starts_with("peta/") {
            assert!(
                text(doc.select(&sel("figcaption")).next().unwrap()).contains("CC BY 3.0 IGO"),
                "{rel}"
            );
        }
        let back = doc
            .select(&sel("figcaption a[target=_top]"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap();
        assert!(
            back.starts_with("https://ila.example.org/"),
            "{rel}: {back}"
        );
        assert!(text(doc.select(&sel("figcaption")).next().unwrap()).contains("ODbL"));
        assert!(
            doc.select(&sel("meta[name=robots][content=noindex]"))
                .next()
                .is_some(),
            "{rel}"
        );
    }
    // The shipped site has a placeholder base_url: no snippet that points nowhere, but how to
    // set it (tests/base_url.rs checks the snippet on a configured site).
    let page = html(out, "wilayah/kabupaten-banyuwangi/index.html");
    let embed = text(page.select(&sel("details.sematkan")).next().unwrap());
    assert!(!embed.contains("iframe"), "{embed}");
    assert!(embed.contains("base_url"), "{embed}");
}
