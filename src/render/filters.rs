//! Locale-aware formatting used by templates: numbers, dates, percentages.

/// `1234567` -> `1.234.567` (id) or `1,234,567` (en).
pub fn number(n: i64, lang: &str) -> String {
    let sep = if lang == "en" { ',' } else { '.' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// HTML-escape text for element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut buf = Vec::with_capacity(s.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(s, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Whole percentage of `part` in `whole`, e.g. `45%`; `–` when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{}%", (part * 100 + whole / 2) / whole)
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2023-07-22` -> `22 Juli 2023` (id) or `22 July 2023` (en). Other text passes through.
pub fn date(iso: &str, lang: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    if p.len() != 3 {
        return iso.to_string();
    }
    let (Ok(m), Ok(d)) = (p[1].parse::<usize>(), p[2].parse::<u32>()) else {
        return iso.to_string();
    };
    if !(1..=12).contains(&m) {
        return iso.to_string();
    }
    let months = if lang == "en" { MONTHS_EN } else { MONTHS_ID };
    format!("{d} {} {}", months[m - 1], p[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_per_locale() {
        assert_eq!(number(1000, "id"), "1.000");
        assert_eq!(number(1000, "en"), "1,000");
        assert_eq!(number(999, "id"), "999");
        assert_eq!(number(-1234567, "id"), "-1.234.567");
        assert_eq!(date("2023-07-22", "id"), "22 Juli 2023");
        assert_eq!(date("2025-08-08", "en"), "8 August 2025");
        assert_eq!(percent(163, 360), "45%");
        assert_eq!(percent(1, 0), "–");
    }
}
