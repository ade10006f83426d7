//! Rehashing: choosing both parts' sizes from the keys actually present (`ltable.c`'s
//! `rehash`, `numusearray`, `numusehash`, `computesizes`) and rebuilding the parts
//! (`luaH_resize`).
//!
//! The array part gets the largest power of two `n` such that more than `n/2` of the keys
//! `1..=n` are present; every other live key goes to the hash part, rounded up to a power of
//! two. The sizes must be exactly `ltable.c`'s: the border `#t` returns for a table with holes
//! depends on where each key lives.
//!
//! The rebuild reinserts straight from the old node array (no intermediate list of entries),
//! array tail first, then nodes in index order, so a rehash touches each entry once and the
//! new traversal order is a function of the old one. Dead and collected keys are dropped.
//! Memory is charged to the heap before anything is allocated; the accounting (`byte_size`)
//! is the array block's capacity plus node count times their sizes, the same numbers `heap_size` reports
//! when the table is freed. The parts' blocks come from the heap's block pool and the old
//! ones go back to it (`array.rs`, `node.rs`); a rebuild allocates both new blocks before
//! it moves anything, so a failed allocation leaves the table and the accounting as they
//! were.

use super::array::{AllocFailed, ArrayPart};
use super::node::{NodeArray, TAG_INTEGER};
use super::{SetError, TableInner, NODE_SIZE};
use crate::gc::pool::BlockPool;
use crate::gc::Heap;
use crate::value::Value;

/// The largest array part SETLIST may preallocate, and past which the append shortcut
/// leaves growth to the full count (`MAXASIZE` of `ltable.c` is 2^31; 2^30 slots are 16 GiB).
const MAX_ARRAY_SIZE: usize = 1 << 30;

/// `ceil(log2(k))` slice of `nums` a positive integer key counts in.
#[inline(always)]
fn count_slice(k: u64) -> usize {
    64 - (k - 1).leading_zeros() as usize
}

impl TableInner {
    /// Bytes the parts occupy (for the heap's accounting).
    pub(super) fn byte_size(&self) -> usize {
        ArrayPart::byte_size_for(self.array.len()) + self.nodes.len() * NODE_SIZE
    }

