//! Functions: runtime prototypes, Lua closures, native (Rust) functions and upvalues.
//!
//! - [`FnProto`] is the GC-managed form of a compiled `tsukimi_bytecode::Proto`: the same code
//!   and debug information, with constants converted to `Value`s (strings interned) and nested
//!   prototypes converted recursively. It is immutable after creation.
//! - [`LuaClosure`] pairs a prototype with its upvalue cells, fixed at creation. A closure is
//!   one allocation, `[GcBox<LuaClosure> | Gc<UpVal> x n]`, built in place by a
//!   [`ClosureBuilder`] (CLOSURE pushes each cell as it finds or creates it) from a block of the
//!   heap's pool and given back to it by `LuaClosure::free` with the same layout. The
//!   header's `upvalues` is a pointer to the inline slots plus their count, dereferencing to a
//!   slice, so readers index it like the boxed slice it replaced. Invariant: the first `len`
//!   slots are initialized before the closure exists, and `len` and the block's capacity
//!   never change.
//! - [`UpVal`] is *open* while the variable it captures is still a live stack slot (it then
//!   names the slot by index, because the stack may move) and *closed* once the variable's
//!   scope ends (it then owns the value). All closures capturing the same variable share one
//!   cell: the VM keeps at most one open upvalue per stack slot (`ThreadState::open_upvalues`).
//!   Open upvalues refer to the stack of the thread that created them, which the cell names
//!   (`owner`: `None` for the main thread); a thread closes all its open upvalues before it
//!   can be freed (`vm/coroutine.rs`), so an open cell's owner is always alive.
//! - [`NativeFunction`] is a Rust function (plain `fn` pointer for the standard library, or a
//!   boxed closure for embedders) with optional upvalues.

use std::alloc::Layout;
use std::cell::{Cell, UnsafeCell};
use std::ptr::NonNull;

use tsukimi_bytecode::{Instruction, LocalVarInfo, UpvalueDesc};

use crate::gc::pool::{block_layout, BlockPool};
use crate::gc::{init_object, Heap, MemoryError};
use crate::value::{Gc, GcBox, Value};
use crate::vm::fast_native::FastOp;
use crate::vm::{ArgRange, LuaError, Vm};

/// A loaded function prototype (immutable).
pub struct FnProto {
    pub code: Vec<Instruction>,
    pub constants: Vec<Value>,
    pub protos: Vec<Gc<FnProto>>,
    pub upvalues: Vec<UpvalueDesc>,
    pub line_info: Vec<u32>,
    pub local_vars: Vec<LocalVarInfo>,
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack_size: u8,
    /// Chunk name as given to `load`.
    pub source: Vec<u8>,
    /// `chunkid(source)`, precomputed for messages.
    pub short_source: Vec<u8>,
    pub line_defined: u32,
    pub last_line_defined: u32,
}

impl FnProto {
    /// Source line of `pc` (-1 when unknown, like `getcurrentline`).
    pub fn line_at(&self, pc: usize) -> i64 {
        self.line_info.get(pc).map_or(-1, |&l| l as i64)
    }

    /// Name of the `n`-th (1-based) local active at `pc`.
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&str> {
        for var in &self.local_vars {
            if var.start_pc as usize > pc {
                break;
            }
            if pc < var.end_pc as usize {
                n -= 1;
                if n == 0 {
                    return Some(&var.name);
                }
            }
        }
        None
    }

    pub(crate) fn heap_size(&self) -> usize {
        std::mem::size_of::<crate::value::GcBox<FnProto>>()
            + self.code.len() * 4
            + self.constants.len() * 16
            + self.protos.len() * 8
            + self.line_info.len() * 4
            + self.local_vars.len() * 48
            + self.upvalues.len() * 40
            + self.source.len()
    }
}

/// State of an upvalue cell.
#[derive(Clone, Copy, Debug)]
pub enum UpState {
    /// The variable is the live stack slot with this index.
    Open(usize),
    /// The variable's scope ended; the cell holds its value.
    Closed(Value),
}

