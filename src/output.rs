//! Output stage: writes the built site into a fresh temporary directory beside the target and
//! swaps it in only when the whole build succeeded. No path can escape the output directory.

use std::io;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("refusing output path `{path}`: {why}")]
    Refused { path: String, why: &'static str },
    #[error("output path `{0}` escapes the output directory")]
    Escapes(String),
    #[error("cannot write `{path}`: {source}")]
    Io { path: String, source: io::Error },
}

fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A build in progress: files go to a hidden staging directory next to the final output.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    /// Check every path but write nothing (`ila check`).
    dry_run: bool,
}

impl Staging {
    /// Prepare to build into `target`. `site_root` must not be inside or equal to the target.
    pub fn new(target: &Path, site_root: &Path) -> Result<Staging, OutputError> {
        let shown = target.display().to_string();
        let abs_target = absolute(target).map_err(|e| io_err(target, e))?;
        let abs_root = absolute(site_root).map_err(|e| io_err(site_root, e))?;
        if abs_target.parent().is_none() {
            return Err(OutputError::Refused {
                path: shown,
                why: "it is a filesystem root",
            });
        }
        if abs_root.starts_with(&abs_target) {
            return Err(OutputError::Refused {
                path: shown,
                why: "it contains the site's sources, which a build would replace",
            });
        }
        if std::fs::symlink_metadata(&abs_target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Refused {
                path: shown,
                why: "it is a symbolic link",
            });
        }
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
            if abs_target == home {
                return Err(OutputError::Refused {
                    path: shown,
                    why: "it is the home directory",
                });
            }
        }
        let parent = abs_target.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".ila-build-")
            .tempdir_in(&parent)
            .map_err(|e| io_err(&parent, e))?;
        Ok(Staging {
            dir,
            target: abs_target,
            dry_run: false,
        })
    }

    /// A staging area that checks every output path as a build would but writes nothing, for
    /// `ila check`: a 100,000-file site is then checked without touching the disk.
    pub fn dry_run(target: &Path, site_root: &Path) -> Result<Staging, OutputError> {
        let mut s = Staging::new(target, site_root)?;
        s.dry_run = true;
        Ok(s)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Whether files are written (not a dry run): what was written can be read back.
    pub fn writes(&self) -> bool {
        !self.dry_run
    }

    /// Write `bytes` at the site-relative path `rel` (e.g. `wilayah/x/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = safe_join(self.dir.path(), rel)?;
        if self.dry_run {
            return Ok(());
        }
        // Most folders exist already: try the write first and create the folder only when it
        // is missing (one system call per file instead of three on a 100,000-file site).
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(p) = path.parent() {
                    std::fs::create_dir_all(p).map_err(|e| io_err(p, e))?;
                }
                std::fs::write(&path, bytes).map_err(|e| io_err(&path, e))
            }
            r => r.map_err(|e| io_err(&path, e)),
        }
    }

    /// Replace the target with the staged build. The old output is removed after the swap.
    pub fn publish(self) -> Result<PathBuf, OutputError> {
        let staged = self.dir.keep();
        let target = self.target;
        let old = if target.exists() {
            let old = target.with_file_name(format!(
                ".ila-old-{}",
                staged
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("x")
                    .trim_start_matches(".ila-build-")
            ));
            std::fs::rename(&target, &old).map_err(|e| io_err(&target, e))?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, &target) {
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &target);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(io_err(&target, e));
        }
        if let Some(old) = old {
            remove_tree(&old).map_err(|e| io_err(&old, e))?;
        }
        Ok(target)
    }
}

