//! Free lists of small heap blocks, so the objects a Lua program makes and drops by the
//! million (tables and their small array and node parts, strings, closures, upvalue cells)
//! reuse memory without a trip through the system allocator.
//!
//! **Why.** A Lua state runs on its own native thread (`start_thread` in profiles), so glibc's
//! `malloc`/`free` take their multi-threaded paths (atomic fastbin operations, arena checks),
//! and a freed chunk is revisited (its `fd` word read) when it is handed out again. Here a
//! freed block goes onto a per-size stack of pointers and the next allocation of that size
//! pops it: a few instructions, and the block itself is not read before the caller writes it.
//!
//! **Size classes.** Requests of at most [`MAX_POOLED`] bytes with an alignment of at most
//! [`GRANULE`] are rounded up to a multiple of `GRANULE` (16: what malloc rounds to anyway)
//! and served from that class. Larger or over-aligned requests go straight to the system
//! allocator.
//!
//! **Invariants.**
//! - every block in class `c` was allocated from the system allocator with exactly
//!   `class_layout(c)`; a block is released into class `c` only when its request layout maps
//!   to `c` (`block_layout`), and every pooled allocation was made with `block_layout` of its
//!   request, so a block is always freed with the layout it was allocated with;
//! - pooled blocks are free memory: they are not charged to the heap's accounting (objects are
//!   charged their exact size when made and credited it when freed);
//! - `pooled_bytes` is the total size of the blocks on the free lists. The heap trims the pool
//!   after every sweep to what the next cycle can reuse before the collector runs again, so
//!   peak memory does not grow because of it; dropping the pool returns everything;
//! - once `release_directly` was called (the heap's close), released blocks are freed at
//!   once with their `block_layout`, and the free lists stay empty.
//!
//! **Prefetch.** Popping a block prefetches the one below it on the same free list: the next
//! allocation of that class writes it, and blocks freed by a sweep have usually left the
//! cache by then.

use std::alloc::Layout;
use std::ptr::NonNull;

/// Class granularity and the largest alignment a pooled block provides.
pub(crate) const GRANULE: usize = 16;
/// Largest pooled request, in bytes.
pub(crate) const MAX_POOLED: usize = 256;
const CLASSES: usize = MAX_POOLED / GRANULE;

/// The class of a request, if it is pooled.
#[inline(always)]
fn class_of(layout: Layout) -> Option<usize> {
    if layout.size() == 0 || layout.size() > MAX_POOLED || layout.align() > GRANULE {
        return None;
    }
    Some((layout.size() - 1) / GRANULE)
}

/// The layout every block of class `class` is allocated with.
#[inline(always)]
fn class_layout(class: usize) -> Layout {
    // A multiple of GRANULE (a power of two) no larger than MAX_POOLED: always valid.
    match Layout::from_size_align((class + 1) * GRANULE, GRANULE) {
        Ok(layout) => layout,
        Err(_) => Layout::new::<[u128; 1]>(),
    }
}

/// The layout a request is actually allocated with: its class's layout when pooled, the
/// request itself otherwise. Freeing a block without the pool must use this layout.
#[inline(always)]
pub(crate) fn block_layout(layout: Layout) -> Layout {
    match class_of(layout) {
        Some(class) => class_layout(class),
        None => layout,
    }
}

/// Free lists of blocks, one per size class.
pub(crate) struct BlockPool {
    classes: [Vec<NonNull<u8>>; CLASSES],
    pooled_bytes: usize,
    /// Released blocks go straight back to the system allocator (set while the heap frees
    /// everything at close: pooling blocks nobody will allocate again only to free them
    /// afterwards cost a push, a pop and the free lists' growth per block).
    direct: bool,
}

impl Default for BlockPool {
    fn default() -> Self {
        BlockPool {
            classes: std::array::from_fn(|_| Vec::new()),
            pooled_bytes: 0,
            direct: false,
        }
    }
}

