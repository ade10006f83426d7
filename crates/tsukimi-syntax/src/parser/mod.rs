//! The Lua 5.4 parser: a recursive-descent mirror of `lparser.c` that builds an [`ast::Chunk`].
//!
//! The parser follows `lparser.c` function by function (`statement`, `exprstat`, `subexpr`,
//! `suffixedexp`, `constructor`...) and reads the same state at the same moments, because
//! three observable things depend on it:
//!
//! - **Error messages and their lines.** Errors are raised at the same token with the same
//!   text (`'=' expected near 'x'`, `'end' expected (to close 'if' at line 3) near <eof>`),
//!   using the lexer's current line ([`Lexer::line`], `ls->linenumber`) exactly when
//!   `lparser.c` would. Like `lua5.4`, the first error in source order wins.
//! - **AST lines** (see `ast.rs`): every line is `ls->linenumber` read where `lparser.c` reads
//!   it (e.g. a call's line is taken before its prefix expression is parsed), including its
//!   quirks (one token of look-ahead in table constructors moves the line forward).
//! - **The nesting limit.** `lparser.c` counts "C levels" (`enterlevel`) in `statement`,
//!   `subexpr` and for each extra assignment target, and fails with `C stack overflow` when
//!   the count reaches `LUAI_MAXCCALLS` (200). [`ParseOptions::c_levels_in_use`] is the count
//!   already in use when parsing starts (1 for `lua5.4 file.lua`, 2 for `load` called from a
//!   main chunk). Because every recursion cycle of this parser passes through a counted
//!   function, native stack use is bounded too.
//!
//! Loops that wrap the previous result (`a+b+c...`, `a.b.c...`, `f()()()`) build left-deep
//! trees without recursing and without counting levels, exactly as in `lparser.c`, so such
//! chains may be arbitrarily long; the AST drops them iteratively and the compiler walks
//! them with loops (see `ast.rs`).
//!
//! The parser also tracks `ls->lastline` ([`Parser::last_line`]: the line of the last token
//! consumed) to record where nodes end, which the compiler uses to attribute instructions.
//!
//! Besides the checks `lparser.c` makes from the grammar alone (`unknown attribute`,
//! `multiple to-be-closed variables in local list`, `...` outside a vararg function), the
//! parser raises the errors about names that `lparser.c` raises while it parses, so that
//! they come before any later syntax error as in `lua5.4` (`scope.rs`): gotos without a
//! visible label, `break` outside a loop, gotos into a local's scope, repeated labels,
//! assignments to `<const>`/`<close>` variables, and the local-variable limit
//! ([`MAX_LOCALS`]), whose message quotes the token being read (`too many local variables
//! (limit is 200) in main function near '='`). Limits that depend on code generation
//! (registers, upvalues, constants, jump lengths) are the bytecode compiler's.
//!
//! Invariants: the parser never panics; every `Assign` target is a `Name` or an `Index`;
//! a method's `FuncBody::params` starts with `self`.

mod expr;
mod scope;
mod stat;

use crate::ast::{Block, Chunk, Expr, ExprKind, Line, Name, Span};
use crate::failure::{Failure, Result};
use crate::lexer::{Lexeme, Lexer, SourceReader};
use crate::token::Token;

/// `LUAI_MAXCCALLS`: the nesting count at which `lua5.4` gives up.
pub const MAX_C_LEVELS: u32 = 200;

/// `MAXVARS`: local variables one function may have in scope at once.
pub const MAX_LOCALS: u32 = 200;

/// How to parse a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Nesting levels already in use when parsing starts (`L->nCcalls` in `lua5.4`): 1 when
    /// `lua5.4` runs a script or `-e` code, 2 for `load` called from a main chunk, one more
    /// per enclosing `pcall`/coroutine. A chunk may nest `MAX_C_LEVELS - c_levels_in_use - 1`
    /// levels deep.
    pub c_levels_in_use: u32,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions { c_levels_in_use: 1 }
    }
}

