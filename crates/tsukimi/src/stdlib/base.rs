//! The base library (`lbaselib.c`): print, type, tostring, tonumber, pairs, ipairs, next,
//! select, raw*, metatables, assert, error, pcall, xpcall, load, loadfile, dofile,
//! collectgarbage, warn, `_G` and `_VERSION`. Messages match lua5.4's byte for byte.

use crate::gc::GcParam;
use crate::object::function::{NativeFunction, NativeKind};
use crate::stdlib::c_str;
use crate::stdlib::load_file::load_file_named;
use crate::value::{LuaType, Value};
use crate::vm::debug::join;
use crate::vm::meta::Tm;
use crate::vm::number::{self, Number};
use crate::vm::{ArgRange, LuaError, Vm, MULTRET};

type R = Result<usize, LuaError>;

/// Opens the base library into the globals.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let g = vm.globals();
    let fns: &[(&'static str, crate::object::function::NativeFn)] = &[
        ("assert", assert),
        ("collectgarbage", collectgarbage),
        ("dofile", dofile),
        ("error", error),
        ("getmetatable", getmetatable),
        ("ipairs", ipairs),
        ("load", load),
        ("loadfile", loadfile),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawlen", rawlen),
        ("rawset", rawset),
        ("select", select),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("warn", warn),
        ("xpcall", xpcall),
    ];
    for (name, f) in fns {
        vm.register(g, name, *f)?;
    }
    // `next` and `ipairs`'s iterator are made once: `pairs` and `ipairs` return these very
    // functions (as lua5.4 returns its C functions), whatever happens to the globals.
    let next_fn = vm.new_native(next, "next")?;
    let ipairs_aux_fn = vm.new_native(ipairs_aux, "ipairs_aux")?;
    if let (Value::NativeFunction(n), Value::NativeFunction(aux)) = (next_fn, ipairs_aux_fn) {
        vm.iterators.next = Some(n);
        vm.iterators.ipairs_aux = Some(aux);
    }
    vm.set_field(g, "next", next_fn)?;
    vm.set_field(g, "_G", Value::Table(g))?;
    let v = vm.new_string(b"Lua 5.4")?;
    vm.set_field(g, "_VERSION", Value::String(v))?;
    crate::stdlib::string_coercion::install(vm)?;
    Ok(())
}

fn print(vm: &mut Vm, args: ArgRange) -> R {
    // Each value is written as soon as it is converted, as `luaB_print` does: a `__tostring`
    // that prints, or fails, finds the values before it already written (and, on failure,
    // no newline).
    let mut plain = Vec::new();
    for n in 1..=args.count {
        let v = vm.arg(args, n);
        // Values whose text is plain (no `__tostring` possible: no metatable for the type)
        // are written without making a Lua string of them first; a loop of `print(i)` spent
        // an eighth of its time interning the numbers' text.
        let text = if plain_text(vm, v, &mut plain) {
            None
        } else {
            Some(vm.to_display_string(v)?)
        };
        let out = vm.output();
        if n > 1 {
            let _ = out.write_all(b"\t");
        }
        let _ = out.write_all(text.as_ref().map_or(plain.as_slice(), |s| s.as_bytes()));
    }
    // lua.c's `lua_writeline` flushes stdout after every print: output interleaves with
    // stderr (error messages, io.stderr) exactly as under lua5.4 when both share a pipe.
    let out = vm.output();
    let _ = out.write_all(b"\n");
    let _ = out.flush();
    Ok(0)
}

/// `tostring`'s text of `v` into `out` when no metamethod can change it (strings, numbers,
/// booleans and nil whose type has no metatable); false otherwise.
fn plain_text(vm: &Vm, v: Value, out: &mut Vec<u8>) -> bool {
    use std::io::Write;
    if vm.metatable_of(v).is_some() {
        return false;
    }
    out.clear();
    match v {
        Value::Nil => out.extend_from_slice(b"nil"),
        Value::Boolean(true) => out.extend_from_slice(b"true"),
        Value::Boolean(false) => out.extend_from_slice(b"false"),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => tsukimi_number::format::write_float(out, f),
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        _ => return false,
    }
    true
}

fn type_(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    let s = vm.new_string(v.type_name().as_bytes())?;
    vm.push(Value::String(s))?;
    Ok(1)
}

