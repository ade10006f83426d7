//! Finding keys: main positions and chain walks (`ltable.c`'s `mainposition`, `getgeneric`,
//! `luaH_getshortstr`, `luaH_getint`).
//!
//! `main_position` is the only place that maps a key to a node: integer keys by `key mod
//! ((size - 1) | 1)` (`hashint`: nearby keys land in nearby nodes, so sequences and strided
//! keys fill and traverse memory almost sequentially), everything else by `hash & mask`.
//! Every chain starts at the main position of all its keys, so a walk from there sees each
//! key at most once. Walks compare packed keys (`node::KeyBits`); the specialised walks for
//! strings and integers build the packed key from what they already know and never unpack a
//! node's key.
//!
//! Invariant the callers rely on: a walk reports only a node whose key equals the non-nil key
//! it was given. Empty hash parts read the shared dummy node (nil key, no link), so no walk
//! tests for emptiness and none can report the dummy.

use super::node::{KeyBits, TAG_STRING};
use super::TableInner;
use crate::object::string::LuaString;
use crate::value::{Gc, Value};

#[inline(always)]
fn mix(h: u64) -> u64 {
    let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// The hash of a non-integer key (integers use `int_main_position`'s modulo instead).
#[inline]
fn key_hash(key: Value) -> u64 {
    match key {
        Value::Integer(i) => mix(i as u64),
        Value::Float(f) => mix(f.to_bits()),
        Value::Boolean(b) => mix(b as u64 + 1),
        Value::String(s) => s.hash(),
        other => mix(other.object_addr() as u64 >> 3),
    }
}

impl TableInner {
    /// `hashint`: `i mod ((size - 1) | 1)`, as unsigned. The divisor is odd, so a power-of-two
    /// stride still cycles through every node; for an empty part (mask 0) it is 1 and every
    /// key reads the dummy. Keys and divisors that fit 32 bits (nearly all) take a 32-bit
    /// division, several times cheaper than a 64-bit one; the result is the same number.
    #[inline(always)]
    pub(super) fn int_main_position(&self, i: i64) -> usize {
        let key = i as u64;
        let modulus = (self.nodes.mask() | 1) as u64;
        if (key | modulus) <= u32::MAX as u64 {
            ((key as u32) % (modulus as u32)) as usize
        } else {
            (key % modulus) as usize
        }
    }

    /// The node where the chain for `key` starts.
    #[inline(always)]
    pub(super) fn main_position(&self, key: Value) -> usize {
        match key {
            Value::Integer(i) => self.int_main_position(i),
            _ => (key_hash(key) as usize) & self.nodes.mask(),
        }
    }

    /// Walks the chain from `start` for the packed key `key` (never nil).
    #[inline(always)]
    pub(super) fn walk(&self, start: usize, key: KeyBits) -> Option<usize> {
        let mut i = start;
        loop {
            let n = self.nodes.at(i);
            if n.key_is(key) {
                return Some(i);
            }
            if n.next == 0 {
                return None;
            }
            i = self.nodes.step(i, n.next);
        }
    }

    /// The node holding `key` (normalised, any type), dead or alive. Long strings compare by
    /// content.
    pub(super) fn find(&self, key: Value) -> Option<usize> {
        match key {
            Value::Nil => None,
            Value::Integer(i) => self.find_int(i),
            Value::String(s) => self.find_str(s),
            _ => self.walk(self.main_position(key), KeyBits::of(key)),
        }
    }

    /// The node holding integer key `i`.
    #[inline(always)]
    pub(super) fn find_int(&self, i: i64) -> Option<usize> {
        self.walk(self.int_main_position(i), KeyBits::integer(i))
    }

    /// The node holding string key `s`: pointer compares for short (interned) strings.
    #[inline(always)]
    pub(super) fn find_str(&self, s: Gc<LuaString>) -> Option<usize> {
        if !s.is_short() {
            return self.find_long_str(s);
        }
        let key = KeyBits {
            tag: TAG_STRING,
            payload: s.addr() as u64,
        };
        self.walk((s.hash() as usize) & self.nodes.mask(), key)
    }

    /// Long strings are not interned: same object, or same content.
    #[inline(never)]
    fn find_long_str(&self, s: Gc<LuaString>) -> Option<usize> {
        let mut i = (s.hash() as usize) & self.nodes.mask();
        loop {
            let n = self.nodes.at(i);
            if n.key_is_string() {
                if let Value::String(k) = n.key() {
                    if k.ptr_eq(s) || k.content_eq(&s) {
                        return Some(i);
                    }
                }
            }
            if n.next == 0 {
                return None;
            }
            i = self.nodes.step(i, n.next);
        }
    }

    /// `rawget(t, i)`.
    #[inline(always)]
    pub(super) fn get_int(&self, i: i64) -> Value {
        let idx = (i as u64).wrapping_sub(1);
        if idx < self.array.len() as u64 {
            return self.array[idx as usize];
        }
        self.get_int_from_hash(i)
    }

    /// The hash-part half of `get_int` (out of line: keeps array reads small where inlined).
    #[inline(never)]
    pub(super) fn get_int_from_hash(&self, i: i64) -> Value {
        match self.find_int(i) {
            Some(n) => self.nodes.at(n).value,
            None => Value::Nil,
        }
    }

    /// `rawget(t, s)`.
    #[inline(always)]
    pub(super) fn get_str(&self, s: Gc<LuaString>) -> Value {
        match self.find_str(s) {
            Some(n) => self.nodes.at(n).value,
            None => Value::Nil,
        }
    }

    /// `rawget(t, key)` for any key (floats with integral values read the integer key).
    pub(super) fn get(&self, key: Value) -> Value {
        match key {
            Value::Integer(i) => self.get_int(i),
            Value::String(s) => self.get_str(s),
            Value::Nil => Value::Nil,
            Value::Float(f) => match crate::vm::number::float_to_exact_int(f) {
                Some(i) => self.get_int(i),
                None => self.get_other(key),
            },
            _ => self.get_other(key),
        }
    }

    fn get_other(&self, key: Value) -> Value {
        match self.find(key) {
            Some(n) => self.nodes.at(n).value,
            None => Value::Nil,
        }
    }
}
