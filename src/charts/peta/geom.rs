//! Map geometry: the projection, fitting a region into a view box, simplifying shared arcs once
//! (so neighbours keep one identical border), quantising to whole view-box units and writing
//! compact SVG path data.
//!
//! **Projection.** Equirectangular (plate carrée) with standard parallel φ₀ = −2.5°, the middle
//! of Indonesia's span (6° N to 11° S): x = λ·cos φ₀, y = −φ. Between those latitudes cos φ
//! stays within 1.8 % of cos φ₀, so shapes and east–west distances are off by at most that
//! much; areas are nearly proportional. It needs no library, keeps north up and meridians
//! straight, which is what readers of a national choropleth expect.

use crate::data::geo::Topology;
use std::collections::{BTreeMap, BTreeSet};

/// The standard parallel, degrees.
pub const LAT0: f64 = -2.5;

/// Project lon/lat (degrees) to plane units (degrees of longitude at φ₀).
pub fn project(p: [f64; 2]) -> [f64; 2] {
    [p[0] * LAT0.to_radians().cos(), -p[1]]
}

/// A fitted view: plane → view-box units, and the view box.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    min: [f64; 2],
    scale: f64,
    pub width: i32,
    pub height: i32,
    pad: f64,
}

impl Frame {
    /// Fit the projected positions `pts` into a view box `width` units wide with `pad` units
    /// of margin on each side.
    pub fn fit(pts: impl Iterator<Item = [f64; 2]>, width: i32, pad: i32) -> Frame {
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in pts {
            let q = project(p);
            for k in 0..2 {
                lo[k] = lo[k].min(q[k]);
                hi[k] = hi[k].max(q[k]);
            }
        }
        if lo[0] > hi[0] {
            lo = [0.0; 2];
            hi = [1.0; 2];
        }
        let inner = f64::from(width - 2 * pad);
        let span_x = (hi[0] - lo[0]).max(1e-9);
        let span_y = (hi[1] - lo[1]).max(1e-9);
        // Tall regions (a province longer north–south) are fitted to at most 1.2 × width.
        let scale = (inner / span_x).min(inner * 1.2 / span_y);
        let height = (span_y * scale).ceil() as i32 + 2 * pad;
        let width = ((span_x * scale).ceil() as i32 + 2 * pad).max(1);
        Frame {
            min: lo,
            scale,
            width,
            height,
            pad: f64::from(pad),
        }
    }

    /// View-box position of lon/lat `p`.
    pub fn to_view(&self, p: [f64; 2]) -> [f64; 2] {
        let q = project(p);
        [
            (q[0] - self.min[0]) * self.scale + self.pad,
            (q[1] - self.min[1]) * self.scale + self.pad,
        ]
    }
}

