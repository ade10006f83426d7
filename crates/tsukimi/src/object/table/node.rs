//! The hash part's storage: 32-byte nodes in one raw allocation, and the packed key format.
//!
//! A node is `value` (a full 16-byte [`Value`], read and written as such by the interpreter)
//! followed by the key split in two: its tag in 4 bytes, the chain link in the other 4, and
//! the key's 8-byte payload. That is 32 bytes, against 40 for two `Value`s plus a link, so a
//! chain step, a rehash and a traversal all touch fewer cache lines. `Value`'s own layout
//! (`#[repr(C, u64)]`: tag word, then payload) does not change; only this private node does.
//!
//! Packed keys ([`KeyBits`]) are canonical: the tag is `Value`'s tag number, the payload is
//! the integer, the float's bits, the boolean as 0/1, or the object's address; nil packs to
//! (0, 0). Two keys are the same table key exactly when their packed forms are equal, because
//! keys are normalised before packing (integral floats become integers, NaN is never a key,
//! so no two float bit patterns are equal as numbers) and short strings are interned (long
//! strings, compared by content, are the one exception and take a separate path).
//!
//! [`NodeArray`] owns the nodes. Its length is 0 or a power of two, and an empty array points
//! at one shared, never-written *dummy* node (as `ltable.c`'s `dummynode`), so a lookup needs
//! no emptiness test: it masks the hash with `mask` (0 for the dummy), reads the node, finds
//! a nil key and stops. Invariants that make this sound:
//! - a lookup only ever reports a node whose key equals a non-nil key, and the dummy's key is
//!   nil, so no store through a lookup result can reach the dummy; inserts test
//!   [`NodeArray::is_dummy`] first;
//! - every node index is reduced with `& mask` before use, chain steps included, so even a
//!   corrupted chain could not read outside the allocation (with intact chains it changes
//!   nothing: links always stay inside the array);
//! - all-zero bytes are an empty node (nil value, nil key, no link), so new arrays come from
//!   zeroed memory (`alloc` plus zeroing by writing, so each page faults once);
//! - a node block is allocated through the heap's block pool (arrays of up to 8 nodes are
//!   pooled) with `block_layout` of its request, and given back to a pool explicitly
//!   ([`NodeArray::release`]: sweep and resize); `Drop` frees whatever was not released with
//!   that same layout, so a table dropped without the heap leaks nothing.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

use super::array::{zero_words, AllocFailed};
use crate::gc::pool::{block_layout, BlockPool};
use crate::value::{store_value, Value};

/// Tag number of `Value::Nil`: an empty node's key.
pub(super) const TAG_NIL: u32 = 0;
/// Tag number of `Value::Integer`.
pub(super) const TAG_INTEGER: u32 = 2;
/// Tag number of `Value::String`.
pub(super) const TAG_STRING: u32 = 4;
/// Highest tag number a `Value` has (`Value::Thread`).
const TAG_LAST_VALUE: u32 = 9;
/// The key of an entry the collector removed from a weak table: never equal to a packed
/// `Value` (whose tags are at most 9), never unpacked, not a free node.
pub(super) const TAG_COLLECTED: u32 = u32::MAX;

/// The tag number of a value (its discriminant).
#[inline(always)]
pub(super) fn tag_of(v: Value) -> u32 {
    // SAFETY: `Value` is `#[repr(C, u64)]` (see value.rs): its first 8 bytes are the tag word,
    // initialised for every variant, and the reference is valid for 16 bytes.
    unsafe { (&v as *const Value as *const u64).read() as u32 }
}

/// A key in the node's packed form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct KeyBits {
    pub(super) tag: u32,
    pub(super) payload: u64,
}

impl KeyBits {
    /// The packed form of a (normalised) key.
    #[inline(always)]
    pub(super) fn of(key: Value) -> KeyBits {
        let payload = match key {
            Value::Nil => 0,
            Value::Boolean(b) => b as u64,
            Value::Integer(i) => i as u64,
            Value::Float(f) => f.to_bits(),
            Value::String(s) => s.addr() as u64,
            Value::Table(t) => t.addr() as u64,
            Value::LuaFunction(f) => f.addr() as u64,
            Value::NativeFunction(f) => f.addr() as u64,
            Value::Userdata(u) => u.addr() as u64,
            Value::Thread(t) => t.addr() as u64,
        };
        KeyBits {
            tag: tag_of(key),
            payload,
        }
    }

