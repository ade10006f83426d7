//! Reading a whole file the way `luaL_loadfile` prepares it, for the bytecode listing
//! (`-bl`), which compiles it to a prototype rather than a function: from a named file or
//! from standard input, with the same preprocessing and the same error messages. Scripts
//! themselves load through the library (`Lua::load_file_bytes`), which parses while it
//! reads, as lua.c does.
//!
//! Preprocessing, in order (lauxlib.c's `skipBOM` / `skipcomment`):
//! 1. a UTF-8 byte-order mark at the very start is dropped;
//! 2. if the text then starts with `#` (a Unix `#!` line), that first line is dropped up to
//!    and including its newline, and a single `\n` is put back in its place so that line
//!    numbers in messages stay right;
//! 3. if what follows starts with the binary-chunk signature byte (ESC), the chunk is binary
//!    and the newline put back in step 2 is removed again.
//!
//! Chunk names are `@<file name>` for files and `=stdin` for standard input. Failures read
//! like lua5.4's: `cannot open <name>: <reason>` when the file cannot be opened,
//! `cannot read <name>: <reason>` when reading fails (a directory, for instance), with the
//! operating system's `strerror` text as the reason.

use std::io::Read;

/// Where a chunk comes from.
#[derive(Clone, Copy, Debug)]
pub enum ChunkOrigin<'a> {
    /// Standard input (`-`, or no script with a non-terminal stdin).
    Stdin,
    /// A file, named by raw bytes as given on the command line or in `LUA_INIT`.
    File(&'a [u8]),
}

/// A chunk's bytes after preprocessing, ready for the loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkText {
    pub bytes: Vec<u8>,
    /// `@name` or `=stdin`.
    pub chunkname: String,
    /// Starts with the binary signature (a precompiled chunk).
    pub is_binary: bool,
}

/// The byte every binary chunk starts with (`LUA_SIGNATURE[0]`).
const BINARY_SIGNATURE_START: u8 = 0x1b;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads and preprocesses a chunk; on failure returns lua5.4's message (as bytes, since file
/// names may not be UTF-8).
pub fn read_chunk(origin: ChunkOrigin<'_>) -> Result<ChunkText, Vec<u8>> {
    let (raw, chunkname) = match origin {
        ChunkOrigin::Stdin => {
            let mut raw = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut raw)
                .map_err(|e| failure("read", b"stdin", &e))?;
            (raw, "=stdin".to_string())
        }
        ChunkOrigin::File(name) => {
            let path = path_from_bytes(name);
            let mut file = std::fs::File::open(&path).map_err(|e| failure("open", name, &e))?;
            let mut raw = Vec::new();
            file.read_to_end(&mut raw)
                .map_err(|e| failure("read", name, &e))?;
            (raw, format!("@{}", String::from_utf8_lossy(name)))
        }
    };
    let (bytes, is_binary) = preprocess(raw);
    Ok(ChunkText {
        bytes,
        chunkname,
        is_binary,
    })
}

/// Steps 1-3 of the module comment.
pub fn preprocess(mut raw: Vec<u8>) -> (Vec<u8>, bool) {
    if raw.starts_with(UTF8_BOM) {
        raw.drain(..UTF8_BOM.len());
    }
    let mut had_comment = false;
    if raw.first() == Some(&b'#') {
        let line_end = raw
            .iter()
            .position(|&b| b == b'\n')
            .map_or(raw.len(), |p| p + 1);
        raw.drain(..line_end);
        had_comment = true;
    }
    let is_binary = is_binary(&raw);
    if had_comment && !is_binary {
        raw.insert(0, b'\n');
    }
    (raw, is_binary)
}

/// Whether a chunk's bytes are a precompiled (binary) chunk.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.first() == Some(&BINARY_SIGNATURE_START)
}

/// `cannot <what> <name>: <strerror>`.
fn failure(what: &str, name: &[u8], err: &std::io::Error) -> Vec<u8> {
    let mut msg = format!("cannot {what} ").into_bytes();
    msg.extend_from_slice(name);
    msg.extend_from_slice(b": ");
    msg.extend_from_slice(strerror(err).as_bytes());
    msg
}

/// The C library's text for an I/O error (Rust's `Display` appends " (os error N)").
pub fn strerror(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error ") {
        Some(cut) if err.raw_os_error().is_some() => text[..cut].to_string(),
        _ => text,
    }
}

#[cfg(unix)]
fn path_from_bytes(name: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(name))
}

#[cfg(not(unix))]
fn path_from_bytes(name: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(String::from_utf8_lossy(name).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(
            preprocess(b"print(1)\n".to_vec()),
            (b"print(1)\n".to_vec(), false)
        );
        assert_eq!(preprocess(Vec::new()), (Vec::new(), false));
    }

    #[test]
    fn shebang_line_becomes_an_empty_line() {
        let (text, binary) = preprocess(b"#!/usr/bin/env tsukimi\nprint(1)\n".to_vec());
        assert_eq!(text, b"\nprint(1)\n");
        assert!(!binary);
        assert_eq!(preprocess(b"# only".to_vec()).0, b"\n");
    }

    #[test]
    fn bom_is_dropped_before_the_comment_check() {
        assert_eq!(preprocess(b"\xEF\xBB\xBF#x\ny".to_vec()).0, b"\ny");
        assert_eq!(preprocess(b"\xEF\xBB\xBFy".to_vec()).0, b"y");
    }

    #[test]
    fn binary_after_comment_drops_the_newline() {
        let (text, binary) = preprocess(b"#!x\n\x1bLua".to_vec());
        assert_eq!(text, b"\x1bLua");
        assert!(binary);
        assert!(preprocess(b"\x1bLua".to_vec()).1);
    }

    #[test]
    fn missing_file_message() {
        let err = read_chunk(ChunkOrigin::File(b"/nonexistent/dir/x.lua")).unwrap_err();
        assert_eq!(
            err,
            b"cannot open /nonexistent/dir/x.lua: No such file or directory"
        );
    }

    #[cfg(unix)]
    #[test]
    fn directory_cannot_be_read() {
        let err = read_chunk(ChunkOrigin::File(b"/")).unwrap_err();
        assert_eq!(err, b"cannot read /: Is a directory");
    }

    #[test]
    fn file_chunkname() {
        let dir = std::env::temp_dir().join(format!("tsukimi-cli-chunk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.lua");
        std::fs::write(&path, b"#!x\nreturn 1").unwrap();
        let name = path.to_str().unwrap().as_bytes().to_vec();
        let chunk = read_chunk(ChunkOrigin::File(&name)).unwrap();
        assert_eq!(chunk.chunkname, format!("@{}", path.display()));
        assert_eq!(chunk.bytes, b"\nreturn 1");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
