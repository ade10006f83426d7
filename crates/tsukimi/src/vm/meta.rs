//! Metamethods and the slow paths of the operators: lookup (`luaT_gettm` with the absent-field
//! cache), indexing chains (`luaV_finishget`/`luaV_finishset`), arithmetic and bitwise
//! fallbacks (`luaT_trybinTM`), comparisons, equality, concatenation, length and `tostring`.
//!
//! Every function here is out of line and may call Lua (through `call`), so callers in the
//! dispatch loop save their pc first and reload stack pointers afterwards. `Origin` tells the
//! error paths where the first operand came from, so messages can name the culprit exactly as
//! `ldebug.c`'s `varinfo` does.

use crate::object::table::{SetError, Table};
use crate::value::{copy_by_words, Gc, Value};
use crate::vm::debug::join;
use crate::vm::number::{self, Number};
use crate::vm::{LuaError, Vm};
use tsukimi_bytecode::events::{EVENT_COUNT, EVENT_NAMES};

/// Metamethod events, numbered exactly as `ltm.h` (MMBIN's C operand is this number): one
/// variant per entry of `tsukimi_bytecode::events::EVENT_NAMES`, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Tm {
    Index,
    NewIndex,
    Gc,
    Mode,
    Len,
    Eq,
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
    Lt,
    Le,
    Concat,
    Call,
    Close,
}

impl Tm {
    /// Every event in `ltm.h` order.
    pub const ALL: [Tm; EVENT_COUNT] = [
        Tm::Index,
        Tm::NewIndex,
        Tm::Gc,
        Tm::Mode,
        Tm::Len,
        Tm::Eq,
        Tm::Add,
        Tm::Sub,
        Tm::Mul,
        Tm::Mod,
        Tm::Pow,
        Tm::Div,
        Tm::IDiv,
        Tm::BAnd,
        Tm::BOr,
        Tm::BXor,
        Tm::Shl,
        Tm::Shr,
        Tm::Unm,
        Tm::BNot,
        Tm::Lt,
        Tm::Le,
        Tm::Concat,
        Tm::Call,
        Tm::Close,
    ];

    /// The event from its number.
    pub fn from_u32(n: u32) -> Option<Tm> {
        Tm::ALL.get(n as usize).copied()
    }

    /// The metamethod name (`"__index"`), from the bytecode's one list of events.
    #[inline]
    pub fn name(self) -> &'static str {
        EVENT_NAMES[self as usize]
    }

    fn is_bitwise(self) -> bool {
        matches!(
            self,
            Tm::BAnd | Tm::BOr | Tm::BXor | Tm::Shl | Tm::Shr | Tm::BNot
        )
    }
}

/// Where an operand came from, for culprit names in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Register of the current Lua frame.
    Register(u32),
    /// Upvalue of the current Lua closure.
    Upvalue(u32),
    /// Unknown or not nameable (constants, intermediate results, native callers).
    None,
}

/// Maximum `__index`/`__newindex` chain length (`MAXTAGLOOP`).
pub(crate) const MAX_TAG_LOOP: usize = 2000;

impl Vm {
    /// The metatable of any value.
    #[inline]
    pub fn metatable_of(&self, v: Value) -> Option<Gc<Table>> {
        // Tables first, outside the match: nearly every metamethod lookup is a table's, and
        // a test and branch is cheaper here than the match's jump table.
        if let Value::Table(t) = v {
            return t.metatable();
        }
        match v {
            Value::Userdata(u) => u.metatable(),
            other => self.type_metatables[other.lua_type() as usize],
        }
    }

    /// `mt[event]` with the absent cache for the fast events (INDEX..EQ).
    #[inline]
    pub(crate) fn fast_tm(&self, mt: Gc<Table>, tm: Tm) -> Value {
        let ev = tm as u32;
        if ev <= Tm::Eq as u32 && mt.is_absent_cached(ev) {
            return Value::Nil;
        }
        let v = mt.get_str(self.tm_names[tm as usize]);
        if v.is_nil() && ev <= Tm::Eq as u32 {
            mt.cache_absent(ev);
        }
        v
    }

