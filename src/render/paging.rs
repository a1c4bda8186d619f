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

/// A numbered link in the part navigation, or a gap (`celah`) standing for the parts left out.
#[derive(Debug, Serialize)]
pub struct NavLink {
    pub nomor: usize,
    pub url: String,
    pub kini: bool,
    pub celah: bool,
}

/// Numbered links either side of the current part; the first and last parts are always listed.
const NAV_AROUND: usize = 2;

/// The navigation of part `k` (from 0) of `n` parts of the list at `url` (its first part):
/// previous and next, and numbered links to the first part, the last, and the parts within
/// [`NAV_AROUND`] of this one, with a gap where parts are left out (a 50-part list keeps a
/// short navigation).
pub fn nav(url: &str, k: usize, n: usize) -> Nav {
    let at = |i: usize| format!("{url}{}", dir(i));
    let near = |i: usize| i == 0 || i + 1 == n || i.abs_diff(k) <= NAV_AROUND;
    // A gap would stand for a single part: show its number instead.
    let shown = |i: usize| near(i) || (i > 0 && near(i - 1) && near(i + 1));
    let mut daftar = Vec::new();
    for i in 0..n {
        if shown(i) {
            daftar.push(NavLink {
                nomor: i + 1,
                url: at(i),
                kini: i == k,
                celah: false,
            });
        } else if i > 0 && shown(i - 1) {
            daftar.push(NavLink {
                nomor: i + 1,
                url: String::new(),
                kini: false,
                celah: true,
            });
        }
    }
    Nav {
        nomor: k + 1,
        jumlah: n,
        sebelumnya: k.checked_sub(1).map(at),
        berikutnya: (k + 1 < n).then(|| at(k + 1)),
        daftar,
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
        // Short lists number every part.
        assert_eq!(n.daftar.len(), 3);
        assert!(n.daftar.iter().all(|l| !l.celah));
    }

    #[test]
    fn long_navigation_keeps_first_last_and_neighbours() {
        let numbers = |k: usize| -> Vec<String> {
            nav("/x/", k, 50)
                .daftar
                .iter()
                .map(|l| {
                    if l.celah {
                        "…".to_string()
                    } else {
                        l.nomor.to_string()
                    }
                })
                .collect()
        };
        assert_eq!(numbers(0), ["1", "2", "3", "…", "50"]);
        assert_eq!(
            numbers(24),
            ["1", "…", "23", "24", "25", "26", "27", "…", "50"]
        );
        assert_eq!(numbers(49), ["1", "…", "48", "49", "50"]);
        // A gap would stand for one part: its number is shown instead.
        assert_eq!(numbers(4), ["1", "2", "3", "4", "5", "6", "7", "…", "50"]);
        assert_eq!(numbers(5), ["1", "…", "4", "5", "6", "7", "8", "…", "50"]);
        assert_eq!(numbers(3), ["1", "2", "3", "4", "5", "6", "…", "50"]);
        let n = nav("/x/", 24, 50);
        assert_eq!(
            n.daftar.iter().find(|l| l.kini).unwrap().url,
            "/x/halaman/25/"
        );
    }
}