fn tostring(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    let s = vm.to_display_string(v)?;
    vm.push(Value::String(s))?;
    Ok(1)
}

fn tonumber(vm: &mut Vm, args: ArgRange) -> R {
    let base = vm.arg(args, 2);
    if base.is_nil() {
        let v = vm.check_any(args, 1)?;
        let r = match v {
            Value::Integer(_) | Value::Float(_) => v,
            Value::String(s) => match number::str_to_number(s.as_bytes()) {
                Some(Number::Int(i)) => Value::Integer(i),
                Some(Number::Float(f)) => Value::Float(f),
                None => Value::Nil,
            },
            _ => Value::Nil,
        };
        vm.push(r)?;
        return Ok(1);
    }
    let b = vm.check_integer(args, 2)?;
    let s = match vm.arg(args, 1) {
        Value::String(s) => s,
        _ => return Err(vm.arg_type_error(args, 1, "string")),
    };
    if !(2..=36).contains(&b) {
        return Err(vm.arg_error(2, "base out of range"));
    }
    let r = number::str_to_int_base(s.as_bytes(), b as u32).map_or(Value::Nil, Value::Integer);
    vm.push(r)?;
    Ok(1)
}

fn next(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_table(args, 1)?;
    let k = vm.arg(args, 2);
    match t.next(k) {
        Ok(Some((k, v))) => {
            vm.push(k)?;
            vm.push(v)?;
            Ok(2)
        }
        Ok(None) => {
            vm.push(Value::Nil)?;
            Ok(1)
        }
        // luaH_next raises through luaG_runerror from a C function: no position.
        Err(()) => Err(vm.runtime_error_plain("invalid key to 'next'")),
    }
}

fn pairs(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_any(args, 1)?;
    let mm = match vm.metatable_of(t) {
        Some(mt) => vm.get_field(mt, "__pairs")?,
        None => Value::Nil,
    };
    if mm.is_nil() {
        let next_fn = match vm.iterators.next {
            Some(f) => Value::NativeFunction(f),
            None => vm.new_native(next, "next")?,
        };
        vm.push(next_fn)?;
        vm.push(t)?;
        vm.push(Value::Nil)?;
        return Ok(3);
    }
    let func = vm.top();
    vm.push(mm)?;
    vm.push(t)?;
    vm.call(func, 3)?;
    Ok(3)
}

fn ipairs_aux(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.arg(args, 1);
    let i = match vm.arg(args, 2) {
        Value::Integer(i) => i.wrapping_add(1),
        _ => 1,
    };
    let v = match t {
        Value::Table(tab) if tab.metatable().is_none() => tab.get_int(i),
        _ => vm.index(t, Value::Integer(i), crate::vm::meta::Origin::None)?,
    };
    if v.is_nil() {
        vm.push(Value::Nil)?;
        Ok(1)
    } else {
        vm.push(Value::Integer(i))?;
        vm.push(v)?;
        Ok(2)
    }
}

fn ipairs(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_any(args, 1)?;
    let f = match vm.iterators.ipairs_aux {
        Some(f) => Value::NativeFunction(f),
        None => vm.new_native(ipairs_aux, "ipairs_aux")?,
    };
    vm.push(f)?;
    vm.push(t)?;
    vm.push(Value::Integer(0))?;
    Ok(3)
}

fn select(vm: &mut Vm, args: ArgRange) -> R {
    let n = args.count as i64;
    // luaB_select tests only the first character: "#anything" counts too.
    if let Value::String(s) = vm.arg(args, 1) {
        if s.as_bytes().first() == Some(&b'#') {
            vm.push(Value::Integer(n - 1))?;
            return Ok(1);
        }
    }
    let i = vm.check_integer(args, 1)?;
    let i = if i < 0 {
        n + i
    } else if i > n {
        n
    } else {
        i
    };
    if i < 1 {
        return Err(vm.arg_error(1, "index out of range"));
    }
    Ok((n - i) as usize)
}

fn rawget(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_table(args, 1)?;
    let k = vm.check_any(args, 2)?;
    vm.push(t.get(k))?;
    Ok(1)
}

fn rawset(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_table(args, 1)?;
    let k = vm.check_any(args, 2)?;
    let v = vm.check_any(args, 3)?;
    vm.raw_set(t, k, v)?;
    vm.push(Value::Table(t))?;
    Ok(1)
}

