//! Turning expression descriptors into code (the expression half of `lcode.c`).
//!
//! The functions here move a value from wherever an `ExpDesc` says it is into a register
//! (`exp_to_next_reg`, `exp_to_any_reg`, ...), into an R/K operand (`exp_to_rk`), or into a
//! variable (`store_var`), and build the control flow of conditions (`go_if_true`,
//! `go_if_false`). They follow `lcode.c` one to one so that register allocation, constant
//! numbering and instruction choice match `luac5.4`.
//!
//! Invariant kept by every function: temporaries are freed in LIFO order, i.e. the register
//! released by `free_exp` is always `freereg - 1` unless it belongs to a local.

use super::expdesc::{ExpDesc, ExpKind, NO_JUMP};
use super::func_state::ConstKey;
use super::{CResult, Compiler};
use crate::instruction::{Instruction, MAXARG_B, MAXARG_BX, MAXARG_C, OFFSET_SBX};
use crate::opcodes::OpCode;

/// Largest constant index usable as an R/K operand (`MAXINDEXRK`).
const MAX_INDEX_RK: u32 = MAXARG_B;

/// Whether `i` fits an sBx operand (`fitsBx`).
fn fits_bx(i: i64) -> bool {
    -(OFFSET_SBX as i64) <= i && i <= MAXARG_BX as i64 - OFFSET_SBX as i64
}

