//! Numbers in the runtime: string→number conversion (`lua_stringtonumber`, `tonumber` with a
//! base; floats go through the lexer's converter, which is `strtod` exactly: correctly
//! rounded, any number of digits), plus the arithmetic, float↔integer and `%.14g` rules of
//! Lua 5.4 re-exported from `tsukimi-number`, the one crate where they are written (the
//! compiler's constant folder and the listing use the same functions, so folded and run-time
//! results cannot drift apart). Callers keep writing `number::int_mod` and friends.

pub use tsukimi_number::{
    float_ceil_to_int, float_floor_div, float_floor_to_int, float_mod, float_pow,
    float_to_exact_int, format_float, format_g, int_floor_div, int_mod, shift_left, shift_right,
};

/// A parsed number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

/// `lua_stringtonumber`: decimal or hex integers (hex wraps around), decimal or hex floats,
/// surrounding whitespace allowed; `inf`/`nan` rejected.
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    let t = trim(s);
    if t.is_empty() {
        return None;
    }
    if let Some(i) = str_to_int(t) {
        return Some(Number::Int(i));
    }
    str_to_float(t).map(Number::Float)
}

fn str_to_int(t: &[u8]) -> Option<i64> {
    let (neg, digits) = match t[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.len() > 2 && digits[0] == b'0' && (digits[1] | 0x20) == b'x' {
        let hex = &digits[2..];
        if hex.is_empty() {
            return None;
        }
        let mut v: u64 = 0;
        for &b in hex {
            v = v
                .wrapping_mul(16)
                .wrapping_add((b as char).to_digit(16)? as u64);
        }
        let v = v as i64;
        return Some(if neg { v.wrapping_neg() } else { v });
    }
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((b - b'0') as u64)?;
    }
    if neg {
        if v > 1u64 << 63 {
            return None;
        }
        Some((v as i64).wrapping_neg())
    } else {
        i64::try_from(v).ok()
    }
}

fn str_to_float(t: &[u8]) -> Option<f64> {
    let (neg, body) = match t[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    // The lexer's converter is `strtod` exactly (correctly rounded decimal and hex numerals,
    // any number of digits, exponents of any size, no `inf`/`nan`); a second sign is not
    // part of a numeral.
    if matches!(body.first(), Some(b'-' | b'+')) {
        return None;
    }
    let v = match tsukimi_syntax::lexer::numeral::convert(body)? {
        tsukimi_syntax::lexer::numeral::Numeral::Float(f) => f,
        // Integers were tried first (`str_to_int`); only a decimal integer too large for an
        // i64 arrives here, and the lexer then answers with a float.
        tsukimi_syntax::lexer::numeral::Numeral::Int(i) => i as f64,
    };
    Some(if neg { -v } else { v })
}

/// `tonumber(s, base)` for an explicit base (2..=36): an integer or `None`.
pub fn str_to_int_base(s: &[u8], base: u32) -> Option<i64> {
    let t = trim(s);
    let (neg, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &b in digits {
        let d = (b as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        v = v.wrapping_mul(base as i64).wrapping_add(d as i64);
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_lua() {
        assert_eq!(str_to_number(b"0x10"), Some(Number::Int(16)));
        assert_eq!(str_to_number(b" 10 "), Some(Number::Int(10)));
        assert_eq!(str_to_number(b"1e1"), Some(Number::Float(10.0)));
        assert_eq!(str_to_number(b"0x1p4"), Some(Number::Float(16.0)));
        assert_eq!(str_to_number(b"0x.8"), Some(Number::Float(0.5)));
        assert_eq!(str_to_number(b""), None);
        assert_eq!(str_to_number(b"0x"), None);
        assert_eq!(str_to_number(b"1 2"), None);
        assert_eq!(str_to_number(b"inf"), None);
        assert_eq!(str_to_number(b"nan"), None);
        assert_eq!(
            str_to_number(b"9223372036854775808"),
            Some(Number::Float(9.223_372_036_854_776e18))
        );
        assert_eq!(
            str_to_number(b"-9223372036854775808"),
            Some(Number::Int(i64::MIN))
        );
        assert_eq!(
            str_to_number(b"0xffffffffffffffffff"),
            Some(Number::Int(-1))
        );
        assert_eq!(str_to_number(b".5"), Some(Number::Float(0.5)));
        assert_eq!(str_to_number(b"5."), Some(Number::Float(5.0)));
        assert_eq!(str_to_number(b"1e"), None);
        // Hex floats are `strtod`'s, correctly rounded whatever the digit count:
        // lua5.4: tonumber("0x1" .. ("0"):rep(300) .. "p-1200") == 1.0
        let mut many = b"0x1".to_vec();
        many.extend_from_slice(&[b'0'; 300]);
        many.extend_from_slice(b"p-1200");
        assert_eq!(str_to_number(&many), Some(Number::Float(1.0)));
        assert_eq!(
            str_to_number(b"0x1p99999999999999999999"),
            Some(Number::Float(f64::INFINITY))
        );
        assert_eq!(
            str_to_number(b"-0x1.fffffffffffff8p1023"),
            Some(Number::Float(f64::NEG_INFINITY))
        );
        assert_eq!(str_to_number(b"+-1"), None);
        assert_eq!(str_to_number(b"--1"), None);
        assert_eq!(str_to_number(b"0x1p"), None);
        assert_eq!(str_to_number(b"1e+"), None);
        assert_eq!(str_to_number(b" 0x.8p1 "), Some(Number::Float(1.0)));
        assert_eq!(str_to_int_base(b"z", 36), Some(35));
        assert_eq!(str_to_int_base(b"10", 2), Some(2));
        assert_eq!(str_to_int_base(b"2", 2), None);
    }
}
