//! The share card of an award year, for the whole country or one province: recorded
//! recipients per tier as bars, the change since the previous award year, drawn on the same
//! 1200×630 canvas, fonts and colours as the district card.

use super::{
    BACKGROUND, BANNER, HEIGHT, INK, INK_SOFT, INNER, MARGIN, RULE, WIDTH, Widths, esc, fit_size,
    text, tier_colour,
};
use std::fmt::Write as _;

/// What a year card shows. Counts are of recorded recipients; the texts come ready-made from
/// the UI strings, so the card has no language of its own.
#[derive(Debug, Clone, Copy)]
pub struct YearCard<'a> {
    /// Site title, e.g. "Informasi Layak Anak".
    pub site: &'a str,
    /// e.g. "Penghargaan KLA 2025".
    pub title: &'a str,
    /// e.g. "Indonesia" or "Jawa Timur".
    pub scope: &'a str,
    /// e.g. "138 dari 355 penerima tercatat".
    pub summary: &'a str,
    /// Tier names and recorded counts, lowest tier first.
    pub tiers: &'a [(&'a str, usize)],
    /// e.g. "Dibanding 2023: 17 naik, 7 turun, 50 tetap"; empty for a first year.
    pub change: &'a str,
    /// Bottom line, e.g. "Data terbuka · bukan kanal resmi KemenPPPA".
    pub footer: &'a str,
    /// `Some("DATA CONTOH")` for synthetic data.
    pub sample_banner: Option<&'a str>,
}

/// The card as a standalone SVG document.
pub fn year_card_svg(c: &YearCard) -> String {
    let banner = c.sample_banner.filter(|b| !b.trim().is_empty());
    let counts: Vec<String> = c.tiers.iter().map(|(_, n)| n.to_string()).collect();
    let mut wanted: Vec<(String, bool)> = vec![
        (c.site.to_string(), true),
        (c.title.to_string(), true),
        (c.scope.to_string(), false),
        (c.summary.to_string(), false),
        (c.change.to_string(), false),
        (c.footer.to_string(), false),
    ];
    wanted.extend(c.tiers.iter().map(|(t, _)| (t.to_string(), true)));
    wanted.extend(counts.iter().map(|n| (n.clone(), true)));
    wanted.extend(banner.map(|b| (b.to_string(), true)));
    let m = Widths::measure(wanted);

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
<title>"#
    );
    esc(&mut s, c.title);
    s.push_str(" · ");
    esc(&mut s, c.scope);
    s.push_str("</title>\n");
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>"#
    );

    // Header: site title, sample banner on the right.
    let mut title_room = INNER;
    if let Some(b) = banner {
        let size = fit_size(m.at(b, true, 100.0), INNER / 2.0 - 48.0, 28.0);
        let w = m.at(b, true, size) + 48.0;
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
            b,
        );
        title_room = INNER - w - 24.0;
    }
    let size = fit_size(m.at(c.site, true, 100.0), title_room, 28.0);
    text(
        &mut s,
        MARGIN,
        72.0,
        size,
        true,
        super::ACCENT,
        "start",
        c.site,
    );

    // Title, scope and summary on the left half.
    let left = 520.0;
    let size = fit_size(m.at(c.title, true, 100.0), left, 60.0);
    text(&mut s, MARGIN, 160.0, size, true, INK, "start", c.title);
    let size = fit_size(m.at(c.scope, false, 100.0), left, 40.0);
    text(
        &mut s, MARGIN, 220.0, size, false, INK_SOFT, "start", c.scope,
    );
    for (i, line) in wrap(c.summary, &m, left, 30.0).iter().enumerate() {
        text(
            &mut s,
            MARGIN,
            290.0 + 40.0 * i as f32,
            30.0,
            false,
            INK,
            "start",
            line,
        );
    }
    for (i, line) in wrap(c.change, &m, left, 26.0).iter().enumerate() {
        text(
            &mut s,
            MARGIN,
            420.0 + 36.0 * i as f32,
            26.0,
            false,
            INK_SOFT,
            "start",
            line,
        );
    }

    // Bars on the right half, highest tier on top; the count is written beside each bar, so
    // the colour is never the only cue.
    let (x0, top, row) = (640.0_f32, 130.0_f32, 80.0_f32);
    let label_w = c
        .tiers
        .iter()
        .map(|(t, _)| m.at(t, true, 26.0))
        .fold(0.0, f32::max);
    let bar_x = x0 + label_w + 16.0;
    let max_n = c.tiers.iter().map(|t| t.1).max().unwrap_or(0).max(1);
    let room = WIDTH as f32 - MARGIN - bar_x - 70.0;
    for (i, (name, n)) in c.tiers.iter().rev().enumerate() {
        let rank = c.tiers.len() - i;
        let y = top + row * i as f32;
        text(&mut s, x0, y + 38.0, 26.0, true, INK, "start", name);
        let w = if *n == 0 {
            0.0
        } else {
            (room * *n as f32 / max_n as f32).max(6.0)
        };
        let _ = writeln!(
            s,
            r#"<rect x="{bar_x:.1}" y="{:.1}" width="{w:.1}" height="44" rx="6" fill="{}"/>"#,
            y + 8.0,
            tier_colour(Some(rank))
        );
        text(
            &mut s,
            bar_x + w + 12.0,
            y + 40.0,
            28.0,
            true,
            INK,
            "start",
            &n.to_string(),
        );
    }

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

