//! No placeholder ever ships silently (issue: award night, point 1): a build whose `base_url`
//! is a reserved or loopback address warns once, fails under `--strict`, and its embed and
//! citation blocks say how to set the address; a configured build shows working snippets.

mod common;

use common::*;

fn opts(root: &std::path::Path, out: &std::path::Path) -> ila::Options {
    let mut o = ila::Options::new(root);
    o.output = Some(out.to_path_buf());
    o.this_year = Some(2026);
    o
}

#[test]
fn a_placeholder_base_url_warns_once_and_fails_under_strict() {
    let out = shipped();
    // The shipped ila.toml has a placeholder: the shipped build (made by `shipped()`) warned.
    let t = tempfile::tempdir().unwrap();
    let mut o = opts(&repo(), &t.path().join("public"));
    o.strict = true;
    let r = ila::build(&o);
    let m = messages(&r);
    let warned: Vec<&String> = m
        .iter()
        .filter(|x| x.contains("base_url is a placeholder"))
        .collect();
    assert_eq!(warned.len(), 1, "{m:#?}");
    assert!(warned[0].contains("ila.toml"), "{}", warned[0]);
    assert!(r.output.is_none(), "--strict fails on the placeholder");
    assert!(!t.path().join("public").exists());
    // The same through --base-url, named as such.
    let mut o = opts(&repo(), &t.path().join("public"));
    o.base_url = Some("http://localhost:8000/".into());
    o.strict = true;
    let m = messages(&ila::check(&o));
    assert!(
        m.iter()
            .any(|x| x.contains("--base-url") && x.contains("placeholder")),
        "{m:#?}"
    );
    // Pages say how to set it, in both languages, instead of a snippet that points nowhere.
    for (rel, word) in [
        ("wilayah/kabupaten-banyuwangi/index.html", "base_url"),
        ("en/wilayah/kabupaten-banyuwangi/index.html", "base_url"),
    ] {
        let doc = html(out, rel);
        let kutip = text(
            doc.select(&sel("section[aria-labelledby=ila-kutip]"))
                .next()
                .unwrap(),
        );
        assert!(kutip.contains(word), "{rel}: {kutip}");
        assert!(!kutip.contains("ila.example.org"), "{rel}: {kutip}");
        assert!(doc.select(&sel(".kutipan")).next().is_none(), "{rel}");
    }
}

#[test]
fn a_configured_base_url_builds_without_the_warning_and_with_working_snippets() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    let mut o = opts(&repo(), &out);
    o.base_url = Some("https://data-kla.web.id/ila/".into());
    o.strict = true;
    let r = ila::build(&o);
    assert!(r.output.is_some(), "{:#?}", messages(&r));
    assert!(!messages(&r).iter().any(|x| x.contains("placeholder")));
    let page = read(&out, "wilayah/kabupaten-banyuwangi/index.html");
    assert!(page.contains(
        "&lt;iframe src=\"https://data-kla.web.id/ila/embed/wilayah/kabupaten-banyuwangi/\""
    ));
    let doc = html(&out, "wilayah/kabupaten-banyuwangi/index.html");
    let cite = text(doc.select(&sel(".kutipan")).next().unwrap());
    assert!(
        cite.contains("https://data-kla.web.id/ila/wilayah/kabupaten-banyuwangi/"),
        "{cite}"
    );
    assert!(!page.contains("alamat-sementara"));
}

#[test]
fn synthetic_sites_are_not_warned_about() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    ila::demo::generate(&ila::demo::Spec {
        out: site.clone(),
        districts: 12,
        years: 2,
        villages: 0,
        seed: 3,
        source: repo(),
    })
    .unwrap();
    let r = ila::check(&opts(&site, &t.path().join("public")));
    assert!(
        !messages(&r).iter().any(|x| x.contains("placeholder")),
        "{:#?}",
        messages(&r)
    );
}
