//! Scale benchmark: `cargo bench --bench scale`.
//!
//! Builds four corpora with the release `ila` binary, each as a child process so its wall time
//! and peak memory (`wait4` → `ru_maxrss`) belong to that build alone, with the output on
//! tmpfs (`/dev/shm`):
//!
//! - the shipped site (share images warm in their cache: a first, untimed build fills it);
//! - a synthetic national site: 514 districts, 10 award years, every chart;
//! - 10,000 synthetic districts, 10 award years, every chart;
//! - 514 districts with 84,000 synthetic villages (one page each).
//!
//! Synthetic corpora come from `ila demo` and have share images off (`kartu_bagikan = false`).
//! After one untimed warm-up build, each corpus is built `ILA_SCALE_RUNS` times (default 5)
//! and the median wall time and the largest peak RSS are reported. Each build is then checked
//! for determinism (a second build into another folder must be byte-identical), and the
//! national corpus is rebuilt after a one-file change to a programme write-up. Where `hugo`
//! is installed, the same synthetic corpora exported as plain Markdown (`ila demo --hugo`) are
//! built by Hugo the same way. Prints a Markdown table.
//!
//! Knobs: `ILA_SCALE_RUNS` (runs per corpus), `ILA_SCALE_ONLY` (comma-separated corpus keys:
//! shipped, national, 10k, villages), `ILA_SCALE_DIR` (work folder, default /dev/shm/ila-scale).

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ILA: &str = env!("CARGO_BIN_EXE_ila");

/// One finished child process.
struct Run {
    wall: Duration,
    /// Peak resident set size in KiB.
    peak_kib: u64,
    stdout: String,
}

/// Run `cmd` to completion and measure it. Panics when it fails.
fn measure(cmd: &mut Command, scratch: &Path) -> Run {
    let out_path = scratch.join("stdout.txt");
    let err_path = scratch.join("stderr.txt");
    cmd.stdout(Stdio::from(File::create(&out_path).expect("stdout file")))
        .stderr(Stdio::from(File::create(&err_path).expect("stderr file")));
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain wait4(2) on our own child; rusage is a plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    assert!(
        ok,
        "{cmd:?} failed:\n{stdout}\n{}",
        std::fs::read_to_string(&err_path)
            .unwrap_or_default()
            .chars()
            .take(4000)
            .collect::<String>()
    );
    Run {
        wall,
        peak_kib: usage.ru_maxrss as u64,
        stdout,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Every regular file below `dir`, by relative path.
fn file_list(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if e.file_type().expect("file type").is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).expect("prefix").to_path_buf());
            }
        }
    }
    out
}

/// Whether two trees hold the same files with the same bytes, read one file at a time. The
/// benchmark must stay small itself: a child starts as a `vfork` of this process, and
/// `ru_maxrss` counts this process's resident memory until the child's `exec`.
fn same_tree(a: &Path, b: &Path) -> bool {
    let files = file_list(a);
    files == file_list(b)
        && files
            .iter()
            .all(|f| std::fs::read(a.join(f)).ok() == std::fs::read(b.join(f)).ok())
}

fn dir_size(dir: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let md = e.metadata().expect("metadata");
            if md.is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
                bytes += md.len();
            }
        }
    }
    (n, bytes)
}

fn count_html(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                n += 1;
            }
        }
    }
    n
}

/// A corpus to build.
struct Corpus {
    key: &'static str,
    label: &'static str,
    /// `ila demo` arguments; `None` for the shipped site.
    demo: Option<[usize; 3]>,
    target_s: f64,
    target_gib: Option<f64>,
}

/// What one corpus measured.
struct Row {
    label: &'static str,
    summary: String,
    html: usize,
    files: usize,
    bytes: u64,
    median: Duration,
    runs: usize,
    peak_kib: u64,
    target_s: f64,
    target_gib: Option<f64>,
    deterministic: bool,
    hugo: Option<(Duration, u64, usize, usize)>,
}

fn hugo_available() -> bool {
    Command::new("hugo")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map_or(String::new(), |k| {
            format!(", {:.0} GiB RAM", k as f64 / 1048576.0)
        });
    format!("{cpu}, {cores} cores{mem}")
}

