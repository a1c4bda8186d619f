//! Watches the site's inputs (`ila.toml`, `content/`, `data/`, `themes/`, `templates/`,
//! `static/`) with notify's debouncer and reports which site-relative paths changed. Editors'
//! backup and swap files and plain reads are ignored.

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folders below the site root whose files are inputs.
pub const DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];
/// The configuration file.
pub const CONFIG: &str = crate::config::FILE;

/// The watcher; dropping it stops watching.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

/// The site-relative path (with `/`) of `path` when it is an input of the site at `root`.
pub fn input(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    let name = parts.last()?;
    let scratch =
        name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name == "4913"; // vim's write test
    let wanted = if parts.len() == 1 {
        first == CONFIG || DIRS.contains(&first.as_str())
    } else {
        DIRS.contains(&first.as_str())
    };
    (wanted && !scratch).then(|| parts.join("/"))
}

impl Watcher {
    /// Watch the site at `root` (an absolute, canonical path); `on_change` receives the
    /// site-relative paths changed in each debounced batch.
    pub fn start(
        root: &Path,
        debounce: Duration,
        mut on_change: impl FnMut(Vec<String>) + Send + 'static,
    ) -> notify_debouncer_full::notify::Result<Watcher> {
        let event_root = root.to_path_buf();
        let debouncer = new_debouncer(debounce, None, move |res: DebounceEventResult| {
            let events = match res {
                Ok(events) => events,
                Err(errors) => {
                    for e in errors {
                        eprintln!("ila serve: pengawas berkas / file watcher: {e}");
                    }
                    return;
                }
            };
            let mut changed = BTreeSet::new();
            for ev in events {
                // Opening and reading files (every build does) changes nothing.
                let relevant = match ev.event.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                if relevant {
                    changed.extend(ev.event.paths.iter().filter_map(|p| input(&event_root, p)));
                }
            }
            if !changed.is_empty() {
                on_change(changed.into_iter().collect());
            }
        })?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: catches ila.toml and input folders created later.
        w.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        w.rewatch();
        Ok(w)
    }

    /// Watch every input folder that exists and is not watched yet (or was deleted and made
    /// again, which drops its watch). Returns the folders newly watched.
    pub fn rewatch(&mut self) -> Vec<String> {
        let mut added = Vec::new();
        for d in DIRS {
            let p = self.root.join(d);
            if !p.is_dir() {
                self.watched.remove(&p);
                continue;
            }
            if self.watched.contains(&p) {
                continue;
            }
            if self.debouncer.watch(&p, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(p);
                added.push(format!("{d}/"));
            }
        }
        added
    }

    /// What is watched, for the start-up message.
    pub fn describe(&self) -> String {
        let mut v: Vec<String> = DIRS
            .iter()
            .filter(|d| self.watched.contains(&self.root.join(d)))
            .map(|d| format!("{d}/"))
            .collect();
        v.push(CONFIG.to_string());
        v.join(", ")
    }

    /// Forget a folder's watch so that [`Watcher::rewatch`] sets it up again (after the folder
    /// was removed or replaced).
    pub fn forget(&mut self, rel: &str) {
        let top = rel.split('/').next().unwrap_or("");
        if rel == top && DIRS.contains(&top) {
            let p = self.root.join(top);
            if self.watched.remove(&p) {
                let _ = self.debouncer.unwatch(&p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_told_apart_from_scratch_files() {
        let r = Path::new("/s");
        let rel = |p: &str| input(r, &r.join(p));
        assert_eq!(
            rel("content/program/a.md").as_deref(),
            Some("content/program/a.md")
        );
        assert_eq!(rel("ila.toml").as_deref(), Some("ila.toml"));
        assert_eq!(rel("templates").as_deref(), Some("templates"));
        assert_eq!(rel("content/program/.a.md.swp"), None);
        assert_eq!(rel("content/program/a.md~"), None);
        assert_eq!(rel("content/program/4913"), None);
        assert_eq!(rel("README.md"), None);
        assert_eq!(rel("public/index.html"), None);
        assert_eq!(rel(".git/index"), None);
        assert_eq!(input(r, Path::new("/elsewhere/ila.toml")), None);
    }
}
