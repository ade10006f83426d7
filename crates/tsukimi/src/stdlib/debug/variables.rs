//! Locals and upvalues: `getlocal`, `setlocal`, `getupvalue`, `setupvalue`, `upvalueid`,
//! `upvaluejoin` (ldblib.c over `lua_getlocal`, `lua_getupvalue`, `lua_upvalueid`...).
//!
//! Local `n` of a frame is the `n`-th active named local at the frame's current pc; past
//! them, any slot below the next frame is a `(temporary)` (`(C temporary)` in a native
//! frame); negative `n` reads the extra arguments of a vararg function, `(vararg)`. Given a
//! function instead of a level, `getlocal` returns only parameter names.
//!
//! Upvalue ids are userdata: `debug.upvalueid` hands out one userdata per upvalue cell while
//! it is referenced (a weak-valued registry table maps the cell's address to it), so ids
//! compare equal exactly when the cells are the same, like lua5.4's light userdata.

use crate::object::function::NativeFunction;
use crate::object::userdata::Userdata;
use crate::value::{Gc, Value};
use crate::vm::{ArgRange, LuaError, Vm};

use super::{on_thread, thread_arg, R};

/// Registry key of the table of upvalue ids.
const UPVALUE_IDS_KEY: &str = "_UPVALUEIDS";

/// Local `n` at `level` of the current state: `None` when the level is out of range,
/// `Some(None)` when there is no such local (or the level is the host's).
fn read_local(vm: &Vm, level: i64, n: i64) -> Option<Option<(String, Value)>> {
    let l = vm.stack_level(level)?;
    Some(l.frame().and_then(|frame| {
        vm.find_local(frame, n)
            .map(|(name, slot)| (name, vm.stack_value(slot)))
    }))
}

/// Stores `v` into local `n` at `level`; the result is as in [`read_local`] (the name).
fn write_local(vm: &mut Vm, level: i64, n: i64, v: Value) -> Option<Option<String>> {
    let l = vm.stack_level(level)?;
    let found = l.frame().and_then(|frame| vm.find_local(frame, n));
    Some(found.map(|(name, slot)| {
        vm.set_stack_value(slot, v);
        name
    }))
}

pub(super) fn getlocal(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let arg = t.offset;
    let n = super::check_c_int(vm, args, arg + 2)?;
    let target = vm.arg(args, arg + 1);
    if target.is_function() {
        let name = match target {
            Value::LuaFunction(cl) => usize::try_from(n)
                .ok()
                .filter(|&n| n > 0)
                .and_then(|n| cl.proto.local_name(n, 0).map(str::to_string)),
            _ => None,
        };
        let v = match name {
            Some(name) => Value::String(vm.new_string(name.as_bytes())?),
            None => Value::Nil,
        };
        vm.push(v)?;
        return Ok(1);
    }
    let level = super::check_c_int(vm, args, arg + 1)?;
    let Some(found) = on_thread(vm, t.thread, |vm| read_local(vm, level, n)) else {
        return Err(vm.arg_error(arg + 1, "level out of range"));
    };
    match found {
        Some((name, v)) => {
            // `v` is reachable from its stack slot; allocating the name cannot collect.
            let name = vm.new_string(name.as_bytes())?;
            vm.push(Value::String(name))?;
            vm.push(v)?;
            Ok(2)
        }
        None => {
            vm.push(Value::Nil)?;
            Ok(1)
        }
    }
}

pub(super) fn setlocal(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let arg = t.offset;
    let level = super::check_c_int(vm, args, arg + 1)?;
    let n = super::check_c_int(vm, args, arg + 2)?;
    if on_thread(vm, t.thread, |vm| vm.stack_level(level)).is_none() {
        return Err(vm.arg_error(arg + 1, "level out of range"));
    }
    let v = vm.check_any(args, arg + 3)?;
    let written = on_thread(vm, t.thread, |vm| write_local(vm, level, n, v)).flatten();
    let result = match written {
        Some(name) => Value::String(vm.new_string(name.as_bytes())?),
        None => Value::Nil,
    };
    vm.push(result)?;
    Ok(1)
}

/// The upvalue name (`aux_upvalue`): "" for native functions, "(no name)" without debug
/// information. `None` when `n` is out of range or `f` is not a function.
fn upvalue_name(f: Value, n: i64) -> Option<String> {
    let idx = usize::try_from(n).ok()?.checked_sub(1)?;
    match f {
        Value::LuaFunction(cl) => {
            cl.upvalues.get(idx)?;
            let name = cl.proto.upvalues.get(idx).map(|d| d.name.as_str());
            Some(match name {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => "(no name)".to_string(),
            })
        }
        Value::NativeFunction(nf) => (idx < nf.upvalue_count()).then(String::new),
        _ => None,
    }
}

fn check_function(vm: &mut Vm, args: ArgRange, n: usize) -> Result<Value, LuaError> {
    let f = vm.arg(args, n);
    if f.is_function() {
        Ok(f)
    } else {
        Err(vm.arg_type_error(args, n, "function"))
    }
}

