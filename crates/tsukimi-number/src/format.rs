//! `tostring` of a float: C's `printf("%.14g")` (`LUAI_NUMFFORMAT`) plus `.0` when the text
//! looks like an integer (`lobject.c`'s `tostringbuff`), byte for byte as lua5.4 on glibc.
//!
//! The digits come from Rust's formatter, which — like glibc — gives the exactly rounded
//! decimal expansion of the binary value (`{:.*e}` for `%e`'s digits, `{:.*}` for `%f`'s).
//! On top of that this file does what `%g` adds: it picks the style from the decimal exponent
//! X *after* rounding to P significant digits (`e` style when X < -4 or X ≥ P, else fixed with
//! P-1-X decimals), removes trailing zeros and a bare decimal point, and writes the exponent
//! with a sign and at least two digits. Infinities are `inf`/`-inf`; NaNs are `nan`/`-nan` by
//! their sign bit, as glibc prints them (Lua's `0/0` is a negative NaN on x86: `-nan`).
//!
//! This is the one `%.14g` of tsukimi: the runtime's `tostring`, the listing's constants and
//! the text library's `float_to_lua_string` all come here. (`string.format`'s `%g` with flags
//! and widths is the text library's printf engine, which uses the same digit source.)

/// Precisions above this print the same text as this one (see [`format_g`]).
const MAX_USEFUL_PRECISION: usize = 800;

/// `printf("%.<precision>g", f)` as glibc writes it (a precision of 0 counts as 1).
pub fn format_g(f: f64, precision: usize) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // A double has at most 767 significant decimal digits and a decimal exponent within
    // ±324, so any precision above 800 prints exactly what 800 prints (`%g` strips the zeros
    // and picks the fixed style either way); the clamp only bounds the work.
    let significant = precision.clamp(1, MAX_USEFUL_PRECISION);
    format_g_from_shortest(f, significant).unwrap_or_else(|| format_g_exact(f, significant))
}

