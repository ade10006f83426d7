//! File methods (`f:close flush lines read seek setvbuf write`) and the `FILE*` metamethods
//! (`__gc`, `__close`, `__tostring`), plus the shared pieces `io.*` functions reuse: closing,
//! flushing, reading and writing a file value, and the `lines` iterator.
//!
//! Argument numbers follow liolib: a method's file is argument 1, so `f:read("x")` reports
//! `bad argument #1 to 'read'` after the VM's method adjustment, exactly as lua5.4.

use super::fd::Whence;
use super::handle::{self, handle_of, is_closed, with_open, CloseResult};
use super::read::{push_file_error, read_formats};
use super::stream::BufferMode;
use super::{FILE_HANDLE_KEY, MAX_LINES_FORMATS};
use crate::object::function::NativeFn;
use crate::object::userdata::Userdata;
use crate::value::{Gc, Value};
use crate::vm::debug::join;
use crate::vm::number;
use crate::vm::{ArgRange, LuaError, Vm};

type R = Result<usize, LuaError>;

/// Creates the `FILE*` metatable and stores it in the registry.
pub fn create_metatable(vm: &mut Vm) -> Result<(), LuaError> {
    let mt = vm.new_table(0, 8)?;
    let name = vm.new_string(FILE_HANDLE_KEY.as_bytes())?;
    vm.set_field(mt, "__name", Value::String(name))?;
    vm.register(mt, "__gc", file_gc)?;
    vm.register(mt, "__close", file_gc)?;
    vm.register(mt, "__tostring", file_tostring)?;
    let methods = vm.new_table(0, 8)?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("read", file_read),
        ("write", file_write),
        ("lines", file_lines),
        ("flush", file_flush),
        ("seek", file_seek),
        ("close", file_close),
        ("setvbuf", file_setvbuf),
    ];
    for (name, f) in fns {
        vm.register(methods, name, *f)?;
    }
    vm.set_field(mt, "__index", Value::Table(methods))?;
    let registry = vm.registry();
    vm.set_field(registry, FILE_HANDLE_KEY, Value::Table(mt))?;
    Ok(())
}

/// `tolstream` + closed check (`tofile`): the file of argument 1.
pub fn check_file(vm: &mut Vm, args: ArgRange) -> Result<Gc<Userdata>, LuaError> {
    let u = check_handle(vm, args)?;
    if is_closed(&u) {
        return Err(vm.native_error("attempt to use a closed file"));
    }
    Ok(u)
}

/// `luaL_checkudata(L, 1, "FILE*")`.
fn check_handle(vm: &mut Vm, args: ArgRange) -> Result<Gc<Userdata>, LuaError> {
    match handle_of(vm.arg(args, 1)) {
        Some(u) => Ok(u),
        None => Err(vm.arg_type_error(args, 1, "FILE*")),
    }
}

/// Pushes what a close reports.
fn push_close_result(vm: &mut Vm, result: CloseResult) -> R {
    match result {
        CloseResult::Ok => {
            vm.push(Value::Boolean(true))?;
            Ok(1)
        }
        CloseResult::Failed(code) => push_file_error(vm, code),
        CloseResult::Process { success, how, code } => {
            let how = vm.new_string(how.as_bytes())?;
            vm.push(if success {
                Value::Boolean(true)
            } else {
                Value::Nil
            })?;
            vm.push(Value::String(how))?;
            vm.push(Value::Integer(code))?;
            Ok(3)
        }
        CloseResult::Standard => {
            let msg = vm.new_string(b"cannot close standard file")?;
            vm.push(Value::Nil)?;
            vm.push(Value::String(msg))?;
            Ok(2)
        }
    }
}

/// `aux_close` on an open handle.
fn close_handle(vm: &mut Vm, u: Gc<Userdata>) -> R {
    let result = match handle::cell(&u).map(|c| c.try_borrow_mut()) {
        Some(Ok(mut h)) => h.close(vm.output()),
        _ => return Err(vm.native_error("attempt to use a closed file")),
    };
    push_close_result(vm, result)
}

