//! Open data: the downloads under /data/ are read back and checked against the pages, so a
//! download never disagrees with what a reader sees.

mod common;

use common::*;
use std::collections::BTreeMap;

fn csv_rows(out: &std::path::Path, rel: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(out.join(rel)).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (head, rows)
}

#[test]
fn downloads_match_the_pages() {
    let out = shipped();
    let (_, districts) = csv_rows(out, "data/wilayah.csv");
    assert_eq!(districts.len(), 514);
    let (_, awards) = csv_rows(out, "data/predikat.csv");
    let mut per_district: BTreeMap<&str, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for a in &awards {
        per_district.entry(a["kode"].as_str()).or_default().push(a);
    }
    for d in &districts {
        let url = d["url"].split(".org/").nth(1).unwrap();
        let page = html(out, &format!("{url}index.html"));
        // Latest tier: the status card names the same tier as the download.
        let status = page
            .select(&sel(".kartu-status .status-besar .predikat"))
            .next()
            .map(|e| e.value().attr("class").unwrap().to_string());
        match d["predikat_terakhir"].as_str() {
            "" => assert!(status.is_none(), "{}", d["kode"]),
            t => assert_eq!(
                status.unwrap(),
                format!("predikat predikat-{t}"),
                "{}",
                d["kode"]
            ),
        }
        // History: one table row per download row, same years and tiers (newest first).
        let rows: Vec<(String, String)> = page
            .select(&sel("table.riwayat tbody tr"))
            .map(|tr| {
                let year = tr.select(&sel("th")).next().map(text).unwrap();
                let tier = tr
                    .select(&sel(".predikat"))
                    .next()
                    .unwrap()
                    .value()
                    .attr("class")
                    .unwrap()
                    .trim_start_matches("predikat predikat-")
                    .to_string();
                (year, tier)
            })
            .collect();
        let mut expected: Vec<(String, String)> = per_district
            .get(d["kode"].as_str())
            .map(|v| {
                v.iter()
                    .map(|a| (a["tahun"].clone(), a["predikat"].clone()))
                    .collect()
            })
            .unwrap_or_default();
        expected.reverse();
        assert_eq!(rows, expected, "{}", d["kode"]);
        assert_eq!(d["jumlah_catatan"], expected.len().to_string());
        // The per-district JSON says the same.
        let json: serde_json::Value =
            serde_json::from_str(&read(out, &format!("data/wilayah/{}.json", d["kode"]))).unwrap();
        assert_eq!(json["kode"], d["kode"].as_str());
        assert_eq!(json["riwayat"].as_array().unwrap().len(), expected.len());
    }
    // National totals: the recorded count per tier and year is what the year page shows.
    let (_, national) = csv_rows(out, "data/nasional.csv");
    for n in &national {
        if n["predikat"] == "total" {
            // A year known only by its total: its recorded count is the year's, over all tiers.
            let all = awards.iter().filter(|a| a["tahun"] == n["tahun"]).count();
            assert_eq!(n["tercatat"], all.to_string(), "{} total", n["tahun"]);
            continue;
        }
        let page = read(out, &format!("predikat/{}/index.html", n["tahun"]));
        let listed = page.matches(&format!("#p-{}\"", n["predikat"])).count();
        assert_eq!(listed, 1, "{} {}", n["tahun"], n["predikat"]);
        let per_tier = awards
            .iter()
            .filter(|a| a["tahun"] == n["tahun"] && a["predikat"] == n["predikat"])
            .count();
        assert_eq!(n["tercatat"], per_tier.to_string());
    }
    // JSON and CSV hold the same rows.
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&read(out, "data/predikat.json")).unwrap();
    assert_eq!(json.len(), awards.len());
    assert_eq!(
        awards.len(),
        data_rows("data/predikat.csv").len(),
        "every award row of data/predikat.csv"
    );
}

#[test]
fn datapackage_describes_every_table() {
    let out = shipped();
    let pkg: serde_json::Value = serde_json::from_str(&read(out, "data/datapackage.json")).unwrap();
    assert_eq!(pkg["licenses"][0]["name"], "ODbL-1.0");
    assert!(
        pkg["attribution"]
            .as_str()
            .unwrap()
            .contains("idn-area-data")
    );
    let resources = pkg["resources"].as_array().unwrap();
    // Six tables and one per award year, each as CSV and JSON, and the earlier editions.
    let mut years: Vec<String> = data_rows("data/predikat.csv")
        .into_iter()
        .map(|r| r["tahun"].clone())
        .collect();
    years.sort();
    years.dedup();
    assert!(
        resources.len() >= 2 * (6 + years.len()),
        "{}",
        resources.len()
    );
    for y in &years {
        assert!(
            resources
                .iter()
                .any(|r| r["path"] == format!("predikat-{y}.csv")),
            "{y}"
        );
    }
    for r in resources {
        let path = format!("data/{}", r["path"].as_str().unwrap());
        assert!(out.join(&path).is_file(), "{path}");
        if let Some(fields) = r["schema"]["fields"].as_array() {
            let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
            let (head, rows) = csv_rows(out, &path);
            assert_eq!(head, names, "{path}: header = schema");
            for key in r["schema"]["primaryKey"].as_array().unwrap() {
                assert!(names.contains(&key.as_str().unwrap()), "{path}: key");
            }
            for row in rows {
                for f in fields {
                    let v = &row[f["name"].as_str().unwrap()];
                    let ok = match f["type"].as_str().unwrap() {
                        "integer" => v.is_empty() || v.parse::<i64>().is_ok(),
                        "boolean" => v == "true" || v == "false",
                        _ => true,
                    };
                    assert!(ok, "{path}: {} = {v}", f["name"]);
                }
            }
        }
    }
    // Codes stay text: `35.10` keeps its trailing zero in CSV and JSON.
    assert!(read(out, "data/wilayah.csv").contains("\n35.10,"));
    assert!(read(out, "data/wilayah.json").contains("\"kode\": \"35.10\""));
}
