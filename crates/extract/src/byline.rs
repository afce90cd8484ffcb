//! Bylines into people and wire agency.
//!
//! A byline mixes people, roles ("Staff Writer"), outlets ("The Daily Star")
//! and agencies ("Associated Press"); only people go into `authors`, the
//! agency is named once in its canonical form, and the rest is dropped.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A byline split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    /// People named in the byline, in normal case.
    pub authors: Vec<String>,
    /// The wire agency, canonical name ("Associated Press").
    pub agency: Option<String>,
}

/// Known wire agencies: canonical name, then the names and abbreviations it
/// is written as. Abbreviations are matched case-sensitively (so "ap" inside
/// a word or "Pa" never matches), full names without regard to case.
const AGENCIES: &[(&str, &[&str], &[&str])] = &[
    (
        "Associated Press",
        &["the associated press", "associated press"],
        &["AP"],
    ),
    ("Reuters", &["thomson reuters", "reuters"], &[]),
    (
        "Agence France-Presse",
        &["agence france-presse", "agence france presse"],
        &["AFP"],
    ),
    ("Bloomberg", &["bloomberg news", "bloomberg"], &[]),
    (
        "dpa",
        &["deutsche presse-agentur", "deutsche presse agentur"],
        &["dpa", "DPA"],
    ),
    ("UPI", &["united press international"], &["UPI"]),
    (
        "PA Media",
        &["pa media", "press association", "pa wire"],
        &["PA"],
    ),
    (
        "The Canadian Press",
        &["the canadian press", "canadian press"],
        &[],
    ),
    ("Xinhua", &["xinhua news agency", "xinhua"], &[]),
    ("ANSA", &["ansa"], &[]),
    ("EFE", &["agencia efe"], &["EFE"]),
    ("Kyodo", &["kyodo news", "kyodo"], &[]),
    ("TASS", &["itar-tass", "tass"], &[]),
    ("Yonhap", &["yonhap news agency", "yonhap"], &[]),
    (
        "Australian Associated Press",
        &["australian associated press"],
        &["AAP"],
    ),
    ("Press Trust of India", &["press trust of india"], &["PTI"]),
    ("IANS", &["indo-asian news service"], &["IANS"]),
    ("Anadolu Agency", &["anadolu agency", "anadolu"], &[]),
    ("Interfax", &["interfax"], &[]),
    ("RIA Novosti", &["ria novosti"], &[]),
    ("Europa Press", &["europa press"], &[]),
    ("Dow Jones Newswires", &["dow jones newswires"], &[]),
    ("Bernama", &["bernama"], &[]),
    ("Antara", &["antara news agency"], &[]),
    ("Notimex", &["notimex"], &[]),
];

/// Words that make a byline part an outlet, a desk or a role, never a person.
const NOT_PERSON_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "staff",
    "writer",
    "writers",
    "editor",
    "editors",
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "contributor",
    "contributors",
    "press",
    "media",
    "daily",
    "herald",
    "service",
    "services",
    "wire",
    "wires",
    "agency",
    "desk",
    "team",
    "online",
    "digital",
    "network",
    "group",
    "inc",
    "ltd",
    "llc",
    "magazine",
    "journal",
    "tribune",
    "gazette",
    "chronicle",
    "radio",
    "tv",
    "television",
    "channel",
    "editorial",
    "board",
    "report",
    "reports",
    "newsroom",
    "bureau",
    "telegraph",
    "observer",
    "mail",
    "express",
    "mirror",
    "globe",
    "review",
    "bulletin",
    "courier",
    "examiner",
    "record",
    "register",
    "sentinel",
    "dispatch",
    "inquirer",
    "today",
    "weekly",
    "newspaper",
    "newswire",
    "associated",
    "senior",
    "columnist",
    "analyst",
    "producer",
    "photographer",
    "updated",
    "published",
    "posted",
    "contributing",
    "special",
    "international",
    "national",
    "politics",
    "business",
    "sports",
    "opinion",
    "world",
    "science",
    "health",
    "technology",
    "author",
    "authors",
    "admin",
    "administrator",
    "webmaster",
    "guest",
    "various",
    "anonymous",
    "more",
    "and",
    "via",
    "according",
    "click",
    "read",
    "follow",
    "subscribe",
    "view",
    "all",
    "about",
    "share",
    "email",
    "comments",
    "comment",
    "minutes",
    "min",
    "hours",
    "ago",
    "company",
    "corporation",
    "university",
    "institute",
    "foundation",
    "council",
    "office",
    "department",
    "ministry",
    "association",
    "society",
    "club",
    "fc",
    "news-leader",
];

