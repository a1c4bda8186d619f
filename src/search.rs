//! Static search: feeds the rendered pages that readers look for (districts, provinces,
//! programmes, news, pages, in every edition) to Pagefind's Rust API in-process, and returns
//! the index bundle (`pagefind/…`) to write. Pagefind splits the index by each page's
//! `<html lang>` and stems Indonesian and English. Building an index costs about a second, so
//! the bundle is cached by a hash of its inputs, outside the sources like the share images.

use std::path::Path;

/// Where the bundle goes below the output root.
pub const DIR: &str = "pagefind";

/// The cache subfolder (see `output::cache_dir`).
pub const DIR_CACHE: &str = "cari";

/// One page to index: its site-relative URL, where it was written and a hash of its HTML. The
/// HTML itself is kept only when it was not written (`ila check`): otherwise it is read back
/// from the staging folder if the index must be built, so a build whose index comes from the
/// cache holds no page text (about 300 MB at 10,000 districts).
#[derive(Debug, Clone)]
pub struct Doc {
    pub url: String,
    /// Path below the output root, e.g. `wilayah/x/index.html`.
    pub file: String,
    len: usize,
    hash: u64,
    html: Option<String>,
}

impl Doc {
    /// `keep`: hold on to the HTML (the page was not written anywhere it can be read back).
    pub fn new(url: String, file: String, html: String, keep: bool) -> Doc {
        use std::hash::Hasher;
        let mut h = siphasher::sip::SipHasher13::new();
        h.write(html.as_bytes());
        Doc {
            url,
            file,
            len: html.len(),
            hash: h.finish(),
            html: keep.then_some(html),
        }
    }
}

/// The files of the search bundle, as (path below the output root, bytes), sorted by path.
pub type Bundle = Vec<(String, Vec<u8>)>;

/// Build (or fetch from `cache`) the search bundle for `docs`, whose pages were written below
/// `written` unless they hold their HTML.
pub fn bundle(mut docs: Vec<Doc>, cache: Option<&Path>, written: &Path) -> Result<Bundle, String> {
    docs.sort_by(|a, b| a.url.cmp(&b.url));
    let key = cache_key(&docs);
    let dir = cache.map(|c| c.join(format!("{key:016x}")));
    if let Some((d, files)) = dir.as_deref().and_then(|d| Some((d, read_cached(d)?))) {
        // Mark it used, so pruning keeps the bundles current sites still use.
        crate::output::mark_used(d);
        return Ok(files);
    }
    let files = build(docs, written)?;
    if let Some(d) = dir {
        write_cached(&d, &files);
    }
    Ok(files)
}