impl Compiler<'_> {
    /// Sets `n` registers from `from` to nil, merging with a preceding LOADNIL (`luaK_nil`).
    pub(crate) fn code_nil(&mut self, mut from: u32, n: u32) {
        let mut last = from + n - 1;
        let pc = self.fs.pc();
        if pc > self.fs.last_target && pc > 0 {
            let prev = self.fs.instr(pc - 1);
            if prev.opcode() == OpCode::LoadNil {
                let pfrom = prev.a();
                let plast = pfrom + prev.b();
                if (pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1) {
                    from = from.min(pfrom);
                    last = last.max(plast);
                    let merged = prev.with_a(from).with_b(last - from);
                    self.fs.set_instr(pc - 1, merged);
                    return;
                }
            }
        }
        self.code_abc(OpCode::LoadNil, from, n - 1, 0);
    }

    /// Emits a return of `nret` values starting at `first` (`luaK_ret`).
    pub(crate) fn code_ret(&mut self, first: u32, nret: i32) {
        let op = match nret {
            0 => OpCode::Return0,
            1 => OpCode::Return1,
            _ => OpCode::Return,
        };
        self.code_abc(op, first, (nret + 1) as u32, 0);
    }

    /// Loads integer `i` into `reg` (`luaK_int`).
    pub(crate) fn code_int(&mut self, reg: u32, i: i64) {
        if fits_bx(i) {
            self.code_asbx(OpCode::LoadI, reg, i as i32);
        } else {
            let k = self.int_k(i);
            self.code_k(reg, k);
        }
    }

    /// Loads float `f` into `reg` (`luaK_float`).
    fn code_float(&mut self, reg: u32, f: f64) {
        match tsukimi_number::float_to_exact_int(f) {
            Some(i) if fits_bx(i) => {
                self.code_asbx(OpCode::LoadF, reg, i as i32);
            }
            _ => {
                let k = self.number_k(f);
                self.code_k(reg, k);
            }
        }
    }

    /// Fixes an open call/vararg to return `nresults` values (-1: all) (`luaK_setreturns`).
    pub(crate) fn set_returns(&mut self, e: &ExpDesc, nresults: i32) -> CResult<()> {
        match e.kind {
            ExpKind::Call(pc) => {
                let i = self.fs.instr(pc).with_c((nresults + 1) as u32);
                self.fs.set_instr(pc, i);
            }
            ExpKind::Vararg(pc) => {
                let i = self
                    .fs
                    .instr(pc)
                    .with_c((nresults + 1) as u32)
                    .with_a(self.fs.freereg);
                self.fs.set_instr(pc, i);
                self.reserve_regs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn set_multret(&mut self, e: &ExpDesc) -> CResult<()> {
        self.set_returns(e, -1)
    }

    /// Makes a multi-value expression produce exactly one value (`luaK_setoneret`).
    pub(crate) fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Call(pc) => e.kind = ExpKind::NonReloc(self.fs.instr(pc).a()),
            ExpKind::Vararg(pc) => {
                let i = self.fs.instr(pc).with_c(2);
                self.fs.set_instr(pc, i);
                e.kind = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// Value of a compile-time constant as an expression kind (`const2exp`).
    pub(crate) fn const_value(&self, vidx: u32) -> ExpKind {
        self.actvar
            .get(vidx as usize)
            .map_or(ExpKind::Nil, |v| v.ctc)
    }

    /// Makes sure `e` is not a variable (`luaK_dischargevars`).
    pub(crate) fn discharge_vars(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Const(vidx) => e.kind = self.const_value(vidx),
            ExpKind::Local { ridx, .. } => e.kind = ExpKind::NonReloc(ridx),
            ExpKind::Upval(idx) => {
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::GetUpval, 0, idx, 0));
            }
            ExpKind::IndexUp { t, idx } => {
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::GetTabUp, 0, t, idx));
            }
            ExpKind::IndexI { t, idx } => {
                self.free_reg(t);
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::GetI, 0, t, idx));
            }
            ExpKind::IndexStr { t, idx } => {
                self.free_reg(t);
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::GetField, 0, t, idx));
            }
            ExpKind::Indexed { t, idx } => {
                self.free_regs(t, idx);
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::GetTable, 0, t, idx));
            }
            ExpKind::Call(_) | ExpKind::Vararg(_) => self.set_one_ret(e),
            _ => {}
        }
    }

    /// Puts the value of `e` in `reg` (jumps aside) (`discharge2reg`).
    fn discharge_to_reg(&mut self, e: &mut ExpDesc, reg: u32) {
        self.discharge_vars(e);
        match e.kind {
            ExpKind::Nil => self.code_nil(reg, 1),
            ExpKind::False => {
                self.code_abc(OpCode::LoadFalse, reg, 0, 0);
            }
            ExpKind::True => {
                self.code_abc(OpCode::LoadTrue, reg, 0, 0);
            }
            ExpKind::KStr(s) => {
                let k = self.string_k(s);
                self.code_k(reg, k);
            }
            ExpKind::K(k) => {
                self.code_k(reg, k);
            }
            ExpKind::KFlt(f) => self.code_float(reg, f),
            ExpKind::KInt(i) => self.code_int(reg, i),
            ExpKind::Reloc(pc) => {
                let i = self.fs.instr(pc).with_a(reg);
                self.fs.set_instr(pc, i);
            }
            ExpKind::NonReloc(r) => {
                if r != reg {
                    self.code_abc(OpCode::Move, reg, r, 0);
                }
            }
            _ => return, // Jmp (or Void): nothing to do
        }
        e.kind = ExpKind::NonReloc(reg);
    }

    /// Puts the value of `e` in some register (`discharge2anyreg`).
    pub(crate) fn discharge_to_any_reg(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if !matches!(e.kind, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let reg = self.fs.freereg - 1;
            self.discharge_to_reg(e, reg);
        }
        Ok(())
    }

    fn code_loadbool(&mut self, a: u32, op: OpCode) -> i32 {
        self.get_label();
        self.code_abc(op, a, 0, 0) as i32
    }

    /// Puts the final value of `e`, jump lists included, in `reg` (`exp2reg`).
    fn exp_to_reg(&mut self, e: &mut ExpDesc, reg: u32) -> CResult<()> {
        self.discharge_to_reg(e, reg);
        if let ExpKind::Jmp(pc) = e.kind {
            let mut t = e.t;
            self.concat_jumps(&mut t, pc as i32)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP;
            let mut p_t = NO_JUMP;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.kind, ExpKind::Jmp(_)) {
                    NO_JUMP
                } else {
                    self.jump()
                };
                p_f = self.code_loadbool(reg, OpCode::LFalseSkip);
                p_t = self.code_loadbool(reg, OpCode::LoadTrue);
                self.patch_to_here(fj)?;
            }
            let final_pc = self.get_label();
            self.patch_list_aux(e.f, final_pc, reg, p_f)?;
            self.patch_list_aux(e.t, final_pc, reg, p_t)?;
        }
        e.t = NO_JUMP;
        e.f = NO_JUMP;
        e.kind = ExpKind::NonReloc(reg);
        Ok(())
    }

    /// Frees the register of `e` if it is a temporary (`freeexp`).
    pub(crate) fn free_exp(&mut self, e: &ExpDesc) {
        if let ExpKind::NonReloc(r) = e.kind {
            self.free_reg(r);
        }
    }

    /// Frees the registers of two expressions in proper order (`freeexps`).
    pub(crate) fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        let r1 = if let ExpKind::NonReloc(r) = e1.kind {
            Some(r)
        } else {
            None
        };
        let r2 = if let ExpKind::NonReloc(r) = e2.kind {
            Some(r)
        } else {
            None
        };
        match (r1, r2) {
            (Some(a), Some(b)) => self.free_regs(a, b),
            (Some(a), None) | (None, Some(a)) => self.free_reg(a),
            (None, None) => {}
        }
    }

    /// Puts the final value of `e` in the next free register (`luaK_exp2nextreg`).
    pub(crate) fn exp_to_next_reg(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        self.free_exp(e);
        self.reserve_regs(1)?;
        let reg = self.fs.freereg - 1;
        self.exp_to_reg(e, reg)
    }

    /// Puts the final value of `e` in some register and returns it (`luaK_exp2anyreg`).
    pub(crate) fn exp_to_any_reg(&mut self, e: &mut ExpDesc) -> CResult<u32> {
        self.discharge_vars(e);
        if let ExpKind::NonReloc(r) = e.kind {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp_to_reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp_to_next_reg(e)?;
        match e.kind {
            ExpKind::NonReloc(r) => Ok(r),
            _ => Ok(self.fs.freereg - 1),
        }
    }

    /// Register or upvalue (`luaK_exp2anyregup`).
    pub(crate) fn exp_to_any_reg_up(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if !matches!(e.kind, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        }
        Ok(())
    }

    /// Register or constant (`luaK_exp2val`).
    pub(crate) fn exp_to_val(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if e.has_jumps() {
            self.exp_to_any_reg(e)?;
        } else {
            self.discharge_vars(e);
        }
        Ok(())
    }

    /// Tries to make `e` a `K` within R/K range (`luaK_exp2K`).
    pub(crate) fn exp_to_k(&mut self, e: &mut ExpDesc) -> bool {
        if e.has_jumps() {
            return false;
        }
        let info = match e.kind {
            ExpKind::True => self.add_constant(ConstKey::True),
            ExpKind::False => self.add_constant(ConstKey::False),
            ExpKind::Nil => self.add_constant(ConstKey::Nil),
            ExpKind::KInt(i) => self.int_k(i),
            ExpKind::KFlt(f) => self.number_k(f),
            ExpKind::KStr(s) => self.string_k(s),
            ExpKind::K(k) => k,
            _ => return false,
        };
        if info <= MAX_INDEX_RK {
            e.kind = ExpKind::K(info);
            true
        } else {
            false
        }
    }

    /// Makes `e` an R/K operand; returns true for K (`luaK_exp2RK`).
    pub(crate) fn exp_to_rk(&mut self, e: &mut ExpDesc) -> CResult<bool> {
        if self.exp_to_k(e) {
            Ok(true)
        } else {
            self.exp_to_any_reg(e)?;
            Ok(false)
        }
    }

    /// The register or constant index of an expression after `exp_to_rk`.
    pub(crate) fn rk_operand(e: &ExpDesc) -> u32 {
        match e.kind {
            ExpKind::K(k) | ExpKind::NonReloc(k) => k,
            _ => 0,
        }
    }

    fn code_abrk(&mut self, op: OpCode, a: u32, b: u32, ec: &mut ExpDesc) -> CResult<()> {
        let k = self.exp_to_rk(ec)?;
        let c = Self::rk_operand(ec);
        self.code_abck(op, a, b, c, k);
        Ok(())
    }

    /// Stores `ex` into variable `var` (`luaK_storevar`).
    pub(crate) fn store_var(&mut self, var: &ExpDesc, ex: &mut ExpDesc) -> CResult<()> {
        match var.kind {
            ExpKind::Local { ridx, .. } => {
                self.free_exp(ex);
                return self.exp_to_reg(ex, ridx);
            }
            ExpKind::Upval(idx) => {
                let e = self.exp_to_any_reg(ex)?;
                self.code_abc(OpCode::SetUpval, e, idx, 0);
            }
            ExpKind::IndexUp { t, idx } => self.code_abrk(OpCode::SetTabUp, t, idx, ex)?,
            ExpKind::IndexI { t, idx } => self.code_abrk(OpCode::SetI, t, idx, ex)?,
            ExpKind::IndexStr { t, idx } => self.code_abrk(OpCode::SetField, t, idx, ex)?,
            ExpKind::Indexed { t, idx } => self.code_abrk(OpCode::SetTable, t, idx, ex)?,
            _ => {}
        }
        self.free_exp(ex);
        Ok(())
    }

    /// `e:key(` — emits SELF (`luaK_self`).
    pub(crate) fn code_self(&mut self, e: &mut ExpDesc, key: &mut ExpDesc) -> CResult<()> {
        let ereg = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        let base = self.fs.freereg;
        e.kind = ExpKind::NonReloc(base);
        self.reserve_regs(2)?;
        self.code_abrk(OpCode::SelfOp, base, ereg, key)?;
        self.free_exp(key);
        Ok(())
    }

    /// Inverts the comparison controlling the jump of `e` (`negatecondition`).
    fn negate_condition(&mut self, e: &ExpDesc) {
        if let ExpKind::Jmp(pc) = e.kind {
            let at = self.jump_control(pc as i32);
            let i = self.fs.instr(at);
            self.fs.set_instr(at, i.with_k(!i.k()));
        }
    }

    /// Emits a jump taken when `e` is `cond`, folding a preceding NOT (`jumponcond`).
    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> CResult<i32> {
        if let ExpKind::Reloc(pc) = e.kind {
            let ie = self.fs.instr(pc);
            if ie.opcode() == OpCode::Not && pc + 1 == self.fs.pc() {
                self.remove_last_instruction();
                return Ok(self.cond_jump(OpCode::Test, ie.b(), 0, 0, !cond));
            }
        }
        self.discharge_to_any_reg(e)?;
        self.free_exp(e);
        let r = if let ExpKind::NonReloc(r) = e.kind {
            r
        } else {
            0
        };
        Ok(self.cond_jump(OpCode::TestSet, MAXARG_A_NO_REG, r, 0, cond))
    }

    /// Falls through when `e` is true, jumps otherwise (`luaK_goiftrue`).
    pub(crate) fn go_if_true(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.kind {
            ExpKind::Jmp(pc) => {
                self.negate_condition(e);
                pc as i32
            }
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => NO_JUMP,
            _ => self.jump_on_cond(e, false)?,
        };
        let mut f = e.f;
        self.concat_jumps(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    /// Falls through when `e` is false, jumps otherwise (`luaK_goiffalse`).
    pub(crate) fn go_if_false(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.kind {
            ExpKind::Jmp(pc) => pc as i32,
            ExpKind::Nil | ExpKind::False => NO_JUMP,
            _ => self.jump_on_cond(e, true)?,
        };
        let mut t = e.t;
        self.concat_jumps(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    /// `not e`, folding constants (`codenot`).
    pub(crate) fn code_not(&mut self, e: &mut ExpDesc) -> CResult<()> {
        match e.kind {
            ExpKind::Nil | ExpKind::False => e.kind = ExpKind::True,
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => e.kind = ExpKind::False,
            ExpKind::Jmp(_) => self.negate_condition(e),
            ExpKind::Reloc(_) | ExpKind::NonReloc(_) => {
                self.discharge_to_any_reg(e)?;
                self.free_exp(e);
                let r = if let ExpKind::NonReloc(r) = e.kind {
                    r
                } else {
                    0
                };
                e.kind = ExpKind::Reloc(self.code_abc(OpCode::Not, 0, r, 0));
            }
            _ => {}
        }
        std::mem::swap(&mut e.t, &mut e.f);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    /// A short string constant within B's range (`isKstr`).
    fn is_kstr(&self, e: &ExpDesc) -> bool {
        match e.kind {
            ExpKind::K(k) => !e.has_jumps() && k <= MAXARG_B && self.is_short_string_k(k),
            _ => false,
        }
    }

    /// Builds `t[k]` (`luaK_indexed`). `t` is a local, a register or an upvalue.
    pub(crate) fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> CResult<()> {
        if let ExpKind::KStr(s) = k.kind {
            k.kind = ExpKind::K(self.string_k(s));
        }
        if matches!(t.kind, ExpKind::Upval(_)) && !self.is_kstr(k) {
            self.exp_to_any_reg(t)?;
        }
        if let ExpKind::Upval(up) = t.kind {
            let idx = if let ExpKind::K(kk) = k.kind { kk } else { 0 };
            t.kind = ExpKind::IndexUp { t: up, idx };
            return Ok(());
        }
        let treg = match t.kind {
            ExpKind::Local { ridx, .. } => ridx,
            ExpKind::NonReloc(r) => r,
            _ => 0,
        };
        if self.is_kstr(k) {
            let idx = if let ExpKind::K(kk) = k.kind { kk } else { 0 };
            t.kind = ExpKind::IndexStr { t: treg, idx };
        } else if let (ExpKind::KInt(i), false) = (k.kind, k.has_jumps()) {
            if (0..=MAXARG_C as i64).contains(&i) {
                t.kind = ExpKind::IndexI {
                    t: treg,
                    idx: i as u32,
                };
            } else {
                let idx = self.exp_to_any_reg(k)?;
                t.kind = ExpKind::Indexed { t: treg, idx };
            }
        } else {
            let idx = self.exp_to_any_reg(k)?;
            t.kind = ExpKind::Indexed { t: treg, idx };
        }
        Ok(())
    }

    /// Emits SETLIST for `tostore` items (-1: up to top) after `nelems` stored (`luaK_setlist`).
    pub(crate) fn code_setlist(&mut self, base: u32, nelems: u32, tostore: i32) {
        let tostore = if tostore < 0 { 0 } else { tostore as u32 };
        if nelems <= MAXARG_C {
            self.code_abc(OpCode::SetList, base, tostore, nelems);
        } else {
            let extra = nelems / (MAXARG_C + 1);
            self.code_abck(
                OpCode::SetList,
                base,
                tostore,
                nelems % (MAXARG_C + 1),
                true,
            );
            self.code_extraarg(extra);
        }
        self.fs.freereg = base + 1;
    }

    /// Fills in the sizes of a NEWTABLE and its EXTRAARG (`luaK_settablesize`).
    pub(crate) fn set_table_size(&mut self, pc: u32, ra: u32, asize: u32, hsize: u32) {
        let rb = if hsize != 0 { ceil_log2(hsize) + 1 } else { 0 };
        let extra = asize / (MAXARG_C + 1);
        let rc = asize % (MAXARG_C + 1);
        self.fs.set_instr(
            pc,
            Instruction::abc(OpCode::NewTable, ra, rb, rc, extra > 0),
        );
        self.fs
            .set_instr(pc + 1, Instruction::ax(OpCode::ExtraArg, extra));
    }

    /// If `e` is a compile-time constant value, returns it (`luaK_exp2const`).
    pub(crate) fn exp_to_const(&self, e: &ExpDesc) -> Option<ExpKind> {
        if e.has_jumps() {
            return None;
        }
        match e.kind {
            ExpKind::False
            | ExpKind::True
            | ExpKind::Nil
            | ExpKind::KStr(_)
            | ExpKind::KInt(_)
            | ExpKind::KFlt(_) => Some(e.kind),
            ExpKind::Const(vidx) => Some(self.const_value(vidx)),
            _ => None,
        }
    }
}

/// A = 255 in a TESTSET means "no register yet" (`NO_REG` is MAXARG_A in lcode.c).
const MAXARG_A_NO_REG: u32 = crate::instruction::MAXARG_A;

/// `ceil(log2(x))` for x >= 1 (`luaO_ceillog2`).
fn ceil_log2(x: u32) -> u32 {
    let mut l = 0;
    let mut v = x - 1;
    while v > 0 {
        l += 1;
        v >>= 1;
    }
    l
}