    /// The metamethod `tm` of `v` (nil when absent).
    #[inline]
    pub fn metamethod(&self, v: Value, tm: Tm) -> Value {
        match self.metatable_of(v) {
            Some(mt) => self.fast_tm(mt, tm),
            None => Value::Nil,
        }
    }

    /// `luaT_objtypename`: `__name` from the metatable when it is a string, else the type,
    /// as the bytes lua5.4 prints: `__name` is read as a C string (`%s`), so it ends at its
    /// first zero byte.
    pub fn type_name_of(&self, v: Value) -> Vec<u8> {
        if matches!(v, Value::Table(_) | Value::Userdata(_)) {
            if let Some(mt) = self.metatable_of(v) {
                let key = self.intern_static(b"__name");
                if let Some(Value::String(s)) = key.map(|k| mt.get_str(k)) {
                    let bytes = s.as_bytes();
                    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                    return bytes[..end].to_vec();
                }
            }
        }
        v.type_name().as_bytes().to_vec()
    }

    /// An already interned string, without allocating (None if it does not exist yet).
    pub(crate) fn intern_static(
        &self,
        bytes: &[u8],
    ) -> Option<Gc<crate::object::string::LuaString>> {
        self.heap
            .interner
            .find(bytes, crate::object::string::hash_bytes(bytes))
    }

    /// "attempt to <op> a <type> value<varinfo>".
    #[cold]
    pub(crate) fn type_error(&mut self, v: Value, op: &str, origin: Origin) -> LuaError {
        let info = self.varinfo(origin);
        let t = self.type_name_of(v);
        self.runtime_error_bytes(&join(&[
            b"attempt to ",
            op.as_bytes(),
            b" a ",
            &t,
            b" value",
            &info,
        ]))
    }

    // ---- indexing ----------------------------------------------------------------------

    /// `v[key]` with metamethods (`luaV_finishget` after a failed fast path).
    pub fn index(&mut self, obj: Value, key: Value, origin: Origin) -> Result<Value, LuaError> {
        self.index_from(obj, key, origin, false)
    }

    /// `index` for a read instruction after its inline lookup: when `obj` is a table with a
    /// string key (`get_str`) or an integer key, that raw lookup already missed and is not
    /// repeated. A string key of a table with a metatable is looked up in the method cache
    /// first (inherited fields and methods), then walked there while the chain is tables.
    #[inline(never)]
    pub(crate) fn index_after_lookup(
        &mut self,
        obj: Value,
        key: Value,
        origin: Origin,
    ) -> Result<Value, LuaError> {
        if let (Value::Table(t), Value::String(s)) = (obj, key) {
            if let Some(mt) = t.metatable() {
                let v = self.method_cache.get(mt, s);
                if !v.is_nil() {
                    return Ok(v);
                }
                if let Some(v) = self.find_method(mt, s) {
                    return Ok(v);
                }
            }
        }
        self.index_after_cache_miss(obj, key, origin)
    }

    /// `index_after_lookup` once the method cache had its say and did not decide (SELF's
    /// slow path, after its own probe of the cache and `find_method`): the general walk.
    #[inline(never)]
    pub(crate) fn index_after_cache_miss(
        &mut self,
        obj: Value,
        key: Value,
        origin: Origin,
    ) -> Result<Value, LuaError> {
        let looked_up =
            matches!(obj, Value::Table(_)) && matches!(key, Value::String(_) | Value::Integer(_));
        self.index_from(obj, key, origin, looked_up)
    }

