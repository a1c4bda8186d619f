//! Data stage: loads every CSV under `data/` into typed, validated rows. Touches only `data/`.

pub mod awards;
pub mod ceremonies;
pub mod csvfile;
pub mod desa;
pub mod editions;
pub mod fields;
pub mod geo;
pub mod indikator;
pub mod wilayah;

pub use awards::{
    Award, Evidence, GroupScore, NationalTotal, ProvinceAward, ReaderNote, ScoreKind,
};
pub use fields::Citation;
pub use indikator::Indicator;
pub use wilayah::{ProvinceRow, RegencyRow};

use crate::config::Config;
use crate::diag::Diagnostics;
use std::collections::BTreeSet;
use std::path::Path;

/// Everything under `data/`, typed and checked.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    pub provinces: Vec<ProvinceRow>,
    pub regencies: Vec<RegencyRow>,
    pub awards: Vec<Award>,
    pub national: Vec<NationalTotal>,
    pub province_awards: Vec<ProvinceAward>,
    pub ceremonies: Vec<ceremonies::Ceremony>,
    pub indicators: Vec<Indicator>,
    pub group_scores: Vec<GroupScore>,
    /// Village statuses from the optional `data/desa.csv`.
    pub villages: Vec<desa::VillageRow>,
    /// Data editions (`data/edisi.csv`) and the archived earlier editions' names.
    pub editions: Vec<editions::DataEdition>,
    pub archived_editions: Vec<String>,
    /// Boundary geometry from the optional `data/batas/` (shared by every edition).
    pub geo: Option<std::sync::Arc<geo::Geometry>>,
}

impl Dataset {
    /// Load all data files; every problem in every file goes to `d`.
    pub fn load(root: &Path, cfg: &Config, this_year: u16, d: &mut Diagnostics) -> Dataset {
        let (provinces, regencies) = wilayah::load_with(root, cfg.situs.data_contoh, d);
        let districts: BTreeSet<String> = regencies.iter().map(|r| r.kode.clone()).collect();
        let province_codes: BTreeSet<String> = provinces.iter().map(|p| p.kode.clone()).collect();
        let reference: std::collections::BTreeMap<String, String> = regencies
            .iter()
            .map(|r| (r.kode.clone(), r.kode_provinsi.clone()))
            .collect();
        let geo = geo::load(root, &reference, d).map(std::sync::Arc::new);
        let known = awards::Known {
            cfg,
            districts: &districts,
            provinces: &province_codes,
            this_year,
        };
        // The three large files are read in parallel, each reporting into its own list.
        let (mut d_awards, mut d_groups, mut d_villages) =
            (Diagnostics::new(), Diagnostics::new(), Diagnostics::new());
        let (awards, (group_scores, villages)) = rayon::join(
            || awards::load_awards(root, &known, &mut d_awards),
            || {
                rayon::join(
                    || awards::load_group_scores(root, &known, &mut d_groups),
                    || desa::load(root, &known, &mut d_villages),
                )
            },
        );
        d.extend(d_awards);
        d.extend(d_groups);
        d.extend(d_villages);
        awards::check_group_totals(&awards, &group_scores, d);
        let (editions, archived_editions) = editions::load(root, d);
        Dataset {
            editions,
            archived_editions,
            awards,
            national: awards::load_national(root, &known, d),
            province_awards: awards::load_province_awards(root, &known, d),
            ceremonies: ceremonies::load(root, this_year, d),
            group_scores,
            indicators: indikator::load(root, cfg, d),
            villages,
            geo,
            provinces,
            regencies,
        }
    }
}

/// The current calendar year (UTC), used to reject award years in the future.
pub fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // 365.2425 days per year on average; exact enough for a year boundary check.
    (1970 + secs / 31_556_952) as u16
}
