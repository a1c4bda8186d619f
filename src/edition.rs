//! `ila merge-edition DIR`: merges a curated data edition (the folder the data editors hand
//! over: `predikat_detail.csv`, `conflicts.csv`, `nasional*.csv`, `provinsi_predikat.csv`,
//! `sources.csv`, `wilayah/`) into the site's `data/`, keeping every column the project adds
//! (`nilai`, `jenis_nilai`, `sumber_nilai`, `siklus`, `keterangan`, `keterangan_en`).
//!
//! Not a build stage: it only rewrites CSV files under `data/`. Running it twice on the same
//! edition writes the same bytes. The rules:
//! - A district-year in the edition is in `data/predikat.csv` afterwards. The edition's columns
//!   (`predikat`, `sumber`, `jenis_bukti`, `sumber_lain`, `catatan`) replace the project's,
//!   except that `sumber_lain` keeps any further URL the project had added; the project's own
//!   columns are kept as they were.
//! - A district-year the edition moved to `conflicts.csv` is removed.
//! - Any other project row is kept and reported.
//! - National totals and province awards are merged by key (`tahun`,`predikat` and
//!   `kode_provinsi`,`tahun`,`penghargaan`) in the same way; `conflicts.csv` and `sources.csv`
//!   replace `konflik.csv` and `sumber.csv`; the reference lists are copied when they differ.
//! - With `versi`, the previous `data/predikat.csv` is kept as `data/edisi/<old>/predikat.csv`,
//!   the change is recorded in `data/edisi.csv` and `versi_data` in `ila.toml` is updated.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong while merging; nothing is written when the merge fails.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{path}: missing column `{column}`")]
    Column { path: PathBuf, column: String },
    #[error("{0}")]
    Other(String),
}

/// The columns of `data/predikat.csv`, in this order (further columns are kept after them).
pub const AWARD_COLUMNS: &[&str] = &[
    "kode",
    "tahun",
    "predikat",
    "sumber",
    "nilai",
    "jenis_nilai",
    "sumber_nilai",
    "siklus",
    "jenis_bukti",
    "sumber_lain",
    "catatan",
    "keterangan",
    "keterangan_en",
];
/// Columns whose values come from the edition.
const FROM_EDITION: &[&str] = &["predikat", "sumber", "jenis_bukti", "catatan"];

/// A CSV file in memory: its header and rows keyed by column name.
#[derive(Debug, Clone, Default)]
struct Sheet {
    header: Vec<String>,
    rows: Vec<BTreeMap<String, String>>,
    /// Lines end in CRLF (kept when the file is written back, so a merge changes only rows).
    crlf: bool,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MergeError + '_ {
    move |source| MergeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read(path: &Path) -> Result<Sheet, MergeError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let crlf = bytes.windows(2).any(|w| w == b"\r\n");
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let csv_err = |source| MergeError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let header: Vec<String> = r
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(csv_err)?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(Sheet { header, rows, crlf })
}

fn read_opt(path: &Path) -> Result<Option<Sheet>, MergeError> {
    if path.is_file() {
        read(path).map(Some)
    } else {
        Ok(None)
    }
}

fn require(s: &Sheet, path: &Path, cols: &[&str]) -> Result<(), MergeError> {
    match cols.iter().find(|c| !s.header.iter().any(|h| h == *c)) {
        Some(c) => Err(MergeError::Column {
            path: path.to_path_buf(),
            column: (*c).to_string(),
        }),
        None => Ok(()),
    }
}

fn write(s: &Sheet) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(if s.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(&s.header);
    for row in &s.rows {
        let _ = w.write_record(
            s.header
                .iter()
                .map(|h| row.get(h).map_or("", String::as_str)),
        );
    }
    w.into_inner().unwrap_or_default()
}

fn get<'a>(row: &'a BTreeMap<String, String>, col: &str) -> &'a str {
    row.get(col).map_or("", String::as_str)
}

/// `base` columns first, then any column `extra` has that `base` lacks.
fn union_header(base: &[&str], extra: &[String]) -> Vec<String> {
    let mut h: Vec<String> = base.iter().map(|c| c.to_string()).collect();
    for c in extra {
        if !h.contains(c) {
            h.push(c.clone());
        }
    }
    h
}

