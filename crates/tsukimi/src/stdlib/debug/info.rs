//! `debug.getinfo` and `debug.traceback` (`db_getinfo`, `db_traceback`, `lua_getinfo`).
//!
//! `getinfo` describes either a stack level (`lua_getstack` numbering: 0 is `getinfo`
//! itself) or a function value; the option letters select fields exactly as `auxgetinfo`:
//! `S` source fields, `l` current line, `u` upvalue/parameter counts, `n` name, `r` transfer
//! information (only set while a call or return hook runs), `t` tail call, `L` the set of
//! lines holding code, `f` the function. An out-of-range level returns `nil`; an unknown
//! letter is "invalid option". The frame is read first (on the inspected thread), then the
//! result table is built on the running thread.
//!
//! The host level. When the state runs a script the way `lua.c` does, the level below the
//! main chunk is the host's C function (`pmain` in lua5.4): `getinfo(2, "f").func` from the
//! main chunk is a C function there, the same one at every call. tsukimi's host has no frame
//! and no function value of its own (the embedding API calls the chunk directly), so the
//! library stands one in: a native function created when the library is opened and kept as
//! the only upvalue of `getinfo` (rooted with it, invisible elsewhere). It is what the level
//! reports as `func`; its other fields are any C function's. Calling it raises an error:
//! lua5.4's `pmain` cannot be called meaningfully either (it reads `argv` from its
//! arguments), and there is no host entry to re-run.

use crate::object::function::FnProto;
use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::debug::{NameKind, StackLevel, SymbolName};
use crate::vm::{ArgRange, LuaError, Vm};

use super::{on_thread, thread_arg, R};

/// What `getinfo` reports about a function and, for a level, its activation.
struct Described {
    func: Value,
    line: i64,
    name: Option<(NameKind, SymbolName)>,
    transfer: (usize, usize),
    tail: bool,
}

/// Sets `lib.getinfo`: a closure over the host level's stand-in function (see the module
/// essay).
pub(super) fn register_getinfo(vm: &mut Vm, lib: Gc<Table>) -> Result<(), LuaError> {
    let host = vm.new_native(host_entry, "host entry")?;
    vm.push(host)?;
    let getinfo = vm.new_native_with_upvalues(getinfo, "getinfo", vec![host])?;
    vm.set_field(lib, "getinfo", getinfo)?;
    let top = vm.top() - 1;
    vm.set_top(top)
}

/// The host level's function, when called.
fn host_entry(vm: &mut Vm, _args: ArgRange) -> R {
    Err(vm.native_error("cannot call the host's entry function"))
}

/// The host level's function: `getinfo`'s upvalue (nil if `getinfo` was registered bare).
fn host_function(vm: &Vm) -> Value {
    vm.current_native().map_or(Value::Nil, |f| f.upvalue(0))
}

/// Reads the activation at `level` of the current state; `host` is the host level's function.
fn describe_level(vm: &Vm, level: i64, host: Value) -> Option<Described> {
    let l = vm.stack_level(level)?;
    let frame = l.frame();
    Some(Described {
        func: match l {
            StackLevel::Host => host,
            StackLevel::Frame(_) => vm.stack_level_function(l),
        },
        line: vm.stack_level_line(l),
        name: frame.and_then(|i| vm.frame_name(i)),
        transfer: frame.map_or((0, 0), |i| vm.frame_transfer(i)),
        tail: frame.is_some_and(|i| vm.frame_is_tail_call(i)),
    })
}

fn getinfo(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let arg = t.offset;
    let options = match vm.arg(args, arg + 2) {
        Value::Nil => b"flnSrtu".to_vec(),
        // lua_getinfo reads the options as a C string: they end at the first zero byte.
        _ => crate::stdlib::c_str(vm.check_string(args, arg + 2)?.as_bytes()).to_vec(),
    };
    if options.first() == Some(&b'>') {
        return Err(vm.arg_error(arg + 2, "invalid option '>'"));
    }
    let target = vm.arg(args, arg + 1);
    let described = if target.is_function() {
        Described {
            func: target,
            line: -1,
            name: None,
            transfer: (0, 0),
            tail: false,
        }
    } else {
        let level = super::check_c_int(vm, args, arg + 1)?;
        let host = host_function(vm);
        match on_thread(vm, t.thread, |vm| describe_level(vm, level, host)) {
            Some(d) => d,
            None => {
                vm.push(Value::Nil)?;
                return Ok(1);
            }
        }
    };
    if options.iter().any(|c| !b"SlutnrLf".contains(c)) {
        return Err(vm.arg_error(arg + 2, "invalid option"));
    }
    let table = vm.new_table(0, 16)?;
    // Rooted on the stack while it is filled (strings allocate).
    vm.push(Value::Table(table))?;
    fill_table(vm, table, &options, &described)?;
    Ok(1)
}

