//! Template engine: loads the theme's Tera templates, lets the site's own `templates/` override
//! any of them by name, and registers the UI-string function and formatting filters.

use super::{filters, i18n};
use crate::diag::{Diagnostic, Diagnostics, rel_display};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Kwargs, State, Tera};

/// Where a template came from, for error messages.
pub struct TemplateSource {
    pub file: String,
    pub text: String,
    /// The UI texts inlined into what Tera compiled (see [`inline_ui_text`]), to map Tera's
    /// byte offsets back to `text`.
    inlined: Vec<Inlined>,
}

impl TemplateSource {
    /// The offset in `text` of byte `offset` of the compiled template.
    fn source_offset(&self, offset: usize) -> usize {
        let mut delta = 0isize;
        for s in &self.inlined {
            if offset < s.out_start {
                break;
            }
            if offset < s.out_start + s.out_len {
                return s.src_start;
            }
            delta = (s.src_start + s.src_len) as isize - (s.out_start + s.out_len) as isize;
        }
        offset.saturating_add_signed(delta)
    }
}

/// One inlined call: where its text sits in the compiled template and the call in the source.
#[derive(Debug, PartialEq)]
struct Inlined {
    out_start: usize,
    out_len: usize,
    src_start: usize,
    src_len: usize,
}

/// One Tera instance per language (the UI-string function is bound to it).
pub struct Engine {
    pub tera: Tera,
    /// The language's UI strings (also used for chart wording).
    pub strings: Arc<i18n::Strings>,
    pub sources: BTreeMap<String, TemplateSource>,
    pub lang: String,
}

pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

/// Collect `*.html`, `*.xml`, `*.svg`, `*.txt` templates below `dir`, keyed by relative name.
fn collect(
    dir: &Path,
    root: &Path,
    out: &mut BTreeMap<String, (String, String)>,
    d: &mut Diagnostics,
) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(cur) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&cur) else {
            continue;
        };
        let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_symlink() {
                d.push(
                    Diagnostic::warning(rel_display(root, &p), "symbolic link skipped")
                        .hint("templates are never read through links"),
                );
            } else if ft.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("html" | "xml" | "svg" | "txt")
            ) {
                let name = rel_display(dir, &p);
                match std::fs::read_to_string(&p) {
                    Ok(text) => {
                        out.insert(name, (rel_display(root, &p), text));
                    }
                    Err(e) => d.push(Diagnostic::error(
                        rel_display(root, &p),
                        format!("cannot read template: {e}"),
                    )),
                }
            }
        }
    }
}

