//! Numbers in the runtime: string→number conversion (`lua_stringtonumber`, `tonumber` with a
//! base, C's `ldexp` for hex floats), plus the arithmetic, float↔integer and `%.14g` rules of
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
    if t.iter().any(|&b| b == b'n' || b == b'N') {
        return None;
    }
    let (neg, body) = match t[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let v = if body.len() > 1 && body[0] == b'0' && (body[1] | 0x20) == b'x' {
        hex_float(&body[2..])?
    } else {
        if !body
            .iter()
            .all(|&b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        if !body
            .first()
            .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        {
            return None;
        }
        std::str::from_utf8(body).ok()?.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn hex_float(s: &[u8]) -> Option<f64> {
    let mut mantissa: f64 = 0.0;
    let mut exp: i64 = 0;
    let mut any = false;
    let mut i = 0;
    let mut seen_dot = false;
    while i < s.len() {
        let b = s[i];
        if b == b'.' {
            if seen_dot {
                return None;
            }
            seen_dot = true;
        } else if let Some(d) = (b as char).to_digit(16) {
            mantissa = mantissa * 16.0 + d as f64;
            if seen_dot {
                exp -= 4;
            }
            any = true;
        } else {
            break;
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < s.len() {
        if s[i] | 0x20 != b'p' {
            return None;
        }
        i += 1;
        let rest = std::str::from_utf8(&s[i..]).ok()?;
        if rest.is_empty() || rest.starts_with("+-") {
            return None;
        }
        let e: i64 = rest.parse().ok()?;
        exp = exp.saturating_add(e);
    }
    Some(ldexp(mantissa, exp))
}

/// `m * 2^exp` without intermediate overflow or underflow (C's `ldexp`).
pub fn ldexp(mut m: f64, exp: i64) -> f64 {
    let mut e = exp.clamp(-5000, 5000);
    while e > 1000 {
        m *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        m *= 2f64.powi(-1000);
        e += 1000;
    }
    // Split the last step so subnormal results are rounded once.
    if e < -1022 {
        m *= 2f64.powi(-1022);
        e += 1022;
    }
    m * 2f64.powi(e as i32)
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
        assert_eq!(str_to_int_base(b"z", 36), Some(35));
        assert_eq!(str_to_int_base(b"10", 2), Some(2));
        assert_eq!(str_to_int_base(b"2", 2), None);
    }
}
