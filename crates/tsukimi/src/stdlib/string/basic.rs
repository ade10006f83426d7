//! The string functions that need no pattern matching: `len`, `sub`, `upper`, `lower`,
//! `rep`, `reverse`, `byte`, `char` and `dump`.
//!
//! Positions follow lstrlib (`posrelatI`/`getendpos` in `tsukimi_text::position`); case
//! mapping is the C locale's (ASCII only), as lua5.4 runs in the "C" locale by default.

use tsukimi_text::position;

use super::support::{
    check_str, message_error, opt_int, opt_str, push_bytes, text_error, LibResult,
};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm, MAX_STACK};

pub(super) fn len(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    vm.push(Value::Integer(s.len() as i64))?;
    Ok(1)
}

pub(super) fn sub(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let i = vm.check_integer(args, 2)?;
    let j = opt_int(vm, args, 3)?;
    let range = position::sub_range(s.len(), i, j);
    if range.start == 0 && range.end == s.len() {
        vm.push(Value::String(s))?;
    } else {
        push_bytes(vm, &s.as_bytes()[range])?;
    }
    Ok(1)
}

fn map_bytes(vm: &mut Vm, args: ArgRange, f: fn(&u8) -> u8) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let mut out = result_buffer(vm, s.len())?;
    out.extend(s.as_bytes().iter().map(f));
    push_bytes(vm, &out)?;
    Ok(1)
}

/// An empty buffer with room for a result of `len` bytes, or "not enough memory" (a result
/// as long as a huge argument must not abort the process).
fn result_buffer(vm: &mut Vm, len: usize) -> Result<Vec<u8>, LuaError> {
    crate::gc::fallible_vec(len).map_err(|_| vm.memory_error())
}

pub(super) fn upper(vm: &mut Vm, args: ArgRange) -> LibResult {
    map_bytes(vm, args, u8::to_ascii_uppercase)
}

pub(super) fn lower(vm: &mut Vm, args: ArgRange) -> LibResult {
    map_bytes(vm, args, u8::to_ascii_lowercase)
}

pub(super) fn reverse(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let mut out = result_buffer(vm, s.len())?;
    out.extend(s.as_bytes().iter().rev());
    push_bytes(vm, &out)?;
    Ok(1)
}

pub(super) fn rep(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let n = vm.check_integer(args, 2)?;
    let sep = opt_str(vm, args, 3)?;
    let sep_bytes = sep.as_ref().map_or(&b""[..], |sep| sep.as_bytes());
    let flag = vm.interrupt_flag();
    let poll = &mut || flag.load(std::sync::atomic::Ordering::Relaxed);
    match position::rep(s.as_bytes(), n, sep_bytes, poll) {
        Ok(out) => {
            push_bytes(vm, &out)?;
            Ok(1)
        }
        Err(e) => Err(text_error(vm, e)),
    }
}

pub(super) fn byte(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let i = opt_int(vm, args, 2)?;
    let j = opt_int(vm, args, 3)?;
    let range = position::byte_range(s.len(), i, j).map_err(|e| text_error(vm, e))?;
    if vm.top() + range.len() > MAX_STACK {
        return Err(message_error(vm, b"stack overflow (string slice too long)"));
    }
    let count = range.len();
    for &b in &s.as_bytes()[range] {
        vm.push(Value::Integer(i64::from(b)))?;
    }
    Ok(count)
}

pub(super) fn char(vm: &mut Vm, args: ArgRange) -> LibResult {
    let mut out = Vec::with_capacity(args.count);
    for n in 1..=args.count {
        let c = vm.check_integer(args, n)?;
        if c as u64 > u64::from(u8::MAX) {
            return Err(vm.arg_error(n, "value out of range"));
        }
        out.push(c as u8);
    }
    push_bytes(vm, &out)?;
    Ok(1)
}

/// `string.dump(f [, strip])`: a Lua function's prototype as a binary chunk, in Lua 5.4's
/// format as `luac5.4` writes it (see `tsukimi_bytecode::dump`); native functions are refused
/// as in lua5.4.
/// With `strip`, the debug information goes as in lua5.4: line info, local and upvalue names
/// and the source, so the loaded function reports line -1 (`?:-1:` in runtime errors).
pub(super) fn dump(vm: &mut Vm, args: ArgRange) -> LibResult {
    let f = vm.arg(args, 1);
    if !f.is_function() {
        return Err(vm.arg_type_error(args, 1, "function"));
    }
    let strip = !vm.arg(args, 2).is_falsy();
    let Value::LuaFunction(closure) = f else {
        return Err(message_error(vm, b"unable to dump given function"));
    };
    let proto = Vm::original_proto(&closure.proto);
    let bytes = tsukimi_bytecode::dump(&proto, strip);
    push_bytes(vm, &bytes)?;
    Ok(1)
}
