//! Variables, blocks, upvalues, labels and gotos (the scoping half of `lparser.c`).
//!
//! Active local variables of all functions being compiled live in one stack
//! (`Compiler::actvar`, PUC's `dyd->actvar`); a function's locals start at its `first_local`.
//! A local is *declared* (pushed) before its initialiser is compiled but only becomes
//! *active* (`nactvar` grows, it gets a register and debug info) afterwards, so
//! `local x = x` reads the outer `x`. Compile-time constants (`<const>` initialised with a
//! literal) are active but own no register; `reg_level` skips them.
//!
//! Name resolution (`single_var`) looks for a local in the current function, then for an
//! existing upvalue, then recursively in enclosing functions, creating upvalues on the way
//! back and marking the captured local's block so that it gets closed. Names that resolve
//! nowhere are globals: `_ENV.name`.
//!
//! Gotos and labels follow Lua 5.4: a pending goto is resolved when a matching label becomes
//! visible; leaving a block moves its pending gotos out (noting whether they leave the scope
//! of a captured variable and so need a CLOSE); a label that ends a block is considered outside
//! the scope of the block's locals; `break` is a goto to an implicit label at a loop's end.

use super::expdesc::{ExpDesc, ExpKind};
use super::func_state::{BlockCnt, FuncState};
use super::{CResult, Compiler};
use crate::opcodes::OpCode;
use crate::proto::{LocalVarInfo, UpvalueDesc, VarKind};
use tsukimi_syntax::{scope_errors, SyntaxError};

/// Maximum number of local variables per function (`MAXVARS`).
const MAX_VARS: usize = 200;
/// Maximum number of upvalues per function (`MAXUPVAL`).
const MAX_UPVALUES: usize = 255;

/// Maximum number of pending gotos, and of visible labels (`SHRT_MAX` in `newlabelentry`).
const MAX_LABELS: usize = 32767;

/// The error PUC raises when one of its growing arrays hits its limit (`luaM_growaux_`). It
/// is a run-time error raised from C while parsing, so it carries no position.
pub(crate) fn growth_limit_error(what: &str, limit: usize) -> SyntaxError {
    SyntaxError::plain(format!("too many {what} (limit is {limit})"))
}

/// A declared local variable (`Vardesc`).
#[derive(Debug, Clone)]
pub(crate) struct VarDesc {
    pub name: String,
    pub kind: VarKind,
    /// Register holding the variable.
    pub ridx: u32,
    /// Index of its debug entry in the prototype's `local_vars`.
    pub pidx: u32,
    /// Value of a compile-time constant.
    pub ctc: ExpKind,
}

/// A label or a pending goto (`Labeldesc`).
#[derive(Debug, Clone)]
pub(crate) struct LabelDesc {
    pub name: String,
    /// Label position, or the goto's JMP.
    pub pc: i32,
    pub line: u32,
    /// Number of active variables at that point.
    pub nactvar: u32,
    /// The goto leaves the scope of a captured variable.
    pub close: bool,
}

