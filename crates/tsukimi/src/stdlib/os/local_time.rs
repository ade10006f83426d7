//! Local time from the C library: `localtime_r` (Unix time → broken-down local time, with the
//! zone's offset and abbreviation for `%z`/`%Z`) and `mktime` (broken-down local time →
//! Unix time, normalising out-of-range fields), plus `clock` for `os.clock`.
//!
//! This is the only place of the os library with `unsafe`: each block is one FFI call on
//! values owned by the calling Rust frame. Time-zone rules (`TZ`, DST) are the C library's, so
//! `os.date`/`os.time` agree with lua5.4 running in the same environment.

use tsukimi_text::civil::DateTime;

/// The broken-down fields `os.time` reads from a date table (C `struct tm`, fields already
/// offset like C: `year` is years since 1900, `month` 0–11). `is_dst` is -1 when unknown.
#[derive(Clone, Copy, Debug, Default)]
pub struct TmFields {
    pub year: i32,
    pub month: i32,
    pub day: i32,
    pub hour: i32,
    pub minute: i32,
    pub second: i32,
    pub is_dst: i32,
}

/// The normalised result of [`make_time`]: the Unix time and the normalised fields, with the
/// day of the week (0 = Sunday) and of the year (0-based), as `mktime` leaves them.
#[derive(Clone, Copy, Debug)]
pub struct MadeTime {
    pub time: i64,
    pub fields: TmFields,
    pub weekday: i32,
    pub yearday: i32,
}

/// `localtime_r`: `None` when the C library cannot represent the result.
pub fn local_from_unix(time: i64) -> Option<DateTime> {
    let t: libc::time_t = time;
    // SAFETY: an all-zero `struct tm` is a valid value (integers and a null `tm_zone`).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers refer to live locals of this frame for the duration of the call;
    // localtime_r writes only into `tm`.
    let result = unsafe { libc::localtime_r(&t, &mut tm) };
    if result.is_null() {
        return None;
    }
    let zone_name = if tm.tm_zone.is_null() {
        Vec::new()
    } else {
        // SAFETY: a non-null `tm_zone` set by localtime_r points to a NUL-terminated string
        // owned by the C library that stays valid until the next tzset.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_bytes()
            .to_vec()
    };
    Some(DateTime {
        year: i64::from(tm.tm_year) + 1900,
        month: i64::from(tm.tm_mon) + 1,
        day: i64::from(tm.tm_mday),
        hour: i64::from(tm.tm_hour),
        minute: i64::from(tm.tm_min),
        second: i64::from(tm.tm_sec),
        weekday: i64::from(tm.tm_wday) + 1,
        yearday: i64::from(tm.tm_yday) + 1,
        is_dst: match tm.tm_isdst {
            d if d > 0 => Some(true),
            0 => Some(false),
            _ => None,
        },
        utc_offset: tm.tm_gmtoff,
        zone_name,
    })
}

/// `mktime`: `None` when it returns -1 (lua5.4 reports that as not representable too).
pub fn make_time(fields: TmFields) -> Option<MadeTime> {
    // SAFETY: an all-zero `struct tm` is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = fields.year;
    tm.tm_mon = fields.month;
    tm.tm_mday = fields.day;
    tm.tm_hour = fields.hour;
    tm.tm_min = fields.minute;
    tm.tm_sec = fields.second;
    tm.tm_isdst = fields.is_dst;
    // SAFETY: `tm` is a live, initialised local; mktime reads and normalises it in place.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 {
        return None;
    }
    Some(MadeTime {
        time: t,
        fields: TmFields {
            year: tm.tm_year,
            month: tm.tm_mon,
            day: tm.tm_mday,
            hour: tm.tm_hour,
            minute: tm.tm_min,
            second: tm.tm_sec,
            is_dst: tm.tm_isdst,
        },
        weekday: tm.tm_wday,
        yearday: tm.tm_yday,
    })
}

/// `clock() / CLOCKS_PER_SEC`: processor time used by the process, in seconds (glibc's
/// `clock` reads the same `CLOCK_PROCESS_CPUTIME_ID`).
pub fn processor_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a live local the call writes into; the clock id is a constant.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if r != 0 {
        return -1.0;
    }
    // clock() counts whole microseconds.
    (ts.tv_sec as f64) + ((ts.tv_nsec / 1000) as f64) / 1e6
}
