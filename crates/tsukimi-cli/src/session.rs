//! One run of the command: the Lua state plus the steps of lua.c's `pmain` that run Lua code
//! (`LUA_INIT`, `-e`, `-l`, the script) and the way their failures are reported.
//!
//! Every chunk runs through [`Session::call`] (lua.c's `docall`): with SIGINT armed so Ctrl-C
//! interrupts it, and through the runtime's `call_traceback`, which formats the error like
//! lua.c's `msghandler` (`__tostring` applied, "(error object is a X value)", and a
//! `stack traceback:` unless `__tostring` produced the message).
//!
//! Failures are printed by [`Session::report`] as `progname: message` (just `message` in the
//! REPL) plus the traceback, on stderr, after flushing everything Lua wrote to stdout, so the
//! two streams interleave in the order things happened. Each `run_*` step reports its own
//! failure and returns `false`, which the caller turns into exit status 1.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tsukimi::{Lua, LuaValue, Value};

use crate::chunk_source::ChunkOrigin;
use crate::options::JitMode;
use crate::signals;

/// A failure ready to print: the message and, for errors raised while running, the traceback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: Vec<u8>,
    pub traceback: Option<String>,
}

impl Failure {
    /// A failure with a message only.
    pub fn message(message: impl Into<Vec<u8>>) -> Failure {
        Failure {
            message: message.into(),
            traceback: None,
        }
    }

    /// Whether this is a syntax error at the end of the text: the REPL then reads another
    /// line (lua.c's `incomplete`).
    pub fn is_incomplete_chunk(&self) -> bool {
        self.traceback.is_none() && self.message.ends_with(b"<eof>")
    }
}

impl From<tsukimi::Error> for Failure {
    fn from(e: tsukimi::Error) -> Failure {
        Failure {
            message: e.message_bytes,
            traceback: e.traceback,
        }
    }
}

/// Maximum number of script arguments passed as `...` (the stack limit, like
/// `luaL_checkstack`'s "too many arguments to script").
const MAX_SCRIPT_ARGUMENTS: i64 = 999_000;

/// The Lua state of this run and how to report on it.
pub struct Session {
    lua: Lua,
    progname: Vec<u8>,
    interrupt_flag: Arc<AtomicBool>,
}

impl Session {
    /// A state with the standard libraries and Ctrl-C wired to its interrupt flag. With
    /// `ignore_env` (`-E`), the registry field `LUA_NOENV` is true, as lua.c sets it, and the
    /// package paths are recomputed from it (`Lua::new` opened the libraries already), so
    /// `LUA_PATH`/`LUA_CPATH` are ignored.
    pub fn new(progname: Vec<u8>, ignore_env: bool, jit: JitMode) -> Session {
        let mut lua = Lua::new();
        // lua.c runs everything inside `pmain`, one C call level deep.
        lua.hold_host_call_level();
        // ... and switches the collector to generational mode.
        lua.set_generational_mode(true);
        let interrupt_flag = lua.vm().interrupt_flag();
        signals::set_target(interrupt_flag.clone());
        if ignore_env {
            let vm = lua.vm();
            let registry = vm.registry();
            // Cannot fail: no memory limit is set on a new state.
            let _ = vm.set_field(registry, "LUA_NOENV", Value::Boolean(true));
            let _ = tsukimi::stdlib::package::refresh_paths(vm);
        }
        apply_jit_mode(&mut lua, jit);
        Session {
            lua,
            progname,
            interrupt_flag,
        }
    }

    /// The state (for the REPL).
    pub fn lua(&mut self) -> &mut Lua {
        &mut self.lua
    }

