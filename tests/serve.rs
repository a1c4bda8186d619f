//! `ila serve` end to end: a server on an ephemeral port over a temporary copy of the shipped
//! site, spoken to with a minimal HTTP/1.1 client. Checks live reload over Server-Sent Events,
//! the error page and recovery, path traversal, the 404 page, that incremental updates write
//! exactly what a full build writes, and that the site's sources are never written to.
//! No timed assertions: every wait polls up to a generous deadline.

#![cfg(feature = "serve")]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// Long enough for a full debug build on a slow, shared 2-core machine.
const DEADLINE: Duration = Duration::from_secs(180);

struct Response {
    status: u16,
    headers: String,
    body: String,
}

/// Send `GET target` (exactly as given: no normalisation) and read the whole response.
fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&b[..eol]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}

/// A connection to the reload event stream.
struct Events {
    stream: TcpStream,
    /// Everything received and not yet consumed.
    seen: String,
}

impl Events {
    /// Connect and wait for the first event (`siap`), returning its data.
    fn connect(addr: SocketAddr) -> (Events, String) {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__ila/reload HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut ev = Events {
            stream,
            seen: String::new(),
        };
        let state = ev.next("siap");
        (ev, state)
    }

    /// Wait for the next event named `name` (skipping others) and return its data.
    fn next(&mut self, name: &str) -> String {
        let marker = format!("event: {name}\n");
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(&marker) {
                let rest = &self.seen[i + marker.len()..];
                if let Some(end) = rest.find("\n\n") {
                    let data = rest[..end]
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: "))
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.seen = rest[end..].to_string();
                    return data;
                }
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no `{name}` event; received: {}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; received: {}", self.seen),
                Ok(n) => self
                    .seen
                    .push_str(&String::from_utf8_lossy(&buf[..n]).replace("\r\n", "\n")),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }
}

/// Poll `f` until it returns true.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Replace a file the way editors do: write beside it (hidden name), then rename over it.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn start(root: &Path) -> ila::serve::Running {
    let mut opts = ila::Options::new(root);
    opts.this_year = Some(2026);
    let mut cfg = ila::serve::Config::new(opts);
    cfg.port = 0;
    cfg.quiet = true;
    ila::serve::start(cfg).expect("server starts")
}

fn site_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    common::copy_site(&root);
    (t, root)
}

fn title_of(p: &str) -> String {
    p.lines()
        .find(|l| l.starts_with("judul = "))
        .unwrap()
        .to_string()
}