impl BlockPool {
    /// A block for `layout` (its contents are uninitialized). `None` when the system
    /// allocator fails. The block must be released with the same `layout` (through
    /// [`BlockPool::release`], or `dealloc` with [`block_layout`]).
    #[inline]
    pub(crate) fn allocate(&mut self, layout: Layout) -> Option<NonNull<u8>> {
        let block_layout = match class_of(layout) {
            Some(class) => {
                let free = &mut self.classes[class];
                if let Some(block) = free.pop() {
                    // The next allocation of this class writes the block below this one,
                    // which has usually left the cache since it was freed (the sweep frees
                    // a whole heap's worth): fetch it now, one allocation ahead.
                    if let Some(next) = free.last() {
                        super::prefetch::prefetch(next.as_ptr() as usize);
                    }
                    self.pooled_bytes -= class_layout(class).size();
                    return Some(block);
                }
                class_layout(class)
            }
            None => layout,
        };
        Self::allocate_from_system(block_layout)
    }

    /// A fresh block from the system allocator (out of line: the pool's hits stay small).
    #[inline(never)]
    fn allocate_from_system(block_layout: Layout) -> Option<NonNull<u8>> {
        if block_layout.size() == 0 {
            // Never the case for heap objects (they all have a header); a dangling aligned
            // pointer is what `release` expects back for a zero-sized request.
            return NonNull::new(block_layout.align() as *mut u8);
        }
        // While the out-of-memory reserve is spent, the heap takes nothing from the system:
        // the allocation fails as "not enough memory" (`tsukimi-memory`).
        if crate::memory_reserve::is_low() {
            return None;
        }
        // SAFETY: the layout has a non-zero size (checked above).
        NonNull::new(unsafe { std::alloc::alloc(block_layout) })
    }

    /// Returns a block to the pool (or to the system allocator when it is not pooled).
    ///
    /// # Safety
    /// `block` came from [`BlockPool::allocate`] (of any pool) with this `layout`, is not used
    /// afterwards, and holds nothing that needs dropping any more.
    #[inline]
    pub(crate) unsafe fn release(&mut self, block: NonNull<u8>, layout: Layout) {
        if self.direct {
            // SAFETY: forwarded from the caller.
            return unsafe { Self::free_block(block, layout) };
        }
        match class_of(layout) {
            Some(class) => {
                let free = &mut self.classes[class];
                if free.len() == free.capacity() {
                    // SAFETY: forwarded from the caller.
                    return unsafe { self.release_growing(block, layout, class) };
                }
                free.push(block);
                self.pooled_bytes += class_layout(class).size();
            }
            None if layout.size() == 0 => {}
            // SAFETY: unpooled blocks were allocated with exactly `layout` (see `allocate`).
            None => unsafe { std::alloc::dealloc(block.as_ptr(), layout) },
        }
    }

    /// `release` into a full free list, which grows first. Without memory for a longer list,
    /// the block goes back to the system allocator instead.
    ///
    /// # Safety
    /// As [`BlockPool::release`]; `class` is `layout`'s class.
    #[cold]
    #[inline(never)]
    unsafe fn release_growing(&mut self, block: NonNull<u8>, layout: Layout, class: usize) {
        let free = &mut self.classes[class];
        if free.try_reserve(1).is_err() {
            // SAFETY: forwarded from the caller.
            return unsafe { Self::free_block(block, layout) };
        }
        free.push(block);
        self.pooled_bytes += class_layout(class).size();
    }

    /// Empties the free lists and, from now on, frees released blocks at once instead of
    /// pooling them (the heap's close).
    pub(crate) fn release_directly(&mut self) {
        self.trim(0);
        self.direct = true;
    }

    /// Frees a released block at once, at close or when its free list cannot grow (out of
    /// line, so that the hot `release` stays small enough to inline).
    ///
    /// # Safety
    /// As [`BlockPool::release`].
    #[cold]
    #[inline(never)]
    unsafe fn free_block(block: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: every block was allocated with `block_layout` of its request (module
            // invariant), and the caller hands it over.
            unsafe { std::alloc::dealloc(block.as_ptr(), block_layout(layout)) };
        }
    }

    /// Bytes held on the free lists.
    pub(crate) fn pooled_bytes(&self) -> usize {
        self.pooled_bytes
    }