fn rawequal(vm: &mut Vm, args: ArgRange) -> R {
    let a = vm.check_any(args, 1)?;
    let b = vm.check_any(args, 2)?;
    vm.push(Value::Boolean(a.raw_eq(b)))?;
    Ok(1)
}

fn rawlen(vm: &mut Vm, args: ArgRange) -> R {
    let n = match vm.arg(args, 1) {
        Value::Table(t) => t.len(),
        Value::String(s) => s.len() as i64,
        _ => return Err(vm.arg_type_error(args, 1, "table or string")),
    };
    vm.push(Value::Integer(n))?;
    Ok(1)
}

fn getmetatable(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    let r = match vm.metatable_of(v) {
        None => Value::Nil,
        Some(mt) => {
            let protected = vm.get_field(mt, "__metatable")?;
            if protected.is_nil() {
                Value::Table(mt)
            } else {
                protected
            }
        }
    };
    vm.push(r)?;
    Ok(1)
}

fn setmetatable(vm: &mut Vm, args: ArgRange) -> R {
    let t = vm.check_table(args, 1)?;
    let mt = match vm.arg(args, 2) {
        Value::Nil if args.count >= 2 => None,
        Value::Table(m) => Some(m),
        _ => return Err(vm.arg_type_error(args, 2, "nil or table")),
    };
    if let Some(old) = t.metatable() {
        if !vm.get_field(old, "__metatable")?.is_nil() {
            return Err(vm.native_error("cannot change a protected metatable"));
        }
    }
    t.set_metatable(mt);
    if let Some(m) = mt {
        crate::gc::write_barrier(t, Value::Table(m));
    }
    vm.check_finalizer(Value::Table(t), mt);
    vm.push(Value::Table(t))?;
    Ok(1)
}

fn assert(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.check_any(args, 1)?;
    if !v.is_falsy() {
        return Ok(args.count);
    }
    // Like lbaselib: the message (default "assertion failed!") goes through `error` at
    // level 1, so string messages get the caller's position.
    let msg = if args.count >= 2 {
        vm.arg(args, 2)
    } else {
        Value::String(vm.new_string(b"assertion failed!")?)
    };
    Err(error_with_level(vm, msg, 1)?)
}

/// `error(msg, level)`: string messages get the position of the function at `level`.
fn error_with_level(vm: &mut Vm, v: Value, level: i64) -> Result<LuaError, LuaError> {
    if let Value::String(s) = v {
        if level > 0 {
            let prefix = vm.where_prefix(level as usize);
            if !prefix.is_empty() {
                let mut text = prefix;
                text.extend_from_slice(s.as_bytes());
                let s = vm.new_string(&text)?;
                return Ok(LuaError {
                    value: Value::String(s),
                });
            }
        }
    }
    Ok(LuaError { value: v })
}

fn error(vm: &mut Vm, args: ArgRange) -> R {
    let v = vm.arg(args, 1);
    let level = vm.opt_integer(args, 2, 1)?;
    Err(error_with_level(vm, v, level)?)
}

fn pcall(vm: &mut Vm, args: ArgRange) -> R {
    vm.check_any(args, 1)?;
    // Insert `true` below the function: results become true, f's results...
    let base = args.base;
    vm.push(Value::Nil)?;
    let top = vm.top();
    vm.th.stack.copy_within(base..top - 1, base + 1);
    vm.th.stack[base] = Value::Boolean(true);
    match vm.protected_call(base + 1, MULTRET, None) {
        Ok(()) => Ok(vm.top() - base),
        Err(e) => {
            vm.th.top = base;
            vm.push(Value::Boolean(false))?;
            vm.push(e.value)?;
            Ok(2)
        }
    }
}

fn xpcall(vm: &mut Vm, args: ArgRange) -> R {
    if !vm.arg(args, 2).is_function() {
        return Err(vm.arg_type_error(args, 2, "function"));
    }
    let handler = vm.arg(args, 2);
    let base = args.base;
    // Layout: [f, h, args...] -> [true, f, args...] with h kept below as a root.
    let f = vm.arg(args, 1);
    let top = vm.top();
    vm.th.stack[base] = handler;
    vm.th.stack[base + 1] = f;
    let _ = top;
    match vm.protected_call(base + 1, MULTRET, Some(handler)) {
        Ok(()) => {
            vm.th.stack[base] = Value::Boolean(true);
            Ok(vm.top() - base)
        }
        Err(e) => {
            vm.th.top = base;
            vm.push(Value::Boolean(false))?;
            vm.push(e.value)?;
            Ok(2)
        }
    }
}

