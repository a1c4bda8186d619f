//! Determinism, escaping of hostile input, and failed builds that leave the old output intact.

mod common;

use common::*;

#[test]
fn two_builds_are_byte_identical() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    assert!(build(&repo(), &a).output.is_some());
    assert!(build(&repo(), &b).output.is_some());
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
}

#[test]
fn hostile_titles_and_values_come_out_inert() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    std::fs::write(
        site.join("content/berita/2025-01-01-uji.md"),
        format!(
            "+++\njudul = \"{payload}\"\ntanggal = \"2025-01-01\"\nringkasan = \"\\\"><script>alert(2)</script>\"\n[[sumber]]\njudul = \"{payload}\"\nurl = \"https://example.org/?q=%22%3E%3Cscript%3E\"\n+++\nTeks <script>alert(3)</script> [klik](javascript:alert(4)) <a href=\"javascript:alert(5)\" onclick=\"x()\">a</a>\n"
        ),
    )
    .unwrap();
    // A hostile note in the data (a CSV field) and a hostile source citation.
    let csv = std::fs::read_to_string(site.join("data/predikat.csv")).unwrap();
    std::fs::write(
        site.join("data/predikat.csv"),
        // The reader note (`keterangan`) is shown on the district page; the curators' note is not.
        format!("{csv}17.04,2025,pratama,\"Koran <script>alert(6)</script>\",,,,,,,\"<b>curators</b>\",\"<img src=x onerror=alert(7)>\",\n17.04,2023,pratama,https://example.org/uji,,,,,,,,,\n"),
    )
    .unwrap();
    // Hostile config strings (site title and description) and a hostile reference name,
    // which reaches page titles, tables and chart SVG text.
    let cfg = std::fs::read_to_string(site.join("ila.toml")).unwrap();
    let cfg = cfg
        .replacen(
            "judul = \"Informasi Layak Anak\"",
            "judul = \"ILA \\\"><script>alert(8)</script>\"",
            1,
        )
        .replacen(
            "deskripsi = \"",
            "deskripsi = \"<img src=x onerror=alert(9)> \\\" onload=\\\"alert(10) ",
            1,
        );
    assert!(cfg.contains("alert(8)") && cfg.contains("alert(9)"));
    std::fs::write(site.join("ila.toml"), cfg).unwrap();
    let reg = std::fs::read_to_string(site.join("data/wilayah/regencies.csv")).unwrap();
    std::fs::write(
        site.join("data/wilayah/regencies.csv"),
        reg.replace(
            "17.04,17,KABUPATEN KAUR",
            "17.04,17,\"KABUPATEN KAUR <svg onload=alert(11)>\"",
        ),
    )
    .unwrap();
    let out = t.path().join("public");
    let o = build(&site, &out);
    assert!(o.output.is_some(), "{:?}", o.diagnostics.sorted());
    let mut svgs = 0;
    for (path, bytes) in snapshot(&out) {
        if path.ends_with(".svg") {
            // Standalone charts: well-formed XML, no script, no event handlers.
            let text = String::from_utf8(bytes).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            for n in doc.descendants().filter(|n| n.is_element()) {
                assert_ne!(n.tag_name().name(), "script", "{path}");
                assert!(
                    n.attributes().all(|a| !a.name().starts_with("on")),
                    "{path}: event handler"
                );
            }
            svgs += 1;
            continue;
        }
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        assert_eq!(
            doc.select(&sel("iframe, object, embed")).count(),
            0,
            "{path}: active element"
        );
        // The theme's own search script and search forms only: no inline script, no other
        // form target.
        for s in doc.select(&sel("script")) {
            assert_eq!(s.value().attr("src"), Some("/js/cari.js"), "{path}: script");
            assert!(s.inner_html().trim().is_empty(), "{path}: inline script");
        }
        for f in doc.select(&sel("form")) {
            let action = f.value().attr("action").unwrap_or("");
            assert!(
                action.ends_with("/wilayah/")
                    && action.starts_with('/')
                    && !action.starts_with("//"),
                "{path}: form to {action}"
            );
        }
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler {name}={value}"
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{path}: {name}={value}"
                );
            }
        }
    }
    let news = read(&out, "berita/2025-01-01-uji/index.html");
    assert!(
        news.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
            || news.contains("&lt;script&gt;alert("),
        "title shown as text"
    );
    assert!(svgs > 250);
    let slug = district_slugs(&out)
        .into_iter()
        .find(|n| n.starts_with("kabupaten-kaur"))
        .unwrap();
    let kaur = read(&out, &format!("wilayah/{slug}/index.html"));
    assert!(
        kaur.contains("Koran &lt;script&gt;"),
        "CSV source shown as text"
    );
    assert!(
        kaur.contains("&lt;svg Onload=alert(11)&gt;"),
        "reference name shown as text"
    );
    assert!(
        kaur.contains("ILA &quot;&gt;&lt;script&gt;alert(8)"),
        "config title shown as text"
    );
    let chart = read(&out, &format!("grafik/wilayah/{slug}.svg"));
    assert!(
        chart.contains("&lt;svg Onload=alert(11)&gt;"),
        "name escaped in chart SVG"
    );
}

