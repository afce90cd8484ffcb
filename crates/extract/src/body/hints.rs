//! Generic hints from class and id names, and boilerplate phrases.

use super::{bytes_below, bytes_equal, tail_word, HIGH, ONES};
use regex::Regex;
use std::sync::LazyLock;

/// How a class/id token speaks about an element.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Hint {
    /// Nothing either way.
    #[default]
    None,
    /// Looks like the article's content.
    Content,
    /// Looks like boilerplate: sharing, related links, comments, ads...
    Boilerplate,
}

/// Token prefixes naming boilerplate. A class token matches when it starts
/// with one of these (`comments`, `share-bar`, `newsletter_signup`).
const NEGATIVE_PREFIXES: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscri",
    "signup",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "gdpr",
    "popup",
    "modal",
    "breadcrumb",
    "sidebar",
    "widget",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "footer",
    "navbar",
    "navigation",
    "menu",
    "byline",
    "author",
    "hidden",
    "visually-hidden",
    "screen-reader",
    "toolbar",
    "pagination",
    "pager",
    "disclaimer",
    "copyright",
    "recirc",
    "masthead",
    "skip",
    "caption",
    "credit",
    "dateline-",
    "timestamp",
    "published",
    "tags",
    "keyword",
    "follow",
    "rating",
    "print",
    "email",
    "banner",
    "overlay",
    "alert",
    "login",
    "register",
    "also-read",
    "read-more",
    "readmore",
    "more-from",
    "more-stories",
    "moreon",
    "next-article",
    "prev",
    "teaser",
    "jump",
];

/// Words naming boilerplate even inside a longer token ("newsCaption",
/// "postsharebar").
const NEGATIVE_INFIXES: &[&str] = &[
    "caption",
    "comment",
    "related",
    "promo",
    "social",
    "newsletter",
    "advert",
    "sponsor",
    "cookie",
    "breadcrumb",
    "sidebar",
    "widget",
    "subscri",
    "signup",
    "share",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "disclaimer",
    "byline",
];

/// Whole tokens naming boilerplate (too short to use as prefixes).
const NEGATIVE_TOKENS: &[&str] = &[
    "ad", "ads", "adv", "advt", "dfp", "gpt", "nav", "rail", "tools", "tool", "meta", "date",
    "tag", "sns", "bio", "explore", "aside", "links", "hide", "sr", "cta", "rel", "mpu",
];

/// Token prefixes naming article content.
const POSITIVE_PREFIXES: &[&str] = &[
    "article",
    "content",
    "entry",
    "story",
    "post-body",
    "postbody",
    "post-content",
    "body",
    "text",
    "main",
    "blog",
    "richtext",
    "rich-text",
    "prose",
    "paragraph",
];

/// The hint of an element's `class` and `id` values.
#[cfg(test)]
fn hint(class: Option<&str>, id: Option<&str>) -> Hint {
    let (mut pos, mut neg) = (false, false);
    for value in [class, id].into_iter().flatten() {
        let (p, n, c) = value_flags(value);
        pos |= p;
        neg |= n || c;
    }
    combine(pos, neg)
}

/// Combines (positive, negative) flags of an element's names into a hint.
pub fn combine(pos: bool, neg: bool) -> Hint {
    match (pos, neg) {
        (false, true) => Hint::Boilerplate,
        (true, false) => Hint::Content,
        _ => Hint::None,
    }
}

/// A separator between the parts of a class token ("share-bar__item").
fn is_sep(b: u8) -> bool {
    matches!(b, b'-' | b'_' | b':' | b'.' | b'/')
}

/// A class token, read in ASCII lower case.
struct Token<'a> {
    bytes: &'a [u8],
    len: usize,
}

impl Token<'_> {
    /// Eight bytes from `i` in ASCII lower case, zero past the end.
    fn word_at(&self, i: usize) -> u64 {
        let w = tail_word(self.bytes, i);
        // 'A'..='Z' gain their 0x20 bit.
        let upper = bytes_below(w, b'Z' + 1) & !bytes_below(w, b'A');
        w | upper >> 2
    }

    /// The byte at `i` in ASCII lower case, zero past the end.
    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).map_or(0, u8::to_ascii_lowercase)
    }

    /// A number for the three bytes from `i` (bytes with the same five low
    /// bits share it: a filter, not a test).
    fn key(&self, i: usize) -> usize {
        let b = |k: usize| usize::from(self.byte(i + k) & 31);
        b(0) << 10 | b(1) << 5 | b(2)
    }
}

