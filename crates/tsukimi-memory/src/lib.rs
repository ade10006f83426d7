//! A memory reserve, so that running out of memory is a Lua error and not an abort
//! (re-exported by `tsukimi` as `tsukimi::memory_reserve` and `tsukimi::ReservingAllocator`).
//!
//! **Why.** lua5.4 allocates everything through one allocator whose failure raises "not
//! enough memory". tsukimi's heap does the same for Lua objects (`gc/mod.rs`: every
//! `Heap::alloc_*` fails cleanly), but the runtime's Rust code also makes ordinary
//! infallible allocations (`Vec`s and `String`s in library functions, error messages, a new
//! coroutine's stack, the embedder's own code), and when the system refuses one of those,
//! Rust's allocation-failure handler aborts the process. With an address-space limit
//! (`ulimit -v`), which is where `malloc` really fails on Linux, such an abort came a few
//! allocations after the heap's own clean failure, or instead of it.
//!
//! **How.** [`ReservingAllocator`] is a global allocator over the system's that holds a
//! reserve of [`RESERVE_BYTES`] of address space (an inaccessible mapping: no resident
//! memory, no commit charge). When a request fails, it unmaps the reserve, marks memory
//! *low* and retries: the infallible allocation succeeds from the freed space. The reserve
//! is mapped directly rather than taken from `malloc`: given back to `malloc`, it stayed in
//! the arena of the thread that armed it, and a thread whose own arena could not grow (past
//! `ulimit -v`, glibc then serves each request with its own `mmap`) could not use it. Only
//! when no mapping can be made is it taken from `malloc`, in pieces (see `take_reserve`). While memory
//! is low, the heap refuses to take new memory from the system (`BlockPool::allocate` asks
//! [`is_low`]) and the parser and compiler stop at their next statement, so the interpreter
//! raises "not enough memory" at its next allocation and
//! unwinds to a `pcall` or to the host, with the reserve's room left for the Rust code on
//! the way. The next collection frees what the failed computation held, returns the pool's
//! free blocks to the system, takes the reserve again and ends the low state
//! ([`after_collection`]).
//!
//! **Invariants.** The reserve is held by at most one owner (an atomic pointer swapped in
//! and out); `LOW` is set exactly while the reserve has been spent and not taken again.
//! Requests larger than the reserve can still fail, and fail as they would without it.
//!
//! **Use.** The `tsukimi` command installs it and calls [`ReservingAllocator::arm`] first
//! thing. An embedder who wants the same behaviour does the same:
//!
//! ```no_run
//! #[global_allocator]
//! static ALLOCATOR: tsukimi_memory::ReservingAllocator = tsukimi_memory::ReservingAllocator;
//!
//! fn main() {
//!     tsukimi_memory::ReservingAllocator::arm();
//!     // ...
//! }
//! ```
//!
//! Without it everything works as before; only the last allocations before an
//! out-of-memory error are not protected.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// The reserve's size: room for the Rust allocations between the first refused request and
/// the unwinding of the Lua error (measured need: a few hundred KiB; a new coroutine's
/// stack is 10 KiB, a growing gray stack during a collection up to a few MiB).
pub const RESERVE_BYTES: usize = 16 << 20;

/// Only requests up to this size spend the reserve. A larger one that fails is refused as it
/// would be without a reserve: had it succeeded it would have used up the room the error's
/// way out needs (the runtime's own large requests, such as a table's parts or the object
/// list, handle refusal themselves).
const SPEND_LIMIT: usize = RESERVE_BYTES / 4;

/// The reserve's block, or null while it is spent (or before [`ReservingAllocator::arm`]).
static RESERVE: AtomicPtr<u8> = AtomicPtr::new(null_mut());

/// Set when the reserve was spent; cleared when it is taken again (`after_collection`).
static LOW: AtomicBool = AtomicBool::new(false);

/// Set by the first [`ReservingAllocator::arm`]: the program uses the reserve.
static IN_USE: AtomicBool = AtomicBool::new(false);

/// Tag in the reserve pointer's lowest bit: the reserve is a chain of `malloc` pieces, not
/// a mapping (both are at least 8-aligned, so the bit is free).
const FROM_MALLOC: usize = 1;

/// The size of one `malloc` piece: below every `malloc`'s direct-mapping threshold, so the
/// pieces come from (and return to) its free lists.
const PIECE_BYTES: usize = 64 << 10;

fn piece_layout() -> Layout {
    // Cannot fail: the size is far below `isize::MAX` and 8 is a power of two.
    Layout::from_size_align(PIECE_BYTES, 8).unwrap_or_else(|_| Layout::new::<u64>())
}

