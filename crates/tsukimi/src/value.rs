//! The tagged value every register, table slot and upvalue holds (DESIGN.md §1).
//!
//! `Value` is a `#[repr(C, u64)]` enum: by the layout rules for such enums (RFC 2195) it is a
//! `u64` tag followed by a union of the payloads, so 16 bytes in all — the tag word at offset
//! 0 (its low byte is the tag number, little-endian) and the 64-bit payload at offset 8. A
//! full-word tag leaves no padding between tag and payload, which keeps copies to two plain
//! 8-byte moves (a `u8` tag made LLVM copy padding bytes piecewise and stall on store
//! forwarding). Compiled code reads and writes this layout
//! directly; a test below pins the size and the tag numbers.
//!
//! Heap objects are reached through [`Gc<T>`], a copyable non-null pointer to a `GcBox<T>`
//! allocated and freed only by the heap (`gc/`). The soundness argument for dereferencing a
//! `Gc<T>` without `unsafe` at the use site is the *GC invariant* (see `gc/mod.rs`): objects are
//! freed only during a collection, collections happen only at safe points, and at a safe point
//! every `Gc` the runtime will use again is reachable from a root. So any `Gc` a piece of code
//! holds and was handed since the last safe point is live.
//!
//! Integers and floats are distinct subtypes (Lua 5.4); `Value` equality here is *raw* equality
//! (`rawequal`): `1 == 1.0` is true, strings compare by content (short strings are interned, so
//! for them this is a pointer compare), other objects by identity.

use std::cell::Cell;
use std::fmt;
use std::ptr::NonNull;

use crate::object::function::{LuaClosure, NativeFunction};
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::object::userdata::Userdata;
use crate::vm::coroutine::LuaThread;

/// Header and payload of one heap object. Only the heap creates and frees these.
#[repr(C)]
pub struct GcBox<T> {
    /// Mark bit of the current collection (false outside a collection).
    pub(crate) marked: Cell<bool>,
    pub(crate) value: T,
}

/// A pointer to a garbage-collected object (see the module essay for why it is safe to use).
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
}

impl<T> Clone for Gc<T> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}

impl<T> Gc<T> {
    /// Wraps a pointer produced by `Box::into_raw` in the heap.
    pub(crate) fn from_box(b: Box<GcBox<T>>) -> Gc<T> {
        Gc {
            ptr: NonNull::from(Box::leak(b)),
        }
    }

    /// Wraps a pointer to an initialised object in memory the heap manages itself (its block
    /// pool), keeping the pointer's provenance over the whole block.
    ///
    /// # Safety
    /// `ptr` points to an initialised `GcBox<T>` that only the heap frees.
    #[inline(always)]
    pub(crate) unsafe fn from_raw(ptr: NonNull<GcBox<T>>) -> Gc<T> {
        Gc { ptr }
    }

    /// The raw pointer (identity, hashing, freeing).
    #[inline(always)]
    pub fn as_ptr(self) -> *mut GcBox<T> {
        self.ptr.as_ptr()
    }

    /// Identity comparison.
    #[inline(always)]
    pub fn ptr_eq(self, other: Gc<T>) -> bool {
        self.ptr == other.ptr
    }

    /// Address as an integer, for hashing and `%p`-style printing.
    #[inline(always)]
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }

    #[inline(always)]
    pub(crate) fn header_marked(self) -> bool {
        // SAFETY: the GC invariant (module essay) guarantees the box is live.
        unsafe { (*self.ptr.as_ptr()).marked.get() }
    }

    #[inline(always)]
    pub(crate) fn set_marked(self, m: bool) {
        // SAFETY: as in `header_marked`.
        unsafe { (*self.ptr.as_ptr()).marked.set(m) }
    }

    /// Frees the object. Only the sweeper calls this, for unmarked (unreachable) objects.
    ///
    /// # Safety
    /// No other `Gc` to this object may be used afterwards.
    pub(crate) unsafe fn free(self) {
        // SAFETY: the pointer came from `Box::leak` in `from_box`; the caller guarantees it
        // is not used again.
        drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the GC invariant (module essay): a `Gc` in use is reachable, hence not freed.
        unsafe { &(*self.ptr.as_ptr()).value }
    }
}

