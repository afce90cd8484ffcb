//! Dates and times as news pages write them, to ISO 8601 strings.
//!
//! Output forms follow [`dateline_core::Article`]: a date (`2017-07-09`), a
//! local time without offset when the text gives none (`2017-07-09T06:35:00`),
//! or a time with its offset (`2017-07-09T06:35:00-04:00`, `...Z`). Nothing is
//! invented: a date without a year is not a date here, and an offset is only
//! written when the text names one (US zone abbreviations map to offsets).

use regex::Regex;
use std::sync::LazyLock;

/// Years outside this range are treated as nonsense (typos, placeholders,
/// copyright lines, product numbers).
const MIN_YEAR: i32 = 1950;
const MAX_YEAR: i32 = 2100;

/// What a prefix word says about a date ("Posted", "Updated").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// "Posted", "Published", "First published".
    Published,
    /// "Updated", "Last modified", "Revised".
    Updated,
    /// No prefix word tells.
    Unknown,
}

/// A date found inside a longer text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The ISO 8601 form.
    pub iso: String,
    /// What the words just before the date say it is.
    pub role: DateRole,
    /// Byte range of the date (and its time) in the searched text.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
}

const ENGLISH_MONTH: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// Month names of other languages news pages are written in (German,
/// French, Spanish, Portuguese, Italian, Dutch, Indonesian), full names
/// only: their abbreviations collide with ordinary words.
const OTHER_MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("enero", 1),
    ("janeiro", 1),
    ("gennaio", 1),
    ("januari", 1),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("fevereiro", 2),
    ("febbraio", 2),
    ("februari", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("marco", 3),
    ("maart", 3),
    ("maret", 3),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("mai", 5),
    ("mayo", 5),
    ("maio", 5),
    ("maggio", 5),
    ("mei", 5),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("junho", 6),
    ("giugno", 6),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("julho", 7),
    ("luglio", 7),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("agustus", 8),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("setembro", 9),
    ("settembre", 9),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("outubro", 10),
    ("ottobre", 10),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dezembro", 12),
    ("dicembre", 12),
    ("desember", 12),
];

/// The month alternation (one capture group) with an optional dot.
static MONTH: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = OTHER_MONTHS.iter().map(|(n, _)| *n).collect();
    // Longest first so "juillet" wins over "juli".
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    format!(r"({}|{ENGLISH_MONTH})\.?", names.join("|"))
});
const WEEKDAY: &str = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)";
const ZONE: &str = r"(?:z|utc|gmt|[ecmp][sd]?t|ak[sd]t|hst|bst|cet|cest|eet|eest|wet|west|jst|kst|aest|aedt|sgt|hkt|ist)";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z\b|[+-]\d{2}(?::?\d{2})?\b|(?:utc|gmt)\b)?)?",
    )
    .expect("static regex")
});

static SLASHED_YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("static regex"));

/// Numeric day and month before a four-digit year: "18.11.2019" (dots are
/// day-first wherever they are used), "21/06/2014" or "11/19/2019" (slashes:
/// the order is taken only when one number is over 12).
static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b").expect("static regex"));

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let month = &*MONTH;
    Regex::new(&format!(
        r"(?i)\b{WEEKDAY}?{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("static regex")
});

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let month = &*MONTH;
    Regex::new(&format!(
        r"(?i)\b{WEEKDAY}?(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:of\s+|de\s+)?{month},?\s+(?:de\s+)?(\d{{4}})\b"
    ))
    .expect("static regex")
});

static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[\s,|\-–—•·/@]*(?:at\s+)?(\d{{1,2}})(?:[:.h](\d{{2}}))?(?::(\d{{2}}))?\s*(?:([ap])\.?\s?m\b\.?)?\s*(?:\(?\b({ZONE})\b\)?)?(?:\s*([+-]\d{{1,2}}(?::?\d{{2}})?)\b)?"
    ))
    .expect("static regex")
});

static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})[:.h](\d{{2}})(?::(\d{{2}}))?\s*(?:([ap])\.?\s?m\b\.?)?\s*(?:\b({ZONE})\b)?[\s,|\-–—•·/]*(?:on\s+)?$"
    ))
    .expect("static regex")
});

static ROLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(first\s+published|published|posted|released|created|issued|updated|last\s+updated|modified|last\s+modified|revised|edited)\b(?:\s+(?:on|at))?[\s:\-–—|]*$")
        .expect("static regex")
});

fn month_number(name: &str) -> Option<u32> {
    let full = name.trim_end_matches('.').to_lowercase();
    if let Some((_, m)) = OTHER_MONTHS.iter().find(|(n, _)| *n == full) {
        return Some(*m);
    }
    let n = name.to_ascii_lowercase();
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks a calendar date; years outside the plausible range are refused.
pub fn valid_date(y: i32, m: u32, d: u32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&y)
        && (1..=12).contains(&m)
        && d >= 1
        && d <= days_in_month(y, m)
}

/// Day of week, 0 = Sunday (Sakamoto's method).
fn weekday(y: i32, m: u32, d: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let idx = (m as usize).saturating_sub(1).min(11);
    ((y + y / 4 - y / 100 + y / 400 + T[idx] + d as i32).rem_euclid(7)) as u32
}

/// The `n`th Sunday (1-based) of a month.
fn nth_sunday(y: i32, m: u32, n: u32) -> u32 {
    let first = weekday(y, m, 1);
    let first_sunday = if first == 0 { 1 } else { 8 - first };
    first_sunday + 7 * (n - 1)
}

/// Whether US daylight saving time is in effect on that day (rules since
/// 2007), for the generic "ET"/"PT" abbreviations.
fn us_dst(y: i32, m: u32, d: u32) -> bool {
    match m {
        4..=10 => true,
        3 => d >= nth_sunday(y, 3, 2),
        11 => d < nth_sunday(y, 11, 1),
        _ => false,
    }
}

/// Offset in minutes east of UTC for a zone abbreviation, on that day.
fn zone_offset(zone: &str, y: i32, m: u32, d: u32) -> Option<i32> {
    let z = zone.to_ascii_lowercase();
    let dst = us_dst(y, m, d);
    let hours = |std: i32| if dst { std + 1 } else { std };
    Some(match z.as_str() {
        "z" | "utc" | "gmt" => 0,
        "est" => -5 * 60,
        "edt" => -4 * 60,
        "et" => hours(-5) * 60,
        "cst" => -6 * 60,
        "cdt" => -5 * 60,
        "ct" => hours(-6) * 60,
        "mst" => -7 * 60,
        "mdt" => -6 * 60,
        "mt" => hours(-7) * 60,
        "pst" => -8 * 60,
        "pdt" => -7 * 60,
        "pt" => hours(-8) * 60,
        "akst" => -9 * 60,
        "akdt" => -8 * 60,
        "hst" => -10 * 60,
        "bst" => 60,
        "wet" => 0,
        "west" | "cet" => 60,
        "cest" | "eet" => 120,
        "eest" => 180,
        "ist" => 330,
        "sgt" | "hkt" => 480,
        "jst" | "kst" => 540,
        "aest" => 600,
        "aedt" => 660,
        _ => return None,
    })
}

fn numeric_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

#[derive(Debug, Clone, Copy)]
struct Time {
    h: u32,
    m: u32,
    s: u32,
    /// Minutes east of UTC; `Some(0)` from "Z" is written as `Z`.
    offset: Option<i32>,
    zulu: bool,
}

/// `format!("{y:04}-{mo:02}-{d:02}")`, then `T{h:02}:{m:02}:{s:02}` and
/// the offset (`Z` or `+hh:mm`) for a time, written digit by digit: the
/// formatting machinery cost as much as finding the date.
fn format(y: i32, mo: u32, d: u32, t: Option<Time>) -> String {
    let Ok(year) = u32::try_from(y) else {
        // Never for a valid date (years 1950 to 2100).
        return format!("{y:04}{}", &format(0, mo, d, t)[4..]);
    };
    let mut out = String::with_capacity(25);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, mo, 2);
    out.push('-');
    push_padded(&mut out, d, 2);
    if let Some(t) = t {
        out.push('T');
        push_padded(&mut out, t.h, 2);
        out.push(':');
        push_padded(&mut out, t.m, 2);
        out.push(':');
        push_padded(&mut out, t.s, 2);
        match (t.zulu, t.offset) {
            (true, _) => out.push('Z'),
            (false, Some(o)) => {
                out.push(if o < 0 { '-' } else { '+' });
                let a = o.unsigned_abs();
                push_padded(&mut out, a / 60, 2);
                out.push(':');
                push_padded(&mut out, a % 60, 2);
            }
            (false, None) => {}
        }
    }
    out
}

