//! Syntax error messages, byte for byte as `lua5.4` prints them.
//!
//! Each row is a chunk and what `load(chunk, "=input")` returns in `lua5.4` 5.4.4 (`None`:
//! it loads). The table was produced by running `lua5.4` on every input; errors about names
//! (`break outside loop`) are the parser's too, as in `lua5.4`.

const CASES: &[(&[u8], Option<&str>)] = &[
    (b"local 1", Some("input:1: <name> expected near '1'")),
    (b"return 1 x", Some("input:1: <eof> expected near 'x'")),
    (b"x = }", Some("input:1: unexpected symbol near '}'")),
    (b"for 1", Some("input:1: <name> expected near '1'")),
    (b"for x y", Some("input:1: '=' or 'in' expected near 'y'")),
    (
        b"function f(1) end",
        Some("input:1: <name> or '...' expected near '1'"),
    ),
    (
        b"local x <foo> = 1",
        Some("input:1: unknown attribute 'foo'"),
    ),
    (
        b"local x <const>, y <close>, z <close> = 1",
        Some("input:1: multiple to-be-closed variables in local list"),
    ),
    (
        b"a.b:c = 1",
        Some("input:1: function arguments expected near '='"),
    ),
    (b"f() = 1", Some("input:1: syntax error near '='")),
    (b"(a) = 1", Some("input:1: syntax error near '='")),
    (b"x", Some("input:1: syntax error near <eof>")),
    (b"x = 1 = 2", Some("input:1: unexpected symbol near '='")),
    (b"x = @", Some("input:1: unexpected symbol near '@'")),
    (b"x = \x01", Some("input:1: unexpected symbol near '<\\1>'")),
    (
        b"x = \xff",
        Some("input:1: unexpected symbol near '<\\255>'"),
    ),
    (b"goto 1", Some("input:1: <name> expected near '1'")),
    (
        b"if x then else elseif",
        Some("input:1: 'end' expected near 'elseif'"),
    ),
    (b"f(a,)", Some("input:1: unexpected symbol near ')'")),
    (b"f{a b}", Some("input:1: '}' expected near 'b'")),
    (b"x = a.1", Some("input:1: unexpected symbol near '.1'")),
    (
        b"x = a:b",
        Some("input:1: function arguments expected near <eof>"),
    ),
    (
        b"a:b.c()",
        Some("input:1: function arguments expected near '.'"),
    ),
    (b"::a:: ::b", Some("input:1: '::' expected near <eof>")),
    (
        b"function f() x = ... end",
        Some("input:1: cannot use '...' outside a vararg function near '...'"),
    ),
    (
        b"x = 1 \"a\\0b\"",
        Some("input:1: unexpected symbol near '\"a'"),
    ),
    (
        b"x = 1 [==[\nabc\ndef]==]",
        Some("input:3: unexpected symbol near '[==[abc\ndef]==]'"),
    ),
    (
        b"x = 1 \"\\65\\u{48}\\x41\"",
        Some("input:1: unexpected symbol near '\"AHA\"'"),
    ),
    (b"if x then", Some("input:1: 'end' expected near <eof>")),
    (
        b"if x then\n\nx()",
        Some("input:3: 'end' expected (to close 'if' at line 1) near <eof>"),
    ),
    (
        b"while true do\n  f()\n",
        Some("input:3: 'end' expected (to close 'while' at line 1) near <eof>"),
    ),
    (
        b"do\n\n",
        Some("input:3: 'end' expected (to close 'do' at line 1) near <eof>"),
    ),
    (
        b"repeat\n x = 1\n",
        Some("input:3: 'until' expected (to close 'repeat' at line 1) near <eof>"),
    ),
    (
        b"function f()\n return\n",
        Some("input:3: 'end' expected (to close 'function' at line 1) near <eof>"),
    ),
    (
        b"f(\n1,\n2\n",
        Some("input:4: ')' expected (to close '(' at line 1) near <eof>"),
    ),
    (
        b"x = {\n1,\n2\n",
        Some("input:4: '}' expected (to close '{' at line 1) near <eof>"),
    ),
    (
        b"x = (\n1\n",
        Some("input:3: ')' expected (to close '(' at line 1) near <eof>"),
    ),
    (b"for i = 1 do end", Some("input:1: ',' expected near 'do'")),
    (
        b"for i = 1, 2 end",
        Some("input:1: 'do' expected near 'end'"),
    ),
    (
        b"for a, b = 1, 2 do end",
        Some("input:1: 'in' expected near '='"),
    ),
    (
        b"for a, 1 in x do end",
        Some("input:1: <name> expected near '1'"),
    ),
    (
        b"local function 1() end",
        Some("input:1: <name> expected near '1'"),
    ),
    (
        b"local function f(a,) end",
        Some("input:1: <name> or '...' expected near ')'"),
    ),
    (
        b"function a.b:c.d() end",
        Some("input:1: '(' expected near '.'"),
    ),
    (
        b"function a:b:c() end",
        Some("input:1: '(' expected near ':'"),
    ),
    (
        b"x = function(...) return ... end y",
        Some("input:1: syntax error near <eof>"),
    ),
    (b"local x <const", Some("input:1: '>' expected near <eof>")),
    (
        b"local x <1> = 2",
        Some("input:1: <name> expected near '1'"),
    ),
    (b"x = y z", Some("input:1: syntax error near <eof>")),
    (b"x.y", Some("input:1: syntax error near <eof>")),
    (b"x[1]", Some("input:1: syntax error near <eof>")),
    (
        b"x:m",
        Some("input:1: function arguments expected near <eof>"),
    ),
    (
        b"f():m",
        Some("input:1: function arguments expected near <eof>"),
    ),
    (
        b"return return",
        Some("input:1: unexpected symbol near 'return'"),
    ),
    (b"return 1,", Some("input:1: unexpected symbol near <eof>")),
    (b"return 1;;", Some("input:1: <eof> expected near ';'")),
    (b"x = 1 + ", Some("input:1: unexpected symbol near <eof>")),
    (b"x = not", Some("input:1: unexpected symbol near <eof>")),
    (b"x = #", Some("input:1: unexpected symbol near <eof>")),
    (b"x = a..", Some("input:1: unexpected symbol near <eof>")),
    (b"x = {[1] 2}", Some("input:1: '=' expected near '2'")),
    (b"x = {[1] = }", Some("input:1: unexpected symbol near '}'")),
    (b"x = {a = }", Some("input:1: unexpected symbol near '}'")),
    (b"x = {a.b = 1}", Some("input:1: '}' expected near '='")),
    (b"break 1", Some("input:1: unexpected symbol near '1'")),
    (b"goto", Some("input:1: <name> expected near <eof>")),
    (b"::1::", Some("input:1: <name> expected near '1'")),
    (b":: a ::", None),
    (
        b"x = a and or b",
        Some("input:1: unexpected symbol near 'or'"),
    ),
    (
        b"local function f() end end",
        Some("input:1: <eof> expected near 'end'"),
    ),
    (b"end", Some("input:1: <eof> expected near 'end'")),
    (b"until x", Some("input:1: <eof> expected near 'until'")),
    (b"else", Some("input:1: <eof> expected near 'else'")),
    (
        b"elseif x then",
        Some("input:1: <eof> expected near 'elseif'"),
    ),
    (
        b"x = (1)(2) = 3",
        Some("input:1: unexpected symbol near '='"),
    ),
    (b"a, b.c, d() = 1", Some("input:1: syntax error near '='")),
    (b"a, (b) = 1", Some("input:1: syntax error near '='")),
    (b"a, b", Some("input:1: '=' expected near <eof>")),
    (b"a, b = ", Some("input:1: unexpected symbol near <eof>")),
    (b"a = b = c", Some("input:1: unexpected symbol near '='")),
    (b"f(a b)", Some("input:1: ')' expected near 'b'")),
    (b"f 1", Some("input:1: syntax error near '1'")),
    (b"f.'x'", Some("input:1: <name> expected near ''x''")),
    (b"x = 'abc", Some("input:1: unfinished string near <eof>")),
    (b"x = 3x", Some("input:1: malformed number near '3x'")),
    (b"x = 0x1p", Some("input:1: malformed number near '0x1p'")),
    (b"local t = {} t.x, t.y = 1", None),
    (b"x = ~", Some("input:1: unexpected symbol near <eof>")),
    (b"x = a ~", Some("input:1: unexpected symbol near <eof>")),
    (b"x = 1 // ", Some("input:1: unexpected symbol near <eof>")),
    (
        b"x = a << >> b",
        Some("input:1: unexpected symbol near '>>'"),
    ),
    (
        b"if x then break end",
        Some("input:1: break outside loop at line 1"),
    ),
    (
        b"if x then break ; ; y() end",
        Some("input:1: break outside loop at line 1"),
    ),
    (
        b"if x then break x end",
        Some("input:1: syntax error near 'end'"),
    ),
    (b"while x do break end", None),
    // Errors about names come before a later syntax error, at the parser's position.
    (
        b"local x <const> = 1; x = 2; y = = 3",
        Some("input:1: attempt to assign to const variable 'x'"),
    ),
    (
        b"local function f() break end y = = 3",
        Some("input:1: break outside loop at line 1"),
    ),
    (
        b"do goto l; local a; ::l:: print(1) end y = = 3",
        Some("input:1: <goto l> at line 1 jumps into the scope of local 'a'"),
    ),
    (
        b"local x <const> = 1\nx\n= 2",
        Some("input:3: attempt to assign to const variable 'x'"),
    ),
    (
        b"goto\nfoo",
        Some("input:2: no visible label 'foo' for <goto> at line 2"),
    ),
    (
        b"break; y = = 3",
        Some("input:1: unexpected symbol near '='"),
    ),
    (
        b"x = function() end()",
        Some("input:1: unexpected symbol near ')'"),
    ),
    (b"x = (function() end)()", None),
    (b"return function(a, ...) return ... end", None),
    (b"local x <close>", None),
    (
        b"function f(...)\nlocal function g() return ... end\nend",
        Some("input:2: cannot use '...' outside a vararg function near '...'"),
    ),
    (
        b"x = \"\\q\"",
        Some("input:1: invalid escape sequence near '\"\\q'"),
    ),
    (
        b"x = [[\n",
        Some("input:2: unfinished long string (starting at line 1) near <eof>"),
    ),
    (
        b"--[==[\n\n",
        Some("input:3: unfinished long comment (starting at line 1) near <eof>"),
    ),
    (
        b"x = [==x",
        Some("input:1: invalid long string delimiter near '[=='"),
    ),
    (b"x = 1e+", Some("input:1: malformed number near '1e+'")),
    (b"a.b.c = 1 2", Some("input:1: unexpected symbol near '2'")),
    (
        b"local a, b, = 1",
        Some("input:1: <name> expected near '='"),
    ),
    (b"local = 1", Some("input:1: <name> expected near '='")),
    (
        b"local function",
        Some("input:1: <name> expected near <eof>"),
    ),
    (b"function", Some("input:1: <name> expected near <eof>")),
    (b"function f", Some("input:1: '(' expected near <eof>")),
    (
        b"function f(",
        Some("input:1: <name> or '...' expected near <eof>"),
    ),
    (b"x = function", Some("input:1: '(' expected near <eof>")),
    (b"x = {", Some("input:1: unexpected symbol near <eof>")),
    (b"x = {1,,2}", Some("input:1: unexpected symbol near ','")),
    (b"x = {;}", Some("input:1: unexpected symbol near ';'")),
    (b"x = {1;2;}", None),
    (b"f{}{}''\"\"[[x]]()", None),
    (b"x = - - - 1", None),
    (b"x = 1 .. 2", None),
    (
        b"#!shebang\nx = 1",
        Some("input:1: unexpected symbol near '#'"),
    ),
    (b"x = \x00", Some("input:1: unexpected symbol")),
    // Repeated labels are found while parsing (`checkrepeated`), before a later syntax
    // error; a closed block's labels are gone, another function's are not visible.
    (
        b"::x:: ::x:: return ( ... (",
        Some("input:1: label 'x' already defined on line 1"),
    ),
    (
        b"::a:: ; ;\n ::a:: x = 1",
        Some("input:2: label 'a' already defined on line 2"),
    ),
    (b"do ::a:: end ::a:: if x then ::b:: end ::b::", None),
    (
        b"::f:: local function g() ::f:: end repeat ::r:: until x ::r::",
        None,
    ),
    (b"f \x00", Some("input:1: syntax error")),
];

