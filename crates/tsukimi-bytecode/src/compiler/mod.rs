//! The bytecode compiler: AST → Lua 5.4 bytecode, matching `luac5.4` instruction for
//! instruction on ordinary programs.
//!
//! PUC Lua compiles in one pass while parsing; tsukimi parses to an AST first and then walks
//! it here, calling the same code-generation steps in the same order PUC's parser would, so
//! register allocation, constant numbering, jump layout and debug information come out the
//! same. The modules mirror PUC's split:
//!
//! - `func_state`: per-function state, instruction emission, registers, constants;
//! - `jumps`: jump lists and patching, the final peephole pass;
//! - `expdesc`: expression descriptors; `codegen`: discharging them into registers/operands;
//! - `operators` and `fold`: unary/binary operators and constant folding;
//! - `scope`: locals, blocks, upvalues, labels and gotos;
//! - `expr`, `stat` and `loops`: the AST walk (the code-emitting half of `lparser.c`);
//! - `near_token`: quoting the token PUC would be looking at in an error.
//!
//! Every instruction gets the line PUC gives it (the last token read when it is emitted),
//! from the lines the AST records (see `Compiler::set_line`); the full `luac5.4 -l -l`
//! listings of the golden programs and of thousands of random programs spread over lines
//! match. Errors (`goto` into a scope, assignment to a `<const>`, limits...) are returned
//! as `SyntaxError`s with PUC's exact wording, `near` the token PUC would be looking at when
//! the chunk's text is available (`Chunk::text` and `Expr::span`). The compiler never
//! panics on any AST; left-nested binary and suffix chains of any length are walked
//! iteratively so that they cannot overflow the native stack.

mod codegen;
mod expdesc;
mod expr;
mod fold;
mod func_state;
mod jumps;
mod loops;
mod near_token;
mod operators;
mod scope;
mod stat;
mod strings;

use foldhash::HashMap;

use func_state::{ConstKey, FuncState};
use scope::{LabelDesc, VarDesc};
use strings::Interner;
use tsukimi_syntax::ast::Chunk;
use tsukimi_syntax::SyntaxError;

use crate::opcodes::OpCode;
use crate::proto::{Proto, UpvalueDesc, VarKind};

pub(crate) type CResult<T> = Result<T, SyntaxError>;

/// Parses and compiles a chunk as `load` does: `chunkname` is the name given to `load`
/// (`"@file.lua"`, `"=stdin"`, or the source itself) and shapes error messages and
/// `Proto::source`.
pub fn load_source(
    source: &[u8],
    chunkname: &(impl AsRef<[u8]> + ?Sized),
) -> Result<Proto, SyntaxError> {
    let chunk = tsukimi_syntax::parse(source, chunkname)?;
    compile(&chunk, chunkname)
}

/// Compiles a parsed chunk into its main function prototype.
///
/// The main function is vararg and has exactly one upvalue, `_ENV` (in the stack of the
/// loader, index 0), through which globals are accessed.
pub fn compile(
    chunk: &Chunk,
    chunkname: &(impl AsRef<[u8]> + ?Sized),
) -> Result<Proto, SyntaxError> {
    let chunkname = chunkname.as_ref();
    let mut compiler = Compiler {
        chunkname,
        fs: FuncState::new(chunkname, 0, 0, 0),
        outer: Vec::new(),
        actvar: Vec::new(),
        actvar_len: 0,
        gotos: Vec::new(),
        labels: Vec::new(),
        strings: Interner::default(),
        kcache: HashMap::default(),
        line: 1,
        max_line: 1,
        text: &chunk.text,
        cursor: 0,
    };
    compiler.main_function(chunk)?;
    Ok(std::mem::take(&mut compiler.fs.proto))
}

