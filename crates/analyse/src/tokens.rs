//! Tokens and sentences that survive news writing: abbreviations (U.S., Sen.,
//! Jan., Inc.), initials, decimal numbers, possessives and quotation marks.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// Letters or digits, with inner apostrophes, hyphens and dots.
    Word,
    /// A quotation mark of any style; [`crate::quotes`] decides its role.
    QuoteMark,
    /// Any other punctuation character.
    Punct,
}

/// One token: a byte range of the text.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// Word, quotation mark or punctuation.
    pub kind: Tok,
    /// Paragraph number (paragraphs are separated by a blank line).
    pub para: u32,
    /// The token ends with an abbreviation dot ("Sen.", "U.S.", "J.").
    pub abbrev: bool,
    /// Whitespace comes right before the token (or it starts the text).
    pub space_before: bool,
    /// A line break comes right before the token.
    pub newline_before: bool,
}

/// A tokenised text.
#[derive(Debug, Default)]
pub struct Tokens {
    /// All tokens in order.
    pub toks: Vec<Token>,
    /// Sentences as token ranges `[start, end)`.
    pub sents: Vec<(usize, usize)>,
}

/// Words that take an abbreviation dot in news copy.
const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "sens", "gov", "govs", "rep", "reps", "gen", "lt", "col",
    "sgt", "capt", "cmdr", "adm", "maj", "cpl", "pvt", "prof", "rev", "hon", "pres", "supt", "det",
    "insp", "atty", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "inc", "corp", "co", "ltd", "llc", "bros", "jr", "sr", "st", "ave", "blvd", "rd", "vs",
    "etc", "no", "nos", "mt", "ft", "fig", "approx", "dept", "est", "vol", "ala", "ariz", "ark",
    "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "penn",
    "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "a.m", "p.m",
];

/// Abbreviations that always precede a name, so never end a sentence.
pub const TITLE_ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "sens", "gov", "govs", "rep", "reps", "gen", "lt", "col",
    "sgt", "capt", "cmdr", "adm", "maj", "cpl", "pvt", "prof", "rev", "hon", "pres", "supt", "det",
    "insp", "atty", "st", "mt", "ft", "no",
];

/// Words that, capitalised after an abbreviation dot, show a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "the", "he", "she", "it", "we", "they", "i", "but", "and", "this", "that", "there", "in", "a",
    "an", "his", "her", "our", "their", "its", "as", "what", "when", "if", "so", "you", "these",
    "those", "on", "at", "for", "after", "some", "many", "still", "yet", "now", "that's", "it's",
    "i'm", "we're", "they're", "there's", "however",
];

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{201F}'
            | '\u{201B}'
            | '\u{2033}'
            | '`'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that belong to the letter before them: combining accents (a
/// decomposed `José` is `Jose` and U+0301) and the soft hyphen that pages
/// put inside long words for line breaking.
fn joins_letter(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{00AD}')
}

/// Lower-cases ASCII only; cheap and enough for lexicon look-ups.
pub fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// True when the string starts with an upper-case letter.
pub fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A word's coarse shape for the learned models' features: capitalised
/// (`Aa`), starting with a digit (`9`), or other (`a`).
pub fn word_shape(w: &str) -> &'static str {
    if is_cap(w) {
        "Aa"
    } else if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        "9"
    } else {
        "a"
    }
}

/// Splits `text` into tokens and sentences. Linear in the text's length.
pub fn tokenize(text: &str) -> Tokens {
    let bytes = text.as_bytes();
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut para: u32 = 0;
    let mut newlines = 0usize;
    let mut space_before = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            space_before = true;
            continue;
        }
        if newlines >= 2 && !toks.is_empty() {
            para += 1;
        }
        let newline_before = newlines > 0;
        newlines = 0;
        let mut tok = Token {
            start: i,
            end: i + c.len_utf8(),
            kind: Tok::Punct,
            para,
            abbrev: false,
            space_before,
            newline_before,
        };
        space_before = false;
        if c.is_alphanumeric() {
            tok.kind = Tok::Word;
            let mut end = tok.end;
            let mut prev = c;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    it.next();
                    end = j + d.len_utf8();
                    prev = d;
                    continue;
                }
                if joins_letter(d) {
                    // `prev` stays the letter, for the inner-mark tests.
                    it.next();
                    end = j + d.len_utf8();
                    continue;
                }
                // Look one character further to decide on inner marks.
                let next = text.get(j + d.len_utf8()..).and_then(|r| r.chars().next());
                let inner = match d {
                    _ if is_apostrophe(d) => {
                        prev.is_alphabetic() && next.is_some_and(|n| n.is_alphabetic())
                    }
                    _ if is_hyphen(d) => next.is_some_and(|n| n.is_alphanumeric()),
                    '.' => next.is_some_and(|n| n.is_alphanumeric()),
                    ',' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                    '&' | '/' => prev.is_uppercase() && next.is_some_and(|n| n.is_uppercase()),
                    _ => false,
                };
                if !inner {
                    break;
                }
                it.next();
                end = j + d.len_utf8();
                prev = d;
            }
            // An abbreviation keeps its final dot.
            if bytes.get(end) == Some(&b'.') {
                let word = &text[tok.start..end];
                let lw = lower(word);
                let single = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
                let dotted = word.contains('.') && !word.chars().any(|c| c.is_ascii_digit());
                if single || dotted || ABBREVS.contains(&lw.as_str()) {
                    it.next();
                    end += 1;
                    tok.abbrev = true;
                }
            }
            tok.end = end;
        } else if is_quote_char(c) {
            tok.kind = Tok::QuoteMark;
            // Typewriter double quotes written as two marks: '' and ``.
            if matches!(c, '\'' | '`') {
                if let Some(&(j, d)) = it.peek() {
                    if d == c {
                        it.next();
                        tok.end = j + 1;
                    }
                }
            }
        } else if c == '.' {
            // "..." is one token.
            let mut end = tok.end;
            while let Some(&(j, '.')) = it.peek() {
                it.next();
                end = j + 1;
            }
            tok.end = end;
        } else if c == '-' {
            // "--" is one dash.
            let mut end = tok.end;
            while let Some(&(j, '-')) = it.peek() {
                it.next();
                end = j + 1;
            }
            tok.end = end;
        }
        toks.push(tok);
    }
    let sents = split_sentences(text, &toks);
    Tokens { toks, sents }
}

