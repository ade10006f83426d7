//! Parser unit tests: precedence and associativity, AST shapes and lines, statements, and
//! the nesting limit (including its native stack use).

use super::{ParseOptions, MAX_C_LEVELS};
use crate::ast::*;
use crate::{parse, parse_with_options};

/// Renders an expression as a fully parenthesized S-expression.
fn show(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Nil => "nil".into(),
        ExprKind::True => "true".into(),
        ExprKind::False => "false".into(),
        ExprKind::Vararg => "...".into(),
        ExprKind::Integer(i) => i.to_string(),
        ExprKind::Float(f) => format!("{f:?}"),
        ExprKind::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        ExprKind::Function(body) => format!("(function {})", body.params.join(" ")),
        ExprKind::Table(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|f| match f {
                    TableField::Positional(e) => show(e),
                    TableField::Named { name, value, .. } => format!("{name}={}", show(value)),
                    TableField::Keyed { key, value, .. } => {
                        format!("[{}]={}", show(key), show(value))
                    }
                })
                .collect();
            format!("{{{}}}", parts.join(" "))
        }
        ExprKind::Binary { op, lhs, rhs } => format!("({op:?} {} {})", show(lhs), show(rhs)),
        ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
        ExprKind::Name(n) => n.to_string(),
        ExprKind::Index { obj, key } => format!("{}[{}]", show(obj), show(key)),
        ExprKind::Call(call) => {
            let args: Vec<String> = call.args.iter().map(show).collect();
            format!("{}({})", show(&call.func), args.join(", "))
        }
        ExprKind::MethodCall(call) => {
            let args: Vec<String> = call.args.iter().map(show).collect();
            format!("{}:{}({})", show(&call.obj), call.method, args.join(", "))
        }
        ExprKind::Paren(inner) => format!("<{}>", show(inner)),
    }
}

/// The expression returned by `return <text>`.
fn expr(text: &str) -> Expr {
    let chunk = parse(format!("return {text}").as_bytes(), "=test").expect("parses");
    let mut values = chunk.block.ret.expect("return").values;
    assert_eq!(values.len(), 1);
    values.remove(0)
}

fn shown(text: &str) -> String {
    show(&expr(text))
}

fn error(text: &str) -> String {
    parse(text.as_bytes(), "=input").unwrap_err().to_string()
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(shown("2^-3^2"), "(Pow 2 (Neg (Pow 3 2)))");
    assert_eq!(shown("-x^2"), "(Neg (Pow x 2))");
    assert_eq!(shown("a..b..c"), "(Concat a (Concat b c))");
    assert_eq!(shown("not a == b"), "(Eq (Not a) b)");
    assert_eq!(
        shown("1 + 2 << 3 & 4 | 5 ~ 6"),
        "(BOr (BAnd (Shl (Add 1 2) 3) 4) (BXor 5 6))"
    );
    assert_eq!(shown("a or b and c"), "(Or a (And b c))");
    assert_eq!(shown("a < b == c"), "(Eq (Lt a b) c)");
    assert_eq!(shown("1 - 2 - 3"), "(Sub (Sub 1 2) 3)");
    assert_eq!(
        shown("a * b // c % d / e"),
        "(Div (Mod (IDiv (Mul a b) c) d) e)"
    );
    assert_eq!(shown("a .. b + c"), "(Concat a (Add b c))");
    assert_eq!(shown("#t + 1"), "(Add (Len t) 1)");
    assert_eq!(shown("~a ~ b"), "(BXor (BNot a) b)");
    assert_eq!(shown("- - 1"), "(Neg (Neg 1))");
    assert_eq!(shown("a >> b << c"), "(Shl (Shr a b) c)");
    assert_eq!(
        shown("a ~= b and c >= d or e <= f and g > h"),
        "(Or (And (Ne a b) (Ge c d)) (And (Le e f) (Gt g h)))"
    );
    assert_eq!(shown("2^3^2"), "(Pow 2 (Pow 3 2))");
    assert_eq!(shown("(a + b) * c"), "(Mul <(Add a b)> c)");
}