/// An upvalue cell shared by closures.
///
/// Like `lfunc.c`'s `UpVal`, the cell keeps a direct pointer `v` to the variable: the stack
/// slot while open, the payload of its own `Closed` state once closed. Reading or writing an
/// upvalue is then one pointer load away, for open cells of any thread. Invariants:
/// - an open cell points at slot `Open(i)` of its owner's Lua stack. That stack buffer moves
///   only when the owner's stack grows (`Vm::grow_stack`, while the owner runs), which
///   re-points every cell of the owner's open list; the buffer is freed only with the thread,
///   and a thread's open cells are all closed before it dies or is collected
///   (`vm/coroutine.rs`);
/// - a closed cell points into itself. Cells never move (the heap does not move objects);
///   `Heap::alloc_upval` calls `UpVal::fix_pointer` once the cell has its final address.
pub struct UpVal {
    state: UnsafeCell<UpState>,
    /// Where the variable lives (see above). Null only between construction and `fix_pointer`.
    v: std::cell::Cell<*mut Value>,
}

impl UpVal {
    /// An open cell for slot `index` of the running thread's stack, whose address is `slot`
    /// (the stack buffer's base plus `index`). The cell goes on that thread's open list.
    pub(crate) fn new_open(index: usize, slot: *mut Value) -> UpVal {
        UpVal {
            state: UnsafeCell::new(UpState::Open(index)),
            v: std::cell::Cell::new(slot),
        }
    }

    pub(crate) fn new_closed(v: Value) -> UpVal {
        UpVal {
            state: UnsafeCell::new(UpState::Closed(v)),
            v: std::cell::Cell::new(std::ptr::null_mut()),
        }
    }

    /// Points a closed cell at its own payload; called by the heap once the cell is at its
    /// final address (open cells already point at their slot).
    pub(crate) fn fix_pointer(&self) {
        // SAFETY: single-threaded VM; the reference into the cell does not escape.
        if let UpState::Closed(v) = unsafe { &mut *self.state.get() } {
            self.v.set(v as *mut Value);
        }
    }

    /// Current state (by copy).
    #[inline(always)]
    pub fn state(&self) -> UpState {
        // SAFETY: single-threaded VM; no reference into the cell escapes a method.
        unsafe { *self.state.get() }
    }

    /// Closes the cell with value `v` (or stores `v` into a closed cell): the cell then
    /// points at its own payload.
    #[inline(always)]
    pub(crate) fn close_with(&self, v: Value) {
        // SAFETY: as in `state`; the reference into the cell ends in this block.
        unsafe {
            let state = &mut *self.state.get();
            *state = UpState::Closed(v);
            if let UpState::Closed(payload) = state {
                self.v.set(payload as *mut Value);
            }
        }
    }

    /// Re-points an open cell after its owner's stack buffer moved to `stack_base`.
    #[inline]
    pub(crate) fn rebase(&self, stack_base: *mut Value) {
        if let UpState::Open(i) = self.state() {
            self.v.set(stack_base.wrapping_add(i));
        }
    }

    /// The variable's current value (open or closed, any thread).
    #[inline(always)]
    pub fn get(&self) -> Value {
        // SAFETY: `v` points at a live, initialised Value (type invariants above).
        unsafe { crate::value::load_value(self.v.get()) }
    }

    /// Assigns the variable (open or closed, any thread). Callers run the write barrier.
    #[inline(always)]
    pub(crate) fn set(&self, value: Value) {
        // SAFETY: as in `get`; the VM is single-threaded and holds no reference to the slot.
        unsafe { crate::value::store_value(self.v.get(), value) }
    }
}

/// A Lua function value: the header of a `[GcBox<LuaClosure> | Gc<UpVal> x n]` allocation.
pub struct LuaClosure {
    pub proto: Gc<FnProto>,
    /// The upvalue cells, stored inline after this header (a slice through `Deref`).
    pub upvalues: UpvalSlots,
}

// Freeing a closure deallocates without running destructors: the header must not own anything.
const _: () = assert!(!std::mem::needs_drop::<LuaClosure>());

/// The upvalue cells of a closure, stored in the closure's own allocation right after its
/// header. Dereferences to a slice, so `closure.upvalues[i]`, `.len()`, `.get(i)` and
/// `.iter()` read like a boxed slice. Only [`ClosureBuilder`] creates one.
pub struct UpvalSlots {
    /// First slot, derived from the allocation's base pointer (provenance over the whole
    /// allocation, so the slots can be read and, by `replace_upvalue`, written through it).
    ptr: NonNull<Gc<UpVal>>,
    /// Initialized slots (the closure's upvalue count).
    len: u32,
    /// Slots the allocation has room for (at least `len`; more only when a builder was
    /// finished before it was full). The allocation's layout is `closure_layout(capacity)`.
    capacity: u32,
}

