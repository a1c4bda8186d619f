//! `ila serve`: builds the site into a temporary folder outside the site root (never into the
//! sources), serves it over HTTP on a local address, watches the inputs and rebuilds on change,
//! then reloads open pages through Server-Sent Events. A failed build is reported in the
//! terminal and on an error page while the last good build keeps being served.
//!
//! This file starts and stops the parts: [`live`] builds, [`watch`] watches, [`http`] serves,
//! [`inject`] adds the reload script and renders the error page.

pub mod http;
pub mod inject;
pub mod live;
pub mod watch;

use crate::Options;
use crate::diag::Diagnostics;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{broadcast, oneshot};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site (root, strictness, year). `output` and `base_url` are set by the server.
    pub site: Options,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Print only errors.
    pub quiet: bool,
    /// Colour diagnostics.
    pub color: bool,
    /// Quiet time after the last file event before rebuilding.
    pub debounce: Duration,
    /// Exit the process on Ctrl+C or SIGTERM, at once, even during a build, after removing the
    /// temporary folder (the command line); tests stop the server with [`Running::stop`].
    pub ctrl_c: bool,
}

impl Config {
    pub fn new(site: Options) -> Config {
        Config {
            site,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            quiet: false,
            color: false,
            debounce: Duration::from_millis(25),
            ctrl_c: false,
        }
    }
}

/// What a build told the open pages.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    /// A good build, with its number.
    Reload(u64),
    /// A failed build, with its number.
    Failed(u64),
}

/// State shared by the builder thread and the HTTP handlers.
pub struct Shared {
    dir: RwLock<Option<PathBuf>>,
    /// The failed build's diagnostics as `ila build` prints them (no colour); empty when the
    /// last build was good.
    errors: RwLock<Vec<String>>,
    events: broadcast::Sender<Signal>,
    builds: AtomicU64,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            dir: RwLock::new(None),
            errors: RwLock::new(Vec::new()),
            events: broadcast::channel(16).0,
            builds: AtomicU64::new(0),
        }
    }

    /// The folder of the last good build.
    pub fn dir(&self) -> Option<PathBuf> {
        self.dir.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The diagnostics of the last build if it failed.
    pub fn errors(&self) -> Vec<String> {
        self.errors
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn succeeded(&self, dir: Option<PathBuf>) {
        *self.dir.write().unwrap_or_else(|p| p.into_inner()) = dir;
        self.errors
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        let n = self.builds.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.events.send(Signal::Reload(n));
    }

    fn failed(&self, diagnostics: &Diagnostics) {
        let text: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|d| d.render(false))
            .collect();
        *self.errors.write().unwrap_or_else(|p| p.into_inner()) = text;
        let n = self.builds.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.events.send(Signal::Failed(n));
    }
}

enum Msg {
    Changed(Vec<String>),
    Stop,
}

/// A running server. Dropping it stops the server and removes its build folder.
pub struct Running {
    addr: SocketAddr,
    watching: String,
    stop_http: Option<oneshot::Sender<()>>,
    http: Option<JoinHandle<std::io::Result<()>>>,
    to_builder: mpsc::Sender<Msg>,
    builder: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
    // Dropped last: the builds live in it.
    _temp: tempfile::TempDir,
}

impl Running {
    /// The address the server listens on (with the actual port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What is watched, e.g. `content/, data/, themes/, ila.toml`.
    pub fn watching(&self) -> &str {
        &self.watching
    }

    /// The folder currently served (a temporary folder outside the site).
    pub fn dir(&self) -> Option<PathBuf> {
        self.shared.dir()
    }

    /// Wait until the server stops (Ctrl+C when enabled, or an I/O error).
    pub fn wait(mut self) -> std::io::Result<()> {
        self.wait_ref()
    }