/// `f_close` on any value (`io.close(file)` and `io.close()` share it). Argument errors name
/// argument 1 of the current call.
pub fn close_value(vm: &mut Vm, file: Value, args: ArgRange) -> R {
    let Some(u) = handle_of(file) else {
        let got = if args.count == 0 && file.is_nil() {
            b"no value".to_vec()
        } else {
            vm.type_name_of(file)
        };
        return Err(vm.arg_error_bytes(1, &join(&[b"FILE* expected, got ", &got])));
    };
    if is_closed(&u) {
        return Err(vm.native_error("attempt to use a closed file"));
    }
    close_handle(vm, u)
}

fn file_close(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    close_handle(vm, u)
}

/// `__gc` / `__close`: closes the file unless it is already closed.
fn file_gc(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_handle(vm, args)?;
    if !is_closed(&u) {
        let top = vm.top();
        close_handle(vm, u)?;
        vm.set_top(top)?;
    }
    Ok(0)
}

fn file_tostring(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_handle(vm, args)?;
    let text = if is_closed(&u) {
        "file (closed)".to_string()
    } else {
        format!("file ({:#x})", u.addr())
    };
    let s = vm.new_string(text.as_bytes())?;
    vm.push(Value::String(s))?;
    Ok(1)
}

/// `fflush` + `luaL_fileresult`.
pub fn flush_value(vm: &mut Vm, file: Value) -> R {
    let Some(u) = handle_of(file) else {
        return Err(vm.native_error("attempt to use a closed file"));
    };
    let result = with_open(vm, u, |vm, open| open.stream.flush(vm.output()))?;
    match result {
        Ok(()) => {
            vm.push(Value::Boolean(true))?;
            Ok(1)
        }
        Err(code) => push_file_error(vm, code),
    }
}

fn file_flush(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    flush_value(vm, Value::Userdata(u))
}

/// `g_read` on a file value; format argument numbers start at `first_arg`.
pub fn read_value(vm: &mut Vm, file: Value, formats: &[Value], first_arg: usize) -> R {
    let Some(u) = handle_of(file) else {
        return Err(vm.native_error("attempt to use a closed file"));
    };
    with_open(vm, u, |vm, open| read_formats(vm, open, formats, first_arg))?
}

fn file_read(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    let formats: Vec<Value> = (2..=args.count).map(|n| vm.arg(args, n)).collect();
    read_value(vm, Value::Userdata(u), &formats, 2)
}

/// `g_write`: writes arguments `first_arg..` of `args` to `file`; returns the file, or
/// `nil, msg, errno` when a write failed.
pub fn write_values(vm: &mut Vm, file: Value, args: ArgRange, first_arg: usize) -> R {
    let Some(u) = handle_of(file) else {
        return Err(vm.native_error("attempt to use a closed file"));
    };
    let mut failure: Option<i32> = None;
    for n in first_arg..=args.count {
        let v = vm.arg(args, n);
        // Numbers as liolib prints them (LUA_INTEGER_FMT, LUA_NUMBER_FMT "%.14g").
        let formatted = match v {
            Value::Integer(i) => Some(i.to_string().into_bytes()),
            Value::Float(f) => Some(number::format_g(f, 14).into_bytes()),
            Value::String(_) => None,
            _ => return Err(vm.arg_type_error(args, n, "string")),
        };
        if failure.is_some() {
            continue;
        }
        // The string stays rooted in its argument slot while it is written.
        let string = v.as_string();
        let bytes: &[u8] = match (&formatted, &string) {
            (Some(text), _) => text,
            (None, Some(s)) => s.as_bytes(),
            (None, None) => &[],
        };
        if let Err(code) = with_open(vm, u, |vm, open| open.stream.write(bytes, vm.output()))? {
            failure = Some(code);
        }
    }
    match failure {
        None => {
            vm.push(file)?;
            Ok(1)
        }
        Some(code) => push_file_error(vm, code),
    }
}

fn file_write(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    write_values(vm, Value::Userdata(u), args, 2)
}

