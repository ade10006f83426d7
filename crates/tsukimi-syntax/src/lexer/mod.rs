//! The Lua 5.4 lexer: bytes in, [`Lexeme`]s out, one at a time, exactly as `llex.c`.
//!
//! The lexer works on the whole chunk as a `&[u8]` and never allocates per character: names
//! and decoded strings are the only owned data it produces. It mirrors `llex.c` closely,
//! because the parser's error messages depend on its state:
//!
//! - **Line counting.** [`Lexer::line`] is `ls->linenumber`: the line the lexer has reached,
//!   i.e. the line where the most recently read token *ends*. Any of `\n`, `\r`, `\r\n`,
//!   `\n\r` is one line break. The parser reads this value at the same moments `lparser.c`
//!   does, which is how AST lines and error lines match `lua5.4`.
//! - **Error texts.** Lexical errors quote what `llex.c` had in its buffer at that moment:
//!   the raw text of a numeral (`malformed number near '3x'`), the opening delimiter plus the
//!   decoded part of a string plus the raw escape being read (`near '"abc\q'`), or `<eof>`.
//!   [`Lexeme::near_text`] gives the same text for a complete token (`txtToken`).
//! - **Numerals** are collected liberally and then judged by [`numeral::convert`].
//!
//! The shebang line is *not* skipped here (`load("#x")` must fail); see `crate::skip_shebang`.
//!
//! **Pulled input.** `load` with a reader function gives the chunk in pieces, and `llex.c`
//! asks its `ZIO` for the next piece only when it needs the byte after the last one it has
//! (its `current` is always the byte at `pos`). A lexer made by [`Lexer::with_reader`] does
//! the same: it holds the bytes read so far and calls the reader exactly when it looks at
//! `pos == source.len()` (or, quoting a bad escape, at the byte after it, as `esccheck`'s
//! `save_and_next`). So a syntax error in the first piece stops the reading there, as in
//! `lua5.4`. The reader's `None` (end of chunk, or a failure its owner records) ends the
//! input for good.
//!
//! Invariants: `pos <= source.len()`; every method returns `Err` instead of panicking on any
//! input; the lexer never reads past the end of `source`; the reader is never called again
//! after it returned `None`.

pub mod numeral;
mod strings;

use std::borrow::Cow;

use crate::failure::{try_extend, Failure, Result};
use crate::token::Token;

/// `MAX_INT` in `llex.c`: reaching this many lines is an error.
const MAX_LINES: u32 = i32::MAX as u32;

/// A token with the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexeme {
    pub token: Token,
    /// Offset of the token's first byte (for `.5`, the dot).
    pub start: usize,
    /// Offset just past the token's last byte.
    pub end: usize,
}

impl Lexeme {
    /// The token as shown after `near` in messages (`txtToken` in `llex.c`): the source text
    /// of names and numerals, a string's delimiters around its decoded contents (cut at the
    /// first zero byte, as C's `%s` does), and `luaX_token2str` for everything else.
    pub fn near_text(&self, source: &[u8]) -> Vec<u8> {
        let mut text = match &self.token {
            Token::Name(_) | Token::Int(_) | Token::Float(_) => {
                let raw = source.get(self.start..self.end).unwrap_or_default();
                quoted(raw)
            }
            Token::Str(contents) => {
                let (open, close) = string_delimiters(source, self.start);
                let mut inner = open;
                inner.extend_from_slice(contents);
                inner.extend_from_slice(&close);
                quoted(&inner)
            }
            other => return other.describe().into_bytes(),
        };
        truncate_at_nul(&mut text);
        text
    }
}

/// `'text'`.
fn quoted(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'\'');
    out.extend_from_slice(text);
    out.push(b'\'');
    out
}

/// C strings end at the first zero byte; `luaO_pushfstring("%s")` shows only that much.
/// The closing quote of `'...'` is kept.
fn truncate_at_nul(text: &mut Vec<u8>) {
    if let Some(nul) = text.iter().position(|&b| b == 0) {
        // The text was `'` + body + `'`: `%s` stopped at the NUL inside the body, and the
        // format string's closing quote still follows.
        text.truncate(nul);
        text.push(b'\'');
    }
}

/// The opening and closing delimiters of the string literal starting at `start`.
fn string_delimiters(source: &[u8], start: usize) -> (Vec<u8>, Vec<u8>) {
    match source.get(start) {
        Some(b'[') => {
            let level = source
                .get(start + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b == b'=')
                .count();
            let mut open = vec![b'['];
            open.extend(std::iter::repeat_n(b'=', level));
            open.push(b'[');
            let mut close = vec![b']'];
            close.extend(std::iter::repeat_n(b'=', level));
            close.push(b']');
            (open, close)
        }
        Some(&quote) => (vec![quote], vec![quote]),
        None => (Vec::new(), Vec::new()),
    }
}

