//! The `utf8` library of Lua 5.4 (lutf8lib.c) on byte strings.
//!
//! # Encoding rules
//! Lua 5.4 decodes the original, pre-2003 UTF-8: sequences of up to six bytes encoding values
//! up to `0x7FFFFFFF`, rejecting overlong forms (a value must need all the bytes used). That is
//! the *lax* mode. The default *strict* mode additionally rejects surrogates
//! (`0xD800..=0xDFFF`) and values above `0x10FFFF`. Encoding ([`encode`], used by
//! `utf8.char`) accepts any value up to `0x7FFFFFFF`.
//!
//! # Positions
//! Functions take Lua's 1-based positions with negative values counting from the end
//! (lutf8lib `u_posrelat`: a negative value beyond the start becomes 0) and return 1-based
//! positions. Error messages and argument numbers are lutf8lib's: `bad argument #3 to
//! 'offset' (position out of bounds)` is `TextError::BadArgument { arg: 3, .. }`.
//!
//! # Reading past the end
//! lutf8lib relies on the `'\0'` that ends every Lua string: a sequence cut short by the end
//! of the string meets that byte and fails. Here a missing byte reads as 0 (`byte_at`), which
//! gives the same answers without reading out of bounds.
//!
//! The `codes` iterator is 5.4.4's: each step skips continuation bytes after the previous
//! position (so stray continuation bytes are silently skipped) and fails with
//! `invalid UTF-8 code` only when a sequence does not decode.

use crate::TextError;

/// Largest valid Unicode scalar value (strict mode limit).
pub const MAX_UNICODE: u32 = 0x10_FFFF;
/// Largest value the lax mode and `utf8.char` accept.
pub const MAX_UTF: u32 = 0x7FFF_FFFF;
/// `utf8.charpattern`: matches exactly one UTF-8 byte sequence (as lax as the decoder).
pub const CHAR_PATTERN: &[u8] = b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*";
/// The message of every decoding failure.
const INVALID_CODE: &str = "invalid UTF-8 code";

/// The byte at `index`, or 0 past the end (the C string terminator lutf8lib relies on).
fn byte_at(s: &[u8], index: usize) -> u8 {
    s.get(index).copied().unwrap_or(0)
}

/// Whether the byte at `index` is a continuation byte (`10xxxxxx`); false past the end.
fn is_continuation(s: &[u8], index: usize) -> bool {
    byte_at(s, index) & 0xC0 == 0x80
}

/// Decodes the sequence starting at `index` (lutf8lib `utf8_decode`): the value and the
/// number of bytes it uses, or `None` if the bytes there are not a valid sequence.
pub fn decode(s: &[u8], index: usize, strict: bool) -> Option<(u32, usize)> {
    const LIMITS: [u64; 6] = [u64::MAX, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000];
    let mut c = u64::from(byte_at(s, index));
    let (value, length) = if c < 0x80 {
        (c, 1)
    } else {
        let mut count = 0usize;
        let mut value: u64 = 0;
        while c & 0x40 != 0 {
            count += 1;
            let continuation = u64::from(byte_at(s, index + count));
            if continuation & 0xC0 != 0x80 {
                return None;
            }
            value = (value << 6) | (continuation & 0x3F);
            c <<= 1;
        }
        if count > 5 {
            return None;
        }
        value |= (c & 0x7F) << (count * 5);
        if value > u64::from(MAX_UTF) || value < LIMITS[count] {
            return None;
        }
        (value, count + 1)
    };
    if strict && (value > u64::from(MAX_UNICODE) || (0xD800..=0xDFFF).contains(&value)) {
        return None;
    }
    Some((value as u32, length))
}

/// Appends the UTF-8 encoding of `code` (`code <= 0x7FFFFFFF`; larger values are masked to
/// 31 bits, callers check first) — lobject.c `luaO_utf8esc`.
pub fn encode(code: u32, out: &mut Vec<u8>) {
    let mut x = code & MAX_UTF;
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buffer = [0u8; 6];
    let mut n = 0;
    let mut max_first = 0x3Fu32; // largest value that still fits in the first byte
    loop {
        buffer[5 - n] = 0x80 | (x & 0x3F) as u8;
        n += 1;
        x >>= 6;
        max_first >>= 1;
        if x <= max_first {
            break;
        }
    }
    buffer[5 - n] = ((!max_first << 1) | x) as u8;
    out.extend_from_slice(&buffer[5 - n..]);
}

/// `utf8.char(...)`: `codes[k]` is Lua argument `k + 1`.
pub fn char(codes: &[i64]) -> Result<Vec<u8>, TextError> {
    let mut out = Vec::with_capacity(codes.len());
    for (k, &code) in codes.iter().enumerate() {
        if code as u64 > u64::from(MAX_UTF) {
            return Err(TextError::bad_argument(k + 1, "value out of range"));
        }
        encode(code as u32, &mut out);
    }
    Ok(out)
}

/// lutf8lib `u_posrelat`: a relative position; negative counts from the end, clipped at 0.
fn relative_position(position: i64, len: usize) -> i64 {
    if position >= 0 {
        position
    } else if position.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + position + 1
    }
}

/// The result of `utf8.len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    /// The number of characters (`utf8.len` returns it).
    Count(i64),
    /// The 1-based position of the first invalid byte (`utf8.len` returns `fail, position`).
    InvalidAt(i64),
}

