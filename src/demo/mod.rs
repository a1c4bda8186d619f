//! `ila demo`: writes a complete synthetic site tree (ila.toml with `data_contoh = true`,
//! data/, content/ and a copy of the theme) to a folder of the user's choice, for tests and
//! benchmarks at any scale. Every name is obviously fictional, every source says it is
//! synthetic, and every page built from the tree carries the "DATA CONTOH" banner. The same
//! arguments always write a byte-identical tree (seeded PRNG, fixed years, sorted output).
//! It never writes into a site's own `data/`.

pub mod content;
pub mod hugo;
pub mod names;
pub mod scores;

use crate::config::Config;
use crate::diag::Diagnostics;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The last synthetic award year: fixed, so a tree does not change with the calendar.
pub const LAST_YEAR: u16 = 2025;
/// The file that marks a folder as written by `ila demo` (and so safe to replace).
pub const MARKER: &str = ".ila-demo";
/// Every synthetic row's source: a plain citation that says what it is.
pub const SOURCE: &str = "Data contoh sintetis dari ila demo; bukan sumber nyata";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The folder to write the site tree to.
    pub out: PathBuf,
    pub districts: usize,
    /// Award years, ending at [`LAST_YEAR`] (1–20).
    pub years: u16,
    pub villages: usize,
    pub seed: u64,
    /// The site whose theme, tier bands, groups and indicator list are reused.
    pub source: PathBuf,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub provinces: usize,
    pub districts: usize,
    pub villages: usize,
    pub awards: usize,
    pub programmes: usize,
    pub news: usize,
}

/// Files to write, by path below the tree's root (sorted, so writing is deterministic).
type Tree = BTreeMap<String, Vec<u8>>;

fn check_target(spec: &Spec) -> Result<()> {
    if spec.districts == 0 {
        bail!("--districts must be at least 1");
    }
    if !(1..=20).contains(&spec.years) {
        bail!(
            "--years must be between 1 and 20 (award years end at {LAST_YEAR}, KLA began in 2006)"
        );
    }
    let src = spec
        .source
        .canonicalize()
        .with_context(|| format!("site root {}", spec.source.display()))?;
    let out_abs = match spec.out.canonicalize() {
        Ok(p) => p,
        Err(_) => std::env::current_dir()?.join(&spec.out),
    };
    if out_abs == src || out_abs.starts_with(src.join("data")) || src.starts_with(&out_abs) {
        bail!(
            "refusing to write synthetic data to {}: choose a folder outside the site and its data/ (e.g. /dev/shm/ila-demo)",
            spec.out.display()
        );
    }
    if spec.out.is_dir() {
        let empty = std::fs::read_dir(&spec.out)?.next().is_none();
        if !empty && !spec.out.join(MARKER).is_file() {
            bail!(
                "{} is not empty and was not written by `ila demo`; choose an empty or new folder",
                spec.out.display()
            );
        }
    }
    Ok(())
}