/// `t` broken into at most three lines of `room` px at `size` px (words measured one by one).
fn wrap(t: &str, m: &Widths, room: f32, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in t.split_whitespace() {
        let next = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && m.at(&next, false, size) > room {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = next;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines.truncate(3);
    lines
}

/// The year card as PNG bytes, through the same cache as district cards.
pub fn year_card_png(
    c: &YearCard,
    cache: Option<&std::path::Path>,
) -> Result<Vec<u8>, super::ShareError> {
    super::cached_png(&format!("year {c:?}"), cache, || year_card_svg(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIERS: &[(&str, usize)] = &[
        ("Pratama", 15),
        ("Madya", 33),
        ("Nindya", 36),
        ("Utama", 17),
        ("KLA", 0),
    ];

    fn card() -> YearCard<'static> {
        YearCard {
            site: "Informasi Layak Anak",
            title: "Penghargaan KLA 2025",
            scope: "Indonesia",
            summary: "101 dari 355 penerima tercatat",
            tiers: TIERS,
            change: "Dibanding 2023: 17 naik, 7 turun, 50 tetap",
            footer: "Data terbuka · bukan kanal resmi KemenPPPA",
            sample_banner: None,
        }
    }

    #[test]
    fn every_tier_has_its_count_written_and_bars_follow_the_counts() {
        let svg = year_card_svg(&card());
        for (name, n) in TIERS {
            assert!(svg.contains(&format!(">{name}</text>")), "{name}");
            assert!(svg.contains(&format!(">{n}</text>")), "{n}");
        }
        assert!(svg.contains("Dibanding 2023"));
        // Widths of the bars, top (KLA) to bottom (Pratama): proportional to the counts.
        let widths: Vec<f32> = svg
            .lines()
            .filter(|l| l.contains(r#"height="44""#))
            .map(|l| {
                let w = l.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(widths.len(), 5);
        assert_eq!(widths[0], 0.0, "KLA: none");
        assert!(widths[2] > widths[1] && widths[2] > widths[3], "{widths:?}");
        assert_eq!(
            super::super::png_size(&super::super::render_png(&svg).unwrap()),
            Some((WIDTH, HEIGHT))
        );
    }

    #[test]
    fn values_are_escaped() {
        let svg = year_card_svg(&YearCard {
            scope: "<script>&",
            ..card()
        });
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;"));
    }
}
