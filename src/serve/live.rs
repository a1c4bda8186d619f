//! The builds behind `ila serve`: keeps the last good build in a directory of its own under a
//! temporary folder outside the site root, with its loaded model and charts in memory, and brings
//! it up to date after a change: only the affected pages when write-ups changed, a full build into
//! a fresh directory otherwise. A failed build leaves the last good one as it was.

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{self, ChartSet, Job};
use crate::{Loaded, Options};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The loaded inputs of the last good build, kept for incremental updates: every edition and
/// its charts.
struct Model {
    loaded: Loaded,
    charts: Vec<ChartSet>,
}

/// Draw every edition's charts.
fn draw(loaded: &Loaded) -> Vec<ChartSet> {
    loaded
        .editions
        .iter()
        .map(|e| {
            let labels = crate::charts::Labels::new(&e.engine.strings, &e.site.cfg, &e.engine.lang);
            ChartSet::draw(&e.site, &labels)
        })
        .collect()
}

/// The write-up of `site` that a changed file (`content/<section>/<key>[.<lang>].md`) feeds:
/// matched by section and key, so an original's change reaches every edition, and a
/// translation's the edition that shows it.
fn doc_of(site: &crate::model::Site, file: &str) -> Option<usize> {
    let rest = file.strip_prefix("content/")?;
    let (section, name) = rest.split_once('/')?;
    let (key, _) = crate::content::split_lang(name.strip_suffix(".md")?);
    site.docs
        .iter()
        .position(|p| p.doc.section.dir() == section && p.doc.key == key)
}

/// The last good build.
struct Live {
    dir: PathBuf,
    /// `None` when the inputs could not be reloaded after the build; the next change is then
    /// built in full.
    model: Option<Model>,
}

/// How a change was brought into the served site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Everything rebuilt into a fresh directory.
    Full,
    /// Only the pages that depend on the changed write-ups re-rendered and rewritten.
    Pages,
}

/// A successful update.
#[derive(Debug)]
pub struct Update {
    pub kind: Kind,
    /// Pages rendered (for a full build: every page).
    pub pages: usize,
    /// Files whose bytes changed (incremental updates only; 0 for a full build).
    pub written: usize,
    pub elapsed: Duration,
    /// Warnings of the build.
    pub diagnostics: Diagnostics,
}

/// Builds the site for `ila serve`. Not tied to HTTP: the benchmark drives it directly.
pub struct Builder {
    opts: Options,
    temp: PathBuf,
    generation: u64,
    live: Option<Live>,
    /// The directory served before the current one, removed at the next full build so that
    /// requests still reading it can finish.
    retired: Option<PathBuf>,
    /// Site-relative paths changed since the last good build.
    dirty: BTreeSet<String>,
}

/// `content/<section>/<name>.md`: a write-up.
fn is_write_up(rel: &str) -> bool {
    let mut parts = rel.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("content"), Some(_), Some(name), None) if name.ends_with(".md")
    )
}

impl Builder {
    /// A builder for the site `opts` describes; builds go to numbered directories in `temp`,
    /// which must lie outside the site root (`opts.output` is ignored).
    pub fn new(opts: Options, temp: &Path) -> Builder {
        Builder {
            opts,
            temp: temp.to_path_buf(),
            generation: 0,
            live: None,
            retired: None,
            dirty: BTreeSet::new(),
        }
    }

