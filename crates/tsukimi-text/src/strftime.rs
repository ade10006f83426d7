//! `os.date` formatting: glibc's `strftime` in the C locale, restricted to the conversions
//! Lua 5.4 allows.
//!
//! lua5.4 (loslib `checkoption`) accepts only the C99 conversions
//! `a A b B c C d D e F g G h H I j m M n p r R S t T u U V w W x X y Y z Z %` and the
//! modified forms `Ec EC Ex EX Ey EY Od Oe OH OI Om OM OS Ou OU OV Ow OW Oy`; anything else
//! is `bad argument #1 to 'date' (invalid conversion specifier '%<rest of format>')` — the
//! message quotes the whole remainder of the format string (up to a NUL byte), as loslib's
//! `%s` does. In the C locale the `E` and `O` modifiers change nothing.
//!
//! Output follows glibc exactly, including its choices outside the C standard's examples:
//! years are printed without padding (`%Y` of year 5 is `5`, of -44 is `-44`), `%C` is the
//! floored century, `%y`/`%g` are Euclidean remainders (year -5 → `95`), ISO 8601 weeks
//! (`%G %g %V`) use glibc's `iso_week_days`, `%z` is `±hhmm` (empty when DST is unknown), and
//! a single conversion producing 250 bytes or more produces nothing (loslib's
//! `SIZETIMEFMT` buffer makes `strftime` fail).

use crate::civil::{is_leap_year, DateTime};
use crate::TextError;

const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Single-byte conversions Lua allows (`LUA_STRFTIMEOPTIONS`, first block).
const SINGLE_OPTIONS: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
/// Two-byte conversions Lua allows (the `E` and `O` forms).
const DOUBLE_OPTIONS: &[&[u8; 2]] = &[
    b"Ec", b"EC", b"Ex", b"EX", b"Ey", b"EY", b"Od", b"Oe", b"OH", b"OI", b"Om", b"OM", b"OS",
    b"Ou", b"OU", b"OV", b"Ow", b"OW", b"Oy",
];
/// Size of loslib's per-conversion buffer (`SIZETIMEFMT`).
const CONVERSION_BUFFER: usize = 250;

/// What an `os.date` format asks for, once its `!` prefix is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRequest<'f> {
    /// The format began with `!`: use UTC instead of local time.
    pub utc: bool,
    /// The rest was `*t`: return a table instead of a string.
    pub table: bool,
    /// The format without its `!`.
    pub format: &'f [u8],
}

/// Reads the `!` and `*t` markers of an `os.date` format (`*t` compares like C `strcmp`,
/// so bytes after a NUL are ignored).
pub fn parse_date_request(format: &[u8]) -> DateRequest<'_> {
    let (utc, format) = match format.split_first() {
        Some((b'!', rest)) => (true, rest),
        _ => (false, format),
    };
    let c_string = &format[..format.iter().position(|&c| c == 0).unwrap_or(format.len())];
    DateRequest {
        utc,
        table: c_string == b"*t",
        format,
    }
}

/// Finds the allowed conversion at the start of `rest` (loslib `checkoption`): its length.
fn check_option(rest: &[u8]) -> Result<usize, TextError> {
    if let Some(c) = rest.first() {
        if SINGLE_OPTIONS.contains(c) {
            return Ok(1);
        }
    }
    if rest.len() >= 2 && DOUBLE_OPTIONS.iter().any(|option| &rest[..2] == *option) {
        return Ok(2);
    }
    let shown = &rest[..rest.iter().position(|&c| c == 0).unwrap_or(rest.len())];
    let mut message = b"invalid conversion specifier '%".to_vec();
    message.extend_from_slice(shown);
    message.push(b'\'');
    Err(TextError::BadArgument { arg: 1, message })
}