#[test]
fn suffixes_calls_and_tables() {
    assert_eq!(
        shown("a.b[c]:d(1)('s'){x=1}"),
        r#"a["b"][c]:d(1)("s")({x=1})"#
    );
    assert_eq!(shown("f[[long]]"), r#"f("long")"#);
    assert_eq!(shown("{1, x = 2, [3] = 4; 5,}"), "{1 x=2 [3]=4 5}");
    assert_eq!(shown("{}"), "{}");
    assert_eq!(shown("{f()}"), "{f()}");
    assert_eq!(shown("{x}"), "{x}");
    assert_eq!(shown("function(a, b, ...) end"), "(function a b)");
    assert_eq!(shown("0x10 + 1.5 + 'q'"), r#"(Add (Add 16 1.5) "q")"#);
    assert_eq!(
        shown("nil and true or false and ..."),
        "(Or (And nil true) (And false ...))"
    );
}

#[test]
fn statements() {
    let chunk = parse(
        b"local a <const>, b <close> = 1, 2
          function t.a.b:m(x) return self end
          local function f(...) end
          for i = 1, 10, 2 do end
          for k, v in pairs(t) do end
          while x do break end
          repeat local y until y
          if a then elseif b then else end
          goto l ::l::
          e, b.c, d[1] = 1, 2
          f()
          do end
          ;;",
        "=test",
    )
    .unwrap();
    let kinds: Vec<&StatKind> = chunk.block.stats.iter().map(|s| &s.kind).collect();
    assert_eq!(kinds.len(), 13);
    match kinds[0] {
        StatKind::Local { names, values } => {
            assert_eq!(
                names[0],
                LocalName {
                    name: "a".into(),
                    attrib: Some(Attrib::Const)
                }
            );
            assert_eq!(
                names[1],
                LocalName {
                    name: "b".into(),
                    attrib: Some(Attrib::Close)
                }
            );
            assert_eq!(values.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    match kinds[1] {
        StatKind::Function { name, func } => {
            assert_eq!(name.path, ["t", "a", "b"].map(Box::<str>::from));
            assert_eq!(name.method.as_deref(), Some("m"));
            assert_eq!(func.params, ["self", "x"].map(Box::<str>::from));
            assert!(!func.is_vararg);
            assert!(func.body.ret.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(kinds[2], StatKind::LocalFunction { name, func } if &**name == "f" && func.is_vararg)
    );
    assert!(matches!(kinds[3], StatKind::NumericFor(l) if &*l.var == "i" && l.step.is_some()));
    assert!(
        matches!(kinds[4], StatKind::GenericFor { vars, exprs, .. } if vars.len() == 2 && exprs.len() == 1)
    );
    assert!(
        matches!(kinds[5], StatKind::While { body, .. } if body.stats[0].kind == StatKind::Break)
    );
    assert!(matches!(kinds[6], StatKind::Repeat { .. }));
    assert!(matches!(kinds[7], StatKind::If { conds, else_block: Some(_) } if conds.len() == 2));
    assert_eq!(*kinds[8], StatKind::Goto("l".into()));
    assert_eq!(*kinds[9], StatKind::Label("l".into()));
    assert!(
        matches!(kinds[10], StatKind::Assign { targets, values } if targets.len() == 3 && values.len() == 2)
    );
    assert!(matches!(kinds[11], StatKind::Call(_)));
    assert!(matches!(kinds[12], StatKind::Do(_)));
}

#[test]
fn if_break_shortcut() {
    let chunk = parse(b"while x do if a then break ; ; f() end end", "=t").unwrap();
    let StatKind::While { body, .. } = &chunk.block.stats[0].kind else {
        panic!()
    };
    let StatKind::If { conds, .. } = &body.stats[0].kind else {
        panic!()
    };
    let stats: Vec<&StatKind> = conds[0].1.stats.iter().map(|s| &s.kind).collect();
    assert_eq!(stats.len(), 2);
    assert_eq!(*stats[0], StatKind::Break);
    assert!(matches!(stats[1], StatKind::Call(_)));
}

#[test]
fn lines() {
    let chunk = parse(
        b"local x = a\n+\nb\nf\n(\n1\n)\nt\n.\nk = 1\nlocal function g\n(\n)\nend\nreturn function\n(\n) end\n",
        "=t",
    )
    .unwrap();
    let stats = &chunk.block.stats;
    let StatKind::Local { values, .. } = &stats[0].kind else {
        panic!()
    };
    assert_eq!(values[0].line, 2, "binary: line of the operator");
    let ExprKind::Binary { lhs, rhs, .. } = &values[0].kind else {
        panic!()
    };
    assert_eq!((lhs.line, rhs.line), (1, 3));
    assert_eq!(stats[1].line, 4);
    let StatKind::Call(call) = &stats[1].kind else {
        panic!()
    };
    assert_eq!(
        call.line, 4,
        "call: line where the suffixed expression starts"
    );
    let StatKind::Assign { targets, .. } = &stats[2].kind else {
        panic!()
    };
    assert_eq!(targets[0].line, 9, "index: line of the '.'");
    let StatKind::LocalFunction { func, .. } = &stats[3].kind else {
        panic!()
    };
    assert_eq!(
        (func.line, func.end_line),
        (12, 14),
        "linedefined is the '(' line, as in lua5.4"
    );
    let ret = chunk.block.ret.as_ref().unwrap();
    assert_eq!(ret.line, 15);
    let ExprKind::Function(body) = &ret.values[0].kind else {
        panic!()
    };
    assert_eq!((ret.values[0].line, body.line, body.end_line), (15, 16, 17));
    assert_eq!(chunk.end_line, 18);

    let chunk = parse(b"\n\nfunction a.b\n()\nend", "=t").unwrap();
    let StatKind::Function { func, .. } = &chunk.block.stats[0].kind else {
        panic!()
    };
    assert_eq!(
        (chunk.block.stats[0].line, func.line, func.end_line),
        (3, 3, 5)
    );

    let chunk = parse(b"return -\nx, a\n..\nb", "=t").unwrap();
    let values = &chunk.block.ret.as_ref().unwrap().values;
    assert_eq!((values[0].line, values[1].line), (1, 3));
}

#[test]
fn method_bodies_get_self() {
    let chunk = parse(b"function o:m(...) return ... end", "=t").unwrap();
    let StatKind::Function { func, .. } = &chunk.block.stats[0].kind else {
        panic!()
    };
    assert_eq!(func.params, ["self"].map(Box::<str>::from));
    assert!(func.is_vararg);
}

#[test]
fn vararg_scope() {
    assert!(parse(
        b"local function f(...) return function() return 1 end, ... end",
        "=t"
    )
    .is_ok());
    assert_eq!(
        error("local function f(...) return function() return ... end end"),
        "input:1: cannot use '...' outside a vararg function near '...'"
    );
    assert!(parse(b"return ...", "=t").is_ok());
}

/// Builds `prefix * n + core + suffix * n`.
fn nested(prefix: &str, core: &str, suffix: &str, n: usize) -> String {
    format!("{}{}{}", prefix.repeat(n), core, suffix.repeat(n))
}

/// Makes a source nested `n` deep.
type SourceBuilder = Box<dyn Fn(usize) -> String>;

/// (source builder, largest depth `lua5.4 file.lua` accepts) measured with lua5.4 5.4.4.
fn limit_cases() -> Vec<(SourceBuilder, usize)> {
    vec![
        (
            Box::new(|n| format!("x = {}", nested("(", "1", ")", n))),
            196,
        ),
        (Box::new(|n| nested("do ", "", " end", n)), 198),
        (
            Box::new(|n| format!("x = {}", nested("{", "", "}", n))),
            197,
        ),
        (Box::new(|n| format!("x = {}1", "- ".repeat(n))), 196),
        (
            Box::new(|n| format!("x = {}", vec!["a"; n].join(".."))),
            197,
        ),
        (Box::new(|n| format!("{} = 1", vec!["a"; n].join(","))), 197),
        (
            Box::new(|n| format!("x = {}", nested("function() return ", "1", " end", n))),
            98,
        ),
        (
            Box::new(|n| nested("local function f() ", "", " end", n)),
            198,
        ),
        (
            Box::new(|n| (0..n).map(|i| format!("::l{i}:: ")).collect()),
            198,
        ),
    ]
}

#[test]
fn nesting_limit_matches_lua() {
    for (build, deepest_ok) in limit_cases() {
        let ok = build(deepest_ok);
        assert!(
            parse(ok.as_bytes(), "=t").is_ok(),
            "should parse: {}",
            &ok[..ok.len().min(60)]
        );
        let too_deep = build(deepest_ok + 1);
        assert_eq!(
            parse(too_deep.as_bytes(), "=t").unwrap_err().to_string(),
            "C stack overflow",
            "{}",
            &too_deep[..60]
        );
    }
    // One more level already in use (`load` from a main chunk) lowers the limit by one.
    let options = ParseOptions { c_levels_in_use: 2 };
    let source = format!("x = {}", nested("(", "1", ")", 196));
    assert!(parse_with_options(source.as_bytes(), "=t", &options).is_err());
    // A syntax error before the limit is reached wins.
    let source = format!("x = ) {}", nested("(", "1", ")", 300));
    assert_eq!(error(&source), "input:1: unexpected symbol near ')'");
    assert_eq!(MAX_C_LEVELS, 200);
}

/// The error message of a source expected to fail (without printing a huge AST otherwise).
fn overflow(source: &str) -> String {
    match parse(source.as_bytes(), "=t") {
        Ok(_) => "parsed".to_string(),
        Err(error) => error.to_string(),
    }
}

#[test]
fn nesting_limit_fits_in_one_mebibyte_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for (build, deepest_ok) in limit_cases() {
                for n in [deepest_ok, deepest_ok + 1, 5000] {
                    let source = build(n);
                    let result = parse(source.as_bytes(), "=t");
                    assert_eq!(result.is_ok(), n <= deepest_ok);
                    drop(result);
                }
            }
            // Suffix chains and left-associative operator chains are loops in `lparser.c`:
            // any length parses, and the tree drops without recursing.
            for link in ["+a", "()", ".b", "[1]", ":m()", " and a", "..a"] {
                let count = if link == "..a" { 150 } else { 100_000 };
                let long = format!("x = a{}", link.repeat(count));
                let chunk = parse(long.as_bytes(), "=t").expect(link);
                drop(chunk);
            }
            // Nested ones still count levels (`..` is right associative).
            assert_eq!(
                overflow(&format!("x = a{}", "..a".repeat(300))),
                "C stack overflow"
            );
            // Chains inside parentheses and function bodies, nested a few levels.
            let mut layered = String::from("a");
            for _ in 0..20 {
                layered = format!("(function() return {layered} end)(){}", "+a".repeat(5000));
            }
            assert_eq!(overflow(&format!("x = {layered}")), "parsed");
            // A syntax error after a long chain is reported.
            let then_error = format!("x = a{}\ny = = 1", "+a".repeat(100_000));
            assert_eq!(overflow(&then_error), "t:2: unexpected symbol near '='");
        })
        .unwrap();
    handle.join().expect("parsing fits in a 1 MiB stack");
}

/// Diagnostic (ignored by default): the smallest thread stack each deepest-accepted case needs.
#[test]
#[ignore]
fn measure_stack_per_case() {
    for (index, (build, deepest_ok)) in limit_cases().into_iter().enumerate() {
        let source = build(deepest_ok);
        let mut low = 16 * 1024;
        let mut high = 16 * 1024 * 1024;
        while high - low > 8 * 1024 {
            let mid = (low + high) / 2;
            let text = source.clone();
            let ok = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "parser::tests::probe_stack",
                    "--nocapture",
                ])
                .env("PROBE_CASE", index.to_string())
                .env("PROBE_STACK", mid.to_string())
                .output()
                .map(|out| out.status.success())
                .unwrap_or(false);
            let _ = text;
            if ok {
                high = mid;
            } else {
                low = mid;
            }
        }
        println!("case {index}: needs about {} KiB", high / 1024);
    }
}

#[test]
#[ignore]
fn probe_stack() {
    let (Ok(case), Ok(stack)) = (std::env::var("PROBE_CASE"), std::env::var("PROBE_STACK")) else {
        return;
    };
    let (build, deepest_ok) = limit_cases().remove(case.parse().unwrap());
    let source = build(deepest_ok);
    std::thread::Builder::new()
        .stack_size(stack.parse().unwrap())
        .spawn(move || assert!(parse(source.as_bytes(), "=t").is_ok()))
        .unwrap()
        .join()
        .unwrap();
}

/// The text an expression's span covers.
fn spanned<'a>(source: &'a str, expr: &Expr) -> &'a str {
    &source[expr.span.start as usize..expr.span.end as usize]
}

