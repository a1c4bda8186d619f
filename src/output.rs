//! Output stage: writes the built site into a fresh temporary directory beside the target and
//! swaps it in only when the whole build succeeded. No path can escape the output directory.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("refusing output path `{path}`: {why}")]
    Refused { path: String, why: &'static str },
    #[error("refusing output path `{path}`: it {relation} the site's source folder `{source_dir}`")]
    Overlaps {
        path: String,
        relation: &'static str,
        source_dir: String,
    },
    #[error("the build was cancelled")]
    Cancelled,
    #[error("output path `{0}` escapes the output directory")]
    Escapes(String),
    #[error("cannot write `{path}`: {source}")]
    Io { path: String, source: io::Error },
}

impl OutputError {
    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OutputError::Overlaps { .. } => Some(
                "a build replaces its output folder as a whole: choose a folder that holds no \
                 sources, e.g. the default `public/` or a folder outside the site",
            ),
            OutputError::Refused { .. } => {
                Some("choose a new or existing folder, e.g. the default `public/`")
            }
            _ => None,
        }
    }
}

fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Set once by [`cancel_writes`]: every staging area of this process then refuses to write.
static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Make every later write of every build in this process fail at once, so that a build still
/// running writes nothing more while its folder is removed (`ila serve` on Ctrl+C, just before
/// the process exits).
pub fn cancel_writes() {
    CANCELLED.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn cancelled() -> bool {
    CANCELLED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Folders of a site that a build reads: an output may not be, contain or lie inside one.
pub const SOURCE_DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];

/// The first line of a staging lock file: only folders named by a file that starts with it are
/// ever removed by a later build.
const LOCK_MARK: &str =
    "ila staging lock: the next ila build beside this output removes what it names\n";
const LOCK_PREFIX: &str = ".ila-lock-";
const BUILD_PREFIX: &str = ".ila-build-";
const OLD_PREFIX: &str = ".ila-old-";

/// Check that `target` can safely be replaced by a build of the site at `site_root`, and return
/// it as an absolute path (symbolic links resolved, except in its last component, which is
/// refused if it is a link). Refused: a filesystem root, the home folder, a symbolic link, an
/// existing file that is not a folder, and any path that is, contains or lies inside the site
/// root or one of its [`SOURCE_DIRS`] (output inside the site root, like `public/`, is fine).
pub fn check_target(target: &Path, site_root: &Path) -> Result<PathBuf, OutputError> {
    let shown = target.display().to_string();
    let refused = |why| OutputError::Refused {
        path: shown.clone(),
        why,
    };
    let abs_target = absolute(target).map_err(|e| io_err(target, e))?;
    let abs_root = std::fs::canonicalize(site_root)
        .or_else(|_| absolute(site_root))
        .map_err(|e| io_err(site_root, e))?;
    if abs_target.parent().is_none() {
        return Err(refused("it is a filesystem root"));
    }
    match std::fs::symlink_metadata(&abs_target) {
        Ok(m) if m.file_type().is_symlink() => return Err(refused("it is a symbolic link")),
        Ok(m) if !m.is_dir() => {
            return Err(refused(
                "it is an existing file, not a folder; a build would hide it",
            ));
        }
        _ => {}
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).is_ok_and(|h| h == abs_target) {
            return Err(refused("it is the home directory"));
        }
    }
    let overlaps = |relation, dir: &Path| OutputError::Overlaps {
        path: shown.clone(),
        relation,
        source_dir: dir.display().to_string(),
    };
    if abs_root == abs_target {
        return Err(overlaps("is", site_root));
    }
    if abs_root.starts_with(&abs_target) {
        return Err(overlaps("contains", site_root));
    }
    for name in SOURCE_DIRS {
        let shown_dir = site_root.join(name);
        // Resolve symbolic links in the source folder itself: a `content -> ../elsewhere`
        // link makes `../elsewhere` a source folder too.
        let Ok(dir) = std::fs::canonicalize(&shown_dir) else {
            continue;
        };
        for dir in [dir, abs_root.join(name)] {
            if dir == abs_target {
                return Err(overlaps("is", &shown_dir));
            }
            if dir.starts_with(&abs_target) {
                return Err(overlaps("contains", &shown_dir));
            }
            if abs_target.starts_with(&dir) {
                return Err(overlaps("lies inside", &shown_dir));
            }
        }
    }
    Ok(abs_target)
}

/// A build in progress: files go to a hidden staging directory next to the final output.
///
/// Beside it lies a lock file, `.ila-lock-<id>`, created first and held locked for the whole
/// build: it marks `.ila-build-<id>` (the staging folder) and `.ila-old-<id>` (the previous
/// output while it is swapped out) as ila's. A build that dies at any moment leaves the lock
/// file unlocked, and the next build beside the same output removes what it names
/// ([`clean_leftovers`]); folders of a build still running stay locked and are left alone.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The lock file and its open, locked handle; `None` for a dry run.
    lock: Option<(PathBuf, File)>,
    /// Check every path but write nothing (`ila check`).
    dry_run: bool,
    /// Set once published: the staging folder is then the output and must not be removed.
    published: bool,
}

