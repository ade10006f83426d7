//! `string.pack`, `string.unpack` and `string.packsize` (lstrlib's binary serialisation).
//!
//! [`options`] reads the format; this file moves values. Integers are written byte by byte
//! in the requested endianness, sign-extended with `0xff` bytes beyond 8 bytes for negative
//! values; on unpacking, sizes below 8 are sign-extended for signed options and sizes above 8
//! must hold only sign-extension bytes (`N-byte integer does not fit into Lua Integer`).
//! Floats are the IEEE bytes of `f32` (`f`, converted with rounding) or `f64` (`d`, `n`).
//! Padding bytes are 0.
//!
//! Values come from the VM through [`PackArgs`] (argument numbers are Lua's: the format is
//! argument 1, so the first value is argument 2) and go back as [`Unpacked`] values.
//! Errors are exactly lstrlib's, with the same argument numbers: e.g. `bad argument #2 to
//! 'unpack' (data string too short)` is `TextError::BadArgument { arg: 2, .. }`.
//!
//! Invariant: all sizes are bounded (integers ≤ 16 bytes, `c` sizes < 2^31), every slice of
//! the data string is bounds-checked before use, and total sizes use checked arithmetic.

pub mod options;

use crate::TextError;
use options::{FormatReader, OptionKind, MAX_INT_SIZE};

/// Size of a Lua integer in bytes.
const LUA_INTEGER_SIZE: usize = 8;
/// Largest string or result size lstrlib allows (`MAXSIZE`, `INT_MAX` on 64-bit platforms).
const MAX_SIZE: usize = i32::MAX as usize;

/// The values `string.pack` consumes, supplied by the VM.
pub trait PackArgs {
    /// The VM's error type; errors found here convert into it.
    type Error: From<TextError>;
    /// `luaL_checkinteger(arg)`.
    fn integer(&mut self, arg: usize) -> Result<i64, Self::Error>;
    /// `luaL_checknumber(arg)`.
    fn number(&mut self, arg: usize) -> Result<f64, Self::Error>;
    /// `luaL_checklstring(arg)` (numbers are converted to strings).
    fn string(&mut self, arg: usize) -> Result<&[u8], Self::Error>;
}

/// One value produced by `string.unpack`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unpacked<'d> {
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string (a slice of the data).
    Str(&'d [u8]),
}

/// Appends `value` as a `size`-byte integer (lstrlib `packint`).
fn push_int(out: &mut Vec<u8>, value: u64, little_endian: bool, size: usize, negative: bool) {
    let mut bytes = [0u8; MAX_INT_SIZE];
    for (i, byte) in bytes.iter_mut().enumerate().take(size) {
        *byte = if i < LUA_INTEGER_SIZE {
            (value >> (8 * i)) as u8
        } else if negative {
            0xff
        } else {
            0
        };
    }
    let bytes = &mut bytes[..size];
    if !little_endian {
        bytes.reverse();
    }
    out.extend_from_slice(bytes);
}

/// Appends the bytes of a float in the requested endianness.
fn push_float_bytes(out: &mut Vec<u8>, mut bytes: Vec<u8>, little_endian: bool) {
    if !little_endian {
        bytes.reverse();
    }
    out.extend_from_slice(&bytes);
}

/// `string.pack(fmt, ...)`.
pub fn pack<A: PackArgs + ?Sized>(format: &[u8], args: &mut A) -> Result<Vec<u8>, A::Error> {
    let mut reader = FormatReader::new(format);
    let mut out = Vec::new();
    let mut arg = 1usize;
    let mut total = 0usize;
    while !reader.at_end() {
        let item = reader.next_item(total)?;
        total = total.saturating_add(item.align_padding + item.size);
        out.resize(out.len() + item.align_padding, 0);
        arg += 1;
        let little = reader.little_endian;
        match item.kind {
            OptionKind::Int => {
                let n = args.integer(arg)?;
                if item.size < LUA_INTEGER_SIZE {
                    let limit = 1i64 << (item.size * 8 - 1);
                    if !(-limit <= n && n < limit) {
                        return Err(TextError::bad_argument(arg, "integer overflow").into());
                    }
                }
                push_int(&mut out, n as u64, little, item.size, n < 0);
            }
            OptionKind::Uint => {
                let n = args.integer(arg)?;
                if item.size < LUA_INTEGER_SIZE && (n as u64) >= (1u64 << (item.size * 8)) {
                    return Err(TextError::bad_argument(arg, "unsigned overflow").into());
                }
                push_int(&mut out, n as u64, little, item.size, false);
            }
            OptionKind::Float => {
                let f = args.number(arg)? as f32;
                push_float_bytes(&mut out, f.to_le_bytes().to_vec(), little);
            }
            OptionKind::Number | OptionKind::Double => {
                let f = args.number(arg)?;
                push_float_bytes(&mut out, f.to_le_bytes().to_vec(), little);
            }
            OptionKind::Char => {
                let s = args.string(arg)?;
                if s.len() > item.size {
                    return Err(
                        TextError::bad_argument(arg, "string longer than given size").into(),
                    );
                }
                out.extend_from_slice(s);
                out.resize(out.len() + (item.size - s.len()), 0);
            }
            OptionKind::Str => {
                let s = args.string(arg)?;
                if item.size < LUA_INTEGER_SIZE && (s.len() as u64) >= (1u64 << (item.size * 8)) {
                    return Err(TextError::bad_argument(
                        arg,
                        "string length does not fit in given size",
                    )
                    .into());
                }
                push_int(&mut out, s.len() as u64, little, item.size, false);
                out.extend_from_slice(s);
                total = total.saturating_add(s.len());
            }
            OptionKind::Zstr => {
                let s = args.string(arg)?;
                if s.contains(&0) {
                    return Err(TextError::bad_argument(arg, "string contains zeros").into());
                }
                out.extend_from_slice(s);
                out.push(0);
                total = total.saturating_add(s.len() + 1);
            }
            OptionKind::Padding => {
                out.push(0);
                arg -= 1;
            }
            OptionKind::PadAlign | OptionKind::Nop => arg -= 1,
        }
    }
    Ok(out)
}

