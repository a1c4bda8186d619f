//! Field parsers shared by the CSV loaders: district codes, years, scores, citations.
//! Each returns `None` after pushing a located diagnostic.

use super::csvfile::Field;
use crate::diag::Diagnostics;
use serde::Serialize;

/// A source: a web address, or a plain citation for print or unpublished sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Text to show: the host name for URLs, the citation itself otherwise.
    pub teks: String,
    pub url: Option<String>,
}

impl Citation {
    /// What a download or CSV cell records: the URL when there is one, else the citation text.
    pub fn reference(&self) -> &str {
        self.url.as_deref().unwrap_or(&self.teks)
    }

    /// Build from a raw value without validation (for trusted, already-checked input).
    pub fn from_raw(raw: &str) -> Citation {
        if raw.starts_with("https://") || raw.starts_with("http://") {
            let host = raw.split('/').nth(2).unwrap_or(raw);
            let host = host.strip_prefix("www.").unwrap_or(host);
            let host = host.split(':').next().unwrap_or(host);
            Citation {
                teks: host.to_string(),
                url: Some(raw.to_string()),
            }
        } else {
            Citation {
                teks: raw.to_string(),
                url: None,
            }
        }
    }
}

/// A Kemendagri kab/kota code `PP.KK`, always text.
pub fn district_code(f: &Field, file: &str, d: &mut Diagnostics) -> Option<String> {
    let v = f.value;
    let b = v.as_bytes();
    let ok = b.len() == 5
        && b[2] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    if ok {
        return Some(v.to_string());
    }
    let looks_numeric = v.len() == 4
        && v.as_bytes()[2] == b'.'
        && v.replace('.', "").chars().all(|c| c.is_ascii_digit());
    let hint = if looks_numeric {
        format!(
            "`{v}` looks like `{v}0` read as a number by a spreadsheet; format the column as text and restore the trailing zero"
        )
    } else if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        "this looks like a BPS code; ila uses Kemendagri codes with a dot (e.g. `35.10`), and the two do not always match".to_string()
    } else {
        "use the Kemendagri code as text, two digits, a dot, two digits".to_string()
    };
    d.push(
        f.error(file, "malformed district code")
            .expected("a Kemendagri code like `35.10`")
            .hint(hint),
    );
    None
}

