//! The one opcode table (DESIGN.md §7).
//!
//! tsukimi's instruction set is Lua 5.4's (`lopcodes.h`): same opcodes, same operand formats,
//! same semantics, same 32-bit encoding (see `instruction.rs`). Choosing the reference VM's
//! instruction set means `tsukimi -l` listings can be compared line by line with `luac5.4 -l`,
//! the symbolic execution that names culprits in error messages (`ldebug.c`'s `getobjname`)
//! carries over unchanged, and the JIT tiers translate a well-understood, well-documented ISA.
//!
//! Everything about an opcode is declared here, once: its name, operand format and the property
//! flags of `lopcodes.c`'s `opmode` (mm, ot, it, t, a). The enum, the name table, the format
//! table and the property queries are all generated from the `opcodes!` invocation below; the
//! compiler, interpreter, disassembler, verifier and JIT tiers match on `OpCode` exhaustively or
//! ask properties — nothing else keeps a list of opcodes.
//!
//! Notation in the descriptions (as in `lopcodes.h`): `R[x]` register x of the current frame,
//! `K[x]` constant x, `RK(x)` is `K[x]` if the k bit is set else `R[x]`, `UpValue[x]`,
//! `sB`/`sC`/`sBx`/`sJ` are signed operands, `pc` the index of the next instruction. The
//! descriptions are `lopcodes.h`'s text (`OpCode::description` returns it), so rustdoc is told
//! not to read `R[A]` as a link or `<check ...>` as HTML.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

/// Operand layout of an instruction (see `instruction.rs` for bit positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpFormat {
    /// A (8 bits), k (1 bit), B (8 bits), C (8 bits).
    ABC,
    /// A, Bx (17 bits unsigned).
    ABx,
    /// A, sBx (17 bits signed, excess-K).
    AsBx,
    /// Ax (25 bits unsigned).
    Ax,
    /// sJ (25 bits signed, excess-K).
    SJ,
}

/// Property flags of an opcode, exactly the columns of `lopcodes.c`'s `opmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpProps {
    /// Calls a metamethod on behalf of the previous instruction (MMBIN family).
    pub mm: bool,
    /// Sets `L->top` for the next instruction (when C == 0 / B == 0): "out top".
    pub sets_top: bool,
    /// Uses `L->top` set by the previous instruction (when B == 0): "in top".
    pub uses_top: bool,
    /// A test: the next instruction is a jump taken or skipped by the test.
    pub is_test: bool,
    /// Writes register A.
    pub sets_a: bool,
}

macro_rules! opcodes {
    ($( $(#[doc = $doc:expr])* $variant:ident = $name:literal, $fmt:ident, [$mm:literal $ot:literal $it:literal $t:literal $a:literal]; )*) => {
        /// A tsukimi (= Lua 5.4) opcode. Generated from the table in `opcodes.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum OpCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl OpCode {
            /// Every opcode, in encoding order.
            pub const ALL: &'static [OpCode] = &[ $( OpCode::$variant, )* ];

            /// Number of opcodes.
            pub const COUNT: usize = Self::ALL.len();

            /// The name as `luac -l` prints it (`"GETFIELD"`).
            pub const fn name(self) -> &'static str {
                match self { $( OpCode::$variant => $name, )* }
            }

            /// Operand format.
            pub const fn format(self) -> OpFormat {
                match self { $( OpCode::$variant => OpFormat::$fmt, )* }
            }

            /// Property flags (`opmode` in `lopcodes.c`).
            pub const fn props(self) -> OpProps {
                match self {
                    $( OpCode::$variant => OpProps {
                        mm: $mm != 0, sets_top: $ot != 0, uses_top: $it != 0,
                        is_test: $t != 0, sets_a: $a != 0,
                    }, )*
                }
            }

            /// One-line semantics, from the table's doc comment.
            pub const fn description(self) -> &'static str {
                match self { $( OpCode::$variant => concat!($($doc),*), )* }
            }
        }
    };
}

