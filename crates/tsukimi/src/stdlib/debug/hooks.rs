//! `debug.sethook` and `debug.gethook` (ldblib.c's `db_sethook`, `db_gethook`, `makemask`,
//! `unmakemask`). Hook functions are kept per thread in the registry table `_HOOKKEY`
//! (see `vm::hook::hook_key`; the table also roots them); the event mask and count live in
//! each thread's hook state, read by the interpreter.

use crate::value::Value;
use crate::vm::hook::{hook_key, mask};
use crate::vm::{ArgRange, Vm};

use super::{on_thread, thread_arg, R};

/// `makemask`: letters c, r, l of the mask string plus a count event when `count > 0`.
fn make_mask(letters: &[u8], count: i64) -> u8 {
    let mut m = 0;
    if letters.contains(&b'c') {
        m |= mask::CALL;
    }
    if letters.contains(&b'r') {
        m |= mask::RETURN;
    }
    if letters.contains(&b'l') {
        m |= mask::LINE;
    }
    if count > 0 {
        m |= mask::COUNT;
    }
    m
}

pub(super) fn sethook(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let arg = t.offset;
    let f = vm.arg(args, arg + 1);
    let (func, m, count) = if f.is_nil() {
        (Value::Nil, 0, 0)
    } else {
        // makemask scans the mask with strchr: it ends at the first zero byte.
        let letters = crate::stdlib::c_str(vm.check_string(args, arg + 2)?.as_bytes()).to_vec();
        if !f.is_function() {
            return Err(vm.arg_type_error(args, arg + 1, "function"));
        }
        // `(int)` conversion, as ldblib.c.
        let count = vm.opt_integer(args, arg + 3, 0)? as i32 as i64;
        (f, make_mask(&letters, count), count)
    };
    let thread = match t.thread {
        Some(th) => th,
        None => vm.running_thread()?,
    };
    let table = vm.hook_table(true)?;
    if let Some(table) = table {
        vm.raw_set(table, hook_key(thread), func)?;
    }
    let count = if m == 0 { 0 } else { count };
    on_thread(vm, t.thread, |vm| vm.set_hook_mask(m, count));
    Ok(0)
}

pub(super) fn gethook(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let state = on_thread(vm, t.thread, |vm| vm.hook_state());
    if state.mask == 0 {
        vm.push(Value::Nil)?;
        return Ok(1);
    }
    let thread = match t.thread {
        Some(th) => th,
        None => vm.running_thread()?,
    };
    let f = match vm.hook_table(false)? {
        Some(table) => table.get(hook_key(thread)),
        None => Value::Nil,
    };
    let mut letters = Vec::new();
    for (bit, c) in [(mask::CALL, b'c'), (mask::RETURN, b'r'), (mask::LINE, b'l')] {
        if state.mask & bit != 0 {
            letters.push(c);
        }
    }
    let letters = vm.new_string(&letters)?;
    vm.push(f)?;
    vm.push(Value::String(letters))?;
    vm.push(Value::Integer(state.base_count))?;
    Ok(3)
}
