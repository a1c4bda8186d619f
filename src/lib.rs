//! ila: compiles `data/` (CSV), `content/` (Markdown) and `themes/` (Tera) into the static
//! Informasi Layak Anak site. Stages follow the data: config → data → content → model →
//! render → output; this file wires them together for `build` and `check`.

pub mod charts;
pub mod config;
pub mod content;
pub mod data;
pub mod demo;
pub mod diag;
pub mod edition;
pub mod model;
pub mod output;
pub mod render;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod share;
pub mod text;

use diag::{Diagnostic, Diagnostics};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a build or check run needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root: holds ila.toml, data/, content/, themes/.
    pub root: PathBuf,
    /// Output directory; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from ila.toml.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// The year used to reject future award years; the current year when `None`.
    pub this_year: Option<u16>,
    /// A local preview (`ila serve`): a loopback `base_url` is expected, not warned about.
    pub preview: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            output: None,
            base_url: None,
            strict: false,
            progress: false,
            this_year: None,
            preview: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// One language edition, loaded and validated, ready to render.
pub struct Edition {
    pub site: model::Site,
    pub engine: render::Engine,
    pub docs_html: Vec<String>,
}

/// Everything loaded and validated: the root edition first, then each translation.
pub struct Loaded {
    pub editions: Vec<Edition>,
}

impl Loaded {
    /// The edition at the site root (the original language).
    pub fn root(&self) -> &Edition {
        &self.editions[0]
    }
}

/// The result of a run: its problems and, for a successful build, what was written.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub charts: usize,
    /// Open-data files written under `/data/`.
    pub downloads: usize,
    /// Share images written under `/grafik/bagikan/`.
    pub cards: usize,
    /// Median and heaviest HTML page.
    pub weights: render::PageWeights,
    /// Files of the search index bundle.
    pub search_files: usize,
    /// Readability of the easy-read pages.
    pub readability: Option<render::easy::Report>,
    pub files: usize,
    pub elapsed: Duration,
    /// Time per stage, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Set when a build was published.
    pub output: Option<PathBuf>,
}

/// Load and validate every input. `None` when something is unusable; problems are in `d`.
pub fn load(opts: &Options, d: &mut Diagnostics) -> Option<Loaded> {
    let mut cfg = config::Config::load(&opts.root, d)?;
    if let Some(url) = &opts.base_url {
        let url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
        if let Err(why) = text::web_url(&url) {
            d.push(
                Diagnostic::error("--base-url", "base URL must be an absolute http(s) URL")
                    .value(url)
                    .expected("e.g. `https://example.org/ila/`")
                    .hint(why),
            );
            return None;
        }
        cfg.situs.base_url = url;
    }
    // Synthetic sites carry a banner and are never published; a preview is local by design.
    if !opts.preview && !cfg.situs.data_contoh {
        if let Some(why) = config::placeholder_base_url(&cfg.situs.base_url) {
            let file = if opts.base_url.is_some() {
                "--base-url"
            } else {
                "ila.toml"
            };
            d.push(
                Diagnostic::warning(file, format!("base_url is a placeholder ({why})"))
                    .value(cfg.situs.base_url.clone())
                    .expected("the address the site is published at, e.g. https://<user>.github.io/<repo>/")
                    .hint("embed snippets, citations, feeds, the sitemap, canonical links and share previews use it; set `base_url` in ila.toml or pass --base-url (pages show how instead of a broken snippet until then)"),
            );
        }
    }
    let this_year = opts.this_year.unwrap_or_else(data::current_year);
    let dataset = data::Dataset::load(&opts.root, &cfg, this_year, d);
    let docs = content::load(&opts.root, d);
    let theme = cfg.situs.tema.clone();
    let langs = cfg.situs.terjemahan.clone();
    let mut translated = Vec::with_capacity(langs.len());
    for lang in &langs {
        // The data and the originals were checked for the root edition; here only what the
        // translation files themselves get wrong is reported.
        let mut local = Diagnostics::new();
        let edition_docs = content::edition(&docs, lang, d);
        let site = model::Site::build(cfg.edition(lang), dataset.clone(), edition_docs, &mut local);
        let docs_html = render::render_docs(&site, &mut local);
        let suffix = format!(".{lang}.md");
        local.retain(|x| x.file.ends_with(&suffix));
        d.extend(local);
        translated.push((lang.clone(), site, docs_html));
    }
    let root_docs = content::edition(&docs, content::ORIGINAL, d);
    let site = model::Site::build(cfg, dataset, root_docs, d);
    let docs_html = render::render_docs(&site, d);
    let mut engine = render::Engine::load(&opts.root, &theme, &site.lang, d)?;
    render::set_globals(&mut engine, &site);
    let mut editions = vec![Edition {
        site,
        engine,
        docs_html,
    }];
    for (lang, site, docs_html) in translated {
        let site = site.as_edition(&editions[0].site);
        let mut engine = render::Engine::load(&opts.root, &theme, &lang, d)?;
        render::set_globals(&mut engine, &site);
        editions.push(Edition {
            site,
            engine,
            docs_html,
        });
    }
    Some(Loaded { editions })
}