pub(super) fn getupvalue(vm: &mut Vm, args: ArgRange) -> R {
    let n = super::check_c_int(vm, args, 2)?;
    let f = check_function(vm, args, 1)?;
    let Some(name) = upvalue_name(f, n) else {
        return Ok(0);
    };
    let idx = (n - 1) as usize;
    let v = match f {
        Value::LuaFunction(cl) => vm.upvalue_value(cl.upvalues[idx]),
        Value::NativeFunction(nf) => nf.upvalue(idx),
        _ => Value::Nil,
    };
    let name = vm.new_string(name.as_bytes())?;
    vm.push(Value::String(name))?;
    vm.push(v)?;
    Ok(2)
}

pub(super) fn setupvalue(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 3)?;
    let n = super::check_c_int(vm, args, 2)?;
    let f = check_function(vm, args, 1)?;
    let Some(name) = upvalue_name(f, n) else {
        return Ok(0);
    };
    let idx = (n - 1) as usize;
    match f {
        Value::LuaFunction(cl) => vm.set_upvalue_value(cl.upvalues[idx], v),
        Value::NativeFunction(nf) => set_native_upvalue(nf, idx, v),
        _ => {}
    }
    let name = vm.new_string(name.as_bytes())?;
    vm.push(Value::String(name))?;
    Ok(1)
}

fn set_native_upvalue(nf: Gc<NativeFunction>, idx: usize, v: Value) {
    nf.set_upvalue(idx, v);
    crate::gc::write_barrier(nf, v);
}

/// `checkupval`: an identity key for upvalue `n` of the function at argument `argf` (None
/// when out of range): the cell's address for Lua closures; for native functions, whose
/// upvalues are slots of the function object, a negative number made of the object's
/// address and the slot, which cannot meet a cell address.
fn upvalue_address(
    vm: &mut Vm,
    args: ArgRange,
    argf: usize,
    argn: usize,
) -> Result<(Value, i64, Option<i64>), LuaError> {
    let n = super::check_c_int(vm, args, argn)?;
    let f = check_function(vm, args, argf)?;
    let idx = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
    let addr = idx.and_then(|i| match f {
        Value::LuaFunction(cl) => cl.upvalues.get(i).map(|u| u.addr() as i64),
        Value::NativeFunction(nf) => {
            (i < nf.upvalue_count()).then(|| -((nf.addr() as i64) * 256 + i as i64) - 1)
        }
        _ => None,
    });
    Ok((f, n, addr))
}

pub(super) fn upvalueid(vm: &mut Vm, args: ArgRange) -> R {
    let (_, _, addr) = upvalue_address(vm, args, 1, 2)?;
    let v = match addr {
        Some(a) => upvalue_id(vm, a)?,
        None => Value::Nil,
    };
    vm.push(v)?;
    Ok(1)
}

/// The userdata standing for the upvalue with identity key `addr` (created on first
/// request).
fn upvalue_id(vm: &mut Vm, addr: i64) -> Result<Value, LuaError> {
    let registry = vm.registry();
    let ids = match vm.get_field(registry, UPVALUE_IDS_KEY)? {
        Value::Table(t) => t,
        _ => {
            let t = vm.new_table(0, 0)?;
            vm.push(Value::Table(t))?;
            let mt = vm.new_table(0, 1)?;
            vm.push(Value::Table(mt))?;
            let mode = vm.new_string(b"v")?;
            vm.set_field(mt, "__mode", Value::String(mode))?;
            t.set_metatable(Some(mt));
            crate::gc::write_barrier(t, Value::Table(mt));
            vm.check_finalizer(Value::Table(t), Some(mt));
            vm.set_field(registry, UPVALUE_IDS_KEY, Value::Table(t))?;
            let top = vm.top() - 2;
            vm.set_top(top)?;
            t
        }
    };
    let key = Value::Integer(addr);
    let existing = ids.get(key);
    if !existing.is_nil() {
        return Ok(existing);
    }
    let u = match vm.heap().alloc_userdata(Userdata::new(Box::new(addr))) {
        Ok(u) => Value::Userdata(u),
        Err(_) => return Err(vm.memory_error()),
    };
    vm.push(u)?;
    vm.raw_set(ids, key, u)?;
    let top = vm.top() - 1;
    vm.set_top(top)?;
    Ok(u)
}

pub(super) fn upvaluejoin(vm: &mut Vm, args: ArgRange) -> R {
    let (f1, _, a1) = upvalue_address(vm, args, 1, 2)?;
    if a1.is_none() {
        return Err(vm.arg_error(2, "invalid upvalue index"));
    }
    let (f2, _, a2) = upvalue_address(vm, args, 3, 4)?;
    if a2.is_none() {
        return Err(vm.arg_error(4, "invalid upvalue index"));
    }
    let (Value::LuaFunction(c1), n1) = (f1, super::check_c_int(vm, args, 2)?) else {
        return Err(vm.arg_error(1, "Lua function expected"));
    };
    let (Value::LuaFunction(c2), n2) = (f2, super::check_c_int(vm, args, 4)?) else {
        return Err(vm.arg_error(3, "Lua function expected"));
    };
    let shared = c2.upvalues[(n2 - 1) as usize];
    crate::object::function::LuaClosure::replace_upvalue(c1, (n1 - 1) as usize, shared);
    Ok(0)
}
