//! The data edition (issue: data edition 2026.12): award years come from the data, a year whose
//! total is known but not its split by tier is said in words, an estimate is never shown as
//! evidence, and editors' text (curators' notes, repository paths) never reaches a page.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Award years in `data/predikat.csv` of the repository.
fn data_years() -> Vec<String> {
    let mut v: Vec<String> = csv_rows(&repo().join("data/predikat.csv"))
        .into_iter()
        .map(|r| r["tahun"].clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The page path (`wilayah/<slug>/`) of district `kode` in a built site.
fn district_path(out: &Path, kode: &str) -> String {
    let row = csv_rows(&out.join("data/wilayah.csv"))
        .into_iter()
        .find(|r| r["kode"] == kode)
        .unwrap_or_else(|| panic!("{kode} not in wilayah.csv"));
    let url = &row["url"];
    let i = url.find("/wilayah/").unwrap();
    url[i + 1..].to_string()
}

#[test]
fn every_award_year_in_the_data_has_a_page_a_feed_entry_a_chart_column_and_a_coverage_line() {
    let out = shipped();
    let years = data_years();
    assert!(years.len() >= 2, "{years:?}");
    let feed = read(out, "predikat/atom.xml");
    let chart = read(out, "grafik/nasional.csv");
    let home = read(out, "index.html");
    for y in &years {
        assert!(
            out.join(format!("predikat/{y}/index.html")).exists(),
            "year page {y}"
        );
        assert!(feed.contains(&format!("/predikat/{y}/")), "feed entry {y}");
        assert!(
            chart.lines().any(|l| l.starts_with(&format!("{y},"))),
            "chart column {y}"
        );
        assert!(
            home.contains(&format!("/predikat/{y}/")),
            "home coverage line {y}"
        );
    }
}

#[test]
fn a_new_year_in_the_csv_appears_without_any_code_or_template_change() {
    let new_year = data_years()
        .last()
        .unwrap()
        .parse::<u16>()
        .unwrap()
        .saturating_add(1)
        .min(2026);
    assert!(
        !data_years().contains(&new_year.to_string()),
        "pick a year that is not in the data yet"
    );
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    copy_site(&root);
    // Three districts get a record in the new year; the national total of that year is known.
    let codes: Vec<String> = csv_rows(&root.join("data/predikat.csv"))
        .into_iter()
        .map(|r| r["kode"].clone())
        .take(3)
        .collect();
    let mut csv = std::fs::read_to_string(root.join("data/predikat.csv")).unwrap();
    for k in &codes {
        csv.push_str(&format!(
            "{k},{new_year},pratama,https://example.org/uji/{new_year},,,,,,,,,\n"
        ));
    }
    std::fs::write(root.join("data/predikat.csv"), csv).unwrap();
    let mut nat = std::fs::read_to_string(root.join("data/nasional.csv")).unwrap();
    nat.push_str(&format!(
        "{new_year},pratama,40,https://example.org/uji/{new_year},\n"
    ));
    std::fs::write(root.join("data/nasional.csv"), nat).unwrap();

    let out = t.path().join("public");
    let o = build(&root, &out);
    assert_eq!(o.diagnostics.errors(), 0, "{:#?}", messages(&o));
    let page = read(&out, &format!("predikat/{new_year}/index.html"));
    for k in &codes {
        let p = district_path(&out, k);
        assert!(
            page.contains(&format!("/{p}")),
            "{k} listed on the new year page"
        );
    }
    assert!(read(&out, "predikat/atom.xml").contains(&format!("/predikat/{new_year}/")));
    let chart = read(&out, "grafik/nasional.csv");
    assert!(
        chart
            .lines()
            .any(|l| l.starts_with(&format!("{new_year},"))),
        "{chart}"
    );
    assert!(read(&out, "grafik/nasional.svg").contains(&new_year.to_string()));
    assert!(read(&out, "index.html").contains(&format!("/predikat/{new_year}/")));
    assert!(read(&out, "en/index.html").contains(&format!("/predikat/{new_year}/")));
}

#[test]
fn a_year_with_only_a_national_total_says_so_and_never_shows_zeros() {
    let nat = csv_rows(&repo().join("data/nasional.csv"));
    let total_only: Vec<&BTreeMap<String, String>> = nat
        .iter()
        .filter(|r| r["predikat"] == "total")
        .filter(|r| {
            !nat.iter()
                .any(|o| o["tahun"] == r["tahun"] && o["predikat"] != "total")
        })
        .collect();
    assert!(
        !total_only.is_empty(),
        "the data has a total-only year (2017)"
    );
    let out = shipped();
    for r in total_only {
        let y = &r["tahun"];
        let total = &r["jumlah"];
        let doc = html(out, &format!("predikat/{y}/index.html"));
        let body = text(doc.root_element());
        assert!(
            body.contains("tidak diumumkan"),
            "{y}: the split by tier is said to be unpublished"
        );
        assert!(
            body.contains(total.as_str()),
            "{y}: the total {total} is shown"
        );
        // The national column of the tier table: never a zero for an unpublished split.
        for tr in doc.select(&sel("table tbody tr")) {
            let cells: Vec<String> = tr.select(&sel("td")).map(text).collect();
            if cells.len() == 2 {
                assert_ne!(cells[1], "0", "{y}: {cells:?}");
            }
        }
        let en = text(html(out, &format!("en/predikat/{y}/index.html")).root_element());
        assert!(en.contains(total.as_str()), "{y} (en): total shown");
        // The open data carries the total as its own row.
        assert!(
            read(out, "data/nasional.csv")
                .lines()
                .any(|l| l.starts_with(&format!("{y},total,{total}"))),
            "{y}: total row in /data/nasional.csv"
        );
    }
}

#[test]
fn a_derived_score_is_marked_as_an_estimate_wherever_it_appears() {
    let derived: Vec<BTreeMap<String, String>> = csv_rows(&repo().join("data/predikat.csv"))
        .into_iter()
        .filter(|r| r["jenis_nilai"] == "derived")
        .collect();
    assert!(
        !derived.is_empty(),
        "the data has a derived score (Banjar 2023)"
    );
    let out = shipped();
    let published = csv_rows(&out.join("data/predikat.csv"));
    for r in &derived {
        let (kode, tahun, nilai) = (&r["kode"], &r["tahun"], &r["nilai"]);
        let p = district_path(out, kode);
        let page = read(out, &format!("{p}index.html"));
        assert!(
            page.contains("perkiraan"),
            "{kode} {tahun}: page says estimate"
        );
        let row = published
            .iter()
            .find(|o| &o["kode"] == kode && &o["tahun"] == tahun)
            .unwrap();
        assert_eq!(row["jenis_nilai"], "derived", "{kode} {tahun} download");
        let slug = p.trim_start_matches("wilayah/").trim_end_matches('/');
        let chart = read(out, &format!("grafik/wilayah/{slug}.svg"));
        assert!(
            chart.contains(&format!("≈{nilai}")),
            "{kode}: chart label ≈{nilai}"
        );
        let chart_csv = read(out, &format!("grafik/wilayah/{slug}.csv"));
        let line = chart_csv
            .lines()
            .find(|l| l.starts_with(&format!("{tahun},")))
            .unwrap();
        assert!(line.contains("derived"), "{line}");
        let easy = read(out, &format!("anak/{p}index.html"));
        // The easy-read page may leave the score out, but never shows it bare.
        assert!(
            !easy.contains(nilai.as_str()) || easy.contains("perkiraan"),
            "{kode} easy-read"
        );
    }
    // A reported score is not called an estimate.
    let reported = csv_rows(&repo().join("data/predikat.csv"))
        .into_iter()
        .find(|r| !r["nilai"].is_empty() && r["jenis_nilai"] != "derived")
        .expect("a reported score");
    let p = district_path(out, &reported["kode"]);
    let slug = p.trim_start_matches("wilayah/").trim_end_matches('/');
    let chart = read(out, &format!("grafik/wilayah/{slug}.svg"));
    assert!(!chart.contains(&format!("≈{}", reported["nilai"])));
}

#[test]
fn curators_notes_and_repository_paths_never_reach_a_page() {
    // The shipped site builds, so no page shows a note; the build fails once one would.
    let rows = csv_rows(&repo().join("data/predikat.csv"));
    let note = rows
        .iter()
        .map(|r| r["catatan"].clone())
        .find(|n| n.chars().count() >= 24 && !n.contains('\n'))
        .expect("a curators' note in the data");
    let out = shipped();
    for (rel, bytes) in &snapshot(out) {
        if rel.ends_with(".html") {
            let s = String::from_utf8_lossy(bytes);
            assert!(!s.contains(note.as_str()), "{rel} shows `{note}`");
        }
    }

    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    copy_site(&root);
    let page = root.join("content/wilayah/35.10.md");
    let src = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{src}\n\nCatatan: {note}\n")).unwrap();
    let o = build(&root, &t.path().join("public"));
    let m = messages(&o).join("\n");
    assert!(o.output.is_none(), "build must fail");
    assert!(m.contains("curators' note"), "{m}");

    std::fs::write(
        &page,
        format!("{src}\n\nLihat berkas data/predikat.csv di repositori.\n"),
    )
    .unwrap();
    let o = build(&root, &t.path().join("public2"));
    let m = messages(&o).join("\n");
    assert!(o.output.is_none(), "build must fail");
    assert!(m.contains("names a repository file"), "{m}");
    assert!(m.contains("data/predikat.csv"), "{m}");
}

#[test]
fn the_data_page_has_a_coverage_table_per_year_and_tier_that_matches_the_data() {
    let rows = csv_rows(&repo().join("data/predikat.csv"));
    let years = data_years();
    let out = shipped();
    let doc = html(out, "data-dan-lisensi/index.html");
    let trs: Vec<Vec<String>> = doc
        .select(&sel("table.cakupan-tabel tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(trs.len(), years.len(), "{trs:?}");
    for tr in &trs {
        let y = &tr[0];
        assert!(years.contains(y), "{y}");
        let recorded = rows.iter().filter(|r| &r["tahun"] == y).count();
        let last = tr.last().unwrap();
        assert_eq!(
            last.split(" / ").next().unwrap(),
            recorded.to_string(),
            "{y}: {tr:?}"
        );
    }
    assert!(
        html(out, "en/data-dan-lisensi/index.html")
            .select(&sel("table.cakupan-tabel tbody tr"))
            .count()
            == years.len()
    );
}

#[test]
fn the_data_page_and_datapackage_name_the_edition_and_keep_earlier_ones_downloadable() {
    let editions = csv_rows(&repo().join("data/edisi.csv"));
    assert!(!editions.is_empty());
    let toml = std::fs::read_to_string(repo().join("ila.toml")).unwrap();
    let current = toml
        .lines()
        .find_map(|l| l.strip_prefix("versi_data = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let out = shipped();
    let doc = html(out, "data-dan-lisensi/index.html");
    let section = doc
        .select(&sel("section[aria-labelledby=ila-edisi]"))
        .next()
        .expect("an editions section");
    let words = text(section);
    assert!(words.contains(&current), "{words}");
    for e in &editions {
        assert!(
            words.contains(&format!("{} baris", e["baris"])) && words.contains(e["versi"].as_str()),
            "{words}"
        );
    }
    // Every archived edition (data/edisi/<versi>/predikat.csv) is linked and published.
    let mut archived = 0;
    for entry in std::fs::read_dir(repo().join("data/edisi")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("predikat.csv").is_file() {
            continue;
        }
        archived += 1;
        let v = dir.file_name().unwrap().to_string_lossy().to_string();
        let link = section
            .select(&sel("a"))
            .filter_map(|a| a.value().attr("href"))
            .find(|h| h.contains(&format!("/edisi/{v}/")))
            .unwrap_or_else(|| panic!("no link to edition {v}"));
        let rel = &link[link.find("data/").unwrap()..];
        assert_eq!(
            std::fs::read(out.join(rel)).unwrap(),
            std::fs::read(dir.join("predikat.csv")).unwrap()
        );
    }
    assert!(archived > 0);
    let pkg: serde_json::Value = serde_json::from_str(&read(out, "data/datapackage.json")).unwrap();
    assert_eq!(pkg["version"], current.as_str());
    assert_eq!(pkg["editions"].as_array().unwrap().len(), editions.len());
    let paths: Vec<&str> = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["path"].as_str())
        .filter(|p| p.contains("edisi/"))
        .collect();
    assert_eq!(paths.len(), archived);
    for p in paths {
        assert!(out.join("data").join(p).is_file(), "{p}");
    }
}

/// Tier rank of a tier code (Pratama = 0 … KLA = 4).
fn rank(t: &str) -> usize {
    ["pratama", "madya", "nindya", "utama", "kla"]
        .iter()
        .position(|x| *x == t)
        .unwrap_or_else(|| panic!("tier {t}"))
}

#[test]
fn movement_counts_say_which_comparison_they_count() {
    let rows = csv_rows(&repo().join("data/predikat.csv"));
    let years: Vec<u16> = data_years().iter().map(|y| y.parse().unwrap()).collect();
    let mut by_district: BTreeMap<String, BTreeMap<u16, usize>> = BTreeMap::new();
    for r in &rows {
        by_district
            .entry(r["kode"].clone())
            .or_default()
            .insert(r["tahun"].parse().unwrap(), rank(&r["predikat"]));
    }
    let out = shipped();
    let published = csv_rows(&out.join("data/predikat.csv"));
    let mut older_seen = 0;
    for w in years.windows(2) {
        let (prev, y) = (w[0], w[1]);
        // (up, down, same) against the previous award year, and against an older record.
        let (mut since, mut older) = ([0usize; 3], [0usize; 3]);
        for hist in by_district.values() {
            let Some(&t) = hist.get(&y) else { continue };
            let Some((&base, &bt)) = hist.range(..y).next_back() else {
                continue;
            };
            let slot = if t > bt {
                0
            } else if t < bt {
                1
            } else {
                2
            };
            if base == prev {
                since[slot] += 1;
            } else {
                older[slot] += 1;
            }
        }
        let doc = html(out, &format!("predikat/{y}/index.html"));
        let summary = text(doc.select(&sel(".gerak-ringkas")).next().unwrap());
        let want = format!(
            "Dibanding penghargaan {prev}: {} naik, {} turun, {} tetap.",
            since[0], since[1], since[2]
        );
        assert!(summary.contains(&want), "{y}: `{summary}` lacks `{want}`");
        if older.iter().sum::<usize>() > 0 {
            older_seen += 1;
            let want = format!("{} naik, {} turun, {} tetap.", older[0], older[1], older[2]);
            let rest = summary.split_once("lebih lama").map(|x| x.1).unwrap_or("");
            assert!(
                rest.contains(&want),
                "{y}: `{summary}` lacks older `{want}`"
            );
        } else {
            assert!(!summary.contains("lebih lama"), "{y}: {summary}");
        }
        // The download carries the base year and which comparison it is.
        for r in published.iter().filter(|r| r["tahun"] == y.to_string()) {
            let hist = &by_district[&r["kode"]];
            match hist.range(..y).next_back() {
                None => assert_eq!(
                    (r["tahun_banding"].as_str(), r["banding"].as_str()),
                    ("", "")
                ),
                Some((&base, _)) => {
                    assert_eq!(r["tahun_banding"], base.to_string());
                    let kind = if base == prev { "sebelumnya" } else { "lama" };
                    assert_eq!(r["banding"], kind, "{} {y}", r["kode"]);
                }
            }
        }
    }
    assert!(
        older_seen > 0,
        "the data has a year compared with older records"
    );
}

#[test]
fn every_year_page_offers_exactly_that_years_table_and_a_citation() {
    let rows = csv_rows(&repo().join("data/predikat.csv"));
    let years = data_years();
    let out = shipped();
    let pkg = read(out, "data/datapackage.json");
    for y in &years {
        let table = csv_rows(&out.join(format!("data/predikat-{y}.csv")));
        let want = rows.iter().filter(|r| &r["tahun"] == y).count();
        assert_eq!(table.len(), want, "{y}");
        assert!(table.iter().all(|r| &r["tahun"] == y), "{y}");
        let json: serde_json::Value =
            serde_json::from_str(&read(out, &format!("data/predikat-{y}.json"))).unwrap();
        assert_eq!(json.as_array().unwrap().len(), want, "{y} json");
        assert!(
            pkg.contains(&format!("\"predikat-{y}.csv\"")),
            "{y} in datapackage"
        );
        let page = html(out, &format!("predikat/{y}/index.html"));
        let links: Vec<&str> = page
            .select(&sel("section[aria-labelledby=ila-unduh-tahun] a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(
            links
                .iter()
                .any(|h| h.ends_with(&format!("/data/predikat-{y}.csv"))),
            "{links:?}"
        );
        assert!(
            page.select(&sel("section[aria-labelledby=ila-kutip]"))
                .next()
                .is_some()
        );
    }
    let latest = years.last().unwrap();
    assert_eq!(
        read(out, "data/terbaru/predikat.csv"),
        read(out, &format!("data/predikat-{latest}.csv"))
    );
    for rel in ["index.html", "provinsi/jawa-timur/index.html"] {
        assert!(
            html(out, rel)
                .select(&sel("section[aria-labelledby=ila-kutip]"))
                .next()
                .is_some(),
            "{rel} has a citation block"
        );
    }
}
