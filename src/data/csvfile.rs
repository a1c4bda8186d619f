//! Generic CSV reading with exact positions: encoding, delimiter and header checks, then rows
//! whose every field knows its line and column. Typed loaders build on this.

use crate::diag::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::Path;

/// Which columns a file must and may have.
pub struct Schema {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

/// A parsed CSV file: its header and its rows.
pub struct Table {
    /// Path relative to the site root, for diagnostics.
    pub file: String,
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

/// One data row: its fields (as parsed; trimmed when read) and its line, for diagnostics.
pub struct Row {
    pub line: usize,
    fields: csv::StringRecord,
    text: String,
}

/// A field's value and where it sits, for precise diagnostics.
pub struct Field<'a> {
    pub value: &'a str,
    pub line: usize,
    /// Which field of the line (0-based); `None` for an absent optional column.
    pub index: Option<usize>,
    pub line_text: &'a str,
}

impl Field<'_> {
    /// The 1-based character column where the field's value starts. Worked out only when asked
    /// (for a diagnostic), not for every field of a 100,000-row file.
    pub fn column(&self) -> usize {
        self.index.map_or(1, |i| {
            field_columns(self.line_text, i + 1)
                .get(i)
                .copied()
                .unwrap_or(1)
        })
    }

    /// An error pointing at this field.
    pub fn error(&self, file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(file, message)
            .at(self.line, self.column(), self.value.chars().count().max(1))
            .with_line_text(self.line_text)
            .value(self.value)
    }

    /// A warning pointing at this field.
    pub fn warning(&self, file: &str, message: impl Into<String>) -> Diagnostic {
        let mut d = self.error(file, message);
        d.severity = crate::diag::Severity::Warning;
        d
    }
}

impl Table {
    /// The field `name` of `row`; an empty value when the optional column is absent.
    pub fn field<'a>(&self, row: &'a Row, name: &str) -> Field<'a> {
        match self.columns.get(name) {
            Some(&i) => Field {
                value: row.fields.get(i).map_or("", str::trim),
                line: row.line,
                index: Some(i),
                line_text: &row.text,
            },
            None => Field {
                value: "",
                line: row.line,
                index: None,
                line_text: &row.text,
            },
        }
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }
}

/// Read `rel` under `root`. A missing file is reported unless `optional`; `None` means the
/// file could not be used at all (its problems are in `diags`).
pub fn read(
    root: &Path,
    rel: &str,
    schema: &Schema,
    optional: bool,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let path = root.join(rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && optional => return None,
        Err(e) => {
            diags.push(
                Diagnostic::error(rel, format!("cannot read file: {e}")).hint(format!(
                    "expected a UTF-8 CSV file with the header `{}`",
                    schema.required.join(",")
                )),
            );
            return None;
        }
    };
    parse(rel, &bytes, schema, diags)
}

