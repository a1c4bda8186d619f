//! The English edition under `/en/` and the easy-read section under `/anak/` (issue: easy-read,
//! two languages, accessibility): every page type exists in both languages with `lang`,
//! hreflang and a language switch; numbers and dates follow the locale; an untranslated
//! write-up falls back to Indonesian with a notice; every district has an easy-read page that
//! says what the data says; glossary terms link to the glossary; readability is reported.

mod common;

use common::*;
use std::path::Path;

fn html_pages(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            html_pages(&p, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".html") {
            out.push(format!("{prefix}{name}"));
        }
    }
}

#[test]
fn every_indonesian_page_has_an_english_twin_with_hreflang_and_a_switch() {
    let out = shipped();
    let mut pages = Vec::new();
    html_pages(out, "", &mut pages);
    let id_pages: Vec<&String> = pages
        .iter()
        .filter(|p| {
            !p.starts_with("en/")
                && !p.starts_with("anak/")
                && !p.starts_with("embed/")
                && *p != "404.html"
        })
        .collect();
    assert!(id_pages.len() > 500, "{}", id_pages.len());
    for p in &id_pages {
        let en = format!("en/{p}");
        assert!(out.join(&en).is_file(), "{en} is missing");
    }
    for p in [
        "index.html",
        "wilayah/kabupaten-banjar/index.html",
        "predikat/2023/gerak/index.html",
        "tentang/index.html",
    ] {
        let url = p.strip_suffix("index.html").unwrap();
        for (lang, file, other, other_url) in [
            ("id", p.to_string(), "en", format!("/en/{url}")),
            ("en", format!("en/{p}"), "id", format!("/{url}")),
        ] {
            let h = html(out, &file);
            let root = h.select(&sel("html")).next().unwrap();
            assert_eq!(root.value().attr("lang"), Some(lang), "{file}");
            let alts: Vec<(String, String)> = h
                .select(&sel("link[rel=alternate][hreflang]"))
                .map(|l| {
                    (
                        l.value().attr("hreflang").unwrap().to_string(),
                        l.value().attr("href").unwrap().to_string(),
                    )
                })
                .collect();
            assert_eq!(
                alts,
                [
                    ("id".into(), format!("https://ila.example.org/{url}")),
                    ("en".into(), format!("https://ila.example.org/en/{url}")),
                    ("x-default".into(), format!("https://ila.example.org/{url}")),
                ],
                "{file}"
            );
            let switch = h
                .select(&sel("nav.bahasa a"))
                .next()
                .unwrap_or_else(|| panic!("{file}: no language switch"));
            assert_eq!(
                switch.value().attr("href"),
                Some(other_url.as_str()),
                "{file}"
            );
            assert_eq!(switch.value().attr("hreflang"), Some(other), "{file}");
        }
    }
    // One stylesheet and one set of downloads, at the root, for both editions.
    let en_home = read(out, "en/index.html");
    assert!(en_home.contains("href=\"/css/ila.css\""));
    assert!(!out.join("en/css").exists() && !out.join("en/data").exists());
    assert!(read(out, "robots.txt").contains("Sitemap: https://ila.example.org/en/sitemap.xml"));
    assert!(
        read(out, "en/sitemap.xml")
            .contains("<loc>https://ila.example.org/en/wilayah/kabupaten-banjar/</loc>")
    );
}

