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

    /// Builds `"<chunkid>:<line>: <msg>"`.
    pub fn new(chunkname: &str, line: u32, msg: impl AsRef<[u8]>) -> SyntaxError {
        let mut message = format!("{}:{}: ", chunkid(chunkname), line).into_bytes();
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
/// anything else is source text → `[string "first line..."]`.
pub fn chunkid(source: &str) -> String {
    let bytes = source.as_bytes();
    let take = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match bytes.first() {
        Some(b'=') => {
            let rest = &bytes[1..];
            take(&rest[..rest.len().min(ID_SIZE - 1)])
        }
        Some(b'@') => {
            let rest = &bytes[1..];
            if bytes.len() <= ID_SIZE {
                take(rest)
            } else {
                let keep = ID_SIZE - 3 - 1;
                format!("...{}", take(&rest[rest.len() - keep..]))
            }
        }
        _ => {
            const PRE: &str = "[string \"";
            const RETS: &str = "...";
            const POS: &str = "\"]";
            let room = ID_SIZE - (PRE.len() + RETS.len() + POS.len()) - 1;
            let newline = bytes.iter().position(|&b| b == b'\n');
            if bytes.len() < room && newline.is_none() {
                format!("{PRE}{}{POS}", take(bytes))
            } else {
                let len = newline.unwrap_or(bytes.len()).min(room);
                format!("{PRE}{}{RETS}{POS}", take(&bytes[..len]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunkid;

    #[test]
    fn formats_like_lua() {
        assert_eq!(chunkid("=stdin"), "stdin");
        assert_eq!(chunkid("@x.lua"), "x.lua");
        assert_eq!(chunkid("return 1"), "[string \"return 1\"]");
        assert_eq!(chunkid("x = 1\ny = 2"), "[string \"x = 1...\"]");
        let long = format!("@{}", "d/".repeat(40));
        assert_eq!(
            chunkid(&long),
            format!("...{}", &"d/".repeat(40)[80 - 56..])
        );
        assert_eq!(
            chunkid(&"a".repeat(50)),
            format!("[string \"{}...\"]", "a".repeat(45))
        );
    }
}
