//! Local variables, blocks, labels and gotos as `lparser.c` tracks them while it parses.
//!
//! `lua5.4` compiles while it parses, so the errors that depend on names (a `goto` with no
//! visible label, a `break` outside a loop, a `goto` into the scope of a local, an
//! assignment to a `<const>` or `<close>` variable) are raised at the token where its parser
//! finds them, before any later syntax error. This module keeps just enough of its state to
//! raise them at the same moments: the declared locals of the open functions (`dyd->actvar`,
//! with how many of each function's are active, `fs->nactvar`), the visible labels
//! (`dyd->label`), the pending gotos (`dyd->gt`) and the open blocks (`BlockCnt`). Code is
//! generated later by the bytecode compiler, which resolves the same names again.
//!
//! The calls mirror `lparser.c`'s: `enter_block`/`leave_block` where it calls
//! `enterblock`/`leaveblock` (a loop's block around its body's block, a function's block
//! around its parameters and body), `declare_local` for `new_localvar`, `activate_locals` for
//! `adjustlocalvars`. Invariants: every function's `nactvar` counts a prefix of its declared
//! locals; a block's pending gotos are the entries of `gotos` from its `first_goto` on, each
//! with `nactvar` at least the block's.

use super::Parser;
use crate::ast::{Line, Name};
use crate::failure::{Result, TryGrow};
use crate::scope_errors;

/// A declared local variable (`Vardesc`): its name, and whether it is `<const>` or `<close>`.
struct Var {
    name: Name,
    readonly: bool,
}

/// A visible label (`Labeldesc`).
struct Label {
    name: Name,
    line: Line,
}

/// A goto not yet matched with a label; `name` is `None` for a `break`.
struct PendingGoto {
    name: Option<Name>,
    line: Line,
    nactvar: u32,
}

/// An open block (`BlockCnt`).
#[derive(Clone, Copy)]
struct BlockScope {
    nactvar: u32,
    first_label: usize,
    first_goto: usize,
    is_loop: bool,
}

/// Where one function's entries start in the shared lists, and its active locals.
#[derive(Clone, Copy, Default)]
struct FunctionScope {
    first_var: usize,
    nactvar: u32,
    first_label: usize,
    /// Where its blocks start in `blocks`: the first is its outermost block.
    first_block: usize,
}

/// The parser's view of names (see the module essay).
#[derive(Default)]
pub(super) struct Scopes {
    vars: Vec<Var>,
    labels: Vec<Label>,
    gotos: Vec<PendingGoto>,
    blocks: Vec<BlockScope>,
    current: FunctionScope,
    enclosing: Vec<FunctionScope>,
}

impl Scopes {
    /// Locals of the current function declared and in scope, active or not (`MAXVARS`).
    pub(super) fn declared_locals(&self) -> usize {
        self.vars.len() - self.current.first_var
    }

    /// Whether `name`, read as a variable here, is a `<const>` or `<close>` local of this
    /// function or of an enclosing one (`singlevaraux`: the innermost active local wins;
    /// a global is never read-only).
    fn is_readonly(&self, name: &str) -> bool {
        for function in std::iter::once(&self.current).chain(self.enclosing.iter().rev()) {
            let active = &self.vars[function.first_var..][..function.nactvar as usize];
            if let Some(var) = active.iter().rev().find(|v| &*v.name == name) {
                return var.readonly;
            }
        }
        false
    }
}

