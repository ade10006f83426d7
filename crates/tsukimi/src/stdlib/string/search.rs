//! `string.find`, `string.match`, `string.gmatch` and `string.gsub` over
//! `tsukimi_text::pattern`.
//!
//! - Captures come back as plain data (`Capture::Span` / `Capture::Position`) and are pushed
//!   as strings or integers here.
//! - `gmatch` returns a native closure whose upvalues are the subject, the pattern and a
//!   userdata holding the `GmatchState` (a `Cell`, so the iterator can advance it); the
//!   subject and pattern stay alive through those upvalues.
//! - `gsub` with a table or function replacement implements `pattern::Replacer` over the VM:
//!   the function is called / the table indexed (honouring `__index`) for every match, exactly
//!   as lstrlib's `add_value`. Everything the callback could make unreachable (subject,
//!   pattern, replacement) is an argument slot of this call, so it stays rooted.
//! - The matcher polls the VM's interrupt flag through its hook.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tsukimi_text::pattern::{self, Capture, GmatchState, Match, Replacer, TemplateReplacer};

use super::support::{
    check_str, message_error, push_bytes, raise, text_error, LibError, LibResult,
};
use crate::object::userdata::Userdata;
use crate::value::Value;
use crate::vm::meta::{concat_piece, Origin};
use crate::vm::{ArgRange, LuaError, Vm};

/// The interruption hook handed to the matcher.
fn interrupt_hook(flag: &Arc<AtomicBool>) -> impl FnMut() -> bool + '_ {
    move || flag.load(Ordering::Relaxed)
}

/// The Lua value of one capture.
fn capture_value(vm: &mut Vm, subject: &[u8], capture: Capture) -> Result<Value, LuaError> {
    Ok(match capture {
        Capture::Position(p) => Value::Integer(p),
        Capture::Span { start, end } => {
            let bytes = subject.get(start..end).unwrap_or_default();
            Value::String(vm.new_string(bytes)?)
        }
    })
}

/// Pushes captures, returning how many were pushed.
fn push_captures(vm: &mut Vm, subject: &[u8], captures: Vec<Capture>) -> Result<usize, LuaError> {
    let count = captures.len();
    for capture in captures {
        let v = capture_value(vm, subject, capture)?;
        vm.push(v)?;
    }
    Ok(count)
}

/// `string.find` (`find == true`) and `string.match` (lstrlib `str_find_aux`).
fn find_aux(vm: &mut Vm, args: ArgRange, find: bool) -> LibResult {
    let subject = check_str(vm, args, 1)?;
    let pattern = check_str(vm, args, 2)?;
    let init = vm.opt_integer(args, 3, 1)?;
    let plain = find && !vm.arg(args, 4).is_falsy();
    let flag = &vm.interrupt;
    let result = if find {
        pattern::find(
            subject.as_bytes(),
            pattern.as_bytes(),
            init,
            plain,
            &mut interrupt_hook(flag),
        )
    } else {
        pattern::match_first(
            subject.as_bytes(),
            pattern.as_bytes(),
            init,
            &mut interrupt_hook(flag),
        )
    };
    let found = match result {
        Ok(Some(m)) => m,
        Ok(None) => {
            vm.push(Value::Nil)?;
            return Ok(1);
        }
        Err(e) => return Err(text_error(vm, e)),
    };
    if find {
        vm.push(Value::Integer(found.start as i64 + 1))?;
        vm.push(Value::Integer(found.end as i64))?;
        let captures = found.explicit_captures().map_err(|e| text_error(vm, e))?;
        Ok(2 + push_captures(vm, subject.as_bytes(), captures)?)
    } else {
        let captures = found.values().map_err(|e| text_error(vm, e))?;
        push_captures(vm, subject.as_bytes(), captures)
    }
}

pub(super) fn find(vm: &mut Vm, args: ArgRange) -> LibResult {
    find_aux(vm, args, true)
}

pub(super) fn match_(vm: &mut Vm, args: ArgRange) -> LibResult {
    find_aux(vm, args, false)
}

