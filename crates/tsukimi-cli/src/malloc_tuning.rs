//! Starts glibc's allocator where its own tuning would end up.
//!
//! glibc serves a request above `M_MMAP_THRESHOLD` (128 KiB at start) with its own `mmap`,
//! and returns free memory at the top of a heap to the system once it exceeds
//! `M_TRIM_THRESHOLD` (128 KiB); the first free of an mmapped block raises both (up to
//! 32 MiB and 64 MiB). A Lua program that builds and drops tables of some hundred KiB in a
//! loop keeps the allocator below that point: every round maps or grows fresh pages and
//! faults on each of them, and the collector's sweep, which frees a whole round's tables
//! at once, trims them away again (`madvise(MADV_DONTNEED)` on the interpreter thread's
//! arena). Measured: a loop filling a 10,000-slot array 200 times took 11,400 page faults
//! and 2.2x lua5.4's time (lua5.4: 230 faults, its incremental sweep frees a little at a
//! time); tablefill 22,150 -> 16,500 faults, json 6,100 -> 4,100.
//!
//! The `tsukimi` command therefore sets both thresholds to the values glibc's dynamic
//! adjustment converges to, before any thread starts.
//!
//! It also keeps glibc to one arena (`M_ARENA_MAX`). Lua runs on one thread of its own, and
//! glibc gives a new thread's first allocation an arena that reserves 64 MiB of address
//! space at once. Under an address-space limit (`ulimit -v`) that reservation was memory the
//! script could not use: with 200 MB, a script ran out at about half of what lua5.4 reaches.
//! The main thread only waits for the Lua thread, so the shared arena is never contended.
//!
//! The library never does this: the
//! allocator's settings belong to the program that embeds it. Other C libraries and other
//! systems are left alone.

/// Sets the allocator's thresholds (glibc on Linux; nothing elsewhere).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP_THRESHOLD: libc::c_int = 32 << 20;
        const TRIM_THRESHOLD: libc::c_int = 64 << 20;
        // SAFETY: `mallopt` only changes glibc's allocator parameters; it is called before
        // any other thread exists, and the values are in the documented ranges
        // (`M_MMAP_THRESHOLD` at most `HEAP_MAX_SIZE / 2`, 32 MiB on 64-bit systems).
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}