impl<T> fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:p}", self.ptr.as_ptr())
    }
}

/// A Lua value. 16 bytes: tag word (u64) at offset 0, payload at offset 8.
#[derive(Clone, Copy, Default)]
#[repr(C, u64)]
pub enum Value {
    #[default]
    Nil = 0,
    Boolean(bool) = 1,
    Integer(i64) = 2,
    Float(f64) = 3,
    String(Gc<LuaString>) = 4,
    Table(Gc<Table>) = 5,
    LuaFunction(Gc<LuaClosure>) = 6,
    NativeFunction(Gc<NativeFunction>) = 7,
    Userdata(Gc<Userdata>) = 8,
    /// A coroutine (`type()` = "thread"); see `vm/coroutine.rs`.
    Thread(Gc<LuaThread>) = 9,
}

/// The basic Lua types, as `type()` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LuaType {
    Nil,
    Boolean,
    Number,
    String,
    Table,
    Function,
    Userdata,
    Thread,
}

impl LuaType {
    /// The name `type()` returns.
    pub fn name(self) -> &'static str {
        match self {
            LuaType::Nil => "nil",
            LuaType::Boolean => "boolean",
            LuaType::Number => "number",
            LuaType::String => "string",
            LuaType::Table => "table",
            LuaType::Function => "function",
            LuaType::Userdata => "userdata",
            LuaType::Thread => "thread",
        }
    }
}

impl Value {
    /// The basic type.
    #[inline]
    pub fn lua_type(self) -> LuaType {
        match self {
            Value::Nil => LuaType::Nil,
            Value::Boolean(_) => LuaType::Boolean,
            Value::Integer(_) | Value::Float(_) => LuaType::Number,
            Value::String(_) => LuaType::String,
            Value::Table(_) => LuaType::Table,
            Value::LuaFunction(_) | Value::NativeFunction(_) => LuaType::Function,
            Value::Userdata(_) => LuaType::Userdata,
            Value::Thread(_) => LuaType::Thread,
        }
    }

