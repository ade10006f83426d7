//! Conversion specifications of `string.format`: reading, validating, padding.
//!
//! lstrlib copies each specification (`%`, flags, width, precision, conversion byte) into a
//! small buffer (`getformat`: at most 21 bytes after the `%`, else `invalid format (too
//! long)`), then checks it against the flags that conversion accepts (`checkformat`: width
//! and precision of at most two digits, a width cannot start with `0`, otherwise `invalid
//! conversion specification: '%…'`) before handing it to C's `sprintf`. [`Spec`] is that
//! validated specification; [`Spec::pad`] is the part of printf that lays out sign, prefix,
//! zero padding and justification, shared by the integer, float and string conversions.
//!
//! Flags accepted per conversion (lstrlib `L_FMTFLAGS*`): `-+ #0` for `a A e E f F g G`,
//! `-#0` for `o x X`, `-+0 ` for `d i`, `-0` for `u`, `-` for `c p s`.

use crate::TextError;

/// Flags of the float conversions.
pub(crate) const FLAGS_FLOAT: &[u8] = b"-+#0 ";
/// Flags of `o x X`.
pub(crate) const FLAGS_HEX: &[u8] = b"-#0";
/// Flags of `d i`.
pub(crate) const FLAGS_INT: &[u8] = b"-+0 ";
/// Flags of `u`.
pub(crate) const FLAGS_UNSIGNED: &[u8] = b"-0";
/// Flags of `c p s`.
pub(crate) const FLAGS_CHAR: &[u8] = b"-";

/// Longest specification lstrlib accepts, counted after the `%` (`MAX_FORMAT - 10`, exclusive).
const MAX_SPEC_LEN: usize = 22;

/// The raw text of one specification: `%` plus flags/width/precision bytes plus the
/// conversion byte (0 when the format string ended right after them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawSpec {
    /// `%…c`, as lstrlib's `form` buffer holds it (without a trailing NUL conversion byte).
    pub(crate) form: Vec<u8>,
    /// The conversion byte, 0 at the end of the format string.
    pub(crate) conversion: u8,
    /// How many bytes of the format string (after the `%`) the specification used.
    pub(crate) consumed: usize,
}

/// lstrlib `getformat`: reads the specification starting just after a `%`.
pub(crate) fn read_spec(rest: &[u8]) -> Result<RawSpec, TextError> {
    let span = rest
        .iter()
        .take_while(|c| FLAGS_FLOAT.contains(c) || matches!(c, b'1'..=b'9' | b'.'))
        .count();
    let len = span + 1;
    if len >= MAX_SPEC_LEN {
        return Err(TextError::message("invalid format (too long)"));
    }
    let conversion = rest.get(span).copied().unwrap_or(0);
    let mut form = Vec::with_capacity(len + 1);
    form.push(b'%');
    form.extend_from_slice(&rest[..span]);
    if conversion != 0 {
        form.push(conversion);
    }
    Ok(RawSpec {
        form,
        conversion,
        consumed: len.min(rest.len()),
    })
}

/// A validated specification, ready for laying out a value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) left_justify: bool,
    pub(crate) plus_sign: bool,
    pub(crate) space_sign: bool,
    pub(crate) alternate: bool,
    pub(crate) zero_pad: bool,
    pub(crate) width: usize,
    pub(crate) precision: Option<usize>,
}

/// Skips at most two ASCII digits from `i`, returning the new index and their value.
fn two_digits(form: &[u8], mut i: usize) -> (usize, usize) {
    let mut value = 0;
    for _ in 0..2 {
        match form.get(i) {
            Some(c) if c.is_ascii_digit() => {
                value = value * 10 + usize::from(c - b'0');
                i += 1;
            }
            _ => break,
        }
    }
    (i, value)
}

impl Spec {
    /// lstrlib `checkformat` plus the parse printf would do: `allowed_flags` are the flags
    /// this conversion accepts, `allow_precision` whether a `.precision` may appear.
    pub(crate) fn check(
        raw: &RawSpec,
        allowed_flags: &[u8],
        allow_precision: bool,
    ) -> Result<Spec, TextError> {
        let form = &raw.form;
        let mut spec = Spec::default();
        let mut i = 1;
        while let Some(&c) = form.get(i) {
            if !allowed_flags.contains(&c) {
                break;
            }
            match c {
                b'-' => spec.left_justify = true,
                b'+' => spec.plus_sign = true,
                b' ' => spec.space_sign = true,
                b'#' => spec.alternate = true,
                _ => spec.zero_pad = true,
            }
            i += 1;
        }
        if form.get(i) != Some(&b'0') {
            let (next, width) = two_digits(form, i);
            i = next;
            spec.width = width;
            if form.get(i) == Some(&b'.') && allow_precision {
                let (next, precision) = two_digits(form, i + 1);
                i = next;
                spec.precision = Some(precision);
            }
        }
        match form.get(i) {
            Some(c) if c.is_ascii_alphabetic() && i + 1 == form.len() => Ok(spec),
            _ => {
                let mut message = b"invalid conversion specification: '".to_vec();
                message.extend_from_slice(form);
                message.push(b'\'');
                Err(TextError::Message(message))
            }
        }
    }

    /// Lays out one converted value like printf: `sign` (sign and/or `0x` prefix) then
    /// `body`, padded to the width — with zeros between sign and body when `zero_fill` is
    /// true (the `0` flag where the conversion honours it), with spaces otherwise.
    pub(crate) fn pad(&self, out: &mut Vec<u8>, sign: &[u8], body: &[u8], zero_fill: bool) {
        let len = sign.len() + body.len();
        let fill = self.width.saturating_sub(len);
        if self.left_justify {
            out.extend_from_slice(sign);
            out.extend_from_slice(body);
            out.resize(out.len() + fill, b' ');
        } else if zero_fill {
            out.extend_from_slice(sign);
            out.resize(out.len() + fill, b'0');
            out.extend_from_slice(body);
        } else {
            out.resize(out.len() + fill, b' ');
            out.extend_from_slice(sign);
            out.extend_from_slice(body);
        }
    }

    /// The sign printf writes before a number: `-`, `+` (flag `+`), space (flag ` `) or none.
    pub(crate) fn sign(&self, negative: bool) -> &'static [u8] {
        if negative {
            b"-"
        } else if self.plus_sign {
            b"+"
        } else if self.space_sign {
            b" "
        } else {
            b""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_checks_specs() {
        let raw = read_spec(b"-5.2fxyz").unwrap();
        assert_eq!(
            (raw.form.as_slice(), raw.conversion, raw.consumed),
            (&b"%-5.2f"[..], b'f', 5)
        );
        let spec = Spec::check(&raw, FLAGS_FLOAT, true).unwrap();
        assert_eq!(
            (spec.width, spec.precision, spec.left_justify),
            (5, Some(2), true)
        );
        let raw = read_spec(b"10.123d").unwrap();
        assert!(Spec::check(&raw, FLAGS_INT, true).is_err());
        let raw = read_spec(b"").unwrap();
        assert_eq!((raw.form.as_slice(), raw.conversion), (&b"%"[..], 0));
        assert!(read_spec(&[b'-'; 25]).is_err());
    }
}
