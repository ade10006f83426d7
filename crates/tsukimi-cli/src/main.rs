//! The `tsukimi` command (minimal version until the CLI engineer takes it over):
//! `tsukimi script.lua [args]` or `tsukimi -e 'code'`. Errors print as `tsukimi: msg` plus
//! the traceback on stderr, with exit status 1 (like `lua.c`).

use std::process::ExitCode;

use tsukimi::{Lua, LuaValue};

fn report(err: &tsukimi::Error) {
    eprint!("tsukimi: {}", err.message);
    if let Some(tb) = &err.traceback {
        eprint!("\n{tb}");
    }
    eprintln!();
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let mut lua = Lua::new();
    if args.len() >= 3 && args[1] == "-e" {
        return match lua.exec(args[2].as_bytes(), "=(command line)") {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                lua.flush_output();
                report(&e);
                ExitCode::FAILURE
            }
        };
    }
    let Some(script) = args.get(1) else {
        eprintln!("usage: tsukimi script.lua [args] | tsukimi -e 'code'");
        return ExitCode::FAILURE;
    };
    // The `arg` table: script at 0, interpreter at -1, script arguments from 1.
    if let Ok(t) = lua.create_table() {
        for (i, a) in args.iter().enumerate() {
            let _ = lua.table_set(&t, LuaValue::Integer(i as i64 - 1), LuaValue::string(a));
        }
        let _ = lua.set_global("arg", t);
    }
    let source = match std::fs::read(script) {
        Ok(mut s) => {
            if s.first() == Some(&b'#') {
                let end = s.iter().position(|&b| b == b'\n').unwrap_or(s.len());
                s.drain(..end);
            }
            s
        }
        Err(_) => {
            eprintln!("tsukimi: cannot open {script}");
            return ExitCode::FAILURE;
        }
    };
    let f = match lua.load(&source, &format!("@{script}")) {
        Ok(f) => f,
        Err(e) => {
            report(&e);
            return ExitCode::FAILURE;
        }
    };
    let script_args: Vec<LuaValue> = args[2..].iter().map(LuaValue::string).collect();
    match lua.call_traceback(&f, &script_args) {
        Ok(_) => {
            lua.flush_output();
            ExitCode::SUCCESS
        }
        Err(e) => {
            lua.flush_output();
            report(&e);
            ExitCode::FAILURE
        }
    }
}