/// [`NOT_PERSON_WORDS`] sorted for binary search: every word of every
/// byline part is looked up, and most are not in the list.
static NOT_PERSON_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut words = NOT_PERSON_WORDS.to_vec();
    words.sort_unstable();
    words
});

fn is_not_person_word(word: &str) -> bool {
    NOT_PERSON_SORTED.binary_search(&word).is_ok()
}

/// Lower-case particles allowed inside a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "del", "della", "di", "du", "la", "le", "bin", "bint",
    "al", "el", "y", "dos", "das", "ter", "ten", "st.",
];

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:story|words|text|written|reported|reporting|report|posted|compiled|produced|article|column)\s+)?by\s*:?\s+")
        .expect("static regex")
});

/// A one- or two-word label before the names ("Text:", "Autor:",
/// "Текст:", "Words and pictures:").
static LABEL_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\p{L}+\s+){0,2}\p{L}+\s*:\s+").expect("static regex"));

static FROM_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:from|source|via|credit)\s*:?\s+").expect("static regex")
});

static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:\||;|,|\s[-–—]\s|\s+and\s+|\s*&\s*|\s+for\s+|\s+with\s+|/|•|·|\n)\s*")
        .expect("static regex")
});

static IN_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+in\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?$").expect("static regex"));

static CREDIT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:photo(?:graph)?s?|photography|image|images|illustrations?|video|graphics?|pictures?|credit)\b").expect("static regex")
});

/// A job title glued to the name without punctuation ("Meg James Staff
/// Writer").
static TRAILING_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:(?:senior|staff|chief|special|contributing|associate|deputy|managing|national|political|foreign|business|sports|science|health|tech|technology|auto|investigative)\s+)*(?:writer|reporter|correspondent|editor|contributor|columnist|photographer|producer|analyst)s?$")
        .expect("static regex")
});

static ROLE_SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:additional\s+)?(?:editing|edited|graphics|photos?|video|illustrations?|translated|translation|fact-checked|compiled)\b")
        .expect("static regex")
});

/// `text` without a leading "By", "Story by"... (`PREFIX`). Every match
/// holds "by" (no other character folds to "b" or "y"), so text without it
/// is not searched.
fn strip_by(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    if b.windows(2).any(|w| w.eq_ignore_ascii_case(b"by")) {
        PREFIX.replace(text, "")
    } else {
        Cow::Borrowed(text)
    }
}

/// The canonical agency name when `text` is, as a whole, an agency name
/// ("AP", "The Associated Press", "Reuters Staff", "AFP News").
pub fn agency_name(text: &str) -> Option<&'static str> {
    let t = text
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '-' || c.is_whitespace());
    let t = strip_staff_words(t);
    for (canon, names, abbrevs) in AGENCIES {
        if names.iter().any(|n| t.eq_ignore_ascii_case(n)) || abbrevs.contains(&t) {
            return Some(canon);
        }
    }
    None
}

fn strip_staff_words(t: &str) -> &str {
    let mut t = t.trim();
    loop {
        let lower = t.as_bytes();
        let mut changed = false;
        for suffix in [
            " staff",
            " news",
            " wire",
            " reporters",
            " reporter",
            " newswire",
            " writer",
            " staff writer",
            " report",
            " reports",
        ] {
            let ends = lower.len() >= suffix.len()
                && lower[lower.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes());
            if ends && t.len() > suffix.len() {
                t = t[..t.len() - suffix.len()].trim_end();
                changed = true;
                break;
            }
        }
        if !changed {
            return t;
        }
    }
}