/// One word of a list: its first sixteen bytes and a mask of the bytes it
/// has, for a compare of eight bytes at a time.
#[derive(Clone, Copy)]
struct Word {
    bytes: [u64; 2],
    mask: [u64; 2],
    len: usize,
}

/// Per three-byte key ([`Token::key`]), a bit for each word list with a
/// word starting with such bytes.
struct Keys(Vec<u8>);

impl Keys {
    fn insert(&mut self, key: usize, list: u8) {
        if let Some(bits) = self.0.get_mut(key) {
            *bits |= list;
        }
    }

    fn get(&self, key: usize) -> u8 {
        self.0.get(key).copied().unwrap_or(0)
    }
}

/// A list of words, bucketed by their first byte.
struct Words {
    /// Per first byte, the range of its words in `words`.
    buckets: Vec<(u16, u16)>,
    words: Vec<Word>,
}

impl Words {
    /// The words of a list; the keys of their first three bytes (a word of
    /// two followed by a separator or the end) go to `keys`.
    fn new<'a>(
        words: impl IntoIterator<Item = &'a &'static str>,
        keys: &mut Keys,
        list_bit: u8,
    ) -> Words {
        let mut list: Vec<&[u8]> = words.into_iter().map(|w| w.as_bytes()).collect();
        list.sort_unstable();
        let mut buckets = vec![(0u16, 0u16); 256];
        let mut out = Vec::new();
        for b in list {
            // Every word has two to sixteen bytes (checked by a test).
            let Some(&first) = b.first() else { continue };
            if b.len() == 2 {
                for end in [b'-', b'_', b':', b'.', b'/'] {
                    let p = [b, &[end]].concat();
                    keys.insert(Token { bytes: &p, len: 3 }.key(0), list_bit);
                }
            }
            keys.insert(
                Token {
                    bytes: b,
                    len: b.len(),
                }
                .key(0),
                list_bit,
            );
            let k = out.len() as u16;
            if let Some(range) = buckets.get_mut(usize::from(first)) {
                if range.0 == range.1 {
                    range.0 = k;
                }
                range.1 = k + 1;
            }
            let ones = vec![0xFF; b.len().min(16)];
            let t = Token {
                bytes: b,
                len: b.len(),
            };
            let m = Token {
                bytes: &ones,
                len: b.len(),
            };
            out.push(Word {
                bytes: [t.word_at(0), t.word_at(8)],
                mask: [m.word_at(0), m.word_at(8)],
                len: b.len(),
            });
        }
        Words {
            buckets,
            words: out,
        }
    }

    /// The lengths of the words that start at byte `i` of `t`.
    fn matches<'s>(
        &'s self,
        t: &Token,
        i: usize,
        at: [u64; 2],
    ) -> impl Iterator<Item = usize> + 's {
        let (from, to) = self
            .buckets
            .get(usize::from(t.byte(i)))
            .copied()
            .unwrap_or((0, 0));
        let room = t.len.saturating_sub(i);
        self.words
            .get(usize::from(from)..usize::from(to))
            .unwrap_or(&[])
            .iter()
            .filter_map(move |w| {
                let hit = w.len <= room
                    && (at[0] ^ w.bytes[0]) & w.mask[0] == 0
                    && (at[1] ^ w.bytes[1]) & w.mask[1] == 0;
                hit.then_some(w.len)
            })
    }

    /// A word starts at byte `i` of `t` (`at`: sixteen bytes from there).
    fn starts(&self, t: &Token, i: usize, at: [u64; 2]) -> bool {
        self.matches(t, i, at).next().is_some()
    }

    /// A word starts at byte `i` of `t` and ends at its end or at a
    /// separator.
    fn starts_part(&self, t: &Token, i: usize, at: [u64; 2]) -> bool {
        self.matches(t, i, at)
            .any(|len| i + len == t.len || is_sep(t.byte(i + len)))
    }
}

/// The word lists by the way they match a token.
struct Tables {
    /// The lists with words starting like each three-byte key: at most
    /// positions of a token no word can start, and one look-up says so.
    keys: Keys,
    neg_prefix: Words,
    neg_infix: Words,
    /// Long negative prefixes, matched at the start of any part.
    neg_long: Words,
    /// Negative whole parts.
    neg_token: Words,
    pos: Words,
}