#[test]
fn english_pages_speak_english_with_english_numbers_and_dates() {
    let out = shipped();
    let home = text(html(out, "en/index.html").root_element());
    assert!(home.contains("901–1,000"), "English digit grouping");
    let id_home = text(html(out, "index.html").root_element());
    assert!(id_home.contains("901–1.000"), "Indonesian digit grouping");
    let year = read(out, "en/predikat/2023/index.html");
    let id_year = read(out, "predikat/2023/index.html");
    assert!(year.contains("22 July 2023"), "English date");
    assert!(id_year.contains("22 Juli 2023"), "Indonesian date");
    let district = html(out, "en/wilayah/kabupaten-banjar/index.html");
    let title = text(district.select(&sel("title")).next().unwrap());
    assert_eq!(title, "Kabupaten Banjar · Child-Friendly Information");
    let body = text(district.select(&sel("main")).next().unwrap());
    assert!(body.contains("Tier history"), "{body}");
    assert!(!body.contains("Riwayat predikat"), "{body}");
    // Data-given names follow the edition: indicator names and the licence attribution.
    let kia = text(html(out, "en/program/kia-akta-kelahiran/index.html").root_element());
    let indicators = std::fs::read_to_string(repo().join("data/indikator.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(indicators.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rdr
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("nomor")] == "4")
        .unwrap();
    assert!(kia.contains(&row[col("nama_en")]), "English indicator name");
    assert!(
        !kia.contains(&row[col("nama_id")]),
        "no Indonesian indicator name"
    );
    assert!(home.contains("available under the Open Database License"));
    assert!(id_home.contains("tersedia di bawah Open Database License"));
    // Every download is described in English too, one row per open-data table.
    let data = html(out, "en/data-dan-lisensi/index.html");
    let rows: Vec<String> = data
        .select(&sel("#ila-unduh ~ div tbody td:nth-child(2)"))
        .map(text)
        .collect();
    assert!(
        rows.contains(&"The 24 KLA indicators".to_string()),
        "{rows:?}"
    );
    assert_eq!(rows.len(), ila::render::opendata::TABLES.len());
    // Every translated write-up shows its English title and no fallback notice.
    let brus = html(out, "en/program/brus/index.html");
    assert!(text(brus.select(&sel("h1")).next().unwrap()).starts_with("BRUS"));
    assert!(brus.select(&sel(".catatan-terjemahan")).next().is_none());
}

#[test]
fn an_untranslated_write_up_falls_back_to_indonesian_with_a_notice() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    std::fs::remove_file(site.join("content/halaman/tentang.en.md")).unwrap();
    let out = t.path().join("out");
    let o = build(&site, &out);
    assert!(o.output.is_some(), "{:#?}", messages(&o));
    let h = html(&out, "en/tentang/index.html");
    assert_eq!(
        h.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("en")
    );
    let notice = h
        .select(&sel("p.catatan-terjemahan"))
        .next()
        .expect("notice");
    assert!(text(notice).contains("not translated"), "{}", text(notice));
    let body = h.select(&sel("div.isi")).next().unwrap();
    assert_eq!(
        body.value().attr("lang"),
        Some("id"),
        "the Indonesian text is marked as such"
    );
    let original = std::fs::read_to_string(site.join("content/halaman/tentang.md")).unwrap();
    let title = original.lines().find(|l| l.starts_with("judul")).unwrap();
    let title = title.split('"').nth(1).unwrap();
    assert_eq!(text(h.select(&sel("h1")).next().unwrap()), title);
}

#[test]
fn every_district_has_an_easy_read_page_that_matches_the_data() {
    let out = shipped();
    let slugs = district_slugs(out);
    assert_eq!(slugs.len(), 514);
    for s in &slugs {
        assert!(
            out.join(format!("anak/wilayah/{s}/index.html")).is_file(),
            "{s}"
        );
        // The full page links to it.
        let full = read(out, &format!("wilayah/{s}/index.html"));
        assert!(
            full.contains(&format!("href=\"/anak/wilayah/{s}/\"")),
            "{s}"
        );
    }
    // Banyuwangi: the latest recorded tier, in words and as a staircase pictogram.
    let csv = std::fs::read_to_string(repo().join("data/predikat.csv")).unwrap();
    let mut rows: Vec<(u16, String)> = csv
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("35.10,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].parse().unwrap(), f[2].to_string())
        })
        .collect();
    rows.sort();
    let (year, code) = rows.last().unwrap().clone();
    let cfg: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("ila.toml")).unwrap()).unwrap();
    let tiers = cfg["predikat"].as_array().unwrap();
    let rank = tiers
        .iter()
        .position(|t| t["kode"].as_str() == Some(code.as_str()))
        .unwrap()
        + 1;
    let name = tiers[rank - 1]["nama"].as_str().unwrap();
    let h = html(out, "anak/wilayah/kabupaten-banyuwangi/index.html");
    let main = text(h.select(&sel("main")).next().unwrap());
    assert!(
        main.contains(&format!("Kabupaten Banyuwangi mendapat predikat {name}.")),
        "{main}"
    );
    assert!(
        main.contains(&format!("Ini tingkat {rank} dari {}.", tiers.len())),
        "{main}"
    );
    assert!(
        main.contains(&format!("Predikat ini dari tahun {year}.")),
        "{main}"
    );
    assert!(main.contains("SAPA 129"), "{main}");
    assert!(main.contains("Forum Anak"), "{main}");
    let filled = h.select(&sel("svg.tangga rect.penuh")).count();
    assert_eq!(filled, rank, "pictogram steps");
    assert_eq!(
        h.select(&sel("svg.tangga"))
            .next()
            .unwrap()
            .value()
            .attr("aria-hidden"),
        Some("true")
    );
    // A district without records says so, without guessing.
    let none = html(out, "anak/wilayah/kabupaten-kaur/index.html");
    let t = text(none.select(&sel("main")).next().unwrap());
    assert!(
        t.contains("Kami belum punya catatan predikat untuk Kabupaten Kaur."),
        "{t}"
    );
    assert_eq!(none.select(&sel("svg.tangga rect.penuh")).count(), 0);
    // The index lists every explainer and every district.
    let idx = html(out, "anak/index.html");
    let links = idx.select(&sel("main a[href^=\"/anak/wilayah/\"]")).count();
    assert_eq!(links, 514);
    for k in ["apa-itu-kla", "kelembagaan", "klaster-1", "klaster-5"] {
        assert!(
            idx.select(&sel(&format!("a[href=\"/anak/{k}/\"]")))
                .next()
                .is_some(),
            "{k}"
        );
    }
    assert!(
        !out.join("en/anak").exists(),
        "easy-read pages are Indonesian only"
    );
}

