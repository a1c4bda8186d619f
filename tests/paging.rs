//! Long list pages are split into parts (`[batas] baris_per_halaman`): `/wilayah/`, every view
//! of an award year and the province grids. Together the parts list every row exactly once, no
//! part is over the limit, groups cut across parts say so, and every link between the parts
//! (part navigation, jump lists, tier anchors) lands on an existing page and anchor.

mod common;

use common::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

const MAX: usize = 3;

/// A synthetic site of 120 districts (about three per province) and 3 award years, with parts of at most `MAX` rows.
fn site(dir: &Path) {
    ila::demo::generate(&ila::demo::Spec {
        out: dir.to_path_buf(),
        districts: 120,
        years: 3,
        villages: 0,
        seed: 11,
        source: repo(),
    })
    .unwrap();
    let cfg = std::fs::read_to_string(dir.join("ila.toml")).unwrap();
    let cfg = cfg.replacen(
        "[batas]\n",
        &format!("[batas]\nbaris_per_halaman = {MAX}\n"),
        1,
    );
    assert!(cfg.contains("baris_per_halaman"));
    std::fs::write(dir.join("ila.toml"), cfg).unwrap();
}

/// The output file and anchor an internal `href` points at.
fn target(href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    (rel, frag)
}

/// The ids on each page read so far.
type Ids = HashMap<String, HashSet<String>>;

/// Every link of `doc` (found at `rel`) inside `scope` resolves: the page exists and so does
/// the anchor.
fn links_resolve(out: &Path, rel: &str, doc: &scraper::Html, scope: &str, ids: &mut Ids) -> usize {
    let mut n = 0;
    for a in doc.select(&sel(&format!("{scope} a[href]"))) {
        let href = a.value().attr("href").unwrap();
        assert!(!href.is_empty(), "{rel}: an empty link: {}", a.html());
        if href.starts_with("http") {
            continue;
        }
        let (page, frag) = target(href);
        let page = if page == "index.html" && href.starts_with('#') {
            rel.to_string()
        } else {
            page
        };
        assert!(out.join(&page).is_file(), "{rel}: {href} → {page} missing");
        if let Some(f) = frag {
            let on = ids.entry(page.clone()).or_insert_with(|| {
                html(out, &page)
                    .select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            });
            assert!(on.contains(&f), "{rel}: {href}: no #{f} on {page}");
        }
        n += 1;
    }
    n
}

/// District links (`/wilayah/<slug>/`) in the table rows of every part, and checks each part.
fn rows_of(out: &Path, first: &str, ids: &mut Ids) -> Vec<String> {
    items_of(
        out,
        first,
        "main tbody tr a[href^=\"/wilayah/\"]",
        3,
        MAX,
        ids,
    )
}

