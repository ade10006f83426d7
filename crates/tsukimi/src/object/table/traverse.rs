//! Reading a table as a whole: the border `#t` (`luaH_getn`), `next` (`luaH_next`) and the
//! walks the collector makes over keys and values (marking, weak tables, ephemerons).
//!
//! Traversal order is array part (keys 1..=n in order), then nodes in index order. `next`
//! from a key finds that key's node and continues after it, so assigning to existing fields
//! during a traversal (nil included: the key stays as a dead key) never changes the order;
//! only inserting a new key can rehash, which Lua leaves undefined.
//!
//! Finding the key's node hashes it and reads its main position, usually a node far from
//! the one the previous step returned and no longer in the cache: in a `pairs` loop over a
//! big hash part that miss was most of the step (69% of `next`'s samples on tablefill's
//! sparse table). So `next_hinted` takes the index the previous step returned and, when that
//! node still holds the key, continues after it without hashing. The node's key is compared
//! as lookups compare it, so a wrong or stale hint (another table, a rehash) only falls back
//! to the lookup.
//!
//! The collector sees every key that is still in a node, dead or alive (dead keys stay
//! marked until the next rehash drops them, so `next` never meets a dangling key). Keys it
//! removes from weak tables become `TAG_COLLECTED` tombstones: no lookup matches them, no
//! walk reports them, and they are dropped by the next rehash.

use super::{Table, TableInner};
use crate::value::Value;

/// A step of `next`: the key, the value and the position it was found at (for the next
/// step's hint); `Ok(None)` past the last entry; `Err(())` when the key is not in the table.
pub(crate) type NextEntry = Result<Option<(Value, Value, usize)>, ()>;

/// Whether `v` references a heap object (string, table, function, userdata, thread).
#[inline(always)]
fn is_object(v: Value) -> bool {
    super::node::tag_of(v) >= super::node::TAG_STRING
}

/// `ispow2` of `lobject.h` (0 counts as a power of two).
fn is_pow2(x: usize) -> bool {
    x & x.wrapping_sub(1) == 0
}

/// `binsearch`: a border in `(i, j]` of the array part, given `array[i - 1]` present (or
/// `i == 0`) and `array[j - 1]` absent.
fn binary_search(array: &[Value], mut i: usize, mut j: usize) -> usize {
    while j - i > 1 {
        let m = (i + j) / 2;
        if array[m - 1].is_nil() {
            j = m;
        } else {
            i = m;
        }
    }
    i
}

impl TableInner {
    /// `luaH_getn`, step for step: a border, found from the `length_hint` (`alimit`) by the
    /// same probes and binary searches, updating the hint the same way. Which border a
    /// table with holes reports depends on those probes (and on earlier `#` calls, through
    /// the hint), so they must be exactly Lua's.
    pub(super) fn border(&mut self) -> u64 {
        let size = self.array.len();
        let mut limit = self.length_hint as usize;
        // Whether the array's real size is a power of two (`ispow2realasize`): only then may
        // the hint move away from the size.
        let size_is_pow2 = is_pow2(size);
        if limit > 0 && self.array[limit - 1].is_nil() {
            // (1) There is a border before `limit`.
            if limit >= 2 && !self.array[limit - 2].is_nil() {
                if size_is_pow2 && !is_pow2(limit - 1) {
                    self.length_hint = super::saturate_u32(limit - 1);
                }
                return (limit - 1) as u64;
            }
            let boundary = binary_search(&self.array, 0, limit);
            if size_is_pow2 && boundary > size / 2 {
                self.length_hint = super::saturate_u32(boundary);
            }
            return boundary as u64;
        }
        if limit != size {
            // (2) `limit` is present and the array goes on after it.
            if self.array[limit].is_nil() {
                return limit as u64;
            }
            limit = size;
            if self.array[limit - 1].is_nil() {
                let boundary = binary_search(&self.array, self.length_hint as usize, limit);
                self.length_hint = super::saturate_u32(boundary);
                return boundary as u64;
            }
        }
        // (3) The array part is empty or full: continue in the hash part.
        if self.nodes.is_dummy() || self.get_int_from_hash(limit as i64 + 1).is_nil() {
            return limit as u64;
        }
        self.hash_border(limit as u64)
    }

