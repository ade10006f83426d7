//! `debug.debug()` (`db_debug`): reads lines from standard input and runs each as a chunk
//! named `=(debug command)`, printing errors to standard error, until end of input or a line
//! that is exactly `cont`. The prompt `lua_debug> ` goes to standard error, as in lua5.4.
//!
//! Standard input is locked only while one line is read, so commands may use `io.read`.

use std::io::{BufRead, Write};

use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm};

use super::R;

pub(super) fn debug(vm: &mut Vm, _args: ArgRange) -> R {
    let mut read_line = || {
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    };
    let mut stderr = std::io::stderr();
    run_commands(vm, &mut read_line, &mut stderr)?;
    Ok(0)
}

/// The command loop, over any line source and error sink.
fn run_commands(
    vm: &mut Vm,
    read_line: &mut dyn FnMut() -> Option<Vec<u8>>,
    errors: &mut dyn Write,
) -> Result<(), LuaError> {
    let base = vm.top();
    loop {
        let _ = vm.output().flush();
        let _ = errors.write_all(b"lua_debug> ");
        let _ = errors.flush();
        let Some(line) = read_line() else {
            return Ok(());
        };
        if line == b"cont\n" {
            return Ok(());
        }
        let failure = match vm.load_text(&line, b"=(debug command)") {
            Ok(f) => {
                vm.push(f)?;
                match vm.protected_call(base, 0, None) {
                    Ok(()) => None,
                    Err(e) => Some(e.value),
                }
            }
            Err(msg) => Some(Value::String(vm.new_string(&msg)?)),
        };
        if let Some(e) = failure {
            vm.push(e)?;
            let text = vm.to_display_string(e)?;
            let _ = errors.write_all(text.as_bytes());
            let _ = errors.write_all(b"\n");
        }
        vm.set_top(base)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Lua;

    fn run(lines: &[&str]) -> (String, String) {
        let mut lua = Lua::new();
        let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .map_err(|_| std::io::ErrorKind::Other)?
                    .extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        lua.set_output(Box::new(Sink(out.clone())));
        let mut queue: Vec<Vec<u8>> = lines.iter().rev().map(|l| l.as_bytes().to_vec()).collect();
        let mut errors = Vec::new();
        let vm = lua.vm();
        run_commands(vm, &mut || queue.pop(), &mut errors).expect("loop runs");
        lua.flush_output();
        let printed = String::from_utf8_lossy(&out.lock().expect("sink")).into_owned();
        (printed, String::from_utf8_lossy(&errors).into_owned())
    }

    #[test]
    fn runs_commands_until_cont() {
        let (out, err) = run(&["x = 20\n", "print(x + 1)\n", "cont\n", "print('never')\n"]);
        assert_eq!(out, "21\n");
        assert_eq!(err, "lua_debug> lua_debug> lua_debug> ");
    }

    #[test]
    fn reports_errors_and_stops_at_end_of_input() {
        let (out, err) = run(&["error('bad')\n", "x = = 1\n", "error({})\n", "print(1)\n"]);
        assert_eq!(out, "1\n");
        let lines: Vec<&str> = err.split("lua_debug> ").collect();
        assert_eq!(lines[1], "(debug command):1: bad\n");
        assert_eq!(lines[2], "(debug command):1: unexpected symbol near '='\n");
        assert!(lines[3].starts_with("table: "), "{err}");
        assert_eq!(lines.len(), 6);
    }
}