    /// Gives blocks back to the system allocator until at most `keep` bytes stay pooled.
    /// Each class keeps a share of `keep` proportional to its current size, so the mix of
    /// sizes the program just freed (the mix it is likely to allocate again) is preserved.
    pub(crate) fn trim(&mut self, keep: usize) {
        if self.pooled_bytes <= keep {
            return;
        }
        let total = self.pooled_bytes as u128;
        for (class, blocks) in self.classes.iter_mut().enumerate() {
            let size = class_layout(class).size();
            let bytes = (blocks.len() * size) as u128;
            let share = (bytes * keep as u128 / total) as usize;
            let keep_blocks = share / size;
            while blocks.len() > keep_blocks {
                if let Some(block) = blocks.pop() {
                    // SAFETY: every block in class `class` was allocated with this layout and
                    // is free (module invariant).
                    unsafe { std::alloc::dealloc(block.as_ptr(), class_layout(class)) };
                    self.pooled_bytes -= size;
                }
            }
            if blocks.capacity() > 2 * blocks.len() + 64 {
                blocks.shrink_to(blocks.len() * 2);
            }
        }
    }
}

impl Drop for BlockPool {
    fn drop(&mut self) {
        self.trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::{block_layout, BlockPool, GRANULE, MAX_POOLED};
    use std::alloc::Layout;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn requests_round_up_to_their_class_and_large_ones_pass_through() {
        assert_eq!(block_layout(layout(1, 1)), layout(16, 16));
        assert_eq!(block_layout(layout(40, 8)), layout(48, 16));
        assert_eq!(block_layout(layout(80, 8)), layout(80, 16));
        assert_eq!(block_layout(layout(256, 8)), layout(256, 16));
        assert_eq!(block_layout(layout(257, 8)), layout(257, 8));
        assert_eq!(block_layout(layout(64, 32)), layout(64, 32));
    }

    /// A released block is handed out again for any request of its class; blocks are
    /// writable over their whole class size and aligned; trimming and dropping give memory
    /// back (valgrind-clean).
    #[test]
    fn blocks_are_reused_within_a_class() {
        let mut pool = BlockPool::default();
        let mut held = Vec::new();
        for size in 1..=300 {
            let l = layout(size, 8);
            let b = pool.allocate(l).unwrap();
            assert_eq!(b.as_ptr() as usize % 8, 0);
            // SAFETY: the block has at least `size` bytes.
            unsafe { b.as_ptr().write_bytes(0xAB, size) };
            held.push((b, l));
        }
        for (b, l) in held.drain(..) {
            // SAFETY: allocated above with this layout, not used again.
            unsafe { pool.release(b, l) };
        }
        assert_eq!(
            pool.pooled_bytes(),
            (1..=MAX_POOLED)
                .map(|s| s.div_ceil(GRANULE) * GRANULE)
                .sum::<usize>()
        );
        let a = pool.allocate(layout(33, 8)).unwrap();
        let b = pool.allocate(layout(48, 8)).unwrap();
        assert_ne!(a, b);
        // SAFETY: both blocks are 48-byte class blocks.
        unsafe {
            a.as_ptr().write_bytes(1, 48);
            b.as_ptr().write_bytes(2, 48);
            pool.release(a, layout(40, 8));
            pool.release(b, layout(48, 8));
        }
        pool.trim(1000);
        assert!(pool.pooled_bytes() <= 1000);
        pool.trim(0);
        assert_eq!(pool.pooled_bytes(), 0);
        for size in [8, 100, 256, 1000] {
            let l = layout(size, 8);
            let b = pool.allocate(l).unwrap();
            // SAFETY: allocated above with this layout.
            unsafe { pool.release(b, l) };
        }
        // At close, released blocks are freed at once (valgrind sees them freed).
        let held: Vec<_> = [24, 200, 300]
            .iter()
            .map(|&size| (pool.allocate(layout(size, 8)).unwrap(), layout(size, 8)))
            .collect();
        pool.release_directly();
        assert_eq!(pool.pooled_bytes(), 0);
        for (b, l) in held {
            // SAFETY: allocated above with this layout, not used again.
            unsafe { pool.release(b, l) };
        }
        assert_eq!(pool.pooled_bytes(), 0);
    }
}
