//! The array part's storage: `len` values in one raw block, from the heap's block pool when
//! small (at most 16 values: `gc::pool::MAX_POOLED` bytes) and from the system allocator
//! otherwise.
//!
//! **Why not a `Vec`.** A `Vec` can only free itself into the system allocator, so every
//! `{left, right}` of binarytrees paid a `malloc` and a `free` for its two slots. An
//! [`ArrayPart`] is allocated from a [`BlockPool`] and given back to it explicitly
//! ([`ArrayPart::release`]) where the table is freed (the sweep) or resized. It is also 16
//! bytes (pointer and length) where a `Vec` is 24.
//!
//! **Capacity.** The block holds [`capacity_for`]`(len)` values, a function of the length
//! alone (so it needs no field): small parts (at most [`SMALL_SLOTS`]) round up to a power of
//! two, at least 2, larger ones are exact. `{f(), g()}` makes a 1-slot part that SETLIST then grows to 2
//! (`luac` does not count a multi-value tail in NEWTABLE's hint); with the rounding that
//! growth stays in the same block. The heap is charged for the capacity: the real size.
//!
//! **Invariants.**
//! - `len == 0` exactly when the part owns no block (`ptr` is then dangling, never read);
//! - otherwise `ptr` is a block allocated with `block_layout(Self::layout(len))` (the pool
//!   allocates every request with that layout, pooled or not; `layout` is the layout of
//!   `capacity_for(len)` values), whose first `len` values are initialised; `len` changes
//!   only together with the block, or within it when the capacity stays the same;
//! - hence a part can always be freed without the pool (`Drop`: `dealloc` with
//!   `block_layout`), and a block may be released into any pool (the pool's invariant asks
//!   for exactly that layout);
//! - all-zero bytes are `Value::Nil` (tag word 0), so new slots are zeroed by writing.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

use crate::gc::pool::{block_layout, BlockPool};
use crate::value::Value;

/// Parts of up to this many slots have a power-of-two capacity (all of them pooled blocks).
pub(super) const SMALL_SLOTS: usize = 16;

/// `capacity_for` of the small lengths, as a table (one load on the paths that make tables).
const SMALL_CAPACITY: [u8; SMALL_SLOTS + 1] = {
    let mut table = [0u8; SMALL_SLOTS + 1];
    let mut len = 1;
    while len <= SMALL_SLOTS {
        let mut capacity = 2;
        while capacity < len {
            capacity *= 2;
        }
        table[len] = capacity as u8;
        len += 1;
    }
    table
};

/// The number of values the block of a `len`-slot part holds (see the module essay): the
/// next power of two, at least 2, for small parts; `len` itself otherwise.
#[inline(always)]
pub(super) fn capacity_for(len: usize) -> usize {
    match SMALL_CAPACITY.get(len) {
        Some(&capacity) => capacity as usize,
        None => len,
    }
}

/// The array part of a table: `len` values (see the module essay).
pub(super) struct ArrayPart {
    ptr: NonNull<Value>,
    len: usize,
}

impl Default for ArrayPart {
    fn default() -> Self {
        ArrayPart::empty()
    }
}

/// The array part could not be allocated (the system allocator refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AllocFailed;

/// Largest number of 8-byte words zeroed or copied by an inline loop: a pooled block's
/// size (`MAX_POOLED`, 256 bytes). Bigger ranges call `memset`/`memcpy`.
const INLINE_WORDS: usize = 32;

/// Zeroes `words` 8-byte words at `p`. Small ranges (every pooled block) are written by an
/// inline loop: a `memset` call costs more than the stores for the one- to eight-node
/// parts small tables have. The stores are volatile only so that LLVM keeps them a loop
/// instead of turning them back into that call.
///
/// # Safety
/// `p` is valid for writes of `words` words and 8-aligned.
#[inline(always)]
pub(super) unsafe fn zero_words(p: *mut u64, words: usize) {
    if words <= INLINE_WORDS {
        for i in 0..words {
            // SAFETY: `i < words` (caller's contract).
            unsafe { p.add(i).write_volatile(0) };
        }
    } else {
        // SAFETY: as the caller guarantees.
        unsafe { p.write_bytes(0, words) };
    }
}

