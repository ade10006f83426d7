//! The `tsukimi` command: `tsukimi [options] [script [args]]`, a drop-in for lua 5.4.4's
//! `lua` (its `lua.c`): the same options, `arg` table, `LUA_INIT`, messages, exit statuses
//! and REPL. User documentation: `docs/cli.md`.
//!
//! The order of `pmain` is kept exactly: parse the options (a bad one prints the usage and
//! exits with 1 before anything runs), print the version for `-v`/`-i`, create the state and
//! the `arg` table, run `LUA_INIT_5_4`/`LUA_INIT` (unless `-E`), run `-e`/`-l`/`-W` in
//! command-line order, run the script, then the REPL for `-i`; with no script, no `-e` and
//! no `-v`, a terminal stdin gets the REPL and any other stdin is run as a script (whose
//! failure, as in lua 5.4.4, does not change the exit status). The first failure stops the
//! run with exit status 1.
//!
//! Lua runs on its own thread with a large native stack ([`INTERPRETER_STACK_SIZE`]), so
//! that the runtime's own limits (the 200-level native-call limit, the parser's nesting
//! limit) are what stops deep recursion, never a native stack overflow, whatever the main
//! thread's stack size (`ulimit -s`) is.
//!
//! `tsukimi -bl file.lua` (first argument only, as LuaJIT's `-bl`) lists the bytecode instead
//! of running anything.
//!
//! Modules: `options` (command line), `bytecode_listing` (`-bl`), `usage` (version and usage texts), `chunk_source`
//! (reading scripts like `luaL_loadfile`), `session` (the state and the steps that run
//! code), `repl` and `line_reader` (the interactive loop), `signals` (Ctrl-C, SIGPIPE).

mod bytecode_listing;
mod chunk_source;
mod line_reader;
mod malloc_tuning;
mod options;
mod repl;
mod session;
mod signals;
mod usage;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chunk_source::ChunkOrigin;
use line_reader::{EditorReader, LineReader, PlainReader};
use options::{Action, Options};
use session::{os_bytes, Session};

/// Native stack reserved for the interpreter thread. Measured need: the deepest native
/// nesting the runtime allows (200 levels of metamethod/pcall recursion, or the parser's
/// nesting limit) fits in 1 MiB in a debug build. 64 MiB leaves room for the JIT tiers and
/// library functions to come; it is address space, only the pages touched are committed.
const INTERPRETER_STACK_SIZE: usize = 64 * 1024 * 1024;

/// Used when the program name (`argv[0]`) is missing or empty.
const DEFAULT_PROGNAME: &[u8] = b"tsukimi";

/// The system allocator with an out-of-memory reserve: when the system refuses memory, the
/// script gets "not enough memory" (and the command reports it) instead of an abort in
/// whatever Rust allocation came first (`tsukimi::memory_reserve`).
#[global_allocator]
static ALLOCATOR: tsukimi::ReservingAllocator = tsukimi::ReservingAllocator;

fn main() -> ExitCode {
    malloc_tuning::tune();
    tsukimi::ReservingAllocator::arm();
    signals::restore_default_sigpipe();
    let argv: Vec<Vec<u8>> = std::env::args_os().map(os_bytes).collect();
    let interpreter = std::thread::Builder::new()
        .name("tsukimi".to_string())
        .stack_size(INTERPRETER_STACK_SIZE);
    let for_thread = argv.clone();
    let status = match interpreter.spawn(move || run(&for_thread)) {
        // A panic is a runtime bug; its message has been printed by the panic hook.
        Ok(thread) => thread.join().unwrap_or(false),
        // No thread could be made (address-space limits): run on the main thread's stack,
        // which the runtime's own recursion limits are sized for too.
        Err(_) => run(&argv),
    };
    if status {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// lua.c's `pmain`; `true` for exit status 0.
fn run(argv: &[Vec<u8>]) -> bool {
    let progname = match argv.first() {
        Some(name) if !name.is_empty() => name.clone(),
        _ => DEFAULT_PROGNAME.to_vec(),
    };
    if argv.get(1).is_some_and(|a| a == b"-bl") {
        return bytecode_listing::run(&progname, &argv[2..]);
    }
    let options = match options::parse(argv) {
        Ok(options) => options,
        Err(bad) => {
            let mut text = progname.clone();
            text.extend_from_slice(b": ");
            text.extend_from_slice(&bad.describe());
            text.push(b'\n');
            text.extend_from_slice(&usage::usage_text(&progname));
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(&text);
            let _ = stderr.flush();
            return false;
        }
    };
    if options.show_version {
        print_version();
    }
    let mut session = Session::new(progname, options.ignore_env, options.jit);
    if let Err(failure) = session.create_arg_table(argv, options.script) {
        session.report(&failure, true);
        return false;
    }
    if !options.ignore_env && !session.run_lua_init() {
        return false;
    }
    if !run_actions(&mut session, &options) {
        return false;
    }
    let has_script = options.has_script(argv.len());
    if has_script {
        let script = &argv[options.script];
        let origin = if options::script_is_stdin(argv, options.script) {
            ChunkOrigin::Stdin
        } else {
            ChunkOrigin::File(script)
        };
        if !session.run_script(origin) {
            return false;
        }
    }
    if options.interactive {
        return interact(&mut session, options.ignore_env);
    }
    if !has_script && !options.has_execute && !options.show_version {
        if std::io::stdin().is_terminal() {
            print_version();
            return interact(&mut session, options.ignore_env);
        }
        // lua 5.4.4 ignores the outcome here: a failing stdin script still exits with 0.
        session.run_file(ChunkOrigin::Stdin);
    }
    true
}

/// lua.c's `runargs`: `-e`, `-l` and `-W` in order; stops at the first failure.
fn run_actions(session: &mut Session, options: &Options) -> bool {
    for action in &options.actions {
        let ok = match action {
            Action::Execute(source) => session.run_string(source, "=(command line)"),
            Action::Require(spec) => session.require_into_global(spec),
            Action::WarningsOn => {
                session.lua().vm().warning(b"@on", false);
                true
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Runs the REPL with the line editor on a terminal, plain reading otherwise.
fn interact(session: &mut Session, ignore_env: bool) -> bool {
    let stdin = std::io::stdin();
    let is_terminal = stdin.is_terminal();
    let editor = if is_terminal {
        let history_file = if ignore_env {
            None
        } else {
            std::env::var_os("TSUKIMI_HISTORY")
                .filter(|p| !p.is_empty())
                .map(std::path::PathBuf::from)
        };
        EditorReader::new(history_file)
    } else {
        None
    };
    let mut plain;
    let mut edited;
    let reader: &mut dyn LineReader = match editor {
        Some(e) => {
            edited = e;
            &mut edited
        }
        None => {
            plain = PlainReader::new(stdin, !is_terminal);
            &mut plain
        }
    };
    match repl::run(session, reader) {
        Ok(()) => true,
        Err(failure) => {
            session.report(&failure, false);
            false
        }
    }
}

/// lua.c's `print_version`.
fn print_version() {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", usage::version_line());
    let _ = stdout.flush();
}