impl Parser<'_> {
    /// `open_func`'s part: a new function, whose outermost block is entered at once.
    pub(super) fn enter_function(&mut self) -> Result<()> {
        let scopes = &mut self.scopes;
        let inner = FunctionScope {
            first_var: scopes.vars.len(),
            nactvar: 0,
            first_label: scopes.labels.len(),
            first_block: scopes.blocks.len(),
        };
        scopes.enclosing.try_push(scopes.current)?;
        scopes.current = inner;
        self.enter_block(false)
    }

    /// `close_func`'s part: leaves the function's outermost block (where its unresolved gotos
    /// are errors) and returns to the enclosing function.
    pub(super) fn leave_function(&mut self) -> Result<()> {
        self.leave_block()?;
        let scopes = &mut self.scopes;
        scopes.vars.truncate(scopes.current.first_var);
        scopes.current = scopes.enclosing.pop().unwrap_or_default();
        Ok(())
    }

    /// `enterblock`.
    pub(super) fn enter_block(&mut self, is_loop: bool) -> Result<()> {
        let scopes = &mut self.scopes;
        scopes.blocks.try_push(BlockScope {
            nactvar: scopes.current.nactvar,
            first_label: scopes.labels.len(),
            first_goto: scopes.gotos.len(),
            is_loop,
        })
    }

    /// `leaveblock`: resolves a loop's `break`s, drops the block's locals and labels, and
    /// moves its pending gotos out to the enclosing block, or, for a function's outermost
    /// block, reports the first of them (`undefgoto`, at the current token's line).
    pub(super) fn leave_block(&mut self) -> Result<()> {
        let Some(block) = self.scopes.blocks.pop() else {
            return Ok(());
        };
        if block.is_loop {
            // The `break` label: it can never be inside a local's scope that a `break`
            // is not (breaks were moved out of the loop's inner blocks), so this only
            // removes them.
            let nactvar = self.scopes.current.nactvar;
            self.solve_gotos(&block, None, nactvar)?;
        }
        let scopes = &mut self.scopes;
        scopes.current.nactvar = block.nactvar;
        scopes
            .vars
            .truncate(scopes.current.first_var + block.nactvar as usize);
        scopes.labels.truncate(block.first_label);
        if scopes.blocks.len() > scopes.current.first_block {
            // `movegotosout`.
            for goto in &mut scopes.gotos[block.first_goto..] {
                goto.nactvar = block.nactvar;
            }
            return Ok(());
        }
        match scopes.gotos.get(block.first_goto) {
            Some(goto) => {
                let message = scope_errors::undefined_goto(goto.name.as_deref(), goto.line);
                Err(self.semantic_error(&message))
            }
            None => Ok(()),
        }
    }

    /// `new_localvar`: declares a local (not yet active); `MAXVARS` is checked here.
    pub(super) fn declare_local(&mut self, name: &str) -> Result<()> {
        if self.scopes.declared_locals() + 1 > super::MAX_LOCALS as usize {
            let function = if self.function_line == 0 {
                "main function".to_string()
            } else {
                format!("function at line {}", self.function_line)
            };
            let limit = super::MAX_LOCALS;
            let message = format!("too many local variables (limit is {limit}) in {function}");
            return Err(self.syntax_error(&message));
        }
        self.scopes.vars.try_push(Var {
            name: name.into(),
            readonly: false,
        })
    }

    /// Marks the last declared local `<const>` or `<close>`.
    pub(super) fn mark_last_readonly(&mut self) {
        if let Some(var) = self.scopes.vars.last_mut() {
            var.readonly = true;
        }
    }

    /// `adjustlocalvars`: the next `count` declared locals become active.
    pub(super) fn activate_locals(&mut self, count: usize) {
        let current = &mut self.scopes.current;
        let declared = self.scopes.vars.len() - current.first_var;
        current.nactvar = (current.nactvar as usize + count).min(declared) as u32;
    }

    /// `check_readonly` for a target that is the plain name `name` (fields never are
    /// read-only); raised at the current token's line.
    pub(super) fn check_readonly(&self, name: &str) -> Result<()> {
        if self.scopes.is_readonly(name) {
            return Err(self.semantic_error(&scope_errors::assign_to_const(name)));
        }
        Ok(())
    }

    /// `gotostat` (and `breakstat` with `name` `None`): a goto to a visible label needs
    /// nothing more; any other is pending until a label resolves it.
    pub(super) fn goto_to(&mut self, name: Option<&str>, line: Line) -> Result<()> {
        if let Some(name) = name {
            if self.visible_label(name).is_some() {
                return Ok(());
            }
        }
        let nactvar = self.scopes.current.nactvar;
        self.scopes.gotos.try_push(PendingGoto {
            name: name.map(Into::into),
            line,
            nactvar,
        })
    }

    /// `checkrepeated` then `createlabel`: declares the label `name` of the statement at
    /// `line`, which ends its block when `last` (then the block's locals are out of its
    /// scope), and resolves the current block's pending gotos to it.
    pub(super) fn declare_label(&mut self, name: &str, line: Line, last: bool) -> Result<()> {
        if let Some(defined) = self.visible_label(name) {
            let message = scope_errors::repeated_label(name, defined);
            return Err(self.semantic_error(&message));
        }
        self.scopes.labels.try_push(Label {
            name: name.into(),
            line,
        })?;
        // Active locals where the label is: the enclosing block's for a label ending it.
        let scopes = &self.scopes;
        let nactvar = match (last, scopes.blocks.last()) {
            (true, Some(block)) => block.nactvar,
            _ => scopes.current.nactvar,
        };
        let Some(block) = self.scopes.blocks.last() else {
            return Ok(());
        };
        let block = *block;
        self.solve_gotos(&block, Some(name), nactvar)
    }

    /// The line of the label `name` if one is visible in the current function (`findlabel`).
    fn visible_label(&self, name: &str) -> Option<Line> {
        let scopes = &self.scopes;
        scopes.labels[scopes.current.first_label..]
            .iter()
            .find(|label| &*label.name == name)
            .map(|label| label.line)
    }

    /// `solvegotos`: removes `block`'s pending gotos named `name` (`None`: the breaks), in
    /// order; the first that would enter the scope of a local (`nactvar` is the label's)
    /// is an error.
    fn solve_gotos(&mut self, block: &BlockScope, name: Option<&str>, nactvar: u32) -> Result<()> {
        let gotos = &mut self.scopes.gotos;
        let first = block.first_goto.min(gotos.len());
        let mut kept = first;
        for index in first..gotos.len() {
            let goto = &gotos[index];
            if goto.name.as_deref() != name {
                gotos.swap(kept, index);
                kept += 1;
                continue;
            }
            if goto.nactvar < nactvar {
                let local_index = self.scopes.current.first_var + goto.nactvar as usize;
                let local = self.scopes.vars.get(local_index).map_or("?", |v| &*v.name);
                let message = scope_errors::jump_into_scope(
                    goto.name.as_deref().unwrap_or("break"),
                    goto.line,
                    local,
                );
                return Err(self.semantic_error(&message));
            }
        }
        gotos.truncate(kept);
        Ok(())
    }
}