/// Loads a chunk from bytes: returns the function or the error message (as `load` does).
pub fn load_chunk(
    vm: &mut Vm,
    source: &[u8],
    chunkname: &[u8],
    mode: &[u8],
    env: Option<Value>,
) -> Result<Result<Value, Value>, LuaError> {
    let is_binary = source.first() == Some(&0x1b);
    let (kind, allowed) = if is_binary {
        ("binary", b'b')
    } else {
        ("text", b't')
    };
    // `mode` is read as a C string (`strchr`, `'%s'`): up to its first zero byte.
    let mode = crate::stdlib::c_str(mode);
    if !mode.contains(&allowed) {
        let kind = kind.as_bytes();
        let msg = join(&[
            b"attempt to load a ",
            kind,
            b" chunk (mode is '",
            mode,
            b"')",
        ]);
        let s = vm.new_string(&msg)?;
        return Ok(Err(Value::String(s)));
    }
    let loaded = if is_binary {
        match tsukimi_bytecode::undump(source, chunkname) {
            // A verified prototype: `load_proto` only fails for lack of memory or bytecode
            // the interpreter's control-flow check refuses; both are returned, as lua_load does.
            Ok(proto) => vm.load_proto(&proto).map_err(|e| e.value),
            Err(e) => Err(Value::String(vm.new_string(&e.message)?)),
        }
    } else {
        match vm.load_text(source, chunkname) {
            Ok(f) => Ok(f),
            Err(msg) => Err(Value::String(vm.new_string(&msg)?)),
        }
    };
    match loaded {
        Ok(f) => Ok(Ok(with_env(f, env))),
        Err(msg) => {
            // Like a `pcall`, a failed load hands "not enough memory" back as a value: collect
            // what the compiler held (the caller's arguments are on the stack).
            vm.collect_after_memory_error(msg);
            Ok(Err(msg))
        }
    }
}

/// `load_aux`: a given `env` becomes the loaded function's first upvalue.
fn with_env(f: Value, env: Option<Value>) -> Value {
    if let (Some(env), Value::LuaFunction(cl)) = (env, f) {
        if let Some(uv) = cl.upvalues.first() {
            uv.close_with(env);
            crate::gc::write_barrier(*uv, env);
        }
    }
    f
}

fn load(vm: &mut Vm, args: ArgRange) -> R {
    let chunk = vm.arg(args, 1);
    // The mode and the chunk name reach lua_load as C strings: each ends at its first zero
    // byte (so does the default name, the chunk text itself).
    let mode = match vm.arg(args, 3) {
        Value::Nil => b"bt".to_vec(),
        _ => c_str(vm.check_string(args, 3)?.as_bytes()).to_vec(),
    };
    let env = if args.count >= 4 {
        Some(vm.arg(args, 4))
    } else {
        None
    };
    let loaded = match chunk {
        Value::String(_) | Value::Integer(_) | Value::Float(_) => {
            let s = vm.check_string(args, 1)?;
            let source = s.as_bytes().to_vec();
            let name = match vm.arg(args, 2) {
                Value::Nil => c_str(&source).to_vec(),
                _ => c_str(vm.check_string(args, 2)?.as_bytes()).to_vec(),
            };
            load_chunk(vm, &source, &name, &mode, env)?
        }
        _ => {
            // luaB_load checks the name before the reader's type.
            let name = match vm.arg(args, 2) {
                Value::Nil => b"=(load)".to_vec(),
                _ => c_str(vm.check_string(args, 2)?.as_bytes()).to_vec(),
            };
            if !chunk.is_function() {
                return Err(vm.arg_type_error(args, 1, "function"));
            }
            load_from_reader(vm, chunk, &name, &mode, env)?
        }
    };
    match loaded {
        Ok(f) => {
            vm.push(f)?;
            Ok(1)
        }
        Err(msg) => {
            vm.push(Value::Nil)?;
            vm.push(msg)?;
            Ok(2)
        }
    }
}

