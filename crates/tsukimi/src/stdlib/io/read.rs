//! `file:read` / `io.read` / `lines` iterators: liolib's `g_read` and its format readers.
//!
//! Formats: a number `k` (read up to `k` bytes; `0` tests for end of file), `"n"` (a numeral,
//! read exactly like liolib's `read_number`: at most 200 characters following the lexical
//! shape of a Lua numeral, one byte of look-ahead pushed back, then converted like
//! `tonumber`), `"l"`/`"L"` (a line without/with its newline) and `"a"` (the rest of the file).
//! A leading `*` is accepted (5.1 compatibility). Reading stops at the first format that fails;
//! its result becomes `nil`. A stream error (`ferror`) replaces all results with
//! `nil, strerror(errno), errno`.

use std::io::Write;

use super::handle::OpenFile;
use super::read_buffer_limit::buffer_allocatable;
use super::stream::{strerror, Stream};
use crate::value::Value;
use crate::vm::debug::join;
use crate::vm::number::{self, Number};
use crate::vm::{LuaError, Vm};

/// liolib's `L_MAXLENNUM`: the longest numeral `read("n")` accepts.
const MAX_NUMERAL_LEN: usize = 200;

/// One format of a `read` call, already checked.
enum Format {
    Count(usize),
    Number,
    Line { keep_newline: bool },
    All,
}

/// Checks one format argument (`arg` is its argument number for messages).
fn parse_format(vm: &mut Vm, v: Value, arg: usize) -> Result<Format, LuaError> {
    match v {
        Value::Integer(_) | Value::Float(_) => match vm.to_integer(v) {
            Some(k) if k >= 0 => Ok(Format::Count(k as usize)),
            // liolib casts to size_t and asks for a buffer that large.
            Some(_) => Err(vm.memory_error()),
            None => Err(vm.arg_error(arg, "number has no integer representation")),
        },
        Value::String(s) => {
            let bytes = s.as_bytes();
            let spec = match bytes.first() {
                Some(b'*') => bytes.get(1),
                other => other,
            };
            match spec {
                Some(b'n') => Ok(Format::Number),
                Some(b'l') => Ok(Format::Line {
                    keep_newline: false,
                }),
                Some(b'L') => Ok(Format::Line { keep_newline: true }),
                Some(b'a') => Ok(Format::All),
                _ => Err(vm.arg_error(arg, "invalid format")),
            }
        }
        other => {
            let got = vm.type_name_of(other);
            Err(vm.arg_error_bytes(arg, &join(&[b"string expected, got ", &got])))
        }
    }
}

/// The value a format produced (`None` = the format failed).
type Piece = Option<Value>;

/// Reads with `formats` (argument numbers start at `first_arg`), pushes the results and
/// returns their count (`g_read`).
pub fn read_formats(
    vm: &mut Vm,
    file: &mut OpenFile,
    formats: &[Value],
    first_arg: usize,
) -> Result<usize, LuaError> {
    let stream = &mut file.stream;
    stream.clear_error();
    let mut results: Vec<Value> = Vec::with_capacity(formats.len().max(1));
    let mut success = true;
    if formats.is_empty() {
        let piece = read_line(vm, stream, false)?;
        success = piece.is_some();
        results.push(piece.unwrap_or(Value::Nil));
    } else {
        for (i, &v) in formats.iter().enumerate() {
            let format = parse_format(vm, v, first_arg + i)?;
            let piece = match format {
                Format::Count(0) => test_eof(vm, stream)?,
                Format::Count(k) => read_chars(vm, stream, k)?,
                Format::Number => read_number(stream, vm),
                Format::Line { keep_newline } => read_line(vm, stream, keep_newline)?,
                Format::All => Some(read_all(vm, stream)?),
            };
            success = piece.is_some();
            results.push(piece.unwrap_or(Value::Nil));
            if !success {
                break;
            }
        }
    }
    if let Some(code) = stream.error() {
        return push_file_error(vm, code);
    }
    let _ = success;
    let count = results.len();
    for v in results {
        vm.push(v)?;
    }
    Ok(count)
}

/// `luaL_fileresult(L, 0, NULL)`: pushes `nil, strerror(code), code`.
pub fn push_file_error(vm: &mut Vm, code: i32) -> Result<usize, LuaError> {
    let msg = vm.new_string(strerror(code).as_bytes())?;
    vm.push(Value::Nil)?;
    vm.push(Value::String(msg))?;
    vm.push(Value::Integer(i64::from(code)))?;
    Ok(3)
}

