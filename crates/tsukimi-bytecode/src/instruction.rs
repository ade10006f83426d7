//! The 32-bit instruction encoding — identical to Lua 5.4's `lopcodes.h`.
//!
//! ```text
//!        3 3 2 2 2 2 2 2 2 2 2 2 1 1 1 1 1 1 1 1 1 1 0 0 0 0 0 0 0 0 0 0
//!        1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
//! iABC          C(8)     |      B(8)     |k|     A(8)      |   Op(7)     |
//! iABx                Bx(17)               |     A(8)      |   Op(7)     |
//! iAsBx              sBx (signed)(17)      |     A(8)      |   Op(7)     |
//! iAx                           Ax(25)                     |   Op(7)     |
//! isJ                           sJ (signed)(25)            |   Op(7)     |
//! ```
//!
//! Signed operands use excess-K encoding: the stored unsigned value minus `OFFSET_*`.
//! Invariant: an `Instruction` built through the constructors here always has an opcode number
//! below `OpCode::COUNT`, so `opcode()` never fails on compiler output; code loaded from outside
//! must go through `Instruction::checked_opcode`.

use crate::opcodes::{OpCode, OpFormat};

/// One encoded instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Instruction(pub u32);

pub const SIZE_OP: u32 = 7;
pub const SIZE_A: u32 = 8;
pub const SIZE_B: u32 = 8;
pub const SIZE_C: u32 = 8;
pub const SIZE_BX: u32 = SIZE_C + SIZE_B + 1;
pub const SIZE_AX: u32 = SIZE_BX + SIZE_A;
pub const SIZE_SJ: u32 = SIZE_BX + SIZE_A;

pub const POS_OP: u32 = 0;
pub const POS_A: u32 = POS_OP + SIZE_OP;
pub const POS_K: u32 = POS_A + SIZE_A;
pub const POS_B: u32 = POS_K + 1;
pub const POS_C: u32 = POS_B + SIZE_B;
pub const POS_BX: u32 = POS_K;
pub const POS_AX: u32 = POS_A;
pub const POS_SJ: u32 = POS_A;

pub const MAXARG_A: u32 = (1 << SIZE_A) - 1;
pub const MAXARG_B: u32 = (1 << SIZE_B) - 1;
pub const MAXARG_C: u32 = (1 << SIZE_C) - 1;
pub const MAXARG_BX: u32 = (1 << SIZE_BX) - 1;
pub const MAXARG_AX: u32 = (1 << SIZE_AX) - 1;
pub const MAXARG_SJ: u32 = (1 << SIZE_SJ) - 1;

/// Excess-K offsets of the signed operands.
pub const OFFSET_SBX: i32 = (MAXARG_BX >> 1) as i32;
pub const OFFSET_SJ: i32 = (MAXARG_SJ >> 1) as i32;
pub const OFFSET_SC: i32 = (MAXARG_C >> 1) as i32;

/// Largest register index + 1 a function may use (`MAXREGS` in `lcode.c`).
pub const MAX_REGISTERS: u32 = 255;
/// Number of list items to accumulate before a SETLIST (`LFIELDS_PER_FLUSH`).
pub const FIELDS_PER_FLUSH: u32 = 50;

#[inline(always)]
const fn mask(size: u32) -> u32 {
    if size >= 32 {
        u32::MAX
    } else {
        (1u32 << size) - 1
    }
}

impl Instruction {
    /// iABC.
    #[inline]
    pub const fn abc(op: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
        Instruction(
            (op as u32) << POS_OP
                | (a & MAXARG_A) << POS_A
                | (k as u32) << POS_K
                | (b & MAXARG_B) << POS_B
                | (c & MAXARG_C) << POS_C,
        )
    }

    /// iABx.
    #[inline]
    pub const fn abx(op: OpCode, a: u32, bx: u32) -> Instruction {
        Instruction((op as u32) << POS_OP | (a & MAXARG_A) << POS_A | (bx & MAXARG_BX) << POS_BX)
    }

    /// iAsBx.
    #[inline]
    pub const fn asbx(op: OpCode, a: u32, sbx: i32) -> Instruction {
        Self::abx(op, a, (sbx + OFFSET_SBX) as u32)
    }

    /// iAx.
    #[inline]
    pub const fn ax(op: OpCode, ax: u32) -> Instruction {
        Instruction((op as u32) << POS_OP | (ax & MAXARG_AX) << POS_AX)
    }

    /// isJ.
    #[inline]
    pub const fn sj(op: OpCode, sj: i32) -> Instruction {
        Instruction((op as u32) << POS_OP | (((sj + OFFSET_SJ) as u32) & MAXARG_SJ) << POS_SJ)
    }

    /// The raw opcode number (7 bits).
    #[inline(always)]
    pub const fn opcode_number(self) -> u8 {
        ((self.0 >> POS_OP) & mask(SIZE_OP)) as u8
    }

    /// The opcode. Panics only on an instruction that did not come from the constructors
    /// (see the module invariant); loaders use `checked_opcode`.
    #[inline(always)]
    pub fn opcode(self) -> OpCode {
        match OpCode::from_u8(self.opcode_number()) {
            Some(op) => op,
            None => panic!("invalid opcode number {}", self.opcode_number()),
        }
    }

