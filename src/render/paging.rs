//! Long list pages split into numbered parts (`…/halaman/2/`): which rows of which group each
//! part shows, the part's address and the navigation between parts. Pure: it works on group
//! sizes and knows nothing of the model or the templates.

use serde::Serialize;

/// Rows `start..end` of group `group` on one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub group: usize,
    pub start: usize,
    pub end: usize,
}

impl Slice {
    /// Whether the group began on an earlier part (its heading says "continued").
    pub fn continued(&self) -> bool {
        self.start > 0
    }
}

/// Split groups of `sizes` rows, in order, into parts of at most `max` rows (at least 1).
/// A group stays whole when it fits on one part: it moves to a new part rather than being cut.
/// A group longer than a part fills the current part and goes on over the next ones. An
/// empty group stays on the part of the group before it (its "none recorded" note keeps its
/// place). There is always at least one part.
pub fn pack(sizes: &[usize], max: usize) -> Vec<Vec<Slice>> {
    let max = max.max(1);
    let mut parts: Vec<Vec<Slice>> = vec![Vec::new()];
    let mut used = 0;
    for (group, &n) in sizes.iter().enumerate() {
        if used > 0 && used + n > max && n <= max {
            parts.push(Vec::new());
            used = 0;
        }
        let mut start = 0;
        loop {
            if used == max && start < n {
                parts.push(Vec::new());
                used = 0;
            }
            let end = start + (n - start).min(max - used);
            if let Some(part) = parts.last_mut() {
                part.push(Slice { group, start, end });
            }
            used += end - start;
            start = end;
            if start >= n {
                break;
            }
        }
    }
    parts
}

/// The part (from 0) on which `group` begins.
pub fn start_of(parts: &[Vec<Slice>], group: usize) -> usize {
    parts
        .iter()
        .position(|p| p.iter().any(|s| s.group == group && s.start == 0))
        .unwrap_or(0)
}

/// Folder of part `k` (from 0) below the list's own folder: "" for the first part.
pub fn dir(k: usize) -> String {
    if k == 0 {
        String::new()
    } else {
        format!("halaman/{}/", k + 1)
    }
}

/// Navigation between the parts of a list, for the `partials/bagian.html` template.
#[derive(Debug, Serialize)]
pub struct Nav {
    /// This part's number, from 1.
    pub nomor: usize,
    pub jumlah: usize,
    pub sebelumnya: Option<String>,
    pub berikutnya: Option<String>,
    pub daftar: Vec<NavLink>,
}

#[derive(Debug, Serialize)]
pub struct NavLink {
    pub nomor: usize,
    pub url: String,
    pub kini: bool,
}

/// The navigation of part `k` (from 0) of `n` parts of the list at `url` (its first part).
pub fn nav(url: &str, k: usize, n: usize) -> Nav {
    let at = |i: usize| format!("{url}{}", dir(i));
    Nav {
        nomor: k + 1,
        jumlah: n,
        sebelumnya: k.checked_sub(1).map(at),
        berikutnya: (k + 1 < n).then(|| at(k + 1)),
        daftar: (0..n)
            .map(|i| NavLink {
                nomor: i + 1,
                url: at(i),
                kini: i == k,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of every group appears exactly once, in order, and no part is over `max`.
    fn check(sizes: &[usize], max: usize) -> Vec<Vec<Slice>> {
        let parts = pack(sizes, max);
        assert!(!parts.is_empty());
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for p in &parts {
            let rows: usize = p.iter().map(|s| s.end - s.start).sum();
            assert!(
                rows <= max.max(1),
                "{sizes:?} max {max}: part of {rows} rows"
            );
            for s in p {
                seen.extend((s.start..s.end).map(|r| (s.group, r)));
            }
        }
        let want: Vec<(usize, usize)> = sizes
            .iter()
            .enumerate()
            .flat_map(|(g, &n)| (0..n).map(move |r| (g, r)))
            .collect();
        assert_eq!(seen, want, "{sizes:?} max {max}");
        parts
    }

    #[test]
    fn short_lists_stay_on_one_part() {
        let parts = check(&[3, 0, 4], 10);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].len(), 3, "the empty group keeps its place");
        assert_eq!(check(&[], 5).len(), 1, "an empty list still has its page");
    }

    #[test]
    fn groups_that_fit_are_not_cut() {
        let parts = check(&[4, 4, 4], 10);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[1],
            vec![Slice {
                group: 2,
                start: 0,
                end: 4
            }]
        );
        assert_eq!(start_of(&parts, 2), 1);
    }

    #[test]
    fn long_groups_go_on_over_parts() {
        let parts = check(&[3, 25, 0, 2], 10);
        assert_eq!(parts.len(), 3);
        assert_eq!(
            parts[0][1],
            Slice {
                group: 1,
                start: 0,
                end: 7
            }
        );
        assert!(parts[1][0].continued());
        assert_eq!(start_of(&parts, 1), 0);
        assert_eq!(start_of(&parts, 3), 2);
    }

    #[test]
    fn random_sizes_keep_every_row_once() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..500 {
            let sizes: Vec<usize> = (0..rng.usize(0..12)).map(|_| rng.usize(0..30)).collect();
            check(&sizes, rng.usize(0..15));
        }
    }

    #[test]
    fn nav_links_every_part() {
        let n = nav("/predikat/2025/", 1, 3);
        assert_eq!(n.nomor, 2);
        assert_eq!(n.sebelumnya.as_deref(), Some("/predikat/2025/"));
        assert_eq!(n.berikutnya.as_deref(), Some("/predikat/2025/halaman/3/"));
        assert_eq!(n.daftar.iter().filter(|l| l.kini).count(), 1);
        assert!(nav("/wilayah/", 0, 1).sebelumnya.is_none());
    }
}
