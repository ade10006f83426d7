//! The abstract syntax tree of a Lua 5.4 chunk.
//!
//! This is the contract between the parser (which builds it) and the bytecode compiler (which
//! consumes it). It is deliberately close to the grammar of the reference manual (§9), with three
//! decisions that the compiler relies on:
//!
//! - **Literals are already decoded.** Strings are raw bytes with escapes resolved; numerals are
//!   already split into `Integer` (i64, decimal integers that overflow become `Float`, hex
//!   integers wrap around as Lua 5.4 does) and `Float`.
//! - **Field access is one node.** `a.b`, `a["b"]` and `a[k]` are all `Index`; `a.b` has a
//!   `Str` key. The compiler picks GETFIELD/GETI/GETTABLE from the key's shape.
//! - **Every node carries the source line that Lua 5.4 attributes to the code it produces**, so
//!   error messages and tracebacks match `lua5.4`:
//!   * `Call` / `MethodCall`: the line where the whole suffixed expression starts (5.4 passes
//!     that line to `funcargs`);
//!   * `Binary`: the line of the operator token; `Unary`: the line of the operator token;
//!   * `Index`: the line of the `.`, `:` or `[` token;
//!   * everything else: the line of its first token.
//!
//!   Statements carry the line of their first token. `FuncBody::end_line` is the line of the
//!   closing `end` (used for the final RETURN and `lastlinedefined`).
//!
//!   "The line of a token" is `ls->linenumber` while that token is current, i.e. the line
//!   where it *ends* (it differs from where it starts only for multi-line long strings).
//!
//! - **Nodes also carry where they end**, because PUC emits each instruction at `lastline`
//!   (the line of the last token read) and often emits it only after the node was read:
//!   `Expr::last_line` and `Stat::last_line` are `ls->lastline` right after the node was
//!   parsed (the line of its last token); `Block::last_line` is `ls->lastline` when the
//!   block's closing token became current (its last token's line, or the line of the token
//!   before it when it is empty) and `Block::end_line` the line of that closing token
//!   (`end`, `else`, `elseif`, `until`, `<eof>`). PUC's one token of look-ahead in table
//!   constructors can move `lastline` forward; these lines include that quirk.
//!
//!   `Expr::span` gives the byte offsets of an expression's tokens.
//!
//! - **Chains may be arbitrarily long.** `a.b.c...`, `f()()...` and `a + b + c ...` are
//!   parsed by loops, as in `lparser.c`, so they build left-deep trees of any depth. Dropping
//!   an `Expr` is iterative (see its `Drop`); consumers must walk such spines with loops.
//!   Every other kind of nesting is bounded by the parser's C-level limit (200). The derived
//!   `Clone`, `PartialEq` and `Debug` recurse and are meant for ordinary-sized trees (tests).
//!
//! Invariants: `Assign::targets` and `Local::names` are non-empty; every `Assign` target is a
//! `Name` or an `Index`; `If::conds` is non-empty; `FuncName::path` is non-empty.

/// A source line number (1-based).
pub type Line = u32;

/// A whole chunk: the body of the implicit main function (which is always vararg).
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub block: Block,
    /// Line of the last token (`<eof>`), used as the main function's `end_line`.
    pub end_line: Line,
    /// The parsed text (what `Expr::span`s index), so that the compiler can quote the token
    /// PUC would be looking at in the errors it reports `near` a token. May be empty (for a
    /// chunk built by hand): such errors then have no `near` part.
    pub text: Vec<u8>,
}

/// A sequence of statements, optionally ended by `return`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub stats: Vec<Stat>,
    pub ret: Option<Return>,
    /// `ls->lastline` when the block began: the line of the token that opened it (`do`,
    /// `then`, `else`, `repeat`, the `)` of a parameter list; 1 for a main chunk). Code PUC
    /// emits right after that token (FORPREP, an `if`'s test) has this line.
    pub opened_line: Line,
    /// `ls->lastline` when the block ended: the line of its last token (or of the token
    /// before the block when it is empty). Code PUC emits when a block closes has this line.
    pub last_line: Line,
    /// Line of the token that closed the block (`end`, `else`, `elseif`, `until`, `<eof>`),
    /// where PUC reports errors found when the block closes.
    pub end_line: Line,
}

