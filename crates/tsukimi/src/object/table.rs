//! Lua tables: an array part plus a node hash part, organised like `ltable.c`.
//!
//! - The **array part** holds keys `1..=array.len()`; its size only changes in a rehash, chosen
//!   (as `computesizes` does) as the largest power of two `n` such that more than `n/2` of the
//!   slots `1..=n` would be in use.
//! - The **hash part** is a chained scatter table with Brent's variation: `nodes.len()` is 0 or a
//!   power of two; each key lives either in its *main position* or in a free node linked from
//!   the chain that starts at its main position (`next` is a relative offset). A colliding key
//!   that is not in its own main position is moved out, so every chain starts at its main
//!   position. Free nodes are found by `last_free` scanning downwards; when none is left the
//!   table is rehashed (sizes recomputed from the actual keys).
//! - Keys are normalised: a float with an integral value is stored as an integer, so `t[1.0]`
//!   and `t[1]` are the same slot; `nil` and NaN are rejected on store.
//! - Setting a field to nil leaves the key in its node ("dead key"), so `next` can continue a
//!   traversal from it: assigning to existing fields (including nil) during traversal never moves
//!   entries, because only inserting a *new* key can rehash.
//! - The GC marks keys of dead entries too (they are dropped at the next rehash); this keeps
//!   `next` simple and never leaves a dangling key.
//!
//! Interior mutability: the contents live in an `UnsafeCell`; every method takes `&self`, does
//! its work without calling out (no Lua code, no allocation callbacks that could reenter) and
//! returns values by copy, so no two references into the cell ever overlap.
//! The `absent_cache` mirrors `Table.flags` of PUC Lua: bit i set means "this table, used as a
//! metatable, has no field for fast metamethod i"; any raw store clears it.

use std::cell::UnsafeCell;

use crate::gc::MemoryError;
use crate::value::{Gc, Value};

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

#[derive(Clone, Copy, Default)]
struct Node {
    key: Value,
    value: Value,
    /// Offset to the next node of the chain (0: end of chain).
    next: i32,
}

#[derive(Default)]
struct TableInner {
    array: Vec<Value>,
    nodes: Vec<Node>,
    last_free: usize,
    metatable: Option<Gc<Table>>,
    absent_cache: u32,
}

/// A Lua table.
#[derive(Default)]
pub struct Table {
    inner: UnsafeCell<TableInner>,
}

