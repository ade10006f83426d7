//! Helpers shared by the string, utf8, table and math libraries: string arguments that stay
//! rooted, optional arguments, turning `tsukimi_text::TextError` into Lua errors, and creating
//! a library table the way `luaL_requiref` does (global plus `package.loaded` entry).
//!
//! Rooting rule (see `gc/mod.rs`): a number converted to a string for a string argument is
//! written back into the argument's stack slot, exactly as `lua_tolstring` converts in place.
//! So every string these helpers hand out is reachable from the stack for the rest of the
//! call, even across calls back into Lua (gsub callbacks, `__tostring` in `format`).

use tsukimi_text::TextError;

use crate::object::function::NativeFn;
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::{ArgRange, LuaError, Vm};

/// Result type of a library function: the number of results pushed.
pub(crate) type LibResult = Result<usize, LuaError>;

/// An error from a library function that may come from the VM or from `tsukimi-text`.
/// The text crate's traits (`FormatArgs`, `PackArgs`, `Replacer`) need one error type that
/// both kinds convert into; [`raise`] finishes it into a Lua error.
#[derive(Debug)]
pub(crate) enum LibError {
    Lua(LuaError),
    Text(TextError),
}

impl From<TextError> for LibError {
    fn from(e: TextError) -> Self {
        LibError::Text(e)
    }
}

impl From<LuaError> for LibError {
    fn from(e: LuaError) -> Self {
        LibError::Lua(e)
    }
}

/// Turns a [`LibError`] into the Lua error lua5.4 would raise.
pub(crate) fn raise(vm: &mut Vm, e: LibError) -> LuaError {
    match e {
        LibError::Lua(e) => e,
        LibError::Text(e) => text_error(vm, e),
    }
}

/// Renders a `TextError` like lauxlib: messages get the caller's position (`luaL_error`),
/// bad arguments become `bad argument #n to 'f' (...)` (`luaL_argerror`), interruption is
/// the VM's interruption error.
#[cold]
pub(crate) fn text_error(vm: &mut Vm, e: TextError) -> LuaError {
    match e {
        TextError::Message(message) => message_error(vm, &message),
        TextError::BadArgument { arg, message } => vm.arg_error_bytes(arg, &message),
        TextError::Interrupted => match vm.poll_interrupt() {
            Err(e) => e,
            Ok(()) => vm.runtime_error("interrupted!"),
        },
        TextError::OutOfMemory => vm.memory_error(),
    }
}

/// `luaL_error` with a byte message (which may quote non-UTF-8 user input).
#[cold]
pub(crate) fn message_error(vm: &mut Vm, message: &[u8]) -> LuaError {
    let mut text = vm.where_prefix(1);
    text.extend_from_slice(message);
    match vm.new_string(&text) {
        Ok(s) => LuaError {
            value: Value::String(s),
        },
        Err(e) => e,
    }
}

/// `luaL_checklstring`: a string argument; numbers are converted in place (so the result
/// stays rooted by the argument slot).
pub(crate) fn check_str(vm: &mut Vm, args: ArgRange, n: usize) -> Result<Gc<LuaString>, LuaError> {
    match vm.arg(args, n) {
        Value::String(s) => Ok(s),
        v @ (Value::Integer(_) | Value::Float(_)) => {
            let Some(s) = vm.to_string_coerce(v)? else {
                return Err(vm.arg_type_error(args, n, "string"));
            };
            // `v` is not nil, so the argument exists: slot `base + n - 1` is below the top.
            vm.th.stack[args.base + n - 1] = Value::String(s);
            Ok(s)
        }
        _ => Err(vm.arg_type_error(args, n, "string")),
    }
}

/// `luaL_optlstring`: `None` for an absent or nil argument.
pub(crate) fn opt_str(
    vm: &mut Vm,
    args: ArgRange,
    n: usize,
) -> Result<Option<Gc<LuaString>>, LuaError> {
    if vm.arg(args, n).is_nil() {
        Ok(None)
    } else {
        check_str(vm, args, n).map(Some)
    }
}

/// `luaL_opt(L, luaL_checkinteger, n, ...)` without a default: `None` when absent or nil.
pub(crate) fn opt_int(vm: &mut Vm, args: ArgRange, n: usize) -> Result<Option<i64>, LuaError> {
    if vm.arg(args, n).is_nil() {
        Ok(None)
    } else {
        vm.check_integer(args, n).map(Some)
    }
}

/// `luaL_checknumber` as a float.
#[inline]
pub(crate) fn check_float(vm: &mut Vm, args: ArgRange, n: usize) -> Result<f64, LuaError> {
    // Numbers inline (the math library's common case: one match, no call); strings and
    // errors out of line. Going through `check_number`'s own inline path instead costs
    // 6 instructions per call more (numloop's `sqrt`/`floor` loop: 313M -> 319M).
    match vm.arg(args, n) {
        Value::Float(f) => Ok(f),
        Value::Integer(i) => Ok(i as f64),
        _ => check_float_coerced(vm, args, n),
    }
}

/// `check_float` for an argument that is not a number: a numeric string, or the error.
#[inline(never)]
fn check_float_coerced(vm: &mut Vm, args: ArgRange, n: usize) -> Result<f64, LuaError> {
    // `check_number` only returns numbers, so `as_float` always succeeds.
    Ok(vm.check_number(args, n)?.as_float().unwrap_or(f64::NAN))
}

/// Pushes a new string made of `bytes`.
pub(crate) fn push_bytes(vm: &mut Vm, bytes: &[u8]) -> Result<(), LuaError> {
    let s = vm.new_string(bytes)?;
    vm.push(Value::String(s))
}

/// Creates a library table holding `functions`, stores it as global `name` and in
/// `package.loaded[name]` (what `luaL_requiref` does), and returns it.
pub(crate) fn new_library(
    vm: &mut Vm,
    name: &str,
    functions: &[(&'static str, NativeFn)],
) -> Result<Gc<Table>, LuaError> {
    let library = vm.new_table(0, functions.len())?;
    for &(field, f) in functions {
        vm.register(library, field, f)?;
    }
    let globals = vm.globals();
    vm.set_field(globals, name, Value::Table(library))?;
    let loaded = vm.loaded();
    vm.set_field(loaded, name, Value::Table(library))?;
    Ok(library)
}
