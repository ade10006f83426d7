//! The read-eval-print loop, following lua.c's `doREPL`.
//!
//! Each entry is read with the prompt `_PROMPT` (default `> `; any value is shown through
//! `tostring`), and compiled first as `return <line>;` so that expressions print their
//! values; if that does not compile, the line is compiled as a statement, and while the
//! only problem is that the text ended too early (a syntax error at `<eof>`), more lines are
//! read with `_PROMPT2` (default `>> `) and joined with newlines. A first line starting with
//! `=` means `return` (compatibility with Lua 5.2). Chunks are named `=stdin`.
//!
//! A compiled entry runs like every chunk (Ctrl-C interrupts it, errors carry a traceback);
//! its results, if any, are passed to the global `print` (an error there is reported as
//! "error calling 'print' (...)"). Errors are printed without the program name, and the
//! loop goes on. Ctrl-C at a prompt drops the entry being typed. At the end of input a
//! newline is written and the loop returns.
//!
//! Differences from lua 5.4.4, on purpose: an incomplete entry cut off by the end of input
//! reports its syntax error (lua 5.4.4 prints "(null)" there); history keeps the text as
//! typed (lua keeps the `=`-expanded form).

use std::io::Write;

use tsukimi::LuaValue;

use crate::line_reader::{LineReader, ReadOutcome};
use crate::session::{Failure, Session};

const DEFAULT_PROMPT: &[u8] = b"> ";
const DEFAULT_PROMPT2: &[u8] = b">> ";
const CHUNKNAME: &str = "=stdin";

/// Runs the loop until the end of input. `Err` is a failure lua.c raises out of the loop
/// itself (a `_PROMPT` whose `__tostring` fails); the caller reports it and exits with 1.
pub fn run(session: &mut Session, reader: &mut dyn LineReader) -> Result<(), Failure> {
    while let Some(entry) = read_entry(session, reader)? {
        let outcome = entry.and_then(|f| session.call(&f, &[]));
        match outcome {
            Ok(results) => print_results(session, results),
            Err(failure) => session.report(&failure, false),
        }
    }
    session.flush_stdout();
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(b"\n");
    let _ = stdout.flush();
    Ok(())
}

/// lua.c's `loadline`: reads and compiles one entry. `None` at the end of input; the inner
/// result is the compiled chunk or its syntax error.
fn read_entry(
    session: &mut Session,
    reader: &mut dyn LineReader,
) -> Result<Option<Result<LuaValue, Failure>>, Failure> {
    'entry: loop {
        let prompt = current_prompt(session, true)?;
        let typed = match reader.read_line(&prompt) {
            ReadOutcome::Line(line) => line,
            ReadOutcome::Interrupted => continue 'entry,
            ReadOutcome::End => return Ok(None),
        };
        let line = match typed.strip_prefix(b"=") {
            Some(rest) => [b"return ".as_slice(), rest].concat(),
            None => typed.clone(),
        };
        let as_expression = [b"return ".as_slice(), &line, b";"].concat();
        if let Ok(f) = session.lua().load(&as_expression, CHUNKNAME) {
            if !typed.is_empty() {
                reader.add_history(&typed);
            }
            return Ok(Some(Ok(f)));
        }
        // As a statement, reading continuation lines while the text is merely incomplete.
        let mut source = line;
        let mut history = typed;
        loop {
            let loaded = session
                .lua()
                .load(&source, CHUNKNAME)
                .map_err(Failure::from);
            let more = match &loaded {
                Err(failure) if failure.is_incomplete_chunk() => {
                    let prompt = current_prompt(session, false)?;
                    match reader.read_line(&prompt) {
                        ReadOutcome::Line(next) => Some(next),
                        ReadOutcome::Interrupted => continue 'entry,
                        ReadOutcome::End => None,
                    }
                }
                _ => None,
            };
            match more {
                Some(next) => {
                    source.push(b'\n');
                    source.extend_from_slice(&next);
                    history.push(b'\n');
                    history.extend_from_slice(&next);
                }
                None => {
                    if !history.is_empty() {
                        reader.add_history(&history);
                    }
                    return Ok(Some(loaded));
                }
            }
        }
    }
}

/// lua.c's `get_prompt`: the global `_PROMPT`/`_PROMPT2` through `tostring`, or the default.
fn current_prompt(session: &mut Session, first_line: bool) -> Result<Vec<u8>, Failure> {
    // What Lua wrote (`io.write` without a newline) comes before the prompt.
    session.flush_stdout();
    let (name, default) = if first_line {
        ("_PROMPT", DEFAULT_PROMPT)
    } else {
        ("_PROMPT2", DEFAULT_PROMPT2)
    };
    let lua = session.lua();
    match lua.global(name) {
        LuaValue::Nil => Ok(default.to_vec()),
        value => lua.to_display(&value).map_err(Failure::from),
    }
}

/// lua.c's `l_print`: passes the results to the global `print`.
fn print_results(session: &mut Session, results: Vec<LuaValue>) {
    if results.is_empty() {
        return;
    }
    let print = session.lua().global("print");
    if let Err(failure) = session.call_plain(&print, &results) {
        let mut message = b"error calling 'print' (".to_vec();
        message.extend_from_slice(&failure.message);
        message.push(b')');
        session.report(&Failure::message(message), false);
    }
}
