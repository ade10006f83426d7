//! printf's integer conversions `%d %i %u %o %x %X` and `%c`, for Lua's 64-bit integers.
//!
//! lstrlib formats integers with `LUA_INTEGER_FMT`'s length modifier (`%lld` and friends), so
//! `%u`, `%o`, `%x` see the two's-complement bits of the `i64` as an unsigned 64-bit value
//! (`%x` of -1 is `ffffffffffffffff`). printf's rules reproduced here: a precision is the
//! minimum number of digits (and `%.0d` of 0 prints no digits at all); the `0` flag pads with
//! zeros after the sign/prefix but is ignored when a precision is given or with `-`; `#`
//! gives `%o` a leading zero and `%x` a `0x` prefix for non-zero values. `%c` writes the low
//! byte of the value (C's conversion to `unsigned char`), NUL included.

use super::spec::Spec;

/// Formats `value` with conversion `conversion` (one of `diuoxX`) into `out`.
pub(crate) fn format_integer(out: &mut Vec<u8>, spec: &Spec, conversion: u8, value: i64) {
    let (negative, magnitude) = match conversion {
        b'd' | b'i' => (value < 0, value.unsigned_abs()),
        _ => (false, value as u64),
    };
    let mut digits = match conversion {
        b'o' => format!("{magnitude:o}"),
        b'x' => format!("{magnitude:x}"),
        b'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    }
    .into_bytes();
    if spec.precision == Some(0) && magnitude == 0 {
        digits.clear();
    }
    let minimum_digits = spec.precision.unwrap_or(0);
    if digits.len() < minimum_digits {
        let mut padded = vec![b'0'; minimum_digits - digits.len()];
        padded.extend_from_slice(&digits);
        digits = padded;
    }
    let mut prefix: Vec<u8> = spec.sign(negative).to_vec();
    if spec.alternate {
        match conversion {
            b'o' if digits.first() != Some(&b'0') => digits.insert(0, b'0'),
            b'x' if magnitude != 0 => prefix.extend_from_slice(b"0x"),
            b'X' if magnitude != 0 => prefix.extend_from_slice(b"0X"),
            _ => {}
        }
    }
    let zero_fill = spec.zero_pad && !spec.left_justify && spec.precision.is_none();
    spec.pad(out, &prefix, &digits, zero_fill);
}

/// `%c`: the low byte of `value`, padded to the width.
pub(crate) fn format_char(out: &mut Vec<u8>, spec: &Spec, value: i64) {
    spec.pad(out, b"", &[value as u8], false);
}
