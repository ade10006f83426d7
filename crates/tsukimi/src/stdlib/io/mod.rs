//! The io library (`liolib.c`, Lua 5.4 manual §6.8): `io.close flush input lines open output
//! popen read tmpfile type write`, the standard files `io.stdin/stdout/stderr`, and file
//! handles with the methods `close flush lines read seek setvbuf write`.
//!
//! A file handle is a full userdata whose payload is a `handle::FileHandle` and whose
//! metatable is the one shared `FILE*` metatable (registry field `"FILE*"`, `__name` `FILE*`,
//! `__index` = the method table, `__gc`/`__close` closing the file, `__tostring`). The default
//! input and output files live in the registry under `_IO_input` and `_IO_output`, like
//! liolib, so they stay rooted.
//!
//! `io.stdout` writes through the VM's output sink (the one `print` uses), so the two
//! interleave exactly as in lua5.4, where both write to the C `stdout` buffer. Opening the
//! library wraps that sink (`stdout`) so `io.stdout:setvbuf` and `io.stdout:seek` work on the
//! process's standard output; the standard streams seek with `lseek` on their descriptors.
//!
//! Submodules: `stream` (the buffered `FILE*`-like stream), `buffer` (when output is flushed,
//! as glibc decides), `fd` (system calls on the standard descriptors), `stdout` (the output
//! sink wrapper), `handle` (the userdata payload and closing), `read` (read formats),
//! `methods` (the file methods and metamethods).
//! Messages, results and argument numbers follow lua5.4 5.4.4 byte for byte.

mod buffer;
mod fd;
mod handle;
mod methods;
mod read;
mod read_buffer_limit;
mod stdout;
mod stream;

use std::cell::RefCell;
use std::fs::OpenOptions;
use std::process::{Command, Stdio};

use handle::{handle_of, is_closed, Closer, FileHandle};
pub(crate) use stream::strerror;
use stream::{os_error, Backend, BufferMode, Stream};

use crate::object::function::NativeFn;
use crate::object::userdata::Userdata;
use crate::value::Value;
use crate::vm::debug::join;
use crate::vm::{ArgRange, LuaError, Vm};

type R = Result<usize, LuaError>;

/// Registry field of the `FILE*` metatable (`LUA_FILEHANDLE`).
const FILE_HANDLE_KEY: &str = "FILE*";
/// Registry field of the default input file.
const INPUT_KEY: &str = "_IO_input";
/// Registry field of the default output file.
const OUTPUT_KEY: &str = "_IO_output";
/// liolib's `MAXARGLINE`: most formats a `lines` iterator may keep.
const MAX_LINES_FORMATS: usize = 250;

/// Opens the io library: the `io` global, `package.loaded.io` and the `FILE*` metatable.
///
/// The VM's output sink at this point is taken to be the process's standard output (as
/// `Vm::new_bare` creates it) and is wrapped so `io.stdout` can seek and buffer like C's
/// `stdout` (see `stdout.rs`). An embedder capturing output calls `Lua::set_output` after
/// opening the library (as with `Lua::new`); a sink installed before would be treated as
/// standard output, and `io.stdout:seek` would move descriptor 1.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let io = vm.new_table(0, 16)?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ];
    for (name, f) in fns {
        vm.register(io, name, *f)?;
    }
    methods::create_metatable(vm)?;
    use std::io::IsTerminal;
    let stdout_control = stdout::take_over_output(vm);
    // glibc: a stream on a terminal is line-buffered, any other fully buffered.
    let stdin_mode = if std::io::stdin().is_terminal() {
        BufferMode::Line
    } else {
        BufferMode::Full
    };
    let stdin = new_file(
        vm,
        Stream::new(
            Backend::Stdin(std::io::stdin(), stdout_control.clone()),
            true,
            false,
            stdin_mode,
        ),
        Closer::Standard,
    )?;
    let stdout = new_file(
        vm,
        Stream::new(
            Backend::VmOutput(stdout_control),
            false,
            true,
            BufferMode::Line,
        ),
        Closer::Standard,
    )?;
    let stderr = new_file(
        vm,
        Stream::new(
            Backend::Stderr(std::io::stderr()),
            false,
            true,
            BufferMode::Unbuffered,
        ),
        Closer::Standard,
    )?;
    vm.set_field(io, "stdin", stdin)?;
    vm.set_field(io, "stdout", stdout)?;
    vm.set_field(io, "stderr", stderr)?;
    let registry = vm.registry();
    vm.set_field(registry, INPUT_KEY, stdin)?;
    vm.set_field(registry, OUTPUT_KEY, stdout)?;
    let globals = vm.globals();
    vm.set_field(globals, "io", Value::Table(io))?;
    let loaded = vm.loaded();
    vm.set_field(loaded, "io", Value::Table(io))?;
    Ok(())
}

