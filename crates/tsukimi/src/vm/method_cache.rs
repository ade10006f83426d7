//! The method cache: the results of `__index` walks through tables, by metatable and name, so
//! that `obj:method()` finds an inherited method in one probe instead of a walk.
//!
//! This is the global lookup cache of Smalltalk-80 systems (Deutsch and Schiffman): a small
//! direct-mapped table keyed by (class, selector). Here the class is the metatable and the
//! selector a short (interned) string. An entry says: for a value whose own fields lack
//! `name` and whose metatable is `mt`, the `__index` walk from `mt` ends at `value`. The
//! interpreter's SELF asks it after the object's own probe missed (a string's methods come
//! the same way, from the string metatable); a miss walks the chain here, fills the entry
//! when the walk went through tables only and found a non-nil value, and otherwise leaves
//! the lookup to the general path (`__index` functions, absent methods, errors).
//!
//! Invariants:
//! - **Validity.** An entry holds only while the lookup epoch is the one it was filled in.
//!   Filling marks every table the walk read as watched, and any change to a watched table
//!   that could alter the walk advances the epoch (`object/table/watch.rs`).
//! - **Memory.** Entries are not GC roots. While an entry is valid, its value is stored in
//!   a watched table under its name, and that table is alive: freeing a watched table, or
//!   clearing a weak entry in one, advances the epoch first. Only non-nil results found in
//!   a table are cached, so the name is that table's key and alive too, and no entry can
//!   match a new object at a reused address. The metatable and the name are kept as bare
//!   addresses, compared and never dereferenced.
//! - The walk reads tables only (no Lua code runs, nothing is allocated), so it cannot fail
//!   and the epoch cannot move during it.

use crate::object::string::LuaString;
use crate::object::table::{lookup_epoch, Table};
use crate::value::{Gc, Value};
use crate::vm::meta::{Tm, MAX_TAG_LOOP};
use crate::vm::Vm;

/// Entries (a power of two). 256 entries of 40 bytes: 10 KiB per `Vm`.
const ENTRIES: usize = 256;

#[derive(Clone, Copy)]
struct Entry {
    /// The metatable's address (0: empty).
    class: usize,
    /// The name's address.
    name: usize,
    /// The lookup epoch the entry was filled in (0: empty; the epoch starts at 1).
    epoch: u64,
    value: Value,
}

const EMPTY: Entry = Entry {
    class: 0,
    name: 0,
    epoch: 0,
    value: Value::Nil,
};

/// The cache (see the module essay).
pub(crate) struct MethodCache {
    entries: Box<[Entry; ENTRIES]>,
}

impl Default for MethodCache {
    fn default() -> Self {
        MethodCache {
            entries: Box::new([EMPTY; ENTRIES]),
        }
    }
}

/// The entry index of (`class`, `name`): tables sit in 64-byte blocks, strings at least 16
/// bytes apart, so the low bits that never vary are dropped before mixing.
#[inline(always)]
fn slot(class: usize, name: usize) -> usize {
    ((class >> 6) ^ (name >> 4)) & (ENTRIES - 1)
}

impl MethodCache {
    /// The cached walk of `name` from metatable `mt`, or nil when there is none.
    #[inline(always)]
    pub(crate) fn get(&self, mt: Gc<Table>, name: Gc<LuaString>) -> Value {
        let (class, name) = (mt.addr(), name.addr());
        let e = &self.entries[slot(class, name)];
        if e.class == class && e.name == name && e.epoch == lookup_epoch() {
            e.value
        } else {
            Value::Nil
        }
    }
}

impl Vm {
    /// A method cache miss: walks the `__index` chain from `mt` for `name` (the value being
    /// indexed missed it already) while it goes through tables, and caches a non-nil
    /// result. `Some(nil)` when the chain of tables ends without the name; `None` when the
    /// walk reached a function or another value, was too long, or the name is not short:
    /// the caller then takes the general path, which calls `__index` functions and raises
    /// the errors.
    #[inline(never)]
    pub(crate) fn find_method(&mut self, mt: Gc<Table>, name: Gc<LuaString>) -> Option<Value> {
        if !name.is_short() {
            return None;
        }
        let mut meta = mt;
        for _ in 0..MAX_TAG_LOOP {
            let t = match self.fast_tm(meta, Tm::Index) {
                Value::Table(t) => t,
                Value::Nil => return Some(Value::Nil),
                _ => return None,
            };
            meta.watch();
            t.watch();
            let v = t.get_str(name);
            if !v.is_nil() {
                let (class, name) = (mt.addr(), name.addr());
                self.method_cache.entries[slot(class, name)] = Entry {
                    class,
                    name,
                    epoch: lookup_epoch(),
                    value: v,
                };
                return Some(v);
            }
            match t.metatable() {
                Some(next) => meta = next,
                None => return Some(Value::Nil),
            }
        }
        None
    }
}
