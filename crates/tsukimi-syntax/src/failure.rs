//! The internal error type of the lexer and parser, before the chunk name is known.
//!
//! Lua messages are byte strings: a `near` part may quote arbitrary source bytes. A
//! [`Failure`] keeps the message as bytes and the line where it happened; [`Failure::into_error`]
//! applies the chunk name (`chunkid`) and converts to the public [`SyntaxError`], replacing
//! bytes that are not UTF-8 (the public message is a `String`).
//!
//! `C stack overflow` is special: `lua5.4` raises it through `luaG_runerror` from a C frame,
//! so it carries no position (`lua5.4: C stack overflow`).

use crate::error::SyntaxError;

/// Why lexing or parsing stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A message (already including any `near ...` part) at a source line.
    At { line: u32, message: Vec<u8> },
    /// The nesting limit (`LUAI_MAXCCALLS`) was reached.
    CStackOverflow,
    /// A list or buffer the source makes grow could not (`LUA_ERRMEM`: the message is
    /// lua5.4's "not enough memory", without a position).
    OutOfMemory,
}

/// The result type used throughout the front end.
pub type Result<T> = std::result::Result<T, Failure>;

/// Growth that fails with [`Failure::OutOfMemory`] instead of aborting the process. The lists
/// and buffers the source can make as long as it likes (a block's statements, a table's
/// fields, an expression list, a string literal) grow through it: a chunk is as big as its
/// source, and compiling one when memory is nearly gone must leave the program running.
pub(crate) trait TryGrow<T> {
    /// `push`, or `OutOfMemory` when the vector cannot grow.
    fn try_push(&mut self, value: T) -> Result<()>;
}

impl<T> TryGrow<T> for Vec<T> {
    #[inline]
    fn try_push(&mut self, value: T) -> Result<()> {
        if self.len() == self.capacity() {
            self.try_reserve(1).map_err(|_| Failure::OutOfMemory)?;
        }
        self.push(value);
        Ok(())
    }
}

/// `OutOfMemory` once the process's out-of-memory reserve is spent (`tsukimi-memory`): the
/// parser checks before each statement and table field, so that it stops instead of going
/// on allocating its tree until an allocation aborts.
#[inline]
pub(crate) fn check_memory() -> Result<()> {
    if tsukimi_memory::is_low() {
        return Err(Failure::OutOfMemory);
    }
    Ok(())
}

/// `extend_from_slice`, or `OutOfMemory` when the buffer cannot grow.
pub(crate) fn try_extend(buffer: &mut Vec<u8>, bytes: &[u8]) -> Result<()> {
    buffer
        .try_reserve(bytes.len())
        .map_err(|_| Failure::OutOfMemory)?;
    buffer.extend_from_slice(bytes);
    Ok(())
}

impl Failure {
    /// A message without a `near` part (`luaK_semerror`, limits).
    pub fn plain(line: u32, message: impl Into<Vec<u8>>) -> Failure {
        Failure::At {
            line,
            message: message.into(),
        }
    }

    /// `"<message> near <near>"`.
    pub fn near(line: u32, message: &str, near: &[u8]) -> Failure {
        let mut text = Vec::with_capacity(message.len() + near.len() + 6);
        text.extend_from_slice(message.as_bytes());
        text.extend_from_slice(b" near ");
        text.extend_from_slice(near);
        Failure::At {
            line,
            message: text,
        }
    }

    /// The public error, formatted as `lua5.4` prints it for this chunk name.
    pub fn into_error(self, chunkname: &[u8]) -> SyntaxError {
        match self {
            Failure::At { line, message } => SyntaxError::new(chunkname, line, message),
            Failure::CStackOverflow => SyntaxError::plain("C stack overflow"),
            Failure::OutOfMemory => SyntaxError::out_of_memory(),
        }
    }
}
