//! Never lose a file (#17): an output may never overlap the sources, and a build killed at any
//! moment leaves the previous output intact and nothing that the next build does not clean up.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A copy of the shipped site with the optional source folders present too.
fn site_in(t: &Path) -> PathBuf {
    let site = t.join("site");
    copy_site(&site);
    for d in ["templates", "static"] {
        std::fs::create_dir_all(site.join(d)).unwrap();
        std::fs::write(site.join(d).join("keep.txt"), "mine").unwrap();
    }
    site
}

/// Every file and folder name under `dir` (recursively) with its bytes; folders map to `None`.
fn tree(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
                v.push((rel, None));
            } else {
                v.push((rel, Some(std::fs::read(e.path()).unwrap())));
            }
        }
    }
    v.sort();
    v
}

fn ila() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ila"));
    c.env("NO_COLOR", "1");
    c
}

/// Names in `dir` that a build beside an output may leave (`.ila-...`).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".ila-"))
        .collect();
    v.sort();
    v
}

/// The `--output` diagnostic of a refused build, after checking nothing was published.
fn refusal(site: &Path, out: &Path) -> ila::diag::Diagnostic {
    let o = build(site, out);
    assert!(o.output.is_none(), "{} was accepted", out.display());
    let d = o.diagnostics.sorted();
    assert_eq!(d.len(), 1, "{:?}", messages(&o));
    assert_eq!(d[0].file, "--output");
    d[0].clone()
}

#[test]
fn an_output_that_is_or_lies_inside_a_source_folder_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let site = site_in(t.path());
    let before = tree(&site);
    for dir in ["content", "data", "themes", "templates", "static"] {
        for out in [
            site.join(dir),
            site.join(dir).join("out"),
            site.join(dir).join("a/b/c"),
        ] {
            let d = refusal(&site, &out);
            // The message names both paths; the hint says what to do.
            assert!(
                d.message.contains(&out.display().to_string()),
                "{}",
                d.message
            );
            assert!(
                d.message.contains(&site.join(dir).display().to_string()),
                "{}",
                d.message
            );
            assert!(
                d.hint.as_deref().is_some_and(|h| h.contains("public/")),
                "{d:?}"
            );
            assert_eq!(tree(&site), before, "{} changed the sources", out.display());
        }
    }
    // The site root itself and any folder that contains it.
    for out in [site.clone(), t.path().to_path_buf()] {
        let d = refusal(&site, &out);
        assert!(d.message.contains("source folder"), "{}", d.message);
    }
    // `.`-style and `..`-style spellings are the same folder.
    let d = refusal(&site, &site.join("public/../data/./x"));
    assert!(d.message.contains("lies inside"), "{}", d.message);
    assert_eq!(tree(&site), before);
    assert!(leftovers(&site).is_empty() && leftovers(&site.join("data")).is_empty());
    // The default, `public/` inside the root, is fine.
    assert!(build(&site, &site.join("public")).output.is_some());
}

