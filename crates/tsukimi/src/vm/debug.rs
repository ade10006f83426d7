//! Debug information: naming culprits and functions by symbolic execution over the bytecode
//! (`ldebug.c`'s `getobjname`, `findsetreg`, `funcnamefromcode`), source positions for error
//! messages (`luaG_addinfo`, `luaL_where`) and tracebacks in `luaL_traceback`'s exact format.
//!
//! Frame levels follow `lua_getstack`: level 0 is the innermost frame (`frames.last()`).
//! A Lua frame's current instruction is `pc - 1` (its saved `pc` is the next instruction);
//! the dispatch loop saves `pc` before anything that can raise an error or call out.

use tsukimi_bytecode::{Instruction, OpCode};

use crate::object::function::{FnProto, UpVal};
use crate::value::{Gc, Value};
use crate::vm::meta::{Origin, Tm};
use crate::vm::{status, CallInfo, LuaError, Vm};

/// "global", "local", "method", "field", "upvalue", "constant", "metamethod", "for iterator".
pub type NameKind = &'static str;

/// A name as `ldebug.c` hands it on: the bytes of a Lua string up to its first zero byte
/// (it passes a C string, which every message quotes with `'%s'`). Field and constant names
/// are Lua strings, so they are kept as bytes, not made UTF-8.
pub type SymbolName = Vec<u8>;

fn symbol(bytes: &[u8]) -> SymbolName {
    bytes.split(|&b| b == 0).next().unwrap_or(bytes).to_vec()
}

/// `upvalname`: the upvalue's name, or "?" when the prototype carries none (stripped by
/// `string.dump(f, true)`, which leaves the names empty; a source name is never empty).
fn upvalue_name(p: &FnProto, idx: u32) -> SymbolName {
    match p.upvalues.get(idx as usize) {
        Some(u) if !u.name.is_empty() => symbol(u.name.as_bytes()),
        _ => b"?".to_vec(),
    }
}

fn constant_name(p: &FnProto, k: u32) -> SymbolName {
    match p.constants.get(k as usize) {
        Some(Value::String(s)) => symbol(s.as_bytes()),
        _ => b"?".to_vec(),
    }
}

fn filter_pc(pc: usize, jmptarget: usize) -> Option<usize> {
    if pc < jmptarget {
        None
    } else {
        Some(pc)
    }
}

/// The last instruction before `lastpc` that changed register `reg` (`findsetreg`).
fn find_set_reg(p: &FnProto, mut lastpc: usize, reg: u32) -> Option<usize> {
    if let Some(op) = p.code.get(lastpc).and_then(|i| i.checked_opcode()) {
        if op.props().mm {
            lastpc = lastpc.saturating_sub(1);
        }
    }
    let mut setreg = None;
    let mut jmptarget = 0usize;
    for pc in 0..lastpc.min(p.code.len()) {
        let i = p.code[pc];
        let Some(op) = i.checked_opcode() else {
            continue;
        };
        let a = i.a();
        let change = match op {
            OpCode::LoadNil => a <= reg && reg <= a + i.b(),
            OpCode::TForCall => reg >= a + 2,
            OpCode::Call | OpCode::TailCall => reg >= a,
            OpCode::Jmp => {
                let dest = pc as i64 + 1 + i.sj_arg() as i64;
                if dest <= lastpc as i64 && dest > jmptarget as i64 {
                    jmptarget = dest as usize;
                }
                false
            }
            _ => op.props().sets_a && reg == a,
        };
        if change {
            setreg = filter_pc(pc, jmptarget);
        }
    }
    setreg
}

fn is_env(p: &FnProto, pc: usize, i: Instruction, is_upvalue: bool) -> NameKind {
    let t = i.b();
    let name = if is_upvalue {
        Some(upvalue_name(p, t))
    } else {
        get_obj_name(p, pc, t).map(|(_, n)| n)
    };
    if name.as_deref() == Some(b"_ENV".as_slice()) {
        "global"
    } else {
        "field"
    }
}