impl std::ops::Deref for UpvalSlots {
    type Target = [Gc<UpVal>];
    #[inline(always)]
    fn deref(&self) -> &[Gc<UpVal>] {
        // SAFETY: `ptr` points at `len` initialized slots of the live closure's allocation
        // (the builder fills them before the closure exists); the slots are changed only by
        // `replace_upvalue`, never while a slice from here is held (see there).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len as usize) }
    }
}

/// Offset of the upvalue slots from the start of a closure allocation: the header's size
/// (`GcBox` is `repr(C)`; a size is a multiple of its alignment, which is at least a slot's
/// alignment, asserted below: the slots need no padding).
const SLOTS_OFFSET: usize = std::mem::size_of::<GcBox<LuaClosure>>();
const _: () =
    assert!(std::mem::align_of::<GcBox<LuaClosure>>() >= std::mem::align_of::<Gc<UpVal>>());

/// The layout of a closure allocation with `count` upvalue slots (`None`: too large).
fn closure_layout(count: usize) -> Option<Layout> {
    let slots = count.checked_mul(std::mem::size_of::<Gc<UpVal>>())?;
    let size = SLOTS_OFFSET.checked_add(slots)?;
    Layout::from_size_align(size, std::mem::align_of::<GcBox<LuaClosure>>()).ok()
}

/// Builds a closure in place: allocates the header and `capacity` slots at once (one block
/// from the heap's pool), takes the upvalue cells one by one (CLOSURE finds or creates each,
/// which may allocate but never collects), and becomes a closure through
/// `Heap::alloc_closure`, which charges and registers it. Dropped unfinished (an error while
/// finding a cell), it frees its block.
///
/// Invariant: slots `0..filled` are initialized; `base` is a pool block for the layout
/// `closure_layout(capacity)`.
pub struct ClosureBuilder {
    base: NonNull<u8>,
    proto: Gc<FnProto>,
    filled: u32,
    capacity: u32,
}

impl ClosureBuilder {
    /// Room for `capacity` upvalues of a closure of `proto`. Fails when the system allocator
    /// does (or the size overflows).
    pub fn new(
        heap: &mut Heap,
        proto: Gc<FnProto>,
        capacity: usize,
    ) -> Result<ClosureBuilder, MemoryError> {
        let capacity = u32::try_from(capacity).map_err(|_| MemoryError)?;
        let layout = closure_layout(capacity as usize).ok_or(MemoryError)?;
        let base = heap.pool.allocate(layout).ok_or(MemoryError)?;
        Ok(ClosureBuilder {
            base,
            proto,
            filled: 0,
            capacity,
        })
    }

    /// Appends the next upvalue cell. Cells past the capacity are ignored: callers size the
    /// builder from the same descriptor list they iterate.
    #[inline]
    pub fn push(&mut self, cell: Gc<UpVal>) {
        if self.filled < self.capacity {
            // SAFETY: slot `filled` lies inside the block (`filled < capacity`), is aligned
            // (SLOTS_OFFSET and the slot size are multiples of the alignment), and is not yet
            // initialized, so a plain write is right.
            unsafe { self.slot_ptr(self.filled as usize).write(cell) };
            self.filled += 1;
        }
    }

    /// Number of cells pushed so far.
    pub fn len(&self) -> usize {
        self.filled as usize
    }

    /// Whether no cell has been pushed.
    pub fn is_empty(&self) -> bool {
        self.filled == 0
    }

    /// Bytes the finished closure accounts for (its whole allocation).
    pub(crate) fn heap_size(&self) -> usize {
        LuaClosure::heap_size_for(self.capacity as usize)
    }

    fn slot_ptr(&self, i: usize) -> *mut Gc<UpVal> {
        // SAFETY (of the arithmetic): callers pass `i <= capacity`, which stays inside (or one
        // past the end of) the block.
        unsafe {
            self.base
                .as_ptr()
                .add(SLOTS_OFFSET)
                .cast::<Gc<UpVal>>()
                .add(i)
        }
    }