fn sink(vm: &mut Vm) -> &mut dyn Write {
    vm.output()
}

fn test_eof(vm: &mut Vm, stream: &mut Stream) -> Result<Piece, LuaError> {
    let c = stream.getc(sink(vm));
    stream.ungetc(c);
    let empty = vm.new_string(b"")?;
    Ok(c.map(|_| Value::String(empty)))
}

/// `read_chars`: lua5.4 allocates a `k`-byte buffer first, so a count no allocation could
/// satisfy is "not enough memory" even at end of file (see `read_buffer_limit`).
fn read_chars(vm: &mut Vm, stream: &mut Stream, k: usize) -> Result<Piece, LuaError> {
    if !buffer_allocatable(vm, k) {
        return Err(vm.memory_error());
    }
    let mut buf = Vec::new();
    let got = stream.read_up_to(k, &mut buf, sink(vm));
    if stream.take_out_of_memory() {
        return Err(vm.memory_error());
    }
    if got == 0 {
        return Ok(None);
    }
    Ok(Some(Value::String(vm.new_string(&buf)?)))
}

fn read_line(vm: &mut Vm, stream: &mut Stream, keep_newline: bool) -> Result<Piece, LuaError> {
    let mut buf = Vec::new();
    let found = stream.read_until(b'\n', &mut buf, sink(vm));
    if stream.take_out_of_memory() {
        return Err(vm.memory_error());
    }
    if found && keep_newline {
        buf.push(b'\n');
    }
    let s = vm.new_string(&buf)?;
    Ok((found || !buf.is_empty()).then_some(Value::String(s)))
}

fn read_all(vm: &mut Vm, stream: &mut Stream) -> Result<Value, LuaError> {
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf, sink(vm));
    if stream.take_out_of_memory() {
        return Err(vm.memory_error());
    }
    Ok(Value::String(vm.new_string(&buf)?))
}

/// liolib's `RN`: the numeral read so far and one byte of look-ahead.
struct NumeralReader<'s> {
    stream: &'s mut Stream,
    current: Option<u8>,
    text: Vec<u8>,
    overflowed: bool,
}

impl NumeralReader<'_> {
    /// `nextc`: keeps the look-ahead byte and reads the next one.
    fn next(&mut self, sink: &mut dyn Write) -> bool {
        if self.text.len() >= MAX_NUMERAL_LEN {
            self.overflowed = true;
            return false;
        }
        if let Some(c) = self.current {
            self.text.push(c);
        }
        self.current = self.stream.getc(sink);
        true
    }

    /// `test2`: accepts the look-ahead byte if it is one of `set`.
    fn accept(&mut self, set: &[u8; 2], sink: &mut dyn Write) -> bool {
        match self.current {
            Some(c) if set.contains(&c) => self.next(sink),
            _ => false,
        }
    }

    /// `readdigits`: accepts a run of (hex) digits, returning how many.
    fn digits(&mut self, hex: bool, sink: &mut dyn Write) -> usize {
        let mut count = 0;
        while let Some(c) = self.current {
            let ok = if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            };
            if !ok || !self.next(sink) {
                break;
            }
            count += 1;
        }
        count
    }
}

/// C's `isspace` in the C locale.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// liolib's `read_number`.
fn read_number(stream: &mut Stream, vm: &mut Vm) -> Piece {
    let sink = sink(vm);
    let mut current = stream.getc(sink);
    while current.is_some_and(is_c_space) {
        current = stream.getc(sink);
    }
    let mut rn = NumeralReader {
        stream,
        current,
        text: Vec::new(),
        overflowed: false,
    };
    let mut count = 0;
    let mut hex = false;
    rn.accept(b"-+", sink);
    if rn.accept(b"00", sink) {
        if rn.accept(b"xX", sink) {
            hex = true;
        } else {
            count = 1;
        }
    }
    count += rn.digits(hex, sink);
    if rn.accept(b"..", sink) {
        count += rn.digits(hex, sink);
    }
    if count > 0 && rn.accept(if hex { b"pP" } else { b"eE" }, sink) {
        rn.accept(b"-+", sink);
        rn.digits(false, sink);
    }
    let look_ahead = rn.current;
    rn.stream.ungetc(look_ahead);
    if rn.overflowed {
        return None;
    }
    match number::str_to_number(&rn.text)? {
        Number::Int(i) => Some(Value::Integer(i)),
        Number::Float(f) => Some(Value::Float(f)),
    }
}
