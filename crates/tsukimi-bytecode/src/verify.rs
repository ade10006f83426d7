//! Structural verification of prototypes.
//!
//! `verify` checks the invariants `proto.rs` promises to every consumer of a `Proto` (the
//! interpreter, the JIT tiers, the listing): one line per instruction, or no line info at all
//! (a prototype stripped by `string.dump(f, true)`: every pc then has line -1, as in lua5.4,
//! whose stripped functions have no `lineinfo`); every register operand
//! below `max_stack_size`; every constant, upvalue and nested-function index in range; every
//! jump landing inside the code; tests followed by a jump; `EXTRAARG` exactly where an
//! instruction needs one; the calling convention of vararg functions as `luaK_finish` leaves
//! it (a vararg function starts with its one `VARARGPREP`, no jump lands on it, it returns only
//! through `RETURN`/`TAILCALL` whose C is the parameter count + 1, and other functions have
//! C = 0 there: the interpreter moves a vararg frame's function slot back by C + the extra
//! arguments on return, so a forged C or a missing `VARARGPREP` would drop the results into
//! the caller's frame); nested functions' upvalues taken from registers that exist; `NEWTABLE` size hints no larger than the function's code can fill
//! (a forged hint would otherwise preallocate unbounded memory before anything runs). It runs on compiler output in the tests after every compile and can
//! be used on bytecode from elsewhere. It never panics, whatever the input.

use crate::instruction::Instruction;
use crate::opcodes::OpCode;
use crate::proto::Proto;

/// Checks `proto` and, recursively, its nested functions. The error names the function
/// (by its definition line) and the offending pc.
pub fn verify(proto: &Proto) -> Result<(), String> {
    verify_function(proto)?;
    check_table_size_hints(proto)?;
    for child in &proto.protos {
        verify(child)?;
    }
    Ok(())
}

struct Checker<'a> {
    f: &'a Proto,
    pc: usize,
}

impl Checker<'_> {
    fn fail(&self, what: &str) -> String {
        format!(
            "function at line {}: pc {}: {}: {}",
            self.f.line_defined,
            self.pc + 1,
            self.f
                .code
                .get(self.pc)
                .map_or("-".to_string(), |i| format!("{i:?}")),
            what
        )
    }

    fn reg(&self, r: u32) -> Result<(), String> {
        if r < self.f.max_stack_size as u32 {
            Ok(())
        } else {
            Err(self.fail(&format!("register {r} out of range")))
        }
    }

    fn regs(&self, first: u32, count: u32) -> Result<(), String> {
        if count > 0 {
            self.reg(first + count - 1)?;
        }
        Ok(())
    }

    fn constant(&self, k: u32) -> Result<(), String> {
        if (k as usize) < self.f.constants.len() {
            Ok(())
        } else {
            Err(self.fail(&format!("constant {k} out of range")))
        }
    }

    fn rk(&self, i: Instruction) -> Result<(), String> {
        if i.k() {
            self.constant(i.c())
        } else {
            self.reg(i.c())
        }
    }

    fn upvalue(&self, u: u32) -> Result<(), String> {
        if (u as usize) < self.f.upvalues.len() {
            Ok(())
        } else {
            Err(self.fail(&format!("upvalue {u} out of range")))
        }
    }

    /// A jump destination (the pc that executes next); may be the end of code only for
    /// nothing: every destination must be an instruction. A vararg function's `VARARGPREP`
    /// (pc 0) runs once, on entry: running it again would move the frame a second time.
    fn target(&self, dest: i64) -> Result<(), String> {
        if self.f.is_vararg && dest == 0 {
            return Err(self.fail("jump to VARARGPREP"));
        }
        if 0 <= dest && dest < self.f.code.len() as i64 {
            Ok(())
        } else {
            Err(self.fail(&format!("jump target {} out of range", dest + 1)))
        }
    }

    /// `RETURN`/`TAILCALL`'s C: the parameter count + 1 in a vararg function, 0 otherwise
    /// (what `luaK_finish` writes; the interpreter trusts it to find the function slot).
    fn return_c(&self, c: u32) -> Result<(), String> {
        let expected = if self.f.is_vararg {
            u32::from(self.f.num_params) + 1
        } else {
            0
        };
        if c == expected {
            Ok(())
        } else {
            Err(self.fail(&format!("C is {c}, the function needs {expected}")))
        }
    }

    fn next_is(&self, op: OpCode) -> Result<Instruction, String> {
        match self.f.code.get(self.pc + 1) {
            Some(&n) if n.checked_opcode() == Some(op) => Ok(n),
            _ => Err(self.fail(&format!("must be followed by {}", op.name()))),
        }
    }
}