    /// The finished closure (not charged, not registered: `Heap::alloc_closure` does both).
    /// A builder with unfilled slots makes a closure with the filled ones (the rest of the
    /// block stays unused until it is freed).
    pub(crate) fn finish(self) -> Gc<LuaClosure> {
        let header = self.base.cast::<GcBox<LuaClosure>>();
        // SAFETY: `slot_ptr(0)` is inside the block, derived from the non-null `base`.
        let ptr = unsafe { NonNull::new_unchecked(self.slot_ptr(0)) };
        let value = LuaClosure {
            proto: self.proto,
            upvalues: UpvalSlots {
                ptr,
                len: self.filled,
                capacity: self.capacity,
            },
        };
        std::mem::forget(self);
        // SAFETY: `header` is the start of a block for `closure_layout(capacity)`, aligned for
        // `GcBox<LuaClosure>`; the first `len` slots after it are initialized.
        // Never dropped as a `Box`: `LuaClosure::free` gives the block back to the pool.
        unsafe { init_object(header, value) }
    }
}

impl Drop for ClosureBuilder {
    fn drop(&mut self) {
        if let Some(layout) = closure_layout(self.capacity as usize) {
            // SAFETY: `base` is a pool block for this layout, so it was allocated with
            // `block_layout(layout)`, and no closure was made from it (`finish` forgets the
            // builder). The slots hold plain pointers: nothing to drop. The block goes back to
            // the system allocator instead of the pool (no pool at hand; a rare error path).
            unsafe { std::alloc::dealloc(self.base.as_ptr(), block_layout(layout)) };
        }
    }
}

impl LuaClosure {
    /// A builder for a closure of `proto` with room for `upvalues` cells
    /// ([`ClosureBuilder::new`]).
    #[inline]
    pub fn builder(
        heap: &mut Heap,
        proto: Gc<FnProto>,
        upvalues: usize,
    ) -> Result<ClosureBuilder, MemoryError> {
        ClosureBuilder::new(heap, proto, upvalues)
    }

    /// The CLOSURE instruction: a closure of `proto` created by a function running as
    /// `parent` with its registers at `base`. Each upvalue is either the open cell of one of
    /// those registers (found or created) or one of `parent`'s cells, as `proto`'s upvalue
    /// descriptors say. Kept out of line so the dispatch loop stays small. Does not collect.
    #[inline(never)]
    pub(crate) fn instantiate(
        vm: &mut Vm,
        proto: Gc<FnProto>,
        parent: Gc<LuaClosure>,
        base: usize,
    ) -> Result<Gc<LuaClosure>, LuaError> {
        let Ok(mut closure) = ClosureBuilder::new(&mut vm.heap, proto, proto.upvalues.len()) else {
            return Err(vm.memory_error());
        };
        for desc in &proto.upvalues {
            if desc.in_stack {
                closure.push(vm.find_upvalue(base + desc.index as usize)?);
            } else {
                match parent.upvalues.get(desc.index as usize) {
                    Some(cell) => closure.push(*cell),
                    None => return Err(vm.runtime_error("bad bytecode")),
                }
            }
        }
        match vm.heap.alloc_closure(closure) {
            Ok(c) => Ok(c),
            Err(_) => Err(vm.memory_error()),
        }
    }

    /// Upvalue cell `idx` of `closure` (None past its count). The cell is read from the
    /// slots' fixed place right after the header rather than through the slice pointer: one
    /// dependent load fewer on GETUPVAL, SETUPVAL and GETTABUP (fib: the upvalue chain was
    /// 15% of its samples).
    #[inline(always)]
    pub(crate) fn cell(closure: Gc<LuaClosure>, idx: usize) -> Option<Gc<UpVal>> {
        if idx >= closure.upvalues.len as usize {
            return None;
        }
        // SAFETY: `finish` made the closure at the start of its block, where `closure`
        // points (with the block's provenance), and put its slots `SLOTS_OFFSET` bytes
        // further; slots below `len` are initialized, and `idx < len`.
        Some(unsafe {
            *(closure.as_ptr() as *const u8)
                .add(SLOTS_OFFSET)
                .cast::<Gc<UpVal>>()
                .add(idx)
        })
    }