/// `os.date(format, t)` once the time is broken down: the formatted bytes. `format` must not
/// include the leading `!` (see [`parse_date_request`]).
pub fn strftime(format: &[u8], time: &DateTime) -> Result<Vec<u8>, TextError> {
    let time = &clamped(time);
    let mut out = Vec::with_capacity(format.len() * 2);
    let mut i = 0;
    while i < format.len() {
        if format[i] != b'%' {
            out.push(format[i]);
            i += 1;
            continue;
        }
        i += 1;
        let len = check_option(&format[i..])?;
        let conversion = format[i + len - 1];
        i += len;
        let mut piece = Vec::new();
        expand(conversion, time, &mut piece);
        if piece.len() < CONVERSION_BUFFER {
            out.extend_from_slice(&piece);
        }
    }
    Ok(out)
}

/// The fields limited to what a C `struct tm` can hold (`int`s; the year as `tm_year + 1900`),
/// so that the arithmetic below cannot overflow whatever the caller passes.
fn clamped(time: &DateTime) -> DateTime {
    let int = |v: i64| v.clamp(i64::from(i32::MIN), i64::from(i32::MAX));
    DateTime {
        year: time
            .year
            .clamp(i64::from(i32::MIN) + 1900, i64::from(i32::MAX) + 1900),
        month: int(time.month),
        day: int(time.day),
        hour: int(time.hour),
        minute: int(time.minute),
        second: int(time.second),
        weekday: int(time.weekday),
        yearday: int(time.yearday),
        is_dst: time.is_dst,
        utc_offset: time.utc_offset.clamp(-(1 << 40), 1 << 40),
        zone_name: time.zone_name.clone(),
    }
}

/// The year as glibc's strftime prints it: `tm_year + 1900` computed in a C `int`, which
/// wraps for the last 1900 years a `struct tm` can hold (lua5.4:
/// `os.date("!%Y", 67768036191676799)` is `-2147481749`).
fn c_int_year(year: i64) -> i64 {
    i64::from(year as i32)
}

