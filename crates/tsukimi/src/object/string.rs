//! Lua strings: immutable byte strings with a cached hash, short ones interned.
//!
//! **Layout.** A string is one allocation: the `GcBox<LuaString>` header followed directly by
//! the content bytes (`[GcBox<LuaString> | bytes...]`), as `TString` in lua5.4. It is created
//! only by `LuaString::allocate` and freed only by `LuaString::free`, both with the layout
//! from `string_layout`; `Gc::free` (a `Box` drop) must never be used for a string. The
//! header keeps a pointer to its own content, derived from the allocation's base pointer, so
//! `as_bytes` is two loads and a slice (no address arithmetic on a `&LuaString`, whose
//! provenance would not extend past the header).
//!
//! Invariants:
//! - the bytes never change after creation, so the hash computed at creation stays valid;
//! - `bytes` points `size_of::<GcBox<LuaString>>()` bytes past the start of the allocation and
//!   `len` bytes are initialized there; the allocation's layout is `string_layout(len)`;
//! - every string of at most [`MAX_SHORT_LEN`] bytes is interned: the [`Interner`] holds exactly
//!   one live `LuaString` per distinct short content, so two short strings are equal iff their
//!   pointers are equal. Long strings are compared by length, hash and then content.
//! - the interner does not keep strings alive: the sweeper removes dead entries
//!   ([`Interner::remove_unmarked`]) before freeing them.

use std::alloc::Layout;
use std::cell::Cell;
use std::ptr::NonNull;

use crate::gc::init_object;
use crate::gc::pool::BlockPool;
use crate::value::{Gc, GcBox};

/// Strings up to this length are interned (`LUAI_MAXSHORTLEN`).
pub const MAX_SHORT_LEN: usize = 40;

/// An immutable Lua string: the header of a `[GcBox<LuaString> | bytes]` allocation.
pub struct LuaString {
    hash: u64,
    /// The content: the `len` bytes right after the header, in the same allocation.
    bytes: NonNull<u8>,
    len: usize,
    /// Next string in the same interner bucket (short strings only).
    next_in_bucket: Cell<Option<Gc<LuaString>>>,
}

// Freeing a string deallocates without running destructors: the header must not own anything.
const _: () = assert!(!std::mem::needs_drop::<LuaString>());

/// Offset of the content from the start of the allocation (the header's size: `GcBox` is
/// `repr(C)` and `LuaString`'s alignment is its own, so there is no trailing padding).
const CONTENT_OFFSET: usize = std::mem::size_of::<GcBox<LuaString>>();

/// The layout of a string allocation with `len` content bytes (`None`: too large).
fn string_layout(len: usize) -> Option<Layout> {
    let size = CONTENT_OFFSET.checked_add(len)?;
    Layout::from_size_align(size, std::mem::align_of::<GcBox<LuaString>>()).ok()
}