/// Copies `count` values from `from` to `to` (distinct blocks), inline for small counts as
/// [`zero_words`] does.
///
/// # Safety
/// `from` is valid for reading and `to` for writing `count` values, and they do not overlap.
#[inline(always)]
unsafe fn copy_values(from: *const Value, to: *mut Value, count: usize) {
    if count * 2 <= INLINE_WORDS {
        for i in 0..count {
            // SAFETY: `i < count` (caller's contract); each slot is a valid value.
            unsafe { crate::value::store_value(to.add(i), crate::value::load_value(from.add(i))) };
        }
    } else {
        // SAFETY: as the caller guarantees.
        unsafe { std::ptr::copy_nonoverlapping(from, to, count) };
    }
}

impl ArrayPart {
    /// No slots, no block.
    pub(super) const fn empty() -> ArrayPart {
        ArrayPart {
            ptr: NonNull::dangling(),
            len: 0,
        }
    }

    /// `len` nil slots.
    pub(super) fn with_len(pool: &mut BlockPool, len: usize) -> Result<ArrayPart, AllocFailed> {
        if len == 0 {
            return Ok(ArrayPart::empty());
        }
        let layout = Self::layout(len).ok_or(AllocFailed)?;
        let block = pool.allocate(layout).ok_or(AllocFailed)?.cast::<Value>();
        // SAFETY: the block holds at least `len` values (allocated for that layout, 16-byte
        // values of two words each, 8-aligned) and is used by nothing else; all-zero bytes
        // are `Value::Nil`.
        unsafe { zero_words(block.as_ptr().cast(), len * 2) };
        Ok(ArrayPart { ptr: block, len })
    }

    /// The request layout of the block of a `len`-slot part (`None` past `isize::MAX`
    /// bytes).
    #[inline(always)]
    fn layout(len: usize) -> Option<Layout> {
        Layout::array::<Value>(capacity_for(len)).ok()
    }

    /// Bytes a part of `len` slots occupies: its capacity in values (the heap's accounting).
    #[inline(always)]
    pub(super) fn byte_size_for(len: usize) -> usize {
        capacity_for(len).saturating_mul(std::mem::size_of::<Value>())
    }

    /// Number of slots.
    #[inline(always)]
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Changes the number of slots to `new_len`: the first `min(len, new_len)` values are
    /// kept, new slots are nil. The block stays when the capacity does; otherwise the old
    /// block goes back to `pool` (or is reallocated in place when both sizes are beyond the
    /// pool's classes). On failure nothing changed.
    pub(super) fn set_len(
        &mut self,
        pool: &mut BlockPool,
        new_len: usize,
    ) -> Result<(), AllocFailed> {
        if new_len == self.len {
            return Ok(());
        }
        if self.len == 0 {
            *self = ArrayPart::with_len(pool, new_len)?;
            return Ok(());
        }
        if new_len == 0 {
            self.release(pool);
            return Ok(());
        }
        let old_layout = Self::layout(self.len).ok_or(AllocFailed)?;
        let new_layout = Self::layout(new_len).ok_or(AllocFailed)?;
        let old_block = block_layout(old_layout);
        let new_block = block_layout(new_layout);
        let kept = self.len.min(new_len);
        let ptr = if old_layout == new_layout {
            // Same capacity: the block already holds `new_len` values.
            self.ptr
        } else if old_block == old_layout && new_block == new_layout {
            // Both unpooled: let the system allocator grow or shrink in place if it can.
            // SAFETY: `ptr` was allocated with `old_layout` (unpooled blocks keep the request
            // layout, module invariant); the new size is non-zero and a valid layout size.
            let raw = unsafe {
                alloc::realloc(self.ptr.as_ptr() as *mut u8, old_layout, new_layout.size())
            };
            // A failed realloc leaves the old block untouched.
            NonNull::new(raw as *mut Value).ok_or(AllocFailed)?
        } else {
            let fresh = pool
                .allocate(new_layout)
                .ok_or(AllocFailed)?
                .cast::<Value>();
            // SAFETY: both blocks hold at least `kept` values and are distinct allocations;
            // the old block is released once and not used afterwards.
            unsafe {
                copy_values(self.ptr.as_ptr(), fresh.as_ptr(), kept);
                pool.release(self.ptr.cast(), old_layout);
            }
            fresh
        };
        if new_len > kept {
            // SAFETY: the block holds `new_len` values; slots `kept..new_len` are ours to
            // initialise (all-zero bytes are nil).
            unsafe { zero_words(ptr.as_ptr().add(kept).cast(), (new_len - kept) * 2) };
        }
        self.ptr = ptr;
        self.len = new_len;
        Ok(())
    }

