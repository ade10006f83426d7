//! Per-function compiler state: the prototype under construction, the register allocator,
//! the constant table and the raw instruction emitters (the first part of `lcode.c`).
//!
//! Registers are a stack: locals occupy `0..nvarstack`, temporaries live above them and
//! are allocated/freed strictly last-in first-out (`freereg` is the first free register).
//! `max_stack_size` tracks the high-water mark and is never below 2 (PUC's convention).
//!
//! Constants are deduplicated through a cache shared by all functions of the chunk, exactly as
//! `addk` does with `ls->h`: a cached index is only reused when it is in range and holds the
//! same constant in the *current* function, otherwise a new entry is made and the cache moves.
//! This reproduces `luac`'s constant numbering, including its rare duplicates.
//!
//! Every emitted instruction gets the compiler's current line (`Compiler::line`);
//! `fix_line` re-attributes the last one (`luaK_fixline`).

use super::strings::{StrId, MAX_SHORT_LEN};
use super::{CResult, Compiler};
use crate::instruction::{Instruction, MAXARG_BX, MAX_REGISTERS};
use crate::opcodes::OpCode;
use crate::proto::{Constant, Proto};

/// One lexical block of the function being compiled (`BlockCnt`).
#[derive(Debug, Clone)]
pub(crate) struct BlockCnt {
    /// Number of active locals outside the block.
    pub nactvar: u32,
    /// First label of this block in the compiler's label list.
    pub first_label: usize,
    /// First pending goto of this block in the compiler's goto list.
    pub first_goto: usize,
    /// Some variable of the block is captured as an upvalue (or is to-be-closed).
    pub upval: bool,
    pub is_loop: bool,
    /// Inside the scope of a to-be-closed variable.
    pub inside_tbc: bool,
}

/// Key of the shared constant cache (`ls->h` in PUC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ConstKey {
    Nil,
    False,
    True,
    Int(i64),
    /// Bits of the float (with -0.0 normalised to 0.0, which compare equal in Lua).
    Float(u64),
    Str(StrId),
}

/// State of one function being compiled (`FuncState`).
pub(crate) struct FuncState {
    pub proto: Proto,
    /// The cache key of each entry of `proto.constants`.
    pub const_keys: Vec<ConstKey>,
    /// Index of this function's first local in `Compiler::actvar`.
    pub first_local: usize,
    /// Index of this function's first label in `Compiler::labels`.
    pub first_label: usize,
    /// Number of active local variables (compile-time constants included).
    pub nactvar: u32,
    /// First free register.
    pub freereg: u32,
    /// pc of the last jump target (`lasttarget`): no peephole across it.
    pub last_target: u32,
    /// The function must close upvalues when returning.
    pub needclose: bool,
    /// max stack size, kept wide to detect overflow before narrowing into the proto.
    pub max_stack: u32,
    pub blocks: Vec<BlockCnt>,
}

impl FuncState {
    pub fn new(source: &[u8], line_defined: u32, first_local: usize, first_label: usize) -> Self {
        FuncState {
            proto: Proto {
                source: source.to_vec(),
                line_defined,
                max_stack_size: 2,
                ..Proto::default()
            },
            const_keys: Vec::new(),
            first_local,
            first_label,
            nactvar: 0,
            freereg: 0,
            last_target: 0,
            needclose: false,
            max_stack: 2,
            blocks: Vec::new(),
        }
    }

    /// Current pc (number of instructions emitted).
    pub fn pc(&self) -> u32 {
        self.proto.code.len() as u32
    }

    pub fn instr(&self, pc: u32) -> Instruction {
        self.proto.code[pc as usize]
    }

    pub fn set_instr(&mut self, pc: u32, i: Instruction) {
        self.proto.code[pc as usize] = i;
    }
}

/// Entries of code, line info and constants [`Compiler::make_room`] keeps free: more than one
/// statement, table field or operand emits between two calls.
const ROOM: usize = 256;

/// Keeps `ROOM` free entries in `v` once it is longer than that, or fails. (Shorter vectors
/// grow as usual: their growth is small enough for the out-of-memory reserve.)
fn keep_room<T>(v: &mut Vec<T>) -> CResult<()> {
    if v.len() >= ROOM && v.capacity() - v.len() < ROOM {
        v.try_reserve(ROOM)
            .map_err(|_| tsukimi_syntax::SyntaxError::out_of_memory())?;
    }
    Ok(())
}