const NEG_PREFIX: u8 = 1;
const NEG_INFIX: u8 = 1 << 1;
const NEG_LONG: u8 = 1 << 2;
const NEG_TOKEN: u8 = 1 << 3;
const POS: u8 = 1 << 4;

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut keys = Keys(vec![0; 1 << 15]);
    let neg_prefix = Words::new(NEGATIVE_PREFIXES, &mut keys, NEG_PREFIX);
    let neg_infix = Words::new(NEGATIVE_INFIXES, &mut keys, NEG_INFIX);
    let neg_long = Words::new(
        NEGATIVE_PREFIXES
            .iter()
            .filter(|n| n.len() >= 5 && !n.contains('-')),
        &mut keys,
        NEG_LONG,
    );
    let neg_token = Words::new(NEGATIVE_TOKENS, &mut keys, NEG_TOKEN);
    let pos = Words::new(POSITIVE_PREFIXES, &mut keys, POS);
    Tables {
        keys,
        neg_prefix,
        neg_infix,
        neg_long,
        neg_token,
        pos,
    }
});

/// What one lowercase class token says.
#[derive(PartialEq)]
enum TokenSays {
    Nothing,
    Content,
    Boilerplate,
}

/// Reads one lowercase class token. Boilerplate words: a prefix of the
/// token, a word anywhere in it, a long prefix of one of its parts, or a
/// whole part (parts are separated by `-_:./`). Content words: a prefix
/// of the token or a whole part. Within one token the boilerplate word
/// wins ("article-comments").
fn read_token(t: &Tables, token: &Token) -> TokenSays {
    let mut content = false;
    let bytes = token.bytes.get(..token.len).unwrap_or(&[]);
    let low = |c: u8| usize::from(c & 31);
    // The key of the three bytes from `i`, rolled along (zero past the end).
    let mut key = low(token.byte(0)) << 5 | low(token.byte(1));
    for i in 0..token.len.saturating_sub(1) {
        key = (key << 5 | low(bytes.get(i + 2).copied().unwrap_or(0))) & 0x7FFF;
        let mut lists = t.keys.get(key);
        if lists == 0 {
            continue;
        }
        // Prefixes only at the start; long prefixes, whole parts and
        // content words only where a part starts.
        if i > 0 {
            lists &= !NEG_PREFIX;
            if !is_sep(token.byte(i - 1)) {
                lists &= NEG_INFIX;
            }
        }
        if lists == 0 {
            continue;
        }
        let at = [token.word_at(i), token.word_at(i + 8)];
        if (lists & NEG_PREFIX != 0 && t.neg_prefix.starts(token, i, at))
            || (lists & NEG_INFIX != 0 && t.neg_infix.starts(token, i, at))
            || (lists & NEG_LONG != 0 && t.neg_long.starts(token, i, at))
            || (lists & NEG_TOKEN != 0 && t.neg_token.starts_part(token, i, at))
        {
            return TokenSays::Boilerplate;
        }
        content = content
            || (lists & POS != 0
                && if i == 0 {
                    t.pos.starts(token, i, at)
                } else {
                    t.pos.starts_part(token, i, at)
                });
    }
    if content {
        TokenSays::Content
    } else {
        TokenSays::Nothing
    }
}

/// Where "caption" first occurs in a short token (a search that needs no
/// set-up).
fn find_caption(token: &[u8]) -> Option<usize> {
    token.windows(7).position(|w| w == b"caption")
}

/// What one class or id value says: (content words, boilerplate words,
/// caption words). A token whose only boilerplate word is "caption"
/// ("withoutCaption", "has-caption") counts as a caption, not boilerplate:
/// such elements often wrap the photo itself.
pub fn value_flags(value: &str) -> (bool, bool, bool) {
    let mut neg = false;
    let mut pos = false;
    let mut caption = false;
    if value.len() > 400 {
        return (false, false, false);
    }
    let t = &*TABLES;
    let mut token_flags = |raw: &[u8]| {
        if raw.is_empty() {
            return;
        }
        // The token reads itself in lower case (the key of three bytes
        // ignores case already): no lowered copy for the common case.
        let token = Token {
            bytes: raw,
            len: raw.len(),
        };
        let says = read_token(t, &token);
        if says == TokenSays::Boilerplate {
            // Lowered only when it holds "caption": most boilerplate
            // tokens do not, and a copy each showed in profiles.
            if raw.windows(7).any(|w| w.eq_ignore_ascii_case(b"caption")) && {
                let bytes = raw.to_ascii_lowercase();
                let bytes = bytes.as_slice();
                let mut stripped = Vec::with_capacity(bytes.len());
                let mut rest = bytes;
                while let Some(k) = find_caption(rest) {
                    stripped.extend_from_slice(rest.get(..k).unwrap_or(&[]));
                    rest = rest.get(k + 7..).unwrap_or(&[]);
                }
                stripped.extend_from_slice(rest);
                let token = Token {
                    bytes: &stripped,
                    len: stripped.len(),
                };
                read_token(t, &token) != TokenSays::Boilerplate
            } {
                caption = true;
            } else {
                neg = true;
            }
        } else if says == TokenSays::Content {
            pos = true;
        }
    };
    if value.is_ascii() {
        // ASCII whitespace as `char::is_whitespace` has it (with U+000B).
        for raw in value
            .as_bytes()
            .split(|&b| matches!(b, b'\t'..=b'\r' | b' '))
        {
            token_flags(raw);
        }
    } else {
        for raw in value.split(char::is_whitespace) {
            token_flags(raw.as_bytes());
        }
    }
    (pos, neg, caption)
}