fn progress_bar(opts: &Options) -> indicatif::ProgressBar {
    if !opts.progress {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(0);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message("rendering");
    pb
}

/// Render every edition's pages and charts into `staging`, recording counts in `out`.
fn render_into(
    loaded: &Loaded,
    staging: &output::Staging,
    out: &mut Outcome,
    pb: &indicatif::ProgressBar,
) {
    let mut sizes = Vec::new();
    let mut search_docs = Vec::new();
    for e in &loaded.editions {
        let t = Instant::now();
        let w = render::render_all(
            &e.site,
            &e.engine,
            &e.docs_html,
            staging,
            &mut out.diagnostics,
            pb,
        );
        out.pages += w.pages;
        out.charts += w.charts;
        out.downloads += w.downloads;
        out.cards += w.cards;
        sizes.extend(w.sizes);
        search_docs.extend(w.search);
        if w.readability.is_some() {
            out.readability = w.readability;
        }
        out.stages.push((
            if e.site.is_root() {
                "render root edition"
            } else {
                "render translated edition"
            },
            t.elapsed(),
        ));
    }
    out.weights = render::PageWeights::of(sizes.into_iter());
    let t = Instant::now();
    let cache = output::cache_dir(search::DIR_CACHE);
    match search::bundle(search_docs, cache.as_deref(), staging.path()) {
        Ok(files) => {
            use rayon::prelude::*;
            out.search_files = files.len();
            let failed: Vec<Diagnostic> = files
                .par_iter()
                .filter_map(|(path, bytes)| {
                    staging
                        .write(path, bytes)
                        .err()
                        .map(|e| Diagnostic::error(path.clone(), e.to_string()))
                })
                .collect();
            for d in failed {
                out.diagnostics.push(d);
            }
            out.stages.push(("search index", t.elapsed()));
        }
        Err(e) => out.diagnostics.push(
            Diagnostic::error(search::DIR, format!("cannot build the search index: {e}"))
                .hint("report this with the page it names; build with `--no-default-features` to leave search out"),
        ),
    }
}

/// Validate everything and render every page in memory; writes nothing.
pub fn check(opts: &Options) -> Outcome {
    let start = Instant::now();
    let mut out = Outcome::default();
    let Some(loaded) = load(opts, &mut out.diagnostics) else {
        out.elapsed = start.elapsed();
        return out;
    };
    let scratch = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => {
            out.diagnostics.push(Diagnostic::error(
                "(temp)",
                format!("cannot create a scratch directory: {e}"),
            ));
            return out;
        }
    };
    // Render every page so template errors surface too, checking each output path, but write
    // nothing.
    match output::Staging::dry_run(&scratch.path().join("check"), &opts.root) {
        Ok(staging) => {
            render_into(&loaded, &staging, &mut out, &progress_bar(opts));
        }
        Err(e) => out
            .diagnostics
            .push(Diagnostic::error("(temp)", e.to_string())),
    }
    out.elapsed = start.elapsed();
    out
}

/// Build the site into a staging directory and publish it only if nothing failed.
pub fn build(opts: &Options) -> Outcome {
    let start = Instant::now();
    let mut out = Outcome::default();
    let target = opts.output_dir();
    // A wrong `--output` is refused before anything is read, let alone written.
    if let Err(e) = output::check_target(&target, &opts.root) {
        out.diagnostics.push(output_diagnostic(e));
        out.elapsed = start.elapsed();
        return out;
    }
    let Some(loaded) = load(opts, &mut out.diagnostics) else {
        out.elapsed = start.elapsed();
        return out;
    };
    out.stages.push(("load and validate", start.elapsed()));
    if out.diagnostics.is_fatal(opts.strict) {
        out.elapsed = start.elapsed();
        return out;
    }
    let staging = match output::Staging::new(&target, &opts.root) {
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(output_diagnostic(e));
            return out;
        }
    };
    let pb = progress_bar(opts);
    render_into(&loaded, &staging, &mut out, &pb);
    pb.finish_and_clear();
    let t = Instant::now();
    // A chart is an SVG, a CSV and an embed page.
    let mut files = out.pages + 3 * out.charts + out.downloads + out.cards + out.search_files;
    let theme_static =
        render::engine::theme_dir(&opts.root, &loaded.root().site.cfg.situs.tema).join("static");
    for (src, prefix) in [
        (theme_static, ""),
        (opts.root.join("static"), ""),
        (opts.root.join("data"), "data/sumber"),
    ] {
        match output::copy_tree(&src, prefix, &staging) {
            Ok(n) => files += n,
            Err(e) => out.diagnostics.push(Diagnostic::error(
                diag::rel_display(&opts.root, &src),
                e.to_string(),
            )),
        }
    }
    out.files = files;
    out.stages.push(("copy static files and data", t.elapsed()));
    if out.diagnostics.is_fatal(opts.strict) {
        out.elapsed = start.elapsed();
        return out; // staging is dropped: the old output stays as it was
    }
    let t = Instant::now();
    match staging.publish() {
        Ok(p) => {
            out.output = Some(p);
            out.stages.push(("publish (swap)", t.elapsed()));
        }
        Err(e) => out.diagnostics.push(output_diagnostic(e)),
    }
    out.elapsed = start.elapsed();
    out
}

/// An output problem as a diagnostic on `--output`, with its hint.
fn output_diagnostic(e: output::OutputError) -> Diagnostic {
    let hint = e.hint();
    let d = Diagnostic::error("--output", e.to_string());
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}