/// `lua_load` with `generic_reader`: the first piece decides between text and binary (and
/// the mode check fails before any more is read); a text chunk is parsed while it is read,
/// each further piece asked for only when the lexer needs it, so a syntax error stops the
/// reading where lua5.4 stops it. An error raised by the reader (or a piece that is not a
/// string) is the result, whatever the parser made of the input before it.
fn load_from_reader(
    vm: &mut Vm,
    reader: Value,
    chunkname: &[u8],
    mode: &[u8],
    env: Option<Value>,
) -> Result<Result<Value, Value>, LuaError> {
    let first = match read_piece(vm, reader) {
        Ok(piece) => piece.unwrap_or_default(),
        Err(e) => return Ok(Err(e.value)),
    };
    if first.first() == Some(&0x1b) || !mode.contains(&b't') {
        // Binary chunks (and a mode refusing text) go through load_chunk whole; lua5.4 reads
        // no further piece when the mode check fails.
        let mut source = first;
        if mode_allows(mode, &source) && !source.is_empty() {
            if let Err(e) = read_remaining_pieces(vm, reader, &mut source) {
                return Ok(Err(e.value));
            }
        }
        return load_chunk(vm, &source, chunkname, mode, env);
    }
    let options = vm.parse_options();
    // An empty first piece ended the chunk: the reader is not called again.
    let ended = first.is_empty();
    let mut failure: Option<LuaError> = None;
    let parsed = {
        let mut pull = || {
            if ended || failure.is_some() {
                return None;
            }
            match read_piece(vm, reader) {
                Ok(piece) => piece,
                Err(e) => {
                    failure = Some(e);
                    None
                }
            }
        };
        tsukimi_syntax::parse_from_reader(first, &mut pull, chunkname, &options)
    };
    if let Some(e) = failure {
        return Ok(Err(e.value));
    }
    finish_parsed(vm, parsed, chunkname, env)
}

/// Compiles a chunk parsed while it was read (`load` with a reader, `loadfile`) into its
/// main function with `env` as its first upvalue; a syntax or compile error is the message.
pub(crate) fn finish_parsed(
    vm: &mut Vm,
    parsed: Result<tsukimi_syntax::ast::Chunk, tsukimi_syntax::SyntaxError>,
    chunkname: &[u8],
    env: Option<Value>,
) -> Result<Result<Value, Value>, LuaError> {
    let loaded = match parsed {
        Ok(chunk) => vm.load_parsed(&chunk, chunkname),
        Err(e) => Err(e.message),
    };
    match loaded {
        Ok(f) => Ok(Ok(with_env(f, env))),
        Err(msg) => {
            // Like a `pcall`, a failed load hands "not enough memory" back as a value:
            // collect what the parser and compiler held.
            let msg = Value::String(vm.new_string(&msg)?);
            vm.collect_after_memory_error(msg);
            Ok(Err(msg))
        }
    }
}

/// Whether `mode` lets a chunk starting like `source` load (an empty chunk is text).
fn mode_allows(mode: &[u8], source: &[u8]) -> bool {
    let allowed = if source.first() == Some(&0x1b) {
        b'b'
    } else {
        b't'
    };
    mode.contains(&allowed)
}

/// Reads the rest of a chunk whose first piece was read (binary chunks are read whole).
fn read_remaining_pieces(vm: &mut Vm, reader: Value, buf: &mut Vec<u8>) -> Result<(), LuaError> {
    while let Some(piece) = read_piece(vm, reader)? {
        if crate::gc::try_reserve(buf, piece.len()).is_err() {
            return Err(vm.memory_error());
        }
        buf.extend_from_slice(&piece);
    }
    Ok(())
}

/// `generic_reader`: calls the reader once. `None` ends the chunk (nil or an empty string);
/// a result that is not a string (numbers convert) is "reader function must return a
/// string", located at `load`'s caller as `luaL_error` does. On an error, the frames the
/// reader left are dropped and the call depth and stack top restored (lua_load is
/// protected).
fn read_piece(vm: &mut Vm, reader: Value) -> Result<Option<Vec<u8>>, LuaError> {
    let saved_frames = vm.th.frames.len();
    let saved_calls = vm.th.native_calls;
    let saved_top = vm.top();
    match read_piece_unprotected(vm, reader) {
        Ok(piece) => Ok(piece),
        Err(e) if vm.killing() => Err(e),
        Err(e) => {
            // As luaD_pcall in lua_load: the message handler in effect runs at the error
            // point (the reader's frames still listed), then to-be-closed variables close.
            vm.th.top = vm.error_point_top();
            vm.push(e.value)?;
            let handled = apply_enclosing_handler(vm, saved_frames, e.value);
            vm.th.native_calls = saved_calls;
            vm.th.frames.truncate(saved_frames);
            vm.push(handled)?;
            let value = vm.unwind_to(saved_top, handled);
            vm.th.top = saved_top;
            Err(LuaError { value })
        }
    }
}