    /// Heap bytes a closure with room for `upvalues` cells accounts for: its whole allocation.
    pub(crate) fn heap_size_for(upvalues: usize) -> usize {
        SLOTS_OFFSET.saturating_add(upvalues.saturating_mul(std::mem::size_of::<Gc<UpVal>>()))
    }

    /// Heap bytes this closure accounts for.
    pub(crate) fn heap_size(&self) -> usize {
        Self::heap_size_for(self.upvalues.capacity as usize)
    }

    /// Frees a closure made by [`ClosureBuilder::finish`], returning its block to `pool`.
    ///
    /// # Safety
    /// `c` came from `finish`, is not freed yet, and no `Gc` to it is used afterwards.
    pub(crate) unsafe fn free(pool: &mut BlockPool, c: Gc<LuaClosure>) {
        let capacity = c.upvalues.capacity as usize;
        // The block's base, recovered from the slots pointer, which was derived from the base
        // pointer (so it carries the provenance of the whole block).
        // SAFETY: the slots start `SLOTS_OFFSET` bytes into the block.
        let base = unsafe { c.upvalues.ptr.cast::<u8>().sub(SLOTS_OFFSET) };
        if let Some(layout) = closure_layout(capacity) {
            // SAFETY: `base` was allocated by the pool for exactly this layout, and the caller
            // guarantees the closure is dead; nothing in it needs dropping.
            unsafe { pool.release(base, layout) };
        }
    }

    /// Makes upvalue `idx` of `closure` the cell `uv` (`debug.upvaluejoin`); ignored when
    /// `idx` is out of range.
    pub(crate) fn replace_upvalue(closure: Gc<LuaClosure>, idx: usize, uv: Gc<UpVal>) {
        if idx >= closure.upvalues.len() {
            return;
        }
        // SAFETY: the slots pointer carries the block's provenance (it was derived from the
        // base pointer) and the object is live (GC invariant); `idx` is in range. No slice of
        // the slots is held across this store: the interpreter and the collector only borrow
        // `upvalues` transiently, within code that cannot reach a native function such as
        // `upvaluejoin`. The VM is single-threaded, so nothing else reads the slot
        // concurrently.
        unsafe { closure.upvalues.ptr.as_ptr().add(idx).write(uv) };
        // When the collector becomes incremental, this store needs a closure → upvalue
        // barrier (the closure may already be marked).
    }
}

/// Signature of a Rust function callable from Lua.
///
/// Arguments are `vm.arg(args, i)` (1-based) = stack slots `args.base .. args.base + args.count`.
/// The function pushes its results with `vm.push` and returns how many it pushed; they are the
/// top `n` values of the stack. Values held across a call back into Lua must be kept on the
/// stack (GC roots), not only in Rust locals.
pub type NativeFn = fn(&mut Vm, ArgRange) -> Result<usize, LuaError>;

/// A boxed Rust closure callable from Lua (embedders).
pub type BoxedNativeFn = Box<dyn Fn(&mut Vm, ArgRange) -> Result<usize, LuaError> + Send>;

/// The callable part of a native function.
pub enum NativeKind {
    Plain(NativeFn),
    Boxed(BoxedNativeFn),
}

/// A Rust function value, with optional upvalues.
pub struct NativeFunction {
    pub kind: NativeKind,
    /// Name for messages when nothing better is known (unused by Lua semantics).
    pub name: &'static str,
    upvalues: UnsafeCell<Vec<Value>>,
    /// What CALL may compute in place of calling it (`vm/fast_native.rs`).
    pub(crate) fast: Cell<FastOp>,
}

impl NativeFunction {
    pub(crate) fn new(kind: NativeKind, name: &'static str, upvalues: Vec<Value>) -> Self {
        NativeFunction {
            kind,
            name,
            upvalues: UnsafeCell::new(upvalues),
            fast: Cell::new(FastOp::None),
        }
    }

    /// Marks this function as one CALL computes in place (the math library's own functions
    /// only: `op` must compute exactly what the function returns).
    pub(crate) fn set_fast(&self, op: FastOp) {
        self.fast.set(op);
    }

    /// Upvalue `i` (0-based), nil when out of range.
    pub fn upvalue(&self, i: usize) -> Value {
        // SAFETY: no reference into the cell escapes a method.
        unsafe {
            (&*self.upvalues.get())
                .get(i)
                .copied()
                .unwrap_or(Value::Nil)
        }
    }