/// `return e1, e2, ...` (the last statement of a block).
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub values: Vec<Expr>,
    pub line: Line,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub kind: StatKind,
    pub line: Line,
    /// Line of the statement's last token (`ls->lastline` once it is parsed), e.g. a loop's
    /// `end`.
    pub last_line: Line,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatKind {
    /// `t1, t2 = e1, e2` — each target is `ExprKind::Name` or `ExprKind::Index`.
    Assign {
        targets: Vec<Expr>,
        values: Vec<Expr>,
    },
    /// A call used as a statement; the expression is `Call` or `MethodCall`.
    Call(Expr),
    /// `local n1 <attrib>, n2 = e1, e2`
    Local {
        names: Vec<LocalName>,
        values: Vec<Expr>,
    },
    /// `local function name body`
    LocalFunction { name: Name, func: Box<FuncBody> },
    /// `function a.b.c:m body` (the method adds the implicit `self` parameter: the parser has
    /// already put `self` first in `func.params` when `name.method` is `Some`).
    Function { name: FuncName, func: Box<FuncBody> },
    /// `do block end`
    Do(Block),
    /// `while cond do body end`
    While { cond: Expr, body: Block },
    /// `repeat body until cond` (the condition sees the body's locals).
    Repeat { body: Block, cond: Expr },
    /// `if c1 then b1 elseif c2 then b2 ... else e end`
    If {
        conds: Vec<(Expr, Block)>,
        else_block: Option<Block>,
    },
    /// `for var = start, limit, step do body end` (boxed: the largest kind, it would make
    /// every statement larger).
    NumericFor(Box<NumericFor>),
    /// `for v1, v2 in e1, e2 do body end`
    GenericFor {
        vars: Vec<Name>,
        exprs: Vec<Expr>,
        /// Line of the token after `in` (PUC gives TFORCALL and TFORLOOP this line).
        exprs_line: Line,
        body: Block,
    },
    /// `goto name`
    Goto(Name),
    /// `::name::`
    Label(Name),
    /// `break`
    Break,
}

/// `for var = start, limit, step do body end`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericFor {
    pub var: Name,
    pub start: Expr,
    pub limit: Expr,
    pub step: Option<Expr>,
    pub body: Block,
}

/// An identifier. Lua identifiers are ASCII letters, digits and `_`, so `str` is exact
/// (boxed: 16 bytes, not `String`'s 24, in every name and field node).
pub type Name = Box<str>;

/// A name in a `local` statement with its optional attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalName {
    pub name: Name,
    pub attrib: Option<Attrib>,
}

/// A local variable attribute (`<const>` or `<close>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attrib {
    Const,
    Close,
}

/// The name part of `function a.b.c:m() ... end`.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncName {
    /// `a`, `b`, `c`: the first is a variable, the rest are fields.
    pub path: Vec<Name>,
    /// The line of each name in `path` (PUC indexes with a name when it reads the `.` or
    /// `:` after it). May be shorter than `path` in hand-built trees.
    pub path_lines: Vec<Line>,
    /// `m` in `a.b.c:m`.
    pub method: Option<Name>,
}

/// Parameters and body of a function.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncBody {
    pub params: Vec<Name>,
    pub is_vararg: bool,
    pub body: Block,
    /// `linedefined`, as `lua5.4` records it: the line of the `function` keyword for
    /// `function a.b()` statements; for function expressions and `local function f`, the
    /// line of the token after `function` / after the name (normally the `(`). The parser's
    /// "'end' expected (to close 'function' at line N)" uses the same line.
    pub line: Line,
    /// Line of the closing `end` (`lastlinedefined`).
    pub end_line: Line,
    /// Line of the `...` parameter (PUC emits VARARGPREP after reading it); `line` when
    /// there is none.
    pub vararg_line: Line,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: Line,
    /// `ls->lastline` when the expression's first token became current: the line of the
    /// token before it (PUC emits a constructor's NEWTABLE and a `...`'s VARARG then).
    pub line_before: Line,
    /// Line of the expression's last token (`ls->lastline` once it is parsed).
    pub last_line: Line,
    /// Where the expression's tokens are in the source text.
    pub span: Span,
}

/// Byte offsets in the parsed text: `start` of an expression's first token, `end` just past
/// its last. The compiler uses them to name the token PUC would be looking at in errors it
/// reports `near` a token (`too many upvalues ... near 'x'`). Both are 0 for nodes not built
/// from source text; offsets beyond `u32::MAX` saturate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The span from byte `start` to byte `end` (saturating at `u32::MAX`).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }
}

impl Expr {
    /// An expression that starts and ends on `line`, with an empty span.
    pub fn on_line(kind: ExprKind, line: Line) -> Expr {
        Expr {
            kind,
            line,
            line_before: line,
            last_line: line,
            span: Span::default(),
        }
    }
}

/// Drops without recursing along left-deep chains: child expressions are detached onto an
/// explicit stack before their parent is freed, so each nested `drop` call sees a node with
/// no expression children left. A 100 000-link `a.b.c...` drops in constant native stack.
/// (Function bodies and table constructors are bounded by the parser's nesting limit.)
impl Drop for Expr {
    fn drop(&mut self) {
        if !self.kind.has_expr_children() {
            return;
        }
        let mut pending: Vec<Expr> = Vec::new();
        self.kind.detach_children(&mut pending);
        while let Some(mut child) = pending.pop() {
            child.kind.detach_children(&mut pending);
        }
    }
}

impl ExprKind {
    /// Whether this node owns expressions directly (not counting function bodies).
    fn has_expr_children(&self) -> bool {
        match self {
            ExprKind::Binary { .. }
            | ExprKind::Unary { .. }
            | ExprKind::Index { .. }
            | ExprKind::Call { .. }
            | ExprKind::MethodCall(_)
            | ExprKind::Paren(_) => true,
            ExprKind::Table(fields) => !fields.is_empty(),
            _ => false,
        }
    }

