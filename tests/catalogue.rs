//! The catalogue of bad inputs (issue: validation). Each case breaks one thing in a copy of the
//! shipped site, rebuilds over a good earlier build, and checks three things: the build fails,
//! the first line of the message names the file, line and column (and what was found), and the
//! earlier output is byte for byte as it was. Cases that must *not* fail (a BOM) or that only
//! warn (a tier outside its score band) are checked the same way in the other direction.

mod common;

use common::*;
use std::path::Path;

fn append(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    let old = std::fs::read_to_string(&p).unwrap();
    std::fs::write(p, format!("{old}{text}")).unwrap();
}

fn write(site: &Path, rel: &str, bytes: &[u8]) {
    std::fs::write(site.join(rel), bytes).unwrap();
}

fn lines(site: &Path, rel: &str) -> usize {
    let bytes = std::fs::read(site.join(rel)).unwrap();
    bytes.iter().filter(|&&b| b == b'\n').count() + usize::from(!bytes.ends_with(b"\n"))
}

/// Break the site with `setup`, rebuild over a good output, and return the messages.
fn run_case(setup: impl FnOnce(&Path) -> Vec<String>) -> (Vec<String>, Vec<String>, bool) {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let out = t.path().join("public");
    copy_dir(shipped(), &out);
    let before = snapshot(&out);
    let expected = setup(&site);
    let o = build(&site, &out);
    let msgs = messages(&o);
    if o.output.is_none() {
        assert_eq!(snapshot(&out), before, "the old output changed: {msgs:#?}");
    }
    (expected, msgs, o.output.is_some())
}

/// The case must fail and report each expected message (matched as a prefix).
fn fails(setup: impl FnOnce(&Path) -> Vec<String>) {
    let (expected, msgs, built) = run_case(setup);
    assert!(!built, "the build should fail: {msgs:#?}");
    if std::env::var_os("ILA_SHOW").is_some() {
        println!("SHOW {:?}", msgs.iter().take(2).collect::<Vec<_>>());
    }
    for e in &expected {
        assert!(
            msgs.iter().any(|m| m.starts_with(e.as_str())),
            "missing `{e}` in {msgs:#?}"
        );
    }
}

const AWARDS: &str = "data/predikat.csv";
/// The empty optional fields after `kode,tahun,predikat,sumber` in a row of the shipped
/// `data/predikat.csv` (read from its header, so new columns need no test change).
fn row_end() -> String {
    let text = std::fs::read_to_string(repo().join(AWARDS)).unwrap();
    let columns = text.lines().next().unwrap().split(',').count();
    ",".repeat(columns - 4)
}

// ---- CSV ----

#[test]
fn ragged_row() {
    fails(|s| {
        append(s, AWARDS, "35.10,2023,madya\n");
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:17: error: row has the wrong number of fields (found `3 fields`"
        )]
    });
}

#[test]
fn bad_quoting() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("35.10,2023,madya,\"Koran \"Jatim\" edisi{}\n", row_end()),
        );
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:26: error: text after a closing quote"
        )]
    });
}

#[test]
fn unclosed_quote() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("17.04,2023,madya,\"Koran edisi{}\n", row_end()),
        );
        let n = lines(s, AWARDS);
        vec![format!("{AWARDS}:{n}:18: error: quote is never closed")]
    });
}

#[test]
fn byte_order_mark_is_accepted() {
    let (_, msgs, built) = run_case(|s| {
        let old = std::fs::read(s.join(AWARDS)).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(old);
        write(s, AWARDS, &bom);
        vec![]
    });
    assert!(built, "{msgs:#?}");
}

#[test]
fn windows_1252_export() {
    fails(|s| {
        let mut old = std::fs::read(s.join(AWARDS)).unwrap();
        old.extend(b"35.10,2023,madya,Koran Jawa \x96 Timur");
        old.extend(row_end().as_bytes());
        old.extend(b"\n");
        write(s, AWARDS, &old);
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:29: error: file is not valid UTF-8 (found `byte 0x96`"
        )]
    });
}

#[test]
fn semicolon_delimiter() {
    fails(|s| {
        write(
            s,
            AWARDS,
            b"kode;tahun;predikat;sumber\n35.10;2023;nindya;Koran\n",
        );
        vec![format!(
            "{AWARDS}:1:5: error: file uses `;` as the column separator"
        )]
    });
}

#[test]
fn decimal_comma_score() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("17.04,2023,madya,Koran,\"650,5\"{}\n", &row_end()[1..]),
        );
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:25: error: score is not a whole number"
        )]
    });
}

