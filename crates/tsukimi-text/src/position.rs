//! String positions and sizes as lstrlib computes them, for `string.sub`, `string.byte`,
//! `string.rep` and the `init` arguments of the search functions.
//!
//! Lua positions are 1-based and may be negative (counting from the end). lstrlib clips them
//! in two ways: a *start* position (`posrelatI`) is clipped to `[1, ∞)`, an *end* position
//! (`getendpos`) to `[0, len]`. All arithmetic here avoids overflow for every `i64`, including
//! `math.mininteger`.

use std::ops::Range;

use crate::TextError;

/// Largest string lstrlib lets `string.rep` build (`MAXSIZE`: `INT_MAX` on 64-bit platforms).
pub const MAX_STRING_SIZE: usize = i32::MAX as usize;

/// lstrlib `posrelatI`: a start position, 1-based, clipped to `[1, ∞)` (may exceed `len`).
pub fn start_position(position: i64, len: usize) -> u64 {
    if position > 0 {
        position as u64
    } else if position == 0 || position.unsigned_abs() > len as u64 {
        1
    } else {
        len as u64 - position.unsigned_abs() + 1
    }
}

/// lstrlib `getendpos`: an end position, 1-based, clipped to `[0, len]`.
pub fn end_position(position: i64, len: usize) -> usize {
    if position > len as i64 {
        len
    } else if position >= 0 {
        position as usize
    } else if position.unsigned_abs() > len as u64 {
        0
    } else {
        len - position.unsigned_abs() as usize + 1
    }
}

/// `string.sub(s, i, j)` on a string of `len` bytes: the byte range to copy (`j` defaults
/// to -1). An empty range means the empty string.
pub fn sub_range(len: usize, i: i64, j: Option<i64>) -> Range<usize> {
    let start = start_position(i, len);
    let end = end_position(j.unwrap_or(-1), len);
    if start <= end as u64 {
        (start as usize - 1)..end
    } else {
        0..0
    }
}

/// `string.byte(s, i, j)`: the byte range whose values are returned (`i` defaults to 1, `j`
/// to `i`); `string slice too long` when it would exceed `INT_MAX` values.
pub fn byte_range(len: usize, i: Option<i64>, j: Option<i64>) -> Result<Range<usize>, TextError> {
    let i = i.unwrap_or(1);
    let start = start_position(i, len);
    let end = end_position(j.unwrap_or(i), len);
    if start > end as u64 {
        return Ok(0..0);
    }
    if end as u64 - start >= i32::MAX as u64 {
        return Err(TextError::message("string slice too long"));
    }
    Ok((start as usize - 1)..end)
}

/// `string.rep(s, n, sep)`: `n` copies of `s` separated by `sep`. Fails like lstrlib with
/// `resulting string too large` beyond [`MAX_STRING_SIZE`]. The interruption hook is polled
/// between copies (every 64 KiB written or so); `true` aborts with `Interrupted`.
pub fn rep(
    s: &[u8],
    n: i64,
    sep: &[u8],
    interrupt: &mut dyn FnMut() -> bool,
) -> Result<Vec<u8>, TextError> {
    if n <= 0 {
        return Ok(Vec::new());
    }
    let unit = s.len() + sep.len();
    if unit > MAX_STRING_SIZE / n as u64 as usize {
        return Err(TextError::message("resulting string too large"));
    }
    let n = n as usize;
    let total = n * s.len() + (n - 1) * sep.len();
    let mut out = Vec::new();
    out.try_reserve_exact(total)
        .map_err(|_| TextError::OutOfMemory)?;
    if total == 0 {
        return Ok(out); // lstrlib would loop n times copying nothing
    }
    let mut since_poll = 0usize;
    for copy in 0..n {
        if copy > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(s);
        since_poll += unit;
        if since_poll >= 1 << 16 {
            since_poll = 0;
            if interrupt() {
                return Err(TextError::Interrupted);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_like_lstrlib() {
        // lua5.4: ("hello"):sub(-3) == "llo", :sub(2, 100) == "ello", :sub(0) == "hello"
        assert_eq!(sub_range(5, -3, None), 2..5);
        assert_eq!(sub_range(5, 2, Some(100)), 1..5);
        assert_eq!(sub_range(5, 0, None), 0..5);
        assert_eq!(sub_range(5, i64::MIN, Some(i64::MAX)), 0..5);
        assert_eq!(sub_range(5, 4, Some(2)), 0..0);
        assert_eq!(sub_range(0, 1, None), 0..0);
        // ("hello"):byte(-2, -1) == 108, 111; ("abc"):byte(1, 2^40) == 97, 98, 99
        assert_eq!(byte_range(5, Some(-2), Some(-1)), Ok(3..5));
        assert_eq!(byte_range(3, Some(1), Some(1 << 40)), Ok(0..3));
        assert_eq!(byte_range(3, None, None), Ok(0..1));
        assert_eq!(byte_range(0, None, None), Ok(0..0));
    }

    #[test]
    fn rep_like_lstrlib() {
        let never = &mut || false;
        assert_eq!(rep(b"ab", 3, b",", never).unwrap(), b"ab,ab,ab");
        assert_eq!(rep(b"ab", 0, b",", never).unwrap(), b"");
        assert_eq!(rep(b"", 1 << 40, b"", never).unwrap(), b"");
        // lua5.4: string.rep("x", 2^31) and string.rep("x", 2^30, "yy") are too large
        let too_large = Err(TextError::message("resulting string too large"));
        assert_eq!(rep(b"x", 1 << 31, b"", never), too_large);
        assert_eq!(rep(b"x", 1 << 30, b"yy", never), too_large);
        assert_eq!(rep(b"x", i64::MAX, b"", never), too_large);
        let mut calls = 0;
        let mut stop = || {
            calls += 1;
            true
        };
        assert_eq!(
            rep(b"x", 1 << 20, b"", &mut stop),
            Err(TextError::Interrupted)
        );
    }
}
