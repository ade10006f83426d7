//! The garbage collector: allocation, accounting, marking and sweeping (DESIGN.md §4).
//!
//! **Model.** Precise, non-moving, stop-the-world mark-sweep. Every heap object is created by
//! one of the `Heap::alloc_*` functions, which allocate it, charge its size to `allocated`
//! (failing cleanly with [`MemoryError`] past the memory limit) and record it in the
//! all-objects list. A collection marks everything reachable from the roots and frees the rest.
//!
//! **Allocations.** The objects made by the million — tables, upvalue cells, strings and Lua
//! closures — live in blocks of the heap's `pool::BlockPool` (free lists per 16-byte size
//! class: freeing pushes the block, allocating pops it). Strings and closures are one block
//! each, header and variable part together (`[GcBox<LuaString> | bytes]`, `[GcBox<LuaClosure>
//! | upvalue cells]`), made and freed only by their own modules (`LuaString::allocate`/`free`,
//! `ClosureBuilder`/`LuaClosure::free`); tables and cells are a `GcBox<T>` in a block
//! (`Heap::pooled`/`free_pooled`). A table's array and node parts come from the same pool
//! (the table module allocates them with `heap.pool` whenever a part grows, and releases the
//! old ones into it); the sweep releases a dead table's parts (`Table::release_parts`)
//! before its header block. None of these is ever dropped as a `Box`. The rarer kinds
//! (prototypes, native functions, userdata, threads) are boxed `GcBox<T>`s freed by
//! `Gc::free`. The size charged for an object is the size the sweeper credits back when it
//! frees it (`heap_size`), so `allocated` is exact; blocks on the free lists are free memory
//! and not charged.
//!
//! **Sweep.** The all-objects list is compacted in place; the sweep prefetches the header a
//! few entries ahead of the one whose mark it tests (each test is otherwise a cache miss),
//! and frees a dead object out of line (`GcObject::free_dead`). A dead table's array and
//! node blocks go back to the pool before its header block (`Table::release_parts`).
//!
//! **Roots** (marked in `collect.rs`): the running thread's stack up to its top, its open
//! upvalues and pending to-be-closed slots, the globals table, the registry (which holds
//! `package.loaded`), the per-type metatables, the metamethod name strings, and the values held
//! by embedders through API handles (`api::RootCell`s still referenced from outside).
//!
//! **The safety rule.** Allocation never collects. Collection happens only at *safe points*:
//! in the interpreter where `luaC_checkGC` would run (NEWTABLE, CONCAT, CLOSURE, VARARG and on
//! calls), in `collectgarbage`, and in API entry points — places where every value the runtime
//! will use again is reachable from a root. Rust library code therefore must not keep the only
//! reference to an object in a Rust local across a call into Lua; it keeps such values on the
//! Lua stack. Slots above the stack top may hold stale values: the collector overwrites them
//! with nil after marking, so a stack slot never holds a dangling reference.
//!
//! **Pacing.** After a collection the threshold becomes the surviving bytes times the pause
//! (`collectgarbage("setpause")`, 200% by default: twice the survivors), at least 1 MiB and at
//! least 64 KiB above the survivors, so allocation-heavy loops run in bounded memory and a
//! pause below 100% collects often without collecting at every safe point. The pool then
//! keeps the blocks for at most `threshold - allocated` bytes of objects: what the program can
//! allocate before the next collection, so reusing them never raises the peak. Blocks are
//! rounded up to 16 bytes, so that is more bytes of blocks, by the ratio the sweep just saw
//! (`block_bytes_for`). None are kept in stress mode, so that valgrind sees every freed
//! object freed. Stress mode (`TSUKIMI_GC_STRESS=1` or `Lua::set_gc_stress`) collects at
//! every safe point.
//!
//! **Write barrier.** Every store of a reference into a heap object calls [`write_barrier`].
//! Mark-sweep needs nothing there; an incremental collector will fill it in without hunting
//! for call sites.

