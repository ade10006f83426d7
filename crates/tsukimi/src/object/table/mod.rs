//! Lua tables: an array part plus a node hash part, organised like `ltable.c`.
//!
//! - The **array part** holds keys `1..=array.len()`; its size only changes in a rehash
//!   (`resize.rs`, sizes exactly as `computesizes`) or when SETLIST preallocates it.
//! - The **hash part** (`node.rs`) is a chained scatter table with Brent's variation: 0 or a
//!   power of two 24-byte nodes; each key lives in its *main position* or in a free node
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
//!   `store_probed` after the `__newindex` check (`probe.rs`). A node stores a value as
//!   its tag byte and payload word (`node.rs`), never as one 16-byte copy of the two words
//!   the interpreter just wrote (that copy stalled on store forwarding); array slots take
//!   plain stores (`store_array_slot` says why).
//! - Both parts live in blocks of the heap's block pool (`array.rs`, `node.rs`): small parts
//!   (up to 16 slots, 8 nodes) come from its free lists and go back to them when a part is
//!   resized or the collector frees the table (`release_parts`). A part never released (a
//!   table dropped as a plain value, in tests) is freed by its `Drop` with the same block
//!   layout, so no path leaks or frees with the wrong layout.
//!
//! Interior mutability: the contents live in an `UnsafeCell`; every method takes `&self`, does
//! its work without calling out (no Lua code, no allocation callbacks that could reenter) and
//! returns values by copy, so no two references into the cell ever overlap.
//! The `absent_cache` mirrors `Table.flags` of PUC Lua: bit i set means "this table, used as a
//! metatable, has no field for fast metamethod i"; any raw store clears it.
//! The `watched` mark says a cached `__index` walk depends on the table: every change that
//! could alter a string key's lookup, or the metatable, first advances the lookup epoch
//! (`watch.rs`).

mod array;
mod insert;
mod lookup;
mod node;
mod probe;
mod resize;
mod traverse;
mod watch;

#[cfg(test)]
mod tests;

use std::cell::UnsafeCell;

use crate::gc::pool::BlockPool;
use crate::gc::{Heap, MemoryError};
use crate::object::string::LuaString;
use crate::value::{Gc, Value};
use array::ArrayPart;
use insert::HashStore;
use node::NodeArray;
pub use probe::StoreProbe;
pub(crate) use watch::lookup_epoch;

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

/// The table's state: 48 bytes, so `GcBox<Table>` is 56, in the pool's 64-byte class (a
/// pinned size, see the tests).
#[derive(Default)]
struct TableInner {
    array: ArrayPart,
    nodes: NodeArray,
    metatable: Option<Gc<Table>>,
    /// `alimit` of `ltable.c`: where `#` starts looking for a border (`traverse.rs`). Always
    /// at most `array.len()`; every resize sets it to `array.len()` (saturated to 32 bits:
    /// Lua's array parts are at most 2^31 slots).
    length_hint: u32,
    absent_cache: u16,
    /// A cached `__index` walk depends on this table (`watch.rs`).
    watched: bool,
}

/// A Lua table.
#[derive(Default)]
pub struct Table {
    inner: UnsafeCell<TableInner>,
}