/// Generate the tree described by `spec`, replacing an earlier `ila demo` tree there.
pub fn generate(spec: &Spec) -> Result<Summary> {
    check_target(spec)?;
    let mut d = Diagnostics::new();
    let Some(cfg) = Config::load(&spec.source, &mut d) else {
        let why: Vec<String> = d.sorted().iter().map(|x| x.render(false)).collect();
        bail!(
            "cannot read the site configuration {} (ila demo copies the theme, tier bands and \
             indicator list of --root)\n{}",
            spec.source.join(crate::config::FILE).display(),
            why.join("\n")
        );
    };
    let (tree, summary) = build_tree(spec, &cfg)?;
    if spec.out.exists() {
        std::fs::remove_dir_all(&spec.out)
            .with_context(|| format!("removing the old tree {}", spec.out.display()))?;
    }
    std::fs::create_dir_all(&spec.out)?;
    for (rel, bytes) in &tree {
        let path = spec.out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    copy_theme(
        &crate::render::engine::theme_dir(&spec.source, &cfg.situs.tema),
        &crate::render::engine::theme_dir(&spec.out, &cfg.situs.tema),
    )?;
    Ok(summary)
}

/// Copy the theme folder (regular files only, sorted).
fn copy_theme(src: &Path, dest: &Path) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .with_context(|| format!("theme {}", src.display()))?
        .filter_map(std::result::Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    std::fs::create_dir_all(dest)?;
    for e in entries {
        let ft = e.file_type()?;
        let to = dest.join(e.file_name());
        if ft.is_dir() {
            copy_theme(&e.path(), &to)?;
        } else if ft.is_file() {
            std::fs::copy(e.path(), &to)?;
        }
    }
    Ok(())
}

/// The tree's `ila.toml`: the source's tier bands and groups, the sample flags on.
fn config_text(spec: &Spec, cfg: &Config) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Bands<'a> {
        predikat: &'a [crate::config::TierBand],
        kelompok: &'a [crate::config::Group],
    }
    let bands = toml::to_string(&Bands {
        predikat: &cfg.predikat,
        kelompok: &cfg.kelompok,
    })?;
    Ok(format!(
        "# Synthetic site written by `ila demo --districts {} --years {} --villages {} --seed {}`.\n\
         # DATA CONTOH: every name, score, programme and news item here is invented.\n\n\
         [situs]\n\
         judul = \"Informasi Layak Anak (DATA CONTOH)\"\n\
         deskripsi = \"Situs contoh dari data sintetis untuk pengujian dan pengukuran kinerja. Bukan data nyata.\"\n\
         base_url = \"https://contoh.invalid/\"\n\
         tema = \"{}\"\n\
         bahasa = \"id\"\n\
         versi_data = \"contoh-{}\"\n\
         data_contoh = true\n\
         # Share images cost about 17 ms each; a synthetic site does not need them.\n\
         kartu_bagikan = false\n\n\
         [atribusi]\n\
         wilayah = \"Kode dan nama wilayah: fiktif, dibuat oleh ila demo (data contoh).\"\n\n\
         [batas]\n\
         # The usual budget at every scale: long lists (districts, award years, province grids,\n\
         # the easy-read index, programmes, news) are split into parts of baris_per_halaman rows.\n\
         halaman_maks_byte = {}\n\n{bands}",
        spec.districts,
        spec.years,
        spec.villages,
        spec.seed,
        cfg.situs.tema,
        spec.seed,
        crate::config::Limits::default().halaman_maks_byte
    ))
}

