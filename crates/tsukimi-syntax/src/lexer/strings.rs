//! String literals and long brackets: `"..."`, `'...'`, `[==[ ... ]==]` and long comments.
//!
//! Short strings resolve every Lua 5.4 escape: `\a \b \f \n \r \t \v \\ \" \'`, a backslash
//! before a line break (the break becomes `\n`), `\z` (skips following white space, line
//! breaks included), `\xXX` (exactly two hex digits), `\ddd` (up to three decimal digits,
//! at most 255) and `\u{XXX}` (any number of hex digits up to 2^31 - 1, encoded as Lua's
//! extended UTF-8 of up to six bytes). A raw line break ends the string with an error.
//!
//! Long brackets skip a line break right after the opening bracket, turn every line break
//! sequence into `\n`, and end only at a closing bracket of the same level.
//!
//! Error texts reproduce `llex.c`'s buffer: the opening delimiter, what has been decoded so
//! far, then the raw bytes of the escape being read including the offending byte (if any):
//! `invalid escape sequence near '"abc\q'`, `missing '}' near '"\u{12"'`.

use super::{quoted, Lexer, Separator};
use crate::failure::{try_extend, Failure, Result, TryGrow};

/// Largest code point `\u{...}` accepts (`0x7FFFFFFF`), checked before each extra digit as
/// `readutf8esc` does.
const MAX_UTF8_BEFORE_DIGIT: u32 = 0x7FFF_FFFF >> 4;

impl Lexer<'_> {
    /// `skip_sep`: at a `[` or `]`, skips it and any `=` that follow; a second identical
    /// bracket is left unread.
    pub(super) fn skip_separator(&mut self) -> Separator {
        let bracket = self.current();
        self.pos += 1;
        let mut level = 0;
        while self.current_is(b'=') {
            self.pos += 1;
            level += 1;
        }
        if self.current() == bracket {
            Separator::Long(level)
        } else if level == 0 {
            Separator::Single
        } else {
            Separator::Unfinished
        }
    }

    /// Reads a long string whose opening bracket's second `[` is current.
    pub(super) fn read_long_string(&mut self, level: usize) -> Result<Vec<u8>> {
        let mut contents = Vec::new();
        self.read_long_bracket(level, Some(&mut contents))?;
        Ok(contents)
    }

    /// Skips a long comment whose opening bracket's second `[` is current.
    pub(super) fn skip_long_comment(&mut self, level: usize) -> Result<()> {
        self.read_long_bracket(level, None)
    }

    /// `read_long_string`: collects the contents into `contents` (a string) or drops them
    /// (a comment).
    fn read_long_bracket(
        &mut self,
        level: usize,
        mut contents: Option<&mut Vec<u8>>,
    ) -> Result<()> {
        let first_line = self.line;
        self.pos += 1; // the second '['
        if self.current_is_newline() {
            self.skip_newline()?;
        }
        loop {
            match self.current() {
                None => {
                    let what = if contents.is_some() {
                        "string"
                    } else {
                        "comment"
                    };
                    let message = format!("unfinished long {what} (starting at line {first_line})");
                    return Err(Failure::near(self.line, &message, b"<eof>"));
                }
                Some(b']') => {
                    let bracket_start = self.pos;
                    if self.skip_separator() == Separator::Long(level) {
                        self.pos += 1; // the second ']'
                        return Ok(());
                    }
                    if let Some(contents) = contents.as_deref_mut() {
                        try_extend(contents, &self.source[bracket_start..self.pos])?;
                    }
                }
                Some(b'\n' | b'\r') => {
                    if let Some(contents) = contents.as_deref_mut() {
                        contents.try_push(b'\n')?;
                    }
                    self.skip_newline()?;
                }
                Some(_) => {
                    // Copy the whole run of ordinary bytes at once.
                    let run_start = self.pos;
                    while let Some(byte) = self.current() {
                        if matches!(byte, b']' | b'\n' | b'\r') {
                            break;
                        }
                        self.pos += 1;
                    }
                    if let Some(contents) = contents.as_deref_mut() {
                        try_extend(contents, &self.source[run_start..self.pos])?;
                    }
                }
            }
        }
    }

    /// `read_string`: a short string delimited by `quote`, which is current.
    pub(super) fn read_short_string(&mut self, quote: u8) -> Result<Vec<u8>> {
        self.pos += 1;
        let mut contents = Vec::new();
        loop {
            match self.current() {
                None => return Err(Failure::near(self.line, "unfinished string", b"<eof>")),
                Some(byte) if byte == quote => {
                    self.pos += 1;
                    return Ok(contents);
                }
                Some(b'\n' | b'\r') => {
                    let text = buffer_text(quote, &contents, &[]);
                    return Err(Failure::near(self.line, "unfinished string", &text));
                }
                Some(b'\\') => self.read_escape(quote, &mut contents)?,
                Some(_) => {
                    let run_start = self.pos;
                    while let Some(byte) = self.current() {
                        if byte == quote || matches!(byte, b'\\' | b'\n' | b'\r') {
                            break;
                        }
                        self.pos += 1;
                    }
                    try_extend(&mut contents, &self.source[run_start..self.pos])?;
                }
            }
        }
    }

    /// One escape sequence; the backslash is current.
    fn read_escape(&mut self, quote: u8, contents: &mut Vec<u8>) -> Result<()> {
        let escape_start = self.pos;
        self.pos += 1;
        let simple = match self.current() {
            None => return Ok(()), // "unfinished string" is reported by the caller's loop
            Some(b'a') => Some(b'\x07'),
            Some(b'b') => Some(b'\x08'),
            Some(b'f') => Some(b'\x0c'),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'v') => Some(b'\x0b'),
            Some(byte @ (b'\\' | b'"' | b'\'')) => Some(byte),
            _ => None,
        };
        if let Some(byte) = simple {
            self.pos += 1;
            return contents.try_push(byte);
        }
        let escape = EscapeContext {
            quote,
            escape_start,
        };
        match self.current() {
            Some(b'x') => {
                self.pos += 1;
                let high = self.expect_hex_digit(&escape, contents)?;
                self.pos += 1;
                let low = self.expect_hex_digit(&escape, contents)?;
                self.pos += 1;
                contents.try_push((high << 4 | low) as u8)?;
            }
            Some(b'u') => self.read_utf8_escape(&escape, contents)?,
            Some(b'\n' | b'\r') => {
                self.skip_newline()?;
                contents.try_push(b'\n')?;
            }
            Some(b'z') => {
                self.pos += 1;
                while let Some(byte) = self.current() {
                    if !super::is_space(byte) {
                        break;
                    }
                    if self.current_is_newline() {
                        self.skip_newline()?;
                    } else {
                        self.pos += 1;
                    }
                }
            }
            Some(byte) if byte.is_ascii_digit() => {
                let mut value: u32 = 0;
                let mut digits = 0;
                while digits < 3 {
                    match self.current() {
                        Some(digit) if digit.is_ascii_digit() => {
                            value = value * 10 + u32::from(digit - b'0');
                            self.pos += 1;
                            digits += 1;
                        }
                        _ => break,
                    }
                }
                if value > 255 {
                    return Err(self.escape_error(&escape, contents, "decimal escape too large"));
                }
                contents.try_push(value as u8)?;
            }
            _ => return Err(self.escape_error(&escape, contents, "invalid escape sequence")),
        }
        Ok(())
    }

    /// `\u{XXX}`: `u` is current.
    fn read_utf8_escape(&mut self, escape: &EscapeContext, contents: &mut Vec<u8>) -> Result<()> {
        self.pos += 1;
        if !self.current_is(b'{') {
            return Err(self.escape_error(escape, contents, "missing '{'"));
        }
        self.pos += 1;
        let mut code = self.expect_hex_digit(escape, contents)?;
        self.pos += 1;
        while let Some(digit) = self.current().filter(u8::is_ascii_hexdigit) {
            if code > MAX_UTF8_BEFORE_DIGIT {
                return Err(self.escape_error(escape, contents, "UTF-8 value too large"));
            }
            code = (code << 4) | hex_digit_value(digit);
            self.pos += 1;
        }
        if !self.current_is(b'}') {
            return Err(self.escape_error(escape, contents, "missing '}'"));
        }
        self.pos += 1;
        push_utf8(contents, code);
        Ok(())
    }

    /// The value of the current byte if it is a hex digit (the caller skips it), else the
    /// "hexadecimal digit expected" error.
    fn expect_hex_digit(&mut self, escape: &EscapeContext, contents: &[u8]) -> Result<u32> {
        match self.current() {
            Some(digit) if digit.is_ascii_hexdigit() => Ok(hex_digit_value(digit)),
            _ => Err(self.escape_error(escape, contents, "hexadecimal digit expected")),
        }
    }

    /// `esccheck` failing: the message quotes the delimiter, the decoded contents, and the
    /// raw escape up to and including the current byte (unless at end of input).
    fn escape_error(&mut self, escape: &EscapeContext, contents: &[u8], message: &str) -> Failure {
        // `save_and_next` reads the byte after the current one (pulling a piece if needed).
        if self.current().is_some() {
            self.pull_through(self.pos + 1);
        }
        let end = (self.pos + 1).min(self.source.len());
        let raw = &self.source[escape.escape_start..end];
        Failure::near(
            self.line,
            message,
            &buffer_text(escape.quote, contents, raw),
        )
    }
}