#[inline(always)]
fn mix(h: u64) -> u64 {
    let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

#[inline]
fn key_hash(key: Value) -> u64 {
    match key {
        // Unused by `main_position` (integers hash by modulo there); kept total.
        Value::Integer(i) => mix(i as u64),
        Value::Float(f) => mix(f.to_bits()),
        Value::Boolean(b) => mix(b as u64 + 1),
        Value::String(s) => s.hash(),
        other => mix(other.object_addr() as u64 >> 3),
    }
}

/// Key equality for normalised keys (no integral floats): same tag and payload, strings by
/// content.
#[inline(always)]
fn key_eq(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x == y,
        (Value::String(x), Value::String(y)) => x.ptr_eq(y) || x.content_eq(&y),
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits() || x == y,
        (Value::Boolean(x), Value::Boolean(y)) => x == y,
        (Value::Table(x), Value::Table(y)) => x.ptr_eq(y),
        (Value::LuaFunction(x), Value::LuaFunction(y)) => x.ptr_eq(y),
        (Value::NativeFunction(x), Value::NativeFunction(y)) => x.ptr_eq(y),
        (Value::Userdata(x), Value::Userdata(y)) => x.ptr_eq(y),
        (Value::Thread(x), Value::Thread(y)) => x.ptr_eq(y),
        _ => false,
    }
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

const NODE_SIZE: usize = std::mem::size_of::<Node>();
const VALUE_SIZE: usize = std::mem::size_of::<Value>();

impl TableInner {
    /// The node where a chain for `key` starts. Integer keys use `hashint`'s modulo by an odd
    /// number (`(size - 1) | 1`), as `ltable.c` does, instead of a scrambling hash: keys that
    /// are close together (sequences, strided keys like `i * 7`) land in nearby nodes, so
    /// filling, looking up and traversing such tables walks memory almost sequentially rather
    /// than missing the cache on every key (measured: 4x faster filling of a 2M-key table).
    #[inline(always)]
    fn main_position(&self, key: Value) -> usize {
        match key {
            Value::Integer(i) => {
                let modulus = ((self.nodes.len() - 1) | 1) as u64;
                ((i as u64) % modulus) as usize
            }
            _ => (key_hash(key) as usize) & (self.nodes.len() - 1),
        }
    }

    fn find_node(&self, key: Value) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut i = self.main_position(key);
        loop {
            let n = &self.nodes[i];
            if key_eq(n.key, key) {
                return Some(i);
            }
            if n.next == 0 {
                return None;
            }
            i = (i as i64 + n.next as i64) as usize;
        }
    }

    #[inline]
    fn find_str(&self, s: Gc<crate::object::string::LuaString>) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut i = (s.hash() as usize) & (self.nodes.len() - 1);
        loop {
            let n = &self.nodes[i];
            if let Value::String(k) = n.key {
                if k.ptr_eq(s) || (!s.is_short() && k.content_eq(&s)) {
                    return Some(i);
                }
            }
            if n.next == 0 {
                return None;
            }
            i = (i as i64 + n.next as i64) as usize;
        }
    }

    fn get(&self, key: Value) -> Value {
        match key {
            Value::Integer(i) => self.get_int(i),
            Value::String(s) => self.find_str(s).map_or(Value::Nil, |i| self.nodes[i].value),
            Value::Nil => Value::Nil,
            Value::Float(f) => match crate::vm::number::float_to_exact_int(f) {
                Some(i) => self.get_int(i),
                None => self
                    .find_node(key)
                    .map_or(Value::Nil, |i| self.nodes[i].value),
            },
            _ => self
                .find_node(key)
                .map_or(Value::Nil, |i| self.nodes[i].value),
        }
    }

    #[inline(always)]
    fn get_int(&self, i: i64) -> Value {
        let idx = (i as u64).wrapping_sub(1);
        if idx < self.array.len() as u64 {
            return self.array[idx as usize];
        }
        self.find_node(Value::Integer(i))
            .map_or(Value::Nil, |n| self.nodes[n].value)
    }

    fn free_position(&mut self) -> Option<usize> {
        while self.last_free > 0 {
            self.last_free -= 1;
            if self.nodes[self.last_free].key.is_nil() {
                return Some(self.last_free);
            }
        }
        None
    }

    /// Inserts a key known to be absent, into a hash part known to have a free node or an
    /// empty main position. Returns false when there is no room (caller rehashes).
    fn insert_new(&mut self, key: Value, value: Value) -> bool {
        if self.nodes.is_empty() {
            return false;
        }
        let mut mp = self.main_position(key);
        if !self.nodes[mp].value.is_nil() {
            let Some(f) = self.free_position() else {
                return false;
            };
            let mut other = self.main_position(self.nodes[mp].key);
            if other != mp {
                // The colliding node is out of its main position: move it to the free node.
                while (other as i64 + self.nodes[other].next as i64) as usize != mp {
                    other = (other as i64 + self.nodes[other].next as i64) as usize;
                }
                self.nodes[other].next = (f as i64 - other as i64) as i32;
                self.nodes[f] = self.nodes[mp];
                if self.nodes[mp].next != 0 {
                    self.nodes[f].next += (mp as i64 - f as i64) as i32;
                    self.nodes[mp].next = 0;
                }
                self.nodes[mp].value = Value::Nil;
            } else {
                // The colliding node is in its main position: the new key goes to the free node.
                if self.nodes[mp].next != 0 {
                    self.nodes[f].next = (mp as i64 + self.nodes[mp].next as i64 - f as i64) as i32;
                } else {
                    self.nodes[f].next = 0;
                }
                self.nodes[mp].next = (f as i64 - mp as i64) as i32;
                mp = f;
            }
        }
        self.nodes[mp].key = key;
        self.nodes[mp].value = value;
        true
    }

    fn byte_size(&self) -> usize {
        self.array.capacity() * VALUE_SIZE + self.nodes.len() * NODE_SIZE
    }

    /// Recomputes the sizes of both parts for the current keys plus `extra`, as `rehash` does.
    fn rehash_sizes(&self, extra: Value) -> (usize, usize) {
        let mut nums = [0usize; 65];
        let mut total_int = 0usize;
        let mut total = 0usize;
        let count_int = |k: i64, nums: &mut [usize; 65]| {
            if k >= 1 {
                let b = 64 - ((k - 1) as u64).leading_zeros() as usize; // ceil(log2(k))
                nums[b] += 1;
                true
            } else {
                false
            }
        };
        for (i, v) in self.array.iter().enumerate() {
            if !v.is_nil() {
                count_int(i as i64 + 1, &mut nums);
                total_int += 1;
                total += 1;
            }
        }
        for n in &self.nodes {
            if !n.value.is_nil() {
                if let Value::Integer(k) = n.key {
                    if count_int(k, &mut nums) {
                        total_int += 1;
                    }
                }
                total += 1;
            }
        }
        if let Value::Integer(k) = extra {
            if count_int(k, &mut nums) {
                total_int += 1;
            }
        }
        total += 1;
        // computesizes
        let mut a = 0usize;
        let mut in_array = 0usize;
        let mut optimal = 0usize;
        let mut twotoi = 1usize;
        let mut i = 0;
        while i < 65 && twotoi > 0 && total_int > twotoi / 2 {
            a += nums[i];
            if a > twotoi / 2 {
                optimal = twotoi;
                in_array = a;
            }
            i += 1;
            twotoi = twotoi.wrapping_mul(2);
        }
        (optimal, total - in_array)
    }

    /// Rebuilds both parts with the given sizes (hash size rounded up to a power of two).
    fn resize(&mut self, array_size: usize, hash_count: usize) {
        let hash_size = if hash_count == 0 {
            0
        } else {
            hash_count.next_power_of_two()
        };
        let old_nodes = std::mem::replace(&mut self.nodes, vec![Node::default(); hash_size]);
        self.last_free = hash_size;
        if array_size < self.array.len() {
            // Rare (the array part shrinks): the tail moves into the new hash part.
            let tail = self.array.split_off(array_size);
            self.array.shrink_to_fit();
            for (i, v) in tail.into_iter().enumerate() {
                if !v.is_nil() {
                    self.raw_set_existing_capacity(Value::Integer((array_size + i + 1) as i64), v);
                }
            }
        } else {
            self.array.reserve_exact(array_size - self.array.len());
            self.array.resize(array_size, Value::Nil);
        }
        // Reinsert straight from the old nodes (no intermediate list of entries: a rehash of a
        // large table touches each entry once).
        for n in &old_nodes {
            if !n.value.is_nil() {
                self.raw_set_existing_capacity(n.key, n.value);
            }
        }
    }

    /// Stores during a resize: capacity is guaranteed by `rehash_sizes`.
    fn raw_set_existing_capacity(&mut self, key: Value, value: Value) {
        if let Value::Integer(i) = key {
            let idx = (i as u64).wrapping_sub(1);
            if idx < self.array.len() as u64 {
                self.array[idx as usize] = value;
                return;
            }
        }
        let inserted = self.insert_new(key, value);
        debug_assert!(inserted, "rehash computed too small a hash part");
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
    pub(crate) fn with_sizes(array: usize, hash: usize) -> Table {
        let t = Table::default();
        let inner = t.inner();
        inner.array = vec![Value::Nil; array];
        let hash_size = if hash == 0 {
            0
        } else {
            hash.next_power_of_two()
        };
        inner.nodes = vec![Node::default(); hash_size];
        inner.last_free = hash_size;
        t
    }

    /// Bytes this table accounts for (object plus both parts).
    pub(crate) fn heap_size(&self) -> usize {
        std::mem::size_of::<crate::value::GcBox<Table>>() + self.inner().byte_size()
    }

    /// `rawget(t, key)`.
    #[inline]
    pub fn get(&self, key: Value) -> Value {
        self.inner().get(key)
    }

    /// `rawget(t, i)` for an integer key: direct array access when in range.
    #[inline(always)]
    pub fn get_int(&self, i: i64) -> Value {
        self.inner().get_int(i)
    }

    /// `rawget(t, s)` for a string key (pointer comparison for short strings).
    #[inline(always)]
    pub fn get_str(&self, s: Gc<crate::object::string::LuaString>) -> Value {
        let inner = self.inner();
        inner
            .find_str(s)
            .map_or(Value::Nil, |i| inner.nodes[i].value)
    }

    /// `rawset(t, key, value)`. `heap` is charged for any growth of the parts.
    pub fn set(
        &self,
        heap: &mut crate::gc::Heap,
        key: Value,
        value: Value,
    ) -> Result<(), SetError> {
        let key = match key {
            Value::Nil => return Err(SetError::NilKey),
            Value::Float(f) if f.is_nan() => return Err(SetError::NanKey),
            k => normalize(k),
        };
        let inner = self.inner();
        inner.absent_cache = 0;
        if let Value::Integer(i) = key {
            let idx = (i as u64).wrapping_sub(1);
            if idx < inner.array.len() as u64 {
                inner.array[idx as usize] = value;
                return Ok(());
            }
        }
        if let Some(n) = inner.find_node(key) {
            inner.nodes[n].value = value;
            return Ok(());
        }
        if value.is_nil() {
            return Ok(());
        }
        if inner.insert_new(key, value) {
            return Ok(());
        }
        let before = inner.byte_size();
        let (array_size, hash_count) = inner.rehash_sizes(key);
        let after_estimate = array_size * VALUE_SIZE
            + if hash_count == 0 {
                0
            } else {
                hash_count.next_power_of_two() * NODE_SIZE
            };
        heap.charge(after_estimate as isize - before as isize)?;
        inner.resize(array_size, hash_count);
        let after = inner.byte_size();
        heap.adjust(after as isize - after_estimate as isize);
        // The key may now fall in the array part.
        if let Value::Integer(i) = key {
            let idx = (i as u64).wrapping_sub(1);
            if idx < inner.array.len() as u64 {
                inner.array[idx as usize] = value;
                return Ok(());
            }
        }
        let inserted = inner.insert_new(key, value);
        debug_assert!(inserted);
        Ok(())
    }

    /// `rawset(t, i, value)` for an integer key.
    #[inline(always)]
    pub fn set_int(
        &self,
        heap: &mut crate::gc::Heap,
        i: i64,
        value: Value,
    ) -> Result<(), SetError> {
        let inner = self.inner();
        let idx = (i as u64).wrapping_sub(1);
        if idx < inner.array.len() as u64 {
            inner.array[idx as usize] = value;
            return Ok(());
        }
        self.set(heap, Value::Integer(i), value)
    }

    /// If `key` already has a non-nil value, replaces it and returns true (the fast path of a
    /// store that needs no `__newindex`).
    #[inline(always)]
    pub fn replace_existing(&self, key: Value, value: Value) -> bool {
        let inner = self.inner();
        match key {
            Value::Integer(i) => {
                let idx = (i as u64).wrapping_sub(1);
                if idx < inner.array.len() as u64 {
                    let slot = &mut inner.array[idx as usize];
                    if !slot.is_nil() {
                        *slot = value;
                        return true;
                    }
                    return false;
                }
            }
            Value::String(s) => {
                if let Some(n) = inner.find_str(s) {
                    if !inner.nodes[n].value.is_nil() {
                        inner.nodes[n].value = value;
                        return true;
                    }
                }
                return false;
            }
            Value::Float(_) | Value::Nil => return false,
            _ => {}
        }
        if let Some(n) = inner.find_node(key) {
            if !inner.nodes[n].value.is_nil() {
                inner.nodes[n].value = value;
                return true;
            }
        }
        false
    }

    /// The length operator without metamethods (a border, as `luaH_getn`).
    pub fn len(&self) -> i64 {
        let inner = self.inner();
        let n = inner.array.len();
        if n > 0 && inner.array[n - 1].is_nil() {
            // Binary search for a border inside the array part.
            let (mut lo, mut hi) = (0usize, n);
            while hi - lo > 1 {
                let m = (lo + hi) / 2;
                if inner.array[m - 1].is_nil() {
                    hi = m;
                } else {
                    lo = m;
                }
            }
            return lo as i64;
        }
        if inner.nodes.is_empty() {
            return n as i64;
        }
        // Unbound search in the hash part.
        let mut i = n as u64;
        let mut j = i + 1;
        if inner.get_int(j as i64).is_nil() {
            return i as i64;
        }
        while !inner.get_int(j as i64).is_nil() {
            i = j;
            if j > (i64::MAX as u64) / 2 {
                // Overflow: linear search as ltable.c does.
                let mut k = 1u64;
                while !inner.get_int(k as i64).is_nil() {
                    k += 1;
                }
                return (k - 1) as i64;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if inner.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i as i64
    }

    /// Whether the table has no entries at all (used by `next` from nil fast path and tests).
    pub fn is_empty(&self) -> bool {
        let inner = self.inner();
        inner.array.iter().all(|v| v.is_nil()) && inner.nodes.iter().all(|n| n.value.is_nil())
    }

    /// `next(t, key)`: the entry after `key` (`Ok(None)` at the end), `Err(())` when `key` is
    /// not in the table.
    #[allow(clippy::result_unit_err)]
    pub fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        let inner = self.inner();
        let asize = inner.array.len();
        let mut index = match normalize(key) {
            Value::Nil => 0,
            Value::Integer(i) if i >= 1 && (i as u64) <= asize as u64 => i as usize,
            k => match inner.find_node(k) {
                Some(n) => asize + n + 1,
                None => return Err(()),
            },
        };
        while index < asize {
            let v = inner.array[index];
            if !v.is_nil() {
                return Ok(Some((Value::Integer(index as i64 + 1), v)));
            }
            index += 1;
        }
        let mut n = index - asize;
        while n < inner.nodes.len() {
            let node = inner.nodes[n];
            if !node.value.is_nil() {
                return Ok(Some((node.key, node.value)));
            }
            n += 1;
        }
        Ok(None)
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

    /// Calls `f` on every value reachable from the table (metatable, keys, values), for marking.
    pub(crate) fn for_each_reference(&self, mut f: impl FnMut(Value)) {
        let inner = self.inner();
        if let Some(mt) = inner.metatable {
            f(Value::Table(mt));
        }
        for v in &inner.array {
            f(*v);
        }
        for n in &inner.nodes {
            if !n.key.is_nil() {
                f(n.key);
                f(n.value);
            }
        }
    }

    /// Calls `f(key, value)` for every live entry (array part and nodes), for weak-table
    /// marking.
    pub(crate) fn for_each_entry(&self, mut f: impl FnMut(Value, Value)) {
        let inner = self.inner();
        for (i, v) in inner.array.iter().enumerate() {
            if !v.is_nil() {
                f(Value::Integer(i as i64 + 1), *v);
            }
        }
        for n in &inner.nodes {
            if !n.value.is_nil() {
                f(n.key, n.value);
            }
        }
    }

    /// Calls `f(key)` for every node key whose value is nil (dead entries kept for `next`).
    pub(crate) fn for_each_dead_key(&self, mut f: impl FnMut(Value)) {
        for n in &self.inner().nodes {
            if n.value.is_nil() && !n.key.is_nil() {
                f(n.key);
            }
        }
    }

    /// Removes the entries of a weak table whose weak part is dead (`clearbykeys` /
    /// `clearbyvalues`). A dead key is replaced by a tombstone (a NaN float, which no lookup
    /// can match because NaN keys are never stored) so the node never points at freed memory.
    pub(crate) fn clear_weak(
        &self,
        weak_keys: bool,
        weak_values: bool,
        is_dead: impl Fn(Value) -> bool,
    ) {
        let inner = self.inner();
        if weak_values {
            for v in inner.array.iter_mut() {
                if is_dead(*v) {
                    *v = Value::Nil;
                }
            }
        }
        for n in inner.nodes.iter_mut() {
            if n.key.is_nil() {
                continue;
            }
            let key_dead = weak_keys && is_dead(n.key);
            if key_dead || (weak_values && is_dead(n.value)) {
                n.value = Value::Nil;
            }
            if key_dead {
                n.key = Value::Float(f64::NAN);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gc::Heap;

    fn int(i: i64) -> Value {
        Value::Integer(i)
    }

    #[test]
    fn integer_keys_use_the_array_part_and_borders_follow_lua() {
        let mut heap = Heap::default();
        let t = Table::default();
        for i in 1..=100 {
            t.set(&mut heap, int(i), int(i * 2)).unwrap();
        }
        assert_eq!(t.len(), 100);
        assert!(t.array_size() >= 64);
        for i in 1..=100 {
            assert!(t.get_int(i).raw_eq(int(i * 2)));
        }
        t.set(&mut heap, int(100), Value::Nil).unwrap();
        assert_eq!(t.len(), 99);
        // A table built by a constructor with a trailing nil: border inside the array.
        let c = Table::with_sizes(4, 0);
        c.set(&mut heap, int(1), int(1)).unwrap();
        c.set(&mut heap, int(2), int(2)).unwrap();
        c.set(&mut heap, int(4), int(4)).unwrap();
        assert_eq!(c.len(), 4);
        c.set(&mut heap, int(4), Value::Nil).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(Table::default().len(), 0);
    }

    #[test]
    fn float_keys_with_integral_values_are_normalised() {
        let mut heap = Heap::default();
        let t = Table::default();
        t.set(&mut heap, Value::Float(3.0), int(7)).unwrap();
        assert!(t.get(int(3)).raw_eq(int(7)));
        t.set(&mut heap, Value::Float(0.5), int(1)).unwrap();
        t.set(&mut heap, int(2), int(2)).unwrap();
        assert!(t.get(Value::Float(0.5)).raw_eq(int(1)));
        assert!(t.get(Value::Float(2.5)).is_nil());
        assert!(t.get(Value::Float(f64::NAN)).is_nil());
        assert_eq!(
            t.set(&mut heap, Value::Float(f64::NAN), int(1)),
            Err(SetError::NanKey)
        );
        assert_eq!(t.set(&mut heap, Value::Nil, int(1)), Err(SetError::NilKey));
    }

    #[test]
    fn mixed_keys_survive_rehashes() {
        let mut heap = Heap::default();
        let t = Table::default();
        for i in 1..=200 {
            t.set(&mut heap, int(i), int(i)).unwrap();
            t.set(&mut heap, Value::Float(i as f64 + 0.5), int(-i))
                .unwrap();
            t.set(&mut heap, Value::Boolean(i % 2 == 0), int(i))
                .unwrap();
        }
        for i in 1..=200 {
            assert!(t.get(int(i)).raw_eq(int(i)), "int key {i}");
            assert!(
                t.get(Value::Float(i as f64 + 0.5)).raw_eq(int(-i)),
                "float key {i}"
            );
        }
        let mut count = 0;
        let mut k = Value::Nil;
        while let Ok(Some((nk, _))) = t.next(k) {
            count += 1;
            k = nk;
        }
        assert_eq!(count, 402);
    }

    #[test]
    fn next_tolerates_assignment_to_existing_fields() {
        let mut heap = Heap::default();
        let t = Table::default();
        for i in 0..50 {
            t.set(&mut heap, Value::Float(i as f64 + 0.25), int(i))
                .unwrap();
        }
        let mut k = Value::Nil;
        let mut seen = 0;
        while let Ok(Some((nk, _))) = t.next(k) {
            // Clear and overwrite during traversal: allowed, must not disturb the order.
            t.set(&mut heap, nk, Value::Nil).unwrap();
            seen += 1;
            k = nk;
        }
        assert_eq!(seen, 50);
        assert!(t.is_empty());
        assert!(t.next(Value::Float(1000.5)).is_err());
    }
}
