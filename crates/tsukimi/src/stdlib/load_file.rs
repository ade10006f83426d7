//! Loading a file as `luaL_loadfilex` does, for `loadfile`, `dofile`, `require`'s Lua
//! searcher, the API's `Lua::load_file` and the `tsukimi` command's script: a file (or
//! standard input) is parsed while it is read, a piece at a time, as lua5.4 reads it through
//! `getF`.
//!
//! What `luaL_loadfilex` does, and so what this module keeps:
//! - A UTF-8 byte-order mark is skipped, then a first line starting with `#` (its newline is
//!   kept, so line numbers stay right; at the end of the file a newline stands in for it).
//! - A binary chunk (its first byte, after those, is ESC) is read whole and undumped.
//! - A text chunk is parsed as it arrives: the next piece is read only when the lexer needs
//!   its first byte. A syntax error therefore stops the reading, and a file larger than
//!   memory still gets its syntax error (a zero-filled file: "unexpected symbol") instead of
//!   "not enough memory". A file that parses is held whole in the end: the lexer keeps the
//!   text it has read, and the chunk keeps it (the compiler quotes tokens from it).
//! - A read error wins over whatever the parser made of the text before it (`cannot read
//!   <name>: <strerror>`, as `errfile` words it after `ferror`), and a file that cannot be
//!   opened is `cannot open <name>: <strerror>`.
//!
//! Each piece is allocated fallibly: a refusal ends the chunk and is reported as "not enough
//! memory" (a growing read would abort the process).

use std::io::Read;

use crate::stdlib::base::{finish_parsed, load_chunk};
use crate::stdlib::io::strerror;
use crate::value::Value;
use crate::vm::{LuaError, Vm};

/// Bytes asked of the file per read.
const PIECE_BYTES: usize = 64 * 1024;

/// The byte that starts a binary chunk (`LUA_SIGNATURE[0]`).
const ESC: u8 = 0x1b;

/// Why the pieces stopped before the end of the file.
enum ReadFailure {
    Io(std::io::Error),
    Memory,
}

/// The file (or standard input) being loaded, read a piece at a time.
struct Pieces {
    source: Box<dyn Read>,
    failure: Option<ReadFailure>,
    ended: bool,
}

impl Pieces {
    /// The next non-empty piece; `None` at the end of the file or after a failure (kept in
    /// `failure`).
    fn next(&mut self) -> Option<Vec<u8>> {
        if self.ended || self.failure.is_some() {
            return None;
        }
        let Ok(mut piece) = crate::gc::fallible_vec(PIECE_BYTES) else {
            self.failure = Some(ReadFailure::Memory);
            return None;
        };
        piece.resize(PIECE_BYTES, 0);
        loop {
            match self.source.read(&mut piece) {
                Ok(0) => {
                    self.ended = true;
                    return None;
                }
                Ok(n) => {
                    piece.truncate(n);
                    return Some(piece);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failure = Some(ReadFailure::Io(e));
                    return None;
                }
            }
        }
    }

    /// Appends pieces to `text` until it holds at least `len` bytes or the file ends.
    fn fill(&mut self, text: &mut Vec<u8>, len: usize) {
        while text.len() < len {
            let Some(piece) = self.next() else { return };
            self.append(text, &piece);
        }
    }

    /// Appends the rest of the file to `text` (binary chunks are undumped whole).
    fn read_all(&mut self, text: &mut Vec<u8>) {
        while let Some(piece) = self.next() {
            self.append(text, &piece);
        }
    }

    fn append(&mut self, text: &mut Vec<u8>, piece: &[u8]) {
        if crate::gc::try_reserve(text, piece.len()).is_err() {
            self.failure = Some(ReadFailure::Memory);
            return;
        }
        text.extend_from_slice(piece);
    }

    /// `skipBOM` and `skipcomment`: the text from the chunk's first byte on, with a first
    /// `#` line dropped but its newline kept. Returns whether a comment line was skipped.
    fn skip_prefix(&mut self, text: &mut Vec<u8>) -> bool {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        self.fill(text, BOM.len());
        if text.starts_with(BOM) {
            text.drain(..BOM.len());
            self.fill(text, 1);
        }
        if text.first() != Some(&b'#') {
            return false;
        }
        loop {
            if let Some(newline) = text.iter().position(|&b| b == b'\n') {
                text.drain(..newline);
                break;
            }
            // The whole piece is comment: drop it and read on.
            text.clear();
            let Some(piece) = self.next() else {
                // The line ran to the end of the file: the newline stands in for it.
                text.push(b'\n');
                break;
            };
            *text = piece;
        }
        // The newline is kept unless a binary chunk follows it (`lf.n = 0`).
        self.fill(text, 2);
        true
    }
}

