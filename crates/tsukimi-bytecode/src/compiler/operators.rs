//! Unary and binary operators (`luaK_prefix`, `luaK_infix`, `luaK_posfix` of `lcode.c`).
//!
//! The first operand of a binary operator is prepared by `infix` *before* the second is
//! compiled (so `a + f()` evaluates `a` first) and the operator itself is emitted by `posfix`.
//! Instruction selection follows PUC exactly: constant folding first; immediate forms
//! (`ADDI`, `SHRI`, `SHLI`, `EQI`, `LTI`...) for small integers; `K` forms for numeric
//! constants; commutative `+`, `*` and bitwise operators swap a constant first operand into the
//! second position (the following MMBIN* gets the `k` "flip" bit so metamethods still see
//! the original order); `a - 5` is `ADDI a -5`; every arithmetic instruction is followed by its
//! MMBIN/MMBINI/MMBINK, attributed to the operator's line.

use super::expdesc::{ExpDesc, ExpKind};
use super::fold::{fold, ArithOp, Num};
use super::{CResult, Compiler};
use crate::events::{TM_ADD, TM_SHL, TM_SHR};
use crate::instruction::{MAXARG_C, OFFSET_SC};
use crate::opcodes::OpCode;
use tsukimi_syntax::ast::{BinOp, UnOp};

/// Whether `i` fits a signed C operand (`fitsC`).
fn fits_c(i: i64) -> bool {
    (i as u64).wrapping_add(OFFSET_SC as u64) <= MAXARG_C as u64
}

/// Encodes a signed C/B operand (`int2sC`).
fn int_to_sc(i: i64) -> u32 {
    (i + OFFSET_SC as i64) as u32
}

fn numeral(e: &ExpDesc) -> Option<Num> {
    if e.has_jumps() {
        return None;
    }
    match e.kind {
        ExpKind::KInt(i) => Some(Num::Int(i)),
        ExpKind::KFlt(f) => Some(Num::Flt(f)),
        _ => None,
    }
}

/// `isSCint`: an integer literal fitting sC.
fn is_sc_int(e: &ExpDesc) -> bool {
    matches!(e.kind, ExpKind::KInt(i) if !e.has_jumps() && fits_c(i))
}

/// `isSCnumber`: a number with an integral value fitting sC; returns (encoded, isfloat).
fn sc_number(e: &ExpDesc) -> Option<(u32, bool)> {
    let (i, is_float) = match e.kind {
        ExpKind::KInt(i) => (i, false),
        ExpKind::KFlt(f) => (tsukimi_number::float_to_exact_int(f)?, true),
        _ => return None,
    };
    if !e.has_jumps() && fits_c(i) {
        Some((int_to_sc(i), is_float))
    } else {
        None
    }
}

/// What `isSCnumber` leaves in its `isfloat` flag even when it fails: set for a float
/// constant with an integral value (one too large for sC included). `codeorder` and `codeeq`
/// pass the flag on as the C operand whichever instruction they choose; only the immediate
/// forms read it, but it is in the bytes `luac5.4` writes.
fn integral_float(e: &ExpDesc) -> bool {
    matches!(e.kind, ExpKind::KFlt(f) if tsukimi_number::float_to_exact_int(f).is_some())
}

fn arith_of(op: BinOp) -> Option<ArithOp> {
    Some(match op {
        BinOp::Add => ArithOp::Add,
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Mod => ArithOp::Mod,
        BinOp::Pow => ArithOp::Pow,
        BinOp::Div => ArithOp::Div,
        BinOp::IDiv => ArithOp::IDiv,
        BinOp::BAnd => ArithOp::BAnd,
        BinOp::BOr => ArithOp::BOr,
        BinOp::BXor => ArithOp::BXor,
        BinOp::Shl => ArithOp::Shl,
        BinOp::Shr => ArithOp::Shr,
        _ => return None,
    })
}

fn op_at(base: OpCode, index: u32) -> OpCode {
    OpCode::ALL
        .get(base as usize + index as usize)
        .copied()
        .unwrap_or(base)
}