#[test]
fn empty_file() {
    fails(|s| {
        write(s, AWARDS, b"");
        vec![format!("{AWARDS}: error: file is empty")]
    });
}

#[test]
fn missing_column() {
    fails(|s| {
        write(s, AWARDS, b"kode,tahun,sumber\n35.10,2023,Koran\n");
        vec![format!("{AWARDS}:1:1: error: missing column")]
    });
}

#[test]
fn unknown_column() {
    fails(|s| {
        let old = std::fs::read_to_string(s.join(AWARDS)).unwrap();
        let fixed = old.replacen("kode,tahun,predikat,", "kode,tahun,predkat,", 1);
        write(s, AWARDS, fixed.as_bytes());
        vec![format!("{AWARDS}:1:12: error: unknown column")]
    });
}

#[test]
fn unknown_district_code() {
    fails(|s| {
        append(s, AWARDS, &format!("99.99,2023,madya,Koran{}\n", row_end()));
        let n = lines(s, AWARDS);
        vec![format!("{AWARDS}:{n}:1: error: unknown district code")]
    });
}

#[test]
fn code_read_as_a_number() {
    fails(|s| {
        append(s, AWARDS, &format!("11.1,2023,madya,Koran{}\n", row_end()));
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:1: error: malformed district code (found `11.1`"
        )]
    });
}

#[test]
fn duplicate_row() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("35.10,2023,nindya,Koran{}\n", row_end()),
        );
        let n = lines(s, AWARDS);
        vec![format!("{AWARDS}:{n}:1: error: duplicate award")]
    });
}

#[test]
fn unknown_tier() {
    fails(|s| {
        append(s, AWARDS, &format!("17.04,2023,hebat,Koran{}\n", row_end()));
        let n = lines(s, AWARDS);
        vec![format!("{AWARDS}:{n}:12: error: unknown tier")]
    });
}

#[test]
fn score_out_of_range() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("17.04,2023,madya,Koran,1200{}\n", &row_end()[1..]),
        );
        let n = lines(s, AWARDS);
        vec![format!("{AWARDS}:{n}:24: error: score out of range")]
    });
}

#[test]
fn score_not_whole() {
    fails(|s| {
        append(
            s,
            AWARDS,
            &format!("17.04,2023,madya,Koran,650.5{}\n", &row_end()[1..]),
        );
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:24: error: score is not a whole number"
        )]
    });
}

#[test]
fn tier_contradicting_its_band_warns_and_fails_under_strict() {
    let (_, msgs, built) = run_case(|s| {
        let rest = &row_end()[1..];
        append(s, AWARDS, &format!("17.04,2023,utama,Koran,650{rest}\n"));
        vec![]
    });
    assert!(built, "a warning alone does not stop the build: {msgs:#?}");
    assert!(msgs.iter().any(|m| m.contains("warning:")), "{msgs:#?}");
}

#[test]
fn award_year_in_the_future() {
    fails(|s| {
        append(s, AWARDS, &format!("17.04,2031,madya,Koran{}\n", row_end()));
        let n = lines(s, AWARDS);
        vec![format!(
            "{AWARDS}:{n}:7: error: year is in the future (found `2031`"
        )]
    });
}

// ---- front matter ----

const DOC: &str = "content/program/uji.md";

#[test]
fn front_matter_without_delimiters() {
    fails(|s| {
        write(s, DOC, b"judul = \"Uji\"\n\nTeks.\n");
        vec![format!("{DOC}:1:1: error: missing front matter")]
    });
}

#[test]
fn front_matter_invalid_toml() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\nringkasan = \"x\"\n+++\nTeks.\n",
        );
        vec![format!("{DOC}:2:13: error: invalid front matter")]
    });
}

#[test]
fn front_matter_unknown_key() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\npenulis = \"A\"\n+++\nTeks.\n",
        );
        vec![format!(
            "{DOC}:3:1: error: invalid front matter: unknown field `penulis`"
        )]
    });
}

#[test]
fn front_matter_wrong_type() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\nurutan = \"satu\"\n+++\nTeks.\n",
        );
        vec![format!(
            "{DOC}:3:10: error: invalid front matter: invalid type: string \"satu\""
        )]
    });
}

#[test]
fn front_matter_unknown_district_code() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\nwilayah = [\"35.10\", \"99.98\"]\n+++\nTeks.\n",
        );
        vec![format!(
            "{DOC}:3:21: error: unknown district code in front matter (found `99.98`"
        )]
    });
}

#[test]
fn front_matter_unknown_indicator() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\nindikator = [3, 77]\n+++\nTeks.\n",
        );
        vec![format!(
            "{DOC}:3:17: error: unknown indicator number in front matter (found `77`"
        )]
    });
}

