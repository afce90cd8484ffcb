//! Last pass over an extracted article: dateline split, author/agency
//! cleanup, leaked header lines removed, language and word count.

use crate::{byline, dateline, dates};
use dateline_core::{fold_whitespace, Article, Block, Signal};
use regex::Regex;
use std::sync::LazyLock;

/// How many blocks at the start of the body are checked for leaked header
/// lines (section label, headline, byline, date line).
const LEAK_WINDOW: usize = 6;

static AGENCY_ONLY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\(([^()]{2,40})\)\s*(?:—|–|--?|:)\s*").expect("static regex")
});

/// Tidies `article` after metadata and body extraction.
pub fn finish(article: &mut Article) {
    remove_leaked_header_lines(article);
    // The byline outranks an agency tag in the first paragraph.
    clean_people(article);
    split_dateline(article);
    detect_language(article);
    article.word_count = body_word_count(article);
}

/// `dateline_core::word_count(&article.body_text())` without building the
/// body text: the pieces are joined by whitespace, so their counts add up.
fn body_word_count(article: &Article) -> usize {
    article
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { text } | Block::Heading { text, .. } | Block::Quote { text } => {
                word_count(text)
            }
            Block::List { items, .. } => items.iter().map(|t| word_count(t)).sum(),
            Block::Table { rows } => rows.iter().flatten().map(|t| word_count(t)).sum(),
        })
        .sum()
}

/// Byte classes for [`word_count`]: ASCII whitespace, ASCII letter or
/// digit (a byte table indexed by a `u8` needs no bounds check).
const WC_SPACE: u8 = 1;
const WC_ALNUM: u8 = 2;

static WC_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            WC_ALNUM
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            WC_SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The same count as `dateline_core::word_count` (whitespace-separated
/// tokens holding a letter or digit) in one pass without allocation: a
/// token counts at its first letter or digit, and the rest of a counted
/// token is skipped up to the next whitespace. ASCII runs go through a
/// branch-free step per byte; a non-ASCII character is decoded only
/// outside a counted token (where it may start one), and inside one only
/// the characters whose lead byte some Unicode space shares are looked at
/// more closely, by their following bytes.
fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut n, mut i, mut inside) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        // Eight bytes at a time, padded with spaces at the end (a space
        // after the last byte changes no count). Their ASCII prefix runs
        // through a branch-free step: a token counts at a letter or digit
        // met outside one, and only whitespace ends it. Word lengths vary,
        // so a branch per word boundary would be mispredicted often.
        let w: [u8; 8] = match bytes.get(i..i + 8).and_then(|c| c.try_into().ok()) {
            Some(w) => w,
            None => {
                let mut w = [b' '; 8];
                let rest = bytes.get(i..).unwrap_or_default();
                let take = rest.len().min(8);
                if let (Some(dst), Some(src)) = (w.get_mut(..take), rest.get(..take)) {
                    dst.copy_from_slice(src);
                }
                w
            }
        };
        let word = u64::from_le_bytes(w);
        let high = word & 0x8080_8080_8080_8080;
        if high == 0 {
            if let Some((count, ends_inside)) = ascii_chunk(word, inside) {
                n += count;
                inside = ends_inside;
                i += 8;
                continue;
            }
        }
        let ascii = if high == 0 {
            8
        } else {
            (high.trailing_zeros() / 8) as usize
        };
        for &b in w.get(..ascii).unwrap_or_default() {
            let class = WC_CLASS[usize::from(b)];
            let alnum = usize::from(class & WC_ALNUM != 0);
            let space = usize::from(class & WC_SPACE != 0);
            n += alnum & (inside ^ 1);
            inside = (inside | alnum) & (space ^ 1);
        }
        i += ascii;
        if ascii == 8 {
            continue;
        }
        // A non-ASCII character at `i` (the padding is ASCII, so it lies
        // inside the text), stepped over whole.
        let Some(&b) = bytes.get(i) else { break };
        if inside == 0 {
            // It may start a token: decode it.
            let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            i += c.len_utf8();
            if is_alphanumeric(c) {
                n += 1;
                inside = 1;
            }
        } else {
            // Only whitespace ends a token; a lead byte some Unicode space
            // shares is told by the bytes after it, without decoding.
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let (space, len) = match b {
                0xC2 => (matches!(next(1), 0x85 | 0xA0), 2),
                0xE1 => (next(1) == 0x9A && next(2) == 0x80, 3),
                0xE2 => (
                    (next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                        || (next(1) == 0x81 && next(2) == 0x9F),
                    3,
                ),
                0xE3 => (next(1) == 0x80 && next(2) == 0x80, 3),
                0x80..=0xDF => (false, 2),
                0xE0..=0xEF => (false, 3),
                _ => (false, 4),
            };
            i += len;
            if space {
                inside = 0;
            }
        }
    }
    n
}

