//! tsukimi's instruction set, function prototypes, the compiler from the AST to bytecode, and
//! the human-readable listing.
//!
//! The instruction set is Lua 5.4's, declared once in [`opcodes`]; [`instruction`] is its
//! 32-bit encoding and [`proto`] the compiler's output. [`compiler`] turns an AST into a
//! [`Proto`] exactly as `luac5.4` would, [`listing`](mod@listing) prints it like `luac5.4 -l -l`, and
//! [`verify`](mod@verify) checks the invariants every prototype must keep; [`events`] lists the metamethod
//! events in the order MMBIN's operand indexes them; [`dump`](mod@dump) reads and writes binary
//! chunks (`string.dump`, `load` in mode "b"). See each module's essay.

pub mod compiler;
pub mod dump;
pub mod events;
pub mod instruction;
pub mod listing;
pub mod opcodes;
pub mod proto;
pub mod verify;

pub use compiler::{compile, load_source};
pub use dump::{dump, undump};
pub use instruction::Instruction;
pub use listing::listing;
pub use opcodes::{OpCode, OpFormat, OpProps};
pub use proto::{Constant, LocalVarInfo, Proto, UpvalueDesc, VarKind};
pub use verify::verify;