/// Tries to fold `e1 op e2` into `e1` (`constfolding`).
fn const_folding(op: ArithOp, e1: &mut ExpDesc, e2: &ExpDesc) -> bool {
    let (Some(v1), Some(v2)) = (numeral(e1), numeral(e2)) else {
        return false;
    };
    match fold(op, v1, v2) {
        Some(Num::Int(i)) => e1.kind = ExpKind::KInt(i),
        Some(Num::Flt(f)) => e1.kind = ExpKind::KFlt(f),
        None => return false,
    }
    true
}

impl Compiler<'_> {
    /// Applies a unary operator (`luaK_prefix`).
    pub(crate) fn prefix(&mut self, op: UnOp, e: &mut ExpDesc, line: u32) -> CResult<()> {
        self.discharge_vars(e);
        let zero = ExpDesc::new(ExpKind::KInt(0));
        match op {
            UnOp::Neg | UnOp::BNot => {
                let aop = if op == UnOp::Neg {
                    ArithOp::Unm
                } else {
                    ArithOp::BNot
                };
                if const_folding(aop, e, &zero) {
                    return Ok(());
                }
                let opcode = if op == UnOp::Neg {
                    OpCode::Unm
                } else {
                    OpCode::BNot
                };
                self.code_un_exp_val(opcode, e, line)
            }
            UnOp::Len => self.code_un_exp_val(OpCode::Len, e, line),
            UnOp::Not => self.code_not(e),
        }
    }

    fn code_un_exp_val(&mut self, op: OpCode, e: &mut ExpDesc, line: u32) -> CResult<()> {
        let r = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        e.kind = ExpKind::Reloc(self.code_abc(op, 0, r, 0));
        self.fix_line(line);
        Ok(())
    }

    /// Prepares the first operand of a binary operator (`luaK_infix`).
    pub(crate) fn infix(&mut self, op: BinOp, v: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(v);
        match op {
            BinOp::And => self.go_if_true(v)?,
            BinOp::Or => self.go_if_false(v)?,
            BinOp::Concat => self.exp_to_next_reg(v)?,
            BinOp::Eq | BinOp::Ne => {
                if numeral(v).is_none() {
                    self.exp_to_rk(v)?;
                }
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if sc_number(v).is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
            _ => {
                if numeral(v).is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
        }
        Ok(())
    }

    /// Emits the binary operator once both operands are known (`luaK_posfix`).
    pub(crate) fn posfix(
        &mut self,
        op: BinOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> CResult<()> {
        self.discharge_vars(e2);
        if let Some(aop) = arith_of(op) {
            if const_folding(aop, e1, e2) {
                return Ok(());
            }
        }
        match op {
            BinOp::And => {
                let mut f = e2.f;
                self.concat_jumps(&mut f, e1.f)?;
                e2.f = f;
                *e1 = *e2;
            }
            BinOp::Or => {
                let mut t = e2.t;
                self.concat_jumps(&mut t, e1.t)?;
                e2.t = t;
                *e1 = *e2;
            }
            BinOp::Concat => {
                self.exp_to_next_reg(e2)?;
                self.code_concat(e1, e2, line)?;
            }
            BinOp::Add | BinOp::Mul => {
                self.code_commutative(arith_of(op).unwrap_or(ArithOp::Add), e1, e2, line)?
            }
            BinOp::Sub => {
                if !self.finish_bin_exp_neg(e1, e2, OpCode::AddI, line, TM_ADD + 1)? {
                    self.code_arith(ArithOp::Sub, e1, e2, false, line)?;
                }
            }
            BinOp::Div | BinOp::IDiv | BinOp::Mod | BinOp::Pow => {
                self.code_arith(arith_of(op).unwrap_or(ArithOp::Div), e1, e2, false, line)?
            }
            BinOp::BAnd | BinOp::BOr | BinOp::BXor => {
                self.code_bitwise(arith_of(op).unwrap_or(ArithOp::BAnd), e1, e2, line)?
            }
            BinOp::Shl => {
                if is_sc_int(e1) {
                    std::mem::swap(e1, e2);
                    self.code_bini(OpCode::ShlI, e1, e2, true, line, TM_SHL)?;
                } else if self.finish_bin_exp_neg(e1, e2, OpCode::ShrI, line, TM_SHL)? {
                    // coded as r1 >> -I
                } else {
                    self.code_bin_exp_val(ArithOp::Shl, e1, e2, line)?;
                }
            }
            BinOp::Shr => {
                if is_sc_int(e2) {
                    self.code_bini(OpCode::ShrI, e1, e2, false, line, TM_SHR)?;
                } else {
                    self.code_bin_exp_val(ArithOp::Shr, e1, e2, line)?;
                }
            }
            BinOp::Eq | BinOp::Ne => self.code_eq(op == BinOp::Eq, e1, e2)?,
            BinOp::Lt => self.code_order(true, e1, e2)?,
            BinOp::Le => self.code_order(false, e1, e2)?,
            BinOp::Gt => {
                std::mem::swap(e1, e2);
                self.code_order(true, e1, e2)?;
            }
            BinOp::Ge => {
                std::mem::swap(e1, e2);
                self.code_order(false, e1, e2)?;
            }
        }
        Ok(())
    }

    /// `e1 .. e2`, merging with a CONCAT produced by `e2` (`codeconcat`).
    fn code_concat(&mut self, e1: &mut ExpDesc, e2: &ExpDesc, line: u32) -> CResult<()> {
        let base = if let ExpKind::NonReloc(r) = e1.kind {
            r
        } else {
            0
        };
        let pc = self.fs.pc();
        if pc > self.fs.last_target && pc > 0 {
            let prev = self.fs.instr(pc - 1);
            if prev.opcode() == OpCode::Concat {
                let n = prev.b();
                self.free_exp(e2);
                self.fs.set_instr(pc - 1, prev.with_a(base).with_b(n + 1));
                return Ok(());
            }
        }
        self.code_abc(OpCode::Concat, base, 2, 0);
        self.free_exp(e2);
        self.fix_line(line);
        Ok(())
    }

    /// Emits `op` with operands e1 (made a register) and `v2`, plus its MMBIN*
    /// (`finishbinexpval`).
    #[allow(clippy::too_many_arguments)]
    fn finish_bin_exp_val(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: OpCode,
        v2: u32,
        flip: bool,
        line: u32,
        mmop: OpCode,
        event: u32,
    ) -> CResult<()> {
        let v1 = self.exp_to_any_reg(e1)?;
        let pc = self.code_abck(op, 0, v1, v2, false);
        self.free_exps(e1, e2);
        e1.kind = ExpKind::Reloc(pc);
        self.fix_line(line);
        self.code_abck(mmop, v1, v2, event, flip);
        self.fix_line(line);
        Ok(())
    }

    /// Two-register form (`codebinexpval`).
    fn code_bin_exp_val(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> CResult<()> {
        let v2 = self.exp_to_any_reg(e2)?;
        let opcode = op_at(OpCode::Add, op.index());
        self.finish_bin_exp_val(
            e1,
            e2,
            opcode,
            v2,
            false,
            line,
            OpCode::MmBin,
            TM_ADD + op.index(),
        )
    }

    /// Immediate form (`codebini`).
    fn code_bini(
        &mut self,
        op: OpCode,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        flip: bool,
        line: u32,
        event: u32,
    ) -> CResult<()> {
        let i = if let ExpKind::KInt(i) = e2.kind { i } else { 0 };
        self.finish_bin_exp_val(e1, e2, op, int_to_sc(i), flip, line, OpCode::MmBinI, event)
    }

    /// K form (`codebinK`); `e2` is already a `K`.
    fn code_bin_k(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        flip: bool,
        line: u32,
    ) -> CResult<()> {
        let v2 = if let ExpKind::K(k) = e2.kind { k } else { 0 };
        let opcode = op_at(OpCode::AddK, op.index());
        self.finish_bin_exp_val(
            e1,
            e2,
            opcode,
            v2,
            flip,
            line,
            OpCode::MmBinK,
            TM_ADD + op.index(),
        )
    }

    /// `r1 - I` as `r1 + -I` (or `r1 << I` as `r1 >> -I`) (`finishbinexpneg`).
    fn finish_bin_exp_neg(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: OpCode,
        line: u32,
        event: u32,
    ) -> CResult<bool> {
        let ExpKind::KInt(i2) = e2.kind else {
            return Ok(false);
        };
        if e2.has_jumps() || !(fits_c(i2) && fits_c(i2.wrapping_neg())) {
            return Ok(false);
        }
        self.finish_bin_exp_val(
            e1,
            e2,
            op,
            int_to_sc(-i2),
            false,
            line,
            OpCode::MmBinI,
            event,
        )?;
        let last = self.fs.pc() - 1;
        let i = self.fs.instr(last).with_b(int_to_sc(i2));
        self.fs.set_instr(last, i);
        Ok(true)
    }

    /// Register form, restoring the original operand order (`codebinNoK`).
    fn code_bin_no_k(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        flip: bool,
        line: u32,
    ) -> CResult<()> {
        if flip {
            std::mem::swap(e1, e2);
        }
        self.code_bin_exp_val(op, e1, e2, line)
    }

    /// Arithmetic with an optional K second operand (`codearith`).
    fn code_arith(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        flip: bool,
        line: u32,
    ) -> CResult<()> {
        if numeral(e2).is_some() && self.exp_to_k(e2) {
            self.code_bin_k(op, e1, e2, flip, line)
        } else {
            self.code_bin_no_k(op, e1, e2, flip, line)
        }
    }

    /// `+` and `*` (`codecommutative`).
    fn code_commutative(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> CResult<()> {
        let mut flip = false;
        if numeral(e1).is_some() {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if op == ArithOp::Add && is_sc_int(e2) {
            self.code_bini(OpCode::AddI, e1, e2, flip, line, TM_ADD)
        } else {
            self.code_arith(op, e1, e2, flip, line)
        }
    }

    /// `&`, `|`, `~` (`codebitwise`).
    fn code_bitwise(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> CResult<()> {
        let mut flip = false;
        if matches!(e1.kind, ExpKind::KInt(_)) {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if matches!(e2.kind, ExpKind::KInt(_)) && self.exp_to_k(e2) {
            self.code_bin_k(op, e1, e2, flip, line)
        } else {
            self.code_bin_no_k(op, e1, e2, flip, line)
        }
    }

    /// `<` (lt = true) or `<=` (`codeorder`).
    fn code_order(&mut self, lt: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
        let (op, r1, r2, is_float);
        if let Some((im, f)) = sc_number(e2) {
            r1 = self.exp_to_any_reg(e1)?;
            r2 = im;
            is_float = f;
            op = if lt { OpCode::LtI } else { OpCode::LeI };
        } else if let Some((im, f)) = sc_number(e1) {
            is_float = f || integral_float(e2);
            r1 = self.exp_to_any_reg(e2)?;
            r2 = im;
            op = if lt { OpCode::GtI } else { OpCode::GeI };
        } else {
            is_float = integral_float(e2) || integral_float(e1);
            r1 = self.exp_to_any_reg(e1)?;
            r2 = self.exp_to_any_reg(e2)?;
            op = if lt { OpCode::Lt } else { OpCode::Le };
        }
        self.free_exps(e1, e2);
        e1.kind = ExpKind::Jmp(self.cond_jump(op, r1, r2, is_float as u32, true) as u32);
        Ok(())
    }

    /// `==` (eq = true) or `~=` (`codeeq`).
    fn code_eq(&mut self, eq: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
        if !matches!(e1.kind, ExpKind::NonReloc(_)) {
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp_to_any_reg(e1)?;
        let (op, r2, is_float);
        if let Some((im, f)) = sc_number(e2) {
            op = OpCode::EqI;
            r2 = im;
            is_float = f;
        } else {
            is_float = integral_float(e2);
            if self.exp_to_rk(e2)? {
                op = OpCode::EqK;
                r2 = Self::rk_operand(e2);
            } else {
                op = OpCode::Eq;
                r2 = self.exp_to_any_reg(e2)?;
            }
        }
        self.free_exps(e1, e2);
        e1.kind = ExpKind::Jmp(self.cond_jump(op, r1, r2, is_float as u32, eq) as u32);
        Ok(())
    }
}
