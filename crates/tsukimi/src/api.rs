//! The embedding API: what a Rust program (and the `tsukimi` command) uses to run Lua.
//!
//! ```
//! let mut lua = tsukimi::Lua::new();
//! let f = lua.load(b"return 1 + 2", "=example").unwrap();
//! let r = lua.call(&f, &[]).unwrap();
//! assert_eq!(r[0], tsukimi::LuaValue::Integer(3));
//! ```
//!
//! Values cross the boundary as [`LuaValue`]: plain data for nil, booleans, numbers and
//! strings (copied bytes), and rooted handles ([`LuaRef`]) for tables, functions and
//! userdata. A handle keeps its object alive (the collector marks every `RootCell` still
//! referenced from outside) and is tied to the state that made it: using it with another
//! state is an error, never a use-after-free. Collection happens only at safe points inside
//! the VM and at API entry (no Lua code is running then, so handles are the only roots
//! besides the globals and registry).
//!
//! Errors are [`Error`]s carrying the Lua error value and its message; `call_traceback`
//! formats the message like `lua.c`'s `msghandler` and adds a `stack traceback:` text in
//! lua5.4's exact format.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::object::function::{NativeFn, NativeFunction, NativeKind};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, RootCell, Vm, MULTRET};

/// A rooted handle to a Lua object (table, function, userdata). Cloning is cheap; the object
/// lives at least as long as any clone.
#[derive(Clone)]
pub struct LuaRef {
    cell: Arc<RootCell>,
}

impl fmt::Debug for LuaRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LuaRef({:#x})", self.cell.value().object_addr())
    }
}

impl PartialEq for LuaRef {
    fn eq(&self, other: &Self) -> bool {
        self.cell.state_id == other.cell.state_id && self.cell.value().raw_eq(other.cell.value())
    }
}

/// A Lua value as seen from Rust.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum LuaValue {
    #[default]
    Nil,
    Boolean(bool),
    Integer(i64),
    Number(f64),
    /// A string's bytes (Lua strings are byte strings).
    String(Vec<u8>),
    Table(LuaRef),
    Function(LuaRef),
    Userdata(LuaRef),
    /// A coroutine.
    Thread(LuaRef),
}

impl LuaValue {
    /// A string value from text.
    pub fn string(s: impl AsRef<[u8]>) -> LuaValue {
        LuaValue::String(s.as_ref().to_vec())
    }

    /// `type(v)`.
    pub fn type_name(&self) -> &'static str {
        match self {
            LuaValue::Nil => "nil",
            LuaValue::Boolean(_) => "boolean",
            LuaValue::Integer(_) | LuaValue::Number(_) => "number",
            LuaValue::String(_) => "string",
            LuaValue::Table(_) => "table",
            LuaValue::Function(_) => "function",
            LuaValue::Userdata(_) => "userdata",
            LuaValue::Thread(_) => "thread",
        }
    }
}

/// What kind of failure an [`Error`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The chunk did not compile.
    Syntax,
    /// A Lua error was raised while running.
    Runtime,
    /// The memory limit was hit.
    Memory,
    /// A handle from another state was used.
    WrongState,
}

