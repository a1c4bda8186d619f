//! Share images: the 1200×630 PNG card (Open Graph / Twitter) shown when a district page is
//! shared. [`card_svg`] lays the card out as SVG, [`render_png`] rasterises it with resvg
//! using only the bundled Lato font (never system fonts), and [`card_png`] adds an optional
//! on-disk cache keyed by a stable hash of the SVG, so unchanged cards are not re-rendered.
//!
//! Everything here is deterministic (same card → byte-identical PNG) and thread-safe: the
//! font database is built once and shared, every call owns its own tree and pixmap.

mod year;
pub use year::{YearCard, year_card_png, year_card_svg};

use crate::charts::palette;
use pulldown_cmark_escape::escape_html;
use resvg::{tiny_skia, usvg};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Width of a share image in pixels.
pub const WIDTH: u32 = 1200;
/// Height of a share image in pixels.
pub const HEIGHT: u32 = 630;

/// Bump whenever the card's drawing changes (layout in `card_svg`, colours, renderer upgrade,
/// PNG encoding): the cache key is made from the card's inputs and this version, so measuring
/// and drawing are skipped for a card seen before. The bundled fonts are hashed in already.
const FORMAT_VERSION: &[u8] = b"ila-share-png-3";

const FONT_REGULAR: &[u8] = include_bytes!("../themes/ila/fonts/Lato-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../themes/ila/fonts/Lato-Bold.ttf");

/// Fixed card text that [`Card`] does not carry (Indonesian, like the site).
const AWARD_YEAR_LABEL: &str = "pada penghargaan";

// Tier fills and the text on them come from the one tier palette (`charts::palette`).
/// Colour for a tier without a known rank, and for "no record".
const NEUTRAL: &str = "#444444";
const BACKGROUND: &str = "#faf8f3";
/// Main text: 16.9:1 on the background.
const INK: &str = "#1a1a1a";
/// Secondary text: 10.2:1 on the background.
const INK_SOFT: &str = "#3d3d3d";
/// Gap markers in the history strip: 5.0:1 on the background.
const INK_FAINT: &str = "#6b6b6b";
/// Site title: 7:1 on the background.
const ACCENT: &str = "#005a8c";
/// Sample-data banner fill: 7.6:1 against white text.
const BANNER: &str = "#a4001d";
const RULE: &str = "#d6d2c8";

/// Left and right margin.
const MARGIN: f32 = 64.0;
/// Usable width between the margins.
const INNER: f32 = WIDTH as f32 - 2.0 * MARGIN;

/// What a district's share card shows.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    /// Site title, e.g. "Informasi Layak Anak".
    pub site: &'a str,
    /// District name, e.g. "Kabupaten Banyuwangi".
    pub name: &'a str,
    /// Province, e.g. "Jawa Timur".
    pub province: &'a str,
    /// Latest tier name, e.g. "Nindya"; `None` when the district has no record.
    pub tier: Option<&'a str>,
    /// Rank of the latest tier, 1..=5 (Pratama = 1 … KLA = 5).
    pub tier_rank: Option<usize>,
    /// Award year of the latest tier.
    pub tier_year: Option<u16>,
    /// The score of that award in words, when one is known, e.g. "nilai 742" or
    /// "nilai perkiraan 685" (an editors' estimate is always said to be one).
    pub score: Option<&'a str>,
    /// Every award year with the tier rank (1..=5) recorded that year, or `None` for a gap.
    pub history: &'a [(u16, Option<usize>)],
    /// Shown instead of the tier, e.g. "Belum ada predikat yang tercatat".
    pub no_record_text: &'a str,
    /// Bottom line, e.g. "ila · data terbuka, bukan kanal resmi KemenPPPA".
    pub footer: &'a str,
    /// `Some("DATA CONTOH")` for synthetic data: drawn as a red banner.
    pub sample_banner: Option<&'a str>,
}

/// Why a share image could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("the share image SVG cannot be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("cannot allocate a {0}×{1} pixmap")]
    Pixmap(u32, u32),
    #[error("cannot encode the share image as PNG: {0}")]
    Png(String),
}