mod collect;
pub(crate) mod pool;
mod prefetch;
mod verify;

use std::alloc::Layout;
use std::ptr::NonNull;

use crate::object::function::{ClosureBuilder, FnProto, LuaClosure, NativeFunction, UpVal};
use crate::object::string::{hash_bytes, Interner, LuaString, MAX_SHORT_LEN};
use crate::object::table::Table;
use crate::object::userdata::Userdata;
use crate::value::{Gc, GcBox, Value};
use crate::vm::coroutine::LuaThread;
use pool::BlockPool;

/// Allocation failed: the memory limit would be exceeded (or, for objects the heap allocates
/// itself, the system allocator refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryError;

/// Makes room for `additional` more elements in `v` (amortized growth, as `Vec::reserve`),
/// with memory the runtime takes from the system: none while the out-of-memory reserve is
/// spent (`tsukimi-memory`), and a refusal is a `MemoryError`, never an abort. The buffers
/// that Lua code can make as long as it likes (stacks, frame lists, the object list, string
/// results, reads) grow through it or [`fallible_vec`].
pub(crate) fn try_reserve<T>(v: &mut Vec<T>, additional: usize) -> Result<(), MemoryError> {
    if v.capacity() - v.len() >= additional {
        return Ok(());
    }
    if crate::memory_reserve::is_low() {
        return Err(MemoryError);
    }
    v.try_reserve(additional).map_err(|_| MemoryError)
}

/// An empty vector with room for `capacity` elements ([`try_reserve`]).
pub(crate) fn fallible_vec<T>(capacity: usize) -> Result<Vec<T>, MemoryError> {
    let mut v = Vec::new();
    try_reserve(&mut v, capacity)?;
    Ok(v)
}

/// One entry of the all-objects list.
#[derive(Clone, Copy)]
pub(crate) enum GcObject {
    String(Gc<LuaString>),
    Table(Gc<Table>),
    Closure(Gc<LuaClosure>),
    Native(Gc<NativeFunction>),
    UpVal(Gc<UpVal>),
    Proto(Gc<FnProto>),
    Userdata(Gc<Userdata>),
    Thread(Gc<LuaThread>),
}

pub(crate) const MIN_THRESHOLD: usize = 1 << 20;

/// Bytes of pooled blocks that hold objects accounting for `reusable` bytes, when the last
/// sweep returned `returned` bytes of blocks for objects that accounted for `freed`.
///
/// Objects are charged their exact size but sit in blocks rounded up to 16 bytes (a 40-byte
/// upvalue cell takes a 48-byte block), so the next cycle's `reusable` bytes of objects need
/// more bytes of blocks. The sweep's own ratio, the mix the program just freed, says how
/// many more (at least as many, at most twice). Trimming the pool to `reusable` bytes of
/// blocks instead threw away a sixth of what the next cycle needed: closures' 500k objects
/// per 100k rounds took 82k `malloc`/`free` pairs through the system allocator.
fn block_bytes_for(reusable: usize, returned: usize, freed: usize) -> usize {
    if freed == 0 || returned <= freed {
        return reusable;
    }
    let scaled = reusable as u128 * returned as u128 / freed as u128;
    (scaled.min(2 * reusable as u128)) as usize
}

/// The least a program may allocate between two automatic collections, whatever the pause.
const MIN_GROWTH: usize = 64 << 10;

/// The collector's tuning parameters as lua5.4 keeps them (`setgcparam`/`getgcparam`): a
/// quarter of the value, in a byte, so what `collectgarbage` returns matches lua5.4's
/// (150 reads back as 148, 1000000 as 576, -5 as 1020).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GcParam(u8);

impl GcParam {
    /// `setgcparam(p, v)`: `v` is the C `int` lbaselib passes, divided by 4 and truncated
    /// to a byte as C's conversion to `lu_byte` does.
    pub(crate) fn from_value(v: i64) -> GcParam {
        GcParam(((v as i32) / 4) as u8)
    }