fn build_tree(spec: &Spec, cfg: &Config) -> Result<(Tree, Summary)> {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let geo = names::geography(spec.districts, spec.villages);
    let years: Vec<u16> = (LAST_YEAR + 1 - spec.years..=LAST_YEAR).collect();
    let mut tree = Tree::new();
    let mut put = |rel: &str, text: String| {
        tree.insert(rel.to_string(), text.into_bytes());
    };
    put(MARKER, format!("{}\n", SOURCE));
    put(crate::config::FILE, config_text(spec, cfg)?);

    let mut provinces = String::from("code,name\n");
    for p in &geo.provinces {
        let _ = writeln!(provinces, "{},{}", p.kode, p.nama);
    }
    put(crate::data::wilayah::PROVINCES, provinces);
    let mut regencies = String::from("code,province_code,name\n");
    for x in &geo.districts {
        let _ = writeln!(regencies, "{},{},{}", x.kode, x.kode_provinsi, x.nama);
    }
    put(crate::data::wilayah::REGENCIES, regencies);

    // Awards and group scores, district by district in code order.
    let maks = scores::group_maxima(cfg.kelompok.len());
    let mut awards = String::from("kode,tahun,predikat,nilai,sumber\n");
    let mut groups = String::from("kode,tahun,kelompok,nilai,maks,sumber\n");
    let mut per_year: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
    let mut n_awards = 0;
    for x in &geo.districts {
        let h = scores::history(&mut rng, cfg, &years);
        for a in &h {
            let _ = writeln!(
                awards,
                "{},{},{},{},{SOURCE}",
                x.kode, a.tahun, cfg.predikat[a.tier].kode, a.nilai
            );
            per_year
                .entry(a.tahun)
                .or_insert_with(|| vec![0; cfg.predikat.len()])[a.tier] += 1;
        }
        n_awards += h.len();
        // Group scores for the two latest recorded years (what the group chart compares).
        for a in h.iter().rev().take(2).rev() {
            let parts = scores::split(&mut rng, a.nilai, &maks);
            for ((g, v), m) in cfg.kelompok.iter().zip(parts).zip(&maks) {
                let _ = writeln!(groups, "{},{},{},{v},{m},{SOURCE}", x.kode, a.tahun, g.kode);
            }
        }
    }
    put(crate::data::awards::AWARDS, awards);
    put(crate::data::awards::GROUP_SCORES, groups);
    let mut national = String::from("tahun,predikat,jumlah,sumber\n");
    for (y, counts) in &per_year {
        for (t, c) in cfg.predikat.iter().zip(counts) {
            let _ = writeln!(national, "{y},{},{c},{SOURCE}", t.kode);
        }
    }
    put(crate::data::awards::NATIONAL, national);
    let mut prov = String::from("kode_provinsi,tahun,penghargaan,sumber\n");
    for &y in &years {
        for p in &geo.provinces {
            if rng.u8(0..100) < 10 {
                let _ = writeln!(prov, "{},{y},provila,{SOURCE}", p.kode);
            }
        }
    }
    put(crate::data::awards::PROVINCE_AWARDS, prov);
    let mut nights = String::from("tahun,tanggal,tempat,sumber\n");
    for y in per_year.keys() {
        let _ = writeln!(nights, "{y},{y}-07-23,Kota Contoh,{SOURCE}");
    }
    put("data/penghargaan.csv", nights);
    let indicators = std::fs::read_to_string(spec.source.join(crate::data::indikator::FILE))
        .context("reading the indicator list of the source site")?;
    put(crate::data::indikator::FILE, indicators);

    if !geo.villages.is_empty() {
        let mut desa = String::from("kode,nama,tahun,status,sumber\n");
        let recent: Vec<u16> = years.iter().rev().take(5).rev().copied().collect();
        for v in &geo.villages {
            let kind = if v.kelurahan { "Kelurahan" } else { "Desa" };
            let first = rng.usize(0..recent.len());
            let rows = rng.usize(1..=3).min(recent.len() - first);
            for (k, y) in recent[first..first + rows].iter().enumerate() {
                let status = match k {
                    0 => format!("Rintisan {kind} Layak Anak"),
                    1 => format!("Menuju {kind} Layak Anak"),
                    _ => format!("{kind} Layak Anak"),
                };
                let _ = writeln!(desa, "{},{},{y},{status},{SOURCE}", v.kode, v.nama);
            }
        }
        put(crate::data::desa::VILLAGES, desa);
    }

    // Write-ups.
    let award_years: Vec<u16> = per_year.keys().copied().collect();
    let award_years = if award_years.is_empty() {
        bail!("no synthetic district reached a tier; try another --seed or more --districts");
    } else {
        award_years
    };
    let n_prog = (spec.districts / 10).max(5);
    let progs = content::programmes(&mut rng, &geo, &award_years, n_prog);
    let tiers: Vec<(u16, Vec<usize>)> = per_year.into_iter().collect();
    let tier_names: Vec<String> = cfg.predikat.iter().map(|t| t.nama.clone()).collect();
    let n_extra = (spec.districts / 20).max(3);
    let news = content::news(&mut rng, &geo, &award_years, &tiers, &tier_names, n_extra);
    let summary = Summary {
        files: 0,
        provinces: geo.provinces.len(),
        districts: geo.districts.len(),
        villages: geo.villages.len(),
        awards: n_awards,
        programmes: progs.len(),
        news: news.len(),
    };
    let pages = content::pages(
        &cfg.predikat
            .iter()
            .map(|t| (t.kode.clone(), t.nama.clone()))
            .collect::<Vec<_>>(),
    );
    for (rel, text) in progs
        .into_iter()
        .chain(news)
        .chain(content::narratives(&geo, 20))
        .chain(pages)
    {
        put(&rel, text);
    }
    let files = tree.len();
    Ok((tree, Summary { files, ..summary }))
}
