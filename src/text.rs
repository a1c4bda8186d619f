//! Text at the edge: every input file's text (CSV, front matter and Markdown, `ila.toml`) is
//! checked here once, as it is read, for characters that have no place in a published value,
//! and web addresses are parsed with a real URL parser. Later stages may then trust the text.

use crate::diag::{Diagnostic, Diagnostics};

/// At most this many bad characters are reported per file (the rest are one more note).
const PER_FILE: usize = 20;

/// Whether `c` may not appear in input text: control characters other than tab, line feed and
/// carriage return (line ends); the bidirectional override, embedding and isolate characters
/// (U+202A–U+202E, U+2066–U+2069), which can make text read differently from what it is; and
/// U+FFFE/U+FFFF, which are not characters (and not allowed in XML).
pub fn is_refused(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{FFFE}'
        || c == '\u{FFFF}'
}

/// `U+202E RIGHT-TO-LEFT OVERRIDE`: how a refused character is named in a message.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{1B}' => "ESCAPE",
        '\u{7F}' => "DELETE",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FFFE}' | '\u{FFFF}' => "NONCHARACTER",
        _ => "control character",
    };
    format!("U+{:04X} {name}", c as u32)
}

/// How the text of a file is written, for [`check`]: TOML strings can also spell a character
/// as an escape (`\u0000`, `\U0000202E`, `\e`, `\x1B`), which is refused like the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Plain,
    /// The byte range that is TOML (the whole of `ila.toml`, a write-up's front matter).
    Toml(usize, usize),
}

/// Report every refused character in `text` (a whole file, `file` relative to the site root)
/// at its line and column. Returns whether the text is clean.
pub fn check(file: &str, text: &str, syntax: Syntax, d: &mut Diagnostics) -> bool {
    let mut found: Vec<(usize, usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| is_refused(c))
        .map(|(i, c)| (i, i + c.len_utf8(), c))
        .collect();
    if let Syntax::Toml(start, end) = syntax {
        found.extend(toml_escapes(text, start, end.min(text.len())));
        found.sort_unstable();
    }
    for &(start, end, c) in found.iter().take(PER_FILE) {
        d.push(
            Diagnostic::error(file, "text contains a character that is not allowed")
                .at_byte(text, start, end)
                .value(describe(c))
                .expected("printable text (tab and line breaks are fine)")
                .hint(hint(c)),
        );
    }
    if found.len() > PER_FILE {
        d.push(
            Diagnostic::error(
                file,
                format!(
                    "{} more characters that are not allowed (dan {} lainnya seperti ini / and {} more like this)",
                    found.len() - PER_FILE,
                    found.len() - PER_FILE,
                    found.len() - PER_FILE
                ),
            )
            .hint("the file may be binary or damaged; restore it from git"),
        );
    }
    found.is_empty()
}

fn hint(c: char) -> &'static str {
    if c.is_control() {
        "control characters are invisible and break feeds and charts; delete it (it often comes from copying out of a PDF or a terminal)"
    } else {
        "bidirectional control characters can make text read differently from what it says; delete it (right-to-left text needs none)"
    }
}

/// Escapes in TOML text between `start` and `end` that spell a refused character:
/// `(start, end, char)` byte ranges of the escapes.
fn toml_escapes(text: &str, start: usize, end: usize) -> Vec<(usize, usize, char)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i + 1 < end {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = match b[i + 1] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'u' => 4,
            b'U' => 8,
            b'x' => 2,
            b'e' => {
                out.push((i, i + 2, '\u{1B}'));
                i += 2;
                continue;
            }
            _ => {
                i += 2;
                continue;
            }
        };
        let hex = text.get(i + 2..(i + 2 + digits).min(end)).unwrap_or("");
        if let Some(c) = (hex.len() == digits)
            .then(|| u32::from_str_radix(hex, 16).ok())
            .flatten()
            .and_then(char::from_u32)
            .filter(|&c| is_refused(c) && c != '\r')
        {
            out.push((i, i + 2 + digits, c));
        }
        i += 2;
    }
    out
}

/// Decode a whole file as UTF-8; when it is not, a diagnostic at the line and column of the
/// first bad byte, with `hint`.
pub fn utf8<'a>(file: &str, bytes: &'a [u8], hint: &str) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        let bad = bytes[e.valid_up_to()];
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| line_start + i);
        Diagnostic::error(file, "file is not valid UTF-8")
            .at(line, column, 1)
            .with_line_text(
                String::from_utf8_lossy(&bytes[line_start..line_end])
                    .trim_end()
                    .to_string(),
            )
            .value(format!("byte 0x{bad:02X}"))
            .expected("UTF-8 text")
            .hint(hint)
    })
}