/// Name from a table by a possibly out-of-range index; `?` like glibc for bad values.
fn name(table: &[&'static str], index: i64) -> &'static str {
    usize::try_from(index)
        .ok()
        .and_then(|i| table.get(i).copied())
        .unwrap_or("?")
}

/// The C locale's three-letter abbreviation of a day or month name.
fn abbreviation(full: &'static str) -> &'static [u8] {
    &full.as_bytes()[..3.min(full.len())]
}

/// A number padded to `digits` with `pad` (zeros or spaces); negative numbers get a `-`
/// before the padded magnitude.
fn number(out: &mut Vec<u8>, value: i64, digits: usize, pad: u8) {
    let magnitude = value.unsigned_abs().to_string();
    if value < 0 {
        out.push(b'-');
    }
    for _ in magnitude.len()..digits {
        out.push(pad);
    }
    out.extend_from_slice(magnitude.as_bytes());
}

/// glibc `iso_week_days`: days since the Monday of ISO week 1 of the year of `yday`.
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    const BIG_ENOUGH_MULTIPLE_OF_7: i64 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_ENOUGH_MULTIPLE_OF_7).rem_euclid(7) + 4 - 1
}

/// ISO 8601 week-based year and week number, computed as glibc's `%G`/`%V` does: from the
/// year `tm_year + 1900` in a C `int` (so it wraps for the last 1900 years a `struct tm`
/// holds, and its leap-ness decides the length of the year), stepped by one in that `int`.
/// `%g` and `%G` print this wrapped year: lua5.4's `os.date('!%G %g', 67768036191676799)`
/// is `-2147481748 52`.
fn iso_week(time: &DateTime) -> (i64, i64) {
    let yday = time.yearday - 1;
    let wday = time.weekday - 1;
    let mut year = c_int_year(time.year) as i32;
    let year_length = |year: i32| 365 + i64::from(is_leap_year(i64::from(year)));
    let mut days = iso_week_days(yday, wday);
    if days < 0 {
        year = year.wrapping_sub(1);
        days = iso_week_days(yday + year_length(year), wday);
    } else {
        let next = iso_week_days(yday - year_length(year), wday);
        if next >= 0 {
            year = year.wrapping_add(1);
            days = next;
        }
    }
    (i64::from(year), days.div_euclid(7) + 1)
}

/// Appends the expansion of one conversion byte.
fn expand(conversion: u8, t: &DateTime, out: &mut Vec<u8>) {
    let wday = t.weekday - 1;
    let hour12 = if t.hour.rem_euclid(12) == 0 {
        12
    } else {
        t.hour.rem_euclid(12)
    };
    match conversion {
        b'a' => out.extend_from_slice(abbreviation(name(&DAY_NAMES, wday))),
        b'A' => out.extend_from_slice(name(&DAY_NAMES, wday).as_bytes()),
        b'b' | b'h' => out.extend_from_slice(abbreviation(name(&MONTH_NAMES, t.month - 1))),
        b'B' => out.extend_from_slice(name(&MONTH_NAMES, t.month - 1).as_bytes()),
        b'c' => {
            for c in [b'a', b' ', b'b', b' ', b'e', b' '] {
                expand_or_literal(c, t, out);
            }
            for c in [b'H', b':', b'M', b':', b'S', b' ', b'Y'] {
                expand_or_literal(c, t, out);
            }
        }
        b'C' => out.extend_from_slice(c_int_year(t.year).div_euclid(100).to_string().as_bytes()),
        b'd' => number(out, t.day, 2, b'0'),
        b'D' | b'x' => {
            for c in [b'm', b'/', b'd', b'/', b'y'] {
                expand_or_literal(c, t, out);
            }
        }
        b'e' => number(out, t.day, 2, b' '),
        b'F' => {
            for c in [b'Y', b'-', b'm', b'-', b'd'] {
                expand_or_literal(c, t, out);
            }
        }
        b'g' => number(out, iso_week(t).0.rem_euclid(100), 2, b'0'),
        b'G' => out.extend_from_slice(iso_week(t).0.to_string().as_bytes()),
        b'H' => number(out, t.hour, 2, b'0'),
        b'I' => number(out, hour12, 2, b'0'),
        b'j' => number(out, t.yearday, 3, b'0'),
        b'm' => number(out, t.month, 2, b'0'),
        b'M' => number(out, t.minute, 2, b'0'),
        b'n' => out.push(b'\n'),
        b'p' => out.extend_from_slice(if t.hour >= 12 { b"PM" } else { b"AM" }),
        b'r' => {
            for c in [b'I', b':', b'M', b':', b'S', b' ', b'p'] {
                expand_or_literal(c, t, out);
            }
        }
        b'R' => {
            for c in [b'H', b':', b'M'] {
                expand_or_literal(c, t, out);
            }
        }
        b'S' => number(out, t.second, 2, b'0'),
        b't' => out.push(b'\t'),
        b'T' | b'X' => {
            for c in [b'H', b':', b'M', b':', b'S'] {
                expand_or_literal(c, t, out);
            }
        }
        b'u' => number(out, (wday - 1).rem_euclid(7) + 1, 1, b'0'),
        b'U' => number(out, (t.yearday - 1 - wday + 7).div_euclid(7), 2, b'0'),
        b'V' => number(out, iso_week(t).1, 2, b'0'),
        b'w' => number(out, wday, 1, b'0'),
        b'W' => number(
            out,
            (t.yearday - 1 - (wday - 1).rem_euclid(7) + 7).div_euclid(7),
            2,
            b'0',
        ),
        b'y' => number(out, t.year.rem_euclid(100), 2, b'0'),
        b'Y' => out.extend_from_slice(c_int_year(t.year).to_string().as_bytes()),
        // glibc writes nothing for %z when DST is unknown.
        b'z' if t.is_dst.is_some() => {
            let minutes = t.utc_offset.unsigned_abs() / 60;
            out.push(if t.utc_offset < 0 { b'-' } else { b'+' });
            let value = (minutes / 60) * 100 + minutes % 60;
            out.extend_from_slice(format!("{value:04}").as_bytes());
        }
        b'Z' => out.extend_from_slice(&t.zone_name),
        b'%' => out.push(b'%'),
        _ => {}
    }
}

/// Inside composite conversions: letters are conversions, other bytes are literal.
fn expand_or_literal(c: u8, t: &DateTime, out: &mut Vec<u8>) {
    if c.is_ascii_alphabetic() {
        expand(c, t, out);
    } else {
        out.push(c);
    }
}