/// An error from the embedding API.
#[derive(Clone, Debug)]
pub struct Error {
    pub kind: ErrorKind,
    /// The message: the error value as a string, `__tostring` applied, or
    /// "(error object is a X value)" (as `lua.c` prints it).
    pub message: String,
    /// The message as raw bytes (Lua strings may not be UTF-8).
    pub message_bytes: Vec<u8>,
    /// The error value itself.
    pub value: LuaValue,
    /// `stack traceback:\n\t...` (only from `call_traceback`, and not when the message came
    /// from `__tostring`, like `lua.c`).
    pub traceback: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(tb) = &self.traceback {
            write!(f, "\n{tb}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Sets the interrupt flag of a state from any thread: running Lua code fails with
/// "interrupted!" at its next call or loop back-edge.
#[derive(Clone, Debug)]
pub struct InterruptHandle(Arc<AtomicBool>);

impl InterruptHandle {
    /// Requests the interruption.
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A Lua state. `Send`: it may move between threads (it is never shared).
pub struct Lua {
    vm: Box<Vm>,
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

/// Stack slots `lua.c` uses below the main chunk (see `call_inner`).
const HOST_STACK_SLOTS: usize = 5;

/// A Rust closure callable from Lua (see `NativeFn` for the calling convention).
pub type RustCallback = Box<dyn Fn(&mut Vm, ArgRange) -> Result<usize, LuaError> + Send>;

impl Lua {
    /// A state with every standard library opened (base, coroutine, io, os, package, string,
    /// table, math, utf8, debug).
    pub fn new() -> Lua {
        let mut lua = Lua::new_bare();
        // Opening the base library cannot fail without a memory limit.
        let _ = crate::stdlib::base::open(&mut lua.vm);
        let _ = crate::stdlib::coroutine::open(&mut lua.vm);
        let _ = crate::stdlib::io::open(&mut lua.vm);
        let _ = crate::stdlib::os::open(&mut lua.vm);
        let _ = crate::stdlib::package::open(&mut lua.vm);
        let _ = crate::stdlib::string::open(&mut lua.vm);
        let _ = crate::stdlib::table::open(&mut lua.vm);
        let _ = crate::stdlib::math::open(&mut lua.vm);
        let _ = crate::stdlib::utf8::open(&mut lua.vm);
        let _ = crate::stdlib::debug::open(&mut lua.vm);
        lua
    }

    /// A state with no library opened.
    pub fn new_bare() -> Lua {
        Lua { vm: Vm::new_bare() }
    }

    /// Direct access to the VM, for library writers (opening libraries, registering native
    /// functions written against `Vm`).
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    fn safe_point(&mut self) {
        if self.vm.th.frames.is_empty() {
            self.vm.th.top = 0;
            self.vm.check_gc();
        }
    }

    /// Loads a chunk (`lua_load` with mode "bt"): Lua source text, or a binary chunk from
    /// `string.dump` (first byte `\x1b`). `chunkname` is `"@file"`, `"=stdin"`, or the source
    /// itself. Returns the main function, or a `Syntax` error with lua5.4's message. The name
    /// may be any bytes (`&str`, `&[u8]`...), as a Lua string.
    pub fn load(
        &mut self,
        source: &[u8],
        chunkname: &(impl AsRef<[u8]> + ?Sized),
    ) -> Result<LuaValue, Error> {
        self.safe_point();
        match crate::stdlib::base::load_chunk(&mut self.vm, source, chunkname.as_ref(), b"bt", None)
        {
            Ok(Ok(f)) => Ok(self.export(f)),
            Ok(Err(msg)) => Err(self.error_from(ErrorKind::Syntax, msg, None)),
            Err(e) => Err(self.error_from(ErrorKind::Memory, e.value, None)),
        }
    }

    /// Loads a file like `luaL_loadfile` (`None`: standard input): chunkname `@path` (or
    /// `=stdin`), a UTF-8 byte-order mark and a first line starting with `#` are skipped.
    /// A missing file gives a `Syntax`-kind error `"cannot open <path>: <reason>"`.
    pub fn load_file(&mut self, path: Option<&str>) -> Result<LuaValue, Error> {
        self.load_file_bytes(path.map(str::as_bytes))
    }

    /// [`Lua::load_file`] with the path as bytes (a Unix file name need not be UTF-8; the
    /// chunk name is `@` and those bytes). The file is parsed while it is read, as
    /// `luaL_loadfile` does.
    pub fn load_file_bytes(&mut self, path: Option<&[u8]>) -> Result<LuaValue, Error> {
        self.safe_point();
        match crate::stdlib::load_file::load_file_named(&mut self.vm, path, b"bt", None) {
            Ok(Ok(f)) => Ok(self.export(f)),
            Ok(Err(msg)) => Err(self.error_from(ErrorKind::Syntax, msg, None)),
            Err(e) => Err(self.error_from(ErrorKind::Memory, e.value, None)),
        }
    }

    /// Loads an already compiled prototype.
    pub fn load_proto(&mut self, proto: &tsukimi_bytecode::Proto) -> Result<LuaValue, Error> {
        self.safe_point();
        match self.vm.load_proto(proto) {
            Ok(f) => Ok(self.export(f)),
            Err(e) => Err(self.error_from(ErrorKind::Memory, e.value, None)),
        }
    }

    /// Calls a function (or callable value) with arguments; returns all its results, or the
    /// error (message without traceback).
    pub fn call(&mut self, f: &LuaValue, args: &[LuaValue]) -> Result<Vec<LuaValue>, Error> {
        self.call_inner(f, args, false)
    }

    /// Like [`Lua::call`], but on error the message is formatted like `lua.c`'s `msghandler`
    /// and `traceback` holds lua5.4's `stack traceback:` text (ending with `[C]: in ?` for
    /// the host).
    pub fn call_traceback(
        &mut self,
        f: &LuaValue,
        args: &[LuaValue],
    ) -> Result<Vec<LuaValue>, Error> {
        self.call_inner(f, args, true)
    }

    /// Loads and runs a chunk with `call_traceback` (convenience for scripts).
    pub fn exec(
        &mut self,
        source: &[u8],
        chunkname: &(impl AsRef<[u8]> + ?Sized),
    ) -> Result<Vec<LuaValue>, Error> {
        let f = self.load(source, chunkname)?;
        self.call_traceback(&f, &[])
    }

    fn call_inner(
        &mut self,
        f: &LuaValue,
        args: &[LuaValue],
        with_traceback: bool,
    ) -> Result<Vec<LuaValue>, Error> {
        self.safe_point();
        let saved_top = self.vm.th.top;
        // lua.c's own C frame and message handler sit below the chunk on its stack; keeping
        // the same offset makes "stack overflow" depths and traceback counts identical.
        let func = if with_traceback && saved_top == 0 {
            HOST_STACK_SLOTS
        } else {
            saved_top
        };
        if func > saved_top {
            let _ = self.vm.set_top(func);
        }
        let fv = self.import(f)?;
        let mut vals = Vec::with_capacity(args.len());
        vals.push(fv);
        for a in args {
            let v = self.import(a)?;
            vals.push(v);
        }
        for v in vals {
            if let Err(e) = self.vm.push(v) {
                self.vm.th.top = saved_top;
                return Err(self.error_from(ErrorKind::Memory, e.value, None));
            }
        }
        let mut traceback: Option<Vec<u8>> = None;
        let mut message: Option<Vec<u8>> = None;
        let mut handled: Value = Value::Nil;
        // Run like lua.c runs a script: debug levels see its C function below the chunk.
        let saved_host_entry = self.vm.th.host_entry;
        self.vm.th.host_entry = saved_host_entry || (with_traceback && saved_top == 0);
        let result = if with_traceback {
            // Like lua.c's msghandler, the handler's result (message plus traceback) becomes
            // the error value that pending `__close` handlers see while unwinding.
            self.vm
                .protected_call_with(func, MULTRET, &mut |vm: &mut Vm, e: Value| {
                    let (msg, tb) = message_handler(vm, e);
                    let mut full = msg.clone();
                    if let Some(tb) = &tb {
                        full.push(b'\n');
                        full.extend_from_slice(tb);
                    }
                    message = Some(msg);
                    traceback = tb;
                    handled = match vm.new_string(&full) {
                        Ok(s) => Value::String(s),
                        Err(_) => e,
                    };
                    handled
                })
        } else {
            self.vm.protected_call(func, MULTRET, None)
        };
        self.vm.th.host_entry = saved_host_entry;
        let _ = self.vm.output.flush();
        match result {
            Ok(()) => {
                let out: Vec<Value> = self.vm.th.stack[func..self.vm.th.top].to_vec();
                self.vm.th.top = saved_top;
                Ok(out.into_iter().map(|v| self.export(v)).collect())
            }
            Err(e) => {
                self.vm.th.top = saved_top;
                let unchanged = with_traceback && e.value.raw_eq(handled);
                let tb = if unchanged { traceback } else { None };
                let kind = self.error_kind(e.value);
                let mut err = self.error_from(kind, e.value, tb);
                if let (true, Some(m)) = (unchanged, message) {
                    err.message = String::from_utf8_lossy(&m).into_owned();
                    err.message_bytes = m;
                }
                Err(err)
            }
        }
    }

    /// Reads a global variable (raw).
    pub fn global(&mut self, name: &str) -> LuaValue {
        self.safe_point();
        let g = self.vm.globals();
        match self.vm.get_field(g, name) {
            Ok(v) => self.export(v),
            Err(_) => LuaValue::Nil,
        }
    }

    /// Sets a global variable (raw).
    pub fn set_global(&mut self, name: &str, value: LuaValue) -> Result<(), Error> {
        self.safe_point();
        let v = self.import(&value)?;
        let g = self.vm.globals();
        self.vm
            .set_field(g, name, v)
            .map_err(|e| self.error_from(ErrorKind::Memory, e.value, None))
    }

    /// Creates an empty table.
    pub fn create_table(&mut self) -> Result<LuaValue, Error> {
        self.safe_point();
        match self.vm.new_table(0, 0) {
            Ok(t) => Ok(self.export(Value::Table(t))),
            Err(e) => Err(self.error_from(ErrorKind::Memory, e.value, None)),
        }
    }

    /// `rawset(t, key, value)`: integer keys (negative too), strings, any value.
    pub fn table_set(&mut self, t: &LuaValue, key: LuaValue, value: LuaValue) -> Result<(), Error> {
        self.safe_point();
        let tv = self.import(t)?;
        let Value::Table(tab) = tv else {
            return Err(self.api_error("table expected"));
        };
        let k = self.import(&key)?;
        let v = self.import(&value)?;
        self.vm
            .raw_set(tab, k, v)
            .map_err(|e| self.error_from(ErrorKind::Runtime, e.value, None))
    }

    /// `rawget(t, key)`.
    pub fn table_get(&mut self, t: &LuaValue, key: LuaValue) -> Result<LuaValue, Error> {
        self.safe_point();
        let tv = self.import(t)?;
        let Value::Table(tab) = tv else {
            return Err(self.api_error("table expected"));
        };
        let k = self.import(&key)?;
        let v = tab.get(k);
        Ok(self.export(v))
    }

    /// `luaL_tolstring`: the bytes `print`/`tostring` would show (may call `__tostring`).
    pub fn to_display(&mut self, v: &LuaValue) -> Result<Vec<u8>, Error> {
        self.safe_point();
        let val = self.import(v)?;
        // The bytes are copied before anything can allocate again, so the string result
        // needs no root once `protected` has restored the top.
        match self.protected(|vm| vm.to_display_string(val)) {
            Ok(s) => Ok(s.as_bytes().to_vec()),
            Err(e) => {
                let kind = self.error_kind(e.value);
                Err(self.error_from(kind, e.value, None))
            }
        }
    }

    /// `luaL_len`: `#v` with `__len` honoured (no Lua chunk is compiled or run for it, so
    /// hooks see only the metamethod's own events); the result must be an integer (an
    /// integral float or a numeric string is converted, as `lua_tointegerx`), else the error
    /// is "object length is not an integer". A value without a length and without `__len`
    /// gives "attempt to get length of a X value"; an error in `__len` is returned as is.
    pub fn length(&mut self, v: &LuaValue) -> Result<i64, Error> {
        self.safe_point();
        let val = self.import(v)?;
        let length = self.protected(|vm| vm.length(val, crate::vm::meta::Origin::None));
        match length {
            Ok(n) => match self.vm.to_integer(n) {
                Some(i) => Ok(i),
                None => Err(self.api_error("object length is not an integer")),
            },
            Err(e) => {
                let kind = self.error_kind(e.value);
                Err(self.error_from(kind, e.value, None))
            }
        }
    }

    /// Runs `f` like a protected call with no handler: on error the frames it left are
    /// dropped, upvalues and to-be-closed variables above the entry top are closed, and the
    /// stack top, native-call depth and stack limit are as before.
    fn protected<R>(
        &mut self,
        f: impl FnOnce(&mut Vm) -> Result<R, LuaError>,
    ) -> Result<R, LuaError> {
        let saved_top = self.vm.th.top;
        let saved_frames = self.vm.th.frames.len();
        let saved_calls = self.vm.th.native_calls;
        let result = f(&mut self.vm);
        if let Err(e) = &result {
            if !self.vm.killing() {
                self.vm.th.top = self.vm.error_point_top();
                // Root the error value while `__close` handlers run.
                let _ = self.vm.push(e.value);
                self.vm.th.native_calls = saved_calls;
                self.vm.th.frames.truncate(saved_frames);
                let err = self.vm.unwind_to(saved_top, e.value);
                self.vm.th.top = saved_top;
                if saved_top + crate::vm::FRAME_SLACK < crate::vm::MAX_STACK {
                    self.vm.th.stack_limit = crate::vm::MAX_STACK;
                }
                return Err(LuaError { value: err });
            }
        }
        self.vm.th.top = saved_top;
        result
    }

    /// Registers a Rust function (`fn` pointer, `NativeFn` convention) as a global.
    pub fn register(&mut self, name: &'static str, f: NativeFn) -> Result<(), Error> {
        self.safe_point();
        let g = self.vm.globals();
        self.vm
            .register(g, name, f)
            .map_err(|e| self.error_from(ErrorKind::Memory, e.value, None))
    }

    /// Registers a Rust closure as a global.
    pub fn register_closure(&mut self, name: &'static str, f: RustCallback) -> Result<(), Error> {
        self.safe_point();
        let nf = match self.vm.heap.alloc_native(NativeFunction::new(
            NativeKind::Boxed(f),
            name,
            Vec::new(),
        )) {
            Ok(nf) => nf,
            Err(_) => {
                let e = self.vm.memory_error();
                return Err(self.error_from(ErrorKind::Memory, e.value, None));
            }
        };
        let g = self.vm.globals();
        self.vm
            .set_field(g, name, Value::NativeFunction(nf))
            .map_err(|e| self.error_from(ErrorKind::Memory, e.value, None))
    }

    /// Where `print` writes (default: stdout, line-buffered).
    pub fn set_output(&mut self, w: Box<dyn Write + Send>) {
        self.vm.set_output(w);
    }

    /// Flushes the output sink.
    pub fn flush_output(&mut self) {
        let _ = self.vm.output.flush();
    }

    /// A handle that interrupts running code from another thread (Ctrl-C).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.vm.interrupt_flag())
    }

    /// Turns warnings on or off (`lua -W`).
    pub fn set_warnings(&mut self, on: bool) {
        self.vm.warn.on = on;
    }

    /// Holds one native-call level for the rest of this state's life, as `lua.c` does:
    /// its `main` calls `pmain` (a C function) through `lua_pcall`, and `pmain` loads and
    /// calls the script, so in `lua5.4 script.lua` a main chunk runs two levels deep where a
    /// chunk an embedder calls directly runs one deep. Scripts then reach "C stack overflow"
    /// (200 levels of pcall/metamethod/resume nesting) and the parser's nesting limit at
    /// exactly lua5.4's depths. The `tsukimi` command calls this once, on a new state.
    pub fn hold_host_call_level(&mut self) {
        self.vm.th.native_calls += 1;
    }

    /// Sets the collector mode `collectgarbage` reports ("generational" when `on`). The
    /// collector itself is the same either way; `lua.c` switches a new state to generational
    /// mode (`lua_gc(L, LUA_GCGEN)` in `pmain`), so a script's first
    /// `collectgarbage("incremental")` returns "generational" there, and the `tsukimi`
    /// command does the same.
    pub fn set_generational_mode(&mut self, on: bool) {
        self.vm.heap.generational = on;
    }

    /// Sets a memory limit in bytes (`None`: unlimited). Past it, allocations fail with
    /// "not enough memory".
    pub fn set_memory_limit(&mut self, bytes: Option<usize>) {
        self.vm.heap.set_limit(bytes);
    }

    /// Collects at every safe point when on.
    pub fn set_gc_stress(&mut self, on: bool) {
        self.vm.heap.stress = on;
    }

    /// Runs a full collection now.
    pub fn collect_garbage(&mut self) {
        if self.vm.th.frames.is_empty() {
            self.vm.th.top = 0;
            self.vm.full_gc();
        }
    }

    /// Bytes currently accounted to the heap.
    pub fn memory_used(&self) -> usize {
        self.vm.heap.allocated()
    }

    /// Runs a full collection, then the heap verifier (`gc/verify.rs`): everything reachable
    /// must be a live object. For tests and checked runs; slow.
    pub fn verify_heap(&mut self) -> Result<(), String> {
        self.collect_garbage();
        self.vm.verify_heap()
    }

    /// Number of live heap objects (tests, diagnostics).
    pub fn object_count(&self) -> usize {
        self.vm.heap.object_count()
    }

    // ---- conversions --------------------------------------------------------------------

    fn export(&mut self, v: Value) -> LuaValue {
        match v {
            Value::Nil => LuaValue::Nil,
            Value::Boolean(b) => LuaValue::Boolean(b),
            Value::Integer(i) => LuaValue::Integer(i),
            Value::Float(f) => LuaValue::Number(f),
            Value::String(s) => LuaValue::String(s.as_bytes().to_vec()),
            Value::Table(_) => LuaValue::Table(self.root(v)),
            Value::LuaFunction(_) | Value::NativeFunction(_) => LuaValue::Function(self.root(v)),
            Value::Userdata(_) => LuaValue::Userdata(self.root(v)),
            Value::Thread(_) => LuaValue::Thread(self.root(v)),
        }
    }

    fn root(&mut self, v: Value) -> LuaRef {
        let cell = Arc::new(RootCell::new(v, self.vm.id));
        self.vm.api_roots.push(cell.clone());
        LuaRef { cell }
    }

    fn import(&mut self, v: &LuaValue) -> Result<Value, Error> {
        Ok(match v {
            LuaValue::Nil => Value::Nil,
            LuaValue::Boolean(b) => Value::Boolean(*b),
            LuaValue::Integer(i) => Value::Integer(*i),
            LuaValue::Number(f) => Value::Float(*f),
            LuaValue::String(s) => match self.vm.new_string(s) {
                Ok(s) => Value::String(s),
                Err(e) => return Err(self.error_from(ErrorKind::Memory, e.value, None)),
            },
            LuaValue::Table(r)
            | LuaValue::Function(r)
            | LuaValue::Userdata(r)
            | LuaValue::Thread(r) => {
                if r.cell.state_id != self.vm.id {
                    let mut e = self.api_error("handle belongs to another Lua state");
                    e.kind = ErrorKind::WrongState;
                    return Err(e);
                }
                r.cell.value()
            }
        })
    }

    /// `Memory` for the VM's "not enough memory" error value, `Runtime` for anything else.
    fn error_kind(&self, v: Value) -> ErrorKind {
        if v.raw_eq(Value::String(self.vm.memory_error_message)) {
            ErrorKind::Memory
        } else {
            ErrorKind::Runtime
        }
    }

    fn api_error(&mut self, msg: &str) -> Error {
        Error {
            kind: ErrorKind::Runtime,
            message: msg.to_string(),
            message_bytes: msg.as_bytes().to_vec(),
            value: LuaValue::String(msg.as_bytes().to_vec()),
            traceback: None,
        }
    }

    fn error_from(&mut self, kind: ErrorKind, v: Value, traceback: Option<Vec<u8>>) -> Error {
        let bytes = match v {
            Value::String(s) => s.as_bytes().to_vec(),
            Value::Integer(_) | Value::Float(_) => crate::vm::meta::concat_piece(v)
                .map(|c| c.into_owned())
                .unwrap_or_default(),
            other => format!("(error object is a {} value)", other.type_name()).into_bytes(),
        };
        Error {
            kind,
            message: String::from_utf8_lossy(&bytes).into_owned(),
            message_bytes: bytes,
            value: self.export(v),
            // A chunk name in it may not be UTF-8 (the one place the API makes it text).
            traceback: traceback.map(|tb| String::from_utf8_lossy(&tb).into_owned()),
        }
    }
}

/// `lua.c`'s `msghandler`: the message bytes and, unless `__tostring` produced it, the
/// traceback (computed at the point of the error).
/// What lua.c's `msghandler` makes of an error value: the message with the traceback of the
/// running thread appended (a `__tostring` result alone). `None` for lack of memory.
pub(crate) fn traceback_message(vm: &mut Vm, e: Value) -> Option<Value> {
    let (msg, tb) = message_handler(vm, e);
    let mut full = msg;
    if let Some(tb) = &tb {
        full.push(b'\n');
        full.extend_from_slice(tb);
    }
    vm.new_string(&full).ok().map(Value::String)
}

fn message_handler(vm: &mut Vm, e: Value) -> (Vec<u8>, Option<Vec<u8>>) {
    // luaL_traceback adds the message as a C string: it ends at its first zero byte.
    let msg = match e {
        Value::String(s) => crate::stdlib::c_str(s.as_bytes()).to_vec(),
        Value::Integer(_) | Value::Float(_) => crate::vm::meta::concat_piece(e)
            .map(|c| c.into_owned())
            .unwrap_or_default(),
        other => {
            // luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING
            let tm = vm
                .metatable_of(other)
                .and_then(|mt| vm.intern_static(b"__tostring").map(|k| mt.get_str(k)))
                .unwrap_or(Value::Nil);
            if !tm.is_nil() {
                if let Ok(r) = vm.call_function(tm, &[other]) {
                    if let Some(Value::String(s)) = r.first() {
                        return (s.as_bytes().to_vec(), None);
                    }
                }
            }
            format!("(error object is a {} value)", other.type_name()).into_bytes()
        }
    };
    (msg, Some(vm.traceback(0, true)))
}

impl RootCell {
    pub(crate) fn new(value: Value, state_id: u64) -> RootCell {
        RootCell::from_parts(value, state_id)
    }
}
