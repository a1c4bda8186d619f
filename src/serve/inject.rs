//! What `ila serve` adds to the pages it serves, at serve time only: the live-reload script tag
//! (and, when a page's Content-Security-Policy would block that script or its event stream,
//! `'self'` for it), and the error page listing a failed build's diagnostics. Built files are
//! never changed.

/// Where the reload script is served.
pub const SCRIPT_PATH: &str = "/__ila/reload.js";
/// The Server-Sent Events endpoint the script listens to.
pub const EVENTS_PATH: &str = "/__ila/reload";
/// The error page.
pub const ERROR_PATH: &str = "/__ila/galat";

/// The reload script (same origin, so the pages' `script-src 'self'` allows it).
pub const RELOAD_JS: &str = include_str!("reload.js");

/// `html` with the reload script added before `</head>` (or `</body>`, or at the end), and its
/// Content-Security-Policy `<meta>` opened to same-origin scripts and connections if needed.
pub fn page(html: &str) -> String {
    let html = allow_reload_in_meta(html);
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .find("</head>")
        .or_else(|| lower.rfind("</body>"))
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

/// Rewrite the `content` of a `<meta http-equiv="Content-Security-Policy">` with [`allow_reload`].
fn allow_reload_in_meta(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let Some(key) = lower.find("http-equiv=\"content-security-policy\"") else {
        return html.to_string();
    };
    let (Some(start), Some(end)) = (lower[..key].rfind("<meta"), lower[key..].find('>')) else {
        return html.to_string();
    };
    let end = key + end;
    let Some(c) = lower[start..end].find("content=\"") else {
        return html.to_string();
    };
    let value_start = start + c + "content=\"".len();
    let Some(len) = html[value_start..end].find('"') else {
        return html.to_string();
    };
    let value_end = value_start + len;
    format!(
        "{}{}{}",
        &html[..value_start],
        allow_reload(&html[value_start..value_end]),
        &html[value_end..]
    )
}

/// A Content-Security-Policy that also allows same-origin scripts (`script-src`) and event
/// streams (`connect-src`): unchanged when it already does, as the default theme's does.
pub fn allow_reload(csp: &str) -> String {
    let mut directives: Vec<String> = csp
        .split(';')
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    let allows_self = |d: &str| d.split_whitespace().skip(1).any(|s| s == "'self'");
    let find = |ds: &[String], name: &str| {
        ds.iter()
            .position(|d| d.split_whitespace().next() == Some(name))
    };
    for name in ["script-src", "connect-src"] {
        match find(&directives, name) {
            Some(i) if allows_self(&directives[i]) => {}
            Some(i) => {
                let kept: Vec<&str> = directives[i]
                    .split_whitespace()
                    .skip(1)
                    .filter(|s| *s != "'none'")
                    .collect();
                directives[i] = format!("{name} 'self' {}", kept.join(" "))
                    .trim_end()
                    .to_string();
            }
            None => match find(&directives, "default-src") {
                Some(i) if allows_self(&directives[i]) => {}
                _ => directives.push(format!("{name} 'self'")),
            },
        }
    }
    directives.join("; ")
}

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The error page: every diagnostic of the failed build, as `ila build` prints it (without
/// colour), HTML-escaped. `diagnostics` empty means the last build is good.
pub fn error_page(diagnostics: &[String]) -> String {
    let (title, lead, body) = if diagnostics.is_empty() {
        (
            "Tidak ada galat · No errors",
            "Build terakhir berhasil. <span lang=\"en\">The last build succeeded.</span>",
            String::new(),
        )
    } else {
        let items: String = diagnostics
            .iter()
            .map(|d| format!("<li><pre>{}</pre></li>\n", escape(d)))
            .collect();
        (
            "Build gagal · Build failed",
            "Halaman dari build terakhir yang berhasil tetap disajikan. Perbaiki berkas di bawah; \
             halaman ini kembali sendiri setelah build berhasil. <span lang=\"en\">The last good \
             build is still served. Fix the files below; this page returns by itself after a good \
             build.</span>",
            format!("<ol class=\"galat\">\n{items}</ol>\n"),
        )
    };
    format!(
        r#"<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'">
<title>{title} — ila serve</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a00; font-size: 1.5rem; }}
ol.galat {{ padding-left: 1.5rem; }}
pre {{ background: #f6f6f6; border-left: 4px solid #a00; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }}
</style>
<script src="{SCRIPT_PATH}" defer></script>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{lead}</p>
{body}<p><a href="/">Beranda · Home</a></p>
</main>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEME_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'";

    #[test]
    fn the_theme_policy_already_allows_the_script() {
        assert_eq!(allow_reload(THEME_CSP), THEME_CSP);
    }

    #[test]
    fn a_policy_that_forbids_scripts_is_opened_to_same_origin() {
        assert_eq!(
            allow_reload("default-src 'none'; script-src 'none'"),
            "default-src 'none'; script-src 'self'; connect-src 'self'"
        );
        assert_eq!(
            allow_reload("script-src https://cdn.example; connect-src 'self'"),
            "script-src 'self' https://cdn.example; connect-src 'self'"
        );
        assert_eq!(
            allow_reload("img-src 'self'"),
            "img-src 'self'; script-src 'self'; connect-src 'self'"
        );
    }

    #[test]
    fn the_tag_goes_into_the_head_and_the_meta_is_rewritten() {
        let html = "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><title>x</title></head><body>b</body></html>";
        let out = page(html);
        assert!(
            out.contains("content=\"default-src 'none'; script-src 'self'; connect-src 'self'\"")
        );
        assert!(out.contains("<script src=\"/__ila/reload.js\" defer></script></head>"));
        assert_eq!(
            page("plain"),
            "plain<script src=\"/__ila/reload.js\" defer></script>"
        );
    }

    #[test]
    fn diagnostics_are_escaped() {
        let p = error_page(&["error: bad <script>alert(1)</script> & \"x\"".to_string()]);
        assert!(p.contains("bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!p.contains("<script>alert"));
    }
}