/// Parse CSV bytes (see [`read`]).
pub fn parse(file: &str, bytes: &[u8], schema: &Schema, diags: &mut Diagnostics) -> Option<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match crate::text::utf8(
        file,
        bytes,
        "this looks like a Windows-1252 (ANSI) export; in your spreadsheet choose \"CSV UTF-8\" when saving",
    ) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    crate::text::check(file, text, crate::text::Syntax::Plain, diags);
    let expected_header = schema.required.join(",");
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error(file, "file is empty")
                .expected(format!("a header row `{expected_header}` and data rows"))
                .hint("restore the file from git or write the header row first"),
        );
        return None;
    }
    let header_line = text.lines().next().unwrap_or("");
    let commas = count_outside_quotes(header_line, ',');
    let semis = count_outside_quotes(header_line, ';');
    if semis > 0 && commas == 0 {
        diags.push(
            Diagnostic::error(file, "file uses `;` as the column separator")
                .at(1, header_line.find(';').map_or(1, |i| header_line[..i].chars().count() + 1), 1)
                .with_line_text(header_line)
                .value(";")
                .expected("`,` between columns")
                .hint("spreadsheets in Indonesian or European locales export with `;`: choose comma-separated \"CSV UTF-8\", or replace `;` with `,`"),
        );
        return None;
    }

    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            diags.push(
                Diagnostic::error(file, format!("cannot read the header row: {e}")).at(1, 1, 1),
            );
            return None;
        }
        None => return None,
    };
    let header_cols = field_columns(lines[0], header.len());
    let mut columns = HashMap::new();
    let mut header_ok = true;
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        if !schema.required.contains(&name) && !schema.optional.contains(&name) {
            let mut all: Vec<&str> = schema.required.to_vec();
            all.extend_from_slice(schema.optional);
            let hint = closest(name, &all)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "remove the column or rename it".to_string());
            diags.push(
                Diagnostic::error(file, "unknown column")
                    .at(1, header_cols[i], name.chars().count())
                    .with_line_text(lines[0])
                    .value(name)
                    .expected(format!("one of {}", all.join(", ")))
                    .hint(hint),
            );
            header_ok = false;
        } else if columns.insert(name.to_string(), i).is_some() {
            diags.push(
                Diagnostic::error(file, "duplicate column")
                    .at(1, header_cols[i], name.chars().count())
                    .with_line_text(lines[0])
                    .value(name),
            );
            header_ok = false;
        }
    }
    for req in schema.required {
        if !columns.contains_key(*req) {
            diags.push(
                Diagnostic::error(file, format!("missing column `{req}`"))
                    .at(1, 1, lines[0].chars().count().max(1))
                    .with_line_text(lines[0])
                    .expected(format!("a header row starting `{expected_header}`"))
                    .hint("check the header row's spelling; column names are lower case"),
            );
            header_ok = false;
        }
    }

    let width = header.len();
    let mut rows = Vec::new();
    let mut lines_at = LineCounter::default();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| lines_at.line(text, p.byte() as usize));
                diags.push(Diagnostic::error(file, format!("malformed row: {e}")).at(line, 1, 1));
                continue;
            }
        };
        let line = rec
            .position()
            .map_or(0, |p| lines_at.line(text, p.byte() as usize));
        let line_text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // blank line
        }
        if let Some((col, problem)) =
            quoting_problem(line_text, rec.iter().any(|f| f.contains('\n')))
        {
            diags.push(
                Diagnostic::error(file, problem)
                    .at(line, col, 1)
                    .with_line_text(line_text)
                    .value("\"")
                    .expected("a quoted value `\"…\"` followed by `,` or the end of the line")
                    .hint("a `\"` inside a value is written `\"\"`, and the whole value is quoted: \"Koran \"\"Jatim\"\"\""),
            );
            continue;
        }
        if rec.len() != width {
            let col = if rec.len() > width {
                field_columns(line_text, rec.len())
                    .get(width)
                    .copied()
                    .unwrap_or(1)
            } else {
                line_text.chars().count() + 1
            };
            diags.push(
                Diagnostic::error(file, "row has the wrong number of fields")
                    .at(line, col, 1)
                    .with_line_text(line_text)
                    .value(format!("{} fields", rec.len()))
                    .expected(format!("{width} fields, as in the header"))
                    .hint("a value containing `,` must be quoted: \"a, b\"; a `\"` inside a quoted value is written `\"\"`"),
            );
            continue;
        }
        if let Some(i) = rec
            .iter()
            .position(|f| crate::text::longer_than(f, crate::text::CSV_FIELD_MAX))
        {
            let col = field_columns(line_text, i + 1).get(i).copied().unwrap_or(1);
            let name = header.get(i).map_or("", str::trim);
            diags.push(
                Diagnostic::error(file, format!("value of `{name}` is too long"))
                    .at(line, col, 1)
                    .with_line_text(crate::text::clip_line(line_text, col))
                    .value(crate::text::excerpt(&rec[i]))
                    .expected(format!(
                        "at most {} characters in one field",
                        crate::text::CSV_FIELD_MAX
                    ))
                    .hint("a field holds one value (a name, a source, a short note); longer explanations belong in a write-up under content/"),
            );
            continue;
        }
        rows.push(Row {
            line,
            fields: rec,
            text: line_text.to_string(),
        });
    }
    header_ok.then(|| Table {
        file: file.to_string(),
        columns,
        rows,
    })
}

/// The 1-based line on which a record starting at a byte offset begins, counted from the
/// bytes. The csv crate's own line numbers are one short in CRLF files: a record's position is
/// taken at the `\n` of the previous line's `\r\n`, before that line is counted. Records come
/// in order, so only the bytes since the last record are counted (linear in the file).
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    fn line(&mut self, text: &str, start: usize) -> usize {
        let b = text.as_bytes();
        let mut start = start.min(b.len());
        // The record itself starts after any line ends the parser has not consumed yet.
        while start < b.len() && matches!(b[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.byte {
            (self.byte, self.line) = (0, 0);
        }
        self.line += b[self.byte..start].iter().filter(|&&c| c == b'\n').count();
        self.byte = start;
        self.line + 1
    }
}

/// The first quoting mistake on a CSV line, as a 1-based column and a message: a quote that
/// is never closed (`spans_lines`: the parser swallowed following lines into one value), text
/// after a closing quote, or a bare quote inside an unquoted value.
fn quoting_problem(line: &str, spans_lines: bool) -> Option<(usize, &'static str)> {
    if !spans_lines && !line.contains('"') {
        // No quote, no quoting mistake: the common case, without collecting the characters.
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i <= chars.len() {
        let start = i;
        if chars.get(i) == Some(&'"') {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Some((start + 1, "quote is never closed")),
                    Some('"') if chars.get(i + 1) == Some(&'"') => i += 2,
                    Some('"') => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
            match chars.get(i) {
                None => return None,
                Some(',') => i += 1,
                Some(_) => return Some((i + 1, "text after a closing quote")),
            }
        } else {
            while let Some(&c) = chars.get(i) {
                if c == ',' {
                    break;
                }
                if c == '"' {
                    return Some((i + 1, "quote inside an unquoted value"));
                }
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
            i += 1;
        }
    }
    spans_lines.then_some((
        1,
        "value spans several lines: a quote is probably not closed",
    ))
}

fn count_outside_quotes(line: &str, sep: char) -> usize {
    let mut inq = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                inq = !inq;
            }
            c == sep && !inq
        })
        .count()
}