/// The message handler an error raised under `load` meets in lua5.4: `lua_load` runs the
/// parser (and so the reader) through `luaD_pcall` with the caller's `errfunc`, so the
/// nearest enclosing `xpcall`'s handler applies, none under a `pcall`, a coroutine's body or
/// a finalizer, and lua.c's traceback handler at the bottom of a script run through
/// `Lua::call_traceback`. Memory errors skip it, as `luaD_throw` does for LUA_ERRMEM.
fn apply_enclosing_handler(vm: &mut Vm, load_frames: usize, err: Value) -> Value {
    if vm.is_memory_error(err) {
        return err;
    }
    // Frames below `load`'s own (the last of `load_frames`), innermost first.
    let below = load_frames.saturating_sub(1);
    let mut handler = None;
    let mut traceback = vm.th.host_entry;
    for ci in vm.th.frames.iter().take(below).rev() {
        if ci.status & crate::vm::status::FIN != 0 {
            traceback = false;
            break;
        }
        if ci.closure.is_some() {
            continue;
        }
        if let Some(Value::NativeFunction(f)) = vm.th.stack.get(ci.func).copied() {
            match f.name {
                "pcall" => {
                    traceback = false;
                    break;
                }
                "xpcall" => {
                    handler = vm.th.stack.get(ci.func + 1).copied();
                    traceback = false;
                    break;
                }
                _ => {}
            }
        }
    }
    match handler {
        Some(h) => match vm.call_function(h, &[err]) {
            Ok(r) => r.first().copied().unwrap_or(Value::Nil),
            Err(_) => vm.runtime_error_plain("error in error handling").value,
        },
        None if traceback => crate::api::traceback_message(vm, err).unwrap_or(err),
        None => err,
    }
}

fn read_piece_unprotected(vm: &mut Vm, reader: Value) -> Result<Option<Vec<u8>>, LuaError> {
    let r = vm.call_function(reader, &[])?;
    match r.first().copied().unwrap_or(Value::Nil) {
        Value::Nil => Ok(None),
        v @ (Value::String(_) | Value::Integer(_) | Value::Float(_)) => {
            match vm.to_string_coerce(v)? {
                Some(s) if !s.is_empty() => {
                    let Ok(mut piece) = crate::gc::fallible_vec(s.len()) else {
                        return Err(vm.memory_error());
                    };
                    piece.extend_from_slice(s.as_bytes());
                    Ok(Some(piece))
                }
                _ => Ok(None),
            }
        }
        _ => Err(vm.native_error("reader function must return a string")),
    }
}

fn loadfile(vm: &mut Vm, args: ArgRange) -> R {
    let name = match vm.arg(args, 1) {
        Value::Nil => None,
        _ => {
            let name = vm.check_string(args, 1)?;
            Some(c_str(name.as_bytes()).to_vec())
        }
    };
    let mode = match vm.arg(args, 2) {
        Value::Nil => b"bt".to_vec(),
        _ => c_str(vm.check_string(args, 2)?.as_bytes()).to_vec(),
    };
    let env = if args.count >= 3 {
        Some(vm.arg(args, 3))
    } else {
        None
    };
    let result = load_file_named(vm, name.as_deref(), &mode, env)?;
    match result {
        Ok(f) => {
            vm.push(f)?;
            Ok(1)
        }
        Err(msg) => {
            vm.push(Value::Nil)?;
            vm.push(msg)?;
            Ok(2)
        }
    }
}

fn dofile(vm: &mut Vm, args: ArgRange) -> R {
    let name = match vm.arg(args, 1) {
        Value::Nil => None,
        _ => {
            let name = vm.check_string(args, 1)?;
            Some(c_str(name.as_bytes()).to_vec())
        }
    };
    let f = load_file_named(vm, name.as_deref(), b"bt", None)?;
    match f {
        Ok(f) => {
            let func = vm.top();
            vm.push(f)?;
            vm.call(func, MULTRET)?;
            Ok(vm.top() - func)
        }
        Err(msg) => Err(LuaError { value: msg }),
    }
}