/// The 1-minute load average: the machine is shared, so results are read against it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let load_before = load_average();
    let runs: usize = std::env::var("ILA_SCALE_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);
    let only: Option<Vec<String>> = std::env::var("ILA_SCALE_ONLY")
        .ok()
        .map(|s| s.split(',').map(str::to_string).collect());
    let work = PathBuf::from(
        std::env::var("ILA_SCALE_DIR").unwrap_or_else(|_| "/dev/shm/ila-scale".into()),
    );
    if work.join(".ila-scale").is_file() {
        std::fs::remove_dir_all(&work).expect("clean work dir");
    }
    std::fs::create_dir_all(&work).expect("work dir");
    std::fs::write(work.join(".ila-scale"), "").expect("marker");
    let scratch = work.join("scratch");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let hugo = hugo_available();
    let corpora = [
        Corpus {
            key: "shipped",
            label: "shipped site (share images cached)",
            demo: None,
            target_s: 0.3,
            target_gib: None,
        },
        Corpus {
            key: "national",
            label: "synthetic national: 514 districts, 10 years, all charts",
            demo: Some([514, 10, 0]),
            target_s: 0.5,
            target_gib: None,
        },
        Corpus {
            key: "10k",
            label: "10,000 districts, 10 years, all charts",
            demo: Some([10_000, 10, 0]),
            target_s: 1.5,
            target_gib: None,
        },
        Corpus {
            key: "villages",
            label: "514 districts + 84,000 villages",
            demo: Some([514, 10, 84_000]),
            target_s: 15.0,
            target_gib: Some(1.0),
        },
    ];
    let mut rows = Vec::new();
    let mut incremental = None;
    for c in &corpora {
        if only.as_ref().is_some_and(|o| !o.iter().any(|k| k == c.key)) {
            continue;
        }
        eprintln!("== {}", c.label);
        let root = match c.demo {
            None => repo.clone(),
            Some([d, y, v]) => {
                let root = work.join(format!("site-{}", c.key));
                let mut cmd = Command::new(ILA);
                cmd.arg("--root")
                    .arg(&repo)
                    .arg("demo")
                    .arg("--out")
                    .arg(&root);
                for (k, n) in [("--districts", d), ("--years", y), ("--villages", v)] {
                    cmd.arg(k).arg(n.to_string());
                }
                if hugo {
                    cmd.arg("--hugo").arg(work.join(format!("hugo-{}", c.key)));
                }
                let g = measure(&mut cmd, &scratch);
                eprintln!(
                    "   generated in {:.2} s: {}",
                    g.wall.as_secs_f64(),
                    g.stdout.trim()
                );
                root
            }
        };
        let out = work.join(format!("out-{}", c.key));
        let build = |dest: &Path| {
            let mut cmd = Command::new(ILA);
            cmd.arg("--root")
                .arg(&root)
                .arg("build")
                .arg("--output")
                .arg(dest)
                .env("ILA_CACHE_DIR", work.join("cache"));
            measure(&mut cmd, &scratch)
        };
        let warm = build(&out); // fills the share-image cache for the shipped site
        let mut times = Vec::new();
        let mut peak = warm.peak_kib;
        let mut summary = warm.stdout.trim().to_string();
        let n = if c.key == "villages" {
            runs.min(3)
        } else {
            runs
        };
        for _ in 0..n {
            let r = build(&out);
            eprintln!(
                "   {:.3} s, {} MiB",
                r.wall.as_secs_f64(),
                r.peak_kib / 1024
            );
            times.push(r.wall);
            peak = peak.max(r.peak_kib);
            summary = r.stdout.trim().to_string();
        }
        let other = work.join(format!("out-{}-b", c.key));
        build(&other);
        let deterministic = same_tree(&out, &other);
        std::fs::remove_dir_all(&other).ok();
        let (files, bytes) = dir_size(&out);
        let html = count_html(&out);
        if c.key == "national" {
            // One write-up changes; the whole site is rebuilt (no incremental path yet).
            let file = root.join("content/program/program-contoh-0001.md");
            let original = std::fs::read_to_string(&file).expect("write-up");
            let mut t = Vec::new();
            for i in 0..runs {
                std::fs::write(&file, format!("{original}\nPerubahan kecil {i}.\n")).expect("edit");
                t.push(build(&out).wall);
            }
            std::fs::write(&file, original).expect("restore");
            incremental = Some(median(t));
        }
        let hugo_row = (hugo && c.demo.is_some()).then(|| {
            let src = work.join(format!("hugo-{}", c.key));
            let dest = work.join(format!("hugo-out-{}", c.key));
            let mut t = Vec::new();
            let mut hp = 0;
            for i in 0..=n {
                std::fs::remove_dir_all(&dest).ok();
                let mut cmd = Command::new("hugo");
                cmd.arg("--quiet")
                    .arg("--source")
                    .arg(&src)
                    .arg("--destination")
                    .arg(&dest);
                let r = measure(&mut cmd, &scratch);
                if i > 0 {
                    t.push(r.wall);
                    hp = hp.max(r.peak_kib);
                }
            }
            let (hfiles, _) = dir_size(&dest);
            (median(t), hp, count_html(&dest), hfiles)
        });
        rows.push(Row {
            label: c.label,
            summary,
            html,
            files,
            bytes,
            median: median(times),
            runs: n,
            peak_kib: peak,
            target_s: c.target_s,
            target_gib: c.target_gib,
            deterministic,
            hugo: hugo_row,
        });
    }
    println!();
    println!(
        "Machine: {}; load average {load_before} at the start, {} at the end; ila {} threads; output on tmpfs ({}); medians of {runs} builds after one warm-up (3 for the village corpus).",
        machine(),
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        work.display()
    );
    println!();
    println!(
        "| corpus | HTML pages | files (MB) | ila build | target | peak RSS | KiB per page | deterministic | Hugo build | Hugo peak RSS | Hugo HTML pages |"
    );
    println!("|---|---:|---:|---:|---|---:|---:|---|---:|---:|---:|");
    for r in &rows {
        let secs = r.median.as_secs_f64();
        let gib = r.peak_kib as f64 / 1048576.0;
        let met_t = secs <= r.target_s;
        let met_m = r.target_gib.is_none_or(|g| gib <= g);
        let target = format!(
            "≤ {} s{}: {}",
            r.target_s,
            r.target_gib
                .map_or(String::new(), |g| format!(", ≤ {g} GiB")),
            if met_t && met_m {
                "met".to_string()
            } else {
                let mut gaps = Vec::new();
                if !met_t {
                    gaps.push(format!("{:.1}× over", secs / r.target_s));
                }
                if !met_m {
                    gaps.push(format!("{:.2} GiB over", gib - r.target_gib.unwrap_or(0.0)));
                }
                format!("**gap: {}**", gaps.join(", "))
            }
        );
        let (hb, hm, hp) = match r.hugo {
            Some((t, m, p, _)) => (
                format!("{:.2} s", t.as_secs_f64()),
                format!("{} MiB", m / 1024),
                p.to_string(),
            ),
            None => ("–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {} ({:.0}) | {:.3} s ({} runs) | {target} | {} MiB | {:.0} | {} | {hb} | {hm} | {hp} |",
            r.label,
            r.html,
            r.files,
            r.bytes as f64 / 1e6,
            secs,
            r.runs,
            r.peak_kib / 1024,
            r.peak_kib as f64 / r.html.max(1) as f64,
            if r.deterministic { "yes" } else { "**NO**" },
        );
    }
    if let Some(t) = incremental {
        println!();
        println!(
            "One-file change (a programme write-up) on the national corpus, then `ila build`: {:.3} s (median of {runs}). This is a full rebuild: `ila build` has no incremental path yet.",
            t.as_secs_f64()
        );
    }
    println!();
    for r in &rows {
        println!("- {}: `{}`", r.label, r.summary);
    }
    if !hugo {
        println!("\n(hugo not found: Hugo columns skipped; install the Debian package `hugo`.)");
    }
}