fn verify_function(f: &Proto) -> Result<(), String> {
    let mut c = Checker { f, pc: 0 };
    if !f.line_info.is_empty() && f.line_info.len() != f.code.len() {
        return Err(format!(
            "function at line {}: {} line entries for {} instructions",
            f.line_defined,
            f.line_info.len(),
            f.code.len()
        ));
    }
    if f.num_params > f.max_stack_size {
        return Err(format!(
            "function at line {}: more parameters than slots",
            f.line_defined
        ));
    }
    if f.is_vararg && f.code.first().and_then(|i| i.checked_opcode()) != Some(OpCode::VarArgPrep) {
        return Err(format!(
            "function at line {}: vararg function does not start with VARARGPREP",
            f.line_defined
        ));
    }
    for child in &f.protos {
        for u in child.upvalues.iter().filter(|u| u.in_stack) {
            if u.index >= f.max_stack_size {
                return Err(format!(
                    "function at line {}: upvalue from register {} out of range",
                    child.line_defined, u.index
                ));
            }
        }
    }
    for v in &f.local_vars {
        if v.start_pc > v.end_pc || v.end_pc as usize > f.code.len() {
            return Err(format!(
                "function at line {}: local '{}' has a bad range",
                f.line_defined, v.name
            ));
        }
    }
    let n = f.code.len();
    for pc in 0..n {
        c.pc = pc;
        let i = f.code[pc];
        let Some(op) = i.checked_opcode() else {
            return Err(c.fail("invalid opcode"));
        };
        let (a, b, cc) = (i.a(), i.b(), i.c());
        let pc64 = pc as i64;
        use OpCode::*;
        if f.is_vararg && matches!(op, Return0 | Return1) {
            return Err(c.fail("vararg functions return through RETURN"));
        }
        match op {
            Move | Unm | BNot | Not | Len => {
                c.reg(a)?;
                c.reg(b)?;
            }
            LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc | Return1 | TestSet | Test => {
                c.reg(a)?;
                if op == TestSet {
                    c.reg(b)?;
                }
            }
            LFalseSkip => {
                c.reg(a)?;
                c.target(pc64 + 2)?;
            }
            LoadK => {
                c.reg(a)?;
                c.constant(i.bx())?;
            }
            LoadKX => {
                c.reg(a)?;
                let extra = c.next_is(ExtraArg)?;
                c.constant(extra.ax_arg())?;
            }
            LoadNil => c.regs(a, b + 1)?,
            GetUpval | SetUpval => {
                c.reg(a)?;
                c.upvalue(b)?;
            }
            GetTabUp => {
                c.reg(a)?;
                c.upvalue(b)?;
                c.constant(cc)?;
            }
            GetTable | Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                c.reg(a)?;
                c.reg(b)?;
                c.reg(cc)?;
            }
            GetI | AddI | ShrI | ShlI => {
                c.reg(a)?;
                c.reg(b)?;
            }
            GetField | AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
                c.reg(a)?;
                c.reg(b)?;
                c.constant(cc)?;
            }
            SetTabUp => {
                c.upvalue(a)?;
                c.constant(b)?;
                c.rk(i)?;
            }
            SetTable => {
                c.reg(a)?;
                c.reg(b)?;
                c.rk(i)?;
            }
            SetI => {
                c.reg(a)?;
                c.rk(i)?;
            }
            SetField => {
                c.reg(a)?;
                c.constant(b)?;
                c.rk(i)?;
            }
            NewTable => {
                c.reg(a)?;
                c.next_is(ExtraArg)?;
            }
            SelfOp => {
                c.regs(a, 2)?;
                c.reg(b)?;
                c.rk(i)?;
            }
            MmBin => {
                c.reg(a)?;
                c.reg(b)?;
            }
            MmBinI => c.reg(a)?,
            MmBinK => {
                c.reg(a)?;
                c.constant(b)?;
            }
            Concat => c.regs(a, b)?,
            Jmp => c.target(pc64 + 1 + i.sj_arg() as i64)?,
            Eq | Lt | Le => {
                c.reg(a)?;
                c.reg(b)?;
            }
            EqK => {
                c.reg(a)?;
                c.constant(b)?;
            }
            EqI | LtI | LeI | GtI | GeI => c.reg(a)?,
            Call => {
                c.reg(a)?;
                if b > 0 {
                    c.regs(a, b)?;
                }
                if cc > 1 {
                    c.regs(a, cc - 1)?;
                }
            }
            TailCall => {
                c.reg(a)?;
                if b > 0 {
                    c.regs(a, b)?;
                }
                c.return_c(cc)?;
            }
            Return => {
                if b > 1 {
                    c.regs(a, b - 1)?;
                }
                c.return_c(cc)?;
            }
            Return0 => {}
            ForLoop => {
                c.regs(a, 4)?;
                c.target(pc64 + 1 - i.bx() as i64)?;
            }
            ForPrep => {
                c.regs(a, 4)?;
                c.target(pc64 + 2 + i.bx() as i64)?;
            }
            TForPrep => {
                c.regs(a, 4)?;
                c.target(pc64 + 1 + i.bx() as i64)?;
            }
            TForCall => {
                c.regs(a, 4 + cc)?;
                c.next_is(TForLoop)?;
            }
            TForLoop => {
                c.regs(a, 3)?;
                c.target(pc64 + 1 - i.bx() as i64)?;
            }
            SetList => {
                c.regs(a, b + 1)?;
                if i.k() {
                    c.next_is(ExtraArg)?;
                }
            }
            Closure => {
                c.reg(a)?;
                if i.bx() as usize >= f.protos.len() {
                    return Err(c.fail("closure index out of range"));
                }
            }
            VarArg => {
                c.reg(a)?;
                if cc > 1 {
                    c.regs(a, cc - 1)?;
                }
                if !f.is_vararg {
                    return Err(c.fail("VARARG in a non-vararg function"));
                }
            }
            VarArgPrep => {
                if pc != 0 || !f.is_vararg {
                    return Err(c.fail("VARARGPREP only opens a vararg function"));
                }
                if a != f.num_params as u32 {
                    return Err(c.fail("VARARGPREP does not match the parameter count"));
                }
            }
            ExtraArg => {
                let prev = pc.checked_sub(1).and_then(|p| f.code.get(p));
                let ok = prev.and_then(|p| p.checked_opcode()).is_some_and(|p| {
                    matches!(p, NewTable | LoadKX) || (p == SetList && prev.is_some_and(|i| i.k()))
                });
                if !ok {
                    return Err(c.fail("EXTRAARG without an instruction that needs it"));
                }
            }
        }
        if op.props().is_test {
            c.next_is(Jmp)?;
        }
    }
    Ok(())
}