/// `luaL_checkoption` for a string option with an optional default (compared as a C string:
/// the name ends at its first zero byte).
fn check_option(
    vm: &mut Vm,
    args: ArgRange,
    n: usize,
    default: Option<&str>,
    options: &[&str],
) -> Result<usize, LuaError> {
    let name = match (vm.arg(args, n), default) {
        (Value::Nil, Some(d)) => d.as_bytes().to_vec(),
        _ => crate::stdlib::c_str(vm.check_string(args, n)?.as_bytes()).to_vec(),
    };
    match options.iter().position(|o| o.as_bytes() == name.as_slice()) {
        Some(i) => Ok(i),
        None => {
            let mut msg = b"invalid option '".to_vec();
            msg.extend_from_slice(&name);
            msg.push(b'\'');
            Err(vm.arg_error_bytes(n, &msg))
        }
    }
}

fn file_seek(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    let whence = check_option(vm, args, 2, Some("cur"), &["set", "cur", "end"])?;
    let offset = vm.opt_integer(args, 3, 0)?;
    // fseek hands the offset to lseek as it is: the kernel rejects what it must.
    let whence = match whence {
        0 => Whence::Set,
        1 => Whence::Current,
        _ => Whence::End,
    };
    match with_open(vm, u, |vm, open| {
        open.stream.seek(whence, offset, vm.output())
    })? {
        Ok(pos) => {
            vm.push(Value::Integer(pos as i64))?;
            Ok(1)
        }
        Err(code) => push_file_error(vm, code),
    }
}

fn file_setvbuf(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    let mode = match check_option(vm, args, 2, None, &["no", "full", "line"])? {
        0 => BufferMode::Unbuffered,
        1 => BufferMode::Full,
        _ => BufferMode::Line,
    };
    // LUAL_BUFFERSIZE: 16 * sizeof(void*) * sizeof(lua_Number). Checked, then unused: glibc
    // ignores the size when setvbuf gets no buffer of its own, as liolib calls it.
    vm.opt_integer(args, 3, 1024)?;
    with_open(vm, u, |vm, open| {
        open.stream.set_buffering(mode, vm.output())
    })?;
    vm.push(Value::Boolean(true))?;
    Ok(1)
}

fn file_lines(vm: &mut Vm, args: ArgRange) -> R {
    let u = check_file(vm, args)?;
    let formats: Vec<Value> = (2..=args.count).map(|n| vm.arg(args, n)).collect();
    let iterator = lines_iterator(vm, Value::Userdata(u), &formats, false)?;
    vm.push(iterator)?;
    Ok(1)
}

/// `aux_lines`: the iterator closure over `file` (upvalues: file, format count, whether to
/// close at end of file, the formats).
pub fn lines_iterator(
    vm: &mut Vm,
    file: Value,
    formats: &[Value],
    close_at_eof: bool,
) -> Result<Value, LuaError> {
    if formats.len() > MAX_LINES_FORMATS {
        return Err(vm.arg_error(MAX_LINES_FORMATS + 2, "too many arguments"));
    }
    let mut upvalues = Vec::with_capacity(formats.len() + 3);
    upvalues.push(file);
    upvalues.push(Value::Integer(formats.len() as i64));
    upvalues.push(Value::Boolean(close_at_eof));
    upvalues.extend_from_slice(formats);
    vm.new_native_with_upvalues(read_line_iterator, "lines_iterator", upvalues)
}

/// `io_readline`: one step of a `lines` iterator.
fn read_line_iterator(vm: &mut Vm, _args: ArgRange) -> R {
    let Some(me) = vm.current_native() else {
        return Ok(0);
    };
    let file = me.upvalue(0);
    let Some(u) = handle_of(file) else {
        return Ok(0);
    };
    if is_closed(&u) {
        return Err(vm.native_error("file is already closed"));
    }
    let count = match me.upvalue(1) {
        Value::Integer(n) => n.max(0) as usize,
        _ => 0,
    };
    let close_at_eof = !me.upvalue(2).is_falsy();
    let formats: Vec<Value> = (0..count).map(|i| me.upvalue(3 + i)).collect();
    let n = read_value(vm, file, &formats, 2)?;
    let first = vm.stack_value(vm.top() - n);
    if !first.is_falsy() {
        return Ok(n);
    }
    if n > 1 {
        let msg = vm.stack_value(vm.top() - n + 1);
        let text = match msg {
            Value::String(s) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        };
        return Err(vm.native_error_bytes(&text));
    }
    if close_at_eof {
        let top = vm.top();
        close_handle(vm, u)?;
        vm.set_top(top)?;
    }
    Ok(0)
}