    /// Gives the block back to `pool`, leaving an empty part.
    pub(super) fn release(&mut self, pool: &mut BlockPool) {
        let part = std::mem::take(self);
        if part.len == 0 {
            return;
        }
        let part = std::mem::ManuallyDrop::new(part);
        if let Some(layout) = Self::layout(part.len) {
            // SAFETY: the block was allocated by a pool for this request layout (module
            // invariant), holds only plain values (no destructors), and `part` is forgotten,
            // so it is released exactly once.
            unsafe { pool.release(part.ptr.cast(), layout) };
        }
    }

    /// The slots.
    #[inline(always)]
    pub(super) fn as_slice(&self) -> &[Value] {
        // SAFETY: `ptr` holds `len` initialised values (or `len` is 0 and the dangling,
        // aligned pointer is valid for an empty slice).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The slots, for writing.
    #[inline(always)]
    pub(super) fn as_mut_slice(&mut self) -> &mut [Value] {
        // SAFETY: as in `as_slice`; `&mut self` makes this the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl std::ops::Deref for ArrayPart {
    type Target = [Value];
    #[inline(always)]
    fn deref(&self) -> &[Value] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for ArrayPart {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Value] {
        self.as_mut_slice()
    }
}

impl Drop for ArrayPart {
    fn drop(&mut self) {
        if self.len == 0 {
            return;
        }
        if let Some(layout) = Self::layout(self.len) {
            // SAFETY: the block was allocated with `block_layout(layout)`, whether it came
            // from a pool's free list or straight from the system allocator (module
            // invariant); it is freed once, here.
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, block_layout(layout)) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(pool: &mut BlockPool, len: usize) -> ArrayPart {
        let mut part = ArrayPart::with_len(pool, len).unwrap();
        for (i, v) in part.iter_mut().enumerate() {
            *v = Value::Integer(i as i64);
        }
        part
    }

    fn holds_prefix(part: &ArrayPart, kept: usize) -> bool {
        part.iter().enumerate().all(|(i, v)| {
            if i < kept {
                v.raw_eq(Value::Integer(i as i64))
            } else {
                v.is_nil()
            }
        })
    }

    /// Every resize between sizes on both sides of the pooled boundary (16 values) keeps the
    /// values it should and fills the rest with nil; released and dropped parts are
    /// valgrind-clean.
    #[test]
    fn resizes_across_the_pooled_boundary_keep_values() {
        let mut pool = BlockPool::default();
        let sizes = [0, 1, 2, 3, 4, 15, 16, 17, 32, 100];
        for &from in &sizes {
            for &to in &sizes {
                let mut part = filled(&mut pool, from);
                part.set_len(&mut pool, to).unwrap();
                assert_eq!(part.len(), to);
                assert!(holds_prefix(&part, from.min(to)), "{from} -> {to}");
                if to % 2 == 0 {
                    part.release(&mut pool);
                    assert_eq!(part.len(), 0);
                }
            }
        }
    }

    /// Small parts have power-of-two capacities: growing within one (SETLIST's 1 -> 2 after
    /// `{f(), g()}`) keeps the block and nils the new slots; past it, the block moves.
    #[test]
    fn growth_within_the_capacity_keeps_the_block() {
        let mut pool = BlockPool::default();
        for (from, to, same) in [(1, 2, true), (3, 4, true), (5, 8, true), (8, 9, false)] {
            let mut part = filled(&mut pool, from);
            let block = part.as_ptr();
            part.set_len(&mut pool, to).unwrap();
            assert_eq!(part.as_ptr() == block, same, "{from} -> {to}");
            assert!(holds_prefix(&part, from));
        }
        assert_eq!(
            (0..=20).map(capacity_for).collect::<Vec<_>>(),
            [0, 2, 2, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16, 17, 18, 19, 20]
        );
    }

    /// A block released into the pool is handed out again for the next part of its class.
    #[test]
    fn small_parts_come_back_from_the_pool() {
        let mut pool = BlockPool::default();
        let mut a = filled(&mut pool, 2);
        let first = a.as_ptr();
        a.release(&mut pool);
        let b = ArrayPart::with_len(&mut pool, 2).unwrap();
        assert_eq!(b.as_ptr(), first);
        assert!(b.iter().all(|v| v.is_nil()), "reused slots are nil again");
        // Dropped without the pool: freed with the class layout.
        drop(b);
    }
}