    /// Sets upvalue `i` (0-based); ignored when out of range.
    pub fn set_upvalue(&self, i: usize, v: Value) {
        // SAFETY: as in `upvalue`.
        unsafe {
            if let Some(slot) = (&mut *self.upvalues.get()).get_mut(i) {
                *slot = v;
            }
        }
    }

    /// Number of upvalues.
    pub fn upvalue_count(&self) -> usize {
        // SAFETY: as in `upvalue`.
        unsafe { (&*self.upvalues.get()).len() }
    }
}

#[cfg(test)]
mod tests {
    use super::{ClosureBuilder, FnProto, LuaClosure, UpVal};
    use crate::gc::Heap;
    use crate::value::{Gc, GcBox, Value};

    fn empty_proto(heap: &mut Heap) -> Gc<FnProto> {
        heap.alloc_proto(FnProto {
            code: Vec::new(),
            constants: Vec::new(),
            protos: Vec::new(),
            upvalues: Vec::new(),
            line_info: Vec::new(),
            local_vars: Vec::new(),
            num_params: 0,
            is_vararg: false,
            max_stack_size: 2,
            source: b"=test".to_vec(),
            short_source: b"test".to_vec(),
            line_defined: 0,
            last_line_defined: 0,
        })
        .unwrap()
    }

    fn cells(heap: &mut Heap, n: usize) -> Vec<Gc<UpVal>> {
        (0..n)
            .map(|i| {
                heap.alloc_upval(UpVal::new_closed(Value::Integer(i as i64)))
                    .unwrap()
            })
            .collect()
    }

    /// 0..=300 upvalues: slots inline after the header, in order, aligned, exactly charged.
    #[test]
    fn closures_keep_their_upvalues_inline() {
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let mut made = Vec::new();
        for n in 0..=300 {
            let ups = cells(&mut heap, n);
            let mut b = LuaClosure::builder(&mut heap, proto, n).unwrap();
            assert!(b.is_empty());
            for u in &ups {
                b.push(*u);
            }
            assert_eq!(b.len(), n);
            let before = heap.allocated();
            let c = heap.alloc_closure(b).unwrap();
            assert_eq!(heap.allocated() - before, c.heap_size());
            assert_eq!(
                c.heap_size(),
                std::mem::size_of::<GcBox<LuaClosure>>() + 8 * n
            );
            assert_eq!(
                c.as_ptr() as usize % std::mem::align_of::<GcBox<LuaClosure>>(),
                0
            );
            assert_eq!(
                c.upvalues.as_ptr() as usize,
                c.as_ptr() as usize + std::mem::size_of::<GcBox<LuaClosure>>()
            );
            assert!(c.proto.ptr_eq(proto));
            assert_eq!(c.upvalues.len(), n);
            assert!(c.upvalues.iter().zip(&ups).all(|(a, b)| a.ptr_eq(*b)));
            made.push((c, ups));
        }
        for (c, ups) in &made {
            assert!(c.upvalues.iter().zip(ups).all(|(a, b)| a.ptr_eq(*b)));
        }
        heap.free_all();
        assert_eq!(heap.allocated(), 0);
    }

    #[test]
    fn replace_upvalue_changes_one_slot_and_ignores_out_of_range() {
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let ups = cells(&mut heap, 3);
        let mut b = ClosureBuilder::new(&mut heap, proto, 3).unwrap();
        for u in &ups {
            b.push(*u);
        }
        let c = heap.alloc_closure(b).unwrap();
        let other = cells(&mut heap, 1)[0];
        LuaClosure::replace_upvalue(c, 1, other);
        LuaClosure::replace_upvalue(c, 3, other);
        assert!(c.upvalues[0].ptr_eq(ups[0]));
        assert!(c.upvalues[1].ptr_eq(other));
        assert!(c.upvalues[2].ptr_eq(ups[2]));
        assert_eq!(c.upvalues.len(), 3);
        heap.free_all();
    }

