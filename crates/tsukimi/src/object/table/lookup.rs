//! Finding keys: main positions and chain walks (`ltable.c`'s `mainposition`, `getgeneric`,
//! `luaH_getshortstr`, `luaH_getint`).
//!
//! `main_position` is the only place that maps a key to a node: integer keys by `key mod
//! ((size - 1) | 1)` (`hashint`: nearby keys land in nearby nodes, so sequences and strided
//! keys fill and traverse memory almost sequentially), floats by `l_hashfloat` and the same
//! modulo, everything else by `hash & mask`.
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

/// `frexp`: `x = m * 2^e` with `0.5 <= |m| < 1` (`x` returned as is for 0, inf and NaN).
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first (exact).
        let (m, e) = frexp(x * f64::from_bits(0x43f0_0000_0000_0000)); // 2^64
        return (m, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, biased - 1022)
}

/// `l_hashfloat` of `ltable.c`, bit for bit: the float's mantissa scaled to 31 bits plus its
/// exponent, folded to a non-negative `int`. Float keys then take `hashmod` like integers,
/// so they collide, chain and trigger rehashes exactly when they do in `lua5.4`, and the
/// borders `#` finds in tables mixing float and integer keys match it.
#[inline(never)]
pub(super) fn float_hash(n: f64) -> u32 {
    let (m, e) = frexp(n);
    let scaled = m * 2_147_483_648.0; // -(INT_MIN)
    if !scaled.is_finite() {
        return 0;
    }
    // |scaled| < 2^31: the C cast to lua_Integer truncates, then `cast_uint` wraps.
    let u = (e as u32).wrapping_add(scaled as i64 as u32);
    if u <= i32::MAX as u32 {
        u
    } else {
        !u
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

    /// The node where the chain for `key` starts (`mainpositionTV`). Integers, floats and
    /// booleans go exactly where `ltable.c` puts them; strings and objects use our own
    /// hashes (Lua seeds its string hash randomly per state, and objects hash by address,
    /// so no program can depend on where those land).
    #[inline(always)]
    pub(super) fn main_position(&self, key: Value) -> usize {
        let mask = self.nodes.mask();
        match key {
            Value::Integer(i) => self.int_main_position(i),
            Value::String(s) => (s.hash() as usize) & mask,
            Value::Float(f) => float_hash(f) as usize % (mask | 1),
            Value::Boolean(b) => (b as usize) & mask,
            other => (mix(other.object_addr() as u64 >> 3) as usize) & mask,
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

    /// `walk` for reads: the value stored under `key` (nil when absent), read from the node
    /// the walk stopped at rather than recomputing its address from an index.
    #[inline(always)]
    fn walk_value(&self, start: usize, key: KeyBits) -> Value {
        let mut i = start;
        loop {
            let n = self.nodes.at(i);
            if n.key_is(key) {
                return n.value();
            }
            if n.next == 0 {
                return Value::Nil;
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

    /// The array slot of integer key `i` at or past the length hint, as `luaH_getint`'s array
    /// half: a key between the hint and the array size moves the hint up to itself
    /// ("probably `#t` is here now"), which `#` then starts from. Returns only indices below
    /// `array.len()`.
    #[inline]
    pub(super) fn array_index_beyond_hint(&mut self, i: i64) -> Option<usize> {
        let idx = (i as u64).wrapping_sub(1);
        if idx < self.array.len() as u64 {
            self.length_hint = super::saturate_u32(idx as usize + 1);
            Some(idx as usize)
        } else {
            None
        }
    }

    /// Whether integer key `i` is below the length hint: its array slot can be read and
    /// written without any other bookkeeping (the inlined fast paths test only this, so the
    /// code inlined into the interpreter never writes the hint).
    #[inline(always)]
    pub(super) fn below_hint(&self, i: i64) -> Option<usize> {
        let idx = (i as u64).wrapping_sub(1);
        (idx < self.length_hint as u64).then_some(idx as usize)
    }

    /// The value in array slot `index`: an index `below_hint` or `array_index_beyond_hint`
    /// returned, or one the caller checked against `array.len()`.
    #[inline(always)]
    pub(super) fn array_slot(&mut self, index: usize) -> &mut Value {
        // SAFETY: `below_hint` and `array_index_beyond_hint` return indices below
        // `length_hint` or below `array.len()`, and `length_hint <= array.len()` always
        // holds (resizes set it to the array length, `#` and `array_index_beyond_hint` to
        // values below it, `release_parts` to 0, all saturated to u32, which only lowers
        // them); other callers check the index against `array.len()` themselves; nothing
        // shrinks the array between the check and this call.
        unsafe { self.array.get_unchecked_mut(index) }
    }

    /// Stores `value` into array slot `index` (an index `below_hint` or
    /// `array_index_beyond_hint` returned, or one checked against `array.len()`). A plain
    /// store: `value::store_value` (two volatile 8-byte stores) here measured 4% slower on
    /// mapreduce (task-clock, minimum of 7: 1213 against 1163 ms) and no faster anywhere;
    /// the 16-byte-load stall it exists for was in node stores, which `Node::set_value`
    /// now splits into tag and payload anyway.
    #[inline(always)]
    pub(super) fn store_array_slot(&mut self, index: usize, value: Value) {
        *self.array_slot(index) = value;
    }

    /// `rawget(t, i)`.
    #[inline(always)]
    pub(super) fn get_int(&mut self, i: i64) -> Value {
        match self.below_hint(i) {
            Some(index) => *self.array_slot(index),
            None => self.get_int_slow(i),
        }
    }

    /// `get_int` past the length hint: the rest of the array part, then the hash part.
    #[inline(never)]
    pub(super) fn get_int_slow(&mut self, i: i64) -> Value {
        match self.array_index_beyond_hint(i) {
            Some(index) => *self.array_slot(index),
            // No hash part (`tree[1]` on a leaf `{}`): skip the modulo.
            None if self.nodes.is_dummy() => Value::Nil,
            None => self.get_int_from_hash(i),
        }
    }

    /// The hash-part half of `get_int`.
    #[inline]
    pub(super) fn get_int_from_hash(&self, i: i64) -> Value {
        self.walk_value(self.int_main_position(i), KeyBits::integer(i))
    }

    /// `rawget(t, s)`.
    #[inline(always)]
    pub(super) fn get_str(&self, s: Gc<LuaString>) -> Value {
        if !s.is_short() {
            return match self.find_long_str(s) {
                Some(n) => self.nodes.at(n).value(),
                None => Value::Nil,
            };
        }
        let key = KeyBits {
            tag: TAG_STRING,
            payload: s.addr() as u64,
        };
        self.walk_value((s.hash() as usize) & self.nodes.mask(), key)
    }

    /// `rawget(t, key)` for any key (floats with integral values read the integer key).
    pub(super) fn get(&mut self, key: Value) -> Value {
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
            Some(n) => self.nodes.at(n).value(),
            None => Value::Nil,
        }
    }
}