impl Engine {
    /// Load templates for `lang`; `None` when they cannot be used (errors are in `d`).
    pub fn load(root: &Path, theme: &str, lang: &str, d: &mut Diagnostics) -> Option<Engine> {
        let tdir = theme_dir(root, theme);
        let rel_theme = format!("themes/{theme}");
        if !tdir.is_dir() {
            d.push(
                Diagnostic::error(crate::config::FILE, "theme not found")
                    .value(theme.to_string())
                    .expected(format!("a folder {rel_theme}/ with templates/")),
            );
            return None;
        }
        let strings = Arc::new(i18n::load(&tdir, &rel_theme, lang, d)?);
        let missing: Vec<&str> = crate::charts::labels::KEYS
            .iter()
            .copied()
            .filter(|k| !strings.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            d.push(
                Diagnostic::error(
                    format!("{rel_theme}/i18n/{lang}.toml"),
                    "chart wording is missing",
                )
                .value(missing.join(", "))
                .expected("every `grafik.*` key the charts use")
                .hint("copy the missing keys from themes/ila/i18n/id.toml and translate them"),
            );
            return None;
        }
        let for_tera = Arc::clone(&strings);
        let mut files = BTreeMap::new();
        collect(&tdir.join("templates"), root, &mut files, d);
        collect(&root.join("templates"), root, &mut files, d);

        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let lang_owned = lang.to_string();
        tera.register_function(
            "t",
            move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
                let key: &str = kw.must_get("key")?;
                for_tera.get(key).cloned().ok_or_else(|| {
                    tera::Error::message(format!(
                        "unknown UI text key `{key}` (add it to every i18n/*.toml)"
                    ))
                })
            },
        );
        // `tx`: a UI text holding trusted theme markup (links, emphasis) with `{name}`
        // placeholders filled from the other arguments, each HTML-escaped (whole numbers get the
        // locale's digit grouping). Returns safe HTML; use `t` for plain text.
        let (for_tx, l) = (Arc::clone(&strings), lang_owned.clone());
        tera.register_function(
            "tx",
            move |kw: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
                let key: &str = kw.must_get("key")?;
                let text = for_tx.get(key).ok_or_else(|| {
                    tera::Error::message(format!(
                        "unknown UI text key `{key}` (add it to every i18n/*.toml)"
                    ))
                })?;
                let mut out = text.clone();
                for (k, v) in kw.iter() {
                    let name = k.to_string();
                    if name == "key" {
                        continue;
                    }
                    let shown = match (v.as_i64(), v.as_str()) {
                        (Some(n), _) => filters::number(n, &l),
                        (None, Some(s)) if v.is_safe() => s.to_string(),
                        (None, Some(s)) => filters::escape(s),
                        _ => filters::escape(&v.to_string()),
                    };
                    out = out.replace(&format!("{{{name}}}"), &shown);
                }
                Ok(tera::Value::safe_string(&out))
            },
        );
        let l = lang_owned.clone();
        tera.register_filter("angka", move |n: i64, _: Kwargs, _: &State| {
            filters::number(n, &l)
        });
        let l = lang_owned.clone();
        tera.register_filter("tanggal", move |s: &str, _: Kwargs, _: &State| {
            filters::date(s, &l)
        });
        tera.register_filter(
            "persen",
            |part: i64, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
                let whole: i64 = kw.must_get("dari")?;
                Ok(filters::percent(part.max(0) as u64, whole.max(0) as u64))
            },
        );

        let mut sources = BTreeMap::new();
        let mut inlined: Vec<(&str, String)> = Vec::with_capacity(files.len());
        for (name, (file, text)) in &files {
            let (compiled, subs) = inline_ui_text(name, text, &strings);
            inlined.push((name.as_str(), compiled));
            sources.insert(
                name.clone(),
                TemplateSource {
                    file: file.clone(),
                    text: text.clone(),
                    inlined: subs,
                },
            );
        }
        if let Err(e) = tera.add_raw_templates(inlined.iter().map(|(n, t)| (*n, t.as_str()))) {
            d.push(
                located(&sources, &e, "templates", "cannot load templates")
                    .hint("check {% extends %} and {% include %} names and every filter and function used"),
            );
            return None;
        }
        Some(Engine {
            tera,
            strings,
            sources,
            lang: lang_owned,
        })
    }

    /// A Tera error as a diagnostic at the template file, line and column it names.
    pub fn diagnostic(&self, e: &tera::Error, fallback: &str, what: &str) -> Diagnostic {
        located(&self.sources, e, fallback, what)
    }

    /// The file a template name came from.
    pub fn file_of(&self, name: &str) -> String {
        self.sources
            .get(name)
            .map_or_else(|| name.to_string(), |s| s.file.clone())
    }
}

/// Turn a Tera error into a diagnostic located in the template's own file where Tera gives a
/// span; otherwise at `fallback` (a template name or "templates") with Tera's full report.
fn located(
    sources: &BTreeMap<String, TemplateSource>,
    e: &tera::Error,
    fallback: &str,
    what: &str,
) -> Diagnostic {
    let file_of = |name: &str| {
        sources
            .get(name)
            .map_or_else(|| name.to_string(), |s| s.file.clone())
    };
    // The innermost error with a span is the one that points at the mistake.
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut found = None;
    while let Some(err) = cur {
        if let Some(te) = err.downcast_ref::<tera::Error>() {
            match te.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    found = Some(r.clone());
                }
                tera::ErrorKind::MissingParent { current, parent } if found.is_none() => {
                    return Diagnostic::error(
                        file_of(current),
                        format!("{what}: parent template not found"),
                    )
                    .value(parent.clone())
                    .expected("the name of a template in themes/<tema>/templates/ or templates/");
                }
                tera::ErrorKind::TemplateNotFound(name) if found.is_none() => {
                    return Diagnostic::error(
                        file_of(fallback),
                        format!("{what}: template not found"),
                    )
                    .value(name.clone())
                    .expected("a template of that name in themes/<tema>/templates/ or templates/")
                    .hint(
                        "restore it from the theme, or override it in the site's templates/ folder",
                    );
                }
                _ => {}
            }
        }
        cur = err.source();
    }
    match found {
        Some(r) => {
            let span = r.span();
            let d = Diagnostic::error(file_of(r.filename()), format!("{what}: {}", r.message()));
            match sources.get(r.filename()) {
                Some(s) => d.at_byte(
                    &s.text,
                    s.source_offset(span.range.start),
                    s.source_offset(span.range.end),
                ),
                None => d.at(span.start_line, span.start_col + 1, 1),
            }
        }
        None => Diagnostic::error(file_of(fallback), format!("{what}:\n{e}")),
    }
}

