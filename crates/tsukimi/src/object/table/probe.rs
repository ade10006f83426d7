//! Stores in two steps with one lookup, as `luaV_fastset` + `luaV_finishset` pass a slot.
//!
//! A store instruction first tries the fast path: replace the value of a key that has one.
//! When that misses, Lua must look for `__newindex` before storing, and then stores into the
//! slot the first lookup found (a nil array slot, a dead key's node) or inserts the absent
//! key. [`Table::probe_store`] is that first step: it replaces when it can and otherwise
//! returns a [`StoreProbe`] saying where the key belongs; [`Table::store_probed`] finishes
//! the store from the probe without looking the key up again (an absent key is inserted at
//! the main position the probe computed: no second chain walk, no second integer division).
//!
//! Contract: a probe is used only for the table and key it was made for, and nothing may
//! store into that table in between (only metatable reads happen there: the `__newindex`
//! lookup). `store_probed` still checks what it cheaply can (the slot index against the
//! array size, a dead node's key against the key) and falls back to a full store when a
//! check fails, so a misused probe can cost time but never memory safety; every index is
//! masked anyway (`node.rs`).

use super::node::{KeyBits, TAG_STRING};
use super::{SetError, Table, TableInner};
use crate::gc::Heap;
use crate::value::Value;

/// Where a store's key belongs, found by [`Table::probe_store`] when it did not replace a
/// value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreProbe {
    /// The key had a non-nil value, which was replaced: the store is done.
    Replaced,
    /// The key's array slot (this index) holds nil.
    ArraySlot(usize),
    /// The key is in this node with a nil value (a dead key: reused, as `next` needs).
    DeadNode(usize),
    /// The key is absent; its chain starts at this node (its main position).
    Absent(usize),
    /// Not probed (float and nil keys, long strings): store with the full path.
    Unknown,
}

impl TableInner {
    /// The probe of an integer key past the length hint (out of line: cold for arrays).
    #[inline(never)]
    fn probe_int_slow(&mut self, i: i64, value: Value) -> StoreProbe {
        if let Some(index) = self.array_index_beyond_hint(i) {
            if self.array_slot(index).is_nil() {
                return StoreProbe::ArraySlot(index);
            }
            self.store_array_slot(index, value);
            return StoreProbe::Replaced;
        }
        let mp = self.int_main_position(i);
        self.probe_hash(mp, KeyBits::integer(i), value)
    }

    /// Walks the chain from `mp` for `key`: replaces a live value, or says where to store.
    #[inline(always)]
    fn probe_hash(&mut self, mp: usize, key: KeyBits, value: Value) -> StoreProbe {
        match self.walk(mp, key) {
            Some(n) => {
                let node = self.nodes.at_mut(n);
                if node.value_is_nil() {
                    return StoreProbe::DeadNode(n);
                }
                node.set_value(value);
                StoreProbe::Replaced
            }
            None => StoreProbe::Absent(mp),
        }
    }
}

impl Table {
    /// The fast path of a store (`luaV_fastset`): replaces the value of `key` when it has a
    /// non-nil one (`Replaced`), else reports where the key belongs, for `store_probed`.
    #[inline(always)]
    pub fn probe_store(&self, key: Value, value: Value) -> StoreProbe {
        let inner = self.inner();
        match key {
            Value::Integer(i) => {
                let Some(index) = inner.below_hint(i) else {
                    return inner.probe_int_slow(i, value);
                };
                if inner.array_slot(index).is_nil() {
                    return StoreProbe::ArraySlot(index);
                }
                inner.store_array_slot(index, value);
                StoreProbe::Replaced
            }
            Value::String(s) if s.is_short() => {
                inner.note_lookup_change();
                let key = KeyBits {
                    tag: TAG_STRING,
                    payload: s.addr() as u64,
                };
                let mp = (s.hash() as usize) & inner.nodes.mask();
                inner.probe_hash(mp, key, value)
            }
            Value::Float(_) | Value::Nil | Value::String(_) => StoreProbe::Unknown,
            _ => {
                let mp = inner.main_position(key);
                inner.probe_hash(mp, KeyBits::of(key), value)
            }
        }
    }

    /// Finishes a store that `probe_store` did not complete (`luaH_finishset`), after the
    /// caller found no `__newindex`: stores into the probed slot, or inserts the absent key
    /// at its probed main position. `heap` is charged for any growth. The array-slot case
    /// (appending to a sequence) is inlined; the others are out of line.
    #[inline(always)]
    pub fn store_probed(
        &self,
        heap: &mut Heap,
        key: Value,
        value: Value,
        probe: StoreProbe,
    ) -> Result<(), SetError> {
        let inner = self.inner();
        if let StoreProbe::ArraySlot(index) = probe {
            if index < inner.array.len() {
                inner.store_array_slot(index, value);
                inner.absent_cache = 0;
                return Ok(());
            }
        }
        self.store_probed_slow(heap, key, value, probe)
    }

    /// `store_probed` for dead nodes, absent keys and unprobed keys.
    #[inline(never)]
    fn store_probed_slow(
        &self,
        heap: &mut Heap,
        key: Value,
        value: Value,
        probe: StoreProbe,
    ) -> Result<(), SetError> {
        let inner = self.inner();
        if let Value::String(_) = key {
            inner.note_lookup_change();
        }
        match probe {
            StoreProbe::DeadNode(n) if inner.nodes.at(n).key_bits() == KeyBits::of(key) => {
                inner.absent_cache = 0;
                inner.nodes.at_mut(n).set_value(value);
                Ok(())
            }
            StoreProbe::Absent(mp) if !matches!(key, Value::Float(_) | Value::Nil) => {
                inner.absent_cache = 0;
                if value.is_nil() {
                    return Ok(());
                }
                if !inner.nodes.is_dummy() && inner.insert_absent(KeyBits::of(key), mp, value) {
                    return Ok(());
                }
                inner.grow_and_store(heap, key, value)
            }
            _ => self.set(heap, key, value),
        }
    }
}
