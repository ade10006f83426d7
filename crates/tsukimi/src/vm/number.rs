//! Number semantics shared by the interpreter and the libraries: float↔integer conversion,
//! `%.14g` formatting (`tostring`), string→number conversion (`lua_stringtonumber`), and the
//! integer division/modulo rules of Lua 5.4.

/// The integer equal to `f`, if `f` is integral and in range (`luaV_flttointns` with F2Ieq).
#[inline]
pub fn float_to_exact_int(f: f64) -> Option<i64> {
    if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        Some(f as i64)
    } else {
        None
    }
}

/// Floor of `f` as an integer when in range (`luaV_flttointns` with F2Ifloor).
#[inline]
pub fn float_floor_to_int(f: f64) -> Option<i64> {
    float_to_exact_int(f.floor())
}

/// Integer floor division (`luaV_idiv`); `None` for division by zero.
#[inline]
pub fn int_floor_div(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(a.wrapping_neg());
    }
    let q = a / b;
    if (a % b != 0) && ((a ^ b) < 0) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

/// Integer modulo with the sign of the divisor (`luaV_mod`); `None` for modulo by zero.
#[inline]
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    let r = a % b;
    if r != 0 && (r ^ b) < 0 {
        Some(r + b)
    } else {
        Some(r)
    }
}

/// Float modulo (`luai_nummod`).
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 && (m > 0.0) != (b > 0.0) {
        m + b
    } else {
        m
    }
}

/// Float floor division.
#[inline]
pub fn float_floor_div(a: f64, b: f64) -> f64 {
    (a / b).floor()
}

/// Shift left with Lua semantics (negative shifts go right; shifts ≥ 64 give 0).
#[inline]
pub fn shift_left(x: i64, n: i64) -> i64 {
    if n <= -64 || n >= 64 {
        0
    } else if n >= 0 {
        ((x as u64) << n) as i64
    } else {
        ((x as u64) >> (-n)) as i64
    }
}

/// `printf("%.<precision>g", f)` as C does it (finite values only).
pub fn format_g(f: f64, precision: usize) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let p = precision.max(1);
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{:.*e}", p - 1, f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let m = strip_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{:.*}", decimals, f)).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// `tostring` of a float: `%.14g`, plus `.0` when the result looks like an integer.
pub fn format_float(f: f64) -> String {
    let mut s = format_g(f, 14);
    if s.bytes().all(|b| b == b'-' || b.is_ascii_digit()) {
        s.push_str(".0");
    }
    s
}

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
    fn formats_like_lua() {
        let cases: &[(f64, &str)] = &[
            (1e15, "1e+15"),
            (1e16, "1e+16"),
            (2f64.powi(53), "9.007199254741e+15"),
            (2f64.powi(63), "9.2233720368548e+18"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1e100, "1e+100"),
            (0.1, "0.1"),
            (123456789012.5, "123456789012.5"),
            (std::f64::consts::PI, "3.1415926535898"),
            (1.0 / 3.0, "0.33333333333333"),
            (f64::from_bits(1), "4.9406564584125e-324"),
            (123e-7, "1.23e-05"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (f, s) in cases {
            assert_eq!(format_float(*f), *s, "formatting {f}");
        }
        assert_eq!(format_float(-f64::NAN), "-nan");
        assert_eq!(format_float(f64::NAN), "nan");
    }

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

    #[test]
    fn integer_division_rules() {
        assert_eq!(int_floor_div(7, -2), Some(-4));
        assert_eq!(int_floor_div(i64::MIN, -1), Some(i64::MIN));
        assert_eq!(int_mod(-7, 3), Some(2));
        assert_eq!(int_mod(i64::MIN, -1), Some(0));
        assert_eq!(int_mod(1, 0), None);
        assert_eq!(float_mod(7.5, -2.0), -0.5);
    }
}
