//! The string library (`lstrlib.c`, Lua 5.4 manual §6.4).
//!
//! The algorithms live in `tsukimi-text` (patterns, `format`, `pack`, position clipping,
//! `rep`); this module binds them to the VM: it reads arguments with lauxlib's checks and
//! messages, pushes results, and renders `TextError`s with the caller's position or as
//! `bad argument` errors. Submodules:
//! - `support`: argument helpers and error rendering shared with utf8, table and math;
//! - `basic` : len, sub, upper, lower, rep, reverse, byte, char, dump;
//! - `search`: find, match, gmatch, gsub (calls back into Lua for gsub replacements);
//! - `format`: string.format through `tsukimi_text::format::FormatArgs`;
//! - `pack`  : pack, packsize, unpack.
//!
//! `open` also sets `__index` of the string metatable to the library table (so
//! `("x"):rep(3)` works), keeping the arithmetic metamethods `string_coercion` installed.
//!
//! Invariant: every string a function works on is rooted on the stack (its argument slot,
//! see `support::check_str`) for the whole call, so calling back into Lua is safe.

mod basic;
mod format;
mod pack;
mod search;
pub(crate) mod support;

use crate::object::function::NativeFn;
use crate::value::{LuaType, Value};
use crate::vm::{LuaError, Vm};

/// Opens the string library: global `string`, `package.loaded.string`, and the string
/// metatable's `__index`.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let functions: &[(&'static str, NativeFn)] = &[
        ("byte", basic::byte),
        ("char", basic::char),
        ("dump", basic::dump),
        ("find", search::find),
        ("format", format::format),
        ("gmatch", search::gmatch),
        ("gsub", search::gsub),
        ("len", basic::len),
        ("lower", basic::lower),
        ("match", search::match_),
        ("rep", basic::rep),
        ("reverse", basic::reverse),
        ("sub", basic::sub),
        ("upper", basic::upper),
        ("pack", pack::pack),
        ("packsize", pack::packsize),
        ("unpack", pack::unpack),
    ];
    let library = support::new_library(vm, "string", functions)?;
    let metatable = match vm.type_metatable(LuaType::String) {
        Some(mt) => mt,
        None => {
            let mt = vm.new_table(0, 2)?;
            vm.set_type_metatable(LuaType::String, Some(mt));
            mt
        }
    };
    vm.set_field(metatable, "__index", Value::Table(library))
}

#[cfg(test)]
mod tests;
