//! Standard libraries implemented in this crate: the base library and the string metatable's
//! arithmetic coercion. Other libraries are opened through the same `Vm` helper API.

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod math;
pub mod os;
pub mod package;
pub mod string;
pub mod string_coercion;
pub mod table;
pub mod utf8;