/// Furniture that needs more than a fixed phrase: promotion headings, gallery
/// counters, follow-us and sign-up lines.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ^(?:more|related|recommended|popular|trending|latest|top|further)(?-u:\b).*(?-u:\b)(?:stories|articles|news|reads|posts|links|videos|coverage|roundup)$
        | ^(?:image|photo|slide|picture|foto)\s*\d+\s*(?:of|/)\s*\d+$
        | ^related(?-u:\b)[^:]*:
        | (?-u:\b)follow(?-u:\b).*(?-u:\b)(?:twitter|facebook|instagram|linkedin)(?-u:\b)
        | (?-u:\b)(?:sign\s?up|subscribe)(?-u:\b).*(?-u:\b)(?:newsletter|inbox|e-?mail)
        | (?-u:\b)(?:newsletter|inbox)(?-u:\b).*(?-u:\b)(?:sign\s?up|subscribe)(?-u:\b)
        | ^\(?(?:additional\s)?(?:reporting|writing|editing|compiled|produced)\sby(?-u:\b).*(?:;|\sby\s).*\)?$
        | ^(?:video|audio|watch)\s*\d{1,2}:\d{2}
        | ^(?:like|enjoyed|liked)\s+this\s+(?:story|article|post)(?-u:\b)
        | ^(?:reach|contact|email|e-mail|write\sto)\s.*(?-u:\b)(?:on\stwitter|at\shttps?://|@\w)
        | ^(?:photo|photos|foto|fotos|фото|bild|image|imagen|immagine)\s*:?$
        | ^more\s(?:in|from|on|about)\s[^\s]+(?:\s[^\s]+)?(?:\s[^\s]+)?$
        | ^sponsored\s(?:links|stories|content|posts)$
        | ^(?:reading\stime|read\stime|tempo\sde\sleitura|tiempo\sde\slectura|temps\sde\slecture|lesezeit|время\sчтения)(?-u:\b)
        | ^\d+\s*(?:min|mins|minute|minutes|minuten|minutos)\.?\s+(?:read|de\sleitura|de\slectura|lesezeit|de\slecture)$
        ",
    )
    .expect("furniture pattern is valid")
});

/// A heading that announces a list of links to other pages ("More stories",
/// "Related", "Read more").
pub fn is_promo_heading(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '!', '»', '›', '>'])
        .trim();
    let lower = t.to_lowercase();
    const PROMO: &[&str] = &[
        "related",
        "related articles",
        "related stories",
        "related content",
        "related posts",
        "related news",
        "recommended",
        "recommended for you",
        "more",
        "read more",
        "more stories",
        "most read",
        "most popular",
        "trending",
        "top stories",
        "latest news",
        "you may also like",
        "you might also like",
        "see also",
        "also read",
        "read also",
        "don't miss",
        "don’t miss",
        "explore further",
    ];
    PROMO.contains(&lower.as_str())
        || (lower.split_whitespace().count() <= 8
            && FURNITURE.is_match(&lower)
            && !lower.contains("follow")
            && !lower.contains('@'))
}

/// A non-ASCII whitespace character in `t`.
fn has_unicode_space(t: &str) -> bool {
    if t.is_ascii() {
        return false;
    }
    // The first bytes of the non-ASCII whitespace characters.
    [0xC2u8, 0xE1, 0xE2, 0xE3].iter().any(|&lead| {
        memchr::memchr_iter(lead, t.as_bytes()).any(|i| {
            t.get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_whitespace)
        })
    })
}

