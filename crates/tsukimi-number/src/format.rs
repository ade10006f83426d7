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
}
