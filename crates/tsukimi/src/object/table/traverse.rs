//! Reading a table as a whole: the border `#t` (`luaH_getn`), `next` (`luaH_next`) and the
//! walks the collector makes over keys and values (marking, weak tables, ephemerons).
//!
//! Traversal order is array part (keys 1..=n in order), then nodes in index order. `next`
//! from a key finds that key's node and continues after it, so assigning to existing fields
//! during a traversal (nil included: the key stays as a dead key) never changes the order;
//! only inserting a new key can rehash, which Lua leaves undefined.
//!
//! The collector sees every key that is still in a node, dead or alive (dead keys stay
//! marked until the next rehash drops them, so `next` never meets a dangling key). Keys it
//! removes from weak tables become `TAG_COLLECTED` tombstones: no lookup matches them, no
//! walk reports them, and they are dropped by the next rehash.

use super::{Table, TableInner};
use crate::value::Value;

impl TableInner {
    /// `luaH_getn`: a border, found by binary search in the array part when its last slot is
    /// nil, else by an unbound search in the hash part.
    pub(super) fn border(&self) -> i64 {
        let n = self.array.len();
        if n > 0 && self.array[n - 1].is_nil() {
            let (mut lo, mut hi) = (0usize, n);
            while hi - lo > 1 {
                let m = (lo + hi) / 2;
                if self.array[m - 1].is_nil() {
                    hi = m;
                } else {
                    lo = m;
                }
            }
            return lo as i64;
        }
        if self.nodes.is_dummy() {
            return n as i64;
        }
        self.hash_border(n as u64)
    }

    /// `hash_search`: the array part is full up to `n`; look for a border beyond it.
    fn hash_border(&self, n: u64) -> i64 {
        let mut i = n;
        let mut j = i + 1;
        if self.get_int(j as i64).is_nil() {
            return i as i64;
        }
        while !self.get_int(j as i64).is_nil() {
            i = j;
            if j > (i64::MAX as u64) / 2 {
                // Overflow: linear search, as ltable.c does.
                let mut k = 1u64;
                while !self.get_int(k as i64).is_nil() {
                    k += 1;
                }
                return (k - 1) as i64;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i as i64
    }

    /// `next(t, key)`: see `Table::next`.
    pub(super) fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        let asize = self.array.len();
        let mut index = match super::normalize(key) {
            Value::Nil => 0,
            Value::Integer(i) if i >= 1 && (i as u64) <= asize as u64 => i as usize,
            k => match self.find(k) {
                Some(n) => asize + n + 1,
                None => return Err(()),
            },
        };
        while index < asize {
            let v = self.array[index];
            if !v.is_nil() {
                return Ok(Some((Value::Integer(index as i64 + 1), v)));
            }
            index += 1;
        }
        let nodes = self.nodes.as_slice();
        for node in nodes.iter().skip(index - asize) {
            if !node.value.is_nil() {
                return Ok(Some((node.key(), node.value)));
            }
        }
        Ok(None)
    }
}

impl Table {
    /// Calls `f` on every value reachable from the table (metatable, keys, values), for marking.
    pub(crate) fn for_each_reference(&self, mut f: impl FnMut(Value)) {
        let inner = self.inner();
        if let Some(mt) = inner.metatable {
            f(Value::Table(mt));
        }
        for v in &inner.array {
            f(*v);
        }
        for n in inner.nodes.as_slice() {
            if n.key_is_live() {
                f(n.key());
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
        for n in inner.nodes.as_slice() {
            if !n.value.is_nil() {
                f(n.key(), n.value);
            }
        }
    }

    /// Calls `f(key)` for every node key whose value is nil (dead entries kept for `next`).
    pub(crate) fn for_each_dead_key(&self, mut f: impl FnMut(Value)) {
        for n in self.inner().nodes.as_slice() {
            if n.value.is_nil() && n.key_is_live() {
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
            if key_dead || (weak_values && is_dead(n.value)) {
                n.value = Value::Nil;
            }
            if key_dead {
                n.set_key_collected();
            }
        }
    }
}