/// [`word_count`] on eight ASCII bytes (`word`, first byte lowest) at
/// once, entered inside a counted token when `inside` is 1: the number of
/// tokens counted and whether the chunk ends inside one. A token counts at
/// a letter or digit right after whitespace; `None` when some other byte
/// follows whitespace (a token may then start with punctuation and count
/// at a later letter), left to the byte-by-byte step.
fn ascii_chunk(word: u64, inside: usize) -> Option<(usize, usize)> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // With every byte below 0x80, `word + (0x80 - lo)` has a byte's high
    // bit set exactly when that byte is at least `lo`, and no carry
    // crosses into the next byte.
    let at_least = |x: u64, lo: u8| x.wrapping_add(u64::from(0x80 - lo) * 0x0101_0101_0101_0101);
    let within = |x: u64, lo: u8, hi: u8| at_least(x, lo) & !at_least(x, hi + 1) & HIGH;
    let folded = word | 0x2020_2020_2020_2020;
    let alnum = within(word, b'0', b'9') | within(folded, b'a', b'z');
    let space = within(word, b'\t', b'\r') | (!((word ^ 0x2020_2020_2020_2020) + LOW7) & HIGH);
    // Whitespace before each byte: the byte before the chunk counts as
    // whitespace when the chunk starts outside a token.
    let after_space = (space << 8) | (((inside ^ 1) as u64) << 7);
    if (!alnum & !space & after_space & HIGH) != 0 {
        return None;
    }
    let count = (alnum & after_space).count_ones() as usize;
    Some((count, usize::from(space >> 63 == 0)))
}

/// `char::is_alphanumeric`, answered without the Unicode table search for
/// the blocks of the commonest scripts of news text that hold letters
/// only (Latin, Cyrillic, kana, CJK ideographs, Hangul syllables).
fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0xC0..=0x24F => !matches!(c, '\u{D7}' | '\u{F7}'),
        // General Punctuation: dashes, quotes, spaces, marks; no letter
        // or digit.
        0x2000..=0x206F => false,
        0x400..=0x481
        | 0x48A..=0x52F
        | 0x3041..=0x3096
        | 0x30A1..=0x30FA
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `a` and `b` are the same text once whitespace is folded,
/// punctuation dropped and case ignored; empty texts are never the same.
/// Compared as character streams: most pairs differ at once, and a long
/// first paragraph is not copied to find that out.
fn same_text(a: &str, b: &str) -> bool {
    fn normalized(s: &str) -> impl Iterator<Item = char> + '_ {
        s.split_whitespace()
            .enumerate()
            .flat_map(|(i, w)| (i > 0).then_some(' ').into_iter().chain(w.chars()))
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
    }
    normalized(a).next().is_some() && normalized(a).eq(normalized(b))
}

/// Drops body blocks at the start that repeat the headline, the section
/// label or the byline, or are date lines or bare bylines: page furniture
/// the body extractor let through.
fn remove_leaked_header_lines(article: &mut Article) {
    let mut checked = 0;
    while checked < LEAK_WINDOW && !article.body.is_empty() {
        let text = match article.body.first() {
            Some(Block::Paragraph { text }) | Some(Block::Heading { text, .. }) => text.as_str(),
            _ => break,
        };
        let leaked = [&article.headline, &article.section, &article.byline]
            .iter()
            .any(|f| f.as_deref().is_some_and(|f| same_text(f, text)))
            || (word_count(text) <= 16
                && (dates::parse_line(text).is_some() || is_bare_byline(text)));
        if !leaked {
            break;
        }
        article.body.remove(0);
        checked += 1;
    }
}

fn is_bare_byline(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    if lower.starts_with("by ") {
        let b = byline::parse(t);
        return !b.authors.is_empty() || b.agency.is_some();
    }
    byline::agency_name(t).is_some()
}