    /// Sizes of both parts for the current live keys plus `extra` (the key being inserted):
    /// (array size, number of keys for the hash part).
    fn rehash_sizes(&self, extra: Value) -> (usize, usize) {
        // nums[b]: number of positive integer keys in (2^(b-1), 2^b].
        let mut nums = [0u32; 65];
        let mut total_int = 0usize;
        let mut total = 0usize;
        for (i, v) in self.array.iter().enumerate() {
            if !v.is_nil() {
                nums[count_slice(i as u64 + 1)] += 1;
                total_int += 1;
            }
        }
        total += total_int;
        for n in self.nodes.as_slice() {
            if !n.value.is_nil() {
                let key = n.key_bits();
                if key.tag == TAG_INTEGER && (key.payload as i64) >= 1 {
                    nums[count_slice(key.payload)] += 1;
                    total_int += 1;
                }
                total += 1;
            }
        }
        if let Value::Integer(k) = extra {
            if k >= 1 {
                nums[count_slice(k as u64)] += 1;
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
            a += nums[i] as usize;
            if a > twotoi / 2 {
                optimal = twotoi;
                in_array = a;
            }
            i += 1;
            twotoi = twotoi.wrapping_mul(2);
        }
        (optimal, total - in_array)
    }

    /// The sizes `rehash_sizes` would compute, found without counting, in the common case of
    /// appending `n + 1` to a full array part `1..=n` with no hash part: keys `1..=n + 1` are
    /// all present, so `computesizes` picks the smallest power of two holding them (more
    /// than half of it is used, and no larger one is) and nothing goes to the hash part.
    /// None in every other case.
    fn append_sizes(&self, key: Value) -> Option<(usize, usize)> {
        let Value::Integer(k) = key else {
            return None;
        };
        let n = self.array.len();
        if !self.nodes.is_dummy() || k as u64 != n as u64 + 1 || n >= MAX_ARRAY_SIZE {
            return None;
        }
        if self.array.iter().any(|v| v.is_nil()) {
            return None;
        }
        Some(((n + 1).next_power_of_two(), 0))
    }

    /// Bytes the parts will take after `resize(array_size, hash_count)` (saturated).
    fn size_after(array_size: usize, hash_count: usize) -> usize {
        let hash_size = if hash_count == 0 {
            0
        } else {
            hash_count.checked_next_power_of_two().unwrap_or(usize::MAX)
        };
        ArrayPart::byte_size_for(array_size).saturating_add(hash_size.saturating_mul(NODE_SIZE))
    }

    /// Resizes to `array_size` and room for `hash_count` keys, charging `heap` first; the
    /// parts come from and go back to `heap.pool`. On failure (memory limit, or the system
    /// allocator refusing) the table and the accounting are unchanged.
    fn resize_charged(
        &mut self,
        heap: &mut Heap,
        array_size: usize,
        hash_count: usize,
    ) -> Result<(), SetError> {
        let before = self.byte_size();
        let estimate = Self::size_after(array_size, hash_count);
        heap.charge(estimate as isize - before as isize)?;
        if self.resize(&mut heap.pool, array_size, hash_count).is_err() {
            heap.adjust(before as isize - estimate as isize);
            return Err(SetError::Memory);
        }
        let after = self.byte_size();
        heap.adjust(after as isize - estimate as isize);
        Ok(())
    }

    /// The full table path of a store that found no room: rehash for the current keys plus
    /// `key`, then store. Out of line: it runs once per growth step.
    #[inline(never)]
    pub(super) fn grow_and_store(
        &mut self,
        heap: &mut Heap,
        key: Value,
        value: Value,
    ) -> Result<(), SetError> {
        let (array_size, hash_count) = match self.append_sizes(key) {
            Some(sizes) => sizes,
            None => self.rehash_sizes(key),
        };
        self.resize_charged(heap, array_size, hash_count)?;
        // The key may now fall in the array part.
        if let Value::Integer(i) = key {
            let idx = (i as u64).wrapping_sub(1);
            if idx < self.array.len() as u64 {
                self.store_array_slot(idx as usize, value);
                return Ok(());
            }
        }
        let stored = self.store_in_hash(key, value);
        debug_assert_eq!(
            stored,
            super::insert::HashStore::Done,
            "rehash left no room"
        );
        Ok(())
    }

    /// `luaH_resizearray` for SETLIST: grows the array part to exactly `size` slots when it
    /// is smaller, keeping the hash part's size (entries move to the array part when their
    /// keys now fall inside it). A size beyond what an array part may hold (only a forged
    /// chunk can ask for one) is a memory error, as `luaH_resize` refuses it, rather than
    /// an allocation attempt that could abort the process.
    #[allow(dead_code)] // Reached through `Table::reserve_array`.
    pub(super) fn reserve_array(&mut self, heap: &mut Heap, size: usize) -> Result<(), SetError> {
        if size <= self.array.len() {
            return Ok(());
        }
        if size > MAX_ARRAY_SIZE {
            return Err(SetError::Memory);
        }
        if self.nodes.is_dummy() {
            // Only the array part changes (constructors with a multi-value tail:
            // `{f(), g()}` makes a 1-slot part that SETLIST grows to 2): no rebuild.
            // Growth within the block's capacity costs nothing (`array.rs`).
            let grown = ArrayPart::byte_size_for(size) - ArrayPart::byte_size_for(self.array.len());
            heap.charge(grown as isize)?;
            if self.array.set_len(&mut heap.pool, size).is_err() {
                heap.adjust(-(grown as isize));
                return Err(SetError::Memory);
            }
            self.length_hint = super::saturate_u32(size);
            return Ok(());
        }
        let hash_count = self.nodes.len();
        self.resize_charged(heap, size, hash_count)
    }

    /// Rebuilds both parts with the given sizes (hash size rounded up to a power of two).
    /// Both new blocks are allocated before anything moves, so a failure leaves the table
    /// as it was; the old blocks go back to `pool`.
    pub(super) fn resize(
        &mut self,
        pool: &mut BlockPool,
        array_size: usize,
        hash_count: usize,
    ) -> Result<(), AllocFailed> {
        let hash_size = if hash_count == 0 {
            0
        } else {
            hash_count.checked_next_power_of_two().ok_or(AllocFailed)?
        };
        let mut new_nodes = NodeArray::with_len(pool, hash_size)?;
        let mut old_array = ArrayPart::empty();
        if array_size < self.array.len() {
            // Rare (the array part shrinks): the tail moves into the new hash part, from a
            // copy of the old part made before anything changes.
            let mut kept = match ArrayPart::with_len(pool, array_size) {
                Ok(kept) => kept,
                Err(failed) => {
                    new_nodes.release(pool);
                    return Err(failed);
                }
            };
            kept.copy_from_slice(&self.array[..array_size]);
            old_array = std::mem::replace(&mut self.array, kept);
        } else if let Err(failed) = self.array.set_len(pool, array_size) {
            new_nodes.release(pool);
            return Err(failed);
        }
        let mut old_nodes = std::mem::replace(&mut self.nodes, new_nodes);
        self.length_hint = super::saturate_u32(array_size);
        for (i, v) in old_array.iter().enumerate().skip(array_size) {
            if !v.is_nil() {
                self.store_with_room(Value::Integer((i + 1) as i64), *v);
            }
        }
        old_array.release(pool);
        for n in old_nodes.as_slice() {
            if !n.value.is_nil() {
                self.store_with_room(n.key(), n.value);
            }
        }
        old_nodes.release(pool);
        Ok(())
    }

    /// A store during `resize`: the sizes were computed for every key, so there is room.
    #[inline(always)]
    fn store_with_room(&mut self, key: Value, value: Value) {
        if let Value::Integer(i) = key {
            let idx = (i as u64).wrapping_sub(1);
            if idx < self.array.len() as u64 {
                self.store_array_slot(idx as usize, value);
                return;
            }
        }
        let bits = super::node::KeyBits::of(key);
        let mp = self.main_position(key);
        let inserted = self.insert_absent(bits, mp, value);
        debug_assert!(inserted, "rehash computed too small a hash part");
    }
}