    /// The `__index` walk from `obj`; `skip_lookup`: the raw lookup in `obj`
    /// (a table) is known to have missed.
    ///
    /// Chains of tables (an object, its class, the class's parent...) are walked carrying
    /// the table pointer only: the next table comes out of the metamethod's payload, so no
    /// `Value` is copied through memory on the way (copying the metamethod into a `Value`
    /// variable the compiler kept in memory was a 16-byte load of two 8-byte stores, a
    /// store-forwarding stall: a third of the samples of a GETFIELD through `__index`). A
    /// function, or a non-table on the way, goes to `index_from_value`. Inlined into its
    /// two callers: one call level less per miss.
    #[inline(always)]
    fn index_from(
        &mut self,
        obj: Value,
        key: Value,
        origin: Origin,
        skip_lookup: bool,
    ) -> Result<Value, LuaError> {
        let Value::Table(mut tab) = obj else {
            return self.index_from_value(obj, key, origin, 0, skip_lookup);
        };
        let mut skip = skip_lookup;
        for lap in 0..MAX_TAG_LOOP {
            if !std::mem::take(&mut skip) {
                let v = raw_lookup(tab, key);
                if !v.is_nil() {
                    // Just written as two words by the lookup: returned as two words.
                    return Ok(copy_by_words(&v));
                }
            }
            let Some(mt) = tab.metatable() else {
                return Ok(Value::Nil);
            };
            match self.fast_tm(mt, Tm::Index) {
                Value::Nil => return Ok(Value::Nil),
                Value::Table(next) => tab = next,
                tm if tm.is_function() => return self.call_meta1(tm, Value::Table(tab), key),
                other => return self.index_from_value(other, key, origin, lap + 1, false),
            }
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// `index_from` for a chain that reaches a value other than a table: its type's
    /// `__index` (strings, userdata) or the "attempt to index" error.
    fn index_from_value(
        &mut self,
        obj: Value,
        key: Value,
        origin: Origin,
        first_lap: usize,
        mut skip_lookup: bool,
    ) -> Result<Value, LuaError> {
        let mut t = obj;
        for lap in first_lap..MAX_TAG_LOOP {
            let tm = if let Value::Table(tab) = t {
                let v = if std::mem::take(&mut skip_lookup) {
                    Value::Nil
                } else {
                    raw_lookup(tab, key)
                };
                if !v.is_nil() {
                    return Ok(v);
                }
                match tab.metatable() {
                    None => return Ok(Value::Nil),
                    Some(mt) => {
                        let tm = self.fast_tm(mt, Tm::Index);
                        if tm.is_nil() {
                            return Ok(Value::Nil);
                        }
                        tm
                    }
                }
            } else {
                let tm = self.metamethod(t, Tm::Index);
                if tm.is_nil() {
                    let o = if lap == 0 { origin } else { Origin::None };
                    return Err(self.type_error(t, "index", o));
                }
                tm
            };
            if tm.is_function() {
                return self.call_meta1(tm, t, key);
            }
            t = tm;
        }
        Err(self.runtime_error("'__index' chain too long; possible loop"))
    }

    /// `v[key] = value` with metamethods (`luaV_finishset`).
    pub fn set_index(
        &mut self,
        obj: Value,
        key: Value,
        value: Value,
        origin: Origin,
    ) -> Result<(), LuaError> {
        self.set_index_from(obj, key, value, origin, false, 0)
    }

    /// `set_index` for the interpreter's store instructions, which have just tried
    /// `replace_existing` on `obj` themselves (when it is a table) and missed: the first lap
    /// skips repeating that lookup; the raw store (`Table::set`) then walks the key's chain
    /// once more (`Table::probe_store` + `store_probed` could avoid it: docs/performance.md).
    pub(crate) fn set_index_missed(
        &mut self,
        obj: Value,
        key: Value,
        value: Value,
        origin: Origin,
    ) -> Result<(), LuaError> {
        // The common case first: a table without a metatable takes the raw store (no
        // `__newindex` to look for), without entering the general chain loop.
        if let Value::Table(tab) = obj {
            if tab.metatable().is_none() {
                // (A nil slot of the array part never gets here: the interpreter's integer
                // stores fill it in their fast path, `Table::store_in_array_with`.)
                return self.raw_set(tab, key, value);
            }
        }
        self.set_index_chain_missed(obj, key, value, origin)
    }

    /// `set_index_missed` when `obj` is not a table or has a metatable.
    #[inline(never)]
    fn set_index_chain_missed(
        &mut self,
        obj: Value,
        key: Value,
        value: Value,
        origin: Origin,
    ) -> Result<(), LuaError> {
        self.set_index_from(obj, key, value, origin, true, 0)
    }

    /// The `__newindex` chain from lap `first_lap` (`obj` is the value reached at that lap).
    /// With `existing_checked`, the caller already tried `replace_existing` on `obj` (lap
    /// `first_lap` only: a `__newindex` table reached later is always checked here).
    #[inline(always)]
    fn set_index_from(
        &mut self,
        obj: Value,
        key: Value,
        value: Value,
        origin: Origin,
        mut existing_checked: bool,
        first_lap: usize,
    ) -> Result<(), LuaError> {
        let mut t = obj;
        for lap in first_lap..MAX_TAG_LOOP {
            let skip_existing = std::mem::replace(&mut existing_checked, false);
            let tm = if let Value::Table(tab) = t {
                if !skip_existing && tab.replace_existing(key, value) {
                    crate::gc::write_barrier(tab, value);
                    return Ok(());
                }
                let tm = match tab.metatable() {
                    None => Value::Nil,
                    Some(mt) => self.fast_tm(mt, Tm::NewIndex),
                };
                if tm.is_nil() {
                    return self.raw_set(tab, key, value);
                }
                tm
            } else {
                let tm = self.metamethod(t, Tm::NewIndex);
                if tm.is_nil() {
                    let o = if lap == 0 { origin } else { Origin::None };
                    return Err(self.type_error(t, "index", o));
                }
                tm
            };
            if tm.is_function() {
                return self.call_meta0(tm, t, key, value);
            }
            t = tm;
        }
        Err(self.runtime_error("'__newindex' chain too long; possible loop"))
    }

    /// `rawset` with Lua's errors for bad keys.
    pub fn raw_set(&mut self, t: Gc<Table>, key: Value, value: Value) -> Result<(), LuaError> {
        match t.set(&mut self.heap, key, value) {
            Ok(()) => {
                crate::gc::write_barrier(t, key);
                crate::gc::write_barrier(t, value);
                Ok(())
            }
            Err(SetError::NilKey) => Err(self.runtime_error("table index is nil")),
            Err(SetError::NanKey) => Err(self.runtime_error("table index is NaN")),
            Err(SetError::Memory) => Err(self.memory_error()),
        }
    }

    // ---- arithmetic --------------------------------------------------------------------

    /// Raw arithmetic on two numbers (no strings, no metamethods); `Ok(None)` if not numbers.
    #[inline]
    pub fn arith_raw(&mut self, op: Tm, a: Value, b: Value) -> Result<Option<Value>, LuaError> {
        use Value::{Float as F, Integer as I};
        let r = match op {
            Tm::Add | Tm::Sub | Tm::Mul | Tm::Mod | Tm::IDiv => match (a, b) {
                (I(x), I(y)) => I(match op {
                    Tm::Add => x.wrapping_add(y),
                    Tm::Sub => x.wrapping_sub(y),
                    Tm::Mul => x.wrapping_mul(y),
                    Tm::Mod => match number::int_mod(x, y) {
                        Some(v) => v,
                        None => return Err(self.runtime_error("attempt to perform 'n%0'")),
                    },
                    _ => match number::int_floor_div(x, y) {
                        Some(v) => v,
                        None => return Err(self.runtime_error("attempt to divide by zero")),
                    },
                }),
                _ => match (a.as_float(), b.as_float()) {
                    (Some(x), Some(y)) => F(match op {
                        Tm::Add => x + y,
                        Tm::Sub => x - y,
                        Tm::Mul => x * y,
                        Tm::Mod => number::float_mod(x, y),
                        _ => number::float_floor_div(x, y),
                    }),
                    _ => return Ok(None),
                },
            },
            Tm::Div | Tm::Pow => match (a.as_float(), b.as_float()) {
                (Some(x), Some(y)) => F(if op == Tm::Div {
                    x / y
                } else {
                    number::float_pow(x, y)
                }),
                _ => return Ok(None),
            },
            Tm::Unm => match a {
                I(x) => I(x.wrapping_neg()),
                F(x) => F(-x),
                _ => return Ok(None),
            },
            Tm::BAnd | Tm::BOr | Tm::BXor | Tm::Shl | Tm::Shr | Tm::BNot => {
                let (Some(x), Some(y)) = (to_integer_strict(a), to_integer_strict(b)) else {
                    return Ok(None);
                };
                I(match op {
                    Tm::BAnd => x & y,
                    Tm::BOr => x | y,
                    Tm::BXor => x ^ y,
                    Tm::Shl => number::shift_left(x, y),
                    Tm::Shr => number::shift_right(x, y),
                    _ => !x,
                })
            }
            _ => return Ok(None),
        };
        Ok(Some(r))
    }

    /// An arithmetic/bitwise operation with full semantics (`luaO_arith` then `luaT_trybinTM`).
    pub fn arith(
        &mut self,
        op: Tm,
        a: Value,
        b: Value,
        origins: (Origin, Origin),
    ) -> Result<Value, LuaError> {
        if let Some(v) = self.arith_raw(op, a, b)? {
            return Ok(v);
        }
        self.arith_meta(op, a, b, origins)
    }

    /// The metamethod part of an arithmetic operation (what MMBIN does).
    #[cold]
    pub fn arith_meta(
        &mut self,
        op: Tm,
        a: Value,
        b: Value,
        origins: (Origin, Origin),
    ) -> Result<Value, LuaError> {
        let mut tm = self.metamethod(a, op);
        if tm.is_nil() {
            tm = self.metamethod(b, op);
        }
        if !tm.is_nil() {
            return self.call_meta1(tm, a, b);
        }
        if op.is_bitwise() {
            if a.is_number() && b.is_number() {
                let o = if to_integer_strict(a).is_none() {
                    origins.0
                } else {
                    origins.1
                };
                let info = self.varinfo(o);
                let message = join(&[b"number", &info, b" has no integer representation"]);
                return Err(self.runtime_error_bytes(&message));
            }
            let (culprit, o) = if !a.is_number() {
                (a, origins.0)
            } else {
                (b, origins.1)
            };
            return Err(self.type_error(culprit, "perform bitwise operation on", o));
        }
        let (culprit, o) = if !a.is_number() {
            (a, origins.0)
        } else {
            (b, origins.1)
        };
        Err(self.type_error(culprit, "perform arithmetic on", o))
    }

    // ---- comparison --------------------------------------------------------------------

    /// `a == b` with `__eq`.
    pub fn equals(&mut self, a: Value, b: Value) -> Result<bool, LuaError> {
        match (a, b) {
            (Value::Table(p), Value::Table(q)) if !p.ptr_eq(q) => self.equals_by_metamethod(a, b),
            (Value::Userdata(p), Value::Userdata(q)) if !p.ptr_eq(q) => {
                self.equals_by_metamethod(a, b)
            }
            _ => Ok(a.raw_eq(b)),
        }
    }

    /// `a == b` for two different tables or two different userdata: `__eq` of `a`, else of
    /// `b`, else false (`luaV_equalobj`).
    pub(crate) fn equals_by_metamethod(&mut self, a: Value, b: Value) -> Result<bool, LuaError> {
        let mut tm = self.metamethod(a, Tm::Eq);
        if tm.is_nil() {
            tm = self.metamethod(b, Tm::Eq);
            if tm.is_nil() {
                return Ok(false);
            }
        }
        Ok(!self.call_meta1(tm, a, b)?.is_falsy())
    }

    /// `a < b` (`le == false`) or `a <= b` (`le == true`) with metamethods.
    pub fn compare(&mut self, a: Value, b: Value, le: bool) -> Result<bool, LuaError> {
        if let Some(r) = compare_raw(a, b, le) {
            return Ok(r);
        }
        self.compare_by_metamethod(a, b, le)
    }

    /// `a < b` or `a <= b` for operands `compare_raw` does not order: `__lt`/`__le` of
    /// `a`, else of `b`, else the comparison error (`luaT_callorderTM`).
    pub(crate) fn compare_by_metamethod(
        &mut self,
        a: Value,
        b: Value,
        le: bool,
    ) -> Result<bool, LuaError> {
        let ev = if le { Tm::Le } else { Tm::Lt };
        let mut tm = self.metamethod(a, ev);
        if tm.is_nil() {
            tm = self.metamethod(b, ev);
        }
        if !tm.is_nil() {
            return Ok(!self.call_meta1(tm, a, b)?.is_falsy());
        }
        if le {
            // LUA_COMPAT_LT_LE (on in Debian's lua5.4): a <= b as not (b < a).
            let mut tm = self.metamethod(b, Tm::Lt);
            if tm.is_nil() {
                tm = self.metamethod(a, Tm::Lt);
            }
            if !tm.is_nil() {
                return Ok(self.call_meta1(tm, b, a)?.is_falsy());
            }
        }
        let (t1, t2) = (self.type_name_of(a), self.type_name_of(b));
        let message = if t1 == t2 {
            join(&[b"attempt to compare two ", &t1, b" values"])
        } else {
            join(&[b"attempt to compare ", &t1, b" with ", &t2])
        };
        Err(self.runtime_error_bytes(&message))
    }

    // ---- length, concat, tostring ------------------------------------------------------

    /// `#v` with `__len`.
    pub fn length(&mut self, v: Value, origin: Origin) -> Result<Value, LuaError> {
        match v {
            Value::String(s) => Ok(Value::Integer(s.len() as i64)),
            Value::Table(t) => {
                if let Some(mt) = t.metatable() {
                    let tm = self.fast_tm(mt, Tm::Len);
                    if !tm.is_nil() {
                        return self.call_meta1(tm, v, v);
                    }
                }
                Ok(Value::Integer(t.len()))
            }
            _ => {
                let tm = self.metamethod(v, Tm::Len);
                if tm.is_nil() {
                    return Err(self.type_error(v, "get length of", origin));
                }
                self.call_meta1(tm, v, v)
            }
        }
    }

    /// Concatenates two values (`luaV_concat` for one pair): strings and numbers directly,
    /// otherwise `__concat`.
    pub fn concat_pair(
        &mut self,
        a: Value,
        b: Value,
        origins: (Origin, Origin),
    ) -> Result<Value, LuaError> {
        if let (Some(x), Some(y)) = (concat_piece(a), concat_piece(b)) {
            let mut buf = Vec::with_capacity(x.len() + y.len());
            buf.extend_from_slice(&x);
            buf.extend_from_slice(&y);
            return self.new_string(&buf).map(Value::String);
        }
        let mut tm = self.metamethod(a, Tm::Concat);
        if tm.is_nil() {
            tm = self.metamethod(b, Tm::Concat);
        }
        if tm.is_nil() {
            let (culprit, o) = if matches!(a, Value::String(_)) || a.is_number() {
                (b, origins.1)
            } else {
                (a, origins.0)
            };
            return Err(self.type_error(culprit, "concatenate", o));
        }
        self.call_meta1(tm, a, b)
    }

    /// `luaL_tolstring`: the display bytes of a value, using `__tostring` and `__name`.
    pub fn to_display_string(
        &mut self,
        v: Value,
    ) -> Result<Gc<crate::object::string::LuaString>, LuaError> {
        if let Some(mt) = self.metatable_of(v) {
            if let Some(key) = self.intern_static(b"__tostring") {
                let f = mt.get_str(key);
                if !f.is_nil() {
                    let r = self.call_meta1(f, v, Value::Nil)?;
                    return match r {
                        Value::String(s) => Ok(s),
                        Value::Integer(_) | Value::Float(_) => Ok(self
                            .to_string_coerce(r)?
                            .unwrap_or(self.memory_error_message)),
                        _ => Err(self.native_error("'__tostring' must return a string")),
                    };
                }
            }
        }
        let text: Vec<u8> = match v {
            Value::Nil => b"nil".to_vec(),
            Value::Boolean(true) => b"true".to_vec(),
            Value::Boolean(false) => b"false".to_vec(),
            Value::Integer(i) => i.to_string().into_bytes(),
            Value::Float(f) => number::format_float(f).into_bytes(),
            Value::String(s) => return Ok(s),
            other => {
                let mut text = self.type_name_of(other);
                text.extend_from_slice(format!(": {:#x}", other.object_addr()).as_bytes());
                text
            }
        };
        self.new_string(&text)
    }

    /// Converts a value for arithmetic: numbers as they are, numeric strings converted.
    pub fn to_number(&self, v: Value) -> Option<Value> {
        match v {
            Value::Integer(_) | Value::Float(_) => Some(v),
            Value::String(s) => match number::str_to_number(s.as_bytes())? {
                Number::Int(i) => Some(Value::Integer(i)),
                Number::Float(f) => Some(Value::Float(f)),
            },
            _ => None,
        }
    }

    /// `lua_tointeger`-style conversion (numbers with exact integer value, numeric strings).
    pub fn to_integer(&self, v: Value) -> Option<i64> {
        to_integer_strict(self.to_number(v)?)
    }
}

/// Integer value of a number with an exact integer representation (no strings).
#[inline]
pub fn to_integer_strict(v: Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(i),
        Value::Float(f) => number::float_to_exact_int(f),
        _ => None,
    }
}

/// The bytes a number or string contributes to a concatenation.
pub fn concat_piece(v: Value) -> Option<std::borrow::Cow<'static, [u8]>> {
    match v {
        Value::String(s) => Some(std::borrow::Cow::Owned(s.as_bytes().to_vec())),
        Value::Integer(i) => Some(std::borrow::Cow::Owned(i.to_string().into_bytes())),
        Value::Float(f) => Some(std::borrow::Cow::Owned(
            number::format_float(f).into_bytes(),
        )),
        _ => None,
    }
}