    /// The opcode, or `None` for an out-of-range opcode number.
    #[inline]
    pub fn checked_opcode(self) -> Option<OpCode> {
        OpCode::from_u8(self.opcode_number())
    }

    #[inline(always)]
    pub const fn a(self) -> u32 {
        (self.0 >> POS_A) & MAXARG_A
    }
    #[inline(always)]
    pub const fn b(self) -> u32 {
        (self.0 >> POS_B) & MAXARG_B
    }
    #[inline(always)]
    pub const fn c(self) -> u32 {
        (self.0 >> POS_C) & MAXARG_C
    }
    /// Signed B (excess-K with `OFFSET_SC`), used by EQI/LTI/.../MMBINI.
    #[inline(always)]
    pub const fn sb(self) -> i32 {
        self.b() as i32 - OFFSET_SC
    }
    /// Signed C (excess-K with `OFFSET_SC`), used by ADDI/SHRI/SHLI.
    #[inline(always)]
    pub const fn sc(self) -> i32 {
        self.c() as i32 - OFFSET_SC
    }
    #[inline(always)]
    pub const fn k(self) -> bool {
        (self.0 >> POS_K) & 1 != 0
    }
    #[inline(always)]
    pub const fn bx(self) -> u32 {
        (self.0 >> POS_BX) & MAXARG_BX
    }
    #[inline(always)]
    pub const fn sbx(self) -> i32 {
        self.bx() as i32 - OFFSET_SBX
    }
    #[inline(always)]
    pub const fn ax_arg(self) -> u32 {
        (self.0 >> POS_AX) & MAXARG_AX
    }
    #[inline(always)]
    pub const fn sj_arg(self) -> i32 {
        ((self.0 >> POS_SJ) & MAXARG_SJ) as i32 - OFFSET_SJ
    }

    /// Returns a copy with operand A replaced.
    #[inline]
    pub const fn with_a(self, a: u32) -> Instruction {
        Instruction((self.0 & !(MAXARG_A << POS_A)) | (a & MAXARG_A) << POS_A)
    }
    /// Returns a copy with operand B replaced.
    #[inline]
    pub const fn with_b(self, b: u32) -> Instruction {
        Instruction((self.0 & !(MAXARG_B << POS_B)) | (b & MAXARG_B) << POS_B)
    }
    /// Returns a copy with operand C replaced.
    #[inline]
    pub const fn with_c(self, c: u32) -> Instruction {
        Instruction((self.0 & !(MAXARG_C << POS_C)) | (c & MAXARG_C) << POS_C)
    }
    /// Returns a copy with the k bit replaced.
    #[inline]
    pub const fn with_k(self, k: bool) -> Instruction {
        Instruction((self.0 & !(1 << POS_K)) | (k as u32) << POS_K)
    }
    /// Returns a copy with Bx replaced.
    #[inline]
    pub const fn with_bx(self, bx: u32) -> Instruction {
        Instruction((self.0 & !(MAXARG_BX << POS_BX)) | (bx & MAXARG_BX) << POS_BX)
    }
    /// Returns a copy with sBx replaced.
    #[inline]
    pub const fn with_sbx(self, sbx: i32) -> Instruction {
        self.with_bx((sbx + OFFSET_SBX) as u32)
    }
    /// Returns a copy with sJ replaced (jump patching).
    #[inline]
    pub const fn with_sj(self, sj: i32) -> Instruction {
        Instruction(
            (self.0 & !(MAXARG_SJ << POS_SJ)) | (((sj + OFFSET_SJ) as u32) & MAXARG_SJ) << POS_SJ,
        )
    }
}

impl std::fmt::Debug for Instruction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(op) = self.checked_opcode() else {
            return write!(f, "<invalid {:#010x}>", self.0);
        };
        match op.format() {
            OpFormat::ABC => write!(
                f,
                "{} {} {} {}{}",
                op.name(),
                self.a(),
                self.b(),
                self.c(),
                if self.k() { "k" } else { "" }
            ),
            OpFormat::ABx => write!(f, "{} {} {}", op.name(), self.a(), self.bx()),
            OpFormat::AsBx => write!(f, "{} {} {}", op.name(), self.a(), self.sbx()),
            OpFormat::Ax => write!(f, "{} {}", op.name(), self.ax_arg()),
            OpFormat::SJ => write!(f, "{} {}", op.name(), self.sj_arg()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_field() {
        let i = Instruction::abc(OpCode::GetField, 200, 17, 255, true);
        assert_eq!(
            (i.opcode(), i.a(), i.b(), i.c(), i.k()),
            (OpCode::GetField, 200, 17, 255, true)
        );
        let i = Instruction::asbx(OpCode::LoadI, 3, -65535);
        assert_eq!((i.opcode(), i.a(), i.sbx()), (OpCode::LoadI, 3, -65535));
        let i = Instruction::sj(OpCode::Jmp, -1000).with_sj(12345);
        assert_eq!(i.sj_arg(), 12345);
        let i = Instruction::abc(OpCode::AddI, 0, 1, (-5 + OFFSET_SC) as u32, false);
        assert_eq!(i.sc(), -5);
        assert_eq!(
            Instruction::ax(OpCode::ExtraArg, MAXARG_AX).ax_arg(),
            MAXARG_AX
        );
    }
}
