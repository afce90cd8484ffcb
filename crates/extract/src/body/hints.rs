//! Generic hints from class and id names, and boilerplate phrases.

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

fn alternation(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// Boilerplate words in one lowercase class token: a prefix of the token, a
/// word anywhere in it, a long prefix of one of its parts, or a whole part.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    let long: Vec<&str> = NEGATIVE_PREFIXES
        .iter()
        .copied()
        .filter(|n| n.len() >= 5 && !n.contains('-'))
        .collect();
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
    let long: Vec<&str> = NEGATIVE_PREFIXES
        .iter()
        .copied()
        .filter(|n| n.len() >= 5 && !n.contains('-'))
        .collect();
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
pub fn value_flags(value: &str) -> (bool, bool, bool) {
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
            if token.contains("caption") && !NEGATIVE.is_match(&token.replace("caption", "")) {
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

/// `hay.contains(needle)` for short lines: a search that needs no set-up,
/// trying the needle where its first byte is.
fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr_iter(first, h).any(|i| h.get(i..).is_some_and(|r| r.starts_with(n)))
}

/// Short lines that are page furniture wherever they appear.
pub fn is_boilerplate_line(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', ':', '!', '»', '›', '>'])
        .trim();
    let words = t.split_whitespace().take(51).count();
    if words == 0 {
        return true;
    }
    if words > 50 {
        return false;
    }
    let lower = t.to_lowercase();
    if words <= 40 && FURNITURE.is_match(&lower) {
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
    if words <= 30 && STARTS.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    const CONTAINS: &[&str] = &[
        "all rights reserved",
        "newsletter",
        "sign up",
        "subscribe",
        "cookie",
        "javascript",
        "your inbox",
        "privacy policy",
        "terms of use",
        "terms of service",
        "you agree to",
    ];
    words <= 12 && CONTAINS.iter().any(|s| contains(&lower, s))
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
    fn contains_agrees_with_str_contains() {
        for hay in [
            "",
            "sign up",
            "a cookie banner",
            "caf\u{e9} newsletter",
            "ssubscribe",
        ] {
            for needle in ["", "sign up", "cookie", "newsletter", "subscribe", "é"] {
                assert_eq!(
                    contains(hay, needle),
                    hay.contains(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    /// Every value with a token that matches a pattern passes the
    /// whole-value search.
    #[test]
    fn whole_value_search_misses_no_token() {
        let words: Vec<&str> = NEGATIVE_PREFIXES
            .iter()
            .chain(NEGATIVE_INFIXES)
            .chain(NEGATIVE_TOKENS)
            .chain(POSITIVE_PREFIXES)
            .copied()
            .chain(["x", "ab", "post", "Rich", "SR", "héader", "", "-", "/"])
            .collect();
        let mut matched = 0;
        for a in &words {
            for sep in ["", "-", "_", ":", ".", "/", "x", " ", "\u{a0}", "\t"] {
                for b in &words {
                    for value in [format!("{a}{sep}{b}"), format!("z {sep}{a}{b}{sep} y")] {
                        let upper = value.to_ascii_uppercase();
                        for v in [&value, &upper] {
                            let tokens_match = v.split(char::is_whitespace).any(|t| {
                                let t = t.to_ascii_lowercase();
                                NEGATIVE.is_match(&t) || POSITIVE.is_match(&t)
                            });
                            if tokens_match {
                                matched += 1;
                                assert!(ANY_CLASS_WORD.is_match(v), "{v:?}");
                            }
                        }
                    }
                }
            }
        }
        assert!(matched > 10_000);
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
