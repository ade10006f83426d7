//! The coroutine library (`lcorolib.c`, Lua 5.4 manual §6.2) over `vm/coroutine.rs`.
//!
//! Behaviour and messages follow 5.4.4: `resume` returns `true, ...` or `false, err`
//! ("cannot resume dead coroutine", "cannot resume non-suspended coroutine", "C stack
//! overflow"); `wrap` raises the error instead, first closing a coroutine that failed and
//! prefixing string errors with the caller's position (`auxwrap`); `close` accepts only
//! suspended or dead coroutines. One deliberate difference: a coroutine may yield from
//! anywhere (metamethods, iterators, `pcall`, Rust callbacks), so "attempt to yield across a
//! C-call boundary" is only raised while a coroutine's `__close` handlers run inside
//! `coroutine.close` and inside `__gc` finalizers (for the thread the finalizer
//! interrupted), and `isyieldable` is true in every coroutine except there.

use crate::object::function::NativeFn;
use crate::stdlib::string::support::new_library;
use crate::value::{Gc, Value};
use crate::vm::coroutine::{CoStatus, LuaThread, ResumeError};
use crate::vm::{ArgRange, LuaError, Vm};

type R = Result<usize, LuaError>;

/// Opens the coroutine library (global `coroutine` and `package.loaded.coroutine`).
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let functions: &[(&'static str, NativeFn)] = &[
        ("create", create),
        ("resume", resume),
        ("yield", yield_),
        ("status", status),
        ("wrap", wrap),
        ("isyieldable", isyieldable),
        ("running", running),
        ("close", close),
    ];
    new_library(vm, "coroutine", functions)?;
    Ok(())
}

/// `getco`: argument 1 must be a coroutine.
fn check_thread(vm: &mut Vm, args: ArgRange) -> Result<Gc<LuaThread>, LuaError> {
    match vm.arg(args, 1) {
        Value::Thread(t) => Ok(t),
        _ => Err(vm.arg_type_error(args, 1, "thread")),
    }
}

fn create(vm: &mut Vm, args: ArgRange) -> R {
    let f = vm.arg(args, 1);
    if !f.is_function() || args.count < 1 {
        return Err(vm.arg_type_error(args, 1, "function"));
    }
    let t = vm.new_thread(f)?;
    vm.push(Value::Thread(t))?;
    Ok(1)
}

fn resume(vm: &mut Vm, args: ArgRange) -> R {
    let co = check_thread(vm, args)?;
    let nargs = args.count.saturating_sub(1);
    match vm.resume_with_stack_args(co, args.base + 1, nargs) {
        Ok(_) => {
            vm.push(Value::Boolean(true))?;
            Ok(vm.push_resume_results()? + 1)
        }
        Err(e) => {
            let msg = match e {
                ResumeError::Refused(m) => Value::String(vm.new_string(m.as_bytes())?),
                ResumeError::Failed(v) => v,
            };
            // The coroutine is an argument, the message a root: a safe point.
            vm.collect_after_memory_error(msg);
            vm.push(Value::Boolean(false))?;
            vm.push(msg)?;
            Ok(2)
        }
    }
}

fn yield_(vm: &mut Vm, args: ArgRange) -> R {
    vm.yield_values(args.count, args.base)
}

fn status(vm: &mut Vm, args: ArgRange) -> R {
    let co = check_thread(vm, args)?;
    let name = vm.thread_status(co).name();
    let s = vm.new_string(name.as_bytes())?;
    vm.push(Value::String(s))?;
    Ok(1)
}

fn wrap(vm: &mut Vm, args: ArgRange) -> R {
    let f = vm.arg(args, 1);
    if !f.is_function() || args.count < 1 {
        return Err(vm.arg_type_error(args, 1, "function"));
    }
    let t = vm.new_thread(f)?;
    // The thread sits on the stack (rooted) while the wrapper is allocated.
    vm.push(Value::Thread(t))?;
    let w = vm.new_native_with_upvalues(wrapped_call, "wrap", vec![Value::Thread(t)])?;
    vm.push(w)?;
    Ok(1)
}

/// The function `wrap` returns (`auxwrap`).
fn wrapped_call(vm: &mut Vm, args: ArgRange) -> R {
    let Some(Value::Thread(co)) = vm.current_native().map(|f| f.upvalue(0)) else {
        return Err(vm.runtime_error_plain("internal error: wrap without its coroutine"));
    };
    match vm.resume_with_stack_args(co, args.base, args.count) {
        Ok(_) => vm.push_resume_results(),
        Err(e) => {
            let err = match e {
                ResumeError::Refused(m) => Value::String(vm.new_string(m.as_bytes())?),
                // The coroutine failed: close it (its `__close` handlers may change the error).
                ResumeError::Failed(v) => {
                    vm.push(v)?;
                    match vm.close_thread(co) {
                        Ok(()) => v,
                        Err(e) => e,
                    }
                }
            };
            let is_memory_error = vm.is_memory_error(err);
            match err {
                Value::String(s) if !is_memory_error => {
                    let mut text = vm.where_prefix(1);
                    text.extend_from_slice(s.as_bytes());
                    let s = vm.new_string(&text)?;
                    Err(LuaError {
                        value: Value::String(s),
                    })
                }
                other => Err(LuaError { value: other }),
            }
        }
    }
}

fn isyieldable(vm: &mut Vm, args: ArgRange) -> R {
    let thread = if args.count >= 1 {
        check_thread(vm, args)?
    } else {
        vm.running_thread()?
    };
    let yieldable = vm.thread_can_yield(thread);
    vm.push(Value::Boolean(yieldable))?;
    Ok(1)
}

fn running(vm: &mut Vm, _args: ArgRange) -> R {
    let t = vm.running_thread()?;
    let is_main = vm.main_is_running();
    vm.push(Value::Thread(t))?;
    vm.push(Value::Boolean(is_main))?;
    Ok(2)
}

fn close(vm: &mut Vm, args: ArgRange) -> R {
    let co = check_thread(vm, args)?;
    match vm.thread_status(co) {
        CoStatus::Suspended | CoStatus::Dead => match vm.close_thread(co) {
            Ok(()) => {
                vm.push(Value::Boolean(true))?;
                Ok(1)
            }
            Err(e) => {
                vm.push(Value::Boolean(false))?;
                vm.push(e)?;
                Ok(2)
            }
        },
        other => Err(vm.native_error(&format!("cannot close a {} coroutine", other.name()))),
    }
}