/// The names and abbreviations of [`AGENCIES`] (canonical name, written
/// form, whether it is a case-sensitive abbreviation) by the lowercase ASCII
/// first letter of the written form, each list in [`AGENCIES`] order.
static AGENCY_STARTS: LazyLock<Vec<Vec<AgencyForm>>> = LazyLock::new(|| {
    let mut by_first: Vec<Vec<AgencyForm>> = vec![Vec::new(); 128];
    for &(canon, form, abbrev) in AGENCY_FORMS.iter() {
        let first = form.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        if let Some(list) = by_first.get_mut(first as usize) {
            list.push((canon, form, abbrev));
        }
    }
    by_first
});

/// A written form of an agency: (canonical name, form, whether it is a
/// case-sensitive abbreviation).
type AgencyForm = (&'static str, &'static str, bool);

/// Every written form of [`AGENCIES`] in order.
static AGENCY_FORMS: LazyLock<Vec<AgencyForm>> = LazyLock::new(|| {
    AGENCIES
        .iter()
        .flat_map(|(canon, names, abbrevs)| {
            let names = names.iter().map(move |n| (*canon, *n, false));
            names.chain(abbrevs.iter().map(move |a| (*canon, *a, true)))
        })
        .collect()
});

/// Finds an agency named anywhere in `text` (as a whole word): the canonical
/// name and the byte range where it is written. The earliest match wins,
/// then the longest, then the first in [`AGENCIES`] order.
pub fn find_agency(text: &str) -> Option<(&'static str, usize, usize)> {
    // Full names are matched on the lower-cased text. Lower-casing can
    // shift byte offsets for non-ASCII text; only trust matches where both
    // strings agree in length. ASCII text is its own lower case once
    // compared without regard to ASCII case.
    let lower;
    let names_in: Option<&[u8]> = if text.is_ascii() {
        Some(text.as_bytes())
    } else {
        lower = text.to_lowercase();
        (lower.len() == text.len()).then_some(lower.as_bytes())
    };
    let bytes = text.as_bytes();
    // A whole-word match starts where no letter, digit, hyphen or
    // apostrophe precedes it: try the names at those places only, in order,
    // so the first place with a match holds the earliest one.
    let mut prev: Option<char> = None;
    for (s, c) in text.char_indices() {
        let starts_word = prev.is_none_or(|p| !p.is_alphanumeric() && p != '-' && p != '\'');
        prev = Some(c);
        if !starts_word {
            continue;
        }
        // Only forms that start with this letter can match here (every form
        // starts with an ASCII letter). Names are read in `names_in`, which
        // may not line up with `text` byte for byte: where the two differ
        // at `s`, every form is tried.
        let first = bytes.get(s).map(u8::to_ascii_lowercase);
        let name_first = names_in.and_then(|h| h.get(s)).map(u8::to_ascii_lowercase);
        let bucket = match (first, name_first) {
            (Some(f), n) if n.is_none() || n == Some(f) => {
                if !f.is_ascii() {
                    continue;
                }
                AGENCY_STARTS.get(f as usize).map_or(&[][..], Vec::as_slice)
            }
            _ => AGENCY_FORMS.as_slice(),
        };
        let mut best: Option<(&'static str, usize)> = None;
        let mut consider = |canon: &'static str, e: usize| {
            if best.is_none_or(|(_, be)| e > be) && word_bounded(text, s, e) {
                best = Some((canon, e));
            }
        };
        for &(canon, form, abbrev) in bucket {
            let e = s + form.len();
            let hit = if abbrev {
                bytes.get(s..e) == Some(form.as_bytes())
            } else {
                names_in.is_some_and(|hay| {
                    hay.get(s..e)
                        .is_some_and(|w| w.eq_ignore_ascii_case(form.as_bytes()))
                })
            };
            if hit {
                consider(canon, e);
            }
        }
        if let Some((canon, e)) = best {
            return Some((canon, s, e));
        }
    }
    None
}

fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|p| p.chars().next_back());
    let after = text.get(e..).and_then(|p| p.chars().next());
    let ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '\'');
    ok(before) && ok(after)
}