/// The bundled fonts, loaded once.
struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    family: String,
    /// FNV-1a state after hashing [`FORMAT_VERSION`] and the font files: the cache-key prefix.
    key_state: u64,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        assert!(!db.is_empty(), "the bundled share-image font did not load");
        let family = db
            .faces()
            .find_map(|f| f.families.first().map(|(name, _)| name.clone()))
            .expect("the bundled share-image font has no family name");
        // Whatever family the SVG asks for, the bundled font answers.
        db.set_sans_serif_family(family.as_str());
        db.set_serif_family(family.as_str());
        db.set_monospace_family(family.as_str());
        db.set_cursive_family(family.as_str());
        db.set_fantasy_family(family.as_str());
        let key_state = [FORMAT_VERSION, FONT_REGULAR, FONT_BOLD]
            .iter()
            .fold(FNV_OFFSET, |h, b| fnv1a64(h, b));
        Fonts {
            db: Arc::new(db),
            family,
            key_state,
        }
    })
}

fn usvg_options() -> usvg::Options<'static> {
    let f = fonts();
    usvg::Options {
        fontdb: Arc::clone(&f.db),
        font_family: f.family.clone(),
        ..usvg::Options::default()
    }
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64, continuing from `h`: stable across Rust versions and platforms.
pub(crate) fn fnv1a64(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// XML-escape `s` for text or a double-quoted attribute. Characters XML 1.0 forbids
/// (C0 controls other than tab/newline/CR) are dropped, newlines become spaces.
fn esc(out: &mut String, s: &str) {
    let clean: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // Writing into a String cannot fail.
    let _ = escape_html(out, &clean);
}

/// Advance widths at 100 px of the strings a card needs.
struct Widths(Vec<(String, bool, f32)>);

/// Widths at 100 px by (text, bold), shared by all cards: shaping costs ~0.2 ms per string,
/// and most strings (site title, footer, tiers, years, provinces) recur on every card.
static MEMO: Mutex<BTreeMap<(String, bool), f32>> = Mutex::new(BTreeMap::new());
/// Forget everything past this many entries (a bound for long-running processes).
const MEMO_LIMIT: usize = 50_000;

impl Widths {
    /// Look `items` up in the memo; lay out the ones missing in a single resvg pass.
    fn measure(items: Vec<(String, bool)>) -> Widths {
        let lock = || MEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut missing = Vec::new();
        let mut out: Vec<(String, bool, f32)> = {
            let memo = lock();
            items
                .into_iter()
                .enumerate()
                .map(|(i, (t, b))| {
                    let w = memo.get(&(t.clone(), b)).copied().unwrap_or_else(|| {
                        missing.push(i);
                        0.0
                    });
                    (t, b, w)
                })
                .collect()
        };
        if !missing.is_empty() {
            let widths = layout_widths(
                &missing
                    .iter()
                    .map(|&i| (out[i].0.as_str(), out[i].1))
                    .collect::<Vec<_>>(),
            );
            let mut memo = lock();
            if memo.len() > MEMO_LIMIT {
                memo.clear();
            }
            for (&i, w) in missing.iter().zip(widths) {
                out[i].2 = w;
                memo.insert((out[i].0.clone(), out[i].1), w);
            }
        }
        Widths(out)
    }

    /// Width of `text` at `size` px; a string not measured up front is measured on its own.
    fn at(&self, text: &str, bold: bool, size: f32) -> f32 {
        let w100 = match self.0.iter().find(|(t, b, _)| t == text && *b == bold) {
            Some(e) => e.2,
            None => Widths::measure(vec![(text.to_string(), bold)]).0[0].2,
        };
        w100 * size / 100.0
    }
}

/// Widths at 100 px of `items`, all laid out by resvg with the bundled font in one pass.
fn layout_widths(items: &[(&str, bool)]) -> Vec<f32> {
    let mut svg =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">"#);
    for (i, (t, bold)) in items.iter().enumerate() {
        let weight = if *bold { r#" font-weight="700""# } else { "" };
        let _ = write!(
            svg,
            r#"<text id="m{i}" x="0" y="100" font-family="sans-serif" font-size="100"{weight}>"#
        );
        esc(&mut svg, t);
        svg.push_str("</text>\n");
    }
    svg.push_str("</svg>");
    // Whitespace-only text has no node and stays 0. If parsing ever failed (it cannot for
    // escaped text), guess 0.6 em per character rather than fail.
    let mut out: Vec<f32> = items
        .iter()
        .map(|(t, _)| t.trim().chars().count() as f32 * 60.0)
        .collect();
    if let Ok(tree) = usvg::Tree::from_str(&svg, &usvg_options()) {
        out.iter_mut().for_each(|w| *w = 0.0);
        fn walk(g: &usvg::Group, out: &mut [f32]) {
            for n in g.children() {
                match n {
                    usvg::Node::Text(t) => {
                        let i = t
                            .id()
                            .strip_prefix('m')
                            .and_then(|i| i.parse::<usize>().ok());
                        if let Some(e) = i.and_then(|i| out.get_mut(i)) {
                            *e = t.bounding_box().right();
                        }
                    }
                    usvg::Node::Group(g) => walk(g, out),
                    _ => {}
                }
            }
        }
        walk(tree.root(), &mut out);
    }
    out
}

/// The largest whole font size ≤ `max` at which text `width100` wide at 100 px fits `room`.
fn fit_size(width100: f32, room: f32, max: f32) -> f32 {
    if width100 <= 0.0 {
        return max;
    }
    (room * 100.0 / width100).floor().clamp(1.0, max)
}

/// One `<text>` element. `anchor` is "start", "middle" or "end".
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    fill: &str,
    anchor: &str,
    content: &str,
) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-family="sans-serif" font-size="{size:.0}""#
    );
    if bold {
        out.push_str(r#" font-weight="700""#);
    }
    if anchor != "start" {
        let _ = write!(out, r#" text-anchor="{anchor}""#);
    }
    let _ = write!(out, r#" fill="{fill}">"#);
    esc(out, content);
    out.push_str("</text>\n");
}

fn tier_colour(rank: Option<usize>) -> String {
    match rank {
        Some(r @ 1..=5) => palette::hex(palette::fill(r - 1)),
        _ => NEUTRAL.to_string(),
    }
}

/// Text on a tier's fill (AA contrast); white on the neutral colour.
fn tier_ink(rank: Option<usize>) -> String {
    match rank {
        Some(r @ 1..=5) => palette::hex(palette::text_on(r - 1)),
        _ => "#ffffff".to_string(),
    }
}

/// The name with runs of whitespace collapsed, and its candidate two-line splits.
fn name_parts(name: &str) -> (String, Vec<(String, String)>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let splits = (1..words.len())
        .map(|i| (words[..i].join(" "), words[i..].join(" ")))
        .collect();
    (words.join(" "), splits)
}

/// Split a long name into one or two lines and pick the font size: one line down to 60 px,
/// else the best two-line split (up to 68 px), else one line shrunk to fit.
fn name_lines(name: &str, m: &Widths) -> (f32, Vec<String>) {
    let (name, splits) = name_parts(name);
    let one = fit_size(m.at(&name, true, 100.0), INNER, 76.0);
    if one >= 60.0 {
        return (one, vec![name]);
    }
    let halves = Widths::measure(
        splits
            .iter()
            .flat_map(|(a, b)| [(a.clone(), true), (b.clone(), true)])
            .collect(),
    );
    let best = splits
        .into_iter()
        .map(|(a, b)| {
            (
                halves.at(&a, true, 100.0).max(halves.at(&b, true, 100.0)),
                a,
                b,
            )
        })
        .min_by(|x, y| x.0.total_cmp(&y.0));
    match best {
        Some((w, a, b)) if fit_size(w, INNER, 68.0) > one => (fit_size(w, INNER, 68.0), vec![a, b]),
        _ => (one, vec![name]),
    }
}

/// The card as a standalone SVG document, 1200×630, text in `font-family="sans-serif"`.
pub fn card_svg(c: &Card) -> String {
    let banner = c.sample_banner.filter(|b| !b.trim().is_empty());
    let (name, _) = name_parts(c.name);
    let mut wanted = vec![
        (c.site.to_string(), true),
        (name, true),
        (c.province.to_string(), false),
        (c.no_record_text.to_string(), false),
        (c.footer.to_string(), false),
    ];
    wanted.extend(c.score.map(|t| (t.to_string(), false)));
    wanted.extend(
        banner
            .into_iter()
            .chain(c.tier)
            .map(|t| (t.to_string(), true)),
    );
    wanted.extend(c.history.iter().map(|(y, _)| (y.to_string(), false)));
    let m = Widths::measure(wanted);

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
<title>"#
    );
    esc(&mut s, c.name);
    if !c.province.is_empty() {
        s.push_str(" · ");
        esc(&mut s, c.province);
    }
    s.push_str("</title>\n");
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>"#
    );
    let colour = tier_colour(c.tier.and(c.tier_rank));
    let _ = writeln!(s, r#"<rect width="{WIDTH}" height="12" fill="{colour}"/>"#);

    // Header: site title left, sample-data banner right.
    let mut title_room = INNER;
    if let Some(banner) = banner {
        let size = fit_size(m.at(banner, true, 100.0), INNER / 2.0 - 48.0, 28.0);
        let w = m.at(banner, true, size) + 48.0;
        let x = WIDTH as f32 - MARGIN - w;
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="34" width="{w:.1}" height="56" rx="8" fill="{BANNER}"/>"#
        );
        text(
            &mut s,
            x + w / 2.0,
            72.0,
            size,
            true,
            "#ffffff",
            "middle",
            banner,
        );
        title_room = INNER - w - 24.0;
    }
    let size = fit_size(m.at(c.site, true, 100.0), title_room, 28.0);
    text(&mut s, MARGIN, 72.0, size, true, ACCENT, "start", c.site);

    // District name (one or two lines) and province.
    let (size, lines) = name_lines(c.name, &m);
    let mut y = 112.0 + 0.75 * size;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y += (1.1 * size).round();
        }
        text(&mut s, MARGIN, y, size, true, INK, "start", line);
    }
    let size = fit_size(m.at(c.province, false, 100.0), INNER, 36.0);
    text(
        &mut s,
        MARGIN,
        y + 54.0,
        size,
        false,
        INK_SOFT,
        "start",
        c.province,
    );

    // Latest tier: a pill with the rank number and name, or the no-record note.
    let (px, py, ph) = (MARGIN, 340.0, 100.0);
    let pill_max = 580.0;
    match c.tier {
        Some(tier) => {
            let rank = c.tier_rank.filter(|r| (1..=5).contains(r));
            let name_x = if rank.is_some() { 104.0 } else { 40.0 };
            let size = fit_size(m.at(tier, true, 100.0), pill_max - name_x - 40.0, 50.0);
            let w = name_x + m.at(tier, true, size) + 40.0;
            let _ = writeln!(
                s,
                r#"<rect x="{px:.1}" y="{py:.1}" width="{w:.1}" height="{ph:.1}" rx="50" fill="{colour}" stroke="{INK}" stroke-width="3"/>"#
            );
            if let Some(r) = rank {
                let (cx, cy) = (px + 50.0, py + ph / 2.0);
                let _ = writeln!(
                    s,
                    r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="36" fill="#ffffff"/>"##
                );
                text(
                    &mut s,
                    cx,
                    cy + 16.0,
                    46.0,
                    true,
                    INK,
                    "middle",
                    &r.to_string(),
                );
            }
            text(
                &mut s,
                px + name_x,
                py + ph / 2.0 + 18.0,
                size,
                true,
                &tier_ink(rank),
                "start",
                tier,
            );
            if let Some(year) = c.tier_year {
                let label = match c.score {
                    Some(score) => format!("{AWARD_YEAR_LABEL} {year} · {score}"),
                    None => format!("{AWARD_YEAR_LABEL} {year}"),
                };
                text(&mut s, px, 494.0, 30.0, false, INK_SOFT, "start", &label);
            }
        }
        None => {
            let size = fit_size(m.at(c.no_record_text, false, 100.0), pill_max - 64.0, 32.0);
            let w = m.at(c.no_record_text, false, size) + 64.0;
            let _ = writeln!(
                s,
                r#"<rect x="{px:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" rx="16" fill="none" stroke="{NEUTRAL}" stroke-width="3" stroke-dasharray="10 8"/>"#,
                py + 10.0,
                ph - 20.0,
            );
            text(
                &mut s,
                px + 32.0,
                py + ph / 2.0 + 0.35 * size,
                size,
                false,
                INK_SOFT,
                "start",
                c.no_record_text,
            );
        }
    }

    history_strip(&mut s, c.history, &m);

    // Footer.
    let _ = writeln!(
        s,
        r#"<rect x="{MARGIN:.1}" y="551" width="{INNER:.1}" height="2" fill="{RULE}"/>"#
    );
    let size = fit_size(m.at(c.footer, false, 100.0), INNER, 22.0);
    text(
        &mut s, MARGIN, 597.0, size, false, INK_SOFT, "start", c.footer,
    );
    s.push_str("</svg>\n");
    s
}

