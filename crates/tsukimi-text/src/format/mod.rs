//! `string.format`: C printf semantics in pure Rust, byte for byte like lua5.4 on glibc.
//!
//! # How it works
//! [`fn@format`] walks the format string: ordinary bytes are copied, `%%` writes `%`, and every
//! other `%` starts a conversion specification that consumes the next argument. Following
//! lstrlib's `str_format` exactly, for each specification it
//! 1. checks that an argument exists (`bad argument #n to 'format' (no value)`),
//! 2. reads the specification (`spec.rs`; `invalid format (too long)`),
//! 3. dispatches on the conversion byte; each conversion fetches its argument through
//!    [`FormatArgs`] and validates the flags it accepts, *in lstrlib's order* (so which error
//!    wins when both the argument and the specification are bad is the same as in lua5.4),
//! 4. lays the value out (`integer.rs`, `float.rs`, strings here, `%q` in `quote.rs`).
//!
//! An unknown conversion byte is `invalid conversion '%<spec>' to 'format'`; `%q` with any
//! modifier is `specifier '%q' cannot have modifiers`.
//!
//! # Talking to the VM
//! Arguments are fetched through the [`FormatArgs`] trait, implemented by the VM over the Lua
//! call's arguments. Argument numbers are Lua's: the format string is argument 1, the first
//! value argument is 2. The trait's methods do the `luaL_check*` work and report their own
//! errors (`bad argument #2 to 'format' (number expected, got table)`, `number has no integer
//! representation`) in the VM's error type; errors found here are [`TextError`]s converted
//! into that type through `From`.
//!
//! # Limits
//! Widths and precisions have at most two digits (≤ 99), as in lstrlib, so every item is
//! bounded; `%s` without precision copies strings of any length.

mod float;
mod integer;
mod quote;
mod spec;

pub use quote::{quote_float, quote_integer, quote_string};

use crate::TextError;
use spec::{read_spec, Spec, FLAGS_CHAR, FLAGS_FLOAT, FLAGS_HEX, FLAGS_INT, FLAGS_UNSIGNED};

/// A value as `%q` sees it (the VM classifies the argument; lstrlib `addliteral`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Literal<'a> {
    /// A string: written quoted and escaped.
    Str(&'a [u8]),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// `nil`.
    Nil,
    /// `true` or `false`.
    Boolean(bool),
    /// Any other type (table, function, userdata, thread): `value has no literal form`.
    Other,
}

/// The arguments of one `string.format` call, as the VM provides them.
///
/// `arg` is always the 1-based Lua argument position (the format string is 1).
pub trait FormatArgs {
    /// The VM's error type. Errors detected by the formatter arrive through `From`.
    type Error: From<TextError>;

    /// How many arguments the call has, the format string included (`lua_gettop`).
    fn count(&self) -> usize;

    /// `luaL_checkinteger`: an integer, a float with an exact integer value, or a string
    /// convertible to one; otherwise the VM's error (`number has no integer representation`,
    /// `number expected, got table`).
    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error>;

    /// `luaL_checknumber`: a number or a string convertible to one, as a float.
    fn number(&mut self, arg: usize) -> Result<f64, Self::Error>;

    /// `luaL_tolstring`: the string form of any value (honouring `__tostring` and `__name`).
    fn string(&mut self, arg: usize) -> Result<&[u8], Self::Error>;

    /// The value for `%q`, classified.
    fn literal(&mut self, arg: usize) -> Result<Literal<'_>, Self::Error>;

    /// `lua_topointer` for `%p`: the object's address, or 0 for values that are not objects
    /// (numbers, booleans, nil), which `%p` prints as `(null)`.
    fn pointer(&mut self, arg: usize) -> Result<usize, Self::Error>;
}

/// `string.format(fmt, ...)`: the formatted bytes.
pub fn format<A: FormatArgs + ?Sized>(fmt: &[u8], args: &mut A) -> Result<Vec<u8>, A::Error> {
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut arg = 1usize;
    let mut i = 0usize;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg > args.count() {
            return Err(TextError::bad_argument(arg, "no value").into());
        }
        let raw = read_spec(&fmt[i..])?;
        i += raw.consumed;
        format_one(&mut out, &raw, arg, args)?;
    }
    Ok(out)
}

