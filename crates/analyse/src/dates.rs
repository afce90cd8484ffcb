//! Dates mentioned in the text, resolved against the story's date:
//! "Saturday, July 8, 2017", "July 8", "Jan. 5", "Friday", "yesterday".

use crate::tokens::{lower, Tok, Tokens};
use dateline_core::DateMention;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan.", 1),
    ("jan", 1),
    ("february", 2),
    ("feb.", 2),
    ("feb", 2),
    ("march", 3),
    ("mar.", 3),
    ("april", 4),
    ("apr.", 4),
    ("may", 5),
    ("june", 6),
    ("jun.", 6),
    ("july", 7),
    ("jul.", 7),
    ("august", 8),
    ("aug.", 8),
    ("september", 9),
    ("sept.", 9),
    ("sep.", 9),
    ("october", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec.", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ymd(pub i32, pub u32, pub u32);

/// Days since 1970-01-01 (proleptic Gregorian).
fn days(Ymd(y, m, d): Ymd) -> i64 {
    dateline_core::calendar::days_from_civil(i64::from(y), m, d)
}

fn from_days(z: i64) -> Ymd {
    let (y, m, d) = dateline_core::calendar::civil_from_days(z);
    // Day numbers here come from dates with i32 years, so the year fits.
    Ymd(y as i32, m, d)
}

/// Monday = 0.
fn weekday(d: Ymd) -> i64 {
    (days(d) + 3).rem_euclid(7)
}

/// Parses the date part of an ISO 8601 string.
pub fn parse_iso(s: &str) -> Option<Ymd> {
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Ymd(y, m, d))
}

fn fmt(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && from_days(days(Ymd(y, m, d))) == Ymd(y, m, d)
}

/// Finds date mentions. `story` is the day the story reports on.
pub fn find(text: &str, t: &Tokens, story: Option<Ymd>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let n = t.toks.len();
    let w = |i: usize| t.text(text, i);
    let lw = |i: usize| lower(w(i));
    let is_num = |i: usize| {
        i < n
            && t.toks[i].kind == Tok::Word
            && w(i).len() <= 4
            && w(i).chars().all(|c| c.is_ascii_digit())
    };
    let mut i = 0;
    while i < n {
        if t.toks[i].kind != Tok::Word {
            i += 1;
            continue;
        }
        let l = lw(i);
        let wd = WEEKDAYS.iter().position(|d| *d == l);
        // Optional weekday, then "Month Day(, Year)".
        let mut j = i;
        if wd.is_some() {
            j = i + 1;
            if j < n && t.text(text, j) == "," {
                j += 1;
            }
        }
        // Lower-cased once, not once per month compared.
        let lj = if j == i { None } else { Some(lw(j)) };
        let lj = lj.as_deref().unwrap_or(l.as_str());
        let month = MONTHS.iter().find(|(m, _)| *m == lj).map(|x| x.1);
        // "May" needs a day number after it to be a month.
        if let Some(m) =
            month.filter(|_| is_num(j + 1) && w(j).chars().next().is_some_and(|c| c.is_uppercase()))
        {
            let d: u32 = w(j + 1).parse().unwrap_or(0);
            let mut end = j + 2;
            let mut year = None;
            if d <= 31 {
                let mut k = j + 2;
                if k < n && w(k) == "," {
                    k += 1;
                }
                if is_num(k) && w(k).len() == 4 {
                    year = w(k).parse::<i32>().ok();
                    end = k + 1;
                }
                let y = year.or_else(|| story.map(|s| nearest_year(s, m, d)));
                let date = y.filter(|&y| valid(y, m, d)).map(|y| fmt(Ymd(y, m, d)));
                let start = if wd.is_some() { i } else { j };
                out.push(DateMention {
                    as_written: text
                        .get(t.toks[start].start..t.toks[end - 1].end)
                        .unwrap_or("")
                        .to_string(),
                    start: t.toks[start].start,
                    end: t.toks[end - 1].end,
                    date,
                    relative: year.is_none(),
                });
                i = end;
                continue;
            }
        }
        if let Some(wd) = wd {
            // A weekday alone: the most recent such day up to the story's date
            // (news reports on the past; "Friday" in Saturday's story is the day before).
            let date = story.map(|s| {
                let back = (weekday(s) - wd as i64).rem_euclid(7);
                fmt(from_days(days(s) - back))
            });
            out.push(DateMention {
                as_written: w(i).to_string(),
                start: t.toks[i].start,
                end: t.toks[i].end,
                date,
                relative: true,
            });
            i += 1;
            continue;
        }
        let rel = match l.as_str() {
            "today" | "tonight" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(off) = rel {
            out.push(DateMention {
                as_written: w(i).to_string(),
                start: t.toks[i].start,
                end: t.toks[i].end,
                date: story.map(|s| fmt(from_days(days(s) + off))),
                relative: true,
            });
        }
        i += 1;
    }
    out
}

/// The year that puts month/day closest to the story's date.
fn nearest_year(s: Ymd, m: u32, d: u32) -> i32 {
    let base = days(s);
    let mut best = s.0;
    let mut diff = i64::MAX;
    for y in [s.0 - 1, s.0, s.0 + 1] {
        if valid(y, m, d) {
            let x = (days(Ymd(y, m, d)) - base).abs();
            if x < diff {
                diff = x;
                best = y;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn resolves_against_story_date() {
        let text = "On Saturday, July 8, 2017, a deal announced Friday held. Talks resume Jan. 5.";
        let t = tokenize(text);
        let d = find(text, &t, parse_iso("2017-07-08"));
        assert_eq!(d[0].as_written, "Saturday, July 8, 2017");
        assert_eq!(d[0].date.as_deref(), Some("2017-07-08"));
        assert_eq!(d[1].as_written, "Friday");
        assert_eq!(d[1].date.as_deref(), Some("2017-07-07"));
        assert_eq!(d[2].date.as_deref(), Some("2018-01-05"));
        assert_eq!(weekday(Ymd(2017, 7, 8)), 5);
    }
}
