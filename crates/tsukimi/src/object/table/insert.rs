//! Storing into the hash part: one chain walk per store (`luaH_set` + `luaH_newkey`).
//!
//! A store computes the key's main position once, walks the chain from it, and either finds
//! the key (alive or dead: a dead key's node is reused, which keeps `next` stable) or, at the
//! end of the chain, inserts the key using the main position it already has. `ltable.c`
//! splits this into `luaH_get` then `luaH_newkey`, which computes the main position again.
//!
//! Insertion is Brent's variation of chained scatter tables, as `luaH_newkey`: a key whose
//! main position is taken by a key *not* in its own main position evicts that key to a free
//! node (relinking its chain), so every chain starts at its keys' main position; otherwise
//! the new key goes to a free node linked right after its main position. Free nodes come
//! from `last_free` scanning downwards; when it reaches 0 the caller rehashes. A main
//! position whose value is nil (free, dead or collected key) is simply overwritten: its
//! `next` link is kept, so chains passing through it stay intact.

use super::node::KeyBits;
use super::TableInner;
use crate::value::Value;

/// What a store into the hash part did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HashStore {
    /// The value was stored (or nil was stored for an absent key: nothing to do).
    Done,
    /// The key is absent and there is no free node: rehash, then store again.
    Full,
}

impl TableInner {
    /// Stores `value` under `key` (normalised, not nil, not NaN, not in the array part's
    /// range) with a single chain walk.
    #[inline(always)]
    pub(super) fn store_in_hash(&mut self, key: Value, value: Value) -> HashStore {
        let bits = KeyBits::of(key);
        let mp = self.main_position(key);
        if let Some(n) = self.walk(mp, bits) {
            self.nodes.at_mut(n).set_value(value);
            return HashStore::Done;
        }
        if value.is_nil() || self.insert_absent(bits, mp, value) {
            HashStore::Done
        } else {
            HashStore::Full
        }
    }

    /// Inserts the key packed as `bits`, whose main position is `mp`, known to be absent. Returns false
    /// when there is no free node (the caller rehashes).
    pub(super) fn insert_absent(&mut self, bits: KeyBits, mut mp: usize, value: Value) -> bool {
        if self.nodes.is_dummy() {
            return false;
        }
        if !self.nodes.at(mp).value.is_nil() {
            let Some(free) = self.nodes.free_position() else {
                return false;
            };
            let colliding = *self.nodes.at(mp);
            let mut other = self.main_position(colliding.key());
            if other != mp {
                // The colliding key is out of its main position: move it to the free node and
                // relink its predecessor; the new key takes `mp`.
                loop {
                    let next = self.nodes.step(other, self.nodes.at(other).next);
                    if next == mp {
                        break;
                    }
                    other = next;
                }
                self.nodes.at_mut(other).next = link(other, free);
                let mut moved = colliding;
                if colliding.next != 0 {
                    moved.next = link(free, self.nodes.step(mp, colliding.next));
                    self.nodes.at_mut(mp).next = 0;
                }
                *self.nodes.at_mut(free) = moved;
                self.nodes.at_mut(mp).value = Value::Nil;
            } else {
                // The colliding key is in its main position: the new key goes to the free
                // node, linked right after `mp`.
                let after = if colliding.next != 0 {
                    link(free, self.nodes.step(mp, colliding.next))
                } else {
                    0
                };
                self.nodes.at_mut(free).next = after;
                self.nodes.at_mut(mp).next = link(mp, free);
                mp = free;
            }
        }
        let node = self.nodes.at_mut(mp);
        node.set_key(bits);
        node.set_value(value);
        true
    }
}

/// The chain offset from node `from` to node `to` (both indices below the node count, which
/// is at most 2^31 nodes as every size is accounted against memory first).
#[inline(always)]
fn link(from: usize, to: usize) -> i32 {
    (to as i64 - from as i64) as i32
}
