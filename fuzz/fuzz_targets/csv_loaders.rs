//! The CSV pipeline on arbitrary bytes: `csvfile::parse` (encoding, delimiter, header and row
//! checks) and the full typed validation of `data/predikat.csv` (district codes, years, tiers,
//! scores, citations, duplicates, score bands) against the real `ila.toml` and reference list.
#![no_main]

mod common;

use ila::config::Config;
use ila::data::{awards, wilayah};
use ila::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

/// Fixed "current year" so runs are reproducible.
const THIS_YEAR: u16 = 2026;

struct Reference {
    cfg: Config,
    districts: BTreeSet<String>,
    provinces: BTreeSet<String>,
}

/// The site's real configuration and province/district lists, loaded once.
static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let mut d = Diagnostics::new();
    let cfg = Config::parse(include_str!("../../ila.toml"), &mut d).expect("ila.toml parses");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (provinces, regencies) = wilayah::load(&root, &mut d);
    assert!(d.is_empty() && !regencies.is_empty(), "reference data loads cleanly");
    Reference {
        cfg,
        districts: regencies.into_iter().map(|r| r.kode).collect(),
        provinces: provinces.into_iter().map(|p| p.kode).collect(),
    }
});

fuzz_target!(|bytes: &[u8]| {
    let r = &*REFERENCE;
    let known = awards::Known {
        cfg: &r.cfg,
        districts: &r.districts,
        provinces: &r.provinces,
        this_year: THIS_YEAR,
    };
    let mut d = Diagnostics::new();
    let rows = awards::parse_awards(bytes, &known, &mut d);

    // Every accepted row satisfies what the loader promises.
    let mut seen = BTreeSet::new();
    for a in &rows {
        assert!(r.districts.contains(&a.kode), "{a:?}");
        assert!((2006..=THIS_YEAR).contains(&a.tahun), "{a:?}");
        assert!(a.tier < r.cfg.predikat.len(), "{a:?}");
        assert!(a.nilai.is_none_or(|n| n <= 1000), "{a:?}");
        assert!(seen.insert((a.kode.clone(), a.tahun)), "duplicate accepted: {a:?}");
        for c in std::iter::once(&a.sumber)
            .chain(a.sumber_nilai.as_ref())
            .chain(&a.sumber_lain)
        {
            assert!(!c.teks.is_empty() && !c.teks.chars().any(char::is_control), "{c:?}");
            if let Some(u) = &c.url {
                assert!(u.starts_with("https://") || u.starts_with("http://"), "{c:?}");
            }
        }
    }
    common::check_diagnostics(&d, bytes);
});
