//! Diagnostics: every problem found in the input, with its place, value, expectation and hint.
//!
//! Stages never stop at the first problem: they push into a [`Diagnostics`] collector, and the
//! CLI prints them all, rustc-style, at the end of the run.

use std::fmt;
use std::path::Path;

/// How bad a problem is. Warnings become errors under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    /// Length of the offending text in characters (at least 1 when a column is known).
    pub len: usize,
    pub message: String,
    /// The offending value as written in the input.
    pub value: Option<String>,
    /// What was expected instead.
    pub expected: Option<String>,
    pub hint: Option<String>,
    /// The full text of the offending line, for the snippet.
    pub line_text: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            len: 0,
            message: message.into(),
            value: None,
            expected: None,
            hint: None,
            line_text: None,
        }
    }

    /// Place the diagnostic at a 1-based line and column, spanning `len` characters.
    pub fn at(mut self, line: usize, column: usize, len: usize) -> Self {
        self.line = line;
        self.column = column;
        self.len = len.max(1);
        self
    }

    /// Place the diagnostic at a byte range of `source` (a whole file's text).
    pub fn at_byte(self, source: &str, start: usize, end: usize) -> Self {
        let start = floor_char(source, start.min(source.len()));
        let end = floor_char(source, end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let len = source[start..end.min(line_end)].chars().count();
        let text = source[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        // A position on a trimmed `\r` points just past the shown text, never beyond it.
        let column = column.min(text.chars().count() + 1);
        self.at(line, column, len).with_line_text(text)
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_line_text(mut self, text: impl Into<String>) -> Self {
        self.line_text = Some(text.into());
        self
    }

    /// `file:line:column` as printed in the one-line form.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (l, 0) => format!("{}:{}", self.file, l),
            (l, c) => format!("{}:{}:{}", self.file, l, c),
        }
    }

    fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = &self.value {
            parts.push(format!("found `{}`", printable(v)));
        }
        if let Some(e) = &self.expected {
            parts.push(format!("expected {e}"));
        }
        parts.join("; ")
    }

    /// Render as a rustc-style report with a source snippet when the line text is known.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let label = self.label();
        let title = level.primary_title(self.message.as_str());
        let location = self.location();
        // A long line (a 100 KB value) is not drawn as a snippet: its location and about 160
        // characters around the column are shown instead.
        let (shown, excerpt) = match (&self.line_text, self.line, self.column) {
            (Some(text), line, column) if line > 0 && column > 0 => match window(text, column) {
                Some(cut) => (None, Some(format!("near: {}", printable(&cut)))),
                None => (Some((text, column)), None),
            },
            _ => (None, None),
        };
        let line = self.line;
        let mut group = match shown {
            Some((text, column)) => {
                let start: usize = text.chars().take(column - 1).map(char::len_utf8).sum();
                let end: usize = start
                    + text[start.min(text.len())..]
                        .chars()
                        .take(self.len.max(1))
                        .map(char::len_utf8)
                        .sum::<usize>();
                let end = end.max(start);
                Group::with_title(title).element(
                    Snippet::source(text.as_str())
                        .line_start(line)
                        .path(self.file.as_str())
                        .annotation(
                            AnnotationKind::Primary
                                .span(start..end)
                                .label(label.as_str()),
                        ),
                )
            }
            _ => {
                let g = Group::with_title(title)
                    .element(annotate_snippets::Origin::path(location.as_str()));
                let g = match &excerpt {
                    Some(e) => g.element(Level::NOTE.message(e.as_str())),
                    None => g,
                };
                if label.is_empty() {
                    g
                } else {
                    g.element(Level::NOTE.message(label.as_str()))
                }
            }
        };
        if let Some(h) = &self.hint {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// One line: `file:line:col: error: message (found `x`; expected y) [hint: ...]`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {}: {}", self.location(), sev, self.message)?;
        let label = self.label();
        if !label.is_empty() {
            write!(f, " ({label})")?;
        }
        if let Some(h) = &self.hint {
            write!(f, " [help: {h}]")?;
        }
        Ok(())
    }
}

/// A long line (a 100 KB CSV value, a minified file): about 160 characters around `column`
/// (1-based), cut with `…`; `None` when the line is short enough to show whole.
fn window(text: &str, column: usize) -> Option<String> {
    const WIDTH: usize = 160;
    let n = text.chars().count();
    if n <= WIDTH + WIDTH / 2 {
        return None;
    }
    let start = column
        .saturating_sub(1 + WIDTH / 4)
        .min(n.saturating_sub(WIDTH));
    let mut shown: String = text.chars().skip(start).take(WIDTH).collect();
    if start > 0 {
        shown.insert(0, '…');
    }
    if start + WIDTH < n {
        shown.push('…');
    }
    Some(shown)
}

/// Make control characters visible so a hostile value cannot rewrite the terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// At most this many diagnostics of one kind (severity, file and message) are kept; the rest
/// are counted and summed up in one line ([`Diagnostics::more`]).
pub const PER_KIND: usize = 50;

type Kind = (Severity, String, String);

