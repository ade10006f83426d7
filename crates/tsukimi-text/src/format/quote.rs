//! `%q`: values written back as Lua source that reads them back exactly (lstrlib
//! `addliteral`).
//!
//! - Strings are double-quoted; `"`, `\` and newline are escaped with a backslash (a newline
//!   becomes backslash + newline), other control bytes (0–31, 127) become `\ddd` in decimal —
//!   as short as possible unless a digit follows, then three digits (`"\0001"` stays
//!   unambiguous). Bytes ≥ 128 are copied as they are.
//! - Integers are written with `%d`, except the minimum integer, whose decimal form would read
//!   back as a float: it becomes `0x8000000000000000`.
//! - Floats are written in hex (`%a`) so no precision is lost: `1.0` → `0x1p+0`; infinities
//!   become `1e9999`/`-1e9999` and NaN `(0/0)`.
//! - `nil`, `true`, `false` are written as such; anything else is the argument error
//!   `value has no literal form`.

use super::float::hex_float;

/// Appends `bytes` quoted as a Lua string literal.
pub fn quote_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            0..=31 | 127 => {
                let next_is_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                let text = if next_is_digit {
                    format!("\\{c:03}")
                } else {
                    format!("\\{c}")
                };
                out.extend_from_slice(text.as_bytes());
            }
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// Appends an integer as `%q` writes it.
pub fn quote_integer(out: &mut Vec<u8>, value: i64) {
    if value == i64::MIN {
        out.extend_from_slice(b"0x8000000000000000");
    } else {
        out.extend_from_slice(value.to_string().as_bytes());
    }
}

/// Appends a float as `%q` writes it.
pub fn quote_float(out: &mut Vec<u8>, value: f64) {
    if value == f64::INFINITY {
        out.extend_from_slice(b"1e9999");
    } else if value == f64::NEG_INFINITY {
        out.extend_from_slice(b"-1e9999");
    } else if value.is_nan() {
        out.extend_from_slice(b"(0/0)");
    } else {
        out.extend_from_slice(&hex_float(value));
    }
}
