//! Synthetic scores: a tier history per district (a drifting whole score out of 1000, a tier
//! only at 500 and above, the highest band never reached, a few years missing), and per-group
//! scores for Kelembagaan and Klaster I–V that add up exactly to the total.

use crate::config::Config;
use fastrand::Rng;

/// One synthetic award row.
pub struct Award {
    pub tahun: u16,
    pub tier: usize,
    pub nilai: u32,
}

/// Invented group maxima (out of 1000) for the six groups Kelembagaan, I–V. No national
/// per-group weights are published (domain brief §2.4): these exist only for synthetic data.
const SIX_GROUPS: [u32; 6] = [110, 170, 140, 200, 190, 190];

/// The synthetic maximum of each of `n` groups, summing to 1000.
pub fn group_maxima(n: usize) -> Vec<u32> {
    if n == SIX_GROUPS.len() {
        return SIX_GROUPS.to_vec();
    }
    let n32 = n.max(1) as u32;
    (0..n.max(1) as u32)
        .map(|i| 1000 / n32 + u32::from(i < 1000 % n32))
        .collect()
}

/// The highest score a synthetic district may reach: the top of the highest band that has
/// ever been awarded (`pernah_diraih`), so the KLA tier stays unawarded as in reality.
fn ceiling(cfg: &Config) -> u32 {
    cfg.predikat
        .iter()
        .filter(|t| t.pernah_diraih)
        .map(|t| t.maks)
        .max()
        .unwrap_or(1000)
}

/// A district's award history over `years` (ascending).
pub fn history(rng: &mut Rng, cfg: &Config, years: &[u16]) -> Vec<Award> {
    let top = ceiling(cfg);
    let base = f64::from(rng.u32(430..760));
    let trend = rng.f64() * 25.0 - 5.0;
    let start = if rng.bool() {
        0
    } else {
        rng.usize(0..years.len().max(1))
    };
    let mut out = Vec::new();
    for (i, &tahun) in years.iter().enumerate().skip(start) {
        let noise = f64::from(rng.i32(-20..=20));
        let missing = rng.u8(0..100) < 5;
        let s = (base + trend * (i - start) as f64 + noise).clamp(300.0, f64::from(top));
        let nilai = s.round() as u32;
        if missing {
            continue;
        }
        if let Some(tier) = cfg.tier_for_score(nilai) {
            out.push(Award { tahun, tier, nilai });
        }
    }
    out
}

/// Split `total` over groups with maxima `maks`: each share near `total/1000` of its maximum,
/// never above it, and the shares add up to `total` exactly.
pub fn split(rng: &mut Rng, total: u32, maks: &[u32]) -> Vec<u32> {
    let sum: u32 = maks.iter().sum();
    let total = total.min(sum);
    let r = f64::from(total) / f64::from(sum.max(1));
    let mut v: Vec<u32> = maks
        .iter()
        .map(|&m| {
            let share = (r + rng.f64() * 0.16 - 0.08).clamp(0.0, 1.0);
            (f64::from(m) * share).floor() as u32
        })
        .collect();
    let mut diff = i64::from(total) - v.iter().map(|&x| i64::from(x)).sum::<i64>();
    let mut i = 0;
    while diff != 0 {
        let k = i % v.len();
        if diff > 0 {
            let add = (maks[k] - v[k]).min(diff as u32);
            v[k] += add;
            diff -= i64::from(add);
        } else {
            let sub = v[k].min((-diff) as u32);
            v[k] -= sub;
            diff += i64::from(sub);
        }
        i += 1;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_scores_add_up_and_stay_under_their_maxima() {
        let mut rng = Rng::with_seed(7);
        let maks = group_maxima(6);
        assert_eq!(maks.iter().sum::<u32>(), 1000);
        for total in [0, 1, 499, 500, 733, 900, 1000] {
            let v = split(&mut rng, total, &maks);
            assert_eq!(v.iter().sum::<u32>(), total);
            assert!(v.iter().zip(&maks).all(|(a, m)| a <= m));
        }
        assert_eq!(group_maxima(7).iter().sum::<u32>(), 1000);
    }
}