#[test]
fn messages_match_lua() {
    let mut failures = Vec::new();
    for (source, expected) in CASES {
        let got = tsukimi_syntax::parse(source, "=input")
            .err()
            .map(|e| e.to_string());
        if got.as_deref() != *expected {
            failures.push(format!(
                "source {:?}\n  expected {:?}\n  got      {:?}",
                String::from_utf8_lossy(source),
                expected,
                got
            ));
        }
    }
    assert!(CASES.len() >= 40);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn chunk_names_shape_the_prefix() {
    let err = tsukimi_syntax::parse(b"x = = 1", "@dir/input.lua").unwrap_err();
    assert_eq!(
        err.to_string(),
        "dir/input.lua:1: unexpected symbol near '='"
    );
    let err = tsukimi_syntax::parse(b"x = = 1", "x = = 1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "[string \"x = = 1\"]:1: unexpected symbol near '='"
    );
    let err = tsukimi_syntax::parse(b"\n\nx = = 1", "=stdin").unwrap_err();
    assert_eq!(err.to_string(), "stdin:3: unexpected symbol near '='");
}

/// A token quoted after `near` keeps its bytes, as lua5.4 prints them (it was made UTF-8,
/// `\xff` becoming U+FFFD).
#[test]
fn quoted_tokens_keep_their_bytes() {
    // Expected messages from `luac5.4 -p`; lua5.4 cuts a quoted string at its first NUL.
    let err = tsukimi_syntax::parse(b"local function t() \"\xff\0\" end", "=input").unwrap_err();
    assert_eq!(err.message, b"input:1: unexpected symbol near '\"\xff'");
    let err = tsukimi_syntax::parse(b"x = 1 \"\xff\"", "=input").unwrap_err();
    assert_eq!(err.message, b"input:1: unexpected symbol near '\"\xff\"'");
}

/// `local`s declared one per line: `local a0` ... `local a{n-1}`.
fn locals(n: usize) -> String {
    (0..n).map(|i| format!("local a{i}\n")).collect()
}

fn names(prefix: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{prefix}{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `too many local variables`: `lparser.c` counts every variable of the function in scope,
/// hidden `for` state included, and quotes the token after the 201st name.
#[test]
fn local_variable_limit_matches_lua() {
    let cases: Vec<(String, Option<&str>)> = vec![
        (format!("local {}", names("a", 200)), None),
        (format!("local {} = 1", names("a", 201)), Some("input:1: too many local variables (limit is 200) in main function near '='")),
        (locals(201), Some("input:202: too many local variables (limit is 200) in main function near <eof>")),
        (format!("{}for i = 1, 2 do end", locals(197)), Some("input:198: too many local variables (limit is 200) in main function near '='")),
        (format!("{}for k, v in pairs(t) do end", locals(196)), Some("input:197: too many local variables (limit is 200) in main function near ','")),
        (format!("{}for k, v in pairs(t) do end", locals(195)), Some("input:196: too many local variables (limit is 200) in main function near 'in'")),
        (format!("local function f({}) end", names("a", 201)), Some("input:1: too many local variables (limit is 200) in function at line 1 near ')'")),
        ((0..300).map(|i| format!("do local a{i} end\n")).collect(), None),
        (format!("{}function o:m({}) end local z", locals(199), names("p", 199)), None),
        (format!("{}repeat {} until x", locals(150), locals(51)), Some("input:202: too many local variables (limit is 200) in main function near 'until'")),
        (format!("{}if x then break {} end", locals(150), locals(51)), Some("input:202: too many local variables (limit is 200) in main function near 'end'")),
        (format!("{}while x do {} end local c, d", locals(150), locals(50)), None),
        (format!("{}for i = 1, 2 do {} end", locals(150), locals(47)), Some("input:198: too many local variables (limit is 200) in main function near 'end'")),
        (format!("{}x = function(self, ...) local {} end", locals(150), names("p", 200)), Some("input:151: too many local variables (limit is 200) in function at line 151 near 'end'")),
    ];
    for (source, expected) in cases {
        let got = tsukimi_syntax::parse(source.as_bytes(), "=input")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            got.as_deref(),
            expected,
            "source starting {:?}",
            &source[..source.len().min(40)]
        );
    }
}