fn split_dateline(article: &mut Article) {
    let idx = article
        .body
        .iter()
        .position(|b| matches!(b, Block::Paragraph { .. }));
    let Some(idx) = idx else { return };
    let Some(Block::Paragraph { text }) = article.body.get_mut(idx) else {
        return;
    };
    if article.dateline.is_none() {
        if let Some((mut d, rest)) = dateline::split(text) {
            *text = rest;
            let year = article
                .published
                .as_deref()
                .or(article.updated.as_deref())
                .and_then(|p| p.get(..4))
                .and_then(|y| y.parse::<i32>().ok());
            if let (Some(raw), Some(y)) = (d.date.clone(), year) {
                if let Some(iso) = dates::parse_month_day(&raw, y) {
                    d.date = Some(iso.clone());
                    if article.story_date.is_none() {
                        article.story_date = Some(iso);
                        article.note_source("story_date", Signal::Body, "dateline");
                    }
                }
            }
            if article.agency.is_none() {
                if let Some(a) = &d.agency {
                    article.agency = Some(a.clone());
                    article.note_source("agency", Signal::Body, "dateline");
                }
            }
            article.dateline = Some(d);
            article.note_source("dateline", Signal::Body, "first paragraph");
            return;
        }
    }
    // "(Reuters) - Apple said..." : an agency tag without a place.
    if let Some(c) = AGENCY_ONLY_PREFIX.captures(text) {
        if let Some(a) = byline::agency_name(&c[1]) {
            let end = c.get(0).map_or(0, |m| m.end());
            *text = text.get(end..).unwrap_or("").to_string();
            if article.agency.is_none() {
                article.agency = Some(a.to_string());
                article.note_source("agency", Signal::Body, "first paragraph");
            }
        }
    }
}

/// Authors are people only: agencies go to `agency`, outlets and junk go.
fn clean_people(article: &mut Article) {
    if let Some(b) = article.byline.clone() {
        let parsed = byline::parse(&b);
        if article.authors.is_empty() && !parsed.authors.is_empty() {
            article.authors = parsed.authors;
            article.note_source("authors", Signal::VisibleText, "byline");
        }
        if article.agency.is_none() {
            if let Some(a) = parsed.agency {
                article.agency = Some(a);
                article.note_source("agency", Signal::VisibleText, "byline");
            }
        }
    }
    let mut kept: Vec<String> = Vec::new();
    for name in std::mem::take(&mut article.authors) {
        let name = fold_whitespace(&name);
        if let Some(a) = byline::agency_name(&name) {
            if article.agency.is_none() {
                article.agency = Some(a.to_string());
                article.note_source("agency", Signal::VisibleText, "author list");
            }
            continue;
        }
        // A name list given as one string ("Jane Doe and John Roe").
        let parsed = byline::parse(&name);
        if parsed.agency.is_some() && article.agency.is_none() {
            article.agency = parsed.agency.clone();
            article.note_source("agency", Signal::VisibleText, "author list");
        }
        if parsed.authors.is_empty() && parsed.agency.is_none() && byline::looks_like_mononym(&name)
        {
            // A one-word name the metadata vetted as a person ("Regan").
            if !kept.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
                kept.push(name.clone());
            }
            continue;
        }
        for person in parsed.authors {
            if !kept.iter().any(|k| k.eq_ignore_ascii_case(&person)) {
                kept.push(person);
            }
        }
    }
    article.authors = kept;
    if article.authors.is_empty() {
        article.provenance.remove("authors");
    }
}

/// Sets the language from the body when the page did not declare one, and
/// overrides a declared one when a long body reads reliably as another
/// language (sites declare their default language on every page).
fn detect_language(article: &mut Article) {
    // About 200 words decide the language as well as the whole body does,
    // and detection time grows with the sample: it was a fifth of all
    // extraction time with samples of several thousand characters.
    const SAMPLE_BYTES: usize = 1200;
    // Room for the longest sample (under SAMPLE_BYTES, then one more
    // paragraph of at most as much and a space): no growing.
    let mut sample = String::with_capacity(2 * SAMPLE_BYTES + 1);
    for p in article.paragraphs() {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        // A char-boundary-safe cut keeps detection time bounded on one
        // enormous paragraph.
        let mut end = p.len().min(SAMPLE_BYTES);
        while !p.is_char_boundary(end) {
            end -= 1;
        }
        sample.push_str(&p[..end]);
        sample.push(' ');
    }
    if sample.trim().is_empty() {
        if let Some(h) = &article.headline {
            sample = h.clone();
        }
    }
    let words = word_count(&sample);
    // A declared language is only overridden on 100 words or more, so
    // shorter samples need no detection at all.
    if words < 5 || (article.language.is_some() && words < 100) {
        return;
    }
    // Most pages declare the language their body is in. A short prefix
    // confirms that at a third of the cost; only a disagreement is checked
    // on the whole sample.
    let mut end = sample.len().min(400);
    while !sample.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &sample[..end];
    if let Some(declared) = article.language.as_deref() {
        // Trigram detection scores every language of the script whatever
        // the sample length; the commonest declarations are confirmed far
        // more cheaply by their function words.
        if confirms(declared, prefix) {
            return;
        }
        let quick = whatlang::detect(prefix).and_then(|i| iso639_1(i.lang()));
        if quick == Some(declared) {
            return;
        }
    } else if words >= 40 && reads_as(ENGLISH, prefix) {
        // Without a declaration any detection of 40 words or more is
        // taken; unmistakable English needs no trigram scoring.
        article.language = Some("en".to_string());
        article.note_source("language", Signal::Body, "function words");
        return;
    }
    let Some(info) = whatlang::detect(&sample) else {
        return;
    };
    let Some(code) = iso639_1(info.lang()) else {
        return;
    };
    match article.language.as_deref() {
        None if info.is_reliable() || words >= 40 => {}
        Some(declared) if declared != code && info.is_reliable() && words >= 100 => {}
        _ => return,
    }
    article.language = Some(code.to_string());
    article.note_source("language", Signal::Body, "whatlang");
}