#[test]
fn file_name_that_is_not_a_page_address() {
    fails(|s| {
        // `Brus.md` would otherwise collide with `brus.md` on case-insensitive disks.
        std::fs::copy(
            s.join("content/program/brus.md"),
            s.join("content/program/Brus.md"),
        )
        .unwrap();
        vec![
            "content/program/Brus.md: error: file name is not a valid page address (found `Brus`"
                .to_string(),
        ]
    });
}

#[test]
fn duplicate_district_slugs() {
    fails(|s| {
        // Two reference names that would make the same /wilayah/<slug>/ address.
        let p = s.join("data/wilayah/regencies.csv");
        let old = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            old.replace("17.04,17,KABUPATEN KAUR", "17.04,17,KABUPATEN BANJAR"),
        )
        .unwrap();
        vec![
            "data/wilayah/regencies.csv: error: two districts would share one page address (found `/wilayah/kabupaten-banjar/ for 17.04 and 63.03`"
                .to_string(),
        ]
    });
}

#[test]
fn page_slug_taken_by_a_generated_section() {
    fails(|s| {
        // A static page may not take an address the generator uses.
        std::fs::copy(
            s.join("content/halaman/tentang.md"),
            s.join("content/halaman/predikat.md"),
        )
        .unwrap();
        vec![
            "content/halaman/predikat.md: error: page address collides with a generated section (found `predikat`"
                .to_string(),
        ]
    });
}

// ---- templates ----

#[test]
fn missing_template() {
    fails(|s| {
        std::fs::remove_file(s.join("themes/ila/templates/wilayah.html")).unwrap();
        vec![
            "themes/ila/templates/wilayah.html: error: page template not found (found `wilayah.html`"
                .to_string(),
        ]
    });
}

#[test]
fn broken_template() {
    fails(|s| {
        append(s, "themes/ila/templates/wilayah.html", "{% if %}\n");
        let n = lines(s, "themes/ila/templates/wilayah.html");
        vec![format!(
            "themes/ila/templates/wilayah.html:{n}:7: error: cannot load templates: Found `%}}`"
        )]
    });
}

#[test]
fn undefined_template_variable() {
    fails(|s| {
        let p = s.join("themes/ila/templates/404.html");
        let old = std::fs::read_to_string(&p).unwrap();
        let new = old.replacen(
            "{% block content %}",
            "{% block content %}\n{{ tidak_ada.sama_sekali }}",
            1,
        );
        std::fs::write(&p, new).unwrap();
        let line = old
            .lines()
            .position(|l| l.contains("{% block content %}"))
            .unwrap()
            + 2;
        vec![format!(
            "themes/ila/templates/404.html:{line}:4: error: cannot render page `404.html`"
        )]
    });
}

// ---- Markdown ----

#[test]
fn link_to_a_missing_district() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\n+++\nLihat [Kaur](@/wilayah/17.99).\n",
        );
        vec![format!(
            "{DOC}:4:7: error: link to a page that does not exist"
        )]
    });
}

#[test]
fn link_to_a_missing_page() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\n+++\nLihat [ini](@/halaman/tidak-ada).\n",
        );
        vec![format!(
            "{DOC}:4:7: error: link to a page that does not exist"
        )]
    });
}

#[test]
fn missing_image() {
    fails(|s| {
        write(
            s,
            DOC,
            b"+++\njudul = \"Uji\"\n+++\nFoto:\n\n![anak](gambar/tidak-ada.jpg)\n",
        );
        vec![format!(
            "{DOC}:6:1: error: images are not supported in write-ups (found `gambar/tidak-ada.jpg`"
        )]
    });
}

#[test]
fn award_night_outside_its_year() {
    fails(|s| {
        append(s, "data/penghargaan.csv", "2021,2020-07-29,Daring,Koran,\n");
        let n = lines(s, "data/penghargaan.csv");
        vec![format!(
            "data/penghargaan.csv:{n}:6: error: award night is not in its award year"
        )]
    });
}

// ---- languages and easy-read ----

#[test]
fn translation_without_an_original() {
    fails(|s| {
        write(
            s,
            "content/program/tidak-ada.en.md",
            b"+++\njudul = \"Nothing\"\n+++\nText.\n",
        );
        vec!["content/program/tidak-ada.en.md: error: translation without an original (found `tidak-ada`; expected content/program/tidak-ada.md next to this file)".into()]
    });
}