/// Flushes every open file of the state (what C's `exit` does for all `FILE*`s), and the
/// output sink. With `close`, also closes them (waiting for `popen` children), as closing the
/// state would. Used by `os.exit`.
pub fn flush_all_files(vm: &mut Vm, close: bool) {
    let files: Vec<_> = vm
        .heap
        .objects
        .iter()
        .filter_map(|obj| match obj {
            crate::gc::GcObject::Userdata(u) => handle_of(Value::Userdata(*u)),
            _ => None,
        })
        .collect();
    for u in files {
        let Some(cell) = handle::cell(&u) else {
            continue;
        };
        if let Ok(mut h) = cell.try_borrow_mut() {
            if close {
                let _ = h.close(vm.output());
            } else if let Some(open) = h.open.as_mut() {
                let _ = open.stream.flush(vm.output());
            }
        }
    }
    let _ = vm.output().flush();
}

/// Creates a file handle value with the `FILE*` metatable.
fn new_file(vm: &mut Vm, stream: Stream, closer: Closer) -> Result<Value, LuaError> {
    let payload = RefCell::new(FileHandle::new(stream, closer));
    let u = match vm.heap.alloc_userdata(Userdata::new(Box::new(payload))) {
        Ok(u) => u,
        Err(_) => return Err(vm.memory_error()),
    };
    let registry = vm.registry();
    if let Value::Table(mt) = vm.get_field(registry, FILE_HANDLE_KEY)? {
        u.set_metatable(Some(mt));
        crate::gc::write_barrier(u, Value::Table(mt));
    }
    Ok(Value::Userdata(u))
}

/// `l_checkmode`: `[rwa]%+?b*`.
fn valid_open_mode(mode: &[u8]) -> bool {
    let mut rest = match mode.split_first() {
        Some((c, rest)) if b"rwa".contains(c) => rest,
        _ => return false,
    };
    if let Some((b'+', after)) = rest.split_first() {
        rest = after;
    }
    rest.iter().all(|&c| c == b'b')
}

/// `fopen(name, mode)` (the mode already checked).
fn open_file(name: &[u8], mode: &[u8]) -> Result<Stream, i32> {
    use std::os::unix::ffi::OsStrExt;
    let name = crate::stdlib::c_str(name);
    let path = std::ffi::OsStr::from_bytes(name);
    let plus = mode.get(1) == Some(&b'+');
    let mut options = OpenOptions::new();
    let (readable, writable) = match mode.first() {
        Some(b'r') => {
            options.read(true).write(plus);
            (true, plus)
        }
        Some(b'w') => {
            options.write(true).create(true).truncate(true).read(plus);
            (plus, true)
        }
        _ => {
            options.append(true).create(true).read(plus);
            (plus, true)
        }
    };
    match options.open(path) {
        Ok(f) => Ok(Stream::new(
            Backend::File(f),
            readable,
            writable,
            BufferMode::Full,
        )),
        Err(e) => Err(os_error(&e)),
    }
}

/// `luaL_fileresult(L, 0, fname)`: pushes `nil, "fname: strerror", errno`.
fn push_named_error(vm: &mut Vm, name: &[u8], code: i32) -> R {
    let mut msg = name.to_vec();
    msg.extend_from_slice(b": ");
    msg.extend_from_slice(strerror(code).as_bytes());
    let msg = vm.new_string(&msg)?;
    vm.push(Value::Nil)?;
    vm.push(Value::String(msg))?;
    vm.push(Value::Integer(i64::from(code)))?;
    Ok(3)
}