    /// Like [`Running::wait`], keeping the server for [`Running::abort`] or a stop.
    pub fn wait_ref(&mut self) -> std::io::Result<()> {
        match self.http.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(std::io::Error::other("the server thread panicked")),
            None => Ok(()),
        }
    }

    /// Stop at once, for Ctrl+C: remove the build folder without waiting for a build that is
    /// running (the process is about to exit and ends it).
    pub fn abort(mut self) {
        let _ = self.to_builder.send(Msg::Stop);
        // A running build writes nothing more from here on; a write already under way may
        // still land while the folder goes, so removal is tried again.
        crate::output::cancel_writes();
        let dir = self._temp.path().to_path_buf();
        for _ in 0..5 {
            if std::fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // Do not join the build thread.
        self.builder.take();
    }

    /// Stop serving and watching, and remove the build folder.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop_http.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
        let _ = self.to_builder.send(Msg::Stop);
        if let Some(h) = self.builder.take() {
            let _ = h.join();
        }
    }
}

/// Ctrl+C (the command line only): stop at once, whatever is running, the first build
/// included. Later writes of any build in this process fail, the temporary folder goes, and
/// the process exits without waiting for a build (its threads end with the process).
/// Returns where to put the folder's path once it exists.
fn exit_on_ctrl_c() -> std::io::Result<Arc<std::sync::Mutex<Option<PathBuf>>>> {
    let temp = Arc::new(std::sync::Mutex::new(None::<PathBuf>));
    let folder = temp.clone();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    // Registered here, before the first build starts, not when the thread first runs.
    #[cfg(unix)]
    let mut signals = {
        use tokio::signal::unix::{SignalKind, signal};
        let _in_runtime = rt.enter();
        (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        )
    };
    std::thread::Builder::new()
        .name("ila-serve-ctrl-c".into())
        .spawn(move || {
            #[cfg(unix)]
            rt.block_on(async {
                tokio::select! {
                    _ = signals.0.recv() => {},
                    _ = signals.1.recv() => {},
                }
            });
            #[cfg(not(unix))]
            if rt.block_on(tokio::signal::ctrl_c()).is_err() {
                return;
            }
            crate::output::cancel_writes();
            // A write already under way may still land while the folder goes: try again.
            let temp = folder.lock().map_or(None, |p| p.clone());
            for _ in 0..10 {
                match &temp {
                    Some(t) if std::fs::remove_dir_all(t).is_err() && t.exists() => {}
                    _ => break,
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            std::process::exit(0);
        })?;
    Ok(temp)
}

/// Print a build's diagnostics the way `ila build` does.
fn print_diagnostics(d: &Diagnostics, cfg: &Config) {
    for x in d.sorted() {
        if cfg.quiet && x.severity == crate::diag::Severity::Warning && !cfg.site.strict {
            continue;
        }
        eprintln!("{}", x.render(cfg.color));
    }
}

fn report(result: &Result<live::Update, Diagnostics>, cfg: &Config) {
    match result {
        Ok(u) => {
            print_diagnostics(&u.diagnostics, cfg);
            if cfg.quiet {
                return;
            }
            let ms = u.elapsed.as_secs_f64() * 1000.0;
            match u.kind {
                live::Kind::Full => println!(
                    "ila serve: build penuh, {} halaman dalam {ms:.0} ms (full build, {} pages in {ms:.0} ms)",
                    u.pages, u.pages
                ),
                live::Kind::Pages => println!(
                    "ila serve: {} halaman dirender ulang, {} berkas berubah, dalam {ms:.0} ms ({} pages re-rendered, {} files changed, in {ms:.0} ms)",
                    u.pages, u.written, u.pages, u.written
                ),
            }
        }
        Err(d) => {
            print_diagnostics(d, cfg);
            eprintln!(
                "ila serve: build gagal: {} galat, {} peringatan; build terakhir yang berhasil tetap disajikan (build failed: {} error(s), {} warning(s); the last good build is still served)",
                d.errors(),
                d.warnings(),
                d.errors(),
                d.warnings()
            );
        }
    }
}

fn publish(shared: &Shared, builder: &live::Builder, result: &Result<live::Update, Diagnostics>) {
    match result {
        Ok(_) => shared.succeeded(builder.dir().map(PathBuf::from)),
        Err(d) => shared.failed(d),
    }
}

/// Build the site, start serving it and watching its inputs. Returns once the first build is
/// done (good or not) and the address is bound.
pub fn start(cfg: Config) -> anyhow::Result<Running> {
    use anyhow::Context as _;
    let root = std::fs::canonicalize(&cfg.site.root).with_context(|| {
        format!(
            "folder situs tidak ditemukan / site root not found: {}",
            cfg.site.root.display()
        )
    })?;
    // Handle Ctrl+C before the temporary folder exists, so that no moment is left where the
    // signal's default action would leave the folder behind.
    let to_remove = if cfg.ctrl_c {
        Some(exit_on_ctrl_c()?)
    } else {
        None
    };
    let temp = tempfile::Builder::new()
        .prefix("ila-serve-")
        .tempdir()
        .context("tidak bisa membuat folder sementara / cannot create a temporary folder")?;
    if let Some(path) = &to_remove {
        *path.lock().unwrap_or_else(|e| e.into_inner()) = Some(temp.path().to_path_buf());
    }
    let temp_real = std::fs::canonicalize(temp.path())?;
    if temp_real.starts_with(&root) {
        anyhow::bail!(
            "folder sementara {} ada di dalam situs; atur TMPDIR ke tempat lain (the temporary folder is inside the site; point TMPDIR elsewhere)",
            temp_real.display()
        );
    }
    let want = SocketAddr::new(cfg.bind, cfg.port);
    let listener = std::net::TcpListener::bind(want).with_context(|| {
        format!("tidak bisa mendengarkan di / cannot listen on {want} (coba / try --port 0)")
    })?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;

    let mut site = cfg.site.clone();
    site.root = root.clone();
    site.output = None;
    site.progress = false;
    // Links and canonical URLs point at this server.
    site.base_url = Some(format!("http://{addr}/"));
    site.preview = true;

    let shared = Arc::new(Shared::new());
    let (to_builder, inbox) = mpsc::channel::<Msg>();
    // Watch before the first build, so that nothing saved during it is missed.
    let tx = to_builder.clone();
    let mut watcher = watch::Watcher::start(&root, cfg.debounce, move |paths| {
        let _ = tx.send(Msg::Changed(paths));
    })
    .context("tidak bisa mengawasi berkas / cannot watch the files")?;
    let watching = watcher.describe();

    let mut builder = live::Builder::new(site, &temp_real);
    let first = builder.full();
    report(&first, &cfg);
    publish(&shared, &builder, &first);

    let builder_thread = {
        let shared = shared.clone();
        let cfg = cfg.clone();
        std::thread::Builder::new()
            .name("ila-serve-build".into())
            .spawn(move || {
                while let Ok(Msg::Changed(mut paths)) = inbox.recv() {
                    // Take everything that queued up during the last build.
                    loop {
                        match inbox.try_recv() {
                            Ok(Msg::Changed(more)) => paths.extend(more),
                            Ok(Msg::Stop) => return,
                            Err(_) => break,
                        }
                    }
                    for p in &paths {
                        watcher.forget(p);
                    }
                    watcher.rewatch();
                    let result = builder.changed(paths);
                    report(&result, &cfg);
                    publish(&shared, &builder, &result);
                }
            })?
    };

    let (stop_http, stopped) = oneshot::channel::<()>();
    let http_thread = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("ila-serve-http".into())
            .spawn(move || -> std::io::Result<()> {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    use axum::serve::ListenerExt as _;
                    // Small responses on kept-alive connections go out at once, not after
                    // Nagle's ~40 ms wait.
                    let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|tcp| {
                        let _ = tcp.set_nodelay(true);
                    });
                    let server = axum::serve(listener, http::router(shared)).into_future();
                    tokio::select! {
                        r = server => r,
                        _ = stopped => Ok(()),
                    }
                })
            })?
    };

    Ok(Running {
        addr,
        watching,
        stop_http: Some(stop_http),
        http: Some(http_thread),
        to_builder,
        builder: Some(builder_thread),
        shared,
        _temp: temp,
    })
}