/// The links `selector` finds on every part of the list at `first` (those with `depth`
/// slashes: an item's own page), checking each part: at most `max` items, the part
/// navigation, the title, and that every link in `main` resolves.
fn items_of(
    out: &Path,
    first: &str,
    selector: &str,
    depth: usize,
    max: usize,
    ids: &mut Ids,
) -> Vec<String> {
    let parts = list_parts(out, first);
    let dir = first.strip_suffix("index.html").unwrap();
    let mut all = Vec::new();
    for (k, doc) in parts.iter().enumerate() {
        let rel = if k == 0 {
            first.to_string()
        } else {
            format!("{dir}halaman/{}/index.html", k + 1)
        };
        let rows: Vec<String> = doc
            .select(&sel(selector))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .filter(|h| h.matches('/').count() == depth)
            .collect();
        assert!(rows.len() <= max, "{rel}: {} rows", rows.len());
        assert!(!rows.is_empty() || parts.len() == 1, "{rel}: an empty part");
        let nav = doc.select(&sel("nav.bagian")).count();
        if parts.len() > 1 {
            assert_eq!(nav, 2, "{rel}: part navigation above and below");
            let current: Vec<String> = doc
                .select(&sel("nav.bagian a[aria-current=page]"))
                .map(text)
                .collect();
            assert_eq!(current[0], format!("Halaman {}", k + 1), "{rel}");
            // Numbered links: the first part, the last, and the neighbours of this one.
            let numbers: Vec<usize> = doc
                .select(&sel("nav.bagian li a:not([rel])"))
                .map(|a| text(a).trim_start_matches("Halaman ").parse().unwrap())
                .collect();
            let n = parts.len();
            for want in [1, n, k + 1, (k + 2).min(n), k.max(1)] {
                assert!(numbers.contains(&want), "{rel}: no link to part {want}");
            }
            assert!(
                numbers.len() <= 2 * 9,
                "{rel}: {} numbered links in the two navigations",
                numbers.len()
            );
            // Following "next" from this part reaches the following one.
            let next = doc
                .select(&sel("nav.bagian a[rel=next]"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .map(|h| target(h).0);
            let want = (k + 1 < n).then(|| format!("{dir}halaman/{}/index.html", k + 2));
            assert_eq!(next, want, "{rel}: rel=next");
            let title = doc.select(&sel("title")).next().map(text).unwrap();
            assert_eq!(
                title.contains(&format!("(halaman {} dari {})", k + 1, parts.len())),
                k > 0,
                "{rel}: {title}"
            );
        } else {
            assert_eq!(nav, 0, "{rel}: no navigation on a one-part list");
        }
        links_resolve(out, &rel, doc, "main", ids);
        all.extend(rows);
    }
    all
}

#[test]
fn long_lists_are_split_into_parts_that_list_every_row_once() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    site(&root);
    let out = t.path().join("public");
    let o = build(&root, &out);
    assert!(o.output.is_some(), "{:#?}", messages(&o));

    let mut ids = Ids::new();
    // Which districts have an award in which year, from the site's own data.
    let mut by_year: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(root.join("data/predikat.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        by_year
            .entry(r[1].to_string())
            .or_default()
            .push(r[0].to_string());
    }
    assert!(by_year.len() >= 2);

    // `/wilayah/`: every district once, each province on the part its jump link names.
    let mut listed = rows_of(&out, "wilayah/index.html", &mut ids);
    assert!(list_parts(&out, "wilayah/index.html").len() >= 120 / MAX);
    listed.sort();
    let n = listed.len();
    listed.dedup();
    assert_eq!((n, listed.len()), (120, 120), "every district once");
    // Forty parts: the navigation leaves parts out, marked by a gap.
    assert!(
        list_parts(&out, "wilayah/index.html")
            .iter()
            .any(|d| d.select(&sel("nav.bagian li.lewat")).next().is_some())
    );

    // Every view of every year: the year's awarded districts, each once.
    let mut continued = 0;
    for (year, codes) in &by_year {
        for view in ["", "provinsi/", "gerak/"] {
            let first = format!("predikat/{year}/{view}index.html");
            let mut rows = rows_of(&out, &first, &mut ids);
            rows.sort();
            let n = rows.len();
            rows.dedup();
            assert_eq!(n, rows.len(), "{first}: a district listed twice");
            assert_eq!(n, codes.len(), "{first}: every district of {year}");
            for doc in list_parts(&out, &first).iter().skip(1) {
                continued += doc
                    .select(&sel("main h2"))
                    .filter(|h| text(*h).contains("(lanjutan)"))
                    .count();
            }
        }
        // The tier table and the "moved up" summary are on the first part only.
        let parts = list_parts(&out, &format!("predikat/{year}/index.html"));
        assert!(parts[0].select(&sel("#ila-naik-kelas")).next().is_some());
        assert!(
            parts[1..]
                .iter()
                .all(|d| d.select(&sel("#ila-naik-kelas")).next().is_none())
        );
    }
    assert!(continued > 0, "some group goes on over a part and says so");

    // Province grids: a province's rows across its parts are all its districts.
    let mut split = 0;
    for e in std::fs::read_dir(out.join("provinsi")).unwrap() {
        let p = e.unwrap().path();
        if !p.join("index.html").is_file() {
            continue;
        }
        let slug = p.file_name().unwrap().to_string_lossy().to_string();
        let first = format!("provinsi/{slug}/index.html");
        let parts = list_parts(&out, &first);
        let rows = rows_of(&out, &first, &mut ids);
        let total: usize = text(
            parts[0]
                .select(&sel("table.grid-predikat tfoot td"))
                .next()
                .unwrap(),
        )
        .split(" / ")
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
        assert_eq!(rows.len(), total, "{first}");
        if parts.len() > 1 {
            split += 1;
            assert!(
                parts
                    .iter()
                    .all(|d| d.select(&sel("figure")).next().is_none()),
                "no grid chart for a province longer than a part"
            );
        }
    }
    assert!(split > 0, "some province grid is split");

    // The easy-read index (four links per list row), programmes and news: every item once,
    // over several parts.
    for (first, selector, depth, max, want) in [
        ("anak/index.html", "main details a", 4, 4 * MAX, 120),
        (
            "program/index.html",
            "main .kartu-daftar h2 a",
            3,
            MAX,
            count(&root, "content/program"),
        ),
        (
            "berita/index.html",
            "main .kartu-daftar h2 a",
            3,
            MAX,
            count(&root, "content/berita"),
        ),
    ] {
        assert!(list_parts(&out, first).len() > 1, "{first}: one part");
        let mut items = items_of(&out, first, selector, depth, max, &mut ids);
        items.sort();
        let n = items.len();
        items.dedup();
        assert_eq!((n, items.len()), (want, want), "{first}: every item once");
    }
}

/// Markdown write-ups in a content folder (translations apart).
fn count(root: &Path, dir: &str) -> usize {
    std::fs::read_dir(root.join(dir))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.ends_with(".md") && !n.ends_with(".en.md")
        })
        .count()
}

#[test]
fn a_limit_of_zero_rows_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    site(&root);
    let cfg = std::fs::read_to_string(root.join("ila.toml")).unwrap();
    std::fs::write(
        root.join("ila.toml"),
        cfg.replace(
            &format!("baris_per_halaman = {MAX}"),
            "baris_per_halaman = 0",
        ),
    )
    .unwrap();
    let o = build(&root, &t.path().join("public"));
    assert!(o.output.is_none());
    let msgs = messages(&o);
    assert!(
        msgs.iter()
            .any(|m| m.contains("baris_per_halaman must be at least 1") && m.contains("ila.toml:")),
        "{msgs:#?}"
    );
}
