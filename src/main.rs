//! The `ila` command line: build, check and serve an Informasi Layak Anak site.

use anyhow::Result;
use clap::{Parser, Subcommand};
use ila::{Options, Outcome};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ila",
    version,
    about = "Informasi Layak Anak: build the child-friendly district (KLA) site from data/, content/ and themes/"
)]
struct Cli {
    /// Print only errors: no warnings, no summary line.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Also print the time taken by each stage.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Site root (holds ila.toml, data/, content/, themes/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long, global = true)]
    strict: bool,
    /// Worker threads (default: all cores).
    #[arg(short, long, global = true)]
    jobs: Option<usize>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the site into the output directory (default: public/). The old output is replaced
    /// only when the whole build succeeds.
    Build {
        /// Output directory.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Public address of the site, e.g. https://example.org/ila/ (overrides ila.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Load and validate everything and render every page in memory; write nothing.
    Check,
    /// Build into a temporary folder, serve it locally and rebuild on change (pages reload by
    /// themselves). Never writes into the site.
    #[cfg(feature = "serve")]
    Serve {
        /// Port to listen on; 0 picks a free one.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Write a synthetic site tree ("DATA CONTOH") for tests and benchmarks. Uses the theme,
    /// tier bands and indicator list of --root; never writes into its data/.
    Demo {
        /// Folder for the synthetic site (created; an earlier `ila demo` tree there is replaced).
        #[arg(long)]
        out: PathBuf,
        /// Number of kabupaten/kota.
        #[arg(long, default_value_t = 514)]
        districts: usize,
        /// Number of award years, ending in 2025.
        #[arg(long, default_value_t = 10)]
        years: u16,
        /// Number of desa/kelurahan (0: no village pages).
        #[arg(long, default_value_t = 0)]
        villages: usize,
        /// PRNG seed: the same arguments always write the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also export the tree as a plain Hugo site into this folder, for comparison.
        #[arg(long)]
        hugo: Option<PathBuf>,
    },
    /// Merge a curated data edition (a folder with predikat_detail.csv, conflicts.csv,
    /// nasional*.csv, provinsi_predikat.csv, sources.csv, wilayah/) into data/, keeping the
    /// columns the project adds. Run `ila check` afterwards.
    MergeEdition {
        /// The edition's folder, e.g. ../shared/data/kla.
        dir: PathBuf,
        /// The edition's name, e.g. 2026.12: sets `versi_data` in ila.toml, keeps the previous
        /// data/predikat.csv under data/edisi/<previous>/ and records the change in
        /// data/edisi.csv.
        #[arg(long)]
        versi: Option<String>,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    if let Some(n) = cli.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()?;
    }
    let mut opts = Options::new(&cli.root);
    opts.strict = cli.strict;
    opts.progress = !cli.quiet && std::io::stderr().is_terminal();
    let (outcome, verb) = match &cli.cmd {
        Cmd::Build { output, base_url } => {
            opts.output = output.clone();
            opts.base_url = base_url.clone();
            (ila::build(&opts), "build")
        }
        Cmd::Check => (ila::check(&opts), "check"),
        #[cfg(feature = "serve")]
        Cmd::Serve { port, bind } => return serve(opts, *port, *bind, &cli),
        Cmd::Demo {
            out,
            districts,
            years,
            villages,
            seed,
            hugo,
        } => {
            let spec = ila::demo::Spec {
                out: out.clone(),
                districts: *districts,
                years: *years,
                villages: *villages,
                seed: *seed,
                source: cli.root.clone(),
            };
            let s = ila::demo::generate(&spec)?;
            if !cli.quiet {
                println!(
                    "ila demo: {} provinces, {} districts, {} award rows, {} villages, {} programmes, {} news, {} files → {}",
                    s.provinces,
                    s.districts,
                    s.awards,
                    s.villages,
                    s.programmes,
                    s.news,
                    s.files,
                    out.display()
                );
            }
            if let Some(h) = hugo {
                let n = ila::demo::hugo::export(out, h)?;
                if !cli.quiet {
                    println!(
                        "ila demo: Hugo export, {n} Markdown pages → {}",
                        h.display()
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        Cmd::MergeEdition {
            dir,
            versi,
            dry_run,
        } => {
            let report = if *dry_run {
                ila::edition::plan(&cli.root, dir, versi.as_deref())?.report
            } else {
                ila::edition::merge(&cli.root, dir, versi.as_deref())?
            };
            if !cli.quiet {
                println!("{report}");
                if *dry_run {
                    println!("(dry run: nothing written)");
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    Ok(report(&outcome, verb, &cli))
}

#[cfg(feature = "serve")]
fn serve(opts: Options, port: u16, bind: std::net::IpAddr, cli: &Cli) -> Result<ExitCode> {
    let mut cfg = ila::serve::Config::new(opts);
    cfg.port = port;
    cfg.bind = bind;
    cfg.quiet = cli.quiet;
    cfg.color = std::io::stderr().is_terminal();
    cfg.ctrl_c = true;
    let mut running = ila::serve::start(cfg)?;
    println!("ila serve: {}", running.url());
    if !cli.quiet {
        println!(
            "  mengawasi / watching: {}\n  Ctrl+C untuk berhenti / to stop",
            running.watching()
        );
    }
    // Ctrl+C and SIGTERM end the process from the server's own signal thread, during a build
    // too; waiting ends here only if the server fails.
    let waited = running.wait_ref();
    running.abort();
    waited?;
    std::process::exit(0)
}

fn report(o: &Outcome, verb: &str, cli: &Cli) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    for d in o.diagnostics.sorted() {
        if cli.quiet && d.severity == ila::diag::Severity::Warning && !cli.strict {
            continue;
        }
        eprintln!("{}", d.render(color));
    }
    for d in o.diagnostics.more() {
        if cli.quiet && d.severity == ila::diag::Severity::Warning && !cli.strict {
            continue;
        }
        eprintln!("{}", d.render(color));
    }
    if cli.verbose {
        for (stage, t) in &o.stages {
            eprintln!("  {stage:<28} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
        if let Some(r) = &o.readability {
            let (page, f) = &r.hardest;
            eprintln!(
                "  easy-read: {} pages; hardest {page}: {:.1} words/sentence, {:.2} syllables/word",
                r.pages,
                f.words_per_sentence(),
                f.syllables_per_word()
            );
        }
    }
    let fatal = o.diagnostics.is_fatal(cli.strict);
    let (e, w) = (o.diagnostics.errors(), o.diagnostics.warnings());
    if fatal {
        eprintln!(
            "ila {verb} failed: {e} error(s), {w} warning(s){}",
            if verb == "build" {
                "; the previous output was left untouched"
            } else {
                ""
            }
        );
        return ExitCode::from(1);
    }
    if !cli.quiet {
        let ms = o.elapsed.as_secs_f64() * 1000.0;
        let easy = o.readability.as_ref().map_or(String::new(), |r| {
            format!(
                ", easy-read {:.1} words/sentence {:.2} syllables/word",
                r.total.words_per_sentence(),
                r.total.syllables_per_word()
            )
        });
        match &o.output {
            Some(p) => println!(
                "ila build: {} pages (median {:.0} KB, largest {:.0} KB {}{easy}), {} charts, {} files in {ms:.0} ms → {} ({w} warning(s))",
                o.pages,
                o.weights.median as f64 / 1024.0,
                o.weights.largest.1 as f64 / 1024.0,
                o.weights.largest.0,
                o.charts,
                o.files,
                p.display()
            ),
            None => println!(
                "ila check: {} pages rendered in memory in {ms:.0} ms, no errors ({w} warning(s))",
                o.pages
            ),
        }
    }
    ExitCode::SUCCESS
}
