//! Charts stage: draws SVG charts with plotters' SVG backend (no system fonts) and makes them
//! accessible: `role="img"`, a `<title>` stating the message, a `<desc>` giving the data in
//! words, a responsive `viewBox`, and a CSV of the same data. Pure functions of the model.

pub mod groups;
pub mod history;
pub mod labels;
pub mod national;
pub mod palette;
pub mod peta;
pub mod province;
pub mod ranking;
pub mod sparkline;

pub use labels::Labels;

/// One drawn chart with its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Standalone-valid SVG (xmlns, title, desc), also inlined in pages.
    pub svg: String,
    /// The chart's data as CSV.
    pub csv: String,
    /// The message, as in `<title>`.
    pub title: String,
    /// The data in words, as in `<desc>`.
    pub desc: String,
    /// The same data as a table (header row first) for charts whose page has no table of
    /// its own; `None` when the page already shows one.
    pub table: Option<Vec<Vec<String>>>,
}

/// Mark colour (the palette's fill) of tier rank `i`, lowest first; see [`palette`].
pub fn tier_mark(i: usize) -> plotters::style::RGBColor {
    let (r, g, b) = palette::fill(i);
    plotters::style::RGBColor(r, g, b)
}

/// Light band fill (the palette's tint) of tier rank `i`.
pub fn tier_band(i: usize) -> plotters::style::RGBColor {
    let (r, g, b) = palette::tint(i);
    plotters::style::RGBColor(r, g, b)
}

/// Text colour on the mark colour of tier rank `i` (AA contrast).
pub fn tier_text(i: usize) -> plotters::style::RGBColor {
    let (r, g, b) = palette::text_on(i);
    plotters::style::RGBColor(r, g, b)
}

/// The outline drawn around every tier mark.
pub fn outline() -> plotters::style::RGBColor {
    let (r, g, b) = palette::OUTLINE;
    plotters::style::RGBColor(r, g, b)
}

/// Width every chart is drawn at, in user units. Pages show charts at most a little wider
/// than this, and a 360 px phone (328 px of content) at 1:1 or just below.
pub const WIDTH: i32 = 340;
/// The smallest font size a chart asks plotters for. Plotters' SVG backend writes
/// `font-size` as the requested size divided by 1.24, so 16 becomes 12.9 user units: at
/// 328/340 on a 360 px phone that renders at 12.4 CSS px, never under 12.
pub const FONT: i32 = 16;
/// Plotters' ratio of requested to written font size.
const PLOTTERS_FONT_RATIO: f64 = 1.24;
/// Height of one legend row.
const LEGEND_ROW: i32 = 22;

/// Rough width of `s` at requested size `size` (sans-serif averages about 0.58 em per
/// character of the written size).
pub fn text_width(s: &str, size: i32) -> i32 {
    (s.chars().count() as f64 * size as f64 / PLOTTERS_FONT_RATIO * 0.58).ceil() as i32
}

/// Where each tier's legend entry goes when the entries wrap at `width`: `(x, row)` per tier,
/// relative to the legend's top left.
fn legend_layout(l: &Labels, n: usize, width: i32) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (0, 0);
    (0..n)
        .map(|i| {
            let w = 20 + text_width(&format!("{} {}", i + 1, l.tier(i)), FONT) + 14;
            if x > 0 && x + w > width {
                x = 0;
                row += 1;
            }
            let at = (x, row);
            x += w;
            at
        })
        .collect()
}

/// Height the tier legend of `n` tiers takes at `width`.
pub fn legend_height(l: &Labels, n: usize, width: i32) -> i32 {
    legend_layout(l, n, width)
        .last()
        .map_or(0, |&(_, row)| (row + 1) * LEGEND_ROW)
}

/// Draw the tier legend (swatch, rank and name per tier, lowest first) at `(x0, y0)`.
pub fn draw_legend(
    root: &plotters::drawing::DrawingArea<
        plotters::prelude::SVGBackend<'_>,
        plotters::coord::Shift,
    >,
    l: &Labels,
    n: usize,
    (x0, y0): (i32, i32),
    width: i32,
) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    for (i, (x, row)) in legend_layout(l, n, width).into_iter().enumerate() {
        let (x, y) = (x0 + x, y0 + row * LEGEND_ROW);
        root.draw(&Rectangle::new(
            [(x, y + 3), (x + 14, y + 17)],
            tier_mark(i).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x, y + 3), (x + 14, y + 17)],
            outline().stroke_width(1),
        ))?;
        let style = ("sans-serif", FONT)
            .into_font()
            .color(&outline())
            .pos(Pos::new(HPos::Left, VPos::Center));
        root.draw(&Text::new(
            format!("{} {}", i + 1, l.tier(i)),
            (x + 20, y + 10),
            style,
        ))?;
    }
    Ok(())
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Turn plotters' fixed-size root tag into a responsive, labelled image.
pub fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let root = &svg[..end];
    let view_box = root
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 640 300");
    let body = svg[end + 1..].trim_start_matches('\n');
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"grafik\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n{body}",
        escape(title),
        escape(desc)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_tag_is_made_responsive_and_labelled() {
        let s = "<svg width=\"640\" height=\"300\" viewBox=\"0 0 640 300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let out = accessible(s, "g1", "A <b> & c", "d");
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 300\" role=\"img\""
        ));
        assert!(!out.contains("width=\"640\""));
        assert!(out.contains("<title id=\"g1-t\">A &lt;b&gt; &amp; c</title>"));
    }
}