/// Takes the reserve (null when the system refuses). A mapping is preferred: unmapped, it
/// is address space any thread's allocator can use. When the address space is held by the
/// allocator's own free memory (glibc keeps what a collection freed inside its arenas), the
/// reserve is taken from that memory instead, as a chain of pieces of [`PIECE_BYTES`] (each
/// starts with a pointer to the next; the first one is tagged with [`FROM_MALLOC`]), as many
/// as fit up to [`RESERVE_BYTES`]: freed, they go back to the arena of the thread that took
/// them, the collecting thread.
fn take_reserve() -> *mut u8 {
    #[cfg(unix)]
    {
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing
        // touches no existing memory; the result is checked for `MAP_FAILED`.
        let block = unsafe {
            libc::mmap(
                null_mut(),
                RESERVE_BYTES,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if block != libc::MAP_FAILED {
            return block.cast();
        }
    }
    let mut chain: *mut u8 = null_mut();
    for _ in 0..RESERVE_BYTES / PIECE_BYTES {
        // SAFETY: the layout has a non-zero size.
        let piece = unsafe { System.alloc(piece_layout()) };
        if piece.is_null() {
            break;
        }
        // SAFETY: `piece` is a fresh block of `PIECE_BYTES`, 8-aligned: room for a pointer.
        unsafe { piece.cast::<*mut u8>().write(chain) };
        chain = piece;
    }
    if chain.is_null() {
        return null_mut();
    }
    chain.wrapping_add(FROM_MALLOC)
}

/// Gives the reserve back to the system.
///
/// # Safety
/// `block` came from `take_reserve` and is not given back yet.
unsafe fn give_back(block: *mut u8) {
    if block as usize & FROM_MALLOC != 0 {
        let mut piece = block.wrapping_sub(FROM_MALLOC);
        while !piece.is_null() {
            // SAFETY: a tagged reserve is a chain of pieces made by `take_reserve`, each
            // starting with the pointer to the next, allocated with `piece_layout()`.
            let next = unsafe { piece.cast::<*mut u8>().read() };
            // SAFETY: as above; the piece is not used again.
            unsafe { System.dealloc(piece, piece_layout()) };
            piece = next;
        }
        return;
    }
    #[cfg(unix)]
    // SAFETY: an untagged reserve is a mapping of `RESERVE_BYTES` made by `take_reserve`;
    // nothing ever reads or writes it.
    unsafe {
        libc::munmap(block.cast(), RESERVE_BYTES);
    }
}

/// The system allocator with an out-of-memory reserve (see the module documentation).
pub struct ReservingAllocator;

impl ReservingAllocator {
    /// Takes the reserve if it is not held. Returns whether it is held now.
    pub fn arm() -> bool {
        IN_USE.store(true, Ordering::Relaxed);
        if !RESERVE.load(Ordering::Acquire).is_null() {
            return true;
        }
        let block = take_reserve();
        if block.is_null() {
            return false;
        }
        if RESERVE
            .compare_exchange(null_mut(), block, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // Another thread took a reserve meanwhile: one is enough.
            // SAFETY: `block` was taken just above and is not shared.
            unsafe { give_back(block) };
        }
        LOW.store(false, Ordering::Release);
        true
    }

    /// Gives the reserve back to the system, for a failed request of `size` bytes. Returns
    /// false when there was none to give or the request is too large to spend it on.
    fn spend(size: usize) -> bool {
        if size > SPEND_LIMIT {
            return false;
        }
        let block = RESERVE.swap(null_mut(), Ordering::AcqRel);
        if block.is_null() {
            return false;
        }
        LOW.store(true, Ordering::Release);
        // SAFETY: `block` was taken by `arm`, and the swap made this call its only owner.
        unsafe { give_back(block) };
        true
    }
}

/// Whether the reserve has been spent: the heap takes no more memory from the system.
#[inline]
pub fn is_low() -> bool {
    LOW.load(Ordering::Relaxed)
}

/// Called after every collection: when the reserve is in use but spent (or could not be
/// taken), tries to take it again, which ends the low state. Until that succeeds, the heap
/// keeps refusing to take memory from the system.
pub fn after_collection() {
    if !IN_USE.load(Ordering::Relaxed) || !RESERVE.load(Ordering::Acquire).is_null() {
        return;
    }
    // What the collection freed is on the allocator's free lists, which may hold all the
    // address space there is: glibc gives it back to the system only past its trim
    // threshold (64 MiB in the `tsukimi` command), so ask it to now.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system; any thread may call it.
    unsafe {
        libc::malloc_trim(0);
    }
    ReservingAllocator::arm();
}

/// `request()`, made once more after spending the reserve when it fails for `size` bytes.
#[inline(always)]
fn with_reserve(size: usize, request: impl Fn() -> *mut u8) -> *mut u8 {
    let block = request();
    if block.is_null() && ReservingAllocator::spend(size) {
        return request();
    }
    block
}

// SAFETY: every method forwards to `System` with the caller's arguments, which satisfy
// `GlobalAlloc`'s contracts; the retry after `spend` is a fresh request with the same
// arguments (a failed `realloc` leaves `ptr` allocated, so retrying it is allowed). The
// reserve is never handed out: it is only mapped and unmapped (or freed).
unsafe impl GlobalAlloc for ReservingAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded (see the impl's comment).
        with_reserve(layout.size(), || unsafe { System.alloc(layout) })
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded (see the impl's comment).
        with_reserve(layout.size(), || unsafe { System.alloc_zeroed(layout) })
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded (see the impl's comment).
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded (see the impl's comment).
        with_reserve(new_size, || unsafe {
            System.realloc(ptr, layout, new_size)
        })
    }
}
