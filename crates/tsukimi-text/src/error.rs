//! The one error type of this crate, shaped like the two ways lauxlib raises errors.
//!
//! lstrlib raises errors either with `luaL_error(L, fmt, ...)` — a message to which lauxlib
//! prepends the position of the calling Lua code — or with `luaL_argerror(L, arg, extramsg)`,
//! which lauxlib renders as `bad argument #arg to 'fname' (extramsg)` (adjusting `arg` for
//! methods). Neither the position nor the function name is known here, so [`TextError`] keeps
//! the two shapes apart and the VM finishes the text. Messages are bytes, not `String`, because
//! some quote user input (`invalid conversion '%\xff' to 'format'`) and Lua strings need not be
//! UTF-8.

use std::fmt;

/// An error raised by one of the algorithms of this crate.
#[derive(Clone, PartialEq, Eq)]
pub enum TextError {
    /// Like `luaL_error`: the VM prefixes the caller's position (`input:1: `) and raises it.
    Message(Vec<u8>),
    /// Like `luaL_argerror(L, arg, message)`: the VM renders
    /// `bad argument #<arg> to '<function>' (<message>)`. `arg` counts from 1, as in Lua.
    BadArgument {
        /// 1-based argument position, as lstrlib numbers it.
        arg: usize,
        /// The text inside the parentheses.
        message: Vec<u8>,
    },
    /// The interruption hook returned `true` (Ctrl-C, instruction or time limit).
    Interrupted,
    /// A result could not grow (`LUA_ERRMEM`: the VM raises its "not enough memory").
    OutOfMemory,
}

impl TextError {
    /// A `luaL_error`-style error from anything byte-like.
    pub fn message(text: impl Into<Vec<u8>>) -> Self {
        TextError::Message(text.into())
    }

    /// A `luaL_argerror`-style error.
    pub fn bad_argument(arg: usize, text: impl Into<Vec<u8>>) -> Self {
        TextError::BadArgument {
            arg,
            message: text.into(),
        }
    }

    /// The message bytes (for `BadArgument`, only the part inside the parentheses;
    /// for `Interrupted`, the text `interrupted!` that the standalone interpreter prints).
    pub fn text(&self) -> &[u8] {
        match self {
            TextError::Message(m) => m,
            TextError::BadArgument { message, .. } => message,
            TextError::Interrupted => b"interrupted!",
            TextError::OutOfMemory => b"not enough memory",
        }
    }

    /// The full text as lua5.4 would show it for a function called `function_name`, without the
    /// position prefix: `malformed pattern (ends with '%')` or
    /// `bad argument #2 to 'unpack' (data string too short)`.
    pub fn render(&self, function_name: &str) -> Vec<u8> {
        match self {
            TextError::BadArgument { arg, message } => {
                let mut out = format!("bad argument #{arg} to '{function_name}' (").into_bytes();
                out.extend_from_slice(message);
                out.push(b')');
                out
            }
            other => other.text().to_vec(),
        }
    }
}

/// `extend_from_slice`, or [`TextError::OutOfMemory`] when `out` cannot grow: results as
/// long as the program asks for (`rep`, `gsub`) must not abort the process.
pub fn try_extend(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), TextError> {
    out.try_reserve(bytes.len())
        .map_err(|_| TextError::OutOfMemory)?;
    out.extend_from_slice(bytes);
    Ok(())
}

impl fmt::Debug for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Message(m) => write!(f, "Message({:?})", String::from_utf8_lossy(m)),
            TextError::BadArgument { arg, message } => write!(
                f,
                "BadArgument(#{arg}, {:?})",
                String::from_utf8_lossy(message)
            ),
            TextError::Interrupted => f.write_str("Interrupted"),
            TextError::OutOfMemory => f.write_str("OutOfMemory"),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.render("?")))
    }
}

impl std::error::Error for TextError {}
