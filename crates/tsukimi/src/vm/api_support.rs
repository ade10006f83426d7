//! Helpers for native (Rust) functions: reading arguments with `luaL_check*` semantics and
//! messages, pushing results, creating objects, raising errors.
//!
//! Calling convention (see `NativeFn`): arguments are `args.base .. args.base + args.count`
//! on the stack; push results with [`Vm::push`] and return their count.

use crate::object::function::{NativeFn, NativeFunction, NativeKind};
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::debug::join;
use crate::vm::number;
use crate::vm::{ArgRange, LuaError, Vm, FRAME_SLACK};

impl Vm {
    /// Argument `n` (1-based), nil when absent.
    #[inline]
    pub fn arg(&self, args: ArgRange, n: usize) -> Value {
        if n >= 1 && n <= args.count {
            // Arguments were usually just written by the interpreter, as two words.
            crate::vm::call::read_two_words(&self.th.stack, args.base + n - 1)
        } else {
            Value::Nil
        }
    }

    /// Pushes a value on the stack (a native function's result).
    #[inline]
    pub fn push(&mut self, v: Value) -> Result<(), LuaError> {
        if self.th.top + FRAME_SLACK >= self.th.stack.len() {
            if self.th.top >= self.th.stack_limit {
                return Err(self.runtime_error_plain("stack overflow"));
            }
            self.ensure_stack(self.th.top + FRAME_SLACK + 1)?;
        }
        self.th.stack[self.th.top] = v;
        self.th.top += 1;
        Ok(())
    }

    /// Current stack top (slots in use).
    pub fn top(&self) -> usize {
        self.th.top
    }

    /// Sets the stack top (values above become dead). Only lowers or raises within the
    /// current native frame's own pushes.
    pub fn set_top(&mut self, top: usize) -> Result<(), LuaError> {
        self.ensure_stack(top + FRAME_SLACK)?;
        if top > self.th.top {
            for slot in &mut self.th.stack[self.th.top..top] {
                *slot = Value::Nil;
            }
        }
        self.th.top = top;
        Ok(())
    }

    /// The value at absolute stack slot `idx`.
    pub fn stack_value(&self, idx: usize) -> Value {
        self.th.stack.get(idx).copied().unwrap_or(Value::Nil)
    }

