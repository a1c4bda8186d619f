//! Bounded, accurate diagnostics and consistency checks (#17): capped per kind with a count,
//! duplicate hints naming the first row, negative numbers named as such, non-UTF-8 write-ups
//! located, CRLF files located on the right line, group scores checked against the total.

mod common;

use common::*;
use std::path::Path;

fn load(root: &Path) -> ila::diag::Diagnostics {
    let mut o = ila::Options::new(root);
    o.this_year = Some(2026);
    let mut d = ila::diag::Diagnostics::new();
    ila::load(&o, &mut d);
    d
}

fn lines(d: &ila::diag::Diagnostics) -> Vec<String> {
    d.sorted().iter().map(|x| x.to_string()).collect()
}

/// The data rows of `data/predikat.csv` as (line, kode, tahun, nilai).
fn award_rows(csv: &str) -> Vec<(usize, String, String, String)> {
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let line = rec.position().unwrap().line() as usize;
            (
                line,
                rec[0].to_string(),
                rec[1].to_string(),
                rec[4].to_string(),
            )
        })
        .collect()
}

#[test]
fn many_duplicates_are_capped_and_hint_at_the_first_row() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let path = site.join("data/predikat.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let rows = award_rows(&csv);
    let (first_line, kode, tahun, _) = rows[0].clone();
    let row = csv.lines().nth(first_line - 1).unwrap();
    let n = 500;
    std::fs::write(&path, format!("{csv}{}", format!("{row}\n").repeat(n))).unwrap();
    let d = load(&site);
    let dups: Vec<_> = d
        .sorted()
        .into_iter()
        .filter(|x| x.message.starts_with("duplicate award"))
        .collect();
    assert_eq!(dups.len(), ila::diag::PER_KIND);
    assert!(d.errors() >= n);
    for x in &dups {
        let hint = x.hint.as_deref().unwrap();
        assert!(
            hint.contains(&format!(
                "the first row for {kode} {tahun} is on line {first_line};"
            )),
            "{hint}"
        );
    }
    let more: Vec<String> = d.more().iter().map(|x| x.message.clone()).collect();
    let left = n - ila::diag::PER_KIND;
    assert!(
        more.iter().any(|m| m.ends_with(&format!(
            "dan {left} lainnya seperti ini / and {left} more like this"
        ))),
        "{more:?}"
    );
}

#[test]
fn a_negative_score_is_called_negative() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let path = site.join("data/predikat.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let line = csv.lines().count() + 1;
    std::fs::write(
        &path,
        format!("{csv}17.04,2017,pratama,https://example.org/a,-650,,,,,,,,\n"),
    )
    .unwrap();
    let col = "17.04,2017,pratama,https://example.org/a,".len() + 1;
    let msgs = lines(&load(&site));
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "data/predikat.csv:{line}:{col}: error: score is negative"
        ))),
        "{msgs:#?}"
    );
    assert!(
        !msgs.iter().any(|m| m.contains("not a whole number")),
        "{msgs:#?}"
    );
}

#[test]
fn crlf_files_are_located_on_the_right_line() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let path = site.join("data/predikat.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(!csv.contains('\r'), "the shipped file uses LF");
    // A bad tier on a known line, in a file converted to CRLF line ends.
    let mut text: Vec<String> = csv.lines().map(str::to_string).collect();
    let bad = text.len() / 2;
    text.insert(
        bad,
        "17.04,2017,hebat,https://example.org/a,,,,,,,,,".into(),
    );
    std::fs::write(&path, text.join("\r\n") + "\r\n").unwrap();
    let msgs = lines(&load(&site));
    let line = bad + 1;
    assert!(
        msgs.iter()
            .any(|m| m.starts_with(&format!("data/predikat.csv:{line}:12: error: unknown tier"))),
        "{msgs:#?}"
    );
}

#[test]
fn a_write_up_that_is_not_utf8_gets_line_and_column() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let mut bytes =
        b"+++\njudul = \"Uji\"\ntanggal = \"2025-01-01\"\n+++\nBaris satu.\nCaf".to_vec();
    bytes.push(0xE9); // `é` in Windows-1252
    bytes.extend_from_slice(b" dua.\n");
    std::fs::write(site.join("content/berita/2025-01-01-uji.md"), bytes).unwrap();
    let msgs = lines(&load(&site));
    assert!(
        msgs.iter().any(|m| m
            .starts_with("content/berita/2025-01-01-uji.md:6:4: error: file is not valid UTF-8")
            && m.contains("0xE9")),
        "{msgs:#?}"
    );
}

#[test]
fn group_scores_above_the_total_are_an_error_naming_both_places() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let csv = std::fs::read_to_string(site.join("data/predikat.csv")).unwrap();
    let rows = award_rows(&csv);
    let (line, kode, tahun, nilai) = rows.iter().find(|r| !r.3.is_empty()).unwrap().clone();
    let total: u32 = nilai.parse().unwrap();
    let groups = ["kelembagaan", "I", "II", "III", "IV", "V"];
    // Six groups of a sixth of the total plus 10 each: over the total from some row on.
    let each = total / 6 + 10;
    let mut g = String::from("kode,tahun,kelompok,nilai,maks,sumber\n");
    for k in groups {
        g.push_str(&format!(
            "{kode},{tahun},{k},{each},1000,https://example.org/g\n"
        ));
    }
    // A year without a total for that district: the sum may not pass 1000 points.
    for k in groups {
        g.push_str(&format!("{kode},2006,{k},200,1000,https://example.org/g\n"));
    }
    std::fs::write(site.join("data/nilai_klaster.csv"), &g).unwrap();
    let over_at = (1..=6).find(|i| each * i > total).unwrap() + 1; // header is line 1
    let over_1000 = 6 + (1..=6).find(|i| 200 * i > 1000).unwrap() + 1;
    let msgs = lines(&load(&site));
    assert!(
        msgs.iter().any(
            |m| m.starts_with(&format!("data/nilai_klaster.csv:{over_at}:"))
                && m.contains("more than the district's total score")
                && m.contains(&format!("data/predikat.csv:{line}:"))
        ),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(
            |m| m.starts_with(&format!("data/nilai_klaster.csv:{over_1000}:"))
                && m.contains("1000 points")
        ),
        "{msgs:#?}"
    );
    // Consistent group scores pass.
    let mut ok = String::from("kode,tahun,kelompok,nilai,maks,sumber\n");
    for k in groups {
        ok.push_str(&format!(
            "{kode},{tahun},{k},{},1000,https://example.org/g\n",
            total / 6
        ));
    }
    std::fs::write(site.join("data/nilai_klaster.csv"), &ok).unwrap();
    let msgs = lines(&load(&site));
    assert!(
        !msgs.iter().any(|m| m.contains("nilai_klaster")),
        "{msgs:#?}"
    );
}
