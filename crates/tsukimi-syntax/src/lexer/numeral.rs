//! Numeral conversion exactly as `luaO_str2num` does it for the lexer.
//!
//! The lexer collects a numeral's characters liberally (digits, hex digits, dots, exponent
//! marks with an optional sign, and one touching letter to force an error), then asks
//! [`convert`] what they mean. The rules are `lobject.c`'s:
//!
//! 1. `l_str2int`: a decimal integer that fits in an `i64`, or `0x` followed by hex digits
//!    only. Hex integers wrap around modulo 2^64 (`0xffffffffffffffff` is `-1`); a decimal
//!    integer that overflows is *not* an integer and falls through to rule 2.
//! 2. `l_str2d`: the whole text must be one C99 `strtod` numeral, decimal (`3.`, `.5`,
//!    `1e-3`) or hexadecimal (`0x1.8p3`, `0xA.`), and may not contain `n`/`N` (so `inf` and
//!    `nan` are never numerals). Results are correctly rounded (round half to even), as glibc's
//!    `strtod` is; overflow gives infinity and underflow gives zero or a subnormal.
//!
//! Invariant: [`convert`] never panics, whatever bytes it is given.

/// The value of a numeral.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Numeral {
    Int(i64),
    Float(f64),
}

/// Converts the text of a numeral, or `None` when it is malformed.
pub fn convert(text: &[u8]) -> Option<Numeral> {
    if let Some(value) = to_integer(text) {
        return Some(Numeral::Int(value));
    }
    if text.iter().any(|&b| b == b'n' || b == b'N') {
        return None;
    }
    to_float(text).map(Numeral::Float)
}