    /// `getgcparam(p)`.
    pub(crate) fn value(self) -> i64 {
        i64::from(self.0) * 4
    }
}

/// How many entries of the all-objects list ahead of the one it tests the sweep prefetches.
const SWEEP_AHEAD: usize = 12;

/// The heap: every object, the string interner and the byte accounting.
pub struct Heap {
    pub(crate) objects: Vec<GcObject>,
    /// Free lists of small blocks (`pool.rs`): tables, upvalue cells, strings and closures are
    /// allocated from it and freed into it.
    pub(crate) pool: BlockPool,
    pub(crate) interner: Interner,
    allocated: usize,
    threshold: usize,
    limit: Option<usize>,
    pub(crate) stress: bool,
    pub(crate) running: bool,
    /// "incremental" or "generational": only reported, the collector is the same.
    pub(crate) generational: bool,
    /// How far the heap may grow past the surviving bytes before the next collection, in
    /// percent (`collectgarbage("setpause")`, `LUAI_GCPAUSE` 200 by default).
    pub(crate) pause: GcParam,
    /// `collectgarbage("setstepmul")` (`LUAI_GCMUL` 100): kept and reported; every
    /// collection of this stop-the-world collector is a whole cycle, so it sizes nothing.
    pub(crate) stepmul: GcParam,
    /// Tables and userdata whose metatable had `__gc` when it was set, in registration order.
    pub(crate) finalizable: Vec<Value>,
    /// Addresses of `finalizable` (no double registration).
    pub(crate) finalizable_set: std::collections::HashSet<usize>,
    /// Unreached objects waiting for their finalizer (a GC root until it ran).
    pub(crate) to_be_finalized: std::collections::VecDeque<Value>,
    pub(crate) running_finalizers: bool,
    /// The state is closing: no new finalizers are registered.
    pub(crate) closing: bool,
    /// Something was allocated since the last collection.
    dirty: bool,
}

impl Default for Heap {
    fn default() -> Self {
        Heap {
            objects: Vec::new(),
            pool: BlockPool::default(),
            interner: Interner::default(),
            allocated: 0,
            threshold: MIN_THRESHOLD,
            limit: None,
            stress: std::env::var_os("TSUKIMI_GC_STRESS").is_some_and(|v| v == "1"),
            running: true,
            generational: false,
            pause: GcParam::from_value(200),
            stepmul: GcParam::from_value(100),
            finalizable: Vec::new(),
            finalizable_set: std::collections::HashSet::new(),
            to_be_finalized: std::collections::VecDeque::new(),
            running_finalizers: false,
            closing: false,
            dirty: false,
        }
    }
}

/// The write barrier: called for every store of `child` into the heap object `parent`.
#[inline(always)]
pub fn write_barrier<T>(_parent: Gc<T>, _child: Value) {}

impl Heap {
    /// Bytes currently accounted.
    pub fn allocated(&self) -> usize {
        self.allocated
    }

    /// Sets (or clears) the memory limit in bytes.
    pub fn set_limit(&mut self, limit: Option<usize>) {
        self.limit = limit;
    }

    /// Charges `bytes` (may be negative), failing past the limit.
    #[inline]
    pub fn charge(&mut self, bytes: isize) -> Result<(), MemoryError> {
        if bytes > 0 {
            if let Some(limit) = self.limit {
                if self.allocated.saturating_add(bytes as usize) > limit {
                    return Err(MemoryError);
                }
            }
        }
        self.adjust(bytes);
        Ok(())
    }

    /// Adjusts the accounting without checking the limit (corrections, frees).
    #[inline]
    pub fn adjust(&mut self, bytes: isize) {
        self.dirty |= bytes > 0;
        self.allocated = (self.allocated as isize).saturating_add(bytes).max(0) as usize;
    }

    /// Whether a safe point should collect now. Stress mode collects at every safe point
    /// reached after an allocation (a collection with nothing new to find changes nothing).
    #[inline(always)]
    pub fn should_collect(&self) -> bool {
        // Every call checks this: the usual answer (below the threshold, no stress mode)
        // takes three loads, the rest is out of line.
        if self.allocated < self.threshold && !self.stress {
            return false;
        }
        self.should_collect_now()
    }

