//! Unit tests of the compiler: small programs compiled and checked against `luac5.4`-exact
//! instruction sequences (written as listing text), plus the semantic errors.

use crate::listing::instruction_text;
use crate::proto::Proto;
use crate::verify::verify;

/// Parses and compiles `src` and verifies the result.
pub(crate) fn compile_str(src: &str) -> Result<Proto, String> {
    let proto = super::load_source(src.as_bytes(), "=test").map_err(|e| e.message)?;
    verify(&proto)?;
    Ok(proto)
}

/// The instruction column of the main function, one instruction per line, comments dropped.
fn code_of(p: &Proto) -> String {
    (0..p.code.len())
        .map(|pc| {
            let text = instruction_text(p, pc, &[]);
            let text = text.split('\t').take(2).collect::<Vec<_>>().join(" ");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_code(src: &str, expected: &str) {
    let p = compile_str(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let expected: Vec<&str> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(code_of(&p), expected.join("\n"), "program: {src}");
}

fn assert_error(src: &str, expected: &str) {
    match compile_str(src) {
        Ok(_) => panic!("{src}: compiled, expected error {expected}"),
        Err(e) => assert_eq!(e, expected, "program: {src}"),
    }
}

#[test]
fn locals_and_globals() {
    assert_code(
        "local a = 1\nx = 5\nreturn x",
        "VARARGPREP 0
         LOADI 0 1
         SETTABUP 0 0 1k
         GETTABUP 1 0 0
         RETURN 1 2 1
         RETURN 1 1 1",
    );
}

// Messages below were produced by `lua5.4` (5.4.4) on the same programs (chunkname "=test").

#[test]
fn break_and_goto_errors() {
    assert_error("break", "test:1: break outside loop at line 1");
    assert_error("do break end", "test:1: break outside loop at line 1");
    assert_error("x = 1\n\nbreak\n\n", "test:5: break outside loop at line 3");
    assert_error(
        "if x then break end",
        "test:1: break outside loop at line 1",
    );
    assert_error(
        "goto x",
        "test:1: no visible label 'x' for <goto> at line 1",
    );
    assert_error(
        "function f() goto nowhere end",
        "test:1: no visible label 'nowhere' for <goto> at line 1",
    );
    assert_error(
        "function f() break end",
        "test:1: break outside loop at line 1",
    );
    assert_error(
        "do goto l; local a; ::l:: print(1) end",
        "test:1: <goto l> at line 1 jumps into the scope of local 'a'",
    );
    assert_error(
        "do\n goto l\n local a\n ::l::\n print(1)\nend\n",
        "test:5: <goto l> at line 2 jumps into the scope of local 'a'",
    );
    assert_error(
        "repeat goto l; local x; ::l:: until x",
        "test:1: <goto l> at line 1 jumps into the scope of local 'x'",
    );
    assert_error("::a:: ::a::", "test:1: label 'a' already defined on line 1");
    assert_error(
        "::a:: do ::a:: end",
        "test:1: label 'a' already defined on line 1",
    );
    assert_error(
        "local a\n::l::\n::l::\nx=1",
        "test:4: label 'l' already defined on line 3",
    );
}

#[test]
fn valid_gotos_compile() {
    for src in [
        "do goto x end ::x::",
        "::a:: ::b::",
        "do goto l; local a; ::l:: end",
        "for i=1,2 do goto l; local a; ::l:: end",
        "for i=1,2 do\n if i then goto continue end\n local z\n ::continue::\nend",
        "while x do local y = function() return x end goto next ::next:: end",
        "::top:: local x = 1 if x then goto top end",
    ] {
        compile_str(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    }
}

#[test]
fn const_and_close_errors() {
    assert_error(
        "local x <const> = 1; x = 2",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local x <const> = {}; x = 2",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local x <close> = nil; x = 2",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local x <const> = 1; function f() x = 2 end",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local x <const> = {}; function f() x = 2 end",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local x <const> = 1; function x() end",
        "test:1: attempt to assign to const variable 'x'",
    );
    assert_error(
        "local a <close>, b <close> = 1",
        "test:1: multiple to-be-closed variables in local list",
    );
    // (The parser raises this one itself, at lua5.4's line; the compiler's own check is the
    // fallback for hand-built ASTs.)
    assert_error(
        "local a <close>,\n b <close> = 1",
        "test:2: multiple to-be-closed variables in local list",
    );
    assert_error(
        "local function f() return ... end",
        "test:1: cannot use '...' outside a vararg function near '...'",
    );
}

#[test]
fn limits() {
    // The parser checks the local-variable limit itself (with PUC's token); the compiler's own
    // check, with the best `near` it can guess, is the fallback for hand-built ASTs.
    let many_locals: String = (0..201).map(|i| format!("local v{i} = {i}\n")).collect();
    assert_error(
        &many_locals,
        "test:201: too many local variables (limit is 200) in main function near '='",
    );
    let nested = format!(
        "local function f()\n{}end",
        (0..201)
            .map(|i| format!("local v{i}\n"))
            .collect::<String>()
    );
    assert_error(
        &nested,
        "test:203: too many local variables (limit is 200) in function at line 1 near 'end'",
    );
    // 255 upvalues need locals from two enclosing functions (200 locals per function).
    let mut src = String::new();
    for f in 0..2 {
        src += &format!("local function f{f}()\n");
        for i in 0..150 {
            src += &format!("local u{f}_{i} = {i}\n");
        }
    }
    src += "return function() return ";
    src += &(0..2)
        .flat_map(|f| (0..150).map(move |i| format!("u{f}_{i}")))
        .collect::<Vec<_>>()
        .join(" + ");
    src += " end end end";
    // lua5.4 adds " near '+'" (the token after the name): not known from the AST.
    assert_error(
        &src,
        "test:303: too many upvalues (limit is 255) in function at line 303",
    );
    let wide = format!(
        "return {}",
        (0..300)
            .map(|i| format!("{{{i}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // lua5.4 adds " near ','".
    assert_error(
        &wide,
        "test:1: function or expression needs too many registers",
    );
}

/// Deep nesting right below the parser's limits compiles within a test thread's 2 MiB
/// stack (the compiler recurses once per nesting level, iterates along left-deep chains).
#[test]
fn deep_nesting_fits_the_stack() {
    let depth = 190;
    let programs = [
        format!("local x = {}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("local x = {}1{}", "{".repeat(depth), "}".repeat(depth)),
        format!("{}{}", "do ".repeat(depth), "end ".repeat(depth)),
        format!("{}{}", "if x then ".repeat(depth), "end ".repeat(depth)),
        format!("{}{}", "while x do ".repeat(depth), "end ".repeat(depth)),
        format!("{}{}", "for i = 1, 2 do ".repeat(49), "end ".repeat(49)),
        format!(
            "{}{}",
            "local function f() ".repeat(depth),
            "end ".repeat(depth)
        ),
        format!(
            "return {}",
            "function() return ".repeat(60) + &"end ".repeat(60)
        ),
        format!("local x = {}y", "not -#~".repeat(depth / 4)),
        format!("local x = a{}", "..a".repeat(depth)),
        format!("local x = a{}", ".b".repeat(900)),
        format!("local x = a{}", "()".repeat(900)),
        format!("local x = a{}", " + a".repeat(900)),
        format!("local x = a{}", " and a or b".repeat(450)),
    ];
    for src in &programs {
        if let Err(e) = compile_str(src) {
            panic!("{}...: {e}", &src[..40.min(src.len())]);
        }
    }
}

#[test]
fn many_constants_use_loadkx() {
    let items: Vec<String> = (0..140_000).map(|i| format!("\"s{i}\"")).collect();
    let src = format!(
        "local t = {{{}}}\nreturn \"s0\", \"s139999\"",
        items.join(",")
    );
    let p = compile_str(&src).unwrap();
    let ops: Vec<_> = p.code.iter().map(|i| i.opcode()).collect();
    assert!(ops.contains(&crate::opcodes::OpCode::LoadKX));
    assert!(ops.contains(&crate::opcodes::OpCode::SetList));
}

/// Random hand-built ASTs (including shapes the parser never produces) never make the
/// compiler panic, and whatever compiles passes `verify`.
#[test]
fn random_asts_never_panic() {
    use tsukimi_syntax::ast::*;

    struct Gen(u64);
    impl Gen {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n.max(1)
        }
        fn name(&mut self) -> String {
            ["a", "b", "c", "_ENV", "self", "x"][self.next(6) as usize].to_string()
        }
        fn expr(&mut self, depth: u32) -> Expr {
            let line = 1 + self.next(5) as u32;
            let leaf = depth > 4;
            let kind = match self.next(if leaf { 8 } else { 16 }) {
                0 => ExprKind::Nil,
                1 => ExprKind::True,
                2 => ExprKind::Integer(
                    [0, 1, -1, 255, 256, i64::MIN, i64::MAX][self.next(7) as usize],
                ),
                3 => ExprKind::Float([0.0, -0.0, 0.5, 1e308, f64::INFINITY][self.next(5) as usize]),
                4 => ExprKind::Str(vec![b'k'; self.next(60) as usize]),
                5 => ExprKind::Vararg,
                6 | 7 => ExprKind::Name(self.name()),
                8 => ExprKind::Binary {
                    op: [
                        BinOp::Add,
                        BinOp::Sub,
                        BinOp::Div,
                        BinOp::Mod,
                        BinOp::Concat,
                        BinOp::Eq,
                        BinOp::Lt,
                        BinOp::Ge,
                        BinOp::And,
                        BinOp::Or,
                        BinOp::Shl,
                        BinOp::BXor,
                    ][self.next(12) as usize],
                    lhs: Box::new(self.expr(depth + 1)),
                    rhs: Box::new(self.expr(depth + 1)),
                },
                9 => ExprKind::Unary {
                    op: [UnOp::Neg, UnOp::Not, UnOp::Len, UnOp::BNot][self.next(4) as usize],
                    operand: Box::new(self.expr(depth + 1)),
                },
                10 => ExprKind::Index {
                    obj: Box::new(self.expr(depth + 1)),
                    key: Box::new(self.expr(depth + 1)),
                },
                11 => ExprKind::Call {
                    func: Box::new(self.expr(depth + 1)),
                    args: (0..self.next(3)).map(|_| self.expr(depth + 1)).collect(),
                },
                12 => ExprKind::MethodCall {
                    obj: Box::new(self.expr(depth + 1)),
                    method: self.name(),
                    args: vec![self.expr(depth + 1)],
                },
                13 => ExprKind::Paren(Box::new(self.expr(depth + 1))),
                14 => ExprKind::Table(
                    (0..self.next(4))
                        .map(|_| match self.next(3) {
                            0 => TableField::Positional(self.expr(depth + 1)),
                            1 => TableField::Named(self.name(), self.expr(depth + 1)),
                            _ => TableField::Keyed(self.expr(depth + 1), self.expr(depth + 1)),
                        })
                        .collect(),
                ),
                _ => ExprKind::Function(Box::new(FuncBody {
                    params: (0..self.next(3)).map(|_| self.name()).collect(),
                    is_vararg: self.next(2) == 0,
                    body: self.block(depth + 2),
                    line,
                    end_line: line + 1,
                })),
            };
            Expr { kind, line }
        }
        fn stat(&mut self, depth: u32) -> Stat {
            let line = 1 + self.next(5) as u32;
            let leaf = depth > 3;
            let kind = match self.next(if leaf { 5 } else { 12 }) {
                0 => StatKind::Assign {
                    targets: (0..self.next(3)).map(|_| self.expr(depth + 1)).collect(),
                    values: vec![self.expr(depth + 1)],
                },
                1 => StatKind::Local {
                    names: (0..self.next(3))
                        .map(|_| LocalName {
                            name: self.name(),
                            attrib: [None, Some(Attrib::Const), Some(Attrib::Close)]
                                [self.next(3) as usize],
                        })
                        .collect(),
                    values: (0..self.next(3)).map(|_| self.expr(depth + 1)).collect(),
                },
                2 => StatKind::Break,
                3 => StatKind::Goto(self.name()),
                4 => StatKind::Label(self.name()),
                5 => StatKind::Call(self.expr(depth + 1)),
                6 => StatKind::While {
                    cond: self.expr(depth + 1),
                    body: self.block(depth + 1),
                },
                7 => StatKind::Repeat {
                    body: self.block(depth + 1),
                    cond: self.expr(depth + 1),
                },
                8 => StatKind::If {
                    conds: vec![(self.expr(depth + 1), self.block(depth + 1))],
                    else_block: Some(self.block(depth + 1)),
                },
                9 => StatKind::NumericFor {
                    var: self.name(),
                    start: self.expr(depth + 1),
                    limit: self.expr(depth + 1),
                    step: None,
                    body: self.block(depth + 1),
                },
                10 => StatKind::GenericFor {
                    vars: (0..self.next(3)).map(|_| self.name()).collect(),
                    exprs: vec![self.expr(depth + 1)],
                    body: self.block(depth + 1),
                },
                _ => StatKind::Function {
                    name: FuncName {
                        path: (0..self.next(3)).map(|_| self.name()).collect(),
                        method: None,
                    },
                    func: Box::new(FuncBody {
                        params: vec![],
                        is_vararg: true,
                        body: self.block(depth + 1),
                        line,
                        end_line: line,
                    }),
                },
            };
            Stat { kind, line }
        }
        fn block(&mut self, depth: u32) -> Block {
            let stats = (0..self.next(4)).map(|_| self.stat(depth)).collect();
            let ret = (self.next(3) == 0).then(|| Return {
                values: vec![self.expr(depth + 1)],
                line: 3,
            });
            Block { stats, ret }
        }
    }

    let mut gen = Gen(0x5eed);
    let mut compiled = 0;
    let rounds = std::env::var("TSUKIMI_FUZZ_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    for _ in 0..rounds {
        let chunk = Chunk {
            block: gen.block(0),
            end_line: 6,
        };
        if let Ok(proto) = super::compile(&chunk, "=fuzz") {
            verify(&proto).unwrap_or_else(|e| panic!("{e}\n{chunk:?}"));
            compiled += 1;
        }
    }
    assert!(compiled > 100, "only {compiled} random chunks compiled");
}
