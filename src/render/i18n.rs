//! UI strings: one flat TOML table per language in the theme's `i18n/` folder.

use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

pub type Strings = BTreeMap<String, String>;

/// Load `i18n/<lang>.toml` from the theme directory.
pub fn load(theme_dir: &Path, rel_theme: &str, lang: &str, d: &mut Diagnostics) -> Option<Strings> {
    let rel = format!("{rel_theme}/i18n/{lang}.toml");
    let text = match std::fs::read_to_string(theme_dir.join("i18n").join(format!("{lang}.toml"))) {
        Ok(t) => t,
        Err(e) => {
            d.push(
                Diagnostic::error(rel, format!("cannot read UI strings: {e}"))
                    .hint("each language needs a flat TOML table of `key = \"text\"`"),
            );
            return None;
        }
    };
    match toml::from_str::<Strings>(&text) {
        Ok(m) => Some(m),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            d.push(
                Diagnostic::error(rel, format!("invalid UI strings: {}", e.message().trim()))
                    .at_byte(&text, span.start, span.end),
            );
            None
        }
    }
}
