//! Sparkline: a district's tier history as a tiny inline path for list tables (one per row,
//! hundreds per page). Written directly rather than through plotters because plotters' root tag
//! and per-element style attributes would triple its bytes; styling comes from the theme's CSS.
//! Decorative (`aria-hidden`): the same row states the latest tier in words.

use crate::model::{District, Site};
use std::fmt::Write;

const STEP: usize = 6;
const HEIGHT: usize = 16;

/// The sparkline of `x`, or `None` when it has no recorded award.
pub fn district(site: &Site, x: &District) -> Option<String> {
    x.latest()?;
    let tiers = site.cfg.predikat.len().max(2);
    let y_of = |tier: usize| HEIGHT - 2 - tier * (HEIGHT - 4) / (tiers - 1);
    let width = STEP * site.years.len().max(1) + 2;
    let mut d = String::new();
    let mut prev_drawn = false;
    let mut last = (0, 0);
    for (i, &year) in site.years.iter().enumerate() {
        match x.award_in(year) {
            Some((a, _)) => {
                let (px, py) = (STEP * i + 4, y_of(a.tier));
                let _ = write!(d, "{}{px} {py}", if prev_drawn { "L" } else { "M" });
                prev_drawn = true;
                last = (px, py);
            }
            // A year without a record breaks the line: a gap, never a zero.
            None => prev_drawn = false,
        }
    }
    let mut svg = format!(
        "<svg class=\"spark\" viewBox=\"0 0 {width} {HEIGHT}\" aria-hidden=\"true\"><path d=\"{d}\"/>"
    );
    let _ = write!(
        svg,
        "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\"/></svg>",
        last.0, last.1
    );
    Some(svg)
}
