//! Running one script in a fresh `tsukimi::Lua` state, the way `lua.c` runs a script file.
//!
//! Steps, as lua.c's `pmain` for `lua name.lua args...` (the caller has made the script's
//! directory the current directory):
//! 1. a new state with the standard libraries (`Lua::new`), GC stress set explicitly for the
//!    mode (so a `TSUKIMI_GC_STRESS` in the environment changes nothing), `print` and
//!    `io.write` redirected into a [`SharedBuffer`];
//! 2. the global `arg`: the program name at -1, the script's file name at 0, the directive
//!    arguments from 1 (lua.c's `createargtable`);
//! 3. `Lua::load_file(name.lua)` (chunkname `@name.lua`), then `Lua::call_traceback` with the
//!    arguments as `...`; a load or run failure is exit status 1 and its message's first
//!    line is what lua.c would print first on stderr (after `progname: `);
//! 4. the state is dropped (lua.c's `lua_close`): pending finalizers run and print, and
//!    only then is the captured stdout read.
//!
//! The run happens on its own thread with a [`SCRIPT_STACK_SIZE`] native stack, as the
//! `tsukimi` command does, so the runtime's recursion limits, not the test thread's stack,
//! stop deep recursion. A watchdog (the calling thread) sets the state's interrupt flag after
//! [`SCRIPT_TIMEOUT`]; running code then fails with "interrupted!" at its next poll, and the
//! run is reported as timed out. A panic in the runtime is caught and reported; the state it
//! happened in is leaked rather than dropped, so a second panic in the finalizers cannot
//! abort the whole test.

use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use tsukimi::{InterruptHandle, Lua, LuaValue};

use crate::capture::SharedBuffer;
use crate::corpus::Script;
use crate::Mode;

/// Longest wall-clock time one script run may take (the binary harness's limit).
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an interrupted script may take to stop before it is abandoned.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// Native stack for the thread running a script (the `tsukimi` command's size).
const SCRIPT_STACK_SIZE: usize = 64 * 1024 * 1024;
/// `arg[-1]`: the program name lua.c would put there.
const PROGRAM_NAME: &str = "tsukimi";

/// How a run ended.
pub enum Outcome {
    /// The script ran to its end or failed; the state has been closed.
    Finished {
        stdout: Vec<u8>,
        /// First line of the error message (lua.c prints it after `progname: `); `None`
        /// when the script succeeded.
        error_first_line: Option<Vec<u8>>,
        /// lua.c's exit status: 0, or 1 after a failure.
        status: i32,
    },
    /// Still running after [`SCRIPT_TIMEOUT`]; `stopped` tells whether the interrupt flag
    /// ended it within the grace period (otherwise its thread was abandoned).
    TimedOut { stdout: Vec<u8>, stopped: bool },
    /// The runtime panicked (a runtime bug); the message is the panic payload.
    Panicked { stdout: Vec<u8>, message: String },
    /// The harness could not start the run.
    Broken(String),
}

/// What the script thread reports back.
enum Report {
    Started(InterruptHandle),
    Finished {
        error_first_line: Option<Vec<u8>>,
        status: i32,
    },
    Panicked(String),
}