/// Appends `n` in decimal, zero-padded to `width` digits.
fn push_padded(out: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut start = digits.len();
    let mut n = n;
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    out.extend(
        digits
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map(|&b| char::from(b)),
    );
}

/// Builds a time from regex parts; `None` when the parts do not make a time
/// (a bare number with neither minutes nor am/pm is not a time).
fn make_time(
    h: Option<&str>,
    m: Option<&str>,
    s: Option<&str>,
    ampm: Option<&str>,
    zone: Option<&str>,
    numeric: Option<&str>,
    date: (i32, u32, u32),
) -> Option<Time> {
    let mut h: u32 = h?.parse().ok()?;
    if m.is_none() && ampm.is_none() {
        return None;
    }
    let m: u32 = m.map_or(Some(0), |v| v.parse().ok())?;
    let s: u32 = s.map_or(Some(0), |v| v.parse().ok())?;
    if let Some(ap) = ampm {
        if !(1..=12).contains(&h) {
            return None;
        }
        let pm = ap.eq_ignore_ascii_case("p");
        if pm && h != 12 {
            h += 12;
        } else if !pm && h == 12 {
            h = 0;
        }
    }
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut zulu = false;
    let mut offset = None;
    if let Some(z) = zone {
        zulu = z.eq_ignore_ascii_case("z");
        offset = zone_offset(z, date.0, date.1, date.2);
    }
    if let Some(n) = numeric {
        // "GMT+2", "UTC -05:00": the number is the offset.
        if let Some(o) = numeric_offset(n) {
            offset = Some(o);
            zulu = false;
        }
    }
    Some(Time {
        h,
        m,
        s,
        offset,
        zulu,
    })
}

/// A date match: calendar date, where it is, and the time if one sits
/// beside it.
struct Match {
    start: usize,
    end: usize,
    iso: String,
}

/// A date found at `span`, widened to take in a time of day written right
/// after it ("July 9, 2017, 6:35 p.m.") or, failing that, right before it.
fn dated(text: &str, span: std::ops::Range<usize>, date: (i32, u32, u32)) -> Match {
    let (y, mo, d) = date;
    let (t, start, end) = if let Some((t, e)) = time_after(text, span.end, date) {
        (Some(t), span.start, e)
    } else if let Some((t, s)) = time_before(text, span.start, date) {
        (Some(t), s, span.end)
    } else {
        (None, span.start, span.end)
    };
    Match {
        start,
        end,
        iso: format(y, mo, d, t),
    }
}

fn time_after(text: &str, at: usize, date: (i32, u32, u32)) -> Option<(Time, usize)> {
    let rest = text.get(at..)?;
    let c = TIME_AFTER.captures(rest)?;
    let t = make_time(
        c.get(1).map(|m| m.as_str()),
        c.get(2).map(|m| m.as_str()),
        c.get(3).map(|m| m.as_str()),
        c.get(4).map(|m| m.as_str()),
        c.get(5).map(|m| m.as_str()),
        c.get(6).map(|m| m.as_str()),
        date,
    )?;
    Some((t, at + c.get(0)?.end()))
}

fn time_before(text: &str, at: usize, date: (i32, u32, u32)) -> Option<(Time, usize)> {
    let before = text.get(..at)?;
    let c = TIME_BEFORE.captures(before)?;
    let t = make_time(
        c.get(1).map(|m| m.as_str()),
        c.get(2).map(|m| m.as_str()),
        c.get(3).map(|m| m.as_str()),
        c.get(4).map(|m| m.as_str()),
        c.get(5).map(|m| m.as_str()),
        None,
        date,
    )?;
    Some((t, c.get(0)?.start()))
}