/// Parse a web address: an absolute `http`/`https` URL with a host, written out in full.
/// Characters that a URL may not hold as they are (spaces, quotes, `<`, `>`, backslashes) are
/// refused rather than silently encoded. Returns the parsed URL or what is wrong with it.
pub fn web_url(raw: &str) -> Result<url::Url, String> {
    let violation = std::cell::Cell::new(None);
    let cb = |v| {
        if violation.get().is_none() {
            violation.set(Some(v));
        }
    };
    let u = url::Url::options()
        .syntax_violation_callback(Some(&cb))
        .parse(raw)
        .map_err(|e| e.to_string())?;
    if let Some(bad) = raw
        .chars()
        .find(|c| c.is_whitespace() || "\"<>`\\{}|^".contains(*c))
    {
        return Err(format!(
            "`{bad}` is not allowed in a web address as it is (write it percent-encoded)"
        ));
    }
    if let Some(v) = violation.get() {
        return Err(v.description().to_string());
    }
    if !matches!(u.scheme(), "http" | "https") {
        return Err("it is not an http(s) address".into());
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("it has no host name".into());
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_characters() {
        for c in [
            '\0', '\u{1}', '\u{1B}', '\u{7F}', '\u{85}', '\u{202E}', '\u{2066}', '\u{FFFF}',
        ] {
            assert!(is_refused(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', 'a', 'é', '\u{200F}', '\u{0627}'] {
            assert!(!is_refused(c), "{c:?}");
        }
    }

    #[test]
    fn raw_and_escaped_characters_are_located() {
        let text = "a = \"x\"\nb = \"y\\u202Ez\"\nc = \"\\\\u0000\"\nd = 'q\u{1}'\n";
        let mut d = Diagnostics::new();
        assert!(!check("t.toml", text, Syntax::Toml(0, text.len()), &mut d));
        let got: Vec<String> = d.sorted().iter().map(|x| x.location()).collect();
        // The escape on line 2, the raw U+0001 on line 4; `\\u0000` is a backslash and text.
        assert_eq!(got, ["t.toml:2:7", "t.toml:4:7"]);
        assert!(
            d.sorted()[0]
                .value
                .as_deref()
                .unwrap()
                .contains("RIGHT-TO-LEFT OVERRIDE")
        );
        let mut d = Diagnostics::new();
        assert!(check(
            "t.csv",
            "a,b\r\n\"x\ty\",z\r\n",
            Syntax::Plain,
            &mut d
        ));
    }

    #[test]
    fn many_bad_characters_are_summed_up() {
        let text = "\0".repeat(1000);
        let mut d = Diagnostics::new();
        check("t.md", &text, Syntax::Plain, &mut d);
        assert_eq!(d.len(), PER_FILE + 1);
        assert!(d.sorted().iter().any(|x| x.message.contains("980 more")));
    }

    #[test]
    fn urls() {
        assert!(web_url("https://example.org/a?b=c#d").is_ok());
        assert!(web_url("http://example.org").is_ok());
        assert!(web_url("https://id.wikipedia.org/wiki/Kabupaten_Kaur").is_ok());
        for bad in [
            "https://example.org/a b",
            "https://example.org/\"><script>",
            "https://exa mple.org/",
            "https://example.org/<x>",
            "javascript:alert(1)",
            "https:///x",
            "ftp://example.org/",
            "https:\\\\example.org",
        ] {
            assert!(web_url(bad).is_err(), "{bad}");
        }
    }
}

/// Longest value one CSV field may hold, in characters. Names, codes, sources and notes are
/// far shorter (the longest shipped note is under 400); a longer value is a pasted document or
/// a damaged file, and would otherwise surface only as a page over the weight budget.
pub const CSV_FIELD_MAX: usize = 2_000;
/// Longest write-up title (`judul`, also a source's title), in characters.
pub const TITLE_MAX: usize = 200;
/// Longest summary (`ringkasan`, `mudah_dibaca`) or other front matter text, in characters.
pub const SUMMARY_MAX: usize = 1_000;
/// Largest write-up body, in bytes: far above any page the weight budget lets through, so
/// only a pasted document or a damaged file reaches it.
pub const BODY_MAX: usize = 1_000_000;

/// Whether `value` holds more than `max` characters (counted only when the bytes could).
pub fn longer_than(value: &str, max: usize) -> bool {
    value.len() > max && value.chars().count() > max
}

/// The start of a long value and its length, for a message: `"Lorem ipsum…" (10,000,000
/// characters)`.
pub fn excerpt(value: &str) -> String {
    let head: String = value.chars().take(40).collect();
    format!("\"{head}…\" ({} characters)", value.chars().count())
}

/// The first `column + 80` characters of `line`: enough to show where a long value starts
/// without printing all of it.
pub fn clip_line(line: &str, column: usize) -> String {
    let keep = column + 80;
    match line.char_indices().nth(keep) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}