/// Parser state: the lexer, the current token, at most one token of look-ahead.
pub(crate) struct Parser<'a> {
    lexer: Lexer<'a>,
    current: Lexeme,
    lookahead: Option<Lexeme>,
    /// `L->nCcalls` as far as the parser changes it.
    c_levels: u32,
    /// Whether the function being parsed is vararg (`fs->f->is_vararg`).
    in_vararg_function: bool,
    /// `ls->lastline`: the line of the last token consumed (`ls->linenumber` when
    /// [`Parser::advance`] was last called).
    last_line: Line,
    /// Byte offset just past the last token consumed.
    last_end: usize,
    /// `linedefined` of the function being parsed (0 for the main chunk).
    function_line: Line,
    /// Locals, blocks, labels and pending gotos of the open functions (`scope.rs`).
    scopes: scope::Scopes,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(source: &'a [u8], options: &ParseOptions) -> Parser<'a> {
        Parser::with_lexer(Lexer::new(source), options)
    }

    /// A parser over a chunk pulled piece by piece (see the lexer's essay).
    pub(crate) fn with_reader(
        first: Vec<u8>,
        reader: SourceReader<'a>,
        options: &ParseOptions,
    ) -> Parser<'a> {
        Parser::with_lexer(Lexer::with_reader(first, reader), options)
    }

    fn with_lexer(lexer: Lexer<'a>, options: &ParseOptions) -> Parser<'a> {
        Parser {
            lexer,
            current: Lexeme {
                token: Token::Eos,
                start: 0,
                end: 0,
            },
            lookahead: None,
            c_levels: options.c_levels_in_use,
            in_vararg_function: true,
            last_line: 1,
            last_end: 0,
            function_line: 0,
            scopes: scope::Scopes::default(),
        }
    }

    /// `mainfunc`: the whole chunk, a vararg function.
    pub(crate) fn parse_chunk(mut self) -> Result<Chunk> {
        self.enter_function()?;
        self.advance()?;
        let mut block = self.open_block();
        self.statement_list(&mut block)?;
        self.check(&Token::Eos)?;
        self.close_block(&mut block);
        self.leave_function()?;
        Ok(Chunk {
            block,
            end_line: self.line(),
            text: self.lexer.source().to_vec(),
        })
    }

    /// `ls->linenumber`.
    fn line(&self) -> Line {
        self.lexer.line()
    }

    /// A new empty block; its first token is current.
    fn open_block(&self) -> Block {
        Block {
            opened_line: self.last_line,
            ..Block::default()
        }
    }

    /// Records in `block` where it ends; the closing token is current.
    fn close_block(&self, block: &mut Block) {
        block.last_line = self.last_line;
        block.end_line = self.line();
    }

    /// `luaX_next`.
    fn advance(&mut self) -> Result<()> {
        self.last_line = self.line();
        self.last_end = self.current.end;
        self.current = match self.lookahead.take() {
            Some(lexeme) => lexeme,
            None => self.lexer.next_lexeme()?,
        };
        Ok(())
    }

    /// `luaX_lookahead`: the token after the current one.
    fn peek(&mut self) -> Result<&Token> {
        if self.lookahead.is_none() {
            self.lookahead = Some(self.lexer.next_lexeme()?);
        }
        Ok(self
            .lookahead
            .as_ref()
            .map_or(&Token::Eos, |lexeme| &lexeme.token))
    }

    fn is(&self, token: &Token) -> bool {
        self.current.token == *token
    }

    fn is_char(&self, byte: u8) -> bool {
        self.current.token == Token::Char(byte)
    }

    /// `testnext`.
    fn test_next(&mut self, token: &Token) -> Result<bool> {
        if self.is(token) {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// `check`.
    fn check(&self, token: &Token) -> Result<()> {
        if self.is(token) {
            Ok(())
        } else {
            Err(self.error_expected(token))
        }
    }

    /// `checknext`.
    fn check_next(&mut self, token: &Token) -> Result<()> {
        self.check(token)?;
        self.advance()
    }

    /// `check_match`: `what` closes `who` opened at line `opened_at`.
    fn check_match(&mut self, what: &Token, who: &Token, opened_at: Line) -> Result<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if opened_at == self.line() {
            Err(self.error_expected(what))
        } else {
            let message = format!(
                "{} expected (to close {} at line {})",
                what.describe(),
                who.describe(),
                opened_at
            );
            Err(self.syntax_error(&message))
        }
    }

    /// `str_checkname`: the current name, which is then skipped.
    fn check_name(&mut self) -> Result<Name> {
        let Token::Name(name) = &mut self.current.token else {
            return Err(self.error_expected(&Token::Name(String::new())));
        };
        let name = std::mem::take(name).into_boxed_str();
        self.advance()?;
        Ok(name)
    }

    /// `luaX_syntaxerror`: the message, then `near` and the current token. A zero byte is
    /// token number 0 in `llex.c`, which `lexerror` takes as "no token": no `near` part.
    fn syntax_error(&self, message: &str) -> Failure {
        if self.current.token == Token::Char(0) {
            return Failure::plain(self.line(), message);
        }
        let near = self.current.near_text(self.lexer.source());
        Failure::near(self.line(), message, &near)
    }

    /// `error_expected`.
    fn error_expected(&self, token: &Token) -> Failure {
        self.syntax_error(&format!("{} expected", token.describe()))
    }

    /// `luaK_semerror`: a message without the `near` part.
    fn semantic_error(&self, message: &str) -> Failure {
        Failure::plain(self.line(), message)
    }

    /// `enterlevel`.
    fn enter_level(&mut self) -> Result<()> {
        self.c_levels += 1;
        if self.c_levels >= MAX_C_LEVELS {
            return Err(Failure::CStackOverflow);
        }
        Ok(())
    }

    /// `leavelevel`.
    fn leave_level(&mut self) {
        self.c_levels -= 1;
    }

    /// Where the node whose first token is current begins.
    fn start(&self) -> NodeStart {
        NodeStart {
            offset: self.current.start,
            line_before: self.last_line,
        }
    }

    /// Builds an expression node at `line` that began at `start` and whose last token was
    /// just consumed.
    fn node(&self, kind: ExprKind, line: Line, start: NodeStart) -> Expr {
        Expr {
            kind,
            line,
            line_before: start.line_before,
            last_line: self.last_line,
            span: Span::new(start.offset, self.last_end),
        }
    }
}

/// Where an expression begins: its first token's byte offset and `ls->lastline` when that
/// token became current.
#[derive(Clone, Copy)]
pub(crate) struct NodeStart {
    offset: usize,
    line_before: Line,
}

impl NodeStart {
    /// Where `expr` (already parsed) began; a node wrapping it begins there too.
    pub(crate) fn of(expr: &Expr) -> NodeStart {
        NodeStart {
            offset: expr.span.start as usize,
            line_before: expr.line_before,
        }
    }
}

#[cfg(test)]
mod tests;
