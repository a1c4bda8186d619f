//! `ila demo --hugo DIR`: exports a site tree (normally a synthetic one) as a plain Hugo site
//! with one Markdown page for every HTML page ila builds from the same model (districts,
//! provinces, award-year views, programmes, news, background pages, villages and village
//! lists) and the same tables in Markdown, for a like-for-like build comparison. Charts, their
//! embed pages and the open-data files have no Hugo counterpart and are left out.

use crate::model::{Movement, Site};
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title><meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body>
<p class="data-contoh" role="note">DATA CONTOH: halaman ini dibuat dari data sintetis untuk pengujian, bukan data nyata.</p>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/wilayah/" | relURL }}">Kabupaten/Kota</a> <a href="{{ "/provinsi/" | relURL }}">Provinsi</a> <a href="{{ "/predikat/" | relURL }}">Predikat</a> <a href="{{ "/program/" | relURL }}">Program</a> <a href="{{ "/berita/" | relURL }}">Berita</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Situs independen, bukan kanal resmi Kementerian PPPA.</p></footer>
</body></html>
"#;
const SINGLE: &str = "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n";

/// Export the site at `root` into a new Hugo site folder `out`; returns the page count.
pub fn export(root: &Path, out: &Path) -> Result<usize> {
    let opts = crate::Options::new(root);
    let mut d = crate::diag::Diagnostics::new();
    let loaded = crate::load(&opts, &mut d);
    if d.is_fatal(false) || loaded.is_none() {
        let first: Vec<String> = d.sorted().iter().take(5).map(|e| e.render(false)).collect();
        bail!("cannot load {}:\n{}", root.display(), first.join("\n"));
    }
    let Some(loaded) = loaded else {
        bail!("cannot load {}", root.display());
    };
    if out.exists() {
        if !out.join(super::MARKER).is_file() {
            bail!(
                "{} exists and was not written by `ila demo --hugo`",
                out.display()
            );
        }
        std::fs::remove_dir_all(out)?;
    }
    let pages = markdown_pages(&loaded.root().site);
    let n = pages.len();
    let mut files: BTreeMap<String, String> = pages;
    files.insert(super::MARKER.into(), "ila demo --hugo\n".into());
    files.insert(
        "hugo.toml".into(),
        format!(
            "baseURL = \"https://contoh.invalid/\"\ntitle = {:?}\nlanguageCode = \"id\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
            loaded.root().site.cfg.situs.judul
        ),
    );
    files.insert("layouts/_default/baseof.html".into(), BASEOF.into());
    files.insert("layouts/_default/single.html".into(), SINGLE.into());
    files.insert("layouts/_default/list.html".into(), SINGLE.into());
    for (rel, text) in &files {
        let p = out.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    Ok(n)
}

fn front(title: &str, desc: &str) -> String {
    format!(
        "+++\ntitle = {:?}\ndescription = {:?}\n+++\n\n",
        title, desc
    )
}

/// Replace `(@/path)` link targets by their resolved addresses.
fn resolve_links(site: &Site, body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        out.push_str(&site.resolve(&after[..end]).unwrap_or_else(|| "/".into()));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn movement(m: Movement) -> &'static str {
    match m {
        Movement::Baru => "pertama tercatat",
        Movement::Naik => "naik",
        Movement::Turun => "turun",
        Movement::Tetap => "tetap",
    }
}

/// One Markdown page per HTML page, keyed by path below the Hugo site.
fn markdown_pages(site: &Site) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let tiers = &site.cfg.predikat;
    let groups = &site.cfg.kelompok;
    // Home and section lists.
    let mut home = front(&site.cfg.situs.judul, &site.cfg.situs.deskripsi);
    if let Some(y) = site.latest_year() {
        let rec = site.recorded_per_tier(y);
        let _ = writeln!(home, "Predikat {y}:\n\n| Predikat | Jumlah |\n|---|---:|");
        for (t, c) in tiers.iter().zip(rec).rev() {
            let _ = writeln!(home, "| {} | {c} |", t.nama);
        }
    }
    m.insert("content/_index.md".into(), home);
    let mut list = front("Semua kabupaten/kota", "");
    for p in &site.provinces {
        let _ = writeln!(list, "\n## {}\n", p.nama);
        for &i in &p.districts {
            let x = &site.districts[i];
            let last = x.latest().map_or("–".to_string(), |a| {
                format!("{} {}", tiers[a.tier].nama, a.tahun)
            });
            let _ = writeln!(list, "- [{}]({}) {last}", x.nama, x.url);
        }
    }
    m.insert("content/wilayah/_index.md".into(), list);
    let mut plist = front("Provinsi", "");
    for p in &site.provinces {
        let _ = writeln!(
            plist,
            "- [{}]({}) ({} kabupaten/kota)",
            p.nama,
            p.url,
            p.districts.len()
        );
    }
    m.insert("content/provinsi/_index.md".into(), plist);
    // Districts.
    for (i, x) in site.districts.iter().enumerate() {
        let p = &site.provinces[x.province];
        let mut t = front(&x.nama, &format!("{} ({})", x.nama, p.nama));
        let _ = writeln!(
            t,
            "Provinsi [{}]({}) · Kode Kemendagri `{}`\n\n## Riwayat predikat\n\n| Tahun | Predikat | Perubahan | Nilai | Sumber |\n|---|---|---|---:|---|",
            p.nama, p.url, x.kode
        );
        for (a, mv) in x.awards.iter().zip(&x.movements).rev() {
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} | {} |",
                a.tahun,
                tiers[a.tier].nama,
                movement(*mv),
                a.nilai.map_or("–".into(), |n| n.to_string()),
                a.sumber.teks
            );
        }
        if let Some(last) = x.group_scores.last().map(|g| g.tahun) {
            let _ = writeln!(
                t,
                "\n## Nilai per klaster {last}\n\n| Kelompok | Nilai | Maks |\n|---|---:|---:|"
            );
            for g in x.group_scores.iter().filter(|g| g.tahun == last) {
                let name = groups
                    .iter()
                    .find(|k| k.kode == g.kelompok)
                    .map_or(&g.kelompok, |k| &k.nama);
                let _ = writeln!(t, "| {name} | {} | {} |", g.nilai, g.maks);
            }
        }
        let _ = writeln!(t, "\n## Program\n");
        for &j in &x.programmes {
            let _ = writeln!(t, "- [{}]({})", site.docs[j].doc.fm.judul, site.docs[j].url);
        }
        if let Some(j) = x.narrative {
            let _ = writeln!(
                t,
                "\n## Narasi\n\n{}",
                resolve_links(site, site.docs[j].doc.body())
            );
        }
        if !x.villages.is_empty() {
            let _ = writeln!(
                t,
                "\n[Daftar desa/kelurahan]({}desa/) ({})",
                x.url,
                x.villages.len()
            );
        }
        let _ = writeln!(t, "\n## Kabupaten/kota lain di provinsi ini\n");
        for j in p.neighbours(i, crate::render::NEIGHBOURS) {
            let o = &site.districts[j];
            let _ = writeln!(t, "- [{}]({})", o.nama, o.url);
        }
        if p.districts.len() > crate::render::NEIGHBOURS + 1 {
            let _ = writeln!(
                t,
                "\n[Semua {} kabupaten/kota lain di {}]({})",
                p.districts.len() - 1,
                p.nama,
                p.url
            );
        }
        m.insert(format!("content/wilayah/{}.md", x.slug), t);
        if !x.villages.is_empty() {
            let mut l = front(&format!("Desa/kelurahan di {}", x.nama), "");
            let _ = writeln!(
                l,
                "| Desa/kelurahan | Kode | Status terakhir |\n|---|---|---|"
            );
            for &j in &x.villages {
                let v = &site.villages[j];
                let s = v
                    .latest()
                    .map_or("–".into(), |s| format!("{} ({})", s.status, s.tahun));
                let _ = writeln!(l, "| [{}]({}) | {} | {s} |", v.nama, v.url, v.kode);
            }
            m.insert(format!("content/desa-daftar/{}.md", x.slug), l);
        }
    }
    // Provinces: district × year grid.
    for p in &site.provinces {
        let mut t = front(&format!("Provinsi {}", p.nama), "");
        let _ = write!(t, "| Kabupaten/kota |");
        for y in &site.years {
            let _ = write!(t, " {y} |");
        }
        let _ = write!(t, "\n|---|");
        for _ in &site.years {
            let _ = write!(t, "---|");
        }
        t.push('\n');
        for &i in &p.districts {
            let x = &site.districts[i];
            let _ = write!(t, "| [{}]({}) |", x.nama, x.url);
            for &y in &site.years {
                let c = x
                    .award_in(y)
                    .map_or("·", |(a, _)| tiers[a.tier].nama.as_str());
                let _ = write!(t, " {c} |");
            }
            t.push('\n');
        }
        m.insert(format!("content/provinsi/{}.md", p.slug), t);
    }
    // Award years: three views each.
    let mut years = front("Predikat per tahun", "");
    for &y in site.years.iter().rev() {
        let _ = writeln!(years, "- [{y}](/predikat/{y}/)");
        let rows: Vec<(usize, &crate::model::District, usize, Movement)> = site
            .districts
            .iter()
            .enumerate()
            .filter_map(|(i, x)| x.award_in(y).map(|(a, mv)| (i, x, a.tier, mv)))
            .collect();
        for (view, title) in [
            ("", "menurut predikat"),
            ("-provinsi", "menurut provinsi"),
            ("-gerak", "menurut perubahan"),
        ] {
            let mut sorted = rows.clone();
            match view {
                "" => sorted.sort_by_key(|r| (std::cmp::Reverse(r.2), r.0)),
                "-provinsi" => sorted.sort_by_key(|r| (r.1.province, std::cmp::Reverse(r.2), r.0)),
                _ => sorted.sort_by_key(|r| (movement(r.3), std::cmp::Reverse(r.2), r.0)),
            }
            let mut t = front(&format!("Predikat KLA {y} ({title})"), "");
            let _ = writeln!(
                t,
                "| Kabupaten/kota | Provinsi | Predikat | Perubahan |\n|---|---|---|---|"
            );
            for (_, x, tier, mv) in &sorted {
                let p = &site.provinces[x.province];
                let _ = writeln!(
                    t,
                    "| [{}]({}) | {} | {} | {} |",
                    x.nama,
                    x.url,
                    p.nama,
                    tiers[*tier].nama,
                    movement(*mv)
                );
            }
            m.insert(format!("content/predikat/{y}{view}.md"), t);
        }
    }
    m.insert("content/predikat/_index.md".into(), years);
    // Write-ups and background pages.
    for p in &site.docs {
        let (dir, fm) = (p.doc.section.dir(), &p.doc.fm);
        if dir == "wilayah" {
            continue;
        }
        let body = resolve_links(site, p.doc.body());
        let path = match dir {
            "halaman" => format!("content/{}.md", p.slug),
            _ => format!("content/{dir}/{}.md", p.slug),
        };
        m.insert(path, format!("{}{body}", front(&fm.judul, &fm.ringkasan)));
    }
    // Villages.
    for v in &site.villages {
        let x = &site.districts[v.district];
        let mut t = front(&v.nama, &format!("{} ({})", v.nama, x.nama));
        let _ = writeln!(
            t,
            "Di [{}]({}) · Kode `{}`\n\n| Tahun | Status | Sumber |\n|---|---|---|",
            x.nama, x.url, v.kode
        );
        for s in v.statuses.iter().rev() {
            let _ = writeln!(t, "| {} | {} | {} |", s.tahun, s.status, s.sumber.teks);
        }
        // Dots in a file name could read as a language suffix to Hugo.
        m.insert(format!("content/desa/{}.md", v.kode.replace('.', "-")), t);
    }
    m
}
