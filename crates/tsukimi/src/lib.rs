//! tsukimi: a Lua 5.4 runtime with a tiered JIT compiler.
//!
//! # Embedding
//!
//! [`Lua`] (module `api`) is the whole embedding surface: create a state, load chunks
//! (`load`, `load_file`, `load_proto`), call functions (`call` returns the error value's
//! message; `call_traceback` formats errors like `lua.c` with a lua5.4-exact traceback),
//! read and write globals and tables, register Rust functions, redirect `print`'s output,
//! interrupt running code from another thread, set warnings, a memory limit and GC stress.
//! [`ReservingAllocator`] (module `memory_reserve`) makes the system running out of memory a
//! Lua error rather than an abort.
//!
//! ```
//! use tsukimi::{Lua, LuaValue, Value};
//!
//! let mut lua = Lua::new();
//! lua.register("double", |vm, args| {
//!     let n = vm.check_integer(args, 1)?; // "bad argument #1 to 'double' (...)" on error
//!     vm.push(Value::Integer(n * 2))?;
//!     Ok(1) // number of results pushed
//! })
//! .unwrap();
//! let results = lua.exec(b"return double(21)", "=example").unwrap();
//! assert_eq!(results, vec![LuaValue::Integer(42)]);
//! let err = lua.exec(b"local t = nil\nreturn t.x", "=example").unwrap_err();
//! assert_eq!(err.message, "example:2: attempt to index a nil value (local 't')");
//! assert_eq!(
//!     err.traceback.as_deref(),
//!     Some("stack traceback:\n\texample:2: in main chunk\n\t[C]: in ?")
//! );
//! ```
//!
//! # Writing library functions
//!
//! A library function is a [`NativeFn`]: `fn(&mut Vm, ArgRange) -> Result<usize, LuaError>`.
//! Read arguments with `vm.arg(args, i)` or the `check_*`/`opt_*` helpers of
//! `vm::api_support` (they raise lua5.4's `bad argument` messages), push results with
//! `vm.push` and return how many were pushed. Raise errors with `vm.native_error(msg)`
//! (`luaL_error`: position of the calling Lua code added) or `LuaError { value }` for any
//! value. Call back into Lua with `vm.call_function(f, &args)` or `vm.call(func_slot, n)`.
//!
//! **GC rule**: collection happens only at safe points (allocation never collects); values a
//! native function still needs after calling back into Lua must live on the Lua stack (push
//! them), not only in Rust locals. See `gc/mod.rs`.
//!
//! # Layout
//!
//! `value` (the 16-byte tagged value), `gc` (heap, accounting, mark-sweep, weak tables,
//! finalizers), `object` (strings, tables, functions, userdata), `vm` (state, calls,
//! interpreter, metamethods, numbers, debug info, coroutines), `stdlib` (libraries), `api`
//! (embedding API).

pub mod api;
pub mod gc;
pub mod object;
pub mod stdlib;
pub mod value;
pub mod vm;

pub use api::{Error, ErrorKind, InterruptHandle, Lua, LuaRef, LuaValue, RustCallback};
pub use object::function::NativeFn;
/// The out-of-memory reserve (crate `tsukimi-memory`).
pub use tsukimi_memory as memory_reserve;
pub use tsukimi_memory::ReservingAllocator;
pub use value::Value;
pub use vm::{ArgRange, LuaError, Vm};