/// What a merge changed, for the summary an editor reads.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub rows_before: usize,
    pub rows_after: usize,
    pub districts_after: usize,
    pub years_after: Vec<String>,
    pub added: Vec<(String, String)>,
    /// (kode, tahun, old tier, new tier)
    pub tier_changed: Vec<(String, String, String, String)>,
    pub moved_to_conflicts: Vec<(String, String)>,
    pub kept_project_only: Vec<(String, String)>,
    /// Rows whose curators' note was replaced by the edition's.
    pub note_replaced: Vec<(String, String)>,
    pub national_added: usize,
    pub province_added: usize,
    /// Files written (relative to the site root).
    pub files: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let list = |v: &[(String, String)]| {
            v.iter()
                .map(|(k, y)| format!("{k} {y}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            f,
            "data/predikat.csv: {} rows -> {} rows for {} districts, award years {}",
            self.rows_before,
            self.rows_after,
            self.districts_after,
            self.years_after.join(", ")
        )?;
        writeln!(f, "  added: {}", self.added.len())?;
        for (k, y, a, b) in &self.tier_changed {
            writeln!(f, "  tier changed: {k} {y}: {a} -> {b}")?;
        }
        if !self.moved_to_conflicts.is_empty() {
            writeln!(
                f,
                "  removed (the edition moved them to conflicts.csv): {}",
                list(&self.moved_to_conflicts)
            )?;
        }
        if !self.kept_project_only.is_empty() {
            writeln!(
                f,
                "  kept, not in the edition: {}",
                list(&self.kept_project_only)
            )?;
        }
        if !self.note_replaced.is_empty() {
            writeln!(
                f,
                "  curators' note replaced by the edition's (reader text belongs in `keterangan`): {}",
                list(&self.note_replaced)
            )?;
        }
        writeln!(
            f,
            "data/nasional.csv: {} rows added; data/provinsi_predikat.csv: {} rows added",
            self.national_added, self.province_added
        )?;
        write!(f, "written: {}", self.files.join(", "))
    }
}

fn key(row: &BTreeMap<String, String>, cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| get(row, c).to_string()).collect()
}

/// Merge the awards of `edition` (rows of `predikat_detail.csv`) into `project`.
fn merge_awards(
    project: &Sheet,
    edition: &Sheet,
    conflicts: &BTreeSet<Vec<String>>,
    report: &mut Report,
) -> Sheet {
    let k = ["kode", "tahun"];
    let header = union_header(AWARD_COLUMNS, &project.header);
    let mut by_key: BTreeMap<Vec<String>, BTreeMap<String, String>> = project
        .rows
        .iter()
        .map(|r| (key(r, &k), r.clone()))
        .collect();
    let in_edition: BTreeSet<Vec<String>> = edition.rows.iter().map(|r| key(r, &k)).collect();
    for e in &edition.rows {
        let id = key(e, &k);
        let row = by_key.entry(id.clone()).or_insert_with(|| {
            report.added.push((id[0].clone(), id[1].clone()));
            let mut r = BTreeMap::new();
            r.insert("kode".into(), id[0].clone());
            r.insert("tahun".into(), id[1].clone());
            r
        });
        let old_tier = get(row, "predikat").to_string();
        if !old_tier.is_empty() && old_tier != get(e, "predikat") {
            report.tier_changed.push((
                id[0].clone(),
                id[1].clone(),
                old_tier,
                get(e, "predikat").to_string(),
            ));
        }
        let old_note = get(row, "catatan").to_string();
        if !old_note.is_empty() && old_note != get(e, "catatan") {
            report.note_replaced.push((id[0].clone(), id[1].clone()));
        }
        // Further sources: the edition's, then any the project added.
        let primary = get(e, "sumber").to_string();
        let mut lain: Vec<String> = get(e, "sumber_lain")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        for u in get(row, "sumber_lain").split_whitespace() {
            if u != primary && !lain.iter().any(|x| x == u) {
                lain.push(u.to_string());
            }
        }
        for c in FROM_EDITION {
            row.insert((*c).to_string(), get(e, c).to_string());
        }
        row.insert("sumber_lain".into(), lain.join(" "));
    }
    by_key.retain(|id, _| {
        if in_edition.contains(id) {
            return true;
        }
        if conflicts.contains(id) {
            report
                .moved_to_conflicts
                .push((id[0].clone(), id[1].clone()));
            return false;
        }
        report
            .kept_project_only
            .push((id[0].clone(), id[1].clone()));
        true
    });
    let mut rows: Vec<_> = by_key.into_values().collect();
    rows.sort_by(|a, b| (get(a, "tahun"), get(a, "kode")).cmp(&(get(b, "tahun"), get(b, "kode"))));
    Sheet {
        header,
        rows,
        crlf: project.crlf || project.header.is_empty() && edition.crlf,
    }
}