    /// A builder given fewer cells than its capacity makes a closure of them (accounted by
    /// its capacity, the real block size); extra pushes are
    /// ignored; a dropped builder frees its memory (valgrind-clean) and charges nothing.
    #[test]
    fn builders_partly_filled_overfilled_or_dropped() {
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let ups = cells(&mut heap, 10);
        let mut b = ClosureBuilder::new(&mut heap, proto, 8).unwrap();
        for u in &ups[..5] {
            b.push(*u);
        }
        let before = heap.allocated();
        let short = heap.alloc_closure(b).unwrap();
        assert_eq!(short.upvalues.len(), 5);
        assert_eq!(heap.allocated() - before, short.heap_size());
        assert!(short.upvalues.iter().zip(&ups).all(|(a, b)| a.ptr_eq(*b)));
        let mut b = ClosureBuilder::new(&mut heap, proto, 2).unwrap();
        for u in &ups {
            b.push(*u);
        }
        assert_eq!(b.len(), 2);
        let capped = heap.alloc_closure(b).unwrap();
        assert_eq!(capped.upvalues.len(), 2);
        let before = heap.allocated();
        for n in [0, 1, 300] {
            let mut b = ClosureBuilder::new(&mut heap, proto, n).unwrap();
            if n > 0 {
                b.push(ups[0]);
            }
            drop(b);
        }
        assert_eq!(heap.allocated(), before);
        heap.free_all();
    }

    #[test]
    fn memory_limit_refuses_a_closure_and_frees_it() {
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let ups = cells(&mut heap, 50);
        let used = heap.allocated();
        heap.set_limit(Some(used + 100));
        let mut b = ClosureBuilder::new(&mut heap, proto, 50).unwrap();
        for u in &ups {
            b.push(*u);
        }
        assert!(heap.alloc_closure(b).is_err());
        assert_eq!(heap.allocated(), used);
        let b = ClosureBuilder::new(&mut heap, proto, 0).unwrap();
        let c = heap.alloc_closure(b).unwrap();
        assert!(c.upvalues.is_empty());
        heap.free_all();
    }

    /// A cycle that made and dropped closures keeps every block the next cycle asks for
    /// again: blocks are rounded up to 16 bytes, so they add up to more than the accounted
    /// bytes the next cycle may allocate.
    #[test]
    fn the_pool_keeps_what_the_next_cycle_reuses() {
        use crate::gc::pool::GRANULE;
        let Some(n) = (0..8).find(|&n| !LuaClosure::heap_size_for(n).is_multiple_of(GRANULE))
        else {
            return; // no rounding on this target: nothing to test
        };
        let accounted = LuaClosure::heap_size_for(n);
        let block = accounted.div_ceil(GRANULE) * GRANULE;
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let ups = cells(&mut heap, n);
        // What the next cycle may allocate, less a margin: its blocks need more bytes.
        let count = (crate::gc::MIN_THRESHOLD - heap.allocated()) / accounted - 64;
        assert!(count * block > crate::gc::MIN_THRESHOLD);
        for _ in 0..count {
            let mut b = ClosureBuilder::new(&mut heap, proto, n).unwrap();
            for u in &ups {
                b.push(*u);
            }
            heap.alloc_closure(b).unwrap();
        }
        proto.set_marked(true);
        for u in &ups {
            u.set_marked(true);
        }
        let pooled_before = heap.pool.pooled_bytes();
        heap.sweep_for_tests();
        assert_eq!(heap.object_count(), 1 + n);
        assert_eq!(
            heap.pool.pooled_bytes() - pooled_before,
            count * block,
            "every block stays for the next cycle"
        );
        heap.free_all();
    }

    #[test]
    fn sweeping_frees_unmarked_closures() {
        let mut heap = Heap::default();
        let proto = empty_proto(&mut heap);
        let ups = cells(&mut heap, 4);
        let mut keep = None;
        for n in 0..=4 {
            let mut b = ClosureBuilder::new(&mut heap, proto, n).unwrap();
            for u in &ups[..n] {
                b.push(*u);
            }
            keep = Some(heap.alloc_closure(b).unwrap());
        }
        let keep = keep.unwrap();
        keep.set_marked(true);
        proto.set_marked(true);
        for u in &ups {
            u.set_marked(true);
        }
        heap.sweep_for_tests();
        assert_eq!(heap.object_count(), 6);
        assert_eq!(keep.upvalues.len(), 4);
        heap.free_all();
    }
}