/// `rawget(tab, key)` by the key's kind (the `__index` walks' raw step).
#[inline(always)]
fn raw_lookup(tab: Gc<Table>, key: Value) -> Value {
    match key {
        Value::String(s) => tab.get_str(s),
        Value::Integer(n) => tab.get_int(n),
        _ => tab.get(key),
    }
}

/// Numeric and string comparison without metamethods; `None` when a metamethod is needed.
#[inline]
pub fn compare_raw(a: Value, b: Value, le: bool) -> Option<bool> {
    use Value::{Float as F, Integer as I};
    Some(match (a, b) {
        (I(x), I(y)) => {
            if le {
                x <= y
            } else {
                x < y
            }
        }
        (F(x), F(y)) => {
            if le {
                x <= y
            } else {
                x < y
            }
        }
        (I(i), F(f)) => {
            if le {
                int_le_float(i, f)
            } else {
                int_lt_float(i, f)
            }
        }
        (F(f), I(i)) => {
            if le {
                float_le_int(f, i)
            } else {
                float_lt_int(f, i)
            }
        }
        (Value::String(x), Value::String(y)) => {
            let o = x.as_bytes().cmp(y.as_bytes());
            if le {
                o != std::cmp::Ordering::Greater
            } else {
                o == std::cmp::Ordering::Less
            }
        }
        _ => return None,
    })
}