/// `opencheckfile`: opens or raises "cannot open file 'name' (reason)".
fn open_or_raise(vm: &mut Vm, name: &[u8], mode: &[u8]) -> Result<Value, LuaError> {
    let name = crate::stdlib::c_str(name);
    match open_file(name, mode) {
        Ok(stream) => new_file(vm, stream, Closer::File),
        Err(code) => {
            let mut msg = b"cannot open file '".to_vec();
            msg.extend_from_slice(name);
            msg.extend_from_slice(format!("' ({})", strerror(code)).as_bytes());
            Err(vm.native_error_bytes(&msg))
        }
    }
}

/// The default input or output file, raising "default input file is closed".
fn default_file(vm: &mut Vm, key: &str) -> Result<Value, LuaError> {
    let registry = vm.registry();
    let v = vm.get_field(registry, key)?;
    match handle_of(v) {
        Some(u) if !is_closed(&u) => Ok(v),
        _ => {
            let which = if key == INPUT_KEY { "input" } else { "output" };
            Err(vm.native_error(&format!("default {which} file is closed")))
        }
    }
}

fn io_open(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let mode = match vm.arg(args, 2) {
        Value::Nil => vm.new_string(b"r")?,
        _ => vm.check_string(args, 2)?,
    };
    let (name, mode) = (
        crate::stdlib::c_str(name.as_bytes()),
        crate::stdlib::c_str(mode.as_bytes()),
    );
    if !valid_open_mode(mode) {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    match open_file(name, mode) {
        Ok(stream) => {
            let f = new_file(vm, stream, Closer::File)?;
            vm.push(f)?;
            Ok(1)
        }
        Err(code) => push_named_error(vm, name, code),
    }
}

fn io_popen(vm: &mut Vm, args: ArgRange) -> R {
    let program = vm.check_string(args, 1)?;
    let mode = match vm.arg(args, 2) {
        Value::Nil => vm.new_string(b"r")?,
        _ => vm.check_string(args, 2)?,
    };
    let reading = match crate::stdlib::c_str(mode.as_bytes()) {
        b"r" => true,
        b"w" => false,
        _ => return Err(vm.arg_error(2, "invalid mode")),
    };
    use std::os::unix::ffi::OsStrExt;
    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(crate::stdlib::c_str(
            program.as_bytes(),
        )));
    if reading {
        command.stdout(Stdio::piped());
    } else {
        command.stdin(Stdio::piped());
    }
    // What the child inherits must already be out (popen itself does not flush, but the
    // sink of this VM is not a C stdio buffer the child could share).
    let _ = vm.output().flush();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return push_named_error(vm, program.as_bytes(), os_error(&e)),
    };
    let backend = if reading {
        child.stdout.take().map(Backend::PipeFromChild)
    } else {
        child.stdin.take().map(Backend::PipeToChild)
    };
    let Some(backend) = backend else {
        return push_named_error(vm, program.as_bytes(), libc::EPIPE);
    };
    let stream = Stream::new(backend, reading, !reading, BufferMode::Full);
    let f = new_file(vm, stream, Closer::Process(child))?;
    vm.push(f)?;
    Ok(1)
}

fn io_tmpfile(vm: &mut Vm, _args: ArgRange) -> R {
    let dir = std::env::temp_dir();
    let mut last_error = libc::EEXIST;
    for attempt in 0..100u32 {
        let path = dir.join(format!("tmpf{}", unique_suffix(attempt)));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => {
                let _ = std::fs::remove_file(&path);
                let stream = Stream::new(Backend::File(f), true, true, BufferMode::Full);
                let f = new_file(vm, stream, Closer::File)?;
                vm.push(f)?;
                return Ok(1);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                last_error = os_error(&e);
                break;
            }
        }
    }
    read::push_file_error(vm, last_error)
}

