//! The os library (`loslib.c`, Lua 5.4 manual §6.9): `os.clock date difftime execute exit
//! getenv remove rename setlocale time tmpname`.
//!
//! Results follow loslib and lauxlib: failures are `nil, "name: strerror", errno`
//! (`luaL_fileresult`), process outcomes `true|nil, "exit"|"signal", code`
//! (`luaL_execresult`). Commands run through `/bin/sh -c` like C's `system`.
//!
//! `os.setlocale` keeps a locale per state, named as the C library names it, and accepts
//! only locales that behave like C for everything tsukimi's functions do (`locale`: `C`,
//! `POSIX`, `C.UTF-8`, and others where numbers, characters, dates and collation match);
//! any other is refused (nil).
//!
//! `os.exit` flushes (or, with `close`, closes) every open file and the output sink before
//! ending the process, as C's `exit` flushes every `FILE*`. It cannot run the finalizers of
//! other objects: closing the state from inside a running call is not possible here.
//!
//! Submodules: `time` (date and time functions), `local_time` (the C library's local time)
//! and `locale` (the C library's locale); those two hold this library's only `unsafe`.

mod local_time;
pub(crate) mod locale;
mod time;

use std::io::Write;
use std::os::unix::ffi::OsStrExt;

use crate::object::function::NativeFn;
use crate::stdlib::c_str;
use crate::stdlib::io::{flush_all_files, unique_suffix};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm};

type R = Result<usize, LuaError>;

/// Opens the os library: the `os` global and `package.loaded.os`.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let os = vm.new_table(0, 16)?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("clock", time::os_clock),
        ("date", time::os_date),
        ("difftime", time::os_difftime),
        ("execute", os_execute),
        ("exit", os_exit),
        ("getenv", os_getenv),
        ("remove", os_remove),
        ("rename", os_rename),
        ("setlocale", os_setlocale),
        ("time", time::os_time),
        ("tmpname", os_tmpname),
    ];
    for (name, f) in fns {
        vm.register(os, name, *f)?;
    }
    let globals = vm.globals();
    vm.set_field(globals, "os", Value::Table(os))?;
    let loaded = vm.loaded();
    vm.set_field(loaded, "os", Value::Table(os))?;
    Ok(())
}

