//! Incremental rebuild benchmark for `ila serve` (run with `cargo bench --bench incremental`):
//! on a copy of the full shipped site, times "one write-up changed" → "affected pages rendered
//! and written" (what `ila serve` does after the debounce), for a programme and a news item, and
//! the loading it includes. Then, through a real server, "file saved" → "reload event received"
//! (this adds the watcher's 25 ms debounce). Prints medians of `ILA_BENCH_RUNS` runs (default 15).

mod common;
use common::median;
use ila::serve::live::{Builder, Kind};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn copy_dir(src: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
        }
    }
}

/// Save `path` with a changed body line so every run has something new to render.
fn touch(path: &Path, original: &str, n: usize) {
    std::fs::write(path, format!("{original}\nPerubahan uji nomor {n}.\n")).unwrap();
}

fn main() {
    let runs = common::runs(15);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = common::scratch();
    let root = base.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo.join("ila.toml"), root.join("ila.toml")).unwrap();
    for d in ["data", "content", "themes"] {
        copy_dir(&repo.join(d), &root.join(d));
    }
    let out = base.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let opts = ila::Options::new(&root);

    let mut builder = Builder::new(opts.clone(), &out);
    let t = Instant::now();
    builder.full().expect("full build");
    let full = t.elapsed();

    let mut results = Vec::new();
    for rel in [
        "content/program/brus.md",
        "content/berita/2025-05-05-rakor-kla-banjar.md",
    ] {
        let path = root.join(rel);
        let original = std::fs::read_to_string(&path).unwrap();
        let mut times = Vec::new();
        let mut pages = 0;
        for n in 0..runs {
            touch(&path, &original, n);
            let t = Instant::now();
            let u = builder.changed([rel.to_string()]).expect("update");
            times.push(t.elapsed());
            assert_eq!(u.kind, Kind::Pages);
            pages = u.pages;
        }
        std::fs::write(&path, &original).unwrap();
        builder.changed([rel.to_string()]).expect("update");
        results.push((rel, pages, median(times)));
    }
    drop(builder);
    // Loading alone (config, CSV, write-ups, Markdown, model, templates): part of each update.
    let mut loads = Vec::new();
    for _ in 0..runs {
        let mut d = ila::diag::Diagnostics::new();
        let t = Instant::now();
        let loaded = ila::load(&opts, &mut d);
        loads.push(t.elapsed());
        assert!(loaded.is_some());
    }

    // End to end through the server: save → `reload` event on the stream.
    let mut cfg = ila::serve::Config::new(opts);
    cfg.port = 0;
    cfg.quiet = true;
    let server = ila::serve::start(cfg).expect("server");
    let addr = server.addr();
    let mut sse = TcpStream::connect(addr).unwrap();
    write!(
        sse,
        "GET /__ila/reload HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    sse.set_read_timeout(Some(Duration::from_millis(5)))
        .unwrap();
    let mut wait_for = |needle: &str, seen: &mut String| {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while !seen.contains(needle) {
            assert!(start.elapsed() < Duration::from_secs(60), "no {needle}");
            if let Ok(n) = sse.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        seen.clear();
    };
    let mut seen = String::new();
    wait_for("event: siap", &mut seen);
    let rel = "content/program/brus.md";
    let path = root.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut e2e = Vec::new();
    for n in 0..runs {
        // Let the watcher settle so each save is one batch.
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        touch(&path, &original, n);
        wait_for("event: reload", &mut seen);
        e2e.push(t.elapsed());
    }
    std::fs::write(&path, &original).unwrap();
    server.stop();

    println!(
        "ila serve, shipped site, {} threads, medians of {runs}:",
        rayon::current_num_threads()
    );
    println!(
        "  load and validate everything     {:>7.1} ms",
        ms(median(loads))
    );
    println!("  first full build (serve)         {:>7.1} ms", ms(full));
    for (rel, pages, t) in results {
        println!(
            "  one write-up changed → written   {:>7.1} ms  ({pages} pages re-rendered; {rel})",
            ms(t)
        );
    }
    println!(
        "  save → reload event (server)     {:>7.1} ms  (includes the 25 ms debounce)",
        ms(median(e2e))
    );
}
