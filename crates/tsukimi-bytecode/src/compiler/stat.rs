//! Compiling statements (the statement half of `lparser.c`).
//!
//! Each statement is compiled as PUC's parser would while reading it: `local` declares its
//! names before compiling the initialisers and activates them after; multiple assignment
//! evaluates every target's table and key first, then the values, then stores right to left
//! (copying a local to a temporary when a later target would clobber a table or key still
//! needed); `if` lays out its jumps as in `lparser.c` so listings match `luac` (loops are in
//! `loops.rs`).
//! After every statement all temporaries are released (`freereg = nvarstack`).

use super::expdesc::{ExpDesc, ExpKind, NO_JUMP};
use super::loops::LoopLines;
use super::{CResult, Compiler};
use crate::opcodes::OpCode;
use crate::proto::VarKind;
use tsukimi_syntax::ast::{
    Attrib, Block, Expr, FuncBody, FuncName, LocalName, Return, Stat, StatKind,
};
use tsukimi_syntax::scope_errors;

impl Compiler<'_> {
    /// Compiles the statements of a block, without opening a scope (`statlist`), and moves
    /// the line to the block's last token, where PUC stands when the block closes.
    pub(crate) fn stat_list(&mut self, block: &Block) -> CResult<()> {
        self.stat_list_parts(&block.stats, block.ret.as_ref(), false)?;
        self.set_line(block.last_line);
        Ok(())
    }

    /// `statlist` over explicit parts. `in_repeat`: the list is a `repeat` body, so a label at
    /// its end is still followed by `until` and is not "last" (`block_follow(ls, 0)`).
    pub(crate) fn stat_list_parts(
        &mut self,
        stats: &[Stat],
        ret: Option<&Return>,
        in_repeat: bool,
    ) -> CResult<()> {
        let mut i = 0;
        while i < stats.len() {
            if matches!(stats[i].kind, StatKind::Label(_)) {
                // PUC's `labelstat` first compiles the no-op statements that follow a label
                // (other labels), so a run of labels is created back to front, and all of
                // them are "last" when only the end of the block follows.
                let mut j = i;
                while j < stats.len() && matches!(stats[j].kind, StatKind::Label(_)) {
                    j += 1;
                }
                let last = j == stats.len() && ret.is_none() && !in_repeat;
                for stat in stats[i..j].iter().rev() {
                    if let StatKind::Label(name) = &stat.kind {
                        self.label_stat(name, stat.line, last)?;
                    }
                }
                i = j;
                continue;
            }
            self.statement(&stats[i])?;
            i += 1;
        }
        if let Some(ret) = ret {
            self.set_line(ret.line);
            self.ret_stat(&ret.values)?;
            self.fs.freereg = self.nvarstack();
        }
        Ok(())
    }

    /// A block in its own scope (`block`), closed at its last token.
    pub(crate) fn block(&mut self, block: &Block) -> CResult<()> {
        self.enter_block(false);
        self.stat_list(block)?;
        self.leave_block()
    }

    /// Compiles one statement.
    fn statement(&mut self, stat: &Stat) -> CResult<()> {
        self.make_room()?;
        self.set_line(stat.line);
        let loop_lines = LoopLines {
            line: stat.line,
            end_line: stat.last_line,
        };
        match &stat.kind {
            StatKind::Assign { targets, values } => self.assign_stat(targets, values)?,
            StatKind::Call(call) => {
                let v = self.expr(call)?;
                let ExpKind::Call(pc) = v.kind else {
                    // Not produced by the parser (ast.rs); PUC's `exprstat` check.
                    return Err(self.error_at(stat.line, "syntax error"));
                };
                let i = self.fs.instr(pc).with_c(1);
                self.fs.set_instr(pc, i);
            }
            StatKind::Local { names, values } => self.local_stat(names, values, stat.last_line)?,
            StatKind::LocalFunction { name, func } => self.local_function(name, func)?,
            StatKind::Function { name, func } => self.function_stat(name, func, stat.line)?,
            StatKind::Do(block) => self.block(block)?,
            StatKind::While { cond, body } => self.while_stat(cond, body, stat.last_line)?,
            StatKind::Repeat { body, cond } => self.repeat_stat(body, cond)?,
            StatKind::If { conds, else_block } => self.if_stat(conds, else_block.as_ref())?,
            StatKind::NumericFor(l) => self.for_num(
                &l.var,
                &l.start,
                &l.limit,
                l.step.as_ref(),
                &l.body,
                loop_lines,
            )?,
            StatKind::GenericFor {
                vars,
                exprs,
                exprs_line,
                body,
            } => {
                let lines = LoopLines {
                    line: *exprs_line,
                    ..loop_lines
                };
                self.for_list(vars, exprs, body, lines)?
            }
            // PUC reads the label's name first: the jump and the goto's line are the name's.
            StatKind::Goto(name) => {
                self.set_line(stat.last_line);
                self.goto_stat(name, stat.last_line)?
            }
            StatKind::Label(name) => self.label_stat(name, stat.line, false)?,
            StatKind::Break => {
                let pc = self.jump();
                self.new_goto("break", stat.line, pc)?;
            }
        }
        self.fs.freereg = self.nvarstack();
        Ok(())
    }

    /// `::name::` (`labelstat`). Labels directly following it are declared first, as PUC
    /// skips them as no-op statements before creating this one. Its errors are the parser's
    /// first for parsed code, at lua5.4's lines (`parser/scope.rs`).
    fn label_stat(&mut self, name: &str, line: u32, last: bool) -> CResult<()> {
        if let Some(existing) = self.find_label(name) {
            let msg = scope_errors::repeated_label(name, existing.line);
            return Err(self.error_at(line, &msg));
        }
        self.set_line(line);
        self.create_label(name, line, last)?;
        Ok(())
    }

    /// `goto name` (`gotostat`).
    fn goto_stat(&mut self, name: &str, line: u32) -> CResult<()> {
        match self.find_label(name).map(|l| (l.nactvar, l.pc)) {
            None => {
                let pc = self.jump();
                self.new_goto(name, line, pc)?;
            }
            Some((nactvar, pc)) => {
                let level = self.reg_level(nactvar);
                if self.nvarstack() > level {
                    self.code_abc(OpCode::Close, level, 0, 0);
                }
                let j = self.jump();
                self.patch_list(j, pc)?;
            }
        }
        Ok(())
    }

    /// Raises PUC's error when assigning to a `<const>`/`<close>` variable (`check_readonly`).
    fn check_readonly(&self, e: &ExpDesc, line: u32) -> CResult<()> {
        let name = match e.kind {
            ExpKind::Const(vidx) => self.actvar.get(vidx as usize).map(|v| v.name.clone()),
            ExpKind::Local { vidx, .. } => {
                let vd = self.local_var(vidx);
                (vd.kind != VarKind::Regular).then(|| vd.name.clone())
            }
            ExpKind::Upval(idx) => self
                .fs
                .proto
                .upvalues
                .get(idx as usize)
                .filter(|u| u.kind != VarKind::Regular)
                .map(|u| u.name.clone()),
            _ => None,
        };
        match name {
            Some(name) => Err(self.error_at(line, &scope_errors::assign_to_const(&name))),
            None => Ok(()),
        }
    }

    /// Adjusts `nexps` values (the last being `e`) to `nvars` (`adjust_assign`).
    pub(crate) fn adjust_assign(&mut self, nvars: u32, nexps: u32, e: &mut ExpDesc) -> CResult<()> {
        let needed = nvars as i32 - nexps as i32;
        if e.has_multret() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra)?;
        } else {
            if e.kind != ExpKind::Void {
                self.exp_to_next_reg(e)?;
            }
            if needed > 0 {
                let from = self.fs.freereg;
                self.code_nil(from, needed as u32);
            }
        }
        if needed > 0 {
            self.reserve_regs(needed as u32)?;
        } else {
            self.fs.freereg = (self.fs.freereg as i32 + needed) as u32;
        }
        Ok(())
    }

    /// `t1, t2, ... = e1, e2, ...` (`restassign`).
    fn assign_stat(&mut self, targets: &[Expr], values: &[Expr]) -> CResult<()> {
        if targets.is_empty() {
            return Ok(());
        }
        let mut lhs: Vec<ExpDesc> = Vec::with_capacity(targets.len());
        for target in targets {
            let v = self.expr(target)?;
            if !v.is_var() {
                return Err(self.error_at(target.line, "syntax error"));
            }
            if !v.is_indexed() {
                self.check_conflict(&mut lhs, &v)?;
            }
            self.check_readonly(&v, target.line)?;
            lhs.push(v);
        }
        let nvars = lhs.len() as u32;
        let (mut e, nexps) = self.exp_list(values)?;
        let mut rest = lhs.len();
        if nexps != nvars {
            self.adjust_assign(nvars, nexps, &mut e)?;
        } else {
            self.set_one_ret(&mut e);
            self.store_var(&lhs[rest - 1], &mut e)?;
            rest -= 1;
        }
        while rest > 0 {
            rest -= 1;
            let mut v = ExpDesc::new(ExpKind::NonReloc(self.fs.freereg.wrapping_sub(1)));
            self.store_var(&lhs[rest], &mut v)?;
        }
        Ok(())
    }

    /// Protects earlier targets whose table or key is the local/upvalue `v` assigned now
    /// by making them use a copy (`check_conflict`).
    fn check_conflict(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> CResult<()> {
        let extra = self.fs.freereg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match lh.kind {
                ExpKind::IndexUp { t, idx } if v.kind == ExpKind::Upval(t) => {
                    conflict = true;
                    lh.kind = ExpKind::IndexStr { t: extra, idx };
                }
                ExpKind::Indexed { t, idx } => {
                    let mut nt = t;
                    let mut nidx = idx;
                    if let ExpKind::Local { ridx, .. } = v.kind {
                        if t == ridx {
                            conflict = true;
                            nt = extra;
                        }
                        if idx == ridx {
                            conflict = true;
                            nidx = extra;
                        }
                    }
                    lh.kind = ExpKind::Indexed { t: nt, idx: nidx };
                }
                ExpKind::IndexI { t, idx } => {
                    if matches!(v.kind, ExpKind::Local { ridx, .. } if ridx == t) {
                        conflict = true;
                        lh.kind = ExpKind::IndexI { t: extra, idx };
                    }
                }
                ExpKind::IndexStr { t, idx } => {
                    if matches!(v.kind, ExpKind::Local { ridx, .. } if ridx == t) {
                        conflict = true;
                        lh.kind = ExpKind::IndexStr { t: extra, idx };
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.kind {
                ExpKind::Local { ridx, .. } => {
                    self.code_abc(OpCode::Move, extra, ridx, 0);
                }
                ExpKind::Upval(idx) => {
                    self.code_abc(OpCode::GetUpval, extra, idx, 0);
                }
                _ => {}
            }
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    /// `local n1 <attr>, n2 = e1, e2` (`localstat`).
    /// `last_line` is the line of the statement's last token, where PUC adjusts the values.
    fn local_stat(&mut self, names: &[LocalName], values: &[Expr], last_line: u32) -> CResult<()> {
        if names.is_empty() {
            // Not produced by the parser (ast.rs invariant); nothing to declare.
            return Ok(());
        }
        let mut to_close: Option<u32> = None;
        let mut vidx = 0;
        for (n, local) in names.iter().enumerate() {
            let near = if local.attrib.is_some() {
                Some("<")
            } else if n + 1 < names.len() {
                Some(",")
            } else if !values.is_empty() {
                Some("=")
            } else {
                None
            };
            vidx = self.new_local_var(&local.name, near)?;
            let kind = match local.attrib {
                None => VarKind::Regular,
                Some(Attrib::Const) => VarKind::Const,
                Some(Attrib::Close) => VarKind::ToClose,
            };
            let at = self.fs.first_local + vidx as usize;
            self.actvar[at].kind = kind;
            if kind == VarKind::ToClose {
                if to_close.is_some() {
                    return Err(
                        self.error_at(self.line, "multiple to-be-closed variables in local list")
                    );
                }
                to_close = Some(self.fs.nactvar + n as u32);
            }
        }
        let nvars = names.len() as u32;
        let (mut e, nexps) = self.exp_list(values)?;
        self.set_line(last_line);
        let last_at = self.fs.first_local + vidx as usize;
        let ctc = if nvars == nexps && self.actvar[last_at].kind == VarKind::Const {
            self.exp_to_const(&e)
        } else {
            None
        };
        if let Some(value) = ctc {
            self.actvar[last_at].kind = VarKind::CompileTimeConst;
            self.actvar[last_at].ctc = value;
            self.adjust_local_vars(nvars - 1);
            self.fs.nactvar += 1;
        } else {
            self.adjust_assign(nvars, nexps, &mut e)?;
            self.adjust_local_vars(nvars);
        }
        if let Some(level) = to_close {
            self.mark_to_be_closed();
            let reg = self.reg_level(level);
            self.code_abc(OpCode::Tbc, reg, 0, 0);
        }
        Ok(())
    }

    /// `local function name body` (`localfunc`).
    fn local_function(&mut self, name: &str, func: &FuncBody) -> CResult<()> {
        let fvar = self.fs.nactvar;
        self.new_local_var(name, Some("("))?;
        self.adjust_local_vars(1);
        self.function_body(func)?;
        let pc = self.fs.pc();
        if let Some(info) = self.local_debug_info(fvar) {
            info.start_pc = pc;
        }
        Ok(())
    }

    /// `function a.b.c:m body` (`funcstat`). An assignment to a `<const>` is the parser's
    /// error first for parsed code, at lua5.4's line.
    fn function_stat(&mut self, name: &FuncName, func: &FuncBody, line: u32) -> CResult<()> {
        let Some(first) = name.path.first() else {
            return Ok(());
        };
        let mut v = self.single_var(first)?;
        let fields = name.path[1..].iter().chain(name.method.iter());
        for (previous, field) in fields.enumerate() {
            // PUC indexes with the previous name when the `.` or `:` after it is current.
            if let Some(&line) = name.path_lines.get(previous) {
                self.set_line(line);
            }
            self.exp_to_any_reg_up(&mut v)?;
            let mut key = ExpDesc::new(ExpKind::KStr(self.strings.intern(field.as_bytes())?));
            self.indexed(&mut v, &mut key)?;
        }
        let mut b = self.function_body(func)?;
        self.check_readonly(&v, self.line)?;
        self.store_var(&v, &mut b)?;
        self.fix_line(line);
        Ok(())
    }

    /// `return e1, e2, ...` (`retstat`).
    fn ret_stat(&mut self, values: &[Expr]) -> CResult<()> {
        let mut first = self.nvarstack();
        let nret: i32;
        if values.is_empty() {
            nret = 0;
        } else {
            let (mut e, n) = self.exp_list(values)?;
            if e.has_multret() {
                self.set_multret(&e)?;
                let inside_tbc = self.fs.blocks.last().is_some_and(|b| b.inside_tbc);
                if let (ExpKind::Call(pc), 1, false) = (e.kind, n, inside_tbc) {
                    let i = self.fs.instr(pc);
                    let tail = crate::instruction::Instruction::abc(
                        OpCode::TailCall,
                        i.a(),
                        i.b(),
                        i.c(),
                        i.k(),
                    );
                    self.fs.set_instr(pc, tail);
                }
                nret = -1;
            } else if n == 1 {
                first = self.exp_to_any_reg(&mut e)?;
                nret = 1;
            } else {
                self.exp_to_next_reg(&mut e)?;
                first = self.fs.freereg - n;
                nret = n as i32;
            }
        }
        self.code_ret(first, nret);
        Ok(())
    }

    /// `if ... then ... elseif ... else ... end` (`ifstat`).
    fn if_stat(&mut self, conds: &[(Expr, Block)], else_block: Option<&Block>) -> CResult<()> {
        let mut escape = NO_JUMP;
        for (i, (cond, block)) in conds.iter().enumerate() {
            let more = i + 1 < conds.len() || else_block.is_some();
            self.test_then_block(cond, block, more, &mut escape)?;
        }
        if let Some(block) = else_block {
            self.block(block)?;
        }
        self.patch_to_here(escape)
    }

    /// One `if/elseif cond then block` (`test_then_block`). `more`: an else part follows.
    fn test_then_block(
        &mut self,
        cond: &Expr,
        block: &Block,
        more: bool,
        escape: &mut i32,
    ) -> CResult<()> {
        let mut v = self.expr(cond)?;
        let jf;
        let rest: &[Stat];
        if let Some(first) = block
            .stats
            .first()
            .filter(|s| matches!(s.kind, StatKind::Break))
        {
            // The test is emitted after `then`, the skip over the rest after `break`.
            self.set_line(block.opened_line);
            self.go_if_false(&mut v)?;
            self.enter_block(false);
            self.new_goto("break", first.line, v.t)?;
            if block.stats.len() == 1 && block.ret.is_none() {
                self.set_line(block.last_line);
                self.leave_block()?;
                return Ok(());
            }
            self.set_line(first.last_line);
            jf = self.jump();
            rest = &block.stats[1..];
        } else {
            self.set_line(block.opened_line);
            self.go_if_true(&mut v)?;
            self.enter_block(false);
            jf = v.f;
            rest = &block.stats;
        }
        self.stat_list_parts(rest, block.ret.as_ref(), false)?;
        self.set_line(block.last_line);
        self.leave_block()?;
        if more {
            let j = self.jump();
            self.concat_jumps(escape, j)?;
        }
        self.patch_to_here(jf)
    }
}