#[cfg(feature = "cari")]
fn build(docs: Vec<Doc>, written: &Path) -> Result<Bundle, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    rt.block_on(async {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for d in docs {
            let html = match d.html {
                Some(h) => h,
                None => std::fs::read_to_string(written.join(&d.file))
                    .map_err(|e| format!("cannot read {} back to index it: {e}", d.file))?,
            };
            index
                .add_html_file(None, Some(d.url.clone()), html)
                .await
                .map_err(|e| format!("cannot index {}: {e}", d.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        let mut out: Bundle = files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let name = name.trim_start_matches('/').to_string();
                (format!("{DIR}/{name}"), f.contents)
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
}

#[cfg(not(feature = "cari"))]
fn build(_docs: Vec<Doc>, _written: &Path) -> Result<Bundle, String> {
    Ok(Vec::new())
}

/// A hash of everything the index depends on: the indexer's version and every page. Each
/// page's text was hashed on its own when it was rendered (in parallel), with SipHash-1-3
/// (fixed keys, so stable across Rust versions, and several times faster than FNV on the tens
/// of megabytes of a large site); the page hashes are folded in page order with FNV-1a, like
/// the share-image key.
fn cache_key(docs: &[Doc]) -> u64 {
    let mut h = crate::share::fnv1a64(
        crate::share::FNV_OFFSET,
        env!("CARGO_PKG_VERSION").as_bytes(),
    );
    for d in docs {
        // Lengths first, so two different splits of the same bytes cannot collide.
        h = crate::share::fnv1a64(h, &(d.url.len() as u64).to_le_bytes());
        h = crate::share::fnv1a64(h, d.url.as_bytes());
        h = crate::share::fnv1a64(h, &(d.len as u64).to_le_bytes());
        h = crate::share::fnv1a64(h, &d.hash.to_le_bytes());
    }
    h
}

fn read_cached(dir: &Path) -> Option<Bundle> {
    use rayon::prelude::*;
    let list = std::fs::read_to_string(dir.join("files.txt")).ok()?;
    let names: Vec<&str> = list.lines().collect();
    if names.iter().any(|n| n.contains("..") || n.starts_with('/')) {
        return None;
    }
    names
        .par_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join("data").join(name)).ok()?;
            Some((name.to_string(), bytes))
        })
        .collect()
}

/// Best effort: a cache that cannot be written only costs time on the next build.
fn write_cached(dir: &Path, files: &Bundle) {
    let tmp = dir.with_extension("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    let ok = files.iter().all(|(name, bytes)| {
        let p = tmp.join("data").join(name);
        p.parent()
            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
            && std::fs::write(&p, bytes).is_ok()
    });
    let list: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if ok && std::fs::write(tmp.join("files.txt"), list.join("\n")).is_ok() {
        let _ = std::fs::rename(&tmp, dir);
    } else {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    if let Some(parent) = dir.parent() {
        crate::output::prune_cache(parent, KEEP, is_bundle);
    }
}

/// Bundles kept in the cache: a few recent versions of the site (an editor switching between
/// branches), not every version ever built (a bundle is several MB).
const KEEP: usize = 8;

/// A complete cached bundle (its file list is written last).
fn is_bundle(dir: &Path) -> bool {
    dir.join("files.txt").is_file()
}

#[cfg(all(test, feature = "cari"))]
mod tests {
    use super::*;

    fn page(lang: &str, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body><main data-pagefind-body><h1>{title}</h1><p>{body}</p></main></body></html>"
        )
    }

    #[test]
    fn indexes_each_language_and_caches_the_bundle() {
        // The Indonesian page was written (and is read back to be indexed); the English one
        // was not and is held in memory, as in `ila check`.
        let written = tempfile::tempdir().unwrap();
        let write_id = |body: &str| {
            let html = page("id", "Kabupaten Banyuwangi", body);
            let file = "wilayah/kabupaten-banyuwangi/index.html";
            std::fs::create_dir_all(written.path().join("wilayah/kabupaten-banyuwangi")).unwrap();
            std::fs::write(written.path().join(file), &html).unwrap();
            Doc::new(
                "/wilayah/kabupaten-banyuwangi/".into(),
                file.into(),
                html,
                false,
            )
        };
        let en = || {
            let html = page(
                "en",
                "Kabupaten Banyuwangi",
                "Code 35.10, East Java. Child protection.",
            );
            Doc::new(
                "/en/wilayah/kabupaten-banyuwangi/".into(),
                "en/wilayah/kabupaten-banyuwangi/index.html".into(),
                html,
                true,
            )
        };
        let docs = || vec![write_id("Kode 35.10, Jawa Timur. Perlindungan anak."), en()];
        assert!(docs()[0].html.is_none() && docs()[1].html.is_some());
        let cache = tempfile::tempdir().unwrap();
        let first = bundle(docs(), Some(cache.path()), written.path()).unwrap();
        let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.iter().all(|n| n.starts_with("pagefind/")));
        let entry = &first
            .iter()
            .find(|(n, _)| n == "pagefind/pagefind-entry.json")
            .unwrap()
            .1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        let langs: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
        assert_eq!(langs, ["en", "id"]);
        // The second build reads the cache (one entry) and gets the same bytes.
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
        let second = bundle(docs(), Some(cache.path()), written.path()).unwrap();
        assert_eq!(first, second);
        // A changed page is a new cache entry.
        let changed = vec![write_id("Kode 35.10, Jawa Timur. Hak anak."), en()];
        let third = bundle(changed, Some(cache.path()), written.path()).unwrap();
        assert_ne!(
            first, third,
            "the page read back from disk is the one indexed"
        );
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 2);
        // A cache hit marks the bundle used: made to look oldest, then read again, it is the
        // one pruning keeps.
        let hit = cache.path().join(format!(
            "{:016x}",
            cache_key(&{
                let mut d = docs();
                d.sort_by(|a, b| a.url.cmp(&b.url));
                d
            })
        ));
        assert!(hit.is_dir());
        std::fs::File::open(&hit)
            .unwrap()
            .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1))
            .unwrap();
        assert_eq!(
            bundle(docs(), Some(cache.path()), written.path()).unwrap(),
            first
        );
        // Old bundles are pruned down to the newest `keep`.
        crate::output::prune_cache(cache.path(), 1, is_bundle);
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
        assert!(hit.is_dir(), "the bundle just used survives");
    }
}