opcodes! {
    //                                            mm ot it t  a
    /// R[A] := R[B]
    Move = "MOVE", ABC, [0 0 0 0 1];
    /// R[A] := sBx
    LoadI = "LOADI", AsBx, [0 0 0 0 1];
    /// R[A] := (float)sBx
    LoadF = "LOADF", AsBx, [0 0 0 0 1];
    /// R[A] := K[Bx]
    LoadK = "LOADK", ABx, [0 0 0 0 1];
    /// R[A] := K[extra arg]
    LoadKX = "LOADKX", ABx, [0 0 0 0 1];
    /// R[A] := false
    LoadFalse = "LOADFALSE", ABC, [0 0 0 0 1];
    /// R[A] := false; pc++
    LFalseSkip = "LFALSESKIP", ABC, [0 0 0 0 1];
    /// R[A] := true
    LoadTrue = "LOADTRUE", ABC, [0 0 0 0 1];
    /// R[A], R[A+1], ..., R[A+B] := nil
    LoadNil = "LOADNIL", ABC, [0 0 0 0 1];
    /// R[A] := UpValue[B]
    GetUpval = "GETUPVAL", ABC, [0 0 0 0 1];
    /// UpValue[B] := R[A]
    SetUpval = "SETUPVAL", ABC, [0 0 0 0 0];
    /// R[A] := UpValue[B][K[C]:string]
    GetTabUp = "GETTABUP", ABC, [0 0 0 0 1];
    /// R[A] := R[B][R[C]]
    GetTable = "GETTABLE", ABC, [0 0 0 0 1];
    /// R[A] := R[B][C]
    GetI = "GETI", ABC, [0 0 0 0 1];
    /// R[A] := R[B][K[C]:string]
    GetField = "GETFIELD", ABC, [0 0 0 0 1];
    /// UpValue[A][K[B]:string] := RK(C)
    SetTabUp = "SETTABUP", ABC, [0 0 0 0 0];
    /// R[A][R[B]] := RK(C)
    SetTable = "SETTABLE", ABC, [0 0 0 0 0];
    /// R[A][B] := RK(C)
    SetI = "SETI", ABC, [0 0 0 0 0];
    /// R[A][K[B]:string] := RK(C)
    SetField = "SETFIELD", ABC, [0 0 0 0 0];
    /// R[A] := {} (B: log2(hash size)+1 or 0; C: array size, plus EXTRAARG*256 if k)
    NewTable = "NEWTABLE", ABC, [0 0 0 0 1];
    /// R[A+1] := R[B]; R[A] := R[B][RK(C):string]
    SelfOp = "SELF", ABC, [0 0 0 0 1];
    /// R[A] := R[B] + sC
    AddI = "ADDI", ABC, [0 0 0 0 1];
    /// R[A] := R[B] + K[C]:number
    AddK = "ADDK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] - K[C]:number
    SubK = "SUBK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] * K[C]:number
    MulK = "MULK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] % K[C]:number
    ModK = "MODK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] ^ K[C]:number
    PowK = "POWK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] / K[C]:number
    DivK = "DIVK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] // K[C]:number
    IDivK = "IDIVK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] & K[C]:integer
    BAndK = "BANDK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] | K[C]:integer
    BOrK = "BORK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] ~ K[C]:integer
    BXorK = "BXORK", ABC, [0 0 0 0 1];
    /// R[A] := R[B] >> sC
    ShrI = "SHRI", ABC, [0 0 0 0 1];
    /// R[A] := sC << R[B]
    ShlI = "SHLI", ABC, [0 0 0 0 1];
    /// R[A] := R[B] + R[C]
    Add = "ADD", ABC, [0 0 0 0 1];
    /// R[A] := R[B] - R[C]
    Sub = "SUB", ABC, [0 0 0 0 1];
    /// R[A] := R[B] * R[C]
    Mul = "MUL", ABC, [0 0 0 0 1];
    /// R[A] := R[B] % R[C]
    Mod = "MOD", ABC, [0 0 0 0 1];
    /// R[A] := R[B] ^ R[C]
    Pow = "POW", ABC, [0 0 0 0 1];
    /// R[A] := R[B] / R[C]
    Div = "DIV", ABC, [0 0 0 0 1];
    /// R[A] := R[B] // R[C]
    IDiv = "IDIV", ABC, [0 0 0 0 1];
    /// R[A] := R[B] & R[C]
    BAnd = "BAND", ABC, [0 0 0 0 1];
    /// R[A] := R[B] | R[C]
    BOr = "BOR", ABC, [0 0 0 0 1];
    /// R[A] := R[B] ~ R[C]
    BXor = "BXOR", ABC, [0 0 0 0 1];
    /// R[A] := R[B] << R[C]
    Shl = "SHL", ABC, [0 0 0 0 1];
    /// R[A] := R[B] >> R[C]
    Shr = "SHR", ABC, [0 0 0 0 1];
    /// call C metamethod over R[A] and R[B] (result goes to the A of the previous instruction)
    MmBin = "MMBIN", ABC, [1 0 0 0 0];
    /// call C metamethod over R[A] and sB (k: operands swapped)
    MmBinI = "MMBINI", ABC, [1 0 0 0 0];
    /// call C metamethod over R[A] and K[B] (k: operands swapped)
    MmBinK = "MMBINK", ABC, [1 0 0 0 0];
    /// R[A] := -R[B]
    Unm = "UNM", ABC, [0 0 0 0 1];
    /// R[A] := ~R[B]
    BNot = "BNOT", ABC, [0 0 0 0 1];
    /// R[A] := not R[B]
    Not = "NOT", ABC, [0 0 0 0 1];
    /// R[A] := #R[B] (length operator)
    Len = "LEN", ABC, [0 0 0 0 1];
    /// R[A] := R[A].. ... ..R[A + B - 1]
    Concat = "CONCAT", ABC, [0 0 0 0 1];
    /// close all upvalues >= R[A] (and call pending __close)
    Close = "CLOSE", ABC, [0 0 0 0 0];
    /// mark variable A "to be closed"
    Tbc = "TBC", ABC, [0 0 0 0 0];
    /// pc += sJ
    Jmp = "JMP", SJ, [0 0 0 0 0];
    /// if ((R[A] == R[B]) ~= k) then pc++
    Eq = "EQ", ABC, [0 0 0 1 0];
    /// if ((R[A] <  R[B]) ~= k) then pc++
    Lt = "LT", ABC, [0 0 0 1 0];
    /// if ((R[A] <= R[B]) ~= k) then pc++
    Le = "LE", ABC, [0 0 0 1 0];
    /// if ((R[A] == K[B]) ~= k) then pc++
    EqK = "EQK", ABC, [0 0 0 1 0];
    /// if ((R[A] == sB) ~= k) then pc++ (C: isfloat)
    EqI = "EQI", ABC, [0 0 0 1 0];
    /// if ((R[A] < sB) ~= k) then pc++ (C: isfloat)
    LtI = "LTI", ABC, [0 0 0 1 0];
    /// if ((R[A] <= sB) ~= k) then pc++ (C: isfloat)
    LeI = "LEI", ABC, [0 0 0 1 0];
    /// if ((R[A] > sB) ~= k) then pc++ (C: isfloat)
    GtI = "GTI", ABC, [0 0 0 1 0];
    /// if ((R[A] >= sB) ~= k) then pc++ (C: isfloat)
    GeI = "GEI", ABC, [0 0 0 1 0];
    /// if (not R[A] == k) then pc++
    Test = "TEST", ABC, [0 0 0 1 0];
    /// if (not R[B] == k) then pc++ else R[A] := R[B]
    TestSet = "TESTSET", ABC, [0 0 0 1 1];
    /// R[A], ... ,R[A+C-2] := R[A](R[A+1], ... ,R[A+B-1]) (B=0: args up to top; C=0: results set top)
    Call = "CALL", ABC, [0 1 1 0 1];
    /// return R[A](R[A+1], ... ,R[A+B-1]) (k: close upvalues first; C>0: vararg function with C-1 fixed params)
    TailCall = "TAILCALL", ABC, [0 1 1 0 1];
    /// return R[A], ... ,R[A+B-2] (B=0: up to top; k: close upvalues; C>0: vararg with C-1 params)
    Return = "RETURN", ABC, [0 0 1 0 0];
    /// return (no values)
    Return0 = "RETURN0", ABC, [0 0 0 0 0];
    /// return R[A]
    Return1 = "RETURN1", ABC, [0 0 0 0 0];
    /// update counters; if loop continues then pc-=Bx;
    ForLoop = "FORLOOP", ABx, [0 0 0 0 1];
    /// <check values and prepare counters>; if not to run then pc+=Bx+1;
    ForPrep = "FORPREP", ABx, [0 0 0 0 1];
    /// create upvalue for R[A + 3]; pc+=Bx
    TForPrep = "TFORPREP", ABx, [0 0 0 0 0];
    /// R[A+4], ... ,R[A+3+C] := R[A](R[A+1], R[A+2]);
    TForCall = "TFORCALL", ABC, [0 0 0 0 0];
    /// if R[A+2] ~= nil then { R[A]=R[A+2]; pc -= Bx }
    TForLoop = "TFORLOOP", ABx, [0 0 0 0 1];
    /// R[A][C+i] := R[A+i], 1 <= i <= B (B=0: up to top; k: C += EXTRAARG*256)
    SetList = "SETLIST", ABC, [0 0 1 0 0];
    /// R[A] := closure(KPROTO[Bx])
    Closure = "CLOSURE", ABx, [0 0 0 0 1];
    /// R[A], R[A+1], ..., R[A+C-2] = vararg (C=0: all, sets top)
    VarArg = "VARARG", ABC, [0 1 0 0 1];
    /// (adjust vararg parameters; A = number of fixed parameters)
    VarArgPrep = "VARARGPREP", ABC, [0 0 1 0 1];
    /// extra (larger) argument for previous opcode
    ExtraArg = "EXTRAARG", Ax, [0 0 0 0 0];
}

impl OpCode {
    /// Decodes an opcode number; `None` for numbers past the table.
    #[inline]
    pub fn from_u8(n: u8) -> Option<OpCode> {
        OpCode::ALL.get(n as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_dense_and_ordered() {
        for (i, op) in OpCode::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(OpCode::from_u8(i as u8), Some(*op));
        }
        assert_eq!(OpCode::COUNT, 83);
        assert_eq!(OpCode::from_u8(OpCode::COUNT as u8), None);
    }

    #[test]
    fn properties_match_lopcodes() {
        assert!(OpCode::MmBinK.props().mm);
        assert!(OpCode::Call.props().sets_top && OpCode::Call.props().uses_top);
        assert!(OpCode::TestSet.props().is_test && OpCode::TestSet.props().sets_a);
        assert_eq!(OpCode::Jmp.format(), OpFormat::SJ);
        assert_eq!(OpCode::GetField.name(), "GETFIELD");
        assert_eq!(OpCode::Move.description(), " R[A] := R[B]");
    }
}