/// `utf8.len(s, i, j, lax)`; `i` and `j` are the Lua arguments (defaults 1 and -1).
pub fn len(s: &[u8], i: Option<i64>, j: Option<i64>, lax: bool) -> Result<Length, TextError> {
    let mut start = relative_position(i.unwrap_or(1), s.len());
    let end = relative_position(j.unwrap_or(-1), s.len());
    if !(1 <= start && start - 1 <= s.len() as i64) {
        return Err(TextError::bad_argument(2, "initial position out of bounds"));
    }
    start -= 1;
    let end = end - 1;
    if end >= s.len() as i64 {
        return Err(TextError::bad_argument(3, "final position out of bounds"));
    }
    let mut count = 0i64;
    while start <= end {
        match decode(s, start as usize, !lax) {
            Some((_, length)) => start += length as i64,
            None => return Ok(Length::InvalidAt(start + 1)),
        }
        count += 1;
    }
    Ok(Length::Count(count))
}

/// `utf8.codepoint(s, i, j, lax)`; `i` defaults to 1 and `j` to `i`.
pub fn codepoint(
    s: &[u8],
    i: Option<i64>,
    j: Option<i64>,
    lax: bool,
) -> Result<Vec<i64>, TextError> {
    let start = relative_position(i.unwrap_or(1), s.len());
    let end = relative_position(j.unwrap_or(start), s.len());
    if start < 1 {
        return Err(TextError::bad_argument(2, "out of bounds"));
    }
    if end > s.len() as i64 {
        return Err(TextError::bad_argument(3, "out of bounds"));
    }
    if start > end {
        return Ok(Vec::new());
    }
    if end - start >= i64::from(i32::MAX) {
        return Err(TextError::message("string slice too long"));
    }
    let mut codes = Vec::new();
    let mut at = (start - 1) as usize;
    while at < end as usize {
        let (code, length) = decode(s, at, !lax).ok_or_else(|| TextError::message(INVALID_CODE))?;
        codes.push(i64::from(code));
        at += length;
    }
    Ok(codes)
}

/// `utf8.offset(s, n, i)`: the 1-based byte position where the `n`-th character (counting
/// from position `i`) starts, `None` if there is no such character. `i` defaults to 1 when
/// `n >= 0` and to `#s + 1` otherwise.
pub fn offset(s: &[u8], n: i64, i: Option<i64>) -> Result<Option<i64>, TextError> {
    let len = s.len() as i64;
    let default = if n >= 0 { 1 } else { len + 1 };
    let mut position = relative_position(i.unwrap_or(default), s.len());
    if !(1 <= position && position - 1 <= len) {
        return Err(TextError::bad_argument(3, "position out of bounds"));
    }
    position -= 1;
    let mut n = n;
    let continuation = |p: i64| is_continuation(s, p as usize);
    if n == 0 {
        while position > 0 && continuation(position) {
            position -= 1;
        }
    } else {
        if continuation(position) {
            return Err(TextError::message(
                "initial position is a continuation byte",
            ));
        }
        if n < 0 {
            while n < 0 && position > 0 {
                loop {
                    position -= 1;
                    if !(position > 0 && continuation(position)) {
                        break;
                    }
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && position < len {
                loop {
                    position += 1;
                    if !continuation(position) {
                        break;
                    }
                }
                n -= 1;
            }
        }
    }
    Ok((n == 0).then_some(position + 1))
}

/// One step of the `utf8.codes(s, lax)` iterator: `control` is the iterator's control value
/// (0 at the start, then the previous position). Returns the next 1-based position and its
/// code point, or `None` at the end.
pub fn codes_next(s: &[u8], control: i64, strict: bool) -> Result<Option<(i64, u32)>, TextError> {
    let len = s.len() as u64;
    let mut n = control as u64;
    if n < len {
        while is_continuation(s, n as usize) {
            n += 1;
        }
    }
    if n >= len {
        return Ok(None);
    }
    match decode(s, n as usize, strict) {
        Some((code, _)) => Ok(Some((n as i64 + 1, code))),
        None => Err(TextError::message(INVALID_CODE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        for code in [
            0u32,
            0x7f,
            0x80,
            0x7ff,
            0x800,
            0xffff,
            0x10000,
            0x10ffff,
            0x110000,
            0x7fff_ffff,
        ] {
            let mut out = Vec::new();
            encode(code, &mut out);
            assert_eq!(decode(&out, 0, false), Some((code, out.len())), "{code:#x}");
        }
        assert_eq!(char(&[0x7fff_ffff]).unwrap(), b"\xfd\xbf\xbf\xbf\xbf\xbf");
    }

    #[test]
    fn decode_rejects_bad_sequences() {
        assert_eq!(decode(b"\xc0\x80", 0, false), None); // overlong
        assert_eq!(decode(b"\xed\xa0\x80", 0, true), None); // surrogate
        assert_eq!(decode(b"\xed\xa0\x80", 0, false), Some((0xd800, 3)));
        assert_eq!(decode(b"\xf4\x90\x80\x80", 0, true), None); // > 0x10FFFF
        assert_eq!(decode(b"\xc3", 0, true), None); // cut short
        assert_eq!(decode(b"\xff\x80\x80\x80\x80\x80\x80\x80", 0, false), None);
        assert_eq!(decode(b"\x80", 0, false), None);
    }
}