fn collectgarbage(vm: &mut Vm, args: ArgRange) -> R {
    // `luaL_checkoption` compares C strings: the name ends at its first zero byte.
    let opt_bytes = match vm.arg(args, 1) {
        Value::Nil => b"collect".to_vec(),
        _ => c_str(vm.check_string(args, 1)?.as_bytes()).to_vec(),
    };
    const OPTIONS: [&str; 10] = [
        "collect",
        "count",
        "step",
        "isrunning",
        "stop",
        "restart",
        "incremental",
        "generational",
        "setpause",
        "setstepmul",
    ];
    let Some(opt) = OPTIONS
        .iter()
        .find(|o| o.as_bytes() == opt_bytes.as_slice())
        .map(|o| o.to_string())
    else {
        let mut msg = b"invalid option '".to_vec();
        msg.extend_from_slice(&opt_bytes);
        msg.push(b'\'');
        return Err(vm.arg_error_bytes(1, &msg));
    };
    // The numeric arguments lbaselib reads (`luaL_optinteger`, 0 when absent) are checked
    // for every option that has them: `collectgarbage("step", 1.5)` fails as in lua5.4.
    let last_numeric_arg = match opt.as_str() {
        "step" | "setpause" | "setstepmul" => 2,
        "incremental" => 4,
        "generational" => 3,
        _ => 1,
    };
    let mut numbers = [0i64; 3];
    for n in 2..=last_numeric_arg {
        numbers[n - 2] = vm.opt_integer(args, n, 0)?;
    }
    if vm.heap.running_finalizers {
        // lua_gc refuses to work inside a finalizer: every option returns fail.
        vm.push(Value::Nil)?;
        return Ok(1);
    }
    let result = match opt.as_str() {
        "collect" => {
            vm.full_gc();
            Value::Integer(0)
        }
        "count" => {
            let bytes = vm.heap.allocated();
            Value::Float(bytes as f64 / 1024.0)
        }
        "step" => {
            vm.full_gc();
            Value::Boolean(true)
        }
        "isrunning" => Value::Boolean(vm.heap.running),
        "stop" => {
            vm.heap.running = false;
            Value::Integer(0)
        }
        "restart" => {
            vm.heap.running = true;
            Value::Integer(0)
        }
        "incremental" | "generational" => {
            let prev = if vm.heap.generational {
                "generational"
            } else {
                "incremental"
            };
            vm.heap.generational = opt == "generational";
            if opt == "incremental" {
                // `collectgarbage("incremental", pause, stepmul, stepsize)`: 0 keeps a value.
                // (The step size and generational mode's multipliers size nothing here and
                // cannot be read back, so they are not kept.)
                let [pause, stepmul, _] = numbers;
                if pause != 0 {
                    vm.heap.pause = GcParam::from_value(pause);
                }
                if stepmul != 0 {
                    vm.heap.stepmul = GcParam::from_value(stepmul);
                }
            }
            Value::String(vm.new_string(prev.as_bytes())?)
        }
        "setpause" | "setstepmul" => {
            let param = if opt == "setpause" {
                &mut vm.heap.pause
            } else {
                &mut vm.heap.stepmul
            };
            let previous = param.value();
            *param = GcParam::from_value(numbers[0]);
            Value::Integer(previous)
        }
        _ => {
            let msg = format!("invalid option '{opt}'");
            return Err(vm.arg_error(1, &msg));
        }
    };
    vm.push(result)?;
    Ok(1)
}

fn warn(vm: &mut Vm, args: ArgRange) -> R {
    if args.count == 0 {
        return Err(vm.arg_type_error(args, 1, "string"));
    }
    let mut parts = Vec::new();
    for n in 1..=args.count {
        parts.push(vm.check_string(args, n)?);
    }
    let last = parts.len() - 1;
    // lua_warning takes C strings: each piece ends at its first zero byte (so "@on\0x" is
    // still the control message "@on").
    for (i, p) in parts.iter().enumerate() {
        vm.warning(c_str(p.as_bytes()), i < last);
    }
    Ok(0)
}

#[allow(dead_code)]
fn _unused(_: NativeFunction, _: NativeKind, _: LuaType, _: Tm) {}
