//! printf's floating-point conversions `%e %E %f %g %G %a %A`, as glibc writes them
//! (lua5.4 rejects `%F`).
//!
//! Decimal digits come from Rust's formatter, which — like glibc — produces the exactly
//! rounded result of the binary value (ties, which only happen when the binary value is
//! exactly halfway, go to the even digit in both): `{:.*e}` gives the digits of `%e`, `{:.*}`
//! those of `%f`. On top of that this file builds what Rust does not do the C way: the
//! exponent written with a sign and at least two digits, `%g`'s choice between the two styles
//! (style `e` when the exponent X is < -4 or ≥ the precision P, else `f` with P-1-X decimals)
//! and its removal of trailing zeros, the `#` flag (always a decimal point; for `%g`, keep the
//! zeros), `inf`/`nan` (with their sign: Lua's `0/0` is a negative NaN on x86 and prints as
//! `-nan`, like glibc), upper-case variants, and padding (`0` never pads `inf`/`nan`).
//!
//! `%a` is glibc's hexadecimal layout: `0x1.<13 hex digits>p<exp>` for normal numbers with
//! trailing zero digits dropped when no precision is given, `0x0.<digits>p-1022` for
//! subnormals, `0x0p+0` for zero; with a precision the fraction is rounded to that many hex
//! digits, ties to even, and a carry may turn the leading digit into `2` (or a subnormal's `0`
//! into `1`) without renormalising — all as glibc does.

use super::spec::Spec;