/// Six characters from `[A-Za-z0-9]` that differ between calls and processes (`mkstemp`'s
/// `XXXXXX`); uniqueness is ensured by `create_new`, this only makes collisions rare.
pub(crate) fn unique_suffix(attempt: u32) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ u64::from(attempt);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(6);
    for _ in 0..6 {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        out.push(ALPHABET[(x % ALPHABET.len() as u64) as usize] as char);
    }
    out
}

fn io_type(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    let r = match handle_of(v) {
        None => Value::Nil,
        Some(u) => {
            let name: &[u8] = if is_closed(&u) {
                b"closed file"
            } else {
                b"file"
            };
            Value::String(vm.new_string(name)?)
        }
    };
    vm.push(r)?;
    Ok(1)
}

/// `io.input` / `io.output` (`g_iofile`).
fn default_file_accessor(vm: &mut Vm, args: ArgRange, key: &str, mode: &[u8]) -> R {
    let v = vm.arg(args, 1);
    if !v.is_nil() {
        let file = match v {
            Value::String(_) | Value::Integer(_) | Value::Float(_) => {
                let name = vm.check_string(args, 1)?;
                open_or_raise(vm, name.as_bytes(), mode)?
            }
            _ => {
                methods::check_file(vm, args)?;
                v
            }
        };
        let registry = vm.registry();
        vm.set_field(registry, key, file)?;
    }
    let registry = vm.registry();
    let current = vm.get_field(registry, key)?;
    vm.push(current)?;
    Ok(1)
}

fn io_input(vm: &mut Vm, args: ArgRange) -> R {
    default_file_accessor(vm, args, INPUT_KEY, b"r")
}

fn io_output(vm: &mut Vm, args: ArgRange) -> R {
    default_file_accessor(vm, args, OUTPUT_KEY, b"w")
}

fn io_close(vm: &mut Vm, args: ArgRange) -> R {
    let file = if args.count == 0 {
        let registry = vm.registry();
        vm.get_field(registry, OUTPUT_KEY)?
    } else {
        vm.arg(args, 1)
    };
    methods::close_value(vm, file, args)
}

fn io_flush(vm: &mut Vm, _args: ArgRange) -> R {
    let file = default_file(vm, OUTPUT_KEY)?;
    methods::flush_value(vm, file)
}

fn io_read(vm: &mut Vm, args: ArgRange) -> R {
    let file = default_file(vm, INPUT_KEY)?;
    let formats: Vec<Value> = (1..=args.count).map(|n| vm.arg(args, n)).collect();
    // Root the file for the duration of the call (it could be replaced in the registry).
    vm.push(file)?;
    methods::read_value(vm, file, &formats, 1)
}

fn io_write(vm: &mut Vm, args: ArgRange) -> R {
    let file = default_file(vm, OUTPUT_KEY)?;
    methods::write_values(vm, file, args, 1)
}

fn io_lines(vm: &mut Vm, args: ArgRange) -> R {
    let first = vm.arg(args, 1);
    let formats: Vec<Value> = (2..=args.count).map(|n| vm.arg(args, n)).collect();
    if first.is_nil() {
        let registry = vm.registry();
        let file = vm.get_field(registry, INPUT_KEY)?;
        if handle_of(file).is_none() {
            let got = vm.type_name_of(file);
            return Err(vm.arg_error_bytes(1, &join(&[b"FILE* expected, got ", &got])));
        }
        if handle_of(file).is_some_and(|u| is_closed(&u)) {
            return Err(vm.native_error("attempt to use a closed file"));
        }
        let iterator = methods::lines_iterator(vm, file, &formats, false)?;
        vm.push(iterator)?;
        return Ok(1);
    }
    let name = vm.check_string(args, 1)?;
    let file = open_or_raise(vm, name.as_bytes(), b"r")?;
    // Rooted on the stack before the iterator is allocated.
    vm.push(file)?;
    let iterator = methods::lines_iterator(vm, file, &formats, true)?;
    vm.push(iterator)?;
    vm.push(Value::Nil)?;
    vm.push(Value::Nil)?;
    vm.push(file)?;
    Ok(4)
}