    /// An integer key.
    #[inline(always)]
    pub(super) fn integer(i: i64) -> KeyBits {
        KeyBits {
            tag: TAG_INTEGER,
            payload: i as u64,
        }
    }

    /// The key as a `Value` again (nil for an empty or collected key).
    #[inline]
    pub(super) fn to_value(self) -> Value {
        if cfg!(target_endian = "little") && self.tag <= TAG_LAST_VALUE {
            // SAFETY: a `Value` is its tag word then its payload word (`#[repr(C, u64)]`, as
            // `value::load_value` also relies on), and packed keys are canonical
            // (`KeyBits::of`): tags 0..=9 are `Value`'s own; nil's payload is padding;
            // a boolean's payload is 0 or 1, whose first byte (little-endian) is the `bool`;
            // integers and floats take any bits; tags 4..=9 carry a non-null pointer to an
            // object that is alive (made from a live `Gc`, and the collector marks every key
            // it does not turn into `TAG_COLLECTED`).
            return unsafe {
                std::mem::transmute::<[u64; 2], Value>([self.tag as u64, self.payload])
            };
        }
        match self.tag {
            0 => Value::Nil,
            1 => Value::Boolean(self.payload != 0),
            2 => Value::Integer(self.payload as i64),
            3 => Value::Float(f64::from_bits(self.payload)),
            4..=TAG_LAST_VALUE => {
                // SAFETY: as above, for the object variants only (the pointer word is the
                // same on any byte order).
                unsafe { std::mem::transmute::<[u64; 2], Value>([self.tag as u64, self.payload]) }
            }
            _ => Value::Nil,
        }
    }
}

/// One entry of the hash part. See the module essay for the layout.
#[derive(Clone, Copy)]
#[repr(C)]
pub(super) struct Node {
    pub(super) value: Value,
    key_tag: u32,
    /// Offset to the next node of the chain (0: end of chain).
    pub(super) next: i32,
    key_payload: u64,
}

const _: () = assert!(std::mem::size_of::<Node>() == 32);

impl Node {
    const EMPTY: Node = Node {
        value: Value::Nil,
        key_tag: TAG_NIL,
        next: 0,
        key_payload: 0,
    };

    /// Stores `value` as two 8-byte words ([`store_value`]): the interpreter hands values
    /// over as two words it just wrote, and a 16-byte copy of them would stall on store
    /// forwarding.
    #[inline(always)]
    pub(super) fn set_value(&mut self, value: Value) {
        // SAFETY: `self.value` is a valid, 8-aligned `Value` place (nodes are 32-byte,
        // 16-aligned records).
        unsafe { store_value(&mut self.value, value) }
    }

    #[inline(always)]
    pub(super) fn key_bits(&self) -> KeyBits {
        KeyBits {
            tag: self.key_tag,
            payload: self.key_payload,
        }
    }

    /// The key as a `Value` (nil for a free or collected node).
    #[inline(always)]
    pub(super) fn key(&self) -> Value {
        self.key_bits().to_value()
    }

    #[inline(always)]
    pub(super) fn set_key(&mut self, key: KeyBits) {
        self.key_tag = key.tag;
        self.key_payload = key.payload;
    }

    /// Whether the key is `key` (payload first: it differs far more often than the tag).
    #[inline(always)]
    pub(super) fn key_is(&self, key: KeyBits) -> bool {
        self.key_payload == key.payload && self.key_tag == key.tag
    }

    /// Whether the node was never used (a free node for inserts).
    #[inline(always)]
    pub(super) fn key_is_nil(&self) -> bool {
        self.key_tag == TAG_NIL
    }

    /// Whether the key is a live object or value the collector must see (not free, not
    /// collected).
    #[inline(always)]
    pub(super) fn key_is_live(&self) -> bool {
        self.key_tag != TAG_NIL && self.key_tag != TAG_COLLECTED
    }

    /// Whether the key is a live heap object (string, table, function, userdata, thread):
    /// one the collector must mark.
    #[inline(always)]
    pub(super) fn key_is_object(&self) -> bool {
        (TAG_STRING..=TAG_LAST_VALUE).contains(&self.key_tag)
    }

    /// The key is a string; its object pointer (for long-string content compares).
    #[inline(always)]
    pub(super) fn key_is_string(&self) -> bool {
        self.key_tag == TAG_STRING
    }

    /// Marks the key as removed by the collector.
    pub(super) fn set_key_collected(&mut self) {
        self.key_tag = TAG_COLLECTED;
        self.key_payload = 0;
    }
}

