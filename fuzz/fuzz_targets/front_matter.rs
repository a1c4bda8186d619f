//! Front matter on arbitrary UTF-8: `frontmatter::split` then `frontmatter::parse` (TOML into
//! `FrontMatter`), as `content::load` does for every write-up.
#![no_main]

mod common;

use ila::content::{frontmatter, valid_date};
use ila::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut d = Diagnostics::new();
    if let Some((fm, off, body, boff)) = frontmatter::split("content/x.md", text, &mut d) {
        // `Document::body` slices the text at the body offset: it must be a char boundary
        // and give back exactly the body; the same holds for the front matter.
        assert_eq!(text.get(boff..), Some(body.as_str()));
        assert_eq!(text.get(off..off + fm.len()), Some(fm.as_str()));
        if let Some(parsed) = frontmatter::parse("content/x.md", text, &fm, off, &mut d) {
            let _ = parsed.tanggal.as_deref().map(valid_date);
            for s in &parsed.sumber {
                let _ = valid_date(&s.tanggal);
            }
        }
    }
    common::check_diagnostics(&d, bytes);
});