impl Staging {
    /// Prepare to build into `target`; see [`check_target`] for what is refused.
    pub fn new(target: &Path, site_root: &Path) -> Result<Staging, OutputError> {
        if cancelled() {
            return Err(OutputError::Cancelled);
        }
        let abs_target = check_target(target, site_root)?;
        let parent = abs_target.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, e))?;
        clean_leftovers(&parent);
        let (lock_path, lock) = create_lock(&parent, &abs_target)?;
        let id = lock_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_start_matches(LOCK_PREFIX)
            .to_string();
        let dir = parent.join(format!("{BUILD_PREFIX}{id}"));
        if let Err(e) = std::fs::create_dir(&dir) {
            let _ = std::fs::remove_file(&lock_path);
            return Err(io_err(&dir, e));
        }
        Ok(Staging {
            dir,
            target: abs_target,
            lock: Some((lock_path, lock)),
            dry_run: false,
            published: false,
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
        &self.dir
    }

    /// Whether files are written (not a dry run): what was written can be read back.
    pub fn writes(&self) -> bool {
        !self.dry_run
    }

    /// Write `bytes` at the site-relative path `rel` (e.g. `wilayah/x/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = safe_join(&self.dir, rel)?;
        if self.dry_run {
            return Ok(());
        }
        if cancelled() {
            return Err(OutputError::Cancelled);
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

    /// Replace the target with the staged build. Once the new output is in place the previous
    /// one is removed; if that fails the lock file is kept so the next build removes it.
    pub fn publish(mut self) -> Result<PathBuf, OutputError> {
        let target = self.target.clone();
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        // Two builds publishing beside the same output take turns.
        let _turn = lock_dir(&parent);
        let leftover = swap_in(&self.dir, &target, &self.id()).map_err(|e| io_err(&target, e))?;
        self.published = true;
        let removed = match &leftover {
            Some(old) => remove_tree(old).is_ok(),
            None => true,
        };
        if let Some((path, file)) = self.lock.take() {
            if removed {
                let _ = std::fs::remove_file(&path);
            }
            drop(file);
        }
        Ok(target)
    }

    fn id(&self) -> String {
        self.dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_start_matches(BUILD_PREFIX)
            .to_string()
    }
}

impl Drop for Staging {
    /// A build that did not publish (failed, or a dry run) leaves nothing behind.
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if let Some((path, file)) = self.lock.take() {
            let _ = std::fs::remove_file(&path);
            drop(file);
        }
    }
}

/// Put the folder `staged` in the place of `target`. Returns where the previous output now lies
/// (to be removed), if there was one. On Linux the two are exchanged in one step
/// (`renameat2(RENAME_EXCHANGE)`), so `target` is at every moment either the previous output or
/// the new one; elsewhere (or on a filesystem without exchange) the previous output is first
/// renamed to `.ila-old-<id>`, and a build killed between the two renames leaves it there, from
/// where the next build puts it back ([`clean_leftovers`]).
fn swap_in(staged: &Path, target: &Path, id: &str) -> io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(target).is_err() {
        match std::fs::rename(staged, target) {
            Ok(()) => return Ok(None),
            // Another build published first: replace its output below.
            Err(e) if target.exists() => drop(e),
            Err(e) => return Err(e),
        }
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(Some(staged.to_path_buf())),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = target.with_file_name(format!("{OLD_PREFIX}{id}"));
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&old, target);
        return Err(e);
    }
    Ok(Some(old))
}

/// Create `.ila-lock-<id>` in `parent`, lock it and write the marker and the output's name.
fn create_lock(parent: &Path, target: &Path) -> Result<(PathBuf, File), OutputError> {
    let (mut file, path) = tempfile::Builder::new()
        .prefix(LOCK_PREFIX)
        .tempfile_in(parent)
        .and_then(|t| t.keep().map_err(|e| e.error))
        .map_err(|e| io_err(parent, e))?;
    file.lock().map_err(|e| io_err(&path, e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let text = format!("{LOCK_MARK}target={name}\npid={}\n", std::process::id());
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|e| io_err(&path, e))?;
    Ok((path, file))
}

/// Lock the folder `dir` itself (advisory, Unix), held until the handle is dropped.
fn lock_dir(dir: &Path) -> Option<File> {
    let f = File::open(dir).ok()?;
    f.lock().ok()?;
    Some(f)
}

/// Remove what builds that died beside outputs in `parent` left behind: for every unlocked
/// `.ila-lock-<id>` that carries ila's marker, put a swapped-out previous output back if its
/// output is missing, then remove `.ila-build-<id>`, `.ila-old-<id>` and the lock file.
/// Folders without such a lock file, and those of builds still running, are never touched.
/// Best effort: what cannot be removed now is tried again next time.
pub fn clean_leftovers(parent: &Path) {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    let _turn = lock_dir(parent);
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(id) = name.strip_prefix(LOCK_PREFIX) else {
            continue;
        };
        if id.is_empty() || id.contains(['/', '\\']) || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let lock_path = e.path();
        let Ok(mut file) = File::options().read(true).write(true).open(&lock_path) else {
            continue;
        };
        // Locked: that build is still running.
        if file.try_lock().is_err() {
            continue;
        }
        let mut text = String::new();
        if file.read_to_string(&mut text).is_err() || !text.starts_with(LOCK_MARK) {
            continue;
        }
        let target = text
            .lines()
            .find_map(|l| l.strip_prefix("target="))
            .filter(|t| !t.is_empty() && !t.contains(['/', '\\']) && *t != "." && *t != "..")
            .map(|t| parent.join(t));
        let build = parent.join(format!("{BUILD_PREFIX}{id}"));
        let old = parent.join(format!("{OLD_PREFIX}{id}"));
        if let Some(target) = &target {
            if old.is_dir() && std::fs::symlink_metadata(target).is_err() {
                let _ = std::fs::rename(&old, target);
            }
        }
        let mut clean = true;
        for dir in [&build, &old] {
            if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
                clean &= std::fs::remove_dir_all(dir).is_ok();
            }
        }
        if clean {
            let _ = std::fs::remove_file(&lock_path);
        }
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