/// `lislalpha`: letters and `_` (ASCII only, as Lua's own ctype table).
pub fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

/// `lislalnum`.
pub fn is_name_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// `lisspace`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
pub fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Where a pulled chunk's next piece comes from: `None` ends the chunk (the reader returned
/// nothing, an empty piece, or failed). Pieces are never empty.
pub type SourceReader<'a> = &'a mut dyn FnMut() -> Option<Vec<u8>>;

/// A streaming lexer over one chunk.
pub struct Lexer<'a> {
    /// The chunk's bytes read so far (all of it unless a reader is still attached).
    source: Cow<'a, [u8]>,
    /// More of the chunk, pulled on demand (`None` once exhausted or for a whole chunk).
    reader: Option<SourceReader<'a>>,
    pos: usize,
    line: u32,
    /// A piece from the reader could not be added (no memory): the next token is
    /// `Failure::OutOfMemory`.
    out_of_memory: bool,
}

impl std::fmt::Debug for Lexer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexer")
            .field("read", &self.source.len())
            .field("pulling", &self.reader.is_some())
            .field("pos", &self.pos)
            .field("line", &self.line)
            .finish()
    }
}

impl<'a> Lexer<'a> {
    pub fn new(source: &'a [u8]) -> Lexer<'a> {
        Lexer {
            source: Cow::Borrowed(source),
            reader: None,
            pos: 0,
            line: 1,
            out_of_memory: false,
        }
    }

    /// A lexer over a chunk that starts with `first` and continues with what `reader` gives
    /// when the lexer needs it (see the module essay).
    pub fn with_reader(first: Vec<u8>, reader: SourceReader<'a>) -> Lexer<'a> {
        Lexer {
            source: Cow::Owned(first),
            reader: Some(reader),
            pos: 0,
            line: 1,
            out_of_memory: false,
        }
    }

    /// The chunk read so far (all of it once the end-of-stream token was read).
    pub fn source(&self) -> &[u8] {
        &self.source
    }

    /// Makes byte `index` available if the reader can provide it (`luaZ_fill`).
    fn pull_through(&mut self, index: usize) {
        while index >= self.source.len() {
            let Some(reader) = self.reader.as_mut() else {
                return;
            };
            match reader() {
                Some(piece) if !piece.is_empty() => {
                    if try_extend(self.source.to_mut(), &piece).is_err() {
                        // The chunk ends here for the lexer; the next token reports why.
                        self.out_of_memory = true;
                        self.reader = None;
                    }
                }
                _ => self.reader = None,
            }
        }
    }

    /// `ls->linenumber`: the line where the most recently read token ends.
    pub fn line(&self) -> u32 {
        self.line
    }

    fn current(&mut self) -> Option<u8> {
        self.pull_through(self.pos);
        self.source.get(self.pos).copied()
    }

    fn current_is(&mut self, byte: u8) -> bool {
        self.current() == Some(byte)
    }

    fn current_is_newline(&mut self) -> bool {
        matches!(self.current(), Some(b'\n' | b'\r'))
    }

    /// Skips `byte` if it is current (`check_next1`).
    fn skip_if(&mut self, byte: u8) -> bool {
        let found = self.current_is(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// `inclinenumber`: skips one line break (`\n`, `\r`, `\n\r` or `\r\n`) at `pos`.
    fn skip_newline(&mut self) -> Result<()> {
        let first = self.current();
        self.pos += 1;
        if self.current_is_newline() && self.current() != first {
            self.pos += 1;
        }
        self.line += 1;
        if self.line >= MAX_LINES {
            return Err(Failure::plain(self.line, "chunk has too many lines"));
        }
        Ok(())
    }

    /// Reads the next token (`llex`). Once the reader's chunk could not be stored, every
    /// token is "not enough memory" (the token being read may have been cut short).
    pub fn next_lexeme(&mut self) -> Result<Lexeme> {
        let lexeme = self.lex();
        if self.out_of_memory {
            return Err(Failure::OutOfMemory);
        }
        lexeme
    }

    fn lex(&mut self) -> Result<Lexeme> {
        loop {
            let start = self.pos;
            let Some(byte) = self.current() else {
                return Ok(Lexeme {
                    token: Token::Eos,
                    start,
                    end: start,
                });
            };
            let token = match byte {
                b'\n' | b'\r' => {
                    self.skip_newline()?;
                    continue;
                }
                b' ' | b'\x0c' | b'\t' | b'\x0b' => {
                    self.pos += 1;
                    continue;
                }
                b'-' => {
                    self.pos += 1;
                    if !self.current_is(b'-') {
                        Token::Char(b'-')
                    } else {
                        self.pos += 1;
                        self.skip_comment()?;
                        continue;
                    }
                }
                b'[' => {
                    let level = self.skip_separator();
                    match level {
                        Separator::Long(level) => Token::Str(self.read_long_string(level)?),
                        Separator::Single => Token::Char(b'['),
                        Separator::Unfinished => {
                            let text = quoted(&self.source[start..self.pos]);
                            return Err(Failure::near(
                                self.line,
                                "invalid long string delimiter",
                                &text,
                            ));
                        }
                    }
                }
                b'=' => self.one_or_two(Token::Char(b'='), &[(b'=', Token::Eq)]),
                b'<' => {
                    self.one_or_two(Token::Char(b'<'), &[(b'=', Token::Le), (b'<', Token::Shl)])
                }
                b'>' => {
                    self.one_or_two(Token::Char(b'>'), &[(b'=', Token::Ge), (b'>', Token::Shr)])
                }
                b'/' => self.one_or_two(Token::Char(b'/'), &[(b'/', Token::IDiv)]),
                b'~' => self.one_or_two(Token::Char(b'~'), &[(b'=', Token::Ne)]),
                b':' => self.one_or_two(Token::Char(b':'), &[(b':', Token::DbColon)]),
                b'"' | b'\'' => Token::Str(self.read_short_string(byte)?),
                b'.' => {
                    self.pos += 1;
                    if self.skip_if(b'.') {
                        if self.skip_if(b'.') {
                            Token::Dots
                        } else {
                            Token::Concat
                        }
                    } else if self.current().is_some_and(|b| b.is_ascii_digit()) {
                        self.read_numeral(start)?
                    } else {
                        Token::Char(b'.')
                    }
                }
                b'0'..=b'9' => self.read_numeral(start)?,
                _ if is_name_start(byte) => self.read_name(start)?,
                _ => {
                    self.pos += 1;
                    Token::Char(byte)
                }
            };
            // `llex.c` always holds the byte after a token as its `current`.
            self.pull_through(self.pos);
            return Ok(Lexeme {
                token,
                start,
                end: self.pos,
            });
        }
    }

    /// For a symbol that may be followed by a second byte: skips the first byte, then the
    /// second if it is one of `pairs`, returning the matching token (or `single`).
    fn one_or_two(&mut self, single: Token, pairs: &[(u8, Token)]) -> Token {
        self.pos += 1;
        for (second, token) in pairs {
            if self.skip_if(*second) {
                return token.clone();
            }
        }
        single
    }

    /// Skips the rest of a comment after its `--`.
    fn skip_comment(&mut self) -> Result<()> {
        if self.current_is(b'[') {
            if let Separator::Long(level) = self.skip_separator() {
                return self.skip_long_comment(level);
            }
        }
        while let Some(byte) = self.current() {
            if byte == b'\n' || byte == b'\r' {
                break;
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn read_name(&mut self, start: usize) -> Result<Token> {
        while self.current().is_some_and(is_name_char) {
            self.pos += 1;
        }
        let word = &self.source[start..self.pos];
        if let Some(token) = Token::reserved(word) {
            return Ok(token);
        }
        // A name is as long as the source makes it: its copy must not abort.
        let mut name = String::new();
        name.try_reserve_exact(word.len())
            .map_err(|_| Failure::OutOfMemory)?;
        name.extend(word.iter().map(|&b| b as char));
        Ok(Token::Name(name))
    }

    /// `read_numeral`: `start` is the first byte of the numeral (maybe an already skipped `.`);
    /// the current byte is a digit.
    fn read_numeral(&mut self, start: usize) -> Result<Token> {
        let first = self.current();
        self.pos += 1;
        let mut exponent_marks = [b'E', b'e'];
        if first == Some(b'0') && matches!(self.current(), Some(b'x' | b'X')) {
            self.pos += 1;
            exponent_marks = [b'P', b'p'];
        }
        loop {
            match self.current() {
                Some(byte) if exponent_marks.contains(&byte) => {
                    self.pos += 1;
                    if matches!(self.current(), Some(b'+' | b'-')) {
                        self.pos += 1;
                    }
                }
                Some(byte) if byte.is_ascii_hexdigit() || byte == b'.' => self.pos += 1,
                _ => break,
            }
        }
        if self.current().is_some_and(is_name_start) {
            // A numeral touching a letter: force an error (`save_and_next` reads one more).
            self.pos += 1;
            self.pull_through(self.pos);
        }
        let text = &self.source[start..self.pos];
        match numeral::convert(text) {
            Some(numeral::Numeral::Int(value)) => Ok(Token::Int(value)),
            Some(numeral::Numeral::Float(value)) => Ok(Token::Float(value)),
            None => Err(Failure::near(self.line, "malformed number", &quoted(text))),
        }
    }
}

/// What `skip_sep` found after a `[` or `]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `[[`, `[==[`...: a long bracket of this level (number of `=`).
    Long(usize),
    /// A lone bracket without `=`.
    Single,
    /// `[=`... not followed by a second bracket.
    Unfinished,
}

#[cfg(test)]
mod tests;