impl Compiler<'_> {
    /// Makes room for what the next statement, table field or operand emits. The function's
    /// code, line info and constants grow here, where failing is the "not enough memory"
    /// error, so that `code` and `add_constant` (infallible, called everywhere) never need
    /// to grow them: a chunk as large as memory allows must not abort the process.
    pub(crate) fn make_room(&mut self) -> CResult<()> {
        // Once the out-of-memory reserve is spent, stop (`tsukimi-memory`).
        if tsukimi_memory::is_low() {
            return Err(tsukimi_syntax::SyntaxError::out_of_memory());
        }
        keep_room(&mut self.fs.proto.code)?;
        keep_room(&mut self.fs.proto.line_info)?;
        keep_room(&mut self.fs.proto.constants)?;
        keep_room(&mut self.fs.const_keys)?;
        if self.kcache.len() >= ROOM && self.kcache.capacity() - self.kcache.len() < ROOM {
            self.kcache
                .try_reserve(ROOM)
                .map_err(|_| tsukimi_syntax::SyntaxError::out_of_memory())?;
        }
        Ok(())
    }

    /// Emits `i` with the current line; returns its pc (`luaK_code`).
    pub(crate) fn code(&mut self, i: Instruction) -> u32 {
        let pc = self.fs.pc();
        self.fs.proto.code.push(i);
        self.fs.proto.line_info.push(self.line);
        pc
    }

    pub(crate) fn code_abck(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> u32 {
        self.code(Instruction::abc(op, a, b, c, k))
    }

    pub(crate) fn code_abc(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> u32 {
        self.code(Instruction::abc(op, a, b, c, false))
    }

    pub(crate) fn code_abx(&mut self, op: OpCode, a: u32, bx: u32) -> u32 {
        self.code(Instruction::abx(op, a, bx))
    }

    pub(crate) fn code_asbx(&mut self, op: OpCode, a: u32, sbx: i32) -> u32 {
        self.code(Instruction::asbx(op, a, sbx))
    }

    pub(crate) fn code_extraarg(&mut self, a: u32) -> u32 {
        self.code(Instruction::ax(OpCode::ExtraArg, a))
    }

    /// Re-attributes the last instruction to `line` (`luaK_fixline`).
    pub(crate) fn fix_line(&mut self, line: u32) {
        if let Some(last) = self.fs.proto.line_info.last_mut() {
            *last = line;
        }
    }

    /// Removes the last instruction (used when `not` is folded into a test).
    pub(crate) fn remove_last_instruction(&mut self) {
        self.fs.proto.code.pop();
        self.fs.proto.line_info.pop();
    }

    /// Loads constant `k` into `reg` (LOADK or LOADKX + EXTRAARG).
    pub(crate) fn code_k(&mut self, reg: u32, k: u32) -> u32 {
        if k <= MAXARG_BX {
            self.code_abx(OpCode::LoadK, reg, k)
        } else {
            let pc = self.code_abx(OpCode::LoadKX, reg, 0);
            self.code_extraarg(k);
            pc
        }
    }

    /// Makes sure `n` more registers fit (`luaK_checkstack`).
    pub(crate) fn check_stack(&mut self, n: u32) -> CResult<()> {
        let new_stack = self.fs.freereg + n;
        if new_stack > self.fs.max_stack {
            if new_stack >= MAX_REGISTERS {
                return Err(self.error_near("function or expression needs too many registers"));
            }
            self.fs.max_stack = new_stack;
            self.fs.proto.max_stack_size = new_stack as u8;
        }
        Ok(())
    }

    /// Reserves `n` registers (`luaK_reserveregs`).
    pub(crate) fn reserve_regs(&mut self, n: u32) -> CResult<()> {
        self.check_stack(n)?;
        self.fs.freereg += n;
        Ok(())
    }

    /// Frees `reg` if it is a temporary (`freereg`).
    pub(crate) fn free_reg(&mut self, reg: u32) {
        if reg >= self.nvarstack() {
            self.fs.freereg = self.fs.freereg.saturating_sub(1);
            debug_assert_eq!(reg, self.fs.freereg);
        }
    }

    /// Frees two registers in the proper (descending) order.
    pub(crate) fn free_regs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.free_reg(r1);
            self.free_reg(r2);
        } else {
            self.free_reg(r2);
            self.free_reg(r1);
        }
    }

    /// Adds a constant, reusing an existing entry through the shared cache (`addk`).
    pub(crate) fn add_constant(&mut self, key: ConstKey) -> u32 {
        if let Some(&k) = self.kcache.get(&key) {
            if (k as usize) < self.fs.const_keys.len() && self.fs.const_keys[k as usize] == key {
                return k;
            }
        }
        let k = self.fs.const_keys.len() as u32;
        let value = match key {
            ConstKey::Nil => Constant::Nil,
            ConstKey::False => Constant::Boolean(false),
            ConstKey::True => Constant::Boolean(true),
            ConstKey::Int(i) => Constant::Integer(i),
            ConstKey::Float(bits) => Constant::Float(f64::from_bits(bits)),
            ConstKey::Str(id) => Constant::Str(self.strings.get(id).to_vec()),
        };
        self.fs.const_keys.push(key);
        self.fs.proto.constants.push(value);
        self.kcache.insert(key, k);
        k
    }

    pub(crate) fn string_k(&mut self, s: StrId) -> u32 {
        self.add_constant(ConstKey::Str(s))
    }

    pub(crate) fn int_k(&mut self, i: i64) -> u32 {
        self.add_constant(ConstKey::Int(i))
    }

    pub(crate) fn number_k(&mut self, f: f64) -> u32 {
        let f = if f == 0.0 { 0.0 } else { f };
        self.add_constant(ConstKey::Float(f.to_bits()))
    }

    /// Whether constant `k` is a short string (usable as a field key).
    pub(crate) fn is_short_string_k(&self, k: u32) -> bool {
        match self.fs.const_keys.get(k as usize) {
            Some(ConstKey::Str(id)) => self.strings.get(*id).len() <= MAX_SHORT_LEN,
            _ => false,
        }
    }
}
