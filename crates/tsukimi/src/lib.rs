//! tsukimi: a Lua 5.4 runtime with a tiered JIT compiler.
//!
//! Embedding: see [`Lua`] (module `api`). Library writers work against [`vm::Vm`]
//! (`vm::api_support` has the `luaL_check*`-style helpers) and the value model in [`value`].
//!
//! Layout: `value` (the 16-byte tagged value), `gc` (heap, accounting, mark-sweep),
//! `object` (strings, tables, functions, userdata), `vm` (state, calls, interpreter,
//! metamethods, numbers, debug info), `stdlib` (base library), `api` (embedding API).

pub mod api;
pub mod gc;
pub mod object;
pub mod stdlib;
pub mod value;
pub mod vm;

pub use api::{Error, ErrorKind, InterruptHandle, Lua, LuaRef, LuaValue, RustCallback};
pub use object::function::NativeFn;
pub use value::Value;
pub use vm::{ArgRange, LuaError, Vm};
