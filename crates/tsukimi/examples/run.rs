//! Minimal script runner for the runtime's own testing (the real command is `tsukimi-cli`):
//! `run script.lua [args]` or `run -e 'code'`; errors print like lua.c (`run: msg` plus the
//! traceback on stderr, exit status 1).

use std::process::ExitCode;

use tsukimi::{Lua, LuaValue};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let mut lua = Lua::new();
    let result = if args.len() >= 3 && args[1] == "-e" {
        lua.exec(args[2].as_bytes(), "=(command line)")
    } else if let Some(script) = args.get(1) {
        let Ok(mut source) = std::fs::read(script) else {
            eprintln!("run: cannot open {script}");
            return ExitCode::FAILURE;
        };
        if source.first() == Some(&b'#') {
            let end = source
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(source.len());
            source.drain(..end);
        }
        if let Ok(t) = lua.create_table() {
            for (i, a) in args.iter().enumerate() {
                let _ = lua.table_set(&t, LuaValue::Integer(i as i64 - 1), LuaValue::string(a));
            }
            let _ = lua.set_global("arg", t);
        }
        match lua.load(&source, &format!("@{script}")) {
            Ok(f) => {
                let rest: Vec<LuaValue> = args[2..].iter().map(LuaValue::string).collect();
                lua.call_traceback(&f, &rest)
            }
            Err(e) => Err(e),
        }
    } else {
        eprintln!("usage: run script.lua [args] | run -e 'code'");
        return ExitCode::FAILURE;
    };
    lua.flush_output();
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("run: {}", e.message);
            if let Some(tb) = &e.traceback {
                eprint!("\n{tb}");
            }
            eprintln!();
            ExitCode::FAILURE
        }
    }
}