/// `remove_dir_all`, with the top-level folders removed in parallel: deleting the previous
/// output of a large site (tens of thousands of files) is otherwise a long single-core tail.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Join a site-relative path under `base`, refusing absolute paths, `..` and empty parts.
pub fn safe_join(base: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let p = Path::new(rel);
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
        return Err(OutputError::Escapes(rel.to_string()));
    }
    let mut out = base.to_path_buf();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            _ => return Err(OutputError::Escapes(rel.to_string())),
        }
    }
    Ok(out)
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(p)?;
    // Resolve `..` lexically, then canonicalize the longest existing ancestor.
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|s| s.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = if existing.exists() {
        std::fs::canonicalize(&existing)?
    } else {
        existing
    };
    // Keep the last component unresolved so a symlinked target can be detected and refused.
    if tail.is_empty() && clean.exists() {
        if let (Some(name), Some(parent)) = (clean.file_name(), clean.parent()) {
            real = std::fs::canonicalize(parent)?.join(name);
        }
    }
    for t in tail.into_iter().rev() {
        real.push(t);
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_run_checks_paths_and_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out").join("public");
        let s = Staging::dry_run(&target, &root.path().join("site")).unwrap();
        s.write("wilayah/a/index.html", b"x").unwrap();
        assert!(matches!(
            s.write("../escape", b"x"),
            Err(OutputError::Escapes(_))
        ));
        assert!(!s.path().join("wilayah").exists());
        let real = Staging::new(&target, &root.path().join("site")).unwrap();
        real.write("wilayah/a/index.html", b"x").unwrap();
        assert!(real.path().join("wilayah/a/index.html").is_file());
    }

    #[test]
    fn traversal_is_refused() {
        let b = Path::new("/tmp/x");
        assert!(safe_join(b, "../etc/passwd").is_err());
        assert!(safe_join(b, "/etc/passwd").is_err());
        assert!(safe_join(b, "a/../../b").is_err());
        assert!(safe_join(b, "").is_err());
        assert_eq!(
            safe_join(b, "wilayah/a/index.html").unwrap(),
            Path::new("/tmp/x/wilayah/a/index.html")
        );
    }

    #[test]
    fn swap_replaces_old_output_and_keeps_it_on_drop() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = t.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        // A build that is dropped (failed) leaves the old output untouched.
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"new").unwrap();
        drop(s);
        assert_eq!(
            std::fs::read_to_string(out.join("old.html")).unwrap(),
            "old"
        );
        assert!(!out.join("index.html").exists());
        // A published build replaces it.
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"new").unwrap();
        s.publish().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        let leftovers = std::fs::read_dir(t.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".ila-"))
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn output_containing_the_sources_is_refused() {
        let t = tempfile::tempdir().unwrap();
        assert!(Staging::new(t.path(), &t.path().join("site")).is_err());
        assert!(Staging::new(Path::new("/"), t.path()).is_err());
    }
}

/// Copy every regular file below `src` into the staging area under `prefix` (e.g. `` or `data`).
/// Symbolic links are never followed. Returns the number of files copied.
pub fn copy_tree(src: &Path, prefix: &str, staging: &Staging) -> Result<usize, OutputError> {
    let mut n = 0;
    let mut stack = vec![(src.to_path_buf(), prefix.to_string())];
    while let Some((dir, rel)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(ft) = e.file_type() else { continue };
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if ft.is_symlink() || name.starts_with('.') {
                continue;
            }
            if ft.is_dir() {
                stack.push((e.path(), child));
            } else if ft.is_file() {
                let bytes = std::fs::read(e.path()).map_err(|err| io_err(&e.path(), err))?;
                staging.write(&child, &bytes)?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Where work that is slow to redo is kept between builds, in the subfolder `kind`
/// (`bagikan` for share images, `cari` for the search bundle): `$ILA_CACHE_DIR/<kind>`, else
/// `$XDG_CACHE_HOME/ila/<kind>`, else `~/.cache/ila/<kind>`. Never inside the site's sources.
pub fn cache_dir(kind: &str) -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ILA_CACHE_DIR") {
        return Some(PathBuf::from(d).join(kind));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("ila").join(kind))
}

/// Mark a cache entry (file or folder) as just used, so [`prune_cache`] keeps it. Best effort.
pub fn mark_used(path: &Path) {
    let _ = std::fs::File::open(path).and_then(|f| f.set_modified(std::time::SystemTime::now()));
}

/// Remove all but the `keep` most recently modified entries of cache folder `dir` that `entry`
/// accepts (files or folders), newest first with ties broken by path so the choice is
/// deterministic. Best effort: a cache that cannot be pruned only costs disk space.
pub fn prune_cache(dir: &Path, keep: usize, entry: impl Fn(&Path) -> bool) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = rd
        .filter_map(Result::ok)
        .filter(|e| entry(&e.path()))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= keep {
        return;
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (_, old) in entries.into_iter().skip(keep) {
        let _ = if old.is_dir() {
            std::fs::remove_dir_all(&old)
        } else {
            std::fs::remove_file(&old)
        };
    }
}
