//! Single-character pattern items: `.`, `%x` classes, `[...]` sets and literal bytes.
//!
//! A *pattern item* is one of these followed by an optional repetition suffix; this file
//! finds where an item ends ([`class_end`]) and decides whether one subject byte matches it
//! ([`single_match`]). Classes use the C locale, as lua5.4 does by default: `%a` is ASCII
//! letters only, `%s` is `\t\n\v\f\r` and space, `%c` is 0–31 and 127, `%p` is printable
//! non-alphanumeric ASCII, `%g` is 33–126; bytes ≥ 0x80 are in no class. `%z` (deprecated,
//! still accepted by 5.4) matches byte 0. An upper-case class letter is the complement; any
//! other escaped byte matches itself (`%.`, `%%`).
//!
//! Positions are indices into the pattern bytes. lstrlib reads its pattern through a C string,
//! so reading just past the end yields the terminating `'\0'`; [`byte_at`] reproduces that
//! (index ≥ length reads as 0), which keeps every edge case (`"[a"`, `"%"`) identical without
//! any out-of-bounds access.

use super::error::PatternError;

/// The escape byte of Lua patterns.
pub(crate) const ESCAPE: u8 = b'%';

/// The pattern byte at `index`, or 0 past the end (like the `'\0'` after a C string).
#[inline]
pub(crate) fn byte_at(pattern: &[u8], index: usize) -> u8 {
    pattern.get(index).copied().unwrap_or(0)
}

/// Whether byte `c` belongs to the class named by `class_letter` (`a`, `D`, `.`…), following
/// lstrlib's `match_class`: known letters test a C-locale class (upper case = complement),
/// anything else matches only itself.
pub(crate) fn match_class(c: u8, class_letter: u8) -> bool {
    let in_class = match class_letter.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return class_letter == c,
    };
    if class_letter.is_ascii_lowercase() {
        in_class
    } else {
        !in_class
    }
}

/// Index just past the single-character item starting at `p` (lstrlib `classend`).
/// For a set, the result is one past its closing `]`.
pub(crate) fn class_end(pattern: &[u8], mut p: usize) -> Result<usize, PatternError> {
    let first = byte_at(pattern, p);
    p += 1;
    match first {
        ESCAPE => {
            if p >= pattern.len() {
                return Err(PatternError::EndsWithPercent);
            }
            Ok(p + 1)
        }
        b'[' => {
            if byte_at(pattern, p) == b'^' {
                p += 1;
            }
            // The first byte of the set is always taken literally, so "[]]" is a set of ']'.
            loop {
                if p >= pattern.len() {
                    return Err(PatternError::MissingBracket);
                }
                let c = pattern[p];
                p += 1;
                if c == ESCAPE && p < pattern.len() {
                    p += 1; // skip the escaped byte (e.g. '%]')
                }
                if byte_at(pattern, p) == b']' {
                    return Ok(p + 1);
                }
            }
        }
        _ => Ok(p),
    }
}

/// Whether byte `c` is in the set `pattern[open..=close]`, where `open` indexes the `[` and
/// `close` the `]` (lstrlib `matchbracketclass`).
pub(crate) fn match_bracket_class(c: u8, pattern: &[u8], open: usize, close: usize) -> bool {
    let mut p = open;
    let mut positive = true;
    if byte_at(pattern, p + 1) == b'^' {
        positive = false;
        p += 1;
    }
    loop {
        p += 1;
        if p >= close {
            return !positive;
        }
        let item = byte_at(pattern, p);
        if item == ESCAPE {
            p += 1;
            if match_class(c, byte_at(pattern, p)) {
                return positive;
            }
        } else if byte_at(pattern, p + 1) == b'-' && p + 2 < close {
            p += 2;
            if item <= c && c <= byte_at(pattern, p) {
                return positive;
            }
        } else if item == c {
            return positive;
        }
    }
}

/// Whether the subject byte `c` matches the item `pattern[p..item_end]`
/// (lstrlib `singlematch` once the end-of-subject test is done).
#[inline]
pub(crate) fn single_match_byte(c: u8, pattern: &[u8], p: usize, item_end: usize) -> bool {
    match byte_at(pattern, p) {
        b'.' => true,
        ESCAPE => match_class(c, byte_at(pattern, p + 1)),
        b'[' => match_bracket_class(c, pattern, p, item_end - 1),
        literal => literal == c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_c_locale() {
        assert!(match_class(b'a', b'a') && !match_class(0xe9, b'a'));
        assert!(match_class(0x7f, b'c') && match_class(0x1f, b'c') && !match_class(b' ', b'c'));
        assert!(match_class(0x0b, b's') && !match_class(0xa0, b's'));
        assert!(match_class(b'~', b'p') && !match_class(b'_', b'w'));
        assert!(match_class(b'_', b'W') && match_class(b'.', b'.'));
        assert!(match_class(0, b'z') && !match_class(0, b'Z'));
    }

    #[test]
    fn class_end_reports_malformed_sets() {
        assert_eq!(class_end(b"[]]x", 0), Ok(3));
        assert_eq!(class_end(b"[^]]", 0), Ok(4));
        assert_eq!(class_end(b"[%]]", 0), Ok(4));
        assert!(class_end(b"[a", 0).is_err());
        assert!(class_end(b"[%", 0).is_err());
        assert!(class_end(b"%", 0).is_err());
    }
}