/// Douglas–Peucker simplification of an open polyline, endpoints kept.
pub fn simplify(pts: &[[f64; 2]], tol: f64) -> Vec<[f64; 2]> {
    if pts.len() < 3 {
        return pts.to_vec();
    }
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    let mut stack = vec![(0, pts.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (pa, pb) = (pts[a], pts[b]);
        let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
        let len = (dx * dx + dy * dy).sqrt();
        let mut best = (0.0, a);
        for (i, p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = if len == 0.0 {
                ((p[0] - pa[0]).powi(2) + (p[1] - pa[1]).powi(2)).sqrt()
            } else {
                ((p[0] - pa[0]) * dy - (p[1] - pa[1]) * dx).abs() / len
            };
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tol {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    pts.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Arcs projected into one frame, simplified and quantised once each (shared borders stay
/// identical in both neighbours), at `1/q` view-box units (`q` = 1 or 10).
pub struct Arcs<'a> {
    topo: &'a Topology,
    frame: Frame,
    tol: f64,
    q: f64,
    cache: BTreeMap<usize, Vec<[i64; 2]>>,
}

impl<'a> Arcs<'a> {
    pub fn new(topo: &'a Topology, frame: Frame, tol: f64, q: f64) -> Self {
        Arcs {
            topo,
            frame,
            tol,
            q,
            cache: BTreeMap::new(),
        }
    }

    fn arc(&mut self, r: i32) -> Vec<[i64; 2]> {
        let i = if r < 0 { (!r) as usize } else { r as usize };
        let (topo, frame, tol, q) = (self.topo, self.frame, self.tol, self.q);
        let fwd = self.cache.entry(i).or_insert_with(|| {
            let view: Vec<[f64; 2]> = topo.arcs[i].iter().map(|&p| frame.to_view(p)).collect();
            let mut out: Vec<[i64; 2]> = Vec::new();
            for p in simplify(&view, tol) {
                let v = [(p[0] * q).round() as i64, (p[1] * q).round() as i64];
                if out.last() != Some(&v) {
                    out.push(v);
                }
            }
            out
        });
        let mut v = fwd.clone();
        if r < 0 {
            v.reverse();
        }
        v
    }

    /// Quantised rings of a shape (rings that collapse below three points are dropped).
    pub fn rings(&mut self, shape: &[Vec<Vec<i32>>]) -> Vec<Vec<[i64; 2]>> {
        let mut rings = Vec::new();
        for poly in shape {
            for ring in poly {
                let mut pts: Vec<[i64; 2]> = Vec::new();
                for &r in ring {
                    for p in self.arc(r) {
                        if pts.last() != Some(&p) {
                            pts.push(p);
                        }
                    }
                }
                if pts.len() > 1 && pts.first() == pts.last() {
                    pts.pop();
                }
                let distinct: BTreeSet<[i64; 2]> = pts.iter().copied().collect();
                if distinct.len() >= 3 {
                    rings.push(pts);
                }
            }
        }
        rings
    }

    /// Path data of a shape; a shape too small to survive quantisation becomes a small
    /// square at its first position, so every district stays on the map and can be tapped.
    pub fn shape_path(&mut self, shape: &[Vec<Vec<i32>>], min_size: i64) -> String {
        let rings = self.rings(shape);
        if !rings.is_empty() {
            return path(&rings, self.q);
        }
        let first = shape
            .iter()
            .flatten()
            .flatten()
            .next()
            .map(|&r| self.arc(r))
            .and_then(|a| a.first().copied())
            .unwrap_or([0, 0]);
        let s = min_size.max(1);
        let (x, y) = (first[0] - s / 2, first[1] - s / 2);
        path(
            &[vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]]],
            self.q,
        )
    }

    /// Open path data of the arcs `refs` (e.g. a border mesh), each arc its own subpath.
    pub fn mesh_path(&mut self, refs: &[usize]) -> String {
        let lines: Vec<Vec<[i64; 2]>> = refs
            .iter()
            .map(|&i| self.arc(i as i32))
            .filter(|a| a.len() >= 2)
            .collect();
        let mut s = String::new();
        for l in &lines {
            write_line(&mut s, l, self.q, false);
        }
        s
    }
}

/// Arc indices used by districts of two different groups (`group` maps a district code to its
/// group, e.g. its province): the borders between groups, sorted.
pub fn borders_between(topo: &Topology, group: impl Fn(&str) -> Option<String>) -> Vec<usize> {
    let mut users: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (code, (_, shape)) in &topo.districts {
        let Some(g) = group(code) else { continue };
        for &r in shape.iter().flatten().flatten() {
            let i = if r < 0 { (!r) as usize } else { r as usize };
            users.entry(i).or_default().insert(g.clone());
        }
    }
    users
        .into_iter()
        .filter(|(_, g)| g.len() > 1)
        .map(|(i, _)| i)
        .collect()
}

fn num(s: &mut String, v: i64, q: f64) {
    use std::fmt::Write;
    if !s.is_empty() && v >= 0 && !s.ends_with(|c: char| c.is_ascii_alphabetic()) {
        s.push(' ');
    }
    if q == 1.0 {
        let _ = write!(s, "{v}");
    } else {
        let f = v as f64 / q;
        let _ = write!(s, "{}", (f * 10.0).round() / 10.0);
    }
}

fn write_line(s: &mut String, pts: &[[i64; 2]], q: f64, close: bool) {
    let Some(first) = pts.first() else { return };
    s.push('M');
    num(s, first[0], q);
    num(s, first[1], q);
    s.push('l');
    let mut prev = *first;
    for p in &pts[1..] {
        num(s, p[0] - prev[0], q);
        num(s, p[1] - prev[1], q);
        prev = *p;
    }
    if close {
        s.push('z');
    }
}

/// Closed path data of quantised rings: `M` absolute, then relative `l` steps.
pub fn path(rings: &[Vec<[i64; 2]>], q: f64) -> String {
    let mut s = String::new();
    for r in rings {
        write_line(&mut s, r, q, true);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_keeps_ends_and_corners() {
        let line = [[0.0, 0.0], [1.0, 0.01], [2.0, 0.0], [2.0, 2.0]];
        assert_eq!(
            simplify(&line, 0.1),
            vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0]]
        );
    }

    #[test]
    fn path_is_relative_and_compact() {
        let p = path(&[vec![[10, 20], [13, 18], [10, 25]]], 1.0);
        assert_eq!(p, "M10 20l3-2-3 7z");
    }

    #[test]
    fn projection_keeps_north_up_and_scales_longitude() {
        let a = project([100.0, 0.0]);
        let b = project([101.0, -1.0]);
        assert!(b[1] > a[1], "south is down");
        let k = b[0] - a[0];
        assert!((k - LAT0.to_radians().cos()).abs() < 1e-12);
    }
}
