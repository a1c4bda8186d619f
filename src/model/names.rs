//! Display names and URL slugs for regions, from the upper-case reference names.

/// "KABUPATEN TOJO UNA-UNA" -> "Kabupaten Tojo Una-Una"; acronyms such as DKI stay upper case.
pub fn title_case(upper: &str) -> String {
    const KEEP: [&str; 3] = ["DKI", "DI", "NTB"];
    upper
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if KEEP.contains(&w) {
                return w.to_string();
            }
            w.split('-')
                .map(|part| {
                    let mut cs = part.chars();
                    match cs.next() {
                        Some(f) => f
                            .to_uppercase()
                            .chain(cs.flat_map(char::to_lowercase))
                            .collect(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<String>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The kind of a kab/kota, from its code and name.
pub fn kind(code: &str, upper_name: &str) -> &'static str {
    if upper_name.starts_with("KOTA ADMINISTRASI") {
        "kota_adm"
    } else if upper_name.starts_with("KABUPATEN ADMINISTRASI") {
        "kab_adm"
    } else if code[3..]
        .parse::<u32>()
        // Kota codes run 71–99; synthetic four-digit codes (`PP.DDDD`) use 7100–9999.
        .is_ok_and(|n| n >= if code.len() == 7 { 7100 } else { 71 })
    {
        "kota"
    } else {
        "kabupaten"
    }
}

/// The name without "Kabupaten"/"Kota (Administrasi)": "Kabupaten Banjar" -> "Banjar".
pub fn short_name(display: &str) -> String {
    for p in [
        "Kabupaten Administrasi ",
        "Kota Administrasi ",
        "Kabupaten ",
        "Kota ",
    ] {
        if let Some(rest) = display.strip_prefix(p) {
            return rest.to_string();
        }
    }
    display.to_string()
}

/// A stable ASCII slug: lower-case letters, digits and hyphens.
pub fn slugify(s: &str) -> String {
    slug::slugify(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            title_case("KABUPATEN TOJO UNA-UNA"),
            "Kabupaten Tojo Una-Una"
        );
        assert_eq!(title_case("DKI JAKARTA"), "DKI Jakarta");
        assert_eq!(
            short_name("Kota Administrasi Jakarta Selatan"),
            "Jakarta Selatan"
        );
        assert_eq!(kind("35.78", "KOTA SURABAYA"), "kota");
        assert_eq!(kind("35.7101", "KOTA CONTOH 1"), "kota");
        assert_eq!(kind("35.0071", "KABUPATEN CONTOH 2"), "kabupaten");
        assert_eq!(
            kind("31.01", "KABUPATEN ADMINISTRASI KEPULAUAN SERIBU"),
            "kab_adm"
        );
        assert_eq!(slugify("Kabupaten Tojo Una-Una"), "kabupaten-tojo-una-una");
    }
}