#[test]
fn structural_key_in_a_translation() {
    fails(|s| {
        let p = "content/program/brus.en.md";
        let old = std::fs::read_to_string(s.join(p)).unwrap();
        write(
            s,
            p,
            old.replacen("+++\n", "+++\nindikator = [8]\n", 1)
                .as_bytes(),
        );
        vec![format!(
            "{p}:2:1: error: `indikator` belongs in the original, not in a translation"
        )]
    });
}

#[test]
fn unknown_translation_language() {
    fails(|s| {
        let old = std::fs::read_to_string(s.join("ila.toml")).unwrap();
        write(
            s,
            "ila.toml",
            old.replace(
                "terjemahan = [\"en\"]",
                "terjemahan = [\"en\", \"english\"]",
            )
            .as_bytes(),
        );
        let line = old
            .lines()
            .position(|l| l.starts_with("terjemahan"))
            .unwrap()
            + 1;
        vec![format!(
            "ila.toml:{line}:21: error: invalid translation language (found `english`"
        )]
    });
}

#[test]
fn easy_read_summary_too_hard() {
    fails(|s| {
        let p = "content/program/brus.md";
        let old = std::fs::read_to_string(s.join(p)).unwrap();
        let start = old.find("mudah_dibaca").unwrap();
        let end = start + old[start..].find('\n').unwrap();
        let hard = "mudah_dibaca = \"Pemberdayaan kelembagaan pemerintahan kabupaten mengoptimalkan keberlanjutan perlindungan komprehensif anak-anak penyandang disabilitas dengan koordinasi antarorganisasi perangkat daerah.\"";
        write(
            s,
            p,
            format!("{}{hard}{}", &old[..start], &old[end..]).as_bytes(),
        );
        let line = old[..start].matches('\n').count() + 1;
        vec![format!(
            "{p}:{line}:1: error: easy-read summary is too hard: 16.0 words per sentence (at most 10) and "
        )]
    });
}

#[test]
fn easy_read_page_over_the_limit() {
    fails(|s| {
        let old = std::fs::read_to_string(s.join("ila.toml")).unwrap();
        write(
            s,
            "ila.toml",
            old.replace("kata_per_kalimat_maks = 10", "kata_per_kalimat_maks = 2")
                .as_bytes(),
        );
        vec![
            "content/anak/apa-itu-kla.md: error: easy-read page `anak/apa-itu-kla/index.html` is too hard:".into(),
            "themes/ila/templates/anak/wilayah.html: error: easy-read page `anak/wilayah/".into(),
        ]
    });
}

// ---- boundary geometry (data/batas/) ----

const BATAS: &str = "data/batas/kabupaten-nasional.topojson";

/// Replace the first `from` in a boundary file; returns the 1-based column of the change.
fn edit_batas(site: &Path, rel: &str, from: &str, to: &str) -> usize {
    let p = site.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from} not in {rel}"));
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    text[..at].chars().count() + 1
}

#[test]
fn boundary_shape_with_unknown_code_and_a_district_without_shape() {
    fails(|site| {
        let first = std::fs::read_to_string(repo().join("data/wilayah/regencies.csv")).unwrap();
        let code = first
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_string();
        let col = edit_batas(
            site,
            BATAS,
            &format!("\"kode\":\"{code}\""),
            "\"kode\":\"99.99\"",
        );
        let text = std::fs::read_to_string(site.join(BATAS)).unwrap();
        let object = text.find("\"kabupaten\"").unwrap() + 1;
        vec![
            format!("{BATAS}:1:{col}: error: shape with an unknown district code (found `99.99`"),
            format!("{BATAS}:1:{object}: error: district without a shape (found `{code}`"),
        ]
    });
}

#[test]
fn boundary_shape_in_the_wrong_province() {
    fails(|site| {
        let text = std::fs::read_to_string(site.join(BATAS)).unwrap();
        let at = text.find("\"kode_prov\":\"").unwrap();
        let prov = &text[at + 13..at + 15];
        let wrong = if prov == "11" { "12" } else { "11" };
        let col = edit_batas(
            site,
            BATAS,
            &format!("\"kode_prov\":\"{prov}\""),
            &format!("\"kode_prov\":\"{wrong}\""),
        );
        // The error points at the shape's `kode`, just before its `kode_prov`.
        let kode = text[..at].rfind("\"kode\":\"").unwrap();
        assert!(kode < col);
        vec![format!(
            "{BATAS}:1:{}: error: shape's province does not match",
            kode + 1
        )]
    });
}

#[test]
fn boundary_file_that_is_not_json() {
    fails(|site| {
        write(site, BATAS, b"{\"type\":\"Topology\",\"arcs\":[[[1,2]],");
        vec![format!("{BATAS}:1:")]
    });
}