const NODE_SIZE: usize = std::mem::size_of::<node::Node>();

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
            self.store_array_slot(index, value);
            return Ok(());
        }
        self.set_int_slow(heap, i, value)
    }

    /// `set_int` past the length hint: the rest of the array part, then the hash part.
    #[inline(never)]
    fn set_int_slow(&mut self, heap: &mut Heap, i: i64, value: Value) -> Result<(), SetError> {
        if let Some(index) = self.array_index_beyond_hint(i) {
            self.store_array_slot(index, value);
            return Ok(());
        }
        self.store_non_array(heap, Value::Integer(i), value)
    }

    /// `replace_existing` for an integer key past the length hint.
    #[inline(never)]
    fn replace_int_slow(&mut self, i: i64, value: Value) -> bool {
        if let Some(index) = self.array_index_beyond_hint(i) {
            if self.array_slot(index).is_nil() {
                return false;
            }
            self.store_array_slot(index, value);
            return true;
        }
        if self.nodes.is_dummy() {
            return false;
        }
        let Some(n) = self.find_int(i) else {
            return false;
        };
        let node = self.nodes.at_mut(n);
        if node.value_is_nil() {
            return false;
        }
        node.set_value(value);
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

    /// The node count of a hash part made for `hash` fields: 0 or the next power of two
    /// (`None` when there is none).
    #[inline(always)]
    pub(crate) fn node_count_for(hash: usize) -> Option<usize> {
        if hash <= 1 {
            return Some(hash);
        }
        hash.checked_next_power_of_two()
    }

    /// A table with preallocated parts (NEWTABLE's size hints: `array` slots, `hash_size`
    /// nodes, already rounded by `node_count_for`), both from `pool`. Built as one value (no
    /// default-then-assign), so it can be written straight into the object's block. `None`
    /// when the system allocator refuses a part.
    #[inline]
    pub(crate) fn with_node_count(
        pool: &mut BlockPool,
        array: usize,
        hash_size: usize,
    ) -> Option<Table> {
        let array_part = ArrayPart::with_len(pool, array).ok()?;
        let nodes = match NodeArray::with_len(pool, hash_size) {
            Ok(nodes) => nodes,
            Err(_) => {
                let mut array_part = array_part;
                array_part.release(pool);
                return None;
            }
        };
        Some(Table {
            inner: UnsafeCell::new(TableInner {
                array: array_part,
                nodes,
                metatable: None,
                length_hint: saturate_u32(array),
                absent_cache: 0,
                watched: false,
            }),
        })
    }

    /// Gives both parts' blocks back to `pool`, leaving the table empty (no entries, the
    /// metatable kept; the length hint drops to 0 with the array part, as `array_slot`'s
    /// bound requires). The collector calls it on a dead table before freeing the object, so
    /// its parts are reused by the next tables instead of going to the system allocator.
    /// Callers credit the accounting themselves (the sweep reads `heap_size` first).
    #[inline]
    pub(crate) fn release_parts(&self, pool: &mut BlockPool) {
        let inner = self.inner();
        inner.note_lookup_change();
        inner.length_hint = 0;
        inner.array.release(pool);
        inner.nodes.release(pool);
    }

    /// Bytes a table made by `with_node_count(_, array, hash_size)` accounts for
    /// (saturated for sizes no allocation could satisfy).
    #[inline(always)]
    pub(crate) fn heap_size_for(array: usize, hash_size: usize) -> usize {
        std::mem::size_of::<crate::value::GcBox<Table>>()
            .saturating_add(ArrayPart::byte_size_for(array))
            .saturating_add(hash_size.saturating_mul(NODE_SIZE))
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
                inner.note_lookup_change();
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
                if inner.array_slot(index).is_nil() {
                    return false;
                }
                inner.store_array_slot(index, value);
                return true;
            }
            Value::String(s) => {
                inner.note_lookup_change();
                inner.find_str(s)
            }
            Value::Float(_) | Value::Nil => return false,
            _ => inner.find(key),
        };
        match found {
            Some(n) => {
                let node = inner.nodes.at_mut(n);
                if node.value_is_nil() {
                    return false;
                }
                node.set_value(value);
                true
            }
            None => false,
        }
    }

    /// The array-part case of `replace_existing` for the interpreter's integer stores: when
    /// `i` is below the length hint and its slot holds a value, or the table has no
    /// metatable (so no `__newindex` to consult: filling a sequence), stores `value()` there
    /// and returns true; otherwise false, having stored nothing (the caller then takes the
    /// general path). The value is produced only after the slot was found: a value read
    /// before the lookup is kept in a stack slot across it and copied into the array with a
    /// 16-byte load of two 8-byte stores, a store-forwarding stall (half of a
    /// `t[i] = v` loop's samples).
    #[inline(always)]
    pub fn store_in_array_with(&self, i: i64, value: impl FnOnce() -> Value) -> bool {
        let inner = self.inner();
        let Some(index) = inner.below_hint(i) else {
            return false;
        };
        if inner.array_slot(index).is_nil() && inner.metatable.is_some() {
            // A new key: a `__newindex` may want it.
            return false;
        }
        inner.store_array_slot(index, value());
        true
    }

    /// The string-key counterpart of `store_in_array_with`, for existing keys only: when `s`
    /// has a non-nil value in the hash part, stores `value()` there and returns true;
    /// otherwise false, having stored nothing.
    #[inline(always)]
    pub fn replace_str_with(&self, s: Gc<LuaString>, value: impl FnOnce() -> Value) -> bool {
        let inner = self.inner();
        inner.note_lookup_change();
        let Some(n) = inner.find_str(s) else {
            return false;
        };
        let node = inner.nodes.at_mut(n);
        if node.value_is_nil() {
            return false;
        }
        node.set_value(value());
        true
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
            && inner.nodes.as_slice().iter().all(|n| n.value_is_nil())
    }

    /// `next(t, key)`: the entry after `key` (`Ok(None)` at the end), `Err(())` when `key` is
    /// not in the table.
    #[allow(clippy::result_unit_err)]
    pub fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        self.inner()
            .next_hinted(key, None)
            .map(|entry| entry.map(|(k, v, _)| (k, v)))
    }

    /// `next` that also returns where it found the entry; given that position back as
    /// `hint` with the returned key, the next step skips hashing the key when the table's
    /// node there still holds it (a `pairs` loop, `traverse.rs`). Any hint is safe: one that
    /// does not match is ignored.
    pub(crate) fn next_hinted(&self, key: Value, hint: Option<usize>) -> traverse::NextEntry {
        self.inner().next_hinted(key, hint)
    }

    /// The metatable.
    #[inline(always)]
    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.inner().metatable
    }

    /// Replaces the metatable (callers run the write barrier).
    pub fn set_metatable(&self, mt: Option<Gc<Table>>) {
        let inner = self.inner();
        inner.note_lookup_change();
        inner.metatable = mt;
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
