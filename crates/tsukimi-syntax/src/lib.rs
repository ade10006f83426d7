//! The tsukimi front end: lexer, parser and AST for Lua 5.4.
//!
//! `parse(source, chunkname)` turns a chunk's bytes into an [`ast::Chunk`] or a
//! [`SyntaxError`] whose message reads exactly like `lua5.4`'s.

pub mod ast;
pub mod error;
mod failure;
pub mod lexer;
pub mod token;

pub use error::{chunkid, SyntaxError};