/// Where the escape being read started, for error texts.
struct EscapeContext {
    quote: u8,
    escape_start: usize,
}

/// `'` + quote + decoded contents + raw tail + `'`, as `txtToken` shows `llex.c`'s buffer.
fn buffer_text(quote: u8, contents: &[u8], raw_tail: &[u8]) -> Vec<u8> {
    let mut inner = Vec::with_capacity(contents.len() + raw_tail.len() + 1);
    inner.push(quote);
    inner.extend_from_slice(contents);
    inner.extend_from_slice(raw_tail);
    let mut text = quoted(&inner);
    if let Some(nul) = inner.iter().position(|&b| b == 0) {
        text.truncate(nul + 1);
        text.push(b'\'');
    }
    text
}

fn hex_digit_value(digit: u8) -> u32 {
    char::from(digit).to_digit(16).unwrap_or(0)
}

/// `luaO_utf8esc`: Lua's extended UTF-8 (up to six bytes, code points below 2^31).
pub(crate) fn push_utf8(out: &mut Vec<u8>, code: u32) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut continuation = [0u8; 6];
    let mut count = 0;
    let mut rest = code;
    let mut max_first = 0x3f_u32; // largest value that still fits in the first byte
    loop {
        continuation[count] = 0x80 | (rest & 0x3f) as u8;
        count += 1;
        rest >>= 6;
        max_first >>= 1;
        if rest <= max_first {
            break;
        }
    }
    out.push(((!max_first << 1) | rest) as u8);
    out.extend(continuation[..count].iter().rev());
}
