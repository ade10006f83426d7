//! Lua strings: immutable byte strings with a cached hash, short ones interned.
//!
//! Invariants:
//! - the bytes never change after creation, so the hash computed at creation stays valid;
//! - every string of at most [`MAX_SHORT_LEN`] bytes is interned: the [`Interner`] holds exactly
//!   one live `LuaString` per distinct short content, so two short strings are equal iff their
//!   pointers are equal. Long strings are compared by length, hash and then content.
//! - the interner does not keep strings alive: the sweeper removes dead entries
//!   ([`Interner::remove_unmarked`]) before freeing them.

use crate::value::Gc;

/// Strings up to this length are interned (`LUAI_MAXSHORTLEN`).
pub const MAX_SHORT_LEN: usize = 40;

/// An immutable Lua string.
pub struct LuaString {
    hash: u64,
    bytes: Box<[u8]>,
    /// Next string in the same interner bucket (short strings only).
    next_in_bucket: std::cell::Cell<Option<Gc<LuaString>>>,
}

/// Multiplies to 128 bits and folds the halves together: one multiply that mixes every input
/// bit into every output bit (the mixing step of wyhash/foldhash).
#[inline(always)]
fn fold_mul(x: u64, k: u64) -> u64 {
    let m = (x as u128) * (k as u128);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The string hash. Short strings (all interned ones) are hashed eight bytes at a time (xor a
/// little-endian word, then a folded 64x64->128 multiply) and finished by a final mix: four
/// multiplies for a 30-byte string instead of thirty dependent ones, with a bucket spread
/// measured as good as random on sequential keys (`key1`, `key2`, ...). Long strings hash
/// their length and at most 32 sampled bytes (as Lua 5.1 did), so building long strings stays
/// linear: equality of long strings compares contents anyway.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64);
    if bytes.len() <= MAX_SHORT_LEN {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(word);
            h = fold_mul(h ^ u64::from_le_bytes(buf), K);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            h = fold_mul(h ^ u64::from_le_bytes(buf), K);
        }
    } else {
        let step = bytes.len() / 32 + 1;
        for &b in bytes.iter().step_by(step) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

impl LuaString {
    pub(crate) fn new(bytes: Box<[u8]>, hash: u64) -> LuaString {
        LuaString {
            hash,
            bytes,
            next_in_bucket: std::cell::Cell::new(None),
        }
    }

    /// The content.
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Length in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the string is empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The cached hash.
    #[inline(always)]
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Whether this string is interned (short).
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.bytes.len() <= MAX_SHORT_LEN
    }

    /// Content equality (pointer equality already decides for two short strings).
    #[inline]
    pub fn content_eq(&self, other: &LuaString) -> bool {
        if self.is_short() && other.is_short() {
            return std::ptr::eq(self, other);
        }
        self.hash == other.hash && self.bytes == other.bytes
    }

    /// Bytes as (lossy) UTF-8, for Rust-side messages.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// Heap bytes this object accounts for.
    pub(crate) fn heap_size(&self) -> usize {
        std::mem::size_of::<crate::value::GcBox<LuaString>>() + self.bytes.len()
    }
}

/// The set of live short strings: a chained hash set keyed by content, chained through the
/// strings themselves (`next_in_bucket`), so interning allocates nothing but the string.
pub struct Interner {
    buckets: Vec<Option<Gc<LuaString>>>,
    count: usize,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            buckets: vec![None; 1024],
            count: 0,
        }
    }
}

impl Interner {
    #[inline]
    fn bucket_of(&self, hash: u64) -> usize {
        (hash as usize) & (self.buckets.len() - 1)
    }

    /// The interned string with this content, if any.
    pub fn find(&self, bytes: &[u8], hash: u64) -> Option<Gc<LuaString>> {
        let mut cur = self.buckets[self.bucket_of(hash)];
        while let Some(s) = cur {
            if s.hash() == hash && s.as_bytes() == bytes {
                return Some(s);
            }
            cur = s.next_in_bucket.get();
        }
        None
    }

    /// Adds a new (not yet present) short string.
    pub fn insert(&mut self, s: Gc<LuaString>) {
        if self.count >= self.buckets.len() {
            self.grow();
        }
        let b = self.bucket_of(s.hash());
        s.next_in_bucket.set(self.buckets[b]);
        self.buckets[b] = Some(s);
        self.count += 1;
    }

    fn grow(&mut self) {
        let new_len = self.buckets.len() * 2;
        let old = std::mem::replace(&mut self.buckets, vec![None; new_len]);
        for head in old {
            let mut cur = head;
            while let Some(s) = cur {
                cur = s.next_in_bucket.get();
                let b = (s.hash() as usize) & (new_len - 1);
                s.next_in_bucket.set(self.buckets[b]);
                self.buckets[b] = Some(s);
            }
        }
    }

    /// Drops every unmarked string from the set (called by the sweeper before freeing them).
    pub fn remove_unmarked(&mut self) {
        let mut count = 0;
        for head in self.buckets.iter_mut() {
            // Rebuild the chain with the marked strings only.
            let mut kept: Option<Gc<LuaString>> = None;
            let mut cur = *head;
            while let Some(s) = cur {
                cur = s.next_in_bucket.get();
                if s.header_marked() {
                    s.next_in_bucket.set(kept);
                    kept = Some(s);
                    count += 1;
                }
            }
            *head = kept;
        }
        self.count = count;
    }

    /// Number of interned strings.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no string is interned.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use crate::gc::Heap;

    #[test]
    fn short_strings_are_interned_long_ones_are_not() {
        let mut heap = Heap::default();
        let a = heap.alloc_string(b"hello").unwrap();
        let b = heap.alloc_string(b"hello").unwrap();
        assert!(a.ptr_eq(b));
        let long = vec![b'x'; 41];
        let c = heap.alloc_string(&long).unwrap();
        let d = heap.alloc_string(&long).unwrap();
        assert!(!c.ptr_eq(d));
        assert!(c.content_eq(&d));
        let e = heap.alloc_string(&[b'x'; 40]).unwrap();
        let f = heap.alloc_string(&[b'x'; 40]).unwrap();
        assert!(e.ptr_eq(f));
        assert!(!a.content_eq(&e));
    }
}