/// `string.gmatch(s, pattern, init)`: an iterator closure over the matches.
pub(super) fn gmatch(vm: &mut Vm, args: ArgRange) -> LibResult {
    let subject = check_str(vm, args, 1)?;
    let pattern = check_str(vm, args, 2)?;
    let init = vm.opt_integer(args, 3, 1)?;
    let state = GmatchState::new(subject.len(), init);
    let state = match vm
        .heap
        .alloc_userdata(Userdata::new(Box::new(Cell::new(state))))
    {
        Ok(u) => u,
        Err(_) => return Err(vm.memory_error()),
    };
    let upvalues = vec![
        Value::String(subject),
        Value::String(pattern),
        Value::Userdata(state),
    ];
    let iterator = vm.new_native_with_upvalues(gmatch_step, "gmatch_aux", upvalues)?;
    vm.push(iterator)?;
    Ok(1)
}

/// One call of a `gmatch` iterator.
fn gmatch_step(vm: &mut Vm, _args: ArgRange) -> LibResult {
    let Some(closure) = vm.current_native() else {
        return Ok(0);
    };
    let (Value::String(subject), Value::String(pattern), Value::Userdata(state)) =
        (closure.upvalue(0), closure.upvalue(1), closure.upvalue(2))
    else {
        return Ok(0);
    };
    let Some(cell) = state.data.downcast_ref::<Cell<GmatchState>>() else {
        return Ok(0);
    };
    let mut gmatch_state = cell.get();
    let result = gmatch_state.next_match(
        subject.as_bytes(),
        pattern.as_bytes(),
        &mut interrupt_hook(&vm.interrupt),
    );
    cell.set(gmatch_state);
    match result {
        Ok(Some(m)) => {
            let captures = m.values().map_err(|e| text_error(vm, e))?;
            push_captures(vm, subject.as_bytes(), captures)
        }
        Ok(None) => Ok(0),
        Err(e) => Err(text_error(vm, e)),
    }
}

/// A gsub replacement that calls a function or indexes a table (lstrlib `add_value`).
struct ValueReplacer<'v> {
    vm: &'v mut Vm,
    replacement: Value,
}

impl Replacer for ValueReplacer<'_> {
    type Error = LibError;

    fn replace(&mut self, m: &Match, subject: &[u8], out: &mut Vec<u8>) -> Result<bool, LibError> {
        let vm = &mut *self.vm;
        let result = if let Value::Table(_) = self.replacement {
            let key = capture_value(vm, subject, m.capture(0)?)?;
            vm.index(self.replacement, key, Origin::None)?
        } else {
            let func = vm.top();
            vm.push(self.replacement)?;
            let captures = m.values()?;
            push_captures(vm, subject, captures)?;
            vm.call(func, 1)?;
            let v = vm.stack_value(func);
            vm.set_top(func)?;
            v
        };
        if result.is_falsy() {
            tsukimi_text::try_extend(out, m.whole(subject))?;
            return Ok(false);
        }
        match concat_piece(result) {
            Some(bytes) => {
                tsukimi_text::try_extend(out, &bytes)?;
                Ok(true)
            }
            None => {
                let message = format!("invalid replacement value (a {})", result.type_name());
                Err(LibError::Lua(message_error(vm, message.as_bytes())))
            }
        }
    }
}

/// `string.gsub(s, pattern, replacement, max)`.
pub(super) fn gsub(vm: &mut Vm, args: ArgRange) -> LibResult {
    let subject = check_str(vm, args, 1)?;
    let pattern = check_str(vm, args, 2)?;
    let max = super::support::opt_int(vm, args, 4)?;
    let replacement = vm.arg(args, 3);
    let flag = vm.interrupt_flag();
    let result = match replacement {
        Value::String(_) | Value::Integer(_) | Value::Float(_) => {
            let template = check_str(vm, args, 3)?;
            pattern::gsub(
                subject.as_bytes(),
                pattern.as_bytes(),
                max,
                &mut TemplateReplacer(template.as_bytes()),
                &mut interrupt_hook(&flag),
            )
            .map_err(LibError::Text)
        }
        Value::Table(_) | Value::LuaFunction(_) | Value::NativeFunction(_) => pattern::gsub(
            subject.as_bytes(),
            pattern.as_bytes(),
            max,
            &mut ValueReplacer { vm, replacement },
            &mut interrupt_hook(&flag),
        ),
        _ => return Err(vm.arg_type_error(args, 3, "string/function/table")),
    };
    match result {
        Ok(done) => {
            match done.output {
                Some(bytes) => push_bytes(vm, &bytes)?,
                None => vm.push(Value::String(subject))?,
            }
            vm.push(Value::Integer(done.count))?;
            Ok(2)
        }
        Err(e) => Err(raise(vm, e)),
    }
}