/// Whether `text` reads unmistakably as the language `code` by its
/// function words (see [`reads_as`]); `false` for languages without a list.
fn confirms(code: &str, text: &str) -> bool {
    match code {
        "en" => reads_as_english(text) || reads_as(ENGLISH, text),
        "de" => reads_as(GERMAN, text),
        "fr" => reads_as(FRENCH, text),
        "es" => reads_as(SPANISH, text),
        "pt" => reads_as(PORTUGUESE, text),
        "it" => reads_as(ITALIAN, text),
        _ => false,
    }
}

/// Words that make up a large share of any English prose and are rare or
/// absent in other languages written in Latin script (short words shared
/// with them, like "a", "in", "is", "as", "an", "was", are left out).
const ENGLISH_FUNCTION_WORDS: [&str; 31] = [
    "the", "and", "of", "that", "for", "with", "said", "from", "this", "they", "their", "have",
    "has", "which", "were", "been", "would", "about", "after", "more", "his", "her", "she", "by",
    "at", "it", "not", "but", "who", "are", "its",
];

/// Whether `text` is unmistakably English: at least 30 words, of which more
/// than a sixth are English function words (English news prose runs at a
/// fifth to a third; other languages at almost none).
fn reads_as_english(text: &str) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5
            && ENGLISH_FUNCTION_WORDS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(w))
        {
            hits += 1;
        }
    }
    words >= 30 && hits * 6 > words
}

// Function words of one language that are rare as words of the others
// written in Latin script (so no "a", "de", "la", "in", "die", "for", "at",
// "also", "will": each is common in some other language), lower case.
// A lead paragraph full of names and numbers still has a tenth or more of
// its words from its language's list, other languages almost none.
const ENGLISH: &[&str] = &[
    "the", "and", "that", "with", "said", "from", "this", "they", "their", "have", "has", "which",
    "were", "been", "would", "about", "after", "his", "she", "who", "its", "not", "but", "more",
    "than", "into", "when", "what", "there", "other", "could", "these", "just", "some",
];
const GERMAN: &[&str] = &[
    "der", "und", "das", "ist", "nicht", "mit", "sich", "auch", "auf", "für", "eine", "einer",
    "einen", "wurde", "wird", "sind", "dem", "nach", "über", "bei", "zum", "zur", "vom", "hat",
    "noch", "oder", "aus",
];
const FRENCH: &[&str] = &[
    "les", "une", "dans", "pour", "avec", "sont", "cette", "été", "leur", "aux", "ont", "elle",
    "pas", "est", "par", "ces", "sur", "nous", "vous", "être", "fait", "plus",
];
const SPANISH: &[&str] = &[
    "el", "los", "las", "fue", "sus", "más", "también", "hay", "muy", "y", "pero", "ya", "según",
    "había", "tiene", "están",
];
const PORTUGUESE: &[&str] = &[
    "não", "uma", "ao", "mais", "foi", "são", "também", "pelo", "pela", "seu", "sua", "já", "ou",
    "em", "nas", "isso", "ele", "ela", "tem", "muito", "é", "os", "um", "do", "ainda", "então",
    "às", "seus", "suas", "pelos", "pelas",
];
const ITALIAN: &[&str] = &[
    "della", "delle", "degli", "dei", "che", "è", "sono", "anche", "nel", "nella", "alla", "gli",
    "questo", "questa", "più", "stato", "come", "dal", "sul", "molto", "perché", "essere", "loro",
    "di", "il", "per", "non", "ed", "ci",
];

