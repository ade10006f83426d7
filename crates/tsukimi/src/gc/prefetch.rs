//! A small FIFO that lets the marker overlap the cache misses of mark-bit tests.
//!
//! Marking a large heap is bound by memory latency: testing a child's mark bit reads its
//! header, which is rarely in cache (a tree of small tables is spread over megabytes). Instead
//! of testing a child at once, the marker issues a prefetch for its header and puts it at the
//! back of this ring; it tests (and marks) the object that falls out of the front, which was
//! prefetched [`RING`] discoveries earlier and has usually arrived by then. This is the
//! prefetch-on-grey FIFO of Cher, Hosking and Vijaykumar, "Software Prefetching for Mark-Sweep
//! Garbage Collection" (ASPLOS 2004), also used by the Boehm collector.
//!
//! Invariant kept by the marker (`collect.rs`): an object in the ring is *discovered* but its
//! mark is not yet decided, so nothing may read marks to draw conclusions (weak-table
//! clearing, ephemeron convergence, finalizer separation) until the ring has been drained.
//! The marker drains it at the end of every propagation.

use super::GcObject;
use crate::object::table::Table;
use crate::value::GcBox;

/// Discoveries in flight. Large enough to cover a memory latency with the work of marking
/// one object between discoveries, small enough to stay in L1.
pub(crate) const RING: usize = 16;

/// A fixed-size FIFO of discovered objects.
pub(crate) struct PrefetchRing {
    slots: [Option<GcObject>; RING],
    /// Index of the oldest entry.
    head: usize,
    len: usize,
}

impl Default for PrefetchRing {
    fn default() -> Self {
        PrefetchRing {
            slots: [None; RING],
            head: 0,
            len: 0,
        }
    }
}

impl PrefetchRing {
    /// Adds a discovered object (prefetching its header); when the ring is full, returns the
    /// oldest entry for the caller to test and mark.
    #[inline(always)]
    pub(crate) fn push(&mut self, obj: GcObject) -> Option<GcObject> {
        prefetch(obj.addr());
        // A table's header spans two cache lines; its traversal (right after its mark is
        // set) reads both.
        if let GcObject::Table(_) = obj {
            prefetch(obj.addr() + std::mem::size_of::<GcBox<Table>>() - 1);
        }
        if self.len < RING {
            self.slots[(self.head + self.len) % RING] = Some(obj);
            self.len += 1;
            return None;
        }
        let oldest = self.slots[self.head].replace(obj);
        self.head = (self.head + 1) % RING;
        oldest
    }

    /// Removes and returns the oldest entry.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<GcObject> {
        if self.len == 0 {
            return None;
        }
        let oldest = self.slots[self.head].take();
        self.head = (self.head + 1) % RING;
        self.len -= 1;
        oldest
    }

    /// Whether no discovery is pending.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Hints the processor to fetch the cache line at `addr`. Never faults, whatever the address.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unused_unsafe)]
pub(super) fn prefetch(addr: usize) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: `prefetcht0` is an SSE instruction (always present on x86_64) and never faults
    // or changes memory, whatever the address; it is only a hint.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(addr as *const i8) };
}

/// No prefetch instruction used on other targets: the ring only reorders the tests.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(super) fn prefetch(_addr: usize) {}

#[cfg(test)]
mod tests {
    use super::{PrefetchRing, RING};
    use crate::gc::{GcObject, Heap};

    #[test]
    fn the_ring_is_first_in_first_out_and_gives_everything_back() {
        let mut heap = Heap::default();
        let objs: Vec<GcObject> = (0..RING * 2 + 3)
            .map(|i| GcObject::String(heap.alloc_string(format!("s{i}").as_bytes()).unwrap()))
            .collect();
        let mut ring = PrefetchRing::default();
        let mut out = Vec::new();
        for o in &objs {
            out.extend(ring.push(*o));
        }
        assert_eq!(out.len(), objs.len() - RING);
        while let Some(o) = ring.pop() {
            out.push(o);
        }
        assert!(ring.is_empty());
        let addrs = |v: &[GcObject]| v.iter().map(|o| o.addr()).collect::<Vec<_>>();
        assert_eq!(addrs(&out), addrs(&objs));
        heap.free_all();
    }
}
