//! Function prototypes: the compiler's output and the interpreter's input.
//!
//! A `Proto` is plain, self-contained data (no GC references, `Send`): the runtime turns it into
//! its own GC-managed prototype when a chunk is loaded, interning the string constants. Keeping
//! the compiler's output free of runtime types means the front end and the bytecode can be built,
//! tested and fuzzed without a VM, and a background JIT thread can read a prototype safely.
//!
//! Invariants (checked by `verify` in checked builds and by the tests):
//! - `line_info.len() == code.len()`: every pc maps to a source line (DESIGN.md §8);
//! - every register operand is below `max_stack_size`;
//! - every constant, upvalue and child-prototype index in the code is in range;
//! - `num_params <= max_stack_size`.

use crate::instruction::Instruction;

/// A constant of a prototype (`K[x]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    Nil,
    Boolean(bool),
    Integer(i64),
    Float(f64),
    /// Raw bytes: Lua strings are byte strings.
    Str(Vec<u8>),
}

/// How a function reaches one of its upvalues (`Upvaldesc` in `lobject.h`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpvalueDesc {
    /// Name for debug information and error messages (`upvalue 'x'`).
    pub name: String,
    /// `true`: the upvalue is register `index` of the enclosing function;
    /// `false`: it is upvalue `index` of the enclosing function.
    pub in_stack: bool,
    pub index: u8,
    /// The variable's kind in the enclosing scope (regular, `<const>`, `<close>`).
    pub kind: VarKind,
}

/// Kind of a local variable (`VDKREG`, `RDKCONST`, `RDKTOCLOSE`, `RDKCTC` in `lparser.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    Regular,
    Const,
    ToClose,
    /// A compile-time constant (never occupies a register).
    CompileTimeConst,
}

/// A local variable's name and the pc range where it is active (`LocVar` in `lobject.h`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalVarInfo {
    pub name: String,
    /// First pc where the variable is active.
    pub start_pc: u32,
    /// First pc where the variable is dead.
    pub end_pc: u32,
}

/// A compiled function.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Proto {
    /// The chunk name as given to `load` (`"@file.lua"`, `"=stdin"`, or the source itself):
    /// bytes, as every Lua string.
    pub source: Vec<u8>,
    /// Line of `function` (0 for the main chunk).
    pub line_defined: u32,
    /// Line of the closing `end` (0 for the main chunk).
    pub last_line_defined: u32,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Number of registers the function needs.
    pub max_stack_size: u8,
    pub code: Vec<Instruction>,
    pub constants: Vec<Constant>,
    pub upvalues: Vec<UpvalueDesc>,
    /// Nested functions, indexed by CLOSURE's Bx.
    pub protos: Vec<Proto>,
    /// Source line of each instruction (same length as `code`).
    pub line_info: Vec<u32>,
    pub local_vars: Vec<LocalVarInfo>,
}

impl Proto {
    /// Source line of the instruction at `pc`, or `None` when `pc` is out of range.
    pub fn line_at(&self, pc: usize) -> Option<u32> {
        self.line_info.get(pc).copied()
    }

    /// Name of the `n`-th (1-based) local variable active at `pc`, as `luaF_getlocalname` does
    /// (`n == 0` names nothing).
    pub fn local_name(&self, mut n: usize, pc: u32) -> Option<&str> {
        for var in &self.local_vars {
            if var.start_pc > pc {
                break;
            }
            if pc < var.end_pc {
                n = n.checked_sub(1)?;
                if n == 0 {
                    return Some(&var.name);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_by_position() {
        let var = |name: &str, start_pc, end_pc| LocalVarInfo {
            name: name.into(),
            start_pc,
            end_pc,
        };
        let p = Proto {
            local_vars: vec![var("a", 0, 10), var("b", 2, 5), var("c", 6, 10)],
            ..Proto::default()
        };
        assert_eq!(p.local_name(1, 3), Some("a"));
        assert_eq!(p.local_name(2, 3), Some("b"));
        assert_eq!(p.local_name(2, 7), Some("c"));
        assert_eq!(p.local_name(3, 7), None);
        assert_eq!(p.local_name(0, 3), None);
    }
}