/// One column per award year: a bar as tall as the tier rank (with the rank above it), a dash
/// for a year without a record, year labels below (thinned out when the columns are narrow).
fn history_strip(s: &mut String, history: &[(u16, Option<usize>)], m: &Widths) {
    if history.is_empty() {
        return;
    }
    let mut years = history.to_vec();
    years.sort_by_key(|&(y, _)| y);
    let (x0, x1, base, unit) = (720.0_f32, WIDTH as f32 - MARGIN, 500.0_f32, 26.0_f32);
    let col = (x1 - x0) / years.len() as f32;
    let bar = (col * 0.62).min(44.0);
    let label_size = 18.0;
    let label_w = years
        .iter()
        .map(|(y, _)| m.at(&y.to_string(), false, label_size))
        .fold(0.0, f32::max);
    let step = ((label_w + 8.0) / col).ceil().max(1.0) as usize;
    let show_rank = col >= 22.0;
    let _ = writeln!(
        s,
        r#"<rect x="{x0:.1}" y="{base:.1}" width="{:.1}" height="2" fill="{RULE}"/>"#,
        x1 - x0
    );
    let n = years.len();
    for (i, &(year, rank)) in years.iter().enumerate() {
        let cx = x0 + col * (i as f32 + 0.5);
        match rank.filter(|&r| r > 0) {
            Some(r) => {
                let r = r.min(5);
                let h = unit * r as f32;
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}" rx="3" fill="{}" stroke="{INK}" stroke-width="2"/>"#,
                    cx - bar / 2.0,
                    base - h,
                    tier_colour(Some(r)),
                );
                if show_rank {
                    text(
                        s,
                        cx,
                        base - h - 8.0,
                        18.0,
                        true,
                        INK,
                        "middle",
                        &r.to_string(),
                    );
                }
            }
            None if show_rank => text(s, cx, base - 8.0, 18.0, false, INK_FAINT, "middle", "–"),
            None => {}
        }
        if (n - 1 - i).is_multiple_of(step) {
            let half = m.at(&year.to_string(), false, label_size) / 2.0;
            text(
                s,
                cx.clamp(x0 + half, x1 - half),
                base + 28.0,
                label_size,
                false,
                INK_SOFT,
                "middle",
                &year.to_string(),
            );
        }
    }
}