/// Formats `value` with conversion `conversion` (one of `aAeEfFgG`) into `out`.
pub(crate) fn format_float(out: &mut Vec<u8>, spec: &Spec, conversion: u8, value: f64) {
    let upper = conversion.is_ascii_uppercase();
    let sign = spec.sign(value.is_sign_negative());
    if !value.is_finite() {
        let text: &[u8] = match (value.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        spec.pad(out, sign, text, false);
        return;
    }
    let magnitude = value.abs();
    let mut body = match conversion.to_ascii_lowercase() {
        b'e' => exponent_style(magnitude, spec.precision.unwrap_or(6), spec.alternate),
        b'f' => fixed_style(magnitude, spec.precision.unwrap_or(6), spec.alternate),
        b'g' => general_style(magnitude, spec.precision.unwrap_or(6), spec.alternate),
        _ => hex_style(magnitude, spec.precision, spec.alternate),
    };
    let mut prefix = sign.to_vec();
    if conversion.eq_ignore_ascii_case(&b'a') {
        prefix.extend_from_slice(b"0x");
    }
    if upper {
        body.make_ascii_uppercase();
        prefix.make_ascii_uppercase();
    }
    spec.pad(out, &prefix, &body, spec.zero_pad && !spec.left_justify);
}

/// `%e` digits of a non-negative finite number: `d.ddde±XX`.
fn exponent_style(magnitude: f64, precision: usize, alternate: bool) -> Vec<u8> {
    let (mantissa, exponent) = scientific_digits(magnitude, precision);
    let mut body = mantissa.into_bytes();
    if alternate && precision == 0 {
        body.push(b'.');
    }
    push_exponent(&mut body, b'e', exponent);
    body
}

/// `%f` digits of a non-negative finite number.
fn fixed_style(magnitude: f64, precision: usize, alternate: bool) -> Vec<u8> {
    let mut body = format!("{magnitude:.precision$}").into_bytes();
    if alternate && precision == 0 {
        body.push(b'.');
    }
    body
}

/// `%g`: `%e` or `%f` style depending on the decimal exponent after rounding.
fn general_style(magnitude: f64, precision: usize, alternate: bool) -> Vec<u8> {
    let significant = precision.max(1);
    let exponent = if magnitude == 0.0 {
        0
    } else {
        scientific_digits(magnitude, significant - 1).1
    };
    let mut body = if exponent < -4 || exponent >= significant as i32 {
        if alternate && exponent == significant as i32 && carried(magnitude, exponent) {
            // glibc quirk, reproduced: when rounding to P digits carried the value from
            // exponent P-1 up to exponent P, `%#g` prints "1." without the zeros.
            let mut body = b"1.".to_vec();
            push_exponent(&mut body, b'e', exponent);
            return body;
        }
        let (mantissa, exponent) = scientific_digits(magnitude, significant - 1);
        let mut mantissa = mantissa.into_bytes();
        if !alternate {
            strip_fraction_zeros(&mut mantissa);
        } else if significant == 1 {
            mantissa.push(b'.');
        }
        push_exponent(&mut mantissa, b'e', exponent);
        return mantissa;
    } else {
        let decimals = (significant as i32 - 1 - exponent) as usize;
        format!("{magnitude:.decimals$}").into_bytes()
    };
    if !alternate {
        strip_fraction_zeros(&mut body);
    } else if !body.contains(&b'.') {
        body.push(b'.');
    }
    body
}

/// Whether the exact decimal exponent of `magnitude` is below `rounded_exponent`, i.e. the
/// rounding carried into a new digit (9.995 → 1.00e+01). 60 digits are far more than the
/// distance of any double from a power of ten needs.
fn carried(magnitude: f64, rounded_exponent: i32) -> bool {
    scientific_digits(magnitude, 60).1 < rounded_exponent
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing follows.
fn strip_fraction_zeros(digits: &mut Vec<u8>) {
    if digits.contains(&b'.') {
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.last() == Some(&b'.') {
            digits.pop();
        }
    }
}

/// `d.ddd` with `precision` decimals and the decimal exponent, correctly rounded.
fn scientific_digits(magnitude: f64, precision: usize) -> (String, i32) {
    let text = format!("{magnitude:.precision$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => (mantissa.to_owned(), exponent.parse().unwrap_or(0)),
        None => (text, 0),
    }
}

/// Appends `e+XX`: the exponent with its sign and at least two digits.
fn push_exponent(body: &mut Vec<u8>, letter: u8, exponent: i32) {
    body.push(letter);
    body.push(if exponent < 0 { b'-' } else { b'+' });
    body.extend_from_slice(format!("{:02}", exponent.unsigned_abs()).as_bytes());
}

/// Number of hex digits in a double's fraction (52 bits).
const FRACTION_HEX_DIGITS: usize = 13;

/// `%a` without the sign and `0x`: `h.hhhp±d` as glibc writes it.
fn hex_style(magnitude: f64, precision: Option<usize>, alternate: bool) -> Vec<u8> {
    let bits = magnitude.to_bits();
    let biased_exponent = ((bits >> 52) & 0x7ff) as i32;
    let mut fraction = bits & ((1u64 << 52) - 1);
    let (mut leading, exponent) = match (biased_exponent, fraction) {
        (0, 0) => (0u64, 0),
        (0, _) => (0u64, -1022),
        _ => (1u64, biased_exponent - 1023),
    };
    let digits = match precision {
        None => {
            let mut count = FRACTION_HEX_DIGITS;
            while count > 0 && (fraction >> (4 * (FRACTION_HEX_DIGITS - count))) & 0xf == 0 {
                count -= 1;
            }
            fraction >>= 4 * (FRACTION_HEX_DIGITS - count);
            count
        }
        Some(wanted) if wanted < FRACTION_HEX_DIGITS => {
            let dropped_bits = 4 * (FRACTION_HEX_DIGITS - wanted) as u32;
            let kept = fraction >> dropped_bits;
            let remainder = fraction & ((1u64 << dropped_bits) - 1);
            let half = 1u64 << (dropped_bits - 1);
            // Ties go to even; with no fraction digits kept, the last kept digit is the leading one.
            let last_kept = if wanted == 0 { leading } else { kept };
            let round_up = remainder > half || (remainder == half && last_kept & 1 == 1);
            fraction = kept + u64::from(round_up);
            if fraction >> (4 * wanted) != 0 {
                // The carry left the fraction: it moves into the leading digit.
                leading += 1;
                fraction &= (1u64 << (4 * wanted)) - 1;
            }
            wanted
        }
        Some(wanted) => wanted, // more digits than the fraction has: zeros follow
    };
    let mut body = format!("{leading:x}").into_bytes();
    if digits > 0 || alternate {
        body.push(b'.');
    }
    let shown = digits.min(FRACTION_HEX_DIGITS);
    if shown > 0 {
        body.extend_from_slice(format!("{fraction:0shown$x}").as_bytes());
    }
    body.resize(body.len() + (digits - shown), b'0');
    body.push(b'p');
    body.push(if exponent < 0 { b'-' } else { b'+' });
    body.extend_from_slice(exponent.unsigned_abs().to_string().as_bytes());
    body
}

/// `%a` of a float exactly as `string.format("%a", x)` writes it (used by `%q`).
pub(crate) fn hex_float(value: f64) -> Vec<u8> {
    let mut out = Vec::new();
    format_float(&mut out, &Spec::default(), b'a', value);
    out
}