    /// Moves the child expressions of this node onto `out`, leaving `Nil`s or empty lists.
    fn detach_children(&mut self, out: &mut Vec<Expr>) {
        fn take(expr: &mut Expr) -> Expr {
            std::mem::replace(expr, Expr::on_line(ExprKind::Nil, 0))
        }
        match self {
            ExprKind::Binary { lhs, rhs, .. } => {
                out.push(take(lhs));
                out.push(take(rhs));
            }
            ExprKind::Unary { operand, .. } => out.push(take(operand)),
            ExprKind::Index { obj, key } => {
                out.push(take(obj));
                out.push(take(key));
            }
            ExprKind::Call(call) => {
                out.push(take(&mut call.func));
                out.append(&mut call.args);
            }
            ExprKind::MethodCall(call) => {
                out.push(take(&mut call.obj));
                out.append(&mut call.args);
            }
            ExprKind::Paren(inner) => out.push(take(inner)),
            ExprKind::Table(fields) => {
                for field in std::mem::take(fields).into_vec() {
                    match field {
                        TableField::Positional(value) | TableField::Named { value, .. } => {
                            out.push(value)
                        }
                        TableField::Keyed { key, value, .. } => {
                            out.push(*key);
                            out.push(value);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Nil,
    True,
    False,
    /// `...`
    Vararg,
    Integer(i64),
    Float(f64),
    Str(Box<[u8]>),
    /// `function (params) body end`
    Function(Box<FuncBody>),
    /// `{ fields }`
    Table(Box<[TableField]>),
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
    /// A variable reference (local, upvalue or global: the compiler resolves which).
    Name(Name),
    /// `obj[key]`, `obj.name` (key is `Str`).
    Index {
        obj: Box<Expr>,
        key: Box<Expr>,
    },
    /// `func(args)`, `func "str"`, `func {table}` (boxed, as `MethodCall`: inline, its
    /// callee and argument list made every node 8 bytes larger).
    Call(Box<Call>),
    /// `obj:method(args)` (boxed: the largest kind, it would make every node larger).
    MethodCall(Box<MethodCall>),
    /// `(expr)`: truncates multiple results to one and is never an assignment target.
    Paren(Box<Expr>),
}

/// `func(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
}

/// `obj:method(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodCall {
    pub obj: Expr,
    pub method: Name,
    /// Line of the method name (PUC emits SELF right after reading it).
    pub method_line: Line,
    pub args: Vec<Expr>,
}

/// One entry of a table constructor.
#[derive(Debug, Clone, PartialEq)]
pub enum TableField {
    /// `expr` (list item; the last one may expand to multiple values)
    Positional(Expr),
    /// `name = expr`; `equals_line` is the line of the `=` (PUC indexes the table with the
    /// key right after reading it).
    Named {
        name: Name,
        value: Expr,
        equals_line: Line,
    },
    /// `[key] = expr`; `equals_line` as for `Named`. (The key is boxed: inline, it made
    /// every field, the commonest node of a data file, half as large again.)
    Keyed {
        key: Box<Expr>,
        value: Expr,
        equals_line: Line,
    },
}

/// Binary operators, in Lua 5.4 terms. `And`/`Or` short-circuit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
}

/// Unary operators: `-`, `not`, `#`, `~`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
    BNot,
}

impl BinOp {
    /// (left, right) binding priorities exactly as `lparser.c`'s `priority` table; the parser
    /// uses them for precedence climbing (`..` and `^` are right associative).
    pub fn priority(self) -> (u8, u8) {
        use BinOp::*;
        match self {
            Add | Sub => (10, 10),
            Mul | Mod => (11, 11),
            Pow => (14, 13),
            Div | IDiv => (11, 11),
            BAnd => (6, 6),
            BOr => (4, 4),
            BXor => (5, 5),
            Shl | Shr => (7, 7),
            Concat => (9, 8),
            Eq | Ne | Lt | Le | Gt | Ge => (3, 3),
            And => (2, 2),
            Or => (1, 1),
        }
    }
}

/// Priority of unary operators (`UNARY_PRIORITY` in `lparser.c`).
pub const UNARY_PRIORITY: u8 = 12;

#[cfg(test)]
mod tests {
    /// Data files are mostly expressions and table fields: their sizes decide how much memory
    /// loading one takes (the tree of a 10 MB constructor file is about 150 MB). Boxing the
    /// large variants (calls, method calls, numeric `for`s, keyed fields' keys) and keeping
    /// strings, names and field lists in boxed slices got them here from 88 and 184 bytes.
    #[test]
    fn nodes_stay_small() {
        assert_eq!(std::mem::size_of::<super::ExprKind>(), 24);
        assert_eq!(std::mem::size_of::<super::Expr>(), 48);
        assert_eq!(std::mem::size_of::<super::TableField>(), 72);
    }
}
