//! Compile-time errors and the chunk-name formatting every message uses.
//!
//! A `SyntaxError` carries the complete message exactly as `lua5.4` prints it, already prefixed
//! with the formatted chunk name and line (`x.lua:3: 'end' expected (to close 'function' at
//! line 1) near <eof>`). The parser and the bytecode compiler both produce it; the runtime
//! turns it into a Lua error value (a string) unchanged. The message is bytes: a token quoted
//! after `near` is the source's own bytes, which need not be UTF-8 (`near '"\xff'`).

use std::borrow::Cow;
use std::fmt;

/// A syntax (or other compile-time) error with its full Lua-formatted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The complete message, e.g. `input:1: unexpected symbol near '+'`.
    pub message: Vec<u8>,
}

impl SyntaxError {
    /// lua5.4's `LUA_ERRMEM` message: compiling ran out of memory.
    pub fn out_of_memory() -> SyntaxError {
        SyntaxError::plain("not enough memory")
    }

    /// A message without a position.
    pub fn plain(message: impl Into<Vec<u8>>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
        }
    }

    /// Builds `"<chunkid>:<line>: <msg>"`. A chunk name is bytes, as Lua strings are.
    pub fn new(
        chunkname: &(impl AsRef<[u8]> + ?Sized),
        line: u32,
        msg: impl AsRef<[u8]>,
    ) -> SyntaxError {
        let mut message = chunkid(chunkname.as_ref());
        message.extend_from_slice(format!(":{line}: ").as_bytes());
        message.extend_from_slice(msg.as_ref());
        SyntaxError { message }
    }

    /// The message as text (bytes that are not UTF-8 become U+FFFD).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.message)
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for SyntaxError {}

/// Maximum size of a formatted chunk id, terminator included (`LUA_IDSIZE`).
pub const ID_SIZE: usize = 60;

/// Formats a chunk name for messages exactly as `luaO_chunkid` does:
/// `"=stdin"` → `stdin`, `"@f.lua"` → `f.lua` (long names keep their end behind `...`),
/// anything else is source text → `[string "first line..."]`. Bytes in, bytes out: a name
/// need not be UTF-8, and a cut may fall inside a multi-byte character, as in lua5.4.
pub fn chunkid(source: &[u8]) -> Vec<u8> {
    let bytes = source;
    match bytes.first() {
        Some(b'=') => {
            let rest = &bytes[1..];
            rest[..rest.len().min(ID_SIZE - 1)].to_vec()
        }
        Some(b'@') => {
            let rest = &bytes[1..];
            if bytes.len() <= ID_SIZE {
                rest.to_vec()
            } else {
                let keep = ID_SIZE - 3 - 1;
                [b"...".as_slice(), &rest[rest.len() - keep..]].concat()
            }
        }
        _ => {
            const PRE: &[u8] = b"[string \"";
            const RETS: &[u8] = b"...";
            const POS: &[u8] = b"\"]";
            let room = ID_SIZE - (PRE.len() + RETS.len() + POS.len()) - 1;
            let newline = bytes.iter().position(|&b| b == b'\n');
            if bytes.len() < room && newline.is_none() {
                [PRE, bytes, POS].concat()
            } else {
                let len = newline.unwrap_or(bytes.len()).min(room);
                [PRE, &bytes[..len], RETS, POS].concat()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunkid;

    #[test]
    fn formats_like_lua() {
        let id = |s: &str| String::from_utf8(chunkid(s.as_bytes())).unwrap();
        assert_eq!(id("=stdin"), "stdin");
        assert_eq!(id("@x.lua"), "x.lua");
        assert_eq!(id("return 1"), "[string \"return 1\"]");
        assert_eq!(id("x = 1\ny = 2"), "[string \"x = 1...\"]");
        let long = format!("@{}", "d/".repeat(40));
        assert_eq!(id(&long), format!("...{}", &"d/".repeat(40)[80 - 56..]));
        assert_eq!(
            id(&"a".repeat(50)),
            format!("[string \"{}...\"]", "a".repeat(45))
        );
        assert_eq!(chunkid(b"x = '\xe9'"), b"[string \"x = '\xe9'\"]");
    }
}