    /// Creates (or finds the interned) string.
    pub fn new_string(&mut self, bytes: &[u8]) -> Result<Gc<LuaString>, LuaError> {
        match self.heap.alloc_string(bytes) {
            Ok(s) => Ok(s),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// Creates a table with size hints.
    pub fn new_table(&mut self, array: usize, hash: usize) -> Result<Gc<Table>, LuaError> {
        match self.heap.alloc_table(array, hash) {
            Ok(t) => Ok(t),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// Creates a native function value.
    pub fn new_native(&mut self, f: NativeFn, name: &'static str) -> Result<Value, LuaError> {
        self.new_native_with_upvalues(f, name, Vec::new())
    }

    /// Creates a native function value with upvalues.
    pub fn new_native_with_upvalues(
        &mut self,
        f: NativeFn,
        name: &'static str,
        upvalues: Vec<Value>,
    ) -> Result<Value, LuaError> {
        match self
            .heap
            .alloc_native(NativeFunction::new(NativeKind::Plain(f), name, upvalues))
        {
            Ok(f) => Ok(Value::NativeFunction(f)),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// The native function currently running (for reading its upvalues).
    pub fn current_native(&self) -> Option<Gc<NativeFunction>> {
        let ci = self.th.frames.last()?;
        match self.th.stack.get(ci.func) {
            Some(Value::NativeFunction(f)) => Some(*f),
            _ => None,
        }
    }

    /// `t[name] = v` raw, with a string key.
    pub fn set_field(&mut self, t: Gc<Table>, name: &str, v: Value) -> Result<(), LuaError> {
        let k = self.new_string(name.as_bytes())?;
        self.raw_set(t, Value::String(k), v)
    }

    /// `t[name]` raw, with a string key.
    pub fn get_field(&mut self, t: Gc<Table>, name: &str) -> Result<Value, LuaError> {
        let k = self.new_string(name.as_bytes())?;
        Ok(t.get(Value::String(k)))
    }

    /// Registers a native function in a table.
    pub fn register(
        &mut self,
        t: Gc<Table>,
        name: &'static str,
        f: NativeFn,
    ) -> Result<(), LuaError> {
        let fv = self.new_native(f, name)?;
        self.set_field(t, name, fv)
    }

    /// `luaL_argerror`: "bad argument #n to 'f' (msg)".
    #[cold]
    pub fn arg_error(&mut self, n: usize, msg: &str) -> LuaError {
        self.arg_error_bytes(n, msg.as_bytes())
    }

    /// `luaL_typeerror`: "bad argument #n to 'f' (X expected, got Y)".
    #[cold]
    pub fn arg_type_error(&mut self, args: ArgRange, n: usize, expected: &str) -> LuaError {
        let got = if n > args.count {
            b"no value".to_vec()
        } else {
            let v = self.arg(args, n);
            self.type_name_of(v)
        };
        self.arg_error_bytes(n, &join(&[expected.as_bytes(), b" expected, got ", &got]))
    }

    /// `luaL_checkany`.
    pub fn check_any(&mut self, args: ArgRange, n: usize) -> Result<Value, LuaError> {
        if n > args.count {
            return Err(self.arg_error(n, "value expected"));
        }
        Ok(self.arg(args, n))
    }

    /// `luaL_checkinteger`. An integer argument is taken inline; conversions and errors are
    /// out of line (the library's argument checks are on every call's path).
    #[inline]
    pub fn check_integer(&mut self, args: ArgRange, n: usize) -> Result<i64, LuaError> {
        match self.arg(args, n) {
            Value::Integer(i) => Ok(i),
            _ => self.check_integer_converted(args, n),
        }
    }

    /// `check_integer` for an argument that is not an integer.
    #[inline(never)]
    fn check_integer_converted(&mut self, args: ArgRange, n: usize) -> Result<i64, LuaError> {
        let v = self.arg(args, n);
        match self.to_integer(v) {
            Some(i) => Ok(i),
            None => {
                if self.to_number(v).is_some() {
                    Err(self.arg_error(n, "number has no integer representation"))
                } else {
                    Err(self.arg_type_error(args, n, "number"))
                }
            }
        }
    }

    /// `luaL_optinteger`.
    pub fn opt_integer(&mut self, args: ArgRange, n: usize, default: i64) -> Result<i64, LuaError> {
        if self.arg(args, n).is_nil() {
            Ok(default)
        } else {
            self.check_integer(args, n)
        }
    }

    /// `luaL_checknumber` (numeric strings converted). A number argument is taken inline.
    #[inline]
    pub fn check_number(&mut self, args: ArgRange, n: usize) -> Result<Value, LuaError> {
        match self.arg(args, n) {
            v @ (Value::Integer(_) | Value::Float(_)) => Ok(v),
            _ => self.check_number_converted(args, n),
        }
    }

    /// `check_number` for an argument that is not a number.
    #[inline(never)]
    fn check_number_converted(&mut self, args: ArgRange, n: usize) -> Result<Value, LuaError> {
        let v = self.arg(args, n);
        match self.to_number(v) {
            Some(x) => Ok(x),
            None => Err(self.arg_type_error(args, n, "number")),
        }
    }

    /// `luaL_checklstring` (numbers converted to strings). A string argument is taken
    /// inline.
    #[inline]
    pub fn check_string(&mut self, args: ArgRange, n: usize) -> Result<Gc<LuaString>, LuaError> {
        match self.arg(args, n) {
            Value::String(s) => Ok(s),
            _ => self.check_string_converted(args, n),
        }
    }

    /// `check_string` for an argument that is not a string.
    #[inline(never)]
    fn check_string_converted(
        &mut self,
        args: ArgRange,
        n: usize,
    ) -> Result<Gc<LuaString>, LuaError> {
        let v = self.arg(args, n);
        match self.to_string_coerce(v)? {
            Some(s) => Ok(s),
            None => Err(self.arg_type_error(args, n, "string")),
        }
    }

    /// `luaL_checktype(L, n, LUA_TTABLE)`.
    pub fn check_table(&mut self, args: ArgRange, n: usize) -> Result<Gc<Table>, LuaError> {
        match self.arg(args, n) {
            Value::Table(t) => Ok(t),
            _ => Err(self.arg_type_error(args, n, "table")),
        }
    }

    /// `lua_tolstring`: strings as they are, numbers formatted, others `None`.
    pub fn to_string_coerce(&mut self, v: Value) -> Result<Option<Gc<LuaString>>, LuaError> {
        Ok(match v {
            Value::String(s) => Some(s),
            Value::Integer(i) => Some(self.new_string(i.to_string().as_bytes())?),
            Value::Float(f) => Some(self.new_string(number::format_float(f).as_bytes())?),
            _ => None,
        })
    }

    /// Writes a warning (`lua_warning`): `tocont` marks a message continued by the next call.
    pub fn warning(&mut self, msg: &[u8], tocont: bool) {
        let w = &mut self.warn;
        if !w.continuing && !tocont && msg.first() == Some(&b'@') {
            match msg {
                b"@on" => w.on = true,
                b"@off" => w.on = false,
                _ => {}
            }
            return;
        }
        if w.on {
            let mut err = std::io::stderr();
            use std::io::Write;
            if !w.continuing {
                let _ = err.write_all(b"Lua warning: ");
            }
            let _ = err.write_all(msg);
            if !tocont {
                let _ = err.write_all(b"\n");
            }
        }
        w.continuing = tocont;
    }
}
