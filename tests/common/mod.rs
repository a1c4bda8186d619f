//! Helpers shared by the integration tests: copy the shipped site, build it, read the output.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the shipped site sources (config, data, content, themes) into a fresh directory.
pub fn copy_site(dest: &Path) {
    let r = repo();
    std::fs::create_dir_all(dest).unwrap();
    std::fs::copy(r.join("ila.toml"), dest.join("ila.toml")).unwrap();
    for d in ["data", "content", "themes"] {
        copy_dir(&r.join(d), &dest.join(d));
    }
}

pub fn copy_dir(src: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&p, &dest.join(e.file_name()));
        } else {
            std::fs::copy(&p, dest.join(e.file_name())).unwrap();
        }
    }
}

/// Build the site at `root` into `out`, with a fixed year so results do not depend on the clock.
pub fn build(root: &Path, out: &Path) -> ila::Outcome {
    let mut o = ila::Options::new(root);
    o.output = Some(out.to_path_buf());
    o.this_year = Some(2026);
    ila::build(&o)
}

/// Every file under `dir`, relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                m.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    m
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn html(out: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(out, rel))
}

pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

pub fn text(el: scraper::ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every diagnostic of a run as its one-line form, sorted by location.
pub fn messages(o: &ila::Outcome) -> Vec<String> {
    o.diagnostics
        .sorted()
        .iter()
        .map(|d| d.to_string())
        .collect()
}

/// The shipped site, built once per test binary; its `public/` folder.
pub fn shipped() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let t = tempfile::tempdir().unwrap();
        let o = build(&repo(), &t.path().join("public"));
        let errs = messages(&o);
        assert!(
            o.output.is_some() && o.diagnostics.errors() == 0,
            "shipped site must build: {errs:#?}"
        );
        t
    })
    .path()
    .join("public")
    .leak()
}

/// The slug of every district page under `out/wilayah/`, sorted.
pub fn district_slugs(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out.join("wilayah"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        // `wilayah/halaman/2/` is the second part of the district list, not a district.
        .filter(|n| n != "halaman")
        .collect();
    v.sort();
    v
}

/// Every part of a list page split by `[batas] baris_per_halaman`: `first` (e.g.
/// `wilayah/index.html`), then `…/halaman/2/index.html` and on, while they exist.
pub fn list_parts(out: &Path, first: &str) -> Vec<scraper::Html> {
    let dir = first.strip_suffix("index.html").unwrap_or(first);
    let mut v = vec![html(out, first)];
    for k in 2.. {
        let rel = format!("{dir}halaman/{k}/index.html");
        if !out.join(&rel).exists() {
            break;
        }
        v.push(html(out, &rel));
    }
    v
}

/// The rows of a CSV file of the repository (e.g. `data/predikat.csv`) as column → value.
pub fn data_rows(rel: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(repo().join(rel)).unwrap();
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

/// Districts with at least one row in `data/predikat.csv`.
pub fn recorded_districts() -> usize {
    let mut codes: Vec<String> = data_rows("data/predikat.csv")
        .into_iter()
        .map(|r| r["kode"].clone())
        .collect();
    codes.sort();
    codes.dedup();
    codes.len()
}

/// National recipients of award year `y` from `data/nasional.csv`: the `total` row, else the
/// sum of the tiers; `None` when the year has no row.
pub fn national_total(y: &str) -> Option<u32> {
    let rows: Vec<_> = data_rows("data/nasional.csv")
        .into_iter()
        .filter(|r| r["tahun"] == y)
        .collect();
    if rows.is_empty() {
        return None;
    }
    match rows.iter().find(|r| r["predikat"] == "total") {
        Some(t) => t["jumlah"].parse().ok(),
        None => Some(
            rows.iter()
                .map(|r| r["jumlah"].parse::<u32>().unwrap())
                .sum(),
        ),
    }
}

/// Districts with two or more rows in `data/predikat.csv`: the ones with a history chart (a
/// single recorded year is said in a sentence instead).
pub fn history_districts() -> usize {
    let mut n: BTreeMap<String, usize> = BTreeMap::new();
    for r in data_rows("data/predikat.csv") {
        *n.entry(r["kode"].clone()).or_default() += 1;
    }
    n.values().filter(|&&k| k >= 2).count()
}