/// Puts an all-capitals (or all-lower-case) name into normal case:
/// "JILL COLVIN" -> "Jill Colvin", "O'BRIEN" -> "O'Brien". Names already in
/// mixed case are kept as written.
pub fn normal_case(name: &str) -> String {
    let has_upper = name.chars().any(char::is_uppercase);
    let has_lower = name.chars().any(char::is_lowercase);
    if has_upper && has_lower {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\u{2019}' || c == '\'' && out.len() <= 2;
        if c == '\'' || c == '\u{2019}' {
            // O'Brien, D'Angelo: capitalise after an apostrophe that follows
            // a single letter.
            let letters = out
                .chars()
                .rev()
                .skip(1)
                .take_while(|c| c.is_alphabetic())
                .count();
            start = letters == 1;
        }
    }
    out
}

/// Whether `name` reads like a person's name: two to five capitalised words
/// (particles allowed), letters only, no outlet or role words.
pub fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 || words.len() > 5 || name.len() > 60 {
        return false;
    }
    if agency_name(name).is_some() || find_agency(name).is_some() {
        return false;
    }
    if name.starts_with("The ") || name.starts_with("the ") {
        return false;
    }
    let mut capitalised = 0;
    for w in &words {
        let lw = w.to_lowercase();
        let bare = lw.trim_matches(|c: char| c == '.' || c == ',');
        if is_not_person_word(bare) {
            return false;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '\u{2019}' | '-'))
        {
            return false;
        }
        // Hyphenated titles ("Editor-at-large") are roles too.
        if bare.split('-').any(is_not_person_word) {
            return false;
        }
        // A lower-case particle ("von", "de") joins a name; written with a
        // capital ("Al Root", "De Guzman") it is a name word.
        if PARTICLES.contains(&lw.as_str()) && *w == lw {
            continue;
        }
        // An acronym ("CNN", "TI") is an outlet or a unit, not a name word;
        // initials carry dots ("J.", "J.R.").
        let mut letters = w.chars().filter(|c| c.is_alphabetic());
        let all_upper = letters.clone().all(char::is_uppercase);
        if all_upper && letters.nth(1).is_some() && !w.contains('.') {
            return false;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else {
            return false;
        }
    }
    capitalised >= 2
}

/// Whether a single word can stand as a person's name when a source has
/// already said it is a person (a JSON-LD `Person`): a capitalised word in
/// letters, not a role ("Admin", "Staff") nor an agency.
pub fn looks_like_mononym(name: &str) -> bool {
    let n = name.trim();
    let Some(first) = n.chars().next() else {
        return false;
    };
    n.split_whitespace().count() == 1
        && first.is_uppercase()
        && n.chars().all(|c| c.is_alphabetic() || c == '-')
        && n.chars().skip(1).any(char::is_lowercase)
        && n.chars().count() <= 20
        && !is_not_person_word(&n.to_lowercase())
        && !matches!(
            n.to_lowercase().as_str(),
            "admin"
                | "administrator"
                | "editor"
                | "redaktion"
                | "redaccion"
                | "redacción"
                | "rédaction"
                | "redazione"
                | "user"
                | "root"
                | "moderator"
                | "unknown"
        )
        && agency_name(n).is_none()
}

/// False only when `TRAILING_ROLE` cannot match `seg`: ASCII text that does
/// not end, in any ASCII case, with one of its role words (or their plural).
/// Non-ASCII text goes to the regex (Unicode case folding: "ſ" is "s").
fn may_end_with_role(seg: &str) -> bool {
    const ROLES: [&str; 9] = [
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "contributor",
        "columnist",
        "photographer",
        "producer",
        "analyst",
    ];
    if !seg.is_ascii() {
        return true;
    }
    let b = seg.as_bytes();
    let b = match b.last() {
        Some(b's' | b'S') => &b[..b.len() - 1],
        _ => b,
    };
    let ends = |b: &[u8], r: &str| {
        b.len() >= r.len() && b[b.len() - r.len()..].eq_ignore_ascii_case(r.as_bytes())
    };
    ROLES.iter().any(|r| ends(b, r) || ends(seg.as_bytes(), r))
}