    /// `type(v)`.
    #[inline]
    pub fn type_name(self) -> &'static str {
        self.lua_type().name()
    }

    #[inline(always)]
    pub fn is_nil(self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lua truthiness: everything except `nil` and `false` is true.
    #[inline(always)]
    pub fn is_falsy(self) -> bool {
        matches!(self, Value::Nil | Value::Boolean(false))
    }

    #[inline(always)]
    pub fn is_number(self) -> bool {
        matches!(self, Value::Integer(_) | Value::Float(_))
    }

    #[inline(always)]
    pub fn is_function(self) -> bool {
        matches!(self, Value::LuaFunction(_) | Value::NativeFunction(_))
    }

    /// The number as a float (integers converted), without string coercion.
    #[inline(always)]
    pub fn as_float(self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The string object, if this is a string.
    #[inline(always)]
    pub fn as_string(self) -> Option<Gc<LuaString>> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The table object, if this is a table.
    #[inline(always)]
    pub fn as_table(self) -> Option<Gc<Table>> {
        match self {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// Raw equality (`rawequal`): numbers by mathematical value, strings by content,
    /// everything else by identity.
    #[inline]
    pub fn raw_eq(self, other: Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
                crate::vm::number::float_to_exact_int(f) == Some(i)
            }
            (Value::String(a), Value::String(b)) => a.ptr_eq(b) || a.content_eq(&b),
            (Value::Table(a), Value::Table(b)) => a.ptr_eq(b),
            (Value::LuaFunction(a), Value::LuaFunction(b)) => a.ptr_eq(b),
            (Value::NativeFunction(a), Value::NativeFunction(b)) => a.ptr_eq(b),
            (Value::Userdata(a), Value::Userdata(b)) => a.ptr_eq(b),
            (Value::Thread(a), Value::Thread(b)) => a.ptr_eq(b),
            _ => false,
        }
    }

    /// Address of the referenced object (0 for non-objects), as `%p`/`tostring` show it.
    pub fn object_addr(self) -> usize {
        match self {
            Value::String(s) => s.addr(),
            Value::Table(t) => t.addr(),
            Value::LuaFunction(f) => f.addr(),
            Value::NativeFunction(f) => f.addr(),
            Value::Userdata(u) => u.addr(),
            Value::Thread(t) => t.addr(),
            _ => 0,
        }
    }
}

/// A copy of the value at `v` read as two 8-byte words ([`load_value`]): for a value that
/// was just computed into memory (a function's result, a local the compiler spilled) and is
/// about to be copied on, where a plain copy is a 16-byte load that stalls on the two
/// pending 8-byte stores.
#[inline(always)]
pub fn copy_by_words(v: &Value) -> Value {
    // SAFETY: a reference is valid for reads, aligned, and points to an initialised Value.
    unsafe { load_value(v) }
}

/// Reads a value as two separate 64-bit loads.
///
/// The compiler usually writes a value as two 8-byte stores (tag, payload) but would read it
/// back with one 16-byte load, which x86 cannot forward from the pending stores (a stall of
/// a dozen cycles on every register read after a write). Two 8-byte loads forward from
/// either kind of store. Volatile reads keep LLVM from merging them again.
///
/// # Safety
/// `p` must be valid for reads, 8-aligned, and point to an initialised `Value`.
#[inline(always)]
pub unsafe fn load_value(p: *const Value) -> Value {
    use std::mem::MaybeUninit;
    let w = p as *const MaybeUninit<u64>;
    // SAFETY: `p` points to a Value (16 bytes, 8-aligned); MaybeUninit reads accept padding.
    let words = unsafe { [w.read_volatile(), w.add(1).read_volatile()] };
    // SAFETY: the words are the bytes of a valid Value (tag and payload initialised; padding
    // may stay uninitialised, which MaybeUninit carries through).
    unsafe { std::mem::transmute::<[MaybeUninit<u64>; 2], Value>(words) }
}

/// Writes `v` to `p` as two 8-byte words (tag word, then payload), the store-side twin of
/// [`load_value`]. A plain assignment of a `Value` may become one 16-byte vector store, or
/// a 16-byte load of a value that was just written as two words (a spilled register copy):
/// that load cannot be forwarded from the two pending stores and stalls the pipeline (measured
/// in the interpreter's SELF: 9% of methodcall's samples on one such copy).
///
/// # Safety
/// `p` must be valid for writes and 8-aligned.
#[inline(always)]
pub unsafe fn store_value(p: *mut Value, v: Value) {
    use std::mem::MaybeUninit;
    // SAFETY: a Value is 16 bytes; MaybeUninit words carry the possibly uninitialised
    // padding of the payload through unchanged.
    let words = unsafe { std::mem::transmute::<Value, [MaybeUninit<u64>; 2]>(v) };
    let w = p as *mut MaybeUninit<u64>;
    // SAFETY: `p` is valid for a 16-byte, 8-aligned write (caller's contract).
    unsafe {
        w.write_volatile(words[0]);
        w.add(1).write_volatile(words[1]);
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Nil => write!(f, "nil"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", crate::vm::number::format_float(x)),
            Value::String(s) => write!(f, "{:?}", String::from_utf8_lossy(s.as_bytes())),
            other => write!(f, "{}: {:#x}", other.type_name(), other.object_addr()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_tag_plus_payload() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::align_of::<Value>(), 8);
        let v = Value::Integer(0x1122334455667788);
        let p = &v as *const Value as *const u8;
        // SAFETY: the tag byte at offset 0 and the payload at offset 8 are initialised for this
        // variant (repr(C, u64) layout, little-endian tag word); padding is not read.
        let (tag, payload) = unsafe { (*p, (p.add(8) as *const i64).read()) };
        assert_eq!(tag, 2);
        assert_eq!(payload, 0x1122334455667788);
    }
}
