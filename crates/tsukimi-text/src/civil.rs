//! Proleptic Gregorian calendar arithmetic: Unix time ⇄ broken-down UTC time.
//!
//! `os.date("!…")` and `os.date("!*t")` need what C's `gmtime` computes; this module does it
//! in pure integer arithmetic with Howard Hinnant's days-from-civil algorithm: dates are
//! counted in 400-year eras of exactly 146097 days, with the year starting on March 1 so the
//! leap day is the last day of the year. Everything is `i64` with Euclidean division, so it is
//! exact for every Unix time whose year fits the C `struct tm` (`year - 1900` within `i32`,
//! like glibc; beyond that [`utc_from_unix`] returns `None` and the VM raises lua5.4's
//! `date result cannot be represented in this installation`).
//!
//! Local time zones (DST rules, `TZ`) are not handled here: the VM obtains local broken-down
//! time from the C library and fills a [`DateTime`] itself.

/// A broken-down time, with fields numbered the way Lua's `os.date("*t")` numbers them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Full year (1970, 0, -44…).
    pub year: i64,
    /// Month, 1–12.
    pub month: i64,
    /// Day of the month, 1–31.
    pub day: i64,
    /// Hour, 0–23.
    pub hour: i64,
    /// Minute, 0–59.
    pub minute: i64,
    /// Second, 0–60 (60 for a leap second, which local-time sources may report).
    pub second: i64,
    /// Day of the week, 1–7, Sunday = 1.
    pub weekday: i64,
    /// Day of the year, 1–366.
    pub yearday: i64,
    /// Daylight saving time: `Some(true/false)`, or `None` when unknown (C `tm_isdst < 0`).
    pub is_dst: Option<bool>,
    /// Offset from UTC in seconds, east positive (C `tm_gmtoff`); used by `%z`.
    pub utc_offset: i64,
    /// Time zone abbreviation (C `tm_zone`), used by `%Z`: `GMT` for UTC as glibc says.
    pub zone_name: Vec<u8>,
}

const SECONDS_PER_DAY: i64 = 86_400;
const DAYS_PER_ERA: i64 = 146_097;
/// Days from 0000-03-01 to 1970-01-01.
const UNIX_EPOCH_DAYS: i64 = 719_468;

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of the date `year-month-day`. `month` is taken modulo 12 (1–12 is
/// January–December) and `day` may be out of range (day 0 is the day before the 1st);
/// `None` only on arithmetic overflow (years beyond about ±2^52).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    let month = (month.rem_euclid(12) + 11) % 12 + 1;
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = ((153 * shifted_month + 2) / 5).checked_add(day.checked_sub(1)?)?;
    let day_of_era =
        (year_of_era * 365 + year_of_era / 4 - year_of_era / 100).checked_add(day_of_year)?;
    era.checked_mul(DAYS_PER_ERA)?
        .checked_add(day_of_era)?
        .checked_sub(UNIX_EPOCH_DAYS)
}

/// The date (`year`, `month` 1–12, `day` 1–31) that is `days` days after 1970-01-01
/// (`None` only within a few hundred thousand days of `i64::MAX`).
pub fn civil_from_days(days: i64) -> Option<(i64, i64, i64)> {
    let days = days.checked_add(UNIX_EPOCH_DAYS)?;
    let era = days.div_euclid(DAYS_PER_ERA);
    let day_of_era = days.rem_euclid(DAYS_PER_ERA);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Some((year, month, day))
}

/// `gmtime`: the UTC broken-down time of Unix time `time` (seconds since 1970-01-01 UTC),
/// or `None` when the year does not fit a C `struct tm` (as glibc).
pub fn utc_from_unix(time: i64) -> Option<DateTime> {
    let days = time.div_euclid(SECONDS_PER_DAY);
    let seconds_of_day = time.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days)?;
    if i32::try_from(year - 1900).is_err() {
        return None;
    }
    let yearday = days - days_from_civil(year, 1, 1)? + 1;
    Some(DateTime {
        year,
        month,
        day,
        hour: seconds_of_day / 3600,
        minute: seconds_of_day % 3600 / 60,
        second: seconds_of_day % 60,
        weekday: (days + 4).rem_euclid(7) + 1, // 1970-01-01 was a Thursday
        yearday,
        is_dst: Some(false),
        utc_offset: 0,
        zone_name: b"GMT".to_vec(),
    })
}

/// `timegm`: the Unix time of a UTC date and time. Fields may be out of range and are
/// normalised like C's `timegm`/`mktime` do (month 13 is January of the next year, day 0 the
/// last day of the previous month, and so on). `None` on arithmetic overflow.
pub fn unix_from_utc(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Option<i64> {
    let month_index = month.checked_sub(1)?;
    let year = year.checked_add(month_index.div_euclid(12))?;
    let month = month_index.rem_euclid(12) + 1;
    let days = days_from_civil(year, month, 1)?.checked_add(day.checked_sub(1)?)?;
    days.checked_mul(SECONDS_PER_DAY)?
        .checked_add(hour.checked_mul(3600)?)?
        .checked_add(minute.checked_mul(60)?)?
        .checked_add(second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_over_a_wide_range() {
        for days in (-1_000_000..1_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days).unwrap();
            assert_eq!(days_from_civil(y, m, d), Some(days));
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
        }
    }

    #[test]
    fn known_dates() {
        let t = utc_from_unix(951_782_400).unwrap(); // 2000-02-29
        assert_eq!(
            (t.year, t.month, t.day, t.weekday, t.yearday),
            (2000, 2, 29, 3, 60)
        );
        let t = utc_from_unix(-1).unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (1969, 12, 31, 23, 59, 59)
        );
        assert!(utc_from_unix(1 << 60).is_none());
        assert!(utc_from_unix(i64::MIN).is_none());
        assert_eq!(unix_from_utc(1970, 13, 1, 0, 0, 0), Some(365 * 86400));
        assert_eq!(unix_from_utc(2000, 3, 0, 0, 0, 0), Some(951_782_400));
        assert_eq!(unix_from_utc(i64::MAX, 1, 1, 0, 0, 0), None);
        assert_eq!(days_from_civil(i64::MIN, 1, 1), None);
        assert_eq!(days_from_civil(2000, 14, 1), days_from_civil(2000, 2, 1));
    }
}