/// The whole compilation state (PUC's `LexState` + `Dyndata` + the `FuncState` chain).
pub(crate) struct Compiler<'a> {
    chunkname: &'a [u8],
    /// The function being compiled.
    fs: FuncState,
    /// Enclosing functions, outermost first.
    outer: Vec<FuncState>,
    /// Declared local variables of all open functions (`dyd->actvar`); entries at or past
    /// `actvar_len` are stale.
    actvar: Vec<VarDesc>,
    actvar_len: usize,
    /// Pending gotos (`dyd->gt`).
    gotos: Vec<LabelDesc>,
    /// Visible labels (`dyd->label`).
    labels: Vec<LabelDesc>,
    strings: Interner,
    /// Constant cache shared by all functions (`ls->h`).
    kcache: HashMap<ConstKey, u32>,
    /// Line attributed to the instructions being emitted.
    line: u32,
    /// The chunk's text (may be empty), to quote tokens in errors (see `near_token`).
    text: &'a [u8],
    /// Byte offset in `text` where PUC's current token starts (or the space before it).
    cursor: usize,
    /// Highest source line reached so far: PUC's `lastline` (line of the last token read)
    /// as far as the walk knows it.
    max_line: u32,
}

impl Compiler<'_> {
    /// Notes that the walk reached a token on `line`. PUC attributes each instruction to
    /// the last token read (`lastline`); the AST records the lines PUC reads at the moments
    /// it emits code (where nodes start and end, the tokens opening and closing blocks, the
    /// token before a constructor...), and the walk calls this with each at the matching
    /// moment. Lines only grow in source order, so the highest one reached is kept, which
    /// also makes a hand-built AST with arbitrary lines harmless. Instructions that PUC
    /// re-attributes explicitly (calls, operators, loops) use `fix_line`.
    pub(crate) fn set_line(&mut self, line: u32) {
        self.max_line = self.max_line.max(line);
        self.line = self.max_line;
    }

    /// An error at `line` (PUC's semantic errors carry no `near` part).
    pub(crate) fn error_at(&self, line: u32, msg: &str) -> SyntaxError {
        SyntaxError::new(self.chunkname, line, msg)
    }

    /// Notes that PUC's current token starts at (or after) byte `offset` of the text.
    pub(crate) fn set_cursor(&mut self, offset: u32) {
        self.cursor = offset as usize;
    }

    /// An error PUC raises as a syntax error at the current token: `near` that token and at
    /// its line, found again in the text at the cursor; without the text, at the current
    /// line and without a `near` part.
    pub(crate) fn error_near(&self, msg: &str) -> SyntaxError {
        match near_token::token_at(self.text, self.cursor) {
            Some((near, line)) => {
                let mut text = format!("{msg} near ").into_bytes();
                text.extend_from_slice(&near);
                SyntaxError::new(self.chunkname, line, text)
            }
            None => SyntaxError::new(self.chunkname, self.line, msg),
        }
    }

    /// Compiles the main function (`mainfunc`).
    fn main_function(&mut self, chunk: &Chunk) -> CResult<()> {
        self.enter_block(false);
        self.fs.proto.is_vararg = true;
        self.code_abc(OpCode::VarArgPrep, 0, 0, 0);
        self.fs.proto.upvalues.push(UpvalueDesc {
            name: "_ENV".to_string(),
            in_stack: true,
            index: 0,
            kind: VarKind::Regular,
        });
        self.stat_list(&chunk.block)?;
        // PUC attributes the final RETURN to the last token (`stat_list` moved the line
        // there); `end_line` is the `<eof>` line, where pending-goto errors are reported.
        self.close_function()
    }

    /// Starts compiling a nested function (`open_func`).
    fn open_function(&mut self, line_defined: u32) {
        let fs = FuncState::new(
            self.chunkname,
            line_defined,
            self.actvar_len,
            self.labels.len(),
        );
        let parent = std::mem::replace(&mut self.fs, fs);
        self.outer.push(parent);
        self.enter_block(false);
    }

    /// Finishes the current function (`close_func`): final return, outermost block, peephole.
    fn close_function(&mut self) -> CResult<()> {
        let first = self.nvarstack();
        self.code_ret(first, 0);
        self.leave_block()?;
        self.finish_function()
    }

    /// Pops a finished nested function and returns its prototype.
    fn pop_function(&mut self) -> Proto {
        match self.outer.pop() {
            Some(parent) => std::mem::replace(&mut self.fs, parent).proto,
            None => std::mem::take(&mut self.fs.proto),
        }
    }
}

#[cfg(test)]
mod differential_tests;
#[cfg(test)]
mod listing_tests;
#[cfg(test)]
mod tests;
