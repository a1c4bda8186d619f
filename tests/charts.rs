//! Charts: every district with a recorded award shows an accessible tier-history chart, with
//! standalone SVG and CSV files of the same data, deterministic and within the size budget.

mod common;

use common::*;

#[test]
fn district_history_charts_are_accessible_small_and_downloadable() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    let o = build(&repo(), &out);
    assert!(o.output.is_some());
    let count = |dir: &str| {
        std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "svg")
            })
            .count()
    };
    let (district_svgs, province_svgs) = (count("grafik/wilayah"), count("grafik/provinsi"));
    let recorded = history_districts();
    assert_eq!(
        district_svgs, recorded,
        "one chart per district with two or more recorded years"
    );
    // Provinces with at least one recorded district get a grid; Papua provinces have none.
    assert!(province_svgs > 20 && province_svgs < 38, "{province_svgs}");
    assert!(!out.join("grafik/provinsi/papua-pegunungan.svg").exists());
    // Maps are counted as charts too (grafik/peta/, with its provinsi/ folder).
    let maps = |dir: &str| {
        snapshot(&out.join(dir))
            .keys()
            .filter(|k| k.ends_with(".svg"))
            .count()
    };
    assert_eq!(
        o.charts,
        2 * (recorded + province_svgs + 2) + maps("grafik/peta") + maps("en/grafik/peta"),
        "district, province, national and province-ranking charts and maps, in both languages"
    );
    assert_eq!(count("en/grafik/wilayah"), recorded, "English charts");
    let mut checked = 0;
    for slug in district_slugs(&out) {
        let doc = html(&out, &format!("wilayah/{slug}/index.html"));
        let years = doc.select(&sel("table.riwayat tbody tr")).count();
        let svg = doc.select(&sel("figure.grafik-wadah svg[role=img]")).next();
        assert_eq!(
            svg.is_some(),
            years >= 2,
            "{slug}: chart iff two or more recorded years"
        );
        let Some(svg) = svg else { continue };
        assert!(
            svg.value().attr("width").is_none(),
            "{slug}: responsive (no fixed width)"
        );
        let title = svg
            .select(&sel("title"))
            .next()
            .map(text)
            .unwrap_or_default();
        let desc = svg
            .select(&sel("desc"))
            .next()
            .map(text)
            .unwrap_or_default();
        assert!(
            !title.is_empty() && desc.starts_with("Predikat tercatat per tahun penghargaan"),
            "{slug}: {title} / {desc}"
        );
        let labelled = svg.value().attr("aria-labelledby").unwrap();
        for id in labelled.split(' ') {
            assert!(
                doc.select(&sel(&format!("[id=\"{id}\"]"))).next().is_some(),
                "{slug}: {id}"
            );
        }
        let file = std::fs::read_to_string(out.join(format!("grafik/wilayah/{slug}.svg"))).unwrap();
        assert!(
            file.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{slug}"
        );
        assert!(
            file.len() <= 12 * 1024,
            "{slug}: {} bytes > 12 KB",
            file.len()
        );
        let csv = std::fs::read_to_string(out.join(format!("grafik/wilayah/{slug}.csv"))).unwrap();
        assert_eq!(
            csv.lines().count() - 1,
            doc.select(&sel("table.riwayat tbody tr")).count(),
            "{slug}: csv rows = table rows"
        );
        checked += 1;
    }
    assert_eq!(checked, recorded);
}

#[test]
fn chart_titles_state_the_movement() {
    let out = shipped();
    // Deli Serdang: madya 2019, 2022, 2023, then nindya 2025.
    let doc = html(out, "wilayah/kabupaten-deli-serdang/index.html");
    let title = doc
        .select(&sel("svg[role=img] title"))
        .next()
        .map(text)
        .unwrap();
    assert_eq!(title, "Deli Serdang naik dari Madya ke Nindya pada 2025");
    // Banjar: its estimated 2023 score is placed and said to be an estimate; the years
    // without a record are named.
    let doc = html(out, "wilayah/kabupaten-banjar/index.html");
    let desc = doc
        .select(&sel("svg[role=img] desc"))
        .next()
        .map(text)
        .unwrap();
    let rows = data_rows("data/predikat.csv");
    let mut years: Vec<String> = rows.iter().map(|r| r["tahun"].clone()).collect();
    years.sort();
    years.dedup();
    let banjar: Vec<&String> = rows
        .iter()
        .filter(|r| r["kode"] == "63.03")
        .map(|r| &r["tahun"])
        .collect();
    let missing: Vec<&str> = years
        .iter()
        .filter(|y| !banjar.contains(y))
        .map(String::as_str)
        .collect();
    assert!(
        desc.contains("2023 Madya (nilai perkiraan 685, bukan angka dari sumber)")
            && desc.contains(&format!("Tidak ada catatan untuk {}", missing.join(", "))),
        "{desc}"
    );
}