fn tok_text<'a>(text: &'a str, t: &Token) -> &'a str {
    text.get(t.start..t.end).unwrap_or("")
}

fn is_closer(text: &str, t: &Token) -> bool {
    match t.kind {
        Tok::QuoteMark => {
            let s = tok_text(text, t);
            // A closing mark hugs the previous token.
            !t.space_before && !matches!(s, "\u{201C}" | "\u{2018}" | "\u{00AB}" | "\u{201E}")
        }
        Tok::Punct => matches!(tok_text(text, t), ")" | "]"),
        Tok::Word => false,
    }
}

fn split_sentences(text: &str, toks: &[Token]) -> Vec<(usize, usize)> {
    let mut sents = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < toks.len() {
        let t = &toks[i];
        let mut end_here = false;
        let mut j = i + 1;
        let tt = tok_text(text, t);
        let terminal = t.kind == Tok::Punct
            && matches!(tt.as_bytes().first(), Some(b'.' | b'!' | b'?'))
            || tt == "\u{2026}";
        if terminal || t.abbrev {
            while j < toks.len() && is_closer(text, &toks[j]) && toks[j].para == t.para {
                j += 1;
            }
            match toks.get(j) {
                None => end_here = true,
                Some(n) if n.para != t.para || n.newline_before => end_here = true,
                Some(n) => {
                    let nt = tok_text(text, n);
                    let starts_upper = is_cap(nt)
                        || n.kind == Tok::QuoteMark
                        || nt.chars().next().is_some_and(|c| c.is_ascii_digit());
                    if terminal {
                        end_here = starts_upper && n.space_before;
                    } else {
                        let w = lower(tt.trim_end_matches('.'));
                        end_here = starts_upper
                            && !TITLE_ABBREVS.contains(&w.as_str())
                            && n.kind == Tok::Word
                            && SENTENCE_STARTERS.contains(&lower(nt).as_str());
                    }
                }
            }
        } else if let Some(n) = toks.get(i + 1) {
            if n.para != t.para || n.newline_before {
                end_here = true;
                j = i + 1;
            }
        } else {
            end_here = true;
        }
        if end_here {
            sents.push((start, j));
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if start < toks.len() {
        sents.push((start, toks.len()));
    }
    sents
}

impl Tokens {
    /// The text of token `i`.
    pub fn text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| tok_text(text, t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<String> {
        let t = tokenize(text);
        t.sents
            .iter()
            .map(|&(a, b)| text[t.toks[a].start..t.toks[b - 1].end].to_string())
            .collect()
    }

    #[test]
    fn combining_accents_and_soft_hyphens_stay_in_their_word() {
        let text = "Jose\u{301} Marti\u{301}\u{AD}nez and Ameri\u{AD}can voters";
        let t = tokenize(text);
        let words: Vec<&str> = (0..t.toks.len()).map(|i| t.text(text, i)).collect();
        assert_eq!(
            words,
            [
                "Jose\u{301}",
                "Marti\u{301}\u{AD}nez",
                "and",
                "Ameri\u{AD}can",
                "voters"
            ]
        );
        // A mark with no letter before it is still a token of its own.
        let t = tokenize("\u{301}x");
        assert_eq!(t.toks.len(), 2);
    }

    #[test]
    fn keeps_abbreviations_and_numbers() {
        let text =
            "Sen. John D. Smith of Calif. said U.S. growth was 3.5 percent on Jan. 5. He left.";
        let s = sents(text);
        assert_eq!(s.len(), 2, "{s:?}");
        let t = tokenize(text);
        let words: Vec<&str> = (0..t.toks.len()).map(|i| t.text(text, i)).collect();
        assert!(words.contains(&"U.S."));
        assert!(words.contains(&"3.5"));
        assert!(words.contains(&"D."));
    }

    #[test]
    fn splits_after_abbreviation_before_a_sentence_starter() {
        let s = sents("Relations of Russia and the U.S. We believe it. U.S. President Trump came.");
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let s = sents("\"It is done.\" He left. 'Why?' she asked.");
        assert_eq!(s, vec!["\"It is done.\"", "He left.", "'Why?' she asked."]);
    }

    #[test]
    fn possessives_and_hyphens_are_one_word() {
        let text = "Trump\u{2019}s cease-fire isn't over.";
        let t = tokenize(text);
        assert_eq!(t.text(text, 0), "Trump\u{2019}s");
        assert_eq!(t.text(text, 1), "cease-fire");
        assert_eq!(t.text(text, 2), "isn't");
    }
}
