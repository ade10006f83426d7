//! Loops: `while`, `repeat`, numeric and generic `for` (`whilestat`, `repeatstat`,
//! `forstat`, `fornum`, `forlist`, `forbody` of `lparser.c`).
//!
//! Every loop opens a "loop block" whose end is the implicit `break` label. Layouts match
//! `luac5.4`: `while` tests at the top and jumps back from the bottom; `repeat` tests at the
//! bottom inside the body's scope (closing captured locals before jumping back); numeric `for`
//! is `FORPREP` (skipping the loop when it must not run) + body + `FORLOOP`; generic `for` is
//! `TFORPREP` (jumping to the call) + body + `TFORCALL` + `TFORLOOP`, with its four hidden
//! `(for state)` locals, the last one to-be-closed. FORPREP/TFORPREP/FORLOOP/TFORLOOP carry
//! unsigned Bx distances, patched once the body is known.

use super::expdesc::ExpKind;
use super::{CResult, Compiler};
use crate::instruction::MAXARG_BX;
use crate::opcodes::OpCode;
use tsukimi_syntax::ast::{Block, Expr};

/// Lines of a `for` statement: `line` is the one PUC gives FORLOOP (and TFORCALL/TFORLOOP):
/// the `for` keyword's for a numeric loop, the token after `in`'s for a generic one;
/// `end_line` is its `end`'s.
#[derive(Clone, Copy)]
pub(crate) struct LoopLines {
    pub(crate) line: u32,
    pub(crate) end_line: u32,
}

impl Compiler<'_> {
    /// Condition of a loop: falls through when true, returns the exit list (`cond`).
    fn cond(&mut self, e: &Expr) -> CResult<i32> {
        let mut v = self.expr(e)?;
        if v.kind == ExpKind::Nil {
            v.kind = ExpKind::False;
        }
        self.go_if_true(&mut v)?;
        Ok(v.f)
    }

    /// `while cond do body end` (`whilestat`); `end_line` is the line of its `end`.
    pub(crate) fn while_stat(&mut self, cond: &Expr, body: &Block, end_line: u32) -> CResult<()> {
        let while_init = self.get_label();
        let cond_exit = self.cond(cond)?;
        self.enter_block(true);
        self.block(body)?;
        // The back jump is emitted with `end` current, the loop closed after reading it.
        self.jump_to(while_init)?;
        self.set_line(end_line);
        self.leave_block()?;
        self.patch_to_here(cond_exit)
    }

    /// `repeat body until cond` (`repeatstat`).
    pub(crate) fn repeat_stat(&mut self, body: &Block, cond: &Expr) -> CResult<()> {
        let repeat_init = self.get_label();
        self.enter_block(true);
        self.enter_block(false);
        self.stat_list_parts(&body.stats, body.ret.as_ref(), true)?;
        let mut cond_exit = self.cond(cond)?;
        let scope = self.fs.blocks.last().cloned();
        self.leave_block()?;
        if let Some(scope) = scope.filter(|b| b.upval) {
            let exit = self.jump();
            self.patch_to_here(cond_exit)?;
            let level = self.reg_level(scope.nactvar);
            self.code_abc(OpCode::Close, level, 0, 0);
            cond_exit = self.jump();
            self.patch_to_here(exit)?;
        }
        self.patch_list(cond_exit, repeat_init)?;
        self.leave_block()
    }

    /// Emits the loop body with its FORPREP/FORLOOP or TFORPREP/TFORCALL/TFORLOOP (`forbody`).
    fn for_body(
        &mut self,
        base: u32,
        line: u32,
        nvars: u32,
        generic: bool,
        body: &Block,
    ) -> CResult<()> {
        let (prep_op, loop_op) = if generic {
            (OpCode::TForPrep, OpCode::TForLoop)
        } else {
            (OpCode::ForPrep, OpCode::ForLoop)
        };
        // PUC emits the preparation after reading `do`.
        self.set_line(body.opened_line);
        let prep = self.code_abx(prep_op, base, 0);
        self.enter_block(false);
        self.adjust_local_vars(nvars);
        self.reserve_regs(nvars)?;
        self.block(body)?;
        self.leave_block()?;
        let here = self.get_label() as u32;
        self.fix_for_jump(prep, here, false)?;
        self.line = line;
        if generic {
            self.code_abc(OpCode::TForCall, base, 0, nvars);
            self.fix_line(line);
        }
        let end_for = self.code_abx(loop_op, base, 0);
        self.fix_for_jump(end_for, prep + 1, true)?;
        self.fix_line(line);
        Ok(())
    }

    /// Patches a for-loop jump (`fixforjump`).
    fn fix_for_jump(&mut self, pc: u32, dest: u32, back: bool) -> CResult<()> {
        let offset = dest as i64 - (pc as i64 + 1);
        let offset = if back { -offset } else { offset };
        if !(0..=MAXARG_BX as i64).contains(&offset) {
            // PUC is looking at the loop's `end` here.
            return Err(self.error_at(self.line, "control structure too long near 'end'"));
        }
        let i = self.fs.instr(pc).with_bx(offset as u32);
        self.fs.set_instr(pc, i);
        Ok(())
    }

    /// `for v = e1, e2, e3 do body end` (`forstat` + `fornum`).
    pub(crate) fn for_num(
        &mut self,
        var: &str,
        start: &Expr,
        limit: &Expr,
        step: Option<&Expr>,
        body: &Block,
        lines: LoopLines,
    ) -> CResult<()> {
        let LoopLines { line, end_line } = lines;
        self.enter_block(true);
        let base = self.fs.freereg;
        for _ in 0..3 {
            self.new_local_var("(for state)", Some("="))?;
        }
        self.new_local_var(var, Some("="))?;
        for e in [Some(start), Some(limit), step].into_iter().flatten() {
            let mut v = self.expr(e)?;
            self.exp_to_next_reg(&mut v)?;
        }
        if step.is_none() {
            let reg = self.fs.freereg;
            self.code_int(reg, 1);
            self.reserve_regs(1)?;
        }
        self.adjust_local_vars(3);
        self.for_body(base, line, 1, false, body)?;
        self.set_line(end_line);
        self.leave_block()
    }

    /// `for v1, v2 in explist do body end` (`forstat` + `forlist`).
    pub(crate) fn for_list(
        &mut self,
        vars: &[Box<str>],
        exprs: &[Expr],
        body: &Block,
        lines: LoopLines,
    ) -> CResult<()> {
        let LoopLines { line, end_line } = lines;
        self.enter_block(true);
        let base = self.fs.freereg;
        for _ in 0..4 {
            let near = if vars.len() > 1 { "," } else { "in" };
            self.new_local_var("(for state)", Some(near))?;
        }
        for (i, var) in vars.iter().enumerate() {
            let near = if i + 1 < vars.len() { "," } else { "in" };
            self.new_local_var(var, Some(near))?;
        }
        let (mut e, n) = self.exp_list(exprs)?;
        self.adjust_assign(4, n, &mut e)?;
        self.adjust_local_vars(4);
        self.mark_to_be_closed();
        self.check_stack(3)?;
        self.for_body(base, line, vars.len() as u32, true, body)?;
        self.set_line(end_line);
        self.leave_block()
    }
}