/// Rasterise `svg` to PNG bytes at 1200×630 (an SVG of another size is scaled to fill).
/// Text is drawn with the bundled font only.
pub fn render_png(svg: &str) -> Result<Vec<u8>, ShareError> {
    let tree = usvg::Tree::from_str(svg, &usvg_options())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or(ShareError::Pixmap(WIDTH, HEIGHT))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ShareError::Png(e.to_string()))
}

/// The card as PNG bytes. With `Some(cache_dir)`, a PNG already rendered from the same card
/// (same inputs, same fonts, same [`FORMAT_VERSION`]) is read from `<cache_dir>/<hash>.png`
/// without measuring or drawing anything, and a new one is stored there. Cache problems never
/// fail the call; they only cost a re-render.
pub fn card_png(c: &Card, cache: Option<&Path>) -> Result<Vec<u8>, ShareError> {
    // The inputs' Debug form is unambiguous (strings are quoted and escaped).
    cached_png(&format!("{c:?}"), cache, || card_svg(c))
}

/// The PNG of the SVG that `draw` makes, read from or stored in `cache` under a hash of
/// `inputs` (which must determine the drawing).
fn cached_png(
    inputs: &str,
    cache: Option<&Path>,
    draw: impl FnOnce() -> String,
) -> Result<Vec<u8>, ShareError> {
    let Some(dir) = cache else {
        return render_png(&draw());
    };
    let path = dir.join(format!(
        "{:016x}.png",
        fnv1a64(fonts().key_state, inputs.as_bytes())
    ));
    if let Ok(bytes) = std::fs::read(&path)
        && png_size(&bytes) == Some((WIDTH, HEIGHT))
    {
        // Mark it used, so pruning keeps the cards current sites still show.
        crate::output::mark_used(&path);
        return Ok(bytes);
    }
    let png = render_png(&draw())?;
    let _ = store(dir, &path, &png);
    Ok(png)
}

