//! Values many pages repeat — a district's link, its row in an award year's table — serialized
//! to Tera values once per edition and then shared. Tera's arrays and maps are reference
//! counted, so a page's context clones a pointer instead of re-serializing (and later
//! dropping) thousands of rows: at 10,000 districts every district page lists 40 neighbours and
//! each award year's three views list every awarded district.
//!
//! Everything is built lazily, on first use, so `ila serve` re-rendering one page pays only for
//! what that page shows. Initializers never use rayon: a worker waiting inside a parallel
//! iterator may steal another page's job that needs the same value.

use super::views::{YearEntry, district_link, year_entries};
use crate::model::{Movement, Site};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tera::Value;

/// One row of an award year's table: its tier and movement (for the year's counts and the
/// "naik kelas" list; grouping comes from `year_parts`), and the row as a value.
pub struct YearRow {
    pub tier: usize,
    pub gerak: Movement,
    /// The award year the movement compares with (the district's previous record).
    pub banding: Option<u16>,
    pub value: Value,
}

pub struct Shared<'a> {
    site: &'a Site,
    sparks: &'a [Option<String>],
    links: OnceLock<Vec<Value>>,
    years: BTreeMap<u16, OnceLock<Vec<YearRow>>>,
    reader_text: OnceLock<super::guard::ReaderText>,
}

impl<'a> Shared<'a> {
    /// `sparks`: the tier-history sparkline per district that year tables show.
    pub fn new(site: &'a Site, sparks: &'a [Option<String>]) -> Self {
        Shared {
            site,
            sparks,
            links: OnceLock::new(),
            years: site.years.iter().map(|&y| (y, OnceLock::new())).collect(),
            reader_text: OnceLock::new(),
        }
    }

    /// The check that no editors' text reaches a page, built once per edition.
    pub fn reader_text(&self) -> &super::guard::ReaderText {
        self.reader_text
            .get_or_init(|| super::guard::ReaderText::new(self.site))
    }

    /// District `i`'s link (without a sparkline), as [`district_link`] serializes it.
    pub fn link(&self, i: usize) -> Value {
        self.links
            .get_or_init(|| {
                self.site
                    .districts
                    .iter()
                    .map(|x| Value::from_serializable(&district_link(self.site, x)))
                    .collect()
            })
            .get(i)
            .cloned()
            .unwrap_or_else(Value::none)
    }

    /// The rows of award year `year` in model (code) order, as [`year_entries`] gives them.
    pub fn year(&self, year: u16) -> &[YearRow] {
        match self.years.get(&year) {
            Some(cell) => cell.get_or_init(|| {
                year_entries(self.site, year, self.sparks)
                    .iter()
                    .map(row)
                    .collect()
            }),
            None => &[],
        }
    }
}

fn row(e: &YearEntry) -> YearRow {
    YearRow {
        tier: e.tier,
        gerak: e.gerak,
        banding: e.sebelumnya.as_ref().map(|p| p.tahun),
        value: Value::from_serializable(e),
    }
}
