//! Expression descriptors: the compiler's view of an expression whose code is not finished.
//!
//! This is `expdesc` of `lparser.h`. An `ExpDesc` says *where* the value of an expression is
//! (a constant, a register, a variable, an instruction whose destination register is still
//! open, a pending comparison jump...) plus two jump lists: `t` (jumps taken when the
//! expression is true) and `f` (jumps taken when it is false). Delaying the decision of where
//! a value goes is what lets the compiler emit `ADDK`, `EQI`, `GETFIELD`... and drop moves.
//!
//! Invariants:
//! - `Reloc(pc)`, `Call(pc)`, `Vararg(pc)` and `Jmp(pc)` name an instruction already emitted
//!   in the current function, and for `Reloc`/`Call`/`Vararg` it is the last one that
//!   produces that value;
//! - a jump list is either `NO_JUMP` or the pc of a `JMP` whose sJ links to the next entry
//!   (the last entry links to itself, i.e. offset `NO_JUMP`).

use super::strings::StrId;

/// End of a jump list (also "no jump").
pub(crate) const NO_JUMP: i32 = -1;

/// Where the value of an expression is (`expkind` in `lparser.h`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ExpKind {
    /// No value (empty expression list).
    Void,
    Nil,
    True,
    False,
    /// Constant in the constant table.
    K(u32),
    KFlt(f64),
    KInt(i64),
    /// A string literal not yet placed in the constant table.
    KStr(StrId),
    /// Value in a fixed register.
    NonReloc(u32),
    /// Local variable in register `ridx`; `vidx` is its index among the function's locals.
    Local {
        ridx: u32,
        vidx: u32,
    },
    /// Upvalue number.
    Upval(u32),
    /// Compile-time constant `<const>`: absolute index into the active-variable list.
    Const(u32),
    /// `R[t][R[idx]]`.
    Indexed {
        t: u32,
        idx: u32,
    },
    /// `UpValue[t][K[idx]]` (string key).
    IndexUp {
        t: u32,
        idx: u32,
    },
    /// `R[t][idx]` (integer key in C's range).
    IndexI {
        t: u32,
        idx: u32,
    },
    /// `R[t][K[idx]]` (short string key).
    IndexStr {
        t: u32,
        idx: u32,
    },
    /// A comparison; the pc is that of its JMP.
    Jmp(u32),
    /// Value produced by the instruction at pc, whose A is still to be fixed.
    Reloc(u32),
    /// An open call (pc of CALL).
    Call(u32),
    /// An open vararg (pc of VARARG).
    Vararg(u32),
}

/// An expression descriptor with its true/false exit lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ExpDesc {
    pub kind: ExpKind,
    pub t: i32,
    pub f: i32,
}

impl ExpDesc {
    pub fn new(kind: ExpKind) -> ExpDesc {
        ExpDesc {
            kind,
            t: NO_JUMP,
            f: NO_JUMP,
        }
    }

    pub fn void() -> ExpDesc {
        ExpDesc::new(ExpKind::Void)
    }

    /// Whether the expression has pending jumps (`hasjumps`).
    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    /// Whether it can produce several values (`hasmultret`).
    pub fn has_multret(&self) -> bool {
        matches!(self.kind, ExpKind::Call(_) | ExpKind::Vararg(_))
    }

    /// Whether this is an assignable variable (`vkisvar`).
    pub fn is_var(&self) -> bool {
        matches!(
            self.kind,
            ExpKind::Local { .. }
                | ExpKind::Upval(_)
                | ExpKind::Const(_)
                | ExpKind::Indexed { .. }
                | ExpKind::IndexUp { .. }
                | ExpKind::IndexI { .. }
                | ExpKind::IndexStr { .. }
        )
    }

    /// Whether this is a table access (`vkisindexed`).
    pub fn is_indexed(&self) -> bool {
        matches!(
            self.kind,
            ExpKind::Indexed { .. }
                | ExpKind::IndexUp { .. }
                | ExpKind::IndexI { .. }
                | ExpKind::IndexStr { .. }
        )
    }
}