    /// `hash_search`: `t[j + 1]` is present (`j` is the array size); find a border beyond.
    fn hash_border(&mut self, mut j: u64) -> u64 {
        const MAX: u64 = i64::MAX as u64;
        let mut i;
        if j == 0 {
            j = 1;
        }
        loop {
            i = j;
            if j <= MAX / 2 {
                j *= 2;
            } else {
                j = MAX;
                if self.get_int(j as i64).is_nil() {
                    break;
                }
                return j;
            }
            if self.get_int(j as i64).is_nil() {
                break;
            }
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// `next(t, key)` given `hint`, the position the step that returned `key` reported
    /// (array slots first, then nodes): see `Table::next_hinted`.
    pub(super) fn next_hinted(&self, key: Value, hint: Option<usize>) -> NextEntry {
        let asize = self.array.len();
        let key = super::normalize(key);
        let hinted = hint.and_then(|h| {
            let node = self.nodes.as_slice().get(h.checked_sub(asize)?)?;
            let matches = !key.is_nil() && node.key_is(super::node::KeyBits::of(key));
            matches.then_some(h + 1)
        });
        let found = hinted.or_else(|| match key {
            Value::Nil => Some(0),
            Value::Integer(i) if i >= 1 && (i as u64) <= asize as u64 => Some(i as usize),
            Value::Integer(i) => self.find_int(i).map(|n| asize + n + 1),
            Value::String(s) => self.find_str(s).map(|n| asize + n + 1),
            k => self.find(k).map(|n| asize + n + 1),
        });
        let Some(mut index) = found else {
            return Err(());
        };
        while index < asize {
            let v = self.array[index];
            if !v.is_nil() {
                return Ok(Some((Value::Integer(index as i64 + 1), v, index)));
            }
            index += 1;
        }
        let nodes = self.nodes.as_slice();
        for (n, node) in nodes.iter().enumerate().skip(index - asize) {
            if !node.value_is_nil() {
                return Ok(Some((node.key(), node.value(), asize + n)));
            }
        }
        Ok(None)
    }
}

impl Table {
    /// Calls `f` on every object reachable from the table (metatable, keys, values), for
    /// marking. Values that are not objects (nil, booleans, numbers) are skipped here: the
    /// marker has nothing to do for them, and a tag test is cheaper than the call.
    pub(crate) fn for_each_reference(&self, mut f: impl FnMut(Value)) {
        let inner = self.inner();
        if let Some(mt) = inner.metatable {
            f(Value::Table(mt));
        }
        for v in inner.array.iter() {
            if is_object(*v) {
                f(*v);
            }
        }
        for n in inner.nodes.as_slice() {
            if n.key_is_object() {
                f(n.key());
            }
            // A value is non-nil only in a node with a key (free nodes hold nil).
            if n.value_is_object() {
                f(n.value());
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
        for n in inner.nodes.as_slice() {
            if !n.value_is_nil() {
                f(n.key(), n.value());
            }
        }
    }

    /// Calls `f(key)` for every node key whose value is nil (dead entries kept for `next`).
    pub(crate) fn for_each_dead_key(&self, mut f: impl FnMut(Value)) {
        for n in self.inner().nodes.as_slice() {
            if n.value_is_nil() && n.key_is_live() {
                f(n.key());
            }
        }
    }

    /// Removes the entries of a weak table whose weak part is dead (`clearbykeys` /
    /// `clearbyvalues`). A dead key becomes a collected tombstone, so the node never points
    /// at freed memory and no lookup can match it.
    pub(crate) fn clear_weak(
        &self,
        weak_keys: bool,
        weak_values: bool,
        is_dead: impl Fn(Value) -> bool,
    ) {
        let inner = self.inner();
        inner.note_lookup_change();
        if weak_values {
            for v in inner.array.iter_mut() {
                if is_dead(*v) {
                    *v = Value::Nil;
                }
            }
        }
        for n in inner.nodes.as_mut_slice() {
            if !n.key_is_live() {
                continue;
            }
            let key_dead = weak_keys && is_dead(n.key());
            if key_dead || (weak_values && is_dead(n.value())) {
                n.set_value(Value::Nil);
            }
            if key_dead {
                n.set_key_collected();
            }
        }
    }
}