/// `luaL_loadfilex`: loads the file at `path` (stdin for `None`) with chunkname `@path`
/// (`=stdin`). `Ok(Err(msg))` is a load failure ("cannot open x: ..." or a syntax error).
/// The path is bytes (a Lua string need not be UTF-8): the file is opened by its exact
/// bytes, and messages and the chunk name quote them.
pub fn load_file_named(
    vm: &mut Vm,
    path: Option<&[u8]>,
    mode: &[u8],
    env: Option<Value>,
) -> Result<Result<Value, Value>, LuaError> {
    use std::os::unix::ffi::OsStrExt;
    // Read as a C string (`strchr`), up to its first zero byte.
    let mode = crate::stdlib::c_str(mode);
    let (source, chunkname, shown): (Box<dyn Read>, Vec<u8>, &[u8]) = match path {
        None => (Box::new(std::io::stdin()), b"=stdin".to_vec(), b"stdin"),
        Some(path) => {
            let chunkname = [b"@".as_slice(), path].concat();
            match std::fs::File::open(std::ffi::OsStr::from_bytes(path)) {
                Ok(file) => (Box::new(file), chunkname, path),
                Err(e) => return failure_message(vm, "open", path, &e),
            }
        }
    };
    let mut pieces = Pieces {
        source,
        failure: None,
        ended: false,
    };
    let mut text = Vec::new();
    let commented = pieces.skip_prefix(&mut text);
    let binary_at = usize::from(commented);
    let loaded = if text.get(binary_at) == Some(&ESC) {
        text.drain(..binary_at);
        if mode.contains(&b'b') {
            pieces.read_all(&mut text);
        }
        // A mode refusing binary chunks fails before anything more is read.
        match pieces.failure {
            None => load_chunk(vm, &text, &chunkname, mode, env)?,
            Some(_) => Ok(Value::Nil),
        }
    } else if !mode.contains(&b't') {
        load_chunk(vm, &text, &chunkname, mode, env)?
    } else {
        let options = vm.parse_options();
        let parsed =
            tsukimi_syntax::parse_from_reader(text, &mut || pieces.next(), &chunkname, &options);
        match pieces.failure {
            None => finish_parsed(vm, parsed, &chunkname, env)?,
            Some(_) => Ok(Value::Nil),
        }
    };
    // A failed read wins over the chunk (lua5.4 checks `ferror` after `lua_load`).
    match pieces.failure {
        None => Ok(loaded),
        Some(ReadFailure::Io(e)) => failure_message(vm, "read", shown, &e),
        Some(ReadFailure::Memory) => {
            let msg = vm.memory_error().value;
            vm.collect_after_memory_error(msg);
            Ok(Err(msg))
        }
    }
}

/// "cannot <what> <name>: <strerror>" (`errfile`).
fn failure_message(
    vm: &mut Vm,
    what: &str,
    name: &[u8],
    e: &std::io::Error,
) -> Result<Result<Value, Value>, LuaError> {
    let reason = match e.raw_os_error() {
        Some(code) => strerror(code),
        None => e.to_string(),
    };
    let mut msg = format!("cannot {what} ").into_bytes();
    msg.extend_from_slice(name);
    msg.extend_from_slice(format!(": {reason}").as_bytes());
    Ok(Err(Value::String(vm.new_string(&msg)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives `step` bytes per read, so every piece boundary gets exercised.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    /// The text `skip_prefix` leaves followed by every remaining piece, and whether a
    /// comment line was skipped.
    fn skipped(data: &[u8], step: usize) -> (Vec<u8>, bool) {
        let mut pieces = Pieces {
            source: Box::new(Trickle {
                data: data.to_vec(),
                at: 0,
                step,
            }),
            failure: None,
            ended: false,
        };
        let mut text = Vec::new();
        let commented = pieces.skip_prefix(&mut text);
        while let Some(piece) = pieces.next() {
            text.extend_from_slice(&piece);
        }
        assert!(pieces.failure.is_none());
        (text, commented)
    }

    #[test]
    fn the_prefix_is_skipped_across_any_piece_boundary() {
        let long_comment = [b"#".as_slice(), &[b'x'; 70_000], b"\nreturn 1"].concat();
        let cases: &[(&[u8], &[u8], bool)] = &[
            (b"", b"", false),
            (b"return 1", b"return 1", false),
            (b"\xEF\xBB\xBFreturn 1", b"return 1", false),
            (b"\xEF\xBBreturn", b"\xEF\xBBreturn", false),
            (b"#!/bin/lua\nreturn 1", b"\nreturn 1", true),
            (b"\xEF\xBB\xBF#x\n\nreturn", b"\n\nreturn", true),
            (b"#no newline", b"\n", true),
            (b"#", b"\n", true),
            (b"#x\n\x1bLua", b"\n\x1bLua", true),
            (&long_comment, b"\nreturn 1", true),
        ];
        for &(data, want, commented) in cases {
            for step in [1, 2, 3, 5, PIECE_BYTES] {
                assert_eq!(
                    skipped(data, step),
                    (want.to_vec(), commented),
                    "{:?} read {step} bytes at a time",
                    String::from_utf8_lossy(&data[..data.len().min(20)])
                );
            }
        }
    }

    #[test]
    fn a_failed_read_is_kept() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(libc::EIO))
            }
        }
        let mut pieces = Pieces {
            source: Box::new(Failing),
            failure: None,
            ended: false,
        };
        assert!(pieces.next().is_none());
        assert!(matches!(pieces.failure, Some(ReadFailure::Io(_))));
        assert!(pieces.next().is_none(), "no read after a failure");
    }
}
