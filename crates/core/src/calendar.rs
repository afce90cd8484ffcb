//! Civil-calendar arithmetic (proleptic Gregorian), shared by every stage that
//! turns dates into day numbers and back.

/// Days from 1970-01-01 to the date `year-month-day` (negative before it).
/// Month 1..=12; the day is not checked against the month's length.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Howard Hinnant's algorithm: years start in March, so the leap day is
    // the last day of the year and the month lengths follow a fixed pattern.
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01, as (year, month 1..=12, day 1..=31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both results are small by construction (1..=31 and 1..=12).
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 date or date-time as
/// pages and dateline write them: `2017-07-09`, `2017-07-09T06:35`,
/// `2017-07-09T06:35:00.123+02:00`, `... -0400`, `... Z`. An offset is
/// applied when given; a time without one is taken as UTC; a time that is
/// not one (`T25:00`) leaves the date alone. Anything else is `None`.
pub fn iso_to_unix(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let year = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = u32::try_from(num(5, 2)?).ok()?;
    let day = u32::try_from(num(8, 2)?).ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    if matches!(b.get(10), Some(b'T' | b' ')) {
        if let (Some(h), Some(m)) = (num(11, 2), num(14, 2)) {
            if h < 24 && m < 60 {
                let sec = if b.get(16) == Some(&b':') {
                    num(17, 2).filter(|s| *s < 61).unwrap_or(0)
                } else {
                    0
                };
                // Bytes 11..16 are ASCII, so 16 is a character boundary.
                secs += h * 3600 + m * 60 + sec - offset_minutes(&s[16..]) * 60;
            }
        }
    }
    Some(secs)
}

/// The UTC offset at the end of a time (`+02:00`, `-0400`, `Z`), in minutes;
/// `rest` starts after the minutes, so a date's hyphens are not in it.
fn offset_minutes(rest: &str) -> i64 {
    let Some(i) = rest.rfind(['+', '-']) else {
        return 0;
    };
    let sign = if rest[i..].starts_with('-') { -1 } else { 1 };
    let digits: Vec<i64> = rest[i + 1..]
        .bytes()
        .filter(u8::is_ascii_digit)
        .take(4)
        .map(|d| i64::from(d - b'0'))
        .collect();
    match digits[..] {
        [h1, h2, m1, m2] => sign * ((h1 * 10 + h2) * 60 + m1 * 10 + m2),
        _ => 0,
    }
}

/// The time now, in milliseconds since the Unix epoch (0 if the clock is
/// before it). Every stored timestamp uses this unit.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2017, 7, 8), 17_355);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(17_355), (2017, 7, 8));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn round_trips_over_centuries_and_leap_days() {
        for days in -200_000..200_000 {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(days_from_civil(2016, 2, 29)), (2016, 2, 29));
        assert_eq!(civil_from_days(days_from_civil(1900, 2, 29)), (1900, 3, 1));
    }

    #[test]
    fn iso_times() {
        assert_eq!(iso_to_unix("1970-01-02"), Some(86_400));
        assert_eq!(iso_to_unix("2017-07-09T06:35:00Z"), Some(1_499_582_100));
        assert_eq!(iso_to_unix("2017-07-09T06:35"), Some(1_499_582_100));
        assert_eq!(
            iso_to_unix("2017-07-09T06:35:00.123+02:00"),
            Some(1_499_582_100 - 7200)
        );
        assert_eq!(iso_to_unix("1970-01-01T01:00-0100"), Some(7200));
        assert_eq!(iso_to_unix("1970-01-01T25:00"), Some(0));
        assert_eq!(iso_to_unix("July 9"), None);
        assert_eq!(iso_to_unix("2017-13-01"), None);
        assert_eq!(iso_to_unix("2017-0"), None);
        assert_eq!(iso_to_unix(""), None);
        assert_eq!(iso_to_unix("2017-07-09T06:35+é"), Some(1_499_582_100));
    }
}
