//! The debug library (`ldblib.c`, manual §6.10): stack and function inspection, locals and
//! upvalues, hooks, raw metatables, the registry, user values and `debug.debug`.
//!
//! Layout: `info` (getinfo, traceback), `variables` (getlocal, setlocal, getupvalue,
//! setupvalue, upvalueid, upvaluejoin), `hooks` (sethook, gethook), `interactive`
//! (debug.debug); the small raw accessors live here. Messages and results match lua5.4.4
//! byte for byte; the runtime side (frame levels, local lookup, event delivery) is in
//! `vm::debug` and `vm::hook`.
//!
//! Threads: functions taking an optional leading thread argument (`getinfo`, `getlocal`,
//! `setlocal`, `traceback`, `sethook`, `gethook`) read it with `thread_arg` and inspect
//! that thread's Lua state through `on_thread`, which installs a suspended thread's state
//! for the duration of a closure that only reads or writes plain data; results are pushed
//! and errors raised afterwards, on the running thread.

mod hooks;
mod info;
mod interactive;
mod variables;

use crate::object::function::NativeFn;
use crate::value::{Gc, Value};
use crate::vm::coroutine::{CoStatus, LuaThread};
use crate::vm::{ArgRange, LuaError, Vm};

pub(crate) type R = Result<usize, LuaError>;

/// An integer argument as `ldblib.c` reads levels and indices: `(int)luaL_checkinteger`,
/// so only the low 32 bits count (`debug.getinfo(math.mininteger)` is level 0, as in
/// lua5.4).
pub(crate) fn check_c_int(vm: &mut Vm, args: ArgRange, n: usize) -> Result<i64, LuaError> {
    Ok(i64::from(vm.check_integer(args, n)? as i32))
}

/// Opens the library as the global `debug` and `package.loaded.debug`.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let fns: &[(&'static str, NativeFn)] = &[
        ("debug", interactive::debug),
        ("getuservalue", getuservalue),
        ("gethook", hooks::gethook),
        ("getlocal", variables::getlocal),
        ("getregistry", getregistry),
        ("getmetatable", getmetatable),
        ("getupvalue", variables::getupvalue),
        ("upvaluejoin", variables::upvaluejoin),
        ("upvalueid", variables::upvalueid),
        ("setuservalue", setuservalue),
        ("sethook", hooks::sethook),
        ("setlocal", variables::setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", variables::setupvalue),
        ("traceback", info::traceback),
        ("setcstacklimit", setcstacklimit),
    ];
    let lib = vm.new_table(0, fns.len())?;
    // Rooted on the stack while the functions are allocated.
    vm.push(Value::Table(lib))?;
    for (name, f) in fns {
        vm.register(lib, name, *f)?;
    }
    // getinfo is a closure over the host level's function (see `info`).
    info::register_getinfo(vm, lib)?;
    let top = vm.top() - 1;
    vm.set_top(top)?;
    let loaded = vm.loaded();
    vm.set_field(loaded, "debug", Value::Table(lib))?;
    let g = vm.globals();
    vm.set_field(g, "debug", Value::Table(lib))
}

/// An optional leading thread argument (`getthread` in ldblib.c).
#[derive(Clone, Copy)]
pub(crate) struct ThreadArg {
    /// The thread given, if any (`None`: the running thread).
    pub thread: Option<Gc<LuaThread>>,
    /// How many arguments the thread took (0 or 1): the next argument is `offset + 1`.
    pub offset: usize,
}

impl ThreadArg {
    /// True when the inspected thread is the running one (`L == L1`).
    pub fn is_running(self, vm: &Vm) -> bool {
        self.thread
            .is_none_or(|t| vm.thread_status(t) == CoStatus::Running)
    }
}

pub(crate) fn thread_arg(vm: &Vm, args: ArgRange) -> ThreadArg {
    match vm.arg(args, 1) {
        Value::Thread(t) => ThreadArg {
            thread: Some(t),
            offset: 1,
        },
        _ => ThreadArg {
            thread: None,
            offset: 0,
        },
    }
}

/// Runs `f` on the given thread's Lua state (the running thread's as it is). `f` must not
/// call Lua code, push results for the caller or raise errors: it sees another stack.
pub(crate) fn on_thread<T>(
    vm: &mut Vm,
    thread: Option<Gc<LuaThread>>,
    f: impl FnOnce(&mut Vm) -> T,
) -> T {
    match thread {
        Some(t) => vm.with_thread_state(t, f),
        None => f(vm),
    }
}

fn getregistry(vm: &mut Vm, _args: ArgRange) -> R {
    let r = vm.registry();
    vm.push(Value::Table(r))?;
    Ok(1)
}

/// `debug.getmetatable(v)`: the metatable, ignoring `__metatable`.
fn getmetatable(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    let mt = vm.metatable_of(v).map_or(Value::Nil, Value::Table);
    vm.push(mt)?;
    Ok(1)
}

/// `debug.setmetatable(v, mt)`: any type, ignoring `__metatable`; returns `v`.
fn setmetatable(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.arg(args, 1);
    let mt = match vm.arg(args, 2) {
        Value::Nil if args.count >= 2 => None,
        Value::Table(m) => Some(m),
        _ => return Err(vm.arg_type_error(args, 2, "nil or table")),
    };
    match v {
        Value::Table(t) => {
            t.set_metatable(mt);
            if let Some(m) = mt {
                crate::gc::write_barrier(t, Value::Table(m));
            }
            vm.check_finalizer(v, mt);
        }
        Value::Userdata(u) => {
            u.set_metatable(mt);
            if let Some(m) = mt {
                crate::gc::write_barrier(u, Value::Table(m));
            }
            vm.check_finalizer(v, mt);
        }
        other => vm.set_type_metatable(other.lua_type(), mt),
    }
    vm.push(v)?;
    Ok(1)
}

/// `debug.getuservalue(u, n)`: userdata here carry no user values, so this is always
/// `nil` (lua5.4: `fail` for non-userdata, `nil` for a missing value).
fn getuservalue(vm: &mut Vm, args: ArgRange) -> R {
    vm.opt_integer(args, 2, 1)?;
    vm.push(Value::Nil)?;
    Ok(1)
}

/// `debug.setuservalue(u, v, n)`: no user value slot exists, so the result is `fail`.
fn setuservalue(vm: &mut Vm, args: ArgRange) -> R {
    vm.opt_integer(args, 3, 1)?;
    if !matches!(vm.arg(args, 1), Value::Userdata(_)) {
        return Err(vm.arg_type_error(args, 1, "userdata"));
    }
    vm.check_any(args, 2)?;
    vm.push(Value::Nil)?;
    Ok(1)
}

/// `debug.setcstacklimit` (deprecated in 5.4, a no-op): returns the fixed limit, 200.
fn setcstacklimit(vm: &mut Vm, args: ArgRange) -> R {
    vm.check_integer(args, 1)?;
    vm.push(Value::Integer(200))?;
    Ok(1)
}
