//! The tsukimi front end: lexer, parser and AST for Lua 5.4.
//!
//! [`parse`] turns a chunk's bytes into an [`ast::Chunk`] or a [`SyntaxError`] whose message
//! reads exactly like `lua5.4`'s (`input:1: unexpected symbol near '+'`). The crate is split
//! by purpose:
//!
//! - [`token`]: the token type and how tokens are spelled in messages;
//! - [`lexer`]: bytes to tokens (`llex.c`), with numeral conversion in [`lexer::numeral`];
//! - [`failure`]: the lexer's and parser's error before the chunk name is applied;
//! - `parser`: tokens to AST (`lparser.c`), statements and expressions in separate files;
//! - [`ast`] and [`error`]: the contracts shared with the bytecode compiler;
//! - [`dump`]: a stable text form of the AST for tests and debugging.
//!
//! Nothing here panics on any input: every failure is a `SyntaxError`.

pub mod ast;
pub mod dump;
pub mod error;
pub mod failure;
pub mod lexer;
mod parser;
pub mod scope_errors;
pub mod token;

pub use error::{chunkid, SyntaxError};
pub use parser::{ParseOptions, MAX_C_LEVELS, MAX_LOCALS};

/// Parses a chunk as `load` does. `chunkname` is the name `load` receives (`"@file.lua"`,
/// `"=stdin"`, or the source text itself); it only shapes error messages. The nesting limit
/// is the one `lua5.4 file.lua` has (see [`ParseOptions`]).
pub fn parse(
    source: &[u8],
    chunkname: &(impl AsRef<[u8]> + ?Sized),
) -> Result<ast::Chunk, SyntaxError> {
    parse_with_options(source, chunkname, &ParseOptions::default())
}

/// [`parse`] with explicit options (e.g. the nesting levels already used by the caller).
pub fn parse_with_options(
    source: &[u8],
    chunkname: &(impl AsRef<[u8]> + ?Sized),
    options: &ParseOptions,
) -> Result<ast::Chunk, SyntaxError> {
    parser::Parser::new(source, options)
        .parse_chunk()
        .map_err(|failure| failure.into_error(chunkname.as_ref()))
}

/// [`parse_with_options`] for a chunk given in pieces, as `load` with a reader function:
/// `first` is the first piece (already read: `lua_load` reads one byte to choose between text
/// and binary), `reader` gives the next piece only when the lexer needs its first byte, so a
/// syntax error stops the reading where `lua5.4` stops it. `None` from the reader ends the
/// chunk; a reader that failed returns `None` and its owner reports the failure instead of
/// this function's result.
pub fn parse_from_reader(
    first: Vec<u8>,
    reader: &mut dyn FnMut() -> Option<Vec<u8>>,
    chunkname: &(impl AsRef<[u8]> + ?Sized),
    options: &ParseOptions,
) -> Result<ast::Chunk, SyntaxError> {
    parser::Parser::with_reader(first, reader, options)
        .parse_chunk()
        .map_err(|failure| failure.into_error(chunkname.as_ref()))
}

/// What `luaL_loadfile` does to a file's text before parsing it: skips a UTF-8 byte order
/// mark, then, if the text starts with `#`, the whole first line *except its newline* (so
/// line numbers stay right). `load` and `-e` code must not use this: `load("#x")` fails.
pub fn skip_shebang(source: &[u8]) -> &[u8] {
    let text = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    if text.first() != Some(&b'#') {
        return text;
    }
    match text.iter().position(|&b| b == b'\n') {
        Some(newline) => &text[newline..],
        // `luaL_loadfile` still adds the newline it would have kept.
        None => b"\n",
    }
}
