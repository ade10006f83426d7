//! Coroutines' native stacks, counted against the process's memory-mapping limit.
//!
//! Each native stack is one `mmap` with a guard page below it: two mappings, the guard's and
//! the stack's. Linux allows a process `vm.max_map_count` mappings (65,530 by default). When
//! suspended coroutines used them all, the next `malloc` that needed a mapping failed, and
//! Rust's allocation-failure handler aborted the process: about 32,700 suspended coroutines
//! crashed tsukimi where lua5.4 keeps going. The runtime's code never checks `malloc`.
//!
//! So every stack is a [`CountedStack`]. A process-wide counter goes up when one is mapped
//! and down when it is dropped, whichever path drops it: the pool, a finished coroutine, or a
//! collected thread. A new stack is refused once the count reaches [`stack_cap`]: half the
//! mapping limit, less [`RESERVED_MAPPINGS`] for everything else (libraries, malloc's
//! large blocks, other threads' stacks). A refused stack is a "not enough memory" error at
//! that resume, which the script can catch; the process and its allocator keep working.
//!
//! Invariant: `LIVE_STACKS` equals the number of `CountedStack` values alive in the
//! process, because only [`CountedStack::new`] increments it and only `Drop` decrements it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use corosensei::stack::{DefaultStack, Stack, StackPointer};

/// Mappings left for everything other than coroutine stacks.
const RESERVED_MAPPINGS: usize = 4096;

/// `vm.max_map_count` when it cannot be read (Linux's default).
const DEFAULT_MAX_MAP_COUNT: usize = 65530;

/// Native stacks mapped in this process now (all `Vm`s together: the limit is per process).
static LIVE_STACKS: AtomicUsize = AtomicUsize::new(0);

/// How many native stacks a limit of `max_map_count` mappings leaves room for.
pub(crate) fn stack_cap_for(max_map_count: usize) -> usize {
    max_map_count.saturating_sub(RESERVED_MAPPINGS) / 2
}

/// The most native stacks this process may have mapped at once (read once).
pub(crate) fn stack_cap() -> usize {
    static CAP: OnceLock<usize> = OnceLock::new();
    *CAP.get_or_init(|| {
        let max = std::fs::read_to_string("/proc/sys/vm/max_map_count")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(DEFAULT_MAX_MAP_COUNT);
        stack_cap_for(max)
    })
}

/// A coroutine's native stack, counted while it is mapped.
pub(crate) struct CountedStack(DefaultStack);

impl CountedStack {
    /// Maps a stack of `size` bytes, or `None` when the process is at [`stack_cap`] or the
    /// mapping fails.
    pub(crate) fn new(size: usize) -> Option<CountedStack> {
        let cap = stack_cap();
        let mut live = LIVE_STACKS.load(Ordering::Relaxed);
        loop {
            if live >= cap {
                return None;
            }
            match LIVE_STACKS.compare_exchange_weak(
                live,
                live + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => live = now,
            }
        }
        match DefaultStack::new(size) {
            Ok(stack) => Some(CountedStack(stack)),
            Err(_) => {
                LIVE_STACKS.fetch_sub(1, Ordering::Relaxed);
                None
            }
        }
    }
}

impl Drop for CountedStack {
    fn drop(&mut self) {
        // The `DefaultStack` inside unmaps itself right after this.
        LIVE_STACKS.fetch_sub(1, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to the `DefaultStack` this value owns, which implements
// `Stack` soundly; the wrapper adds no state the stack's users could observe, and the memory
// stays mapped exactly as long as the wrapper (it drops the `DefaultStack` with itself).
unsafe impl Stack for CountedStack {
    #[inline]
    fn base(&self) -> StackPointer {
        self.0.base()
    }

    #[inline]
    fn limit(&self) -> StackPointer {
        self.0.limit()
    }

    #[cfg(windows)]
    #[inline]
    fn teb_fields(&self) -> corosensei::stack::StackTebFields {
        self.0.teb_fields()
    }

    #[cfg(windows)]
    #[inline]
    fn update_teb_fields(&mut self, stack_limit: usize, guaranteed_stack_bytes: usize) {
        self.0
            .update_teb_fields(stack_limit, guaranteed_stack_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_other_mappings() {
        assert_eq!(stack_cap_for(65530), 30717);
        assert_eq!(stack_cap_for(100), 0);
        assert!(stack_cap() > 0);
    }

    #[test]
    fn stacks_are_counted_while_mapped() {
        // Other tests may map stacks concurrently, so only this test's own effect on the
        // count is checked: it never goes below what this test holds.
        let stacks: Vec<CountedStack> =
            (0..4).filter_map(|_| CountedStack::new(64 << 10)).collect();
        assert_eq!(stacks.len(), 4);
        assert!(LIVE_STACKS.load(Ordering::Relaxed) >= 4);
        for s in &stacks {
            assert!(s.base().get() > s.limit().get());
        }
    }
}