/// Whether `text` reads unmistakably as the language of the function
/// words `list`: at least 30 words (numbers aside), of which more than one
/// in twelve are on the list.
fn reads_as(list: &[&str], text: &str) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if !w.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        words += 1;
        // No listed word is longer than eight letters.
        if w.len() > 16 {
            continue;
        }
        let w = if w.chars().any(char::is_uppercase) {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            w
        };
        if list.contains(&w) {
            hits += 1;
        }
    }
    words >= 30 && hits * 12 > words
}

/// ISO 639-1 code of a whatlang language (whatlang speaks 639-3).
fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block::Paragraph { text: t.into() }
    }

    #[test]
    fn splits_dateline_and_sets_agency_and_story_date() {
        let mut a = Article::new();
        a.published = Some("2017-07-09".into());
        a.body = vec![para("LONDON, July 8 (Reuters) - Britain's economy grew.")];
        finish(&mut a);
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(d.city.as_deref(), Some("London"));
        assert_eq!(d.date.as_deref(), Some("2017-07-08"));
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(a.story_date.as_deref(), Some("2017-07-08"));
        assert_eq!(a.paragraphs().next(), Some("Britain's economy grew."));
    }

    #[test]
    fn removes_leaked_lines_and_cleans_authors() {
        let mut a = Article::new();
        a.headline = Some("Big news today".into());
        a.byline = Some("By JANE DOE and John Roe, Associated Press".into());
        a.authors = vec!["Associated Press".into(), "JANE DOE".into()];
        a.body = vec![
            para("Big news today"),
            para("By JANE DOE and John Roe, Associated Press"),
            para("Updated July 9, 2017 6:35am"),
            para("(Reuters) - The story starts here and goes on for a while."),
        ];
        finish(&mut a);
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.agency.as_deref(), Some("Associated Press"));
        assert_eq!(a.body.len(), 1);
        assert_eq!(
            a.paragraphs().next(),
            Some("The story starts here and goes on for a while.")
        );
        assert_eq!(a.word_count, 10);
    }

    #[test]
    fn long_body_overrides_a_wrong_declared_language() {
        let mut a = Article::new();
        a.language = Some("de".into());
        let p = "The committee met on Tuesday to discuss the budget for the coming year, and members agreed that spending on roads and schools should rise while the cost of running the town hall should fall. ";
        a.body = vec![para(&p.repeat(4))];
        finish(&mut a);
        assert_eq!(a.language.as_deref(), Some("en"));
        let mut b = Article::new();
        b.language = Some("de".into());
        b.body = vec![para("Short English text here.")];
        finish(&mut b);
        assert_eq!(b.language.as_deref(), Some("de"));
    }

    #[test]
    fn word_count_matches_core() {
        for t in [
            "",
            "  one two\tthree\n\nfour ",
            "a - b \u{2014} c\u{a0}d\u{3000}e\x0bf\x0cg\rh",
            "Grüße aus Köln, 2019 — ça va?",
            "— – ... 12 ¿qué?",
            "a\u{85}b\u{1680}c\u{2000}d\u{200a}e\u{2028}f\u{2029}g\u{202f}h\u{205f}i",
            "x\u{200b}y \u{2010}z Привет, мир! 日本語のテキスト 　全角",
        ] {
            assert_eq!(word_count(t), dateline_core::word_count(t), "{t:?}");
        }
        // Every character of the Basic Multilingual Plane inside a word,
        // alone, and between words, also after long words.
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            for t in [
                format!("a{c}b"),
                format!(" {c} "),
                format!("{c}{c}x {c}"),
                format!("abcdefghijk{c}lmnopqrstuvw{c}xyz0123456789{c}"),
                format!("abcdefg{c}hijklmnopq"),
            ] {
                assert_eq!(word_count(&t), dateline_core::word_count(&t), "{t:?}");
            }
        }
        // Every string of up to eleven letters, spaces and dots: tokens
        // across and along the eight-byte chunks, in every position.
        let mut t = String::new();
        for len in 0..=11u32 {
            for mut code in 0..3u32.pow(len) {
                t.clear();
                for _ in 0..len {
                    t.push([b'a', b' ', b'.'][(code % 3) as usize] as char);
                    code /= 3;
                }
                assert_eq!(word_count(&t), dateline_core::word_count(&t), "{t:?}");
            }
        }
        // Every string of up to eight bytes of five kinds (letters, digits,
        // whitespace, punctuation), once after a space and once after a
        // letter: the chunk step against its byte-by-byte meaning.
        for len in 0..=8u32 {
            for mut code in 0..5u32.pow(len) {
                t.clear();
                for _ in 0..len {
                    t.push([b'Q', b'7', b'\t', b' ', b'('][(code % 5) as usize] as char);
                    code /= 5;
                }
                for prefix in ["abcdefg ", "abcdefgh", "abcdefg(", "(((((((("] {
                    let s = format!("{prefix}{t}");
                    assert_eq!(word_count(&s), dateline_core::word_count(&s), "{s:?}");
                }
            }
        }
        let mut a = Article::new();
        a.body = vec![
            para("One two, three."),
            Block::List {
                ordered: false,
                items: vec!["four".into(), "five six".into()],
            },
            Block::Table {
                rows: vec![vec!["seven".into(), "-".into()], vec!["eight".into()]],
            },
        ];
        assert_eq!(
            body_word_count(&a),
            dateline_core::word_count(&a.body_text())
        );
    }

    #[test]
    fn english_function_words_confirm_only_english() {
        let en = "The committee met on Tuesday to discuss the budget for the coming year, and members agreed that spending on roads and schools should rise while the cost of running the town hall should fall.";
        assert!(reads_as_english(en));
        let de = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Rechte der Mieter in den großen Städten stärken soll, und die Opposition hat es als zu schwach kritisiert, weil es an den Mieten wenig ändert.";
        assert!(!reads_as_english(de));
        let pt = "O governo anunciou nesta terça-feira um novo pacote de medidas para a economia, com cortes de impostos para as empresas e um aumento do salário mínimo a partir do próximo ano, segundo o ministro.";
        assert!(!reads_as_english(pt));
        assert!(!reads_as_english("the and of the"));
    }

    #[test]
    fn function_words_confirm_their_language_only() {
        let texts = [
            (ENGLISH, "The council said on Tuesday that it would not raise taxes this year, but members who have seen the budget warned that the cost of roads and schools could rise after the election, and some of them asked for more time."),
            (GERMAN, "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Rechte der Mieter in den großen Städten stärken soll, und die Opposition hat es als zu schwach kritisiert, weil es an den Mieten nach ihrer Ansicht wenig ändert."),
            (FRENCH, "Le gouvernement a présenté mardi une réforme des retraites qui doit entrer en vigueur dans deux ans, mais les syndicats ont annoncé une grève pour la semaine prochaine et les partis de l'opposition sont opposés à cette mesure."),
            (SPANISH, "El gobierno anunció el martes un nuevo paquete de medidas para la economía, con recortes de impuestos para las empresas, pero los sindicatos dijeron que las ayudas llegan tarde y que la inflación ya es muy alta en el país."),
            (PORTUGUESE, "O governo anunciou nesta terça-feira um novo pacote de medidas para a economia, com cortes de impostos para as empresas e um aumento do salário mínimo a partir do próximo ano, segundo o ministro, que não deu mais detalhes."),
            (ITALIAN, "Il governo ha approvato ieri sera il decreto che rinvia di un anno la riforma delle pensioni, ma i sindacati hanno detto che non è sufficiente e che la protesta della prossima settimana è confermata anche nelle regioni del sud."),
        ];
        for (i, (list, text)) in texts.iter().enumerate() {
            for (j, (other, _)) in texts.iter().enumerate() {
                assert_eq!(reads_as(other, text), i == j, "list {j} on text {i}");
            }
            assert!(!reads_as(list, "the and the of"), "too short");
        }
        assert!(confirms("de", texts[1].1));
        assert!(!confirms("en", texts[1].1));
        assert!(!confirms("ru", texts[0].1));
    }

    #[test]
    fn same_text_ignores_case_punctuation_and_spacing() {
        assert!(same_text("Big news, today!", " big  news today"));
        assert!(!same_text("Big news today", "Big news yesterday"));
        assert!(!same_text("", ""));
        assert!(!same_text("...", "!"));
    }

    #[test]
    fn detects_language() {
        let mut a = Article::new();
        a.body = vec![para(
            "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Rechte der Mieter in den großen Städten stärken soll.",
        )];
        finish(&mut a);
        assert_eq!(a.language.as_deref(), Some("de"));
    }
}
