//! End-to-end tests of the `tsukimi` command against lua 5.4.4's `lua`.
//!
//! Every case states the exact stdout, stderr and exit status expected, written as lua5.4
//! prints them. The program runs with `argv[0] = "lua"` (the program name in messages and
//! `arg[-n]` comes from `argv[0]`, as in lua.c), so tsukimi and lua5.4 print the same bytes.
//! When `lua5.4` is installed, each case is also run with it and must produce the same
//! expected text: the committed expectations are checked to be lua's, and tsukimi is checked
//! against them. Where tsukimi differs on purpose (version line, usage text with `-j`), the
//! case gives the lua text separately.
//!
//! Also covered: Ctrl-C (SIGINT) interrupting running code, the REPL on piped input, and the
//! line-editor REPL through a pseudo-terminal (`script(1)`, skipped where it is missing).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const TSUKIMI: &str = env!("CARGO_BIN_EXE_tsukimi");

/// lua 5.4.4's usage text (after the first line).
const LUA_USAGE: &str = "usage: lua [options] [script [args]]
Available options are:
  -e stat   execute string 'stat'
  -i        enter interactive mode after executing 'script'
  -l mod    require library 'mod' into global 'mod'
  -l g=mod  require library 'mod' into global 'g'
  -v        show version information
  -E        ignore environment variables
  -W        turn warnings on
  --        stop handling options
  -         stop handling options and execute stdin
";

/// The lines tsukimi adds to lua's usage text, after `-W`.
const JIT_USAGE_LINES: &str = "  -jon      JIT compilation on (default)
  -joff     interpreter only (this build has only the interpreter:
            both run the same code)
  -bl file  list the bytecode of 'file' and exit (first option only)
";

fn tsukimi_usage() -> String {
    LUA_USAGE.replace(
        "  -W        turn warnings on\n",
        &format!("  -W        turn warnings on\n{JIT_USAGE_LINES}"),
    )
}

fn version_line() -> String {
    format!("Lua 5.4  tsukimi {}\n", env!("CARGO_PKG_VERSION"))
}