/// `PP.DDDD`: four district digits. Only synthetic sites (`data_contoh = true`) accept it,
/// because 10,000 generated districts do not fit the Kemendagri `PP.DD` range.
fn relaxed_district_code(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 7
        && b[2] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// A district code under the site's rule: strict Kemendagri `PP.KK`, plus `PP.DDDD` when
/// `sample` (the site is marked `data_contoh`). Real data gets exactly [`district_code`].
pub fn district_code_for(
    f: &Field,
    file: &str,
    sample: bool,
    d: &mut Diagnostics,
) -> Option<String> {
    if sample && relaxed_district_code(f.value) {
        return Some(f.value.to_string());
    }
    district_code(f, file, d)
}

/// Whether `v` is a district code under the site's rule (see [`district_code_for`]).
pub fn is_district_code(v: &str, sample: bool) -> bool {
    let b = v.as_bytes();
    let strict = b.len() == 5
        && b[2] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    strict || (sample && relaxed_district_code(v))
}

/// A scoring group code defined in `ila.toml` (`kelembagaan`, `I`…`V`).
pub fn group(
    f: &Field,
    file: &str,
    cfg: &crate::config::Config,
    d: &mut Diagnostics,
) -> Option<String> {
    if cfg.kelompok.iter().any(|g| g.kode == f.value) {
        return Some(f.value.to_string());
    }
    let groups: Vec<&str> = cfg.kelompok.iter().map(|g| g.kode.as_str()).collect();
    d.push(
        f.error(file, "unknown group")
            .expected(format!("one of {}", groups.join(", "))),
    );
    None
}

/// A province code `PP`.
pub fn province_code(f: &Field, file: &str, d: &mut Diagnostics) -> Option<String> {
    if f.value.len() == 2 && f.value.chars().all(|c| c.is_ascii_digit()) {
        return Some(f.value.to_string());
    }
    d.push(
        f.error(file, "malformed province code")
            .expected("two digits, e.g. `35`"),
    );
    None
}

/// An award year: four digits, not before 2006 (KLA began) and not after `this_year`.
pub fn year(f: &Field, file: &str, this_year: u16, d: &mut Diagnostics) -> Option<u16> {
    match f.value.parse::<u16>() {
        Ok(y) if (2006..=this_year).contains(&y) => Some(y),
        Ok(y) if y > this_year => {
            d.push(
                f.error(file, "year is in the future")
                    .expected(format!("a year up to {this_year}"))
                    .hint("awards are recorded after the award night; check for a typo"),
            );
            None
        }
        _ => {
            d.push(
                f.error(file, "invalid year")
                    .expected(format!("a four-digit year between 2006 and {this_year}"))
                    .hint("KLA evaluation began in 2006"),
            );
            None
        }
    }
}

/// An optional whole score 0–1000. Empty means unknown.
pub fn score(f: &Field, file: &str, d: &mut Diagnostics) -> Option<Option<u32>> {
    let v = f.value;
    if v.is_empty() {
        return Some(None);
    }
    if let Ok(n) = v.parse::<u32>() {
        if n <= 1000 {
            return Some(Some(n));
        }
        d.push(
            f.error(file, "score out of range")
                .expected("a whole number from 0 to 1000"),
        );
        return None;
    }
    if v.starts_with('-') && v[1..].replace(',', ".").parse::<f64>().is_ok() {
        d.push(
            f.error(file, "score is negative")
                .expected("a whole number from 0 to 1000")
                .hint("KLA scores count points earned and are never below 0; check the sign against the source"),
        );
        return None;
    }
    let hint = if v.contains(',') {
        "spreadsheets in Indonesian locale write decimals with a comma; KLA scores are whole points, so drop the fraction"
    } else if v.parse::<f64>().is_ok() {
        "KLA scores are whole points out of 1000; round or check the source"
    } else {
        "leave the cell empty when the score is not known"
    };
    d.push(
        f.error(file, "score is not a whole number")
            .expected("a whole number from 0 to 1000")
            .hint(hint),
    );
    None
}

/// A whole count.
pub fn count(f: &Field, file: &str, d: &mut Diagnostics) -> Option<u32> {
    match f.value.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) if f.value.starts_with('-') && f.value[1..].parse::<u64>().is_ok() => {
            d.push(
                f.error(file, "count is negative")
                    .expected("a whole number of 0 or more"),
            );
            None
        }
        Err(_) => {
            d.push(f.error(file, "invalid count").expected("a whole number"));
            None
        }
    }
}

/// A required source: an http(s) URL or a plain-text citation. Other URL schemes are refused.
pub fn citation(
    f: &Field,
    file: &str,
    required: bool,
    d: &mut Diagnostics,
) -> Option<Option<Citation>> {
    let v = f.value;
    if v.is_empty() {
        if required {
            d.push(
                f.error(file, "missing source")
                    .expected("the URL or citation of the article this row comes from")
                    .hint("every row must name its source; ila never publishes unsourced data"),
            );
            return None;
        }
        return Some(None);
    }
    let lower = v.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(s, rest)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && !rest.starts_with(char::is_whitespace)
    });
    if has_scheme && !(lower.starts_with("http://") || lower.starts_with("https://")) {
        d.push(
            f.error(file, "source is not an http(s) address")
                .expected("`https://…` or a plain citation such as `Kompas, 2 Juli 2023`"),
        );
        return None;
    }
    if v.chars().any(char::is_control) {
        d.push(f.error(file, "source contains control characters"));
        return None;
    }
    if has_scheme {
        if let Err(why) = crate::text::web_url(v) {
            d.push(
                f.error(file, "source is not a valid web address")
                    .expected("`https://host/…` written out in full")
                    .hint(why),
            );
            return None;
        }
    }
    let c = Citation::from_raw(v);
    if c.teks.is_empty() {
        // `http:///x`, `https://:80/`, `https://www./`: the link would have no text.
        d.push(
            f.error(file, "source address has no host name")
                .expected("`https://host/…`, e.g. `https://www.antaranews.com/berita/…`"),
        );
        return None;
    }
    Some(Some(c))
}