/// Multiplies to 128 bits and folds the halves together: one multiply that mixes every input
/// bit into every output bit (the mixing step of wyhash/foldhash).
#[inline(always)]
fn fold_mul(x: u64, k: u64) -> u64 {
    let m = (x as u128) * (k as u128);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The 1 to 7 bytes of `rest` as a little-endian word, zero-padded: the value
/// `u64::from_le_bytes` gives for them copied into a zeroed `[u8; 8]`, read with at most
/// two loads whose ranges overlap (the overlapping bytes land on the same bit positions from
/// both, so or-ing them is exact). Copying them into a buffer was a `memcpy` call whose
/// byte stores the 8-byte load then waited for (store forwarding: 39% of the samples of
/// interning a short concatenation).
#[inline(always)]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]) as u64;
        lo | (hi << (8 * (n - 4)))
    } else {
        (rest[0] as u64)
            | ((rest[n / 2] as u64) << (8 * (n / 2)))
            | ((rest[n - 1] as u64) << (8 * (n - 1)))
    }
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
            h = fold_mul(h ^ tail_word(rest), K);
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
    /// Allocates a string with this content and hash from `pool` (not charged, not
    /// registered: the heap does both). `None` when the system allocator fails or the size
    /// overflows.
    pub(crate) fn allocate(
        pool: &mut BlockPool,
        content: &[u8],
        hash: u64,
    ) -> Option<Gc<LuaString>> {
        let layout = string_layout(content.len())?;
        let base = pool.allocate(layout)?;
        // SAFETY: `base` is a block of at least `CONTENT_OFFSET + content.len()` bytes,
        // aligned for `GcBox<LuaString>` (the pool's contract for `layout`): the header fits
        // at the start and the content right after it; the source slice cannot overlap a
        // block nobody else holds.
        unsafe {
            let bytes = base.add(CONTENT_OFFSET);
            std::ptr::copy_nonoverlapping(content.as_ptr(), bytes.as_ptr(), content.len());
            let header = base.cast::<GcBox<LuaString>>();
            let value = LuaString {
                hash,
                bytes,
                len: content.len(),
                next_in_bucket: Cell::new(None),
            };
            // Never dropped as a `Box`: `LuaString::free` gives the block back to the pool.
            Some(init_object(header, value))
        }
    }

    /// Frees a string made by [`LuaString::allocate`], returning its block to `pool`.
    ///
    /// # Safety
    /// `s` came from `allocate` (with any pool), is not freed yet, and no `Gc` to it is used
    /// afterwards.
    pub(crate) unsafe fn free(pool: &mut BlockPool, s: Gc<LuaString>) {
        let len = s.len;
        // The allocation's base, recovered from the content pointer, which was derived from the
        // base pointer (so it carries the provenance of the whole allocation).
        // SAFETY: `bytes` is `CONTENT_OFFSET` bytes into the allocation (layout invariant).
        let base = unsafe { s.bytes.sub(CONTENT_OFFSET) };
        if let Some(layout) = string_layout(len) {
            // SAFETY: `base` was allocated by the pool for exactly this layout (the length
            // never changes), and the caller guarantees the string is dead. No destructor is
            // needed (`needs_drop` is false, asserted above).
            unsafe { pool.release(base, layout) };
        }
    }

    /// The content.
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `bytes` points at `len` initialized bytes of this string's allocation, which
        // never change and live as long as the string (layout invariant).
        unsafe { std::slice::from_raw_parts(self.bytes.as_ptr(), self.len) }
    }

    /// Length in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The cached hash.
    #[inline(always)]
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Whether this string is interned (short).
    #[inline(always)]
    pub fn is_short(&self) -> bool {
        self.len <= MAX_SHORT_LEN
    }

    /// Content equality (pointer equality already decides for two short strings).
    #[inline]
    pub fn content_eq(&self, other: &LuaString) -> bool {
        if self.is_short() && other.is_short() {
            return std::ptr::eq(self, other);
        }
        self.hash == other.hash && self.as_bytes() == other.as_bytes()
    }

    /// Bytes as (lossy) UTF-8, for Rust-side messages.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Heap bytes this object accounts for.
    pub(crate) fn heap_size(&self) -> usize {
        Self::heap_size_for(self.len)
    }

    /// Heap bytes a string of `len` bytes accounts for: its whole allocation.
    pub(crate) fn heap_size_for(len: usize) -> usize {
        CONTENT_OFFSET.saturating_add(len)
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
    /// Forgets every string and frees the table, allocating nothing (the state is closing:
    /// its strings are freed through the heap's object list, and nothing interns again).
    pub(crate) fn release(&mut self) {
        self.buckets = Vec::new();
        self.count = 0;
    }

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

    /// Doubles the bucket array; without memory for it, the chains just get longer.
    fn grow(&mut self) {
        let new_len = self.buckets.len() * 2;
        let Ok(mut buckets) = crate::gc::fallible_vec(new_len) else {
            return;
        };
        buckets.resize(new_len, None);
        let old = std::mem::replace(&mut self.buckets, buckets);
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
    use super::{hash_bytes, tail_word, LuaString, MAX_SHORT_LEN};
    use crate::gc::Heap;
    use crate::value::GcBox;

    #[test]
    fn tail_word_is_the_zero_padded_little_endian_word() {
        let bytes = [0x01u8, 0x82, 0x03, 0xf4, 0x05, 0x96, 0x07];
        for n in 1..8 {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(buf), "{n} bytes");
        }
    }

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
        heap.free_all();
    }

    /// Every length around the short/long boundary (and the empty string): content, length,
    /// hash, alignment of the header, exact accounting, and freeing (valgrind-clean).
    #[test]
    fn one_allocation_per_string_of_every_length() {
        let mut heap = Heap::default();
        let mut made = Vec::new();
        for len in (0..=100).chain([255, 256, 4095, 4096, 65537]) {
            let content: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            let before = heap.allocated();
            let s = heap.alloc_string(&content).unwrap();
            assert_eq!(s.as_bytes(), &content[..]);
            assert_eq!(s.len(), len);
            assert_eq!(s.is_empty(), len == 0);
            assert_eq!(s.is_short(), len <= MAX_SHORT_LEN);
            assert_eq!(s.hash(), hash_bytes(&content));
            assert_eq!(
                s.as_ptr() as usize % std::mem::align_of::<GcBox<LuaString>>(),
                0
            );
            // The content sits right after the header, in the same allocation.
            assert_eq!(
                s.as_bytes().as_ptr() as usize,
                s.as_ptr() as usize + std::mem::size_of::<GcBox<LuaString>>()
            );
            assert_eq!(heap.allocated() - before, s.heap_size());
            assert_eq!(s.heap_size(), std::mem::size_of::<GcBox<LuaString>>() + len);
            made.push((s, content));
        }
        for (s, content) in &made {
            assert_eq!(s.as_bytes(), &content[..]);
        }
        heap.free_all();
        assert_eq!(heap.allocated(), 0);
    }

    #[test]
    fn memory_limit_refuses_a_string_without_leaking_the_charge() {
        let mut heap = Heap::default();
        let small = heap.alloc_string(b"small").unwrap();
        let used = heap.allocated();
        heap.set_limit(Some(used + 100));
        assert!(heap.alloc_string(&[b'y'; 200]).is_err());
        assert_eq!(heap.allocated(), used);
        assert!(heap.alloc_string(&[b'y'; 10]).is_ok());
        assert_eq!(small.as_bytes(), b"small");
        heap.free_all();
    }

    #[test]
    fn sweeping_frees_unmarked_strings_and_keeps_the_interner_consistent() {
        let mut heap = Heap::default();
        let keep = heap.alloc_string(b"keep").unwrap();
        for i in 0..1000 {
            heap.alloc_string(format!("garbage{i}").as_bytes()).unwrap();
            heap.alloc_string(&[b'z'; 50]).unwrap();
        }
        keep.set_marked(true);
        heap.sweep_for_tests();
        assert_eq!(heap.object_count(), 1);
        assert_eq!(heap.allocated(), keep.heap_size());
        assert_eq!(heap.interner.len(), 1);
        assert!(heap.alloc_string(b"keep").unwrap().ptr_eq(keep));
        let again = heap.alloc_string(b"garbage7").unwrap();
        assert_eq!(again.as_bytes(), b"garbage7");
        heap.free_all();
    }
}
