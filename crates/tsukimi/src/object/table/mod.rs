//! Lua tables: an array part plus a node hash part, organised like `ltable.c`.
//!
//! - The **array part** holds keys `1..=array.len()`; its size only changes in a rehash
//!   (`resize.rs`, sizes exactly as `computesizes`) or when SETLIST preallocates it.
//! - The **hash part** (`node.rs`) is a chained scatter table with Brent's variation: 0 or a
//!   power of two 32-byte nodes; each key lives in its *main position* or in a free node
//!   linked from the chain that starts there (`lookup.rs`, `insert.rs`). An empty hash part
//!   reads a shared dummy node, so lookups never test for emptiness.
//! - Keys are normalised: a float with an integral value is stored as an integer, so `t[1.0]`
//!   and `t[1]` are the same slot; `nil` and NaN are rejected on store.
//! - Setting a field to nil leaves the key in its node ("dead key"), so `next` can continue a
//!   traversal from it: assigning to existing fields (including nil) during traversal never
//!   moves entries, because only inserting a *new* key can rehash (`traverse.rs`).
//! - The GC marks keys of dead entries too (they are dropped at the next rehash); this keeps
//!   `next` simple and never leaves a dangling key.
//! - `#` starts from a length hint (`alimit`), which integer reads and writes past it move
//!   exactly as `luaH_getint` does, so borders of tables with holes are lua5.4's
//!   (`traverse.rs`, `lookup.rs`). Sizes and the hashes of numbers and booleans are
//!   `ltable.c`'s too, so is the traversal order of number-keyed tables.
//! - Stores from the interpreter can come in two steps with one lookup: `probe_store`, then
//!   `store_probed` after the `__newindex` check (`probe.rs`).
//!
//! Interior mutability: the contents live in an `UnsafeCell`; every method takes `&self`, does
//! its work without calling out (no Lua code, no allocation callbacks that could reenter) and
//! returns values by copy, so no two references into the cell ever overlap.
//! The `absent_cache` mirrors `Table.flags` of PUC Lua: bit i set means "this table, used as a
//! metatable, has no field for fast metamethod i"; any raw store clears it.

mod insert;
mod lookup;
mod node;
mod probe;
mod resize;
mod traverse;

#[cfg(test)]
mod tests;

use std::cell::UnsafeCell;

use crate::gc::{Heap, MemoryError};
use crate::object::string::LuaString;
use crate::value::{Gc, Value};
use insert::HashStore;
use node::NodeArray;
pub use probe::StoreProbe;

/// Why a store into a table failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetError {
    NilKey,
    NanKey,
    Memory,
}

impl From<MemoryError> for SetError {
    fn from(_: MemoryError) -> Self {
        SetError::Memory
    }
}

/// The table's state: 56 bytes, so `GcBox<Table>` is 64 (a pinned size, see the tests).
#[derive(Default)]
struct TableInner {
    array: Vec<Value>,
    nodes: NodeArray,
    metatable: Option<Gc<Table>>,
    /// `alimit` of `ltable.c`: where `#` starts looking for a border (`traverse.rs`). Always
    /// at most `array.len()`; every resize sets it to `array.len()` (saturated to 32 bits:
    /// Lua's array parts are at most 2^31 slots).
    length_hint: u32,
    absent_cache: u32,
}

/// A Lua table.
#[derive(Default)]
pub struct Table {
    inner: UnsafeCell<TableInner>,
}

const NODE_SIZE: usize = std::mem::size_of::<node::Node>();
const VALUE_SIZE: usize = std::mem::size_of::<Value>();

/// `n` as a `u32`, `u32::MAX` when larger (length hints of impossibly large arrays).
#[inline(always)]
fn saturate_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Normalises a key for lookup: integral floats become integers.
#[inline(always)]
fn normalize(key: Value) -> Value {
    if let Value::Float(f) = key {
        if let Some(i) = crate::vm::number::float_to_exact_int(f) {
            return Value::Integer(i);
        }
    }
    key
}

