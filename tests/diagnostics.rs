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

/// A CSV value far too long for any field is refused at its own line and column, naming the
/// column, with a short excerpt rather than the value itself.
#[test]
fn a_huge_csv_value_is_located_at_its_field() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let path = site.join("data/predikat.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let note = header
        .iter()
        .position(|h| *h == "catatan")
        .expect("a catatan column");
    let lines_of: Vec<&str> = csv.lines().collect();
    let (line, ..) = award_rows(&csv)
        .into_iter()
        .skip(100)
        .find(|(l, ..)| !lines_of[l - 1].contains('"'))
        .expect("a row without quoted fields");
    // Replace that row's note with 10 MB of text.
    let huge = "x".repeat(10_000_000);
    let mut out = String::new();
    let mut column = 0;
    for (i, l) in csv.lines().enumerate() {
        if i + 1 == line {
            let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
            column = f[..note]
                .iter()
                .map(|x| x.chars().count() + 1)
                .sum::<usize>()
                + 1;
            f[note] = huge.clone();
            out.push_str(&f.join(","));
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
    let d = load(&site);
    let msgs = lines(&d);
    let want = format!("data/predikat.csv:{line}:{column}: error: value of `catatan` is too long");
    let hit = msgs
        .iter()
        .find(|m| m.starts_with(&want))
        .unwrap_or_else(|| panic!("{want} not in {msgs:#?}"));
    assert!(hit.contains("10000000 characters"), "{hit}");
    // The message shows where the value starts, not the whole value.
    let printed: usize = msgs.iter().map(String::len).sum();
    assert!(printed < 20_000, "{printed} bytes of diagnostics");
}

/// Titles and summaries longer than their limit are refused at the line where the value is
/// written, before any page is rendered.
#[test]
fn a_huge_summary_is_located_in_the_front_matter() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let summary = "Ringkasan panjang. ".repeat(250_000);
    let text = format!(
        "+++\njudul = \"Uji\"\ntanggal = \"2025-01-01\"\nringkasan = \"{summary}\"\n+++\nIsi.\n"
    );
    std::fs::write(site.join("content/berita/2025-01-01-uji.md"), text).unwrap();
    let msgs = lines(&load(&site));
    assert!(
        msgs.iter().any(|m| m
            .starts_with("content/berita/2025-01-01-uji.md:4:14: error: `ringkasan` is too long")),
        "{:#?}",
        msgs.iter()
            .map(|m| &m[..m.len().min(300)])
            .collect::<Vec<_>>()
    );
    let printed: usize = msgs.iter().map(String::len).sum();
    assert!(printed < 20_000, "{printed} bytes of diagnostics");
}

/// A write-up body larger than any page could be is refused at the line where it passes the
/// limit.
#[test]
fn a_huge_body_is_refused_at_the_line_past_the_limit() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let line = "Kalimat isi yang panjang untuk menguji batas ukuran tulisan.\n";
    let head = "+++\njudul = \"Uji\"\ntanggal = \"2025-01-01\"\n+++\n";
    let body = line.repeat(ila::text::BODY_MAX / line.len() + 10);
    std::fs::write(
        site.join("content/berita/2025-01-01-uji.md"),
        format!("{head}{body}"),
    )
    .unwrap();
    let msgs = lines(&load(&site));
    // The body starts on line 5; the limit falls inside line 5 + BODY_MAX / line length.
    let want = 5 + ila::text::BODY_MAX / line.len();
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "content/berita/2025-01-01-uji.md:{want}:1: error: write-up is too long"
        ))),
        "{msgs:#?}"
    );
}

/// A page over the weight budget because of its write-up names the write-up, not only the
/// template.
#[test]
fn a_page_over_budget_names_its_write_up() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let para = "Kalimat isi yang panjang untuk menguji anggaran berat halaman.\n\n";
    let text = format!(
        "+++\njudul = \"Uji\"\ntanggal = \"2025-01-01\"\n+++\n{}",
        para.repeat(200_000 / para.len())
    );
    std::fs::write(site.join("content/berita/2025-01-01-uji.md"), text).unwrap();
    let o = build(&site, &t.path().join("public"));
    assert!(o.output.is_none());
    let msgs = lines(&o.diagnostics);
    assert!(
        msgs.iter().any(
            |m| m.starts_with("content/berita/2025-01-01-uji.md: error: page `")
                && m.contains("over the weight budget")
        ),
        "{msgs:#?}"
    );
}