#[test]
fn glossary_terms_link_to_their_explanation_once_per_page() {
    let out = shipped();
    let glossary = html(out, "glosarium/index.html");
    let ids: Vec<String> = glossary
        .select(&sel("main h2[id]"))
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert!(ids.contains(&"gugus-tugas-kla".to_string()), "{ids:?}");
    let mut linked = 0;
    let mut pages = Vec::new();
    html_pages(out, "", &mut pages);
    for p in pages.iter().filter(|p| {
        p.starts_with("program/") || p.starts_with("berita/") || p.starts_with("en/program/")
    }) {
        let h = html(out, p);
        let mut seen = std::collections::BTreeSet::new();
        for a in h.select(&sel(".isi a[href*=\"glosarium/#\"]")) {
            let href = a.value().attr("href").unwrap();
            let anchor = href.split('#').nth(1).unwrap();
            let gloss = if p.starts_with("en/") {
                "en/glosarium/index.html"
            } else {
                "glosarium/index.html"
            };
            let g = html(out, gloss);
            assert!(
                g.select(&sel(&format!("[id=\"{anchor}\"]")))
                    .next()
                    .is_some(),
                "{p}: {href}"
            );
            assert!(seen.insert(href.to_string()), "{p}: {href} linked twice");
            linked += 1;
        }
    }
    assert!(linked > 20, "glossary links found: {linked}");
    // A district page explains its tier through the glossary.
    for (page, gloss) in [
        (
            "wilayah/kabupaten-banyuwangi/index.html",
            "glosarium/index.html",
        ),
        (
            "en/wilayah/kabupaten-banyuwangi/index.html",
            "en/glosarium/index.html",
        ),
    ] {
        let h = html(out, page);
        let a = h
            .select(&sel(".kartu-status a[href*=\"glosarium/#\"]"))
            .next()
            .unwrap_or_else(|| panic!("{page}: no link to the tier's glossary entry"));
        let anchor = a.value().attr("href").unwrap().split('#').nth(1).unwrap();
        let g = html(out, gloss);
        assert!(
            g.select(&sel(&format!("[id=\"{anchor}\"]")))
                .next()
                .is_some(),
            "{page}: #{anchor}"
        );
    }
    // The glossary does not link to itself.
    assert!(
        glossary
            .select(&sel(".isi a[href^=\"/glosarium/#\"]"))
            .next()
            .is_none()
    );
}

#[test]
fn the_build_reports_readability_of_the_easy_read_pages() {
    let t = tempfile::tempdir().unwrap();
    let o = build(&repo(), &t.path().join("out"));
    let r = o.readability.expect("figures");
    // One page per district, the index, and one per explainer.
    let explainers = std::fs::read_dir(repo().join("content/anak"))
        .unwrap()
        .count();
    assert_eq!(r.pages, 514 + 1 + explainers);
    let cfg: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("ila.toml")).unwrap()).unwrap();
    let lim = &cfg["mudah_dibaca"];
    let w = r.total.words_per_sentence();
    let s = r.total.syllables_per_word();
    assert!(
        w > 2.0 && w <= lim["kata_per_kalimat_maks"].as_float().unwrap_or(10.0),
        "{w}"
    );
    assert!(
        s > 1.5 && s <= lim["suku_kata_per_kata_maks"].as_float().unwrap(),
        "{s}"
    );
    assert!(r.hardest.0.starts_with("anak/"), "{}", r.hardest.0);
}
