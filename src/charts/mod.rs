//! Charts stage: draws SVG charts with plotters' SVG backend (no system fonts) and makes them
//! accessible: `role="img"`, a `<title>` stating the message, a `<desc>` giving the data in
//! words, a responsive `viewBox`, and a CSV of the same data. Pure functions of the model.

pub mod groups;
pub mod history;
pub mod labels;
pub mod national;
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

/// Mark colours per tier rank (lowest first), dark enough for 3:1 on white and on the band fill.
pub const TIER_MARK: [(u8, u8, u8); 5] = [
    (0x8a, 0x50, 0x00),
    (0x00, 0x5a, 0x8c),
    (0x00, 0x6b, 0x4d),
    (0x8c, 0x34, 0x68),
    (0x44, 0x44, 0x44),
];
/// Light band fills per tier rank.
pub const TIER_BAND: [(u8, u8, u8); 5] = [
    (0xfd, 0xf0, 0xdc),
    (0xe1, 0xf0, 0xfa),
    (0xdd, 0xf3, 0xea),
    (0xf6, 0xe3, 0xef),
    (0xec, 0xec, 0xec),
];

pub fn tier_mark(i: usize) -> plotters::style::RGBColor {
    let (r, g, b) = TIER_MARK[i % TIER_MARK.len()];
    plotters::style::RGBColor(r, g, b)
}

pub fn tier_band(i: usize) -> plotters::style::RGBColor {
    let (r, g, b) = TIER_BAND[i % TIER_BAND.len()];
    plotters::style::RGBColor(r, g, b)
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