    /// The directory holding the last good build, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.live.as_ref().map(|l| l.dir.as_path())
    }

    /// Bring the served site up to date after changes to the site-relative `paths`
    /// (with `/` separators). On failure, the last good build stays as it was, and the changes
    /// are kept to be built with the next ones.
    pub fn changed(
        &mut self,
        paths: impl IntoIterator<Item = String>,
    ) -> Result<Update, Diagnostics> {
        self.dirty.extend(paths);
        let incremental = self.dirty.iter().all(|p| is_write_up(p));
        let result = match incremental.then(|| self.pages()).flatten() {
            Some(r) => r,
            None => self.full(),
        };
        if result.is_ok() {
            self.dirty.clear();
        }
        result
    }

    /// Build everything into a fresh directory and serve it from there.
    pub fn full(&mut self) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        self.generation += 1;
        let dir = self.temp.join(format!("situs-{}", self.generation));
        let mut opts = self.opts.clone();
        opts.output = Some(dir.clone());
        opts.progress = false;
        let out = crate::build(&opts);
        if out.output.is_none() || out.diagnostics.is_fatal(self.opts.strict) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(out.diagnostics);
        }
        // Keep what an incremental update needs. Loading is fast next to rendering.
        let mut d = Diagnostics::new();
        let model = crate::load(&opts, &mut d)
            .filter(|_| !d.is_fatal(self.opts.strict))
            .map(|loaded| {
                let charts = draw(&loaded);
                Model { loaded, charts }
            });
        if let Some(old) = self.retired.take() {
            let _ = std::fs::remove_dir_all(old);
        }
        self.retired = self.live.take().map(|l| l.dir);
        self.live = Some(Live { dir, model });
        self.dirty.clear();
        Ok(Update {
            kind: Kind::Full,
            pages: out.pages,
            written: 0,
            elapsed: start.elapsed(),
            diagnostics: out.diagnostics,
        })
    }

    /// Re-render only the pages that depend on the changed write-ups. `None` when that is not
    /// possible (no model, a write-up added, removed or renamed): build in full instead.
    fn pages(&mut self) -> Option<Result<Update, Diagnostics>> {
        let start = Instant::now();
        let strict = self.opts.strict;
        let live = self.live.as_mut()?;
        let model = live.model.as_mut()?;
        let mut d = Diagnostics::new();
        let mut opts = self.opts.clone();
        opts.progress = false;
        let Some(mut new) = crate::load(&opts, &mut d) else {
            return Some(Err(d));
        };
        if d.is_fatal(strict) {
            return Some(Err(d));
        }
        let files = |l: &Loaded| -> Vec<BTreeSet<String>> {
            l.editions
                .iter()
                .map(|e| e.site.docs.iter().map(|p| p.doc.file.clone()).collect())
                .collect()
        };
        // A write-up added, removed or renamed changes the page set: build in full.
        if files(&model.loaded) != files(&new) {
            return None;
        }
        let mut pages = Vec::new();
        let editions = model
            .loaded
            .editions
            .iter_mut()
            .zip(new.editions.iter_mut());
        for ((old, now), charts) in editions.zip(&model.charts) {
            let docs = |site: &crate::model::Site| -> Vec<usize> {
                self.dirty.iter().filter_map(|f| doc_of(site, f)).collect()
            };
            let (old_docs, new_docs) = (docs(&old.site), docs(&now.site));
            let all = render::jobs(&now.site);
            // The page menu (static pages) lives in the global context: when it changed, every
            // page did. Charts never depend on write-ups, so they are reused either way.
            let globals_changed =
                *old.engine.tera.global_context() != *now.engine.tera.global_context();
            let jobs: Vec<Job> = if globals_changed {
                all
            } else {
                // Pages that showed the write-ups before the change, and those that show them now.
                let mut paths: BTreeSet<String> = old_docs
                    .iter()
                    .flat_map(|&i| render::jobs_depending_on(&old.site, i))
                    .map(|j| j.out_path(&old.site))
                    .collect();
                paths.extend(
                    new_docs
                        .iter()
                        .flat_map(|&i| render::jobs_depending_on(&now.site, i))
                        .map(|j| j.out_path(&now.site)),
                );
                all.into_iter()
                    .filter(|j| paths.contains(&j.out_path(&now.site)))
                    .collect()
            };
            pages.extend(render::render_jobs(
                &now.site,
                &now.engine,
                &now.docs_html,
                charts,
                &jobs,
                &mut d,
            ));
        }
        if d.is_fatal(strict) {
            return Some(Err(d));
        }
        let mut written = 0;
        for (rel, text) in &pages {
            match write_if_changed(&live.dir, rel, text.as_bytes()) {
                Ok(true) => written += 1,
                Ok(false) => {}
                Err(e) => d.push(Diagnostic::error(rel.clone(), e.to_string())),
            }
        }
        if d.is_fatal(strict) {
            // Some pages may be new and others old: the next change builds everything.
            live.model = None;
            return Some(Err(d));
        }
        // Freeing the old model takes longer than loading it; do it off the reload's path.
        let old = std::mem::replace(&mut model.loaded, new);
        std::thread::spawn(move || drop(old));
        Some(Ok(Update {
            kind: Kind::Pages,
            pages: pages.len(),
            written,
            elapsed: start.elapsed(),
            diagnostics: d,
        }))
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        for dir in self.retired.iter().chain(self.live.iter().map(|l| &l.dir)) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Replace `dir/rel` with `bytes` unless it already holds them. The new file is written beside
/// the old one and renamed over it, so a request never reads half a page.
fn write_if_changed(
    dir: &Path,
    rel: &str,
    bytes: &[u8],
) -> Result<bool, crate::output::OutputError> {
    let path = crate::output::safe_join(dir, rel)?;
    let io = |p: &Path, source| crate::output::OutputError::Io {
        path: p.display().to_string(),
        source,
    };
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".ila-")
        .tempfile_in(parent)
        .map_err(|e| io(parent, e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| io(&path, e))?;
    tmp.persist(&path).map_err(|e| io(&path, e.error))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_ups_are_recognised() {
        assert!(is_write_up("content/program/brus.md"));
        assert!(is_write_up("content/wilayah/35.10.md"));
        assert!(!is_write_up("content/program/brus.txt"));
        assert!(!is_write_up("content/program/x/brus.md"));
        assert!(!is_write_up("data/predikat.csv"));
        assert!(!is_write_up("ila.toml"));
    }
}
