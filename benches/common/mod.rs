//! Shared by the bench binaries: the run count, a scratch folder on tmpfs, and the median.

use std::path::PathBuf;
use std::time::Duration;

/// Runs per figure: `ILA_BENCH_RUNS`, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("ILA_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// A temporary folder on /dev/shm when there is one (disk speed would dominate otherwise).
pub fn scratch() -> tempfile::TempDir {
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(&shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir")
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