impl TableInner {
    /// A store of a normalised, non-nil, non-NaN key that is not an integer in the array
    /// part's range.
    #[inline(always)]
    fn store_non_array(
        &mut self,
        heap: &mut Heap,
        key: Value,
        value: Value,
    ) -> Result<(), SetError> {
        if self.nodes.is_dummy() {
            // No hash part: the key is absent and there is no room (appends past the array
            // part, the first field of an empty table). Skip hashing and go to the rehash.
            if value.is_nil() {
                return Ok(());
            }
            return self.grow_and_store(heap, key, value);
        }
        match self.store_in_hash(key, value) {
            HashStore::Done => Ok(()),
            HashStore::Full => self.grow_and_store(heap, key, value),
        }
    }

    #[inline(always)]
    fn set_int(&mut self, heap: &mut Heap, i: i64, value: Value) -> Result<(), SetError> {
        self.absent_cache = 0;
        if let Some(index) = self.below_hint(i) {
            *self.array_slot(index) = value;
            return Ok(());
        }
        self.set_int_slow(heap, i, value)
    }

    /// `set_int` past the length hint: the rest of the array part, then the hash part.
    #[inline(never)]
    fn set_int_slow(&mut self, heap: &mut Heap, i: i64, value: Value) -> Result<(), SetError> {
        if let Some(index) = self.array_index_beyond_hint(i) {
            *self.array_slot(index) = value;
            return Ok(());
        }
        self.store_non_array(heap, Value::Integer(i), value)
    }

    /// `replace_existing` for an integer key past the length hint.
    #[inline(never)]
    fn replace_int_slow(&mut self, i: i64, value: Value) -> bool {
        let slot = match self.array_index_beyond_hint(i) {
            Some(index) => self.array_slot(index),
            None if self.nodes.is_dummy() => return false,
            None => match self.find_int(i) {
                Some(n) => &mut self.nodes.at_mut(n).value,
                None => return false,
            },
        };
        if slot.is_nil() {
            return false;
        }
        *slot = value;
        true
    }
}

impl Table {
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn inner(&self) -> &mut TableInner {
        // SAFETY: see the module essay: no method holds this reference across a call that could
        // reach another method of the same table, and no reference escapes a method.
        unsafe { &mut *self.inner.get() }
    }

    /// A table with preallocated parts (NEWTABLE's size hints).
    /// Built as one value (no default-then-assign), so it can be written straight into
    /// the object's block.
    #[inline]
    pub(crate) fn with_sizes(array: usize, hash: usize) -> Table {
        let hash_size = if hash == 0 {
            0
        } else {
            hash.next_power_of_two()
        };
        let array_part = if array == 0 {
            Vec::new()
        } else {
            vec![Value::Nil; array]
        };
        Table {
            inner: UnsafeCell::new(TableInner {
                array: array_part,
                nodes: NodeArray::with_len(hash_size),
                metatable: None,
                length_hint: saturate_u32(array),
                absent_cache: 0,
            }),
        }
    }

    /// Bytes this table accounts for (object plus both parts).
    pub(crate) fn heap_size(&self) -> usize {
        std::mem::size_of::<crate::value::GcBox<Table>>() + self.inner().byte_size()
    }

    /// `rawget(t, key)`. String keys (GETTABLE with a key in a register) take the inlined
    /// `get_str` walk; other keys dispatch out of line.
    #[inline(always)]
    pub fn get(&self, key: Value) -> Value {
        match key {
            Value::String(s) => self.get_str(s),
            _ => self.inner().get(key),
        }
    }

    /// `rawget(t, i)` for an integer key: direct array access when in range.
    #[inline(always)]
    pub fn get_int(&self, i: i64) -> Value {
        self.inner().get_int(i)
    }

    /// `rawget(t, s)` for a string key (pointer comparison for short strings).
    #[inline(always)]
    pub fn get_str(&self, s: Gc<LuaString>) -> Value {
        self.inner().get_str(s)
    }