/// The never-written node every empty hash part points at.
struct DummyNode(Node);

// SAFETY: the dummy holds no pointer (nil key, nil value) and is never written (module
// essay), so sharing it between threads shares only immutable plain bytes.
unsafe impl Sync for DummyNode {}

static DUMMY: DummyNode = DummyNode(Node::EMPTY);

/// The nodes of a hash part: `mask + 1` nodes, or none (pointing at the dummy). 16 bytes:
/// the 32-bit mask and free-node cursor share a word (at most 2^31 nodes, far beyond any
/// table memory can hold), which keeps `GcBox<Table>` at 64 bytes.
pub(super) struct NodeArray {
    ptr: NonNull<Node>,
    /// `len - 1` (0 for the dummy, which also has one readable node).
    mask: u32,
    /// Free nodes are searched below this index (`lastfree`); 0 for the dummy.
    last_free: u32,
}

/// Most nodes a hash part may have (so that `mask` and `last_free` fit in 32 bits).
const MAX_NODES: usize = 1 << 31;

impl Default for NodeArray {
    fn default() -> Self {
        NodeArray::empty()
    }
}

impl NodeArray {
    /// No nodes: every lookup reads the dummy.
    pub(super) fn empty() -> NodeArray {
        NodeArray {
            ptr: NonNull::from(&DUMMY.0),
            mask: 0,
            last_free: 0,
        }
    }

    /// `len` free nodes; `len` is 0 or a power of two. Small arrays (up to 8 nodes: the
    /// pool's largest class) come from `pool`'s free lists; larger ones pass through it to
    /// the system allocator. Fails when the system allocator does.
    pub(super) fn with_len(pool: &mut BlockPool, len: usize) -> Result<NodeArray, AllocFailed> {
        if len == 0 {
            return Ok(NodeArray::empty());
        }
        debug_assert!(len.is_power_of_two());
        if len > MAX_NODES {
            // Unreachable in practice (2^31 nodes are 64 GiB, refused by the accounting
            // first); a failed allocation rather than a truncated mask.
            return Err(AllocFailed);
        }
        let layout = Self::layout(len).ok_or(AllocFailed)?;
        // Zeroed by writing at every size: `calloc` of a large array gets fresh zero pages
        // that the first lookup maps read-only and the first insert faults again to copy
        // (two page faults per page, measured: twice lua5.4's faults when a big table
        // grows). Writing the zeros takes one fault per page, as `ltable.c`'s
        // `setnodevector` does. `black_box`: LLVM would otherwise fuse the allocation and
        // the zeroing back into a `calloc` call.
        let raw = std::hint::black_box(pool.allocate(layout)).ok_or(AllocFailed)?;
        let ptr = raw.cast::<Node>();
        // SAFETY: `ptr` is valid for `len` nodes of four 8-byte words each (allocated for
        // that layout, aligned) and used by nothing else; all-zero bytes are a valid empty
        // `Node` (nil value: tag word 0; nil key; no link), so the zeroed memory is an array
        // of free nodes.
        unsafe { zero_words(ptr.as_ptr().cast(), len * 4) };
        Ok(NodeArray {
            ptr,
            mask: (len - 1) as u32,
            last_free: len as u32,
        })
    }

    /// The request layout of `len` nodes (`None` past `isize::MAX` bytes).
    fn layout(len: usize) -> Option<Layout> {
        Layout::array::<Node>(len).ok()
    }

    /// Gives the nodes back to `pool`, leaving an empty array (the dummy).
    pub(super) fn release(&mut self, pool: &mut BlockPool) {
        let nodes = std::mem::ManuallyDrop::new(std::mem::take(self));
        if nodes.is_dummy() {
            return;
        }
        if let Some(layout) = Self::layout(nodes.mask() + 1) {
            // SAFETY: the block was allocated by a pool for this request layout (the length
            // never changes after allocation), nodes need no destructor, and `nodes` is
            // forgotten, so the block is released exactly once.
            unsafe { pool.release(nodes.ptr.cast(), layout) };
        }
    }

    #[inline(always)]
    pub(super) fn is_dummy(&self) -> bool {
        std::ptr::eq(self.ptr.as_ptr(), &DUMMY.0)
    }

    /// Number of nodes (0 for the dummy).
    #[inline(always)]
    pub(super) fn len(&self) -> usize {
        if self.is_dummy() {
            0
        } else {
            self.mask as usize + 1
        }
    }