/// The number of words of `t` (as `split_whitespace` has them), counted up
/// to `max + 1`. Eight bytes at a time where all whitespace is ASCII.
fn count_words(t: &str, max: usize) -> usize {
    if has_unicode_space(t) {
        return t.split_whitespace().take(max + 1).count();
    }
    let mut count = 0usize;
    // Whether the byte before the current word of eight is whitespace (the
    // start of the text counts as whitespace), in the high bit.
    let mut carry = 0x80u64;
    // The number of words starting in a word of eight bytes.
    let mut word = |w: u64| {
        let ws = (bytes_below(w, 14) & !bytes_below(w, 9)) | bytes_equal(w, b' ');
        let starts = !ws & HIGH & (ws << 8 | carry);
        carry = ws >> 56;
        starts.count_ones() as usize
    };
    let mut chunks = t.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        count += word(u64::from_le_bytes(c.try_into().unwrap_or([b' '; 8])));
        if count > max {
            return max + 1;
        }
    }
    let n = chunks.remainder().len();
    let last = tail_word(t.as_bytes(), t.len() - n) | (ONES * u64::from(b' ')) << (8 * n);
    count += word(last);
    count.min(max + 1)
}

/// `str::to_lowercase` with runs of ASCII lowered in bulk.
fn lowercase(t: &str) -> String {
    // Only capital sigma lowers differently by context.
    if t.is_ascii() {
        return t.to_ascii_lowercase();
    }
    if t.contains('\u{3A3}') {
        return t.to_lowercase();
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while !rest.is_empty() {
        let n = rest.bytes().position(|b| b >= 0x80).unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(n);
        let start = out.len();
        out.push_str(ascii);
        if let Some(s) = out.get_mut(start..) {
            s.make_ascii_lowercase();
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
    out
}

/// Whether `text` starts with one of `words`; the first bytes are compared
/// before the calls that compare the rest.
fn starts_with_any(text: &str, words: &[&str]) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return words.iter().any(|w| w.is_empty());
    };
    words
        .iter()
        .any(|w| w.as_bytes().first().is_none_or(|&b| b == first) && text.starts_with(w))
}

/// Whether `FURNITURE` can match the lowercase `lower`: each of its
/// branches starts the text with one of a few words (or a digit), or
/// has one of a few words anywhere.
fn may_be_furniture(lower: &str) -> bool {
    const STARTS: &[&str] = &[
        "more",
        "related",
        "recommended",
        "popular",
        "trending",
        "latest",
        "top",
        "further",
        "image",
        "photo",
        "slide",
        "picture",
        "foto",
        "(",
        "additional",
        "reporting",
        "writing",
        "editing",
        "compiled",
        "produced",
        "video",
        "audio",
        "watch",
        "like",
        "enjoyed",
        "reach",
        "contact",
        "email",
        "e-mail",
        "write",
        "\u{444}\u{43e}\u{442}\u{43e}",
        "bild",
        "immagine",
        "sponsored",
        "read",
        "tempo",
        "tiempo",
        "temps",
        "lesezeit",
        "\u{432}\u{440}\u{435}\u{43c}\u{44f}",
    ];
    if lower.chars().next().is_some_and(char::is_numeric) || starts_with_any(lower, STARTS) {
        return true;
    }
    // "follow", "newsletter", "sign", "subscribe", "inbox" found by a
    // rarer letter of theirs.
    let b = lower.as_bytes();
    let at = |i: usize, back: usize, word: &[u8]| {
        i.checked_sub(back)
            .and_then(|k| b.get(k..))
            .is_some_and(|r| r.starts_with(word))
    };
    memchr::memchr3_iter(b'w', b'g', b'b', b).any(|i| match b.get(i) {
        Some(b'w') => at(i, 5, b"follow") || at(i, 2, b"newsletter"),
        Some(b'g') => at(i, 2, b"sign"),
        _ => at(i, 2, b"subscribe") || at(i, 2, b"inbox"),
    })
}

/// Short lines that are page furniture wherever they appear.
pub fn is_boilerplate_line(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '!', '»', '›', '>'])
        .trim();
    // Every test below is for 40 words at most.
    let words = count_words(t, 40);
    if words == 0 {
        return true;
    }
    if words > 40 {
        return false;
    }
    let lower = lowercase(t);
    if may_be_furniture(&lower) && FURNITURE.is_match(&lower) {
        return true;
    }
    // A bare photo credit: "Jane Doe | Bloomberg | Getty Images".
    const AGENCIES: &[&str] = &[
        "getty images",
        "shutterstock",
        "alamy",
        "ap photo",
        "afp photo",
    ];
    if words <= 10
        && AGENCIES
            .iter()
            .any(|a| lower.ends_with(a) || lower.starts_with(a))
    {
        return true;
    }
    if words > 14 {
        return false;
    }
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "story continues below advertisement",
        "continue reading below",
        "article continues below",
        "story continues below",
        "continue reading",
        "read more",
        "read more below",
        "share",
        "share this",
        "share this article",
        "share this story",
        "tweet",
        "email",
        "print",
        "comments",
        "related",
        "related articles",
        "related stories",
        "related content",
        "recommended",
        "more",
        "loading",
        "loading...",
        "close",
        "menu",
        "skip to content",
        "back to top",
        "click to expand",
        "view comments",
        "image",
        "photo",
        "video",
        "listen",
        "listen to this article",
        "ad",
        "don't miss",
        "don’t miss",
        "explore further",
        "tell us what you think",
        "leave a comment",
        "leave a reply",
        "post a comment",
        "join the conversation",
        "join the discussion",
        "most read",
        "most popular",
        "trending",
        "top stories",
        "latest news",
        "more stories",
        "editor's picks",
        "recommended for you",
        "you may also like",
        "related posts",
        "related news",
        "see more",
        "show more",
        "tags",
        "topics",
    ];
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    const STARTS: &[&str] = &[
        "sign up for",
        "sign up to",
        "subscribe to",
        "subscribe for",
        "get the latest",
        "follow us on",
        "follow us",
        "like us on",
        "share on",
        "share this",
        "click here to",
        "read more:",
        "read more from",
        "read also",
        "also read",
        "see also",
        "related:",
        "more:",
        "more on this",
        "related coverage",
        "recommended:",
        "you may also like",
        "you might also like",
        "we recommend",
        "©",
        "copyright ©",
        "all rights reserved",
        "this article was originally published",
        "download our app",
        "get our newsletter",
        "join our",
        "watch:",
        "watch the video",
        "photo:",
        "image:",
        "photograph:",
        "image source",
        "image copyright",
        "image caption",
        "media caption",
        "getty images",
        "(photo:",
        "(image:",
        "photo credit",
        "credit:",
        "have a tip",
        "text size",
        "font size",
        "view gallery",
        "фото:",
        "foto:",
        "bild:",
        "filed under",
        "share it with",
        "got a tip",
        "got a news tip",
    ];
    if words <= 30 && starts_with_any(&lower, STARTS) {
        return true;
    }
    words <= 12 && has_furniture_phrase(&lower)
}