    /// `rawset(t, key, value)`, with one chain walk (a dead key's node is reused). `heap` is
    /// charged for any growth of the parts.
    pub fn set(&self, heap: &mut Heap, key: Value, value: Value) -> Result<(), SetError> {
        let inner = self.inner();
        match key {
            Value::Integer(i) => inner.set_int(heap, i, value),
            Value::String(_) => {
                inner.absent_cache = 0;
                inner.store_non_array(heap, key, value)
            }
            Value::Nil => Err(SetError::NilKey),
            Value::Float(f) => {
                if f.is_nan() {
                    return Err(SetError::NanKey);
                }
                match crate::vm::number::float_to_exact_int(f) {
                    Some(i) => inner.set_int(heap, i, value),
                    None => {
                        inner.absent_cache = 0;
                        inner.store_non_array(heap, key, value)
                    }
                }
            }
            _ => {
                inner.absent_cache = 0;
                inner.store_non_array(heap, key, value)
            }
        }
    }

    /// `rawset(t, i, value)` for an integer key.
    #[inline(always)]
    pub fn set_int(&self, heap: &mut Heap, i: i64, value: Value) -> Result<(), SetError> {
        self.inner().set_int(heap, i, value)
    }

    /// `rawset(t, i, value)` when `i` is below the length hint (the array slots a sequence
    /// fills): stores and returns true; false (nothing stored) for any other key.
    #[inline(always)]
    pub(crate) fn set_in_array(&self, i: i64, value: Value) -> bool {
        let inner = self.inner();
        let Some(index) = inner.below_hint(i) else {
            return false;
        };
        inner.absent_cache = 0;
        *inner.array_slot(index) = value;
        true
    }

    /// If `key` already has a non-nil value, replaces it and returns true (the fast path of a
    /// store that needs no `__newindex`).
    #[inline(always)]
    pub fn replace_existing(&self, key: Value, value: Value) -> bool {
        let inner = self.inner();
        let found = match key {
            Value::Integer(i) => {
                let Some(index) = inner.below_hint(i) else {
                    return inner.replace_int_slow(i, value);
                };
                let slot = inner.array_slot(index);
                if slot.is_nil() {
                    return false;
                }
                *slot = value;
                return true;
            }
            Value::String(s) => inner.find_str(s),
            Value::Float(_) | Value::Nil => return false,
            _ => inner.find(key),
        };
        match found {
            Some(n) => {
                let node = inner.nodes.at_mut(n);
                if node.value.is_nil() {
                    return false;
                }
                node.value = value;
                true
            }
            None => false,
        }
    }

    /// `luaH_resizearray` for SETLIST: makes the array part at least `size` slots (exactly
    /// `size` when it grows), so a constructor's list items store without a rehash each.
    pub(crate) fn reserve_array(&self, heap: &mut Heap, size: usize) -> Result<(), SetError> {
        self.inner().reserve_array(heap, size)
    }

    /// The length operator without metamethods (a border, as `luaH_getn`).
    pub fn len(&self) -> i64 {
        self.inner().border() as i64
    }

    /// Whether the table has no entries at all (used by `next` from nil fast path and tests).
    pub fn is_empty(&self) -> bool {
        let inner = self.inner();
        inner.array.iter().all(|v| v.is_nil())
            && inner.nodes.as_slice().iter().all(|n| n.value.is_nil())
    }

    /// `next(t, key)`: the entry after `key` (`Ok(None)` at the end), `Err(())` when `key` is
    /// not in the table.
    #[allow(clippy::result_unit_err)]
    pub fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        self.inner().next(key)
    }

    /// The metatable.
    #[inline(always)]
    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.inner().metatable
    }

    /// Replaces the metatable (callers run the write barrier).
    pub fn set_metatable(&self, mt: Option<Gc<Table>>) {
        self.inner().metatable = mt;
    }

    /// Whether the fast-metamethod bit `event` is cached as absent.
    #[inline(always)]
    pub(crate) fn is_absent_cached(&self, event: u32) -> bool {
        self.inner().absent_cache & (1 << event) != 0
    }

    /// Records that fast metamethod `event` is absent from this table.
    #[inline(always)]
    pub(crate) fn cache_absent(&self, event: u32) {
        self.inner().absent_cache |= 1 << event;
    }

    /// Size of the array part (tests and the JIT's introspection).
    pub fn array_size(&self) -> usize {
        self.inner().array.len()
    }

    /// Number of nodes in the hash part.
    pub fn hash_size(&self) -> usize {
        self.inner().nodes.len()
    }
}