/// One invocation: arguments, environment additions, stdin bytes, files in the work dir.
#[derive(Default, Clone)]
struct Case {
    args: Vec<Vec<u8>>,
    env: Vec<(&'static str, String)>,
    stdin: Vec<u8>,
    files: Vec<(&'static str, Vec<u8>)>,
}

impl Case {
    fn args(args: &[&str]) -> Case {
        Case {
            args: args.iter().map(|a| a.as_bytes().to_vec()).collect(),
            ..Case::default()
        }
    }

    fn env(mut self, name: &'static str, value: &str) -> Case {
        self.env.push((name, value.to_string()));
        self
    }

    fn stdin(mut self, text: &str) -> Case {
        self.stdin = text.as_bytes().to_vec();
        self
    }

    fn file(mut self, name: &'static str, text: &str) -> Case {
        self.files.push((name, text.as_bytes().to_vec()));
        self
    }
}

/// A fresh directory for one run, removed when dropped.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> WorkDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("tsukimi-cli-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        WorkDir(dir)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A command for `program` with `argv[0] = "lua"`, a clean environment and `dir` as cwd.
fn command(program: &Path, case: &Case, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::process::CommandExt;
        cmd.arg0("lua");
        cmd.args(case.args.iter().map(|a| std::ffi::OsStr::from_bytes(a)));
    }
    #[cfg(not(unix))]
    cmd.args(
        case.args
            .iter()
            .map(|a| String::from_utf8_lossy(a).into_owned()),
    );
    for var in [
        "LUA_INIT",
        "LUA_INIT_5_4",
        "LUA_PATH",
        "LUA_PATH_5_4",
        "LUA_CPATH",
        "LUA_CPATH_5_4",
        "TSUKIMI_HISTORY",
    ] {
        cmd.env_remove(var);
    }
    for (name, value) in &case.env {
        cmd.env(name, value);
    }
    cmd.current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run_program(program: &Path, case: &Case) -> Output {
    let dir = WorkDir::new();
    for (name, text) in &case.files {
        std::fs::write(dir.0.join(name), text).unwrap();
    }
    let mut child = command(program, case, &dir.0).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = case.stdin.clone();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Waits for a child started by a test that steers it (signals, a terminal), killing it
/// and failing if it is still running after 30 seconds (so a broken interrupt cannot hang
/// the test suite). Its output is small enough to sit in the pipes meanwhile.
fn finish(mut child: std::process::Child) -> Output {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "still running after 30 s; stdout {:?}, stderr {:?}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// `lua5.4` if installed.
fn reference_lua() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("lua5.4"))
        .find(|p| p.is_file())
}

#[derive(Debug, PartialEq)]
struct Seen {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn seen(output: &Output) -> Seen {
    Seen {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn expected(status: i32, stdout: &str, stderr: &str) -> Seen {
    Seen {
        status: Some(status),
        stdout: stdout.to_string(),
        stderr: stderr.to_string(),
    }
}

/// tsukimi must print `want`; so must lua5.4 (when installed), or `lua_want` if given.
fn check_with(case: Case, want: Seen, lua_want: Option<Seen>) {
    let got = seen(&run_program(Path::new(TSUKIMI), &case));
    assert_eq!(got, want, "tsukimi {:?}", printable_args(&case));
    if let Some(lua) = reference_lua() {
        let lua_got = seen(&run_program(&lua, &case));
        let lua_want = lua_want.unwrap_or(want);
        assert_eq!(lua_got, lua_want, "lua5.4 {:?}", printable_args(&case));
    }
}

fn check(case: Case, status: i32, stdout: &str, stderr: &str) {
    check_with(case, expected(status, stdout, stderr), None);
}

fn printable_args(case: &Case) -> Vec<String> {
    case.args
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// `lua: <message>` plus a traceback whose lines are given without the leading tab.
fn error_text(message: &str, traceback: &[&str]) -> String {
    let mut text = format!("lua: {message}\nstack traceback:\n");
    for line in traceback {
        text.push('\t');
        text.push_str(line);
        text.push('\n');
    }
    text
}

// ---- options and usage -------------------------------------------------------------------

#[test]
fn bad_options_print_the_usage_and_exit_with_1() {
    for (args, first_line) in [
        (&["-x"][..], "lua: unrecognized option '-x'\n"),
        (&["-ix"][..], "lua: unrecognized option '-ix'\n"),
        (&["-vx"][..], "lua: unrecognized option '-vx'\n"),
        (&["-E5"][..], "lua: unrecognized option '-E5'\n"),
        (&["-Wall"][..], "lua: unrecognized option '-Wall'\n"),
        (&["--x"][..], "lua: unrecognized option '--x'\n"),
        (&["-e"][..], "lua: '-e' needs argument\n"),
        (&["-l"][..], "lua: '-l' needs argument\n"),
        (&["-e", "-v"][..], "lua: '-e' needs argument\n"),
        (&["-v", "-l", "--"][..], "lua: '-l' needs argument\n"),
        (
            &["-e", "print(1)", "-y", "x.lua"][..],
            "lua: unrecognized option '-y'\n",
        ),
    ] {
        let ours = expected(1, "", &format!("{first_line}{}", tsukimi_usage()));
        let lua = expected(1, "", &format!("{first_line}{LUA_USAGE}"));
        check_with(Case::args(args), ours, Some(lua));
    }
}

#[test]
fn jit_options() {
    let only_ours = |args: &[&str], want: Seen| {
        let got = seen(&run_program(Path::new(TSUKIMI), &Case::args(args)));
        assert_eq!(got, want, "{args:?}");
    };
    only_ours(&["-joff", "-e", "print(1)"], expected(0, "1\n", ""));
    only_ours(&["-j", "off", "-e", "print(2)"], expected(0, "2\n", ""));
    only_ours(&["-jon", "-joff", "-e", "print(3)"], expected(0, "3\n", ""));
    only_ours(
        &["-jfast", "-e", "print(1)"],
        expected(
            1,
            "",
            &format!(
                "lua: unrecognized JIT command 'fast' (known: -jon, -joff)\n{}",
                tsukimi_usage()
            ),
        ),
    );
    only_ours(
        &["-j"],
        expected(
            1,
            "",
            &format!("lua: '-j' needs argument\n{}", tsukimi_usage()),
        ),
    );
}

/// `-bl` lists bytecode in `luac5.4 -l -l`'s format (names instead of addresses) and runs
/// nothing; compile errors are reported like load failures.
#[test]
fn bytecode_listing_option() {
    let only_ours = |case: Case, want: Seen| {
        let got = seen(&run_program(Path::new(TSUKIMI), &case));
        assert_eq!(got, want, "{:?}", printable_args(&case));
    };
    let listing = "
main <t.lua:0,0> (7 instructions at main)
0+ params, 3 slots, 1 upvalue, 1 local, 1 constant, 0 functions
\t1\t[1]\tVARARGPREP\t0
\t2\t[1]\tLOADI    \t0 1
\t3\t[2]\tGETTABUP \t1 0 0\t; _ENV \"print\"
\t4\t[2]\tADDI     \t2 0 2
\t5\t[2]\tMMBINI   \t0 2 6 0\t; __add
\t6\t[2]\tCALL     \t1 2 1\t; 1 in 0 out
\t7\t[2]\tRETURN   \t1 1 1\t; 0 out
constants (1) for main:
\t0\tS\t\"print\"
locals (1) for main:
\t0\tx\t3\t8
upvalues (1) for main:
\t0\t_ENV\t1\t0
";
    let program = "local x = 1\nprint(x + 2)\n";
    only_ours(
        Case::args(&["-bl", "t.lua"]).file("t.lua", program),
        expected(0, listing, ""),
    );
    only_ours(
        Case::args(&["-bl", "-"]).stdin("x = = 1\n"),
        expected(1, "", "lua: stdin:1: unexpected symbol near '='\n"),
    );
    // A binary chunk is listed as it loads: the same listing as its source's.
    let proto = tsukimi_bytecode::load_source(program.as_bytes(), "@t.lua").unwrap();
    let chunk = tsukimi_bytecode::dump(&proto, false);
    only_ours(
        Case {
            files: vec![("t.luac", chunk.clone())],
            ..Case::args(&["-bl", "t.luac"])
        },
        expected(0, listing, ""),
    );
    only_ours(
        Case {
            files: vec![("t.luac", chunk[..40].to_vec())],
            ..Case::args(&["-bl", "t.luac"])
        },
        expected(1, "", "lua: t.luac: bad binary format (truncated chunk)\n"),
    );
    only_ours(
        Case::args(&["-bl", "missing.lua"]),
        expected(
            1,
            "",
            "lua: cannot open missing.lua: No such file or directory\n",
        ),
    );
}

#[test]
fn version_option() {
    let version_and = |rest: &str| format!("{}{rest}", version_line());
    let lua_version = "Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio\n";
    for (args, stdin, rest) in [
        (&["-v"][..], "print('not run')", ""),
        (&["-v", "-e", "print(1)"][..], "", "1\n"),
        (&["-e", "print(1)", "-v"][..], "", "1\n"),
    ] {
        check_with(
            Case::args(args).stdin(stdin),
            expected(0, &version_and(rest), ""),
            Some(expected(0, &format!("{lua_version}{rest}"), "")),
        );
    }
}

// ---- the arg table and script arguments ---------------------------------------------------

const SHOW_ARGS: &str = "print(select('#', ...), ...)
for i = -4, #arg do print(i, arg[i]) end
";

#[test]
fn arg_table_with_script() {
    check(
        Case::args(&["-e", "x=1", "s.lua", "a", "b c", ""]).file("s.lua", SHOW_ARGS),
        0,
        "3\ta\tb c\t\n-4\tnil\n-3\tlua\n-2\t-e\n-1\tx=1\n0\ts.lua\n1\ta\n2\tb c\n3\t\n",
        "",
    );
    check(
        Case::args(&["--", "s.lua", "-x"]).file("s.lua", SHOW_ARGS),
        0,
        "1\t-x\n-4\tnil\n-3\tnil\n-2\tlua\n-1\t--\n0\ts.lua\n1\t-x\n",
        "",
    );
}

#[test]
fn arg_table_without_script() {
    check(
        Case::args(&["-e", "for i = -2, #arg do print(i, arg[i]) end"]),
        0,
        "-2\tnil\n-1\tnil\n0\tlua\n1\t-e\n2\tfor i = -2, #arg do print(i, arg[i]) end\n",
        "",
    );
    check(
        Case::args(&["-e", "print(#arg, arg[2])", "--"]),
        0,
        "3\tprint(#arg, arg[2])\n",
        "",
    );
}

#[test]
fn script_arguments_come_from_arg_as_it_is_when_the_script_starts() {
    check(
        Case::args(&["-e", "arg = {'p', 'q'}", "s.lua", "x"])
            .file("s.lua", "print(...) print(arg[0])"),
        0,
        "p\tq\nnil\n",
        "",
    );
    check(
        Case::args(&["-e", "arg = nil", "s.lua"]).file("s.lua", "print('not run')"),
        1,
        "",
        "lua: 'arg' is not a table\n",
    );
}

#[test]
fn script_argument_count_is_lual_len_of_arg() {
    let script = "print('script', ...)";
    check(
        Case::args(&[
            "-e",
            "setmetatable(arg, {__len = function() return 1 end})",
            "s.lua",
            "a",
            "b",
        ])
        .file("s.lua", script),
        0,
        "script\ta\n",
        "",
    );
    check(
        Case::args(&[
            "-e",
            "setmetatable(arg, {__len = function() return '2' end})",
            "s.lua",
            "a",
            "b",
        ])
        .file("s.lua", script),
        0,
        "script\ta\tb\n",
        "",
    );
    check(
        Case::args(&[
            "-e",
            "setmetatable(arg, {__len = function() return 1.5 end})",
            "s.lua",
        ])
        .file("s.lua", script),
        1,
        "",
        "lua: object length is not an integer\n",
    );
    check(
        Case::args(&[
            "-e",
            "setmetatable(arg, {__len = function() error('no len') end})",
            "s.lua",
        ])
        .file("s.lua", script),
        1,
        "",
        "lua: (command line):1: no len\n",
    );
}

/// `#arg` is computed without running Lua code: a hook set by `-e` sees only the script.
#[test]
fn hooks_set_by_execute_options_see_no_argument_counting() {
    check(
        Case::args(&[
            "-e",
            "debug.sethook(function(e) io.write(e, ' ') end, 'c')",
            "s.lua",
            "a",
        ])
        .file("s.lua", "print('script', ...)"),
        0,
        "call call script\ta\n",
        "",
    );
    // With return events lua5.4 also reports its own `pmain` returning at the end, which
    // tsukimi has no frame for; only the absence of a counting chunk is checked here.
    let case = Case::args(&[
        "-e",
        "debug.sethook(function(e) io.write(e, ' ', debug.getinfo(2, 'S').source, ' ') end, 'cr')",
        "s.lua",
    ])
    .file("s.lua", "print('script')");
    let out = seen(&run_program(Path::new(TSUKIMI), &case));
    assert_eq!(out.status, Some(0));
    assert!(out.stdout.contains("call @s.lua"), "{}", out.stdout);
    assert!(!out.stdout.contains("=length"), "{}", out.stdout);
}

#[cfg(unix)]
#[test]
fn arguments_are_passed_as_raw_bytes() {
    let mut case = Case::args(&["s.lua"]).file("s.lua", "print(arg[1]) print(#arg[1], #(...))");
    case.args.push(vec![0xff, b'a', 0xfe]);
    let out = run_program(Path::new(TSUKIMI), &case);
    assert_eq!(out.stdout, b"\xffa\xfe\n3\t3\n");
    assert_eq!(out.status.code(), Some(0));
}

// ---- -e, -l, -W ---------------------------------------------------------------------------

#[test]
fn execute_options_run_in_order_and_stop_at_the_first_error() {
    check(
        Case::args(&["-ex=1", "-e", "print(x)", "-e", "x = x + 1 print(x)"]),
        0,
        "1\n2\n",
        "",
    );
    check(
        Case::args(&["-e", "print(1)", "-e", "error('a')", "-e", "print(2)"]),
        1,
        "1\n",
        &error_text(
            "(command line):1: a",
            &[
                "[C]: in function 'error'",
                "(command line):1: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
    check(
        Case::args(&["-e", "\u{1b}Lua"]),
        1,
        "",
        "lua: (command line): bad binary format (truncated chunk)\n",
    );
    check(
        Case::args(&["-e", "x = = 1"]),
        1,
        "",
        "lua: (command line):1: unexpected symbol near '='\n",
    );
}

#[test]
fn library_option_calls_require() {
    check(
        Case::args(&[
            "-e",
            "require = function(n) return n .. '!' end",
            "-lg=foo",
            "-lbar",
            "-l",
            "baz",
            "-e",
            "print(g, bar, baz, foo)",
        ]),
        0,
        "foo!\tbar!\tbaz!\tnil\n",
        "",
    );
    check(
        Case::args(&["-e", "require = nil", "-lfoo", "-e", "print('not run')"]),
        1,
        "",
        &error_text("attempt to call a nil value", &["[C]: in ?"]),
    );
}

#[test]
fn warnings_option() {
    check(
        Case::args(&["-e", "warn('a')", "-W", "-e", "warn('b') warn('c', 'd')"]),
        0,
        "",
        "Lua warning: b\nLua warning: cd\n",
    );
    check(Case::args(&["-e", "warn('x')"]), 0, "", "");
}

// ---- LUA_INIT and -E ----------------------------------------------------------------------

#[test]
fn lua_init_variants() {
    let run = Case::args(&["-e", "print(1)"]);
    check(
        run.clone().env("LUA_INIT", "print('init')"),
        0,
        "init\n1\n",
        "",
    );
    check(
        run.clone()
            .env("LUA_INIT_5_4", "print(54)")
            .env("LUA_INIT", "print(0)"),
        0,
        "54\n1\n",
        "",
    );
    check(
        run.clone()
            .env("LUA_INIT_5_4", "")
            .env("LUA_INIT", "print(0)"),
        0,
        "1\n",
        "",
    );
    check(
        run.clone()
            .env("LUA_INIT", "@init.lua")
            .file("init.lua", "print('from file', arg[0])"),
        0,
        "from file\tlua\n1\n",
        "",
    );
    check(
        run.clone().env("LUA_INIT", "error('x')"),
        1,
        "",
        &error_text(
            "LUA_INIT:1: x",
            &[
                "[C]: in function 'error'",
                "LUA_INIT:1: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
    check(
        run.clone().env("LUA_INIT_5_4", "error('y')"),
        1,
        "",
        &error_text(
            "LUA_INIT_5_4:1: y",
            &[
                "[C]: in function 'error'",
                "LUA_INIT_5_4:1: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
    check(
        run.clone().env("LUA_INIT", "x="),
        1,
        "",
        "lua: LUA_INIT:1: unexpected symbol near <eof>\n",
    );
    check(
        run.clone().env("LUA_INIT", "@nofile.lua"),
        1,
        "",
        "lua: cannot open nofile.lua: No such file or directory\n",
    );
}

#[test]
fn ignore_environment_option() {
    check(
        Case::args(&["-E", "-e", "print(1)"])
            .env("LUA_INIT", "print(0)")
            .env("LUA_INIT_5_4", "print(54)"),
        0,
        "1\n",
        "",
    );
}

// ---- scripts and standard input -----------------------------------------------------------

#[test]
fn script_errors() {
    let traceback = [
        "[C]: in function 'error'",
        "s.lua:1: in main chunk",
        "[C]: in ?",
    ];
    check(
        Case::args(&["s.lua"]).file("s.lua", "print('before') error('boom')"),
        1,
        "before\n",
        &error_text("s.lua:1: boom", &traceback),
    );
    check(
        Case::args(&["s.lua"]).file("s.lua", "error({})"),
        1,
        "",
        &error_text("(error object is a table value)", &traceback),
    );
    check(
        Case::args(&["s.lua"]).file("s.lua", "error(42)"),
        1,
        "",
        &error_text("42", &traceback),
    );
    check(
        Case::args(&["s.lua"]).file("s.lua", "error()"),
        1,
        "",
        &error_text("(error object is a nil value)", &traceback),
    );
    check(
        Case::args(&["s.lua"]).file(
            "s.lua",
            "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
        ),
        1,
        "",
        "lua: custom\n",
    );
    check(
        Case::args(&["s.lua"]).file("s.lua", "x = = 1"),
        1,
        "",
        "lua: s.lua:1: unexpected symbol near '='\n",
    );
    check(
        Case::args(&["s.lua"]).file("s.lua", "#!/usr/bin/env lua\nerror('line 2')"),
        1,
        "",
        &error_text(
            "s.lua:2: line 2",
            &[
                "[C]: in function 'error'",
                "s.lua:2: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
}

#[test]
fn files_that_cannot_be_read() {
    check(
        Case::args(&["nonexistent.lua"]),
        1,
        "",
        "lua: cannot open nonexistent.lua: No such file or directory\n",
    );
    check(
        Case::args(&["."]),
        1,
        "",
        "lua: cannot read .: Is a directory\n",
    );
    check(
        Case::args(&["--", "-"]),
        1,
        "",
        "lua: cannot open -: No such file or directory\n",
    );
}

#[test]
fn successful_script_exits_with_0() {
    check(
        Case::args(&["s.lua"]).file("s.lua", "\u{feff}#!shebang\nprint('ok')"),
        0,
        "ok\n",
        "",
    );
}

#[test]
fn dash_runs_stdin_with_arguments() {
    check(
        Case::args(&["-", "x", "y"]).stdin("print(...) print(arg[0], arg[-1])"),
        0,
        "x\ty\n-\tlua\n",
        "",
    );
    check(
        Case::args(&["-"]).stdin("#!/bin/x\nerror('l2')"),
        1,
        "",
        &error_text(
            "stdin:2: l2",
            &[
                "[C]: in function 'error'",
                "stdin:2: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
}

#[test]
fn piped_stdin_without_script_runs_as_a_script() {
    check(Case::args(&[]).stdin("print('s', ...)"), 0, "s\n", "");
    check(Case::args(&["--"]).stdin("print('t')"), 0, "t\n", "");
    check(Case::args(&["-W"]).stdin("print('u')"), 0, "u\n", "");
    // lua 5.4.4 ignores the outcome of this run: the status stays 0.
    check(
        Case::args(&[]).stdin("error('x')"),
        0,
        "",
        "lua: stdin:1: x\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n",
    );
    check(
        Case::args(&[]).stdin("@"),
        0,
        "",
        "lua: stdin:1: unexpected symbol near '@'\n",
    );
    check(
        Case::args(&["-e", "print(1)"]).stdin("print(2)"),
        0,
        "1\n",
        "",
    );
}

// ---- REPL on piped input ------------------------------------------------------------------

/// Runs `-i` (or other args) with piped input; compares stdout after the banner line.
fn check_repl(case: Case, status: i32, after_banner: &str, stderr: &str) {
    let ours = expected(status, &format!("{}{after_banner}", version_line()), stderr);
    let lua = expected(
        status,
        &format!("Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio\n{after_banner}"),
        stderr,
    );
    check_with(case, ours, Some(lua));
}

#[test]
fn repl_evaluates_expressions_statements_and_continuations() {
    check_repl(
        Case::args(&["-i"])
            .stdin("print(1)\n1+1\nx = {\n1,\n2}\n=x[2]\nreturn 1, nil, 'z'\n\nlocal y = 5\n=y\n"),
        0,
        "> print(1)\n1\n> 1+1\n2\n> x = {\n>> 1,\n>> 2}\n> =x[2]\n2\n\
         > return 1, nil, 'z'\n1\tnil\tz\n> \n> local y = 5\n> =y\nnil\n> \n",
        "",
    );
}

#[test]
fn repl_reports_errors_and_goes_on() {
    check_repl(
        Case::args(&["-i"]).stdin(
        "error('e')\nerror({})\nx = = 1\nprint('still here')\n"),
        0,
        "> error('e')\n> error({})\n> x = = 1\n> print('still here')\nstill here\n> \n",
        "stdin:1: e\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n\
         (error object is a table value)\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n\
         stdin:1: unexpected symbol near '='\n",
    );
}

#[test]
fn repl_prompts_and_print() {
    check_repl(
        Case::args(&["-i"]).stdin(
        "_PROMPT = 'P '\n_PROMPT2 = setmetatable({}, {__tostring = function() return 'Q' end})\n\
         if x then\nend\n_PROMPT2 = 7\nif x then\nend\nprint = nil\n1\n"),
        0,
        "> _PROMPT = 'P '\nP _PROMPT2 = setmetatable({}, {__tostring = function() return 'Q' end})\n\
         P if x then\nQend\nP _PROMPT2 = 7\nP if x then\n7end\nP print = nil\nP 1\nP \n",
        "error calling 'print' (attempt to call a nil value)\n",
    );
    check_repl(
        Case::args(&["-i"]).stdin(
        "_PROMPT = setmetatable({}, {__tostring = function() error('bad prompt') end})\nprint(1)\n"),
        1,
        "> _PROMPT = setmetatable({}, {__tostring = function() error('bad prompt') end})\n",
        "stdin:1: bad prompt\n",
    );
}

#[test]
fn repl_after_script_and_execute_options() {
    check_repl(
        Case::args(&["-e", "x = 3", "-i", "s.lua", "a"])
            .file("s.lua", "y = 'arg ' .. arg[1]")
            .stdin("=x, y\n"),
        0,
        "> =x, y\n3\targ a\n> \n",
        "",
    );
    check_repl(
        Case::args(&["-i", "s.lua"]).file("s.lua", "error('stop')"),
        1,
        "",
        &error_text(
            "s.lua:1: stop",
            &[
                "[C]: in function 'error'",
                "s.lua:1: in main chunk",
                "[C]: in ?",
            ],
        ),
    );
}

#[test]
fn repl_incomplete_entry_at_end_of_input_reports_its_error() {
    // lua 5.4.4 prints "(null)" here (a bug); tsukimi prints the syntax error.
    let out = run_program(Path::new(TSUKIMI), &Case::args(&["-i"]).stdin("for\n"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}> for\n>> > \n", version_line())
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("stdin:1: "), "{stderr}");
    assert!(stderr.ends_with("expected near <eof>\n"), "{stderr}");
}

// ---- Ctrl-C -------------------------------------------------------------------------------

#[cfg(unix)]
fn send_sigint(child: &std::process::Child) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: `kill` with a valid pid of our own child process and a valid signal number.
    let rc = unsafe { libc::kill(pid, libc::SIGINT) };
    assert_eq!(rc, 0);
}

/// Reads the child's stdout line by line until a line equal to `wanted`; returns what it
/// read, and the reader for the rest. If the line has not come within 30 s the child is
/// killed, which ends its output, so the test fails instead of hanging. (stdout into a pipe
/// is fully buffered, as in C: scripts steered this way flush after the line they announce.)
#[cfg(unix)]
fn read_until_line(
    child: &mut std::process::Child,
    wanted: &str,
) -> (String, std::io::BufReader<std::process::ChildStdout>) {
    use std::io::BufRead;
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let (seen_line, wait_for_line) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if wait_for_line.recv_timeout(Duration::from_secs(30))
            == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        {
            // SAFETY: `kill` with the pid of our own child and a valid signal number; if
            // the child was already reaped the call fails harmlessly.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap();
        assert!(n > 0, "end of output before {wanted:?}: {seen:?}");
        seen.push_str(&line);
        if line.trim_end_matches('\n') == wanted {
            let _ = seen_line.send(());
            return (seen, reader);
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_interrupts_a_running_script() {
    let dir = WorkDir::new();
    let case = Case::args(&[
        "-e",
        "print('ready') io.stdout:flush() local function spin() while true do end end spin()",
    ]);
    let mut child = command(Path::new(TSUKIMI), &case, &dir.0).spawn().unwrap();
    drop(child.stdin.take());
    let _running = read_until_line(&mut child, "ready");
    send_sigint(&child);
    let out = finish(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("lua: "), "{stderr}");
    assert!(
        stderr.contains("interrupted!\nstack traceback:\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_the_repl_interrupts_the_entry_and_the_loop_goes_on() {
    use std::io::Read;
    let dir = WorkDir::new();
    let case = Case::args(&["-i"]);
    let mut child = command(Path::new(TSUKIMI), &case, &dir.0).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"print('ready') io.stdout:flush() while true do end\n")
        .unwrap();
    stdin.flush().unwrap();
    let (mut stdout, mut rest) = read_until_line(&mut child, "ready");
    send_sigint(&child);
    stdin.write_all(b"print('after')\n").unwrap();
    drop(stdin);
    let out = finish(child);
    rest.read_to_string(&mut stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("interrupted!"), "{stderr}");
    assert!(
        stdout.ends_with("ready\n> print('after')\nafter\n> \n"),
        "{stdout}"
    );
}

// ---- line editor through a pseudo-terminal ------------------------------------------------

#[cfg(unix)]
#[test]
fn line_editor_repl_in_a_terminal() {
    let Some(script) = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.is_file())
    else {
        eprintln!("script(1) not found: pseudo-terminal test skipped");
        return;
    };
    let pty_works = Command::new(script)
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !pty_works {
        eprintln!("script(1) cannot make a pseudo-terminal here: test skipped");
        return;
    }
    let dir = WorkDir::new();
    let history = dir.0.join("history");
    let mut child = Command::new(script)
        .args(["-qec", TSUKIMI, "/dev/null"])
        .env("TERM", "xterm")
        .env("TSUKIMI_HISTORY", &history)
        .env_remove("LUA_INIT")
        .env_remove("LUA_INIT_5_4")
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let pause = || std::thread::sleep(Duration::from_millis(400));
    pause();
    for keys in [&b"1+2\r"[..], b"x = {\r", b"'ab'}\r", b"=x[1]\r", b"\x04"] {
        stdin.write_all(keys).unwrap();
        stdin.flush().unwrap();
        pause();
    }
    drop(stdin);
    let out = finish(child);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&version_line().replace('\n', "\r\n")),
        "{stdout}"
    );
    assert!(stdout.contains("\r\n3\r\n"), "{stdout}");
    assert!(stdout.contains(">> "), "{stdout}");
    assert!(stdout.contains("\r\nab\r\n"), "{stdout}");
    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(saved.contains("1+2\n"), "{saved}");
    assert!(saved.contains("=x[1]"), "{saved}");
}

// ---- robustness ---------------------------------------------------------------------------

#[test]
fn deep_native_recursion_is_an_error_not_a_crash() {
    let code = "local t = setmetatable({}, {__index = function(t, k) return t[k] end})
                print((pcall(function() return t.x end)))
                local function f() return pcall(f) end
                print((f()))";
    let out = run_program(Path::new(TSUKIMI), &Case::args(&["-e", code]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"false\ntrue\n");
}

/// `luac5.4` output runs: binary chunks are in Lua 5.4's own format.
#[test]
fn luac_chunks_run() {
    let Some(lua) = reference_lua() else { return };
    let Some(luac) = lua
        .parent()
        .map(|d| d.join("luac5.4"))
        .filter(|p| p.is_file())
    else {
        return;
    };
    let dir = WorkDir::new();
    std::fs::write(dir.0.join("s.lua"), "print('compiled', ...)").unwrap();
    let status = Command::new(luac)
        .current_dir(&dir.0)
        .args(["-o", "s.luac", "s.lua"])
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(dir.0.join("s.luac")).unwrap();
    let case = Case {
        args: vec![b"s.luac".to_vec(), b"x".to_vec()],
        files: vec![("s.luac", bytes)],
        ..Case::default()
    };
    let got = seen(&run_program(Path::new(TSUKIMI), &case));
    assert_eq!(got, expected(0, "compiled\tx\n", ""));
}

/// Chunks dumped by tsukimi's own `string.dump` run as a script, through `LUA_INIT=@file`
/// and through `dofile` like text (one load path, mode "bt"), and in lua5.4.
#[test]
fn own_binary_chunks_run_as_script_and_lua_init() {
    let dir = WorkDir::new();
    let dump = "local f = assert(load('print(\\'dumped\\', ...)', '=d')) \
                local out = assert(io.open('d.luac', 'wb')) \
                out:write(string.dump(f)) out:close()";
    let made = command(Path::new(TSUKIMI), &Case::args(&["-e", dump]), &dir.0)
        .output()
        .unwrap();
    assert_eq!(seen(&made), expected(0, "", ""));
    let bytes = std::fs::read(dir.0.join("d.luac")).unwrap();
    assert_eq!(bytes.first(), Some(&0x1b));
    let case = Case {
        args: vec![b"d.luac".to_vec(), b"x".to_vec()],
        files: vec![("d.luac", bytes.clone())],
        env: vec![("LUA_INIT", "@d.luac".to_string())],
        ..Case::default()
    };
    let got = seen(&run_program(Path::new(TSUKIMI), &case));
    assert_eq!(got, expected(0, "dumped\ndumped\tx\n", ""));
    let case = Case {
        args: vec![b"-e".to_vec(), b"dofile('d.luac')".to_vec()],
        files: vec![("d.luac", bytes)],
        ..Case::default()
    };
    let got = seen(&run_program(Path::new(TSUKIMI), &case));
    assert_eq!(got, expected(0, "dumped\n", ""));
    if let Some(lua) = reference_lua() {
        let case = Case {
            args: vec![b"d.luac".to_vec(), b"x".to_vec()],
            files: case.files.clone(),
            ..Case::default()
        };
        let got = seen(&run_program(&lua, &case));
        assert_eq!(got, expected(0, "dumped\tx\n", ""));
    }
}

/// `io.read` in a piped REPL takes its own buffer's worth of the input, so the REPL then sees
/// the end of it: lua5.4 does the same (stdio buffering vs readline's reads).
#[test]
fn repl_code_reading_stdin_takes_the_buffered_input() {
    let has_io = run_program(Path::new(TSUKIMI), &Case::args(&["-e", "print(io ~= nil)"]));
    if has_io.stdout != b"true\n" {
        eprintln!("no io library yet: skipped");
        return;
    }
    check_repl(
        Case::args(&["-i"]).stdin("x = io.read()\nhello there\n=x\n"),
        0,
        "> x = io.read()\n> \n",
        "",
    );
}

#[cfg(unix)]
#[test]
fn closed_stdout_ends_the_process_with_sigpipe() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let dir = WorkDir::new();
    let case = Case::args(&["-e", "for i = 1, 1e6 do print(i) end"]);
    let mut child = command(Path::new(TSUKIMI), &case, &dir.0).spawn().unwrap();
    drop(child.stdin.take());
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 2];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"1\n");
    drop(stdout);
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
}

#[test]
fn library_option_loads_modules_through_package_path() {
    let module = "return { answer = 42, name = ... }";
    check(
        Case::args(&[
            "-lmod",
            "-l",
            "g=mod",
            "-e",
            "print(mod.answer, g == mod, mod.name)",
        ])
        .env("LUA_PATH", "./?.lua")
        .file("mod.lua", module),
        0,
        "42\ttrue\tmod\n",
        "",
    );
    check(
        Case::args(&["-lnomod", "-e", "print('not run')"])
            .env("LUA_PATH", "./?.lua")
            .env("LUA_CPATH", "./?.so"),
        1,
        "",
        &error_text(
            "module 'nomod' not found:\n\tno field package.preload['nomod']\n\
             \tno file './nomod.lua'\n\tno file './nomod.so'",
            &["[C]: in function 'require'", "[C]: in ?"],
        ),
    );
}

#[test]
fn ignore_environment_option_ignores_the_package_paths() {
    let code = "print(package.path == '/x/?.lua', package.cpath == '/y/?.so')";
    let case = Case::args(&["-e", code])
        .env("LUA_PATH", "/x/?.lua")
        .env("LUA_CPATH_5_4", "/y/?.so");
    check(case.clone(), 0, "true\ttrue\n", "");
    let mut ignoring = case;
    ignoring.args.insert(0, b"-E".to_vec());
    check(ignoring, 0, "false\tfalse\n", "");
}

/// Without address space for the interpreter thread's stack, the run happens on the main
/// thread instead of failing (60000 KiB is less than the 64 MiB stack alone).
#[cfg(unix)]
#[test]
fn runs_even_when_the_big_stack_cannot_be_reserved() {
    let out = Command::new("/bin/sh")
        .args([
            "-c",
            "ulimit -v 60000 && exec \"$0\" -e 'print(\"ok\")'",
            TSUKIMI,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"ok\n"[..]),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `tsukimi -e script` with its address space limited to 300 MB (`ulimit -v`), so that
/// allocation fails in the process as it does when memory runs out.
#[cfg(unix)]
fn run_in_300_mb(script: &str) -> Output {
    run_with_address_space(300_000, script)
}

/// Runs `tsukimi -e script` with its address space limited to `kib` KiB.
#[cfg(unix)]
fn run_with_address_space(kib: u32, script: &str) -> Output {
    Command::new("/bin/sh")
        .args([
            "-c",
            "ulimit -v \"$2\" && exec \"$0\" -e \"$1\"",
            TSUKIMI,
            script,
            &kib.to_string(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Asserts a run's exit status and stdout, showing `context` and its stderr on failure.
#[cfg(unix)]
fn assert_status_and_stdout(out: &Output, status: i32, stdout: &str, context: &str) {
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned()
        ),
        (Some(status), stdout.to_string()),
        "{context}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Under an address-space limit most of it is the script's: glibc gave the Lua thread an
/// arena that reserved 64 MiB at once, and with 150 MB a script ran out after 7,500 small
/// tables (lua5.4: 1.2 million). The command keeps glibc to one arena.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn an_address_space_limit_is_mostly_usable() {
    let out = run_with_address_space(
        150_000,
        "local t = {} for i = 1, 100000 do t[i] = {i} end print(#t)",
    );
    assert_status_and_stdout(&out, 0, "100000\n", "under 150 MB");
}

/// The library functions that build long strings fail with "not enough memory" (their
/// buffers grew infallibly: `table.concat` aborted the process under 200 MB), and the
/// program goes on, as in lua5.4.
#[cfg(unix)]
#[test]
fn long_results_run_out_of_memory_cleanly() {
    let script = "local s = ('abc'):rep(1000) \
        print(pcall(function() while true do s = s:gsub('a', 'aa') end end)) s = nil \
        print(pcall(function() local t = {} for i = 1, 1e9 do t[i] = ('y'):rep(1000) end end)) \
        local parts = {} for i = 1, 50000 do parts[i] = ('z'):rep(1000) end \
        print(pcall(function() local all = {} \
          for i = 1, 1e9 do all[i] = table.concat(parts) end end)) parts = nil \
        local big = ('Ab'):rep(4 << 20) \
        for _, f in ipairs({string.upper, string.reverse, function(s) return ('%q'):format(s) end}) do \
          print(pcall(function() local held = {} while true do held[#held + 1] = f(big) end end)) \
        end";
    let out = run_with_address_space(200_000, script);
    assert_status_and_stdout(
        &out,
        0,
        &"false\tnot enough memory\n".repeat(6),
        "under 200 MB",
    );
}

/// Deep recursion under an address-space limit ends in a catchable error, "stack overflow"
/// or, with less room, "not enough memory" (lua5.4 says the same under 70 MB). The frame
/// list grew in the interpreter loop, where a refused 29 MiB growth aborted the process.
#[cfg(unix)]
#[test]
fn deep_recursion_under_a_memory_limit_is_an_error() {
    let script = "local function deep(n) return 1 + deep(n + 1) end print(pcall(deep, 1)) \
        local depth = 0 local function measure() depth = depth + 1 measure() end \
        print(pcall(measure)) print(pcall(deep, 1))";
    for kib in [70_000, 130_000, 200_000] {
        let out = run_with_address_space(kib, script);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(out.status.code(), Some(0), "under {kib} KiB: {stdout}");
        assert_eq!(lines.len(), 3, "under {kib} KiB: {stdout}");
        for line in lines {
            assert!(
                line == "false\tnot enough memory" || line.ends_with(": stack overflow"),
                "under {kib} KiB: {line}"
            );
        }
    }
}

/// Reading a file larger than memory allows is "not enough memory" from `read("a")` and
/// `read(n)`, as in lua5.4 (their buffers grew infallibly and aborted). `loadfile` parses
/// while it reads, as lua5.4's does, so it stops at this file's first byte with lua5.4's
/// syntax error (it used to read the whole file first and ran out of memory). The file is
/// sparse: 200 MB of zeros that take no disk.
#[cfg(unix)]
#[test]
fn reading_a_file_larger_than_memory_is_an_error() {
    let dir = WorkDir::new();
    let path = dir.0.join("big");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    let script = format!(
        "local name = {:?} \
         print(pcall(function() local f = io.open(name, 'rb') return #f:read('a') end)) \
         print(pcall(function() local f = io.open(name, 'rb') return #f:read(200 << 20) end)) \
         print(loadfile(name))",
        path.to_str().unwrap()
    );
    let out = run_with_address_space(150_000, &script);
    let expected = format!(
        "false\tnot enough memory\nfalse\tnot enough memory\nnil\t{}:1: unexpected symbol\n",
        path.to_str().unwrap()
    );
    assert_status_and_stdout(&out, 0, &expected, "under 150 MB");
    // The same file as the script: lua.c's message, from the streaming loader (the command
    // read the whole script first and said "cannot read ...: out of memory").
    let out = Command::new("/bin/sh")
        .args(["-c", "ulimit -v 150000 && exec \"$0\" \"$1\"", TSUKIMI])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "{TSUKIMI}: {}:1: unexpected symbol\n",
            path.to_str().unwrap()
        )
    );
}

/// Compiling runs out of memory cleanly too: `load` returns "not enough memory" once the
/// chunks it made fill the address space (the parser's and the compiler's lists grow
/// fallibly, and stop once the out-of-memory reserve is spent), and the program goes on.
#[cfg(unix)]
#[test]
fn loading_chunks_until_memory_runs_out_is_an_error() {
    let script = "local src = {'return {'} \
        for i = 1, 2e4 do src[#src + 1] = '{' .. i .. ', \"a' .. i .. '\", x = ' .. i .. '.5},' end \
        src[#src + 1] = '}' local code = table.concat(src) \
        local held = {} \
        while true do local f, err = load(code) \
          if not f then print(err) break end held[#held + 1] = f end \
        held = nil collectgarbage() print(load('return 1 + 1')())";
    for kib in [80_000, 200_000] {
        let out = run_with_address_space(kib, script);
        assert_status_and_stdout(
            &out,
            0,
            "not enough memory\n2\n",
            &format!("under {kib} KiB"),
        );
    }
    // A chunk given in pieces (`load(f)`) outgrows memory in the lexer's buffer; lua5.4
    // prints the same.
    let pieces = "local chunk = ('x'):rep(1 << 20) local n = 0 \
        local f, err = load(function() n = n + 1 \
          if n == 1 then return 'return [[' elseif n < 400 then return chunk end end) \
        print(f, err) print(load('return 1 + 1')())";
    for kib in [80_000, 200_000] {
        let out = run_with_address_space(kib, pieces);
        assert_status_and_stdout(
            &out,
            0,
            "nil\tnot enough memory\n2\n",
            &format!("under {kib} KiB"),
        );
    }
}

/// However memory runs out, the script gets "not enough memory" and the command reports it
/// (exit status 1), and a script that catches it goes on: no abort. Each script fills the
/// address space its own way, under several limits: below 100 MB the interpreter thread's
/// 64 MiB stack does not fit and Lua runs on the main thread. Before the out-of-memory
/// reserve (`tsukimi::memory_reserve`), each of these aborted in some infallible Rust
/// allocation (the report's own buffer, the error's message, a coroutine's stack, the
/// object list, the string table, the gray stack, a concatenation buffer).
#[cfg(unix)]
#[test]
fn running_out_of_memory_is_an_error_not_an_abort() {
    let filling = [
        "local t = {} for i = 1, 1e9 do t[i] = {i, tostring(i), {x = i}} end",
        "local s = {} for i = 1, 1e9 do s[i] = ('x'):rep(100) .. i end",
        "local t = {} for i = 1, 1e9 do t['k' .. i] = function() return i end end",
        "local s = 'x' while true do s = s .. s end",
        "local t = {} for i = 1, 1e9 do t[i] = coroutine.wrap(function() coroutine.yield() end) t[i]() end",
        "local w = setmetatable({}, {__mode = 'k'}) local keep = {} \
         for i = 1, 1e9 do local k = {i} w[k] = {k, tostring(i)} keep[i] = k end",
    ];
    let expected_stderr = format!("{TSUKIMI}: not enough memory\n");
    for kib in [80_000, 150_000] {
        for script in filling {
            let out = run_with_address_space(kib, script);
            assert_eq!(
                (out.status.code(), String::from_utf8_lossy(&out.stderr)),
                (Some(1), expected_stderr.as_str().into()),
                "under {kib} KiB: {script}"
            );
        }
        // Caught, the error leaves a state that works: the next allocations succeed.
        let recovering = "for round = 1, 3 do \
            print(round, pcall(function() local t = {} for i = 1, 1e9 do t[i] = {i} end end)) \
            end print(#table.concat({'a', 'b', 'c'}))";
        let out = run_with_address_space(kib, recovering);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned()
            ),
            (
                Some(0),
                "1\tfalse\tnot enough memory\n2\tfalse\tnot enough memory\n\
                 3\tfalse\tnot enough memory\n3\n"
                    .to_string()
            ),
            "under {kib} KiB"
        );
    }
}

/// Out of address space with memory full of small strings, the state still closes (freeing
/// it allocated a fresh string table, and that allocation aborted the process).
#[cfg(unix)]
#[test]
fn a_state_out_of_memory_closes_without_allocating() {
    let script = "local s = {} for i = 1, 1e9 do s[i] = ('x'):rep(100) .. i end";
    let out = run_in_300_mb(script);
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned()
        ),
        (Some(1), format!("{TSUKIMI}: not enough memory\n"))
    );
}

/// Out of address space, the growing table fails with "not enough memory", reported as lua.c
/// reports a memory error: the bare message, no traceback (the message handler is not called
/// for LUA_ERRMEM), exit status 1. An `xpcall` handler is not called either.
#[cfg(unix)]
#[test]
fn memory_errors_are_reported_without_a_traceback() {
    let script = "print(xpcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end, \
                  function() return 'handled' end)) \
                  local t = {} for i = 1, 1e9 do t[i] = i end";
    let out = run_in_300_mb(script);
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned()
        ),
        (
            Some(1),
            "false\tnot enough memory\n".to_string(),
            format!("{TSUKIMI}: not enough memory\n")
        )
    );
}

// ---- The standard streams on files and pipes: seek and setvbuf work on the descriptors,
// ---- as lua5.4's C streams do.

/// What one shell run left: its stdout (a pipe) and the contents of `out` in its directory.
#[derive(Debug, PartialEq)]
struct ShellRun {
    stdout: String,
    out_file: String,
}

/// Runs `script` with `sh -c` and `$0` naming `program`, in a fresh directory that holds
/// `in.txt` (`0123456789\nline2\n`).
fn shell_run(program: &Path, script: &str) -> ShellRun {
    let dir = WorkDir::new();
    std::fs::write(dir.0.join("in.txt"), "0123456789\nline2\n").unwrap();
    let out = Command::new("/bin/sh")
        .args(["-c", script])
        .arg(program)
        .current_dir(&dir.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ShellRun {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        out_file: std::fs::read_to_string(dir.0.join("out")).unwrap_or_default(),
    }
}

/// Checks a shell run on tsukimi and, when it is installed, on lua5.4.
fn check_shell(script: &str, stdout: &str, out_file: &str) {
    let expected = ShellRun {
        stdout: stdout.to_string(),
        out_file: out_file.to_string(),
    };
    if let Some(lua) = reference_lua() {
        assert_eq!(shell_run(&lua, script), expected, "lua5.4: {script}");
    }
    assert_eq!(
        shell_run(Path::new(TSUKIMI), script),
        expected,
        "tsukimi: {script}"
    );
}

#[test]
fn standard_output_seeks_when_it_is_a_file() {
    let tell = r#""$0" -e 'io.write("abc"); print(io.stdout:seek("cur"))'"#;
    check_shell(&format!("{tell} > out"), "", "abc3\n");
    check_shell(&format!("{tell} | cat"), "abcnil\tIllegal seek\t29\n", "");
    check_shell(
        r#""$0" -e 'io.write("hello\n"); io.stdout:seek("set", 1); io.write("E")' > out"#,
        "",
        "hEllo\n",
    );
    check_shell(
        r#""$0" -e 'io.write("hello\n"); print(io.stdout:seek("end", -2)); io.write("X")' > out"#,
        "",
        "hell4\nX",
    );
    check_shell(
        r#""$0" -e 'print(io.stdout:seek("set", -1))' > out"#,
        "",
        "nil\tInvalid argument\t22\n",
    );
    check_shell(
        r#""$0" -e 'io.stderr:write("xy"); print(io.stderr:seek("cur"), io.stderr:seek("set", 1))' 2> out"#,
        "2\t1\n",
        "xy",
    );
    check_shell(
        r#""$0" -e 'print(io.stderr:seek("end"))' 2>&1 | cat"#,
        "nil\tIllegal seek\t29\n",
        "",
    );
}

#[test]
fn standard_input_seeks_from_its_logical_position() {
    check_shell(
        r#""$0" -e 'print(io.stdin:seek("set", 2), io.read("a"))' < in.txt"#,
        "2\t23456789\nline2\n\n",
        "",
    );
    check_shell(
        r#""$0" -e 'print(io.read(1), io.stdin:seek("cur"), io.stdin:seek("end"), io.stdin:seek("set", 11), io.read("l"))' < in.txt"#,
        "0\t1\t17\t11\tline2\n",
        "",
    );
    check_shell(
        r#""$0" -e 'print(io.read("n"), io.stdin:seek("cur", -3), io.read(2))' < in.txt"#,
        "123456789\t7\t78\n",
        "",
    );
    check_shell(
        r#"cat in.txt | "$0" -e 'print(io.stdin:seek("cur"), io.read("l"))'"#,
        "nil\t0123456789\n",
        "",
    );
    check_shell(
        r#""$0" -e 'print(io.stdin:seek("end", 100), io.read("a"), io.stdin:seek("set", -1))' < in.txt"#,
        "117\t\tnil\tInvalid argument\t22\n",
        "",
    );
    // A seek moves the descriptor to the logical position: a child reads on from there.
    check_shell(
        r#""$0" -e 'print(io.read("l")); io.stdin:seek("cur"); os.execute("cat")' < in.txt"#,
        "0123456789\nline2\n",
        "",
    );
}

#[test]
fn finalizer_call_errors_name_the_metamethod() {
    // A `__gc` that cannot be called fails into a warning naming it as lua5.4's
    // funcnamefromcall does (the frame that calls a finalizer is marked).
    check_shell(
        r#""$0" -W -e 'setmetatable({}, {__gc = 42}) collectgarbage() print("done")' 2>&1"#,
        "Lua warning: error in __gc (attempt to call a number value (metamethod '__gc'))\ndone\n",
        "",
    );
}

#[test]
fn unbuffered_standard_input_reads_byte_by_byte() {
    // The child shares the descriptor: unbuffered, only one byte was taken from it.
    check_shell(
        r#""$0" -e 'io.stdin:setvbuf("no"); print(io.read(1)); os.execute("cat")' < in.txt"#,
        "0\n123456789\nline2\n",
        "",
    );
    check_shell(
        r#""$0" -e 'io.stdin:setvbuf("full"); print(io.read(1)); os.execute("cat")' < in.txt"#,
        "0\n",
        "",
    );
    // Reads of a buffer's size or more go straight to the caller in whole blocks (glibc's
    // fread): 5000 bytes are one 4096-byte block, then a buffer refill of 4096, so the child
    // starts at byte 8192.
    let numbers: String = (0..3000).map(|i| format!("{i:05}\n")).collect();
    let big = format!("printf '{numbers}' > big.txt && ");
    check_shell(
        &format!(
            r#"{big}"$0" -e 'io.stdin:setvbuf("full"); print(#io.read(5000)); os.execute("head -c 6")' < big.txt"#
        ),
        "5000\n365\n01",
        "",
    );
    check_shell(
        &format!(
            r#"{big}"$0" -e 'io.stdin:setvbuf("no"); print(#io.read(3000), #io.read("l")); os.execute("head -c 6")' < big.txt"#
        ),
        "3000\t5\n00501\n",
        "",
    );
    check_shell(
        &format!(
            r#"{big}"$0" -e 'local f = io.open("big.txt"); f:setvbuf("no"); print(#f:read(7), f:seek(), #f:read("a"), f:seek())'"#
        ),
        "7\t7\t17993\t18000\n",
        "",
    );
}

#[test]
fn setvbuf_decides_when_bytes_reach_a_shared_pipe() {
    // stdout and stderr on one pipe: the order of their bytes shows when each was flushed.
    let cases: &[(&str, &str)] = &[
        (
            r#"io.stdout:setvbuf("no"); io.write("a"); io.stderr:write("E"); print("p"); io.stderr:write("F"); io.write("b", "c"); io.stderr:write("G\n")"#,
            "aEp\nFbcG\n",
        ),
        (
            r#"io.stdout:setvbuf("full", 10); io.write(("a"):rep(20)); io.stderr:write("E")"#,
            "Eaaaaaaaaaaaaaaaaaaaa",
        ),
        (
            r#"io.stdout:setvbuf("no"); io.stdout:setvbuf("full"); io.write("abc"); io.stderr:write("E")"#,
            "abcE",
        ),
        (
            r#"io.write("x"); io.stdout:setvbuf("line"); io.write("abc\ndef"); io.stderr:write("E")"#,
            "xabc\nEdef",
        ),
        (
            r#"io.stdout:setvbuf("line"); io.write("a"); io.stderr:write("E"); print("p"); io.stderr:write("F"); io.write("b\n", "c"); io.stderr:write("G\n")"#,
            "Eap\nFb\nG\nc",
        ),
        (
            r#"io.write("x"); io.stdout:setvbuf("no"); io.stderr:write("E\n")"#,
            "xE\n",
        ),
        (
            r#"io.stderr:setvbuf("full"); io.stderr:write("E"); io.stdout:setvbuf("no"); io.write("a"); io.stderr:write("F\n"); io.stdout:write("b\n")"#,
            "ab\nEF\n",
        ),
        (
            r#"io.stderr:setvbuf("line"); io.stderr:write("E"); io.stdout:setvbuf("no"); io.write("a"); io.stderr:write("F\nG"); io.stdout:write("b\n")"#,
            "aEF\nb\nG",
        ),
    ];
    for (code, expected) in cases {
        check_shell(&format!("\"$0\" -e '{code}' 2>&1 | cat"), expected, "");
    }
    // Full buffering writes whole 4096-byte blocks, whatever size setvbuf was given.
    let blocks = r#""$0" -e 'io.stdout:setvbuf("full", 10); io.write(("a"):rep(5000)); io.stderr:write("E"); io.write(("b"):rep(4000)); io.stderr:write("F")' 2>&1 | cat"#;
    let expected = format!(
        "{}E{}{}F{}",
        "a".repeat(4096),
        "a".repeat(904),
        "b".repeat(3192),
        "b".repeat(808)
    );
    check_shell(blocks, &expected, "");
}

#[test]
fn reading_stdin_flushes_stdout_only_when_both_are_line_buffered() {
    // glibc flushes a line-buffered stdout before reading a line-buffered or unbuffered
    // stdin (both are line-buffered on a terminal); files and pipes are fully buffered.
    let cases: &[(&str, &str)] = &[
        (r#"io.write("a"); io.read(); io.stderr:write("E")"#, "Ea"),
        (
            r#"io.stdout:setvbuf("line"); io.stdin:setvbuf("line"); io.write("a"); io.read(); io.stderr:write("E")"#,
            "aE",
        ),
        (
            r#"io.stdout:setvbuf("line"); io.stdin:setvbuf("no"); io.write("a"); io.read(); io.stderr:write("E")"#,
            "aE",
        ),
        (
            r#"io.stdout:setvbuf("line"); io.write("a"); io.read(); io.stderr:write("E")"#,
            "Ea",
        ),
    ];
    for (code, expected) in cases {
        check_shell(
            &format!("\"$0\" -e '{code}' < in.txt 2>&1 | cat"),
            expected,
            "",
        );
    }
}

/// lua.c's `pmain` cannot be called from Lua (lua5.4 crashes); tsukimi's stand-in for it
/// raises an error instead.
#[test]
fn the_host_level_function_refuses_to_be_called() {
    let code = "local f = debug.getinfo(2, 'f').func; \
                print(type(f), debug.getinfo(f, 'S').what, pcall(f))";
    let out = run_program(Path::new(TSUKIMI), &Case::args(&["-e", code]));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "function\tC\tfalse\tcannot call the host's entry function\n"
    );
}

/// `print` flushes stdout after its line (lua.c's `lua_writeline`), so printed lines and
/// stderr writes sharing a pipe come out in program order, as under lua5.4; `io.write`
/// stays buffered.
#[test]
fn print_flushes_before_later_stderr_output() {
    check_shell(
        r#""$0" -e 'print("a"); io.stderr:write("b\n"); print("c", 1); io.write("d\n"); io.stderr:write("e\n")' 2>&1 | cat"#,
        "a\nb\nc\t1\ne\nd\n",
        "",
    );
    check_shell(
        r#""$0" -e 'print("out"); error("boom", 0)' 2>&1 | head -1"#,
        "out\n",
        "",
    );
}

/// `os.execute` does not flush stdout first (C's `system` does not): a command's output
/// comes before what the script still has buffered, as under lua5.4.
#[test]
fn os_execute_does_not_flush_buffered_output() {
    check_shell(
        r#""$0" -e 'io.write("a"); os.execute("echo b"); io.write("c\n")' | cat"#,
        "b\nac\n",
        "",
    );
}

// ---- the state lua.c prepares ------------------------------------------------------------

#[test]
fn scripts_run_in_the_state_lua_c_prepares() {
    // pmain switches the collector to generational mode and is itself one C call level, so
    // "C stack overflow" comes after exactly 198 levels of pcall from a main chunk.
    let script = "print(collectgarbage('incremental'), collectgarbage('generational')) \
                  local n = 0 local function f() n = n + 1 return (pcall(f)) end f() print(n)";
    check(
        Case::args(&["-e", script]),
        0,
        "generational\tincremental\n198\n",
        "",
    );
}
