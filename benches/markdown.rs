//! Hostile Markdown benchmark (run with `cargo bench --bench markdown`): renders write-ups built
//! to be slow, at 10 KB and at 100 KB, and prints the time of each and their ratio. Linear time
//! means a ratio near 10; the run fails when a shape takes more than 15 times as long at 100 KB.
//! Prints medians of `ILA_BENCH_RUNS` runs (default 5).

mod common;
use common::median;
use ila::content::markdown::{MAX_NESTING, Origin, render};
use std::time::{Duration, Instant};

/// Repeat `unit` until the text is `n` bytes long (at a line end).
fn fill(unit: &str, n: usize) -> String {
    let mut s = String::with_capacity(n + unit.len());
    while s.len() < n {
        s.push_str(unit);
    }
    s
}

fn shapes() -> Vec<(&'static str, Box<dyn Fn(usize) -> String>)> {
    let deepest_quote = format!("{} x\n", ">".repeat(MAX_NESTING));
    let deepest_list: String = (0..MAX_NESTING)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let mixed = format!("{}x\n", "> - ".repeat(MAX_NESTING / 2));
    vec![
        // Refused at once (one line nested far too deep), however long.
        (
            "one line of `>`",
            Box::new(|n| format!("{}x\n", ">".repeat(n))),
        ),
        (
            "one line of `> - `",
            Box::new(|n| format!("{}x\n", "> - ".repeat(n / 4))),
        ),
        // Allowed: the deepest nesting, over and over.
        (
            "quotes at the limit",
            Box::new(move |n| fill(&deepest_quote, n)),
        ),
        (
            "lists at the limit",
            Box::new(move |n| fill(&deepest_list, n)),
        ),
        (
            "quote/list mix at the limit",
            Box::new(move |n| fill(&mixed, n)),
        ),
        // The same heading again and again (unique ids).
        ("repeated headings", Box::new(|n| fill("## Sama\n\n", n))),
        (
            "emphasis and links",
            Box::new(|n| fill("*a **b [c](https://x.org) `d`** e* ", n)),
        ),
    ]
}

fn time(md: &str, runs: usize) -> Duration {
    let text = format!("+++\njudul = \"x\"\n+++\n{md}");
    let origin = Origin {
        file: "bench.md",
        text: &text,
        offset: 18,
    };
    let mut v = Vec::new();
    for _ in 0..runs {
        let mut d = ila::diag::Diagnostics::new();
        let t = Instant::now();
        std::hint::black_box(render(md, &origin, &|_| None, &mut d));
        v.push(t.elapsed());
    }
    median(v)
}

fn main() {
    let runs = common::runs(5);
    let mut worst: f64 = 0.0;
    println!(
        "{:<30} {:>12} {:>12} {:>7}",
        "shape", "10 KB", "100 KB", "ratio"
    );
    for (name, make) in shapes() {
        let small = time(&make(10_000), runs);
        let large = time(&make(100_000), runs);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        // Microsecond timings are noise; only a shape that takes real time can be super-linear.
        if large > Duration::from_millis(5) {
            worst = worst.max(ratio);
        }
        println!(
            "{name:<30} {:>9.2} ms {:>9.2} ms {ratio:>6.1}x",
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3
        );
    }
    println!("worst ratio {worst:.1}x (linear is about 10x)");
    assert!(
        worst <= 15.0,
        "a shape grows faster than linearly: {worst:.1}x"
    );
}