    #[cold]
    #[inline(never)]
    fn should_collect_now(&self) -> bool {
        self.running
            && !self.running_finalizers
            && (self.allocated >= self.threshold || (self.stress && self.dirty))
    }

    /// Room for one more entry in the all-objects list, which grows like any allocation can
    /// fail: every `alloc_*` makes room before it allocates, so its push cannot abort.
    #[inline]
    fn make_room(&mut self) -> Result<(), MemoryError> {
        if self.objects.len() == self.objects.capacity() {
            return self.grow_object_list();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn grow_object_list(&mut self) -> Result<(), MemoryError> {
        try_reserve(&mut self.objects, 1)
    }

    /// Makes the next safe point collect: memory ran out, and what the failed computation
    /// held is garbage once its error unwinds (`Vm::collect_after_memory_error`).
    pub(crate) fn collect_soon(&mut self) {
        self.threshold = 0;
    }

    /// A `GcBox<T>` in a block of the pool (`None`: the system allocator failed). Freed only
    /// by [`free_pooled`].
    fn pooled<T>(&mut self, value: T) -> Option<Gc<T>> {
        let block = self.pool.allocate(Layout::new::<GcBox<T>>())?;
        let header = block.cast::<GcBox<T>>();
        // SAFETY: the block is fresh (or free) memory of at least `size_of::<GcBox<T>>()`
        // bytes, aligned for it (the pool's contract for this layout), used by nothing else;
        // `free_pooled` drops the value and gives the block back.
        Some(unsafe { init_object(header, value) })
    }

    fn boxed<T>(value: T) -> Gc<T> {
        Gc::from_box(Box::new(GcBox {
            marked: std::cell::Cell::new(false),
            value,
        }))
    }

    /// A string with this content (interned when short).
    pub fn alloc_string(&mut self, bytes: &[u8]) -> Result<Gc<LuaString>, MemoryError> {
        let hash = hash_bytes(bytes);
        if bytes.len() <= MAX_SHORT_LEN {
            if let Some(s) = self.interner.find(bytes, hash) {
                return Ok(s);
            }
        }
        self.make_room()?;
        let size = LuaString::heap_size_for(bytes.len());
        self.charge(size as isize)?;
        let Some(s) = LuaString::allocate(&mut self.pool, bytes, hash) else {
            self.adjust(-(size as isize));
            return Err(MemoryError);
        };
        if bytes.len() <= MAX_SHORT_LEN {
            self.interner.insert(s);
        }
        self.objects.push(GcObject::String(s));
        Ok(s)
    }

    /// A new table with size hints.
    pub fn alloc_table(&mut self, array: usize, hash: usize) -> Result<Gc<Table>, MemoryError> {
        self.make_room()?;
        // Charged before anything is allocated (the same sizes `heap_size` reports).
        let hash_size = Table::node_count_for(hash).ok_or(MemoryError)?;
        let size = Table::heap_size_for(array, hash_size);
        self.charge(size as isize)?;
        let Some(t) = Table::with_node_count(&mut self.pool, array, hash_size) else {
            self.adjust(-(size as isize));
            return Err(MemoryError);
        };
        debug_assert_eq!(t.heap_size(), size);
        let Some(t) = self.pooled(t) else {
            // Dropping `t` (its parts) here frees them with their block layout.
            self.adjust(-(size as isize));
            return Err(MemoryError);
        };
        self.objects.push(GcObject::Table(t));
        Ok(t)
    }

    /// A Lua closure from a builder holding its upvalue cells (one allocation: header and
    /// slots together). On failure the builder's memory is freed.
    pub fn alloc_closure(&mut self, c: ClosureBuilder) -> Result<Gc<LuaClosure>, MemoryError> {
        self.make_room()?;
        let size = c.heap_size();
        self.charge(size as isize)?;
        let c = c.finish();
        self.objects.push(GcObject::Closure(c));
        Ok(c)
    }

    /// A native function.
    pub fn alloc_native(&mut self, f: NativeFunction) -> Result<Gc<NativeFunction>, MemoryError> {
        self.make_room()?;
        self.charge(
            (std::mem::size_of::<GcBox<NativeFunction>>() + f.upvalue_count() * 16) as isize,
        )?;
        let f = Self::boxed(f);
        self.objects.push(GcObject::Native(f));
        Ok(f)
    }

    /// An upvalue cell.
    pub fn alloc_upval(&mut self, u: UpVal) -> Result<Gc<UpVal>, MemoryError> {
        self.make_room()?;
        let size = std::mem::size_of::<GcBox<UpVal>>();
        self.charge(size as isize)?;
        let Some(u) = self.pooled(u) else {
            self.adjust(-(size as isize));
            return Err(MemoryError);
        };
        // A closed cell points at its own payload, now that it has its final address.
        u.fix_pointer();
        self.objects.push(GcObject::UpVal(u));
        Ok(u)
    }

    /// A prototype.
    pub fn alloc_proto(&mut self, p: FnProto) -> Result<Gc<FnProto>, MemoryError> {
        self.make_room()?;
        self.charge(p.heap_size() as isize)?;
        let p = Self::boxed(p);
        self.objects.push(GcObject::Proto(p));
        Ok(p)
    }

    /// A userdata.
    pub fn alloc_userdata(&mut self, u: Userdata) -> Result<Gc<Userdata>, MemoryError> {
        self.make_room()?;
        self.charge(std::mem::size_of::<GcBox<Userdata>>() as isize)?;
        let u = Self::boxed(u);
        self.objects.push(GcObject::Userdata(u));
        Ok(u)
    }

    /// A coroutine (its initial Lua stack is accounted with it; growth is charged as it grows).
    pub fn alloc_thread(&mut self, t: LuaThread) -> Result<Gc<LuaThread>, MemoryError> {
        self.make_room()?;
        let stack = crate::vm::coroutine::INITIAL_STACK_SLOTS * std::mem::size_of::<Value>();
        self.charge((std::mem::size_of::<GcBox<LuaThread>>() + stack) as isize)?;
        let t = Self::boxed(t);
        self.objects.push(GcObject::Thread(t));
        Ok(t)
    }

    /// Frees every unmarked object and clears the marks of the survivors. A survivor costs
    /// one read and one write of its mark; only a dead object has its size read (to credit
    /// the accounting) and its block returned to the pool. Afterwards the pool keeps what the
    /// next cycle can reuse before the collector runs again (`threshold - allocated`).
    fn sweep(&mut self) {
        self.interner.remove_unmarked();
        let mut freed = 0usize;
        let pooled_before = self.pool.pooled_bytes();
        let pool = &mut self.pool;
        // Compaction in place, survivors first. Reading each header's mark is a cache miss
        // (the objects are spread over the whole heap), so the header `SWEEP_AHEAD` entries
        // further on is prefetched: the list gives the sweep its future addresses, which
        // `lgc.c`'s linked list cannot. The dead object's path is out of line
        // (`free_dead`), so the survivor's stays a few instructions.
        let objects = &mut self.objects;
        let len = objects.len();
        let mut kept = 0;
        for index in 0..len {
            if let Some(ahead) = objects.get(index + SWEEP_AHEAD) {
                prefetch::prefetch(ahead.addr());
            }
            let obj = objects[index];
            if obj.is_marked() {
                obj.set_marked(false);
                objects[kept] = obj;
                kept += 1;
            } else {
                // SAFETY: the object is unmarked, hence unreachable from every root (mark
                // phase just finished), and it has been removed from the interner; no `Gc`
                // to it will be used again. Its entry is overwritten or truncated below.
                freed += unsafe { obj.free_dead(pool) };
            }
        }
        objects.truncate(kept);
        let returned = self.pool.pooled_bytes().saturating_sub(pooled_before);
        self.adjust(-(freed as isize));
        self.threshold = self.next_threshold();
        // Stress mode is a checking mode: freed blocks go straight back to the system
        // allocator, so tools that watch it (valgrind) see a use after a sweep.
        let keep = if self.stress {
            0
        } else {
            let reusable = self.threshold.saturating_sub(self.allocated);
            block_bytes_for(reusable, returned, freed)
        };
        self.pool.trim(keep);
        self.dirty = false;
        // Memory ran out and the out-of-memory reserve was spent: give every free block back
        // to the system, and take the reserve again (`tsukimi-memory`).
        if crate::memory_reserve::is_low() {
            self.pool.trim(0);
        }
        crate::memory_reserve::after_collection();
    }

    /// The threshold after a collection that left `allocated` bytes (see Pacing above).
    fn next_threshold(&self) -> usize {
        let pause = self.pause.value() as usize;
        (self.allocated / 100)
            .saturating_mul(pause)
            .max(MIN_THRESHOLD)
            .max(self.allocated.saturating_add(MIN_GROWTH))
    }

    /// Runs the sweep alone (unit tests mark objects by hand).
    #[cfg(test)]
    pub(crate) fn sweep_for_tests(&mut self) {
        self.sweep();
    }

    /// Frees everything (state close).
    pub(crate) fn free_all(&mut self) {
        self.finalizable.clear();
        self.to_be_finalized.clear();
        // Without allocating: a state closed because memory ran out has none to spare (a
        // fresh interner's table made the close abort the process).
        self.interner.release();
        self.pool.release_directly();
        for obj in self.objects.drain(..) {
            // SAFETY: the state is being dropped; nothing can use these objects any more.
            unsafe { obj.free(&mut self.pool) };
        }
        self.pool.trim(0);
        self.allocated = 0;
    }

    /// Number of live objects (tests).
    pub fn object_count(&self) -> usize {
        self.objects.len()
    }
}

impl GcObject {
    pub(crate) fn set_marked(self, m: bool) {
        match self {
            GcObject::String(x) => x.set_marked(m),
            GcObject::Table(x) => x.set_marked(m),
            GcObject::Closure(x) => x.set_marked(m),
            GcObject::Native(x) => x.set_marked(m),
            GcObject::UpVal(x) => x.set_marked(m),
            GcObject::Proto(x) => x.set_marked(m),
            GcObject::Userdata(x) => x.set_marked(m),
            GcObject::Thread(x) => x.set_marked(m),
        }
    }

    /// The object's address (identity; the start of its header).
    pub(crate) fn addr(self) -> usize {
        match self {
            GcObject::String(x) => x.addr(),
            GcObject::Table(x) => x.addr(),
            GcObject::Closure(x) => x.addr(),
            GcObject::Native(x) => x.addr(),
            GcObject::UpVal(x) => x.addr(),
            GcObject::Proto(x) => x.addr(),
            GcObject::Userdata(x) => x.addr(),
            GcObject::Thread(x) => x.addr(),
        }
    }

    #[inline]
    pub(crate) fn is_marked(self) -> bool {
        match self {
            GcObject::String(x) => x.header_marked(),
            GcObject::Table(x) => x.header_marked(),
            GcObject::Closure(x) => x.header_marked(),
            GcObject::Native(x) => x.header_marked(),
            GcObject::UpVal(x) => x.header_marked(),
            GcObject::Proto(x) => x.header_marked(),
            GcObject::Userdata(x) => x.header_marked(),
            GcObject::Thread(x) => x.header_marked(),
        }
    }

    /// The bytes this object is accounted for (what it was charged, with later growth).
    #[inline]
    fn heap_size(self) -> usize {
        match self {
            GcObject::String(s) => s.heap_size(),
            GcObject::Table(t) => t.heap_size(),
            GcObject::Closure(c) => c.heap_size(),
            GcObject::Native(f) => {
                std::mem::size_of::<GcBox<NativeFunction>>() + f.upvalue_count() * 16
            }
            GcObject::UpVal(_) => std::mem::size_of::<GcBox<UpVal>>(),
            GcObject::Proto(p) => p.heap_size(),
            GcObject::Userdata(_) => std::mem::size_of::<GcBox<Userdata>>(),
            GcObject::Thread(t) => t.heap_size(),
        }
    }

    /// Frees a dead object found by the sweep and returns the bytes it was accounted for.
    ///
    /// # Safety
    /// As [`GcObject::free`].
    #[inline(never)]
    unsafe fn free_dead(self, pool: &mut BlockPool) -> usize {
        let size = self.heap_size();
        // SAFETY: forwarded from the caller.
        unsafe { self.free(pool) };
        size
    }

    /// Frees the object: pooled kinds (strings, tables, closures, upvalue cells) give their
    /// block back to `pool`, the others are dropped as the `Box` they were made from.
    ///
    /// # Safety
    /// As `Gc::free`: the object is dead and no `Gc` to it is used afterwards.
    unsafe fn free(self, pool: &mut BlockPool) {
        // SAFETY: forwarded from the caller; each kind is freed the way it was allocated.
        unsafe {
            match self {
                GcObject::String(x) => LuaString::free(pool, x),
                GcObject::Table(x) => {
                    // The parts' blocks go back to the pool first; the object's drop then
                    // finds empty parts.
                    x.release_parts(pool);
                    free_pooled(pool, x)
                }
                GcObject::Closure(x) => LuaClosure::free(pool, x),
                GcObject::Native(x) => x.free(),
                GcObject::UpVal(x) => free_pooled(pool, x),
                GcObject::Proto(x) => x.free(),
                GcObject::Userdata(x) => x.free(),
                GcObject::Thread(x) => x.free(),
            }
        }
    }
}

/// Writes an object's header (unmarked) and value into `header` and returns the `Gc` to it.
/// The fields are written one by one: building the whole `GcBox` first made the compiler
/// assemble it on the stack and copy it with overlapping loads (a store-forwarding stall per
/// allocation).
///
/// # Safety
/// `header` points to writable memory of at least `size_of::<GcBox<T>>()` bytes, aligned for
/// `GcBox<T>`, that nothing else uses. The object must later be freed by the owner of that
/// memory, never as a `Box`.
#[inline(always)]
pub(crate) unsafe fn init_object<T>(header: NonNull<GcBox<T>>, value: T) -> Gc<T> {
    let p = header.as_ptr();
    // SAFETY: as the caller guarantees; the fields are in bounds of `*p`.
    unsafe {
        std::ptr::addr_of_mut!((*p).marked).write(std::cell::Cell::new(false));
        std::ptr::addr_of_mut!((*p).value).write(value);
        Gc::from_raw(header)
    }
}

/// Drops an object made by `Heap::pooled` and gives its block back to the pool.
///
/// # Safety
/// `g` came from `Heap::pooled`, is dead, and no `Gc` to it is used afterwards.
unsafe fn free_pooled<T>(pool: &mut BlockPool, g: Gc<T>) {
    let header = g.as_ptr();
    // SAFETY: the caller guarantees the object is dead: its value is dropped exactly once,
    // here, and its block (allocated by the pool for this layout) is released once.
    unsafe {
        std::ptr::drop_in_place(header);
        pool.release(
            NonNull::new_unchecked(header).cast(),
            Layout::new::<GcBox<T>>(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_bytes_scale_by_the_sweeps_own_ratio() {
        assert_eq!(block_bytes_for(1000, 0, 0), 1000);
        assert_eq!(block_bytes_for(1000, 480, 400), 1200);
        assert_eq!(block_bytes_for(1000, 400, 400), 1000);
        // Never fewer than the accounted bytes, never more than twice.
        assert_eq!(block_bytes_for(1000, 300, 400), 1000);
        assert_eq!(block_bytes_for(1000, 4000, 400), 2000);
    }
}