#[test]
fn nodes_record_where_they_end() {
    let source = "local x = t\n  .a\n  [\n1\n]\nwhile x do\n  f()\nend\n";
    let chunk = parse(source.as_bytes(), "=t").unwrap();
    let local = &chunk.block.stats[0];
    assert_eq!((local.line, local.last_line), (1, 5));
    let StatKind::Local { values, .. } = &local.kind else {
        panic!("local expected");
    };
    let value = &values[0];
    // Index: the line of its `[`; it ends at `]`; the token before it is the `=`.
    assert_eq!((value.line, value.last_line, value.line_before), (3, 5, 1));
    assert_eq!(spanned(source, value), "t\n  .a\n  [\n1\n]");
    let ExprKind::Index { obj, .. } = &value.kind else {
        panic!("index expected");
    };
    assert_eq!(spanned(source, obj), "t\n  .a");
    assert_eq!(obj.last_line, 2);
    let looping = &chunk.block.stats[1];
    assert_eq!((looping.line, looping.last_line), (6, 8));
    let StatKind::While { body, .. } = &looping.kind else {
        panic!("while expected");
    };
    assert_eq!((body.opened_line, body.last_line, body.end_line), (6, 7, 8));
    assert_eq!((chunk.block.opened_line, chunk.block.last_line), (1, 8));
    assert_eq!((chunk.block.end_line, chunk.end_line), (9, 9));
    assert_eq!(chunk.text, source.as_bytes());
}