    /// Prints a failure on stderr, `progname: ` first when `with_progname` (not in the REPL).
    ///
    /// Nothing here allocates: after "not enough memory" the state still holds everything the
    /// script allocated, and an allocation failing here would abort the process (Rust's
    /// allocation-failure handler) where lua.c prints the message and exits with 1.
    pub fn report(&mut self, failure: &Failure, with_progname: bool) {
        self.flush_stdout();
        // l_message prints the message with "%s": it ends at its first zero byte.
        let message = &failure.message;
        let end = message
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(message.len());
        let mut stderr = std::io::stderr().lock();
        let _ = (|| {
            if with_progname {
                stderr.write_all(&self.progname)?;
                stderr.write_all(b": ")?;
            }
            stderr.write_all(&message[..end])?;
            if let Some(traceback) = &failure.traceback {
                stderr.write_all(b"\n")?;
                stderr.write_all(traceback.as_bytes())?;
            }
            stderr.write_all(b"\n")?;
            stderr.flush()
        })();
    }

    /// Flushes what Lua and the command wrote to stdout.
    pub fn flush_stdout(&mut self) {
        self.lua.flush_output();
        let _ = std::io::stdout().flush();
    }

    /// lua.c's `docall`: runs `f(args...)` with Ctrl-C armed and a traceback on error.
    pub fn call(&mut self, f: &LuaValue, args: &[LuaValue]) -> Result<Vec<LuaValue>, Failure> {
        let _armed = signals::arm();
        // A Ctrl-C that arrived after the previous chunk stopped polling must not interrupt
        // this one.
        self.interrupt_flag.store(false, Ordering::SeqCst);
        self.lua.call_traceback(f, args).map_err(Failure::from)
    }

    /// Like [`Session::call`] without the traceback (lua.c's plain `lua_pcall`, used to call
    /// `print` in the REPL).
    pub fn call_plain(
        &mut self,
        f: &LuaValue,
        args: &[LuaValue],
    ) -> Result<Vec<LuaValue>, Failure> {
        let _armed = signals::arm();
        self.interrupt_flag.store(false, Ordering::SeqCst);
        self.lua.call(f, args).map_err(Failure::from)
    }

    /// Compiles a chunk given as bytes: text or binary, as lua.c loads in mode "bt"
    /// (`Lua::load` gives lua's "bad binary format" messages for broken binary chunks).
    pub fn load(&mut self, source: &[u8], chunkname: &str) -> Result<LuaValue, Failure> {
        self.lua.load(source, chunkname).map_err(Failure::from)
    }

    /// `luaL_loadfile` of a script: the file (or standard input) is parsed while it is read,
    /// with lua5.4's messages for files that cannot be opened or read.
    fn load_origin(&mut self, origin: ChunkOrigin<'_>) -> Result<LuaValue, Failure> {
        let path = match origin {
            ChunkOrigin::Stdin => None,
            ChunkOrigin::File(name) => Some(name),
        };
        self.lua.load_file_bytes(path).map_err(Failure::from)
    }

    /// lua.c's `dochunk`: runs a loaded chunk without arguments, reporting any failure.
    fn run_loaded(&mut self, loaded: Result<LuaValue, Failure>) -> bool {
        let outcome = loaded.and_then(|f| self.call(&f, &[]).map(drop));
        self.report_outcome(outcome)
    }

    fn report_outcome(&mut self, outcome: Result<(), Failure>) -> bool {
        match outcome {
            Ok(()) => true,
            Err(failure) => {
                self.report(&failure, true);
                false
            }
        }
    }

    /// lua.c's `dostring` (text or binary, like `luaL_loadbuffer`).
    pub fn run_string(&mut self, source: &[u8], chunkname: &str) -> bool {
        let loaded = self.load(source, chunkname);
        self.run_loaded(loaded)
    }

    /// lua.c's `dofile` (`Stdin` for `dofile(L, NULL)`).
    pub fn run_file(&mut self, origin: ChunkOrigin<'_>) -> bool {
        let loaded = self.load_origin(origin);
        self.run_loaded(loaded)
    }