#[test]
fn edits_reload_pages_errors_show_and_recover_and_the_sources_stay_untouched() {
    let (_t, root) = site_copy();
    let before = common::snapshot(&root);
    let server = start(&root);
    let addr = server.addr();
    let served = server.dir().expect("first build is good");
    assert!(!served.starts_with(&root));

    let home = get(addr, "/");
    assert_eq!(home.status, 200, "{}", home.headers);
    assert!(
        home.body
            .contains("<script src=\"/__ila/reload.js\" defer></script></head>")
    );
    // The page's own policy is kept: it already allows same-origin scripts and connections.
    assert!(home.body.contains("script-src 'self'"));
    assert!(
        home.headers
            .to_ascii_lowercase()
            .contains("cache-control: no-store")
    );
    // The built file itself has no script.
    let built = std::fs::read_to_string(served.join("index.html")).unwrap();
    assert!(!built.contains("__ila"));
    let js = get(addr, "/__ila/reload.js");
    assert_eq!(js.status, 200);
    assert!(js.body.contains("EventSource"));

    // 1. An edited write-up: a reload event, then the new text on its page and on the pages
    //    that show it.
    let (mut events, state) = Events::connect(addr);
    assert_eq!(state, "ok");
    let file = root.join("content/program/brus.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let old_title = title_of(&original);
    save(
        &file,
        &original.replacen(&old_title, "judul = \"BRUS diuji oleh serve\"", 1),
    );
    events.next("reload");
    eventually("the new title on the programme page", || {
        get(addr, "/program/brus/")
            .body
            .contains("BRUS diuji oleh serve")
    });
    for page in ["/program/", "/wilayah/kabupaten-banyuwangi/"] {
        let r = get(addr, page);
        assert_eq!(r.status, 200);
        assert!(r.body.contains("BRUS diuji oleh serve"), "{page}");
    }

    // 2. Broken front matter: an error event, the diagnostic (escaped) on the error page, and
    //    the last good page still served.
    save(
        &file,
        &original.replacen(&old_title, "judul = <script>alert(1)</script>", 1),
    );
    events.next("galat");
    eventually("the diagnostic on the error page", || {
        get(addr, "/__ila/galat")
            .body
            .contains("content/program/brus.md:2:")
    });
    let page = get(addr, "/__ila/galat");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("invalid front matter"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert(1)"));
    let still = get(addr, "/program/brus/");
    assert_eq!(still.status, 200);
    assert!(still.body.contains("BRUS diuji oleh serve"));
    // A page opened now learns at once that the build is broken.
    let (_late, state) = Events::connect(addr);
    assert_eq!(state, "galat");

    // 3. Fixed: a reload event, the fixed text, and no errors left.
    save(
        &file,
        &original.replacen(&old_title, "judul = \"BRUS diperbaiki\"", 1),
    );
    events.next("reload");
    eventually("the fixed title", || {
        get(addr, "/program/brus/").body.contains("BRUS diperbaiki")
    });
    assert!(get(addr, "/__ila/galat").body.contains("Tidak ada galat"));

    // 4. Anything else (here ila.toml) is built in full into a fresh folder.
    let cfg_file = root.join("ila.toml");
    let cfg = std::fs::read_to_string(&cfg_file).unwrap();
    save(
        &cfg_file,
        &cfg.replacen(
            "judul = \"Informasi Layak Anak\"",
            "judul = \"Informasi Layak Anak Uji\"",
            1,
        ),
    );
    events.next("reload");
    eventually("the new site title", || {
        get(addr, "/").body.contains("Informasi Layak Anak Uji")
    });
    let rebuilt = server.dir().unwrap();
    assert_ne!(rebuilt, served);

    // Put everything back; the sources must then be exactly as they were: serve wrote nothing
    // into the site (no public/, no stray files).
    save(&file, &original);
    save(&cfg_file, &cfg);
    events.next("reload");
    server.stop();
    assert!(!rebuilt.exists(), "the build folder is removed on stop");
    let after = common::snapshot(&root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "a source file changed");
    assert!(!root.join("public").exists());
}

#[test]
fn requests_never_leave_the_build_folder_and_missing_pages_get_the_404_page() {
    let (_t, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let secret = std::fs::read_to_string(root.join("ila.toml")).unwrap();
    let marker = secret
        .lines()
        .find(|l| l.starts_with("judul_en"))
        .unwrap()
        .to_string();
    for target in [
        "/../ila.toml",
        "/../../ila.toml",
        "/%2e%2e/ila.toml",
        "/%2E%2E/ila.toml",
        "/..%2fila.toml",
        "/..%2Fila.toml",
        "/%2e%2e%2fila.toml",
        "/..%5cila.toml",
        "/..\\ila.toml",
        "/program/../../ila.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/ila.toml",
        "/content/program/brus.md",
    ] {
        let r = get(addr, target);
        assert_ne!(r.status, 200, "{target}: {}", r.headers);
        assert!(!r.body.contains(&marker), "{target} leaked ila.toml");
        assert!(
            !r.body.contains("root:x:0:0"),
            "{target} leaked /etc/passwd"
        );
    }
    let missing = get(addr, "/tidak-ada/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Halaman tidak ditemukan"));
    assert!(missing.body.contains("/__ila/reload.js"));
    // Folders redirect to their slash form; files keep their types.
    let district = get(addr, "/wilayah/kabupaten-banyuwangi");
    assert_eq!(district.status, 307, "{}", district.headers);
    assert!(get(addr, "/wilayah/kabupaten-banyuwangi/").status == 200);
    let svg = get(addr, "/grafik/nasional.svg");
    assert_eq!(svg.status, 200);
    assert!(!svg.body.contains("__ila"), "only HTML gets the script");
    let head = request(addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    server.stop();
}

/// After each kind of write-up edit, the served folder is byte for byte what a full build of the
/// edited site writes, while only a few pages were re-rendered.
#[test]
fn incremental_updates_write_what_a_full_build_writes() {
    let (t, root) = site_copy();
    let mut opts = ila::Options::new(&root);
    opts.this_year = Some(2026);
    let scratch = tempfile::tempdir().unwrap();
    let mut builder = ila::serve::live::Builder::new(opts, scratch.path());
    builder.full().expect("first build");
    let total = common::snapshot(builder.dir().unwrap())
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    let edit = |rel: &str, from: &str, to: &str| {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        save(&p, &text.replacen(from, to, 1));
        rel.to_string()
    };
    let cases = [
        // A programme: its page, the programme list, its district's page.
        (
            "content/program/brus.md",
            "Apa itu BRUS",
            "Apa sebenarnya BRUS",
        ),
        // A programme moved to another district: the old district's page drops it.
        (
            "content/program/brus.md",
            "wilayah = [\"35.10\"]",
            "wilayah = [\"63.03\"]",
        ),
        // News moved to another date: the order of the news lists changes.
        (
            "content/berita/2025-05-05-rakor-kla-banjar.md",
            "tanggal = \"2025-05-05\"",
            "tanggal = \"2019-01-02\"",
        ),
        // A district's narrative.
        (
            "content/wilayah/35.10.md",
            "judul = \"Kabupaten Banyuwangi\"",
            "judul = \"Kabupaten Banyuwangi (diuji)\"",
        ),
    ];
    for (n, (file, from, to)) in cases.into_iter().enumerate() {
        let rel = edit(file, from, to);
        let u = builder.changed([rel.clone()]).expect("update");
        assert_eq!(u.kind, ila::serve::live::Kind::Pages, "{rel}");
        assert!(u.pages < total / 10, "{rel}: {} pages re-rendered", u.pages);
        assert!(u.written > 0, "{rel}");
        let full = t.path().join(format!("full-{n}"));
        let o = common::build(&root, &full);
        assert!(o.output.is_some(), "{:?}", common::messages(&o));
        // The search index is rebuilt by full builds only (it takes seconds); everything
        // else must match a full build byte for byte.
        let pages = |dir: &std::path::Path| {
            let mut m = common::snapshot(dir);
            m.retain(|k, _| !k.starts_with("pagefind/"));
            m
        };
        let (a, b) = (pages(builder.dir().unwrap()), pages(&full));
        let only_served: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_full: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        assert!(
            only_served.is_empty() && only_full.is_empty(),
            "{rel}: only served {only_served:?}, only in a full build {only_full:?}"
        );
        for (k, v) in &a {
            assert!(*v == b[k], "{rel}: {k} differs from a full build");
        }
    }
    // A static page's title is in every page's menu: every page is re-rendered (still without
    // a full build), and the result again matches a full build.
    let rel = edit(
        "content/halaman/tentang.md",
        "judul = \"Tentang situs ini\"",
        "judul = \"Tentang ila\"",
    );
    let u = builder.changed([rel]).expect("update");
    assert_eq!(u.kind, ila::serve::live::Kind::Pages);
    // Only the Indonesian edition's menu shows this title (the English one shows the
    // translation's): about half of all pages.
    assert!(u.pages > total / 3, "{} pages re-rendered", u.pages);
    let full = t.path().join("full-menu");
    assert!(common::build(&root, &full).output.is_some());
    let pages = |dir: &std::path::Path| {
        let mut m = common::snapshot(dir);
        m.retain(|k, _| !k.starts_with("pagefind/"));
        m
    };
    assert!(pages(builder.dir().unwrap()) == pages(&full));
    // A new write-up changes addresses: a full build.
    std::fs::write(
        root.join("content/program/baru.md"),
        "+++\njudul = \"Program baru\"\nringkasan = \"Uji.\"\nwilayah = [\"35.10\"]\n+++\n\nIsi.\n",
    )
    .unwrap();
    let u = builder
        .changed(["content/program/baru.md".to_string()])
        .expect("update");
    assert_eq!(u.kind, ila::serve::live::Kind::Full);
    assert!(
        builder
            .dir()
            .unwrap()
            .join("program/baru/index.html")
            .exists()
    );
}

/// The command line prints the address it serves on.
#[test]
fn the_command_prints_its_address() {
    let (_t, root, tmp) = site_with_tmp();
    // Whatever the killed process leaves behind goes away with the test's folder.
    let mut child = spawn_serve(&root, &tmp);
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        let n = std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        assert!(n > 0, "the command ended without printing its address");
        if let Some(url) = line.trim().strip_prefix("ila serve: http://") {
            break url.trim_end_matches('/').parse::<SocketAddr>().unwrap();
        }
    };
    let r = get(addr, "/");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.contains("/__ila/reload.js"));
    assert!(!root.join("public").exists());
}

/// A copy of the shipped site and an empty folder beside it for `TMPDIR`.
fn site_with_tmp() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (t, root) = site_copy();
    let tmp = t.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    (t, root, tmp)
}