impl Compiler<'_> {
    /// The function state at nesting `level` (0 = main; `outer.len()` = current).
    fn level(&self, level: usize) -> &FuncState {
        if level == self.outer.len() {
            &self.fs
        } else {
            &self.outer[level]
        }
    }

    fn level_mut(&mut self, level: usize) -> &mut FuncState {
        if level == self.outer.len() {
            &mut self.fs
        } else {
            &mut self.outer[level]
        }
    }

    /// The descriptor of local `vidx` of the current function.
    pub(crate) fn local_var(&self, vidx: u32) -> &VarDesc {
        &self.actvar[self.fs.first_local + vidx as usize]
    }

    /// Register level above the first `nvar` locals (`reglevel`).
    pub(crate) fn reg_level(&self, nvar: u32) -> u32 {
        let first = self.fs.first_local;
        for i in (0..nvar as usize).rev() {
            match self.actvar.get(first + i) {
                Some(vd) if vd.kind != VarKind::CompileTimeConst => return vd.ridx + 1,
                _ => {}
            }
        }
        0
    }

    /// Number of registers used by active locals (`luaY_nvarstack`).
    pub(crate) fn nvarstack(&self) -> u32 {
        self.reg_level(self.fs.nactvar)
    }

    /// `too many <what> (limit is N) in <function>` (`errorlimit`'s message).
    fn limit_message(&self, level: usize, limit: usize, what: &str) -> String {
        let line = self.level(level).proto.line_defined;
        let place = if line == 0 {
            "main function".to_string()
        } else {
            format!("function at line {line}")
        };
        format!("too many {what} (limit is {limit}) in {place}")
    }

    /// Declares a new local (not yet active); returns its index (`new_localvar`).
    /// `near` is the token PUC would be looking at (for the limit error), when known.
    pub(crate) fn new_local_var(&mut self, name: &str, near: Option<&str>) -> CResult<u32> {
        if self.actvar_len + 1 - self.fs.first_local > MAX_VARS {
            let mut message = self.limit_message(self.outer.len(), MAX_VARS, "local variables");
            if let Some(token) = near {
                message.push_str(&format!(" near '{token}'"));
            }
            return Err(self.error_at(self.line, &message));
        }
        // Entries past `actvar_len` are stale (see `remove_vars`); drop them now.
        self.actvar.truncate(self.actvar_len);
        self.actvar_len += 1;
        self.actvar.push(VarDesc {
            name: name.to_string(),
            kind: VarKind::Regular,
            ridx: 0,
            pidx: 0,
            ctc: ExpKind::Nil,
        });
        Ok((self.actvar_len - 1 - self.fs.first_local) as u32)
    }

    /// Activates the last `nvars` declared locals (`adjustlocalvars`).
    pub(crate) fn adjust_local_vars(&mut self, nvars: u32) {
        let mut reg_level = self.nvarstack();
        for _ in 0..nvars {
            let vidx = self.fs.nactvar;
            self.fs.nactvar += 1;
            let at = self.fs.first_local + vidx as usize;
            let Some(var) = self.actvar.get_mut(at) else {
                continue;
            };
            var.ridx = reg_level;
            reg_level += 1;
            var.pidx = self.fs.proto.local_vars.len() as u32;
            let start_pc = self.fs.pc();
            self.fs.proto.local_vars.push(LocalVarInfo {
                name: var.name.clone(),
                start_pc,
                end_pc: 0,
            });
        }
    }

    /// Debug entry of local `vidx` (None for compile-time constants) (`localdebuginfo`).
    pub(crate) fn local_debug_info(&mut self, vidx: u32) -> Option<&mut LocalVarInfo> {
        let vd = &self.actvar[self.fs.first_local + vidx as usize];
        if vd.kind == VarKind::CompileTimeConst {
            return None;
        }
        self.fs.proto.local_vars.get_mut(vd.pidx as usize)
    }

    /// Deactivates locals down to `to_level`, closing their debug ranges (`removevars`).
    /// Like PUC, the removed descriptors stay readable (past `actvar_len`) until the next
    /// declaration, because `move_gotos_out` still asks the register level of pending gotos.
    fn remove_vars(&mut self, to_level: u32) {
        let keep = self.actvar_len - (self.fs.nactvar - to_level) as usize;
        let pc = self.fs.pc();
        while self.fs.nactvar > to_level {
            self.fs.nactvar -= 1;
            let vidx = self.fs.nactvar;
            if let Some(info) = self.local_debug_info(vidx) {
                info.end_pc = pc;
            }
        }
        self.actvar_len = keep;
    }

    /// Opens a block (`enterblock`).
    pub(crate) fn enter_block(&mut self, is_loop: bool) {
        let inside_tbc = self.fs.blocks.last().is_some_and(|b| b.inside_tbc);
        self.fs.blocks.push(BlockCnt {
            nactvar: self.fs.nactvar,
            first_label: self.labels.len(),
            first_goto: self.gotos.len(),
            upval: false,
            is_loop,
            inside_tbc,
        });
    }

    pub(crate) fn current_block(&mut self) -> &mut BlockCnt {
        let n = self.fs.blocks.len();
        &mut self.fs.blocks[n - 1]
    }

    /// Closes the current block (`leaveblock`, in Lua 5.4.4's order: the `break` label and
    /// the CLOSE are emitted while the block's locals are still active, so their debug ranges
    /// include them). A function's outermost block ending with pending gotos is an error;
    /// the parser reports it first for parsed code, at lua5.4's line (`parser/scope.rs`).
    pub(crate) fn leave_block(&mut self) -> CResult<()> {
        let Some(bl) = self.fs.blocks.last().cloned() else {
            return Ok(());
        };
        let has_previous = self.fs.blocks.len() > 1;
        let stack_level = self.reg_level(bl.nactvar);
        let mut has_close = false;
        if bl.is_loop {
            has_close = self.create_label("break", 0, false)?;
        }
        if !has_close && has_previous && bl.upval {
            self.code_abc(OpCode::Close, stack_level, 0, 0);
        }
        self.fs.blocks.pop();
        self.remove_vars(bl.nactvar);
        self.fs.freereg = stack_level;
        self.labels.truncate(bl.first_label);
        if has_previous {
            self.move_gotos_out(&bl);
        } else if let Some(gt) = self.gotos.get(bl.first_goto) {
            let name = (gt.name != "break").then_some(gt.name.as_str());
            let msg = scope_errors::undefined_goto(name, gt.line);
            return Err(self.error_at(self.line, &msg));
        }
        Ok(())
    }

    /// Moves the pending gotos of a closed block to the enclosing one (`movegotosout`).
    fn move_gotos_out(&mut self, bl: &BlockCnt) {
        let outer_level = self.reg_level(bl.nactvar);
        for i in bl.first_goto..self.gotos.len() {
            let level = self.reg_level(self.gotos[i].nactvar);
            let gt = &mut self.gotos[i];
            if level > outer_level {
                gt.close |= bl.upval;
            }
            gt.nactvar = bl.nactvar;
        }
    }

    /// A visible label of the current function named `name` (`findlabel`).
    pub(crate) fn find_label(&self, name: &str) -> Option<&LabelDesc> {
        self.labels[self.fs.first_label..]
            .iter()
            .find(|l| l.name == name)
    }

    /// Declares a label here and resolves pending gotos to it; returns whether a CLOSE was
    /// emitted (`createlabel`). A goto jumping into a local's scope is an error (the parser
    /// reports it first for parsed code).
    pub(crate) fn create_label(&mut self, name: &str, line: u32, last: bool) -> CResult<bool> {
        let pc = self.get_label();
        let nactvar = if last {
            self.fs.blocks.last().map_or(self.fs.nactvar, |b| b.nactvar)
        } else {
            self.fs.nactvar
        };
        let label = LabelDesc {
            name: name.to_string(),
            pc,
            line,
            nactvar,
            close: false,
        };
        if self.labels.len() >= MAX_LABELS {
            return Err(growth_limit_error("labels/gotos", MAX_LABELS));
        }
        self.labels.push(label.clone());
        if self.solve_gotos(&label)? {
            let level = self.nvarstack();
            self.code_abc(OpCode::Close, level, 0, 0);
            return Ok(true);
        }
        Ok(false)
    }

    /// Resolves the current block's pending gotos to `label` (`solvegotos`).
    fn solve_gotos(&mut self, label: &LabelDesc) -> CResult<bool> {
        let first = self
            .fs
            .blocks
            .last()
            .map_or(0, |b| b.first_goto)
            .min(self.gotos.len());
        // One pass over the block's pending gotos, keeping the unmatched ones in order (PUC
        // removes matched entries one by one, which is quadratic for many gotos).
        let pending = self.gotos.split_off(first);
        let mut needs_close = false;
        for gt in pending {
            if gt.name != label.name {
                self.gotos.push(gt);
                continue;
            }
            needs_close |= gt.close;
            if gt.nactvar < label.nactvar {
                let var = self.local_var(gt.nactvar).name.clone();
                let msg = scope_errors::jump_into_scope(&gt.name, gt.line, &var);
                return Err(self.error_at(self.line, &msg));
            }
            self.patch_list(gt.pc, label.pc)?;
        }
        Ok(needs_close)
    }

    /// Records a pending goto (`newgotoentry`).
    pub(crate) fn new_goto(&mut self, name: &str, line: u32, pc: i32) -> CResult<()> {
        if self.gotos.len() >= MAX_LABELS {
            return Err(growth_limit_error("labels/gotos", MAX_LABELS));
        }
        self.gotos.push(LabelDesc {
            name: name.to_string(),
            pc,
            line,
            nactvar: self.fs.nactvar,
            close: false,
        });
        Ok(())
    }

    /// Marks the block of local `level` as having a captured variable (`markupval`).
    fn mark_upval(&mut self, fs_level: usize, var_level: u32) {
        let fs = self.level_mut(fs_level);
        if let Some(bl) = fs.blocks.iter_mut().rev().find(|b| b.nactvar <= var_level) {
            bl.upval = true;
        }
        fs.needclose = true;
    }

    /// Marks the current block as holding a to-be-closed variable (`marktobeclosed`).
    pub(crate) fn mark_to_be_closed(&mut self) {
        let bl = self.current_block();
        bl.upval = true;
        bl.inside_tbc = true;
        self.fs.needclose = true;
    }

    /// Looks `name` up among the active locals of function `level` (`searchvar`).
    fn search_var(&self, level: usize, name: &str) -> Option<ExpKind> {
        let fs = self.level(level);
        for i in (0..fs.nactvar).rev() {
            let vd = &self.actvar[fs.first_local + i as usize];
            if vd.name == name {
                return Some(if vd.kind == VarKind::CompileTimeConst {
                    ExpKind::Const(fs.first_local as u32 + i)
                } else {
                    ExpKind::Local {
                        ridx: vd.ridx,
                        vidx: i,
                    }
                });
            }
        }
        None
    }

    /// Creates upvalue `name` of function `level` for variable `var` of the enclosing
    /// function (`newupvalue`).
    fn new_upvalue(&mut self, level: usize, name: &str, var: ExpKind) -> CResult<u32> {
        if self.level(level).proto.upvalues.len() + 1 > MAX_UPVALUES {
            let message = self.limit_message(level, MAX_UPVALUES, "upvalues");
            return Err(self.error_near(&message));
        }
        let prev = self.level(level - 1);
        let desc = match var {
            ExpKind::Local { ridx, vidx } => UpvalueDesc {
                name: name.to_string(),
                in_stack: true,
                index: ridx as u8,
                kind: self.actvar[prev.first_local + vidx as usize].kind,
            },
            ExpKind::Upval(idx) => UpvalueDesc {
                name: name.to_string(),
                in_stack: false,
                index: idx as u8,
                kind: prev.proto.upvalues[idx as usize].kind,
            },
            _ => return Ok(0),
        };
        let ups = &mut self.level_mut(level).proto.upvalues;
        ups.push(desc);
        Ok(ups.len() as u32 - 1)
    }

    /// Resolves `name` in function `level` (`singlevaraux`).
    fn single_var_aux(&mut self, level: Option<usize>, name: &str, base: bool) -> CResult<ExpKind> {
        let Some(level) = level else {
            return Ok(ExpKind::Void);
        };
        if let Some(var) = self.search_var(level, name) {
            if let (ExpKind::Local { vidx, .. }, false) = (var, base) {
                self.mark_upval(level, vidx);
            }
            return Ok(var);
        }
        let existing = self
            .level(level)
            .proto
            .upvalues
            .iter()
            .position(|u| u.name == name);
        let idx = match existing {
            Some(idx) => idx as u32,
            None => {
                let var = self.single_var_aux(level.checked_sub(1), name, false)?;
                match var {
                    ExpKind::Local { .. } | ExpKind::Upval(_) => {
                        self.new_upvalue(level, name, var)?
                    }
                    _ => return Ok(var),
                }
            }
        };
        Ok(ExpKind::Upval(idx))
    }

    /// Resolves a variable reference: local, upvalue, constant or `_ENV.name` (`singlevar`).
    pub(crate) fn single_var(&mut self, name: &str) -> CResult<ExpDesc> {
        let current = Some(self.outer.len());
        let kind = self.single_var_aux(current, name, true)?;
        if kind != ExpKind::Void {
            return Ok(ExpDesc::new(kind));
        }
        let env = self.single_var_aux(current, "_ENV", true)?;
        let mut var = ExpDesc::new(env);
        self.exp_to_any_reg_up(&mut var)?;
        let mut key = ExpDesc::new(ExpKind::KStr(self.strings.intern(name.as_bytes())?));
        self.indexed(&mut var, &mut key)?;
        Ok(var)
    }
}