#[test]
fn a_failed_build_leaves_the_old_output_untouched() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let out = t.path().join("public");
    assert!(build(&site, &out).output.is_some());
    let before = snapshot(&out);
    // Break the data in two places and the content in one.
    let csv = std::fs::read_to_string(site.join("data/predikat.csv")).unwrap();
    std::fs::write(site.join("data/predikat.csv"), format!("{csv}99.99,2023,madya,https://example.org,,,,,,,,,\n35.10,2025,hebat,https://example.org,,,,,,,,,\n35.10,2023,nindya,https://example.org,,,,,,,,,\n35.10,2019,madya,https://example.org,1200,,,,,,,,\n")).unwrap();
    std::fs::write(
        site.join("content/program/rusak.md"),
        "judul = \"tanpa pembatas\"\n",
    )
    .unwrap();
    let o = build(&site, &out);
    assert!(o.output.is_none());
    let msgs = messages(&o);
    let lines = csv.lines().count();
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "data/predikat.csv:{}:1: error: unknown district code",
            lines + 1
        ))),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "data/predikat.csv:{}:12: error: unknown tier",
            lines + 2
        ))),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("content/program/rusak.md:1:1: error: missing front matter")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "data/predikat.csv:{}:1: error: duplicate award",
            lines + 3
        ))),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with(&format!(
            "data/predikat.csv:{}:38: error: score out of range",
            lines + 4
        ))),
        "{msgs:#?}"
    );
    assert_eq!(snapshot(&out), before, "old output changed");
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".ila-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_reports_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let mut o = ila::Options::new(&site);
    o.this_year = Some(2026);
    let r = ila::check(&o);
    assert_eq!(r.diagnostics.errors(), 0, "{:?}", r.diagnostics.sorted());
    assert!(r.pages > 580);
    assert!(!site.join("public").exists());
    // A template error is found by check too.
    std::fs::write(
        site.join("themes/ila/templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}{{ tidak_ada.x }}{% endblock %}",
    )
    .unwrap();
    let r = ila::check(&o);
    assert!(r.diagnostics.errors() >= 1);
    let first_error = r
        .diagnostics
        .sorted()
        .into_iter()
        .find(|d| d.severity == ila::diag::Severity::Error)
        .unwrap();
    assert!(first_error.file.ends_with("404.html"), "{first_error:?}");
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    let mut o = ila::Options::new(repo());
    o.output = Some(out.clone());
    o.this_year = Some(2026);
    o.base_url = Some("https://example.org/ila/".into());
    assert!(ila::build(&o).output.is_some());
    let doc = html(&out, "wilayah/kabupaten-banyuwangi/index.html");
    for a in doc.select(&sel("a[href], link[href]")) {
        let h = a.value().attr("href").unwrap();
        assert!(
            h.starts_with("/ila/") || h.starts_with("http") || h.starts_with('#'),
            "{h}"
        );
    }
    let canon = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(
        canon,
        "https://example.org/ila/wilayah/kabupaten-banyuwangi/"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Tersesat? {{ site.judul }}</h1>{% endblock %}",
    )
    .unwrap();
    let out = t.path().join("public");
    assert!(build(&site, &out).output.is_some());
    let doc = html(&out, "404.html");
    assert_eq!(
        text(doc.select(&sel("h1")).next().unwrap()),
        "Tersesat? Informasi Layak Anak"
    );
    // Everything else still comes from the theme.
    assert!(read(&out, "index.html").contains("Cara membaca predikat"));
}