/// One conversion, in lstrlib's order of checks.
fn format_one<A: FormatArgs + ?Sized>(
    out: &mut Vec<u8>,
    raw: &spec::RawSpec,
    arg: usize,
    args: &mut A,
) -> Result<(), A::Error> {
    match raw.conversion {
        b'c' => {
            let spec = Spec::check(raw, FLAGS_CHAR, false)?;
            let value = args.integer(arg)?;
            integer::format_char(out, &spec, value);
        }
        conversion @ (b'd' | b'i' | b'u' | b'o' | b'x' | b'X') => {
            let value = args.integer(arg)?;
            let flags = match conversion {
                b'd' | b'i' => FLAGS_INT,
                b'u' => FLAGS_UNSIGNED,
                _ => FLAGS_HEX,
            };
            let spec = Spec::check(raw, flags, true)?;
            integer::format_integer(out, &spec, conversion, value);
        }
        conversion @ (b'a' | b'A') => {
            let spec = Spec::check(raw, FLAGS_FLOAT, true)?;
            let value = args.number(arg)?;
            float::format_float(out, &spec, conversion, value);
        }
        conversion @ (b'e' | b'E' | b'f' | b'g' | b'G') => {
            let value = args.number(arg)?;
            let spec = Spec::check(raw, FLAGS_FLOAT, true)?;
            float::format_float(out, &spec, conversion, value);
        }
        b'p' => {
            let address = args.pointer(arg)?;
            let spec = Spec::check(raw, FLAGS_CHAR, false)?;
            if address == 0 {
                spec.pad(out, b"", b"(null)", false);
            } else {
                spec.pad(out, b"", format!("{address:#x}").as_bytes(), false);
            }
        }
        b'q' => {
            if raw.form.len() > 2 {
                return Err(TextError::message("specifier '%q' cannot have modifiers").into());
            }
            match args.literal(arg)? {
                Literal::Str(bytes) => {
                    // At most four bytes per byte, plus the quotes.
                    out.try_reserve(bytes.len().saturating_mul(4).saturating_add(2))
                        .map_err(|_| TextError::OutOfMemory)?;
                    quote_string(out, bytes)
                }
                Literal::Integer(value) => quote_integer(out, value),
                Literal::Float(value) => quote_float(out, value),
                Literal::Nil => out.extend_from_slice(b"nil"),
                Literal::Boolean(value) => {
                    out.extend_from_slice(if value { b"true" } else { b"false" })
                }
                Literal::Other => {
                    return Err(TextError::bad_argument(arg, "value has no literal form").into())
                }
            }
        }
        b's' => {
            let text = args.string(arg)?;
            if raw.form.len() == 2 {
                crate::try_extend(out, text)?;
            } else {
                if text.contains(&0) {
                    return Err(TextError::bad_argument(arg, "string contains zeros").into());
                }
                let spec = Spec::check(raw, FLAGS_CHAR, true)?;
                match spec.precision {
                    None if text.len() >= 100 => crate::try_extend(out, text)?,
                    precision => {
                        let shown = &text[..precision.unwrap_or(text.len()).min(text.len())];
                        spec.pad(out, b"", shown, false);
                    }
                }
            }
        }
        _ => {
            let mut message = b"invalid conversion '".to_vec();
            message.extend_from_slice(&raw.form);
            message.extend_from_slice(b"' to 'format'");
            return Err(TextError::Message(message).into());
        }
    }
    Ok(())
}

/// `tostring` of a float as lua5.4 writes it (`LUAI_NUMFFORMAT` `%.14g`, plus `.0` when the
/// result looks like an integer): `1.0`, `0.1`, `1e+100`, `-0.0`, `inf`, `-nan`.
///
/// This is `tsukimi-number`'s formatter, the one `%.14g` of tsukimi (it and this file's printf
/// engine agree on every double tried: 2 million values, random bit patterns, subnormals, huge
/// values and 14-digit rounding boundaries, all also equal to lua5.4's `tostring`).
pub fn float_to_lua_string(value: f64) -> Vec<u8> {
    let mut out = Vec::new();
    tsukimi_number::write_float(&mut out, value);
    out
}
