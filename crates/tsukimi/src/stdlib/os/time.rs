//! `os.date`, `os.time`, `os.difftime` and `os.clock` (loslib's time functions).
//!
//! `os.date` reads its format with `tsukimi_text::strftime` (the C-locale strftime with
//! loslib's conversion checks), breaking the time down in UTC with `tsukimi_text::civil` for
//! `!` formats and with the C library's `localtime_r` otherwise. `os.time(t)` reads the date
//! table like loslib's `getfield` (metamethods honoured, integer-valued strings accepted,
//! "field 'day' missing in date table", "field 'x' is out-of-bound"), calls `mktime`, and
//! writes the normalised fields back into the table.

use super::local_time::{self, TmFields};
use crate::value::Value;
use crate::vm::meta::Origin;
use crate::vm::{ArgRange, LuaError, Vm};
use tsukimi_text::civil::{self, DateTime};
use tsukimi_text::{strftime, TextError};

type R = Result<usize, LuaError>;

/// The current Unix time in seconds (`time(NULL)`).
fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// Raises a `TextError` from the formatter as loslib would.
fn raise_text_error(vm: &mut Vm, e: TextError) -> LuaError {
    match e {
        TextError::BadArgument { arg, message } => vm.arg_error_bytes(arg, &message),
        TextError::Message(m) => vm.native_error_bytes(&m),
        TextError::Interrupted => vm.native_error("interrupted!"),
        TextError::OutOfMemory => vm.memory_error(),
    }
}

pub fn os_date(vm: &mut Vm, args: ArgRange) -> R {
    let format = match vm.arg(args, 1) {
        Value::Nil => b"%c".to_vec(),
        _ => vm.check_string(args, 1)?.as_bytes().to_vec(),
    };
    let time = match vm.arg(args, 2) {
        Value::Nil => now(),
        _ => vm.check_integer(args, 2)?,
    };
    let request = strftime::parse_date_request(&format);
    let broken_down = if request.utc {
        civil::utc_from_unix(time)
    } else {
        local_time::local_from_unix(time)
    };
    let Some(date) = broken_down else {
        return Err(vm.native_error("date result cannot be represented in this installation"));
    };
    if request.table {
        let t = vm.new_table(0, 9)?;
        vm.push(Value::Table(t))?;
        set_all_fields(vm, Value::Table(t), &date)?;
        return Ok(1);
    }
    let text = strftime::strftime(request.format, &date).map_err(|e| raise_text_error(vm, e))?;
    let s = vm.new_string(&text)?;
    vm.push(Value::String(s))?;
    Ok(1)
}

/// `setallfields`: stores the broken-down time in table `t` (through metamethods, like
/// `lua_setfield`). `isdst` is left alone when unknown.
fn set_all_fields(vm: &mut Vm, t: Value, date: &DateTime) -> Result<(), LuaError> {
    let fields = [
        ("year", date.year),
        ("month", date.month),
        ("day", date.day),
        ("hour", date.hour),
        ("min", date.minute),
        ("sec", date.second),
        ("yday", date.yearday),
        ("wday", date.weekday),
    ];
    for (name, value) in fields {
        let key = vm.new_string(name.as_bytes())?;
        vm.set_index(t, Value::String(key), Value::Integer(value), Origin::None)?;
    }
    if let Some(dst) = date.is_dst {
        let key = vm.new_string(b"isdst")?;
        vm.set_index(t, Value::String(key), Value::Boolean(dst), Origin::None)?;
    }
    Ok(())
}

/// loslib's `getfield`: an `int` field of the date table, minus `delta`; `default` is used
/// when the field is absent (`None`: the field is required).
fn get_field(
    vm: &mut Vm,
    t: Value,
    name: &str,
    default: Option<i32>,
    delta: i64,
) -> Result<i32, LuaError> {
    let key = vm.new_string(name.as_bytes())?;
    let v = vm.index(t, Value::String(key), Origin::None)?;
    match vm.to_integer(v) {
        Some(res) => {
            let in_range = if res >= 0 {
                res - delta <= i64::from(i32::MAX)
            } else {
                i64::from(i32::MIN) + delta <= res
            };
            if !in_range {
                return Err(vm.native_error(&format!("field '{name}' is out-of-bound")));
            }
            Ok((res - delta) as i32)
        }
        None if !v.is_nil() => Err(vm.native_error(&format!("field '{name}' is not an integer"))),
        None => match default {
            Some(d) => Ok(d),
            None => Err(vm.native_error(&format!("field '{name}' missing in date table"))),
        },
    }
}

pub fn os_time(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.arg(args, 1);
    if t.is_nil() {
        vm.push(Value::Integer(now()))?;
        return Ok(1);
    }
    vm.check_table(args, 1)?;
    let fields = TmFields {
        year: get_field(vm, t, "year", None, 1900)?,
        month: get_field(vm, t, "month", None, 1)?,
        day: get_field(vm, t, "day", None, 0)?,
        hour: get_field(vm, t, "hour", Some(12), 0)?,
        minute: get_field(vm, t, "min", Some(0), 0)?,
        second: get_field(vm, t, "sec", Some(0), 0)?,
        is_dst: {
            let key = vm.new_string(b"isdst")?;
            match vm.index(t, Value::String(key), Origin::None)? {
                Value::Nil => -1,
                v => i32::from(!v.is_falsy()),
            }
        },
    };
    let Some(made) = local_time::make_time(fields) else {
        return Err(vm.native_error("time result cannot be represented in this installation"));
    };
    let normalised = DateTime {
        year: i64::from(made.fields.year) + 1900,
        month: i64::from(made.fields.month) + 1,
        day: i64::from(made.fields.day),
        hour: i64::from(made.fields.hour),
        minute: i64::from(made.fields.minute),
        second: i64::from(made.fields.second),
        weekday: i64::from(made.weekday) + 1,
        yearday: i64::from(made.yearday) + 1,
        is_dst: match made.fields.is_dst {
            d if d > 0 => Some(true),
            0 => Some(false),
            _ => None,
        },
        utc_offset: 0,
        zone_name: Vec::new(),
    };
    set_all_fields(vm, t, &normalised)?;
    vm.push(Value::Integer(made.time))?;
    Ok(1)
}

pub fn os_difftime(vm: &mut Vm, args: ArgRange) -> R {
    let t1 = vm.check_integer(args, 1)?;
    let t2 = vm.check_integer(args, 2)?;
    vm.push(Value::Float(t1 as f64 - t2 as f64))?;
    Ok(1)
}

pub fn os_clock(vm: &mut Vm, _args: ArgRange) -> R {
    vm.push(Value::Float(local_time::processor_seconds()))?;
    Ok(1)
}