#[test]
fn strict_mode_turns_a_band_mismatch_warning_into_a_failure() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let csv = std::fs::read_to_string(site.join("data/predikat.csv")).unwrap();
    std::fs::write(
        site.join("data/predikat.csv"),
        format!("{csv}17.04,2025,utama,https://example.org,550,,,,,,,,\n"),
    )
    .unwrap();
    let out = t.path().join("public");
    let o = build(&site, &out);
    assert!(
        o.output.is_some(),
        "a warning alone does not stop the build"
    );
    let w = o
        .diagnostics
        .sorted()
        .into_iter()
        .find(|d| d.severity == ila::diag::Severity::Warning)
        .expect("warning");
    assert_eq!((w.line, w.column), (csv.lines().count() + 1, 38));
    assert!(w.message.contains("does not match"));
    let before = snapshot(&out);
    let mut opts = ila::Options::new(&site);
    opts.output = Some(out.clone());
    opts.this_year = Some(2026);
    // A real address, so that only the score warning can fail the strict build.
    opts.base_url = Some("https://data-kla.web.id/".into());
    opts.strict = true;
    assert!(ila::build(&opts).output.is_none());
    assert_eq!(snapshot(&out), before);
}

#[test]
fn pages_over_the_weight_budget_fail_the_build() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_site(&site);
    let cfg = std::fs::read_to_string(site.join("ila.toml")).unwrap();
    let cfg = if cfg.contains("\n[batas]\n") {
        cfg.replace("\n[batas]\n", "\n[batas]\nhalaman_maks_byte = 60000\n")
    } else {
        format!("{cfg}\n[batas]\nhalaman_maks_byte = 60000\n")
    };
    std::fs::write(site.join("ila.toml"), cfg).unwrap();
    let o = build(&site, &t.path().join("public"));
    assert!(o.output.is_none());
    let msgs = messages(&o);
    assert!(
        msgs.iter()
            .any(|m| m.contains("page `wilayah/index.html` is over the weight budget")),
        "{msgs:#?}"
    );
}

#[test]
fn the_build_reports_median_and_heaviest_page() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    let o = build(&repo(), &out);
    let mut sizes: Vec<(usize, String)> = snapshot(&out)
        .into_iter()
        // Site pages; the bare chart pages under embed/ are not counted.
        .filter(|(k, _)| {
            k.ends_with(".html") && !k.starts_with("embed/") && !k.starts_with("en/embed/")
        })
        .map(|(k, v)| (v.len(), k))
        .collect();
    sizes.sort();
    let (largest, path) = sizes.last().unwrap().clone();
    assert_eq!(o.weights.largest, (path, largest));
    assert_eq!(o.weights.median, sizes[sizes.len() / 2].0);
    assert!(
        o.weights.median <= 50 * 1024,
        "median page {} bytes",
        o.weights.median
    );
}

#[test]
fn every_ui_string_exists_in_every_language() {
    let dir = repo().join("themes/ila/i18n");
    let keys = |lang: &str| -> std::collections::BTreeSet<String> {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.toml"))).unwrap();
        let t: std::collections::BTreeMap<String, String> = toml::from_str(&text).unwrap();
        assert!(
            t.values().all(|v| !v.trim().is_empty()),
            "{lang}: empty text"
        );
        t.into_keys().collect()
    };
    // The same placeholders (`{nama}`) in every language, so no value is dropped or left raw.
    let table = |lang: &str| -> std::collections::BTreeMap<String, String> {
        toml::from_str(&std::fs::read_to_string(dir.join(format!("{lang}.toml"))).unwrap()).unwrap()
    };
    let holes = |v: &str| -> std::collections::BTreeSet<String> {
        v.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .collect()
    };
    let en_table = table("en");
    for (k, v) in table("id") {
        if let Some(e) = en_table.get(&k) {
            assert_eq!(
                holes(&v),
                holes(e),
                "placeholders of `{k}` differ between id and en"
            );
        }
    }
    let (id, en) = (keys("id"), keys("en"));
    assert_eq!(
        id.difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "keys missing in en.toml"
    );
    assert_eq!(
        en.difference(&id).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "keys missing in id.toml"
    );
    // Every key a template asks for exists.
    let mut stack = vec![repo().join("themes/ila/templates")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let calls = text.split("t(key=\"").skip(1);
            for part in calls.chain(text.split("tx(key=\"").skip(1)) {
                let key = part.split('"').next().unwrap();
                // `t(key="gerak." ~ x)` builds the key: some key must start with the prefix.
                let known = if key.ends_with('.') {
                    id.iter().any(|k| k.starts_with(key))
                } else {
                    id.contains(key)
                };
                assert!(known, "{}: unknown key {key}", p.display());
            }
        }
    }
}
