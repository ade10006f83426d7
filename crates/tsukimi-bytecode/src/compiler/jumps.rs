//! Jump lists and their patching (the jump part of `lcode.c`).
//!
//! A jump list threads pending `JMP` instructions through their own sJ fields: each jump's
//! offset points to the next jump of the list and `NO_JUMP` ends it. Lists are built while
//! compiling conditions and loops and patched once the destination is known. A jump may be
//! "controlled" by the test instruction right before it (EQ, LT, TEST, TESTSET...); patching a
//! list may turn a `TESTSET` into a `TEST` when its value is not needed, or give it its
//! destination register.
//!
//! Invariants: every pc in a list is a `JMP`; `last_target` is raised whenever a pc becomes a
//! jump target, so peephole optimisations (LOADNIL merging, CONCAT merging) never cross one.

use super::expdesc::NO_JUMP;
use super::{CResult, Compiler};
use crate::instruction::{Instruction, MAXARG_SJ, OFFSET_SJ};
use crate::opcodes::OpCode;

/// Marker for "no register" in TESTSET patching.
const NO_REG: u32 = u32::MAX;

impl Compiler<'_> {
    /// Destination of the jump at `pc`, or `NO_JUMP` at the end of a list (`getjump`).
    pub(crate) fn get_jump(&self, pc: i32) -> i32 {
        let offset = self.fs.instr(pc as u32).sj_arg();
        if offset == NO_JUMP {
            NO_JUMP
        } else {
            pc + 1 + offset
        }
    }

    /// Points the jump at `pc` to `dest` (`fixjump`).
    pub(crate) fn fix_jump(&mut self, pc: i32, dest: i32) -> CResult<()> {
        let offset = dest - (pc + 1);
        if !(-OFFSET_SJ <= offset && offset <= MAXARG_SJ as i32 - OFFSET_SJ) {
            return Err(self.error_near("control structure too long"));
        }
        let i = self.fs.instr(pc as u32).with_sj(offset);
        self.fs.set_instr(pc as u32, i);
        Ok(())
    }

    /// Appends list `l2` to list `l1` (`luaK_concat`).
    pub(crate) fn concat_jumps(&mut self, l1: &mut i32, l2: i32) -> CResult<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let mut list = *l1;
        loop {
            let next = self.get_jump(list);
            if next == NO_JUMP {
                break;
            }
            list = next;
        }
        self.fix_jump(list, l2)
    }

    /// Emits an unpatched jump (`luaK_jump`).
    pub(crate) fn jump(&mut self) -> i32 {
        self.code(Instruction::sj(OpCode::Jmp, NO_JUMP)) as i32
    }

    /// Emits a test/comparison followed by a jump; returns the jump (`condjump`).
    pub(crate) fn cond_jump(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> i32 {
        self.code_abck(op, a, b, c, k);
        self.jump()
    }

    /// Marks the current pc as a jump target and returns it (`luaK_getlabel`).
    pub(crate) fn get_label(&mut self) -> i32 {
        self.fs.last_target = self.fs.pc();
        self.fs.pc() as i32
    }

    /// pc of the instruction controlling the jump at `pc` (`getjumpcontrol`).
    pub(crate) fn jump_control(&self, pc: i32) -> u32 {
        let pc = pc as u32;
        if pc >= 1 && self.fs.instr(pc - 1).opcode().props().is_test {
            pc - 1
        } else {
            pc
        }
    }

    /// Gives a TESTSET its destination register or turns it into a TEST (`patchtestreg`).
    fn patch_test_reg(&mut self, node: i32, reg: u32) -> bool {
        let at = self.jump_control(node);
        let i = self.fs.instr(at);
        if i.opcode() != OpCode::TestSet {
            return false;
        }
        let patched = if reg != NO_REG && reg != i.b() {
            i.with_a(reg)
        } else {
            Instruction::abc(OpCode::Test, i.b(), 0, 0, i.k())
        };
        self.fs.set_instr(at, patched);
        true
    }

    /// Makes sure no test in `list` produces a value (`removevalues`).
    pub(crate) fn remove_values(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patch_test_reg(list, NO_REG);
            list = self.get_jump(list);
        }
    }

    /// Patches `list`: value-producing tests go to `vtarget` with their value in `reg`,
    /// the others to `dtarget` (`patchlistaux`).
    pub(crate) fn patch_list_aux(
        &mut self,
        mut list: i32,
        vtarget: i32,
        reg: u32,
        dtarget: i32,
    ) -> CResult<()> {
        while list != NO_JUMP {
            let next = self.get_jump(list);
            if self.patch_test_reg(list, reg) {
                self.fix_jump(list, vtarget)?;
            } else {
                self.fix_jump(list, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    /// Points every jump of `list` to `target` (`luaK_patchlist`).
    pub(crate) fn patch_list(&mut self, list: i32, target: i32) -> CResult<()> {
        self.patch_list_aux(list, target, NO_REG, target)
    }

    /// Points every jump of `list` here (`luaK_patchtohere`).
    pub(crate) fn patch_to_here(&mut self, list: i32) -> CResult<()> {
        let here = self.get_label();
        self.patch_list(list, here)
    }

    /// Emits a jump to `target` (`luaK_jumpto`).
    pub(crate) fn jump_to(&mut self, target: i32) -> CResult<()> {
        let j = self.jump();
        self.patch_list(j, target)
    }

    /// Whether some jump in `list` needs a loaded boolean (`need_value`).
    pub(crate) fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            if self.fs.instr(self.jump_control(list)).opcode() != OpCode::TestSet {
                return true;
            }
            list = self.get_jump(list);
        }
        false
    }

    /// Final target of the jump at `i`, following jumps to jumps (`finaltarget`).
    fn final_target(&self, mut i: u32) -> u32 {
        for _ in 0..100 {
            let ins = self.fs.instr(i);
            if ins.opcode() != OpCode::Jmp {
                break;
            }
            let next = i as i64 + ins.sj_arg() as i64 + 1;
            if next < 0 || next >= self.fs.pc() as i64 {
                break;
            }
            i = next as u32;
        }
        i
    }

    /// Final peephole pass (`luaK_finish`): RETURN0/RETURN1 become RETURN when the function
    /// must close upvalues or is vararg, RETURN/TAILCALL get their k and C, and jumps to
    /// jumps are short-circuited.
    pub(crate) fn finish_function(&mut self) -> CResult<()> {
        let needclose = self.fs.needclose;
        let is_vararg = self.fs.proto.is_vararg;
        let num_params = self.fs.proto.num_params as u32;
        for pc in 0..self.fs.pc() {
            let mut i = self.fs.instr(pc);
            match i.opcode() {
                OpCode::Return0 | OpCode::Return1 | OpCode::Return | OpCode::TailCall => {
                    if matches!(i.opcode(), OpCode::Return0 | OpCode::Return1) {
                        if !(needclose || is_vararg) {
                            continue;
                        }
                        i = Instruction::abc(OpCode::Return, i.a(), i.b(), i.c(), i.k());
                    }
                    if needclose {
                        i = i.with_k(true);
                    }
                    if is_vararg {
                        i = i.with_c(num_params + 1);
                    }
                    self.fs.set_instr(pc, i);
                }
                OpCode::Jmp => {
                    let target = self.final_target(pc);
                    self.fix_jump(pc as i32, target as i32)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}
