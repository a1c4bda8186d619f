//! Follow a district (issue: award night, point 5): every district has an Atom feed at
//! `/wilayah/<slug>/atom.xml` with an entry per recorded award and per write-up that names it,
//! linked from its page with `rel=alternate`; every feed is well-formed XML and Atom.

mod common;

use common::*;
use std::collections::BTreeMap;

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn awards_per_district() -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut r = csv::Reader::from_path(repo().join("data/predikat.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let (k, t) = (
        head.iter().position(|h| h == "kode").unwrap(),
        head.iter().position(|h| h == "tahun").unwrap(),
    );
    for rec in r.records() {
        let rec = rec.unwrap();
        m.entry(rec[k].to_string())
            .or_default()
            .push(rec[t].to_string());
    }
    m
}

/// Checks the Atom basics of one feed and returns its entries as (id, title, updated).
fn entries(xml: &str, rel: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{rel}");
    assert_eq!(feed.tag_name().name(), "feed", "{rel}");
    for need in ["id", "title", "updated"] {
        assert!(
            feed.children().any(|c| c.has_tag_name((ATOM, need))),
            "{rel}: feed has no <{need}>"
        );
    }
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("{rel}: entry without <{name}>"))
            .to_string()
    };
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            let updated = child(e, "updated");
            assert!(
                updated.len() == 20 && updated.ends_with("T00:00:00Z"),
                "{rel}: {updated}"
            );
            (child(e, "id"), child(e, "title"), updated)
        })
        .collect()
}

#[test]
fn every_district_has_a_feed_with_one_entry_per_recorded_award() {
    let out = shipped();
    let awards = awards_per_district();
    let (mut with_writeups, mut checked) = (0, 0);
    let mut r = csv::Reader::from_path(out.join("data/wilayah.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let (k, u) = (
        head.iter().position(|h| h == "kode").unwrap(),
        head.iter().position(|h| h == "url").unwrap(),
    );
    for rec in r.records() {
        let rec = rec.unwrap();
        let url = &rec[u];
        let path = &url[url.find("/wilayah/").unwrap() + 1..];
        let rel = format!("{path}atom.xml");
        let list = entries(&read(out, &rel), &rel);
        let years = awards.get(&rec[k]).cloned().unwrap_or_default();
        let award_entries: Vec<&(String, String, String)> = list
            .iter()
            .filter(|e| e.0.contains("#penghargaan-"))
            .collect();
        assert_eq!(award_entries.len(), years.len(), "{rel}");
        for y in &years {
            assert!(
                award_entries.iter().any(
                    |e| e.0.ends_with(&format!("#penghargaan-{y}")) && e.1.contains(y.as_str())
                ),
                "{rel}: no entry for {y}"
            );
        }
        if list.len() > award_entries.len() {
            with_writeups += 1;
        }
        // Newest first.
        let dates: Vec<&String> = list.iter().map(|e| &e.2).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{rel}: {dates:?}");
        // Linked from the page's head and body.
        let page = html(out, &format!("{path}index.html"));
        let href = format!("/{path}atom.xml");
        assert!(
            page.select(&sel(
                r#"link[rel="alternate"][type="application/atom+xml"]"#
            ))
            .any(|l| l.value().attr("href").is_some_and(|h| h.ends_with(&href))),
            "{rel}: no rel=alternate"
        );
        assert!(
            page.select(&sel("main a, a"))
                .any(|a| a.value().attr("href").is_some_and(|h| h.ends_with(&href))),
            "{rel}: no visible link"
        );
        checked += 1;
    }
    let listed = csv::Reader::from_path(repo().join("data/wilayah/regencies.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(checked, listed);
    assert!(with_writeups > 0, "some district is named by a write-up");
}

#[test]
fn the_site_feeds_are_well_formed_atom() {
    let out = shipped();
    for rel in [
        "predikat/atom.xml",
        "berita/atom.xml",
        "en/predikat/atom.xml",
    ] {
        assert!(!entries(&read(out, rel), rel).is_empty(), "{rel}");
    }
}