/// Replace each `{{ t(key="literal") }}` in template `name` by that UI text, escaped as Tera's
/// autoescape would (for `.html`, `.xml` and `.svg`), so the text is not looked up again on
/// every page: a district page shows about seventy of them. Keys built at render time
/// (`t(key="gerak." ~ x)`), filtered calls and unknown keys stay calls, and so does a text
/// holding template syntax or a line break. Returns the compiled text and where each
/// substitution went, so error positions still point into the author's file.
fn inline_ui_text(name: &str, text: &str, strings: &i18n::Strings) -> (String, Vec<Inlined>) {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    let escape = [".html", ".xml", ".svg"].iter().any(|e| name.ends_with(e));
    let mut out = String::with_capacity(text.len());
    let mut subs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let literal = after.find(CLOSE).map(|end| &after[..end]).and_then(|key| {
            let plain = !key.contains(['"', '{', '}', '\n']);
            let value = strings.get(key).filter(|_| plain)?;
            let inert = !value.contains(['{', '}', '\n']) && !value.contains("{#");
            inert.then_some((key, value))
        });
        match literal {
            Some((key, value)) => {
                out.push_str(&rest[..start]);
                let out_start = out.len();
                let src_start = text.len() - rest.len() + start;
                if escape {
                    let mut buf = Vec::with_capacity(value.len());
                    // Writing to a Vec cannot fail.
                    let _ = tera::escape_html(value, &mut buf);
                    out.push_str(&String::from_utf8_lossy(&buf));
                } else {
                    out.push_str(value);
                }
                rest = &after[key.len() + CLOSE.len()..];
                subs.push(Inlined {
                    out_start,
                    out_len: out.len() - out_start,
                    src_start,
                    src_len: OPEN.len() + key.len() + CLOSE.len(),
                });
            }
            None => {
                out.push_str(&rest[..start + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, subs)
}

#[cfg(test)]
mod inline_tests {
    use super::*;

    #[test]
    fn literal_keys_are_inlined_and_escaped_others_stay_calls() {
        let mut s = i18n::Strings::new();
        s.insert("a".into(), "Tom & \"Jerry\"".into());
        s.insert("b".into(), "{x} braces".into());
        let t = r#"<p>{{ t(key="a") }}|{{ t(key="b") }}|{{ t(key="nope") }}|{{ t(key="a") | lower }}|{{ t(key="g." ~ k) }}</p>"#;
        let (out, subs) = inline_ui_text("x.html", t, &s);
        assert_eq!(
            out,
            r#"<p>Tom &amp; &quot;Jerry&quot;|{{ t(key="b") }}|{{ t(key="nope") }}|{{ t(key="a") | lower }}|{{ t(key="g." ~ k) }}</p>"#
        );
        assert_eq!(
            inline_ui_text("robots.txt", r#"{{ t(key="a") }}"#, &s).0,
            "Tom & \"Jerry\""
        );
        // Offsets in the compiled text map back to the source: before, inside and after.
        let src = TemplateSource {
            file: String::new(),
            text: t.to_string(),
            inlined: subs,
        };
        assert_eq!(src.source_offset(2), 2);
        assert_eq!(src.source_offset(5), 3);
        let after = out.find('|').unwrap();
        assert_eq!(&t[src.source_offset(after)..][..1], "|");
        assert_eq!(src.source_offset(after), t.find('|').unwrap());
    }
}