/// Splits a byline into authors and agency.
///
/// ```
/// let b = dateline_extract::byline::parse("By Jill Colvin and Zeke Miller, Associated Press");
/// assert_eq!(b.authors, ["Jill Colvin", "Zeke Miller"]);
/// assert_eq!(b.agency.as_deref(), Some("Associated Press"));
/// ```
pub fn parse(text: &str) -> Byline {
    let mut out = Byline::default();
    let folded = dateline_core::fold_whitespace(text);
    if folded.is_empty() || folded.len() > 400 {
        return out;
    }
    // A date glued to the byline ("By Jane Doe Updated 6:35 AM") is not
    // part of a name.
    let mut t = folded.as_str();
    if let Some(f) = crate::dates::find(t) {
        t = t.get(..f.start).unwrap_or(t);
    }
    for cut in [" Updated", " Published", " Posted", " Last updated"] {
        // Each starts with a space: the spaces are the only places to try
        // (`str::find` sets up a substring searcher on every call).
        let b = t.as_bytes();
        if let Some(p) = memchr::memchr_iter(b' ', b)
            .find(|&i| b.get(i..).is_some_and(|r| r.starts_with(cut.as_bytes())))
        {
            t = &t[..p];
        }
    }
    // A photo or video credit is not a byline ("Photograph by X/AFP").
    if CREDIT_START.is_match(t) {
        return out;
    }
    let t = strip_by(t);
    // A label ends with a colon.
    let t = if t.contains(':') {
        Cow::Owned(LABEL_PREFIX.replace(&t, "").into_owned())
    } else {
        t
    };
    let t = FROM_PREFIX.replace(&t, "");
    if let Some(a) = agency_name(&t) {
        out.agency = Some(a.to_string());
        return out;
    }
    for segment in SPLIT.split(&t) {
        let seg = strip_by(segment.trim());
        let mut seg = seg
            .trim()
            .trim_matches(|c: char| matches!(c, ':' | '.' | '(' | ')' | '"' | '“' | '”'))
            .trim()
            .to_string();
        // Both patterns need words a name segment rarely holds: cheap
        // checks spare most segments the regex searches.
        if seg.contains("in") {
            seg = IN_PLACE.replace(&seg, "").into_owned();
        }
        if may_end_with_role(&seg) {
            seg = TRAILING_ROLE.replace(&seg, "").into_owned();
        }
        if seg.is_empty() || ROLE_SEGMENT.is_match(&seg) {
            continue;
        }
        if seg.contains('@') || seg.contains("://") || seg.starts_with("www.") {
            continue;
        }
        if let Some(a) = agency_name(&seg) {
            out.agency.get_or_insert_with(|| a.to_string());
            continue;
        }
        // "JILL COLVIN Associated Press": an agency glued to a name.
        if let Some((canon, s, e)) = find_agency(&seg) {
            out.agency.get_or_insert_with(|| canon.to_string());
            let rest = format!(
                "{} {}",
                seg.get(..s).unwrap_or(""),
                seg.get(e..).unwrap_or("")
            );
            seg = dateline_core::fold_whitespace(&rest);
        }
        let name = normal_case(&seg);
        if looks_like_person(&name) && !out.authors.contains(&name) {
            out.authors.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, authors: &[&str], agency: Option<&str>) {
        let b = parse(text);
        assert_eq!(b.authors, authors, "authors of {text:?}");
        assert_eq!(b.agency.as_deref(), agency, "agency of {text:?}");
    }

    #[test]
    fn wire_bylines() {
        check(
            "By Jill Colvin and Zeke Miller, Associated Press",
            &["Jill Colvin", "Zeke Miller"],
            Some("Associated Press"),
        );
        check(
            "By JILL COLVIN Associated Press",
            &["Jill Colvin"],
            Some("Associated Press"),
        );
        check("Associated Press", &[], Some("Associated Press"));
        check("The Associated Press", &[], Some("Associated Press"));
        check("AP", &[], Some("Associated Press"));
        check("By Reuters Staff", &[], Some("Reuters"));
        check("Reuters", &[], Some("Reuters"));
        check("AFP", &[], Some("Agence France-Presse"));
        check("Agence France-Presse", &[], Some("Agence France-Presse"));
        check("By AFP News", &[], Some("Agence France-Presse"));
        check("dpa", &[], Some("dpa"));
        check("The Canadian Press", &[], Some("The Canadian Press"));
        check("By Jane Doe, Bloomberg", &["Jane Doe"], Some("Bloomberg"));
        check(
            "Reporting by Jane Doe in London; Editing by John Roe",
            &["Jane Doe"],
            None,
        );
    }

    #[test]
    fn outlet_and_roles_dropped() {
        check("By Jane Doe | The Daily Star", &["Jane Doe"], None);
        check("Jane Doe, Staff Writer", &["Jane Doe"], None);
        check("Jane Doe and John Roe", &["Jane Doe", "John Roe"], None);
        check("Story by Mary-Ann O'Neil", &["Mary-Ann O'Neil"], None);
        check("By Jane Doe for The Guardian", &["Jane Doe"], None);
        check("By Jane Doe, CNN", &["Jane Doe"], None);
        check("By Times Staff", &[], None);
        check("By Ursula von der Leyen", &["Ursula von der Leyen"], None);
        check("Jane Doe @janedoe", &[], None);
        check(
            "By Jane Doe Updated 6:35 AM ET, Sun July 9, 2017",
            &["Jane Doe"],
            None,
        );
        check("https://www.facebook.com/someone", &[], None);
        check("By Jane Doe & John Roe", &["Jane Doe", "John Roe"], None);
        check("Текст: Венера Ерофеева", &["Венера Ерофеева"], None);
        check("Autor: Hans Müller", &["Hans Müller"], None);
        check("By Al Root", &["Al Root"], None);
        check("Photograph by Robyn Beck/AFP/Getty Images", &[], None);
        check("CNN Editor-at-large", &[], None);
        check("Coordenadoria de TI", &[], None);
        check("By J.R. Smith", &["J.R. Smith"], None);
    }

    #[test]
    fn normalises_case() {
        assert_eq!(normal_case("JILL COLVIN"), "Jill Colvin");
        assert_eq!(normal_case("O'BRIEN"), "O'Brien");
        assert_eq!(normal_case("SMITH-JONES"), "Smith-Jones");
        assert_eq!(normal_case("McDonald"), "McDonald");
    }

    #[test]
    fn agency_search_matches_trying_every_form_everywhere() {
        // Every form at every word start, earliest then longest then first.
        fn reference(text: &str) -> Option<(&'static str, usize, usize)> {
            let lower = text.to_lowercase();
            let hay = (lower.len() == text.len()).then_some(lower.as_bytes());
            let mut prev: Option<char> = None;
            for (s, c) in text.char_indices() {
                let starts = prev.is_none_or(|p| !p.is_alphanumeric() && p != '-' && p != '\'');
                prev = Some(c);
                if !starts {
                    continue;
                }
                let mut best: Option<(&'static str, usize)> = None;
                for &(canon, form, abbrev) in AGENCY_FORMS.iter() {
                    let e = s + form.len();
                    let hit = if abbrev {
                        text.as_bytes().get(s..e) == Some(form.as_bytes())
                    } else {
                        hay.and_then(|h| h.get(s..e))
                            .is_some_and(|w| w.eq_ignore_ascii_case(form.as_bytes()))
                    };
                    if hit && best.is_none_or(|(_, be)| e > be) && word_bounded(text, s, e) {
                        best = Some((canon, e));
                    }
                }
                if let Some((canon, e)) = best {
                    return Some((canon, s, e));
                }
            }
            None
        }
        for t in [
            "WASHINGTON (AP) — x",
            "By Jane Doe, The Associated Press",
            "Thomson Reuters and Reuters",
            "Ärger in München (dpa) -",
            "İstanbul (Anadolu Agency)",
            "ÅAP AAP PA Media pa wire",
            "Xinhua News Agency/Xinhua",
            "Ωmega PTI IANS",
            "snap chaperone apple",
        ] {
            assert_eq!(find_agency(t), reference(t), "{t}");
        }
    }

    #[test]
    fn agency_lookup() {
        assert_eq!(agency_name("Reuters Staff"), Some("Reuters"));
        assert_eq!(agency_name("Jane Doe"), None);
        assert_eq!(find_agency("Snap chaperone").map(|a| a.0), None);
        assert_eq!(
            find_agency("WASHINGTON (AP) —").map(|a| a.0),
            Some("Associated Press")
        );
    }
}