fn fill_table(vm: &mut Vm, t: Gc<Table>, options: &[u8], d: &Described) -> Result<(), LuaError> {
    let has = |c: u8| options.contains(&c);
    let proto = match d.func {
        Value::LuaFunction(cl) => Some(cl.proto),
        _ => None,
    };
    if has(b'S') {
        put_source_fields(vm, t, proto)?;
    }
    if has(b'l') {
        vm.set_field(t, "currentline", Value::Integer(d.line))?;
    }
    if has(b'u') {
        let (nups, nparams, vararg) = match d.func {
            Value::LuaFunction(cl) => (
                cl.upvalues.len(),
                cl.proto.num_params as i64,
                cl.proto.is_vararg,
            ),
            Value::NativeFunction(f) => (f.upvalue_count(), 0, true),
            _ => (0, 0, true),
        };
        vm.set_field(t, "nups", Value::Integer(nups as i64))?;
        vm.set_field(t, "nparams", Value::Integer(nparams))?;
        vm.set_field(t, "isvararg", Value::Boolean(vararg))?;
    }
    if has(b'n') {
        let (name, kind) = match &d.name {
            Some((kind, name)) => (Value::String(vm.new_string(name)?), *kind),
            None => (Value::Nil, ""),
        };
        vm.set_field(t, "name", name)?;
        let kind = vm.new_string(kind.as_bytes())?;
        vm.set_field(t, "namewhat", Value::String(kind))?;
    }
    if has(b'r') {
        vm.set_field(t, "ftransfer", Value::Integer(d.transfer.0 as i64))?;
        vm.set_field(t, "ntransfer", Value::Integer(d.transfer.1 as i64))?;
    }
    if has(b't') {
        vm.set_field(t, "istailcall", Value::Boolean(d.tail))?;
    }
    if has(b'L') {
        let lines = match proto {
            Some(p) => Value::Table(active_lines(vm, p)?),
            None => Value::Nil,
        };
        vm.set_field(t, "activelines", lines)?;
    }
    if has(b'f') {
        vm.set_field(t, "func", d.func)?;
    }
    Ok(())
}

/// Fields of option `S` (`funcinfo`).
fn put_source_fields(
    vm: &mut Vm,
    t: Gc<Table>,
    proto: Option<Gc<FnProto>>,
) -> Result<(), LuaError> {
    let (source, short, defined, last, what): (&[u8], &[u8], i64, i64, &str) = match &proto {
        Some(p) => (
            &p.source,
            &p.short_source,
            p.line_defined as i64,
            p.last_line_defined as i64,
            if p.line_defined == 0 { "main" } else { "Lua" },
        ),
        None => (b"=[C]", b"[C]", -1, -1, "C"),
    };
    let source = vm.new_string(source)?;
    vm.set_field(t, "source", Value::String(source))?;
    let short = vm.new_string(short)?;
    vm.set_field(t, "short_src", Value::String(short))?;
    vm.set_field(t, "linedefined", Value::Integer(defined))?;
    vm.set_field(t, "lastlinedefined", Value::Integer(last))?;
    let what = vm.new_string(what.as_bytes())?;
    vm.set_field(t, "what", Value::String(what))
}

/// Option `L` (`collectvalidlines`): `{[line] = true}` for every instruction's line,
/// skipping a vararg function's VARARGPREP.
fn active_lines(vm: &mut Vm, p: Gc<FnProto>) -> Result<Gc<Table>, LuaError> {
    let t = vm.new_table(0, 0)?;
    vm.push(Value::Table(t))?;
    let skip = usize::from(p.is_vararg);
    for &line in p.line_info.iter().skip(skip) {
        vm.raw_set(t, Value::Integer(line as i64), Value::Boolean(true))?;
    }
    let top = vm.top() - 1;
    vm.set_top(top)?;
    Ok(t)
}

/// `debug.traceback([thread,] [message [, level]])`: a non-string message is returned
/// untouched; the default level is 1 for the running thread, 0 for another.
pub(super) fn traceback(vm: &mut Vm, args: ArgRange) -> R {
    let t = thread_arg(vm, args);
    let arg = t.offset;
    let msg = vm.arg(args, arg + 1);
    let text = match msg {
        Value::Nil => None,
        Value::String(_) | Value::Integer(_) | Value::Float(_) => {
            vm.to_string_coerce(msg)?.map(|s| s.as_bytes().to_vec())
        }
        other => {
            vm.push(other)?;
            return Ok(1);
        }
    };
    let default_level = if t.is_running(vm) { 1 } else { 0 };
    let level = i64::from(vm.opt_integer(args, arg + 2, default_level)? as i32);
    let mut out = Vec::new();
    if let Some(m) = text {
        // luaL_traceback adds the message with luaL_addstring: it ends at its first zero byte.
        out.extend_from_slice(crate::stdlib::c_str(&m));
        out.push(b'\n');
    }
    let tb = on_thread(vm, t.thread, |vm| vm.traceback_from_level(level));
    out.extend_from_slice(&tb);
    let s = vm.new_string(&out)?;
    vm.push(Value::String(s))?;
    Ok(1)
}