fn match_at(text: &str) -> Option<Match> {
    let mut best: Option<Match> = None;
    let consider = |best: &mut Option<Match>, m: Match| {
        if best.as_ref().is_none_or(|b| m.start < b.start) {
            *best = Some(m);
        }
    };
    // Each numeric pattern needs four digits next to a given separator;
    // in ASCII text (where `\d` can only be an ASCII digit) a byte scan
    // rules most of them out before any regex runs.
    let ascii = text.is_ascii();
    let b = text.as_bytes();
    let four_digits = |i: usize| {
        b.get(i..i + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let year_then = |seps: &[u8]| {
        (0..b.len()).any(|i| four_digits(i) && b.get(i + 4).is_some_and(|c| seps.contains(c)))
    };
    let sep_then_year = |seps: &[u8]| {
        b.iter()
            .enumerate()
            .any(|(i, c)| seps.contains(c) && four_digits(i + 1))
    };
    let iso = if !ascii || year_then(b"-") {
        ISO.captures(text)
    } else {
        None
    };
    if let Some(c) = iso {
        let whole = c.get(0)?;
        let y: i32 = c[1].parse().ok()?;
        let mo: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        if valid_date(y, mo, d) {
            let time = match c.get(4) {
                Some(h) => {
                    let zone = c.get(7).map(|z| z.as_str());
                    let (zone, numeric) = match zone {
                        Some(z) if z.starts_with(['+', '-']) => (None, Some(z)),
                        other => (other, None),
                    };
                    make_time(
                        Some(h.as_str()),
                        c.get(5).map(|m| m.as_str()),
                        c.get(6).map(|m| m.as_str()),
                        None,
                        zone,
                        numeric,
                        (y, mo, d),
                    )
                }
                None => None,
            };
            let (time, end) = match time {
                Some(t) => (Some(t), whole.end()),
                None => match time_after(text, c.get(3)?.end(), (y, mo, d)) {
                    Some((t, e)) if c.get(4).is_none() => (Some(t), e),
                    _ => (None, c.get(3)?.end()),
                },
            };
            consider(
                &mut best,
                Match {
                    start: whole.start(),
                    end,
                    iso: format(y, mo, d, time),
                },
            );
        }
    }
    // The earliest date wins, and in ASCII text no pattern below can end
    // the search early (their digits always parse): a date at the very
    // start is the answer.
    if ascii && best.as_ref().is_some_and(|m| m.start == 0) {
        return best;
    }
    let numeric = if !ascii || sep_then_year(b"./") {
        NUMERIC_DMY.captures(text)
    } else {
        None
    };
    if let Some(c) = numeric {
        let whole = c.get(0)?;
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[3].parse().ok()?;
        let y: i32 = c[4].parse().ok()?;
        let order = match (&c[2], a > 12, b > 12) {
            (".", _, _) => Some((b, a)),
            (_, true, false) => Some((b, a)),
            (_, false, true) => Some((a, b)),
            _ => None,
        };
        if let Some((mo, d)) = order.filter(|&(mo, d)| valid_date(y, mo, d)) {
            consider(
                &mut best,
                dated(text, whole.start()..whole.end(), (y, mo, d)),
            );
        }
    }
    let slashed = if !ascii || year_then(b"./") {
        SLASHED_YMD.captures(text)
    } else {
        None
    };
    if let Some(c) = slashed {
        let whole = c.get(0)?;
        let y: i32 = c[1].parse().ok()?;
        let mo: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        if valid_date(y, mo, d) {
            let (t, end) = match time_after(text, whole.end(), (y, mo, d)) {
                Some((t, e)) => (Some(t), e),
                None => (None, whole.end()),
            };
            consider(
                &mut best,
                Match {
                    start: whole.start(),
                    end,
                    iso: format(y, mo, d, t),
                },
            );
        }
    }
    for (re, day_first) in [(&*MONTH_FIRST, false), (&*DAY_FIRST, true)] {
        for whole in re.find_iter(text) {
            let Some((month, day, year)) = date_parts(whole.as_str(), day_first) else {
                continue;
            };
            let Some(mo) = month_number(month) else {
                continue;
            };
            let Ok(d) = day.parse::<u32>() else {
                continue;
            };
            let Ok(y) = year.parse::<i32>() else { continue };
            if !valid_date(y, mo, d) {
                continue;
            }
            consider(
                &mut best,
                dated(text, whole.start()..whole.end(), (y, mo, d)),
            );
            break;
        }
    }
    best
}

/// The month, day and year a match of [`MONTH_FIRST`] (or, when
/// `day_first`, of [`DAY_FIRST`]) holds in its capture groups, read back
/// from the end of the match, whose shape the pattern fixes: finding a
/// match costs a fraction of filling its capture groups.
fn date_parts(m: &str, day_first: bool) -> Option<(&str, &str, &str)> {
    // Both end with whitespace and the year's four digits.
    let (year_start, _) = m.char_indices().rev().nth(3)?;
    let year = m.get(year_start..)?;
    let mut rest = m.get(..year_start)?.trim_end();
    if !day_first {
        // [weekday] month[.] day[st|nd|rd|th][,]
        let rest = rest.strip_suffix(',').unwrap_or(rest);
        let (before, day) = last_token(rest);
        let (_, month) = last_token(before.trim_end());
        let month = month.strip_suffix('.').unwrap_or(month);
        return Some((month, day.trim_end_matches(char::is_alphabetic), year));
    }
    // [weekday] day[st|nd|rd|th|er|º|.] [of|de] month[.][,] [de]
    let (before, last) = last_token(rest);
    if last.eq_ignore_ascii_case("de") {
        rest = before.trim_end();
    }
    let rest = rest.strip_suffix(',').unwrap_or(rest);
    let (before, month) = last_token(rest);
    let month = month.strip_suffix('.').unwrap_or(month);
    let (before, mut day) = last_token(before.trim_end());
    if day.eq_ignore_ascii_case("of") || day.eq_ignore_ascii_case("de") {
        day = last_token(before.trim_end()).1;
    }
    let day = day.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
    Some((month, day, year))
}

/// `s` split before its last whitespace-free run: (the text before it,
/// ending with whitespace unless empty, and the run).
fn last_token(s: &str) -> (&str, &str) {
    match s.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        Some((i, c)) => (&s[..i + c.len_utf8()], &s[i + c.len_utf8()..]),
        None => ("", s),
    }
}

fn unix_timestamp(text: &str) -> Option<String> {
    let t = text.trim();
    if !(t.len() == 10 || t.len() == 13) || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut secs: i64 = t.parse().ok()?;
    if t.len() == 13 {
        secs /= 1000;
    }
    // 2000-01-01 .. 2100-01-01: a ten-digit number outside is not a time.
    if !(946_684_800..4_102_444_800).contains(&secs) {
        return None;
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = dateline_core::calendar::civil_from_days(days);
    Some(format(
        // The range check above keeps the year within 2000..2100.
        y as i32,
        m,
        d,
        Some(Time {
            h: (rem / 3600) as u32,
            m: ((rem % 3600) / 60) as u32,
            s: (rem % 60) as u32,
            offset: Some(0),
            zulu: true,
        }),
    ))
}

fn compact_ymd(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t[..4].parse().ok()?;
    let m: u32 = t[4..6].parse().ok()?;
    let d: u32 = t[6..].parse().ok()?;
    valid_date(y, m, d).then(|| format(y, m, d, None))
}

fn role_before(text: &str) -> DateRole {
    let Some(c) = ROLE_WORDS.captures(text) else {
        return DateRole::Unknown;
    };
    let w = c[1].to_ascii_lowercase();
    if w.contains("updat") || w.contains("modif") || w.contains("revis") || w.contains("edit") {
        DateRole::Updated
    } else {
        DateRole::Published
    }
}

/// Finds the first date (with its time, when one sits beside it) anywhere in
/// `text`.
pub fn find(text: &str) -> Option<FoundDate> {
    // Bound the work on hostile input: dates sit in short strings.
    let text = truncate(text, 2000);
    // Every pattern reads a four-digit year, and a year only parses from
    // ASCII digits: text without four in a row holds no date.
    if !has_ascii_digit_run(text.as_bytes(), 4) {
        return None;
    }
    let m = match_at(text)?;
    let role = role_before(text.get(..m.start).unwrap_or(""));
    Some(FoundDate {
        iso: m.iso,
        role,
        start: m.start,
        end: m.end,
    })
}

/// Whether `bytes` hold `n` ASCII digits in a row.
fn has_ascii_digit_run(bytes: &[u8], n: usize) -> bool {
    let mut run = 0;
    for &b in bytes {
        if b.is_ascii_digit() {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Parses a string that is a date (an attribute value, a meta tag, a short
/// visible line such as "Posted July 09, 2017") into ISO 8601. Unix
/// timestamps (10 or 13 digits) and compact `YYYYMMDD` are accepted too.
/// Returns `None` when the string holds more than a date and a few words
/// around it.
pub fn parse(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(iso) = unix_timestamp(t).or_else(|| compact_ymd(t)) {
        return Some(iso);
    }
    parse_line(t).map(|(_, iso)| iso)
}

/// Parses a short line that is a date, perhaps with a role word ("Updated
/// July 9, 2017 6:35am"): the role and the ISO form. Lines where the date is
/// only a small part of the text are refused, so that a sentence mentioning
/// a date is not taken for a date line.
pub fn parse_line(line: &str) -> Option<(DateRole, String)> {
    let t = line.trim();
    if t.is_empty() || t.len() > 120 {
        return None;
    }
    let f = find(t)?;
    let before = t.get(..f.start).unwrap_or("");
    let after = t.get(f.end..).unwrap_or("");
    let extra_words = before
        .split_whitespace()
        .chain(after.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let role_words = match f.role {
        DateRole::Unknown => 0,
        _ => ROLE_WORDS
            .find(before)
            .map_or(0, |m| m.as_str().split_whitespace().count()),
    };
    // "Posted", "Last updated on", "Published: ... | 3 min read" pass;
    // a sentence does not.
    if extra_words > role_words + 3 {
        return None;
    }
    Some((f.role, f.iso))
}

/// A month and day without a year ("July 8", "Dec 5", "8 July"), as in a
/// dateline: the ISO date in `year`.
pub fn parse_month_day(text: &str, year: i32) -> Option<String> {
    static MD: LazyLock<Regex> = LazyLock::new(|| {
        let month = &*MONTH;
        Regex::new(&format!(
            r"(?i)^\s*{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*$"
        ))
        .expect("static regex")
    });
    static DM: LazyLock<Regex> = LazyLock::new(|| {
        let month = &*MONTH;
        Regex::new(&format!(
            r"(?i)^\s*(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{month}\s*$"
        ))
        .expect("static regex")
    });
    let (m, d) = if let Some(c) = MD.captures(text) {
        (month_number(&c[1])?, c[2].parse().ok()?)
    } else if let Some(c) = DM.captures(text) {
        (month_number(&c[2])?, c[1].parse().ok()?)
    } else {
        return None;
    };
    valid_date(year, m, d).then(|| format(year, m, d, None))
}

/// The calendar date (`YYYY-MM-DD`) of an ISO string made by this module.
pub fn day_of(iso: &str) -> Option<&str> {
    let d = iso.get(..10)?;
    let b = d.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then_some(d)
}

#[cfg(test)]
mod tests {

    #[test]
    fn date_parts_are_the_capture_groups() {
        let mut months: Vec<String> = OTHER_MONTHS.iter().map(|(n, _)| n.to_string()).collect();
        for m in [
            "jan",
            "january",
            "feb",
            "february",
            "mar",
            "march",
            "apr",
            "april",
            "may",
            "jun",
            "june",
            "jul",
            "july",
            "aug",
            "august",
            "sep",
            "sept",
            "september",
            "oct",
            "october",
            "nov",
            "november",
            "dec",
            "december",
        ] {
            months.push(m.to_string());
            months.push(m.to_uppercase());
        }
        let titled: Vec<String> = months
            .iter()
            .map(|m| {
                let mut c = m.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            })
            .collect();
        months.extend(titled);
        months.push("\u{17f}ept".to_string());
        let weekdays = ["", "Tue, ", "tuesday ", "SUN. ", "Monday,\u{a0} "];
        let days = [
            "5",
            "05",
            "21st",
            "2ND",
            "3rd",
            "4th",
            "1er",
            "5\u{ba}",
            "6.",
            "7\u{17f}t",
        ];
        let seps = [" ", ", ", "  ", "\u{a0}", " of ", " de ", ". ", "., ", "\n"];
        let mut n = 0;
        for w in weekdays {
            for m in &months {
                for d in days {
                    for sep in seps {
                        for y in ["2019", " de 2019", "\u{661}\u{662}\u{663}\u{664}"] {
                            for t in [
                                format!("Posted {w}{m}{sep}{d}{sep}{y} at 10:30"),
                                format!("{w}{d}{sep}{m}{sep}{y}"),
                            ] {
                                for (re, day_first, mi, di) in
                                    [(&*MONTH_FIRST, false, 1, 2), (&*DAY_FIRST, true, 2, 1)]
                                {
                                    for c in re.captures_iter(&t) {
                                        let whole = c.get(0).map_or("", |m| m.as_str());
                                        let want = (&c[mi], &c[di], &c[3]);
                                        assert_eq!(
                                            date_parts(whole, day_first),
                                            Some(want),
                                            "{t:?}"
                                        );
                                        n += 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 10_000, "{n} matches");
    }

    #[test]
    fn format_writes_what_the_format_macro_writes() {
        let by_macro = |y: i32, mo: u32, d: u32, t: Option<Time>| match t {
            None => format!("{y:04}-{mo:02}-{d:02}"),
            Some(t) => {
                let off = match (t.zulu, t.offset) {
                    (true, _) => "Z".to_string(),
                    (false, Some(o)) => {
                        let sign = if o < 0 { '-' } else { '+' };
                        let a = o.abs();
                        format!("{sign}{:02}:{:02}", a / 60, a % 60)
                    }
                    (false, None) => String::new(),
                };
                format!(
                    "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}{off}",
                    t.h, t.m, t.s
                )
            }
        };
        for y in [-12, 0, 7, 99, 1950, 2019, 2100, 12345] {
            for (mo, d) in [(1, 1), (9, 30), (12, 31), (123, 4567)] {
                let mut times = vec![None];
                for (h, m, s) in [(0, 0, 0), (9, 5, 7), (23, 59, 60), (100, 7, 1234)] {
                    for (offset, zulu) in [
                        (None, false),
                        (Some(0), true),
                        (Some(0), false),
                        (Some(330), false),
                        (Some(-570), false),
                        (Some(-5), false),
                        (Some(6000), false),
                        (Some(-6000), true),
                    ] {
                        times.push(Some(Time {
                            h,
                            m,
                            s,
                            offset,
                            zulu,
                        }));
                    }
                }
                for t in times {
                    assert_eq!(
                        format(y, mo, d, t),
                        by_macro(y, mo, d, t),
                        "{y} {mo} {d} {t:?}"
                    );
                }
            }
        }
    }
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse(s)
    }

    #[test]
    fn iso_forms() {
        assert_eq!(p("2017-07-09").as_deref(), Some("2017-07-09"));
        assert_eq!(
            p("2017-07-09T06:35:00Z").as_deref(),
            Some("2017-07-09T06:35:00Z")
        );
        assert_eq!(
            p("2017-07-09T06:35:00.000+02:00").as_deref(),
            Some("2017-07-09T06:35:00+02:00")
        );
        assert_eq!(
            p("2017-07-09T06:35-0400").as_deref(),
            Some("2017-07-09T06:35:00-04:00")
        );
        assert_eq!(
            p("2017-07-09 06:35:12").as_deref(),
            Some("2017-07-09T06:35:12")
        );
        assert_eq!(
            p("2019-03-01 14:05:00 UTC").as_deref(),
            Some("2019-03-01T14:05:00+00:00")
        );
        assert_eq!(p("2017/07/09").as_deref(), Some("2017-07-09"));
        assert_eq!(p("20170709").as_deref(), Some("2017-07-09"));
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            p("Sun, 09 Jul 2017 06:35:00 +0000").as_deref(),
            Some("2017-07-09T06:35:00+00:00")
        );
        assert_eq!(
            p("Mon, 4 Dec 2017 18:02:11 GMT").as_deref(),
            Some("2017-12-04T18:02:11+00:00")
        );
        assert_eq!(
            p("Tue, 10 Oct 2017 09:00:00 -0500").as_deref(),
            Some("2017-10-10T09:00:00-05:00")
        );
    }

    #[test]
    fn visible_forms() {
        assert_eq!(
            p("July 9, 2017 6:35am").as_deref(),
            Some("2017-07-09T06:35:00")
        );
        assert_eq!(
            parse_line("Posted July 09, 2017"),
            Some((DateRole::Published, "2017-07-09".to_string()))
        );
        assert_eq!(
            parse_line("Updated July 9, 2017 6:35am"),
            Some((DateRole::Updated, "2017-07-09T06:35:00".to_string()))
        );
        assert_eq!(p("9 July 2017").as_deref(), Some("2017-07-09"));
        assert_eq!(
            p("Jul. 9, 2017 at 6:35 a.m. EDT").as_deref(),
            Some("2017-07-09T06:35:00-04:00")
        );
        assert_eq!(
            p("Dec. 4, 2017 at 6:35 p.m. ET").as_deref(),
            Some("2017-12-04T18:35:00-05:00")
        );
        assert_eq!(
            p("Sunday 9 July 2017 06.35 BST").as_deref(),
            Some("2017-07-09T06:35:00+01:00")
        );
        assert_eq!(
            p("Published 12:01 AM PDT Jun 5, 2018").as_deref(),
            Some("2018-06-05T00:01:00-07:00")
        );
        assert_eq!(p("September 21st, 2018").as_deref(), Some("2018-09-21"));
        assert_eq!(
            p("Last Updated: March 3, 2019 | 5 min read").as_deref(),
            Some("2019-03-03")
        );
        assert_eq!(
            parse_line("Last updated on 14 February 2020, 10:12 GMT+1"),
            Some((DateRole::Updated, "2020-02-14T10:12:00+01:00".to_string()))
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            p("publiziert am 25. September 2018").as_deref(),
            Some("2018-09-25")
        );
        assert_eq!(
            p("5. Dezember 2019, 14:30 Uhr").as_deref(),
            Some("2019-12-05T14:30:00")
        );
        assert_eq!(
            p("sexta-feira, 22 de outubro de 2010 às 20:13").as_deref(),
            Some("2010-10-22")
        );
        assert_eq!(p("Maret 30, 2015").as_deref(), Some("2015-03-30"));
        assert_eq!(p("1er juillet 2019").as_deref(), Some("2019-07-01"));
        assert_eq!(p("20 novembre 2019").as_deref(), Some("2019-11-20"));
        assert_eq!(p("3 de marzo de 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(p("12 mei 2018").as_deref(), Some("2018-05-12"));
    }

    #[test]
    fn numeric_day_month_year() {
        assert_eq!(
            p("21:17 18.11.2019").as_deref(),
            Some("2019-11-18T21:17:00")
        );
        assert_eq!(p("21/06/2014").as_deref(), Some("2014-06-21"));
        assert_eq!(
            p("11/19/2019 06:56 AM EST").as_deref(),
            Some("2019-11-19T06:56:00-05:00")
        );
        // Both orders possible: no date rather than a guess.
        assert_eq!(p("05/06/2014"), None);
        assert_eq!(p("05.06.2014").as_deref(), Some("2014-06-05"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(p("1499582100").as_deref(), Some("2017-07-09T06:35:00Z"));
        assert_eq!(p("1499582100000").as_deref(), Some("2017-07-09T06:35:00Z"));
        assert_eq!(p("0123456789"), None);
    }

    #[test]
    fn rejects_nonsense() {
        assert_eq!(p("July 9, 0017"), None);
        assert_eq!(p("9999-07-09"), None);
        assert_eq!(p("2017-02-30"), None);
        assert_eq!(p("July 35, 2017"), None);
        assert_eq!(p("the weather"), None);
        assert_eq!(
            parse_line(
                "The council met on July 9, 2017 to discuss the budget for the coming year and more"
            ),
            None
        );
    }

    #[test]
    fn month_day_in_year() {
        assert_eq!(
            parse_month_day("July 8", 2017).as_deref(),
            Some("2017-07-08")
        );
        assert_eq!(
            parse_month_day("Dec 5", 2019).as_deref(),
            Some("2019-12-05")
        );
        assert_eq!(
            parse_month_day("5 Dec", 2019).as_deref(),
            Some("2019-12-05")
        );
        assert_eq!(parse_month_day("Feb 30", 2019), None);
    }

    #[test]
    fn dst_rules() {
        assert!(us_dst(2017, 7, 9));
        assert!(!us_dst(2017, 12, 4));
        assert!(us_dst(2017, 3, 12));
        assert!(!us_dst(2017, 3, 11));
        assert!(!us_dst(2017, 11, 5));
        assert!(us_dst(2017, 11, 4));
    }

    #[test]
    fn finds_inside_text() {
        let f = find("By Jane Doe | Posted: July 9, 2017 6:35 a.m.").unwrap();
        assert_eq!(f.iso, "2017-07-09T06:35:00");
        assert_eq!(f.role, DateRole::Published);
    }
}