pub use tsukimi_number::{float_le_int, float_lt_int, int_le_float, int_lt_float};

#[cfg(test)]
mod tests {
    use super::*;
    use tsukimi_bytecode::events::{TM_ADD, TM_SHL, TM_SHR};
    use tsukimi_number::ArithOp;

    #[test]
    fn events_match_the_bytecode_list() {
        for (index, tm) in Tm::ALL.iter().enumerate() {
            assert_eq!(*tm as usize, index, "{tm:?} is out of TMS order");
            assert_eq!(Tm::from_u32(index as u32), Some(*tm));
            assert_eq!(tm.name(), EVENT_NAMES[index]);
            // The variant's own name is the event's name without `__`, ignoring case.
            assert_eq!(
                format!("__{tm:?}").to_ascii_lowercase(),
                EVENT_NAMES[index],
                "{tm:?}"
            );
        }
        assert_eq!(Tm::from_u32(EVENT_COUNT as u32), None);
        assert_eq!(Tm::Add as u32, TM_ADD);
        assert_eq!(Tm::Shl as u32, TM_SHL);
        assert_eq!(Tm::Shr as u32, TM_SHR);
    }

    #[test]
    fn arithmetic_events_follow_lua_arith_order() {
        for op in ArithOp::ALL {
            let tm = Tm::from_u32(TM_ADD + op.index());
            assert_eq!(
                tm.map(|tm| format!("{tm:?}")),
                Some(format!("{op:?}")),
                "{op:?}"
            );
        }
    }
}