/// `strerror` text of an I/O error and its errno.
fn describe(e: &std::io::Error) -> (String, i32) {
    let code = e.raw_os_error().unwrap_or(libc::EIO);
    let text = std::io::Error::from_raw_os_error(code).to_string();
    let text = match text.rfind(" (os error ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    };
    (text, code)
}

/// `luaL_fileresult`: `true`, or `nil, "[name: ]strerror", errno`.
fn push_file_result(vm: &mut Vm, result: std::io::Result<()>, name: Option<&[u8]>) -> R {
    match result {
        Ok(()) => {
            vm.push(Value::Boolean(true))?;
            Ok(1)
        }
        Err(e) => {
            let (text, code) = describe(&e);
            let mut msg = Vec::new();
            if let Some(name) = name {
                msg.extend_from_slice(name);
                msg.extend_from_slice(b": ");
            }
            msg.extend_from_slice(text.as_bytes());
            let msg = vm.new_string(&msg)?;
            vm.push(Value::Nil)?;
            vm.push(Value::String(msg))?;
            vm.push(Value::Integer(i64::from(code)))?;
            Ok(3)
        }
    }
}

fn path_of(bytes: &[u8]) -> &std::path::Path {
    std::path::Path::new(std::ffi::OsStr::from_bytes(bytes))
}

fn os_execute(vm: &mut Vm, args: ArgRange) -> R {
    let command = match vm.arg(args, 1) {
        Value::Nil => {
            // system(NULL): whether a shell is available.
            let available = path_of(b"/bin/sh").exists();
            vm.push(Value::Boolean(available))?;
            return Ok(1);
        }
        _ => vm.check_string(args, 1)?,
    };
    // No flush of stdout first: C's system() does none, so under lua5.4 the command's
    // output comes before what the script wrote and still has buffered.
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(c_str(command.as_bytes())))
        .status();
    match status {
        Ok(status) => {
            use std::os::unix::process::ExitStatusExt;
            let (success, how, code) = match status.code() {
                Some(code) => (code == 0, "exit", i64::from(code)),
                None => (false, "signal", i64::from(status.signal().unwrap_or(0))),
            };
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
        Err(e) => push_file_result(vm, Err(e), None),
    }
}

fn os_exit(vm: &mut Vm, args: ArgRange) -> R {
    let status = match vm.arg(args, 1) {
        Value::Boolean(b) => i64::from(!b),
        _ => vm.opt_integer(args, 1, 0)?,
    };
    let close = !vm.arg(args, 2).is_falsy();
    if close {
        // `lua_close`: the main thread's pending to-be-closed variables are closed as on a
        // normal exit (`luaD_closeprotected(L, 1, LUA_OK)`: a failing `__close` passes its
        // error to the next one), then every finalizer runs. Called from inside a coroutine,
        // the main thread's variables are not on the running stack and are left alone.
        if vm.main_is_running() {
            let _ = vm.unwind_to(0, Value::Nil);
        }
        vm.finalize_all();
    }
    flush_all_files(vm, close);
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    std::process::exit(status as i32)
}

fn os_getenv(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let name = c_str(name.as_bytes());
    // Names the C library could never hold (and that `std::env` may reject).
    let impossible = name.is_empty() || name.contains(&b'=');
    let value = if impossible {
        None
    } else {
        std::env::var_os(std::ffi::OsStr::from_bytes(name))
    };
    let r = match value {
        Some(v) => Value::String(vm.new_string(v.as_bytes())?),
        None => Value::Nil,
    };
    vm.push(r)?;
    Ok(1)
}

fn os_remove(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let name = c_str(name.as_bytes());
    let path = path_of(name);
    // glibc's remove: unlink, and rmdir when the name is a directory.
    let result = match std::fs::remove_file(path) {
        Err(e) if e.raw_os_error() == Some(libc::EISDIR) => std::fs::remove_dir(path),
        other => other,
    };
    push_file_result(vm, result, Some(name))
}

fn os_rename(vm: &mut Vm, args: ArgRange) -> R {
    let from = vm.check_string(args, 1)?;
    let to = vm.check_string(args, 2)?;
    let result = std::fs::rename(
        path_of(c_str(from.as_bytes())),
        path_of(c_str(to.as_bytes())),
    );
    push_file_result(vm, result, None)
}

fn os_setlocale(vm: &mut Vm, args: ArgRange) -> R {
    let locale = match vm.arg(args, 1) {
        Value::Nil => None,
        _ => Some(c_str(vm.check_string(args, 1)?.as_bytes()).to_vec()),
    };
    let category_name = match vm.arg(args, 2) {
        Value::Nil => b"all".to_vec(),
        _ => c_str(vm.check_string(args, 2)?.as_bytes()).to_vec(),
    };
    let Some(category) = locale::category(&category_name) else {
        let mut msg = b"invalid option '".to_vec();
        msg.extend_from_slice(&category_name);
        msg.push(b'\'');
        return Err(vm.arg_error_bytes(2, &msg));
    };
    let name = match locale {
        None => Some(vm.locale.query(category)),
        Some(locale) => vm.locale.set(category, &locale),
    };
    let r = match name {
        Some(name) => Value::String(vm.new_string(&name)?),
        None => Value::Nil,
    };
    vm.push(r)?;
    Ok(1)
}

fn os_tmpname(vm: &mut Vm, _args: ArgRange) -> R {
    for attempt in 0..100 {
        let name = format!("/tmp/lua_{}", unique_suffix(attempt));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&name)
        {
            Ok(_) => {
                let s = vm.new_string(name.as_bytes())?;
                vm.push(Value::String(s))?;
                return Ok(1);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => break,
        }
    }
    Err(vm.native_error("unable to generate a unique filename"))
}