/// `NEWTABLE`'s size hints preallocate memory before anything else runs, so a forged chunk
/// could ask for terabytes with one instruction. Compiler output never hints more than the
/// constructor stores: each record field needs its own store instruction (hash hint
/// `2^(B-1) < 2 * fields`) and each group of up to 50 list items one `SETLIST` (array hint
/// at most 50 per instruction). Hints beyond those bounds are rejected.
fn check_table_size_hints(p: &Proto) -> Result<(), String> {
    let code_len = p.code.len() as u64;
    for (pc, i) in p.code.iter().enumerate() {
        if i.checked_opcode() != Some(OpCode::NewTable) {
            continue;
        }
        let hash_hint = match i.b() {
            0 => 0,
            b => 1u64.checked_shl(b - 1).unwrap_or(u64::MAX),
        };
        let mut array_hint = u64::from(i.c());
        if i.k() {
            let extra = p.code.get(pc + 1).map_or(0, |n| u64::from(n.ax_arg()));
            array_hint += extra * (u64::from(crate::instruction::MAXARG_C) + 1);
        }
        if hash_hint > 2 * code_len
            || array_hint > u64::from(crate::instruction::FIELDS_PER_FLUSH) * (code_len + 1)
        {
            return Err(format!(
                "function at line {}: pc {}: table size hint out of range",
                p.line_defined,
                pc + 1
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruction::Instruction;

    #[test]
    fn rejects_bad_prototypes() {
        let mut p = Proto {
            max_stack_size: 2,
            code: vec![Instruction::abc(OpCode::Move, 0, 5, 0, false)],
            line_info: vec![1],
            ..Proto::default()
        };
        assert!(verify(&p).unwrap_err().contains("register 5"));
        p.code[0] = Instruction::sj(OpCode::Jmp, 7);
        assert!(verify(&p).unwrap_err().contains("jump target"));
        p.code[0] = Instruction::abx(OpCode::LoadK, 0, 0);
        assert!(verify(&p).unwrap_err().contains("constant 0"));
        p.code[0] = Instruction::abc(OpCode::Return0, 0, 1, 0, false);
        p.line_info = vec![1, 1];
        assert!(verify(&p).unwrap_err().contains("2 line entries for 1"));
        p.line_info.clear();
        assert!(verify(&p).is_ok(), "stripped: no line info at all");
        p.line_info.push(1);
        assert!(verify(&p).is_ok());
    }
}

#[cfg(test)]
mod calling_convention_tests {
    use super::*;
    use crate::compiler::load_source;

    fn compiled(source: &str) -> Proto {
        let proto = load_source(source.as_bytes(), "=test").expect("compiles");
        verify(&proto).expect("compiler output verifies");
        proto
    }

    fn pc_of(p: &Proto, op: OpCode) -> usize {
        p.code
            .iter()
            .position(|i| i.checked_opcode() == Some(op))
            .expect("instruction present")
    }

    /// A forged RETURN C in a vararg function made the interpreter put the results below the
    /// caller's frame (found by mutating `string.dump` output: `pcall` then panicked computing
    /// its result count).
    #[test]
    fn rejects_forged_return_c() {
        let mut p = compiled("local a = ... return a, 2");
        let pc = pc_of(&p, OpCode::Return);
        p.code[pc] = p.code[pc].with_c(9);
        assert!(verify(&p)
            .unwrap_err()
            .contains("C is 9, the function needs 1"));
        p.code[pc] = p.code[pc].with_c(0);
        assert!(verify(&p).is_err());
        let mut q = compiled("local function f(x) return x end return f");
        let child = &mut q.protos[0];
        let pc = pc_of(child, OpCode::Return1);
        child.code[pc] = Instruction::abc(OpCode::Return, 0, 2, 1, false);
        assert!(verify(&q).unwrap_err().contains("the function needs 0"));
        let mut t = compiled("local f = ... return f(1)");
        let pc = pc_of(&t, OpCode::TailCall);
        t.code[pc] = t.code[pc].with_c(0);
        assert!(verify(&t).is_err());
    }

    #[test]
    fn vararg_functions_keep_their_prologue() {
        let mut p = compiled("local x = 1 return x");
        assert!(matches!(
            p.code[0].checked_opcode(),
            Some(OpCode::VarArgPrep)
        ));
        p.code[0] = Instruction::abc(OpCode::LoadNil, 0, 0, 0, false);
        assert!(verify(&p)
            .unwrap_err()
            .contains("does not start with VARARGPREP"));

        let mut q = compiled("local x = 1 return x");
        let pc = pc_of(&q, OpCode::Return);
        q.code[pc] = Instruction::abc(OpCode::Return0, 0, 1, 0, false);
        assert!(verify(&q).unwrap_err().contains("through RETURN"));

        let mut r = compiled("local function f(x) return x end return f");
        r.protos[0]
            .code
            .insert(0, Instruction::abc(OpCode::VarArgPrep, 1, 0, 0, false));
        r.protos[0].line_info.insert(0, 1);
        assert!(verify(&r)
            .unwrap_err()
            .contains("only opens a vararg function"));

        let mut j = compiled("while true do end");
        let pc = pc_of(&j, OpCode::Jmp);
        j.code[pc] = Instruction::sj(OpCode::Jmp, -(pc as i32) - 1);
        assert!(verify(&j).unwrap_err().contains("jump to VARARGPREP"));
    }

    #[test]
    fn rejects_upvalues_from_missing_registers() {
        let mut p = compiled("local a = 1 return function() return a end");
        assert!(p.protos[0].upvalues[0].in_stack);
        p.protos[0].upvalues[0].index = p.max_stack_size;
        assert!(verify(&p).unwrap_err().contains("upvalue from register"));
    }
}

#[cfg(test)]
mod garbage_tests {
    use super::*;
    use crate::listing::listing;
    use crate::proto::Constant;

    /// `verify` and `listing` accept arbitrary prototypes (bytecode from anywhere) without
    /// panicking.
    #[test]
    fn arbitrary_prototypes_never_panic() {
        let mut seed: u64 = 0x1234_5678;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 32) as u32
        };
        for _ in 0..2000 {
            let n = (next() % 12) as usize;
            let code: Vec<Instruction> = (0..n).map(|_| Instruction(next())).collect();
            let lines = if next() % 4 == 0 { n + 1 } else { n };
            let proto = Proto {
                source: ["@x", "=", "", "\u{1b}Lua"][(next() % 4) as usize].into(),
                max_stack_size: (next() % 256) as u8,
                num_params: (next() % 4) as u8,
                is_vararg: next() % 2 == 0,
                line_info: (0..lines).map(|_| next() % 3).collect(),
                constants: (0..next() % 4)
                    .map(|_| match next() % 4 {
                        0 => Constant::Nil,
                        1 => Constant::Float(f64::from_bits(u64::from(next()) << 32)),
                        2 => Constant::Integer(i64::from(next())),
                        _ => Constant::Str(vec![(next() % 256) as u8; 3]),
                    })
                    .collect(),
                code,
                ..Proto::default()
            };
            let _ = verify(&proto);
            let _ = listing(&proto);
        }
    }
}