/// Runs `script` in `mode` in a fresh state (the current directory must be the script's).
pub fn run(script: &Script, mode: Mode) -> Outcome {
    let stdout = SharedBuffer::default();
    let (sender, receiver) = mpsc::channel();
    let file_name = script.file_name.clone();
    let args = script.directives.args.clone();
    let sink = stdout.clone();
    let spawned = thread::Builder::new()
        .name(format!("lua {}", script.display_name))
        .stack_size(SCRIPT_STACK_SIZE)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                run_in_fresh_state(&file_name, &args, mode, sink, &sender)
            }));
            let report = match outcome {
                Ok((error_first_line, status)) => Report::Finished {
                    error_first_line,
                    status,
                },
                Err(payload) => Report::Panicked(panic_message(payload.as_ref())),
            };
            // The harness may have given up on this run; nobody to tell then.
            let _ = sender.send(report);
        });
    if let Err(e) = spawned {
        return Outcome::Broken(format!("cannot start the script thread: {e}"));
    }

    let interrupt = match receiver.recv_timeout(SCRIPT_TIMEOUT) {
        Ok(Report::Started(handle)) => handle,
        Ok(report) => return finish(report, &stdout),
        Err(RecvTimeoutError::Timeout) => {
            return Outcome::TimedOut {
                stdout: stdout.contents(),
                stopped: false,
            }
        }
        Err(RecvTimeoutError::Disconnected) => {
            return Outcome::Broken("the script thread ended without a report".to_string())
        }
    };
    match receiver.recv_timeout(SCRIPT_TIMEOUT) {
        Ok(report) => finish(report, &stdout),
        Err(RecvTimeoutError::Timeout) => {
            interrupt.interrupt();
            let stopped = receiver.recv_timeout(STOP_GRACE).is_ok();
            Outcome::TimedOut {
                stdout: stdout.contents(),
                stopped,
            }
        }
        Err(RecvTimeoutError::Disconnected) => {
            Outcome::Broken("the script thread ended without a report".to_string())
        }
    }
}

fn finish(report: Report, stdout: &SharedBuffer) -> Outcome {
    match report {
        Report::Finished {
            error_first_line,
            status,
        } => Outcome::Finished {
            stdout: stdout.contents(),
            error_first_line,
            status,
        },
        Report::Panicked(message) => Outcome::Panicked {
            stdout: stdout.contents(),
            message,
        },
        Report::Started(_) => Outcome::Broken("the script thread started twice".to_string()),
    }
}

/// Steps 1-4 of the module essay; returns the first error line and the exit status.
fn run_in_fresh_state(
    file_name: &str,
    args: &[String],
    mode: Mode,
    sink: SharedBuffer,
    reports: &mpsc::Sender<Report>,
) -> (Option<Vec<u8>>, i32) {
    // Dropped explicitly on the normal path only: see the module essay on panics.
    let mut lua = ManuallyDrop::new(Lua::new());
    // As the `tsukimi` command: lua.c runs the script inside `pmain`, one C level deep.
    lua.hold_host_call_level();
    lua.set_generational_mode(true);
    lua.set_gc_stress(mode.gc_stress);
    lua.set_output(Box::new(sink));
    let _ = reports.send(Report::Started(lua.interrupt_handle()));

    let result = set_arg_table(&mut lua, file_name, args)
        .and_then(|()| lua.load_file(Some(file_name)))
        .and_then(|main_chunk| {
            let script_args: Vec<LuaValue> = args.iter().map(LuaValue::string).collect();
            lua.call_traceback(&main_chunk, &script_args)
        });
    let outcome = match result {
        Ok(_) => (None, 0),
        Err(error) => (Some(first_line(&error.message_bytes).to_vec()), 1),
    };
    lua.flush_output();
    // lua_close: dropping the state runs the pending finalizers into the captured output.
    drop(ManuallyDrop::into_inner(lua));
    outcome
}

/// lua.c's `createargtable` for `tsukimi name.lua args...`.
fn set_arg_table(lua: &mut Lua, file_name: &str, args: &[String]) -> Result<(), tsukimi::Error> {
    let table = lua.create_table()?;
    let words = std::iter::once(PROGRAM_NAME)
        .chain(std::iter::once(file_name))
        .chain(args.iter().map(String::as_str));
    for (index, word) in (-1i64..).zip(words) {
        lua.table_set(&table, LuaValue::Integer(index), LuaValue::string(word))?;
    }
    lua.set_global("arg", table)
}

fn first_line(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == b'\n').next().unwrap_or(&[])
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(non-text panic payload)".to_string()
    }
}
