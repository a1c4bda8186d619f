//! Readability of easy-read text: average words per sentence and syllables per word, counted
//! the way Indonesian is written (every vowel is a syllable, except the diphthongs ai, au, oi,
//! ei). Pure text measurement; which texts are measured and the limits are decided elsewhere.

/// Counts for one or more texts; averages come from the totals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
}

impl Figures {
    pub fn words_per_sentence(&self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }

    pub fn syllables_per_word(&self) -> f64 {
        self.syllables as f64 / self.words.max(1) as f64
    }

    pub fn add(&mut self, other: Figures) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.syllables += other.syllables;
    }

    /// Which of the two limits this text breaks, as a message, if any.
    pub fn over(&self, words_max: f64, syllables_max: f64) -> Option<String> {
        let (w, s) = (self.words_per_sentence(), self.syllables_per_word());
        match (w > words_max, s > syllables_max) {
            (false, false) => None,
            (true, false) => Some(format!("{w:.1} words per sentence (at most {words_max})")),
            (false, true) => Some(format!(
                "{s:.2} syllables per word (at most {syllables_max})"
            )),
            (true, true) => Some(format!(
                "{w:.1} words per sentence (at most {words_max}) and {s:.2} syllables per word (at most {syllables_max})"
            )),
        }
    }
}

/// Measure plain text. A sentence ends at `.`, `!`, `?`, `:` or `;` followed by a space or the
/// end, and at every line break (headings and list items are lines of their own). A word is a
/// run of non-space characters holding a letter or digit.
pub fn measure(text: &str) -> Figures {
    let mut f = Figures::default();
    for line in text.lines() {
        let mut sentence_words = 0;
        let mut tokens = line.split_whitespace().peekable();
        while let Some(tok) = tokens.next() {
            if tok.chars().any(char::is_alphanumeric) {
                f.words += 1;
                f.syllables += syllables(tok);
                sentence_words += 1;
            }
            let ends = tok.ends_with(['.', '!', '?', ':', ';'])
                || tok.ends_with(".\"")
                || tok.ends_with(".”");
            if ends && sentence_words > 0 {
                f.sentences += 1;
                sentence_words = 0;
            }
            if tokens.peek().is_none() && sentence_words > 0 {
                f.sentences += 1;
                sentence_words = 0;
            }
        }
    }
    f
}

/// Syllables of one word: its vowels, less the diphthongs; at least one (numbers, acronyms).
/// One pass over the lower-cased characters, without allocating: it runs for every word of
/// every easy-read page.
pub fn syllables(word: &str) -> usize {
    let (mut vowels, mut diphthongs, mut prev) = (0usize, 0usize, '\0');
    for c in word.chars().flat_map(char::to_lowercase) {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
            vowels += 1;
        }
        if matches!((prev, c), ('a', 'i') | ('a', 'u') | ('o', 'i') | ('e', 'i')) {
            diphthongs += 1;
        }
        prev = c;
    }
    vowels.saturating_sub(diphthongs).max(1)
}

/// The text of HTML, for measuring: character data with entities decoded, tags dropped, and
/// nothing from inside `<script>` or `<style>`. Uses html5ever's tokenizer alone (no tree, no
/// sanitizing): measuring every easy-read page of a 10,000-district site is then cheap.
pub fn html_text(html: &str) -> String {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, states::RawKind,
    };
    use std::cell::{Cell, RefCell};

    struct Text {
        out: RefCell<String>,
        /// Inside `<script>` or `<style>`: their raw text is not prose.
        skipping: Cell<bool>,
    }
    impl TokenSink for Text {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match token {
                Token::CharacterTokens(t) if !self.skipping.get() => {
                    self.out.borrow_mut().push_str(&t)
                }
                Token::TagToken(tag) if matches!(&*tag.name, "script" | "style") => {
                    let start = tag.kind == TagKind::StartTag && !tag.self_closing;
                    self.skipping.set(start);
                    if start {
                        let kind = if &*tag.name == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        };
                        return TokenSinkResult::RawData(kind);
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    let sink = Text {
        out: RefCell::new(String::with_capacity(html.len() / 2)),
        skipping: Cell::new(false),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(sink, Default::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.out.take().replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_indonesian_syllables() {
        assert_eq!(syllables("anak"), 2);
        assert_eq!(syllables("Kabupaten"), 4);
        assert_eq!(syllables("pantai"), 2);
        assert_eq!(syllables("kerbau"), 2);
        assert_eq!(syllables("dia"), 2);
        assert_eq!(syllables("129"), 1);
        assert_eq!(syllables("PANTAI"), 2);
        assert_eq!(syllables("aiu"), 2);
    }

    #[test]
    fn sentences_end_at_punctuation_and_lines() {
        let f = measure("Anak punya hak. Hak itu dijaga!\nForum Anak\n- telepon 129\n");
        assert_eq!(f.sentences, 4);
        assert_eq!(f.words, 3 + 3 + 2 + 2);
        assert_eq!(f.words_per_sentence(), 2.5);
        // 1.000 and 35.10 do not end a sentence.
        assert_eq!(measure("Nilai 1.000 poin di 35.10 ini.").sentences, 1);
        assert_eq!(measure("").sentences, 0);
    }

    #[test]
    fn limits_say_which_is_broken() {
        let f = measure("Kabupaten melaksanakan perlindungan berkelanjutan.");
        assert!(f.over(10.0, 2.8).unwrap().contains("syllables per word"));
        assert_eq!(measure("Aku anak.").over(10.0, 2.8), None);
        let long = measure("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas.");
        assert!(
            long.over(10.0, 9.0)
                .unwrap()
                .contains("11.0 words per sentence")
        );
    }

    #[test]
    fn html_text_keeps_words_and_drops_tags() {
        let t = html_text("<h2>Apa itu KLA?</h2>\n<p>Anak &amp; keluarga.</p>\n");
        assert_eq!(t, "Apa itu KLA?\nAnak & keluarga.\n");
        let t = html_text("<p>a&nbsp;b</p><script>if (1 < 2) x()</script><style>p{}</style>c");
        assert_eq!(t, "a bc");
    }
}