fn register_name(p: &FnProto, pc: usize, reg: u32) -> SymbolName {
    match get_obj_name(p, pc, reg) {
        Some(("constant", n)) => n,
        _ => b"?".to_vec(),
    }
}

/// `getobjname`: what register `reg` holds at `lastpc`, as (kind, name).
pub fn get_obj_name(p: &FnProto, lastpc: usize, reg: u32) -> Option<(NameKind, SymbolName)> {
    if let Some(name) = p.local_name(reg as usize + 1, lastpc) {
        return Some(("local", symbol(name.as_bytes())));
    }
    let pc = find_set_reg(p, lastpc, reg)?;
    let i = p.code[pc];
    match i.checked_opcode()? {
        OpCode::Move => {
            let b = i.b();
            if b < i.a() {
                return get_obj_name(p, pc, b);
            }
            None
        }
        OpCode::GetTabUp => Some((is_env(p, pc, i, true), constant_name(p, i.c()))),
        OpCode::GetTable => Some((is_env(p, pc, i, false), register_name(p, pc, i.c()))),
        OpCode::GetI => Some(("field", "integer index".into())),
        OpCode::GetField => Some((is_env(p, pc, i, false), constant_name(p, i.c()))),
        OpCode::GetUpval => Some(("upvalue", upvalue_name(p, i.b()))),
        OpCode::LoadK | OpCode::LoadKX => {
            let k = if i.opcode() == OpCode::LoadK {
                i.bx()
            } else {
                p.code.get(pc + 1)?.ax_arg()
            };
            match p.constants.get(k as usize) {
                Some(Value::String(s)) => Some(("constant", symbol(s.as_bytes()))),
                _ => None,
            }
        }
        OpCode::SelfOp => {
            let name = if i.k() {
                constant_name(p, i.c())
            } else {
                register_name(p, pc, i.c())
            };
            Some(("method", name))
        }
        _ => None,
    }
}

/// `funcnamefromcode`: the name of the function called by the instruction at `pc`.
pub fn func_name_from_code(p: &FnProto, pc: usize) -> Option<(NameKind, SymbolName)> {
    let i = *p.code.get(pc)?;
    let tm = match i.checked_opcode()? {
        OpCode::Call | OpCode::TailCall => return get_obj_name(p, pc, i.a()),
        OpCode::TForCall => return Some(("for iterator", "for iterator".into())),
        OpCode::SelfOp | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => {
            Tm::Index
        }
        OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => Tm::NewIndex,
        OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => Tm::from_u32(i.c())?,
        OpCode::Unm => Tm::Unm,
        OpCode::BNot => Tm::BNot,
        OpCode::Len => Tm::Len,
        OpCode::Concat => Tm::Concat,
        OpCode::Eq => Tm::Eq,
        OpCode::Lt | OpCode::LtI | OpCode::GtI => Tm::Lt,
        OpCode::Le | OpCode::LeI | OpCode::GeI => Tm::Le,
        OpCode::Close | OpCode::Return => Tm::Close,
        _ => return None,
    };
    Some(("metamethod", tm.name()[2..].into()))
}

impl CallInfo {
    /// The instruction being executed (Lua frames).
    pub fn current_pc(&self) -> usize {
        self.pc.saturating_sub(1)
    }
}

impl Vm {
    /// The innermost frame's proto and current pc, if it is a Lua frame.
    fn current_lua(&self) -> Option<(crate::value::Gc<FnProto>, usize)> {
        let ci = self.th.frames.last()?;
        let cl = ci.closure?;
        Some((cl.proto, ci.current_pc()))
    }

    /// `varinfo`: " (kind 'name')" for an operand of the current Lua instruction, or "".
    pub(crate) fn varinfo(&self, origin: Origin) -> Vec<u8> {
        let Some((p, pc)) = self.current_lua() else {
            return Vec::new();
        };
        let found = match origin {
            Origin::Upvalue(u) => Some(("upvalue", upvalue_name(&p, u))),
            Origin::Register(r) => get_obj_name(&p, pc, r),
            Origin::None => None,
        };
        found.map_or_else(Vec::new, |(kind, name)| quoted_name(kind, &name))
    }