/// Phrases that make a short line furniture wherever they occur in it.
/// Each is found by a rarer letter of its own, at the given place in it:
/// two scans of the text instead of one per phrase.
const CONTAINS: &[(&str, u8, usize)] = &[
    ("all rights reserved", b'g', 6),
    ("newsletter", b'w', 2),
    ("sign up", b'g', 2),
    ("subscribe", b'b', 2),
    ("cookie", b'k', 3),
    ("javascript", b'v', 2),
    ("your inbox", b'b', 7),
    ("privacy policy", b'v', 3),
    ("terms of use", b'f', 7),
    ("terms of service", b'f', 7),
    ("you agree to", b'g', 5),
];

/// Whether `lower` holds one of the [`CONTAINS`] phrases.
fn has_furniture_phrase(lower: &str) -> bool {
    let b = lower.as_bytes();
    let at = |i: usize, letter: u8| {
        CONTAINS.iter().any(|&(phrase, l, back)| {
            l == letter
                && i.checked_sub(back)
                    .and_then(|k| b.get(k..))
                    .is_some_and(|r| r.starts_with(phrase.as_bytes()))
        })
    };
    memchr::memchr3_iter(b'g', b'w', b'b', b).any(|i| b.get(i).is_some_and(|&l| at(i, l)))
        || memchr::memchr3_iter(b'k', b'v', b'f', b).any(|i| b.get(i).is_some_and(|&l| at(i, l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_hints() {
        assert_eq!(hint(Some("share-buttons"), None), Hint::Boilerplate);
        assert_eq!(hint(Some("post ad-slot"), None), Hint::Boilerplate);
        assert_eq!(hint(Some("article-body"), None), Hint::Content);
        assert_eq!(hint(None, Some("main")), Hint::Content);
        assert_eq!(hint(Some("header shadow"), None), Hint::None);
        assert_eq!(hint(Some("c-related-links"), None), Hint::Boilerplate);
    }

    #[test]
    fn furniture_phrases_agree_with_str_contains() {
        for &(phrase, letter, at) in CONTAINS {
            assert_eq!(phrase.as_bytes().get(at), Some(&letter), "{phrase}");
        }
        let mut hays = vec![
            String::new(),
            "sign up".to_string(),
            "a cookie banner".to_string(),
            "caf\u{e9} newsletter".to_string(),
            "ssubscribe".to_string(),
            "terms of us".to_string(),
            "bbb fff ggg kkk vvv www".to_string(),
        ];
        for &(phrase, _, _) in CONTAINS {
            hays.push(phrase.to_string());
            hays.push(format!("x{phrase}y"));
            hays.push(phrase.get(1..).unwrap_or("").to_string());
            hays.push(phrase.get(..phrase.len() - 1).unwrap_or("").to_string());
        }
        for hay in &hays {
            assert_eq!(
                has_furniture_phrase(hay),
                CONTAINS.iter().any(|&(p, _, _)| hay.contains(p)),
                "{hay:?}"
            );
        }
    }

    #[test]
    fn lowercase_agrees_with_std() {
        for t in ["ABC def", "Caf\u{c9} \u{3A3}\u{3A3}", "\u{130}X", ""] {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t:?}");
        }
    }

    /// The class word patterns as regular expressions: the reference the
    /// hand-written matcher is checked against.
    mod reference {
        use super::super::*;
        use regex::Regex;
        use std::sync::LazyLock;

        fn alternation(words: &[&str]) -> String {
            words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|")
        }

        /// The boilerplate prefixes long enough to count inside a token's parts.
        fn long_negative_prefixes() -> Vec<&'static str> {
            NEGATIVE_PREFIXES
                .iter()
                .copied()
                .filter(|n| n.len() >= 5 && !n.contains('-'))
                .collect()
        }

        /// Boilerplate words in one lowercase class token: a prefix of the token, a
        /// word anywhere in it, a long prefix of one of its parts, or a whole part.
        static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
            let long = long_negative_prefixes();
            let pattern = format!(
                "^(?:{})|(?:{})|(?:^|[-_:./])(?:{})|(?:^|[-_:./])(?:{})(?:$|[-_:./])",
                alternation(NEGATIVE_PREFIXES),
                alternation(NEGATIVE_INFIXES),
                alternation(&long),
                alternation(NEGATIVE_TOKENS)
            );
            Regex::new(&pattern).expect("negative class pattern is valid")
        });

        /// Content words in one lowercase class token.
        static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
            let pattern = format!(
                "^(?:{0})|(?:^|[-_:./])(?:{0})(?:$|[-_:./])",
                alternation(POSITIVE_PREFIXES)
            );
            Regex::new(&pattern).expect("positive class pattern is valid")
        });

        /// Whether any token of a whole class or id value can match `NEGATIVE` or
        /// `POSITIVE`: the same patterns with whitespace (the token separator) as
        /// a token boundary, without regard to case. Most values match neither,
        /// and one search of the value spares them two searches per token.
        static ANY_CLASS_WORD: LazyLock<Regex> = LazyLock::new(|| {
            let long = long_negative_prefixes();
            let pattern = format!(
                r"(?i)(?:^|\s)(?:{})|(?:{})|(?:^|[-_:./]|\s)(?:{})|(?:^|[-_:./]|\s)(?:{})(?:$|[-_:./]|\s)|(?:^|\s)(?:{4})|(?:^|[-_:./]|\s)(?:{4})(?:$|[-_:./]|\s)",
                alternation(NEGATIVE_PREFIXES),
                alternation(NEGATIVE_INFIXES),
                alternation(&long),
                alternation(NEGATIVE_TOKENS),
                alternation(POSITIVE_PREFIXES)
            );
            Regex::new(&pattern).expect("class word pattern is valid")
        });

        /// What one class or id value says: (content words, boilerplate words,
        /// caption words). A token whose only boilerplate word is "caption"
        /// ("withoutCaption", "has-caption") counts as a caption, not boilerplate:
        /// such elements often wrap the photo itself.
        pub fn value_flags_by_regex(value: &str) -> (bool, bool, bool) {
            let mut neg = false;
            let mut pos = false;
            let mut caption = false;
            if value.len() > 400 || !ANY_CLASS_WORD.is_match(value) {
                return (false, false, false);
            }
            let mut lower = String::new();
            for raw in value.split(|c: char| c.is_whitespace()) {
                if raw.is_empty() {
                    continue;
                }
                let token: &str = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
                    &lower
                } else {
                    raw
                };
                // Within one token the negative word wins ("article-comments").
                if NEGATIVE.is_match(token) {
                    if token.contains("caption")
                        && !NEGATIVE.is_match(&token.replace("caption", ""))
                    {
                        caption = true;
                    } else {
                        neg = true;
                    }
                } else if POSITIVE.is_match(token) {
                    pos = true;
                }
            }
            (pos, neg, caption)
        }
    }

    #[test]
    fn words_fit_the_matcher() {
        for w in NEGATIVE_PREFIXES
            .iter()
            .chain(NEGATIVE_INFIXES)
            .chain(NEGATIVE_TOKENS)
            .chain(POSITIVE_PREFIXES)
        {
            assert!((2..=16).contains(&w.len()), "{w}");
        }
    }

    /// Class and id values built from every word, separators and case
    /// variants: the matcher says what the regular expressions say.
    #[test]
    fn matcher_agrees_with_regexes() {
        let words: Vec<&str> = NEGATIVE_PREFIXES
            .iter()
            .chain(NEGATIVE_INFIXES)
            .chain(NEGATIVE_TOKENS)
            .chain(POSITIVE_PREFIXES)
            .copied()
            .chain([
                "x",
                "ab",
                "post",
                "Rich",
                "SR",
                "h\u{e9}ader",
                "",
                "-",
                "/",
                "caption",
            ])
            .collect();
        let mut flagged = 0;
        for a in &words {
            for sep in [
                "", "-", "_", ":", ".", "/", "x", " ", "\u{a0}", "\t", "\u{b}",
            ] {
                for b in &words {
                    for value in [
                        format!("{a}{sep}{b}"),
                        format!("z {sep}{a}{b}{sep} y"),
                        format!("{a}caption{sep}{b}"),
                    ] {
                        let upper = value.to_ascii_uppercase();
                        for v in [&value, &upper] {
                            let fast = value_flags(v);
                            assert_eq!(fast, reference::value_flags_by_regex(v), "{v:?}");
                            flagged += usize::from(fast != (false, false, false));
                        }
                    }
                }
            }
        }
        assert!(flagged > 10_000);
    }

    #[test]
    fn word_counts_and_lowercase_agree_with_std() {
        for t in [
            "",
            " ",
            "one",
            " one two  three\tfour\nfive\u{b}six ",
            "caf\u{e9} \u{201c}quoted\u{201d} words",
            "nbsp\u{a0}between\u{3000}ideographic",
            "\u{3a3}\u{391}\u{3a3} \u{130}stanbul K\u{212a}",
            "exactly eight bytes",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p",
        ] {
            for max in [0, 3, 40] {
                assert_eq!(
                    count_words(t, max),
                    t.split_whitespace().take(max + 1).count(),
                    "{t:?}"
                );
            }
            assert_eq!(lowercase(t), t.to_lowercase(), "{t:?}");
        }
    }

    /// Each branch of the furniture pattern passes the quick test.
    #[test]
    fn furniture_filter_passes_every_branch() {
        for line in [
            "more top stories",
            "photo 3 of 12",
            "related: the earlier story",
            "please follow us on twitter",
            "sign up for our newsletter",
            "the newsletter: subscribe",
            "(additional reporting by jane doe; editing by john roe)",
            "reporting by jane doe; editing by john roe",
            "video 1:23",
            "liked this story? share it",
            "contact jane doe on twitter",
            "\u{444}\u{43e}\u{442}\u{43e}:",
            "more from europe",
            "sponsored content",
            "reading time 3 min",
            "5 min read",
            "\u{661}\u{662} min read",
            "get it in your inbox: sign up",
        ] {
            assert!(FURNITURE.is_match(line), "{line:?}");
            assert!(may_be_furniture(line), "{line:?}");
        }
        assert!(!may_be_furniture(
            "the minister said the plan would go ahead."
        ));
    }

    #[test]
    fn boilerplate_lines() {
        assert!(is_boilerplate_line("Advertisement"));
        assert!(is_boilerplate_line("Get the latest news by email Sign Up"));
        assert!(is_boilerplate_line("Read more: Why the sky is blue"));
        assert!(!is_boilerplate_line(
            "The minister said the plan would go ahead."
        ));
    }
}
