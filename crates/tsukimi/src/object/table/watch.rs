//! Watched tables and the lookup epoch: what lets the interpreter's method cache
//! (`vm/method_cache.rs`) keep the result of an `__index` walk without walking again.
//!
//! A cached walk depends on a few tables: the metatable it started from (its `__index`
//! field), each `__index` table on the way (the method name's entry and the table's own
//! metatable), and their metatables. The walk marks every one of them *watched*. Any change
//! to a watched table that could change a string key's lookup then advances the process-wide
//! [`lookup_epoch`], and a cache entry is valid only for the epoch it was filled in. The
//! changes that count:
//! - a store of a string key (a new key, a replaced value, a removal): `set`,
//!   `replace_existing`, `replace_str_with`, `probe_store`, `store_probed`;
//! - a new metatable (`set_metatable`);
//! - the collector clearing weak entries (`clear_weak`) or freeing the table
//!   (`release_parts`): a cached value may then be freed, or the address reused.
//!
//! Integer-keyed stores never count: they cannot change what a string key finds. A change
//! clears the table's mark, since no entry filled before it is valid any more; the next walk
//! through the table marks it again. So a table written in a loop after the walks that used
//! it costs one epoch step, not one per store.
//!
//! The epoch is one static shared by every `Vm` of the process: a table belongs to one `Vm`,
//! whose code runs on one thread at a time, so a step taken by another `Vm` only makes entries
//! miss, and relaxed atomics are enough (a step only has to be seen by its own thread).

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Table, TableInner};

/// Starts at 1 so that an empty cache entry (epoch 0) never matches.
static LOOKUP_EPOCH: AtomicU64 = AtomicU64::new(1);

/// The current lookup epoch: cache entries filled now are valid until a watched table
/// changes.
#[inline(always)]
pub(crate) fn lookup_epoch() -> u64 {
    LOOKUP_EPOCH.load(Ordering::Relaxed)
}

/// A watched table changed: every cached walk is invalid from now on.
#[cold]
#[inline(never)]
fn advance_epoch() {
    LOOKUP_EPOCH.fetch_add(1, Ordering::Relaxed);
}

impl TableInner {
    /// Called before any change that could alter a string key's lookup or the metatable.
    #[inline(always)]
    pub(super) fn note_lookup_change(&mut self) {
        if self.watched {
            self.watched = false;
            advance_epoch();
        }
    }
}

impl Table {
    /// Marks the table as one a cached walk depends on (see the module essay).
    #[inline(always)]
    pub(crate) fn watch(&self) {
        self.inner().watched = true;
    }

    /// Whether the table is marked (tests).
    #[cfg(test)]
    pub(crate) fn is_watched(&self) -> bool {
        self.inner().watched
    }
}