    /// "src:line:" of the frame at `level` if it is a Lua frame, else "" (`luaL_where`).
    /// Bytes: the source name is a Lua string (`load`'s chunk name), not necessarily UTF-8.
    pub fn where_prefix(&self, level: usize) -> Vec<u8> {
        let n = self.th.frames.len();
        if level >= n {
            return Vec::new();
        }
        let ci = &self.th.frames[n - 1 - level];
        match ci.closure {
            Some(cl) => {
                let line = cl.proto.line_at(ci.current_pc());
                if line > 0 {
                    position(&cl.proto.short_source, Some(line), ": ")
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        }
    }

    /// "src:line:" of the innermost frame if it is a Lua frame, else "" (`luaG_addinfo` as
    /// `luaG_runerror` calls it). Unlike [`Vm::where_prefix`] the line is always written, so a
    /// function stripped of its line info gives `?:-1:` as in lua5.4.
    fn runtime_error_prefix(&self) -> Vec<u8> {
        match self.th.frames.last() {
            Some(ci) => match ci.closure {
                Some(cl) => position(
                    &cl.proto.short_source,
                    Some(cl.proto.line_at(ci.current_pc())),
                    ": ",
                ),
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    /// A runtime error raised by the VM (`luaG_runerror`): message prefixed with the current
    /// Lua position, if the innermost frame is a Lua frame.
    #[cold]
    pub fn runtime_error(&mut self, msg: &str) -> LuaError {
        self.runtime_error_bytes(msg.as_bytes())
    }

    /// [`Vm::runtime_error`] for a message of arbitrary bytes (names quoted in it come from
    /// Lua strings).
    #[cold]
    pub fn runtime_error_bytes(&mut self, msg: &[u8]) -> LuaError {
        let mut text = self.runtime_error_prefix();
        text.extend_from_slice(msg);
        self.error_value_from_bytes(&text)
    }

    /// An error message without any position.
    #[cold]
    pub fn runtime_error_plain(&mut self, msg: &str) -> LuaError {
        self.error_value_from_bytes(msg.as_bytes())
    }

    /// `luaL_error` from a native function: message prefixed with the caller's position.
    #[cold]
    pub fn native_error(&mut self, msg: &str) -> LuaError {
        self.native_error_bytes(msg.as_bytes())
    }

    /// [`Vm::native_error`] for a message of arbitrary bytes (a file name quoted in it is a
    /// Lua string, not necessarily UTF-8).
    #[cold]
    pub fn native_error_bytes(&mut self, msg: &[u8]) -> LuaError {
        let mut text = self.where_prefix(1);
        text.extend_from_slice(msg);
        self.error_value_from_bytes(&text)
    }

    /// `luaL_argerror` for a message of arbitrary bytes ([`Vm::arg_error`] takes text): an
    /// option name quoted in it is a Lua string, not necessarily UTF-8.
    #[cold]
    pub fn arg_error_bytes(&mut self, mut n: usize, msg: &[u8]) -> LuaError {
        let (kind, name) = self.current_function_name();
        let mut text = Vec::with_capacity(msg.len() + name.len() + 32);
        if kind == Some("method") {
            n -= 1;
            if n == 0 {
                text.extend_from_slice(b"calling '");
                text.extend_from_slice(&name);
                text.extend_from_slice(b"' on bad self (");
                text.extend_from_slice(msg);
                text.push(b')');
                return self.native_error_bytes(&text);
            }
        }
        text.extend_from_slice(format!("bad argument #{n} to '").as_bytes());
        text.extend_from_slice(&name);
        text.extend_from_slice(b"' (");
        text.extend_from_slice(msg);
        text.push(b')');
        self.native_error_bytes(&text)
    }

    /// The "not enough memory" error (its string is preallocated).
    #[cold]
    pub fn memory_error(&mut self) -> LuaError {
        LuaError {
            value: Value::String(self.memory_error_message),
        }
    }

    /// Whether `v` is the "not enough memory" error value (`memory_error`'s).
    pub(crate) fn is_memory_error(&self, v: Value) -> bool {
        matches!(v, Value::String(s) if s.ptr_eq(self.memory_error_message))
    }

    fn error_value_from_bytes(&mut self, bytes: &[u8]) -> LuaError {
        match self.heap.alloc_string(bytes) {
            Ok(s) => LuaError {
                value: Value::String(s),
            },
            Err(_) => self.memory_error(),
        }
    }

    /// `getfuncname` for the frame at index `idx` of `frames`: the name its caller used.
    pub(crate) fn frame_name(&self, idx: usize) -> Option<(NameKind, SymbolName)> {
        let ci = self.th.frames.get(idx)?;
        if ci.status & status::TAIL != 0 {
            return None;
        }
        let caller = self.th.frames.get(idx.checked_sub(1)?)?;
        if caller.status & status::HOOKED != 0 {
            return Some(("hook", "?".into()));
        }
        if caller.status & status::FIN != 0 {
            // The caller was running a finalizer (`call_finalizer` marks it).
            return Some(("metamethod", "__gc".into()));
        }
        let cl = caller.closure?;
        func_name_from_code(&cl.proto, caller.current_pc())
    }

    /// `pushglobalfuncname`: "mod.field" for a function found in `package.loaded`
    /// ("_G." stripped), up to its first zero byte, as it is quoted.
    pub(crate) fn global_function_name(&self, f: Value) -> Option<SymbolName> {
        let mut key = Value::Nil;
        while let Ok(Some((k, module))) = self.loaded.next(key) {
            key = k;
            let (Value::String(modname), Value::Table(m)) = (k, module) else {
                continue;
            };
            let mut fk = Value::Nil;
            while let Ok(Some((name, v))) = m.next(fk) {
                fk = name;
                if let Value::String(name) = name {
                    if v.raw_eq(f) {
                        let mut full = Vec::new();
                        if modname.as_bytes() != b"_G" {
                            full.extend_from_slice(modname.as_bytes());
                            full.push(b'.');
                        }
                        full.extend_from_slice(name.as_bytes());
                        return Some(symbol(&full));
                    }
                }
            }
        }
        None
    }

    /// Name used by `luaL_argerror` for the innermost (native) frame.
    pub(crate) fn current_function_name(&self) -> (Option<NameKind>, SymbolName) {
        let n = self.th.frames.len();
        if n == 0 {
            return (None, b"?".to_vec());
        }
        if let Some((kind, name)) = self.frame_name(n - 1) {
            return (Some(kind), name);
        }
        let f = self
            .th
            .stack
            .get(self.th.frames[n - 1].func)
            .copied()
            .unwrap_or_default();
        (
            None,
            self.global_function_name(f)
                .unwrap_or_else(|| b"?".to_vec()),
        )
    }

    /// One traceback line for the frame at index `idx` (without the leading "\n\t").
    fn traceback_entry(&self, idx: usize) -> Vec<u8> {
        let ci = &self.th.frames[idx];
        let f = self.th.stack.get(ci.func).copied().unwrap_or_default();
        let mut s = match ci.closure {
            Some(cl) => {
                let line = cl.proto.line_at(ci.current_pc());
                let line = (line > 0).then_some(line);
                position(&cl.proto.short_source, line, ": in ")
            }
            None => b"[C]: in ".to_vec(),
        };
        if let Some(g) = self.global_function_name(f) {
            s.extend_from_slice(b"function '");
            s.extend_from_slice(&g);
            s.push(b'\'');
        } else if let Some((kind, name)) = self.frame_name(idx) {
            s.extend_from_slice(kind.as_bytes());
            s.extend_from_slice(b" '");
            s.extend_from_slice(&name);
            s.push(b'\'');
        } else if let Some(cl) = ci.closure {
            if cl.proto.line_defined == 0 {
                s.extend_from_slice(b"main chunk");
            } else {
                s.extend_from_slice(b"function <");
                s.extend_from_slice(&position(
                    &cl.proto.short_source,
                    Some(cl.proto.line_defined as i64),
                    ">",
                ));
            }
        } else {
            s.push(b'?');
        }
        if ci.status & status::TAIL != 0 {
            s.extend_from_slice(b"\n\t(...tail calls...)");
        }
        s
    }

    /// `luaL_traceback` from frame level `level` down, plus one final `[C]: in ?` entry for the
    /// host that called into Lua when `host_entry` is set (as `lua.c`'s C entry function).
    pub fn traceback(&self, level: usize, host_entry: bool) -> Vec<u8> {
        const LEVELS1: i64 = 10;
        const LEVELS2: i64 = 11;
        let nframes = self.th.frames.len() as i64;
        // Levels: 0..nframes are frames from innermost; `nframes` is the host entry.
        let total = nframes + host_entry as i64;
        let last = total - 1;
        let mut out = b"stack traceback:".to_vec();
        let mut level = level as i64;
        let mut limit2show = if last - level > LEVELS1 + LEVELS2 {
            LEVELS1
        } else {
            -1
        };
        while level <= last {
            let cur = level;
            level += 1;
            if limit2show == 0 {
                let n = last - level - LEVELS2 + 1;
                out.extend_from_slice(format!("\n\t...\t(skipping {n} levels)").as_bytes());
                level += n;
                limit2show -= 1;
                continue;
            }
            limit2show -= 1;
            if cur >= nframes {
                out.extend_from_slice(b"\n\t[C]: in ?");
            } else {
                let idx = (nframes - 1 - cur) as usize;
                out.extend_from_slice(b"\n\t");
                out.extend_from_slice(&self.traceback_entry(idx));
            }
        }
        out
    }
}

/// What a stack level (`lua_getstack` numbering) designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackLevel {
    /// A frame, by index into the frame list (0 is the outermost).
    Frame(usize),
    /// The host function below the outermost frame when the state runs a script the way
    /// `lua.c` does (its `pmain` C function): a native level with no frame of its own.
    Host,
}

impl StackLevel {
    /// The frame index, unless this is the host level.
    pub fn frame(self) -> Option<usize> {
        match self {
            StackLevel::Frame(idx) => Some(idx),
            StackLevel::Host => None,
        }
    }
}

impl Vm {
    /// `lua_getstack`: level 0 is the running function; `None` when out of range.
    pub fn stack_level(&self, level: i64) -> Option<StackLevel> {
        let n = self.th.frames.len() as i64;
        if level < 0 {
            None
        } else if level < n {
            Some(StackLevel::Frame((n - 1 - level) as usize))
        } else if level == n && self.th.host_entry {
            Some(StackLevel::Host)
        } else {
            None
        }
    }

    /// The function running at a level (nil for the host level, which has no function value
    /// in the VM: `debug.getinfo` reports a stand-in, see `stdlib::debug::info`).
    pub fn stack_level_function(&self, level: StackLevel) -> Value {
        match level {
            StackLevel::Frame(idx) => self
                .th
                .frames
                .get(idx)
                .and_then(|ci| self.th.stack.get(ci.func))
                .copied()
                .unwrap_or_default(),
            StackLevel::Host => Value::Nil,
        }
    }

    /// The current line of a level (-1 for native levels).
    pub fn stack_level_line(&self, level: StackLevel) -> i64 {
        let Some(ci) = level.frame().and_then(|i| self.th.frames.get(i)) else {
            return -1;
        };
        match ci.closure {
            Some(cl) => cl.proto.line_at(ci.current_pc()),
            None => -1,
        }
    }

    /// Whether the frame was entered by a tail call.
    pub fn frame_is_tail_call(&self, idx: usize) -> bool {
        self.th
            .frames
            .get(idx)
            .is_some_and(|ci| ci.status & status::TAIL != 0)
    }

    /// `(ftransfer, ntransfer)` of the frame: the values a call or return hook running for
    /// it transfers, `(0, 0)` otherwise.
    pub fn frame_transfer(&self, idx: usize) -> (usize, usize) {
        match self.th.hook.transfer {
            Some(t) if t.frame == idx => (t.first, t.count),
            _ => (0, 0),
        }
    }

    /// `luaG_findlocal`: the name and stack slot of local `n` of frame `idx` — a named
    /// local active at the current pc, else `(temporary)`/`(C temporary)` for any slot
    /// below the next frame (or the top), or for negative `n` an extra argument of a vararg
    /// Lua function, `(vararg)`.
    pub fn find_local(&self, idx: usize, n: i64) -> Option<(String, usize)> {
        let ci = self.th.frames.get(idx)?;
        if let Some(cl) = ci.closure {
            if n < 0 {
                if !cl.proto.is_vararg {
                    return None;
                }
                let back = n.unsigned_abs() as usize;
                if back > ci.extra_args {
                    return None;
                }
                return Some(("(vararg)".into(), ci.func - ci.extra_args + back - 1));
            }
            if n > 0 {
                if let Some(name) = cl.proto.local_name(n as usize, ci.current_pc()) {
                    return Some((name.to_string(), ci.base + n as usize - 1));
                }
            }
        }
        let limit = match self.th.frames.get(idx + 1) {
            Some(next) => next.func,
            None => self.th.top,
        };
        if n > 0 && (limit.saturating_sub(ci.base) as i64) >= n {
            let name = if ci.closure.is_some() {
                "(temporary)"
            } else {
                "(C temporary)"
            };
            return Some((name.into(), ci.base + n as usize - 1));
        }
        None
    }

    /// Stores into an absolute stack slot (ignored when out of range).
    pub fn set_stack_value(&mut self, idx: usize, v: Value) {
        if let Some(slot) = self.th.stack.get_mut(idx) {
            *slot = v;
        }
    }

    /// Stores into an upvalue cell wherever it lives (the counterpart of `upvalue_value`).
    pub fn set_upvalue_value(&mut self, uv: Gc<UpVal>, v: Value) {
        uv.set(v);
        crate::gc::write_barrier(uv, v);
    }

    /// `luaL_traceback` of the running thread from a level given by Lua code (negative
    /// levels give an empty traceback), ending with the host level like lua.c's.
    pub fn traceback_from_level(&self, level: i64) -> Vec<u8> {
        match usize::try_from(level) {
            Ok(level) => self.traceback(level, self.th.host_entry),
            Err(_) => b"stack traceback:".to_vec(),
        }
    }

    /// Marks whether the outermost frame is being run by a host the way `lua.c` runs a
    /// script (adds the host level to `debug.getinfo` and `debug.traceback`).
    pub fn set_host_entry(&mut self, on: bool) {
        self.th.host_entry = on;
    }
}

/// `<source>:<line><tail>` (or `<source><tail>` without a line), as messages and tracebacks
/// name a position: bytes, since a source name is a Lua string.
fn position(short_source: &[u8], line: Option<i64>, tail: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(short_source.len() + 24);
    out.extend_from_slice(short_source);
    if let Some(line) = line {
        out.extend_from_slice(format!(":{line}").as_bytes());
    }
    out.extend_from_slice(tail.as_bytes());
    out
}

/// A message made of text and bytes of Lua strings, in order.
pub(crate) fn join(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// " (kind 'name')", as `varinfo` and `funcnamefromcall` add it to a message.
pub(crate) fn quoted_name(kind: NameKind, name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + kind.len() + 5);
    out.extend_from_slice(b" (");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b" '");
    out.extend_from_slice(name);
    out.extend_from_slice(b"')");
    out
}
