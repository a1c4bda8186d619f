//! Shared by the fuzz targets: every diagnostic must render (the CLI prints them all) and
//! must point inside the input.

use ila::diag::Diagnostics;

/// Render every diagnostic both ways and check its position against `input` (the whole file
/// the diagnostics refer to).
pub fn check_diagnostics(d: &Diagnostics, input: &[u8]) {
    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    for e in d.sorted() {
        let _ = e.render(false);
        let _ = e.render(true);
        let _ = e.to_string();
        assert!(
            e.line <= lines.len(),
            "{e}: line beyond the input's {} lines",
            lines.len()
        );
        if let (Some(text), true) = (&e.line_text, e.column > 0) {
            // Known, reported, cosmetic: `Diagnostic::at_byte` trims a line's trailing `\r`s
            // from the shown text but counts them in the column, so a span starting at the
            // end of a CRLF line lands past the shown text. Tolerated until fixed in diag.rs.
            let trailing_cr = match e.line {
                0 => 0,
                l => lines[l - 1].iter().rev().take_while(|&&b| b == b'\r').count(),
            };
            let max = text.chars().count() + 1 + trailing_cr;
            assert!(
                e.column <= max,
                "{e}: column past the end of the line {text:?}"
            );
        }
    }
}