/// 1-based character column where each of the first `n` fields of `line` starts.
fn field_columns(line: &str, n: usize) -> Vec<usize> {
    let mut cols = vec![1];
    let mut inq = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => inq = !inq,
            ',' if !inq => cols.push(i + 2),
            _ => {}
        }
    }
    cols.resize(n.max(cols.len()), line.chars().count() + 1);
    // A quoted field's value starts after its opening quote.
    let chars: Vec<char> = line.chars().collect();
    for c in &mut cols {
        if chars.get(*c - 1) == Some(&'"') {
            *c += 1;
        }
    }
    cols
}

/// The candidate nearest to `word` by edit distance, if close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn strsim(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Schema = Schema {
        required: &["kode", "tahun"],
        optional: &["nilai"],
    };

    fn run(text: &[u8]) -> (Option<Table>, Diagnostics) {
        let mut d = Diagnostics::new();
        (parse("t.csv", text, &S, &mut d), d)
    }

    #[test]
    fn fields_know_their_columns() {
        let (t, d) = run(b"kode,tahun\n\"35.10\",2023\n");
        assert!(d.is_empty());
        let t = t.unwrap();
        let f = t.field(&t.rows[0], "tahun");
        assert_eq!((f.value, f.line, f.column()), ("2023", 2, 9));
        let f = t.field(&t.rows[0], "kode");
        assert_eq!(
            (f.value, f.column()),
            ("35.10", 2),
            "points at the value, not the quote"
        );
    }

    #[test]
    fn quoting_mistakes_are_located() {
        use super::quoting_problem;
        assert_eq!(quoting_problem("a,\"b \"\"c\"\"\",d", false), None);
        assert_eq!(quoting_problem("a,\"b\",", false), None);
        assert_eq!(
            quoting_problem("a,\"Koran \"Jatim\" x,d", false),
            Some((11, "text after a closing quote"))
        );
        assert_eq!(
            quoting_problem("a,Koran \"Jatim,d", false),
            Some((9, "quote inside an unquoted value"))
        );
        assert_eq!(
            quoting_problem("a,\"Koran,d", false),
            Some((3, "quote is never closed"))
        );
        let (t, d) = run(b"kode,tahun\n35.10,\"20\"23\n");
        assert!(t.is_some() && t.unwrap().rows.is_empty());
        assert_eq!(
            d.sorted()[0].to_string().split(" (").next().unwrap(),
            "t.csv:2:11: error: text after a closing quote"
        );
    }

    #[test]
    fn bom_is_accepted() {
        let (t, d) = run(b"\xEF\xBB\xBFkode,tahun\n35.10,2023\n");
        assert!(d.is_empty() && t.is_some());
    }

    #[test]
    fn windows_1252_is_rejected_with_position() {
        let (t, d) = run(b"kode,tahun\n35.10,2023\n35.11,20\x9623\n");
        assert!(t.is_none());
        let e = d.sorted()[0];
        assert_eq!((e.line, e.column), (3, 9));
        assert!(e.hint.as_deref().unwrap().contains("UTF-8"));
    }

    #[test]
    fn semicolon_delimiter_is_explained() {
        let (_, d) = run(b"kode;tahun\n35.10;2023\n");
        assert!(d.sorted()[0].message.contains("`;`"));
    }

    #[test]
    fn unknown_and_missing_columns() {
        let (t, d) = run(b"kode,tahn\n35.10,2023\n");
        assert!(t.is_none());
        let msgs: Vec<String> = d.sorted().iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("t.csv:1:6") && m.contains("did you mean `tahun`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("missing column `tahun`")),
            "{msgs:?}"
        );
    }

    #[test]
    fn ragged_rows_are_all_reported() {
        let (t, d) = run(b"kode,tahun\n35.10,2023,x\n35.11\n35.12,2022\n");
        assert_eq!(d.errors(), 2);
        assert_eq!(t.unwrap().rows.len(), 1);
        let e = d.sorted();
        assert_eq!((e[0].line, e[0].column), (2, 12));
        assert_eq!(e[1].line, 3);
    }

    #[test]
    fn crlf_rows_are_on_the_right_line() {
        let (t, d) = run(b"kode,tahun\r\n35.10,2023\r\n\r\n35.11,x\r\n35.12,2022\r\n");
        assert!(d.is_empty());
        let lines: Vec<usize> = t.unwrap().rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5]);
        let (t, _) = run(b"kode,tahun\n35.10,2023\n\n35.11,x\n\"35.\n12\",2022\n35.13,1\n");
        let lines: Vec<usize> = t.unwrap().rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 7]);
    }

    #[test]
    fn empty_file() {
        let (t, d) = run(b"");
        assert!(t.is_none());
        assert!(d.sorted()[0].message.contains("empty"));
    }
}
