//! Synthetic geography: provinces, districts and villages with obviously fictional names
//! ("Kabupaten Contoh 0001") and codes in the Kemendagri shape. Districts use strict `PP.DD`
//! codes while every province holds at most 87 of them, and the synthetic-only `PP.DDDD`
//! beyond that (accepted only by sites marked `data_contoh`).

/// A generated province: code and upper-case reference name.
pub struct Province {
    pub kode: String,
    pub nama: String,
}

/// A generated kab/kota.
pub struct District {
    pub kode: String,
    pub kode_provinsi: String,
    /// Upper-case reference name, as in idn-area-data.
    pub nama: String,
    pub kota: bool,
}

/// A generated desa/kelurahan.
pub struct Village {
    pub kode: String,
    pub nama: String,
    pub kelurahan: bool,
    /// Index into the district list.
    pub district: usize,
}

/// All generated regions.
pub struct Geography {
    pub provinces: Vec<Province>,
    pub districts: Vec<District>,
    pub villages: Vec<Village>,
}

/// Most provinces a synthetic site has (Indonesia has 38).
pub const MAX_PROVINCES: usize = 38;

/// Split `n` items into `parts` nearly equal counts, larger ones first.
pub fn split_even(n: usize, parts: usize) -> Vec<usize> {
    (0..parts)
        .map(|i| n / parts + usize::from(i < n % parts))
        .collect()
}

fn width(n: usize) -> usize {
    n.to_string().len().max(4)
}

/// Lay out `districts` districts over up to 38 provinces and `villages` villages over the
/// districts. Pure arithmetic: the same counts always give the same regions.
pub fn geography(districts: usize, villages: usize) -> Geography {
    let np = districts.clamp(1, MAX_PROVINCES);
    let provinces: Vec<Province> = (0..np)
        .map(|i| {
            let kode = format!("{}", 11 + i);
            Province {
                nama: format!("CONTOH {kode}"),
                kode,
            }
        })
        .collect();
    let per_province = split_even(districts, np);
    // Kabupaten take 01–70 and kota 71–99: 87 districts (70 + 17) is the most that fits.
    let strict = per_province.iter().all(|&n| n <= 87);
    let w = width(districts);
    let mut out = Vec::with_capacity(districts);
    for (p, &n) in provinces.iter().zip(&per_province) {
        // About one in five kab/kota is a kota, as in the real list (98 of 514).
        let kota = n / 5;
        for j in 0..n {
            let is_kota = j >= n - kota;
            let num = if is_kota { j - (n - kota) } else { j };
            let sub = match (strict, is_kota) {
                (true, false) => format!("{:02}", num + 1),
                (true, true) => format!("{:02}", num + 71),
                (false, false) => format!("{:04}", num + 1),
                (false, true) => format!("{:04}", num + 7101),
            };
            let seq = out.len() + 1;
            out.push(District {
                kode: format!("{}.{sub}", p.kode),
                kode_provinsi: p.kode.clone(),
                nama: format!(
                    "{} CONTOH {seq:0w$}",
                    if is_kota { "KOTA" } else { "KABUPATEN" }
                ),
                kota: is_kota,
            });
        }
    }
    let vw = villages.to_string().len().max(6);
    let mut vs = Vec::with_capacity(villages);
    if !out.is_empty() {
        for (di, &n) in split_even(villages, out.len()).iter().enumerate() {
            let per_kec = n.div_ceil(99).max(15);
            // Kota are mostly kelurahan; kabupaten mostly desa.
            let kel_share = if out[di].kota { 8 } else { 1 };
            let mut kel = 0;
            let mut desa = 0;
            for j in 0..n {
                let kec = j / per_kec + 1;
                if j % per_kec == 0 {
                    (kel, desa) = (0, 0);
                }
                let kelurahan = j % 10 < kel_share;
                let num = if kelurahan {
                    kel += 1;
                    1000 + kel
                } else {
                    desa += 1;
                    2000 + desa
                };
                let seq = vs.len() + 1;
                vs.push(Village {
                    kode: format!("{}.{kec:02}.{num}", out[di].kode),
                    nama: format!(
                        "{} Contoh {seq:0vw$}",
                        if kelurahan { "Kelurahan" } else { "Desa" }
                    ),
                    kelurahan,
                    district: di,
                });
            }
        }
    }
    Geography {
        provinces,
        districts: out,
        villages: vs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_codes_until_a_province_is_full() {
        let g = geography(514, 0);
        assert_eq!(g.provinces.len(), 38);
        assert!(g.districts.iter().all(|d| d.kode.len() == 5));
        assert_eq!(g.districts[0].nama, "KABUPATEN CONTOH 0001");
        let g = geography(10_000, 0);
        assert!(g.districts.iter().all(|d| d.kode.len() == 7));
        assert_eq!(g.districts.last().unwrap().nama, "KOTA CONTOH 10000");
        let codes: std::collections::BTreeSet<&str> =
            g.districts.iter().map(|d| d.kode.as_str()).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn villages_get_unique_nested_codes() {
        let g = geography(3, 5000);
        let codes: std::collections::BTreeSet<&str> =
            g.villages.iter().map(|v| v.kode.as_str()).collect();
        assert_eq!(codes.len(), 5000);
        for v in &g.villages {
            assert!(
                v.kode
                    .starts_with(&format!("{}.", g.districts[v.district].kode))
            );
            assert_eq!(v.kode.len(), 13, "{}", v.kode);
        }
    }
}
