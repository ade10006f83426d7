//! Reading `string.pack` format strings: one option at a time, with sizes and alignment.
//!
//! A format is a sequence of options, each a letter optionally followed by a size
//! (lstrlib `getoption`/`getdetails`): integers `b B h H l L j J T i[n] I[n]`, floats `f d n`,
//! strings `s[n] c<n> z`, padding `x`, alignment `X<op>` (aligns like `op`, which is consumed
//! and otherwise ignored), and the settings `< > = ![n]` and space. Sizes are those of the
//! x86-64 ABI lua5.4 runs on: `h` 2, `i` 4, `l j T n d` 8, native little endian, native
//! maximum alignment 8. Integer sizes must be within 1..=16.
//!
//! The format is read like a C string: it ends at the first NUL byte (lstrlib receives it via
//! `luaL_checkstring`), which [`FormatReader::new`] reproduces.
//!
//! Invariant: [`FormatReader`] only moves forward and every option consumes at least one byte,
//! so any loop over it terminates.

use crate::TextError;

/// Largest integer size, in bytes (`MAXINTSIZE`).
pub const MAX_INT_SIZE: usize = 16;
/// Largest value a numeral in a format may reach before reading stops (`(INT_MAX - 9) / 10`).
const MAX_NUMERAL: usize = (i32::MAX as usize - 9) / 10;
/// The platform's maximum alignment for `!` without a number.
const NATIVE_MAX_ALIGN: usize = 8;

/// The kind of one format option (lstrlib `KOption`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Signed integer.
    Int,
    /// Unsigned integer.
    Uint,
    /// C `float` (4 bytes).
    Float,
    /// Lua float `n` (a double).
    Number,
    /// C `double`.
    Double,
    /// Fixed-size string `c<n>`.
    Char,
    /// String preceded by its length `s[n]`.
    Str,
    /// Zero-terminated string `z`.
    Zstr,
    /// One byte of padding `x`.
    Padding,
    /// Alignment `X<op>`.
    PadAlign,
    /// No data: endianness, maximum alignment, space.
    Nop,
}

/// One option with its size and the padding needed before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the option packs.
    pub kind: OptionKind,
    /// Its size in bytes (the length prefix size for `s`, 0 for `z` and settings).
    pub size: usize,
    /// Padding bytes to insert before it so that it is aligned.
    pub align_padding: usize,
}

/// Walks a format string (lstrlib's `Header` plus the format cursor).
pub struct FormatReader<'f> {
    format: &'f [u8],
    position: usize,
    /// Whether integers and floats are little endian (the current `<`/`>`/`=` setting).
    pub little_endian: bool,
    max_align: usize,
}

fn is_digit(c: Option<&u8>) -> bool {
    matches!(c, Some(b'0'..=b'9'))
}

impl<'f> FormatReader<'f> {
    /// A reader over `format`, cut at its first NUL byte like a C string.
    pub fn new(format: &'f [u8]) -> Self {
        let end = format.iter().position(|&c| c == 0).unwrap_or(format.len());
        FormatReader {
            format: &format[..end],
            position: 0,
            little_endian: cfg!(target_endian = "little"),
            max_align: 1,
        }
    }

    /// Whether the whole format has been read.
    pub fn at_end(&self) -> bool {
        self.position >= self.format.len()
    }

    /// lstrlib `getnum`: an optional numeral, `default` if absent.
    fn read_number(&mut self, default: usize) -> usize {
        if !is_digit(self.format.get(self.position)) {
            return default;
        }
        let mut value = 0usize;
        loop {
            value = value * 10 + usize::from(self.format[self.position] - b'0');
            self.position += 1;
            if !(is_digit(self.format.get(self.position)) && value <= MAX_NUMERAL) {
                return value;
            }
        }
    }

    /// lstrlib `getnumlimit`: a size for an integer option, checked against 1..=16.
    fn read_int_size(&mut self, default: usize) -> Result<usize, TextError> {
        let size = self.read_number(default);
        if size > MAX_INT_SIZE || size == 0 {
            return Err(TextError::message(format!(
                "integral size ({size}) out of limits [1,{MAX_INT_SIZE}]"
            )));
        }
        Ok(size)
    }

    /// lstrlib `getoption`: the next option and its size.
    fn read_option(&mut self) -> Result<(OptionKind, usize), TextError> {
        let letter = self.format.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        use OptionKind::*;
        Ok(match letter {
            b'b' => (Int, 1),
            b'B' => (Uint, 1),
            b'h' => (Int, 2),
            b'H' => (Uint, 2),
            b'l' | b'j' => (Int, 8),
            b'L' | b'J' | b'T' => (Uint, 8),
            b'f' => (Float, 4),
            b'n' => (Number, 8),
            b'd' => (Double, 8),
            b'i' => (Int, self.read_int_size(4)?),
            b'I' => (Uint, self.read_int_size(4)?),
            b's' => (Str, self.read_int_size(8)?),
            b'c' => {
                if !is_digit(self.format.get(self.position)) {
                    return Err(TextError::message("missing size for format option 'c'"));
                }
                (Char, self.read_number(0))
            }
            b'z' => (Zstr, 0),
            b'x' => (Padding, 1),
            b'X' => (PadAlign, 0),
            b' ' => (Nop, 0),
            b'<' => {
                self.little_endian = true;
                (Nop, 0)
            }
            b'>' => {
                self.little_endian = false;
                (Nop, 0)
            }
            b'=' => {
                self.little_endian = cfg!(target_endian = "little");
                (Nop, 0)
            }
            b'!' => {
                self.max_align = self.read_int_size(NATIVE_MAX_ALIGN)?;
                (Nop, 0)
            }
            other => {
                let mut message = b"invalid format option '".to_vec();
                message.push(other);
                message.push(b'\'');
                return Err(TextError::Message(message));
            }
        })
    }

    /// lstrlib `getdetails`: the next option, its size and the padding that aligns it when
    /// `total_size` bytes precede it.
    pub fn next_item(&mut self, total_size: usize) -> Result<Item, TextError> {
        let (kind, size) = self.read_option()?;
        let mut align = size;
        if kind == OptionKind::PadAlign {
            let invalid = || TextError::bad_argument(1, "invalid next option for option 'X'");
            if self.at_end() {
                return Err(invalid());
            }
            let (next_kind, next_size) = self.read_option()?;
            align = next_size;
            if next_kind == OptionKind::Char || align == 0 {
                return Err(invalid());
            }
        }
        let align_padding = if align <= 1 || kind == OptionKind::Char {
            0
        } else {
            let align = align.min(self.max_align);
            if !align.is_power_of_two() {
                return Err(TextError::bad_argument(
                    1,
                    "format asks for alignment not power of 2",
                ));
            }
            (align - (total_size & (align - 1))) & (align - 1)
        };
        Ok(Item {
            kind,
            size,
            align_padding,
        })
    }
}
