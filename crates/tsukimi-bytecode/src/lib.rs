//! tsukimi's instruction set, function prototypes, the compiler from the AST to bytecode, and
//! the human-readable listing.
//!
//! The instruction set is Lua 5.4's, declared once in [`opcodes`]; [`instruction`] is its
//! 32-bit encoding and [`proto`] the compiler's output. See each module's essay.

pub mod instruction;
pub mod opcodes;
pub mod proto;

pub use instruction::Instruction;
pub use opcodes::{OpCode, OpFormat, OpProps};
pub use proto::{Constant, LocalVarInfo, Proto, UpvalueDesc, VarKind};