    /// `len - 1`, or 0 when empty: `hash & mask` is always a readable node index.
    #[inline(always)]
    pub(super) fn mask(&self) -> usize {
        self.mask as usize
    }

    /// The next free node below the free-node cursor, moving the cursor down to it
    /// (`getfreepos`); None when the cursor reaches 0 (time to rehash).
    pub(super) fn free_position(&mut self) -> Option<usize> {
        while self.last_free > 0 {
            self.last_free -= 1;
            if self.at(self.last_free as usize).key_is_nil() {
                return Some(self.last_free as usize);
            }
        }
        None
    }

    /// The node at `i & mask` (the dummy when empty).
    #[inline(always)]
    pub(super) fn at(&self, i: usize) -> &Node {
        // SAFETY: `i & mask <= mask`, and `mask + 1` nodes are allocated (or `mask` is 0 and
        // the pointer is the dummy, one node).
        unsafe { &*self.ptr.as_ptr().add(i & self.mask()) }
    }

    /// The node at `i & mask`, for writing. Callers never pass a dummy array: they write
    /// only nodes found by a non-nil key (never the dummy) or after testing `is_dummy`.
    #[inline(always)]
    pub(super) fn at_mut(&mut self, i: usize) -> &mut Node {
        debug_assert!(!self.is_dummy(), "write to the dummy node");
        // SAFETY: as in `at`; the node is in our own allocation (not the dummy, see above),
        // and `&mut self` makes this the only reference into it.
        unsafe { &mut *self.ptr.as_ptr().add(i & self.mask()) }
    }

    /// The index of the node `next` links to from node `i`.
    #[inline(always)]
    pub(super) fn step(&self, i: usize, next: i32) -> usize {
        (i as isize).wrapping_add(next as isize) as usize & self.mask()
    }

    /// All nodes, in index order (empty for the dummy).
    #[inline]
    pub(super) fn as_slice(&self) -> &[Node] {
        if self.is_dummy() {
            return &[];
        }
        // SAFETY: `mask + 1` initialised nodes live at `ptr` (own allocation).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.mask() + 1) }
    }

    /// All nodes, for in-place updates (empty for the dummy).
    #[inline]
    pub(super) fn as_mut_slice(&mut self) -> &mut [Node] {
        if self.is_dummy() {
            return &mut [];
        }
        // SAFETY: as in `as_slice`, and `&mut self` makes the slice the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.mask() + 1) }
    }
}

impl Drop for NodeArray {
    fn drop(&mut self) {
        if self.is_dummy() {
            return;
        }
        if let Some(layout) = Self::layout(self.mask() + 1) {
            // SAFETY: the block was allocated with `block_layout(layout)`, whether it came
            // from a pool's free list or straight from the system allocator (the pool's
            // contract; the length never changes after allocation); freed once, here.
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, block_layout(layout)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gc::Heap;

    #[test]
    fn keys_round_trip_through_their_packed_form() {
        let mut heap = Heap::default();
        let s = heap.alloc_string(b"key").unwrap();
        let t = heap.alloc_table(0, 0).unwrap();
        let keys = [
            Value::Nil,
            Value::Boolean(false),
            Value::Boolean(true),
            Value::Integer(-5),
            Value::Integer(i64::MIN),
            Value::Float(0.5),
            Value::Float(-1e300),
            Value::String(s),
            Value::Table(t),
        ];
        for k in keys {
            let bits = KeyBits::of(k);
            assert_eq!(bits.tag, tag_of(k));
            assert!(bits.to_value().raw_eq(k) || (k.is_nil() && bits.to_value().is_nil()));
            assert_eq!(KeyBits::of(bits.to_value()), bits);
        }
        let collected = KeyBits {
            tag: TAG_COLLECTED,
            payload: 0,
        };
        assert!(collected.to_value().is_nil());
    }

    #[test]
    fn empty_arrays_share_the_dummy_and_read_nil() {
        let a = NodeArray::empty();
        assert!(a.is_dummy());
        assert_eq!(a.len(), 0);
        assert!(a.at(12345).key_is_nil());
        assert!(a.as_slice().is_empty());
        let mut pool = BlockPool::default();
        let b = NodeArray::with_len(&mut pool, 8).unwrap();
        assert_eq!(b.len(), 8);
        assert!(b
            .as_slice()
            .iter()
            .all(|n| n.key_is_nil() && n.value.is_nil()));
        assert_eq!(b.step(7, 1), 0, "steps stay inside the array");
    }
}