#[test]
fn token_lines_the_compiler_needs() {
    let source = "function a\n.b\n.c(x,\n...) end\nlocal t = {[1]\n=\n2, k\n=\n3}\n\
                  for k in\n  next do end\nlocal y = t\n:m\n()\nif x\nthen\nend";
    let chunk = parse(source.as_bytes(), "=t").unwrap();
    let stats = &chunk.block.stats;
    let StatKind::Function { name, func } = &stats[0].kind else {
        panic!("function expected");
    };
    assert_eq!(name.path_lines, vec![1, 2, 3]);
    assert_eq!((func.line, func.vararg_line, func.end_line), (1, 4, 4));
    let StatKind::Local { values, .. } = &stats[1].kind else {
        panic!("local expected");
    };
    let ExprKind::Table(fields) = &values[0].kind else {
        panic!("table expected");
    };
    let equals: Vec<Line> = fields
        .iter()
        .map(|field| match field {
            TableField::Keyed { equals_line, .. } | TableField::Named { equals_line, .. } => {
                *equals_line
            }
            TableField::Positional(_) => 0,
        })
        .collect();
    assert_eq!(equals, vec![6, 8]);
    let StatKind::GenericFor { exprs_line, .. } = &stats[2].kind else {
        panic!("for expected");
    };
    assert_eq!(*exprs_line, 11);
    let StatKind::Local { values, .. } = &stats[3].kind else {
        panic!("local expected");
    };
    let ExprKind::MethodCall(call) = &values[0].kind else {
        panic!("method call expected");
    };
    assert_eq!((call.method_line, values[0].last_line), (13, 14));
    let StatKind::If { conds, .. } = &stats[4].kind else {
        panic!("if expected");
    };
    assert_eq!(conds[0].1.opened_line, 16);
}

/// Long chains build left-deep trees whose drop does not recurse (checked here on the main
/// test thread's stack with a million links).
#[test]
fn a_million_links_drop_iteratively() {
    let source = format!("x = a{}", ".b".repeat(1_000_000));
    let chunk = parse(source.as_bytes(), "=t").unwrap();
    drop(chunk);
}