/// `l_str2int` without sign or surrounding spaces (the lexer never collects those).
fn to_integer(text: &[u8]) -> Option<i64> {
    if let Some(digits) = strip_hex_prefix(text) {
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = digits.iter().fold(0u64, |acc, &d| {
            acc.wrapping_mul(16).wrapping_add(hex_value(d))
        });
        return Some(value as i64);
    }
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: i64 = 0;
    for &d in text {
        value = value.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(value)
}

fn strip_hex_prefix(text: &[u8]) -> Option<&[u8]> {
    match text {
        [b'0', b'x' | b'X', rest @ ..] => Some(rest),
        _ => None,
    }
}

/// Value of an ASCII hex digit (the caller has checked it is one).
fn hex_value(digit: u8) -> u64 {
    match digit {
        b'0'..=b'9' => u64::from(digit - b'0'),
        b'a'..=b'f' => u64::from(digit - b'a' + 10),
        b'A'..=b'F' => u64::from(digit - b'A' + 10),
        _ => 0,
    }
}

/// `strtod` on the whole text: `None` unless every byte is part of the numeral.
fn to_float(text: &[u8]) -> Option<f64> {
    match strip_hex_prefix(text) {
        Some(rest) => hex_float(rest),
        None => decimal_float(text),
    }
}

/// Splits `digits [. digits] [marker [sign] decimal-digits]` into its parts. The mantissa
/// must hold at least one digit; an exponent marker must be followed by at least one digit.
struct FloatParts<'a> {
    int_digits: &'a [u8],
    frac_digits: &'a [u8],
    exponent: Option<(bool, &'a [u8])>,
}

fn split_float(text: &[u8], is_digit: fn(&u8) -> bool, markers: [u8; 2]) -> Option<FloatParts<'_>> {
    let int_len = text.iter().take_while(|b| is_digit(b)).count();
    let (int_digits, mut rest) = text.split_at(int_len);
    let mut frac_digits: &[u8] = &[];
    if let Some((b'.', after_dot)) = rest.split_first() {
        let frac_len = after_dot.iter().take_while(|b| is_digit(b)).count();
        frac_digits = &after_dot[..frac_len];
        rest = &after_dot[frac_len..];
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let mut exponent = None;
    if let Some((&marker, after_marker)) = rest.split_first() {
        if !markers.contains(&marker) {
            return None;
        }
        let (negative, digits) = match after_marker.split_first() {
            Some((b'-', digits)) => (true, digits),
            Some((b'+', digits)) => (false, digits),
            _ => (false, after_marker),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        exponent = Some((negative, digits));
    }
    Some(FloatParts {
        int_digits,
        frac_digits,
        exponent,
    })
}

/// A decimal `strtod` numeral, converted with Rust's correctly rounded parser.
fn decimal_float(text: &[u8]) -> Option<f64> {
    let parts = split_float(text, u8::is_ascii_digit, [b'e', b'E'])?;
    // Rebuild in a canonical spelling Rust's parser accepts (`3.` and `.5` become `3.0e0`...).
    let mut canonical = String::with_capacity(text.len() + 4);
    canonical.push_str(ascii(parts.int_digits).unwrap_or("0"));
    canonical.push('.');
    canonical.push_str(ascii(parts.frac_digits).unwrap_or("0"));
    if let Some((negative, digits)) = parts.exponent {
        canonical.push('e');
        if negative {
            canonical.push('-');
        }
        canonical.push_str(ascii(digits)?);
    }
    canonical.parse::<f64>().ok()
}

/// The text as `&str` when non-empty (it is ASCII digits by construction).
fn ascii(digits: &[u8]) -> Option<&str> {
    if digits.is_empty() {
        None
    } else {
        std::str::from_utf8(digits).ok()
    }
}

/// A hexadecimal `strtod` numeral (after `0x`), correctly rounded to nearest, ties to even.
fn hex_float(text: &[u8]) -> Option<f64> {
    let parts = split_float(text, u8::is_ascii_hexdigit, [b'p', b'P'])?;
    // Accumulate at most 60 significant bits; later digits only matter as a sticky bit.
    let mut mantissa: u64 = 0;
    let mut binary_exponent: i64 = 0;
    let mut sticky = false;
    let mut take = |digit: u8, in_fraction: bool, mantissa: &mut u64, exponent: &mut i64| {
        if *mantissa >> 56 == 0 {
            *mantissa = *mantissa * 16 + hex_value(digit);
            if in_fraction {
                *exponent -= 4;
            }
        } else {
            sticky |= hex_value(digit) != 0;
            if !in_fraction {
                *exponent += 4;
            }
        }
    };
    for &digit in parts.int_digits {
        take(digit, false, &mut mantissa, &mut binary_exponent);
    }
    for &digit in parts.frac_digits {
        take(digit, true, &mut mantissa, &mut binary_exponent);
    }
    if let Some((negative, digits)) = parts.exponent {
        // Saturate: anything beyond a few thousand is infinity or zero anyway.
        let magnitude = digits.iter().fold(0i64, |acc, &d| {
            (acc * 10 + i64::from(d - b'0')).min(1 << 40)
        });
        binary_exponent += if negative { -magnitude } else { magnitude };
    }
    Some(compose_float(mantissa, sticky, binary_exponent))
}

/// The double nearest to `(mantissa + sticky·ε) · 2^exponent`, where `sticky` says that
/// non-zero bits were dropped below the mantissa (so a tie is really above the half-way point).
fn compose_float(mantissa: u64, sticky: bool, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    // Put the sticky bit just below the mantissa: it then never reaches the kept bits.
    let mantissa = (mantissa << 1) | u64::from(sticky);
    let exponent = exponent - 1;
    let leading = i64::from(mantissa.leading_zeros());
    let normalized = mantissa << leading; // top bit set: value = normalized · 2^(exponent - leading)
                                          // Unbiased exponent of the leading bit.
    let top = exponent - leading + 63;
    if top > 1023 {
        return f64::INFINITY;
    }
    // How many low bits of `normalized` to drop: 11 for normal numbers, more for subnormals.
    let drop = if top >= -1022 { 11 } else { 11 + (-1022 - top) };
    let kept = round_shift(normalized, drop);
    if top >= -1022 {
        // `kept` is in [2^52, 2^53]; a carry to 2^53 bumps the exponent.
        let (kept, top) = if kept >> 53 != 0 {
            (kept >> 1, top + 1)
        } else {
            (kept, top)
        };
        if top > 1023 {
            return f64::INFINITY;
        }
        let biased = (top + 1023) as u64;
        f64::from_bits((biased << 52) | (kept & ((1u64 << 52) - 1)))
    } else {
        // Subnormal (a carry into 2^52 lands exactly on the smallest normal's encoding).
        f64::from_bits(kept)
    }
}

/// `value >> shift`, rounded to nearest with ties to even.
fn round_shift(value: u64, shift: i64) -> u64 {
    if shift <= 0 {
        return value;
    }
    if shift > 64 {
        return 0; // below half of the smallest step
    }
    let wide = u128::from(value);
    let shift = shift as u32;
    let kept = wide >> shift;
    let remainder = wide & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let round_up = remainder > half || (remainder == half && kept & 1 == 1);
    (kept + u128::from(round_up)) as u64
}

#[cfg(test)]
mod tests {
    use super::{convert, Numeral};

    fn int(text: &str) -> Option<i64> {
        match convert(text.as_bytes()) {
            Some(Numeral::Int(v)) => Some(v),
            _ => None,
        }
    }

    fn float(text: &str) -> Option<f64> {
        match convert(text.as_bytes()) {
            Some(Numeral::Float(v)) => Some(v),
            _ => None,
        }
    }

    #[test]
    fn integers() {
        assert_eq!(int("0"), Some(0));
        assert_eq!(int("08"), Some(8));
        assert_eq!(int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(int("0x7fffffffffffffff"), Some(i64::MAX));
        assert_eq!(int("0xffffffffffffffff"), Some(-1));
        assert_eq!(int("0x10000000000000000"), Some(0));
        assert_eq!(int("0X1f"), Some(31));
        assert_eq!(int("9223372036854775808"), None);
        assert_eq!(float("9223372036854775808"), Some(9223372036854775808.0));
    }

    #[test]
    fn decimal_floats() {
        assert_eq!(float("3."), Some(3.0));
        assert_eq!(float(".5"), Some(0.5));
        assert_eq!(float("1e2"), Some(100.0));
        assert_eq!(float("1.e2"), Some(100.0));
        assert_eq!(float(".5E-1"), Some(0.05));
        assert_eq!(float("1e+2"), Some(100.0));
        assert_eq!(float("1e309"), Some(f64::INFINITY));
        assert_eq!(float("1e-400"), Some(0.0));
        assert_eq!(float("1e99999999999999999999999"), Some(f64::INFINITY));
        assert_eq!(float("0.1"), Some(0.1));
        assert_eq!(
            float("123456789012345678901234567890"),
            Some(1.2345678901234568e29)
        );
    }

    #[test]
    fn hex_floats() {
        assert_eq!(float("0x1p4"), Some(16.0));
        assert_eq!(float("0x.8"), Some(0.5));
        assert_eq!(float("0xA."), Some(10.0));
        assert_eq!(float("0x1.8"), Some(1.5));
        assert_eq!(float("0x1P-2"), Some(0.25));
        assert_eq!(float("0x1p+1"), Some(2.0));
        assert_eq!(float("0x1p1024"), Some(f64::INFINITY));
        assert_eq!(float("0x1p1023"), Some(2f64.powi(1023)));
        assert_eq!(float("0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(float("0x1p-1075"), Some(0.0)); // tie rounds to even (zero)
        assert_eq!(float("0x1.8p-1075"), Some(f64::from_bits(1)));
        assert_eq!(float("0x1.fffffffffffff8p0"), Some(2.0)); // tie, odd: rounds up
        assert_eq!(float("0x1.fffffffffffff7p0"), Some(1.9999999999999998));
        assert_eq!(float("0x1.00000000000008p0"), Some(1.0)); // tie, even: down
        assert_eq!(float("0x1.000000000000080001p0"), Some(1.0000000000000002)); // sticky
        assert_eq!(
            float("0xffffffffffffffffff.0"),
            Some(4722366482869645213696.0)
        );
        assert_eq!(float("0x.0000000000000000000001p0"), Some(2f64.powi(-88)));
    }

    #[test]
    fn malformed() {
        for text in [
            "3x", "0x", "1e", "1e+", "0x1p", "1..2", "1.2.3", "0x.p1", "1f", "inf", "nan", "0x1n",
            "", ".",
        ] {
            assert_eq!(convert(text.as_bytes()), None, "{text}");
        }
    }
}