/// `YYYY-MM-DD` with a real month and day.
pub fn valid_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[0].len() != 4 || p[1].len() != 2 || p[2].len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(dd)) = (
        p[0].parse::<u32>(),
        p[1].parse::<u32>(),
        p[2].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && dd >= 1 && dd <= days[(m - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(v: &str) -> Field<'_> {
        Field {
            value: v,
            line: 2,
            index: Some(0),
            line_text: v,
        }
    }

    #[test]
    fn codes_read_as_numbers_get_a_hint() {
        let mut d = Diagnostics::new();
        assert_eq!(
            district_code(&field("35.10"), "f", &mut d),
            Some("35.10".into())
        );
        assert!(district_code(&field("11.1"), "f", &mut d).is_none());
        assert!(district_code(&field("3510"), "f", &mut d).is_none());
        let s = d.sorted();
        assert!(s[0].hint.as_deref().unwrap().contains("`11.10`"));
        assert!(s[1].hint.as_deref().unwrap().contains("BPS"));
    }

    #[test]
    fn relaxed_codes_only_on_sample_sites() {
        let mut d = Diagnostics::new();
        let f = field("35.1234");
        assert_eq!(
            district_code_for(&f, "f", true, &mut d),
            Some("35.1234".into())
        );
        assert_eq!(d.errors(), 0);
        assert!(district_code_for(&f, "f", false, &mut d).is_none());
        let e = d.sorted()[0];
        assert_eq!(e.message, "malformed district code");
        assert!(is_district_code("35.10", false) && !is_district_code("35.1234", false));
        assert!(is_district_code("35.1234", true) && !is_district_code("35.123", true));
    }

    #[test]
    fn scores_must_be_whole_and_in_range() {
        let mut d = Diagnostics::new();
        assert_eq!(score(&field(""), "f", &mut d), Some(None));
        assert_eq!(score(&field("685"), "f", &mut d), Some(Some(685)));
        assert!(score(&field("1001"), "f", &mut d).is_none());
        assert!(score(&field("72,5"), "f", &mut d).is_none());
        assert!(score(&field("72.5"), "f", &mut d).is_none());
        assert_eq!(d.errors(), 3);
        assert!(
            d.sorted()
                .iter()
                .any(|e| e.hint.as_deref().unwrap_or("").contains("comma"))
        );
    }

    #[test]
    fn future_years_are_rejected() {
        let mut d = Diagnostics::new();
        assert_eq!(year(&field("2023"), "f", 2026, &mut d), Some(2023));
        assert!(year(&field("2031"), "f", 2026, &mut d).is_none());
        assert!(d.sorted()[0].message.contains("future"));
    }

    #[test]
    fn javascript_sources_are_refused() {
        let mut d = Diagnostics::new();
        assert!(citation(&field("javascript:alert(1)"), "f", true, &mut d).is_none());
        let c = citation(
            &field("https://www.antaranews.com/berita/1"),
            "f",
            true,
            &mut d,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.teks, "antaranews.com");
        assert!(
            citation(&field("Kompas: 2 Juli 2023"), "f", true, &mut d)
                .unwrap()
                .is_some()
        );
        let plain = citation(&field("Riceknews.id, 5 Mei 2025"), "f", true, &mut d)
            .unwrap()
            .unwrap();
        assert_eq!(plain.url, None);
        assert_eq!(d.errors(), 1);
        for hostless in [
            "http:///antaranews.com/x",
            "https://",
            "https://:80/x",
            "https://www./x",
        ] {
            assert!(
                citation(&field(hostless), "f", true, &mut d).is_none(),
                "{hostless}"
            );
        }
        assert_eq!(d.errors(), 5);
    }
}
