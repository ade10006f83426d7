//! The utf8 library (`lutf8lib.c`, Lua 5.4 manual §6.5) over `tsukimi_text::utf8`.
//!
//! Decoding is lutf8lib's: up to six-byte sequences in lax mode, strict mode (the default)
//! rejecting surrogates and values above U+10FFFF. `codes` returns one of two native
//! iterators (strict or lax) with the subject and the control value 0, as 5.4.4 does; each
//! step reads the subject and previous position from its arguments, so it keeps no state.

use tsukimi_text::utf8 as text_utf8;

use crate::object::function::NativeFn;
use crate::stdlib::string::support::{
    check_str, message_error, new_library, opt_int, push_bytes, text_error, LibResult,
};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm, MAX_STACK};

/// Opens the utf8 library (global `utf8` and `package.loaded.utf8`).
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let functions: &[(&'static str, NativeFn)] = &[
        ("offset", offset),
        ("codepoint", codepoint),
        ("char", char),
        ("len", len),
        ("codes", codes),
    ];
    let library = new_library(vm, "utf8", functions)?;
    let pattern = vm.new_string(text_utf8::CHAR_PATTERN)?;
    vm.set_field(library, "charpattern", Value::String(pattern))
}

fn char(vm: &mut Vm, args: ArgRange) -> LibResult {
    let mut codes = Vec::with_capacity(args.count);
    for n in 1..=args.count {
        let code = vm.check_integer(args, n)?;
        if code as u64 > u64::from(text_utf8::MAX_UTF) {
            return Err(vm.arg_error(n, "value out of range"));
        }
        codes.push(code);
    }
    let bytes = text_utf8::char(&codes).map_err(|e| text_error(vm, e))?;
    push_bytes(vm, &bytes)?;
    Ok(1)
}

fn len(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let i = opt_int(vm, args, 2)?;
    let j = opt_int(vm, args, 3)?;
    let lax = !vm.arg(args, 4).is_falsy();
    match text_utf8::len(s.as_bytes(), i, j, lax).map_err(|e| text_error(vm, e))? {
        text_utf8::Length::Count(n) => {
            vm.push(Value::Integer(n))?;
            Ok(1)
        }
        text_utf8::Length::InvalidAt(position) => {
            vm.push(Value::Nil)?;
            vm.push(Value::Integer(position))?;
            Ok(2)
        }
    }
}

fn codepoint(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let i = opt_int(vm, args, 2)?;
    let j = opt_int(vm, args, 3)?;
    let lax = !vm.arg(args, 4).is_falsy();
    let codes = text_utf8::codepoint(s.as_bytes(), i, j, lax).map_err(|e| text_error(vm, e))?;
    if vm.top() + codes.len() > MAX_STACK {
        return Err(message_error(vm, b"stack overflow (string slice too long)"));
    }
    for &code in &codes {
        vm.push(Value::Integer(code))?;
    }
    Ok(codes.len())
}

fn offset(vm: &mut Vm, args: ArgRange) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let n = vm.check_integer(args, 2)?;
    let i = opt_int(vm, args, 3)?;
    let position = text_utf8::offset(s.as_bytes(), n, i).map_err(|e| text_error(vm, e))?;
    vm.push(position.map_or(Value::Nil, Value::Integer))?;
    Ok(1)
}

fn codes(vm: &mut Vm, args: ArgRange) -> LibResult {
    let lax = !vm.arg(args, 2).is_falsy();
    let s = check_str(vm, args, 1)?;
    let step: NativeFn = if lax {
        codes_step_lax
    } else {
        codes_step_strict
    };
    let iterator = vm.new_native(step, "for iterator")?;
    vm.push(iterator)?;
    vm.push(Value::String(s))?;
    vm.push(Value::Integer(0))?;
    Ok(3)
}

fn codes_step(vm: &mut Vm, args: ArgRange, strict: bool) -> LibResult {
    let s = check_str(vm, args, 1)?;
    let control = vm.to_integer(vm.arg(args, 2)).unwrap_or(0);
    match text_utf8::codes_next(s.as_bytes(), control, strict).map_err(|e| text_error(vm, e))? {
        Some((position, code)) => {
            vm.push(Value::Integer(position))?;
            vm.push(Value::Integer(i64::from(code)))?;
            Ok(2)
        }
        None => Ok(0),
    }
}

fn codes_step_strict(vm: &mut Vm, args: ArgRange) -> LibResult {
    codes_step(vm, args, true)
}

fn codes_step_lax(vm: &mut Vm, args: ArgRange) -> LibResult {
    codes_step(vm, args, false)
}