/// Collects diagnostics across all stages of a run. A million copies of one mistake keep the
/// first [`PER_KIND`] and a count, so memory and output stay bounded.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// How many of each kind were pushed, kept or not.
    kinds: std::collections::HashMap<Kind, usize>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        let n = self
            .kinds
            .entry((d.severity, d.file.clone(), d.message.clone()))
            .or_default();
        *n += 1;
        if *n <= PER_KIND {
            self.items.push(d);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        let mut dropped = other.kinds;
        for d in other.items {
            let key = (d.severity, d.file.clone(), d.message.clone());
            if let Some(n) = dropped.get_mut(&key) {
                *n -= 1;
            }
            self.push(d);
        }
        for (key, n) in dropped {
            if n > 0 {
                *self.kinds.entry(key).or_default() += n;
            }
        }
    }

    /// Keep only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&Diagnostic) -> bool) {
        self.items.retain(&keep);
        self.kinds
            .retain(|(sev, file, msg), _| keep(&Diagnostic::new(*sev, file.clone(), msg.clone())));
    }

    fn count(&self, severity: Severity) -> usize {
        self.kinds
            .iter()
            .filter(|(k, _)| k.0 == severity)
            .map(|(_, n)| n)
            .sum()
    }

    /// Every error pushed, including those not kept.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// True when the run must fail: any error, or any warning under `strict`.
    pub fn is_fatal(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }

    /// All kept diagnostics in a stable order: by file, line, column, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        v.dedup_by(|a, b| a == b);
        v
    }

    /// One line for each kind with more than [`PER_KIND`] diagnostics: how many more there
    /// were, in both languages. Sorted by file and message.
    pub fn more(&self) -> Vec<Diagnostic> {
        let mut v: Vec<Diagnostic> = self
            .kinds
            .iter()
            .filter(|(_, n)| **n > PER_KIND)
            .map(|((sev, file, msg), n)| {
                let more = n - PER_KIND;
                Diagnostic::new(
                    *sev,
                    file.clone(),
                    format!("{msg}: dan {more} lainnya seperti ini / and {more} more like this"),
                )
            })
            .collect();
        v.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        v
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many diagnostics are kept (at most [`PER_KIND`] of each kind).
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

/// Display a path relative to `root` with forward slashes.
pub fn rel_display(root: &Path, path: &Path) -> String {
    let p = path.strip_prefix(root).unwrap_or(path);
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_position_maps_to_line_and_column() {
        let src = "a,b\nxx,Ω,yy\n";
        let d = Diagnostic::error("f.csv", "bad").at_byte(src, 7, 12);
        assert_eq!((d.line, d.column, d.len), (2, 4, 4));
        assert_eq!(d.line_text.as_deref(), Some("xx,Ω,yy"));
        assert_eq!(d.location(), "f.csv:2:4");
        // CRLF: a position on the `\r` lands just past the shown text (found by fuzzing).
        let src = "+++\n\"\r\r\n+++";
        let d = Diagnostic::error("f.md", "bad").at_byte(src, 6, 7);
        assert_eq!((d.line, d.column), (2, 2));
        assert_eq!(d.line_text.as_deref(), Some("\""));
    }

    #[test]
    fn render_shows_location_value_and_hint() {
        let d = Diagnostic::error("data/predikat.csv", "unknown tier")
            .at(3, 7, 5)
            .with_line_text("35.10,2023,hebat,x")
            .value("hebat")
            .expected("one of pratama, madya")
            .hint("check the spelling");
        let out = d.render(false);
        assert!(out.contains("data/predikat.csv:3:7"), "{out}");
        assert!(out.contains("found `hebat`"), "{out}");
        assert!(out.contains("check the spelling"), "{out}");
        assert!(
            d.to_string()
                .starts_with("data/predikat.csv:3:7: error: unknown tier")
        );
    }

    #[test]
    fn each_kind_is_capped_and_counted() {
        let mut a = Diagnostics::new();
        let mut b = Diagnostics::new();
        for i in 1..=1000 {
            a.push(Diagnostic::error("d.csv", "duplicate").at(i, 1, 1));
            b.push(Diagnostic::error("d.csv", "duplicate").at(1000 + i, 1, 1));
        }
        a.push(Diagnostic::warning("d.csv", "other"));
        a.extend(b);
        assert_eq!((a.errors(), a.warnings(), a.len()), (2000, 1, PER_KIND + 1));
        // The first ones are kept.
        let kept: Vec<usize> = a
            .sorted()
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .map(|x| x.line)
            .collect();
        assert_eq!(kept, (1..=PER_KIND).collect::<Vec<_>>());
        let more = a.more();
        assert_eq!(more.len(), 1);
        assert!(
            more[0]
                .message
                .ends_with("dan 1950 lainnya seperti ini / and 1950 more like this")
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let text = format!("{}BAD{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error("f.csv", "bad")
            .at(2, 100_001, 3)
            .with_line_text(text)
            .value("BAD");
        let out = d.render(false);
        assert!(out.len() < 1000, "{} bytes", out.len());
        assert!(
            out.contains("aBADb") && out.contains("f.csv:2:100001"),
            "{out}"
        );
    }

    #[test]
    fn strict_turns_warnings_fatal() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("a", "w"));
        assert!(!ds.is_fatal(false));
        assert!(ds.is_fatal(true));
    }
}