#[test]
fn national_and_province_charts_show_coverage() {
    let out = shipped();
    let doc = html(out, "predikat/index.html");
    let title = doc
        .select(&sel("svg[role=img] title"))
        .next()
        .map(text)
        .unwrap();
    let rows = data_rows("data/predikat.csv");
    let mut years: Vec<String> = rows.iter().map(|r| r["tahun"].clone()).collect();
    years.sort();
    years.dedup();
    let with_total: Vec<&String> = years
        .iter()
        .filter(|y| national_total(y).is_some())
        .collect();
    let (first, last) = (with_total[0], *with_total.last().unwrap());
    let recorded_last = rows.iter().filter(|r| &r["tahun"] == last).count();
    assert_eq!(
        title,
        format!(
            "Penerima predikat KLA: {} pada {first} dan {} pada {last}; data ini mencatat {recorded_last} dari {} untuk {last}",
            national_total(first).unwrap(),
            national_total(last).unwrap(),
            national_total(last).unwrap()
        )
    );
    // The chart data: national and recorded count of each year and tier.
    let csv = read(out, "grafik/nasional.csv");
    for n in data_rows("data/nasional.csv")
        .iter()
        .filter(|r| r["predikat"] != "total")
    {
        let rec = rows
            .iter()
            .filter(|r| r["tahun"] == n["tahun"] && r["predikat"] == n["predikat"])
            .count();
        let line = format!("{},{},{},{rec}", n["tahun"], n["predikat"], n["jumlah"]);
        assert!(csv.contains(&line), "{line} in {csv}");
    }
    let doc = html(out, "provinsi/jawa-timur/index.html");
    let desc = doc
        .select(&sel("svg[role=img] desc"))
        .next()
        .map(text)
        .unwrap();
    assert!(
        desc.contains("Pasuruan: 2022 Madya")
            && desc.contains("Kota Pasuruan: 2022 Madya, 2023 Nindya"),
        "{desc}"
    );
    for (path, bytes) in snapshot(&out.join("grafik")) {
        // A province grid grows with its districts × award years (Jawa Tengah: 35 × 7 cells);
        // maps have their own budget (tests/maps.rs).
        let limit = if path.starts_with("provinsi/") {
            64
        } else {
            40
        };
        if path.ends_with(".svg") && !path.starts_with("peta/") {
            assert!(
                bytes.len() <= limit * 1024,
                "{path}: {} bytes > {limit} KB",
                bytes.len()
            );
        }
    }
}

#[test]
fn province_ranking_and_sparklines_are_shown_with_their_data() {
    let out = shipped();
    let doc = html(out, "predikat/index.html");
    let ranking = doc
        .select(&sel("#ila-peringkat ~ figure svg[role=img], section[aria-labelledby=ila-peringkat] svg[role=img]"))
        .next()
        .expect("ranking chart on the tiers page");
    let title = ranking.select(&sel("title")).next().map(text).unwrap();
    assert!(
        title.contains("memimpin") && title.contains("2025"),
        "{title}"
    );
    // The same data as a table: one row per province, shares descending.
    let rows: Vec<Vec<String>> = doc
        .select(&sel(
            "section[aria-labelledby=ila-peringkat] details table tbody tr",
        ))
        .map(|r| r.select(&sel("td")).map(text).collect())
        .collect();
    assert_eq!(rows.len(), 38);
    let share = |r: &Vec<String>| r[2].parse::<f64>().unwrap() / r[3].parse::<f64>().unwrap();
    assert!(
        rows.windows(2).all(|w| share(&w[0]) >= share(&w[1])),
        "sorted by share"
    );
    assert!(title.contains(&rows[0][1]), "the title names the leader");
    let csv = read(out, "grafik/peringkat-provinsi.csv");
    assert_eq!(csv.lines().count(), 39);

    // Sparklines: one per district with a record in the index, none for the others.
    let parts = list_parts(out, "wilayah/index.html");
    let with: usize = parts
        .iter()
        .map(|doc| doc.select(&sel("tbody tr svg.spark")).count())
        .sum();
    assert_eq!(with, recorded_districts());
    let tr_sel = sel("tbody tr");
    for tr in parts.iter().flat_map(|doc| doc.select(&tr_sel)) {
        let empty = tr.select(&sel("td.kosong")).next().is_some();
        let spark = tr.select(&sel("svg.spark")).next();
        assert_eq!(empty, spark.is_none(), "{}", text(tr));
        if let Some(s) = spark {
            assert_eq!(s.value().attr("aria-hidden"), Some("true"));
        }
    }
}
