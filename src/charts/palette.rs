//! The tier palette, defined once: one ordered, sequential, colour-blind-safe scale from the
//! lowest tier (Pratama, light) to the highest (KLA, dark), five steps of viridis read backwards
//! so that lightness alone orders the tiers (it survives every kind of colour blindness and
//! greyscale printing). Charts, share cards and the theme's CSS (`--tingkat-N` custom
//! properties in `ila.css`, checked against these values by a test) all read it from here.
//! "No record" is never a step of the scale: it is drawn as an outline or a dash, not a fill.

/// Fill per tier rank (lowest first).
pub const TIER_FILL: [(u8, u8, u8); 5] = [
    (0xfd, 0xe7, 0x25),
    (0x7a, 0xd1, 0x51),
    (0x22, 0xa8, 0x84),
    (0x2a, 0x78, 0x8e),
    (0x41, 0x44, 0x87),
];

/// Text drawn on each fill: dark on the three light steps, white on the two dark ones; every
/// pair is at least 4.5:1 (WCAG AA for normal text), checked by a test.
pub const TIER_TEXT: [(u8, u8, u8); 5] = [INK, INK, INK, (0xff, 0xff, 0xff), (0xff, 0xff, 0xff)];

/// Outline drawn around every tier fill, so light steps stand out from a white page (≥ 3:1).
pub const OUTLINE: (u8, u8, u8) = INK;

/// Dark ink: text on light fills and outlines.
pub const INK: (u8, u8, u8) = (0x1d, 0x1d, 0x1f);

/// Light tints of the fills (one part fill, three parts white) for backgrounds such as the
/// history chart's bands; dark text reads on every one.
pub const fn tint(i: usize) -> (u8, u8, u8) {
    let (r, g, b) = TIER_FILL[i % TIER_FILL.len()];
    (mix(r), mix(g), mix(b))
}

const fn mix(c: u8) -> u8 {
    ((c as u16 + 3 * 255) / 4) as u8
}

/// `#rrggbb` of a colour.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Fill of tier rank `i` (0 = lowest).
pub fn fill(i: usize) -> (u8, u8, u8) {
    TIER_FILL[i % TIER_FILL.len()]
}

/// Text colour on the fill of tier rank `i`.
pub fn text_on(i: usize) -> (u8, u8, u8) {
    TIER_TEXT[i % TIER_TEXT.len()]
}

/// WCAG 2.1 relative luminance.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2.1 contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: (u8, u8, u8) = (0xff, 0xff, 0xff);

    #[test]
    fn text_on_every_step_meets_aa() {
        for i in 0..TIER_FILL.len() {
            let c = contrast(fill(i), text_on(i));
            assert!(c >= 4.5, "tier {i}: {c:.2}:1");
            assert!(contrast(tint(i), INK) >= 4.5, "tint {i}");
        }
    }

    #[test]
    fn outline_stands_out_from_white_and_from_every_fill_it_must() {
        assert!(contrast(OUTLINE, WHITE) >= 3.0);
        // A step that is itself faint on white relies on the outline.
        for i in 0..TIER_FILL.len() {
            assert!(contrast(fill(i), WHITE) >= 3.0 || contrast(fill(i), OUTLINE) >= 3.0);
        }
    }

    #[test]
    fn the_scale_is_sequential_light_to_dark() {
        let l: Vec<f64> = TIER_FILL.iter().map(|&c| luminance(c)).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
        // Neighbouring steps differ clearly in lightness alone (readable in greyscale).
        for w in TIER_FILL.windows(2) {
            assert!(contrast(w[0], w[1]) >= 1.3, "{:?}", w);
        }
    }

    /// The theme's CSS states the same colours as custom properties `--tingkat-N` (fill) and
    /// `--tingkat-N-teks` (text on it); this keeps the two in step.
    #[test]
    fn css_custom_properties_match_the_palette() {
        let css = include_str!("../../themes/ila/static/css/ila.css");
        let value = |name: &str| {
            let at = css
                .find(&format!("{name}:"))
                .unwrap_or_else(|| panic!("{name} missing from ila.css"));
            css[at + name.len() + 1..]
                .trim_start()
                .chars()
                .take(7)
                .collect::<String>()
                .to_lowercase()
        };
        for i in 0..TIER_FILL.len() {
            assert_eq!(
                value(&format!("--tingkat-{}", i + 1)),
                hex(fill(i)),
                "fill {i}"
            );
            assert_eq!(
                value(&format!("--tingkat-{}-teks", i + 1)),
                hex(text_on(i)),
                "text {i}"
            );
        }
    }
}