/// Merge `edition` rows into `project` by `cols`: edition values win for the edition's
/// columns, the project's other columns are kept. Returns the number of rows added.
fn merge_by_key(project: &mut Sheet, edition: &Sheet, cols: &[&str]) -> usize {
    for h in &edition.header {
        if !project.header.contains(h) {
            project.header.push(h.clone());
        }
    }
    let mut added = 0;
    for e in &edition.rows {
        let id = key(e, cols);
        match project.rows.iter_mut().find(|r| key(r, cols) == id) {
            Some(r) => {
                for (c, v) in e {
                    r.insert(c.clone(), v.clone());
                }
            }
            None => {
                project.rows.push(e.clone());
                added += 1;
            }
        }
    }
    added
}

/// Tier order for sorting national rows: `total` first, then the highest tier down.
fn national_rank(tier: &str) -> usize {
    ["total", "kla", "utama", "nindya", "madya", "pratama"]
        .iter()
        .position(|t| *t == tier)
        .unwrap_or(99)
}

/// Everything a merge would write: (path relative to the root, bytes).
pub struct Plan {
    pub files: Vec<(String, Vec<u8>)>,
    pub report: Report,
}

/// Work out the merge of edition folder `dir` into the site at `root` without writing.
pub fn plan(root: &Path, dir: &Path, versi: Option<&str>) -> Result<Plan, MergeError> {
    let mut report = Report::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let detail_path = dir.join("predikat_detail.csv");
    let edition = read(&detail_path)?;
    require(
        &edition,
        &detail_path,
        &[
            "kode",
            "tahun",
            "predikat",
            "sumber",
            "jenis_bukti",
            "sumber_lain",
            "catatan",
        ],
    )?;
    let conflicts_path = dir.join("conflicts.csv");
    let conflicts_sheet = read_opt(&conflicts_path)?;
    let conflicts: BTreeSet<Vec<String>> = conflicts_sheet
        .iter()
        .flat_map(|s| s.rows.iter().map(|r| key(r, &["kode", "tahun"])))
        .collect();

    let awards_path = root.join("data/predikat.csv");
    let project = read_opt(&awards_path)?.unwrap_or_default();
    report.rows_before = project.rows.len();
    let merged = merge_awards(&project, &edition, &conflicts, &mut report);
    report.rows_after = merged.rows.len();
    report.districts_after = merged
        .rows
        .iter()
        .map(|r| get(r, "kode"))
        .collect::<BTreeSet<_>>()
        .len();
    report.years_after = merged
        .rows
        .iter()
        .map(|r| get(r, "tahun").to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let merged_bytes = write(&merged);
    let old_bytes = std::fs::read(&awards_path).unwrap_or_default();
    files.push(("data/predikat.csv".into(), merged_bytes.clone()));

    // National totals: every `nasional*.csv` of the edition, in name order.
    let nat_path = root.join("data/nasional.csv");
    let mut national = read_opt(&nat_path)?.unwrap_or_else(|| Sheet {
        header: ["tahun", "predikat", "jumlah", "sumber", "catatan"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        crlf: false,
    });
    let mut nat_files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("nasional") && n.ends_with(".csv"))
        })
        .collect();
    nat_files.sort();
    for p in &nat_files {
        let s = read(p)?;
        require(&s, p, &["tahun", "predikat", "jumlah", "sumber"])?;
        report.national_added += merge_by_key(&mut national, &s, &["tahun", "predikat"]);
    }
    national.rows.sort_by_key(|r| {
        (
            get(r, "tahun").to_string(),
            national_rank(get(r, "predikat")),
        )
    });
    files.push(("data/nasional.csv".into(), write(&national)));

    let prov_src = dir.join("provinsi_predikat.csv");
    if let Some(s) = read_opt(&prov_src)? {
        let prov_path = root.join("data/provinsi_predikat.csv");
        let mut prov = read_opt(&prov_path)?.unwrap_or_default();
        report.province_added +=
            merge_by_key(&mut prov, &s, &["kode_provinsi", "tahun", "penghargaan"]);
        files.push(("data/provinsi_predikat.csv".into(), write(&prov)));
    }
    for (src, dst) in [
        ("conflicts.csv", "data/konflik.csv"),
        ("sources.csv", "data/sumber.csv"),
        ("wilayah/regencies.csv", "data/wilayah/regencies.csv"),
        ("wilayah/provinces.csv", "data/wilayah/provinces.csv"),
    ] {
        let p = dir.join(src);
        if p.is_file() {
            files.push((dst.into(), std::fs::read(&p).map_err(io(&p))?));
        }
    }

    if let Some(versi) = versi {
        let toml_path = root.join("ila.toml");
        let toml = std::fs::read_to_string(&toml_path).map_err(io(&toml_path))?;
        let old = toml
            .lines()
            .find_map(|l| l.trim().strip_prefix("versi_data"))
            .and_then(|l| l.split('"').nth(1))
            .map(str::to_string);
        if let Some(old) = old.filter(|o| o != versi) {
            if !old_bytes.is_empty() && old_bytes != merged_bytes {
                files.push((format!("data/edisi/{old}/predikat.csv"), old_bytes.clone()));
            }
        }
        let new_toml: String = toml
            .split_inclusive('\n')
            .map(|l| {
                if l.trim_start().starts_with("versi_data") {
                    format!("versi_data = \"{versi}\"\n")
                } else {
                    l.to_string()
                }
            })
            .collect();
        files.push(("ila.toml".into(), new_toml.into_bytes()));
        let log_path = root.join("data/edisi.csv");
        let mut log = read_opt(&log_path)?.unwrap_or_else(|| Sheet {
            header: [
                "versi",
                "baris",
                "wilayah",
                "baris_baru",
                "baris_ke_konflik",
                "predikat_berubah",
            ]
            .map(String::from)
            .to_vec(),
            rows: Vec::new(),
            crlf: false,
        });
        // Re-running the same edition changes nothing: its entry describes the first run.
        let logged = log.rows.iter().any(|r| get(r, "versi") == versi);
        if !logged || old_bytes != merged_bytes {
            log.rows.retain(|r| get(r, "versi") != versi);
            let entry: BTreeMap<String, String> = [
                ("versi", versi.to_string()),
                ("baris", report.rows_after.to_string()),
                ("wilayah", report.districts_after.to_string()),
                ("baris_baru", report.added.len().to_string()),
                (
                    "baris_ke_konflik",
                    report.moved_to_conflicts.len().to_string(),
                ),
                ("predikat_berubah", report.tier_changed.len().to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            log.rows.push(entry);
            log.rows
                .sort_by(|a, b| get(a, "versi").cmp(get(b, "versi")));
            files.push(("data/edisi.csv".into(), write(&log)));
        }
    }
    // Only files whose bytes change are written.
    files.retain(|(p, bytes)| std::fs::read(root.join(p)).ok().as_ref() != Some(bytes));
    report.files = files.iter().map(|(p, _)| p.clone()).collect();
    Ok(Plan { files, report })
}

/// Merge and write. Every file is written to a temporary name first and renamed into place.
pub fn merge(root: &Path, dir: &Path, versi: Option<&str>) -> Result<Report, MergeError> {
    if !dir.join("predikat_detail.csv").is_file() {
        return Err(MergeError::Other(format!(
            "{} has no predikat_detail.csv: expected the folder of a data edition",
            dir.display()
        )));
    }
    let plan = plan(root, dir, versi)?;
    for (rel, bytes) in &plan.files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let tmp = path.with_extension("ila-tmp");
        std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
    }
    Ok(plan.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> Sheet {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, text).unwrap();
        read(&p).unwrap()
    }

    const PROJECT: &str = "kode,tahun,predikat,sumber,nilai,jenis_nilai,sumber_nilai,siklus,jenis_bukti,sumber_lain,catatan,keterangan,keterangan_en\n\
63.03,2023,madya,https://a.example/1,685,derived,Riceknews,,direct,https://p.example/x,old note,Perkiraan,Estimate\n\
35.79,2019,pratama,https://a.example/2,,,,,direct,,,,\n\
11.01,2019,madya,https://a.example/3,,,,,direct,,,,\n";
    const EDITION: &str = "kode,nama_referensi,nama_sumber,tahun,predikat,jenis_bukti,sumber,sumber_lain,catatan\n\
63.03,X,X,2023,madya,direct,https://a.example/1,https://e.example/y,edition note\n\
11.71,X,X,2017,pratama,retrospective,https://a.example/4,,range statement\n";

    #[test]
    fn keeps_project_columns_adds_rows_and_drops_conflicts() {
        let conflicts: BTreeSet<Vec<String>> =
            [vec!["35.79".to_string(), "2019".to_string()]].into();
        let mut r = Report::default();
        let m = merge_awards(&sheet(PROJECT), &sheet(EDITION), &conflicts, &mut r);
        let banjar = m.rows.iter().find(|x| get(x, "kode") == "63.03").unwrap();
        assert_eq!(get(banjar, "nilai"), "685");
        assert_eq!(get(banjar, "jenis_nilai"), "derived");
        assert_eq!(get(banjar, "keterangan_en"), "Estimate");
        assert_eq!(get(banjar, "catatan"), "edition note");
        assert_eq!(
            get(banjar, "sumber_lain"),
            "https://e.example/y https://p.example/x"
        );
        assert!(m.rows.iter().all(|x| get(x, "kode") != "35.79"));
        assert_eq!(r.moved_to_conflicts, vec![("35.79".into(), "2019".into())]);
        assert_eq!(r.kept_project_only, vec![("11.01".into(), "2019".into())]);
        assert_eq!(r.added, vec![("11.71".into(), "2017".into())]);
        assert_eq!(r.note_replaced, vec![("63.03".into(), "2023".into())]);
        // Sorted by year, then code.
        let order: Vec<(&str, &str)> = m
            .rows
            .iter()
            .map(|x| (get(x, "tahun"), get(x, "kode")))
            .collect();
        assert_eq!(
            order,
            vec![("2017", "11.71"), ("2019", "11.01"), ("2023", "63.03")]
        );
    }

    #[test]
    fn a_changed_tier_is_reported() {
        let ed = EDITION.replace("2023,madya", "2023,nindya");
        let mut r = Report::default();
        merge_awards(&sheet(PROJECT), &sheet(&ed), &BTreeSet::new(), &mut r);
        assert_eq!(
            r.tier_changed,
            vec![(
                "63.03".into(),
                "2023".into(),
                "madya".into(),
                "nindya".into()
            )]
        );
    }

    #[test]
    fn merging_twice_writes_nothing_the_second_time() {
        let root = tempfile::tempdir().unwrap();
        let ed = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("data")).unwrap();
        std::fs::write(root.path().join("data/predikat.csv"), PROJECT).unwrap();
        std::fs::write(
            root.path().join("ila.toml"),
            "[situs]\nversi_data = \"2026.11\"\n",
        )
        .unwrap();
        std::fs::write(ed.path().join("predikat_detail.csv"), EDITION).unwrap();
        std::fs::write(
            ed.path().join("nasional_2017.csv"),
            "tahun,predikat,jumlah,sumber,catatan\n2017,total,126,https://n.example/,only the total\n",
        )
        .unwrap();
        let first = merge(root.path(), ed.path(), Some("2026.12")).unwrap();
        assert!(first.files.contains(&"data/predikat.csv".to_string()));
        assert!(
            first
                .files
                .contains(&"data/edisi/2026.11/predikat.csv".to_string())
        );
        let kept =
            std::fs::read_to_string(root.path().join("data/edisi/2026.11/predikat.csv")).unwrap();
        assert_eq!(kept, PROJECT);
        let toml = std::fs::read_to_string(root.path().join("ila.toml")).unwrap();
        assert!(toml.contains("versi_data = \"2026.12\""));
        let nat = std::fs::read_to_string(root.path().join("data/nasional.csv")).unwrap();
        assert!(nat.contains("2017,total,126"));
        let second = merge(root.path(), ed.path(), Some("2026.12")).unwrap();
        assert!(second.files.is_empty(), "{:?}", second.files);
    }

    #[test]
    fn a_folder_without_the_detail_file_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let err = merge(root.path(), root.path(), None).unwrap_err();
        assert!(err.to_string().contains("predikat_detail.csv"));
    }
}
