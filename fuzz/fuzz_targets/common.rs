//! Shared by the fuzz targets: every diagnostic must render (the CLI prints them all) and
//! must point inside the input.

use ila::diag::Diagnostics;

/// Render every diagnostic both ways and check its position against `input` (the whole file
/// the diagnostics refer to).
pub fn check_diagnostics(d: &Diagnostics, input: &[u8]) {
    let lines = input.split(|&b| b == b'\n').count();
    for e in d.sorted() {
        let _ = e.render(false);
        let _ = e.render(true);
        let _ = e.to_string();
        assert!(e.line <= lines, "{e}: line beyond the input's {lines} lines");
        if let (Some(text), true) = (&e.line_text, e.column > 0) {
            // At most just past the shown text; `at_byte` clamps a position on a trimmed
            // trailing `\r` (found by this check; seeds `crash-*cr*-toml-error-column.md`).
            assert!(
                e.column <= text.chars().count() + 1,
                "{e}: column past the end of the line {text:?}"
            );
        }
    }
}
