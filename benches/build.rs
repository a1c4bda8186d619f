//! Build benchmark (run with `cargo bench --bench build`): times the full build of the shipped
//! site and the share of it spent drawing charts. Output goes to /dev/shm when available so
//! disk speed does not dominate. Prints medians of `ILA_BENCH_RUNS` runs (default 7).

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("ILA_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shm = PathBuf::from("/dev/shm");
    let base = if shm.is_dir() {
        tempfile::tempdir_in(&shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir");
    let mut opts = ila::Options::new(&root);
    opts.output = Some(base.path().join("public"));

    let mut full = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let o = ila::build(&opts);
        assert!(
            o.output.is_some(),
            "build failed: {:?}",
            o.diagnostics.sorted()
        );
        full.push(t.elapsed());
    }
    let mut d = ila::diag::Diagnostics::new();
    let loaded = ila::load(&opts, &mut d).expect("load");
    let mut charts = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let set = ila::render::ChartSet::draw(&loaded.site);
        charts.push(t.elapsed());
        n = set.files(&loaded.site).len();
    }
    let (f, c) = (median(full), median(charts));
    println!(
        "shipped site, {} threads, medians of {runs}:",
        rayon::current_num_threads()
    );
    println!("  full build   {:>8.1} ms", f.as_secs_f64() * 1e3);
    println!(
        "  charts ({n}) {:>8.1} ms  = {:.0}% of the build",
        c.as_secs_f64() * 1e3,
        100.0 * c.as_secs_f64() / f.as_secs_f64()
    );
}
