//! Sparkline: a district's tier history as a tiny inline path for list tables (one per row,
//! hundreds per page). Written directly rather than through plotters because plotters' root tag
//! and per-element style attributes would triple its bytes; styling comes from the theme's CSS.
//! Decorative (`aria-hidden`): the same row states the latest tier in words.

use crate::model::{District, Site};
use std::fmt::Write;

const STEP: usize = 6;
const HEIGHT: usize = 16;

/// The sparkline of `x`, or `None` when it has no recorded award. Every recorded year gets a
/// dot (the latest a larger one); consecutive recorded years are joined by a line; a year
/// without a record breaks the line and is marked by a short tick on the baseline (a gap,
/// never a zero).
pub fn district(site: &Site, x: &District) -> Option<String> {
    x.latest()?;
    let tiers = site.cfg.predikat.len().max(2);
    let y_of = |tier: usize| HEIGHT - 3 - tier * (HEIGHT - 6) / (tiers - 1);
    let width = STEP * site.years.len().max(1) + 2;
    let mut line = String::new();
    let mut gaps = String::new();
    // (x, y, joined to the previous year)
    let mut points: Vec<(usize, usize, bool)> = Vec::new();
    let mut prev_drawn = false;
    for (i, &year) in site.years.iter().enumerate() {
        let px = STEP * i + 4;
        match x.award_in(year) {
            Some((a, _)) => {
                let py = y_of(a.tier);
                let _ = write!(line, "{}{px} {py}", if prev_drawn { "L" } else { "M" });
                points.push((px, py, prev_drawn));
                prev_drawn = true;
            }
            None => {
                let _ = write!(gaps, "M{} {}h3", px - 1, HEIGHT - 1);
                prev_drawn = false;
            }
        }
    }
    let mut svg =
        format!("<svg class=\"spark\" viewBox=\"0 0 {width} {HEIGHT}\" aria-hidden=\"true\">");
    // A lone "M x y" draws nothing: only lines with two or more points go in the path.
    if line.contains('L') {
        let _ = write!(svg, "<path d=\"{line}\"/>");
    }
    if !gaps.is_empty() {
        let _ = write!(svg, "<path class=\"celah\" d=\"{gaps}\"/>");
    }
    // A recorded year joined to neither neighbour would be invisible in the line: it gets a
    // dot (a zero-length segment drawn with round caps, a few bytes; list pages carry hundreds
    // of sparklines). The latest year is a larger circle.
    let n = points.len();
    let lone: Vec<(usize, usize)> = (0..n.saturating_sub(1))
        .filter(|&k| !points[k].2 && !points[k + 1].2)
        .map(|k| (points[k].0, points[k].1))
        .collect();
    if !lone.is_empty() {
        svg.push_str("<path class=\"t\" d=\"");
        for (px, py) in lone {
            let _ = write!(svg, "M{px} {py}h0");
        }
        svg.push_str("\"/>");
    }
    if let Some(&(lx, ly, _)) = points.last() {
        let _ = write!(svg, "<circle cx=\"{lx}\" cy=\"{ly}\" r=\"2.5\"/>");
    }
    svg.push_str("</svg>");
    Some(svg)
}