/// `string.packsize(fmt)`.
pub fn packsize(format: &[u8]) -> Result<i64, TextError> {
    let mut reader = FormatReader::new(format);
    let mut total = 0usize;
    while !reader.at_end() {
        let item = reader.next_item(total)?;
        if matches!(item.kind, OptionKind::Str | OptionKind::Zstr) {
            return Err(TextError::bad_argument(1, "variable-length format"));
        }
        let size = item.size + item.align_padding;
        if total > MAX_SIZE - size.min(MAX_SIZE) || size > MAX_SIZE {
            return Err(TextError::bad_argument(1, "format result too large"));
        }
        total += size;
    }
    Ok(total as i64)
}

/// Reads a `size`-byte integer (lstrlib `unpackint`).
fn read_int(bytes: &[u8], little_endian: bool, signed: bool) -> Result<i64, TextError> {
    let size = bytes.len();
    let byte = |i: usize| {
        if little_endian {
            bytes[i]
        } else {
            bytes[size - 1 - i]
        }
    };
    let limit = size.min(LUA_INTEGER_SIZE);
    let mut result: u64 = 0;
    for i in (0..limit).rev() {
        result = (result << 8) | u64::from(byte(i));
    }
    if size < LUA_INTEGER_SIZE {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            result = (result ^ mask).wrapping_sub(mask);
        }
    } else if size > LUA_INTEGER_SIZE {
        let extension = if !signed || (result as i64) >= 0 {
            0
        } else {
            0xff
        };
        if (limit..size).any(|i| byte(i) != extension) {
            return Err(TextError::message(format!(
                "{size}-byte integer does not fit into Lua Integer"
            )));
        }
    }
    Ok(result as i64)
}

/// `string.unpack(fmt, data, init)`: the values and the position after the last byte read
/// (the final result of `unpack`). `init` is the Lua argument (default 1; negative counts
/// from the end).
pub fn unpack<'d>(
    format: &[u8],
    data: &'d [u8],
    init: i64,
) -> Result<(Vec<Unpacked<'d>>, i64), TextError> {
    let mut position = crate::pattern::start_offset(init, data.len());
    if position > data.len() {
        return Err(TextError::bad_argument(3, "initial position out of string"));
    }
    let too_short = || TextError::bad_argument(2, "data string too short");
    let mut reader = FormatReader::new(format);
    let mut values = Vec::new();
    while !reader.at_end() {
        let item = reader.next_item(position)?;
        if item.align_padding + item.size > data.len() - position {
            return Err(too_short());
        }
        position += item.align_padding;
        let field = &data[position..position + item.size];
        let little = reader.little_endian;
        match item.kind {
            OptionKind::Int | OptionKind::Uint => values.push(Unpacked::Integer(read_int(
                field,
                little,
                item.kind == OptionKind::Int,
            )?)),
            OptionKind::Float => {
                let mut bytes = [0u8; 4];
                bytes.copy_from_slice(field);
                if !little {
                    bytes.reverse();
                }
                values.push(Unpacked::Float(f64::from(f32::from_le_bytes(bytes))));
            }
            OptionKind::Number | OptionKind::Double => {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(field);
                if !little {
                    bytes.reverse();
                }
                values.push(Unpacked::Float(f64::from_le_bytes(bytes)));
            }
            OptionKind::Char => values.push(Unpacked::Str(field)),
            OptionKind::Str => {
                let len = read_int(field, little, false)? as u64;
                let available = (data.len() - position - item.size) as u64;
                if len > available {
                    return Err(too_short());
                }
                let start = position + item.size;
                values.push(Unpacked::Str(&data[start..start + len as usize]));
                position += len as usize;
            }
            OptionKind::Zstr => {
                let rest = &data[position..];
                let len = rest.iter().position(|&c| c == 0).unwrap_or(rest.len());
                if position + len >= data.len() {
                    return Err(TextError::bad_argument(
                        2,
                        "unfinished string for format 'z'",
                    ));
                }
                values.push(Unpacked::Str(&rest[..len]));
                position += len + 1;
            }
            OptionKind::Padding | OptionKind::PadAlign | OptionKind::Nop => {}
        }
        position += item.size;
    }
    Ok((values, position as i64 + 1))
}