    /// lua.c's `dolibrary`: `-l mod` sets global `mod` to `require("mod")`; `-l g=mod` sets
    /// global `g`.
    pub fn require_into_global(&mut self, spec: &[u8]) -> bool {
        let (global_name, module_name) = match spec.iter().position(|&b| b == b'=') {
            Some(eq) => (&spec[..eq], &spec[eq + 1..]),
            None => (spec, spec),
        };
        let require = self.lua.global("require");
        let outcome = self
            .call(&require, &[LuaValue::String(module_name.to_vec())])
            .and_then(|results| {
                let module = results.into_iter().next().unwrap_or(LuaValue::Nil);
                let name = String::from_utf8_lossy(global_name);
                self.lua.set_global(&name, module).map_err(Failure::from)
            });
        self.report_outcome(outcome)
    }

    /// lua.c's `handle_luainit`: `LUA_INIT_5_4`, else `LUA_INIT`; `@file` runs a file,
    /// anything else is a chunk named after the variable.
    pub fn run_lua_init(&mut self) -> bool {
        for variable in ["LUA_INIT_5_4", "LUA_INIT"] {
            if let Some(value) = std::env::var_os(variable) {
                let value = os_bytes(value);
                return match value.strip_prefix(b"@") {
                    Some(file) => self.run_file(ChunkOrigin::File(file)),
                    None => self.run_string(&value, &format!("={variable}")),
                };
            }
        }
        true
    }

    /// lua.c's `createargtable`: the script at index 0, what precedes it at negative
    /// indices, its arguments from 1 (with no script, the program name is at 0).
    pub fn create_arg_table(&mut self, argv: &[Vec<u8>], script: usize) -> Result<(), Failure> {
        let base = if script >= argv.len() { 0 } else { script };
        let table = self.lua.create_table()?;
        for (i, word) in argv.iter().enumerate() {
            let index = i as i64 - base as i64;
            self.lua.table_set(
                &table,
                LuaValue::Integer(index),
                LuaValue::String(word.clone()),
            )?;
        }
        self.lua.set_global("arg", table)?;
        Ok(())
    }

    /// lua.c's `handle_script`: loads the script (a file, or stdin for `-`) and calls it with
    /// `arg[1..#arg]` as `...`.
    pub fn run_script(&mut self, origin: ChunkOrigin<'_>) -> bool {
        let outcome = self.load_origin(origin).and_then(|f| {
            let args = self.script_arguments()?;
            self.call(&f, &args).map(drop)
        });
        self.report_outcome(outcome)
    }

    /// lua.c's `pushargs`: `arg[1]` .. `arg[#arg]` of the global `arg` as it is now (code run
    /// by `LUA_INIT` or `-e` may have changed it).
    fn script_arguments(&mut self) -> Result<Vec<LuaValue>, Failure> {
        let arg = self.lua.global("arg");
        if !matches!(arg, LuaValue::Table(_)) {
            return Err(Failure::message("'arg' is not a table"));
        }
        let count = self.length(&arg)?;
        if count > MAX_SCRIPT_ARGUMENTS {
            return Err(Failure::message(
                "stack overflow (too many arguments to script)",
            ));
        }
        (1..=count)
            .map(|i| {
                self.lua
                    .table_get(&arg, LuaValue::Integer(i))
                    .map_err(Failure::from)
            })
            .collect()
    }

    /// `luaL_len`: `#v` (metamethods included), which must be an integer. Computed by the
    /// runtime without running a chunk, so a hook set by `-e` sees no extra events.
    fn length(&mut self, v: &LuaValue) -> Result<i64, Failure> {
        self.lua.length(v).map_err(Failure::from)
    }
}

/// Applies `-j`. Only the interpreter exists today, so both modes run the same code; when
/// the runtime gains a JIT switch, this is the one place that sets it.
fn apply_jit_mode(_lua: &mut Lua, jit: JitMode) {
    match jit {
        JitMode::On | JitMode::Off => {}
    }
}

/// The raw bytes of an OS string (environment variables, arguments).
pub fn os_bytes(s: std::ffi::OsString) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        s.into_vec()
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned().into_bytes()
    }
}