#[test]
fn symbolic_links_do_not_hide_an_overlap() {
    let t = tempfile::tempdir().unwrap();
    let site = site_in(t.path());
    let before = tree(&site);
    // A link outside the site that points into `content/`: an output below it lies inside.
    let alias = t.path().join("alias");
    std::os::unix::fs::symlink(site.join("content"), &alias).unwrap();
    let d = refusal(&site, &alias.join("not/yet/there"));
    assert!(d.message.contains("lies inside"), "{}", d.message);
    // A source folder that is itself a link to elsewhere: that elsewhere is a source folder.
    let elsewhere = t.path().join("elsewhere");
    std::fs::rename(site.join("static"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.join("static")).unwrap();
    let d = refusal(&site, &elsewhere);
    assert!(d.message.contains("static"), "{}", d.message);
    let d = refusal(&site, &elsewhere.join("sub"));
    assert!(d.message.contains("lies inside"), "{}", d.message);
    std::fs::remove_file(site.join("static")).unwrap();
    std::fs::rename(&elsewhere, site.join("static")).unwrap();
    assert_eq!(tree(&site), before);
}

#[test]
fn an_existing_file_as_output_is_refused_and_kept() {
    let t = tempfile::tempdir().unwrap();
    let site = site_in(t.path());
    let file = t.path().join("notes.txt");
    std::fs::write(&file, "my notes").unwrap();
    let d = refusal(&site, &file);
    assert!(d.message.contains("not a folder"), "{}", d.message);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
    assert!(leftovers(t.path()).is_empty(), "{:?}", leftovers(t.path()));
    // `ila.toml` as output: the same.
    let cfg = std::fs::read(site.join("ila.toml")).unwrap();
    refusal(&site, &site.join("ila.toml"));
    assert_eq!(std::fs::read(site.join("ila.toml")).unwrap(), cfg);
}

#[test]
fn the_cli_exits_1_with_a_clear_message_and_loses_nothing() {
    let t = tempfile::tempdir().unwrap();
    let site = site_in(t.path());
    let before = tree(&site);
    for out in ["content", "data/out", "ila.toml"] {
        let o = ila()
            .current_dir(&site)
            .args(["build", "--output", out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "--output {out}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("refusing output path `{out}`")),
            "{err}"
        );
        assert!(err.contains("help:"), "{err}");
        assert_eq!(tree(&site), before, "--output {out}");
    }
}

/// A small synthetic site (30 districts, 3 years): a build of it takes a second or two.
fn demo_site(t: &Path) -> PathBuf {
    let site = t.join("demo");
    let o = ila()
        .arg("--root")
        .arg(repo())
        .args([
            "demo",
            "--quiet",
            "--districts",
            "30",
            "--years",
            "3",
            "--out",
        ])
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    site
}

/// Start `ila build` of `site` into `out` (quietly, with a cache folder of its own).
fn spawn_build(site: &Path, out: &Path, cache: &Path) -> std::process::Child {
    ila()
        .env("ILA_CACHE_DIR", cache)
        .args(["--quiet", "--root"])
        .arg(site)
        .args(["build", "--output"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn builds_killed_at_random_moments_lose_nothing_and_leave_nothing() {
    let t = tempfile::tempdir().unwrap();
    let site = demo_site(t.path());
    let cache = t.path().join("cache");
    let outs = t.path().join("outs");
    std::fs::create_dir_all(&outs).unwrap();
    let out = outs.join("public");
    // Another program's folder with a name like ours, and a stale lock file without ila's
    // marker: neither may be touched.
    std::fs::create_dir_all(outs.join(".ila-build-foreign")).unwrap();
    std::fs::write(outs.join(".ila-build-foreign/x"), "theirs").unwrap();
    std::fs::write(outs.join(".ila-lock-foreign"), "not ila's").unwrap();
    let foreign = |outs: &Path| {
        (
            std::fs::read_to_string(outs.join(".ila-build-foreign/x")).unwrap(),
            std::fs::read_to_string(outs.join(".ila-lock-foreign")).unwrap(),
        )
    };
    let start = Instant::now();
    let first = spawn_build(&site, &out, &cache).wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let took = start.elapsed();
    let before = snapshot(&out);
    let seed = std::env::var("ILA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    eprintln!("kill seed {seed} (set ILA_KILL_SEED to repeat); one build takes {took:?}");
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut killed = 0;
    for i in 0..15 {
        let mut child = spawn_build(&site, &out, &cache);
        // Anywhere from the start to a little past a whole build, so the swap is hit too.
        let at = took.mul_f64(rng.f64() * 1.2);
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        // The output is always a whole build: the previous one or (deterministically) an
        // identical new one, never missing or half-written.
        assert!(
            out.is_dir(),
            "iteration {i}: output missing after a kill at {at:?}"
        );
        assert!(
            snapshot(&out) == before,
            "iteration {i}: output changed (kill at {at:?})"
        );
    }
    assert!(killed > 0, "no build was killed");
    let last = spawn_build(&site, &out, &cache).wait_with_output().unwrap();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert!(snapshot(&out) == before);
    assert_eq!(
        leftovers(&outs),
        vec![
            ".ila-build-foreign".to_string(),
            ".ila-lock-foreign".to_string()
        ],
        "leftovers after {killed} kills"
    );
    assert_eq!(
        foreign(&outs),
        ("theirs".to_string(), "not ila's".to_string())
    );
}

#[test]
fn two_builds_at_once_do_not_corrupt_each_other() {
    let t = tempfile::tempdir().unwrap();
    let site = demo_site(t.path());
    let cache = t.path().join("cache");
    let out = t.path().join("public");
    let reference = t.path().join("reference");
    let r = spawn_build(&site, &reference, &cache)
        .wait_with_output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // Warm the cache so both builds reach the swap at about the same time.
    let warm = spawn_build(&site, &out, &cache).wait_with_output().unwrap();
    assert!(warm.status.success());
    for _ in 0..2 {
        let a = spawn_build(&site, &out, &cache);
        let b = spawn_build(&site, &out, &cache);
        for c in [a, b] {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        assert!(snapshot(&out) == snapshot(&reference));
        assert!(leftovers(t.path()).is_empty(), "{:?}", leftovers(t.path()));
    }
}

#[test]
fn a_running_builds_staging_folder_is_left_alone() {
    let t = tempfile::tempdir().unwrap();
    let site = demo_site(t.path());
    let out = t.path().join("public");
    // A build in progress in this process holds its lock; a second build beside it must not
    // remove its staging folder.
    let running = ila::output::Staging::new(&out, &site).unwrap();
    running.write("index.html", b"in progress").unwrap();
    assert!(build(&site, &out).output.is_some());
    assert_eq!(
        std::fs::read(running.path().join("index.html")).unwrap(),
        b"in progress"
    );
    drop(running);
    assert!(leftovers(t.path()).is_empty(), "{:?}", leftovers(t.path()));
}