/// Write via a temporary file in the same directory and rename, so readers and parallel
/// writers never see a partial file.
fn store(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".share-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Width and height from a PNG's IHDR, if `bytes` starts like a PNG.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HISTORY: &[(u16, Option<usize>)] = &[
        (2017, Some(1)),
        (2018, None),
        (2019, Some(2)),
        (2021, Some(2)),
        (2022, Some(3)),
        (2023, Some(3)),
    ];

    fn card(name: &str) -> Card<'_> {
        Card {
            site: "Informasi Layak Anak",
            name,
            province: "Jawa Timur",
            tier: Some("Nindya"),
            tier_rank: Some(3),
            tier_year: Some(2023),
            score: Some("nilai perkiraan 685"),
            history: HISTORY,
            no_record_text: "Belum ada predikat yang tercatat",
            footer: "ila · data terbuka, bukan kanal resmi KemenPPPA → ’–’",
            sample_banner: Some("DATA CONTOH"),
        }
    }

    /// The SVG with every `<text>…</text>` removed.
    fn strip_text(svg: &str) -> String {
        let mut out = String::new();
        let mut rest = svg;
        while let Some(i) = rest.find("<text") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("</text>").expect("unclosed <text>") + i;
            rest = &rest[end + "</text>".len()..];
        }
        out.push_str(rest);
        out
    }

    /// Pixels in the rectangle whose channels are all below 100 (dark ink on the light card).
    fn dark_pixels(png: &[u8], x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> usize {
        let pm = tiny_skia::Pixmap::decode_png(png).expect("decodable PNG");
        y.flat_map(|yy| x.clone().map(move |xx| (xx, yy)))
            .filter(|&(xx, yy)| {
                let p = pm.pixel(xx, yy).unwrap();
                p.red() < 100 && p.green() < 100 && p.blue() < 100
            })
            .count()
    }

    /// Absolute layout boxes of every text element in the SVG, as resvg lays them out.
    fn text_boxes(svg: &str) -> Vec<usvg::Rect> {
        fn walk(g: &usvg::Group, out: &mut Vec<usvg::Rect>) {
            for n in g.children() {
                match n {
                    usvg::Node::Text(t) => out.push(t.abs_bounding_box()),
                    usvg::Node::Group(g) => walk(g, out),
                    _ => {}
                }
            }
        }
        let tree = usvg::Tree::from_str(svg, &usvg_options()).unwrap();
        let mut out = Vec::new();
        walk(tree.root(), &mut out);
        out
    }

    #[test]
    fn font_is_bundled_and_text_is_drawn() {
        assert!(!fonts().db.is_empty());
        assert_eq!(fonts().family, "Lato");
        let svg = card_svg(&card("Kabupaten Banyuwangi"));
        let with = render_png(&svg).unwrap();
        let without = render_png(&strip_text(&svg)).unwrap();
        assert_eq!(png_size(&with), Some((WIDTH, HEIGHT)));
        assert_eq!(png_size(&without), Some((WIDTH, HEIGHT)));
        // The district name sits in x 64..1136, y 110..200.
        let (ink, bare) = (
            dark_pixels(&with, 64..1136, 110..200),
            dark_pixels(&without, 64..1136, 110..200),
        );
        assert_eq!(bare, 0, "nothing dark there without text");
        assert!(ink > 5_000, "the name is drawn ({ink} dark pixels)");
        // Every text element was laid out with a real font (an unmatched font gives none).
        let boxes = text_boxes(&svg);
        assert_eq!(boxes.len(), svg.matches("<text").count());
        assert!(boxes.iter().all(|b| b.width() > 0.0));
    }

    #[test]
    fn long_names_fit() {
        let history: Vec<_> = (2006..=2025)
            .map(|y| (y, Some(1 + y as usize % 5)))
            .collect();
        for name in [
            "Kabupaten Kepulauan Siau Tagulandang Biaro",
            "Kabupaten Kepulauan Siau Tagulandang Biaro Kepulauan Siau Tagulandang Biaro",
            "Kabupatenkepulauansiautagulandangbiarokepulauansiau",
            "Kota Batu",
        ] {
            let svg = card_svg(&Card {
                tier: Some("Kabupaten/Kota Layak Anak"),
                tier_rank: Some(5),
                history: &history,
                ..card(name)
            });
            for b in text_boxes(&svg) {
                assert!(
                    b.left() >= MARGIN - 1.0 && b.right() <= WIDTH as f32 - MARGIN + 1.0,
                    "{name}: text box {b:?} leaves the margins"
                );
            }
        }
        let name = "Kabupaten Kepulauan Siau Tagulandang Biaro";
        let (size, lines) = name_lines(name, &Widths::measure(vec![(name.into(), true)]));
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(size >= 56.0, "{size}");
        assert_eq!(
            name_lines(
                "Kota  Batu ",
                &Widths::measure(vec![("Kota Batu".into(), true)])
            ),
            (76.0, vec!["Kota Batu".to_string()])
        );
    }

    #[test]
    fn the_score_is_shown_with_its_kind_and_left_out_when_unknown() {
        let svg = card_svg(&card("Kabupaten Banjar"));
        assert!(
            svg.contains("pada penghargaan 2023 · nilai perkiraan 685"),
            "{svg}"
        );
        let svg = card_svg(&Card {
            score: None,
            ..card("Kabupaten Banjar")
        });
        assert!(svg.contains("pada penghargaan 2023<"));
        assert!(!svg.contains("685"));
    }

    #[test]
    fn no_record_and_no_banner() {
        let svg = card_svg(&Card {
            tier: None,
            tier_rank: None,
            tier_year: None,
            score: None,
            history: &[],
            sample_banner: None,
            ..card("Kota Batu")
        });
        assert!(svg.contains("Belum ada predikat yang tercatat"));
        assert!(!svg.contains("DATA CONTOH"));
        assert!(!svg.contains(AWARD_YEAR_LABEL));
        assert_eq!(png_size(&render_png(&svg).unwrap()), Some((WIDTH, HEIGHT)));
    }

    #[test]
    fn values_are_escaped() {
        let name = r#"<script>alert("x")</script> & 'Kota' </text><text>"#;
        let svg = card_svg(&Card {
            province: "\"><script>x</script>\u{1}",
            tier: Some("<b>Utama</b>"),
            sample_banner: Some("A&B"),
            ..card(name)
        });
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert!(
            doc.descendants()
                .all(|n| !n.tag_name().name().eq_ignore_ascii_case("script")
                    && n.tag_name().name() != "b")
        );
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(title.starts_with(name), "{title}");
        render_png(&svg).unwrap();
    }

    #[test]
    fn deterministic_and_cached() {
        let c = card("Kabupaten Banyuwangi");
        assert_eq!(card_svg(&c), card_svg(&c));
        let a = card_png(&c, None).unwrap();
        let b = card_png(&c, None).unwrap();
        assert!(a == b, "two renders differ");

        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("share");
        let first = card_png(&c, Some(&cache)).unwrap();
        let second = card_png(&c, Some(&cache)).unwrap();
        assert!(first == a && second == a);
        let files: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().unwrap(), "png");
        assert!(std::fs::read(&files[0]).unwrap() == a);

        // A damaged cache file is replaced, not returned.
        std::fs::write(&files[0], b"garbage").unwrap();
        assert!(card_png(&c, Some(&cache)).unwrap() == a);
        assert!(std::fs::read(&files[0]).unwrap() == a);
        // A card with other inputs is another entry, drawn anew.
        let mut other = c;
        other.name = "Kota Banjar";
        assert!(card_png(&other, Some(&cache)).unwrap() != a);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2);
        // Pruning keeps the most recently used cards; a hit counts as a use.
        let oldest = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in std::fs::read_dir(&cache).unwrap() {
            let f = std::fs::File::options()
                .write(true)
                .open(f.unwrap().path())
                .unwrap();
            f.set_modified(oldest).unwrap();
        }
        card_png(&c, Some(&cache)).unwrap();
        crate::output::prune_cache(&cache, 1, |p| p.extension().is_some_and(|x| x == "png"));
        let left: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(left.len(), 1);
        assert_eq!(std::fs::read(&left[0]).unwrap(), first);
        // An unwritable cache still yields the image.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, b"").unwrap();
        assert!(card_png(&c, Some(&blocked.join("sub"))).unwrap() == a);
    }

    #[test]
    fn fnv_is_the_reference_fnv1a64() {
        assert_eq!(fnv1a64(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(FNV_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
    }
}