/// The server removed every temporary folder it made in `tmp`.
fn assert_nothing_left(tmp: &Path) {
    let left: Vec<_> = std::fs::read_dir(tmp).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Start `ila serve` on a copy of the shipped site with its temporary folders in `tmp`.
fn spawn_serve(root: &Path, tmp: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_ila"))
        .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
        .env("TMPDIR", tmp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Poll until `path` exists (the server has got that far).
fn wait_for(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < DEADLINE, "never saw {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The one `ila-serve-*` folder in `tmp`, once it exists.
fn serve_dir(tmp: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("ila-serve-")
        })
}

/// Send SIGINT (Ctrl+C) and wait for the process to end; returns its status and what it
/// printed.
#[cfg(unix)]
fn interrupt(mut child: std::process::Child) -> (std::process::ExitStatus, String) {
    let rc = unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(rc, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < DEADLINE, "Ctrl+C did not stop the server");
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    (status, out)
}

/// Ctrl+C during the first build stops the server without waiting for that build, exits
/// normally (not killed by the signal) and leaves no temporary folder behind.
#[cfg(unix)]
#[test]
fn ctrl_c_during_the_first_build_exits_and_cleans_up() {
    let (_t, root, tmp) = site_with_tmp();
    let child = spawn_serve(&root, &tmp);
    // The first build has started once it stages into the temporary folder.
    wait_for("the first build", || {
        serve_dir(&tmp).is_some_and(|d| {
            std::fs::read_dir(d).is_ok_and(|mut e| {
                e.any(|e| {
                    e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".ila-build-"))
                })
            })
        })
    });
    let (status, out) = interrupt(child);
    assert!(status.success(), "{status:?}");
    assert!(
        !out.contains("ila serve: http://"),
        "the first build was waited for:\n{out}"
    );
    assert_nothing_left(&tmp);
    assert!(!root.join("public").exists());
}

/// Ctrl+C during a rebuild stops the server without waiting for the rebuild and removes both
/// builds' folders.
#[cfg(unix)]
#[test]
fn ctrl_c_during_a_rebuild_exits_and_cleans_up() {
    let (_t, root, tmp) = site_with_tmp();
    let mut child = spawn_serve(&root, &tmp);
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    loop {
        let mut line = String::new();
        let n = std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        assert!(n > 0, "the command ended without printing its address");
        printed.push_str(&line);
        if line.starts_with("ila serve: http://") {
            break;
        }
    }
    let dir = serve_dir(&tmp).expect("the temporary folder");
    // A change to the configuration rebuilds everything, staged beside the served folder.
    let toml = root.join("ila.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n# changed\n");
    std::fs::write(&toml, text).unwrap();
    let staging = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".ila-build-"))
    };
    wait_for("the rebuild", staging);
    child.stdout = Some(out.into_inner());
    let (status, rest) = interrupt(child);
    printed.push_str(&rest);
    assert!(status.success(), "{status:?}");
    assert_eq!(
        printed.matches("build penuh").count(),
        1,
        "the rebuild was waited for:\n{printed}"
    );
    assert_nothing_left(&tmp);
}