/// `%.<significant>g` of a finite, non-zero `f` from its exact value rounded to
/// `significant` digits (`{:.*e}`).
fn format_g_exact(f: f64, significant: usize) -> String {
    let scientific = format!("{:.*e}", significant - 1, f);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if exponent < -4 || i64::from(exponent) >= significant as i64 {
        let mantissa = strip_fraction_zeros(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    } else {
        let decimals = (significant as i64 - 1 - i64::from(exponent)).max(0) as usize;
        strip_fraction_zeros(&format!("{:.*}", decimals, f)).to_string()
    }
}

/// The largest precision for which [`format_g_from_shortest`] is exact.
const SHORTEST_MAX_PRECISION: usize = 15;

/// `%.<significant>g` from the shortest decimal that reads back as `f` (`{:e}`), when that
/// decimal has at most `significant` digits; `None` otherwise. Exact for `significant` up to
/// 15 and normal `f`: the double's exact value lies within half an ulp (at most 1.2e-16 relative) of that
/// decimal, which is on the grid of `significant`-digit numbers, while the nearest halfway
/// point of that grid is at least 5e-16 relative away; so rounding the exact value to
/// `significant` digits gives that decimal. `{:.*e}` with a precision formats the exact
/// value instead, often through the bignum fallback (`flt2dec::dragon`): a third of a loop
/// of `print(2.5)`. `tostring` (`%.14g`) nearly always takes this path.
fn format_g_from_shortest(f: f64, significant: usize) -> Option<String> {
    // Subnormals carry fewer than 53 bits, so their half ulp is relatively larger.
    if significant > SHORTEST_MAX_PRECISION || !f.is_normal() {
        return None;
    }
    let shortest = format!("{f:e}");
    let (mantissa, exponent) = shortest.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    if digits.len() > significant {
        return None;
    }
    let mut out = String::with_capacity(digits.len() + 8);
    out.push_str(sign);
    if exponent < -4 || i64::from(exponent) >= significant as i64 {
        // `mantissa` is `d` or `d.ddd` without trailing zeros, as `%g` leaves it.
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!(
            "{mantissa}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        ));
    } else if exponent >= 0 {
        let integer_digits = exponent as usize + 1;
        if digits.len() <= integer_digits {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', integer_digits - digits.len()));
        } else {
            out.push_str(&digits[..integer_digits]);
            out.push('.');
            out.push_str(&digits[integer_digits..]);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n(
            '0',
            exponent.unsigned_abs() as usize - 1,
        ));
        out.push_str(&digits);
    }
    Some(out)
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing follows.
fn strip_fraction_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Whether `%g` text reads as an integer (only a sign and digits), so `tostring` adds `.0`.
fn looks_like_integer(text: &str) -> bool {
    text.bytes().all(|b| b == b'-' || b.is_ascii_digit())
}

/// `tostring` of a float: `%.14g`, plus `.0` when the result looks like an integer
/// (`1.0`, `0.1`, `1e+100`, `-0.0`, `inf`, `-nan`).
pub fn format_float(f: f64) -> String {
    let mut text = format_g(f, 14);
    if looks_like_integer(&text) {
        text.push_str(".0");
    }
    text
}

/// Appends [`format_float`]`(f)` to a byte buffer.
pub fn write_float(out: &mut Vec<u8>, f: f64) {
    out.extend_from_slice(format_float(f).as_bytes());
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
            (0.0, "0.0"),
            (100.0, "100.0"),
            (-3.0, "-3.0"),
            (1e100, "1e+100"),
            (0.1, "0.1"),
            (123456789012.5, "123456789012.5"),
            (std::f64::consts::PI, "3.1415926535898"),
            (1.0 / 3.0, "0.33333333333333"),
            (f64::from_bits(1), "4.9406564584125e-324"),
            (f64::MAX, "1.7976931348623e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072e-308"),
            (123e-7, "1.23e-05"),
            (1e-4, "0.0001"),
            (99999999999999.5, "1e+14"),
            (12345678901234.5, "12345678901234.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (f, s) in cases {
            assert_eq!(format_float(*f), *s, "formatting {f}");
        }
        assert_eq!(format_float(-f64::NAN), "-nan");
        assert_eq!(format_float(f64::NAN), "nan");
        let mut out = b"x=".to_vec();
        write_float(&mut out, 2.5);
        assert_eq!(out, b"x=2.5");
    }

    #[test]
    fn general_format_like_printf() {
        assert_eq!(format_g(2.5, 14), "2.5");
        assert_eq!(format_g(3.0, 14), "3");
        assert_eq!(format_g(123456789012345.0, 14), "1.2345678901234e+14");
        assert_eq!(format_g(1e-5, 14), "1e-05");
        assert_eq!(format_g(0.5, 0), "0.5");
        assert_eq!(format_g(1234.5, 1), "1e+03");
        assert_eq!(format_g(1234.5, 6), "1234.5");
        assert_eq!(format_g(0.1, usize::MAX), format_g(0.1, 800));
        assert_eq!(format_g(0.1, 800), format_g(0.1, 1000));
        assert_eq!(format_g(1e300, 5000), format_g(1e300, 800));
    }

    /// The shortest-digits path agrees with exact formatting: on short decimals (where it is
    /// taken), on random bit patterns (mostly 17 digits: it declines), and on values just
    /// beside halfway points of the 14- and 15-digit grids.
    #[test]
    fn shortest_path_agrees_with_exact_formatting() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values = vec![2.5, 0.1, 1e-5, 123e-7, 99999999999999.5, 1e15, 5e-324, 1e22];
        for _ in 0..200_000 {
            let r = next();
            values.push(f64::from_bits(r));
            let digits = (r % 15) as i32 + 1;
            let mantissa = (next() % 10u64.pow(digits as u32)) as f64;
            let exponent = (next() % 80) as i32 - 40;
            values.push(mantissa * 10f64.powi(exponent));
            let half = (1.0 + (next() % 1_000_000) as f64 * 1e-6) * 10f64.powi(exponent);
            values.push(half + half * 5e-15);
            values.push(-(mantissa + 0.5) * 10f64.powi(exponent));
        }
        for f in values {
            if !f.is_finite() || f == 0.0 {
                continue;
            }
            for significant in [1, 2, 6, 13, 14, 15] {
                assert_eq!(
                    format_g(f, significant),
                    format_g_exact(f, significant),
                    "{f:e} at precision {significant}"
                );
            }
        }
    }
}
