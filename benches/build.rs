//! Build benchmark (run with `cargo bench --bench build`): times the full build of the shipped
//! site (share images warm in their cache, as after the first build), the share of it spent
//! drawing charts, and one share image rendered without the cache. Output goes to /dev/shm when available so
//! disk speed does not dominate. Prints medians of `ILA_BENCH_RUNS` runs (default 7).

mod common;
use common::median;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let runs = common::runs(7);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = common::scratch();
    let mut opts = ila::Options::new(&root);
    opts.output = Some(base.path().join("public"));

    // The first build fills the share-image cache; it is timed on its own.
    let cache = tempfile::tempdir().expect("cache dir");
    // SAFETY: single-threaded here, before any build reads the environment.
    unsafe { std::env::set_var("ILA_CACHE_DIR", cache.path()) };
    let t = Instant::now();
    assert!(ila::build(&opts).output.is_some());
    let cold = t.elapsed();
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
        let labels = ila::charts::Labels::new(
            &loaded.root().engine.strings,
            &loaded.root().site.cfg,
            &loaded.root().engine.lang,
        );
        let set = ila::render::ChartSet::draw(&loaded.root().site, &labels);
        charts.push(t.elapsed());
        n = set.files(&loaded.root().site).len();
    }
    // Maps alone (national, per year, movement, province, locator), part of the charts above.
    let mut maps = Vec::new();
    let mut map_bytes = 0;
    for _ in 0..runs {
        let labels = ila::charts::Labels::new(
            &loaded.root().engine.strings,
            &loaded.root().site.cfg,
            &loaded.root().engine.lang,
        );
        let t = Instant::now();
        let m = ila::charts::peta::draw(&loaded.root().site, &labels);
        maps.push(t.elapsed());
        map_bytes = m.national.as_ref().map_or(0, |c| c.svg.len());
    }
    let history: Vec<(u16, Option<usize>)> = vec![(2019, None), (2022, Some(2)), (2023, Some(3))];
    let card = ila::share::Card {
        site: "Informasi Layak Anak",
        name: "Kabupaten Banyuwangi",
        province: "Jawa Timur",
        tier: Some("Nindya"),
        tier_rank: Some(3),
        tier_year: Some(2023),
        history: &history,
        no_record_text: "",
        footer: "Data terbuka",
        sample_banner: None,
    };
    let mut cards = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let png = ila::share::card_png(&card, None).expect("card");
        cards.push(t.elapsed());
        assert!(png.len() > 1000);
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
    let m = median(maps);
    println!(
        "  maps         {:>8.1} ms  = {:.0}% of the build (national map {map_bytes} bytes)",
        m.as_secs_f64() * 1e3,
        100.0 * m.as_secs_f64() / f.as_secs_f64()
    );
    println!(
        "  first build, share-image cache cold: {:>8.1} ms",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "  one share image, uncached: {:>8.1} ms",
        median(cards).as_secs_f64() * 1e3
    );
}
